"""A synthetic region for the benchmarks: a ledger text in the shipped layout, its catalog and config, and
filled analysts' workbooks of a given number of 指标进度 rows.

The region has 22 counties of five cities (plus 全区, stored as 全市), 120 tasks in 10 categories, 360
indicators and ~50 departments, so one plan year holds ~26,000 reporting keys: 12 monthly reports make
~310,000 progress rows. The reader accepts only periods of the plan year (by design), so the larger files
hold more keys rather than more years; a file of ``n`` rows holds the first ``n`` rows of the year in
month order (100k rows = January to April). Every value is seeded: the same call writes the same bytes.

Files are written like a workbook saved by Excel, in the template's layout (a title row above the header,
the same sheets and headers, text periods and ids, numbers for values, Chinese 备注 on about a third of
the rows, 1 % of the ``%`` values typed as ``52%`` text and 1 % as a %-formatted 0.52).
"""

from __future__ import annotations

import itertools
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

import ledger
from ledger.assign import indicator_keys, task_keys
from ledger.config import load_city_config
from ledger.model import GE, LE
from ledger.upload.schema import GUIDE, LISTS, PROGRESS, SCHEMAS, TARGETS, TASKS
from ledger.upload.template import guide_lines

SEED = 20231231
#: Part of the cached files' names: change it when the generator changes.
VERSION = "v1"
PLAN_YEAR = 2023
CITY = "宁夏回族自治区"
CITIES = {
    "银川市": ["兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市"],
    "石嘴山市": ["大武口区", "惠农区", "平罗县"],
    "吴忠市": ["利通区", "红寺堡区", "盐池县", "同心县", "青铜峡市"],
    "固原市": ["原州区", "西吉县", "隆德县", "泾源县", "彭阳县"],
    "中卫市": ["沙坡头区", "中宁县", "海原县"],
}
DEPARTMENTS = [
    "自治区发展改革委", "自治区财政厅", "自治区税务局", "自治区人社厅", "自治区自然资源厅", "自治区住建厅",
    "自治区交通运输厅", "自治区水利厅", "自治区农业农村厅", "自治区商务厅", "自治区文旅厅", "自治区卫健委",
    "自治区应急厅", "自治区市场监管厅", "自治区统计局", "自治区医保局", "自治区公安厅", "自治区司法厅",
    "自治区生态环境厅", "自治区教育厅", "自治区科技厅", "自治区工信厅", "自治区民政厅", "自治区金融局",
    "自治区大数据中心", "自治区政务服务中心", "自治区住房公积金中心", "自治区不动产登记局", "自治区信用办",
    "自治区国资委", "自治区城管局", "自治区林草局", "自治区档案局", "自治区机关事务局", "自治区退役军人厅",
    "自治区人防办", "自治区气象局", "自治区邮政管理局", "自治区消防救援总队", "自治区烟草专卖局",
    "自治区残联", "自治区总工会", "自治区工商联", "自治区贸促会", "自治区审批局", "自治区知识产权局",
    "国网宁夏电力公司", "人行银川中心支行", "银川海关",
]
CATEGORIES = [
    "提升政务服务水平", "优化要素保障", "强化市场监管", "保护市场主体权益", "促进跨境贸易便利",
    "完善金融服务", "加强法治保障", "优化创新环境", "提升开放水平", "改善宜居环境",
]
SUBJECTS = [
    ("企业开办时间", "工作日", LE, (1, 5)), ("高频事项网上可办率", "%", GE, (80, 100)),
    ("电子证照调用率", "%", GE, (60, 95)), ("工程建设项目审批时间", "工作日", LE, (30, 90)),
    ("用电报装接电时间", "工作日", LE, (5, 20)), ("每万人有效发明专利拥有量", "件/万人", GE, (3, 12)),
    ("新增市场主体", "户", GE, (2000, 20000)), ("普惠小微贷款增速", "%", GE, (10, 25)),
    ("政务服务好评率", "%", GE, (95, 100)), ("不动产登记时间", "工作日", LE, (1, 5)),
    ("留抵退税办结时间", "工作日", LE, (3, 10)), ("一件事集成服务", "项", GE, (20, 60)),
    ("减税降费金额", "万元", GE, (5000, 50000)), ("专精特新企业", "家", GE, (20, 200)),
]
NOTES = (
    "本月召开专题推进会{n}次，督办事项{m}件",
    "已完成系统对接{n}项，数据按月汇总",
    "受季节因素影响，较上月下降{n}个百分点",
    "含{n}个园区数据，{m}家企业未报送",
    "数据来源：政务服务平台统计，截至{d}日",
    "已按整改要求补报{m}条，待复核",
)
COMPLETIONS = (
    "召开专题推进会{n}次，梳理问题清单{m}项",
    "完成系统对接{n}项，开展业务培训{m}场",
    "印发工作方案，建立周调度机制，已督办事项{m}件",
    "走访企业{n}家，收集意见建议{m}条并逐项反馈",
)
_NUMERALS = "一二三四五六七八九十"
_BOLD = Font(bold=True)
_UNDER_WAY = ("推进中", "推进中", "滞后")


