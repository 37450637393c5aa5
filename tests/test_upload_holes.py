"""Holes that hostile tests found in the upload path, each closed and kept closed.

Files nobody here wrote (formula errors, Strict OOXML, .ods, stray cells a million rows down, text that
LibreOffice keeps with its apostrophe, look-alike ids), a report of a rejected upload that took
quadratic time, and the command line's and the store's edges. Every test goes through the same entry
points the CLI and the pages use (``read_upload``, ``service``, ``python -m ledger``).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ledger import indicators_frame, service
from ledger.cli import main as cli_main
from ledger.upload import WorkbookError, read_upload
from tests.conftest import ROOT, copy_db
from tests.workbook_fixtures import bundle, edited, template_bytes

P, T, G = "指标进度", "任务进展", "指标目标"
M = "2023-06"


def problems_of(data: bytes) -> list[tuple[str, int | None, str, str]]:
    """(sheet, row, column, Chinese reason) of every problem, or [] when the file is accepted."""
    try:
        read_upload(data, bundle(), file_name="上报.xlsx")
    except WorkbookError as exc:
        return [(p.sheet, p.row, p.column, p.message) for p in exc.problems]
    return []


def cells(sheet: str, **values: object) -> bytes:
    """The template with cells set (keyword = cell reference; a (value, number format) pair formats it)."""

    def change(wb: openpyxl.Workbook) -> None:
        for ref, value in values.items():
            if isinstance(value, tuple):
                wb[sheet][ref].value, wb[sheet][ref].number_format = value
            else:
                wb[sheet][ref] = value

    return edited(change)


def rezip(data: bytes, transform) -> bytes:
    """``data`` re-zipped with each member passed through ``transform(name, bytes) -> (name, bytes)``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name, body = transform(info.filename, src.read(info))
            dst.writestr(name, body)
    return out.getvalue()


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_DB"}
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


# --- cells nobody here wrote ----------------------------------------------------------------------


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!"])
def test_formula_errors_are_refused_with_their_cell(error):
    # openpyxl stores these strings as error cells (t="e"), as Excel stores a formula's error result;
    # python-calamine reads error cells as blanks, so they were dropped without a word
    data = edited(lambda wb: [wb[P].__setitem__("A2", M), wb[P].__setitem__("F2", error),
                              wb[T].__setitem__("A2", M), wb[T].__setitem__("F2", "推进中"),
                              wb[T].__setitem__("G2", error)])
    got = problems_of(data)
    assert [(s, r, c) for s, r, c, _ in got] == [(P, 2, "实际值"), (T, 2, "完成百分比")]
    assert all("公式错误值" in reason for *_, reason in got)


