"""The real app in headless Chromium: `streamlit run` (via ui.serve) on a free port, each page by URL.

Needs Debian's chromium (and fonts-noto-cjk for readable Chinese); `make test` installs both when run
as root. Without a browser the module skips loudly, except under CI (CI=true), where it must run.
Screenshots of every page are written to docs/screenshots/ (shown in the README).
"""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher

from ledger.auth import Accounts
from ledger.store import Store
from tests.browser import CHROMIUM_FLAGS, ROOT, chromium_path, streamlit_server
from tests.conftest import copy_db
from tests.workbook_fixtures import filled_template

SHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "correct horse battery"
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
PAGES = {
    "overview": "/",
    "indicators": "/indicators?indicator=K07",
    "departments": "/departments?department=税务局",
    "counties": "/counties",
    "ledger": "/ledger",
}

playwright = pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
if chromium_path() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but no Chromium at /usr/bin/chromium: the browser test must run in CI")
    pytest.skip(
        "SKIPPING BROWSER TESTS: Debian chromium is not installed (run `make test` as root)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_db(sample_db, tmp_path_factory) -> str:
    """A private copy of the sample database (the upload test changes it) with a local analyst."""
    url = copy_db(sample_db, tmp_path_factory.mktemp("browser"))
    with Store.from_url(url) as store:
        Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).add("ana", PASSWORD)
    return url


@pytest.fixture(scope="module")
def server(browser_db):
    with streamlit_server(browser_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)  # the page script has started drawing (every page has a title)
    page.wait_for_selector(READY, timeout=60_000)  # … and has finished
    page.wait_for_timeout(300)  # let plotly finish drawing
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stDialog]").count() == 0  # e.g. Streamlit's "Page not found"


def sidebar_value(page, label: str) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label).input_value()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_by_url_with_county(server, page, name):
    sep = "&" if "?" in PAGES[name] else "?"
    load(page, f"{server}{PAGES[name]}{sep}county=惠农区")  # a deep link as the first request works
    assert sidebar_value(page, "县区") == "惠农区"
    assert page.locator("[data-testid=stAlert]").filter(has_text="示例数据").count() == 1
    if name != "ledger":
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    else:
        page.wait_for_selector("[data-testid=stDataFrame]", timeout=30_000)
        assert page.locator("[data-testid=stDataFrame]").count() == 1


@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(server, page, name):
    load(page, f"{server}{PAGES[name]}")
    if name != "ledger":
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000


def test_meeting_view_screenshot(server, page):
    load(page, f"{server}/counties?county=平罗县")
    page.get_by_text("会议模式").click()
    page.locator("h2").filter(has_text="平罗县").wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "meeting.png"), full_page=True)


def test_county_change_in_sidebar_updates_url_and_chart(server, page):
    load(page, f"{server}/")
    before = page.locator(".js-plotly-plot").first.inner_html()
    page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="县区").click()
    page.get_by_role("option", name="平罗县", exact=True).click()
    page.wait_for_function("() => location.search.includes('county=')", timeout=30_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(500)
    assert "%E5%B9%B3%E7%BD%97%E5%8E%BF" in page.url or "平罗县" in page.url
    assert page.locator(".js-plotly-plot").first.inner_html() != before


def test_english(server, page):
    load(page, f"{server}/?lang=en")
    assert page.get_by_role("heading", name="Overview").count() >= 1
    assert page.locator("[data-testid=stAlert]").filter(has_text="sample data").count() == 1


# --- roles and the upload (last: the upload changes this module's database) -----------------------


def nav(page):
    return page.locator("[data-testid=stSidebarNav]")


def test_viewer_has_no_upload_page(server, page):
    page.goto(f"{server}/upload")  # a viewer typing the address
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert nav(page).get_by_text("上传", exact=True).count() == 0
    assert nav(page).get_by_text("历史", exact=True).count() == 1


def test_analyst_signs_in_uploads_previews_and_confirms(server, page, tmp_path):
    workbook = tmp_path / "上报.xlsx"
    workbook.write_bytes(filled_template("2023-09", 0))
    load(page, f"{server}/account")
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_text("当前用户：ana（分析员）").first.wait_for(timeout=60_000)

    nav(page).get_by_text("上传", exact=True).click()  # in-app navigation keeps the session
    page.locator("[data-testid=stFileUploader]").wait_for(timeout=60_000)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(workbook))
    page.get_by_text("校验通过，可以导入。").wait_for(timeout=60_000)
    page.get_by_text("预览变更").wait_for()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.get_by_text("新增 ", exact=False).count() >= 1
    page.locator("[data-testid=stDataFrame] canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # let the table draw its rows
    page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)

    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入成功").first.wait_for(timeout=60_000)
    assert page.locator("[data-testid=stException]").count() == 0

    nav(page).get_by_text("历史", exact=True).click()
    page.get_by_role("heading", name="历史").wait_for(timeout=60_000)
    page.get_by_role("button", name="撤销导入").wait_for(timeout=60_000)  # analysts may revert
