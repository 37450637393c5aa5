"""Data commands: template, check, import, export, status, history, revert, setup."""

from __future__ import annotations

import argparse
import json
import math

from .. import service
from ..auth import ANALYST, Identity


def _cmd_template(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    if args.ledger_form:
        service.write_ledger_form_file(ctx, args.out)
    else:
        service.write_template_file(ctx, args.out, period=args.period)
    print(f"已写入 {args.out}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    upload = service.read_file(ctx, args.file, period=args.period)
    rows = "，".join(f"{k} {v} 行" for k, v in upload.rows.items())
    print(f"校验通过：{rows}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    upload = service.read_file(ctx, args.file, period=args.period)
    kind = "sample" if args.sample else None
    result = service.commit_upload(ctx, upload, actor=_cli_actor(args), kind=kind)
    print(f"已导入（导入编号 {result.import_id}，数据版本 {result.data_version}）")
    for sheet, c in result.counts.items():
        print(
            f"  {sheet}：新增 {c.get('added', 0)}，变更 {c.get('changed', 0)}，未变 {c.get('unchanged', 0)}"
        )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    service.export_report(ctx, args.out, county=args.county, department=args.department, as_of=args.period)
    print(f"已写入 {args.out}")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    rows = service.status_rows(ctx, county=args.county, department=args.department, as_of=args.period)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        actual = "—" if r["actual"] is None else f"{r['actual']:g}"
        att = "—" if r["attainment"] is None else f"{r['attainment']:.0%}"
        print(
            f"{r['indicator']} {r['department']} {r['county']} {r['period'] or '—'} "
            f"实际 {actual} / 目标 {r['target']:g}  完成率 {att}  {r['status']}"
        )
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    history = ctx.store.history()
    if history.empty:
        print("暂无导入记录")
    for h in history.itertuples(index=False):
        undone = f"（已被 #{h.reverted_by} 撤销）" if not _na(h.reverted_by) else ""
        reverts = f" 撤销 #{h.reverts}" if not _na(h.reverts) else ""
        counts = "；".join(f"{s} +{c.get('added', 0)} ~{c.get('changed', 0)}" for s, c in h.rows.items())
        head = f"#{h.id} {h.created_at} {h.user} {h.kind}{reverts}"
        print(f"{head} {h.file_name} {h.sha256[:12]} {counts}{undone}")
    return 0


def _cmd_revert(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    result = service.revert_import(ctx, args.import_id, actor=_cli_actor(args))
    print(f"已撤销导入 #{args.import_id}（新导入编号 {result.import_id}）")
    return 0


def _cli_actor(args: argparse.Namespace) -> Identity:
    """Whoever runs the command line holds the database itself, so acts as an analyst."""
    return Identity(str(args.user), ANALYST, "cli")


def _na(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("template", parents=[db], help="生成填报模板（或 --ledger-form 台账表格）")
    sp.add_argument("out")
    sp.add_argument("--ledger-form", action="store_true", help="按台账四列格式输出")
    sp.add_argument("--period", help="预填期间 YYYY-MM")
    sp.set_defaults(func=_cmd_template)

    for name, func, text in (
        ("check", _cmd_check, "只校验，不导入"),
        ("import", _cmd_import, "校验并导入（一个事务）"),
    ):
        sp = sub.add_parser(name, parents=[db], help=text)
        sp.add_argument("file")
        sp.add_argument("--period", help="台账表格的填报期间 YYYY-MM（默认本月）")
        if name == "import":
            sp.add_argument("--user", default="cli")
            sp.add_argument("--sample", action="store_true", help="标记为示例数据")
        sp.set_defaults(func=func)

    sp = sub.add_parser("export", parents=[db], help="导出当前数据的报表")
    sp.add_argument("out")
    sp.add_argument("--county")
    sp.add_argument("--department")
    sp.add_argument("--period", help="截至期间 YYYY-MM（默认最新）")
    sp.set_defaults(func=_cmd_export)

    sp = sub.add_parser("status", parents=[db], help="各指标 × 部门 × 县区 当前完成情况")
    sp.add_argument("--county")
    sp.add_argument("--department")
    sp.add_argument("--period", help="截至期间 YYYY-MM（默认最新）")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_cmd_status)

    sp = sub.add_parser("history", parents=[db], help="导入历史")
    sp.set_defaults(func=_cmd_history)

    sp = sub.add_parser("revert", parents=[db], help="撤销一次导入，恢复导入前的状态")
    sp.add_argument("import_id", type=int)
    sp.add_argument("--user", default="cli")
    sp.set_defaults(func=_cmd_revert)
