"""The report workbook (``ledger export`` and the 台账 page's download)."""

TEXT: dict[str, dict[str, str]] = {
    "report_items": {"zh": "监测事项数", "en": "Items monitored"},
    "report_stale": {"zh": "未按期报送", "en": "Reported late"},
    "report_task_state": {"zh": "任务事项：{state}", "en": "Task items: {state}"},
    "report_scope_county": {"zh": "县区：{value}", "en": "County: {value}"},
    "report_scope_department": {"zh": "责任部门：{value}", "en": "Department: {value}"},
}
