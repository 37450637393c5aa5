"""``python -m bench``: every benchmark of issue 6 in one run; prints the tables and writes
``bench/results.md``.

1. Workbooks of 10k, 100k and 300k 指标进度 rows for a generated region (:mod:`bench.gen`, cached in
   ``bench/_data``). For each: the raw python-calamine parse, our ``check`` (read + validate) and
   ``import`` (read + validate + commit into a new database), against the naive pipeline
   (:mod:`bench.naive`); SQLite always, PostgreSQL when its binaries are installed (``tests/pg.py``
   starts a throwaway server with default durability) or ``LEDGER_TEST_PG_URL`` is set.
2. The app with 300k stored rows: page reruns through AppTest (:mod:`bench.probe_apptest`), the
   browser and the server's memory (:mod:`bench.probe_browser`), each in a fresh process; the same in
   the browser for the shipped city's sample data and for a one-chart page, as references.

Every figure is the median of several runs (``--repeat``; the naive pipeline ``--naive-repeat``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import python_calamine

from bench import gen
from bench.naive import naive_check, naive_import
from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.config import ROOT
from tests import pg

DATA = ROOT / "bench" / "_data"
RESULTS = ROOT / "bench" / "results.md"
SIZES = (10_000, 100_000, 300_000)
APP_ROWS = 300_000
BENCHER = Identity("bench", ANALYST, "cli")
PACKAGES = ("streamlit", "pandas", "numpy", "pyarrow", "plotly", "openpyxl", "python-calamine", "SQLAlchemy",
            "psycopg", "playwright")
#: The issue's goals: (key, label, limit, unit, lower is better).
GOALS = [
    ("import_speedup", "import of 100k rows vs naive (SQLite)", 3.0, "×", False),
    ("import_over_parse", "import of 100k rows / raw calamine parse (SQLite)", 2.0, "×", True),
    ("warm_rerun", "warm page rerun at 300k rows (slowest page, AppTest)", 0.150, "s", True),
    ("filter_browser", "county change → updated chart in the browser, 300k rows", 0.400, "s", True),
    ("cold_first_chart", "cold start → first chart in the browser, 300k rows", 2.0, "s", True),
    ("server_rss", "app server peak RSS at 300k rows", 600, "MB", True),
]


def median_time(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn()`` over ``runs`` runs (``setup()`` before each, not timed)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def raw_parse(path: Path) -> None:
    """python-calamine alone: every sheet of the file to Python values."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
    wb.close()


class Databases:
    """New empty databases: SQLite files in a temporary folder, PostgreSQL databases on one server."""

    def __init__(self, folder: Path, pg_url: str | None) -> None:
        self.folder, self.pg_url, self.made = folder, pg_url, 0

    def new(self, kind: str) -> str:
        self.made += 1
        if kind == "sqlite":
            return f"sqlite:///{self.folder / f'db{self.made}.db'}"
        assert self.pg_url is not None
        return pg.fresh_database(self.pg_url)

    def drop(self, url: str) -> None:
        if url.startswith("sqlite"):
            for p in self.folder.glob(Path(url.split("///", 1)[1]).name + "*"):
                p.unlink()
        else:
            pg.drop_database(url)


def bench_imports(region: gen.Region, files: dict[int, Path], dbs: Databases, repeat: int,
                  naive_repeat: int, log: Callable[[str], None]) -> dict[int, dict]:
    bundle = region.bundle
    out: dict[int, dict] = {}
    for n, path in files.items():
        row: dict = {"rows": n, "mib": path.stat().st_size / 2**20}
        row["parse"] = median_time(lambda p=path: raw_parse(p), repeat)
        ctx = service.open_context(dbs.new("sqlite"), bundle)
        row["check"] = median_time(lambda p=path, c=ctx: service.read_file(c, p), repeat)
        ctx.store.dispose()
        if naive_repeat:
            row["naive_check"] = median_time(lambda p=path: naive_check(p, bundle), naive_repeat)
        for kind in ("sqlite", "postgresql") if dbs.pg_url else ("sqlite",):
            row[f"import_{kind}"] = _median_import(path, bundle, dbs, kind, repeat)
            if naive_repeat and (kind == "sqlite" or n <= 100_000):  # one INSERT per row over a socket
                row[f"naive_import_{kind}"] = _median_naive(path, bundle, dbs, kind, naive_repeat)
        out[n] = row
        log(f"  {n:>7} rows: " + ", ".join(f"{k} {v:.3f}" for k, v in row.items() if isinstance(v, float)))
    return out


