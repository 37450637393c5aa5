"""Ledgers in the database: ``setup`` (register a city file's ledger, catalog and sample data) and
``ledgers`` (list the registered ones)."""

from __future__ import annotations

import argparse

from .. import load_default, service
from ..config import load_city_config
from ..i18n import t
from ..views import beijing_time


def _cmd_setup(args: argparse.Namespace) -> int:
    bundle = load_default(load_city_config(args.config))
    ctx = service.open_context(args.db, bundle)
    did = service.bootstrap(ctx, sample=not args.no_sample, config_path=args.config)
    print(t("cli_setup", done="；".join(did) if did else t("cli_setup_nothing")))
    return 0


def _cmd_ledgers(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, load_default())
    entries = ctx.store.ledgers()
    if not entries:
        print(t("ledger_none"))
    for e in entries:
        print(t("ledger_list_row", ledger=e.id, city=e.city, year=e.plan_year, title=e.title,
                created=beijing_time(e.created_at)))
    return 0


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser(
        "setup", parents=[db],
        help=t("cli_help_setup"),
    )
    sp.add_argument("--config", help=t("cli_help_config"))
    sp.add_argument("--no-sample", action="store_true", help=t("cli_help_no_sample"))
    sp.set_defaults(func=_cmd_setup)

    sp = sub.add_parser("ledgers", parents=[db], help=t("cli_help_ledgers"))
    sp.set_defaults(func=_cmd_ledgers)
