"""The reporting workflow as a library and on the command line, on real SQLite copies of the sample data:
scopes and the upload engine's scope rule, reporters' templates, the in-app editor's cells through the
same engine, submissions (待审核 → 退回 → 通过, superseded, atomic approval, revert), evidence checked by
content, comments, the due-date rule and the 催报 list, and figures read from 工作完成情况.

Every refused write is checked against a dump of the whole database taken before it.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date

import docx
import openpyxl
import pandas as pd
import pytest

from ledger import service
from ledger.auth import (
    ADMIN,
    ANALYST,
    ANONYMOUS,
    REPORTER,
    VIEWER,
    Accounts,
    Identity,
    PermissionDenied,
    Scope,
)
from ledger.config import CityConfig
from ledger.errors import UserError
from ledger.store import Store
from ledger.upload import WorkbookError, check_rows
from ledger.workflow import evidence, periods, reminders
from ledger.workflow.scope import OutsideScope
from ledger.workflow.submissions import APPROVED, RETURNED, SUBMITTED, SUPERSEDED
from tests.conftest import FAST_HASHER, ROOT, copy_db

PASSWORD = "correct horse battery"
FAST = FAST_HASHER
PERIOD = "2023-10"
TAX, SP, HN = Scope(("市税务局",)), Scope(("市审批局",)), Scope((), ("惠农区",))


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    url = copy_db(sample_db, tmp_path)
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST)
        for name, role, scope in (("ana", ANALYST, None), ("adm", ADMIN, None), ("vic", VIEWER, None),
                                  ("tax", REPORTER, TAX), ("sp", REPORTER, SP), ("hn", REPORTER, HN)):
            accounts.add(name, PASSWORD, role, scope=scope)
    return url


@pytest.fixture()
def ctx(db):
    context = service.open_context(db)
    yield context
    context.store.dispose()


def who(ctx, name: str) -> Identity:
    return Accounts(ctx.store).identity(name)


def dump(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        conn.execute("PRAGMA wal_checkpoint(FULL)")
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def template(ctx, scope: Scope | None, period: str = PERIOD) -> openpyxl.Workbook:
    buf = io.BytesIO()
    service.write_template_file(ctx, buf, period=period, scope=scope)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


def saved(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def filled(ctx, scope: Scope, value: float = 5.0, period: str = PERIOD) -> bytes:
    """A reporter's own template with every 指标进度 row given ``value`` and the first task reported."""
    wb = template(ctx, scope, period)
    ws = wb["指标进度"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 6).value = value
    tasks = wb["任务进展"]
    tasks.cell(2, 6).value, tasks.cell(2, 8).value = "推进中", "已召开推进会"
    return saved(wb)


def submit(ctx, name: str, data: bytes):
    actor = who(ctx, name)
    upload = service.read_bytes(ctx, data, file_name="上报.xlsx", scope=actor.scope)
    return service.submit_upload(ctx, upload, actor=actor)


# --- scope: the template and the upload engine -----------------------------------------------------


def test_a_reporters_template_holds_its_own_rows_only(ctx):
    wb = template(ctx, TAX)
    assert "指标目标" not in wb.sheetnames  # the catalog is an admin's
    departments = {wb["指标进度"].cell(r, 4).value for r in range(2, wb["指标进度"].max_row + 1)}
    assert departments == {"市税务局"}
    assert {wb["任务进展"].cell(r, 4).value for r in range(2, wb["任务进展"].max_row + 1)} == {"市税务局"}
    lists = wb["lists"]
    assert [c.value for c in lists["A"][1:] if c.value] == ["市税务局"]
    county = template(ctx, HN)
    assert {county["指标进度"].cell(r, 5).value for r in range(2, county["指标进度"].max_row + 1)} == {"惠农区"}
    full = template(ctx, None)
    assert full["指标进度"].max_row > wb["指标进度"].max_row and "指标目标" in full.sheetnames


