"""A figure typed with its unit (6个工作日, 5.37件/万人, 3天): accepted when the unit is the row's own
indicator's, refused naming both units when it is another one.

:func:`ledger.upload.cells.number` reads such a cell as a problem ``number_with_unit`` holding the number
and the unit written; :func:`accept_own_units` (run by the engine on the 实际值 column, before the value
rules) then decides per row, because only the row's indicator says which unit is meant.
"""

from __future__ import annotations

from ..config import normalize_name
from .cells import Bad


def same_unit(written: str, unit: str) -> bool:
    """Whether ``written`` (what follows the number) names the indicator's ``unit``: compared after NFKC
    and whitespace removal, a leading 个 left out on both sides (6个工作日 is 6 工作日; 3个 is 3 个)."""
    a, b = normalize_name(written), normalize_name(unit)
    return bool(b) and (a == b or a.removeprefix("个") == b.removeprefix("个"))


def accept_own_units(view, field: str, units) -> None:
    """Rows of ``field`` whose problem is a number written with a unit: the number, when the unit is the
    row's own (``units``: each row's indicator unit); otherwise ``actual_unit_mismatch`` naming both."""
    bad = view.bad.get(field)
    if bad is None:
        return
    rows = [i for i, b in enumerate(bad) if type(b) is Bad and b.code == "number_with_unit"]
    if not rows:
        return
    expected = units(view)
    for i in rows:
        written = bad[i].params["unit"]
        if same_unit(written, expected[i]):
            view.values[field][i] = bad[i].params["_number"]
            bad[i] = None
            view.good[field][i] = True
        else:
            bad[i] = Bad("actual_unit_mismatch", {"unit": written, "expected": expected[i] or "—"})
