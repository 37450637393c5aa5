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
    print("已初始化数据库：" + ("；".join(did) if did else "已有数据，未改动"))
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
        help="登记台账（--config 目录或 LEDGER_CONFIG，默认 data/）并写入指标目录；空台账时写入示例数据",
    )
    sp.add_argument("--config", help="台账配置目录或 config.toml（默认：LEDGER_CONFIG 或 data/）")
    sp.add_argument("--no-sample", action="store_true", help="不写入示例数据")
    sp.set_defaults(func=_cmd_setup)

    sp = sub.add_parser("ledgers", parents=[db], help="列出数据库中登记的台账")
    sp.set_defaults(func=_cmd_ledgers)
