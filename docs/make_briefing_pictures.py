"""Pictures of the 通报 for the README, from the generated sample data (示例数据).

    .venv/bin/python docs/make_briefing_pictures.py      # or: make briefing-pictures

Sets up a throwaway database with the sample data, writes the 通报 for 2023-09 through the command
line, converts it with LibreOffice and renders two pages with pdftoppm: the first page
(docs/briefing-page1.png) and the first 督办单 (docs/briefing-order.png). Every page of the document
carries the red 示例数据 header, so the pictures say what they show.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2023-09"
DPI = "80"


def _ledger(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, check=True)


def _render(pdf: Path, page: int, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", DPI, "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    print(f"已生成 {out.relative_to(ROOT)}")


def main() -> int:
    if not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")):
        print("需要 LibreOffice（soffice）和 poppler-utils（pdftoppm、pdftotext）", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'ledger.db'}"
        _ledger("setup", "--db", db)
        docx = Path(tmp) / "briefing.docx"
        _ledger("briefing", str(docx), "--period", PERIOD, "--pdf", "--db", db)
        pdf = docx.with_suffix(".pdf")
        pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        first_order = next(i for i, text in enumerate(pages, start=1) if re.search(r"督办〔\d{4}〕", text))
        _render(pdf, 1, ROOT / "docs" / "briefing-page1.png")
        _render(pdf, first_order, ROOT / "docs" / "briefing-order.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