class _Percent(float):
    """A value to be written as a %-formatted number (0.52 shown as 52.0%)."""


def _cn(n: int) -> str:
    """1..99 as a Chinese numeral."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _NUMERALS[ones - 1]
    head = "" if tens == 1 else _NUMERALS[tens - 1]
    return head + "十" + (_NUMERALS[ones - 1] if ones else "")


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


@dataclass(frozen=True)
class Region:
    """The generated region: its folder (config.toml, ledger.txt, indicators.csv) and bundle."""

    folder: Path
    bundle: ledger.Bundle

    @property
    def config_path(self) -> Path:
        return self.folder / "config.toml"


def write_region(
    folder: Path,
    seed: int = SEED,
    *,
    name: str = CITY,
    cities: dict[str, list[str]] = CITIES,
    departments: list[str] = DEPARTMENTS,
    plan_year: int = PLAN_YEAR,
    tasks_per_category: int = 12,
) -> Region:
    """Write a ledger text, catalog and config for ``name`` (its counties: those of ``cities``) to
    ``folder`` and load them as a Bundle. The defaults are the benchmark region; :func:`write_province`
    writes one folder per city and plan year with the same generator."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    whole = "（全区汇总）" if len(cities) > 1 else ""
    lines = [f"{name}{plan_year}年优化营商环境攻坚行动任务分工台账{whole}", "主要", "指标", "",
             "目标任务 责任部门 工作完成情况", ""]
    catalog = ["id,task,name,value,unit,op,direction,deadline,baseline,clause"]
    n_ind = 0
    for c, cat in enumerate(CATEGORIES, start=1):
        lines += [*_wrap(f"{_cn(c)}、{cat}", 6), ""]
        for t in range(1, tasks_per_category + 1):
            subjects = rng.sample(SUBJECTS, 3)
            clauses = []
            for title, unit, direction, (lo, hi) in subjects:
                value = rng.randint(lo, hi)
                verb = "压缩至" if direction == LE else "达到"
                clauses.append(f"{title}{verb}{value}{unit}{'以内' if direction == LE else '以上'}")
                n_ind += 1
                baseline = "" if direction == LE or rng.random() < 0.5 else f"{round(value * 0.6, 1):g}"
                deadline = f"{plan_year}-{rng.choice(('06-30', '09-30', '12-31', '12-31'))}"
                catalog.append(f"K{n_ind:03d},{c}.{t},{title}（{c}.{t}）,{value},{unit},{direction},{direction},"
                               f"{deadline},{baseline},{clauses[-1]}")
            task_title = f"推进{cat[2:]}第{t}项改革"
            text = f"（{_cn(t)}）{task_title}。围绕{cat}，全面推行“一网通办”，{'，'.join(clauses)}。"
            lines += [*_wrap(text, 40), ""]
            depts = rng.sample(departments, rng.randint(2, 5))
            cell = "、".join(depts) + ("，各县（市、区）政府" if rng.random() < 0.9 else "")
            lines += [*_wrap(cell, 10), ""]
    (folder / "ledger.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "indicators.csv").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    counties = "\n".join(
        f'"{county}" = ["{county[:-1]}", "{city}{county}"]'
        for city, names in cities.items()
        for county in names
    )
    (folder / "config.toml").write_text(
        f'city = "{name}"\nplan_year = {plan_year}\nledger = "ledger.txt"\nindicators = "indicators.csv"\n\n'
        f"[counties]\n{counties}\n\n[department_aliases]\n", encoding="utf-8"
    )
    bundle = ledger.load_default(load_city_config(folder / "config.toml"))
    n_tasks = len(CATEGORIES) * tasks_per_category
    if len(bundle.ledger.tasks) != n_tasks or len(bundle.indicators) != 3 * n_tasks:
        raise RuntimeError(f"{folder}: the generated ledger did not parse")
    return Region(folder, bundle)


