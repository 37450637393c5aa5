"""Data commands: template, check, import, export, status, history, revert, setup."""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from pathlib import Path

from .. import service
from ..auth import ADMIN, Identity
from ..i18n import t
from ..metrics import ROLLUP_COLUMNS

LANG = "zh"


def _say(key: str, **fmt: object) -> None:
    print(t(key, LANG, **fmt))


def _cmd_template(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    if args.ledger_form:
        service.write_ledger_form_file(ctx, args.out)
    else:
        service.write_template_file(ctx, args.out, period=args.period)
    _say("cli_written", path=args.out)
    return 0


def _rows(upload) -> str:
    items = (t("cli_rows_item", LANG, sheet=k, n=v) for k, v in upload.rows.items())
    return "，".join(items)


def _cmd_check(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    upload = service.read_file(ctx, args.file, period=args.period)
    _say("cli_check_ok", rows=_rows(upload))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    upload = service.read_file(ctx, args.file, period=args.period)
    kind = "sample" if args.sample else None
    earlier = service.earlier_import(ctx, upload.sha256)
    result = service.commit_upload(ctx, upload, actor=_cli_actor(args), kind=kind, catalog=True)
    if earlier is not None:  # it changed something, but this very file was imported before
        print(t("upload_duplicate", LANG, **earlier), file=sys.stderr)
    _say("cli_imported", id=result.import_id, version=result.data_version)
    for sheet, c in result.counts.items():
        _say("cli_import_counts", sheet=sheet, added=c.get("added", 0), changed=c.get("changed", 0),
             unchanged=c.get("unchanged", 0))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    out = Path(args.out)
    if out.is_dir():  # a folder: the file is named after the filter (台账报表_2023-09_惠农区.xlsx)
        buffer = io.BytesIO()
        out = out / service.export_report(
            ctx, buffer, county=args.county, department=args.department, as_of=args.period
        )
        out.write_bytes(buffer.getvalue())
    else:
        service.export_report(ctx, out, county=args.county, department=args.department, as_of=args.period)
    _say("cli_written", path=out)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    rows = service.status_rows(
        ctx, county=args.county, department=args.department, as_of=args.period, by=args.by
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    if args.by:
        for r in rows:
            name = " ".join(str(r[k]) for k in r if k not in _ROLLUP_FIELDS) or "全部"
            score = "—" if r["score"] is None else f"{r['score']:.1f}"
            annual = "—" if r["annual"] is None else f"{r['annual']:.1f}"
            print(
                f"{name}  得分 {score}  年度完成度 {annual}  滞后/逾期 {r['n_late']}/{r['n']}  "
                f"未按期报送 {r['n_stale']}  {r['status']}"
            )
        return 0
    for r in rows:
        actual = "—" if r["actual"] is None else f"{r['actual']:g}"
        att = "—" if r["attainment"] is None else f"{r['attainment']:.0%}"
        target = "—" if r["target"] is None else f"{r['target']:g}"
        _say("cli_status_line", indicator=r["indicator"], department=r["department"], county=r["county"],
             period=r["period"] or "—", actual=actual, target=target, attainment=att, status=r["status"])
    return 0


_ROLLUP_FIELDS = {"as_of", *ROLLUP_COLUMNS}


def _cmd_history(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    history = ctx.store.history()
    if history.empty:
        _say("cli_no_history")
    for h in history.itertuples(index=False):
        undone = t("cli_history_undone", LANG, id=h.reverted_by) if not _na(h.reverted_by) else ""
        reverts = t("cli_history_reverts", LANG, id=h.reverts) if not _na(h.reverts) else ""
        counts = "；".join(f"{s} +{c.get('added', 0)} ~{c.get('changed', 0)}" for s, c in h.rows.items())
        head = f"#{h.id} {h.created_at} {h.user} {h.kind}{reverts}"
        print(f"{head} {h.file_name} {h.sha256[:12]} {counts}{undone}")
    return 0


def _cmd_revert(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    result = service.revert_import(ctx, args.import_id, actor=_cli_actor(args))
    _say("cli_reverted", id=args.import_id, new=result.import_id)
    return 0


def _cli_actor(args: argparse.Namespace) -> Identity:
    """Whoever runs the command line holds the database itself, so acts as an admin (an ``import`` may
    change the indicator catalog through its 指标目标 sheet)."""
    return Identity(str(args.user), ADMIN, "cli")


def _na(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("template", parents=[db], help=t("cli_help_template", LANG))
    sp.add_argument("out")
    sp.add_argument("--ledger-form", action="store_true", help=t("cli_help_ledger_form", LANG))
    sp.add_argument("--period", help=t("cli_help_template_period", LANG))
    sp.set_defaults(func=_cmd_template)

    for name, func, text in (
        ("check", _cmd_check, "cli_help_check"),
        ("import", _cmd_import, "cli_help_import"),
    ):
        sp = sub.add_parser(name, parents=[db], help=t(text, LANG))
        sp.add_argument("file")
        sp.add_argument("--period", help=t("cli_help_form_period", LANG))
        if name == "import":
            sp.add_argument("--user", default="cli")
            sp.add_argument("--sample", action="store_true", help=t("cli_help_sample", LANG))
        sp.set_defaults(func=func)

    sp = sub.add_parser("export", parents=[db], help=t("cli_help_export", LANG))
    sp.add_argument("out")
    sp.add_argument("--county")
    sp.add_argument("--department")
    sp.add_argument("--period", help=t("cli_help_as_of", LANG))
    sp.set_defaults(func=_cmd_export)

    sp = sub.add_parser("status", parents=[db], help=t("cli_help_status", LANG))
    sp.add_argument("--county")
    sp.add_argument("--department")
    sp.add_argument("--period", help=t("cli_help_as_of_complete", LANG))
    sp.add_argument("--by", help=t("cli_help_by", LANG))
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_cmd_status)

    sp = sub.add_parser("history", parents=[db], help=t("cli_help_history", LANG))
    sp.set_defaults(func=_cmd_history)

    sp = sub.add_parser("revert", parents=[db], help=t("cli_help_revert", LANG))
    sp.add_argument("import_id", type=int)
    sp.add_argument("--user", default="cli")
    sp.set_defaults(func=_cmd_revert)