def test_another_departments_row_is_refused_naming_the_cell(ctx):
    wb = openpyxl.load_workbook(io.BytesIO(filled(ctx, TAX)))
    ws = wb["指标进度"]
    ws.cell(3, 4).value = "市审批局"  # crafted: someone else's department
    with pytest.raises(WorkbookError) as info:
        service.read_bytes(ctx, saved(wb), file_name="x.xlsx", scope=TAX)
    (problem,) = [p for p in info.value.problems if p.code == "department_outside_scope"]
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("指标进度", 3, "责任部门", "市审批局")
    assert problem.reason("zh") == "不属于您的填报范围：您只能填报 市税务局 的数据"
    assert problem.reason("en") == "is not yours to report: you may report the rows of 市税务局 only"
    # the same workbook from an analyst is checked without a scope (市审批局 is not responsible for that
    # indicator, which is another rule's problem)
    assert service.read_bytes(ctx, saved(wb), file_name="x.xlsx").progress["department"].eq("市审批局").any()
    county = openpyxl.load_workbook(io.BytesIO(filled(ctx, HN)))
    county["指标进度"].cell(2, 5).value = "全市"
    with pytest.raises(WorkbookError) as info:
        service.read_bytes(ctx, saved(county), file_name="x.xlsx", scope=HN)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [("county_outside_scope", 2, "县区")]


def test_a_reporters_workbook_cannot_carry_the_catalog_or_be_a_ledger_form(ctx):
    full = template(ctx, None)
    for ws in (full["指标进度"], full["任务进展"]):
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, 4).value != "市税务局":
                ws.delete_rows(r)  # keep the tax bureau's rows only
    ws = full["指标进度"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 1).value, ws.cell(r, 6).value = PERIOD, 1
    with pytest.raises(WorkbookError) as info:
        service.read_bytes(ctx, saved(full), file_name="x.xlsx", scope=TAX)
    assert [p.code for p in info.value.problems] == ["targets_not_for_reporters"]
    assert "删除“指标目标”工作表" in info.value.problems[0].reason()
    buf = io.BytesIO()
    service.write_ledger_form_file(ctx, buf)
    with pytest.raises(WorkbookError) as info:
        service.read_bytes(ctx, buf.getvalue(), file_name="台账.xlsx", scope=TAX, period=PERIOD)
    assert [p.code for p in info.value.problems] == ["ledger_form_for_reporters"]


# --- the editor's cells through the same engine ---------------------------------------------------------


def editor_rows(ctx, scope: Scope) -> pd.DataFrame:
    wb = template(ctx, scope)
    ws = wb["指标进度"]
    rows = [[ws.cell(r, c).value for c in (1, 2, 4, 5, 6, 7)] for r in range(2, ws.max_row + 1)]
    return pd.DataFrame(rows, columns=["period", "indicator", "department", "county", "actual", "note"])


def test_editor_cells_meet_the_same_rules_as_an_upload(ctx):
    rows = editor_rows(ctx, TAX)
    rows["actual"] = [float(i) for i in range(len(rows))]
    frame = check_rows(ctx.bundle, "指标进度", rows, scope=TAX)
    upload = service.read_bytes(ctx, filled(ctx, TAX, 0), file_name="x.xlsx", scope=TAX).progress
    assert list(frame.columns) == list(upload.columns) and dict(frame.dtypes) == dict(upload.dtypes)
    assert len(frame) == len(rows)
    # blank rows are skipped as in a workbook; a bad number and a crafted key are refused by row
    rows = rows.astype({"actual": object})
    rows.loc[1, "actual"] = None
    rows.loc[2, "actual"] = "abc"
    rows.loc[4, "department"] = "市审批局"
    rows.loc[5, "period"] = "2024-13"
    with pytest.raises(WorkbookError) as info:
        check_rows(ctx.bundle, "指标进度", rows, scope=TAX)
    got = {(p.row, p.column, p.code) for p in info.value.problems}
    assert got == {(3, "实际值", "not_number"), (5, "责任部门", "department_outside_scope"),
                   (6, "期间", "period_unreadable")}


def test_a_crafted_editor_submission_writes_nothing(ctx, db):
    rows = editor_rows(ctx, TAX)
    rows["actual"] = 3.0
    rows.loc[0, "department"] = "市审批局"
    before = dump(db)
    with pytest.raises(WorkbookError) as info:
        service.submit_rows(ctx, rows, None, actor=who(ctx, "tax"))
    assert info.value.problems[0].code == "department_outside_scope"
    # past the engine (a caller handing frames straight to the workflow): the last check refuses too
    frame = check_rows(ctx.bundle, "指标进度", rows.iloc[1:], scope=TAX)
    crafted = pd.concat([frame, frame.head(1).assign(department="市审批局")], ignore_index=True)
    from ledger.workflow import submissions

    with pytest.raises(OutsideScope, match="不属于您的填报范围"):
        submissions.submit(ctx.store, ctx.bundle, crafted, None, actor=who(ctx, "tax"), source="editor")
    assert dump(db) == before