#: The province (issue 14): ten cities of five counties each, every plan year a ledger of its own.
PROVINCE = "甘肃省"
PROVINCE_CITIES = {
    "兰州市": ["城关区", "七里河区", "西固区", "安宁区", "红古区"],
    "天水市": ["秦州区", "麦积区", "清水县", "秦安县", "甘谷县"],
    "白银市": ["白银区", "平川区", "靖远县", "会宁县", "景泰县"],
    "武威市": ["凉州区", "民勤县", "古浪县", "天祝县", "永昌县"],
    "张掖市": ["甘州区", "肃南县", "民乐县", "临泽县", "高台县"],
    "平凉市": ["崆峒区", "泾川县", "灵台县", "崇信县", "庄浪县"],
    "酒泉市": ["肃州区", "金塔县", "瓜州县", "肃北县", "玉门市"],
    "庆阳市": ["西峰区", "庆城县", "环县", "华池县", "合水县"],
    "定西市": ["安定区", "通渭县", "陇西县", "渭源县", "临洮县"],
    "陇南市": ["武都区", "成县", "文县", "宕昌县", "康县"],
}
PROVINCE_YEARS = (2023, 2024, 2025, 2026, 2027)
#: Tasks per category of a city's ledger: 10 categories × 9 tasks × 3 indicators = 270 indicators,
#: about 5,100 reporting keys, so 12 months ≈ 61k progress rows per city and year.
PROVINCE_TASKS = 9
CITY_DEPARTMENTS = [
    f"市{d.removeprefix('自治区').replace('厅', '局')}" for d in DEPARTMENTS if d.startswith("自治区")
]


def write_province(folder: Path, seed: int = SEED) -> list[Region]:
    """One folder per city and plan year (``folder/<city>-<year>``: config.toml, ledger.txt,
    indicators.csv), each onboarded as its own ledger; the same city's ledgers differ only in the year."""
    regions = []
    for k, (city, counties) in enumerate(PROVINCE_CITIES.items()):
        for year in PROVINCE_YEARS:
            regions.append(write_region(
                folder / f"{city}-{year}", seed + k, name=city, cities={city: counties},
                departments=CITY_DEPARTMENTS, plan_year=year, tasks_per_category=PROVINCE_TASKS,
            ))
    return regions


def rows_for(bundle: ledger.Bundle, n: int, seed: int = SEED) -> tuple[list[list], list[list]]:
    """The first ``n`` 指标进度 rows of the year (month by month) and n/10 任务进展 rows (latest first).

    A row is (period, id, name, department, county, value, note / percent, completion); 5 % of the keys
    never report.
    """
    rng = random.Random(seed + n)
    year = bundle.config.plan_year
    inds = {i.id: i for i in bundle.indicators}
    keys = [k for k in indicator_keys(bundle.ledger, bundle.indicators, bundle.config).itertuples(index=False)
            if rng.random() >= 0.05]
    if n > 12 * len(keys):
        raise ValueError(f"the region holds at most {12 * len(keys)} progress rows a year")
    pace = {k: rng.choice((0.6, 0.8, 0.95, 1.0, 1.1, 1.3)) for k in keys}
    progress: list[list] = []
    months = 0
    for month in range(1, 13):
        if len(progress) >= n:
            break
        months = month
        for k in keys[: n - len(progress)]:
            ind = inds[k.indicator]
            frac = month / 12 * pace[k]
            if ind.direction == LE:
                value = round(max(ind.target * (1.8 - 0.8 * min(frac * 2, 1)), 0.0), 1)
            else:
                start = ind.baseline if ind.baseline is not None else ind.target * 0.3
                value = round(start + (ind.target - start) * frac, 2)
            if ind.unit == "%":
                value = min(value, 100.0)
            roll = rng.random()
            if ind.unit == "%" and roll < 0.01:
                value = f"{value:g}%"
            elif ind.unit == "%" and roll < 0.02:
                value = _Percent(round(value / 100, 4))
            note = rng.choice(NOTES).format(n=rng.randint(1, 9), m=rng.randint(3, 60), d=rng.randint(1, 28)) \
                if rng.random() < 0.33 else None
            progress.append([f"{year}-{month:02d}", ind.id, f"{ind.name}（{ind.unit}）", k.department,
                             k.county, value, note])
    titles = {t.id: t.title for t in bundle.ledger.tasks}
    tkeys = list(task_keys(bundle.ledger, bundle.config).itertuples(index=False))
    tasks: list[list] = []
    for month in range(months, 0, -1):
        for k in tkeys:
            if len(tasks) >= n // 10:
                break
            pct = min(100, max(0, round(100 * month / 12 * rng.choice((0.6, 1.0, 1.2)) + rng.uniform(-5, 5))))
            state = "已完成" if pct >= 100 else "未启动" if pct <= 0 else rng.choice(_UNDER_WAY)
            text = rng.choice(COMPLETIONS).format(n=rng.randint(1, 9), m=rng.randint(3, 40))
            tasks.append([f"{year}-{month:02d}", k.task, titles[k.task], k.department, k.county, state,
                          float(pct), f"{k.department}：{text}。"])
    return progress, tasks


