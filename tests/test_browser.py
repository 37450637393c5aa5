"""The real app in headless Chromium: `streamlit run` (via ui.serve) on a free port, each page by URL.

Needs Debian's chromium (and fonts-noto-cjk for readable Chinese); `make test` installs both when run
as root. Without a browser the module skips loudly, except under CI (CI=true), where it must run.
One server and one browser serve the whole module. Every page is opened in both languages and looked
at in three window sizes (1024×768 and 1280×720, projector sizes, and 1920×1080); the README's
screenshots in docs/screenshots/ are written from those runs (``make screenshots``).
"""

from __future__ import annotations

import io
import os
import re

import pytest

from ledger import service
from ledger.auth import Accounts
from ledger.charts import STATUS_COLORS
from ledger.store import Store
from tests.browser import READY, SHOTS, chromium, chromium_path, load, streamlit_server
from tests.conftest import FAST_HASHER, copy_db
from tests.workbook_fixtures import filled_template
from ui.widgets import score_text

PASSWORD = "correct horse battery"
PAGES = {
    "overview": "/",
    "indicators": "/indicators?indicator=K07",
    "departments": "/departments?department=税务局",
    "counties": "/counties",
    "ledger": "/ledger",
}
#: Every page a viewer can open, with the query that makes it show its content.
ALL_PAGES = {
    **PAGES,
    "meeting": "/meeting?county=平罗县",
    "history": "/history",
    "account": "/account",
}
SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
TITLES = {"zh": "营商环境任务台账看板", "en": "Business Environment Task Ledger"}

pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
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
        Accounts(store, hasher=FAST_HASHER).add("ana", PASSWORD)
    return url


@pytest.fixture(scope="module")
def ctx(browser_db):
    context = service.open_context(browser_db)
    yield context
    context.store.dispose()


@pytest.fixture(scope="module")
def server(browser_db):
    with streamlit_server(browser_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser):
    """A fresh browser (context): no cookies, no session, as a first visit."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def shared(browser):
    """One tab reused by the tests that only open URLs (each goto is a new Streamlit session)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


def sidebar_value(page, label: str) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label).input_value()


# --- what no page may show --------------------------------------------------------------------------

CLIPPED_JS = """() => {
  const out = [];
  const cut = (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2;
  const seen = (el) => el.getClientRects().length > 0;
  // tile labels and values, and titles: Streamlit truncates these with an ellipsis
  const sel = '[data-testid=stMetricLabel] *, [data-testid=stMetricValue], [data-testid=stMetricValue] *,'
    + ' h1, h2, h3, h4, [data-testid=stHeadingWithActionElements]';
  for (const el of document.querySelectorAll(sel)) {
    if (seen(el) && cut(el) && getComputedStyle(el).overflow !== 'visible') out.push(el.innerText.slice(0, 40));
  }
  // a tile cut off by the window (its right edge beyond the main area)
  const main = document.querySelector('[data-testid=stMain]').getBoundingClientRect();
  for (const el of document.querySelectorAll('[data-testid=stMetric]')) {
    const r = el.getBoundingClientRect();
    if (seen(el) && r.right > main.right + 1) out.push('tile beyond the page: ' + el.innerText.slice(0, 40));
  }
  // chart titles, axis titles and margin labels inside their figure
  for (const svg of document.querySelectorAll('.js-plotly-plot .main-svg:first-of-type')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.parentElement.querySelectorAll('.gtitle, .annotation-text, .xtitle, .ytitle')) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) out.push('figure: ' + t.textContent.slice(0, 40));
    }
  }
  return out;
}"""
BAD_WORDS = re.compile(r"(?<![A-Za-z])(None|nan|NaN|empty|undefined|Page not found|Deploy)(?![A-Za-z])")


def problems_on(page) -> list[str]:
    """Clipped texts, bad words and Streamlit's menu on the page. Clipping is looked at again for up to
    3 s while it lasts: on a loaded machine a chart or a tile may still be resizing when the run ends."""
    found = page.evaluate(CLIPPED_JS)
    for _ in range(6):
        if not found:
            break
        page.wait_for_timeout(500)
        found = page.evaluate(CLIPPED_JS)
    text = page.evaluate("() => document.body.innerText")
    found += [f"word: {m.group(0)}" for m in BAD_WORDS.finditer(text)]
    if page.locator("[data-testid=stMainMenu]").count():
        found.append("Streamlit's main menu is shown")
    return found


def main_height(page) -> int:
    return int(page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); "
        "const b = m.querySelector('[data-testid=stMainBlockContainer]') || m; return b.scrollHeight + 80; }"
    ))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(ALL_PAGES))
