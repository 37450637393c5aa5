"""Who may do what: roles, local analyst accounts (argon2 hashes), sign-in throttling, OIDC role lists.

Two roles: **viewer** (reads every dashboard page and the import history) and **analyst** (may also
upload and revert imports). :func:`require_analyst` is the server-side check that
:mod:`ledger.service`'s write functions make, whatever the pages showed.

* Local accounts (used when no OIDC ``[auth]`` is configured): :class:`Accounts` keeps them in the
  ledger database (tables ``users`` and ``login_failures``, created on first use next to the store's);
  only argon2id hashes of the passwords are stored (``argon2-cffi``). ``python -m ledger add-analyst
  NAME`` creates one.
* Throttling: after :data:`MAX_FAILURES` failed sign-ins for a user name within :data:`WINDOW`
  seconds, further attempts for that name are refused for :data:`LOCKOUT` seconds. Failures are stored
  in the database, so every server process shares them; each attempt is counted *before* its password
  is checked, so parallel guesses cannot slip past the limit. The clock is injectable for tests.
* OIDC (``st.login``): :class:`AccessPolicy` maps a signed-in e-mail address to a role from the
  ``[roles]`` lists (``data/config.toml``, overridden by ``.streamlit/secrets.toml``).

This module never imports streamlit.
"""

from __future__ import annotations

import re
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
from .store import Store

VIEWER, ANALYST = "viewer", "analyst"
ROLES = (VIEWER, ANALYST)
ROLE_NAMES = {VIEWER: "浏览者", ANALYST: "分析员"}

MAX_FAILURES = 5
WINDOW = 15 * 60.0
LOCKOUT = 15 * 60.0
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


class AccountError(ValueError):
    """An account that cannot be created as asked (bad name, short password …), in Chinese."""


class PermissionDenied(PermissionError):
    """The acting user's role does not allow the operation (message in Chinese)."""


class SignInError(Exception):
    """A refused sign-in. ``reason``: ``invalid`` (wrong name or password) or ``locked`` (throttled);
    ``retry_after`` is the number of seconds until a locked name may try again."""

    def __init__(self, message: str, reason: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
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


def require_analyst(actor: Identity | None, action: str = "此操作") -> Identity:
    """Return ``actor`` if it is an analyst; otherwise raise :class:`PermissionDenied`."""
    if not isinstance(actor, Identity) or actor.role != ANALYST or not actor.name:
        raise PermissionDenied(f"{action}仅限分析员，当前用户无权执行")
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
    sa.Index("ix_login_failures_name", "name_key", "at"),
)


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
            missing = set(metadata.tables) - set(sa.inspect(conn).get_table_names())
        if missing:
            with store.errors(), store.write_engine.begin() as conn:
                metadata.create_all(conn)

    # -- management (CLI) --

    def add(self, name: str, password: str, role: str = ANALYST) -> bool:
        """Create an account, or reset the password and role of an existing one. Returns True when new.

        Raises :class:`AccountError` for a bad name, a short password or an unknown role.
        """
        name = unicodedata.normalize("NFKC", str(name)).strip()
        if not NAME_PATTERN.fullmatch(name):
            raise AccountError("用户名只能包含文字、数字和 . @ _ -，长度 1–64")
        if role not in ROLES:
            raise AccountError(f"未知角色“{role}”，可选：{'、'.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
        if len(password) > MAX_PASSWORD:
            raise AccountError(f"密码不能超过 {MAX_PASSWORD} 个字符")
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

    def sign_in(self, name: str, password: str) -> Identity:
        """Check a name and password; return the account's :class:`Identity`.

        Raises :class:`SignInError` (``invalid`` or ``locked``). The same message is given for an
        unknown name and a wrong password, and both take the same time.
        """
        key = name_key(name)
        now = self.clock()
        with self.store.errors(), self.store.write_engine.begin() as conn:
            # Forget failures too old to matter, then refuse or count this attempt up front.
            conn.execute(login_failures.delete().where(login_failures.c.at < now - WINDOW - LOCKOUT))
            times = conn.execute(
                sa.select(login_failures.c.at)
                .where(login_failures.c.name_key == key)
                .order_by(login_failures.c.at)
            ).scalars()
            until = locked_until(list(times))
            if until is not None and until > now:
                wait = until - now
                minutes = max(1, int(-(-wait // 60)))
                raise SignInError(f"登录失败次数过多，请 {minutes} 分钟后再试", "locked", wait)
            conn.execute(login_failures.insert().values(name_key=key, at=now))
            row = conn.execute(
                sa.select(users.c.name, users.c.password_hash, users.c.role).where(users.c.name_key == key)
            ).first()
        ok = self._verify(row.password_hash if row else None, password)
        if not ok or row is None:
            raise SignInError("用户名或密码错误", "invalid")
        with self.store.errors(), self.store.write_engine.begin() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.name_key == key))
            if self.hasher.check_needs_rehash(row.password_hash):
                conn.execute(
                    users.update()
                    .where(users.c.name_key == key)
                    .values(password_hash=self.hasher.hash(password), updated_at=_now())
                )
        return Identity(row.name, row.role if row.role in ROLES else VIEWER, "local")

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


def locked_until(failures: list[float]) -> float | None:
    """When a name with these failure times (seconds, ascending) may try again, or None.

    A run of :data:`MAX_FAILURES` failures within :data:`WINDOW` locks the name for :data:`LOCKOUT`
    after the last of them.
    """
    until = None
    n = MAX_FAILURES
    for i in range(n - 1, len(failures)):
        if failures[i] - failures[i - n + 1] <= WINDOW:
            until = max(until or 0.0, failures[i] + LOCKOUT)
    return until


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
