"""Workbooks that must be rejected: each names the sheet, the Excel row, the column and the reason."""

from __future__ import annotations

import dataclasses
import io
import time as time_module
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import assign
from ledger.upload import Upload, WorkbookError, read_upload, write_template
from tests.workbook_fixtures import bundle, edited, template_bytes

P, T, G = "指标进度", "任务进展", "指标目标"


def prow(indicator: str, department: str, county: str = "全市") -> int:
    """Excel row of a pre-listed 指标进度 key (the template lists indicator_keys in order)."""
    b = bundle()
    keys = list(assign.indicator_keys(b.ledger, b.indicators, b.config).itertuples(index=False, name=None))
    return keys.index((indicator, department, county)) + 2


def trow(task: str, department: str, county: str = "全市") -> int:
    b = bundle()
    keys = list(assign.task_keys(b.ledger, b.config).itertuples(index=False, name=None))
    return keys.index((task, department, county)) + 2


def cells(sheet: str, row: int, **values: object) -> Callable[[], bytes]:
    """The template with cells of one row set (keyword = column letter; None clears)."""

    def change(wb: openpyxl.Workbook) -> None:
        for letter, value in values.items():
            wb[sheet][f"{letter}{row}"] = value

    return lambda: edited(change)


def change(fn: Callable[[openpyxl.Workbook], object]) -> Callable[[], bytes]:
    return lambda: edited(fn)