def test_formula_error_cached_by_excel_is_refused():
    def divide_by_zero(name: str, body: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet2.xml":
            body = body.replace(b'<c r="F2" t="n"><v>1</v></c>',
                                b'<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
        return name, body

    data = rezip(cells(P, A2=M, F2=1), divide_by_zero)
    assert b"#DIV/0!" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    assert [(s, r, c) for s, r, c, _ in problems_of(data)] == [(P, 2, "实际值")]


@pytest.mark.parametrize("text", ["NaN", "nan", "N/A", "NULL"])
def test_text_that_means_no_value_is_refused_not_skipped(text):
    got = problems_of(cells(P, A2=M, F2=text))
    assert [(s, r, c) for s, r, c, _ in got] == [(P, 2, "实际值")]
    assert "没有数据时请留空" in got[0][3]


def test_period_with_the_apostrophe_libreoffice_keeps():
    up = read_upload(cells(P, A2="'2023-06", F2=5, A3="’2023-07", F3=6), bundle())
    assert up.progress["period"].tolist() == ["2023-06", "2023-07"]


def test_52_typed_into_a_percent_cell_is_told_how_to_enter_it():
    ((sheet, row, column, reason),) = problems_of(cells(P, A2=M, F2=(52, "0%")))
    assert (sheet, row, column) == (P, 2, "实际值")
    assert "52% 请填 52）" not in reason  # the old advice: what the user had just done
    assert "5200%" in reason and "0.52" in reason and "常规" in reason


@pytest.mark.parametrize("bad", ["K01\u200b", "K01\ufeff", "K99\u202e", "\u200eK13"])
def test_look_alike_ids_are_refused(bad):
    data = edited(lambda wb: wb[G].append([bad, "看起来一样", "1.1", 10, "%", ">=", None, None]))
    ((sheet, row, column, reason),) = problems_of(data)
    assert (sheet, row, column) == (G, 14, "编号") and "不可见字符" in reason and "U+" in reason


def test_invisible_characters_in_keys_of_the_data_sheets_are_refused():
    got = problems_of(cells(P, A2=M, B2="K01\u200b", F2=1, A3=M, D3="市审批局\u2066", F3=1))
    assert [(r, c) for _, r, c, _ in got] == [(2, "指标编号"), (3, "责任部门")]


def test_negative_baseline_is_refused_like_a_negative_target():
    assert [(s, r, c) for s, r, c, _ in problems_of(cells(G, H2=-5))] == [(G, 2, "基期值")]
    assert [(s, r, c) for s, r, c, _ in problems_of(cells(G, D2=-5))] == [(G, 2, "目标值")]


def test_a_target_that_makes_every_ratio_infinite_is_refused(tmp_path):
    assert [(s, r, c) for s, r, c, _ in problems_of(cells(G, D2=5e-324))] == [(G, 2, "目标值")]
    # and whatever is stored, status --json stays JSON (no Infinity, no NaN)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    ctx = service.open_context(db)
    catalog = indicators_frame(ctx.bundle.indicators)
    catalog.loc[0, "target"] = 5e-324
    ctx.store.commit(targets=catalog, user="t", file_name="c.csv", sha256="x", kind="catalog")
    progress = service.read_bytes(ctx, cells(P, A2=M, F2=40), file_name="a.xlsx").progress
    ctx.store.commit(progress, user="t", file_name="a.xlsx", sha256="y")
    ctx.store.dispose()
    out = cli("status", "--json", "--db", db)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert any(r["indicator"] == "K01" and r["actual"] == 40 for r in rows)


# --- files nobody here wrote ----------------------------------------------------------------------


def strict(data: bytes) -> bytes:
    """``data`` in Strict OOXML: the ISO namespaces instead of the transitional ones (calamine reads it,
    openpyxl sees no sheets)."""
    names = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }

    def to_strict(name: str, body: bytes) -> tuple[str, bytes]:
        for old, new in names.items():
            body = body.replace(old, new)
        return name, body

    return rezip(data, to_strict)


def test_strict_ooxml_workbook_gets_its_problem_list(tmp_path):
    data = strict(cells(P, A2=M, F2="abc", A3=M, F3=(0.5, "0%")))
    assert b"purl.oclc.org" in zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    assert [(s, r, c) for s, r, c, _ in problems_of(data)] == [(P, 2, "实际值")]
    good = read_upload(strict(cells(P, A3=M, F3=(0.5, "0%"))), bundle())
    assert good.progress["actual"].tolist() == [50.0]  # its percent formats are read too
    path = tmp_path / "strict.xlsx"
    path.write_bytes(data)
    proc = cli("check", str(path), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "“实际值”列" in proc.stderr


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                                  'xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def test_ods_is_named_and_the_user_told_to_save_as_xlsx():
    ((sheet, row, _, reason),) = problems_of(_ods())
    assert (sheet, row) == ("", None) and "OpenDocument" in reason and "另存为 .xlsx" in reason


@pytest.mark.parametrize("where", ["A1048576", "XFD1048576", "XFD5"])
def test_one_stray_cell_far_away_is_refused_by_name_quickly(tmp_path, where):
    # calamine allocates the whole box of a sheet's cells: XFD1048576 asked for 17 billion cells and
    # aborted the process, so this runs in a child process
    path = tmp_path / "stray.xlsx"
    path.write_bytes(cells(P, A2=M, F2=1, **{where: "x"}))
    started = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "ledger", "check", str(path),
                           "--db", f"sqlite:///{tmp_path / 'x.db'}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    seconds = time.monotonic() - started
    rss_mb = int(proc.stderr.strip().splitlines()[-1]) / 1024
    assert proc.returncode == 1, proc.stderr
    assert f"工作表“{P}”" in proc.stderr and where in proc.stderr and "远离其余数据" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 20 and rss_mb < 400, (seconds, rss_mb)


def test_stray_cell_in_a_ledger_form_is_bounded(tmp_path):
    from ledger.ledgerform import write_ledger_form

    form = tmp_path / "台账.xlsx"
    write_ledger_form(bundle().ledger, form)
    wb = openpyxl.load_workbook(form)
    wb.active["D3"] = "已完成企业开办全链条一网通办。"
    wb.active["A1048576"] = "x"
    wb.save(form)
    started = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "ledger", "check", str(form),
                           "--period", M, "--db", f"sqlite:///{tmp_path / 'x.db'}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    seconds, rss_mb = time.monotonic() - started, int(proc.stderr.strip().splitlines()[-1]) / 1024
    assert proc.returncode == 1 and "A1048576" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert seconds < 20 and rss_mb < 400, (seconds, rss_mb)


def test_doctype_in_a_part_not_named_xml_is_refused():
    # the sheet part moved to a name without .xml (its relationship and content type follow it):
    # the DTD check looked at names, so calamine read the part and dropped the row
    laugh = b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "K01">]>'

    def hide(name: str, body: bytes) -> tuple[str, bytes]:
        body = body.replace(b"worksheets/sheet2.xml", b"worksheets/sheet2.bin")
        if name == "xl/worksheets/sheet2.xml":
            return "xl/worksheets/sheet2.bin", laugh + (body.split(b"?>", 1)[-1] if body.startswith(b"<?") else body)
        if name == "[Content_Types].xml":
            body = body.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.'
                                b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        return name, body

    got = problems_of(rezip(cells(P, A2=M, F2=1), hide))
    assert len(got) == 1 and "DOCTYPE" in got[0][3] and "sheet2.bin" in got[0][3]


def test_library_english_does_not_leak_into_messages(tmp_path):
    from ledger.ledgerform import read_ledger_form
    from ledger.parse import LedgerParseError

    for data in (b"this is not a zip at all", template_bytes()[:2000], b"PK\x03\x04" + b"\0" * 100):
        with pytest.raises(LedgerParseError) as err:
            read_ledger_form(data)
        assert not re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]", str(err.value)), str(err.value)
        path = tmp_path / "x.xlsx"
        path.write_bytes(data)
        proc = cli("check", str(path), "--db", f"sqlite:///{tmp_path / 'x.db'}")
        assert proc.returncode == 1 and not re.search(r"zip file|Error|Traceback", proc.stderr), proc.stderr


