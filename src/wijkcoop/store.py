"""The CSV store: append-only tables in the data folder that never lose a saved row.

Guarantees (tests/test_store*.py check each one):
- A save appends whole rows; it never rewrites earlier rows. A correction is a new row with the same key
  (see `tables.Table.key`); the last row per key is the current value, earlier rows are the audit trail.
- Saves from many processes (every Voilà page is its own kernel) are serialised by a `filelock` on a
  separate `<file>.lock`; the header is written under that lock; a save returns only after flush + fsync.
- Every row carries its save's id and size (`record_id` = `<save id>-<n>`, `save_rows`). A writer killed
  half-way leaves a torn tail (a line without newline, or fewer rows than its save announced). The next
  save or read detects it, moves those lines to `<file>.torn-<time>.csv` with a warning naming that file,
  and truncates back to the last complete save. Saves that had returned are never touched.
- Reading validates every row (columns, ids known to the model, scores 1–5, rounds, dates) and reports
  problems by file, line and field; invalid rows are left out of the frame, never silently "fixed".
"""

from __future__ import annotations

import csv
import io
import logging
import os
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pandas as pd

from . import config, schema
from .csvlog import CsvLog, HeaderMismatch, TornTail
from .i18n import t
from .problems import Problem, ProblemsError
from .schema import clean_text, iso, to_cell, typed
from .tables import TABLES, TECHNICAL, Table, Vocabulary

log = logging.getLogger(__name__)


class StoreWarning(UserWarning):
    """Something in the data folder needed attention (for example a torn last save was set aside)."""


class StoreBusy(Exception):
    def __init__(self, file: str):
        self.file = file
        super().__init__(t("store.lock_timeout", "nl", file=file))

    def format(self, lang: str = "nl") -> str:
        return t("store.lock_timeout", lang, file=self.file)


@dataclass
class ReadResult:
    frame: pd.DataFrame  # valid rows, typed; index = line number in the file
    problems: list[Problem] = field(default_factory=list)


class Store:
    """The data folder. Cheap to create; holds no open files between calls."""

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        vocabulary: Vocabulary | Callable[[], Vocabulary] | None = None,
        lock_timeout: float = 30.0,
    ):
        """`vocabulary` (or a function giving it, called when first needed) is what rows that refer
        to content are checked against; open a store with `wijkcoop.context.open_store`, which
        passes the content's. Without one, only tables that refer to no content can be read."""
        self.data_dir = config.data_dir(data_dir)
        self._vocabulary = vocabulary
        self.lock_timeout = lock_timeout

    @property
    def vocabulary(self) -> Vocabulary:
        if callable(self._vocabulary) and not isinstance(self._vocabulary, Vocabulary):
            self._vocabulary = self._vocabulary()
        if self._vocabulary is None:
            raise RuntimeError("Store has no vocabulary: open it with wijkcoop.context.open_store")
        return self._vocabulary

    @property
    def model(self):
        """The content the vocabulary came from (for services; the store itself never reads it)."""
        return self.vocabulary.model

    # -- paths ---------------------------------------------------------------------------------
    def path(self, table: Table) -> Path:
        return self.data_dir / table.filename

    def log(self, table: Table) -> CsvLog:
        """The table's file as an append-only log of saves (locking, torn tails, atomic rewrite)."""
        return CsvLog(self.path(table), table.header, self.lock_timeout)

    def is_empty(self) -> bool:
        return not any(self.path(tb).exists() and self.path(tb).stat().st_size for tb in TABLES.values())

    # -- writing -------------------------------------------------------------------------------
    def append(
        self, table: Table, rows: Sequence[Mapping[str, object]], saved_at: datetime | None = None
    ) -> list[str]:
        """Append one save (all rows or none); returns the new record ids."""
        return self.append_saves(table, [rows], saved_at)[0]

    def append_saves(
        self,
        table: Table,
        saves: Iterable[Sequence[Mapping[str, object]]],
        saved_at: datetime | None = None,
    ) -> list[list[str]]:
        """Append several saves under one lock and one fsync (bulk writers such as the demo).

        Everything is validated first; if any value is wrong, nothing is written and ProblemsError
        lists every wrong value.
        """
        stamp = iso(saved_at or datetime.now(UTC))
        cells: list[list[str]] = []
        ids: list[list[str]] = []
        for rows in saves:
            save_id = uuid.uuid4().hex[:12]
            n = len(rows)
            save_ids = []
            for i, row in enumerate(rows, start=1):
                unknown = set(row) - {c.name for c in table.user_columns} - {"saved_at"}
                if unknown:
                    raise ValueError(f"{table.name}: unknown column(s) {sorted(unknown)}")
                record_id = f"{save_id}-{i}"
                row_stamp = iso(row["saved_at"]) if row.get("saved_at") else stamp
                cells.append(
                    [to_cell(c, row.get(c.name)) for c in table.user_columns] + [row_stamp, str(n), record_id]
                )
                save_ids.append(record_id)
            ids.append(save_ids)
        if not cells:
            return ids
        frame = pd.DataFrame(cells, columns=table.header, dtype=str)
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        valid, problems = schema.validate(table, frame, table.filename, self._ids, input_rows=True)
        if problems:
            head = Problem(table.filename, "store.invalid_rows", {"n": len(problems)})
            raise ProblemsError([head, *problems])
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._warn(table, self.log(table).append(cells))
        except filelock.Timeout:
            raise StoreBusy(table.filename) from None
        except HeaderMismatch as exc:
            raise ProblemsError([_header_problem(table, exc.found)]) from None
        return ids

    def _ids(self) -> Vocabulary:
        return self.vocabulary

    def _warn(self, table: Table, torn: TornTail | None) -> None:
        """A torn last save was set aside: say so, naming the file that holds it."""
        if torn is None:
            return
        message = t("store.torn_tail", "nl", file=table.filename, n=torn.lines, aside=torn.aside.name)
        log.warning(message)
        warnings.warn(message, StoreWarning, stacklevel=4)

    # -- reading ---------------------------------------------------------------------------------
    def read(self, table: Table) -> ReadResult:
        """Every valid row of a table (the whole history), typed, plus the problems found."""
        if not self.path(table).exists():
            return ReadResult(typed(table, _empty(table)))
        try:
            data, torn = self.log(table).complete()
        except filelock.Timeout:
            raise StoreBusy(table.filename) from None
        self._warn(table, torn)
        frame, problems = _parse(table, data)
        valid, more = schema.validate(table, frame, table.filename, self._ids)
        problems.extend(more)
        frame = frame if valid.all() else frame[valid]
        return ReadResult(typed(table, frame), problems)

    def current(self, table: Table) -> ReadResult:
        """The current value per key: the last row per key wins (later rows supersede earlier ones)."""
        result = self.read(table)
        frame = result.frame
        if table.key and len(frame):
            frame = frame[~frame.duplicated(subset=list(table.key), keep="last")]
        return ReadResult(frame, result.problems)

    def validate_all(self) -> tuple[dict[str, int], list[Problem]]:
        """Read every table and check references between them; (rows per table, problems)."""
        counts: dict[str, int] = {}
        problems: list[Problem] = []
        results = {}
        for table in TABLES.values():
            res = self.read(table)
            results[table.name] = res
            counts[table.name] = len(res.frame)
            problems.extend(res.problems)
        problems.extend(schema.check_references({name: r.frame for name, r in results.items()}))
        return counts, problems


