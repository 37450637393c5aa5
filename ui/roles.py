"""Which of the workflow's pages each role sees (app.py's navigation), and who may use each one.

上传, 审核, 催报 and 接入台账 are for analysts and admins, 我的填报 for reporters. A page not open to
the user is left out of the navigation; its address gets our not-allowed page (:func:`ui.nav.stand_in`), which
names the roles that may use it. Every page checks the role again when it runs, and the write
functions in :mod:`ledger.service` once more.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ledger.auth import ANALYSTS, REPORTER, Identity
from ledger.i18n import t


@dataclass(frozen=True)
class WorkflowPage:
    path: str
    script: str
    title: str
    icon: str
    roles: tuple[str, ...]


#: In navigation order.
PAGES = (
    WorkflowPage("reports", "pages/my_reports.py", "page_reports", ":material/edit_note:", (REPORTER,)),
    WorkflowPage("upload", "pages/upload.py", "page_upload", ":material/upload_file:", ANALYSTS),
    WorkflowPage("review", "pages/review.py", "page_review", ":material/fact_check:", ANALYSTS),
    WorkflowPage("reminders", "pages/reminders.py", "page_reminders", ":material/notifications:", ANALYSTS),
    WorkflowPage("onboard", "pages/onboard.py", "page_onboard", ":material/library_add:", ANALYSTS),
)
BY_PATH = {p.path: p for p in PAGES}


def may_use(who: Identity | None, page: WorkflowPage) -> bool:
    if who is None:
        return False
    if page.roles == (REPORTER,):
        return who.is_reporter
    return who.role in page.roles


def pages(who: Identity, lang: str) -> list[st.Page]:
    """The workflow pages ``who`` may use, as navigation pages."""
    return [st.Page(p.script, title=t(p.title, lang), icon=p.icon, url_path=p.path)
            for p in PAGES if may_use(who, p)]


def restricted(who: Identity, lang: str) -> dict[str, str]:
    """url path → title of the workflow pages ``who`` may not use (their addresses get the not-allowed
    page)."""
    return {p.path: t(p.title, lang) for p in PAGES if not may_use(who, p)}
