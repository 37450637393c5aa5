"""Command-line messages."""

TEXT: dict[str, dict[str, str]] = {}
