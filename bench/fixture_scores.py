"""``python -m bench.fixture_scores [DIR …]``: how many tasks of each fixture ledger the reader gets exactly
right (every field tests/test_fixture_ledgers.py compares: id, category, group, title, departments, lead,
support, counties, county_list, targets with value/unit/op/baseline, no not_target extracted).

Prints one table per folder (fixture · form · tasks expected · parsed · exact · seconds) with its total,
then the differences by field; error fixtures are counted as right when refused with their code. The
folders default to the harness's: tests/fixtures/ledgers, tests/fixtures/ledgers_unseen,
tests/fixtures/ledgers_unseen2 and tests/fixtures/ledgers_unseen3.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from ledger.read import LedgerParseError
    from tests import test_fixture_ledgers as harness

    folders = [Path(a).resolve() for a in argv] or harness.PARSE_FOLDERS
    fields: Counter[str] = Counter()
    for folder in folders:
        total_want = total_exact = 0
        print(f"\n{folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        print(f"{'fixture':38} {'form':11} {'tasks':>5} {'parsed':>6} {'exact':>5} {'seconds':>7}")
        for fixture in harness.fixtures_in(folder):
            name, want = fixture.name, fixture.want
            start = time.perf_counter()
            if "error" in want:
                try:
                    harness.read(fixture)
                    verdict = "read (should be refused)"
                except LedgerParseError as exc:
                    right = exc.code == harness.ERROR_CODES[want["error"]]
                    verdict = "refused ok" if right else f"refused {exc.code}"
                print(f"{name:38} {want['form']:11} {'':>5} {'':>6} {verdict}")
                continue
            total_want += len(want["tasks"])
            try:
                ledger = harness.read(fixture)
            except LedgerParseError as exc:
                print(f"{name:38} {want['form']:11} {len(want['tasks']):5} {'—':>6} {0:5}  "
                      f"{exc.message()[:60]}")
                continue
            seconds = time.perf_counter() - start
            problems = harness._mismatches(name, ledger, want)
            exact = _exact(problems, want, {t.id for t in ledger.tasks}, fields)
            total_exact += exact
            print(f"{name:38} {want['form']:11} {len(want['tasks']):5} {len(ledger.tasks):6} {exact:5} "
                  f"{seconds:7.2f}")
        print(f"tasks exact: {total_exact} of {total_want}")
    if fields:
        print("\ndifferences by field:", ", ".join(f"{k} {v}" for k, v in fields.most_common()))
    return 0


def _exact(problems: list[str], want: dict, parsed_ids: set[str], fields: Counter[str]) -> int:
    """The expected tasks parsed without a difference; each difference is counted in ``fields``."""
    bad = set()
    for line in problems:
        m = re.search(r" task (\d+\.\d+)( \w+|:)", line)
        if m:
            bad.add(m.group(1))
            fields["not_targets" if m.group(2) == ":" else m.group(2).strip()] += 1
        else:
            fields[line.split(":")[0].split(" ", 1)[1]] += 1
    return sum(1 for t in want["tasks"] if t["id"] in parsed_ids and t["id"] not in bad)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
