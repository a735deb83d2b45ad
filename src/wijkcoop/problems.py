"""A located problem in a user's file: which file, which line or id, which field, and what is wrong.

Kept as an i18n key plus fields so the same problem can be shown in Dutch or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import DEFAULT_LANG
from .i18n import has_text, t


@dataclass
class Problem:
    file: str
    key: str
    fields: dict[str, object] = field(default_factory=dict)
    line: int | None = None
    column: str | None = None
    id: str | None = None

    def message(self, lang: str = DEFAULT_LANG) -> str:
        # A field value "@key" is itself a text to translate (e.g. the name of a missing column).
        fields = {
            k: t(v[1:], lang) if isinstance(v, str) and v.startswith("@") and has_text(v[1:]) else v
            for k, v in self.fields.items()
        }
        return t(self.key, lang, **fields)

    def location(self, lang: str = DEFAULT_LANG) -> str:
        # A file starting with "@" is an i18n key, e.g. "@store.input" for rows not yet in a file.
        file = t(self.file[1:], lang) if self.file.startswith("@") else self.file
        if self.line is not None and self.column:
            return t("loc.field", lang, file=file, line=self.line, field=self.column)
        if self.line is not None:
            return t("loc.line", lang, file=file, line=self.line)
        if self.id:
            where = t("loc.id", lang, file=file, id=self.id)
            return f"{where}, {self.column}" if self.column else where
        if self.column:
            return f"{file}, {self.column}"
        return file

    def format(self, lang: str = DEFAULT_LANG) -> str:
        return f"{self.location(lang)}: {self.message(lang)}"


class ProblemsError(Exception):
    """Raised when user input has one or more problems; carries all of them, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    def format(self, lang: str = DEFAULT_LANG) -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class Refused(Exception):
    """A service refuses an action someone asked for (not a file's problem): the reasons, each an
    i18n key with fields, shown together in the person's language.

    A field value may be a function of the language (a dimension's name), a list (joined with
    commas) or "@key" (a text to translate).
    """

    def __init__(self, *reasons: tuple[str, dict], sep: str = " "):
        self.reasons = list(reasons)
        self.sep = sep
        super().__init__(self.format())

    @staticmethod
    def _field(value: object, lang: str) -> object:
        if callable(value):
            return value(lang)
        if isinstance(value, list):
            return ", ".join(str(Refused._field(v, lang)) for v in value)
        if isinstance(value, str) and value.startswith("@"):
            return t(value[1:], lang)
        return value

    def format(self, lang: str = DEFAULT_LANG) -> str:
        return self.sep.join(
            t(key, lang, **{k: self._field(v, lang) for k, v in fields.items()})
            for key, fields in self.reasons
        )