def _median_import(path: Path, bundle, dbs: Databases, kind: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        url = dbs.new(kind)
        ctx = service.open_context(url, bundle)  # tables created before the clock starts
        gc.collect()
        t0 = time.perf_counter()
        upload = service.read_file(ctx, path)
        service.commit_upload(ctx, upload, actor=BENCHER)
        times.append(time.perf_counter() - t0)
        ctx.store.dispose()
        dbs.drop(url)
    return statistics.median(times)


def _median_naive(path: Path, bundle, dbs: Databases, kind: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        url = dbs.new(kind)
        import sqlalchemy as sa

        from ledger.store import metadata

        engine = sa.create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
        gc.collect()
        t0 = time.perf_counter()
        naive_import(path, bundle, url)
        times.append(time.perf_counter() - t0)
        dbs.drop(url)
    return statistics.median(times)


def _probe(module: str, env: dict[str, str], timeout: float = 1800) -> dict:
    """Run ``python -m module`` in a fresh process; its JSON output."""
    proc = subprocess.run([sys.executable, "-m", module], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} cores (nproc), {cpu}",
        "memory": f"{mem / 2**20:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": ", ".join(f"{p} {_version(p)}" for p in PACKAGES),
    }
    bindir = pg.pg_bin()
    if bindir is not None:
        info["postgresql"] = _run_version([str(bindir / "postgres"), "--version"])
    chromium = shutil.which("chromium")
    if chromium:
        info["chromium"] = _run_version([chromium, "--version"])
    return info


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _run_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except OSError:
        return "unknown"


@contextlib.contextmanager
def _postgres(enabled: bool, log: Callable[[str], None]) -> Iterator[str | None]:
    if not enabled:
        yield None
        return
    if os.environ.get(pg.PG_ENV):
        yield os.environ[pg.PG_ENV]
        return
    if pg.pg_bin() is None:
        log("PostgreSQL is not installed: its rows are left out")
        yield None
        return
    with pg.postgres_server(durable=True) as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="numbers of 指标进度 rows (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median), default 5")
    parser.add_argument("--naive-repeat", type=int, default=3, help="runs of the naive pipeline, default 3")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium figures")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (default bench/results.md)")
    parser.add_argument("--imports-only", action="store_true",
                        help="only the check and import figures (printed; results.md is not written)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive pipeline's figures")
    args = parser.parse_args(argv)
    command = ("python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])).strip()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    started = time.perf_counter()

    def log(text: str) -> None:
        print(text, flush=True)

    machine = _machine()
    load_before = os.getloadavg()
    log(f"== {command}\n== {machine['cpu']}, {machine['memory']}, load {load_before[0]:.2f}")
    region = gen.write_region(DATA / "region")
    files = {}
    for n in sorted({*sizes} if args.imports_only else {*sizes, APP_ROWS}):
        path = DATA / f"progress_{n}_{gen.VERSION}.xlsx"
        if not path.exists():
            t0 = time.perf_counter()
            gen.write_workbook(region, n, path)
            size = path.stat().st_size / 2**20
            log(f"== generated {path.name} ({size:.1f} MiB, {time.perf_counter() - t0:.0f} s)")
        files[n] = path
    results: dict = {"machine": machine, "command": command}
    with (
        tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp,
        _postgres(not args.no_postgres, log) as pg_url,
    ):
        dbs = Databases(Path(tmp), pg_url)
        log("== check and import (median of runs, seconds)")
        results["imports"] = bench_imports(region, {n: files[n] for n in sizes}, dbs, args.repeat,
                                           0 if args.no_naive else args.naive_repeat, log)
        if args.imports_only:
            return 0
        # the app's database: the 300k workbook imported as an analyst would (timed once, for the record)
        app_db = f"sqlite:///{Path(tmp) / 'app.db'}"
        ctx = service.open_context(app_db, region.bundle)
        upload = service.read_file(ctx, files[APP_ROWS])
        service.commit_upload(ctx, upload, actor=BENCHER)
        stored = len(ctx.store.progress(columns=["period"]))
        ctx.store.dispose()
        env = {"BENCH_REGION": str(region.folder), "LEDGER_DB": app_db, "BENCH_REPEAT": str(args.repeat)}
        log(f"== AppTest page runs, {stored} stored progress rows (SQLite)")
        results["apptest"] = {"sqlite": _probe("bench.probe_apptest", env)}
        log(json.dumps(results["apptest"]["sqlite"]))
        if pg_url:
            pg_db = dbs.new("postgresql")
            ctx = service.open_context(pg_db, region.bundle)
            service.commit_upload(ctx, service.read_file(ctx, files[APP_ROWS]), actor=BENCHER)
            ctx.store.dispose()
            log("== AppTest page runs (PostgreSQL)")
            results["apptest"]["postgresql"] = _probe("bench.probe_apptest", {**env, "LEDGER_DB": pg_db})
            log(json.dumps(results["apptest"]["postgresql"]))
        if not args.no_browser:
            counties = region.bundle.config.county_names
            browser_env = {**env, "BENCH_COUNTIES": json.dumps(counties[:args.repeat]),
                           "BENCH_PERIODS": json.dumps([f"{gen.PLAN_YEAR}-{m:02d}" for m in (3, 6, 9, 11)])}
            log("== browser, 300k rows")
            results["browser"] = {"region": _probe("bench.probe_browser", browser_env)}
            log(json.dumps(results["browser"]["region"]))
            sample_db = f"sqlite:///{Path(tmp) / 'sample.db'}"
            ctx = service.open_context(sample_db)
            service.bootstrap(ctx, sample=True)
            sample_rows = len(ctx.store.progress(columns=["period"]))
            ctx.store.dispose()
            city = ctx.bundle.config.county_names
            log(f"== browser, the shipped city's sample data ({sample_rows} rows)")
            results["browser"]["sample"] = _probe("bench.probe_browser", {
                **browser_env, "BENCH_REGION": str(ROOT / "data"), "LEDGER_DB": sample_db,
                "BENCH_COUNTIES": json.dumps(city), "BENCH_PERIODS": "[]"})
            results["browser"]["sample_rows"] = sample_rows
            log(json.dumps(results["browser"]["sample"]))
            log("== browser, a one-chart page")
            onechart = {**browser_env, "BENCH_APP": "onechart"}
            results["browser"]["onechart"] = _probe("bench.probe_browser", onechart)
            log(json.dumps(results["browser"]["onechart"]))
        results["stored_rows"] = stored
    results["load"] = (load_before, os.getloadavg())
    results["minutes"] = (time.perf_counter() - started) / 60
    from bench.report import render

    text = render(results, region)
    args.out.write_text(text, encoding="utf-8")
    (DATA / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    print(text)
    log(f"== wrote {args.out} in {results['minutes']:.1f} min")
    return 0