def test_every_page_at_every_size(server, shared, name, lang):
    """No tile or title cut off, no None / nan / empty, no Streamlit English, in three window sizes;
    the tab title follows the language; the sample banner is on every page. The zh runs write the
    README's screenshots (laptop width, the whole page), the meeting view also at projector sizes."""
    url = ALL_PAGES[name] + ("&" if "?" in ALL_PAGES[name] else "?") + f"lang={lang}"
    shared.set_viewport_size({"width": 1280, "height": 720})
    load(shared, f"{server}{url}")
    assert shared.title().endswith(TITLES[lang])
    banner = "示例数据" if lang == "zh" else "sample data"
    assert shared.locator("[data-testid=stAlert]").filter(has_text=banner).count() == 1
    for width, height in SIZES:
        shared.set_viewport_size({"width": width, "height": height})
        shared.wait_for_timeout(300)  # charts and wrapping rows re-lay out
        assert problems_on(shared) == [], (name, lang, width)
        if name == "meeting" and lang == "zh" and width < 1920:
            SHOTS.mkdir(parents=True, exist_ok=True)
            shared.screenshot(path=str(SHOTS / f"meeting_{width}x{height}.png"))
    if lang == "zh" and name not in ("history", "account"):
        shared.set_viewport_size({"width": 1280, "height": min(main_height(shared), 4000)})
        shared.wait_for_timeout(600)
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        shared.screenshot(path=str(path))
        assert path.stat().st_size > 20_000


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


# --- colours that carry status --------------------------------------------------------------------------

BAR_FILLS_JS = r"""(title) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const t = gd.querySelector('.gtitle');
    if (!t || !t.textContent.includes(title)) continue;
    const fills = new Set();
    for (const p of gd.querySelectorAll('.barlayer .point path')) {
      const box = p.getBBox();
      if (box.width <= 0.5) continue;
      let fill = getComputedStyle(p).fill;
      const ref = fill.match(/url\("?#([^")]+)"?\)/);
      if (ref) {  // a hatched bar: its pattern's background is the bar colour
        const rect = document.getElementById(ref[1]).querySelector('rect');
        fill = rect ? getComputedStyle(rect).fill : 'pattern without a colour';
      }
      fills.add(fill);
    }
    return [...fills];
  }
  return null;
}"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize(("url", "title"), [("/", "各类别得分"), ("/departments", "责任部门得分排名"),
                                            ("/counties", "县区得分排名")])
def test_ranking_bars_are_in_more_than_one_colour(server, shared, url, title):
    load(shared, f"{server}{url}")
    fills = shared.evaluate(BAR_FILLS_JS, title)
    for _ in range(20):  # plotly may still be drawing the chart on a loaded machine
        if fills is not None:
            break
        shared.wait_for_timeout(250)
        fills = shared.evaluate(BAR_FILLS_JS, title)
    assert fills is not None, title
    assert len(fills) > 1 and set(fills) <= {_rgb(c) for c in STATUS_COLORS.values()}


HEATMAP_JS = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g.data && g.data[0].type === 'heatmap');
  const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis, box = gd.getBoundingClientRect();
  const cells = [];
  gd.data[0].y.forEach((name, i) => gd.data[0].x.forEach((county, j) => cells.push({
    name, county, text: gd.data[0].text[i][j],
    // a point inside the cell away from its text: a quarter of a cell up and left of the centre
    x: box.left + xa._offset + xa.l2p(j) - xa._length / gd.data[0].x.length / 3,
    y: box.top + ya._offset + ya.l2p(i) - ya._length / gd.data[0].y.length / 3,
  })));
  return cells;
}"""


def test_heatmap_colours_are_the_statuses_of_its_cells(server, shared, ctx):
    """The colour drawn in each cell (read from the screen) is the status `ledger status --json --by
    indicator,county` gives that indicator in that county."""
    from PIL import Image

    load(shared, f"{server}/counties")
    shared.wait_for_selector(".js-plotly-plot .hm", timeout=30_000)
    cells = shared.evaluate(HEATMAP_JS)
    image = Image.open(io.BytesIO(shared.screenshot())).convert("RGB")
    names = {i.id: i.name for i in ctx.bundle.indicators}
    status = {(names[r["indicator"]], "全市" if r["county"] == "全市" else r["county"]): r["status"]
              for r in service.status_rows(ctx, by="indicator,county")}
    checked = 0
    for cell in cells:
        want = status.get((cell["name"], cell["county"]))
        if want is None:
            assert cell["text"] == ""  # nobody is assigned this indicator in this county
            continue
        got = image.getpixel((round(cell["x"]), round(cell["y"])))
        expected = tuple(int(STATUS_COLORS[want][i:i + 2], 16) for i in (1, 3, 5))
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) <= 8, (cell, want, got)
        checked += 1
    assert checked >= 40  # 12 indicators × (全市 + 3 counties), less the unassigned cells


