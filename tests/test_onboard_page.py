"""Onboarding a ledger in the app (接入台账) and the sidebar's 台账 choice.

The library first (``registry.propose`` / ``register_proposal`` on ledgers of other cities in Word, PDF
and prose text: the reviewed catalog is what is stored, a wrong catalog cell is named by row and column
and leaves the database as it was, a second onboarding of the same city × year is refused), then the
page through AppTest (analysts only; upload → parse with warnings → edited catalog → confirm → the new
ledger shown, the shipped one unchanged) and the switcher (``?ledger=`` reproduces the view, an unknown
id leaves a notice and shows the default).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ledger import registry, service
from ledger.auth import ANALYST, VIEWER, Accounts, Identity
from ledger.errors import UserError
from ledger.store import Store
from ledger.upload import WorkbookError
from tests.conftest import FAST_HASHER, ROOT, copy_db
from tests.test_reporting import dump

UNSEEN2 = ROOT / "tests" / "fixtures" / "ledgers_unseen2"
LIUZHOU = UNSEEN2 / "liuzhou_2024_docx_table.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
APP = str(ROOT / "app.py")
ANA = Identity("ana", ANALYST, "local")
VIC = Identity("vic", VIEWER, "local")


def expected(document: Path) -> dict:
    return json.loads(document.with_name(document.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    url = copy_db(sample_db, tmp_path)
    with Store.from_url(url) as store:
        accounts = Accounts(store, hasher=FAST_HASHER)
        for who in (ANA, VIC):
            accounts.add(who.name, "correct horse battery", who.role)
    return url


def shipped_records(url: str) -> tuple[int, int, int]:
    ctx = service.open_context(url)
    try:
        return len(ctx.store.progress()), len(ctx.store.task_status()), len(ctx.store.targets())
    finally:
        ctx.store.dispose()


@pytest.mark.parametrize("name", ["liuzhou_2024_docx_table.docx", "xiangyang_2024_pdf_table.pdf",
                                  "ganzhou_2024_prose_text.txt"])
def test_propose_reads_another_citys_ledger_and_writes_nothing(db, name):
    document = UNSEEN2 / name
    want = expected(document)
    before = dump(db)
    options = want.get("options", {})
    p = registry.propose(document.read_bytes(), name, city=options.get("city"),
                         plan_year=options.get("plan_year"), counties=options.get("counties") or ())
    assert p.id == f"{want['city']}-{want['plan_year']}"
    assert [x.id for x in p.ledger.tasks] == [x["id"] for x in want["tasks"]]
    assert len(p.catalog()) == sum(len(x["targets"]) for x in want["tasks"])
    assert p.catalog()["task"].isin([x["id"] for x in want["tasks"]]).all()
    assert f'city = "{want["city"]}"' in p.config_toml
    assert dump(db) == before  # a proposal is not a registration


def test_register_proposal_stores_the_reviewed_catalog_next_to_the_shipped_ledger(db):
    want = expected(LIUZHOU)
    p = registry.propose(LIUZHOU.read_bytes(), LIUZHOU.name, counties=want["options"]["counties"])
    shipped = shipped_records(db)
    catalog = p.catalog()
    first = catalog["indicator"].iloc[0]
    catalog.loc[catalog.index[0], "target"] = 123.0  # the reviewer corrects one target …
    catalog = catalog.drop(index=catalog.index[-1])  # … and drops one proposed indicator
    with Store.from_url(db) as store:
        done = registry.register_proposal(store, p, catalog, user="ana")
    assert done.entry.id == "柳州市-2024" and done.catalog_rows == len(catalog)
    ctx = service.open_context(db, ledger="柳州市-2024")
    try:
        stored = ctx.store.targets().set_index("indicator")
        assert len(stored) == len(catalog)
        assert stored.loc[first, "target"] == 123.0
        assert [x.id for x in ctx.bundle.ledger.tasks] == [x["id"] for x in want["tasks"]]
        assert ctx.bundle.config.county_names == want["options"]["counties"]
        assert ctx.store.history()["kind"].tolist() == ["catalog"]
        assert {e.id for e in ctx.store.ledgers()} == {"柳州市-2024", "石嘴山市-2023"}
    finally:
        ctx.store.dispose()
    assert shipped_records(db) == shipped  # the shipped ledger's records are untouched


@pytest.mark.parametrize(
    "change, column",
    [
        (lambda c: c.assign(target=c["target"].where(c.index != c.index[1], float("nan"))), "目标值"),
        (lambda c: c.assign(task=c["task"].where(c.index != c.index[2], "9.9")), "任务"),
        (lambda c: c.assign(direction=c["direction"].where(c.index != c.index[0], "约等于")), "方向"),
        (lambda c: pd.concat([c, c.iloc[[0]]], ignore_index=True), "编号"),
    ],
    ids=["blank target", "unknown task", "bad direction", "duplicate id"],
)
def test_a_wrong_catalog_cell_is_named_and_nothing_is_written(db, change, column):
    p = registry.propose(LIUZHOU.read_bytes(), LIUZHOU.name)
    before = dump(db)
    with Store.from_url(db) as store, pytest.raises(WorkbookError) as caught:
        registry.register_proposal(store, p, change(p.catalog()), user="ana")
    problems = caught.value.problems
    assert problems and {pr.column for pr in problems} == {column}
    assert all(isinstance(pr.row, int) and pr.row >= 1 for pr in problems)
    assert all(pr.reason("zh") and pr.reason("en") and pr.reason("zh") != pr.reason("en") for pr in problems)
    assert dump(db) == before


def test_the_same_city_and_year_is_not_onboarded_twice(db):
    p = registry.propose(LIUZHOU.read_bytes(), LIUZHOU.name)
    with Store.from_url(db) as store:
        registry.register_proposal(store, p, p.catalog(), user="ana")
    before = dump(db)
    with Store.from_url(db) as store, pytest.raises(UserError) as caught:
        registry.register_proposal(store, p, p.catalog(), user="ana")
    assert caught.value.code == "ledger_exists" and "柳州市-2024" in caught.value.message("zh")
    assert dump(db) == before


# --- the page and the switcher (AppTest) ----------------------------------------------------------------


def app(db: str, monkeypatch, who: Identity, page: str | None = None, **query) -> AppTest:
    monkeypatch.setenv("LEDGER_DB", db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["_identity"] = who
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(str(x.value) for kind in ("title", "success", "warning", "error", "caption", "markdown",
                                              "info") for x in getattr(at, kind))


def test_the_page_is_for_analysts_and_admins_only(db, monkeypatch):
    """Left out of a viewer's and a reporter's navigation (its address: our not-allowed page, see
    tests/test_browser.py); the page checks the role again when it runs."""
    from ledger.auth import ADMIN, REPORTER, Scope
    from ui import roles

    page = roles.BY_PATH["onboard"]
    assert [r for r in (VIEWER, REPORTER, ANALYST, ADMIN)
            if roles.may_use(Identity("x", r, "local", Scope(("市税务局",))), page)] == [ANALYST, ADMIN]
    at = app(db, monkeypatch, VIC)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/onboard.py")  # not registered for a viewer
    app(db, monkeypatch, ANA, "pages/onboard.py")  # registered for an analyst


def test_an_analyst_onboards_a_word_ledger_and_the_sidebar_switches_to_it(db, monkeypatch):
    shipped = shipped_records(db)
    at = app(db, monkeypatch, ANA, "pages/onboard.py")
    assert at.title[0].value == "接入台账"
    assert "ledger" not in [s.key for s in at.selectbox]  # one ledger: no choice to make
    at.text_input(key="onboard_counties").set_value("、".join(expected(LIUZHOU)["options"]["counties"]))
    at.get("file_uploader")[0].set_value((LIUZHOU.name, LIUZHOU.read_bytes(), DOCX))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "柳州市 2024 年，12 项任务、3 个类别、29 个量化目标" in shown and "台账编号 柳州市" in shown
    assert at.button(key="onboard_confirm").disabled  # the tick first
    at.checkbox(key="onboard_checked_柳州市-2024").check().run()
    at.button(key="onboard_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "已登记台账 柳州市" in texts(at) and "指标目录 29 项" in texts(at)
    assert "这份文件不能再次登记" in texts(at)  # the same file again: refused before any tick
    print("DBG", dict(at.query_params), [(c.key, c.value) for c in at.get("selectbox")], [e.value for e in at.error], [m.value for m in at.markdown][:5], at.exception)
    assert at.query_params["ledger"] == "柳州市-2024"
    assert shipped_records(db) == shipped
    # a new session: the default ledger with its data, and the choice between the two
    at = app(db, monkeypatch, ANA)
    choice = at.sidebar.selectbox(key="ledger")
    assert choice.value == "石嘴山市-2023" and choice.options == ["石嘴山市 2023 年（石嘴山市-2023）",
                                                                  "柳州市 2024 年（柳州市-2024）"]
    assert at.get("metric") and "大武口区" in at.sidebar.selectbox(key="county").options
    # AppTest drops the entrypoint's sidebar after the first run: the choice is made by the URL here,
    # by the sidebar in tests/test_browser_workflow.py
    at = app(db, monkeypatch, ANA, ledger="柳州市-2024")
    assert at.sidebar.selectbox(key="ledger").value == "柳州市-2024"
    options = at.sidebar.selectbox(key="county").options
    assert "柳江区" in options and "大武口区" not in options
    assert not at.get("metric")  # the new ledger has no reports yet: the page says so instead of tiles


def test_a_ledger_url_opens_that_ledger_and_an_unknown_one_says_so(db, monkeypatch):
    p = registry.propose(LIUZHOU.read_bytes(), LIUZHOU.name)
    with Store.from_url(db) as store:
        registry.register_proposal(store, p, p.catalog(), user="ana")
    at = app(db, monkeypatch, VIC, ledger="柳州市-2024")
    assert at.sidebar.selectbox(key="ledger").value == "柳州市-2024"
    county_options = at.sidebar.selectbox(key="county").options
    assert "柳江区" in county_options and "大武口区" not in county_options
    at = app(db, monkeypatch, VIC, ledger="不存在-2024")
    assert at.sidebar.selectbox(key="ledger").value == "石嘴山市-2023"
    assert "链接中的台账“不存在-2024”不存在，已改为显示：石嘴山市 2023 年" in texts(at).replace("\\", "")
