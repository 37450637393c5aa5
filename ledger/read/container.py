"""The guard for the zip container of a Word document (or a 台账 workbook), before any of its XML is
parsed: :func:`ledger.upload.container.guard_zip` (the one zip guard: members' count, uncompressed size,
compression ratios, every member decompressed as a stream with its CRC checked, any XML part with a DTD
refused), with the tighter limits of a ledger document and its refusal said as a ledger-reading error.
python-docx's own XML parser does not resolve entities either (``resolve_entities=False``).
"""

from __future__ import annotations

from ..upload.container import guard_zip
from ..upload.problems import WorkbookError
from .errors import LedgerParseError

MAX_MEMBERS = 5_000
MAX_UNZIPPED = 200 * 2**20
#: The zip guard's refusals in the reader's words (the same parameters).
_CODES = {
    "file_too_many_members": "read_zip_members",
    "file_unzipped_too_large": "read_zip_too_large",
    "file_bomb_member": "read_zip_bomb",
    "file_bomb": "read_zip_bomb",
    "file_encrypted": "read_encrypted",
    "file_dtd": "read_dtd",
}


def check_zip(data: bytes, required_member: str = "word/document.xml", what: str = "doc_docx") -> None:
    """Raise :class:`LedgerParseError` when the zip container is damaged, encrypted, a bomb or carries
    a DTD; return quietly when it may be opened."""
    try:
        guard_zip(data, required_member=required_member, what=what, max_members=MAX_MEMBERS,
                  max_unzipped=MAX_UNZIPPED).close()
    except WorkbookError as exc:
        problem = exc.problems[0]
        raise LedgerParseError(_CODES.get(problem.code, "read_damaged"), **problem.params) from None
