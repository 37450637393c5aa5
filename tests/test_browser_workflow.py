"""The reporting workflow in real headless Chromium against one `python -m ui.serve` server: two reporters
of different departments (市税务局, 市审批局), an analyst, an admin and a viewer.

In order (the tests share the server's database): signing in on our own page survives a reload and a
new tab; a reporter cannot reach or send another department's rows; submit → 退回 with a reason →
resubmit → 通过, with the dashboard unchanged until 通过; evidence goes up from 我的填报 and comes down
only for signed-in users of the right scope; the catalog change is the admin's own confirmed step;
signing out in one tab ends the session in every tab.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from ledger import service
from ledger.auth import ADMIN, ANALYST, REPORTER, VIEWER, Accounts, Scope
from ledger.model import LE
from ledger.store import Store
from tests.browser import READY, SHOTS, chromium, chromium_path, load, settle, streamlit_server
from tests.conftest import FAST_HASHER, ROOT, copy_db
from tests.test_reporting import saved, template
from tests.workbook_fixtures import catalog_change, edited

PASSWORD = "correct horse battery"
LIUZHOU = ROOT / "tests" / "fixtures" / "ledgers_unseen2" / "liuzhou_2024_docx_table.docx"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TAX, SP = Scope(("市税务局",)), Scope(("市审批局",))

pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
if chromium_path() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but no Chromium at /usr/bin/chromium: the browser test must run in CI")
    pytest.skip("SKIPPING BROWSER TESTS: Debian chromium is not installed (run `make test` as root)",
                allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def db(sample_db, tmp_path_factory) -> str:
    url = copy_db(sample_db, tmp_path_factory.mktemp("browser-workflow"))
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST_HASHER)
        for name, role, scope in (("ana", ANALYST, None), ("adm", ADMIN, None), ("vic", VIEWER, None),
                                  ("tax", REPORTER, TAX), ("sp", REPORTER, SP)):
            accounts.add(name, PASSWORD, role, scope=scope)
    return url


@pytest.fixture(scope="module")
def ctx(db):
    context = service.open_context(db)
    yield context
    context.store.dispose()


@pytest.fixture(scope="module")
def server(db):
    with streamlit_server(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def people(browser, server):
    """One browser (context: its own cookies) per person, kept for the whole module."""
    contexts = {name: browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                for name in ("tax", "sp", "ana", "adm", "vic", "anon")}
    for name in ("sp", "ana", "adm", "vic"):
        sign_in(contexts[name].new_page(), server, name, "/")
    yield contexts
    for c in contexts.values():
        c.close()


def sign_in(page, base: str, name: str, next_path: str) -> None:
    """Our sign-in page: name, password, submit; the browser lands on ``next_path``."""
    page.goto(f"{base}/api/session/sign-in?next={quote(next_path)}")
    fill_and_submit(page, name)
    page.wait_for_selector(READY, timeout=60_000)


def shot(page, name: str) -> None:
    """A screenshot of the whole page for the README (``make screenshots``; else a temporary folder)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # tables finish drawing
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_and_submit(page, name: str) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()


def tiles(page, base: str) -> list[str]:
    """The overview's tile values once they stop changing (a loaded machine may still be drawing the
    first row when the run reports it has finished)."""
    load(page, f"{base}/")
    page.locator("[data-testid=stMetricLabel]").filter(has_text="综合得分").first.wait_for(timeout=30_000)
    values, same = page.locator("[data-testid=stMetricValue]").all_inner_texts(), 0
    for _ in range(40):  # the same values four reads in a row (one second)
        page.wait_for_timeout(250)
        again = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        same = same + 1 if again == values else 0
        values = again
        if same >= 4:
            break
    return values


def bad_figures(ctx, scope: Scope, period: str = "2023-09", worse: float = 0.0) -> bytes:
    """The reporter's own template for ``period`` with every figure far from its target (``worse`` more)."""
    wb = template(ctx, scope, period)
    ws = wb["指标进度"]
    directions = {i.id: i.direction for i in ctx.bundle.indicators}
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 6).value = 99.0 + worse if directions[ws.cell(r, 2).value] == LE else 0.1 + worse
    return saved(wb)


def upload_in_reports(page, path) -> None:
    page.get_by_role("tab", name="上传模板").click()
    page.locator("[data-testid=stFileUploader]").first.locator("input[type=file]").set_input_files(str(path))
    settle(page)


