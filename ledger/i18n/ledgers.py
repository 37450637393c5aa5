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
    "ledger_option": {"zh": "{city} {year} 年（{ledger}）", "en": "{city} {year} ({ledger})"},
    "ledger_exists": {
        "zh": "数据库中已有台账“{ledger}”，未重复登记；如需调整其指标目录，请由管理员在“上传”页确认目录变更",
        "en": "The database already holds ledger “{ledger}”; it was not registered again. To change its "
        "indicator catalog, an admin confirms a catalog change on the Upload page",
    },
    # --- 接入台账 (onboarding in the app) --------------------------------------------------------------
    "page_onboard": {"zh": "接入台账", "en": "Add a ledger"},
    "onboard_caption": {
        "zh": "上传一个城市的任务分工台账（表格文本、行动方案、Word 或 PDF），核对解析结果和提示，"
        "修改指标目录，确认后登记为新台账；已有台账的数据不受影响。",
        "en": "Upload a city's task ledger (table text, a prose plan, Word or PDF), check the parse and its "
        "warnings, edit the indicator catalog, and confirm to register it as a new ledger; the ledgers "
        "already held keep their data.",
    },
    "onboard_file": {"zh": "台账文件", "en": "Ledger file"},
    "onboard_city": {"zh": "城市（可不填，默认取标题）", "en": "City (optional; default: from the title)"},
    "onboard_year": {"zh": "年度（0 = 取标题）", "en": "Plan year (0 = from the title)"},
    "onboard_counties": {
        "zh": "县区（以顿号或逗号分隔，可不填）",
        "en": "Counties (separated by 、 or commas; optional)",
    },
    "onboard_parsed": {
        "zh": "{title}：{city} {year} 年，{tasks} 项任务、{categories} 个类别、{targets} 个量化目标，"
        "台账编号 {ledger}",
        "en": "{title}: {city} {year}, {tasks} tasks in {categories} categories, {targets} quantitative "
        "targets, ledger id {ledger}",
    },
    "onboard_warnings": {"zh": "需要人工核对的提示（{n} 条）", "en": "Warnings to review ({n})"},
    "onboard_no_warnings": {"zh": "解析没有提示需要核对的地方。", "en": "The parse raised no warnings."},
    "onboard_tasks": {"zh": "解析出的任务", "en": "Tasks read"},
    "onboard_catalog": {"zh": "指标目录（可修改）", "en": "Indicator catalog (editable)"},
    "onboard_catalog_help": {
        "zh": "每行一个量化指标：可改名称、目标值、单位、方向、截止日期和基期值，可删行或加行；"
        "确认时按上传模板“指标目标”表的规则校验。",
        "en": "One quantitative indicator per row: edit the name, target, unit, direction, deadline and "
        "baseline, delete or add rows; on confirming, the rows are checked by the rules of the template's "
        "targets sheet.",
    },
    "onboard_config": {"zh": "城市配置（config.toml）", "en": "City file (config.toml)"},
    "onboard_check": {
        "zh": "我已核对以上任务、提示和 {n} 个指标",
        "en": "I have checked the tasks, warnings and {n} indicators above",
    },
    "onboard_confirm": {"zh": "确认登记台账", "en": "Register the ledger"},
    "onboard_done": {
        "zh": "已登记台账 {ledger}（{title}），指标目录 {n} 项；侧栏“台账”可切换查看。",
        "en": "Registered ledger {ledger} ({title}) with {n} indicators; switch to it with “Ledger” in "
        "the sidebar.",
    },
    "onboard_invalid": {
        "zh": "指标目录有 {n} 处问题，未登记：",
        "en": "The indicator catalog has {n} problems; nothing was registered:",
    },
    "onboard_exists_note": {
        "zh": "数据库中已有台账“{ledger}”：这份文件不能再次登记。",
        "en": "The database already holds ledger “{ledger}”: this file cannot be registered again.",
    },
    "onboard_no_counties_app": {
        "zh": "没有给出县区：台账写“各县区”的任务不会分到具体县区，请在上方“县区”框中填写本市各县区",
        "en": "No counties given: tasks for all counties are not assigned to any county; type the city's "
        "counties in the Counties box above",
    },
    "onboard_link": {"zh": "接入新台账", "en": "Add a ledger"},
}
