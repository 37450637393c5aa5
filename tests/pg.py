"""A throwaway PostgreSQL server on a free localhost port, from Debian's ``postgresql`` package.

* :func:`postgres_server` (a context manager): ``initdb`` in a temporary folder, ``pg_ctl start`` on
  127.0.0.1 (as the ``postgres`` user when run as root: the server refuses to run as root), a database
  ``ledger_test``; yields ``postgresql+psycopg://postgres@127.0.0.1:PORT/ledger_test``; stops the server
  and removes the folder afterwards.
* ``python3 tests/pg.py [--] COMMAND …``: runs COMMAND with ``LEDGER_TEST_PG_URL`` pointing at such a
  server and exits with COMMAND's status. ``.ci/run`` runs ``make test`` this way, so every PostgreSQL
  test (``tests/test_store.py``, ``tests/test_store_faults.py``, ``tests/test_postgres.py``) runs in CI.
* :func:`fresh_database` / :func:`drop_database`: a new empty database on the same server, for a test
  (or a benchmark run) that needs its own.

Standard library only (it runs before the virtualenv exists), except :func:`fresh_database` (psycopg).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

PG_ENV = "LEDGER_TEST_PG_URL"
DATABASE = "ledger_test"
#: Test speed over durability (a throwaway cluster); the benchmarks pass ``durable=True``.
FAST_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off",)


def pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest ``/usr/lib/postgresql/*/bin``), or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name), reverse=True
    )
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(found).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(owner: pwd.struct_passwd | None, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    if owner is not None:
        kwargs.update(user=owner.pw_uid, group=owner.pw_gid, extra_groups=[])
    return subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, text=True, **kwargs)


@contextlib.contextmanager
def postgres_server(*, durable: bool = False, timeout: float = 60) -> Iterator[str]:
    """Start a PostgreSQL server for the duration of the block; yield its SQLAlchemy URL.

    ``durable`` keeps PostgreSQL's default fsync settings (benchmarks); otherwise they are off, as a
    throwaway test cluster needs no crash safety. Raises RuntimeError when the server cannot start.
    """
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root, but there is no 'postgres' user to run the server") from exc
    folder = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    started = False
    try:
        if owner is not None:
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
        _run_as(owner, [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--lc-collate=C", "--no-sync"], cwd=folder, **quiet)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " " + " ".join(FAST_SETTINGS)
        _run_as(owner, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                        "-w", "-t", str(int(timeout)), "start"], cwd=folder, **quiet)
        started = True
        _run_as(owner, [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        DATABASE], cwd=folder, **quiet)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    except subprocess.CalledProcessError as exc:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {exc}\n{exc.stderr or ''}\n{tail}") from exc
    finally:
        if started:
            subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           cwd=folder, check=False,
                           **({"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []} if owner else {}))
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str) -> str:
    """Create a new empty database on ``url``'s server; return its URL (same user, host and port)."""
    import psycopg
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    name = f"ledger_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
        dbname=parsed.database or "postgres", autocommit=True,
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database of ``url`` (made by :func:`fresh_database`), closing its other connections."""
    import psycopg
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
        dbname="postgres", autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    """``tests/pg.py [--] COMMAND …``: COMMAND with ``LEDGER_TEST_PG_URL`` set; its exit status."""
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    t0 = time.monotonic()
    with postgres_server() as url:
        print(f"== PostgreSQL ({pg_bin()}) ready in {time.monotonic() - t0:.1f} s: {PG_ENV}={url}", flush=True)
        return subprocess.run(argv, env={**os.environ, PG_ENV: url}, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