def frames_for(bundle: ledger.Bundle, n: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`rows_for` as the tidy frames the store takes (what the reader makes of such a workbook:
    ``52%`` text and %-formatted cells as numbers), for filling a database without a workbook."""
    progress, tasks = rows_for(bundle, n, seed)

    def figure(v: object) -> float:
        if isinstance(v, _Percent):
            return round(float(v) * 100, 6)
        if isinstance(v, str):
            return float(v.rstrip("%"))
        return float(v)

    p = pd.DataFrame([(r[0], r[1], r[3], r[4], figure(r[5]), r[6] or "") for r in progress],
                     columns=["period", "indicator", "department", "county", "actual", "note"])
    t = pd.DataFrame([(r[0], r[1], r[3], r[4], r[5], r[6], r[7]) for r in tasks],
                     columns=["period", "task", "department", "county", "status", "percent", "completion"])
    return p, t


def write_workbook(region: Region, n: int, path: Path, seed: int = SEED, *, lean: bool = False) -> Path:
    """A filled analysts' workbook with ``n`` 指标进度 rows (and n/10 任务进展 rows) at ``path``.

    ``lean``: 指标进度 without the helper 指标名称 and the 备注 columns (five cells a row), so that a
    million rows stay within the reader's 5,000,000 cells of one sheet.

    Laid out like the template (a title row above each header, the same sheets and headers, the
    catalog in 指标目标, a hidden lists sheet) and stored like a workbook saved by Excel: texts in a
    shared-string table (openpyxl writes them inline: XML twice the size, 40 % slower to parse).
    """
    bundle = region.bundle
    progress, tasks = rows_for(bundle, n, seed)
    wb = Workbook(write_only=True)
    guide = wb.create_sheet(GUIDE)
    for line in guide_lines(bundle):
        guide.append([line])
    for sheet, rows in ((PROGRESS, progress), (TASKS, tasks)):
        ws = wb.create_sheet(sheet)
        ws.freeze_panes = "A3"
        ws.append([f"{CITY}{PLAN_YEAR}年{sheet}（填报单位：各部门、各县区）"])
        keep = [k for k, c in enumerate(SCHEMAS[sheet])
                if not (lean and sheet == PROGRESS and c.field in ("name", "note"))]
        header = []
        for k in keep:
            cell = WriteOnlyCell(ws, value=SCHEMAS[sheet][k].header)
            cell.font = _BOLD
            header.append(cell)
        ws.append(header)
        for row in rows:
            if isinstance(row[5], _Percent):
                cell = WriteOnlyCell(ws, value=float(row[5]))
                cell.number_format = "0.0%"
                row = [*row[:5], cell, *row[6:]]
            ws.append([row[k] for k in keep] if len(keep) < len(row) else row)
    ws = wb.create_sheet(TARGETS)
    ws.append([c.header for c in SCHEMAS[TARGETS]])
    for i in bundle.indicators:
        ws.append([i.id, i.name, i.task_id, i.target, i.unit, i.direction, i.deadline, i.baseline])
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    lists.append(["责任部门", "县区"])
    for d, a in itertools.zip_longest(bundle.ledger.departments, bundle.config.areas):
        lists.append([d, a])
    path.parent.mkdir(parents=True, exist_ok=True)
    inline = path.with_name(path.name + ".inline")
    wb.save(inline)
    part = path.with_name(path.name + ".part")
    share_strings(inline, part)
    inline.unlink()
    part.replace(path)  # complete files only: they are cached by name
    return path


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr">'
    rb'<is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
    re.S,
)
_EMPTY = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"(?: />|></c>)')


class _Text:
    """An empty inline string seen as a match of :data:`_INLINE` (reference, style, text)."""

    def __init__(self, m: re.Match, text: bytes) -> None:
        self._groups = (m.group(0), m.group(1), m.group(2), text)

    def group(self, i: int) -> bytes:
        return self._groups[i]


def share_strings(src: Path, dst: Path) -> None:
    """Copy an openpyxl workbook, moving its inline strings into a shared-string table as Excel does."""
    table: dict[bytes, int] = {}
    count = 0

    def shared(m: re.Match) -> bytes:
        nonlocal count
        count += 1
        index = table.setdefault(m.group(3), len(table))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), index)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = _EMPTY.sub(lambda m: shared(_Text(m, b"")), _INLINE.sub(shared, data))
                if b"inlineStr" in data:
                    raise RuntimeError(f"{info.filename}: an inline string was not moved")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                    b'+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSharedStrings" Type="http://'
                                    b"schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
                                    b'" Target="sharedStrings.xml"/></Relationships>')
            zout.writestr(info, data)
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in table)
        zout.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
                      b'uniqueCount="%d">%s</sst>' % (count, len(table), items))


if __name__ == "__main__":
    import sys
    import time

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/_data")
    region = write_region(out / "region")
    for size in (10_000, 100_000, 300_000):
        t0 = time.perf_counter()
        p = write_workbook(region, size, out / f"progress_{size}.xlsx")
        print(f"{p}  {p.stat().st_size / 2**20:.1f} MiB  {time.perf_counter() - t0:.1f} s")