def _xlsx(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_without_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def _duplicate(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    r = prow("K01", "市审批局", "大武口区")
    ws["A2"], ws["F2"] = "2023-06", 50
    ws[f"A{r}"], ws[f"E{r}"], ws[f"F{r}"] = "2023-06", "全市", 51


def _title_rows(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    ws.insert_rows(1, 2)
    ws["A1"] = "指标进度填报表"
    ws["A4"], ws["F4"] = "2023-06", "abc"


def _clear_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    ws.delete_rows(1, ws.max_row)


M, D = "2023-06", "市审批局"
K07 = prow("K07", "市税务局")
T27 = trow("2.7", "市商务局")


@dataclass(frozen=True)
class Bad:
    name: str
    make: Callable[[], bytes]
    sheet: str
    row: int | None
    column: str
    phrase: str


CASES = [
    Bad("unknown indicator", cells(P, 2, A=M, B="K99", F=1), P, 2, "指标编号", "不是已知的指标编号"),
    Bad("unknown task", cells(T, 2, A=M, B="9.9", F="推进中"), T, 2, "任务编号", "不是已知的任务编号"),
    Bad("unknown department", cells(P, 2, A=M, D="市不存在局", F=1), P, 2, "责任部门", "不是台账中的责任部门"),
    Bad("department not responsible", cells(P, 2, A=M, D="市住建局", F=1), P, 2, "责任部门",
        "不是任务 1.1（推进准入准营便利化）的责任部门"),
    Bad("unknown county", cells(P, 2, A=M, E="银川市", F=1), P, 2, "县区", "不是已知的县区"),
    Bad("county for a city-only task", cells(T, T27, A=M, E="大武口区", F="推进中"), T, T27, "县区",
        "未分解到县区"),
    Bad("missing department", cells(P, 2, A=M, D=None, F=1), P, 2, "责任部门", "缺少责任部门"),
    Bad("not a number", cells(P, 2, A=M, F="abc"), P, 2, "实际值", "不是数字"),
    Bad("negative value", cells(P, 2, A=M, F=-5), P, 2, "实际值", "不能为负数"),
    Bad("percent over 1000", cells(P, 2, A=M, F=5000), P, 2, "实际值", "超过 1000%"),
    Bad("percent for a 工作日 unit", cells(P, K07, A=M, F="8%"), P, K07, "实际值", "单位是“工作日”"),
    Bad("note without actual", cells(P, 2, A=M, G="说明"), P, 2, "实际值", "缺少实际值"),
    Bad("完成百分比 over 100", cells(T, 2, A=M, F="推进中", G=150), T, 2, "完成百分比", "超出 0–100"),
    Bad("bad status", cells(T, 2, A=M, F="差不多"), T, 2, "进度状态", "不是有效的进度状态"),
    Bad("progress without status", cells(T, 2, A=M, G=50), T, 2, "进度状态", "缺少进度状态"),
    Bad("duplicate key", change(_duplicate), P, prow("K01", D, "大武口区"), "指标编号", "与第 2 行重复"),
    Bad("period outside plan year", cells(P, 2, A="2024-01", F=1), P, 2, "期间", "不在计划年度 2023 年内"),
    Bad("unreadable period", cells(P, 2, A="上半年", F=1), P, 2, "期间", "无法识别为期间"),
    Bad("ambiguous numeric period", cells(P, 2, A=2023.1, F=1), P, 2, "期间", "有歧义"),
    Bad("value without period", cells(P, 2, F=5), P, 2, "期间", "缺少期间"),
    Bad("row number below title rows", change(_title_rows), P, 4, "实际值", "不是数字"),
    Bad("missing header", cells(P, 1, F="完成数"), P, 1, "实际值", "缺少必需的列“实际值”"),
    Bad("empty sheet", change(_clear_sheet), P, None, "", "工作表是空的"),
    Bad("missing sheets", change(lambda wb: [wb.remove(wb[n]) for n in (P, T)]), "", None, "", "缺少工作表"),
    Bad("target bad direction", cells(G, 2, F="大约"), G, 2, "方向", "方向应为 >= 或 <="),
    Bad("target not a number", cells(G, 2, D="五十"), G, 2, "目标值", "不是数字"),
    Bad("target deadline before plan year", cells(G, 2, G=datetime(2022, 6, 30)), G, 2, "截止日期",
        "早于计划年度"),
    Bad("new target with unknown task",
        change(lambda wb: wb[G].append(["K13", "新指标", "9.9", 10, "%", ">=", None, None])),
        G, 14, "任务", "新指标必须属于台账中的任务"),
    Bad("not an xlsx (text renamed)", lambda: "期间,指标编号\n2023-06,K01\n".encode(), "", None, "",
        "不是 Excel 工作簿"),
    Bad("zip but not a workbook", _zip_without_workbook, "", None, "", "没有 xl/workbook.xml"),
    Bad("corrupt zip (truncated)", lambda: template_bytes()[: len(template_bytes()) // 2], "", None, "",
        "文件已损坏"),
    Bad("xls or encrypted (OLE2)", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00junk" * 100, "", None, "",
        "文件已加密或为旧版 .xls 格式"),
    Bad("empty workbook", lambda: _xlsx(openpyxl.Workbook()), "", None, "", "空工作簿"),
    Bad("empty file", lambda: b"", "", None, "", "是空文件"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rejected_with_sheet_row_column_and_reason(case: Bad):
    with pytest.raises(WorkbookError) as info:
        read_upload(case.make(), bundle(), file_name="上报.xlsx")
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    (p,) = problems
    assert (p.sheet, p.row, p.column) == (case.sheet, case.row, case.column), str(p)
    assert case.phrase in p.message, str(p)
    assert str(p).startswith(f"工作表“{case.sheet}”" if case.sheet else "文件")


def test_every_problem_is_reported_not_just_the_first():
    def many(wb):
        wb[P]["A2"], wb[P]["F2"] = M, "abc"
        wb[P]["A3"], wb[P]["B3"], wb[P]["E3"], wb[P]["F3"] = "2024-13", "K99", "银川", -1
        wb[T]["A2"], wb[T]["F2"], wb[T]["G2"] = M, "差不多", 101
        wb[G]["F2"] = "大约"

    with pytest.raises(WorkbookError) as info:
        read_upload(edited(many), bundle())
    got = [(p.sheet, p.row, p.column) for p in info.value.problems]
    assert sorted(got) == sorted([
        (G, 2, "方向"),
        (P, 2, "实际值"),
        (P, 3, "期间"), (P, 3, "指标编号"), (P, 3, "县区"), (P, 3, "实际值"),
        (T, 2, "进度状态"), (T, 2, "完成百分比"),
    ])


# --- property: anything in the cells gives an Upload or a WorkbookError, never a crash -----------

CELLS = [(P, f"{c}2") for c in "ABDEFG"] + [(P, f"{c}3") for c in "AF"] + [(T, f"{c}2") for c in "ABDEFGH"]
SPECIAL = ["=1+1", "合计", "52%", "５２％", "2023年6月", "2023-13", "大武口", "税务局", "K01", "1.1", "推进中",
           "nan", "inf", "1e400", "-0", "x" * 40_000, " ", "#DIV/0!"]
VALUES = st.one_of(
    st.none(),
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1000)),
    st.booleans(),
)
FORMATS = st.sampled_from(["General", "0%", "0.00%", "@", "yyyy-mm-dd"])


def _small_filled() -> bytes:
    """A filled template cut down to a few rows per sheet, so each example saves and reads quickly."""

    def cut(wb):
        for name in (P, T):
            ws = wb[name]
            ws.delete_rows(5, ws.max_row)
            ws["A2"], ws["A3"], ws["A4"] = M, M, M
        wb[P]["F2"], wb[P]["F3"], wb[P]["F4"] = 0.5, "52%", 3
        wb[T]["F2"], wb[T]["G2"], wb[T]["F3"] = "推进中", 40, "已完成"

    return edited(cut)


SMALL = _small_filled()


def upload_or_problems(data: bytes) -> Upload | None:
    """Read ``data``: an Upload, or None after checking the WorkbookError names its problems.

    Anything else (another exception type) fails the calling property test.
    """
    try:
        result = read_upload(data, bundle())
    except WorkbookError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return None
    assert isinstance(result, Upload)
    return result



def test_small_filled_template_reads():
    assert read_upload(SMALL, bundle()).rows == {P: 3, T: 2, G: 12}


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(CELLS), st.tuples(VALUES, FORMATS), min_size=1, max_size=6))
def test_any_cell_values_give_upload_or_workbook_error(changes):
    def apply(wb):
        for (sheet, ref), (value, fmt) in changes.items():
            cell = wb[sheet][ref]
            cell.value = value
            cell.number_format = fmt

    result = upload_or_problems(edited(apply, SMALL))
    if result is not None:
        assert result.progress["actual"].notna().all()


def test_time_and_bool_cells_are_rejected_not_crashed():
    with pytest.raises(WorkbookError) as info:
        read_upload(cells(P, 2, A=time(9, 30), F=True)(), bundle())
    assert {p.column for p in info.value.problems} == {"期间", "实际值"}


def test_huge_number_formatted_as_date_is_named_not_crashed():
    # Found by the property test: calamine panics converting 1e300 shown as yyyy-mm-dd.
    def apply(wb):
        wb[P]["F2"].value = 1e300
        wb[P]["F2"].number_format = "yyyy-mm-dd"
        wb[P]["A2"].value = 1e300
        wb[P]["A2"].number_format = "yyyy-mm-dd"

    with pytest.raises(WorkbookError) as info:
        read_upload(edited(apply, SMALL), bundle())
    assert any(p.sheet == P and p.row == 2 for p in info.value.problems)


# --- hostile files: zip bombs, XML entity bombs, lying zip directories, oversize uploads ----------


def _rebuilt(transform: Callable[[str, bytes], bytes], data: bytes | None = None) -> bytes:
    """The template re-zipped (deflated) with each member passed through ``transform(name, bytes)``."""
    src = zipfile.ZipFile(io.BytesIO(data or template_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, transform(info.filename, src.read(info)))
    return out.getvalue()


def _sheet_path(data: bytes, sheet: str) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    index = wb.sheetnames.index(sheet)
    wb.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def _padded(name_wanted: str, megabytes: int) -> Callable[[str, bytes], bytes]:
    def pad(name: str, body: bytes) -> bytes:
        if name != name_wanted:
            return body
        cut = body.index(b"<sheetData>")
        return body[:cut] + b" " * (megabytes * 2**20) + body[cut:]  # whitespace: still well-formed XML

    return pad


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>"
)


def _billion_laughs(name_wanted: str) -> Callable[[str, bytes], bytes]:
    def bomb(name: str, body: bytes) -> bytes:
        if name != name_wanted:
            return body
        if body.startswith(b"<?xml"):
            body = body[body.index(b"?>") + 2 :]
        cell = b'<row r="900"><c r="A900" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        return LAUGHS + body.replace(b"</sheetData>", cell + b"</sheetData>", 1)

    return bomb


def test_zip_bomb_is_refused_before_parsing():
    path = _sheet_path(template_bytes(), P)
    bomb = _rebuilt(_padded(path, 64))  # 64 MB of spaces in one sheet: under MAX_UNZIPPED, ratio ~1000:1
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo(path)
    assert info.file_size > 64 * 2**20 and info.file_size / info.compress_size > 500
    assert len(bomb) < 2**20
    started = time_module.monotonic()
    with pytest.raises(WorkbookError) as err:
        read_upload(bomb, bundle(), file_name="bomb.xlsx")
    assert time_module.monotonic() - started < 5
    (p,) = err.value.problems
    assert p.sheet == "" and "压缩比异常" in p.message and "疑似压缩炸弹" in p.message


def test_modest_padding_is_not_a_bomb():
    # 2 MB of whitespace compresses well too, but stays under the ratio floor: it is read normally.
    data = _rebuilt(_padded(_sheet_path(SMALL, P), 2), SMALL)
    assert read_upload(data, bundle()).rows[P] == 3


@pytest.mark.parametrize("target", ["sheet", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"])
def test_xml_entity_bomb_is_refused(target):
    data = template_bytes()
    path = _sheet_path(data, P) if target == "sheet" else target
    assert path in zipfile.ZipFile(io.BytesIO(data)).namelist()
    bomb = _rebuilt(_billion_laughs(path) if target == "sheet" else _doctype_only(path), data)
    with pytest.raises(WorkbookError) as err:
        read_upload(bomb, bundle(), file_name="lol.xlsx")
    (p,) = err.value.problems
    assert "DOCTYPE" in p.message and path in p.message


def _doctype_only(name_wanted: str) -> Callable[[str, bytes], bytes]:
    def add(name: str, body: bytes) -> bytes:
        if name != name_wanted:
            return body
        if body.startswith(b"<?xml"):
            body = body[body.index(b"?>") + 2 :]
        return LAUGHS + body

    return add


def test_openpyxl_itself_refuses_entities_because_defusedxml_is_installed():
    from defusedxml.common import DefusedXmlException

    bomb = _rebuilt(_billion_laughs(_sheet_path(template_bytes(), P)))
    with pytest.raises(ValueError) as err:  # openpyxl wraps the parser's refusal
        openpyxl.load_workbook(io.BytesIO(bomb))
    assert isinstance(err.value.__cause__, DefusedXmlException)


def _understated(data: bytes, member: str, size: int) -> bytes:
    """``data`` with the zip's headers claiming ``member`` unpacks to ``size`` bytes (a lie)."""
    raw = bytearray(data)
    name = member.encode()
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = raw.find(sig + b"", 0)
        while at != -1:
            name_len = int.from_bytes(raw[at + (28 if sig == b"PK\x01\x02" else 26) :][:2], "little")
            start = at + (46 if sig == b"PK\x01\x02" else 30)
            if bytes(raw[start : start + name_len]) == name:
                raw[at + offset : at + offset + 4] = size.to_bytes(4, "little")
            at = raw.find(sig, at + 4)
    return bytes(raw)


def test_zip_directory_that_understates_a_size_is_refused():
    path = _sheet_path(template_bytes(), P)
    liar = _understated(_rebuilt(_padded(path, 8)), path, 50_000)
    assert zipfile.ZipFile(io.BytesIO(liar)).getinfo(path).file_size == 50_000
    with pytest.raises(WorkbookError) as err:
        read_upload(liar, bundle(), file_name="liar.xlsx")
    assert "文件已损坏" in err.value.problems[0].message


def test_upload_size_limit_from_config(monkeypatch):
    from ledger import service

    ctx = service.Context(store=None, bundle=bundle())  # type: ignore[arg-type]  # not reached
    big = _rebuilt(_padded(_sheet_path(SMALL, P), 2), SMALL)
    monkeypatch.setenv("LEDGER_MAX_UPLOAD_MB", "1")
    padded = big + b"\0" * (2**20 - len(big) + 1) if len(big) <= 2**20 else big
    with pytest.raises(WorkbookError) as err:
        service.read_bytes(ctx, padded, file_name="big.xlsx")
    assert "超过上传上限 1 MB" in err.value.problems[0].message


def test_validation_report_and_template_never_contain_formulas():
    from ledger.upload import Problem, write_problems

    hostile = '=HYPERLINK("http://evil.example","点我")'
    buf = io.BytesIO()
    write_problems([Problem("not_number", {}, P, 2, "备注", hostile)], buf)
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws["D2"].value == hostile and ws["D2"].data_type == "s"

    b = bundle()
    renamed = [dataclasses.replace(i, name="=1+1") if i.id == "K01" else i for i in b.indicators]
    out = io.BytesIO()
    write_template(dataclasses.replace(b, indicators=renamed), out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    assert wb[G]["B2"].value == "=1+1"


# --- property: malformed sheets and damaged bytes give a WorkbookError, never a crash --------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("delete_rows"), st.sampled_from([P, T, G]), st.integers(1, 6), st.integers(1, 400)),
        st.tuples(st.just("insert_rows"), st.sampled_from([P, T, G]), st.integers(1, 4), st.integers(1, 12)),
        st.tuples(st.just("delete_cols"), st.sampled_from([P, T, G]), st.integers(1, 8), st.integers(1, 3)),
        st.tuples(st.just("header"), st.sampled_from([P, T, G]), st.integers(1, 8), VALUES),
        st.tuples(st.just("merge"), st.sampled_from([P, T]), st.integers(1, 8), st.integers(1, 6)),
        st.tuples(st.just("remove"), st.sampled_from([P, T, G, "lists", "填报说明"]), st.just(0), st.just(0)),
        st.tuples(st.just("rename"), st.sampled_from([P, T, G]), st.just(0), st.sampled_from(["progress", "x", "任务进度"])),
    ),
    min_size=1,
    max_size=4,
)


def _apply_ops(wb: openpyxl.Workbook, ops: list) -> None:
    for op, sheet, a, b in ops:
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        if op == "delete_rows":
            ws.delete_rows(a, b)
        elif op == "insert_rows":
            ws.insert_rows(a, b)
        elif op == "delete_cols":
            ws.delete_cols(a, b)
        elif op == "header":
            ws.cell(1, a).value = b
        elif op == "merge":
            ws.merge_cells(start_row=2, start_column=a, end_row=2 + b, end_column=a)
        elif op == "remove" and len(wb.sheetnames) > 1:
            wb.remove(ws)
        elif op == "rename":
            ws.title = b if b not in wb.sheetnames else ws.title


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_malformed_sheets_give_upload_or_workbook_error(ops):
    try:
        data = edited(lambda wb: _apply_ops(wb, ops), SMALL)
    except (ValueError, TypeError):  # openpyxl cannot even save this shape: nothing to read
        return
    upload_or_problems(data)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       st.integers(0, len(SMALL)))
def test_damaged_bytes_give_upload_or_workbook_error(flips, cut):
    raw = bytearray(SMALL[: max(cut, 1)] if cut < 200 else SMALL)
    for at, value in flips:
        if at < len(raw):
            raw[at] = value
    try:
        read_upload(bytes(raw), bundle())
    except WorkbookError as exc:
        assert exc.problems


MEMBERS = sorted(zipfile.ZipFile(io.BytesIO(SMALL)).namelist())


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MEMBERS), st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=4)),
                                          min_size=1, max_size=6))
def test_damaged_xml_inside_a_valid_zip_gives_upload_or_workbook_error(member, edits):
    """Malformed XML parts (with correct CRCs, so they get past the container checks to the parsers)."""

    def damage(name: str, body: bytes) -> bytes:
        if name != member:
            return body
        raw = bytearray(body)
        for where, junk in edits:
            at = int(where * len(raw))
            raw[at : at + len(junk)] = junk
        return bytes(raw)

    upload_or_problems(_rebuilt(damage, SMALL))
