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
    "action_evidence": {"zh": "查看佐证材料", "en": "see evidence files"},
    "action_accounts": {"zh": "管理账户", "en": "manage accounts"},
    "action_reminders": {"zh": "催报", "en": "send reminders"},
}