# -- parsing ------------------------------------------------------------------------------------
def _header_problem(table: Table, found: list[str]) -> Problem:
    return Problem(
        table.filename,
        "store.header_mismatch",
        {"expected": ",".join(table.header), "found": ",".join(found)},
        line=1,
    )


def _parse(table: Table, data: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    """Bytes of complete lines -> frame of strings indexed by file line; problems for broken lines."""
    file = table.filename
    try:
        data.decode("utf-8")  # only to check; pandas decodes again from the bytes (half the memory)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _empty(table), [
            Problem(file, "store.unreadable", {"problem": "geen UTF-8 / not UTF-8"}, line=line)
        ]
    if not data.strip():
        return _empty(table), []
    first_line = data.split(b"\n", 1)[0].decode("utf-8-sig")
    first = next(csv.reader([first_line]), [])
    if first != table.header:
        return _empty(table), [_header_problem(table, first)]
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="c",
            encoding="utf-8-sig",
        )
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
        return frame, []
    except pd.errors.ParserError:
        return _parse_slow(table, data.decode("utf-8-sig"))


def _parse_slow(table: Table, text: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Line-exact parse for files pandas refuses (wrong field counts, stray quotes)."""
    problems: list[Problem] = []
    rows, lines = [], []
    width = len(table.header)
    reader = csv.reader(io.StringIO(text))
    next(reader)
    start = reader.line_num + 1
    try:
        for fields in reader:
            if len(fields) != width:
                problems.append(
                    Problem(
                        table.filename,
                        "store.field_count",
                        {"found": len(fields), "expected": width},
                        line=start,
                    )
                )
            else:
                rows.append(fields)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(table.filename, "store.unreadable", {"problem": str(exc)}, line=start))
    frame = pd.DataFrame(rows, columns=table.header, dtype=str)
    frame.index = pd.Index(lines, name="line")
    return frame, problems


def _empty(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in table.header})
    frame.index = pd.Index([], dtype=int, name="line")
    return frame


__all__ = ["ReadResult", "Store", "StoreBusy", "StoreWarning", "TECHNICAL", "clean_text"]
