"""Our sign-in and sign-out routes and the evidence download over real HTTP: a uvicorn server on a free
port serving ``ui.routes.ROUTES`` against a real SQLite file, requests made with ``http.client``.

What is checked: the session cookie's attributes, that a sign-in survives as a token only the hash of
which is stored, sign-out and ``remove-user`` revoking it, the throttle and the busy database seen
through the page, the two CSRF guards (same origin, form token) and open redirects refused — every
refused request leaving the database unchanged (dump compared) — and evidence for the right roles only.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import sqlite3
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import quote, unquote, urlencode

import pytest
import uvicorn
from starlette.applications import Starlette

from ledger import service
from ledger.auth import ANALYST, REPORTER, VIEWER, Accounts, Scope
from ledger.store import Store
from tests.browser import free_port
from tests.conftest import FAST_HASHER, ROOT, copy_db
from tests.test_faults import hold_lock, stop

PASSWORD = "correct horse battery"
FAST = FAST_HASHER
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def db(sample_db, tmp_path_factory) -> str:
    url = copy_db(sample_db, tmp_path_factory.mktemp("routes"))
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST)
        accounts.add("ana", PASSWORD, ANALYST)
        accounts.add("vic", PASSWORD, VIEWER)
        accounts.add("tax", PASSWORD, REPORTER, scope=Scope(("市税务局",)))
        accounts.add("sp", PASSWORD, REPORTER, scope=Scope(("市审批局",)))
    return url


@pytest.fixture(scope="module")
def server(db):
    """Our routes in a uvicorn server of their own (the Streamlit app is the browser tests')."""
    from ui import data, routes

    mp = pytest.MonkeyPatch()
    mp.setenv("LEDGER_DB", db)
    mp.setenv("LEDGER_BUSY_TIMEOUT", "1")  # a locked database answers within a second (see below)
    data.clear()
    port = free_port()
    config = uvicorn.Config(Starlette(routes=routes.ROUTES), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    mp.undo()


class Browser:
    """Just enough of a browser: a cookie jar, Origin and Sec-Fetch-Site on POSTs, no redirects."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(self.host, timeout=30)
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read()
        for header in response.headers.get_all("set-cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value.strip('"'):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response, text.decode("utf-8", "replace")

    def form_token(self, path: str = "/api/session/sign-in") -> str:
        _, page = self.request("GET", path)
        return re.search(r'name="form_token" value="([^"]+)"', page).group(1)

    def sign_in(self, name: str, password: str = PASSWORD, *, next_path: str = "/upload", origin: bool = True,
                token: str | None = None, headers: dict | None = None):
        token = self.form_token() if token is None else token
        sent = {"Origin": f"http://{self.host}", "Sec-Fetch-Site": "same-origin"} if origin else {}
        return self.request("POST", "/api/session/sign-in", {"username": name, "password": password,
                                                               "form_token": token, "next": next_path},
                            {**sent, **(headers or {})})


def dump(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        conn.execute("PRAGMA wal_checkpoint(FULL)")
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def identity(db: str, token: str):
    with Store.from_url(db) as store:
        return Accounts(store).session_identity(token)


def test_the_sign_in_page_is_ours_and_sets_a_form_token(server):
    b = Browser(server)
    response, page = b.request("GET", "/api/session/sign-in?next=/upload")
    assert response.status == 200
    assert "<title>登录 · 营商环境任务台账看板</title>" in page and 'name="password"' in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    cookie = SimpleCookie(response.headers["set-cookie"])["ledger_form"]
    assert cookie["httponly"] and cookie["samesite"] == "strict" and cookie["path"] == "/api/session"
    assert b.cookies["ledger_form"] in page  # the same token in the form and in its cookie
    _, english = b.request("GET", "/api/session/sign-in?lang=en")
    assert "<title>Sign in · Business Environment Task Ledger</title>" in english
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_sign_in_sets_an_httponly_session_cookie_and_only_its_hash_is_stored(server, db):
    b = Browser(server)
    response, _ = b.sign_in("ana", next_path="/upload?county=惠农区")
    assert response.status == 303 and unquote(response.headers["location"]) == "/upload?county=惠农区"
    morsel = SimpleCookie(response.headers["set-cookie"].split(", ledger_form")[0])["ledger_session"]
    assert morsel["httponly"] and morsel["samesite"] == "strict" and morsel["path"] == "/"
    assert morsel["max-age"] == str(8 * 3600)
    token = b.cookies["ledger_session"]
    assert len(token) >= 40 and identity(db, token).name == "ana"
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        stored = [r[0] for r in conn.execute("SELECT token_hash FROM sessions")]
    assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
    _, page = b.request("GET", "/api/session/sign-in")  # signed in: who, and the sign-out form
    assert "当前用户：ana（分析员）" in page and "/api/session/sign-out" in page


def test_sign_out_revokes_the_session_and_clears_the_cookie(server, db):
    b = Browser(server)
    b.sign_in("vic")
    token = b.cookies["ledger_session"]
    assert identity(db, token).role == VIEWER
    form = b.form_token()
    response, _ = b.request("POST", "/api/session/sign-out", {"form_token": form, "next": "/"},
                            {"Origin": f"http://{server}"})
    assert response.status == 303 and response.headers["location"] == "/"
    assert "ledger_session" not in b.cookies
    assert identity(db, token) is None  # the token is dead everywhere, whoever still holds it


def test_remove_user_ends_its_sessions_at_once(server, db):
    b = Browser(server)
    with Store.from_url(db) as store:
        Accounts(store, hasher=FAST).add("temp", PASSWORD, VIEWER)
    b.sign_in("temp")
    token = b.cookies["ledger_session"]
    assert identity(db, token).name == "temp"
    with Store.from_url(db) as store:
        assert Accounts(store).remove("temp")
    assert identity(db, token) is None


@pytest.mark.parametrize(
    "name, headers, origin, token",
    [
        ("no origin at all", {}, False, None),
        ("another site's origin", {"Origin": "http://evil.example"}, False, None),
        ("a cross-site fetch", {"Sec-Fetch-Site": "cross-site"}, True, None),
        ("no form token", {}, True, ""),
        ("a wrong form token", {}, True, "forged-token"),
    ],
)
def test_cross_site_sign_ins_are_refused_and_change_nothing(server, db, name, headers, origin, token):
    b = Browser(server)
    b.form_token()  # the browser has a form cookie, as after opening the page
    before = dump(db)
    response, page = b.sign_in("ana", origin=origin, token=token, headers=headers)
    assert "登录" in page  # our own page says why, in Chinese
    assert response.status == 403, name
    assert "ledger_session" not in b.cookies
    assert dump(db) == before


def test_next_can_only_be_a_path_of_this_site(server):
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "/api/session/sign-out"):
        b = Browser(server)
        response, _ = b.sign_in("vic", next_path=evil)
        assert response.status == 303 and response.headers["location"] == "/", evil


def test_wrong_passwords_then_the_throttle_through_the_page(server, db):
    b = Browser(server)
    with Store.from_url(db) as store:
        Accounts(store, hasher=FAST).add("lock", PASSWORD, VIEWER)
    for _ in range(5):
        response, page = b.sign_in("lock", "wrong password")
        assert response.status == 401 and "登录失败：用户名或密码错误。" in page
        assert 'value="lock"' in page  # the name is kept, the password is not
    response, page = b.sign_in("lock")  # the right password, too late
    assert response.status == 429 and "尝试过多，请稍后再试。" in page
    assert "ledger_session" not in b.cookies


def test_a_locked_database_gives_a_sentence(server, db):
    b = Browser(server)
    token = b.form_token()
    locker = hold_lock(db, "wal")
    try:
        response, page = b.sign_in("ana", token=token)
    finally:
        stop(locker)
    assert response.status == 503 and "数据库被占用，请稍后再试" in page and "Traceback" not in page


def test_evidence_downloads_follow_the_roles(server, db):
    ctx = service.open_context(db)
    try:
        tax = Accounts(ctx.store).identity("tax")
        key = {"period": "2023-10", "task": "1.5", "department": "市税务局", "county": "全市"}
        evidence_id = service.attach_evidence(ctx, key, PDF, "留抵退税台账.pdf", actor=tax)
    finally:
        ctx.store.dispose()
    path = f"/api/evidence/{evidence_id}"
    response, text = Browser(server).request("GET", path)
    assert response.status == 401 and "仅登录用户" in text
    for name, status in (("tax", 200), ("ana", 200), ("vic", 200), ("sp", 403)):
        b = Browser(server)
        b.sign_in(name)
        response, body = b.request("GET", path)
        assert response.status == status, name
        if status == 200:
            assert response.headers["content-type"] == "application/pdf"
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "attachment" in response.headers["content-disposition"]
            assert body.encode() == PDF
    b = Browser(server)
    b.sign_in("ana")
    assert b.request("GET", "/api/evidence/999999")[0].status == 404


def test_evidence_of_another_ledger_is_fetched_with_its_id(server, db):
    """A database holds several ledgers: ``?ledger=ID`` names the one a file belongs to; without it the
    default ledger is meant, and an unknown id is 404 like an unknown file."""
    from ledger import assign, registry

    document = ROOT / "tests" / "fixtures" / "ledgers_unseen2" / "liuzhou_2024_docx_table.docx"
    proposal = registry.propose(document.read_bytes(), document.name)
    with Store.from_url(db) as store:
        registry.register_proposal(store, proposal, proposal.catalog(), user="ana")
    ctx = service.open_context(db, ledger="柳州市-2024")
    try:
        ana = Accounts(ctx.store).identity("ana")
        task, department, county = next(assign.task_keys(ctx.bundle.ledger, ctx.bundle.config).itertuples(
            index=False, name=None))
        key = {"period": "2024-03", "task": task, "department": department, "county": county}
        evidence_id = service.attach_evidence(ctx, key, PDF, "柳州佐证.pdf", actor=ana)
    finally:
        ctx.store.dispose()
    b = Browser(server)
    b.sign_in("ana")
    response, body = b.request("GET", f"/api/evidence/{evidence_id}?ledger={quote('柳州市-2024')}")
    assert response.status == 200 and body.encode() == PDF
    assert b.request("GET", f"/api/evidence/{evidence_id}")[0].status == 404  # not the default ledger's
    response, text = b.request("GET", f"/api/evidence/{evidence_id}?ledger={quote('不存在-2024')}")
    assert response.status == 404 and "不存在-2024" in text
