"""Command-line messages (the CLI speaks Chinese; English kept complete for the table's sake)."""

TEXT: dict[str, dict[str, str]] = {
    "cli_description": {
        "zh": "营商环境任务台账：解析、模板、校验、导入、导出",
        "en": "Business-environment task ledger: parse, template, check, import, export",
    },
    "cli_help_db": {
        "zh": "SQLAlchemy URL（默认：LEDGER_DB 或 sqlite:///data/ledger.db）",
        "en": "SQLAlchemy URL (default: LEDGER_DB or sqlite:///data/ledger.db)",
    },
    "cli_help_ledger": {
        "zh": "台账编号，如 {example}（默认：LEDGER_ID 或当前配置的台账）",
        "en": "ledger ID, e.g. {example} (default: LEDGER_ID or the configured ledger)",
    },
    "cli_help_setup": {
        "zh": "登记台账（--config 目录或 LEDGER_CONFIG，默认 data/）并写入指标目录；空台账时写入示例数据",
        "en": "register the ledger (--config folder or LEDGER_CONFIG, default data/) with its indicator "
        "catalog; an empty ledger also gets the sample data",
    },
    "cli_help_config": {
        "zh": "台账配置目录或 config.toml（默认：LEDGER_CONFIG 或 data/）",
        "en": "the ledger's config folder or config.toml (default: LEDGER_CONFIG or data/)",
    },
    "cli_help_no_sample": {"zh": "不写入示例数据", "en": "do not write the sample data"},
    "cli_help_ledgers": {"zh": "列出数据库中登记的台账", "en": "list the ledgers registered in the database"},
    "cli_help_template": {
        "zh": "生成填报模板（或 --ledger-form 台账表格）",
        "en": "write the reporting template (or, with --ledger-form, the ledger form)",
    },
    "cli_help_ledger_form": {"zh": "按台账四列格式输出", "en": "write the ledger in its four columns"},
    "cli_help_template_period": {"zh": "预填期间 YYYY-MM", "en": "period to fill in, YYYY-MM"},
    "cli_help_check": {"zh": "只校验，不导入", "en": "validate only, import nothing"},
    "cli_help_import": {"zh": "校验并导入（一个事务）", "en": "validate and import (one transaction)"},
    "cli_help_form_period": {
        "zh": "台账表格的填报期间 YYYY-MM（上传台账表格时必填）",
        "en": "the month a ledger form reports, YYYY-MM (required for a ledger form)",
    },
    "cli_help_sample": {"zh": "标记为示例数据", "en": "mark as sample data"},
    "cli_help_export": {"zh": "导出当前数据的报表", "en": "export a report of the current figures"},
    "cli_help_as_of": {"zh": "截至期间 YYYY-MM（默认最新）", "en": "as-of period YYYY-MM (default: latest)"},
    "cli_help_status": {
        "zh": "各指标 × 部门 × 县区 当前完成情况",
        "en": "current figures per indicator × department × county",
    },
    "cli_help_as_of_complete": {
        "zh": "截至期间 YYYY-MM（默认：已报满的最新月份）",
        "en": "as-of period YYYY-MM (default: the latest month that is fully reported)",
    },
    "cli_help_by": {
        "zh": "汇总：overall、category、department、county、indicator，或逗号组合（如 indicator,county）",
        "en": "roll up: overall, category, department, county, indicator, or a comma list (e.g. "
        "indicator,county)",
    },
    "cli_help_history": {"zh": "导入历史", "en": "import history"},
    "cli_help_revert": {
        "zh": "撤销一次导入，恢复导入前的状态",
        "en": "undo one import, restoring the state before it",
    },
    "cli_help_add_user": {
        "zh": "添加本地{role}账户（已存在则重设密码）；密码只保存 argon2 散列",
        "en": "add a local {role} account (or reset its password); only an argon2 hash is stored",
    },
    "cli_help_password_stdin": {
        "zh": "从标准输入的第一行读取密码",
        "en": "read the password from the first line of standard input",
    },
    "cli_help_remove_user": {"zh": "删除本地账户", "en": "delete a local account"},
    "cli_help_users": {"zh": "列出本地账户（不显示密码散列）", "en": "list local accounts (without hashes)"},
    "cli_written": {"zh": "已写入 {path}", "en": "Wrote {path}"},
    "cli_rows_item": {"zh": "{sheet} {n} 行", "en": "{sheet} {n} rows"},
    "cli_check_ok": {"zh": "校验通过：{rows}", "en": "Valid: {rows}"},
    "cli_imported": {
        "zh": "已导入（导入编号 {id}，数据版本 {version}）",
        "en": "Imported (import {id}, data version {version})",
    },
    "cli_import_counts": {
        "zh": "  {sheet}：新增 {added}，变更 {changed}，未变 {unchanged}",
        "en": "  {sheet}: {added} new, {changed} changed, {unchanged} unchanged",
    },
    "cli_status_line": {
        "zh": "{indicator} {department} {county} {period} 实际 {actual} / 目标 {target}  完成率 {attainment} "
        " {status}",
        "en": "{indicator} {department} {county} {period} actual {actual} / target {target}  attainment "
        "{attainment}  {status}",
    },
    "cli_no_history": {"zh": "暂无导入记录", "en": "No imports yet"},
    "cli_history_undone": {"zh": "（已被 #{id} 撤销）", "en": " (reverted by #{id})"},
    "cli_history_reverts": {"zh": " 撤销 #{id}", "en": " reverts #{id}"},
    "cli_reverted": {
        "zh": "已撤销导入 #{id}（新导入编号 {new}）",
        "en": "Reverted import #{id} (new import {new})",
    },
    "cli_setup": {"zh": "已初始化数据库：{done}", "en": "Database initialised: {done}"},
    "cli_setup_nothing": {"zh": "已有数据，未改动", "en": "it holds data already; nothing changed"},
    "setup_catalog": {"zh": "指标目录 {n} 项", "en": "indicator catalog, {n} items"},
    "setup_sample": {"zh": "示例数据 {n} 条（导入 #{id}）", "en": "sample data, {n} records (import #{id})"},
    "cli_rejected": {
        "zh": "文件未通过校验，共 {n} 个问题，未写入任何数据：",
        "en": "The file failed validation with {n} problems; nothing was written:",
    },
    "cli_more_problems": {"zh": "  …另有 {n} 个问题未列出", "en": "  … {n} more problems not listed"},
    "cli_error": {"zh": "错误：{message}", "en": "Error: {message}"},
    "cli_file_missing": {"zh": "找不到文件 {path}", "en": "No such file: {path}"},
    "cli_file_unusable": {
        "zh": "无法读取或写入文件 {path}（是文件夹，或没有权限）",
        "en": "Cannot read or write {path} (a folder, or no permission)",
    },
    "cli_password": {"zh": "新密码：", "en": "New password: "},
    "cli_password_again": {"zh": "再次输入：", "en": "Again: "},
    "cli_account_created": {"zh": "已创建{role}账户 {name}", "en": "Created the {role} account {name}"},
    "cli_account_updated": {
        "zh": "已更新（重设密码）{role}账户 {name}",
        "en": "Updated (password reset) the {role} account {name}",
    },
    "cli_account_removed": {"zh": "已删除账户 {name}", "en": "Deleted the account {name}"},
    "cli_no_account": {"zh": "没有账户 {name}", "en": "There is no account {name}"},
    "cli_no_accounts": {"zh": "暂无本地账户", "en": "No local accounts yet"},
}
