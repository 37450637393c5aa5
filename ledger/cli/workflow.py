"""The reporting workflow: submit, review, submissions, missing (催报)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from .. import service
from ..auth import ANALYST, REPORTER
from ..i18n import t
from ..workflow import reminders
from ..workflow.submissions import STATE_KEYS, STATES

LANG = "zh"


def _say(key: str, **fmt: object) -> None:
    print(t(key, LANG, **fmt))


def _rows(counts: dict) -> str:
    return "，".join(t("cli_rows_item", LANG, sheet=k, n=v) for k, v in counts.items())


def _cmd_submit(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    who = service.cli_identity(ctx, args.user, REPORTER)
    with open(args.file, "rb") as f:
        data = f.read()
    upload = service.read_bytes(ctx, data, file_name=args.file.rsplit("/", 1)[-1], scope=who.scope)
    sub = service.submit_upload(ctx, upload, actor=who)
    _say("cli_submitted", id=sub.id, rows=_rows(sub.rows), periods="、".join(sub.periods))
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    who = service.cli_identity(ctx, args.user, ANALYST)
    if args.approve:
        result = service.approve_submission(ctx, args.submission_id, actor=who)
        _say("cli_approved", id=args.submission_id, import_id=result.import_id, n=result.written)
    else:
        service.return_submission(ctx, args.submission_id, actor=who, reason=args.reason or "")
        _say("cli_returned", id=args.submission_id, reason=" ".join((args.reason or "").split()))
    return 0


def _cmd_submissions(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    found = service.submissions(ctx, period=args.period, states=[args.state] if args.state else None)
    if args.json:
        print(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        _say("cli_no_submissions")
    for s in found:
        reason = f"（{s.last.reason}）" if s.last.reason and s.state != "superseded" else ""
        imported = t("cli_submission_import", LANG, id=s.import_id) if s.import_id else ""
        print(
            f"#{s.id}\t{s.created_at}\t{s.user}\t{'、'.join(s.periods)}\t{_rows(s.rows)}\t"
            f"{t(STATE_KEYS[s.state], LANG)}{reason}{imported}"
        )
    return 0


def _on(text: str | None) -> date:
    if text is None:
        return reminders.today()  # the one place the clock is read (ledger.workflow.reminders)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise service.ServiceError("cli_on_bad", value=text) from None


def _cmd_missing(args: argparse.Namespace) -> int:
    ctx = service.open_context(args.db, ledger=args.ledger)
    on = _on(args.on)
    rows = service.missing_reports(ctx, args.period, on, since=args.since)
    if args.json:
        print(json.dumps(service.missing_json(rows), ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    if args.notices:
        print("\n\n".join(service.reminder_notices(ctx, rows, on, LANG).values()))
        return 0
    if rows.empty:
        _say("cli_none_missing", period=args.period, on=on.isoformat())
    for r in rows.itertuples(index=False):
        late = (
            t("cli_days_overdue", LANG, days=r.days_overdue)
            if r.overdue
            else t("cli_not_due", LANG, due=r.due)
        )
        count = t("cli_missing_count", LANG, n=r.missing, of=r.expected)
        print(f"{r.period}\t{r.department}\t{r.county}\t{count}\t{late}")
    return 0


def register(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("submit", parents=[db], help=t("cli_help_submit", LANG))
    sp.add_argument("file")
    sp.add_argument("--user", required=True, help=t("cli_help_submit_user", LANG))
    sp.set_defaults(func=_cmd_submit)

    sp = sub.add_parser("review", parents=[db], help=t("cli_help_review", LANG))
    sp.add_argument("submission_id", type=int)
    choice = sp.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true", help=t("cli_help_approve", LANG))
    choice.add_argument("--return", dest="return_", action="store_true", help=t("cli_help_return", LANG))
    sp.add_argument("--reason", help=t("cli_help_reason", LANG))
    sp.add_argument("--user", default="cli")
    sp.set_defaults(func=_cmd_review)

    sp = sub.add_parser("submissions", parents=[db], help=t("cli_help_submissions", LANG))
    sp.add_argument("--period")
    sp.add_argument("--state", choices=STATES)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_cmd_submissions)

    sp = sub.add_parser("missing", parents=[db], help=t("cli_help_missing", LANG))
    sp.add_argument("--period", required=True, help=t("cli_help_missing_period", LANG))
    sp.add_argument("--since", help=t("cli_help_missing_since", LANG))
    sp.add_argument("--on", help=t("cli_help_missing_on", LANG))
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--notices", action="store_true", help=t("cli_help_missing_notices", LANG))
    sp.set_defaults(func=_cmd_missing)
