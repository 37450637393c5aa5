"""Who may do what: roles and scopes, local accounts (argon2 hashes), sign-in throttling, sessions,
OIDC role lists.

Four roles: **viewer** (reads every dashboard page and the import history), **reporter** (a viewer
that also reports the rows of its :class:`Scope` — one or more departments and/or counties — for
review), **analyst** (reviews submissions, uploads and publishes data, reverts imports) and **admin**
(an analyst that also manages accounts and changes the indicator catalog). :func:`require_analyst`,
:func:`require_admin` and :func:`require_reporter` are the server-side checks that
:mod:`ledger.service`'s write functions make, whatever the pages showed.

* Local accounts (used when no OIDC ``[auth]`` is configured): :class:`Accounts` keeps them in the
  ledger database (tables ``users``, ``user_scopes``, ``login_failures``, ``login_known`` and
  ``sessions``, created on first use next to the store's); only argon2id hashes of the passwords are
  stored (``argon2-cffi``). ``python -m ledger add-user NAME --role …`` creates one.
* Sessions: a successful sign-in opens a session (:meth:`Accounts.open_session`): a random 256-bit
  token for the browser's cookie, of which only the SHA-256 is stored, with its expiry; every page
  run looks the token up (:meth:`Accounts.session_identity`), so an expired, signed-out
  (:meth:`Accounts.close_session`) or removed account is signed out in every tab on its next run.
* Throttling: after :data:`MAX_FAILURES` failed sign-ins for a user name within :data:`WINDOW`
  seconds, further attempts for that name are refused for :data:`LOCKOUT` seconds — except from a
  browser that has signed in to that name before (table ``login_known``), where only its own failures
  count, so nobody can lock an analyst out of their own browser; after :data:`MAX_CLIENT_FAILURES`
  failures from one client address (any names) that address is refused too. Failures are stored in
  the database, so every server process shares them; each attempt is counted *before* its password
  is checked, so parallel guesses cannot slip past the limit. At most :data:`HASH_SLOTS` password
  checks (64 MiB each) run at once per process. The clock is injectable for tests.
* OIDC (``st.login``): :class:`AccessPolicy` maps a signed-in e-mail address to a role from the
  ``[roles]`` lists (``data/config.toml``, overridden by ``.streamlit/secrets.toml``).

This module never imports streamlit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import threading
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .config import DATA_DIR
from .errors import UserError
from .store import Store

VIEWER, REPORTER, ANALYST, ADMIN = "viewer", "reporter", "analyst", "admin"
ROLES = (VIEWER, REPORTER, ANALYST, ADMIN)
#: The i18n key naming each role.
ROLE_KEYS = {VIEWER: "role_viewer", REPORTER: "role_reporter", ANALYST: "role_analyst", ADMIN: "role_admin"}
#: Roles that review, publish and revert (an admin may do all an analyst may).
ANALYSTS = (ANALYST, ADMIN)
#: Hours a session lasts unless ``[roles] session_hours`` says otherwise.
SESSION_HOURS = 8.0

MAX_FAILURES = 5
#: Failed sign-ins from one client address (any names) within WINDOW that lock that address out.
MAX_CLIENT_FAILURES = 20
WINDOW = 15 * 60.0
LOCKOUT = 15 * 60.0
#: A browser that signed in to a name within this many seconds is exempt from that name's lock.
KNOWN_FOR = 90 * 24 * 3600.0
#: Password checks (argon2id: 64 MiB each) that may run at once in one process, and how long an
#: attempt waits for a free one before it is refused as busy.
HASH_SLOTS = 2
HASH_WAIT = 10.0
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
NAME_PATTERN = re.compile(r"[\w.@-]{1,64}")

__all__ = [
    "ADMIN",
    "ANALYST",
    "REPORTER",
    "ROLES",
    "VIEWER",
    "AccessPolicy",
    "Account",
    "AccountError",
    "Accounts",
    "Identity",
    "PermissionDenied",
    "Scope",
    "SignInError",
    "client_address",
    "device_key",
    "load_policy",
    "require_admin",
    "require_analyst",
    "require_reporter",
]


class AccountError(UserError):
    """An account that cannot be created as asked (bad name, short password …)."""


class PermissionDenied(UserError, PermissionError):
    """The acting user's role does not allow the operation (``action``: an i18n key; ``roles``: the
    roles that may, named in the message)."""

    def __init__(self, action: str, roles: Iterable[str] = ANALYSTS) -> None:
        names = [UserError(ROLE_KEYS[r]) for r in roles]
        super().__init__("permission_denied", None, action=UserError(action), roles=_RoleList(names))
        self.roles = tuple(roles)


class _RoleList(UserError):
    """Role names joined in the user's language (分析员或管理员 / Analyst or Admin), as a message
    parameter."""

    def __init__(self, names: list[UserError]) -> None:
        self.names = names
        super().__init__("roles_joined")

    def message(self, lang: str = "zh") -> str:
        from .i18n import t

        words = [n.message(lang) for n in self.names]
        if len(words) == 1:
            return words[0]
        head = ("、" if lang != "en" else ", ").join(words[:-1])
        return t("roles_joined", lang, first=head, last=words[-1])


def role_names(roles: Iterable[str], lang: str = "zh") -> str:
    """The roles named as a page says who may use it: 分析员或管理员."""
    return _RoleList([UserError(ROLE_KEYS[r]) for r in roles]).message(lang)


class SignInError(UserError):
    """A refused sign-in. ``reason``: ``invalid`` (wrong name or password), ``locked`` (throttled) or
    ``busy`` (too many checks at once); ``retry_after`` is the seconds until a locked name may try again."""

    def __init__(self, reason: str, retry_after: float = 0.0, **params: object) -> None:
        super().__init__(f"signin_{reason}", None, **params)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class Scope:
    """What a reporter may report: rows of these ``departments`` (none listed: any department) in these
    ``counties`` (none listed: any area, 全市 included). A scope that lists neither covers nothing."""

    departments: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.departments or self.counties)

    def covers(self, department: str, county: str) -> bool:
        """Whether the row (``department``, ``county``) is this scope's to report."""
        if not self:
            return False
        return ((not self.departments or department in self.departments)
                and (not self.counties or county in self.counties))

    def text(self, lang: str = "zh") -> str:
        """The scope as people say it: 市税务局 · 惠农区."""
        return " · ".join(p for p in ("、".join(self.departments), "、".join(self.counties)) if p)


