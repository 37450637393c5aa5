"""Ledgers of other cities in every form, each read and compared with the parse a person expects.

Every ``NAME.expected.json`` is the hand-made truth for ``NAME.txt``, ``NAME.docx`` or ``NAME.pdf`` in its
folder (conventions: ``tests/fixtures/ledgers/README.md``). Four folders are compared: ``fixtures/ledgers/``
(the fixture set the reader was written against), ``fixtures/ledgers_unseen/`` (six ledgers written by
someone who had not seen the reader, built by that folder's ``make_holdout.py``),
``fixtures/ledgers_unseen2/`` (ten more by another such writer, built by its ``make_holdout2.py``) and
``fixtures/ledgers_unseen3/`` (ten more by a third such writer, built by its ``make_holdout3.py``); the
cases the READMEs of the last two list as not covered by the contract are now in the contract. A
ledger fixture is read with ``ledger.read.read_ledger`` and compared field by field; an ``error``
fixture must be refused with a ``ledger.parse.LedgerParseError`` of the matching code and a Chinese
sentence. The reader is imported inside the tests, so each fixture reports on its own. The checks of
the fixture files themselves (forms present, Word files matching make_fixtures.py, merged categories
and repeated header rows, PDF pages) are for ``fixtures/ledgers/`` only.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: The fixture set: parse comparison and the checks of its own files.
FOLDER = Path(__file__).parent / "fixtures" / "ledgers"
#: Ledgers nobody on the project had seen when the reader was written: parse comparison only.
UNSEEN = Path(__file__).parent / "fixtures" / "ledgers_unseen"
UNSEEN2 = Path(__file__).parent / "fixtures" / "ledgers_unseen2"
UNSEEN3 = Path(__file__).parent / "fixtures" / "ledgers_unseen3"
#: The folders whose ledgers are compared with the reader; LEDGER_FIXTURES=DIR compares another folder of
#: the same layout instead.
PARSE_FOLDERS = ([Path(os.environ["LEDGER_FIXTURES"])] if os.environ.get("LEDGER_FIXTURES")
                 else [FOLDER, UNSEEN, UNSEEN2, UNSEEN3])
EXTENSION = {"table-text": ".txt", "prose-text": ".txt", "docx-table": ".docx", "docx-prose": ".docx",
             "pdf-table": ".pdf", "pdf-prose": ".pdf", "pdf-scanned": ".pdf"}
ERROR_CODES = {"no_text_layer": "read_no_text_layer", "not_a_ledger": "read_not_a_ledger"}
TASK_FIELDS = ("category", "group", "title", "departments", "lead", "support", "counties", "county_list")


def expected_in(folder: Path) -> dict[str, dict]:
    """``{NAME: expected parse}`` of every ``NAME.expected.json`` in ``folder``."""
    return {p.name.removesuffix(".expected.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.expected.json"))}


@dataclass(frozen=True)
class Fixture:
    """One expected parse: its folder, its name and the parsed JSON."""

    folder: Path
    name: str
    want: dict = field(compare=False, repr=False)

    @property
    def document(self) -> Path:
        """The one document ``NAME.<ext>`` the expected parse belongs to, by the extension of its form."""
        return self.folder / f"{self.name}{EXTENSION[self.want['form']]}"

    def __str__(self) -> str:
        return f"{self.folder.name}/{self.name}"


def fixtures_in(folder: Path) -> list[Fixture]:
    """The fixtures of ``folder``, by name."""
    return [Fixture(folder, name, want) for name, want in expected_in(folder).items()]


#: The fixture set's expected parses by name (the checks of its own files use them).
EXPECTED = expected_in(FOLDER)
OWN = fixtures_in(FOLDER)
#: Every fixture compared with the reader, folder by folder.
FIXTURES = [f for folder in PARSE_FOLDERS for f in fixtures_in(folder)]


def _number(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def _target_key(t: dict) -> tuple:
    return (_number(t["value"]), t["unit"], t["op"], _number(t["baseline"]))


def _mismatches(name: str, ledger, want: dict) -> list[str]:
    """Every difference between a parsed ``Ledger`` and the expected parse, one line each."""
    out = []

    def differ(what: str, expected: object, got: object) -> None:
        if expected != got:
            out.append(f"{name} {what}: expected {expected!r}, got {got!r}")

    differ("title", want["title"], ledger.title)
    differ("city", want["city"], ledger.city)
    differ("plan_year", want["plan_year"], ledger.plan_year)
    differ("categories", want["categories"], [c.name for c in ledger.categories])
    differ("task ids", [t["id"] for t in want["tasks"]], [t.id for t in ledger.tasks])
    parsed = {t.id: t for t in ledger.tasks}
    for task in want["tasks"]:
        got = parsed.get(task["id"])
        if got is None:
            continue
        where = f"task {task['id']}"
        actual = {"category": got.category, "group": got.group, "title": got.title,
                  "departments": list(got.departments), "lead": got.lead, "support": list(got.support),
                  "counties": got.counties, "county_list": list(got.county_list)}
        for key in TASK_FIELDS:
            differ(f"{where} {key}", task[key], actual[key])
        got_targets = [(_number(t.value), t.unit, t.op, _number(t.baseline)) for t in got.targets]
        differ(f"{where} targets (value, unit, op, baseline)", [_target_key(t) for t in task["targets"]],
               got_targets)
        for trap in task["not_targets"]:
            if any(v == _number(trap["value"]) and u == trap["unit"] for v, u, _, _ in got_targets):
                out.append(f"{name} {where}: {trap['value']} {trap['unit']} is not a target but was extracted")
        if "completion" in task:
            differ(f"{where} completion", task["completion"], got.completion)
    return out


LEDGERS = [f for f in FIXTURES if "error" not in f.want]
ERRORS = [f for f in FIXTURES if "error" in f.want]


def read(fixture: Fixture):
    """``ledger.read.read_ledger`` on the fixture's document with its onboarding options."""
    read_ledger = importlib.import_module("ledger.read").read_ledger
    options = fixture.want["options"]
    return read_ledger(fixture.document, city=options["city"], plan_year=options["plan_year"],
                       counties=options["counties"])


