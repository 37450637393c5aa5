"""Local accounts: add-analyst, add-viewer, users, remove-user."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import service
from ..auth import ANALYST, ROLE_KEYS, VIEWER, AccountError, Accounts
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
    ctx = service.open_context(args.db)
    password = _read_password(args)
    created = Accounts(ctx.store).add(args.name, password, role=args.role)
    key = "cli_account_created" if created else "cli_account_updated"
    print(t(key, LANG, role=t(ROLE_KEYS[args.role], LANG), name=args.name))
    return 0


def _cmd_remove_user(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    if not Accounts(ctx.store).remove(args.name):
        print(t("cli_error", LANG, message=t("cli_no_account", LANG, name=args.name)), file=sys.stderr)
        return 1
    print(t("cli_account_removed", LANG, name=args.name))
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db)
    accounts = Accounts(ctx.store).list()
    if not accounts:
        print(t("cli_no_accounts", LANG))
    for name, role, created in accounts:
        print(f"{name}\t{t(ROLE_KEYS[role], LANG) if role in ROLE_KEYS else role}\t{created}")
    return 0


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    for name, role in (("add-analyst", ANALYST), ("add-viewer", VIEWER)):
        text = t("cli_help_add_user", LANG, role=t(ROLE_KEYS[role], LANG))
        sp = sub.add_parser(name, parents=[db], help=text)
        sp.add_argument("name")
        sp.add_argument("--password-stdin", action="store_true", help=t("cli_help_password_stdin", LANG))
        sp.set_defaults(func=_cmd_add_user, role=role)

    sp = sub.add_parser("remove-user", parents=[db], help=t("cli_help_remove_user", LANG))
    sp.add_argument("name")
    sp.set_defaults(func=_cmd_remove_user)

    sp = sub.add_parser("users", parents=[db], help=t("cli_help_users", LANG))
    sp.set_defaults(func=_cmd_users)
