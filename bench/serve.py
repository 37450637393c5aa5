"""``python -m bench.serve [streamlit options]``: ``ui.serve`` (= ``streamlit run app.py``) for the region
in ``$BENCH_REGION`` and the database in ``$LEDGER_DB``."""

from __future__ import annotations

import os
import sys

from bench.appenv import use_region

if __name__ == "__main__":
    if os.environ.get("BENCH_REGION"):  # else the city file of LEDGER_CONFIG / the ledger of LEDGER_ID
        use_region()
    from ui import serve

    serve.main(sys.argv[1:])