@pytest.mark.parametrize("fixture", LEDGERS, ids=str)
def test_fixture_ledger_parses_as_expected(fixture: Fixture) -> None:
    problems = _mismatches(fixture.name, read(fixture), fixture.want)
    assert not problems, f"{len(problems)} difference(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("fixture", ERRORS, ids=str)
def test_fixture_that_is_not_a_readable_ledger_is_refused(fixture: Fixture) -> None:
    from ledger.errors import UserError

    LedgerParseError = importlib.import_module("ledger.parse").LedgerParseError
    name = fixture.name
    with pytest.raises(LedgerParseError) as caught:
        read(fixture)
    assert isinstance(caught.value, UserError)
    assert caught.value.code == ERROR_CODES[fixture.want["error"]], f"{name}: code {caught.value.code!r}"
    message = caught.value.message("zh")
    assert re.search(r"[\u4e00-\u9fff]", message), f"{name}: no Chinese sentence in {message!r}"


# --- the fixtures themselves ----------------------------------------------------------------------

@pytest.mark.parametrize("folder", PARSE_FOLDERS, ids=lambda p: p.name)
def test_every_expected_parse_has_its_document_and_a_known_form(folder: Path) -> None:
    fixtures = fixtures_in(folder)
    assert fixtures, f"no *.expected.json in {folder}"
    for f in fixtures:
        assert f.want["form"] in EXTENSION, f"{f}: unknown form {f.want['form']!r}"
        assert f.document.is_file(), f"{f}: {f.document.name} is missing"
        others = [p.name for p in folder.glob(f"{f.name}.*") if p.suffix in (".txt", ".docx", ".pdf")]
        assert others == [f.document.name], f"{f}: ambiguous documents {others}"