# --- submissions and review ------------------------------------------------------------------------------


def current(ctx, key=("K07", "市税务局", "全市")) -> float | None:
    found = ctx.store.progress()
    row = found[(found["period"] == PERIOD) & (found["indicator"] == key[0]) & (found["department"] == key[1])
                & (found["county"] == key[2])]
    return None if row.empty else float(row["actual"].iloc[0])


def test_submit_return_resubmit_approve_and_the_dashboard_changes_only_at_approval(ctx, db):
    version = ctx.store.data_version()
    first = submit(ctx, "tax", filled(ctx, TAX, 9))
    assert first.state == SUBMITTED and first.rows == {"指标进度": 20, "任务进展": 1}
    assert current(ctx) is None and ctx.store.data_version() == version  # pending: nothing on the dashboard
    rows = {r["indicator"]: r for r in service.status_rows(ctx, as_of=PERIOD) if r["department"] == "市税务局"
            and r["county"] == "全市"}
    assert rows["K07"]["period"] != PERIOD

    returned = service.return_submission(ctx, first.id, actor=who(ctx, "ana"), reason="  K07 数值   有误 ")
    assert (returned.state, returned.returned_reason, returned.last.user) == (RETURNED, "K07 数值 有误", "ana")
    assert current(ctx) is None

    second = submit(ctx, "tax", filled(ctx, TAX, 8))
    result = service.approve_submission(ctx, second.id, actor=who(ctx, "ana"))
    assert current(ctx) == 8.0 and ctx.store.data_version() == version + 1
    top = ctx.store.history().iloc[0]
    assert (top["id"], top["kind"], top["user"]) == (result.import_id, "submission", "ana")
    assert f"填报 #{second.id}" in top["note"] and "tax" in top["note"]
    done = service.submission(ctx, second.id)
    assert (done.state, done.import_id) == (APPROVED, result.import_id)
    events = [e.state for e in service.submission(ctx, first.id).events]
    assert events == [SUBMITTED, RETURNED]  # every state change is a record

    service.revert_import(ctx, result.import_id, actor=who(ctx, "ana"))  # revert still works
    assert current(ctx) is None
    assert service.submission(ctx, second.id).reverted_by == result.import_id + 1


def test_a_new_submission_replaces_the_waiting_one_and_others_stay(ctx):
    first = submit(ctx, "tax", filled(ctx, TAX, 7))
    other = submit(ctx, "sp", filled(ctx, SP, 7))
    second = submit(ctx, "tax", filled(ctx, TAX, 6))
    assert service.submission(ctx, first.id).state == SUPERSEDED
    assert service.submission(ctx, first.id).last.reason == f"#{second.id}"
    assert service.submission(ctx, other.id).state == SUBMITTED
    waiting = [s.id for s in service.submissions(ctx, period=PERIOD, states=[SUBMITTED])]
    assert waiting == [second.id, other.id]


def test_review_refusals_change_nothing(ctx, db):
    sub = submit(ctx, "tax", filled(ctx, TAX, 5))
    before = dump(db)
    for actor in (ANONYMOUS, who(ctx, "vic"), who(ctx, "tax"), who(ctx, "sp")):
        with pytest.raises(PermissionDenied):
            service.approve_submission(ctx, sub.id, actor=actor)
        with pytest.raises(PermissionDenied):
            service.return_submission(ctx, sub.id, actor=actor, reason="x")
    with pytest.raises(UserError, match="写明原因"):
        service.return_submission(ctx, sub.id, actor=who(ctx, "ana"), reason="   ")
    with pytest.raises(UserError, match="不能超过 1000"):
        service.return_submission(ctx, sub.id, actor=who(ctx, "ana"), reason="长" * 1001)
    with pytest.raises(UserError, match="没有填报 #999"):
        service.approve_submission(ctx, 999, actor=who(ctx, "ana"))
    for actor in (who(ctx, "ana"), who(ctx, "vic"), ANONYMOUS):  # only reporters submit
        with pytest.raises(PermissionDenied):
            service.submit_rows(ctx, editor_rows(ctx, TAX).assign(actual=1.0), None, actor=actor)
    assert dump(db) == before
    service.approve_submission(ctx, sub.id, actor=who(ctx, "adm"))  # an admin may review too
    after = dump(db)
    with pytest.raises(UserError, match="不在待审核状态"):
        service.approve_submission(ctx, sub.id, actor=who(ctx, "ana"))
    with pytest.raises(UserError, match="不在待审核状态"):
        service.return_submission(ctx, sub.id, actor=who(ctx, "ana"), reason="晚了")
    with pytest.raises(UserError, match="没有变更"):  # the same figures again: nothing to review
        submit(ctx, "tax", filled(ctx, TAX, 5))
    assert dump(db) == after


