"""Ledger reading: parse warnings and errors, onboarding."""

TEXT: dict[str, dict[str, str]] = {
    # --- a document that cannot be read (LedgerParseError codes) -------------------------------
    "read_not_a_ledger": {
        "zh": "没有找到任何任务：文件中既没有“一、…”类别下的“（一）…”任务，也没有带（责任单位：…）的段落或"
              "含“责任单位”列的表格，不是任务分工台账",
        "en": "No task found: the file has no \"(1) ...\" tasks under numbered categories, no paragraphs "
              "with a \"(responsible: ...)\" note and no table with a responsible-units column; it is not "
              "a task ledger",
    },
    "read_no_category": {
        "zh": "没有找到第一个类别标题（“一、…”）",
        "en": "The first category heading (\"I. ...\") was not found",
    },
    "read_no_text_layer": {
        "zh": "这份 PDF 没有文字层（可能是扫描件或图片），无法读取其中的文字；本工具不做文字识别（OCR），"
              "请提供 Word 原件或可以复制文字的 PDF",
        "en": "This PDF has no text layer (it is probably a scan or an image), so its text cannot be read; "
              "this tool does no OCR: please provide the Word original or a PDF whose text can be copied",
    },
    "read_file_missing": {"zh": "找不到文件：{name}", "en": "File not found: {name}"},
    "read_file_unreadable": {"zh": "无法打开文件 {name}：{reason}", "en": "Cannot open {name}: {reason}"},
    "read_empty": {"zh": "文件是空的", "en": "The file is empty"},
    "read_too_large": {
        "zh": "文件大小 {size_mb} MB，超过台账文件的上限 {limit_mb} MB",
        "en": "The file is {size_mb} MB, over the {limit_mb} MB limit for a ledger document",
    },
    "read_damaged": {
        "zh": "文件已损坏或不完整（可能未完整下载），请重新保存后再试",
        "en": "The file is damaged or incomplete (perhaps not fully downloaded); please save it again",
    },
    "read_unknown_zip": {
        "zh": "这是一个压缩包，但不是 Word（.docx）文档或 Excel（.xlsx）工作簿",
        "en": "This is a zip archive, but not a Word (.docx) document or an Excel (.xlsx) workbook",
    },
    "read_binary": {
        "zh": "无法识别的文件格式：台账应为文本（.txt）、Word（.docx）、PDF 或 Excel（.xlsx）文件",
        "en": "Unrecognised file format: a ledger must be a text (.txt), Word (.docx), PDF or Excel (.xlsx) "
              "file",
    },
    "read_bad_encoding": {
        "zh": "文本既不是 UTF-8 也不是 GB18030/GBK 编码，无法读取：请另存为 UTF-8 文本",
        "en": "The text is neither UTF-8 nor GB18030/GBK encoded and cannot be read: please save it as UTF-8",
    },
    "read_old_office": {
        "zh": "这是旧版 Office 文件（.doc 或 .xls），无法读取：请在 Word 或 Excel 中另存为 .docx 或 .xlsx "
              "后再试",
        "en": "This is an old Office file (.doc or .xls) and cannot be read: please save it as .docx or "
              ".xlsx in Word or Excel",
    },
    "read_xlsb": {
        "zh": "这是 Excel 二进制工作簿（.xlsb），无法读取：请在 Excel 中另存为 .xlsx 后再试",
        "en": "This is an Excel binary workbook (.xlsb) and cannot be read: please save it as .xlsx",
    },
    "read_ods": {
        "zh": "这是 OpenDocument 表格（.ods），无法读取：请另存为 Excel 工作簿（.xlsx）后再试",
        "en": "This is an OpenDocument spreadsheet (.ods) and cannot be read: please save it as an Excel "
              "workbook (.xlsx)",
    },
    "read_odt": {
        "zh": "这是 OpenDocument 文本（.odt），无法读取：请另存为 Word 文档（.docx）后再试",
        "en": "This is an OpenDocument text (.odt) and cannot be read: please save it as a Word document "
              "(.docx)",
    },
    "read_workbook_failed": {
        "zh": "无法读取这份台账表格（{reason}）：请确认它是“主要指标 | 目标任务 | 责任部门 | 工作完成情况”"
              "格式的 .xlsx",
        "en": "This ledger workbook cannot be read ({reason}): it should be an .xlsx with the columns "
              "main indicator | tasks | responsible departments | progress",
    },
    "read_docx_failed": {
        "zh": "无法读取这份 Word 文档（{reason}）：文件可能已损坏，请在 Word 中重新保存为 .docx 后再试",
        "en": "This Word document cannot be read ({reason}): it may be damaged; please save it again as "
              ".docx in Word",
    },
    "read_pdf_failed": {
        "zh": "无法读取这份 PDF（{reason}）：文件可能已损坏或加密，请重新导出后再试",
        "en": "This PDF cannot be read ({reason}): it may be damaged or encrypted; please export it again",
    },
    "read_pdf_pages": {
        "zh": "这份 PDF 有 {pages} 页，超过台账文件的上限 {limit} 页",
        "en": "This PDF has {pages} pages, over the {limit}-page limit for a ledger document",
    },
    "read_too_complex": {
        "zh": "文件内容过于庞大复杂，无法在限定的内存内读取",
        "en": "The file is too large or complex to be read within the memory limit",
    },
    "read_internal": {
        "zh": "读取台账时遇到无法处理的内容（{reason}），请把文件发给维护人员",
        "en": "The ledger contains something the reader cannot handle ({reason}); please send the file to "
              "the maintainers",
    },
    "read_zip_members": {
        "zh": "压缩包内文件过多（{n} 个），不是正常的 Word 文档或 Excel 工作簿",
        "en": "The archive holds too many files ({n}) for a Word document or an Excel workbook",
    },
    "read_zip_too_large": {
        "zh": "文件解压后过大（{size} MB，上限 {limit} MB），已拒绝读取",
        "en": "The file is too large once unpacked ({size} MB, limit {limit} MB) and was refused",
    },
    "read_zip_bomb": {
        "zh": "文件压缩比异常（解压后 {size} MB，压缩比 {ratio}:1），疑似压缩炸弹，已拒绝读取",
        "en": "The file's compression ratio is abnormal ({size} MB unpacked, {ratio}:1), a suspected zip "
              "bomb; refused",
    },
    "read_encrypted": {
        "zh": "文件已加密，无法读取：请取消密码保护后再试",
        "en": "The file is encrypted and cannot be read: please remove the password protection",
    },
    "read_dtd": {
        "zh": "文件含有 XML 文档类型声明（DOCTYPE/ENTITY，位于 {member}），Word 和 Excel 不会生成这种内容，"
              "疑似恶意构造，已拒绝读取",
        "en": "The file contains an XML document type declaration (DOCTYPE/ENTITY in {member}), which Word "
              "and Excel never write; a suspected malicious file, refused",
    },
    # --- parse warnings: what a person should review -------------------------------------------
    "warn_no_departments": {
        "zh": "任务 {task} 没有找到责任部门，请补充",
        "en": "Task {task}: no responsible department found; please add one",
    },
    "warn_departments_uncertain": {
        "zh": "任务 {task} 的责任部门“{cell}”拆分得不确定（读作：{names}），请核对",
        "en": "Task {task}: the responsible departments \"{cell}\" were split with low confidence "
              "(read as: {names}); please check",
    },
    "warn_unknown_county": {
        "zh": "任务 {task} 提到的县区“{county}”不在配置的县区中，请核对",
        "en": "Task {task} names the county \"{county}\", which is not among the configured counties; "
              "please check",
    },
    "warn_unknown_number": {
        "zh": "任务 {task} 中的数字“{number}”（{clause}）既没有识别为目标，也不是已知的非目标数字，请核对",
        "en": "Task {task}: the number \"{number}\" ({clause}) was neither read as a target nor known as a "
              "non-target; please check",
    },
    "warn_heading_guessed": {
        "zh": "“{heading}”按类别标题读取（它比通常的标题宽），请核对",
        "en": "\"{heading}\" was read as a category heading (it is wider than headings usually are); "
              "please check",
    },
    "warn_task_without_note": {
        "zh": "这一段与同级的任务编号并列，但没有（责任单位：…）说明，已作为没有责任部门的任务读取，请核对",
        "en": "This paragraph is numbered like the tasks beside it but has no \"(responsible: ...)\" note; "
              "it was read as a task without departments; please check",
    },
    "warn_table_row_skipped": {
        "zh": "表格这一行既不是任务也不是类别，已跳过：“{text}”",
        "en": "This table row is neither a task nor a category and was skipped: \"{text}\"",
    },
    # --- python -m ledger parse --------------------------------------------------------------
    "parse_warnings": {"zh": "需要核对的地方（{count} 处）：", "en": "To review ({count}):"},
    "parse_no_warnings": {"zh": "没有需要核对的地方。", "en": "Nothing to review."},
    "parse_counties_all": {"zh": "各县区", "en": "all counties"},
    # --- python -m ledger onboard ------------------------------------------------------------
    "onboard_written": {"zh": "已写出：{path}", "en": "Written: {path}"},
    "onboard_summary": {
        "zh": "{city} {year} 年台账：{tasks} 项任务，{targets} 个量化目标，{departments} 个责任部门，"
              "{counties} 个县区",
        "en": "{city} {year} ledger: {tasks} tasks, {targets} quantitative targets, {departments} "
              "departments, {counties} counties",
    },
    "onboard_review": {
        "zh": "这是建议的配置和指标目录，请核对名称、方向、截止日期和基期值后再使用",
        "en": "This is a proposed configuration and indicator catalog: check names, directions, deadlines "
              "and baselines before use",
    },
    "onboard_no_city": {
        "zh": "标题中没有城市名，请用 --city 指定城市",
        "en": "The title names no city: please give it with --city",
    },
    "onboard_year_default": {
        "zh": "标题中没有年份，计划年度暂按 {year} 年：请用 --year 指定",
        "en": "The title gives no year; the plan year was taken as {year}: give it with --year",
    },
    "onboard_no_counties": {
        "zh": "没有给出县区：台账写“各县区”的任务不会分到具体县区，请用 --counties 指定",
        "en": "No counties given: tasks for all counties are not assigned to any county; give them with "
              "--counties",
    },
    "onboard_out_exists": {
        "zh": "目标文件夹中已有 {name}，未覆盖：请换一个文件夹或先移走它",
        "en": "{name} already exists in the output folder and was not overwritten: choose another folder "
              "or move it away first",
    },
}
