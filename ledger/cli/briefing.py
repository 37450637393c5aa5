"""Document commands: briefing (the monthly 通报, .docx and optionally PDF) and orders (督办单)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import service
from ..i18n import t
from ..model import BEHIND, OVERDUE


def _cmd_document(args: argparse.Namespace) -> int:
    from .. import briefing  # matplotlib and python-docx: only when used

    ctx = service.open_context(args.db, ledger=args.ledger)
    scope = {"period": args.period, "county": args.county, "department": args.department, "lang": args.lang}
    if args.command == "briefing":
        fig = briefing.write_briefing(ctx, args.out, **scope, with_orders=not args.no_orders)
    else:
        fig = briefing.write_orders(ctx, args.out, **scope)
    print(t("brief_cli_written", args.lang, path=args.out))
    if args.pdf:
        pdf = briefing.to_pdf(args.out, Path(args.out).with_suffix(".pdf"))
        print(t("brief_cli_written", args.lang, path=pdf))
    print(t("brief_cli_summary", args.lang, period=fig.as_of, items=fig.n_items, behind=fig.counts[BEHIND],
            overdue=fig.counts[OVERDUE], orders=len(fig.orders)))
    return 0


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    for name, text in (
        ("briefing", "生成月度推进情况通报（Word，附督办单）"),
        ("orders", "生成滞后、逾期事项的督办单（Word，每份一页）"),
    ):
        sp = sub.add_parser(name, parents=[db], help=text)
        sp.add_argument("out", help="输出的 .docx 文件")
        sp.add_argument("--period", help="截至期间 YYYY-MM（默认：已报满的最新月份，与看板相同）")
        sp.add_argument("--county")
        sp.add_argument("--department")
        sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="文字语言（默认中文）")
        sp.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
        if name == "briefing":
            sp.add_argument("--no-orders", action="store_true", help="不附督办单")
        sp.set_defaults(func=_cmd_document)