def test_approval_is_one_transaction_with_its_state_change(ctx, db, monkeypatch):
    sub = submit(ctx, "tax", filled(ctx, TAX, 4))
    before = dump(db)
    monkeypatch.setenv("LEDGER_TEST_FAIL_IN_COMMIT", "1")
    with pytest.raises(RuntimeError):
        service.approve_submission(ctx, sub.id, actor=who(ctx, "ana"))
    assert dump(db) == before  # neither the import nor the 通过 event
    assert service.submission(ctx, sub.id).state == SUBMITTED
    monkeypatch.delenv("LEDGER_TEST_FAIL_IN_COMMIT")
    service.approve_submission(ctx, sub.id, actor=who(ctx, "ana"))
    assert current(ctx) == 4.0


# --- evidence --------------------------------------------------------------------------------------------


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(
        b"IEND", b"")


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("留抵退税办理情况说明")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "台账"
    return saved(wb)


KEY = {"period": PERIOD, "task": "1.5", "department": "市税务局", "county": "全市"}


@pytest.mark.parametrize("data, name, kind", [
    (b"%PDF-1.7\n%%EOF\n", "说明.pdf", "pdf"), (png(), "照片.PNG", "png"), (b"\xff\xd8\xff\xe0" + b"\0" * 20, "a.jpg", "jpg"),
    (word(), "情况说明.docx", "docx"), (workbook(), "台账.xlsx", "xlsx"),
    (word(), "named-as-pdf.pdf", "docx"),  # the content decides, not the name
])
def test_evidence_types_are_told_by_content(data, name, kind):
    assert evidence.detect(data, name, 10 * 2**20) == kind


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w/>" + b" " * (40 * 2**20))
    return out.getvalue()


