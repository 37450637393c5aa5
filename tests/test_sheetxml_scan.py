"""The array scan for unusual cells finds exactly what the regular expression it replaces finds."""

from __future__ import annotations

import random

from ledger.upload import sheetxml

PIECES = [
    b'<c r="A1"><v>1</v></c>', b'<c r="J999999" s="3"/>', b'<c r="K5"><v>2</v></c>', b'<c r="AA12">', b"<c>",
    b'<c t="s">', b'<col min="1"/>', b'<c r="B1234567">', b'<c r="$A$1">', b'<c\tr="A1">', b'<c r="a1">',
    b'<c r="Z9">', b'<c r="J12345678"', b"<cols>", b"<c r=", b"<c", b"<c ", b'<c r="A', b'<x:c r="A1">',
]


def by_regex(xml: bytes) -> list[int]:
    return [m.start() for m in sheetxml._UNUSUAL.finditer(xml)]


def test_unusual_cells_match_the_regular_expression():
    rng = random.Random(14)
    for _ in range(3000):
        xml = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert sheetxml.unusual_cells(xml) == by_regex(xml), xml


def test_unusual_cells_across_chunks(monkeypatch):
    monkeypatch.setattr(sheetxml, "_CHUNK", 7)  # every boundary falls inside some tag
    rng = random.Random(6)
    for _ in range(500):
        xml = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20)))
        assert sheetxml.unusual_cells(xml) == by_regex(xml), xml
    row = b'<row r="1">' + b"".join(b'<c r="%s1"><v>1</v></c>' % c for c in (b"A", b"K", b"AB")) + b"</row>"
    assert sheetxml.extent(row).far == "AB1"
