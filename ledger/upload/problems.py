"""What is wrong with an upload, as data: :class:`Problem` (an i18n code, its parameters and the cell),
and :class:`WorkbookError` (a :class:`~ledger.errors.UserError` carrying every problem found).

A problem's sentence lives in the i18n table (``ledger/i18n/problems.py``) under its ``code``; it is
said in the user's language by :meth:`Problem.reason` (the sentence) and :meth:`Problem.text` (with
the place in front). Parameters are data (headers as written, values, numbers); a parameter that is a
:class:`Term` is itself an i18n key and is translated too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..errors import UserError

#: Problems written into a WorkbookError's sentence before "(n problems in all)".
HEAD = 3


@dataclass(frozen=True)
class Term:
    """A parameter that is a word of the interface (an i18n key), translated like the sentence."""

    key: str


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def _params(params: Mapping[str, object], lang: str) -> dict[str, object]:
    from ..i18n import t  # late: the i18n package imports the model, which the readers import

    return {k: t(v.key, lang) if isinstance(v, Term) else v for k, v in params.items()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload.

    ``code`` is an i18n key and ``params`` fill its fields; ``sheet`` is the sheet's name as written
    ("" for the file as a whole), ``row`` the row number Excel shows, ``column`` the column's header
    as written (or a column letter, or ""), ``value`` the cell as shown (trimmed).
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def reason(self, lang: str = "zh") -> str:
        """Why, in ``lang``: the sentence of ``code`` with its parameters."""
        from ..i18n import t

        return t(self.code, lang, **_params(self.params, lang))

    @property
    def message(self) -> str:
        """The reason in Chinese."""
        return self.reason("zh")

    def where(self, lang: str = "zh") -> str:
        """The place: 工作表“指标进度”第 12 行“实际值”列 / sheet “指标进度”, row 12, column “实际值”."""
        from ..i18n import t

        if not self.sheet:
            return t("where_file", lang)
        parts = [t("where_sheet", lang, sheet=self.sheet)]
        if self.row is not None:
            parts.append(t("where_row", lang, row=self.row))
        if self.column:
            parts.append(t("where_column", lang, column=self.column))
        return ("" if lang != "en" else ", ").join(parts)

    def text(self, lang: str = "zh") -> str:
        """Place, value and reason in one line."""
        value = f"“{self.value}” " if self.value else ""
        return f"{self.where(lang)}{_colon(lang)}{value}{self.reason(lang)}"

    def __str__(self) -> str:
        return self.text("zh")


class WorkbookError(UserError):
    """An upload that cannot be imported; ``problems`` lists every reason (in sheet and row order).

    ``openable`` is True when the file passed the container checks, so a marked copy of it can be made.
    """

    def __init__(self, problems: Iterable[Problem], *, openable: bool = False) -> None:
        self.problems = list(problems)
        self.openable = openable
        UserError.__init__(self, "upload_rejected", None, n=len(self.problems))

    def message(self, lang: str = "zh") -> str:
        """The first problems in ``lang``, and how many there are when there are more."""
        from ..i18n import t

        sep = "；" if lang != "en" else "; "
        head = sep.join(p.text(lang) for p in self.problems[:HEAD])
        if len(self.problems) > HEAD:
            head += t("problems_more", lang, n=len(self.problems))
        return head


__all__ = ["HEAD", "Problem", "Term", "WorkbookError"]