@pytest.mark.parametrize("data, phrase", [
    (b"name,value\n1,2\n", "其他类型"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Office"),
    (b"", "空文件"), (bomb(), "压缩"), (b"%PDF-" + b"0" * (11 * 2**20), "超过 10 MB"),
])
def test_evidence_that_is_not_allowed_is_refused_and_nothing_is_stored(ctx, db, data, phrase):
    before = dump(db)
    with pytest.raises(UserError) as info:
        service.attach_evidence(ctx, KEY, data, "a.pdf", actor=who(ctx, "tax"))
    assert phrase in info.value.message()
    assert dump(db) == before


def test_evidence_follows_scope_and_sign_in(ctx, db):
    before = dump(db)
    with pytest.raises(PermissionDenied):
        service.attach_evidence(ctx, KEY, png(), "x.png", actor=who(ctx, "sp"))  # another department's task
    with pytest.raises(UserError, match=r"没有“9\.9"):
        service.attach_evidence(ctx, {**KEY, "task": "9.9"}, png(), "x.png", actor=who(ctx, "tax"))
    assert dump(db) == before
    new = service.attach_evidence(ctx, KEY, png(), "现场照片.png", actor=who(ctx, "tax"))
    assert service.evidence_file(ctx, new, actor=who(ctx, "ana")).data == png()
    assert service.evidence_file(ctx, new, actor=who(ctx, "vic")).mime == "image/png"  # a signed-in leader
    with pytest.raises(UserError, match="不属于您的填报范围"):
        service.evidence_file(ctx, new, actor=who(ctx, "sp"))
    with pytest.raises(UserError, match="仅登录用户"):
        service.evidence_file(ctx, new, actor=ANONYMOUS)


def test_evidence_in_a_folder_and_the_rule_for_done_tasks(ctx, tmp_path, monkeypatch):
    import dataclasses

    config = dataclasses.replace(ctx.bundle.config, evidence={"folder": str(tmp_path / "files"),
                                                              "require_for_done": True})
    ctx = service.Context(ctx.store, dataclasses.replace(ctx.bundle, config=config))
    wb = openpyxl.load_workbook(io.BytesIO(filled(ctx, TAX, 2)))
    wb["任务进展"].cell(2, 6).value = "已完成"
    task = wb["任务进展"].cell(2, 2).value
    with pytest.raises(UserError, match="须上传佐证材料") as info:
        submit(ctx, "tax", saved(wb))
    assert task in info.value.message()
    key = {"period": PERIOD, "task": task, "department": "市税务局", "county": wb["任务进展"].cell(2, 5).value}
    report = word()  # once: a .docx made a second later differs in its creation time
    new = service.attach_evidence(ctx, key, report, "验收报告.docx", actor=who(ctx, "tax"))
    stored = list((tmp_path / "files").iterdir())
    assert [p.suffix for p in stored] == [".docx"] and stored[0].read_bytes() == report
    assert service.evidence_file(ctx, new, actor=who(ctx, "ana")).data == report
    assert submit(ctx, "tax", saved(wb)).state == SUBMITTED


# --- comments --------------------------------------------------------------------------------------------


def test_comments_by_role_and_append_only(ctx, db):
    item = {"item_kind": "indicator", "item": "K07", "department": "市税务局", "county": "惠农区",
            "period": "2023-09"}
    before = dump(db)
    with pytest.raises(PermissionDenied):
        service.add_comment(ctx, actor=ANONYMOUS, text="请加快", label="批示", **item)
    with pytest.raises(PermissionDenied):
        service.add_comment(ctx, actor=who(ctx, "vic"), text="说明", label="说明", **item)
    with pytest.raises(UserError, match="本单位的事项"):
        service.add_comment(ctx, actor=who(ctx, "sp"), text="不是我们的", label="说明", **item)
    with pytest.raises(UserError, match="没有分配"):
        service.add_comment(ctx, actor=who(ctx, "ana"), text="x", label="说明", **{**item, "department": "市审批局"})
    with pytest.raises(UserError, match="请写下"):
        service.add_comment(ctx, actor=who(ctx, "ana"), text=" \n ", label="说明", **item)
    assert dump(db) == before
    service.add_comment(ctx, actor=who(ctx, "vic"), text="惠农区留抵退税要在10月底前赶上进度。", label="批示", **item)
    service.add_comment(ctx, actor=who(ctx, "tax"), text="9月系统升级停办5天，10月已恢复。", label="说明", **item)
    service.add_comment(ctx, actor=who(ctx, "ana"), text="跟踪", label="说明", item_kind="task", item="1.5")
    found = service.comments(ctx, "indicator", ["K07"])
    assert found[["user", "label", "role"]].values.tolist() == [["tax", "说明", REPORTER], ["vic", "批示", VIEWER]]
    assert found["created_at"].str.match(r"\d{4}-\d\d-\d\dT").all()


def test_the_export_carries_the_comments(ctx, tmp_path):
    service.add_comment(ctx, actor=who(ctx, "vic"), text="=HYPERLINK(\"http://x\")", label="批示",
                        item_kind="indicator", item="K07", department="市税务局", county="全市")
    out = tmp_path / "报表.xlsx"
    service.export_report(ctx, out)
    ws = openpyxl.load_workbook(out)["批示说明"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    row = next(v for v in values if v[:4] == ["指标", "K07", "市税务局", "全市"])
    assert row[5:8] == ["批示", "'=HYPERLINK(\"http://x\")", "vic"]  # a formula stays text


# --- due dates and 催报 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reporting, period, due", [
    ({}, "2023-10", date(2023, 11, 5)),
    ({}, "2023-12", date(2024, 1, 5)),
    ({"due_day": 31}, "2023-01", date(2023, 2, 28)),
    ({"due_day": 31}, "2024-01", date(2024, 2, 29)),
    ({"due_day": 10, "due_months": 0}, "2023-06", date(2023, 6, 10)),
    ({"due": {"2023-12": "2024-01-15"}}, "2023-12", date(2024, 1, 15)),
])
def test_the_due_date_rule(reporting, period, due):
    assert periods.due_date(period, CityConfig(reporting=reporting)) == due