@dataclass(frozen=True)
class Identity:
    """Who is acting: a display ``name``, a ``role``, where the identity comes from (``anonymous``,
    ``local`` account, ``oidc`` sign-in, or ``cli`` — the command line, which has the database in hand
    anyway), a reporter's ``scope``, and the stored hash of the session token it signed in with
    (``session``, "" otherwise)."""

    name: str
    role: str = VIEWER
    source: str = "anonymous"
    scope: Scope | None = None
    session: str = field(default="", compare=False)

    @property
    def is_analyst(self) -> bool:
        """Analysts and admins: review, publish, revert."""
        return self.role in ANALYSTS

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_reporter(self) -> bool:
        return self.role == REPORTER and bool(self.scope)

    @property
    def signed_in(self) -> bool:
        return self.source != "anonymous"


ANONYMOUS = Identity("", VIEWER, "anonymous")


def _require(actor: Identity | None, roles: tuple[str, ...], action: str) -> Identity:
    if not isinstance(actor, Identity) or actor.role not in roles or not actor.name:
        raise PermissionDenied(action, roles)
    return actor


def require_analyst(actor: Identity | None, action: str = "action_import") -> Identity:
    """Return ``actor`` if it is an analyst (or an admin); otherwise raise :class:`PermissionDenied`
    (``action``: the i18n key naming what was asked)."""
    return _require(actor, ANALYSTS, action)


def require_admin(actor: Identity | None, action: str = "action_catalog") -> Identity:
    """Return ``actor`` if it is an admin; otherwise raise :class:`PermissionDenied`."""
    return _require(actor, (ADMIN,), action)


def require_reporter(actor: Identity | None, action: str = "action_submit") -> Identity:
    """Return ``actor`` if it is a reporter with a scope; otherwise raise :class:`PermissionDenied`."""
    who = _require(actor, (REPORTER,), action)
    if not who.scope:
        raise PermissionDenied(action, (REPORTER,))
    return who


def client_address(connection: str | None, forwarded: str | None) -> str:
    """The address a request comes from: the connection's, or — when there is none, or it is this
    machine (a proxy in front, README: Deployment) — the last address of ``X-Forwarded-For``, the one
    the proxy added. At most 64 characters; "" when unknown."""
    address = connection if isinstance(connection, str) else ""
    if (not address or address in ("127.0.0.1", "::1")) and isinstance(forwarded, str) and forwarded.strip():
        address = forwarded.split(",")[-1].strip()
    return address[:64]


