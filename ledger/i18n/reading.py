"""Ledger reading: parse warnings and errors, onboarding."""

TEXT: dict[str, dict[str, str]] = {}
