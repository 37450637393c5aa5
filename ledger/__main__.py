"""Command line: ``python -m ledger COMMAND``; see ``python -m ledger --help``."""

from .cli import main

raise SystemExit(main())
