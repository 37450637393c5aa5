"""``parse``: read a ledger document and print it, with what a person should review; ``onboard``: write
a proposed city folder (config.toml, indicators.csv, the document) for a new ledger."""

from __future__ import annotations

import argparse
import json
import sys

from ..i18n import t
from ..read import read_ledger
from ..read.counties import county_list
from ..read.onboard import onboard


def _cmd_parse(args: argparse.Namespace) -> int:
    ledger = read_ledger(args.file, city=args.city, plan_year=args.year, counties=county_list(args.counties))
    if args.json:
        print(json.dumps(ledger.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(ledger.title)
    for cat in ledger.categories:
        print(f"\n{cat.no}. {cat.name}")
        group = ""
        for task in cat.tasks:
            if task.group and task.group != group:
                group = task.group
                print(f"  【{group}】")
            where = "、".join(task.departments)
            if task.counties:
                counties = "、".join(task.county_list) or t("parse_counties_all")
                where = f"{where}，{counties}" if where else counties
            print(f"  {task.id} {task.title}  [{where}]")
            for g in task.targets:
                base = f"（{g.baseline:g} →）" if g.baseline is not None else ""
                print(f"      {g.op} {g.value:g} {g.unit}{base}   ← {g.text}")
    _print_warnings(ledger.warnings)
    return 0


def _print_warnings(warnings) -> None:
    if not warnings:
        print("\n" + t("parse_no_warnings"))
        return
    print("\n" + t("parse_warnings", count=len(warnings)))
    for w in warnings:
        print(f"  - {w.message('zh')}")


def _cmd_onboard(args: argparse.Namespace) -> int:
    result = onboard(args.file, args.out, city=args.city, plan_year=args.year,
                     counties=county_list(args.counties), overwrite=args.force)
    ledger = result.ledger
    counties = {c for task in ledger.tasks for c in task.county_list}
    print(t("onboard_summary", city=ledger.city, year=ledger.plan_year, tasks=len(ledger.tasks),
            targets=len(result.indicators), departments=len(ledger.departments), counties=len(counties)))
    for path in (result.ledger_path, result.config_path, result.catalog_path):
        print(t("onboard_written", path=path))
    print(t("onboard_review"))
    _print_warnings(result.warnings)
    sys.stdout.flush()
    return 0


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("parse", help="解析台账（文本、行动方案、Word、PDF 或台账表格）并打印需要核对的地方")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    _ledger_options(sp)
    sp.set_defaults(func=_cmd_parse)

    sp = sub.add_parser("onboard", help="读取新台账，写出建议的 config.toml 和 indicators.csv，供人工核对")
    sp.add_argument("file")
    sp.add_argument("--out", required=True, help="写入的文件夹（台账文件复制到这里）")
    sp.add_argument("--force", action="store_true", help="覆盖文件夹中已有的文件")
    _ledger_options(sp)
    sp.set_defaults(func=_cmd_onboard)


def _ledger_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--city", help="城市，如 石嘴山市（默认：标题中的城市）")
    sp.add_argument("--year", type=int, help="计划年度，如 2024（默认：标题中的年份）")
    sp.add_argument("--counties", help="县区，逗号分隔，如 大武口区,惠农区,平罗县")
