"""Ledgers of other cities in every form, each read and compared with the parse a person expects.

Every ``tests/fixtures/ledgers/NAME.expected.json`` is the hand-made truth for ``NAME.txt``, ``NAME.docx`` or
``NAME.pdf`` in that folder (conventions: the folder's README). A ledger fixture is read with
``ledger.read.read_ledger`` and compared field by field; an ``error`` fixture must be refused with a
``ledger.parse.LedgerParseError`` of the matching code and a Chinese sentence. The reader is imported
inside the tests, so each fixture reports on its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

#: Another folder of the same layout can be checked with LEDGER_FIXTURES=DIR (run with -k to leave out the
#: tests about this folder's own files: forms, make_fixtures.py).
FOLDER = Path(os.environ.get("LEDGER_FIXTURES") or Path(__file__).parent / "fixtures" / "ledgers")
EXTENSION = {"table-text": ".txt", "prose-text": ".txt", "docx-table": ".docx", "docx-prose": ".docx",
             "pdf-table": ".pdf", "pdf-prose": ".pdf", "pdf-scanned": ".pdf"}
ERROR_CODES = {"no_text_layer": "read_no_text_layer", "not_a_ledger": "read_not_a_ledger"}
TASK_FIELDS = ("category", "group", "title", "departments", "lead", "support", "counties", "county_list")


def _expected() -> dict[str, dict]:
    return {p.name.removesuffix(".expected.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(FOLDER.glob("*.expected.json"))}


EXPECTED = _expected()


def _document(name: str) -> Path:
    """The one document ``NAME.<ext>`` an expected parse belongs to, by the extension of its form."""
    return FOLDER / f"{name}{EXTENSION[EXPECTED[name]['form']]}"


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


LEDGERS = sorted(n for n, e in EXPECTED.items() if "error" not in e)
ERRORS = sorted(n for n, e in EXPECTED.items() if "error" in e)


def _read(name: str):
    """``ledger.read.read_ledger`` on the fixture with its onboarding options."""
    read_ledger = importlib.import_module("ledger.read").read_ledger
    options = EXPECTED[name]["options"]
    return read_ledger(_document(name), city=options["city"], plan_year=options["plan_year"],
                       counties=options["counties"])


@pytest.mark.parametrize("name", LEDGERS)
def test_fixture_ledger_parses_as_expected(name: str) -> None:
    want = EXPECTED[name]
    ledger = _read(name)
    problems = _mismatches(name, ledger, want)
    assert not problems, f"{len(problems)} difference(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", ERRORS)
def test_fixture_that_is_not_a_readable_ledger_is_refused(name: str) -> None:
    from ledger.errors import UserError

    LedgerParseError = importlib.import_module("ledger.parse").LedgerParseError
    want = EXPECTED[name]
    with pytest.raises(LedgerParseError) as caught:
        _read(name)
    assert isinstance(caught.value, UserError)
    assert caught.value.code == ERROR_CODES[want["error"]], f"{name}: code {caught.value.code!r}"
    message = caught.value.message("zh")
    assert re.search(r"[\u4e00-\u9fff]", message), f"{name}: no Chinese sentence in {message!r}"


# --- the fixtures themselves ----------------------------------------------------------------------

def test_every_expected_parse_has_its_document_and_a_known_form() -> None:
    assert EXPECTED, f"no *.expected.json in {FOLDER}"
    for name, want in EXPECTED.items():
        assert want["form"] in EXTENSION, f"{name}: unknown form {want['form']!r}"
        assert _document(name).is_file(), f"{name}: {_document(name).name} is missing"
        others = [p.name for p in FOLDER.glob(f"{name}.*") if p.suffix in (".txt", ".docx", ".pdf")]
        assert others == [_document(name).name], f"{name}: ambiguous documents {others}"


def test_the_folder_holds_every_form() -> None:
    forms = Counter(e["form"] for e in EXPECTED.values() if "error" not in e)
    assert forms["table-text"] >= 5, forms
    assert forms["prose-text"] >= 3, forms
    assert forms["docx-table"] >= 3, forms
    assert forms["docx-prose"] >= 1, forms
    assert forms["pdf-table"] >= 1 and forms["pdf-prose"] >= 1, forms
    errors = {(e["form"], e["error"]) for e in EXPECTED.values() if "error" in e}
    assert errors >= {("pdf-scanned", "no_text_layer"), ("docx-prose", "not_a_ledger")}, errors


@pytest.mark.parametrize("name", LEDGERS)
def test_expected_parse_follows_the_contract(name: str) -> None:
    """Guards the hand-made files against slips: ids in order, lead first, counties from the options."""
    want = EXPECTED[name]
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
    for name in [n for n, e in EXPECTED.items() if e["form"] == "docx-table"]:
        with zipfile.ZipFile(_document(name)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert '<w:vMerge w:val="restart"/>' in xml, f"{name}: no vertically merged category cell"
        assert "<w:tblHeader" in xml, f"{name}: no repeated header row"


def test_pdf_fixtures_have_the_pages_and_text_layers_they_claim() -> None:
    import pdfplumber

    for name, want in EXPECTED.items():
        if not want["form"].startswith("pdf-"):
            continue
        with pdfplumber.open(_document(name)) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        if want["form"] == "pdf-scanned":
            assert not "".join(texts).strip(), f"{name}: a scanned PDF must have no text layer"
            continue
        assert len(texts) >= 2, f"{name}: {len(texts)} page(s)"
        if want["form"] == "pdf-table":
            for i, text in enumerate(texts, 1):
                assert "具体措施" in text.replace(" ", ""), f"{name}: page {i} lacks the repeated header row"