def device_key(xsrf_cookie: str | None) -> str:
    """A key of the browser: a hash of the ``_streamlit_xsrf`` cookie, a random token Streamlit gives each
    browser once and other browsers cannot know ("" without one)."""
    if not isinstance(xsrf_cookie, str) or not xsrf_cookie:
        return ""
    return hashlib.sha256(xsrf_cookie.encode()).hexdigest()[:32]


def name_key(name: str) -> str:
    """How user names are compared: NFKC, trimmed, case-folded (Ana = ana = ａｎａ)."""
    return unicodedata.normalize("NFKC", str(name)).strip().casefold()


# --- OIDC role lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessPolicy:
    """The ``[roles]`` configuration.

    ``analysts``: e-mail addresses (or ``@domain`` entries) that get the analyst role after an OIDC
    sign-in; ``admins`` the same for the admin role. ``viewers``: when not empty, only these addresses
    (and the analysts and admins) may sign in as viewers. ``require_sign_in``: viewers must sign in too
    (default: the dashboard is public). ``session_hours``: how long a local sign-in lasts (8).
    """

    analysts: tuple[str, ...] = ()
    viewers: tuple[str, ...] = ()
    require_sign_in: bool = False
    admins: tuple[str, ...] = ()
    session_hours: float = SESSION_HOURS

    @classmethod
    def from_mapping(cls, raw: Mapping | None) -> AccessPolicy:
        raw = raw or {}

        def emails(key: str) -> tuple[str, ...]:
            value = raw.get(key) or ()
            if isinstance(value, str):
                value = [value]
            return tuple(sorted({name_key(v) for v in value if str(v).strip()}))

        try:
            hours = float(raw.get("session_hours", SESSION_HOURS))
        except (TypeError, ValueError):
            hours = SESSION_HOURS
        return cls(
            analysts=emails("analysts"),
            viewers=emails("viewers"),
            require_sign_in=bool(raw.get("require_sign_in", False)),
            admins=emails("admins"),
            session_hours=hours if hours > 0 else SESSION_HOURS,
        )

    def merged(self, override: Mapping | None) -> AccessPolicy:
        """This policy with the keys present in ``override`` (e.g. secrets' ``[roles]``) replaced."""
        if not override:
            return self
        other = AccessPolicy.from_mapping(override)
        return AccessPolicy(
            analysts=other.analysts if "analysts" in override else self.analysts,
            viewers=other.viewers if "viewers" in override else self.viewers,
            require_sign_in=other.require_sign_in if "require_sign_in" in override else self.require_sign_in,
            admins=other.admins if "admins" in override else self.admins,
            session_hours=other.session_hours if "session_hours" in override else self.session_hours,
        )

    def role_for_email(self, email: str | None) -> str | None:
        """The role of a signed-in address: admin, analyst, viewer, or None (not allowed in)."""
        if not email or "@" not in str(email):
            return None
        key = name_key(email)
        if _listed(key, self.admins):
            return ADMIN
        if _listed(key, self.analysts):
            return ANALYST
        if self.viewers and not _listed(key, self.viewers):
            return None
        return VIEWER


def _listed(email: str, entries: Iterable[str]) -> bool:
    domain = email.rpartition("@")[2]
    return any(email == e or (e.startswith("@") and domain == e[1:]) for e in entries)


def load_policy(path: Path | None = None) -> AccessPolicy:
    """The ``[roles]`` section of ``data/config.toml`` (or ``path``); empty when absent."""
    path = path or DATA_DIR / "config.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AccessPolicy()
    return AccessPolicy.from_mapping(raw.get("roles"))


# --- local accounts -------------------------------------------------------------------------------

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("name_key", sa.String(255), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name_key", sa.String(255), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("client_key", sa.String(255), nullable=False, server_default=""),
    sa.Column("device_key", sa.String(255), nullable=False, server_default=""),
    sa.Index("ix_login_failures_name", "name_key", "at"),
    sa.Index("ix_login_failures_client", "client_key", "at"),
)

