"""Clean failure: whatever is given to the ledger readers, the only exception is LedgerParseError — a
Chinese sentence naming the line, paragraph or cell — never a traceback."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.errors import UserError
from ledger.read import LedgerParseError, read_ledger

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(os.environ.get("LEDGER_CORPUS", "/work/shared/corpus"))


def code_of(data: bytes | Path) -> str:
    with pytest.raises(LedgerParseError) as err:
        read_ledger(data)
    message = err.value.message("zh")
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert err.value.message("en")
    return err.value.code


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def test_error_type():
    assert issubclass(LedgerParseError, UserError)
    assert LedgerParseError("一句写好的话").message() == "一句写好的话"  # old callers' finished sentences


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "read_empty"),
        (b"   \n\n", "read_empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "read_old_office"),  # .doc / .xls
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
         "read_encrypted"),  # a workbook with a password
        (zip_bytes({"hello.txt": b"hi"}), "read_unknown_zip"),
        (zip_bytes({"xl/workbook.bin": b"x", "[Content_Types].xml": b"<x/>"}), "read_xlsb"),
        (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "read_odt"),
        (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
         "read_ods"),
        (b"PK\x03\x04 truncated zip", "read_damaged"),
        (bytes(range(256)) * 40, "read_binary"),
        ("这不是台账\n只是一些文字\n".encode(), "read_not_a_ledger"),
        ("一、只有标题\n没有任务\n".encode(), "read_not_a_ledger"),
        (docx_bytes("关于召开营商环境工作会议的通知", "各有关单位：定于3月5日召开会议。"), "read_not_a_ledger"),
        (b"%PDF-1.4\n%garbage that is no PDF\n", "read_pdf_failed"),
    ],
)
def test_refused_with_a_sentence(data, code):
    assert code_of(data) == code


def test_bad_encoding_names_the_line():
    data = "第一行\n第二行\n".encode() + b"\xff\xfe\xfd\x80\x81 \n"
    with pytest.raises(LedgerParseError) as err:
        read_ledger(data)  # neither UTF-8 nor GB18030
    assert err.value.code == "read_bad_encoding"
    assert err.value.where.line == 3 and "第 3 行" in err.value.message("zh")


def test_missing_file(tmp_path):
    assert code_of(tmp_path / "nope.txt") == "read_file_missing"
    assert code_of(tmp_path) == "read_file_missing"


def test_docx_guards():
    good = docx_bytes("一、政务服务", "（一）推进。（责任单位：市审批局）")
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    evil = dict(members)
    evil["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                 + members["word/document.xml"].split(b"?>", 1)[1])
    assert code_of(zip_bytes(evil)) == "read_dtd"
    bomb = dict(members)
    bomb["word/media/zeros.bin"] = b"\x00" * (12 * 2**20)
    assert code_of(zip_bytes(bomb)) == "read_zip_bomb"
    many = dict(members) | {f"word/x{i}.txt": b"" for i in range(5001)}
    assert code_of(zip_bytes(many)) == "read_zip_members"
    assert code_of(good[: len(good) // 2]) == "read_damaged"


def test_workbook_is_routed_to_the_ledger_form(tmp_path):
    from ledger import load_default
    from ledger.ledgerform import write_ledger_form

    path = tmp_path / "台账.xlsx"
    write_ledger_form(load_default().ledger, path)
    assert len(read_ledger(path.read_bytes()).tasks) == 16  # by content, no file name
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "other.xlsx")
    assert code_of(tmp_path / "other.xlsx")  # the ledger form's own error, as a sentence


# -- hypothesis: mutilated ledgers ------------------------------------------------------------------
def _texts() -> list[str]:
    texts = [(ROOT / "data" / "ledger.txt").read_text(encoding="utf-8"),
             (FIXTURES / "other_city_ledger.txt").read_text(encoding="utf-8")]
    from tests.test_read_breaks import pdf_text
    from tests.test_read_text import PROSE_PDF_TEXT, PROSE_THREE_LEVELS, TABLE_TEXT

    texts += [TABLE_TEXT, PROSE_THREE_LEVELS, PROSE_PDF_TEXT, pdf_text(41), pdf_text(43)]
    for folder in (FIXTURES / "ledgers", FIXTURES / "ledgers_unseen"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return texts


TEXTS = _texts()


@st.composite
def mutilated(draw) -> str:
    lines = TEXTS[draw(st.integers(0, len(TEXTS) - 1))].split("\n")
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "shuffle_block"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        else:
            block = lines[i : i + 8]
            rnd.shuffle(block)
            lines[i : i + 8] = block
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutilated())
def test_mutilated_ledgers_only_raise_the_parsers_error(text):
    try:
        ledger = read_ledger(text.encode())
    except LedgerParseError as exc:
        assert exc.message("zh")
        return
    for task in ledger.tasks:
        assert task.id.count(".") == 1
        task.to_json()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.binary(min_size=1, max_size=3000), st.sampled_from(["docx", "pdf", "text"]))
def test_damaged_documents_only_raise_the_parsers_error(noise, kind):
    if kind == "docx":
        data = docx_bytes("一、政务服务", "（一）推进企业开办。（责任单位：市审批局）")
        cut = len(noise) % len(data)
        data = data[:cut] + noise + data[cut + len(noise):]
    elif kind == "pdf":
        data = b"%PDF-1.4\n" + noise
    else:
        data = noise
    try:
        read_ledger(data)
    except LedgerParseError as exc:
        assert exc.message("zh")


# -- the command line ------------------------------------------------------------------------------
def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_cli_refuses_without_traceback(tmp_path):
    junk = tmp_path / "junk.docx"  # a name that lies: judged by content
    junk.write_bytes(bytes(range(256)) * 10)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    for path in (junk, old):
        proc = run("parse", str(path))
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("错误：")


# -- foreign files: spreadsheets from other projects' test suites ----------------------------------
def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("MANIFEST.json", "README.md"))


@pytest.mark.skipif(not corpus_files(), reason="the foreign-file corpus is not on this machine")
def test_foreign_files_are_refused_cleanly():
    """Every non-workbook file of the corpus (xls, xlsb, ods, csv …) ends in a sentence. The .xlsx
    files go to the 台账 reader (bench/read_corpus.py times all of them through the CLI)."""
    for path in corpus_files():
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            continue
        try:
            read_ledger(path)
        except LedgerParseError as exc:
            assert exc.message("zh"), path
        else:
            pytest.fail(f"{path} was read as a ledger")
