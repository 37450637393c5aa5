"""Sign-in and sign-out as HTTP routes of our own, the only place the session cookie is set or cleared.

``GET /api/session/sign-in?next=/upload[&lang=en]`` is our sign-in page (no Streamlit: a small HTML
form); ``POST /api/session/sign-in`` checks the name and password with
:meth:`ledger.auth.Accounts.sign_in` (per-name and per-client throttling, bounded concurrent hash
checks, run in a worker thread) and on success opens a session and sets the cookie ``ledger_session``
(HttpOnly, SameSite=Strict, Secure over HTTPS, Path=/, Max-Age = the session's hours) holding its
random token, then sends the browser on to ``next`` (a path of this site only). ``POST
/api/session/sign-out`` closes the session and clears the cookie.

Both POSTs are protected against cross-site requests twice: the request must come from this site
(``Sec-Fetch-Site``, else ``Origin``, else ``Referer`` naming this host; none of them → refused), and
carry the form token that the GET put both in the form and in a cookie of its own (``ledger_form``,
HttpOnly, SameSite=Strict, for ``/api/session`` only, one hour). With OIDC (``[auth]``) configured the
routes answer that sign-in goes through the organisation's account instead.
"""

from __future__ import annotations

import hmac
import html
import secrets
from urllib.parse import urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ledger.auth import ROLE_KEYS, SignInError, client_address, device_key
from ledger.errors import UserError
from ledger.i18n import t
from ui import auth, data
from ui.routes import ROUTES