def test_openpyxl_warnings_do_not_reach_stderr(tmp_path):
    # a 台账 saved by Excel with a data-validation extension: openpyxl warned "Data Validation extension
    # is not supported and will be removed" on stderr while the form was read
    from ledger.ledgerform import write_ledger_form

    buf = io.BytesIO()
    write_ledger_form(bundle().ledger, buf)
    filled = edited(lambda wb: wb.active.__setitem__("D3", "已完成。"), buf.getvalue())
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           b'count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst></worksheet>')
    path = tmp_path / "台账.xlsx"
    path.write_bytes(rezip(filled, lambda name, body: (name, body.replace(b"</worksheet>", ext)
                                                       if name == "xl/worksheets/sheet1.xml" else body)))
    proc = cli("check", str(path), "--period", M, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert proc.returncode == 0 and "台账 1 行" in proc.stdout, proc.stderr
    assert proc.stderr == ""


# --- the report of a rejected upload --------------------------------------------------------------


def _repeated_key(n: int) -> bytes:
    """A small file of one repeated key: n - 1 duplicate-row problems."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = P
    ws.append(["期间", "指标编号", "责任部门", "县区", "实际值"])
    for _ in range(n):
        ws.append([M, "K01", "市审批局", "全市", 1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_report_of_many_problems_is_linear_and_capped():
    data = _repeated_key(8000)  # the old report took 28 s for 8k problems, and never finished at 100k
    with pytest.raises(WorkbookError) as err:
        read_upload(data, bundle())
    assert len(err.value.problems) == 7999
    started = time.monotonic()
    report = service.problem_workbook(data, err.value.problems)
    assert time.monotonic() - started < 10
    wb = openpyxl.load_workbook(io.BytesIO(report))
    marked = [c for row in wb[P].iter_rows() for c in row if c.comment is not None]
    assert len(marked) == 1000 and all(c.fill.fgColor.rgb.endswith("FFC7CE") for c in marked)
    assert wb.sheetnames[0] == "校验结果" and wb["校验结果"].max_row == 8000  # header + every problem


def test_marked_copy_keeps_none_of_the_uploaders_formulas():
    def hostile(wb):
        wb[P]["A2"], wb[P]["F2"] = M, "abc"
        wb[P]["G3"] = '=HYPERLINK("http://evil.example","点我")'
        wb[T]["H5"] = "=cmd|' /C calc'!A0"

    data = edited(hostile)
    with pytest.raises(WorkbookError) as err:
        read_upload(data, bundle())
    wb = openpyxl.load_workbook(io.BytesIO(service.problem_workbook(data, err.value.problems)))
    formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert wb[P]["F2"].comment is not None


# --- the command line ----------------------------------------------------------------------------


def test_revert_of_an_id_beyond_any_integer_is_a_clean_error(sample_db, tmp_path):
    db = copy_db(sample_db, tmp_path)
    proc = cli("revert", "99999999999999999999", "--db", db)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "没有编号为 99999999999999999999 的导入记录" in proc.stderr


def test_import_refuses_a_file_that_changes_nothing(sample_db, tmp_path, capsys):
    db = copy_db(sample_db, tmp_path)
    path = tmp_path / "上报.xlsx"
    path.write_bytes(cells(P, A2="2023-09", F2=1))
    assert cli_main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    assert cli_main(["import", str(path), "--db", db]) == 1  # the same file again
    err = capsys.readouterr().err
    assert re.search(r"与导入 #\d+ 内容相同", err), err
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(template_bytes())  # nothing filled in, the catalog as stored
    assert cli_main(["import", str(empty), "--db", db]) == 1
    assert "文件中没有可导入的数据" in capsys.readouterr().err
    renamed = tmp_path / "改名.xlsx"
    renamed.write_bytes(edited(lambda wb: [setattr(wb[P], "title", "进度表"), wb["进度表"].__setitem__("A2", M),
                                           wb["进度表"].__setitem__("F2", 5)]))
    assert cli_main(["import", str(renamed), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "文件中没有可导入的数据" in err and "“进度表”" in err and P in err, err


def test_a_ledger_form_without_its_month_is_refused_not_dated_today(tmp_path, capsys):
    from ledger.ledgerform import write_ledger_form

    form = tmp_path / "台账.xlsx"
    write_ledger_form(bundle().ledger, form)
    wb = openpyxl.load_workbook(form)
    wb.active["D3"] = "已完成企业开办全链条一网通办。"
    wb.save(form)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert cli_main(["check", str(form), "--db", db]) == 1
    assert "--period" in capsys.readouterr().err
    assert cli_main(["check", str(form), "--period", M, "--db", db]) == 0
    assert "台账 1 行" in capsys.readouterr().out


def test_a_ledger_form_naming_an_unknown_task_gets_its_row(tmp_path, capsys):
    from ledger.ledgerform import write_ledger_form

    form = tmp_path / "台账.xlsx"
    write_ledger_form(bundle().ledger, form)
    wb = openpyxl.load_workbook(form)
    ws = wb.active
    ws.append(["", "（九）一项当前台账里没有的任务。", "市审批局", "已完成。"])
    wb.save(form)
    assert cli_main(["check", str(form), "--period", M, "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 1
    err = capsys.readouterr().err
    assert f"第 {ws.max_row} 行" in err and "不在当前台账中" in err, err


# --- other office clients -------------------------------------------------------------------------


def test_libreoffice_round_trip_of_a_filled_template_imports_identically(tmp_path):
    soffice = shutil.which("soffice")
    if not soffice or not Path("/usr/lib/libreoffice/program/libscfiltlo.so").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice Calc (make system-deps) is required under CI=true")
        pytest.skip("LibreOffice Calc is not installed (make system-deps installs libreoffice-calc-nogui)")
    data = cells(P, A2=M, F2=(0.52, "0%"), A3=M, F3="52%", A4="2023年6月", F4=7, G4="备注")
    src = tmp_path / "src" / "填报.xlsx"
    src.parent.mkdir()
    src.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)], capture_output=True,
                   timeout=180, check=True)
    again = read_upload(out / "填报.xlsx", bundle())
    first = read_upload(data, bundle())
    assert again.rows == first.rows
    for name in ("progress", "tasks", "targets"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name))
    assert first.progress["actual"].tolist() == [52.0, 52.0, 7.0]
