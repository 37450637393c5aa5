"""The command line: parses options, then calls the library. No logic of its own.

Exit codes: 0 success, 1 a user-facing error (bad file, rejected upload, database problem), 2 usage.
The database is ``--db``, else ``LEDGER_DB``, else ``sqlite:///data/ledger.db``.

One module per group of commands; each has ``register(sub, db)`` adding its subcommands.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from .. import service
from ..auth import AccountError
from ..config import Settings
from ..errors import UserError
from ..parse import LedgerParseError
from ..store import StoreError
from ..workbook import WorkbookError
from . import briefing, data, ledgers, reading, users

#: The command groups, in the order ``--help`` lists them.
GROUPS = (reading, ledgers, data, briefing, users)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ledger", description="营商环境任务台账：解析、模板、校验、导入、导出"
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="SQLAlchemy URL（默认：LEDGER_DB 或 sqlite:///data/ledger.db）")
    db.add_argument("--ledger", help="台账编号，如 石嘴山市-2023（默认：LEDGER_ID 或当前配置的台账）")
    sub = p.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub, db)
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
    except (UserError, LedgerParseError, StoreError, service.ServiceError, AccountError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
