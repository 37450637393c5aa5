"""What a ledger file is, judged by its content (never its name), and its text when it is text.

PDF by its magic; a zip holding ``word/document.xml`` is a Word document, one holding
``xl/workbook.xml`` a workbook (``xl/workbook.bin``: .xlsb; ``content.xml`` with an OpenDocument mimetype:
.ods/.odt); an OLE2 file is an old .doc/.xls; anything else is text when it decodes as UTF-8 (with or
without BOM), UTF-16 with a BOM, or GB18030 (many government text files are GBK), else it is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import Where
from .errors import LedgerParseError

PDF, DOCX, XLSX, XLSB, ODS, ODT, OLE2, TEXT = "pdf", "docx", "xlsx", "xlsb", "ods", "odt", "ole2", "text"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: Largest ledger document read (a ledger of a few hundred tasks is well under 5 MB, even as a PDF).
MAX_DOCUMENT_BYTES = 50 * 2**20
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL_OK = set("\n\r\t\f\v")


def load(source: str | Path | bytes, file_name: str | None = None) -> tuple[bytes, str]:
    """The file's bytes and a name to show ("" when unknown); a missing or unreadable file and one
    over :data:`MAX_DOCUMENT_BYTES` end in :class:`LedgerParseError`."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), file_name or ""
    else:
        path = Path(source)
        name = file_name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_DOCUMENT_BYTES:
                raise LedgerParseError("read_too_large", size_mb=f"{size / 2**20:.1f}",
                                       limit_mb=MAX_DOCUMENT_BYTES // 2**20)
            data = path.read_bytes()
        except FileNotFoundError:
            raise LedgerParseError("read_file_missing", name=str(source)) from None
        except IsADirectoryError:
            raise LedgerParseError("read_file_missing", name=str(source)) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise LedgerParseError("read_file_unreadable", name=str(source), reason=reason) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LedgerParseError("read_too_large", size_mb=f"{len(data) / 2**20:.1f}",
                               limit_mb=MAX_DOCUMENT_BYTES // 2**20)
    if not data.strip():
        raise LedgerParseError("read_empty")
    return data, name


def sniff(data: bytes) -> str:
    """The form of a file by its content: one of PDF, DOCX, XLSX, XLSB, ODS, ODT, OLE2, TEXT."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(OLE2_MAGIC):
        return OLE2
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    return TEXT


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        raise LedgerParseError("read_damaged") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "xl/workbook.bin" in names:
        return XLSB
    if b"opendocument.spreadsheet" in mimetype:
        return ODS
    if b"opendocument.text" in mimetype:
        return ODT
    raise LedgerParseError("read_unknown_zip")


def decode(data: bytes) -> str:
    """The text of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030.

    Binary junk and text in no such encoding end in :class:`LedgerParseError` naming the line where
    decoding fails.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as exc:
                raise _bad_encoding(data, exc.start + len(bom)) from None
    if b"\x00" in data:
        raise LedgerParseError("read_binary")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        try:
            return _checked(data.decode("gb18030"))
        except UnicodeDecodeError:
            raise _bad_encoding(data, utf8_error.start) from None


def _checked(text: str) -> str:
    """Refuse decoded text full of control characters (a binary file that happened to decode)."""
    sample = text[:200_000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in _CONTROL_OK)
    if control > max(2, len(sample) // 200):
        raise LedgerParseError("read_binary")
    return text


def _bad_encoding(data: bytes, offset: int) -> LedgerParseError:
    line = data[:offset].count(b"\n") + 1
    return LedgerParseError("read_bad_encoding", Where(line=line))
