"""The command line: parses options, then calls the library. No logic of its own."""

from __future__ import annotations

import argparse
import json
import sys

from .parse import LedgerParseError, parse_file


def _cmd_parse(args: argparse.Namespace) -> int:
    try:
        ledger = parse_file(args.file)
    except (LedgerParseError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(ledger.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(ledger.title)
    for cat in ledger.categories:
        print(f"\n{cat.no}. {cat.name}")
        for t in cat.tasks:
            county = "，各县区" if t.counties else ""
            print(f"  {t.id} {t.title}  [{'、'.join(t.departments)}{county}]")
            for g in t.targets:
                print(f"      {g.op} {g.value:g} {g.unit}   ← {g.text}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ledger", description="营商环境任务台账：解析、模板、导入、导出"
    )
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("parse", help="解析台账文本或台账表格并打印")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    sp.set_defaults(func=_cmd_parse)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
