"""Generate the demo's sample data (示例数据) as a filled analysts' template.

    .venv/bin/python data/make_sample.py [OUT.xlsx]     # default: data/sample/示例数据.xlsx

Deterministic (seeded): January–September of the plan year, some indicators met, some behind
schedule, some department × county pairs without reports. `make run` imports the same data into an
empty database (`python -m ledger setup`), marked as sample data.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger import load_default
from ledger.sample import write_sample_workbook


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).parent / "sample" / "示例数据.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_sample_workbook(load_default(), out)
    print(f"已生成示例数据：{out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
