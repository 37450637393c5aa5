"""Spreadsheets nobody here wrote: every file of the peers' corpus (calamine, python-calamine, openpyxl,
xlrd and XlsxWriter test files — .xlsx, .xlsm, .xlsb, .xls, .ods, broken and odd ones) goes through
``check`` and ``import`` and is refused cleanly: exit code 1, a Chinese sentence, no traceback, within
seconds each and in bounded memory, and the database is left as it was.

The corpus lives outside the repository (``LEDGER_CORPUS``, else ``../shared/corpus`` next to the
checkout); without it the test is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_db
from tests.test_import_rejects import dump


def corpus() -> Path | None:
    candidates = [os.environ.get("LEDGER_CORPUS"), ROOT.parent / "shared" / "corpus",
                  ROOT.parent.parent / "shared" / "corpus"]
    return next((Path(c) for c in candidates if c and Path(c, "MANIFEST.json").exists()), None)


#: Each file, each command: seconds, and the child process's peak memory for all of them.
MAX_SECONDS = 10
MAX_RSS_MB = 800

CHILD = textwrap.dedent(
    """
    import contextlib, io, json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))  # a runaway fails here, not the machine
    from ledger.cli import main
    db, files = sys.argv[1], sys.argv[2:]
    for path in files:
        for command in ("check", "import"):
            err = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                try:
                    rc = main([command, path, "--db", db])
                except BaseException as exc:  # anything escaping main is a failure of the test
                    rc = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - started
            print(json.dumps({"file": path, "command": command, "rc": rc, "seconds": seconds,
                              "err": err.getvalue()[:400]}), flush=True)
    print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)


def test_every_corpus_file_is_refused_cleanly(sample_db, tmp_path):
    folder = corpus()
    if folder is None:
        pytest.skip("the foreign-file corpus is not here (set LEDGER_CORPUS)")
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.suffix not in (".md", ".json"))
    assert len(files) > 250
    db = copy_db(sample_db, tmp_path)
    before = dump(db)
    proc = subprocess.run([sys.executable, "-c", CHILD, db, *files], cwd=ROOT, capture_output=True, text=True,
                          timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    runs, (memory,) = lines[:-1], lines[-1:]
    assert len(runs) == 2 * len(files)
    bad = [r for r in runs if r["rc"] != 1 or "Traceback" in r["err"]
           or not r["err"].startswith(("文件未通过校验", "错误："))]
    assert not bad, bad[:5]
    slow = [r for r in runs if r["seconds"] > MAX_SECONDS]
    assert not slow, slow[:5]
    assert memory["rss_mb"] < MAX_RSS_MB, memory
    assert proc.stderr == "", proc.stderr[-2000:]  # no library warnings either
    assert dump(db) == before
