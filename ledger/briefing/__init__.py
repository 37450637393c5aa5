"""The monthly 通报 (briefing) and the 督办单 (supervision orders) as Word documents, and their PDF.

* :func:`write_briefing` — the 通报 for a period and filter, with the 督办单 as its appendix;
* :func:`write_orders` — the 督办单 alone, one page each;
* :func:`to_pdf` — a .docx converted by LibreOffice, with the official fonts mapped to installed ones.

Modules: :mod:`.content` (the figures, from the same snapshot as the pages), :mod:`.orders` (levels,
numbers and the 督办单 page), :mod:`.document` (the 通报's sections), :mod:`.style` (公文 layout),
:mod:`.charts` (PNG charts), :mod:`.text` (figures and dates in words), :mod:`.pdf`.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..service import Context
from .content import Figures, gather
from .document import issuer, render_briefing
from .orders import SupervisionRules, render_orders
from .pdf import to_pdf
from .style import new_document


def write_briefing(
    ctx: Context,
    out: str | Path | io.BytesIO,
    *,
    period: str | None,
    county: str | None = None,
    department: str | None = None,
    lang: str = "zh",
    with_orders: bool = True,
) -> Figures:
    """Write the 通报 as of ``period`` (``YYYY-MM``; None = the latest) for the filter to ``out``
    (.docx); the 督办单 of its 滞后/逾期 items follow as an appendix unless ``with_orders`` is False.

    Returns the :class:`Figures` it states. Raises :class:`~ledger.errors.UserError` when the
    period has no data, :class:`~ledger.service.ServiceError` for an unknown county or department.
    """
    fig = gather(ctx, period=period, county=county, department=department)
    render_briefing(fig, ctx.bundle.config, lang, with_orders=with_orders).save(out)
    return fig


def write_orders(
    ctx: Context,
    out: str | Path | io.BytesIO,
    *,
    period: str | None,
    county: str | None = None,
    department: str | None = None,
    lang: str = "zh",
) -> Figures:
    """Write the 督办单 alone (one page each) as of ``period`` for the filter; returns the figures.

    With no item behind schedule the document holds one sentence saying so.
    """
    from ..i18n import t
    from .text import month_text

    fig = gather(ctx, period=period, county=county, department=department)
    header = t("brief_sample_header", lang) if fig.sample else ""
    doc = new_document(header_text=header, lang=lang)
    if fig.orders:
        render_orders(doc, fig.orders, fig, issuer(fig, ctx.bundle.config, lang), lang, first_break=False)
    else:
        doc.add_paragraph(t("order_none", lang, month=month_text(fig.as_of, lang)))
    doc.save(out)
    return fig


__all__ = ["Figures", "SupervisionRules", "gather", "to_pdf", "write_briefing", "write_orders"]
