"""Problems found in uploads (codes of ledger.upload), and the store's, service's and accounts' user
messages. A problem's text is the reason only; its place is written by ``where_*`` (see Problem.text)."""

TEXT: dict[str, dict[str, str]] = {
    # --- where, and a problem as one line ----------------------------------------------------------
    "where_file": {"zh": "文件", "en": "file"},
    "where_sheet": {"zh": "工作表“{sheet}”", "en": "sheet “{sheet}”"},
    "where_row": {"zh": "第 {row} 行", "en": "row {row}"},
    "where_column": {"zh": "“{column}”列", "en": "column “{column}”"},
    "problems_more": {"zh": "（共 {n} 个问题）", "en": " ({n} problems in all)"},
    "upload_rejected": {
        "zh": "文件未通过校验，共 {n} 个问题",
        "en": "The file failed validation: {n} problems",
    },
    "problem_whole_file": {"zh": "（整个文件）", "en": "(whole file)"},
    "report_sheet": {"zh": "校验结果", "en": "Validation"},
    "report_author": {"zh": "校验", "en": "Validation"},
    "report_more": {
        "zh": "另有 {n} 个问题未列出，请先修改以上问题",
        "en": "{n} more problems are not listed; fix the ones above first",
    },
    "none": {"zh": "无", "en": "none"},
    # --- kinds of documents ---------------------------------------------------------------------------
    "doc_xlsx": {"zh": "Excel 工作簿（.xlsx）", "en": "an Excel workbook (.xlsx)"},
    "doc_xlsb": {"zh": "Excel 二进制工作簿（.xlsb）", "en": "an Excel binary workbook (.xlsb)"},
    "doc_docx": {"zh": "Word 文档（.docx）", "en": "a Word document (.docx)"},
    "doc_pptx": {"zh": "PowerPoint 演示文稿（.pptx）", "en": "a PowerPoint presentation (.pptx)"},
    "doc_ods": {"zh": "OpenDocument 表格（.ods）", "en": "an OpenDocument spreadsheet (.ods)"},
    "doc_odt": {"zh": "OpenDocument 文本（.odt）", "en": "an OpenDocument text (.odt)"},
    # --- the file as a file ------------------------------------------------------------------------------
    "file_empty": {"zh": "是空文件", "en": "is an empty file"},
    "file_too_large": {
        "zh": "文件大小 {size} MB，超过上传上限 {limit} MB",
        "en": "is {size} MB, over the upload limit of {limit} MB",
    },
    "sheet_twice": {
        "zh": "工作簿中有多张“{sheet}”表都填了数据（{names}），无法判断以哪张为准：请只保留一张后重新上传",
        "en": "holds several “{sheet}” sheets with data ({names}); which one counts cannot be told: keep "
        "one and upload again",
    },
    "file_ole2": {
        "zh": "文件已加密或为旧版 .xls 格式，无法读取：请取消密码保护，或在 Excel 中另存为 .xlsx 后再上传",
        "en": "is encrypted or an old .xls file and cannot be read: remove the password, or save it as "
        ".xlsx in Excel, then upload it again",
    },
    "file_is_pdf": {
        "zh": "是 PDF 文件，不是 Excel 工作簿：请上传填好的 .xlsx 模板",
        "en": "is a PDF file, not an Excel workbook: upload the filled-in .xlsx template",
    },
    "file_not_zip": {
        "zh": "不是 {what}：文件内容不是 Office 文档格式（可能是改了扩展名的文本或 CSV），"
        "请用 Excel 或 WPS 打开后另存为 .xlsx",
        "en": "is not {what}: its content is not an Office document (perhaps a text or CSV file renamed); "
        "open it in Excel or WPS and save it as .xlsx",
    },
    "file_damaged": {
        "zh": "文件已损坏（可能未完整上传），请重新保存后上传",
        "en": "is damaged (perhaps not uploaded completely); save it again and upload it",
    },
    "file_too_many_members": {
        "zh": "压缩包内文件过多（{n} 个），不是正常的 Excel 工作簿",
        "en": "holds too many parts ({n}) for a normal Excel workbook",
    },
    "file_wrong_kind": {
        "zh": "是 {found}，不是 {what}（压缩包中没有 {member}）：请另存为 .xlsx 后再上传",
        "en": "is {found}, not {what} (the archive has no {member}): save it as .xlsx and upload it again",
    },
    "file_no_member": {
        "zh": "不是 {what}：压缩包中没有 {member}",
        "en": "is not {what}: the archive has no {member}",
    },
    "file_unzipped_too_large": {
        "zh": "文件解压后过大（{size} MB，上限 {limit} MB），请删除无关的工作表或图片后再上传",
        "en": "unpacks to {size} MB (limit {limit} MB); remove unrelated sheets or pictures and upload it "
        "again",
    },
    "file_bomb_member": {
        "zh": "文件压缩比异常（{member} 解压后 {size} MB，压缩比 {ratio}:1），疑似压缩炸弹，已拒绝读取",
        "en": "has an abnormal compression ratio ({member} unpacks to {size} MB, {ratio}:1), like a zip "
        "bomb; "
        "it was not read",
    },
    "file_bomb": {
        "zh": "文件压缩比异常（解压后 {size} MB，压缩比 {ratio}:1），疑似压缩炸弹，已拒绝读取",
        "en": "has an abnormal compression ratio (unpacks to {size} MB, {ratio}:1), like a zip bomb; it was "
        "not read",
    },
    "file_encrypted": {
        "zh": "文件已加密，无法读取：请取消密码保护后再上传",
        "en": "is encrypted and cannot be read: remove the password and upload it again",
    },
    "file_dtd": {
        "zh": "文件含有 XML 文档类型声明（DOCTYPE/ENTITY，位于 {member}），Excel 不会生成这种内容，"
        "疑似恶意构造，已拒绝读取",
        "en": "contains an XML document type declaration (DOCTYPE/ENTITY, in {member}), which Excel never "
        "writes; it looks crafted and was not read",
    },
    "file_unreadable": {
        "zh": "文件已损坏，无法读取工作簿内容",
        "en": "is damaged: the workbook's content cannot be read",
    },
    "file_too_slow": {
        "zh": "读取超过 {seconds} 秒仍未完成，已停止：请删除无关的工作表和内容后再上传",
        "en": "took more than {seconds} seconds to read and was stopped; remove unrelated sheets and "
        "content and upload it again",
    },
    # --- sheets and columns ---------------------------------------------------------------------------
    "sheet_too_many_cells": {
        "zh": "工作表有 {n} 个单元格，超过上限 {limit}：请分成几个文件上传",
        "en": "the sheet holds {n} cells, over the limit of {limit}: split it into several files",
    },
    "sheet_sparse": {
        "zh": "单元格 {cell} 远离其余数据（数据区域 {rows} 行 × {cols} 列，只有 {n} 个单元格有内容）："
        "请删除多余的单元格后再上传",
        "en": "cell {cell} lies far from the rest of the data (a range of {rows} rows × {cols} columns "
        "with only {n} cells filled): delete the stray cells and upload it again",
    },
    "sheet_corrupt": {
        "zh": "工作表已损坏或含有无法读取的单元格",
        "en": "the sheet is damaged or holds cells that cannot be read",
    },
    "sheet_empty": {"zh": "工作表是空的，缺少表头", "en": "the sheet is empty; it has no header row"},
    "column_missing": {"zh": "缺少必需的列“{header}”", "en": "the required column “{header}” is missing"},
    "workbook_empty": {"zh": "是空工作簿，没有任何数据", "en": "is an empty workbook with no data"},
    "sheets_missing": {
        "zh": "缺少工作表“{progress}”或“{tasks}”（至少需要其一，可另附“{targets}”；"
        "台账表格须有“{header}”表头）；"
        "现有工作表：{have}",
        "en": "the sheet “{progress}” or “{tasks}” is missing (one of them at least, “{targets}” besides; a "
        "ledger form needs the header “{header}”); its sheets are {have}",
    },
    # --- cells ------------------------------------------------------------------------------------------
    "cell_error": {
        "zh": "是公式错误值，不是数据：请改为数字，或在没有数据时留空",
        "en": "is a formula error, not data: enter a number, or leave it empty when there is none",
    },
    "key_invisible": {
        "zh": "含有不可见字符或文字方向控制符（{chars}），请删除后重新输入",
        "en": "contains invisible or text-direction characters ({chars}); delete them and type it again",
    },
    "not_number": {"zh": "不是数字", "en": "is not a number"},
    "number_with_unit": {
        "zh": "写了单位“{unit}”：请只填数字",
        "en": "carries the unit “{unit}”: enter the number only",
    },
    "actual_unit_mismatch": {
        "zh": "写的单位是“{unit}”，该指标的单位是“{expected}”：请按指标单位只填数字",
        "en": "is written in “{unit}”, but the indicator is in “{expected}”: enter the number in the "
        "indicator's unit only",
    },
    "not_number_na": {
        "zh": "不是数字；没有数据时请留空",
        "en": "is not a number; leave the cell empty when there is no figure",
    },
    "number_too_large": {"zh": "数值过大，请检查", "en": "is too large a number; check it"},
    "period_missing": {"zh": "本行填写了数值，但缺少期间", "en": "the row has values but no period"},
    "period_unreadable": {
        "zh": "无法识别为期间，请写成 YYYY-MM（如 2023-06）",
        "en": "cannot be read as a period; write it as YYYY-MM (e.g. 2023-06)",
    },
    "period_year_only": {
        "zh": "只有年份，缺少月份，请写成 YYYY-MM",
        "en": "is a year without a month; write it as YYYY-MM",
    },
    "period_ambiguous": {
        "zh": "有歧义（2023.1 是一月还是十月？），请写成 YYYY-MM",
        "en": "is ambiguous (is 2023.1 January or October?); write it as YYYY-MM",
    },
    "period_outside_year": {"zh": "不在计划年度 {year} 年内", "en": "is outside the plan year {year}"},
    "period_given": {"zh": "期间“{period}”{reason}", "en": "Period “{period}”: {reason}"},
    "period_given_outside": {
        "zh": "期间“{period}”不在计划年度 {year} 年内，请填写 {year} 年的月份（YYYY-MM）",
        "en": "Period “{period}” is outside the plan year {year}; give a month of {year} (YYYY-MM)",
    },
    "key_missing": {"zh": "本行填写了数值，但缺少{header}", "en": "the row has values but no “{header}”"},
    "indicator_unknown": {
        "zh": "不是已知的指标编号（见“{sheet}”表）",
        "en": "is not a known indicator ID (see the “{sheet}” sheet)",
    },
    "task_unknown": {
        "zh": "不是已知的任务编号（可选：{choices}）",
        "en": "is not a known task ID (choices: {choices})",
    },
    "department_missing": {
        "zh": "本行填写了数值，但缺少责任部门",
        "en": "the row has values but no department",
    },
    "department_unknown": {"zh": "不是台账中的责任部门", "en": "is not a department of the ledger"},
    "department_not_responsible": {
        "zh": "不是任务 {task}（{title}）的责任部门（责任部门：{departments}）",
        "en": "is not responsible for task {task} ({title}); its departments are {departments}",
    },
    "county_missing": {
        "zh": "本行填写了数值，但缺少县区（全市汇总请填“{city}”）",
        "en": "the row has values but no county (write “{city}” for the city-wide figure)",
    },
    "county_unknown": {
        "zh": "不是已知的县区（可选：{choices}）",
        "en": "is not a known county (choices: {choices})",
    },
    "county_city_only": {
        "zh": "任务 {task} 未分解到县区，县区只能填“{city}”",
        "en": "task {task} is not assigned to counties; the county must be “{city}”",
    },
    "actual_missing": {"zh": "本行填写了备注，但缺少实际值", "en": "the row has a note but no actual value"},
    "actual_percent_unit": {
        "zh": "是百分数，但该指标的单位是“{unit}”",
        "en": "is a percentage, but the indicator's unit is “{unit}”",
    },
    "negative": {"zh": "不能为负数", "en": "cannot be negative"},
    "actual_over_percent": {
        "zh": "超过 {max}%，请检查单位（52% 请填 52）",
        "en": "is over {max}%; check the unit (for 52% enter 52)",
    },
    "actual_over_percent_format": {
        "zh": "单元格为百分比格式，这个数显示为 {shown}（超过 {max}%）：百分比格式里 52% 应填 0.52 或 52%；"
        "或把格式改为“常规”后填 52",
        "en": "the cell is percent-formatted, so this shows as {shown} (over {max}%): in such a cell enter "
        "52% "
        "as 0.52 or 52%, or set it to General and enter 52",
    },
    "status_missing": {
        "zh": "本行填写了进展，但缺少进度状态（可选：{choices}）",
        "en": "the row reports progress but has no status (choices: {choices})",
    },
    "status_invalid": {
        "zh": "不是有效的进度状态（可选：{choices}）",
        "en": "is not a valid status (choices: {choices})",
    },
    "percent_range": {"zh": "超出 0–100 的范围", "en": "is outside 0–100"},
    "duplicate_row": {
        "zh": "与第 {row} 行重复（{columns}都相同）",
        "en": "repeats row {row} (same {columns})",
    },
    # --- 指标目标 ------------------------------------------------------------------------------------------
    "target_id_missing": {"zh": "缺少指标编号", "en": "the indicator ID is missing"},
    "target_id_duplicate": {
        "zh": "与第 {row} 行的指标编号重复",
        "en": "repeats the indicator ID of row {row}",
    },
    "target_task_missing": {"zh": "缺少任务编号", "en": "the task ID is missing"},
    "target_task_unknown": {
        "zh": "不是已知的任务编号，指标必须属于台账中的任务",
        "en": "is not a known task ID; an indicator must belong to a task of the ledger",
    },
    "target_new_task_unknown": {
        "zh": "不是已知的任务编号，新指标必须属于台账中的任务",
        "en": "is not a known task ID; a new indicator must belong to a task of the ledger",
    },
    "target_name_missing": {"zh": "缺少指标名称", "en": "the indicator name is missing"},
    "target_unit_missing": {"zh": "缺少单位", "en": "the unit is missing"},
    "target_value_missing": {"zh": "缺少目标值", "en": "the target is missing"},
    "target_too_small": {
        "zh": "目标值过小（非零时至少为 0.000000001），请检查单位",
        "en": "is too small a target (at least 0.000000001 unless zero); check the unit",
    },
    "target_direction": {
        "zh": "方向应为 >= 或 <=（也可写 {words}）",
        "en": "the direction must be >= or <= ({words} are accepted too)",
    },
    "target_deadline_invalid": {
        "zh": "不是日期，请写成 YYYY-MM-DD",
        "en": "is not a date; write it as YYYY-MM-DD",
    },
    "target_deadline_early": {"zh": "早于计划年度 {year} 年", "en": "is before the plan year {year}"},
    # --- a filled 台账 (four-column ledger form) -----------------------------------------------------------
    "form_needs_period": {
        "zh": "这是台账表格（四列格式），需要指定它所填报的月份（命令行：--period YYYY-MM）",
        "en": "This is a ledger form (four columns); give the month it reports (command line: "
        "--period YYYY-MM)",
    },
    "form_no_header": {
        "zh": "台账表格缺少表头“{header}”（应为：{headers}）",
        "en": "the ledger form has no header “{header}” (expected: {headers})",
    },
    "form_no_columns": {
        "zh": "台账表格缺少“{task}”或“{departments}”列",
        "en": "the ledger form lacks the column “{task}” or “{departments}”",
    },
    "form_no_tasks": {
        "zh": "台账表格中没有找到任务（“{mark}…”）",
        "en": "no task (“{mark}…”) was found in the ledger form",
    },
    "form_task_unknown": {
        "zh": "台账表格中的任务 {task} 不在当前台账中",
        "en": "task {task} of the form is not in the current ledger",
    },
    # --- the template --------------------------------------------------------------------------------------
    "template_title": {"zh": "{city}营商环境任务台账填报模板", "en": "{city} task ledger reporting template"},
    "template_guide_title": {
        "zh": "{city}优化营商环境任务分工台账 · 数据填报模板（{year} 年度）",
        "en": "{city} business environment task ledger · reporting template ({year})",
    },
    "template_guide_1": {
        "zh": "请勿修改工作表名称和表头；可以在表头上方加标题行。",
        "en": "Do not rename the sheets or change the headers; title rows above the header are fine.",
    },
    "template_guide_2": {
        "zh": "“{progress}”和“{tasks}”已按 指标/任务 × 责任部门 × 县区 预先列出，只需填写数值；"
        "未填写的行不导入。",
        "en": "“{progress}” and “{tasks}” list every indicator/task × department × county: fill in the "
        "values "
        "only; rows left empty are not imported.",
    },
    "template_guide_3": {
        "zh": "期间填写报告月份，格式 YYYY-MM（如 {year}-06），也可写 {example} 或日期；必须在 {year} "
        "年内，"
        "凡填写了数值的行都必须有期间。",
        "en": "The period is the month reported, as YYYY-MM (e.g. {year}-06), or written {example} or as a "
        "date; it must lie in {year}, and every row with values needs one.",
    },
    "template_guide_4": {
        "zh": "实际值只填数字，单位见“指标名称”括号内，例如（%）或（工作日）。百分比指标填百分数的数值："
        "52% 可填 52 或 52%，设为百分比格式的 0.52 也按 52 读取，但不带格式的 0.52 按 0.52 读取。",
        "en": "Actual values are numbers in the unit shown in brackets after the indicator name, e.g. (%). "
        "For percentages enter 52 or 52% for 52%; a percent-formatted 0.52 also reads as 52, an "
        "unformatted 0.52 as 0.52.",
    },
    "template_guide_5": {
        "zh": "实际值不能为负数；百分比指标的实际值不超过 {max}。",
        "en": "Actual values cannot be negative; percentages cannot exceed {max}.",
    },
    "template_guide_6": {
        "zh": "进度状态只能选：{states}；完成百分比填 0–100 的数字，可留空。",
        "en": "The status is one of {states}; the percent complete is a number 0–100, or empty.",
    },
    "template_guide_7": {
        "zh": "指标编号、任务编号、责任部门、县区、进度状态请从下拉列表中选择；县区“{city}”表示全市汇总数。",
        "en": "Choose indicator and task IDs, departments, counties and statuses from the drop-down lists; "
        "the county “{city}” is the city-wide figure.",
    },
    "template_guide_8": {
        "zh": "灰色字体的“指标名称”“任务名称”为只读参考列，修改不会被导入。",
        "en": "The grey indicator and task names are read-only references; changes to them are not imported.",
    },
    "template_guide_9": {
        "zh": "“{targets}”是指标目录：可修改目标值、方向（>= 或 <=）、截止日期、基期值，"
        "或在末尾新增指标（任务须已存在）。",
        "en": "“{targets}” is the indicator catalog: change targets, directions (>= or <=), deadlines and "
        "baselines, or add indicators at the end (for existing tasks).",
    },
    "template_guide_10": {
        "zh": "空行和“{totals}”行会被跳过；同一期间、指标（任务）、部门、县区只能填写一行。",
        "en": "Empty rows and total rows ({totals}) are skipped; each period, indicator (task), "
        "department and county may appear on one row only.",
    },
    "template_guide_11": {
        "zh": "上传后系统逐项校验，有问题时列出工作表、行号、列名和原因，并可下载校验报告。",
        "en": "Uploads are checked cell by cell; problems are listed with sheet, row, column and reason, and "
        "a report can be downloaded.",
    },
    "sample_workbook_note": {
        "zh": "示例数据：由 data/make_sample.py 生成，仅供演示，不是真实填报数据。",
        "en": "Sample data, generated by data/make_sample.py for demonstration; not real reports.",
    },
    "template_invalid_title": {"zh": "无效输入", "en": "Invalid entry"},
    "template_choose_from_list": {
        "zh": "请从下拉列表中选择{column}",
        "en": "Choose a value from the drop-down list ({column})",
    },
    "template_percent_range": {
        "zh": "完成百分比应为 0–100 的数字",
        "en": "The percent complete is a number 0–100",
    },
    # --- the service: an upload that would change nothing, filters ---------------------------------------
    "upload_nothing": {
        "zh": "文件中没有可导入的数据：“{sheets}”中没有填写了数值的行（现有工作表：{have}）",
        "en": "The file holds nothing to import: no row of “{sheets}” has values (its sheets: {have})",
    },
    "upload_same_as": {
        "zh": "与导入 #{id} 内容相同（{when} 导入），没有任何变更，未导入",
        "en": "Same content as import #{id} (imported {when}); nothing would change, so nothing was imported",
    },
    "filter_county_unknown": {
        "zh": "未知县区“{county}”，可选：{choices}",
        "en": "Unknown county “{county}”; choices: {choices}",
    },
    "rollup_unknown": {
        "zh": "未知的汇总方式“{by}”，可选：{choices}",
        "en": "Unknown roll-up “{by}”; choices: {choices}",
    },
    "filter_department_unknown": {
        "zh": "未知责任部门“{department}”",
        "en": "Unknown department “{department}”",
    },
    # --- the store ---------------------------------------------------------------------------------------
    "store_url_invalid": {"zh": "数据库地址无效：{url}", "en": "Invalid database URL: {url}"},
    "store_url_bad": {
        "zh": "数据库地址无效：{url}（{detail}）",
        "en": "Invalid database URL: {url} ({detail})",
    },
    "store_no_folder": {
        "zh": "无法打开数据库 {url}：无法创建目录（详情：{detail}）",
        "en": "Cannot open the database {url}: its folder cannot be created (detail: {detail})",
    },
    "store_no_driver": {
        "zh": "缺少数据库驱动 {driver}，无法打开 {url}",
        "en": "The database driver {driver} is missing, so {url} cannot be opened",
    },
    "store_url_unsupported": {
        "zh": "不支持的数据库地址：{url}（详情：{detail}）",
        "en": "Unsupported database URL: {url} (detail: {detail})",
    },
    "store_uninitialised": {
        "zh": "数据库尚未初始化（缺少数据表）：{url}",
        "en": "The database is not initialised (tables are missing): {url}",
    },
    "store_no_counter": {
        "zh": "数据库尚未初始化（缺少版本计数），请先初始化",
        "en": "The database is not initialised (no version counter); initialise it first",
    },
    "store_locked": {"zh": "数据库被占用，请稍后再试", "en": "The database is busy; please try again later"},
    "store_open": {
        "zh": "无法打开数据库 {url}（详情：{detail}）",
        "en": "Cannot open the database {url} (detail: {detail})",
    },
    "store_connect": {
        "zh": "无法连接数据库 {url}（详情：{detail}）",
        "en": "Cannot connect to the database {url} (detail: {detail})",
    },
    "store_failed": {
        "zh": "数据库操作失败（详情：{detail}）",
        "en": "A database operation failed (detail: {detail})",
    },
    "store_import_invalid": {"zh": "导入编号无效：{id}", "en": "Invalid import ID: {id}"},
    "store_import_missing": {"zh": "没有编号为 {id} 的导入记录", "en": "There is no import with ID {id}"},
    "store_already_reverted": {
        "zh": "导入 #{id} 已被撤销（撤销记录 #{by}），不能重复撤销",
        "en": "Import #{id} has already been reverted (by #{by}); it cannot be reverted twice",
    },
    "store_revert_note": {"zh": "撤销导入 #{id}（{file}）", "en": "Revert of import #{id} ({file})"},
    "store_unchanged": {
        "zh": "与当前数据相比没有任何变更，未导入",
        "en": "Nothing differs from the current data; nothing was imported",
    },
    "store_missing_columns": {"zh": "{sheet}：缺少列 {columns}", "en": "{sheet}: columns missing: {columns}"},
    "store_blank_key": {
        "zh": "{sheet} 第 {n} 条记录：{column} 为空",
        "en": "{sheet}, record {n}: {column} is empty",
    },
    "store_duplicate": {
        "zh": "{sheet}：记录重复（{record}）共 {n} 条",
        "en": "{sheet}: {n} records repeat the key ({record})",
    },
    "store_not_number": {"zh": "{sheet}：{column} 不是数值", "en": "{sheet}: {column} is not numeric"},
    "store_not_number_at": {
        "zh": "{sheet} 第 {n} 条记录：{column} 不是数值（{value}）",
        "en": "{sheet}, record {n}: {column} is not a number ({value})",
    },
    "store_not_date": {
        "zh": "{sheet} 第 {n} 条记录：{column} 不是日期（{value}）",
        "en": "{sheet}, record {n}: {column} is not a date ({value})",
    },
    # --- accounts, roles and sign-in ---------------------------------------------------------------------
    "account_bad_name": {
        "zh": "用户名只能包含文字、数字和 . @ _ -，长度 1–64",
        "en": "A user name holds letters, digits and . @ _ - only, 1–64 characters",
    },
    "account_bad_role": {
        "zh": "未知角色“{role}”，可选：{roles}",
        "en": "Unknown role “{role}”; choices: {roles}",
    },
    "account_short_password": {
        "zh": "密码至少 {n} 个字符",
        "en": "The password needs at least {n} characters",
    },
    "account_long_password": {
        "zh": "密码不能超过 {n} 个字符",
        "en": "The password cannot exceed {n} characters",
    },
    "account_passwords_differ": {"zh": "两次输入的密码不一致", "en": "The two passwords differ"},
    "permission_denied": {
        "zh": "{action}仅限{roles}，当前用户无权执行",
        "en": "Only {roles} may {action}; the current user may not",
    },
    "action_import": {"zh": "导入数据", "en": "import data"},
    "action_revert": {"zh": "撤销导入", "en": "revert an import"},
    "signin_invalid": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "signin_locked": {
        "zh": "登录失败次数过多，请 {minutes} 分钟后再试",
        "en": "Too many failed sign-ins; try again in {minutes} minutes",
    },
    "signin_busy": {
        "zh": "登录请求过多，请稍后再试",
        "en": "Too many sign-in requests at once; please try again shortly",
    },
}
