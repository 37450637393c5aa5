"""The one error type for what a user sent or asked that cannot be done.

Everything a person can get wrong — a rejected upload, a ledger document that cannot be read, an unknown
county in a filter, a period outside the plan year — is a :class:`UserError` (or a subclass). It carries
an i18n ``code`` (a key of :data:`ledger.i18n.TEXT`) and ``params`` instead of finished prose, so the
page says it in the user's language. The CLI and every page catch ``UserError`` in one place; nothing
else reaches a user as an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in a document, shown in the user's language: a line of a text, a paragraph, a page, a
    cell of a table (``table`` 1-based, ``row``/``column`` 1-based), a sheet. Unset parts are left out."""

    line: int | None = None
    paragraph: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None

    def text(self, lang: str = "zh") -> str:
        zh = lang != "en"
        parts: list[str] = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”" if zh else f"sheet “{self.sheet}”")
        if self.page is not None:
            parts.append(f"第 {self.page} 页" if zh else f"page {self.page}")
        if self.table is not None:
            parts.append(f"表格 {self.table} " if zh else f"table {self.table}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if zh else f"row {self.row}")
        if self.column is not None:
            parts.append(f"第 {self.column} 列" if zh else f"column {self.column}")
        if self.paragraph is not None:
            parts.append(f"第 {self.paragraph} 段" if zh else f"paragraph {self.paragraph}")
        if self.line is not None:
            parts.append(f"第 {self.line} 行" if zh else f"line {self.line}")
        return "".join(parts).strip() if zh else ", ".join(parts)

    def __bool__(self) -> bool:
        return any(v is not None for v in vars(self).values())


class UserError(ValueError):
    """A request or input that cannot be served, said in the user's language by :meth:`message`.

    ``where`` names the place (a :class:`Where`, or nothing); ``params`` fill the message's ``{fields}``
    (a parameter that is itself a ``UserError`` is shown in the same language).
    """

    def __init__(self, code: str, where: Where | None = None, /, **params: object) -> None:
        self.code = code
        self.where = where or Where()
        self.params: Mapping[str, object] = params
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        """The sentence in ``lang`` (Chinese by default), with the place in front when there is one."""
        from .i18n import t  # late: the i18n package imports the model

        text = t(self.code, lang, **{k: _shown(v, lang) for k, v in self.params.items()})
        if not self.where:
            return text
        return f"{self.where.text(lang)}：{text}" if lang != "en" else f"{self.where.text(lang)}: {text}"


def _shown(value: object, lang: str) -> object:
    return value.message(lang) if isinstance(value, UserError) else value
