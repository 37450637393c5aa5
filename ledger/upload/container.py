"""The file as a file, checked before any of its XML is parsed: type by content, size, zip and XML guards.

:func:`guard_zip` is generic (an ``.xlsx`` needs ``xl/workbook.xml``, a ``.docx`` ``word/document.xml``):
it returns a :class:`Container` whose members were each decompressed once, as a stream with its CRC
checked, or raises :class:`~ledger.upload.problems.WorkbookError` with one file-level problem.

Guards (README "Upload limits and hardening"): the upload size; an OLE2 file (old ``.xls`` or an
encrypted workbook), a PDF or a text file is named as such; a zip of another kind (``.ods``, ``.xlsb``,
``.docx``) is named; zip bombs are caught on the directory (total size, ratio of one member and of the
whole, members) and on the stream (a directory that understates a size); any part that is XML by its
content and holds a DTD (``<!DOCTYPE`` / ``<!ENTITY``: entity-expansion bombs) is refused, whatever its
name — Excel never writes one.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from .problems import Problem, Term, WorkbookError

MAX_UNZIPPED = 300 * 2**20
MAX_MEMBER_RATIO = 100
MAX_TOTAL_RATIO = 200
#: Ratios only count above this many uncompressed bytes: small parts may compress very well.
RATIO_FLOOR = 10 * 2**20
MAX_MEMBERS = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCODINGS = ("ascii", "utf-16-le", "utf-16-be")
#: The DTD markers in each encoding (either case: some parsers accept both), after "<!" (searched
#: first: it is rare).
_MARKERS = {
    enc: ("<!".encode(enc), *(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")))
    for enc in _ENCODINGS
}
_XML_NAMES = (".xml", ".rels", ".vml")
#: A member that tells what kind of document a zip is, and the i18n term naming that kind.
KINDS = (
    ("xl/workbook.xml", "doc_xlsx"),
    ("xl/workbook.bin", "doc_xlsb"),
    ("word/document.xml", "doc_docx"),
    ("ppt/presentation.xml", "doc_pptx"),
)
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": "doc_ods",
    b"application/vnd.oasis.opendocument.text": "doc_odt",
}


class Container:
    """A zip that passed the guards: its bytes, and the members kept in memory by the guard."""

    def __init__(self, data: bytes, zf: zipfile.ZipFile, kept: dict[str, bytes]) -> None:
        self.data = data
        self.zip = zf
        self._kept = kept

    def read(self, name: str) -> bytes:
        """A member's bytes (from memory when the guard kept them); KeyError when there is none."""
        if name in self._kept:
            return self._kept[name]
        return self.zip.read(name)

    def close(self) -> None:
        self.zip.close()


def _fail(code: str, file_name: str, **params: object) -> WorkbookError:
    return WorkbookError([Problem(code, params, value=file_name)])


def sniff(data: bytes, file_name: str, what: str) -> WorkbookError | None:
    """What the bytes are, when that is not a zip: empty, OLE2, PDF, text — as a refusal; None for a zip
    (``what``: the i18n term of the kind expected)."""
    if not data:
        return _fail("file_empty", file_name)
    if data.startswith(OLE2_MAGIC):
        return _fail("file_ole2", file_name)
    if data.startswith(b"%PDF"):
        return _fail("file_is_pdf", file_name)
    if not data.startswith(ZIP_MAGIC):
        return _fail("file_not_zip", file_name, what=Term(what))
    return None