@pytest.mark.parametrize("reporting", [{"due_day": 0}, {"due_day": "五"}, {"due_months": 13},
                                       {"due": {"2023-10": "十一月"}}])
def test_a_bad_due_setting_is_a_sentence(reporting):
    with pytest.raises(UserError, match=r"\[reporting\]"):
        periods.due_date("2023-10", CityConfig(reporting=reporting))


def test_missing_reports_pending_approved_returned_and_the_overdue_order(ctx):
    on = date(2023, 11, 8)
    rows = service.missing_reports(ctx, PERIOD, on)
    tax = rows[(rows["department"] == "市税务局") & (rows["county"] == "全市")].iloc[0]
    assert (tax["due"], tax["days_overdue"], tax["overdue"]) == ("2023-11-05", 3, True)
    assert tax["missing"] == tax["expected"] and "K07" in tax["missing_indicators"]
    sub = submit(ctx, "tax", filled(ctx, TAX, 3))
    after = service.missing_reports(ctx, PERIOD, on)
    tax = after[(after["department"] == "市税务局") & (after["county"] == "全市")].iloc[0]
    assert tax["pending"] > 0 and "K07" not in tax["missing_indicators"]  # submitted: not missing
    service.return_submission(ctx, sub.id, actor=who(ctx, "ana"), reason="重报")
    again = service.missing_reports(ctx, PERIOD, on)
    assert "K07" in again[(again["department"] == "市税务局") & (again["county"] == "全市")].iloc[0][
        "missing_indicators"]  # returned: missing again
    sub = submit(ctx, "tax", filled(ctx, TAX, 3))
    service.approve_submission(ctx, sub.id, actor=who(ctx, "ana"))
    done = service.missing_reports(ctx, PERIOD, on)
    left = done[(done["department"] == "市税务局") & (done["county"] == "全市")]
    assert left.empty or "K07" not in left.iloc[0]["missing_indicators"]
    # with earlier months: the older a missing report, the further up
    both = service.missing_reports(ctx, PERIOD, on, since="2023-08")
    assert both["days_overdue"].is_monotonic_decreasing
    assert both.iloc[0]["period"] == "2023-08" and both.iloc[0]["days_overdue"] == (on - date(2023, 9, 5)).days
    early = service.missing_reports(ctx, PERIOD, date(2023, 11, 1))
    assert not early["overdue"].any() and (early["days_overdue"] == 0).all()


def test_notices_name_the_department_its_items_and_the_delay(ctx):
    on = date(2023, 11, 8)
    rows = service.missing_reports(ctx, PERIOD, on)
    notices = service.reminder_notices(ctx, rows, on)
    text = notices["市税务局"]
    assert text.startswith("催报通知\n主送：市税务局")
    assert "2023-10 填报期（截止 2023-11-05）" in text and "已逾期 3 天" in text and "K07" in text
    assert "石嘴山市优化营商环境工作领导小组办公室" in text
    assert list(notices) == list(dict.fromkeys(rows["department"]))


def test_today_is_the_clock_and_only_reminders_read_it():
    assert isinstance(reminders.today(), date)
    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "ledger" / "workflow").glob("*.py")}
    readers = [p.name for p, s in sources.items() if "datetime.now(" in s or "date.today(" in s]
    # reminders reads the date; the others stamp records with the time they are written, never decide on it
    assert "reminders.py" in readers
    for name in readers:
        if name != "reminders.py":
            text = sources[next(p for p in sources if p.name == name)]
            assert text.count("datetime.now(") == text.count("datetime.now(UTC).isoformat(")


# --- figures read from 工作完成情况 --------------------------------------------------------------------------


def test_accepted_figures_become_records_of_the_same_approval(ctx):
    wb = template(ctx, TAX)
    tasks = wb["任务进展"]
    row = next(r for r in range(2, tasks.max_row + 1) if tasks.cell(r, 2).value == "1.5"
               and tasks.cell(r, 5).value == "全市")
    tasks.cell(row, 6).value = "推进中"
    tasks.cell(row, 8).value = "市税务局：留抵退税平均7个工作日办结，全程网办比例达96.5%。"
    sub = submit(ctx, "tax", saved(wb))
    records = service.submission_records(ctx, sub.id)
    found = service.figure_proposals(ctx, records["任务进展"], records["指标进度"])
    assert set(zip(found["indicator"], found["value"], strict=True)) == {("K07", 7.0), ("K05", 96.5)}
    accepted = service.accepted_figures(ctx, found[found["indicator"] == "K07"])
    assert accepted.iloc[0]["note"].startswith("取自工作完成情况：")
    result = service.approve_submission(ctx, sub.id, actor=who(ctx, "ana"), accepted=accepted)
    assert result.counts["指标进度"]["added"] == 1 and current(ctx) == 7.0
    assert current(ctx, ("K05", "市税务局", "全市")) is None  # not ticked: not stored


