"""The import's stages measured apart (issue 14): the container scan (every member decompressed with
its CRC checked and searched for a DTD), the sheets' extent scan, the percent-format scan, the
python-calamine parse, the validation of every cell (locate + the one engine) and the commit, in the
order :func:`ledger.upload.read_upload` and :meth:`ledger.store.Store.commit` run them."""

from __future__ import annotations

import time
from pathlib import Path

from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.upload import read as upload_read
from ledger.upload.check import Context, check
from ledger.upload.schema import PROGRESS, SCHEMAS, TARGETS, TASKS
from ledger.upload.xlsx import Book, Deadline, locate

BENCHER = Identity("bench", ANALYST, "cli")
STAGES = ("container", "extent", "percent", "parse", "validate", "commit")


def stages(path: Path, url: str, bundle) -> dict[str, float]:
    """Seconds per stage for one import of ``path`` into the (new, empty) database at ``url``."""
    out = dict.fromkeys(STAGES, 0.0)
    data = path.read_bytes()

    def timed(stage: str, fn):
        t0 = time.perf_counter()
        value = fn()
        out[stage] += time.perf_counter() - t0
        return value

    container = timed("container", lambda: upload_read.open_container(data, path.name))
    book = Book(container, path.name, Deadline(600))
    names = book.sheet_names
    found = {c: n for c in (PROGRESS, TASKS, TARGETS) if (n := upload_read.find_sheet(names, c))}
    for name in found.values():
        timed("extent", lambda n=name: book.has_content(n))
    grids = {c: timed("parse", lambda n=n: book.grid(n)) for c, n in found.items()}
    frames = {}
    ctx = Context(bundle)
    for kind in (TARGETS, PROGRESS, TASKS):
        if kind not in grids:
            continue
        if kind == PROGRESS:
            ctx = Context(bundle, frames.get(TARGETS))
        table = timed("validate", lambda k=kind: locate(grids[k], k, upload_read._LOOKUP[k],
                                                         upload_read._REQUIRED[k], upload_read.header_key))
        numeric = [table.cols[c.field][0] for c in SCHEMAS[kind] if c.numeric and c.field in table.cols]
        pct = timed("percent", lambda t=table, n=numeric: book.percent_cells(t.sheet, n))
        merged = book.merged(table.sheet)
        frame, problems = timed("validate", lambda t=table, c=ctx, p=pct, m=merged: check(t, c, p, m))
        assert not problems, problems[:3]
        frames[kind] = frame
    book.close()
    container.close()
    target = service.open_context(url, bundle)
    upload = service.read_file(target, path)  # the same frames, as the commit takes them
    timed("commit", lambda: service.commit_upload(target, upload, actor=BENCHER))
    target.store.dispose()
    return out
