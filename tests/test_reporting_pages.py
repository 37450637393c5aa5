"""AppTest: the workflow's pages by role — navigation, 我的填报 (editor and template, its own rows only,
whatever the URL says), 审核 (通过 / 退回), 催报 against ``ledger missing --json``, the catalog as the
admin's own confirmed step on 上传, figures read from 工作完成情况 stored only when ticked, 账户管理, 批示/说明
and the overview's 未报.

Identities are set in the session before the first run (as tests/test_upload_pages.py does); the
cookie path is covered by tests/test_upload_pages.py and tests/test_session_routes.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from ledger import service
from ledger.auth import ADMIN, ANALYST, REPORTER, VIEWER, Accounts, Identity, Scope
from ledger.store import Store
from ledger.workflow import reminders
from tests.conftest import FAST_HASHER, ROOT, copy_db
from tests.test_reporting import PERIOD, dump, filled
from tests.workbook_fixtures import catalog_change, edited

APP = str(ROOT / "app.py")
PASSWORD = "correct horse battery"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAX_SCOPE = Scope(("市税务局",))
ANA = Identity("ana", ANALYST, "local")
ADM = Identity("adm", ADMIN, "local")
VIC = Identity("vic", VIEWER, "local")
TAX = Identity("tax", REPORTER, "local", TAX_SCOPE)
SP = Identity("sp", REPORTER, "local", Scope(("市审批局",)))


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    url = copy_db(sample_db, tmp_path)
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST_HASHER)
        for w in (ANA, ADM, VIC, TAX, SP):
            accounts.add(w.name, PASSWORD, w.role, scope=w.scope)
    return url


def app(db: str, monkeypatch, who: Identity | None = None, **query) -> AppTest:
    monkeypatch.setenv("LEDGER_DB", db)
    at = AppTest.from_file(APP, default_timeout=60)
    if who is not None:
        at.session_state["_identity"] = who
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def reachable(at: AppTest, page: str) -> bool:
    try:
        at.switch_page(f"pages/{page}.py")
    except ValueError:
        return False
    return True


def texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.mark.parametrize("who, pages", [
    (None, set()), (VIC, set()), (TAX, {"my_reports"}), (ANA, {"upload", "review", "reminders"}),
    (ADM, {"upload", "review", "reminders"}),
], ids=["anonymous", "viewer", "reporter", "analyst", "admin"])
def test_the_navigation_follows_the_role(db, monkeypatch, who, pages):
    for page in ("my_reports", "upload", "review", "reminders"):
        assert reachable(app(db, monkeypatch, who), page) == (page in pages), page
    assert reachable(app(db, monkeypatch, who), "overview")  # everyone sees the dashboard


@pytest.mark.parametrize("page, allowed, phrase", [
    ("my_reports", (TAX,), "仅填报单位可用"), ("review", (ANA, ADM), "仅分析员可用"),
    ("reminders", (ANA, ADM), "仅分析员可用"),
])
def test_each_page_checks_the_role_itself(db, monkeypatch, page, allowed, phrase):
    """Run without the router (as if reached some other way)."""
    monkeypatch.setenv("LEDGER_DB", db)
    for who in (None, VIC, TAX, ANA, ADM):
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
        if who is not None:
            at.session_state["_identity"] = who
        at.run()
        assert (phrase in texts(at.error)) == (who not in allowed), (page, who)


# --- 我的填报 ---------------------------------------------------------------------------------------------


def editor_departments(at: AppTest) -> set[str]:
    return {d for e in at.data_editor for d in e.value["department"]}


def test_a_reporter_sees_and_edits_its_own_rows_whatever_the_url_says(db, monkeypatch):
    at = goto(app(db, monkeypatch, TAX, department="市审批局", county="惠农区"), "my_reports")
    assert at.title[0].value == "我的填报"
    assert editor_departments(at) == {"市税务局"}
    counties = {c for e in at.data_editor for c in e.value["county"]}
    assert counties == {"全市", "大武口区", "惠农区", "平罗县"}  # the URL's county did not narrow or widen it
    assert at.selectbox(key="report_period").value == "2023-10"  # the month after the complete one


def test_editor_submission_then_review_then_the_dashboard(db, monkeypatch):
    at = goto(app(db, monkeypatch, TAX), "my_reports")
    at.session_state["editor_progress"] = {"edited_rows": {0: {"actual": 6.5}, 1: {"actual": 7.0}},
                                           "added_rows": [], "deleted_rows": []}
    at.session_state["editor_tasks"] = {"edited_rows": {0: {"status": "推进中", "completion": "已召开推进会"}},
                                        "added_rows": [], "deleted_rows": []}
    rerun(at)
    at.button(key="editor_submit").click()
    rerun(at)
    assert any(s.startswith("已提交填报 #1") for s in texts(at.success))
    assert any("待审核" in i for i in texts(at.info))
    ctx = service.open_context(db)
    try:
        (sub,) = service.submissions(ctx)
        assert sub.rows == {"指标进度": 2, "任务进展": 1} and sub.source == "editor"
        before = ctx.store.data_version()
    finally:
        ctx.store.dispose()

    review = goto(app(db, monkeypatch, ANA), "review")
    assert "待审核（1）" in [s.value for s in review.subheader]
    review.button(key="return_1").click()  # no reason: refused
    rerun(review)
    assert any("写明原因" in e for e in texts(review.error))
    review.text_area(key="reason_1").input("K 指标请附说明")
    review.button(key="return_1").click()
    rerun(review)
    assert "已退回填报 #1" in texts(review.success)

    back = goto(app(db, monkeypatch, TAX), "my_reports")
    assert any("已被 ana 退回：K 指标请附说明" in e for e in texts(back.error))
    back.session_state["editor_progress"] = {"edited_rows": {0: {"actual": 6.5}}, "added_rows": [],
                                             "deleted_rows": []}
    rerun(back)
    back.button(key="editor_submit").click()
    rerun(back)

    review = goto(app(db, monkeypatch, ANA), "review")
    review.button(key="approve_2").click()
    rerun(review)
    assert any(s.startswith("已通过填报 #2") for s in texts(review.success))
    with Store(db) as store:
        assert store.data_version() == before + 1 and store.history().iloc[0]["kind"] == "submission"


def test_a_crafted_editor_row_is_refused_and_writes_nothing(db, monkeypatch):
    at = goto(app(db, monkeypatch, TAX), "my_reports")
    at.session_state["editor_progress"] = {
        "edited_rows": {0: {"actual": 5.0}, 1: {"department": "市审批局", "actual": 3.0}},
        "added_rows": [], "deleted_rows": []}
    rerun(at)
    before = dump(db)
    at.button(key="editor_submit").click()
    rerun(at)
    assert "校验发现 1 个问题，未提交。请修改后重新提交。" in texts(at.error)
    problem = at.dataframe[-1].value.iloc[0]
    assert (problem["工作表"], problem["行"], problem["列"], problem["值"]) == ("指标进度", 2, "责任部门", "市审批局")
    assert dump(db) == before


def test_the_reporters_template_upload_is_held_for_review(db, monkeypatch):
    ctx = service.open_context(db)
    try:
        own, other = filled(ctx, TAX_SCOPE, 4.0), filled(ctx, SP.scope, 4.0)
    finally:
        ctx.store.dispose()
    at = goto(app(db, monkeypatch, TAX), "my_reports")
    assert at.get("download_button")[0].label == "模板下载"
    before = dump(db)
    at.get("file_uploader")[0].set_value(("审批局.xlsx", other, XLSX))
    rerun(at)
    reasons = at.dataframe[-1].value["问题"].tolist()
    assert reasons and all("不属于您的填报范围" in r for r in reasons)
    assert dump(db) == before
    at.get("file_uploader")[0].set_value(("税务局.xlsx", own, XLSX))
    rerun(at)
    at.button(key="upload_submit").click()
    rerun(at)
    assert any(s.startswith("已提交填报 #1") for s in texts(at.success))


# --- 催报 ------------------------------------------------------------------------------------------------


def test_the_reminders_page_lists_what_the_command_line_lists(db, monkeypatch):
    at = goto(app(db, monkeypatch, ANA), "reminders")
    at.date_input(key="reminder_on").set_value(date(2023, 11, 8))
    rerun(at)
    shown = at.dataframe[0].value
    proc = subprocess.run([sys.executable, "-m", "ledger", "missing", "--period", PERIOD, "--on", "2023-11-08",
                           "--json", "--db", db], cwd=ROOT, capture_output=True, text=True, timeout=120)
    rows = json.loads(proc.stdout)
    assert len(shown) == len(rows)
    assert shown[["期间", "责任部门"]].values.tolist() == [[r["period"], r["department"]] for r in rows]
    assert shown["县区"].tolist() == [r["county"] for r in rows]
    assert shown["未报/应报"].tolist() == [f"{r['missing']}/{r['expected']}" for r in rows]
    assert shown["逾期"].tolist() == [f"逾期 {r['days_overdue']} 天" for r in rows]
    codes = at.get("code")
    assert len(codes) == len({r["department"] for r in rows})
    assert all(c.value.startswith("催报通知\n主送：") for c in codes)


# --- the catalog and the figures on 上传 --------------------------------------------------------------------



def k01_target(db: str) -> float:
    with Store(db) as store:
        targets = store.targets()
    return float(targets.loc[targets["indicator"] == "K01", "target"].iloc[0])


def upload(at: AppTest, data: bytes, name: str = "上报.xlsx") -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, XLSX))
    return rerun(at)


def test_an_analysts_upload_never_changes_the_catalog(db, monkeypatch):
    at = upload(goto(app(db, monkeypatch, ANA), "upload"), edited(catalog_change))
    assert "指标目录变更（1 项）" in [s.value for s in at.subheader]
    assert any("须由管理员单独确认" in w for w in texts(at.warning))
    assert not [b for b in at.button if b.key == "catalog_confirm"]
    changes = next(d.value for d in at.dataframe if "目标值" in d.value.columns)
    assert changes.iloc[0]["指标编号"] == "K01" and changes.iloc[0]["目标值"] == "50 → 60"
    at.button(key="upload_confirm").click()
    rerun(at)
    assert k01_target(db) == 50.0  # the data went in, the catalog did not
    with Store(db) as store:
        assert "指标目标" not in store.history().iloc[0]["rows"]


def test_the_admin_confirms_the_catalog_as_its_own_step(db, monkeypatch):
    at = upload(goto(app(db, monkeypatch, ADM), "upload"), edited(catalog_change))
    button = at.button(key="catalog_confirm")
    assert button.disabled  # until every change is ticked as checked
    at.checkbox(key="catalog_ok_0").check()
    rerun(at)
    at.button(key="catalog_confirm").click()
    rerun(at)
    assert any(s.startswith("已修改指标目录 1 项") for s in texts(at.success))
    assert k01_target(db) == 60.0
    with Store(db) as store:
        top = store.history().iloc[0]
        assert top["kind"] == "catalog" and set(top["rows"]) == {"指标目标"}


def with_completion(wb, text: str = "市税务局：留抵退税平均7个工作日办结。") -> None:
    ws = wb["任务进展"]
    row = next(r for r in range(2, ws.max_row + 1)
               if (ws.cell(r, 2).value, ws.cell(r, 4).value, ws.cell(r, 5).value) == ("1.5", "市税务局", "全市"))
    ws.cell(row, 1).value, ws.cell(row, 6).value = "2023-10", "推进中"
    ws.cell(row, 8).value = text


def k07(db: str, period: str = "2023-10"):
    with Store(db) as store:
        rows = store.progress()
    hit = rows[(rows["period"] == period) & (rows["indicator"] == "K07") & (rows["department"] == "市税务局")
               & (rows["county"] == "全市")]
    return None if hit.empty else (float(hit["actual"].iloc[0]), hit["note"].iloc[0])


def test_figures_from_the_completion_text_are_stored_only_when_ticked(db, monkeypatch):
    at = upload(goto(app(db, monkeypatch, ANA), "upload"), edited(with_completion))
    proposals = at.data_editor(key="upload_figures").value
    assert proposals[["indicator", "value"]].values.tolist() == [["K07", 7.0]]
    assert not proposals["accept"].any()
    at.button(key="upload_confirm").click()
    rerun(at)
    assert k07(db) is None  # nothing without the click

    second = edited(lambda wb: with_completion(wb, "市税务局：留抵退税平均7个工作日办结，已全部退付。"))
    at = upload(at, second, "第二次.xlsx")
    at.session_state["upload_figures"] = {"edited_rows": {0: {"accept": True}}, "added_rows": [],
                                          "deleted_rows": []}
    rerun(at)
    assert "将一并写入 1 个采用的数值。" in texts(at.caption)
    at.button(key="upload_confirm").click()
    rerun(at)
    value, note = k07(db)
    assert value == 7.0 and note.startswith("取自工作完成情况：") and "7个工作日" in note


# --- accounts, comments, the overview ------------------------------------------------------------------------


def test_admins_manage_accounts_in_the_app(db, monkeypatch):
    at = goto(app(db, monkeypatch, ANA), "account")
    assert "账户管理" not in [s.value for s in at.subheader]
    at = goto(app(db, monkeypatch, ADM), "account")
    assert "账户管理" in [s.value for s in at.subheader]
    at.text_input(key="account_name").input("hn")
    at.multiselect(key="account_counties").select("惠农区")
    at.text_input(key="account_password").input(PASSWORD)
    at.text_input(key="account_again").input(PASSWORD)
    at.button[[b.label for b in at.button].index("保存账户")].click()
    rerun(at)
    assert "已创建账户 hn" in texts(at.success)
    with Store(db) as store:
        assert Accounts(store).identity("hn").scope == Scope((), ("惠农区",))
    at.selectbox(key="account_remove").select("hn")
    rerun(at)
    at.button(key="account_remove_go").click()
    rerun(at)
    with Store(db) as store:
        assert Accounts(store).identity("hn") is None


def test_comments_on_an_indicator_show_there_and_in_the_meeting_view(db, monkeypatch):
    anonymous = app(db, monkeypatch, indicator="K07")
    goto(anonymous, "indicators")
    assert "登录后可添加批示" in " ".join(texts(anonymous.caption))
    at = goto(app(db, monkeypatch, VIC, indicator="K07"), "indicators")
    assert at.radio(key="comment_label_indicator").options == ["批示"]  # a leader writes 批示
    at.selectbox(key="comment_target_indicator").select("市税务局|惠农区")
    at.text_area(key="comment_text_indicator").input("惠农区留抵退税要在10月底前赶上进度。")
    at.button[[b.label for b in at.button].index("添加")].click()
    rerun(at)
    lines = [m for m in texts(at.markdown) if "【批示】" in m]
    assert lines and "惠农区留抵退税要在10月底前赶上进度" in lines[0] and "vic" in lines[0]
    meeting = goto(app(db, monkeypatch, county="惠农区"), "meeting")
    assert any("惠农区留抵退税要在10月底前赶上进度" in m for m in texts(meeting.markdown))


def test_the_overview_counts_unreported_and_waiting(db, monkeypatch):
    ctx = service.open_context(db)
    try:
        actor = Accounts(ctx.store).identity("tax")
        upload_ = service.read_bytes(ctx, filled(ctx, TAX_SCOPE, 4.0, "2023-09"), file_name="x.xlsx", scope=TAX_SCOPE)
        service.submit_upload(ctx, upload_, actor=actor)
        rows = service.missing_reports(ctx, "2023-09", date(2023, 10, 8))
        waiting = int(reminders.unreported(ctx.store, ctx.bundle, "2023-09")["pending"].sum())
    finally:
        ctx.store.dispose()
    at = app(db, monkeypatch)
    line = next(c for c in texts(at.caption) if c.startswith("未报："))
    assert f"尚有 {int(rows['missing'].sum())} 项未报" in line and "2023-09 填报期（截止 2023-10-05）" in line
    assert f"，{waiting} 项待审核" in line and waiting > 0  # figures the store did not hold yet
