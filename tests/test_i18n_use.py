"""Every message the code can produce has its text in Chinese and English, and every entry of the i18n
table is used by the code (no dead entries next to hard-coded copies of them).

Codes are found by reading the code: the first argument of ``Problem``, ``Bad``, ``UserError`` and its
subclasses, ``Term``, the refusal helpers, and the problem codes the schema declares. Usage is any
string constant of the product code (``ledger/``, ``ui/``, ``pages/``, ``app.py``, ``data/``) equal to
a key, or the literal start of an f-string that builds keys (``f"kind_{kind}"``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from ledger.i18n import TEXT
from ledger.upload.schema import RULES, SCHEMAS
from tests.conftest import ROOT

TEXT_MODULES = {"briefing.py", "cli.py", "ledgers.py", "problems.py", "reading.py", "ui.py", "workflow.py"}
#: Calls whose first argument is a message code.
CODE_CALLS = {"Problem", "Bad", "Term", "UserError", "StoreError", "ServiceError", "AccountError",
              "PermissionDenied", "_fail", "_problem", "require_analyst", "__init__",
              # the reporting workflow (issue 12)
              "SubmissionError", "EvidenceError", "CommentError", "require_admin", "require_reporter"}
#: Calls whose first argument completes a code: SignInError("locked") → signin_locked.
PREFIXED_CALLS = {"SignInError": "signin_"}
#: Entries no code of this branch uses yet, owned by other work: the dashboard pages (issue 10), the
#: 通报 (issue 13) and the ledger registry. The list may only shrink: an entry that gets used must leave
#: it (the test says so), and any other unused entry fails the test.
PENDING = {
    # dashboard pages and charts
    "app_subtitle", "filter_category", "filter_status", "filter_reset", "language", "metric_delta",
    "metric_delta_help", "metric_no_previous", "metric_items", "metric_share", "metric_indicators",
    "metric_tasks", "metric_departments", "metric_reported", "col_lead_department", "col_change",
    "col_data_as_of", "direction_ge", "direction_le", "indicator_detail", "show_details", "lead_marker",
    "meeting_view", "meeting_help", "meeting_next", "meeting_prev", "meeting_slide", "meeting_ranking_county",
    "chart_higher_better", "chart_legend_status", "chart_score_axis", "chart_status_title", "chart_total",
    # the 通报
    "brief_next_deadline_title", "brief_next_fix_title", "brief_next_report_title",
    # the ledger registry: a setup that changed nothing
    "ledger_unchanged",
}


def product_files() -> list[Path]:
    files = [*ROOT.glob("ledger/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py",
             *ROOT.glob("data/*.py")]
    return [p for p in files if not (p.parent.name == "i18n" and p.name in TEXT_MODULES)]


def _trees() -> list[ast.AST]:
    return [ast.parse(p.read_text(encoding="utf-8")) for p in product_files()]


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def codes_in_code() -> set[str]:
    found = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first, name = node.args[0], _name(node.func)
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if name in CODE_CALLS:
                found.add(first.value)
            elif name in PREFIXED_CALLS:
                found.add(PREFIXED_CALLS[name] + first.value)
    for cols in SCHEMAS.values():
        found |= {c.missing for c in cols if c.missing}
    for rules in RULES.values():
        found |= {r.code for r in rules}
    return found


def test_every_message_code_has_chinese_and_english():
    codes = codes_in_code()
    assert len(codes) > 90
    missing = sorted(c for c in codes if not (TEXT.get(c, {}).get("zh") and TEXT.get(c, {}).get("en")))
    assert missing == []


def used_keys() -> set[str]:
    constants, prefixes = set(), set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = node.values[0].value
                if len(start) >= 4 and start.endswith("_"):
                    prefixes.add(start)
    return {k for k in TEXT if k in constants or any(k.startswith(p) for p in prefixes)}


def test_every_entry_of_the_table_is_used():
    used = used_keys()
    assert sorted(set(TEXT) - used - PENDING) == []
    assert sorted(PENDING & used) == [], "used now: remove these from PENDING"
    assert set(TEXT) >= PENDING