def guard_zip(
    data: bytes,
    *,
    required_member: str,
    what: str,
    file_name: str = "",
    max_bytes: int | None = None,
    keep: Callable[[str], bool] = lambda name: False,
    max_members: int = MAX_MEMBERS,
    max_unzipped: int = MAX_UNZIPPED,
) -> Container:
    """Check ``data`` as a zip of the kind that holds ``required_member`` (``what``: the i18n term
    naming that kind, e.g. ``doc_xlsx``). Members for which ``keep(name)`` is true stay in memory.

    Raises :class:`WorkbookError` with one file-level problem; ``max_bytes`` limits the upload size,
    ``max_members`` and ``max_unzipped`` the archive (a Word ledger has tighter limits than a workbook).
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise _fail(
            "file_too_large", file_name, size=f"{len(data) / 2**20:.1f}", limit=f"{max_bytes / 2**20:g}"
        )
    refused = sniff(data, file_name, what)
    if refused is not None:
        raise refused
    kept: dict[str, bytes] = {}
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise _fail("file_damaged", file_name) from None
    try:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > max_members:
            raise _fail("file_too_many_members", file_name, n=len(infos))
        names = {i.filename for i in infos}
        if required_member not in names:
            code, params = _other_kind(zf, names, required_member, what)
            raise _fail(code, file_name, **params)
        problem = _size_problem(infos, max_unzipped)
        if problem:
            raise _fail(problem[0], file_name, **problem[1])
        for info in infos:
            if info.flag_bits & 0x1:
                raise _fail("file_encrypted", file_name)
            body = _scan_member(zf, info, keep(info.filename))
            if isinstance(body, str):
                raise _fail("file_dtd", file_name, member=body)
            if body is not None:
                kept[info.filename] = body
    except WorkbookError:
        zf.close()
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        zf.close()
        raise _fail("file_damaged", file_name) from None
    return Container(data, zf, kept)


def _other_kind(zf: zipfile.ZipFile, names: set[str], required: str, what: str) -> tuple:
    """The refusal for a zip without ``required``: named after what it is instead, when that is known."""
    found = next((term for member, term in KINDS if member in names), None)
    if found is None and "mimetype" in names:
        try:
            found = _ODF.get(zf.read("mimetype")[:100].strip())
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
            found = None
    if found is not None:
        return "file_wrong_kind", {"found": Term(found), "what": Term(what), "member": required}
    return "file_no_member", {"what": Term(what), "member": required}


def _size_problem(infos: list[zipfile.ZipInfo], max_unzipped: int) -> tuple[str, dict] | None:
    """The zip directory's sizes against the bomb limits (None when they are fine)."""
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > max_unzipped:
        return "file_unzipped_too_large", {"size": f"{total / 2**20:.0f}", "limit": max_unzipped // 2**20}
    for i in infos:
        ratio = i.file_size / max(1, i.compress_size)
        if i.file_size > RATIO_FLOOR and ratio > MAX_MEMBER_RATIO:
            return "file_bomb_member", {
                "member": i.filename,
                "size": f"{i.file_size / 2**20:.0f}",
                "ratio": f"{ratio:.0f}",
            }
    if total > RATIO_FLOOR and total / packed > MAX_TOTAL_RATIO:
        return "file_bomb", {"size": f"{total / 2**20:.0f}", "ratio": f"{total / packed:.0f}"}
    return None


def _xml_encoding(head: bytes) -> str | None:
    """The encoding of a part that is XML by its first bytes (``ascii`` for UTF-8 and its kin, or a
    UTF-16), or None when it is not XML."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    if head.startswith(b"\xef\xbb\xbf") or head.lstrip()[:1] == b"<":
        return "ascii"
    return None


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes | str | None:
    """Decompress one member in chunks (zipfile stops at the declared size and checks the CRC). Returns
    its bytes when ``keep``, else None; or its name when it is XML (by content, or by name) with a DTD."""
    named_xml = info.filename.lower().endswith(_XML_NAMES)
    markers: tuple[bytes, ...] = ()
    tail = b""
    chunks: list[bytes] = []
    with zf.open(info) as stream:
        first = True
        while chunk := stream.read(1 << 20):
            if keep:
                chunks.append(chunk)
            if first:
                encoding = _xml_encoding(chunk[:64]) or ("ascii" if named_xml else None)
                markers = _MARKERS[encoding] if encoding else ()
                first = False
            if not markers:
                continue
            window = tail + chunk
            if markers[0] in window and any(m in window for m in markers[1:]):
                return info.filename
            tail = window[-32:]
    return b"".join(chunks) if keep else None


__all__ = ["KINDS", "Container", "guard_zip", "sniff"]
