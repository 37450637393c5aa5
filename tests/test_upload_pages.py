"""AppTest: roles and sign-in, the 上传 page (upload → preview → commit → every page sees it), the 历史
page (read-only for viewers, revert for analysts), and bad or hostile files shown as errors.

Roles are set before the first run (session state for local accounts, ``at.user`` / ``at.secrets``
for OIDC): AppTest (1.67) does not redraw the entrypoint's sidebar after the first run of an
``st.navigation`` app, and pages read their filters through ``ui.filters.current()``.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from ledger.auth import ANALYST, VIEWER, Accounts, Identity
from ledger.store import Store
from tests.conftest import FAST_HASHER, ROOT, copy_db
from tests.workbook_fixtures import edited, filled_template

APP = str(ROOT / "app.py")
PASSWORD = "correct horse battery"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANA = Identity("ana", ANALYST, "local")
VIC = Identity("vic", VIEWER, "local")
OIDC_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "placeholder-cookie-secret-for-tests-only",
        "client_id": "placeholder",
        "client_secret": "placeholder",
        "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
    },
    "roles": {"analysts": ["ana@city.gov.cn"]},
}


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    """A private copy of the sample database with a local analyst (ana) and viewer (vic)."""
    url = copy_db(sample_db, tmp_path)
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST_HASHER)
        accounts.add("ana", PASSWORD)
        accounts.add("vic", PASSWORD, role=VIEWER)
    return url


def app(db: str, monkeypatch, *, who: Identity | None = None, secrets=None, user=None,
        lang: str | None = None) -> AppTest:
    monkeypatch.setenv("LEDGER_DB", db)
    at = AppTest.from_file(APP, default_timeout=60)
    if who is not None:
        at.session_state["_identity"] = who
    if lang is not None:
        at.query_params["lang"] = lang
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def can_reach(at: AppTest, page: str) -> bool:
    """Whether ``page`` is in the navigation. Only meaningful right after an AppTest's first run: on
    later runs AppTest (1.67) registers the pages/ folder instead of the st.navigation pages, which
    is why every analyst page also checks the role itself (see :func:`upload_allowed`)."""
    try:
        at.switch_page(f"pages/{page}.py")
    except ValueError as exc:  # AppTest: the page is not in this session's navigation
        assert "Could not find a navigation page" in str(exc)
        return False
    return True


def upload_allowed(at: AppTest) -> bool:
    """Run the 上传 page script in this session: does it offer the uploader, or refuse?"""
    goto(at, "upload")
    if at.get("file_uploader"):
        return True
    assert "仅分析员可用" in texts(at.error)
    return False


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def version(db: str) -> tuple[int, int]:
    with Store(db) as store:
        return store.data_version(), len(store.history())


def upload(at: AppTest, data: bytes, name: str = "上报.xlsx") -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- roles: what viewers can see and reach ----------------------------------------------------


@pytest.mark.parametrize("who", [None, VIC], ids=["anonymous", "signed-in viewer"])
def test_viewer_cannot_see_or_reach_upload_or_revert(db, monkeypatch, who):
    at = app(db, monkeypatch, who=who)
    assert at.title[0].value == "总览"  # viewers need no sign-in
    assert not can_reach(at, "upload")
    goto(at, "history")  # the import history is public, read-only
    assert at.title[0].value == "历史"
    assert len(at.dataframe[0].value) == 2  # catalog + sample
    assert not [w for w in (*at.button, *at.selectbox) if str(w.key).startswith("revert")]  # no revert controls
    assert any("仅分析员可以撤销导入" in c for c in texts(at.caption))


def test_upload_page_refuses_non_analysts_by_itself(db, monkeypatch):
    """Run without the router (as if reached some other way): the page checks the role again."""
    monkeypatch.setenv("LEDGER_DB", db)
    for who in (None, VIC):
        at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
        if who is not None:
            at.session_state["_identity"] = who
        at.run()
        assert "仅分析员可用" in texts(at.error)
        assert not at.get("file_uploader")


def test_analyst_sees_upload(db, monkeypatch):
    at = app(db, monkeypatch, who=ANA)
    assert can_reach(at, "upload")
    at.run()
    assert at.title[0].value == "上传"
    assert at.get("file_uploader")
    assert at.get("download_button")  # 模板下载


def test_removed_account_loses_its_rights_at_once(db, monkeypatch):
    at = app(db, monkeypatch, who=ANA)
    assert upload_allowed(at)
    with Store(db) as store:
        Accounts(store).remove("ana")
    assert not upload_allowed(at)


# --- local sign-in ---------------------------------------------------------------------------------
# The form is our own page (ui.session_routes, tested over HTTP in tests/test_session_routes.py, with the
# throttle and a locked database); the app reads the session cookie it sets. AppTest cannot send cookies,
# so these tests hand the app a real token through ui.auth.session_token.


def with_cookie(monkeypatch, token: str | None) -> None:
    import ui.auth

    monkeypatch.setattr(ui.auth, "session_token", lambda: token)


def open_session(db: str, name: str) -> str:
    with Store(db) as store:
        accounts = Accounts(store)
        return accounts.open_session(accounts.identity(name))


def test_sign_in_link_then_a_session_cookie_signs_in_and_out(db, monkeypatch):
    at = goto(app(db, monkeypatch), "account")
    assert at.title[0].value == "登录"
    link = at.get("link_button")[0].proto
    assert link.label == "登录" and link.url == "/api/session/sign-in?next=%2Faccount"
    assert not at.get("text_input")  # no password field in the app: the form is our own page

    token = open_session(db, "ana")
    with_cookie(monkeypatch, token)
    at = goto(app(db, monkeypatch), "account")
    assert at.title[0].value == "账户"
    assert texts(at.success) == ["当前用户：ana（分析员）"]
    assert upload_allowed(at)
    assert can_reach(app(db, monkeypatch), "upload")  # 上传 is in the navigation

    goto(at, "account")
    at.button(key="logout").click()
    at.run()
    assert at.title[0].value == "登录"
    with Store(db) as store:
        assert Accounts(store).session_identity(token) is None  # every tab with this cookie is out
    assert not upload_allowed(at)
    assert not can_reach(app(db, monkeypatch), "upload")  # a new tab with the old cookie, too


def test_an_expired_or_unknown_token_is_nobody(db, monkeypatch):
    with_cookie(monkeypatch, "not-a-token-of-anyone")
    assert not can_reach(app(db, monkeypatch), "upload")
    with Store(db) as store:
        accounts = Accounts(store, clock=lambda: 1.0)  # opened long ago: expired hours ago
        token = accounts.open_session(accounts.identity("ana"), hours=1)
    with_cookie(monkeypatch, token)
    at = app(db, monkeypatch)
    assert not can_reach(at, "upload")
    assert any("未登录" in c for c in texts(at.sidebar.caption))


# --- OIDC (st.login) -------------------------------------------------------------------------------


def test_oidc_analyst_and_viewer_by_email(db, monkeypatch):
    analyst = app(db, monkeypatch, secrets=OIDC_SECRETS, user={"is_logged_in": True, "email": "ana@city.gov.cn"})
    assert can_reach(analyst, "upload")
    goto(analyst, "account")
    assert texts(analyst.success) == ["当前用户：ana@city\\.gov\\.cn（分析员）"]

    viewer = app(db, monkeypatch, secrets=OIDC_SECRETS, user={"is_logged_in": True, "email": "bob@city.gov.cn"})
    assert not can_reach(viewer, "upload")

    # In OIDC mode the local session identity means nothing.
    local = app(db, monkeypatch, who=ANA, secrets=OIDC_SECRETS, user={"is_logged_in": False})
    assert not can_reach(local, "upload")
    goto(local, "account")
    assert [b.label for b in local.button] == ["使用单位统一身份认证登录"]
    assert not local.get("text_input")  # no password form with OIDC


def test_oidc_sign_in_required(db, monkeypatch):
    secrets = {**OIDC_SECRETS, "roles": {"analysts": ["ana@city.gov.cn"], "viewers": ["@city.gov.cn"],
                                         "require_sign_in": True}}
    anonymous = app(db, monkeypatch, secrets=secrets, user={"is_logged_in": False})
    assert anonymous.title[0].value == "登录"
    assert "本看板需要登录后查看。" in texts(anonymous.info)
    assert not can_reach(anonymous, "overview")

    stranger = app(db, monkeypatch, secrets=secrets, user={"is_logged_in": True, "email": "eve@example.com"})
    assert "账户 eve@example\\.com 未获授权访问本看板，请联系管理员。" in texts(stranger.error)
    assert not can_reach(stranger, "overview")

    viewer = app(db, monkeypatch, secrets=secrets, user={"is_logged_in": True, "email": "bob@city.gov.cn"})
    assert viewer.title[0].value == "总览" and not can_reach(viewer, "upload")


# --- the upload flow ---------------------------------------------------------------------------------


def test_analyst_uploads_previews_commits_and_every_page_sees_it(db, monkeypatch):
    at = app(db, monkeypatch, who=ANA)
    before_tiles = [m.value for m in at.metric]
    before = version(db)

    goto(at, "upload")
    upload(at, filled_template("2023-09", 0))
    assert "校验通过，可以导入。" in texts(at.success)
    summary = [m for m in texts(at.markdown) if m.startswith("新增")]
    assert summary and "变更" in summary[0]
    frames = [d.value for d in at.dataframe]
    changed = next(f for f in frames if len(f) and f["实际值"].str.contains("→").any())
    assert changed["实际值"].str.endswith("→ 0").all()  # old → new
    assert version(db) == before  # the preview wrote nothing

    at.button(key="upload_confirm").click()
    at.run()
    assert not at.exception
    message = next(s for s in texts(at.success) if s.startswith("导入成功"))
    assert "导入编号" in message
    assert [t.value for t in at.toast] == [message]
    assert version(db) == (before[0] + 1, before[1] + 1)
    assert at.get("file_uploader") and not at.get("file_uploader")[0].value  # a fresh, empty uploader

    goto(at, "overview")
    assert [m.value for m in at.metric] != before_tiles  # no stale cache: the new data shows at once
    goto(at, "history")
    top = at.dataframe[0].value.iloc[0]
    assert (top["导入人"], top["类型"], top["文件名"], top["数据性质"]) == ("ana", "上传", "上报.xlsx", "正式")
    assert "指标进度" in top["行数"] and len(top["文件校验和（SHA-256）"]) == 64


def commit(at: AppTest, data: bytes) -> AppTest:
    upload(at, data)
    at.button(key="upload_confirm").click()
    at.run()
    assert any(s.startswith("导入成功") for s in texts(at.success))
    return at


def test_same_file_twice_is_flagged_and_unchanged_data_cannot_be_committed(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    first, second = filled_template("2023-09", 1), filled_template("2023-09", 2)
    commit(at, first)
    upload(at, first)  # nothing would change: refused, naming the import it repeats
    assert any(i.startswith("与导入 #3 内容相同") and "没有任何变更" in i for i in texts(at.info))
    assert not [b for b in at.button if b.key == "upload_confirm"]
    commit(at, second)
    upload(at, first)  # changes again, but this very file was imported before
    warning = next(w for w in texts(at.warning) if "导入过" in w)
    assert warning.startswith("该文件已于 ") and "（导入编号 3）" in warning
    assert [b for b in at.button if b.key == "upload_confirm"]


def test_bad_workbook_shows_its_errors_and_changes_nothing(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    before = version(db)

    def bad(wb):
        ws = wb["指标进度"]
        ws["A2"], ws["F2"] = "2023-09", "abc"
        ws["A3"], ws["F3"] = "2024-13", 5

    upload(at, edited(bad), name="有错.xlsx")
    assert "校验发现 2 个问题，未导入。请修改后重新上传。" in texts(at.error)
    report = at.dataframe[0].value
    assert list(report.columns) == ["工作表", "行", "列", "值", "问题"]
    assert report.iloc[0].tolist()[:4] == ["指标进度", 2, "实际值", "abc"]
    assert [b.label for b in at.get("download_button")][-1] == "下载标注问题的工作簿"
    assert not [b for b in at.button if b.key == "upload_confirm"]
    assert version(db) == before


@pytest.mark.parametrize(
    "name, make, phrase",
    [
        ("renamed.xlsx", lambda: "期间,指标编号\n2023-06,K01\n".encode(), "不是 Excel 工作簿"),
        ("empty.xlsx", lambda: b"", "是空文件"),
        ("old.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 .xls"),
    ],
)
def test_non_workbooks_are_rejected_in_the_page(db, monkeypatch, name, make, phrase):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    upload(at, make(), name=name)
    report = at.dataframe[0].value
    assert report.iloc[0]["工作表"] == "（整个文件）" and phrase in report.iloc[0]["问题"]


def test_hostile_file_name_is_shown_as_text(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    upload(at, filled_template("2023-09", 2), name="[点我](javascript:alert(1)).xlsx")
    caption = next(c for c in texts(at.caption) if c.startswith("文件："))
    assert "\\[点我\\]\\(javascript\\:alert\\(1\\)\\)" in caption


# --- history and revert ----------------------------------------------------------------------------


def test_analyst_reverts_an_import_after_confirming(db, monkeypatch):
    at = app(db, monkeypatch, who=ANA)
    goto(at, "upload")
    upload(at, filled_template("2023-09", 0))
    at.button(key="upload_confirm").click()
    at.run()
    after_upload = version(db)
    goto(at, "overview")
    tiles_after_upload = [m.value for m in at.metric]

    goto(at, "history")
    latest = int(at.dataframe[0].value.iloc[0]["导入编号"])
    assert at.selectbox(key="revert_choice").value == latest
    at.button(key="revert").click()
    at.run()
    assert any(f"#{latest}" in w for w in texts(at.warning))
    at.button(key="revert_cancel").click()  # cancel first: nothing happens
    at.run()
    assert version(db) == after_upload
    at.button(key="revert").click()
    at.run()
    at.button(key="revert_confirm").click()
    at.run()
    assert not at.exception
    assert f"已撤销导入 #{latest}。" in texts(at.success)
    assert version(db) == (after_upload[0] + 1, after_upload[1] + 1)
    history = at.dataframe[0].value
    assert history.iloc[0]["结果"] == f"撤销 #{latest}"
    assert history.iloc[1]["结果"] == f"已被 #{latest + 1} 撤销"
    goto(at, "overview")
    assert [m.value for m in at.metric] != tiles_after_upload


def test_problem_workbook_marks_the_bad_cells():
    from ledger import service
    from ledger.upload import read_upload
    from tests.workbook_fixtures import bundle

    data = edited(lambda wb: wb["指标进度"].cell(2, 6, "abc") and wb["指标进度"].cell(2, 1, "2023-06"))
    with pytest.raises(Exception) as err:
        read_upload(data, bundle())
    wb = openpyxl.load_workbook(io.BytesIO(service.problem_workbook(data, err.value.problems)))
    assert wb.sheetnames[0] == "校验结果"
    assert wb["指标进度"]["F2"].fill.start_color.rgb.endswith("FFC7CE")
    assert "不是数字" in wb["指标进度"]["F2"].comment.text
    # a file that cannot be opened still gets the 校验结果 sheet
    only = openpyxl.load_workbook(io.BytesIO(service.problem_workbook(b"junk", err.value.problems)))
    assert only.sheetnames == ["校验结果"]


def ledger_form() -> bytes:
    from ledger.ledgerform import write_ledger_form
    from tests.workbook_fixtures import bundle

    buffer = io.BytesIO()
    write_ledger_form(bundle().ledger, buffer)
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    wb.active["D3"] = "已完成企业开办全链条一网通办。"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_ledger_form_asks_for_its_month_then_previews(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    upload(at, ledger_form(), name="台账.xlsx")
    assert not at.error and not [b for b in at.button if b.key == "upload_confirm"]
    choice = at.selectbox(key="upload_period_0")
    assert choice.value is None and choice.options[0] == "2023-01"
    choice.select("2023-10")
    at.run()
    assert not at.exception
    assert "校验通过，可以导入。" in texts(at.success)
    at.button(key="upload_confirm").click()
    at.run()
    assert any(s.startswith("导入成功") for s in texts(at.success))
    with Store(db) as store:
        top = store.history().iloc[0]
        assert (top["kind"], top["user"]) == ("ledger-form", "ana")
        assert "2023-10" in set(store.task_status()["period"])


def test_upload_and_history_in_english(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA, lang="en"), "upload")
    assert at.title[0].value == "Upload"
    assert [b.label for b in at.get("download_button")] == ["Download template"]
    upload(at, filled_template("2023-09", 3))
    assert "Validation passed; ready to import." in texts(at.success)
    goto(at, "history")
    assert at.title[0].value == "History"
    assert list(at.dataframe[0].value.columns)[:3] == ["Import ID", "Imported at", "Imported by"]
    assert at.dataframe[0].value.iloc[0]["Kind"] == "Sample data"


# --- holes found by hostile tests ------------------------------------------------------------------


def _many_duplicates(n: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标进度"
    ws.append(["期间", "指标编号", "责任部门", "县区", "实际值"])
    for _ in range(n):
        ws.append(["2023-09", "K01", "市审批局", "全市", 1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_page_lists_a_bounded_number_of_problems(db, monkeypatch):
    at = goto(app(db, monkeypatch, who=ANA), "upload")
    upload(at, _many_duplicates(3000), name="重复.xlsx")
    assert "校验发现 2999 个问题，未导入。请修改后重新上传。" in texts(at.error)
    assert len(at.dataframe[0].value) == 200
    assert any("共 2999 个问题，这里列出前 200 个" in c for c in texts(at.caption))


CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


def _no_chinese_but_data(text: str, data: set[str]) -> bool:
    """True when every Chinese character of ``text`` belongs to quoted text (“…”) or to a data word."""
    import re

    text = re.sub(r"“[^”]*”", "", text)
    for word in sorted(data, key=len, reverse=True):
        text = text.replace(word, "")
    return not CJK.search(text)


@pytest.mark.parametrize(
    "name, make",
    [
        ("values.xlsx", lambda: edited(lambda wb: [wb["指标进度"].__setitem__("A2", "2023-09"),
                                                   wb["指标进度"].__setitem__("F2", "abc"),
                                                   wb["指标进度"].__setitem__("A3", "2023-13"),
                                                   wb["指标进度"].__setitem__("E3", "银川"),
                                                   wb["指标进度"].__setitem__("F3", 1),
                                                   wb["指标进度"].__setitem__("A4", "2023-09"),
                                                   wb["指标进度"].__setitem__("D4", "市住建局"),
                                                   wb["指标进度"].__setitem__("F4", 1),
                                                   wb["任务进展"].__setitem__("A2", "2023-09"),
                                                   wb["任务进展"].__setitem__("F2", "差不多"),
                                                   wb["指标目标"].__setitem__("F2", "大约")])),
        ("header.xlsx", lambda: edited(lambda wb: wb["指标进度"].__setitem__("F1", "完成数"))),
        ("renamed.xlsx", lambda: "期间,指标编号\n2023-06,K01\n".encode()),
        ("empty.xlsx", lambda: b""),
        ("old.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("sheets.xlsx", lambda: edited(lambda wb: [wb.remove(wb[n]) for n in ("指标进度", "任务进展")])),
        ("stray.xlsx", lambda: edited(lambda wb: wb["指标进度"].__setitem__("XFD1048576", "x"))),
    ],
)
def test_english_upload_page_shows_no_chinese_problem_text(db, monkeypatch, name, make):
    from ledger.model import TASK_STATES
    from tests.workbook_fixtures import bundle

    at = goto(app(db, monkeypatch, who=ANA, lang="en"), "upload")
    upload(at, make(), name=name)
    b = bundle()
    data = {"指标进度", "任务进展", "指标目标", "填报说明", "实际值", "期间", "县区", "责任部门", "进度状态", "方向",
            "完成数", "全市", "不低于", "不高于", *TASK_STATES, *b.ledger.departments,
            *(t.title for t in b.ledger.tasks), *b.config.areas}  # what a user types or reads in the file
    report = at.dataframe[0].value
    assert list(report.columns) == ["Sheet", "Row", "Column", "Value", "Problem"]
    for reason in report["Problem"]:
        assert _no_chinese_but_data(reason, data), reason
    for sheet in report["Sheet"]:
        assert sheet == "(whole file)" or sheet in data
    for element in (*at.error, *at.warning, *at.info, *at.caption, *at.success):
        assert _no_chinese_but_data(element.value, data), element.value
    assert [b.label for b in at.get("download_button")][-1] == "Download the workbook with problems marked"
