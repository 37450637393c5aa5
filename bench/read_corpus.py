"""``python -m bench.read_corpus [DIR]``: ``python -m ledger parse`` on every file of a foreign-file corpus
(default /work/shared/corpus: spreadsheets from other projects' test suites), as a real subprocess each.

Prints one line per file (seconds, peak RSS in MB, exit code, the first line of stderr) and a summary:
how many ended in exit 1 with a Chinese sentence and no traceback, the slowest, the largest. Each run is
limited to 60 s and 4 GB of address space, so a runaway reader shows as a kill, not a hung machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))


def run_one(path: Path) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit code, stderr) of one ``ledger parse`` run."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "ledger", "parse", str(path)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=err, preexec_fn=_limit)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > 60:
                proc.kill()
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return seconds, usage.ru_maxrss / 1024, proc.returncode, err.read().decode("utf-8", "replace")


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("/work/shared/corpus")
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and p.name not in ("MANIFEST.json", "README.md"))
    clean = 0
    rows = []
    for path in files:
        seconds, rss, code, err = run_one(path)
        ok = code == 1 and "Traceback" not in err and bool(CJK.search(err))
        clean += ok
        first = err.strip().splitlines()[0] if err.strip() else ""
        rows.append((seconds, rss, code, path, first, ok))
        print(f"{seconds:6.2f} s {rss:7.0f} MB  exit {code:>3}  {'ok ' if ok else 'BAD'}  "
              f"{path.relative_to(folder)}  {first[:90]}", flush=True)
    print(f"\n{clean} of {len(files)} files: exit 1, a Chinese sentence, no traceback")
    slowest = sorted(rows, key=lambda r: -r[0])[:5]
    largest = sorted(rows, key=lambda r: -r[1])[:5]
    print("slowest:", ", ".join(f"{r[3].name} {r[0]:.1f} s" for r in slowest))
    print("largest:", ", ".join(f"{r[3].name} {r[1]:.0f} MB" for r in largest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
