"""What the reader knows about how unit names are written, loaded once from ``unitnames.toml`` (data, not
code per city): shared by the department splitter and the county matcher."""

from __future__ import annotations

import tomllib
from pathlib import Path

DATA: dict = tomllib.loads(Path(__file__).with_name("unitnames.toml").read_text(encoding="utf-8"))


def longest_first(words: list[str]) -> tuple[str, ...]:
    """The words without repeats, longest first (so that a longer entry wins over a shorter one)."""
    return tuple(sorted(set(words), key=len, reverse=True))
