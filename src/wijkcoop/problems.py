"""A located problem in a user's file: which file, which line or id, which field, and what is wrong.

Kept as an i18n key plus fields so the same problem can be shown in Dutch or English.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
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
    sheet: str | None = None  # a workbook's sheet, named in the location

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
        if self.sheet:
            file = t("loc.sheet", lang, file=file, sheet=self.sheet)
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


# What the machine may refuse, as a plain message (nothing is ever half saved when it does).
STORAGE_ERRNOS = {
    errno.ENOSPC: "store.disk_full",
    errno.EDQUOT: "store.disk_full",
    errno.EROFS: "store.read_only",
    errno.EACCES: "store.no_permission",
    errno.EPERM: "store.no_permission",
}


class StorageError(Exception):
    """The machine refused to write: the disk is full, the folder read-only or not ours. Nothing was
    saved; `format` says so in the person's language, naming the folder."""

    def __init__(self, key: str, folder: os.PathLike | str):
        self.key, self.folder = key, str(folder)
        super().__init__(self.format())

    def format(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, folder=self.folder)


@contextlib.contextmanager
def storage_errors(folder: os.PathLike | str) -> Iterator[None]:
    """Turn the machine's refusals (`STORAGE_ERRNOS`) into a StorageError naming `folder`."""
    try:
        yield
    except OSError as exc:
        refused = storage_error(exc, folder)
        if refused is None:
            raise
        raise refused from exc


def storage_error(exc: OSError, folder: os.PathLike | str) -> StorageError | None:
    """The plain StorageError for one of the machine's refusals, or None for any other OSError."""
    key = STORAGE_ERRNOS.get(exc.errno or 0)
    return None if key is None else StorageError(key, folder)


def writable(folder: os.PathLike | str) -> StorageError | None:
    """Why nothing could be saved in `folder` (or the folder it would be made in), or None."""
    path = os.path.abspath(folder)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    if os.access(path, os.W_OK):
        return None
    try:
        read_only = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    return StorageError("store.read_only" if read_only else "store.no_permission", folder)
