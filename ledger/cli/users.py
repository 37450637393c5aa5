"""Local accounts: add-analyst, add-viewer, users, remove-user."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import service
from ..auth import ANALYST, ROLE_NAMES, VIEWER, AccountError, Accounts


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


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
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
