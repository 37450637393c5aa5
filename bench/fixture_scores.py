"""``python -m bench.fixture_scores [DIR]``: how many tasks of each fixture ledger the reader gets exactly
right (every field tests/test_fixture_ledgers.py compares: id, category, group, title, departments, lead,
support, counties, county_list, targets with value/unit/op/baseline, no not_target extracted).

Prints a table (fixture · form · tasks expected · parsed · exact) and the total; error fixtures are
counted as right when refused with their code. ``DIR`` defaults to tests/fixtures/ledgers (the harness
reads ``LEDGER_FIXTURES`` too).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if argv:
        os.environ["LEDGER_FIXTURES"] = str(Path(argv[0]).resolve())
    sys.path.insert(0, str(ROOT))
    from ledger.read import LedgerParseError
    from tests import test_fixture_ledgers as harness

    total_want = total_exact = 0
    fields: Counter[str] = Counter()
    print(f"{'fixture':38} {'form':11} {'tasks':>5} {'parsed':>6} {'exact':>5} {'seconds':>7}")
    for name in sorted(harness.EXPECTED):
        want = harness.EXPECTED[name]
        start = time.perf_counter()
        if "error" in want:
            try:
                harness._read(name)
                verdict = "read (should be refused)"
            except LedgerParseError as exc:
                right = exc.code == harness.ERROR_CODES[want["error"]]
                verdict = "refused ok" if right else f"refused {exc.code}"
            print(f"{name:38} {want['form']:11} {'':>5} {'':>6} {verdict}")
            continue
        try:
            ledger = harness._read(name)
        except LedgerParseError as exc:
            print(f"{name:38} {want['form']:11} {len(want['tasks']):5} {'—':>6} {0:5}  {exc.message()[:60]}")
            total_want += len(want["tasks"])
            continue
        seconds = time.perf_counter() - start
        problems = harness._mismatches(name, ledger, want)
        parsed_ids = {t.id for t in ledger.tasks}
        bad = set()
        for line in problems:
            m = re.search(r" task (\d+\.\d+)( \w+|:)", line)
            if m:
                bad.add(m.group(1))
                fields["not_targets" if m.group(2) == ":" else m.group(2).strip()] += 1
            else:
                fields[line.split(":")[0].split(" ", 1)[1]] += 1
        exact = sum(1 for t in want["tasks"] if t["id"] in parsed_ids and t["id"] not in bad)
        total_want += len(want["tasks"])
        total_exact += exact
        print(f"{name:38} {want['form']:11} {len(want['tasks']):5} {len(ledger.tasks):6} {exact:5} "
              f"{seconds:7.2f}")
    print(f"\ntasks exact: {total_exact} of {total_want}")
    if fields:
        print("differences by field:", ", ".join(f"{k} {v}" for k, v in fields.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
