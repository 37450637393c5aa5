"""Reporting workflow: roles, submissions, review, evidence, 催报, comments, sessions."""

TEXT: dict[str, dict[str, str]] = {
    # --- roles and accounts ---------------------------------------------------------------------------
    "role_reporter": {"zh": "填报人", "en": "Reporter"},
    "role_admin": {"zh": "管理员", "en": "Admin"},
    "roles_joined": {"zh": "{first}或{last}", "en": "{first} or {last}"},
    "account_reporter_scope": {
        "zh": "填报人账户需要填报范围：至少一个责任部门（--department）或县区（--county）",
        "en": "A reporter account needs a scope: at least one department (--department) or county (--county)",
    },
    "account_scope_not_reporter": {
        "zh": "只有填报人账户有填报范围，{role}账户不需要 --department / --county",
        "en": "Only reporter accounts have a scope; a {role} account takes no --department / --county",
    },
    "action_catalog": {"zh": "修改指标目录", "en": "change the indicator catalog"},
    "action_submit": {"zh": "提交填报", "en": "submit reports"},
    "action_review": {"zh": "审核填报", "en": "review submissions"},
    "action_comment": {"zh": "添加批示或说明", "en": "add a comment"},
    "action_accounts": {"zh": "管理账户", "en": "manage accounts"},
    "action_attach": {"zh": "上传佐证材料", "en": "attach evidence"},
    "account_remove_self": {"zh": "不能删除自己的账户", "en": "You cannot remove your own account"},
    "cli_no_account_for": {
        "zh": "没有账户 {name}：填报人须先有账户（python -m ledger add-user {name} --role reporter …）",
        "en": "There is no account {name}: a reporter needs one first (python -m ledger add-user {name} "
        "--role reporter …)",
    },
    # --- scope: the upload engine's rule and the last check -------------------------------------------
    "department_outside_scope": {
        "zh": "不属于您的填报范围：您只能填报 {allowed} 的数据",
        "en": "is not yours to report: you may report the rows of {allowed} only",
    },
    "county_outside_scope": {
        "zh": "不属于您的填报范围：您只能填报 {allowed} 的数据",
        "en": "is not yours to report: you may report the rows of {allowed} only",
    },
    "targets_not_for_reporters": {
        "zh": "填报单位不能修改指标目录：请删除“{sheet}”工作表，或使用“我的填报”页下载的本单位模板",
        "en": "Reporting units cannot change the indicator catalog: delete the “{sheet}” sheet, or use the "
        "template of your unit from the My reports page",
    },
    "ledger_form_for_reporters": {
        "zh": "台账表格含各部门的数据，填报单位请使用“我的填报”页下载的本单位模板",
        "en": "A ledger form holds every department's rows; reporting units use the template of their unit "
        "from the My reports page",
    },
    "scope_outside": {
        "zh": "有 {n} 条记录不属于您的填报范围（{allowed}），未提交：{rows}",
        "en": "{n} records are outside your scope ({allowed}); nothing was submitted: {rows}",
    },
    # --- periods -------------------------------------------------------------------------------------------
    "reporting_setting_bad": {
        "zh": "配置 [reporting] 的 {setting} = {value} 无效",
        "en": "The setting [reporting] {setting} = {value} is not valid",
    },
    # --- submissions and review ----------------------------------------------------------------------------
    "state_submitted": {"zh": "待审核", "en": "Awaiting review"},
    "state_returned": {"zh": "已退回", "en": "Returned"},
    "state_approved": {"zh": "已通过", "en": "Approved"},
    "state_superseded": {"zh": "已被新填报替代", "en": "Replaced by a newer submission"},
    "submission_empty": {
        "zh": "没有可提交的数据：请至少填写一个实际值或进度状态",
        "en": "There is nothing to submit: fill in at least one actual value or status",
    },
    "submission_unchanged": {
        "zh": "提交的数据与已通过的数据完全相同，没有变更，未提交",
        "en": "The data equal what is approved already; nothing changes, nothing was submitted",
    },
    "submission_template_only": {
        "zh": "填报单位只能提交本单位模板中的“{progress}”和“{tasks}”",
        "en": "Reporting units submit the “{progress}” and “{tasks}” sheets of their own template only",
    },
    "submission_missing": {"zh": "没有填报 #{id}", "en": "There is no submission #{id}"},
    "submission_not_waiting": {
        "zh": "填报 #{id} 不在待审核状态（{state}），不能再审核",
        "en": "Submission #{id} is not awaiting review ({state}); it cannot be reviewed again",
    },
    "submission_reason_missing": {
        "zh": "退回时请写明原因，填报单位会看到它",
        "en": "Say why you return it; the reporting unit will see the reason",
    },
    "submission_reason_long": {
        "zh": "退回原因不能超过 {n} 个字",
        "en": "The reason cannot exceed {n} characters",
    },
    "submission_editor_file": {"zh": "在线填报 #{id}", "en": "Online report #{id}"},
    "submission_import_note": {
        "zh": "审核通过：填报 #{id}（提交人 {user}）",
        "en": "Approved: submission #{id} (submitted by {user})",
    },
    "kind_submission": {"zh": "审核通过的填报", "en": "Approved submission"},
    # --- upload: the catalog is an admin's ---------------------------------------------------------------
    "upload_indicator_not_in_catalog": {
        "zh": "指标 {ids} 不在现行指标目录中：请先由管理员确认“{sheet}”的变更，再导入这些数据",
        "en": "The indicators {ids} are not in the catalog in force: an admin must confirm the “{sheet}” "
        "changes before these data can be imported",
    },
    "catalog_no_sheet": {"zh": "上传文件中没有“{sheet}”工作表", "en": "The upload has no “{sheet}” sheet"},
    "catalog_unchanged": {
        "zh": "指标目录没有任何变更",
        "en": "The indicator catalog does not change",
    },
    # --- evidence ------------------------------------------------------------------------------------------
    "evidence_kind_pdf": {"zh": "PDF 文件", "en": "a PDF file"},
    "evidence_kind_jpg": {"zh": "JPG 图片", "en": "a JPG picture"},
    "evidence_kind_png": {"zh": "PNG 图片", "en": "a PNG picture"},
    "evidence_empty": {"zh": "文件“{name}”是空文件", "en": "The file “{name}” is empty"},
    "evidence_too_large": {
        "zh": "文件“{name}”有 {size} MB，超过 {limit} MB 的上限",
        "en": "The file “{name}” has {size} MB, more than the limit of {limit} MB",
    },
    "evidence_damaged": {"zh": "文件“{name}”已损坏，无法打开", "en": "The file “{name}” is damaged"},
    "evidence_type": {
        "zh": "文件“{name}”的内容是{found}：佐证材料只能是 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件",
        "en": "The content of “{name}” is {found}: evidence must be a PDF, JPG, PNG, Word (.docx) or Excel "
        "(.xlsx) file",
    },
    "evidence_found_ole2": {"zh": "旧版 Office 文件（.doc/.xls）", "en": "an old Office file (.doc/.xls)"},
    "evidence_found_other": {"zh": "其他类型", "en": "of another kind"},
    "evidence_key_unknown": {
        "zh": "台账中没有“{task} {department} {county}”这项任务填报",
        "en": "The ledger has no task report “{task} {department} {county}”",
    },
    "evidence_missing": {"zh": "没有佐证材料 #{id}", "en": "There is no evidence file #{id}"},
    "evidence_outside_scope": {
        "zh": "佐证材料 #{id} 不属于您的填报范围",
        "en": "The evidence file #{id} is outside your scope",
    },
    "evidence_file_gone": {
        "zh": "佐证材料 #{id}（{name}）的文件已不在存放目录中，请联系管理员",
        "en": "The file of evidence #{id} ({name}) is no longer in its folder; please contact the admin",
    },
    "evidence_required": {
        "zh": "进度为“{done}”的任务须上传佐证材料，尚缺 {n} 项：{rows}",
        "en": "Tasks reported as “{done}” need an evidence file; {n} lack one: {rows}",
    },
    "evidence_sign_in": {
        "zh": "佐证材料仅登录用户可查看，请先登录",
        "en": "Evidence files are for signed-in users; please sign in first",
    },
    # --- comments ------------------------------------------------------------------------------------------
    "comment_instruction": {"zh": "批示", "en": "Instruction"},
    "comment_explanation": {"zh": "说明", "en": "Explanation"},
    "comment_item_unknown": {"zh": "台账中没有指标或任务“{item}”", "en": "The ledger has no item “{item}”"},
    "comment_key_unknown": {
        "zh": "“{item}”没有分配给 {department} · {county}",
        "en": "“{item}” is not assigned to {department} · {county}",
    },
    "comment_outside_scope": {
        "zh": "填报单位只能对本单位的事项（{allowed}）写说明",
        "en": "A reporting unit explains the items of its own scope ({allowed}) only",
    },
    "comment_empty": {"zh": "请写下批示或说明的内容", "en": "Write the comment first"},
    "comment_too_long": {"zh": "内容不能超过 {n} 个字", "en": "A comment cannot exceed {n} characters"},
    # --- 催报 ---------------------------------------------------------------------------------------------
    "missing_since_after": {
        "zh": "起始月份 {since} 晚于填报期 {period}",
        "en": "The first month {since} is after the period {period}",
    },
    "notice_title": {"zh": "催报通知", "en": "Reminder to report"},
    "notice_to": {"zh": "主送：{department}", "en": "To: {department}"},
    "notice_indicators": {"zh": "指标进度 {n} 项（{ids}）", "en": "{n} indicator figures ({ids})"},
    "notice_tasks": {"zh": "任务进展 {n} 项（任务 {ids}）", "en": "{n} task reports (tasks {ids})"},
    "notice_line_late": {
        "zh": "贵单位 {period} 填报期（截止 {due}）尚有 {n} 项未报送：{items}，涉及 {areas}，"
        "已逾期 {days} 天。",
        "en": "For the period {period} (due {due}) {n} reports are still missing: {items}, for {areas}; "
        "{days} days overdue.",
    },
    "notice_line_open": {
        "zh": "贵单位 {period} 填报期（截止 {due}）尚有 {n} 项未报送：{items}，涉及 {areas}。",
        "en": "For the period {period} (due {due}) {n} reports are still missing: {items}, for {areas}.",
    },
    "notice_ask": {
        "zh": "请于收到本通知后尽快登录营商环境任务台账看板报送（统计截至 {on}）。",
        "en": "Please report on the business environment task ledger as soon as possible (as of {on}).",
    },
    # --- figures read from 工作完成情况 ---------------------------------------------------------------------
    "figure_note": {"zh": "取自工作完成情况：{text}", "en": "Read from the progress report: {text}"},
    # --- the command line --------------------------------------------------------------------------------
    "cli_help_add_any_user": {
        "zh": "新建或更新本地账户（任意角色；填报人需 --department 和/或 --county）",
        "en": "create or update a local account (any role; a reporter needs --department and/or --county)",
    },
    "cli_help_role": {"zh": "角色", "en": "the role"},
    "cli_help_scope_department": {
        "zh": "填报人的责任部门（可重复）",
        "en": "a reporter's department (repeatable)",
    },
    "cli_help_scope_county": {"zh": "填报人的县区（可重复）", "en": "a reporter's county (repeatable)"},
    "cli_help_submit": {
        "zh": "以填报人身份提交本单位模板（待审核）",
        "en": "submit a reporter's template for review",
    },
    "cli_help_submit_user": {"zh": "填报人账户名", "en": "the reporter's account"},
    "cli_help_review": {"zh": "审核一份填报：通过或退回", "en": "review a submission: approve or return it"},
    "cli_help_approve": {"zh": "通过（写入看板数据）", "en": "approve (the dashboard shows it)"},
    "cli_help_return": {"zh": "退回（须写 --reason）", "en": "return it (with --reason)"},
    "cli_help_reason": {"zh": "退回原因（填报单位可见）", "en": "why it is returned (the reporter sees it)"},
    "cli_help_submissions": {"zh": "列出填报及其状态", "en": "list submissions and their states"},
    "cli_help_missing": {
        "zh": "催报：各部门、县区尚未报送的数据，逾期的在前",
        "en": "reminders: the reports still missing per department and county, overdue first",
    },
    "cli_help_missing_period": {"zh": "填报期（如 2023-10）", "en": "the reporting period (e.g. 2023-10)"},
    "cli_help_missing_since": {
        "zh": "同时列出自该月起各月的未报（如 2023-07）",
        "en": "also list the missing reports of every month from this one (e.g. 2023-07)",
    },
    "cli_help_missing_on": {
        "zh": "统计日期 YYYY-MM-DD（默认今天：唯一读取系统时钟之处）",
        "en": "the date YYYY-MM-DD to count overdue days to (default today: the one place the clock is read)",
    },
    "cli_help_missing_notices": {"zh": "输出各部门的催报通知", "en": "print each department's reminder"},
    "cli_on_bad": {
        "zh": "日期“{value}”无法识别，请写成 YYYY-MM-DD",
        "en": "Cannot read the date “{value}”; write YYYY-MM-DD",
    },
    "cli_submitted": {
        "zh": "已提交填报 #{id}（待审核）：{periods}，{rows}",
        "en": "Submitted #{id} (awaiting review): {periods}, {rows}",
    },
    "cli_approved": {
        "zh": "已通过填报 #{id}：导入编号 {import_id}，写入 {n} 条",
        "en": "Approved submission #{id}: import {import_id}, {n} records written",
    },
    "cli_returned": {"zh": "已退回填报 #{id}：{reason}", "en": "Returned submission #{id}: {reason}"},
    "cli_no_submissions": {"zh": "暂无填报", "en": "No submissions"},
    "cli_submission_import": {"zh": "，导入 #{id}", "en": ", import #{id}"},
    "cli_none_missing": {
        "zh": "{period} 填报期的数据已全部报送（截至 {on}）",
        "en": "Every report of {period} is in (as of {on})",
    },
    "cli_days_overdue": {"zh": "逾期 {days} 天", "en": "{days} days overdue"},
    "cli_not_due": {"zh": "截止 {due}，未逾期", "en": "due {due}, not overdue yet"},
    "cli_missing_count": {"zh": "未报 {n}/{of}", "en": "{n} of {of} missing"},
    # --- pages and navigation -----------------------------------------------------------------------
    "page_reports": {"zh": "我的填报", "en": "My reports"},
    "page_review": {"zh": "审核", "en": "Review"},
    "page_reminders": {"zh": "催报", "en": "Reminders"},
    "reporter_only": {"zh": "仅填报单位可用", "en": "For reporting units only"},
    # --- sign-in (our own page, ui.session_routes) ------------------------------------------------------
    "session_hint": {
        "zh": "登录后 {hours} 小时内刷新页面或打开新标签页都保持登录；在任一标签页退出即全部退出。",
        "en": "You stay signed in for {hours} hours across reloads and new tabs; signing out in one tab "
        "signs out every tab.",
    },
    "sign_in_new_tab": {
        "zh": "登录页会在新标签页打开；登录后原标签页刷新即为已登录。",
        "en": "The sign-in page opens in a new tab; after signing in, reload this tab to be signed in here.",
    },
    "sign_in_back": {"zh": "返回看板", "en": "Back to the dashboard"},
    "sign_in_continue": {"zh": "继续", "en": "Continue"},
    "sign_in_oidc_only": {
        "zh": "本看板使用单位统一身份认证登录，请回到看板点击“使用单位统一身份认证登录”。",
        "en": "This dashboard signs in with your organisation account: go back and use that button.",
    },
    "csrf_refused": {
        "zh": "请求不是来自本站页面，已拒绝。请从看板的登录页重新登录。",
        "en": "The request did not come from a page of this site and was refused. Please sign in from the "
        "dashboard's sign-in page.",
    },
    "form_expired": {
        "zh": "登录表单已过期，请重新输入后提交。",
        "en": "The sign-in form has expired; please enter your details again.",
    },
    # --- 我的填报 -------------------------------------------------------------------------------------------
    "report_period": {"zh": "填报期", "en": "Reporting period"},
    "report_period_option": {"zh": "{period}（截止 {due}）", "en": "{period} (due {due})"},
    "report_mine": {"zh": "我的提交", "en": "My submissions"},
    "report_none_yet": {"zh": "尚未提交过填报。", "en": "Nothing submitted yet."},
    "report_returned": {
        "zh": "{periods} 的填报 #{id} 已被 {user} 退回：{reason}。请修改后重新提交。",
        "en": "Submission #{id} for {periods} was returned by {user}: {reason}. Please correct it and submit "
        "again.",
    },
    "report_waiting": {
        "zh": "{periods} 的填报 #{id} 待审核；审核通过后看板才会显示这些数据。",
        "en": "Submission #{id} for {periods} awaits review; the dashboard shows the figures once it is "
        "approved.",
    },
    "report_tab_editor": {"zh": "在线填报", "en": "Fill in online"},
    "report_tab_upload": {"zh": "上传模板", "en": "Upload the template"},
    "report_editor_help": {
        "zh": "只列出本单位的填报项。填写实际值、进度状态和工作完成情况后点“提交审核”；校验规则与上传模板相"
        "同。",
        "en": "Only your unit's rows are listed. Fill in the figures, statuses and progress reports, then "
        "submit for review; the same rules as for the template apply.",
    },
    "report_value": {"zh": "当前", "en": "Now"},
    "report_value_approved": {"zh": "已通过", "en": "Approved"},
    "report_value_pending": {"zh": "待审核", "en": "Awaiting review"},
    "report_value_missing": {"zh": "未报", "en": "Not reported"},
    "report_submit": {"zh": "提交审核", "en": "Submit for review"},
    "report_submitted": {
        "zh": "已提交填报 #{id}，等待审核",
        "en": "Submitted #{id}; it awaits review",
    },
    "report_invalid": {
        "zh": "校验发现 {n} 个问题，未提交。请修改后重新提交。",
        "en": "Validation found {n} problems; nothing was submitted. Please correct them and submit again.",
    },
    "sub_id": {"zh": "编号", "en": "ID"},
    "sub_time": {"zh": "提交时间", "en": "Submitted at"},
    "sub_user": {"zh": "提交人", "en": "Submitted by"},
    "sub_scope": {"zh": "填报范围", "en": "Scope"},
    "sub_source": {"zh": "方式", "en": "How"},
    "sub_source_upload": {"zh": "上传模板", "en": "Template"},
    "sub_source_editor": {"zh": "在线填报", "en": "Online"},
    "sub_periods": {"zh": "填报期", "en": "Periods"},
    "sub_rows": {"zh": "行数", "en": "Rows"},
    "sub_state": {"zh": "状态", "en": "State"},
    "sub_reverted": {"zh": "（导入已被 #{id} 撤销）", "en": " (its import was reverted by #{id})"},
    "sub_by": {"zh": "审核人", "en": "Reviewed by"},
    "sub_reason": {"zh": "退回原因", "en": "Reason returned"},
    # --- 佐证材料 -------------------------------------------------------------------------------------------
    "evidence_title": {"zh": "佐证材料", "en": "Evidence"},
    "evidence_help": {
        "zh": "可上传 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx），每个不超过 {mb} MB；按文件内容识别类型"
        "。",
        "en": "PDF, JPG, PNG, Word (.docx) or Excel (.xlsx), at most {mb} MB each; the type is told from the "
        "content.",
    },
    "evidence_rule_on": {
        "zh": "进度为“{done}”的任务须先上传佐证材料才能提交。",
        "en": " Tasks reported as “{done}” need an evidence file before they can be submitted.",
    },
    "evidence_no_tasks": {"zh": "本单位没有任务填报项。", "en": "Your unit has no task reports."},
    "evidence_for": {"zh": "所属任务填报", "en": "For the task report"},
    "evidence_choose": {"zh": "选择文件", "en": "Choose a file"},
    "evidence_upload": {"zh": "上传佐证材料", "en": "Attach"},
    "evidence_done": {"zh": "已上传佐证材料 #{id}（{name}）", "en": "Attached evidence #{id} ({name})"},
    "evidence_none": {"zh": "暂无佐证材料。", "en": "No evidence files yet."},
    "evidence_line": {
        "zh": "#{id} {name} · 任务 {task} · {department} · {county} · {kind} {kb} KB · 上传人 {user}",
        "en": "#{id} {name} · task {task} · {department} · {county} · {kind} {kb} KB · by {user}",
    },
    "evidence_download": {"zh": "下载", "en": "Download"},
    # --- 审核 -----------------------------------------------------------------------------------------------
    "review_period": {"zh": "填报期", "en": "Reporting period"},
    "review_waiting": {"zh": "待审核（{n}）", "en": "Awaiting review ({n})"},
    "review_none": {"zh": "没有待审核的填报。", "en": "No submission awaits review."},
    "review_choose": {"zh": "审核哪一份", "en": "Review which"},
    "review_detail": {"zh": "填报 #{id}", "en": "Submission #{id}"},
    "review_detail_caption": {
        "zh": "提交人 {user}（{scope}）· {periods} · {time} · {source}",
        "en": "By {user} ({scope}) · {periods} · {time} · {source}",
    },
    "review_approve": {"zh": "通过", "en": "Approve"},
    "review_approved": {
        "zh": "已通过填报 #{id}：导入编号 {import_id}，写入 {n} 条",
        "en": "Approved submission #{id}: import {import_id}, {n} records written",
    },
    "review_reason": {"zh": "退回原因", "en": "Why it is returned"},
    "review_reason_hint": {
        "zh": "写明需要修改什么，填报单位会看到",
        "en": "Say what to correct; the reporting unit sees it",
    },
    "review_return": {"zh": "退回", "en": "Return"},
    "review_returned": {"zh": "已退回填报 #{id}", "en": "Returned submission #{id}"},
    "review_done": {"zh": "已审核", "en": "Reviewed"},
    # --- figures read from 工作完成情况, on the upload and review pages -------------------------------------
    "figures_title": {
        "zh": "从工作完成情况读出的数值（{n}）",
        "en": "Figures read from the progress reports ({n})",
    },
    "figures_caption": {
        "zh": "以下数值取自任务进展的“工作完成情况”文字，与该任务的指标相符。勾选“采用”的才会作为指标进度一"
        "并写入；不勾选则忽略。",
        "en": "These figures come from the text of the task reports and match an indicator of the task. Only "
        "those ticked are written as indicator figures with this import; the others are ignored.",
    },
    "figures_accept": {"zh": "采用", "en": "Accept"},
    "figures_value": {"zh": "读出的值", "en": "Figure read"},
    "figures_current": {"zh": "现有值", "en": "Stored now"},
    "figures_evidence": {"zh": "依据", "en": "Found in"},
    "figures_included": {
        "zh": "将一并写入 {n} 个采用的数值。",
        "en": "{n} accepted figures are written with it.",
    },
    "figures_invalid": {
        "zh": "采用的数值中有 {n} 个问题，请取消勾选或核对。",
        "en": "The accepted figures have {n} problems; untick them or check them.",
    },
    # --- the catalog step on the upload page -----------------------------------------------------------
    "catalog_title": {"zh": "指标目录变更（{n} 项）", "en": "Changes to the indicator catalog ({n})"},
    "catalog_admin_only": {
        "zh": "本文件“{sheet}”工作表有 {n} 项指标目录变更，须由管理员单独确认；本次导入只写入指标进度和任务"
        "进展。",
        "en": "The “{sheet}” sheet of this file changes the indicator catalog in {n} places; an admin must "
        "confirm them separately. This import writes the indicator figures and task reports only.",
    },
    "catalog_separate": {
        "zh": "指标目录变更单独确认、单独记录，不随月度数据导入；请逐项核对。",
        "en": "Catalog changes are confirmed and recorded on their own, never with the monthly data; check "
        "each one.",
    },
    "catalog_checked": {"zh": "我已逐项核对以上 {n} 项变更", "en": "I have checked each of the {n} changes"},
    "catalog_confirm": {"zh": "确认修改指标目录", "en": "Change the indicator catalog"},
    "catalog_done": {
        "zh": "已修改指标目录 {n} 项（导入编号 {id}）",
        "en": "Changed {n} catalog entries (import {id})",
    },
    # --- 催报 page ------------------------------------------------------------------------------------------
    "reminder_caption": {
        "zh": "列出各部门、县区尚未提交或未通过的填报，逾期的在前；“待审核”的已提交，不计为未报。",
        "en": "The reports not yet submitted or approved, per department and county, overdue first; those "
        "awaiting review count as submitted.",
    },
    "reminder_on": {"zh": "统计截至", "en": "Count to"},
    "reminder_on_help": {
        "zh": "逾期天数算到这一天。默认今天：这是本系统唯一读取系统时钟的地方。",
        "en": "Days overdue are counted to this date. Default: today — the one place the system reads "
        "the clock.",
    },
    "reminder_earlier": {"zh": "包括以往各月", "en": "Include earlier months"},
    "reminder_none": {"zh": "该填报期的数据已全部报送。", "en": "Every report of this period is in."},
    "reminder_units": {"zh": "未报单位", "en": "Units behind"},
    "reminder_summary": {
        "zh": "共 {n} 项未报（{rows} 个部门 × 县区），其中逾期 {late} 项，最长逾期 {days} 天。",
        "en": "{n} reports missing ({rows} department × area pairs), {late} of them overdue, up to {days} "
        "days.",
    },
    "reminder_due": {"zh": "截止日期", "en": "Due"},
    "reminder_days": {"zh": "逾期", "en": "Overdue"},
    "reminder_not_due": {"zh": "未到期", "en": "Not due yet"},
    "reminder_missing": {"zh": "未报/应报", "en": "Missing of"},
    "reminder_pending": {"zh": "待审核", "en": "Awaiting review"},
    "reminder_items": {"zh": "未报事项", "en": "Missing items"},
    "reminder_notices": {"zh": "催报通知（{n} 个部门）", "en": "Reminders ({n} departments)"},
    "reminder_notice": {"zh": "催报通知", "en": "reminder"},
    "reminder_download": {"zh": "下载催报通知", "en": "Download the reminder"},
    "reminder_download_all": {"zh": "下载全部催报通知", "en": "Download every reminder"},
    # --- 账户管理 -------------------------------------------------------------------------------------------
    "accounts_title": {"zh": "账户管理", "en": "Accounts"},
    "accounts_role": {"zh": "角色", "en": "Role"},
    "accounts_scope": {"zh": "填报范围", "en": "Scope"},
    "accounts_created": {"zh": "创建时间", "en": "Created"},
    "accounts_add": {"zh": "新建或更新账户", "en": "Create or update an account"},
    "accounts_again": {"zh": "再次输入密码", "en": "Password again"},
    "accounts_save": {"zh": "保存账户", "en": "Save the account"},
    "accounts_created_msg": {"zh": "已创建账户 {name}", "en": "Created the account {name}"},
    "accounts_updated_msg": {
        "zh": "已更新账户 {name}（其登录已全部退出）",
        "en": "Updated the account {name} (its sessions were signed out)",
    },
    "accounts_remove_choose": {"zh": "删除账户", "en": "Remove an account"},
    "accounts_remove": {"zh": "删除", "en": "Remove"},
    "accounts_removed_msg": {
        "zh": "已删除账户 {name}，其登录已全部退出",
        "en": "Removed the account {name}; its sessions are signed out",
    },
    "overview_unreported": {
        "zh": "未报：{period} 填报期（截止 {due}）应报 {of} 项，尚有 {n} 项未报，{pending} 项待审核。",
        "en": "Not reported: of the {of} reports due for {period} (by {due}), {n} are missing and {pending} "
        "await review.",
    },
    # --- 批示 and 说明 in the pages ----------------------------------------------------------------------
    "comment_line": {
        "zh": "**【{label}】** {text} —— {user}，{time}（事项：{where}）",
        "en": "**[{label}]** {text} — {user}, {time} ({where})",
    },
    "comments_title": {"zh": "批示与说明", "en": "Instructions and explanations"},
    "comments_none": {"zh": "暂无批示或说明。", "en": "No comments yet."},
    "comments_more": {"zh": "另有 {n} 条未列出。", "en": "{n} more not listed."},
    "comments_sign_in": {
        "zh": "登录后可添加批示（领导）或说明（分析员、填报单位）。",
        "en": "Sign in to add an instruction (leaders) or an explanation (analysts, reporting units).",
    },
    "comments_on": {"zh": "针对", "en": "On"},
    "comments_whole": {"zh": "{item} 整项", "en": "{item} as a whole"},
    "comments_kind": {"zh": "类型", "en": "Kind"},
    "comments_text": {"zh": "内容", "en": "Text"},
    "comments_add": {"zh": "添加", "en": "Add"},
    "comments_done": {"zh": "已添加", "en": "Added"},
    "comments_task": {"zh": "批示与说明：任务", "en": "Comments on task"},
    "comments_meeting": {"zh": "批示与说明（{n}）", "en": "Instructions and explanations ({n})"},
}
