"""Reporting workflow: roles, submissions, review, evidence, 催报, comments, sessions."""

TEXT: dict[str, dict[str, str]] = {}
