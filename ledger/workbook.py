"""Moved to :mod:`ledger.upload` (one module per job); these names are re-exported for old imports."""

from __future__ import annotations

from .upload import (
    Problem,
    Upload,
    WorkbookError,
    problem_workbook,
    read_upload,
    write_problems,
    write_template,
)
from .upload.schema import GUIDE, LISTS, PROGRESS, SCHEMAS, TARGETS, TASKS

__all__ = [
    "GUIDE",
    "LISTS",
    "PROGRESS",
    "SCHEMAS",
    "TARGETS",
    "TASKS",
    "Problem",
    "Upload",
    "WorkbookError",
    "problem_workbook",
    "read_upload",
    "write_problems",
    "write_template",
]
