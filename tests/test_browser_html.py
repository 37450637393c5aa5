"""Stored HTML stays text (issue 11.6), in the real app in headless Chromium.

An analyst's 指标目标 sheet can name an indicator ``<a href="…">点击查看详情</a>`` and give it a unit
``<b>…</b>``; plotly renders such a subset of HTML in titles, labels and hover text, so before the fix
every anonymous viewer saw a live link in the 指标 chart titles and the 县区 heat-map labels. Here
every indicator name and unit in the store holds a link, bold text, a styled span or an image, and
every page's DOM is searched for elements made from them. (Department, county and task names come
from the parsed ledger, not from uploads; tests/test_charts.py puts the same HTML in those fields of
every figure.) One server for the module.
"""

from __future__ import annotations

import pytest

from ledger import service
from ledger.catalog import indicators_frame
from tests.browser import READY, chromium, chromium_path, streamlit_server
from tests.conftest import copy_db

pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
if chromium_path() is None:  # tests/test_browser.py says so loudly (and fails under CI=true)
    pytest.skip("SKIPPING BROWSER TESTS: Debian chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser

LINK = '<a href="https://example.com/x">点击查看详情</a>'
PAYLOADS = [LINK, "<b>粗体</b>", '<span style="color:red;font-size:40px">红字</span>', "<img src=x onerror=alert(1)>"]
PAGES = ["/", "/indicators?indicator=K01", "/counties", "/departments?department=市审批局", "/meeting?county=平罗县"]

LIVE_JS = """() => ({
  links: document.querySelectorAll('a[href*="example.com"], svg a').length,
  images: document.querySelectorAll('img[src="x"], image[href="x"]').length,
  bold: [...document.querySelectorAll('.js-plotly-plot tspan')].filter(
    t => t.textContent.includes('粗体') && /bold|700/.test(t.getAttribute('style') || '')).length,
  styled: [...document.querySelectorAll('.js-plotly-plot tspan, span')].filter(
    t => /40px/.test(t.getAttribute('style') || '')).length,
  text: [...document.querySelectorAll('.js-plotly-plot .gtitle, .js-plotly-plot .ytick text')]
    .map(t => t.textContent).join('\\n'),
})"""


@pytest.fixture(scope="module")
def hostile_db(sample_db, tmp_path_factory) -> str:
    url = copy_db(sample_db, tmp_path_factory.mktemp("html"))
    ctx = service.open_context(url)
    catalog = indicators_frame(ctx.bundle.indicators)
    catalog = catalog.assign(
        name=[f"{n}{PAYLOADS[i % 4]}" for i, n in enumerate(catalog["name"])],
        unit=[f"{u}{PAYLOADS[(i + 1) % 4]}" for i, u in enumerate(catalog["unit"])],
    )
    ctx.store.commit(targets=catalog, user="恶意分析员", file_name="指标目标.xlsx", sha256="3" * 64)
    ctx.store.dispose()
    return url


@pytest.fixture(scope="module")
def tab(hostile_db):
    with streamlit_server(hostile_db) as base, chromium() as browser:
        yield base, browser.new_page(viewport={"width": 1280, "height": 900})


@pytest.mark.parametrize("url", PAGES)
def test_no_live_element_from_stored_html(tab, url):
    base, page = tab
    page.goto(f"{base}{url}")
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(600)
    assert page.locator("[data-testid=stException]").count() == 0
    found = page.evaluate(LIVE_JS)
    assert (found["links"], found["images"], found["bold"], found["styled"]) == (0, 0, 0, 0), url
    if url == "/indicators?indicator=K01":  # K01's name carries the link: its titles show it as typed
        assert LINK in found["text"]
    if url == "/counties":  # heat-map row labels, as typed
        assert LINK in found["text"] and "<img src=x onerror=alert(1)>" in found["text"]