# --- the command line ---------------------------------------------------------------------------------


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_cli_accounts_submit_review_submissions_and_missing(db, tmp_path):
    made = cli("add-user", "hn2", "--role", "reporter", "--department", "税务局", "--county", "惠农",
               "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert made.returncode == 0 and "已创建填报人账户 hn2" in made.stdout
    users = cli("users", "--db", db).stdout
    assert "hn2\t填报人\t" in users and "市税务局 · 惠农区" in users and "argon2" not in users
    bad = cli("add-user", "x1", "--role", "reporter", "--department", "不存在局", "--password-stdin", "--db", db,
              stdin=PASSWORD + "\n")
    assert bad.returncode == 1 and "不存在局" in bad.stderr and "Traceback" not in bad.stderr
    none = cli("add-user", "x2", "--role", "reporter", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert none.returncode == 1 and "填报范围" in none.stderr

    ctx = service.open_context(db)
    try:
        good, other = filled(ctx, TAX, 6), filled(ctx, SP, 6)
    finally:
        ctx.store.dispose()
    (tmp_path / "tax.xlsx").write_bytes(good)
    (tmp_path / "sp.xlsx").write_bytes(other)
    before = dump(db)
    refused = cli("submit", str(tmp_path / "sp.xlsx"), "--user", "tax", "--db", db)
    assert refused.returncode == 1 and "不属于您的填报范围" in refused.stderr and dump(db) == before
    assert cli("submit", str(tmp_path / "tax.xlsx"), "--user", "nobody", "--db", db).returncode == 1
    sent = cli("submit", str(tmp_path / "tax.xlsx"), "--user", "tax", "--db", db)
    assert sent.returncode == 0 and "已提交填报 #1（待审核）" in sent.stdout
    listed = json.loads(cli("submissions", "--period", PERIOD, "--json", "--db", db).stdout)
    assert [(s["id"], s["user"], s["state"]) for s in listed] == [(1, "tax", "submitted")]
    no_reason = cli("review", "1", "--return", "--user", "ana", "--db", db)
    assert no_reason.returncode == 1 and "写明原因" in no_reason.stderr
    assert cli("review", "1", "--approve", "--user", "tax", "--db", db).returncode == 1  # a reporter
    back = cli("review", "1", "--return", "--reason", "K07 有误", "--user", "ana", "--db", db)
    assert back.returncode == 0 and "已退回填报 #1：K07 有误" in back.stdout
    cli("submit", str(tmp_path / "tax.xlsx"), "--user", "tax", "--db", db)
    approved = cli("review", "2", "--approve", "--user", "ana", "--db", db)
    assert approved.returncode == 0 and "已通过填报 #2" in approved.stdout
    states = [(s["id"], s["state"], s["reason"]) for s in
              json.loads(cli("submissions", "--json", "--db", db).stdout)]
    assert states == [(2, "approved", ""), (1, "returned", "K07 有误")]

    rows = json.loads(cli("missing", "--period", PERIOD, "--on", "2023-11-20", "--json", "--db", db).stdout)
    assert rows and all(r["days_overdue"] == 15 and r["overdue"] for r in rows)
    assert not [r for r in rows if r["department"] == "市税务局" and r["county"] == "全市"
                and "K07" in r["missing_indicators"]]
    assert set(rows[0]) == set(reminders.COLUMNS)
    bad_on = cli("missing", "--period", PERIOD, "--on", "十一月", "--db", db)
    assert bad_on.returncode == 1 and "YYYY-MM-DD" in bad_on.stderr
    notices = cli("missing", "--period", PERIOD, "--on", "2023-11-20", "--notices", "--db", db).stdout
    assert notices.count("催报通知") == len({r["department"] for r in rows})
