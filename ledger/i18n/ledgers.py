"""Several ledgers in one database: choosing, registering and listing them."""

TEXT: dict[str, dict[str, str]] = {
    "ledger_unknown": {
        "zh": "数据库中没有台账“{ledger}”（已有：{known}）",
        "en": "The database holds no ledger “{ledger}” (it holds: {known})",
    },
    "ledger_registered": {
        "zh": "已登记台账 {ledger}（{title}）",
        "en": "Registered ledger {ledger} ({title})",
    },
    "ledger_unchanged": {
        "zh": "台账 {ledger} 已登记，内容未变",
        "en": "Ledger {ledger} is already registered, unchanged",
    },
    "ledger_none": {"zh": "数据库中尚未登记任何台账", "en": "No ledger is registered in the database yet"},
    "ledger_list_row": {
        "zh": "{ledger}\t{city}\t{year} 年\t{title}\t登记于 {created}",
        "en": "{ledger}\t{city}\t{year}\t{title}\tregistered {created}",
    },
    "filter_ledger": {"zh": "台账", "en": "Ledger"},
}
