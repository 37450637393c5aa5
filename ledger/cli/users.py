"""Local accounts: add-user, add-analyst, add-viewer, users, remove-user."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import service
from ..auth import ANALYST, ROLE_KEYS, ROLES, VIEWER, AccountError
from ..i18n import t

LANG = "zh"


def _read_password(args: argparse.Namespace) -> str:
    """The new password: the first line of stdin with --password-stdin, else typed twice (never an
    argument, which would show in the process list and the shell history)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("cli_password", LANG))
    if getpass.getpass(t("cli_password_again", LANG)) != first:
        raise AccountError("account_passwords_differ")
    return first


def _cmd_add_user(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    password = _read_password(args)
    created = service.add_account(
        ctx, args.name, password, role=args.role, departments=args.department or (),
        counties=args.county or (),
    )
    key = "cli_account_created" if created else "cli_account_updated"
    print(t(key, LANG, role=t(ROLE_KEYS[args.role], LANG), name=args.name))
    return 0


def _cmd_remove_user(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    if not service.accounts(ctx).remove(args.name):
        print(t("cli_error", LANG, message=t("cli_no_account", LANG, name=args.name)), file=sys.stderr)
        return 1
    print(t("cli_account_removed", LANG, name=args.name))
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    accounts = service.accounts(ctx).list()
    if not accounts:
        print(t("cli_no_accounts", LANG))
    for a in accounts:
        role = t(ROLE_KEYS[a.role], LANG) if a.role in ROLE_KEYS else a.role
        scope = f"\t{a.scope.text(LANG)}" if a.scope else ""
        print(f"{a.name}\t{role}\t{a.created_at}{scope}")
    return 0


def _password_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--password-stdin", action="store_true", help=t("cli_help_password_stdin", LANG))


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("add-user", parents=[db], help=t("cli_help_add_any_user", LANG))
    sp.add_argument("name")
    sp.add_argument("--role", required=True, choices=ROLES, help=t("cli_help_role", LANG))
    sp.add_argument("--department", action="append", help=t("cli_help_scope_department", LANG))
    sp.add_argument("--county", action="append", help=t("cli_help_scope_county", LANG))
    _password_option(sp)
    sp.set_defaults(func=_cmd_add_user)

    for name, role in (("add-analyst", ANALYST), ("add-viewer", VIEWER)):
        text = t("cli_help_add_user", LANG, role=t(ROLE_KEYS[role], LANG))
        sp = sub.add_parser(name, parents=[db], help=text)
        sp.add_argument("name")
        _password_option(sp)
        sp.set_defaults(func=_cmd_add_user, role=role, department=None, county=None)

    sp = sub.add_parser("remove-user", parents=[db], help=t("cli_help_remove_user", LANG))
    sp.add_argument("name")
    sp.set_defaults(func=_cmd_remove_user)

    sp = sub.add_parser("users", parents=[db], help=t("cli_help_users", LANG))
    sp.set_defaults(func=_cmd_users)
