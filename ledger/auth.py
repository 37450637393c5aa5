"""Who may do what: roles, local analyst accounts (argon2 hashes), sign-in throttling, OIDC role lists.

Two roles: **viewer** (reads every dashboard page and the import history) and **analyst** (may also
upload and revert imports). :func:`require_analyst` is the server-side check that
:mod:`ledger.service`'s write functions make, whatever the pages showed.

* Local accounts (used when no OIDC ``[auth]`` is configured): :class:`Accounts` keeps them in the
  ledger database (tables ``users`` and ``login_failures``, created on first use next to the store's);
  only argon2id hashes of the passwords are stored (``argon2-cffi``). ``python -m ledger add-analyst
  NAME`` creates one.
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

import re
import threading
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .config import DATA_DIR
from .errors import UserError
from .store import Store

VIEWER, ANALYST = "viewer", "analyst"
ROLES = (VIEWER, ANALYST)
#: The i18n key naming each role.
ROLE_KEYS = {VIEWER: "role_viewer", ANALYST: "role_analyst"}

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
    "ANALYST",
    "ROLES",
    "VIEWER",
    "AccessPolicy",
    "AccountError",
    "Accounts",
    "Identity",
    "PermissionDenied",
    "SignInError",
    "load_policy",
    "require_analyst",
]


class AccountError(UserError):
    """An account that cannot be created as asked (bad name, short password …)."""


class PermissionDenied(UserError, PermissionError):
    """The acting user's role does not allow the operation (``action``: an i18n key)."""

    def __init__(self, action: str) -> None:
        super().__init__("permission_denied", None, action=UserError(action))


class SignInError(UserError):
    """A refused sign-in. ``reason``: ``invalid`` (wrong name or password), ``locked`` (throttled) or
    ``busy`` (too many checks at once); ``retry_after`` is the seconds until a locked name may try again."""

    def __init__(self, reason: str, retry_after: float = 0.0, **params: object) -> None:
        super().__init__(f"signin_{reason}", None, **params)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class Identity:
    """Who is acting: a display ``name``, a ``role`` and where the identity comes from
    (``anonymous``, ``local`` account, ``oidc`` sign-in, or ``cli`` — the command line, which has the
    database in hand anyway)."""

    name: str
    role: str = VIEWER
    source: str = "anonymous"

    @property
    def is_analyst(self) -> bool:
        return self.role == ANALYST

    @property
    def signed_in(self) -> bool:
        return self.source != "anonymous"


ANONYMOUS = Identity("", VIEWER, "anonymous")


def require_analyst(actor: Identity | None, action: str = "action_import") -> Identity:
    """Return ``actor`` if it is an analyst; otherwise raise :class:`PermissionDenied` (``action``: the
    i18n key naming what was asked)."""
    if not isinstance(actor, Identity) or actor.role != ANALYST or not actor.name:
        raise PermissionDenied(action)
    return actor


def name_key(name: str) -> str:
    """How user names are compared: NFKC, trimmed, case-folded (Ana = ana = ａｎａ)."""
    return unicodedata.normalize("NFKC", str(name)).strip().casefold()


# --- OIDC role lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessPolicy:
    """The ``[roles]`` configuration.

    ``analysts``: e-mail addresses (or ``@domain`` entries) that get the analyst role after an OIDC
    sign-in. ``viewers``: when not empty, only these addresses (and the analysts) may sign in as
    viewers. ``require_sign_in``: viewers must sign in too (default: the dashboard is public).
    """

    analysts: tuple[str, ...] = ()
    viewers: tuple[str, ...] = ()
    require_sign_in: bool = False

    @classmethod
    def from_mapping(cls, raw: Mapping | None) -> AccessPolicy:
        raw = raw or {}

        def emails(key: str) -> tuple[str, ...]:
            value = raw.get(key) or ()
            if isinstance(value, str):
                value = [value]
            return tuple(sorted({name_key(v) for v in value if str(v).strip()}))

        return cls(
            analysts=emails("analysts"),
            viewers=emails("viewers"),
            require_sign_in=bool(raw.get("require_sign_in", False)),
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
        )

    def role_for_email(self, email: str | None) -> str | None:
        """The role of a signed-in address: analyst, viewer, or None (not allowed in)."""
        if not email or "@" not in str(email):
            return None
        key = name_key(email)
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

    def add(self, name: str, password: str, role: str = ANALYST) -> bool:
        """Create an account, or reset the password and role of an existing one. Returns True when new.

        Raises :class:`AccountError` for a bad name, a short password or an unknown role.
        """
        name = unicodedata.normalize("NFKC", str(name)).strip()
        if not NAME_PATTERN.fullmatch(name):
            raise AccountError("account_bad_name")
        if role not in ROLES:
            raise AccountError("account_bad_role", None, role=role, roles="、".join(ROLES))
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
        return not exists

    def remove(self, name: str) -> bool:
        """Delete an account; True if it existed."""
        with self.store.errors(), self.store.write_engine.begin() as conn:
            done = conn.execute(users.delete().where(users.c.name_key == name_key(name)))
        return bool(done.rowcount)

    def list(self) -> list[tuple[str, str, str]]:
        """(name, role, created_at) of every account, by name. Hashes are never returned."""
        with self.store.errors(), self.store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(users.c.name, users.c.role, users.c.created_at).order_by(users.c.name)
            )
            return [tuple(r) for r in rows]

    def role_of(self, name: str) -> str | None:
        """The account's current role, or None when there is no such account."""
        with self.store.errors(), self.store.engine.connect() as conn:
            return conn.execute(sa.select(users.c.role).where(users.c.name_key == name_key(name))).scalar()

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
        return Identity(row.name, row.role if row.role in ROLES else VIEWER, "local")

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