def test_sign_in_on_our_page_survives_a_reload_and_a_new_tab(server, people):
    first = people["tax"].new_page()
    load(first, f"{server}/account")
    with people["tax"].expect_page() as opened:  # Streamlit opens the link in a new tab
        first.locator("[data-testid=stMain]").get_by_role("link", name="登录").click()
    form = opened.value
    form.wait_for_load_state()
    assert form.title() == "登录 · 营商环境任务台账看板" and "/api/session/sign-in" in form.url
    shot(form, "sign_in")
    fill_and_submit(form, "tax")
    form.get_by_text("当前用户：tax（填报人 · 市税务局）").first.wait_for(timeout=60_000)
    form.reload()
    form.get_by_text("当前用户：tax（填报人 · 市税务局）").first.wait_for(timeout=60_000)  # a reload keeps it
    another = people["tax"].new_page()
    load(another, f"{server}/reports")
    assert another.get_by_role("heading", name="我的填报").count() == 1  # and a new tab
    assert another.locator("[data-testid=stSidebarNav]").get_by_text("我的填报").count() == 1
    cookie = next(c for c in people["tax"].cookies() if c["name"] == "ledger_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    for page in (first, form, another):
        page.close()


def test_a_reporter_cannot_reach_or_send_another_departments_rows(server, people, ctx, tmp_path):
    page = people["tax"].new_page()
    for path in ("/review", "/upload", "/reminders"):
        load(page, f"{server}{path}")
        assert page.locator("h1").first.inner_text() == "无权访问"
        assert page.get_by_text("仅供分析员或管理员使用").count() == 1
        assert page.get_by_role("link", name="去登录").count() == 1
    other = tmp_path / "审批局.xlsx"
    other.write_bytes(bad_figures(ctx, SP))
    load(page, f"{server}/reports?department=市审批局&county=惠农区")  # asking for other rows in the URL
    assert page.get_by_text("当前用户：tax（填报人 · 市税务局）").count() >= 1
    upload_in_reports(page, other)
    page.locator("[data-testid=stAlert]").filter(has_text="个问题，未导入").wait_for(timeout=60_000)
    cells = page.locator("td[role=gridcell]", has_text="不属于您的填报范围：您只能填报 市税务局 的数据")
    cells.first.wait_for(state="attached", timeout=30_000)  # the problem table's cells (the grid draws on canvas)
    assert page.get_by_role("button", name="提交审核").count() == 0  # nothing to submit in this tab
    assert service.submissions(ctx) == []
    page.close()


def test_submit_return_resubmit_approve_and_the_dashboard_changes_only_at_approval(server, people, ctx, tmp_path):
    viewer = people["anon"].new_page()
    before = tiles(viewer, server)
    first, second = tmp_path / "第一次.xlsx", tmp_path / "第二次.xlsx"
    first.write_bytes(bad_figures(ctx, TAX))
    second.write_bytes(bad_figures(ctx, TAX, worse=0.5))

    tax = people["tax"].new_page()
    load(tax, f"{server}/reports")
    upload_in_reports(tax, first)
    tax.get_by_text("校验通过，可以导入。").wait_for(timeout=60_000)
    tax.get_by_role("button", name="提交审核").last.click()
    tax.get_by_text("已提交填报 #1，等待审核").first.wait_for(timeout=60_000)
    now = tiles(viewer, server)
    assert now == before, (now, before)
    load(tax, f"{server}/reports")
    tax.locator("[data-testid=stDataFrame] canvas").first.wait_for(timeout=30_000)
    shot(tax, "my_reports")

    ana = people["ana"].new_page()
    load(ana, f"{server}/review")
    ana.get_by_text("待审核（1）").wait_for(timeout=30_000)
    shot(ana, "review")
    ana.get_by_label("退回原因").fill("K07 惠农区数值偏高，请核对")
    ana.get_by_label("退回原因").press("Control+Enter")
    settle(ana)
    ana.get_by_role("button", name="退回").click()
    ana.get_by_text("已退回填报 #1").first.wait_for(timeout=60_000)

    load(tax, f"{server}/reports")
    tax.get_by_text("已被 ana 退回：K07 惠农区数值偏高，请核对").wait_for(timeout=30_000)
    upload_in_reports(tax, second)
    tax.get_by_text("校验通过，可以导入。").wait_for(timeout=60_000)
    tax.get_by_role("button", name="提交审核").last.click()
    tax.get_by_text("已提交填报 #2，等待审核").first.wait_for(timeout=60_000)
    now = tiles(viewer, server)
    assert now == before, (now, before)

    load(ana, f"{server}/review")
    ana.get_by_role("button", name="通过").click()
    ana.get_by_text("已通过填报 #2").first.wait_for(timeout=60_000)
    after = tiles(viewer, server)
    assert after != before  # only now
    assert ctx.store.history().iloc[0]["kind"] == "submission"
    assert [s.state for s in service.submissions(ctx)] == ["approved", "returned"]
    for page in (viewer, tax, ana):
        page.close()


def test_the_reminders_page(server, people):
    page = people["ana"].new_page()
    load(page, f"{server}/reminders")
    page.get_by_text("催报通知（").first.wait_for(timeout=30_000)
    page.get_by_text("市税务局 · 催报通知").click()
    page.wait_for_timeout(500)
    shot(page, "reminders")
    page.close()


def test_evidence_goes_up_from_my_reports_and_comes_down_by_role(server, people, tmp_path):
    pdf = tmp_path / "验收材料.pdf"
    pdf.write_bytes(PDF)
    tax = people["tax"].new_page()
    load(tax, f"{server}/reports")
    tax.locator("[data-testid=stFileUploader]").last.locator("input[type=file]").set_input_files(str(pdf))
    settle(tax)
    tax.get_by_role("button", name="上传佐证材料").click()
    tax.get_by_text("已上传佐证材料 #1（验收材料.pdf）").first.wait_for(timeout=60_000)
    tax.close()
    for name, status in (("anon", 401), ("sp", 403), ("vic", 200), ("ana", 200), ("tax", 200)):
        response = people[name].request.get(f"{server}/api/evidence/1")
        assert response.status == status, name
        if status == 200:
            assert response.body() == PDF and response.headers["content-type"] == "application/pdf"



def test_the_catalog_change_is_the_admins_own_confirmed_step(server, people, ctx, tmp_path):
    workbook = tmp_path / "目标调整.xlsx"
    workbook.write_bytes(edited(catalog_change))
    for name in ("ana", "adm"):
        page = people[name].new_page()
        load(page, f"{server}/upload")
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(workbook))
        page.get_by_text("指标目录变更（1 项）").wait_for(timeout=60_000)
        settle(page)  # the rest of the preview is drawn by the same run
        if name == "ana":
            assert page.get_by_text("须由管理员单独确认").count() == 1
            assert page.get_by_role("button", name="确认修改指标目录").count() == 0
        else:
            button = page.get_by_role("button", name="确认修改指标目录")
            assert button.is_disabled()
            page.get_by_text("我已逐项核对以上 1 项变更").click()
            settle(page)
            page.get_by_role("button", name="确认修改指标目录").click()
            page.get_by_text("已修改指标目录 1 项").first.wait_for(timeout=60_000)
        page.close()
    targets = ctx.store.targets()
    assert float(targets.loc[targets["indicator"] == "K01", "target"].iloc[0]) == 60.0