login_known = sa.Table(
    "login_known",
    metadata,
    sa.Column("name_key", sa.String(255), primary_key=True),
    sa.Column("device_key", sa.String(255), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
)

#: A reporter's scope: one row per department (``kind`` = department) or county (``kind`` = county).
user_scopes = sa.Table(
    "user_scopes",
    metadata,
    sa.Column("name_key", sa.String(255), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("value", sa.String(255), primary_key=True),
)

#: Signed-in sessions: the SHA-256 of the cookie's token, whose account, until when, and when it was
#: signed out (revoked_at). Rows are kept until they expire.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name_key", sa.String(255), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float, nullable=True),
    sa.Column("client_key", sa.String(255), nullable=False, server_default=""),
    sa.Index("ix_sessions_name", "name_key"),
)


class Account(NamedTuple):
    """A local account as listed (never its hash)."""

    name: str
    role: str
    created_at: str
    scope: Scope | None = None


def token_hash(token: str) -> str:
    """What the sessions table stores of a session token (its SHA-256, hex)."""
    return hashlib.sha256(str(token).encode()).hexdigest()

#: The password checks running in this process (see :data:`HASH_SLOTS`).
_HASH_SLOTS = threading.BoundedSemaphore(HASH_SLOTS)


class Accounts:
    """Local accounts in the ledger database. Database failures raise ``StoreError`` (Chinese).

    ``clock`` returns seconds (``time.time`` by default); tests pass a fake one.
    """

    def __init__(
        self, store: Store, *, clock: Callable[[], float] = time.time, hasher: PasswordHasher | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None
        with store.errors(), store.engine.connect() as conn:
            inspector = sa.inspect(conn)
            missing = set(metadata.tables) - set(inspector.get_table_names())
            have = set() if "login_failures" in missing else {
                c["name"] for c in inspector.get_columns("login_failures")}
        if missing or not {"client_key", "device_key"} <= have:
            with store.errors(), store.write_engine.begin() as conn:
                metadata.create_all(conn)
                for column in ("client_key", "device_key"):
                    if have and column not in have:  # a database made before clients were counted
                        conn.exec_driver_sql(
                            f"ALTER TABLE login_failures ADD COLUMN {column} "
                            "VARCHAR(255) NOT NULL DEFAULT ''"
                        )
                if have and "client_key" not in have:
                    sa.Index("ix_login_failures_client", login_failures.c.client_key,
                             login_failures.c.at).create(conn)

    # -- management (CLI) --

    def add(
        self, name: str, password: str, role: str = ANALYST, *, scope: Scope | None = None
    ) -> bool:
        """Create an account, or reset the password, role and scope of an existing one (its sessions are
        signed out). Returns True when new.

        A reporter needs a ``scope`` (departments and/or counties, canonical names: the caller checks them
        against the ledger); the other roles take none. Raises :class:`AccountError` for a bad name, a
        short password, an unknown role or a missing or superfluous scope.
        """
        name = unicodedata.normalize("NFKC", str(name)).strip()
        if not NAME_PATTERN.fullmatch(name):
            raise AccountError("account_bad_name")
        if role not in ROLES:
            raise AccountError("account_bad_role", None, role=role, roles="、".join(ROLES))
        if role == REPORTER and not scope:
            raise AccountError("account_reporter_scope")
        if role != REPORTER and scope:
            raise AccountError("account_scope_not_reporter", None, role=UserError(ROLE_KEYS[role]))
        if len(password) < MIN_PASSWORD:
            raise AccountError("account_short_password", None, n=MIN_PASSWORD)
        if len(password) > MAX_PASSWORD:
            raise AccountError("account_long_password", None, n=MAX_PASSWORD)
        digest = self.hasher.hash(password)
        now = _now()
        key = name_key(name)
        with self.store.errors(), self.store.write_engine.begin() as conn:
            exists = conn.execute(sa.select(users.c.name_key).where(users.c.name_key == key)).first()
            if exists:
                conn.execute(
                    users.update()
                    .where(users.c.name_key == key)
                    .values(name=name, password_hash=digest, role=role, updated_at=now)
                )
            else:
                conn.execute(
                    users.insert().values(
                        name_key=key,
                        name=name,
                        password_hash=digest,
                        role=role,
                        created_at=now,
                        updated_at=now,
                    )
                )
            conn.execute(login_failures.delete().where(login_failures.c.name_key == key))
            conn.execute(user_scopes.delete().where(user_scopes.c.name_key == key))
            if scope:
                conn.execute(user_scopes.insert(), [
                    {"name_key": key, "kind": kind, "value": v}
                    for kind, values in (("department", scope.departments), ("county", scope.counties))
                    for v in dict.fromkeys(values)
                ])
            if exists:
                self._revoke(conn, sessions.c.name_key == key)
        return not exists

    def remove(self, name: str) -> bool:
        """Delete an account and sign out its sessions at once; True if it existed."""
        key = name_key(name)
        with self.store.errors(), self.store.write_engine.begin() as conn:
            done = conn.execute(users.delete().where(users.c.name_key == key))
            conn.execute(user_scopes.delete().where(user_scopes.c.name_key == key))
            self._revoke(conn, sessions.c.name_key == key)
        return bool(done.rowcount)

    def list(self) -> list[Account]:
        """Every account (name, role, created_at, scope), by name. Hashes are never returned."""
        with self.store.errors(), self.store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(users.c.name_key, users.c.name, users.c.role, users.c.created_at)
                .order_by(users.c.name)
            ).all()
            scopes = self._scopes(conn, None)
        return [Account(r.name, r.role, r.created_at, scopes.get(r.name_key)) for r in rows]

    def role_of(self, name: str) -> str | None:
        """The account's current role, or None when there is no such account."""
        with self.store.errors(), self.store.engine.connect() as conn:
            return conn.execute(sa.select(users.c.role).where(users.c.name_key == name_key(name))).scalar()

    def identity(self, name: str, source: str = "local") -> Identity | None:
        """The account's identity as stored now (role and scope read again), or None when it is gone."""
        key = name_key(name)
        with self.store.errors(), self.store.engine.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.role).where(users.c.name_key == key)).first()
            if row is None:
                return None
            return _identity(row.name, row.role, source, self._scopes(conn, key).get(key))

    @staticmethod
    def _scopes(conn: sa.Connection, key: str | None) -> dict[str, Scope]:
        """name_key → Scope of one account (``key``) or of all."""
        stmt = sa.select(user_scopes.c.name_key, user_scopes.c.kind, user_scopes.c.value)
        if key is not None:
            stmt = stmt.where(user_scopes.c.name_key == key)
        parts: dict[str, dict[str, list[str]]] = {}
        for k, kind, value in conn.execute(stmt.order_by(user_scopes.c.value)):
            parts.setdefault(k, {"department": [], "county": []}).setdefault(kind, []).append(value)
        return {k: Scope(tuple(p["department"]), tuple(p["county"])) for k, p in parts.items()}

    # -- sessions --

    def open_session(self, who: Identity, *, hours: float = SESSION_HOURS, client: str = "") -> str:
        """Open a session for a signed-in local account; returns the token for the browser's cookie (only
        its hash is stored). It lasts ``hours`` unless closed; expired rows are cleared here."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.store.errors(), self.store.write_engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.expires_at < now))
            conn.execute(sessions.insert().values(
                token_hash=token_hash(token), name_key=name_key(who.name), created_at=now,
                expires_at=now + hours * 3600.0, revoked_at=None, client_key=str(client)[:255],
            ))
        return token

    def session_identity(self, token: str | None) -> Identity | None:
        """The account a session token belongs to, as stored now (role and scope read again), or None
        for an unknown, expired or signed-out token or a removed account."""
        if not isinstance(token, str) or not token or len(token) > 256:
            return None
        digest = token_hash(token)
        with self.store.errors(), self.store.engine.connect() as conn:
            row = conn.execute(
                sa.select(users.c.name_key, users.c.name, users.c.role)
                .select_from(sessions.join(users, users.c.name_key == sessions.c.name_key))
                .where(sessions.c.token_hash == digest, sessions.c.revoked_at.is_(None),
                       sessions.c.expires_at > self.clock())
            ).first()
            if row is None:
                return None
            scope = self._scopes(conn, row.name_key).get(row.name_key)
        return dataclasses.replace(_identity(row.name, row.role, "local", scope), session=digest)

    def close_session(self, token: str | None = None, *, digest: str | None = None) -> bool:
        """Sign a session out (by its token, or by the stored ``digest``): every tab using it is signed
        out on its next run. True when an open session was closed."""
        digest = digest or (token_hash(token) if isinstance(token, str) and token else None)
        if not digest:
            return False
        with self.store.errors(), self.store.write_engine.begin() as conn:
            done = self._revoke(conn, sessions.c.token_hash == digest)
        return bool(done)

    def _revoke(self, conn: sa.Connection, which: sa.ColumnElement) -> int:
        result = conn.execute(
            sessions.update().where(which, sessions.c.revoked_at.is_(None)).values(revoked_at=self.clock())
        )
        return result.rowcount

    # -- sign-in --

    def sign_in(self, name: str, password: str, *, client: str = "", device: str = "") -> Identity:
        """Check a name and password; return the account's :class:`Identity`.

        ``client`` is the address the attempt comes from and ``device`` a key of the browser (both ""
        when unknown). Refused with :class:`SignInError`: ``locked`` after :data:`MAX_FAILURES`
        failures for the name within :data:`WINDOW` — unless ``device`` signed in to this name before
        (then only that device's failures count, so nobody can lock an analyst out of their own
        browser) — or after :data:`MAX_CLIENT_FAILURES` failures from ``client`` for any names;
        ``busy`` when :data:`HASH_SLOTS` checks are already running for :data:`HASH_WAIT` seconds;
        ``invalid`` for an unknown name or a wrong password (the same answer in the same time).
        Every attempt is counted before its password is checked.
        """
        key = name_key(name)
        now = self.clock()
        with self.store.errors(), self.store.write_engine.begin() as conn:
            # Forget failures too old to matter, then refuse or count this attempt up front.
            conn.execute(login_failures.delete().where(login_failures.c.at < now - WINDOW - LOCKOUT))
            if client:
                self._refuse_if_locked(conn, login_failures.c.client_key == client, MAX_CLIENT_FAILURES, now)
            known = bool(device) and conn.execute(
                sa.select(login_known.c.at).where(
                    login_known.c.name_key == key, login_known.c.device_key == device,
                    login_known.c.at > now - KNOWN_FOR)
            ).first() is not None
            mine = login_failures.c.name_key == key
            if known:  # only this browser's own failures count against the name
                mine = sa.and_(mine, login_failures.c.device_key == device)
            self._refuse_if_locked(conn, mine, MAX_FAILURES, now)
            attempt = {"name_key": key, "at": now, "client_key": client, "device_key": device}
            conn.execute(login_failures.insert().values(**attempt))
            row = conn.execute(
                sa.select(users.c.name, users.c.password_hash, users.c.role).where(users.c.name_key == key)
            ).first()
        if not _HASH_SLOTS.acquire(timeout=HASH_WAIT):
            raise SignInError("busy")
        try:
            ok = self._verify(row.password_hash if row else None, password)
        finally:
            _HASH_SLOTS.release()
        if not ok or row is None:
            raise SignInError("invalid")
        with self.store.errors(), self.store.write_engine.begin() as conn:
            scope = self._scopes(conn, key).get(key)
            conn.execute(login_failures.delete().where(login_failures.c.name_key == key))
            if device:
                conn.execute(login_known.delete().where(login_known.c.name_key == key,
                                                        login_known.c.device_key == device))
                conn.execute(login_known.insert().values(name_key=key, device_key=device, at=now))
            if self.hasher.check_needs_rehash(row.password_hash):
                conn.execute(
                    users.update()
                    .where(users.c.name_key == key)
                    .values(password_hash=self.hasher.hash(password), updated_at=_now())
                )
        return _identity(row.name, row.role, "local", scope)

    @staticmethod
    def _refuse_if_locked(conn: sa.Connection, which: sa.ColumnElement, limit: int, now: float) -> None:
        times = conn.execute(
            sa.select(login_failures.c.at).where(which).order_by(login_failures.c.at)
        ).scalars()
        until = locked_until(list(times), limit)
        if until is not None and until > now:
            wait = until - now
            raise SignInError("locked", wait, minutes=max(1, int(-(-wait // 60))))

    def _verify(self, digest: str | None, password: str) -> bool:
        if len(password) > MAX_PASSWORD:
            return False
        if digest is None:  # unknown user: spend the same time as a real check
            if self._dummy_hash is None:
                self._dummy_hash = self.hasher.hash("not a password of anyone")
            digest = self._dummy_hash
            password = "\0" + password
        try:
            return self.hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def _identity(name: str, role: str, source: str, scope: Scope | None) -> Identity:
    """An account's identity: an unknown stored role counts as viewer, a reporter keeps its scope."""
    role = role if role in ROLES else VIEWER
    return Identity(name, role, source, scope if role == REPORTER else None)


def locked_until(failures: list[float], limit: int = MAX_FAILURES) -> float | None:
    """When a name (or client) with these failure times (seconds, ascending) may try again, or None.

    A run of ``limit`` failures within :data:`WINDOW` locks it for :data:`LOCKOUT` after the last of
    them.
    """
    until = None
    n = limit
    for i in range(n - 1, len(failures)):
        if failures[i] - failures[i - n + 1] <= WINDOW:
            until = max(until or 0.0, failures[i] + LOCKOUT)
    return until


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
