"""A guard for the zip container of a Word document (or a workbook), before any of its XML is parsed.

Limits: the members' count, the total uncompressed size, each member's compression ratio (zip
bombs); every member is decompressed as a stream (zipfile stops at the declared size and checks the
CRC, so a directory that understates a size is caught); an XML part with ``<!DOCTYPE`` or
``<!ENTITY`` is refused (Word and Excel never write one; entity expansion bombs need one). python-docx's
own XML parser does not resolve entities either (``resolve_entities=False``).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .errors import LedgerParseError

MAX_MEMBERS = 5_000
MAX_UNZIPPED = 200 * 2**20
#: A member above this size may not be compressed more than MAX_RATIO : 1.
RATIO_FLOOR = 10 * 2**20
MAX_RATIO = 100
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def check_zip(data: bytes) -> None:
    """Raise :class:`LedgerParseError` when the zip container is damaged, encrypted, a bomb or carries
    a DTD; return quietly when it may be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_MEMBERS:
                raise LedgerParseError("read_zip_members", count=len(infos))
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED:
                raise LedgerParseError("read_zip_too_large", size_mb=f"{total / 2**20:.0f}",
                                       limit_mb=MAX_UNZIPPED // 2**20)
            for info in infos:
                if info.flag_bits & 0x1:
                    raise LedgerParseError("read_encrypted")
                ratio = info.file_size / max(1, info.compress_size)
                if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                    raise LedgerParseError("read_zip_bomb", member=info.filename, ratio=f"{ratio:.0f}")
                _scan(zf, info)
    except LedgerParseError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise LedgerParseError("read_damaged") from None


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    tail = b""
    with zf.open(info) as stream:
        while chunk := stream.read(1 << 20):
            if not xml:
                continue
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                raise LedgerParseError("read_dtd", member=info.filename)
            tail = window[-16:]
