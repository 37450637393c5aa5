"""The 通报, 督办单 and projections."""

TEXT: dict[str, dict[str, str]] = {}
