"""The 通报, 督办单 and projections: every sentence of the documents, their errors and UI labels."""

TEXT: dict[str, dict[str, str]] = {
    # --- title, address, opening ----------------------------------------------------------------
    "brief_title": {"zh": "{city}{plan}推进情况通报", "en": "{city} {plan}: progress briefing"},
    "brief_sample_header": {"zh": "示例数据 · 仅供演示", "en": "Sample data, for demonstration only"},
    "brief_to_all": {
        "zh": "各县区人民政府，市直各有关部门：",
        "en": "To the county and district governments and the city departments concerned:",
    },
    "brief_to_county": {"zh": "{county}人民政府：", "en": "To the government of {county}:"},
    "brief_to_city": {"zh": "市直各有关部门：", "en": "To the city departments concerned:"},
    "brief_opening": {
        "zh": "为全面掌握{plan}推进情况，根据各责任单位报送的数据，现将截至{date}的推进情况通报如下。",
        "en": "To give a full picture of the progress of the {plan}, the figures reported by the "
        "responsible units up to {date} are set out below.",
    },
    "brief_issuer_default": {
        "zh": "{city}优化营商环境工作领导小组办公室",
        "en": "Office of the {city} Business Environment Leading Group",
    },
    # --- headings --------------------------------------------------------------------------------
    "brief_h_overall": {"zh": "总体情况", "en": "Overall progress"},
    "brief_h_progress": {"zh": "主要进展", "en": "Main progress"},
    "brief_h_counties": {"zh": "县区推进情况", "en": "Counties"},
    "brief_h_problems": {"zh": "存在问题", "en": "Problems"},
    "brief_h_next": {"zh": "下一步工作", "en": "Next steps"},
    # --- 总体情况 ---------------------------------------------------------------------------------
    "brief_counts": {
        "zh": "达标{met}项、进度正常{on_track}项、滞后于序时进度{behind}项、逾期未完成{overdue}项、暂无数据"
        "{no_data}项",
        "en": "{met} met, {on_track} on track, {behind} behind schedule, {overdue} overdue and {no_data} "
        "without data",
    },
    "brief_filling": {
        "zh": "{month}数据尚在填报中（已报送{reported}项，应报送{expected}项），本通报所列数字将随补报变化。",
        "en": "The {month} figures are still being filled in ({reported} of {expected} reports in): the "
        "figures below will change as reports arrive.",
    },
    "brief_overall": {
        "zh": "截至{date}，纳入监测的量化指标{indicators}项，分解到责任单位和县区的监测事项{items}项。其中，"
        "{counts}。",
        "en": "As of {date}, {indicators} quantitative indicators are monitored, split into {items} items "
        "by responsible unit and area: {counts}.",
    },
    "brief_score": {
        "zh": "综合得分{score}分{delta}；年度完成度{annual}%。",
        "en": "The overall score is {score}{delta}; annual completion is {annual}%.",
    },
    "brief_delta_clause": {"zh": "，较上期（{previous}）{change}", "en": " ({change} since {previous})"},
    "brief_delta_up": {"zh": "提高{delta}分", "en": "up {delta} points"},
    "brief_delta_down": {"zh": "下降{delta}分", "en": "down {delta} points"},
    "brief_delta_same": {"zh": "持平", "en": "unchanged"},
    "brief_changes": {"zh": "与上期相比，{changes}。", "en": " Since the previous period: {changes}."},
    "brief_change_up": {"zh": "{status}事项增加{n}项", "en": "{status} +{n}"},
    "brief_change_down": {"zh": "{status}事项减少{n}项", "en": "{status} -{n}"},
    "brief_no_change": {
        "zh": "各状态事项数与上期持平。",
        "en": " The number of items per status is the same as in the previous period.",
    },
    "brief_projection": {
        "zh": "按各事项今年最近{window}期报送数据的趋势测算，到截止日期预计达标{met}项、预计未达标"
        "{unmet}项；其余{none}项今年报送不足{points}期（含暂无数据）或已过截止日期，不作测算。",
        "en": "Projected to the deadline on the trend of each item's latest {window} monthly reports this "
        "year, {met} items are expected to meet their target and {unmet} to miss it; the other {none} "
        "have fewer than {points} reports this year (or none) or are past their deadline, and are not "
        "projected.",
    },
    "brief_tasks": {
        "zh": "{tasks}项重点任务分解到责任单位和县区共{units}项，按最新报送的任务进展，已完成{done}项、推进中"
        "{in_progress}项、滞后{late}项、未启动{not_started}项，未报送{unreported}项。",
        "en": "The {tasks} key tasks are split into {units} assignments by unit and area; by their latest "
        "progress reports, {done} are completed, {in_progress} in progress, {late} behind schedule and "
        "{not_started} not started, and {unreported} have not been reported.",
    },
    "brief_no_items": {
        "zh": "截至{date}，本范围没有分解到的量化指标监测事项。",
        "en": "As of {date}, no quantitative indicator is assigned here.",
    },
    "brief_reports_all": {
        "zh": "本期应报送的{n}项指标数据均已按期报送。",
        "en": "All {n} indicator figures due this period were reported on time.",
    },
    "brief_reports_late": {
        "zh": "本期应报送指标数据{n}项，已报送{on_time}项；未按期报送{stale}项（按此前最后一次报送的数据计算"
        "状态），暂无数据{no_data}项，涉及{units}。",
        "en": "Of the {n} indicator figures due this period, {on_time} are in; {stale} were not reported on "
        "time (their status uses the last figure reported) and {no_data} have no figure at all, from "
        "{units}.",
    },
    "brief_and_others": {"zh": "{names}等{n}个单位", "en": "{names} and others ({n} units)"},
    "brief_fig_categories": {
        "zh": "图1　各类别得分及监测事项状态（截至{period}）",
        "en": "Figure 1. Score and items by status per category ({period})",
    },
    "brief_chart_missing": {
        "zh": "（本机未安装中文字体，图表从略。）",
        "en": "(No Chinese font is installed on this machine: the chart is left out.)",
    },
    # --- 主要进展 ---------------------------------------------------------------------------------
    "brief_category": {
        "zh": "本类别{tasks}项任务、{items}个监测事项，得分{score}分，年度完成度{annual}%；其中{counts}"
        "{stale}。",
        "en": "{tasks} tasks and {items} monitored items; score {score}, annual completion {annual}%: "
        "{counts}{stale}.",
    },
    "brief_category_stale": {"zh": "，未按期报送{n}项", "en": "; {n} not reported on time"},
    "brief_category_tasks_only": {
        "zh": "本类别{tasks}项任务，暂无量化指标监测事项。",
        "en": "{tasks} tasks, without quantitative indicators.",
    },
    "brief_task_no_text": {"zh": "本期未报送工作完成情况。", "en": "No progress report this period."},
    # --- 县区推进情况 -----------------------------------------------------------------------------
    "brief_ranking": {
        "zh": "按得分由高到低，各县区依次为：{ranking}。",
        "en": "Counties by score, highest first: {ranking}.",
    },
    "brief_rank_item": {"zh": "{county}（{score}分）", "en": "{county} ({score})"},
    "brief_ranking_mine": {
        "zh": "{county}在{n}个县区中排第{rank}位。",
        "en": " {county} ranks {rank} of {n}.",
    },
    "brief_table_counties": {
        "zh": "表1　各县区推进情况（截至{period}）",
        "en": "Table 1. Counties ({period})",
    },
    "brief_col_rank": {"zh": "排名", "en": "Rank"},
    "brief_col_county": {"zh": "县区", "en": "County"},
    "brief_col_score": {"zh": "得分", "en": "Score"},
    "brief_col_annual": {"zh": "年度\n完成度", "en": "Annual\ncompl."},
    "brief_col_behind": {"zh": "滞后", "en": "Behind"},
    "brief_col_stale": {"zh": "未按期\n报送", "en": "Late\nreports"},
    "brief_fig_counties": {
        "zh": "图2　各县区得分及监测事项状态（截至{period}）",
        "en": "Figure 2. Score and items by status per county ({period})",
    },
    # --- 存在问题 ---------------------------------------------------------------------------------
    "brief_problems_none": {
        "zh": "截至{date}，无滞后于序时进度或逾期未完成的事项。",
        "en": "As of {date}, no item is behind schedule or overdue.",
    },
    "brief_problems_intro": {
        "zh": "截至{date}，{n}个监测事项滞后于序时进度或逾期未完成（滞后{behind}个、逾期{overdue}个），涉及"
        "{indicators}项指标、{units}个责任单位。具体如下：",
        "en": "As of {date}, {n} items are behind schedule or overdue ({behind} behind, {overdue} overdue), "
        "in {indicators} indicators and {units} responsible units:",
    },
    "brief_clause": {"zh": "台账要求：【{clause}】", "en": "The ledger requires: “{clause}”"},
    "brief_clause_tail": {
        "zh": "（任务{task}{title}；目标{target}，截止{deadline}）。责任单位：{departments}。",
        "en": " (task {task} {title}; target: {target} by {deadline}). Responsible units: {departments}.",
    },
    "brief_target_ge": {"zh": "达到{value}", "en": "at least {value}"},
    "brief_target_le": {"zh": "不超过{value}", "en": "at most {value}"},
    "brief_col_no": {"zh": "序号", "en": "#"},
    "brief_col_department": {"zh": "责任单位", "en": "Responsible unit"},
    "brief_col_actual": {"zh": "实际值", "en": "Actual"},
    "brief_col_expected": {"zh": "序时进度", "en": "Expected by now"},
    "brief_col_projected": {"zh": "预计到期值", "en": "Projected at deadline"},
    "brief_col_status": {"zh": "状态", "en": "Status"},
    "brief_reported_in": {"zh": "（{month}数据）", "en": " ({month} figure)"},
    "brief_reported_month": {"zh": "{month}数据", "en": "{month} figure"},
    "brief_projection_none": {
        "zh": "报送不足{points}期，不作测算",
        "en": "fewer than {points} reports: not projected",
    },
    "brief_verdict_met": {"zh": "预计达标", "en": "on course"},
    "brief_verdict_unmet": {"zh": "预计未达标", "en": "off course"},
    "brief_level_blue": {"zh": "蓝色督办", "en": "blue order"},
    "brief_level_yellow": {"zh": "黄色督办", "en": "yellow order"},
    "brief_level_red": {"zh": "红色督办", "en": "red order"},
    # --- 下一步工作 -------------------------------------------------------------------------------
    "brief_next_fix_title": {"zh": "压实整改责任。", "en": "Catch up. "},
    "brief_next_fix": {
        "zh": "请{units}对照督办单逐项制定整改措施，于{reply_by}前将整改情况报送{issuer}。",
        "en": "{units} are asked to set out, item by item and following the supervision orders, how they "
        "will catch up, and to report to the {issuer} by {reply_by}.",
    },
    "brief_next_report_title": {"zh": "按期报送数据。", "en": "Report on time. "},
    "brief_next_report": {
        "zh": "请{units}于{reply_by}前补报{period}数据，此后每月按期报送。",
        "en": "{units} are asked to submit the missing {period} figures by {reply_by} and to report on time "
        "every month.",
    },
    "brief_next_deadline_title": {"zh": "聚焦到期目标。", "en": "Keep the deadline in view. "},
    "brief_next_deadline": {
        "zh": "对按趋势测算预计到期未达标的{n}个事项，责任单位要倒排工期、加快推进，确保按期完成。",
        "en": "For the {n} items projected to miss their target, the responsible units are to plan "
        "backwards from the deadline and speed up.",
    },
    "brief_next_placeholder": {
        "zh": "【待补充：请在此填写下一步工作安排】",
        "en": "[To be completed: further next steps]",
    },
    "brief_appendix": {"zh": "附件：督办单（共{n}份）", "en": "Annex: supervision orders ({n})"},
    "brief_appendix_head": {"zh": "附件", "en": "Annex"},
    # --- 督办单 -----------------------------------------------------------------------------------
    "order_title": {"zh": "{city}营商环境任务督办单", "en": "{city} business environment supervision order"},
    "order_number": {
        "zh": "督办〔{year}〕第{month:02d}-{seq:03d}号",
        "en": "Order {year}/{month:02d}-{seq:03d}",
    },
    "order_band_blue": {"zh": "蓝色督办 · 滞后于序时进度", "en": "Blue: behind schedule"},
    "order_band_yellow": {
        "zh": "黄色督办 · 连续{n}期滞后",
        "en": "Yellow: behind schedule {n} periods running",
    },
    "order_band_red": {"zh": "红色督办 · 逾期未完成", "en": "Red: deadline passed, target not met"},
    "order_band_red_streak": {
        "zh": "红色督办 · 连续{n}期滞后",
        "en": "Red: behind schedule {n} periods running",
    },
    "order_row_item": {"zh": "督办事项", "en": "Item"},
    "order_row_clause": {"zh": "台账要求", "en": "Ledger requirement"},
    "order_clause": {"zh": "【{clause}】（任务{task}{title}）", "en": "“{clause}” (task {task} {title})"},
    "order_row_unit": {"zh": "责任单位", "en": "Responsible unit"},
    "order_row_target": {"zh": "目标时限", "en": "Target and deadline"},
    "order_target": {"zh": "{target}，{deadline}前完成", "en": "{target} by {deadline}"},
    "order_row_progress": {"zh": "当前进展", "en": "Progress"},
    "order_progress_ge": {
        "zh": "截至{month}，实际值{actual}{reported}，序时进度{expected}，低于序时进度{gap}。",
        "en": "As of {month}: actual {actual}{reported}, expected by now {expected}, {gap} below schedule.",
    },
    "order_progress_le": {
        "zh": "截至{month}，实际值{actual}{reported}，序时进度{expected}，超出序时进度{gap}。",
        "en": "As of {month}: actual {actual}{reported}, expected by now {expected}, {gap} over schedule.",
    },
    "order_gap_points": {"zh": "{gap}个百分点", "en": "{gap} percentage points"},
    "order_streak": {"zh": "已连续{n}期滞后。", "en": " Behind schedule {n} periods running."},
    "order_row_trend": {"zh": "趋势研判", "en": "Trend"},
    "order_trend": {
        "zh": "按今年最近{window}期报送数据的趋势测算，{deadline}预计达到{projected}，{verdict}。",
        "en": "On the trend of the latest {window} reports the figure is projected at {projected} on "
        "{deadline}: {verdict}.",
    },
    "order_trend_none": {
        "zh": "今年报送不足{points}期，暂不测算趋势。",
        "en": "Fewer than {points} reports this year: no trend is projected.",
    },
    "order_row_ask": {"zh": "督办要求", "en": "Required"},
    "order_ask": {
        "zh": "请于{reply_by}前书面报送整改措施及进展情况，确保{deadline}前{target}。",
        "en": "Send the measures taken and the progress in writing by {reply_by}, and reach {target} by "
        "{deadline}.",
    },
    "order_ask_overdue": {
        "zh": "该事项已超过截止日期（{deadline}）仍未{target}，请于{reply_by}前书面报送未完成原因、整改措施"
        "及完成时限。",
        "en": "The deadline ({deadline}) has passed without reaching {target}: send the reasons, the "
        "measures and a completion date in writing by {reply_by}.",
    },
    "order_row_issuer": {"zh": "督办单位", "en": "Issued by"},
    "order_row_date": {"zh": "督办日期", "en": "Date"},
    "order_row_receipt": {"zh": "签收", "en": "Received"},
    "order_receipt": {"zh": "签收人：　　　　　　　　签收日期：", "en": "Received by:                 Date:"},
    "order_none": {
        "zh": "截至{month}，无滞后或逾期事项，未生成督办单。",
        "en": "As of {month}, no item is behind schedule or overdue: no supervision order.",
    },
    # --- errors ----------------------------------------------------------------------------------
    "briefing_no_data": {
        "zh": "尚未导入任何填报数据，无法生成通报。",
        "en": "No figures have been imported yet: there is nothing to brief.",
    },
    "briefing_period_missing": {
        "zh": "期间 {period} 没有填报数据（有数据的期间：{first} 至 {last}）。",
        "en": "There are no figures for {period} (periods with data: {first} to {last}).",
    },
    "briefing_empty_filter": {
        "zh": "{scope}没有分解到的监测事项或任务，无法生成通报。",
        "en": "Nothing is assigned to {scope}, neither indicators nor tasks: there is nothing to brief.",
    },
    "pdf_no_soffice": {
        "zh": "未安装 LibreOffice（soffice），无法生成 PDF；Word 文件已写入 {docx}。",
        "en": "LibreOffice (soffice) is not installed, so no PDF was made; the Word file is at {docx}.",
    },
    "pdf_timeout": {
        "zh": "LibreOffice 转换 PDF 超过 {seconds} 秒未完成，已中止；Word 文件已写入 {docx}。",
        "en": "LibreOffice did not finish the PDF within {seconds} seconds and was stopped; the Word file "
        "is at {docx}.",
    },
    "pdf_failed": {
        "zh": "LibreOffice 未能生成 PDF（{reason}）；Word 文件已写入 {docx}。",
        "en": "LibreOffice could not make the PDF ({reason}); the Word file is at {docx}.",
    },
    # --- command line and pages ------------------------------------------------------------------
    "brief_cli_written": {"zh": "已写入 {path}", "en": "Written: {path}"},
    "brief_cli_summary": {
        "zh": "截至 {period}：{items} 个监测事项，滞后 {behind} 个、逾期 {overdue} 个，督办单 {orders} 份",
        "en": "As of {period}: {items} items, {behind} behind schedule, {overdue} overdue, {orders} "
        "supervision orders",
    },
    "brief_download_help": {
        "zh": "按当前筛选和期间生成通报，附滞后、逾期事项的督办单",
        "en": "The briefing for the current filter and period, with supervision orders for items behind",
    },
    "brief_download": {"zh": "下载本期通报（Word）", "en": "Download the briefing (Word)"},
    "brief_meeting": {"zh": "本期通报：{scope}", "en": "Briefing: {scope}"},
    "brief_meeting_button": {"zh": "下载（Word）", "en": "Download (Word)"},
    "brief_file_name": {"zh": "营商环境通报_{period}{scope}.docx", "en": "briefing_{period}{scope}.docx"},
    "metric_projected_unmet": {"zh": "预计年底未达标", "en": "Projected to miss"},
    "metric_projected_help": {
        "zh": "按今年最近6期报送数据（至少3期）的趋势外推至截止日期，预计届时仍未达标的事项数",
        "en": "Items whose trend over their latest 6 reports this year (at least 3) does not reach the "
        "target by the deadline",
    },
    "chart_projection": {"zh": "预计（趋势外推）", "en": "Projected (trend)"},
}