def test_an_analyst_onboards_a_ledger_and_the_sidebar_switches_between_ledgers(server, people, ctx):
    """接入台账: a viewer gets the not-allowed page; the analyst uploads another city's Word ledger, sees
    the parse, ticks, confirms, and lands on the new ledger (``?ledger=``, its own counties); the sidebar's
    台账 choice goes back to the shipped ledger, whose data is unchanged."""
    before = len(ctx.store.progress())
    viewer = people["vic"].new_page()
    load(viewer, f"{server}/onboard")
    assert viewer.locator("h1").first.inner_text() == "无权访问"
    viewer.close()
    page = people["ana"].new_page()
    load(page, f"{server}/onboard")
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(LIUZHOU))
    page.get_by_text("12 项任务、3 个类别、29 个量化目标").wait_for(timeout=60_000)
    settle(page)
    shot(page, "onboard")
    assert page.get_by_role("button", name="确认登记台账").is_disabled()
    page.get_by_text("我已核对以上任务、提示和 29 个指标").click()
    settle(page)
    page.get_by_role("button", name="确认登记台账").click()
    page.get_by_text("已登记台账 柳州市-2024").first.wait_for(timeout=60_000)
    settle(page)
    assert "ledger=" in page.url
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_role("combobox", name="台账").input_value() == "柳州市 2024 年（柳州市-2024）"
    page.locator("[data-testid=stSidebarNav]").get_by_text("县区", exact=True).click()  # the session keeps it
    page.wait_for_function("() => location.pathname.endsWith('/counties')", timeout=30_000)
    settle(page)
    assert "ledger=" in page.url  # … and so does the address, to be shared
    assert sidebar.get_by_role("combobox", name="台账").input_value() == "柳州市 2024 年（柳州市-2024）"
    sidebar.get_by_role("combobox", name="县区").click()
    assert page.get_by_role("option", name="柳江区", exact=True).count() == 1
    page.keyboard.press("Escape")
    sidebar.get_by_role("combobox", name="台账").click()
    page.get_by_role("option", name="石嘴山市 2023 年（石嘴山市-2023）").click()
    page.wait_for_function("() => !location.search.includes('ledger=')", timeout=30_000)
    settle(page)
    sidebar.get_by_role("combobox", name="县区").click()
    assert page.get_by_role("option", name="大武口区", exact=True).count() == 1
    page.keyboard.press("Escape")
    page.close()
    assert len(ctx.store.progress()) == before


def test_sign_out_in_one_tab_ends_the_session_in_every_tab(server, people):
    account, other = people["tax"].new_page(), people["tax"].new_page()
    load(other, f"{server}/reports")
    load(account, f"{server}/account")
    account.get_by_role("button", name="退出").click()
    account.locator("[data-testid=stMain]").get_by_role("link", name="登录").wait_for(timeout=60_000)
    other.locator("[data-testid=stSidebarNav]").get_by_text("部门", exact=True).click()  # its next run
    other.get_by_text("未登录（浏览者）").wait_for(timeout=60_000)
    load(other, f"{server}/reports")
    assert other.locator("h1").first.inner_text() == "无权访问"
    assert people["tax"].request.get(f"{server}/api/evidence/1").status == 401
