"""The command line: parses options, then calls the library. No logic of its own.

Exit codes: 0 success, 1 a user-facing error (bad file, rejected upload, database problem), 2 usage.
The database is ``--db``, else ``LEDGER_DB``, else ``sqlite:///data/ledger.db``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import math
import sys
from datetime import date

from . import service
from .auth import ANALYST, ROLE_NAMES, VIEWER, AccountError, Accounts, Identity
from .config import Settings
from .parse import LedgerParseError, parse_file
from .store import StoreError
from .workbook import WorkbookError


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


def _cmd_template(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    if args.ledger_form:
        service.write_ledger_form_file(ctx, args.out)
    else:
        service.write_template_file(ctx, args.out, period=args.period)
    print(f"已写入 {args.out}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    upload = service.read_file(ctx, args.file, period=args.period)
    rows = "，".join(f"{k} {v} 行" for k, v in upload.rows.items())
    print(f"校验通过：{rows}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
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
    ctx = service.open_context(args.db)
    service.export_report(ctx, args.out, county=args.county, department=args.department, as_of=args.period)
    print(f"已写入 {args.out}")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
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
    ctx = service.open_context(args.db)
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
    ctx = service.open_context(args.db)
    result = service.revert_import(ctx, args.import_id, actor=_cli_actor(args))
    print(f"已撤销导入 #{args.import_id}（新导入编号 {result.import_id}）")
    return 0


def _cmd_setup(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    did = service.bootstrap(ctx, sample=not args.no_sample)
    print("已初始化数据库：" + ("；".join(did) if did else "已有数据，未改动"))
    return 0


def _cli_actor(args: argparse.Namespace) -> Identity:
    """Whoever runs the command line holds the database itself, so acts as an analyst."""
    return Identity(str(args.user), ANALYST, "cli")


def _read_password(args: argparse.Namespace) -> str:
    """The new password: the first line of stdin with --password-stdin, else typed twice (never an
    argument, which would show in the process list and the shell history)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再次输入：") != first:
        raise AccountError("两次输入的密码不一致")
    return first


def _cmd_add_user(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    password = _read_password(args)
    created = Accounts(ctx.store).add(args.name, password, role=args.role)
    what = "已创建" if created else "已更新（重设密码）"
    print(f"{what}{ROLE_NAMES[args.role]}账户 {args.name}")
    return 0


def _cmd_remove_user(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    if not Accounts(ctx.store).remove(args.name):
        print(f"错误：没有账户 {args.name}", file=sys.stderr)
        return 1
    print(f"已删除账户 {args.name}")
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    accounts = Accounts(ctx.store).list()
    if not accounts:
        print("暂无本地账户")
    for name, role, created in accounts:
        print(f"{name}\t{ROLE_NAMES.get(role, role)}\t{created}")
    return 0


def _na(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ledger", description="营商环境任务台账：解析、模板、校验、导入、导出"
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="SQLAlchemy URL（默认：LEDGER_DB 或 sqlite:///data/ledger.db）")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="解析台账文本或台账表格并打印")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    sp.set_defaults(func=_cmd_parse)

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

    for name, role in (("add-analyst", ANALYST), ("add-viewer", VIEWER)):
        text = f"添加本地{ROLE_NAMES[role]}账户（已存在则重设密码）；密码只保存 argon2 散列"
        sp = sub.add_parser(name, parents=[db], help=text)
        sp.add_argument("name")
        sp.add_argument("--password-stdin", action="store_true", help="从标准输入的第一行读取密码")
        sp.set_defaults(func=_cmd_add_user, role=role)

    sp = sub.add_parser("remove-user", parents=[db], help="删除本地账户")
    sp.add_argument("name")
    sp.set_defaults(func=_cmd_remove_user)

    sp = sub.add_parser("users", parents=[db], help="列出本地账户（不显示密码散列）")
    sp.set_defaults(func=_cmd_users)

    sp = sub.add_parser("setup", parents=[db], help="初始化数据库；空库时写入指标目录和示例数据")
    sp.add_argument("--no-sample", action="store_true")
    sp.set_defaults(func=_cmd_setup)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "db", None) is None and "db" in vars(args):
        args.db = Settings.from_env().db_url
    if getattr(args, "period", None) is None and args.command in ("check", "import"):
        args.period = date.today().strftime("%Y-%m")  # only used for ledger-form workbooks
    try:
        return args.func(args)
    except WorkbookError as exc:
        print(f"文件未通过校验，共 {len(exc.problems)} 个问题，未写入任何数据：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
    except (LedgerParseError, StoreError, service.ServiceError, AccountError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