PREFIX = "/api/session"
FORM_COOKIE = "ledger_form"
FORM_SECONDS = 3600
_MAX_FIELD = 1024

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f6f7f9;color:#262730;margin:0}
main{max-width:26rem;margin:8vh auto;background:#fff;border-radius:.6rem;padding:2rem 2.2rem;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .3rem}p{line-height:1.6}label{display:block;margin:1rem 0 .3rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.55rem .6rem;font-size:1rem;
border:1px solid #c9ccd3;border-radius:.4rem}
button{margin-top:1.3rem;background:#0072B2;color:#fff;border:0;border-radius:.4rem;padding:.6rem 1.4rem;
font-size:1rem;cursor:pointer}.error{background:#fde8e4;color:#8a1c0b;padding:.6rem .8rem;border-radius:.4rem}
.ok{background:#e3f1fa;padding:.6rem .8rem;border-radius:.4rem}.small{color:#555;font-size:.9rem}
"""
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'")


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def safe_next(value: object) -> str:
    """Where to go after signing in or out: a path of this site (``/upload?county=惠农区``), else ``/``.
    Absolute URLs, ``//host``, backslashes, control characters and our own ``/api/`` paths are refused."""
    text = str(value or "")
    if (
        not text.startswith("/") or text.startswith(("//", "/\\")) or "\\" in text or len(text) > 500
        or any(ord(c) < 32 for c in text) or text.startswith("/api/")
    ):
        return "/"
    parts = urlsplit(text)
    return "/" if parts.scheme or parts.netloc else text


def same_origin(request: Request) -> bool:
    """Whether a POST comes from a page of this site (see the module)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return False
    origin = urlsplit(source)
    host = request.headers.get("host", "")
    if not origin.hostname or not host:
        return False
    default = 443 if origin.scheme == "https" else 80
    here = urlsplit(f"//{host}")
    return (origin.hostname, origin.port or default) == (here.hostname, here.port or default)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _page(lang: str, body: str, status: int = 200) -> HTMLResponse:
    title = html.escape(f"{t('login', lang)} · {t('app_title', lang)}")
    doc = (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
           f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>")
    response = HTMLResponse(doc, status_code=status)
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _form(request: Request, lang: str, next_path: str, *, error: str = "", name: str = "",
          status: int = 200) -> HTMLResponse:
    """The sign-in form, with a fresh form token in it and in its cookie."""
    token = secrets.token_urlsafe(24)
    esc = html.escape
    action = f"{PREFIX}/sign-in?{urlencode({'lang': lang})}" if lang == "en" else f"{PREFIX}/sign-in"
    body = (
        f"<h1>{esc(t('login', lang))}</h1><p class=small>{esc(t('app_title', lang))}</p>"
        + (f'<p class=error role=alert>{esc(error)}</p>' if error else "")
        + f'<form method="post" action="{esc(action)}">'
        f'<input type="hidden" name="form_token" value="{esc(token)}">'
        f'<input type="hidden" name="next" value="{esc(next_path)}">'
        f'<label for="username">{esc(t("username", lang))}</label>'
        f'<input type="text" id="username" name="username" maxlength="64" autocomplete="username" '
        f'value="{esc(name)}" required autofocus>'
        f'<label for="password">{esc(t("password", lang))}</label>'
        f'<input type="password" id="password" name="password" maxlength="{_MAX_FIELD}" '
        f'autocomplete="current-password" required>'
        f'<button type="submit">{esc(t("login_submit", lang))}</button></form>'
        f'<p class=small>{esc(t("session_hint", lang, hours=f"{auth.policy().session_hours:g}"))}</p>'
        f'<p class=small><a href="{esc(next_path)}">{esc(t("sign_in_back", lang))}</a></p>'
    )
    response = _page(lang, body, status)
    response.set_cookie(FORM_COOKIE, token, max_age=FORM_SECONDS, path=PREFIX, httponly=True,
                        samesite="strict", secure=_secure(request))
    return response


def _signed_in(request: Request, lang: str, next_path: str, who) -> HTMLResponse:
    """Already signed in: who, a link on, and the sign-out form."""
    token = secrets.token_urlsafe(24)
    esc = html.escape
    role = t(ROLE_KEYS.get(who.role, "role_viewer"), lang)
    body = (
        f"<h1>{esc(t('page_account', lang))}</h1>"
        f"<p class=ok>{esc(t('signed_in_role', lang, user=who.name, role=role))}</p>"
        f'<p><a href="{esc(next_path)}">{esc(t("sign_in_continue", lang))}</a></p>'
        f'<form method="post" action="{PREFIX}/sign-out">'
        f'<input type="hidden" name="form_token" value="{esc(token)}">'
        f'<input type="hidden" name="next" value="/">'
        f'<button type="submit">{esc(t("logout", lang))}</button></form>'
    )
    response = _page(lang, body)
    response.set_cookie(FORM_COOKIE, token, max_age=FORM_SECONDS, path=PREFIX, httponly=True,
                        samesite="strict", secure=_secure(request))
    return response


def _oidc(lang: str) -> HTMLResponse:
    body = f"<h1>{html.escape(t('login', lang))}</h1><p>{html.escape(t('sign_in_oidc_only', lang))}</p>"
    return _page(lang, body, 404)


async def sign_in_page(request: Request) -> Response:
    lang, next_path = _lang(request), safe_next(request.query_params.get("next"))
    if auth.oidc_enabled():
        return _oidc(lang)
    try:
        who = await run_in_threadpool(data.accounts().session_identity, request.cookies.get(auth.COOKIE))
    except UserError as exc:
        return _page(lang, f'<p class=error role=alert>{html.escape(exc.message(lang))}</p>', 503)
    if who is not None:
        return _signed_in(request, lang, next_path, who)
    return _form(request, lang, next_path)


def _field(form, name: str) -> str:
    value = form.get(name)
    return value[:_MAX_FIELD + 1] if isinstance(value, str) else ""


def _token_ok(request: Request, form) -> bool:
    sent, kept = _field(form, "form_token"), request.cookies.get(FORM_COOKIE, "")
    return bool(sent) and bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


async def sign_in(request: Request) -> Response:
    lang = _lang(request)
    if auth.oidc_enabled():
        return _oidc(lang)
    if not same_origin(request):
        return _page(lang, f"<p class=error role=alert>{html.escape(t('csrf_refused', lang))}</p>", 403)
    form = await request.form()
    next_path = safe_next(_field(form, "next"))
    name, password = _field(form, "username").strip()[:64], _field(form, "password")
    if not _token_ok(request, form):
        return _form(request, lang, next_path, error=t("form_expired", lang), name=name, status=403)
    connection = request.client.host if request.client else ""
    address = client_address(connection, request.headers.get("x-forwarded-for"))
    device = device_key(request.cookies.get("_streamlit_xsrf"))
    accounts = data.accounts()
    try:
        who = await run_in_threadpool(accounts.sign_in, name, password, client=address, device=device)
        token = await run_in_threadpool(accounts.open_session, who, hours=auth.policy().session_hours,
                                        client=address)
    except SignInError as exc:
        keys = {"locked": "login_locked", "invalid": "login_failed"}
        message = t(keys[exc.reason], lang) if exc.reason in keys else exc.message(lang)
        status = 401 if exc.reason == "invalid" else 429
        return _form(request, lang, next_path, error=message, name=name, status=status)
    except UserError as exc:  # the database is locked or unreachable
        return _form(request, lang, next_path, error=exc.message(lang), name=name, status=503)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(auth.COOKIE, token, max_age=int(auth.policy().session_hours * 3600), path="/",
                        httponly=True, samesite="strict", secure=_secure(request))
    response.delete_cookie(FORM_COOKIE, path=PREFIX)
    response.headers["Cache-Control"] = "no-store"
    return response


async def sign_out(request: Request) -> Response:
    lang = _lang(request)
    if not same_origin(request):
        return _page(lang, f"<p class=error role=alert>{html.escape(t('csrf_refused', lang))}</p>", 403)
    form = await request.form()
    if not _token_ok(request, form):
        return _page(lang, f"<p class=error role=alert>{html.escape(t('form_expired', lang))}</p>", 403)
    token = request.cookies.get(auth.COOKIE)
    try:
        if token:
            await run_in_threadpool(data.accounts().close_session, token)
    except UserError as exc:
        return _page(lang, f'<p class=error role=alert>{html.escape(exc.message(lang))}</p>', 503)
    response = RedirectResponse(safe_next(_field(form, "next")), status_code=303)
    response.delete_cookie(auth.COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    response.delete_cookie(FORM_COOKIE, path=PREFIX)
    return response


MY_ROUTES = [
    Route(f"{PREFIX}/sign-in", sign_in_page, methods=["GET"]),
    Route(f"{PREFIX}/sign-in", sign_in, methods=["POST"]),
    Route(f"{PREFIX}/sign-out", sign_out, methods=["POST"]),
]

ROUTES.extend(MY_ROUTES)