def test_the_folder_holds_every_form() -> None:
    forms = Counter(e["form"] for e in EXPECTED.values() if "error" not in e)
    assert forms["table-text"] >= 5, forms
    assert forms["prose-text"] >= 3, forms
    assert forms["docx-table"] >= 3, forms
    assert forms["docx-prose"] >= 1, forms
    assert forms["pdf-table"] >= 1 and forms["pdf-prose"] >= 1, forms
    errors = {(e["form"], e["error"]) for e in EXPECTED.values() if "error" in e}
    assert errors >= {("pdf-scanned", "no_text_layer"), ("docx-prose", "not_a_ledger")}, errors


@pytest.mark.parametrize("fixture", LEDGERS, ids=str)
def test_expected_parse_follows_the_contract(fixture: Fixture) -> None:
    """Guards the hand-made files against slips: ids in order, lead first, counties from the options."""
    name, want = fixture.name, fixture.want
    assert set(want["options"]) == {"city", "plan_year", "counties"}
    assert len(want["categories"]) == len(set(want["categories"])) >= 2
    assert 8 <= len(want["tasks"]) <= 25
    ordinal: Counter[str] = Counter()
    for task in want["tasks"]:
        cat_no, _, task_no = task["id"].partition(".")
        ordinal[cat_no] += 1
        assert int(task_no) == ordinal[cat_no], f"{name} {task['id']}: ordinal"
        assert task["category"] == want["categories"][int(cat_no) - 1], f"{name} {task['id']}"
        assert task["lead"] == (task["departments"][0] if task["departments"] else None)
        assert set(task["support"]) <= set(task["departments"][1:]), f"{name} {task['id']}: support"
        assert len(set(task["departments"])) == len(task["departments"]), f"{name} {task['id']}"
        assert task["counties"] == bool(task["county_list"]), f"{name} {task['id']}: counties"
        for t in task["targets"]:
            assert t["op"] in (">=", "<=", "≈") and isinstance(t["value"], int | float), f"{name} {task['id']}"
        keys = {(_number(t["value"]), t["unit"]) for t in task["targets"]}
        for trap in task["not_targets"]:
            assert (_number(trap["value"]), trap["unit"]) not in keys, f"{name} {task['id']}: {trap}"


def test_word_fixtures_match_their_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed .docx files are what make_fixtures.py writes from its data (zip members compared)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FOLDER / "make_fixtures.py")
    make_fixtures = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_fixtures", make_fixtures)  # dataclasses look their module up
    spec.loader.exec_module(make_fixtures)
    documents = make_fixtures.word_documents()
    assert {f"{n}.docx" for n in documents} == {p.name for p in FOLDER.glob("*.docx")}
    for name, doc in documents.items():
        with zipfile.ZipFile(FOLDER / f"{name}.docx") as committed, \
                zipfile.ZipFile(make_fixtures.docx_bytes(doc)) as fresh:
            assert committed.namelist() == fresh.namelist(), name
            for member in committed.namelist():
                assert committed.read(member) == fresh.read(member), f"{name}.docx {member}"


def test_word_tables_have_merged_categories_and_a_repeated_header() -> None:
    for f in [f for f in OWN if f.want["form"] == "docx-table"]:
        name = f.name
        with zipfile.ZipFile(f.document) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert '<w:vMerge w:val="restart"/>' in xml, f"{name}: no vertically merged category cell"
        assert "<w:tblHeader" in xml, f"{name}: no repeated header row"


def test_pdf_fixtures_have_the_pages_and_text_layers_they_claim() -> None:
    import pdfplumber

    for f in OWN:
        name, want = f.name, f.want
        if not want["form"].startswith("pdf-"):
            continue
        with pdfplumber.open(f.document) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        if want["form"] == "pdf-scanned":
            assert not "".join(texts).strip(), f"{name}: a scanned PDF must have no text layer"
            continue
        assert len(texts) >= 2, f"{name}: {len(texts)} page(s)"
        if want["form"] == "pdf-table":
            for i, text in enumerate(texts, 1):
                assert "具体措施" in text.replace(" ", ""), f"{name}: page {i} lacks the repeated header row"