# --- the meeting view -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "heading", "scope"),
    [
        ("county=平罗县", "平罗县 · 截至 2023-09", {"county": "平罗县"}),
        ("department=市税务局&lang=en", "市税务局 · As of 2023-09", {"department": "市税务局"}),
        ("county=惠农&period=2023-06", "惠农区 · 截至 2023-06", {"county": "惠农区", "as_of": "2023-06"}),
    ],
)
def test_meeting_url_reproduces_the_view_in_a_fresh_browser(server, page, ctx, query, heading, scope):
    page.set_viewport_size({"width": 1024, "height": 768})
    load(page, f"{server}/meeting?{query}")
    assert page.locator("h1").first.inner_text() == heading
    assert page.locator("[data-testid=stSidebar]").get_attribute("data-collapsed") == "true"
    (overall,) = service.status_rows(ctx, by="overall", **scope)
    tiles = page.locator("[data-testid=stMain] [data-testid=stHorizontalBlock]").first.inner_text()
    assert score_text(overall["score"]) in tiles and str(overall["n_behind"]) in tiles
    page.locator("[data-testid=stTable]").first.wait_for(timeout=30_000)  # drawn late on a loaded machine
    assert page.locator("[data-testid=stTable]").count() == 1  # the behind list: a plain table
    table = page.locator("[data-testid=stTable]").first
    assert table.evaluate("t => t.scrollHeight <= t.clientHeight + 1 && t.scrollWidth <= t.clientWidth + 1")
    assert problems_on(page) == []


def test_meeting_rotates_through_the_counties(server, page):
    page.goto(f"{server}/meeting?county=惠农区&rotate=6")
    page.locator("h1").filter(has_text="惠农区").wait_for(timeout=60_000)
    assert page.get_by_text("每 6 秒轮换，下一个：平罗县").count() == 1
    page.locator("h1").filter(has_text="平罗县").wait_for(timeout=20_000)  # 6 s later: the next county
    assert "rotate=6" in page.url and "county=" in page.url  # the link still opens the same start


def test_meeting_is_linked_from_county_and_department_pages(server, shared):
    load(shared, f"{server}/counties")
    shared.get_by_role("link", name=re.compile("会议模式.*大武口区")).click()
    shared.locator("h1").filter(has_text="大武口区 · 截至").wait_for(timeout=60_000)
    load(shared, f"{server}/departments?department=市税务局")
    shared.get_by_role("link", name="投影：会议模式").click()
    shared.locator("h1").filter(has_text="市税务局 · 截至").wait_for(timeout=60_000)
    assert "department=" in shared.url


# --- words ----------------------------------------------------------------------------------------------


def test_unknown_page_and_forbidden_page_are_ours(server, shared):
    load(shared, f"{server}/no-such-page")
    assert shared.locator("h1").first.inner_text() == "页面不存在"
    assert shared.get_by_role("link", name="返回总览").count() == 1
    load(shared, f"{server}/upload")  # a viewer typing the analysts' address
    assert shared.locator("h1").first.inner_text() == "无权访问"
    assert shared.get_by_role("link", name="去登录").count() == 1
    assert shared.locator("[data-testid=stFileUploader]").count() == 0


def test_unknown_url_value_gives_a_notice(server, shared):
    load(shared, f"{server}/?county=不存在县")
    assert shared.locator("[data-testid=stAlert]").filter(has_text="“不存在县”不存在").count() == 1
    assert sidebar_value(shared, "县区") == "全部"


def test_no_toolbar_and_no_table_export(server, shared):
    load(shared, f"{server}/departments?department=市税务局")
    assert shared.locator("[data-testid=stMainMenu]").count() == 0
    assert shared.get_by_text("Deploy", exact=True).count() == 0
    frame = shared.locator("[data-testid=stDataFrame]").first
    frame.hover()
    shared.wait_for_timeout(300)
    assert shared.get_by_role("button", name=re.compile("csv", re.I)).count() == 0  # Streamlit's export
    assert shared.get_by_role("button", name="下载 CSV").count() == 0  # only where we offer our own
    load(shared, f"{server}/")
    assert shared.get_by_role("button", name="下载 CSV").count() == 1


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
    assert "全市" not in page.evaluate("() => document.body.innerText")
    assert page.title() == "Overview · Business Environment Task Ledger"
    load(page, f"{server}/counties?lang=en")
    labels = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent)")
    assert "City-wide" in labels and "全市" not in labels


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
    page.goto(f"{server}/api/session/sign-in?next=/account")  # our sign-in page (ui.session_routes)
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
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)

    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入成功").first.wait_for(timeout=60_000)
    assert page.locator("[data-testid=stException]").count() == 0

    nav(page).get_by_text("历史", exact=True).click()
    page.get_by_role("heading", name="历史").wait_for(timeout=60_000)
    page.get_by_role("button", name="撤销导入").wait_for(timeout=60_000)  # analysts may revert
