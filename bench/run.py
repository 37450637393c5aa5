"""``python -m bench``: every benchmark of issues 6 and 14 in one run; prints the tables and writes
``bench/results.md``.

1. Imports: workbooks of 10k, 100k and 300k 指标进度 rows of a generated region, and one of 999,000 rows of
   a larger one (:mod:`bench.gen`, cached in ``bench/_data``). For each: the raw python-calamine parse,
   our ``check`` (read + validate) and ``import`` (read + validate + commit into a new database), against
   the naive pipeline (:mod:`bench.naive`, at 10k and 100k rows); the import's stages measured apart at
   100k and 999k rows (:mod:`bench.stages`). SQLite always, PostgreSQL when its binaries are installed
   (``tests/pg.py`` starts a throwaway server with default durability) or ``LEDGER_TEST_PG_URL`` is set.
2. The province (:mod:`bench.province`): ten cities × five plan years, each a ledger, ~3M progress rows,
   and a database of ~300k rows with the same shown ledger. The app on each, in fresh processes: page
   runs through AppTest (:mod:`bench.probe_apptest`), the browser and the server's memory
   (:mod:`bench.probe_browser`); the same for the shipped city's sample data and for a one-chart page,
   as references.

Every figure is the median of several runs (``--repeat``; the naive pipeline ``--naive-repeat``); the
load average is recorded before and after every part.

The full run (the default) took 21.9 minutes on two shared cores (2026-12-01): half of it the imports
(the 999k-row file, the naive pipeline at 100k rows), the rest building the province on PostgreSQL
(1.5 min), AppTest and the browser; the SQLite province databases and the workbooks are cached in
``bench/_data`` after their first run. A smaller scale keeps every goal of issue 14 measured:
``--sizes 100000,999000`` (the two sizes the goals name), ``--repeat 3``, ``--no-naive`` (issue 6's
naive pipeline). ``--no-postgres`` / ``--no-browser`` leave those figures out (results.md then says
"not measured"). The province itself has one size: the goals are stated at 3M rows.
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

from bench import gen, province, sql, stages
from bench.naive import naive_check, naive_import
from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.config import ROOT
from tests import pg

DATA = ROOT / "bench" / "_data"
RESULTS = ROOT / "bench" / "results.md"
SIZES = (10_000, 100_000, 300_000)
#: The million-row file (999,000 rows: five cells a row within the reader's 5,000,000 cells of a sheet).
LARGE = 999_000
#: Sizes whose import stages are measured apart.
STAGED = (100_000, LARGE)
#: The naive pipeline runs at these sizes only (one INSERT per row: minutes beyond).
NAIVE_SIZES = (10_000, 100_000)
BENCHER = Identity("bench", ANALYST, "cli")
PACKAGES = ("streamlit", "pandas", "numpy", "pyarrow", "plotly", "openpyxl", "python-calamine", "SQLAlchemy",
            "psycopg", "playwright")
#: The goals of issue 14: (key, label, limit, unit, lower is better).
GOALS = [
    ("rss_3m", "peak server RSS at 3M rows (SQLite)", 1024, "MB", True),
    ("rss_growth", "peak server RSS at 3M rows / at 300k rows (SQLite)", 1.5, "×", True),
    ("rss_3m_pg", "peak server RSS at 3M rows (PostgreSQL)", 1024, "MB", True),
    ("rss_growth_pg", "peak server RSS at 3M rows / at 300k rows (PostgreSQL)", 1.5, "×", True),
    ("warm_ratio", "warm rerun at 3M rows / city sample (slowest page, SQLite)", 1.2, "×", True),
    ("warm_ratio_pg", "warm rerun at 3M rows / city sample (slowest page, PostgreSQL)", 1.2, "×", True),
    ("filter_ratio", "county change at 3M rows / city sample (browser, SQLite)", 1.2, "×", True),
    ("filter_ratio_pg", "county change at 3M rows / city sample (browser, PostgreSQL)", 1.2, "×", True),
    ("cold_ratio", "cold start → first chart / new session, 3M rows (SQLite)", 1.1, "×", True),
    ("cold_ratio_pg", "cold start → first chart / new session, 3M rows (PostgreSQL)", 1.1, "×", True),
    ("import_parse_100k", "import / raw parse, 100k rows (SQLite)", 2.0, "×", True),
    ("import_parse_1m", "import / raw parse, 999k rows (SQLite)", 2.0, "×", True),
    ("import_parse_100k_pg", "import / raw parse, 100k rows (PostgreSQL)", 2.0, "×", True),
    ("import_parse_1m_pg", "import / raw parse, 999k rows (PostgreSQL)", 2.0, "×", True),
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


def bench_imports(files: dict[int, tuple[Path, gen.Region]], dbs: Databases, repeat: int,
                  naive_repeat: int, log: Callable[[str], None]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for n, (path, region) in files.items():
        bundle = region.bundle
        runs = repeat if n < LARGE else max(1, min(repeat, 3))
        row: dict = {"rows": n, "mib": path.stat().st_size / 2**20, "runs": runs}
        row["parse"] = median_time(lambda p=path: raw_parse(p), runs)
        ctx = service.open_context(dbs.new("sqlite"), bundle)
        row["check"] = median_time(lambda p=path, c=ctx: service.read_file(c, p), runs)
        ctx.store.dispose()
        if naive_repeat and n in NAIVE_SIZES:
            row["naive_check"] = median_time(lambda p=path, b=bundle: naive_check(p, b), naive_repeat)
        for kind in ("sqlite", "postgresql") if dbs.pg_url else ("sqlite",):
            row[f"import_{kind}"] = _median_import(path, bundle, dbs, kind, runs)
            if naive_repeat and n in NAIVE_SIZES and (kind == "sqlite" or n <= 10_000):
                row[f"naive_import_{kind}"] = _median_naive(path, bundle, dbs, kind, naive_repeat)
        if n in STAGED:
            parts = []
            for _ in range(runs):
                url = dbs.new("sqlite")
                parts.append(stages.stages(path, url, bundle))
                dbs.drop(url)
            row["stages"] = {k: statistics.median(p[k] for p in parts) for k in stages.STAGES}
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


def _province_sqlite(name: str, which, root: Path, log: Callable[[str], None]) -> tuple[str, int]:
    """The province database ``name`` (cached in bench/_data: built once)."""
    path = DATA / f"province_{name}_{gen.VERSION}.db"
    rows_file = path.with_suffix(".rows")
    if not path.exists() or not rows_file.exists():
        for old in DATA.glob(path.name + "*"):
            old.unlink()
        log(f"== building the province database {path.name}")
        rows = province.build(f"sqlite:///{path}", root, which, log)
        rows_file.write_text(str(rows))
    return f"sqlite:///{path}", int(rows_file.read_text())


def _app_env(url: str, root: Path, repeat: int) -> dict[str, str]:
    """The environment that points the app at the province's shown ledger in ``url``."""
    return {"LEDGER_DB": url, "LEDGER_ID": province.SHOWN, "BENCH_REPEAT": str(repeat),
            "LEDGER_CONFIG": str(root / province.SHOWN / "config.toml"), "BENCH_REGION": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in (*SIZES, LARGE)),
                        help="numbers of 指标进度 rows (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median), default 5")
    parser.add_argument("--naive-repeat", type=int, default=1, help="runs of the naive pipeline, default 1")
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
    loads: list[tuple[str, float]] = []

    def log(text: str) -> None:
        print(text, flush=True)

    def load(label: str) -> None:
        loads.append((label, os.getloadavg()[0]))
        log(f"   load average {loads[-1][1]:.2f} ({label})")

    # the 999k-row file is 22 MB: the operator's limit raised above it, as the hostile tester of issue 14 did
    os.environ.setdefault("LEDGER_MAX_UPLOAD_MB", "64")
    machine = _machine()
    log(f"== {command}\n== {machine['cpu']}, {machine['memory']}")
    load("start")
    region = gen.write_region(DATA / "region")
    large = gen.write_region(DATA / "region_large", tasks_per_category=42)
    files: dict[int, tuple[Path, gen.Region]] = {}
    for n in sizes:
        lean = n >= LARGE
        source = large if lean else region
        path = DATA / f"progress_{n}{'_lean' if lean else ''}_{gen.VERSION}.xlsx"
        if not path.exists():
            t0 = time.perf_counter()
            gen.write_workbook(source, n, path, lean=lean)
            size = path.stat().st_size / 2**20
            log(f"== generated {path.name} ({size:.1f} MiB, {time.perf_counter() - t0:.0f} s)")
        files[n] = (path, source)
    results: dict = {"machine": machine, "command": command, "loads": loads}
    root = DATA / "province"
    with (
        tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp,
        _postgres(not args.no_postgres, log) as pg_url,
    ):
        dbs = Databases(Path(tmp), pg_url)
        log("== check and import (median of runs, seconds)")
        results["imports"] = bench_imports(files, dbs, args.repeat, 0 if args.no_naive else args.naive_repeat,
                                           log)
        load("after the imports")
        if args.imports_only:
            return 0
        small_db, small_rows = _province_sqlite("300k", province.small, root, log)
        all_db, all_rows = _province_sqlite("3m", province.every, root, log)
        results["province"] = {"small_rows": small_rows, "all_rows": all_rows, "shown": province.SHOWN,
                               "ledgers": len(gen.PROVINCE_CITIES) * len(gen.PROVINCE_YEARS)}
        sample_db = f"sqlite:///{Path(tmp) / 'sample.db'}"
        ctx = service.open_context(sample_db)
        service.bootstrap(ctx, sample=True)
        results["sample_rows"] = len(ctx.store.progress(columns=["period"]))
        ctx.store.dispose()
        sample_env = {"LEDGER_DB": sample_db, "BENCH_REPEAT": str(args.repeat), "BENCH_REGION": ""}
        apps: dict[str, dict[str, str]] = {
            "sample": sample_env,
            "province_3m_sqlite": _app_env(all_db, root, args.repeat),
            "province_300k_sqlite": _app_env(small_db, root, args.repeat),
        }
        if pg_url:
            for name, which in (("300k", province.small), ("3m", province.every)):
                url = dbs.new("postgresql")
                log(f"== building the province database on PostgreSQL ({name})")
                province.build(url, root, which, log)
                apps[f"province_{name}_postgresql"] = _app_env(url, root, args.repeat)
        load("after building the databases")
        shown_year = gen.PROVINCE_YEARS[-1]
        results["sql"] = {}
        for name in ("province_3m_sqlite", "province_3m_postgresql"):
            if name in apps:
                log(f"== SQL formulations: {name}")
                url = apps[name]["LEDGER_DB"]
                results["sql"][name] = sql.measure(url, province.SHOWN, f"{shown_year}-12", shown_year)
                log(json.dumps(results["sql"][name], ensure_ascii=False))
        results["apptest"] = {}
        for name in ("sample", "province_3m_sqlite", "province_3m_postgresql"):
            if name in apps:
                log(f"== AppTest page runs: {name}")
                results["apptest"][name] = _probe("bench.probe_apptest", apps[name])
                log(json.dumps(results["apptest"][name]))
        log("== AppTest: the first run after the start-up warm-up (province, 3M rows, SQLite)")
        warm_env = {**apps["province_3m_sqlite"], "BENCH_WARM": "1", "BENCH_REPEAT": "1"}
        warmed = _probe("bench.probe_apptest", warm_env)
        results["apptest_warmed"] = {"warm_up": warmed["warm_up"], "cold": warmed["cold"],
                                     "first": warmed["pages"]["overview"]["first"]}
        load("after AppTest")
        if not args.no_browser:
            results["browser"] = {}
            shown_counties = json.dumps(next(iter(gen.PROVINCE_CITIES.values())))
            periods = json.dumps([f"{gen.PROVINCE_YEARS[-1]}-{m:02d}" for m in (3, 6, 9, 11)])
            city = service.open_context(sample_db).bundle.config.county_names
            runs = {
                "onechart": {**sample_env, "BENCH_APP": "onechart"},
                "sample": {**sample_env, "BENCH_COUNTIES": json.dumps(city), "BENCH_PERIODS": "[]"},
            }
            for name, env in apps.items():
                if name != "sample":
                    runs[name] = {**env, "BENCH_COUNTIES": shown_counties, "BENCH_PERIODS": periods}
            for name, env in runs.items():
                log(f"== browser: {name}")
                results["browser"][name] = _probe("bench.probe_browser", env)
                log(json.dumps(results["browser"][name]))
            load("after the browser")
    results["minutes"] = (time.perf_counter() - started) / 60
    from bench.report import render

    text = render(results)
    args.out.write_text(text, encoding="utf-8")
    (DATA / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    print(text)
    log(f"== wrote {args.out} in {results['minutes']:.1f} min")
    return 0
