"""The error a ledger document that cannot be read ends in."""

from __future__ import annotations

from ..errors import UserError, Where


class LedgerParseError(UserError):
    """A ledger document that cannot be read: an i18n ``code`` of :mod:`ledger.i18n.reading`, the
    place (:class:`~ledger.errors.Where`: line, paragraph, page, table cell) and the message's params.

    ``LedgerParseError("a finished sentence")`` still works (an unknown code is shown as written), for
    callers written before the codes existed.
    """

    def __init__(self, code: str, where: Where | None = None, /, **params: object) -> None:
        super().__init__(code, where, **params)
