"""``parse``: read a ledger document and print it."""

from __future__ import annotations

import argparse
import json

from ..parse import parse_file


def _cmd_parse(args: argparse.Namespace) -> int:
    ledger = parse_file(args.file)
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


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("parse", help="解析台账文本或台账表格并打印")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    sp.set_defaults(func=_cmd_parse)
