"""The command line: parses options, then calls the library. No logic of its own; it speaks Chinese.

Exit codes: 0 success, 1 a user-facing error (bad file, rejected upload, database problem), 2 usage.
The database is ``--db``, else ``LEDGER_DB``, else ``sqlite:///data/ledger.db``.

One module per group of commands; each has ``register(sub, db)`` adding its subcommands. Every error
a user can cause is a :class:`~ledger.errors.UserError`, caught here, in one place.
"""

from __future__ import annotations

import argparse
import sys

from ..config import Settings
from ..errors import UserError
from ..i18n import t
from ..parse import LedgerParseError
from ..upload import WorkbookError
from . import briefing, data, ledgers, reading, users, workflow

#: The command groups, in the order ``--help`` lists them.
GROUPS = (reading, ledgers, data, briefing, workflow, users)
#: Problems a rejected file prints (the count of the rest follows).
MAX_PRINTED = 1_000
LANG = "zh"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ledger", description=t("cli_description", LANG))
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help=t("cli_help_db", LANG))
    db.add_argument("--ledger", help=t("cli_help_ledger", LANG, example="石嘴山市-2023"))
    sub = p.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub, db)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "db", None) is None and "db" in vars(args):
        args.db = Settings.from_env().db_url
    try:
        return args.func(args)
    except WorkbookError as exc:
        print(t("cli_rejected", LANG, n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems[:MAX_PRINTED]:
            print(f"  - {problem.text(LANG)}", file=sys.stderr)
        if len(exc.problems) > MAX_PRINTED:
            print(t("cli_more_problems", LANG, n=len(exc.problems) - MAX_PRINTED), file=sys.stderr)
        return 1
    except (UserError, LedgerParseError) as exc:
        message = exc.message(LANG) if isinstance(exc, UserError) else str(exc)
        print(t("cli_error", LANG, message=message), file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file named on the command line that cannot be read or written
        key = "cli_file_missing" if isinstance(exc, FileNotFoundError) else "cli_file_unusable"
        print(t("cli_error", LANG, message=t(key, LANG, path=exc.filename or "")), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
