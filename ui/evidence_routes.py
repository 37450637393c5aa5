"""``GET /api/evidence/{id}[?ledger=ID]``: one 佐证材料 file, for the signed-in user of the request's
session cookie (of the default ledger, or of the ledger named: a database holds several).

The same check as the pages' download buttons (:func:`ledger.service.evidence_file`): nobody signed in
→ 401, a reporter asking for a file outside its scope → 403, no such file → 404. The file goes out as
an attachment with its detected type, ``nosniff`` and no caching, so a browser never runs it.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ledger import service
from ledger.errors import UserError
from ledger.workflow.evidence import EvidenceError
from ui import auth, data
from ui.routes import ROUTES


def _status(exc: UserError) -> int:
    if exc.code == "evidence_sign_in":
        return 401
    if exc.code in ("evidence_outside_scope", "permission_denied"):
        return 403
    if exc.code in ("evidence_missing", "ledger_unknown"):
        return 404
    return 503 if not isinstance(exc, EvidenceError) else 410


def _fetch(evidence_id: int, token: str | None, ledger_id: str | None):
    who = data.accounts().session_identity(token)
    return service.evidence_file(data.context(ledger_id or None), evidence_id, actor=who)


async def evidence(request: Request) -> Response:
    lang = "en" if request.query_params.get("lang") == "en" else "zh"
    try:
        found = await run_in_threadpool(
            _fetch, request.path_params["evidence_id"], request.cookies.get(auth.COOKIE),
            request.query_params.get("ledger"),
        )
    except UserError as exc:
        return PlainTextResponse(
            exc.message(lang), status_code=_status(exc), headers={"Cache-Control": "no-store"}
        )
    name = quote(found.file_name)
    headers = {
        "Content-Disposition": (
            f"attachment; filename=\"evidence-{found.id}.{found.kind}\"; filename*=UTF-8''{name}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(found.data, media_type=found.mime, headers=headers)


MY_ROUTES = [Route("/api/evidence/{evidence_id:int}", evidence, methods=["GET"])]

ROUTES.extend(MY_ROUTES)
