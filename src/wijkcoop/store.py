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

import contextlib
import csv
import io
import logging
import os
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import filelock

from . import config, schema
from .csvlog import CsvLog, HeaderMismatch, Pending, TornTail, encode_rows, scan_whole
from .i18n import t
from .journal import Journal, Operation
from .problems import Problem, ProblemsError, StorageError, storage_errors, writable
from .rules import SECRET_FILE
from .schema import clean_text, iso, to_cell, typed
from .tables import TABLES, TECHNICAL, Table, Vocabulary

if TYPE_CHECKING:  # pandas is imported where a frame is made: `rows` and appends need none
    import pandas as pd

EXTRA_FILES = (SECRET_FILE,)  # files in the data folder besides the tables, changed by operations

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


@dataclass
class Tail:
    """How far a reader that follows a table has read it (see `Store.rows_since`)."""

    inode: int = -1
    offset: int = 0  # bytes read: up to the end of a complete save
    mark: bytes = b""  # the last bytes before `offset`, to notice a file changed before it
    line: int = 0  # lines read (the header included)
    form: FileForm | None = None


@dataclass
class RowsResult:
    """A table's valid rows as dicts of the stored strings (no pandas): see `Store.rows`."""

    rows: list[dict[str, str]]
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
        self.journal = Journal(self.data_dir, lock_timeout)
        self._operating = False
        self.left_out: dict[str, list[int]] = {}  # file -> lines the last read left out
        self.resaved: dict[str, Problem | None] = {}  # file -> how a spreadsheet re-saved it

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
        lists every wrong value. A full disk or a read-only folder raises StorageError, nothing written.
        """
        cells, ids = self._encode(table, saves, saved_at)
        if not cells:
            return ids
        with storage_errors(self.data_dir):
            self.data_dir.mkdir(parents=True, exist_ok=True)
            for _ in range(10):
                try:
                    self._warn(table, self.log(table).append(cells, guard=self.journal.pending))
                    break
                except Pending:
                    self.recover()  # another writer's operation, committed but unfinished: finish it
                except filelock.Timeout:
                    raise StoreBusy(table.filename) from None
                except HeaderMismatch as exc:
                    raise ProblemsError([self._refused_header(table, exc.found)]) from None
            else:
                raise StoreBusy(table.filename)
        return ids

    def _encode(
        self,
        table: Table,
        saves: Iterable[Sequence[Mapping[str, object]]],
        saved_at: datetime | None = None,
    ) -> tuple[list[list[str]], list[list[str]]]:
        """The cells of these saves (each with its own save id), checked: ProblemsError lists every
        wrong value. Returns (cells, record ids per save)."""
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
        if cells:
            columns = dict(zip(table.header, zip(*cells, strict=True), strict=True))
            numbers = range(1, len(cells) + 1)
            _, problems = schema.validate(table, columns, numbers, table.filename, self._ids, input_rows=True)
            if problems:
                head = Problem(table.filename, "store.invalid_rows", {"n": len(problems)})
                raise ProblemsError([head, *problems])
        return cells, ids

    # -- operations across files -----------------------------------------------------------------------
    @contextlib.contextmanager
    def operation(self, *tables: Table, files: Sequence[str] = ()) -> Iterator[Change]:
        """Change several tables (and `files`, such as the pseudonym key) as one: whole or not at all.

        Under the locks of all of them, fill in the yielded Change; on leaving the block it is committed
        through the journal (journal.py). An exception in the block changes nothing."""
        names = [tb.filename for tb in tables] + list(files)
        op = Operation(names)
        try:
            with storage_errors(self.data_dir):
                self.data_dir.mkdir(parents=True, exist_ok=True)
                with self.journal.holding(names, recover=self.recover):
                    for table in tables:
                        self._warn(table, self.log(table).repair_tail())
                    self._operating = True  # reads inside the block must not wait for recovery
                    try:
                        yield Change(self, op)
                    finally:
                        self._operating = False
                    self.journal.commit(op)
        except filelock.Timeout:
            raise StoreBusy(", ".join(names)) from None

    def recover(self, tidy: bool = False) -> list[str]:
        """Finish operations a crash left committed but unfinished (see journal.py); with `tidy`
        (at start-up) also remove what crashed operations left before their commit."""
        names = [tb.filename for tb in TABLES.values()] + list(EXTRA_FILES) if tidy else None
        try:
            with storage_errors(self.data_dir):
                done = self.journal.recover(names)
        except filelock.Timeout:
            raise StoreBusy(self.journal.dir.name) from None
        except StorageError:
            if tidy:
                return []  # a read-only folder: nothing to tidy, and the apps say why at start
            raise
        for op_id in done:
            log.warning("finished operation %s that a crash had interrupted", op_id)
        return done

    def start(self) -> StorageError | None:
        """What every page and command does first: finish what a crash interrupted and remove its
        leftovers. Returns why nothing can be saved here (a read-only folder), or None."""
        problem = self.writable()
        if problem is None:
            with contextlib.suppress(StoreBusy):  # another process is recovering or tidying right now
                self.recover(tidy=True)
        return problem

    def writable(self) -> StorageError | None:
        """Why nothing can be saved in this data folder right now (read-only, not ours), or None."""
        return writable(self.data_dir)

    def _refused_header(self, table: Table, found: list[str]) -> Problem:
        """Why a save cannot go into this file: re-saved by a spreadsheet (say so), or other columns."""
        with open(self.path(table), "rb") as f:
            form = file_form(f.read(1 << 16))
        if not form.readable_by_writers:
            return Problem(table.filename, "store.resaved_no_save", {"how": _how(form)}, line=1)
        return _header_problem(table, found)

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
        data = self._data(table)
        if data is None:
            return ReadResult(_empty_typed(table))
        frame, problems = _parse(table, data)
        columns = {c: frame[c].tolist() for c in table.header}
        valid, more = schema.validate(table, columns, frame.index.tolist(), table.filename, self._ids)
        problems.extend(more)
        frame = frame if all(valid) else frame[valid]
        self._note(table, problems)
        return ReadResult(typed(table, frame), problems)

    def rows(self, table: Table) -> RowsResult:
        """Every valid row as a dict of the stored strings ("1"/"0" for yes/no): the same rows and
        problems as `read`, without pandas (for pages that only look up a few rows)."""
        data = self._data(table)
        if data is None:
            return RowsResult([])
        rows, lines, problems = _parse_rows(table, data)
        columns = (
            dict(zip(table.header, zip(*rows, strict=True), strict=True))
            if rows
            else {c: () for c in table.header}
        )
        valid, more = schema.validate(table, columns, lines, table.filename, self._ids)
        problems.extend(more)
        self._note(table, problems)
        header = table.header
        return RowsResult(
            [dict(zip(header, r, strict=True)) for r, ok in zip(rows, valid, strict=True) if ok], problems
        )

    def rows_since(self, table: Table, tail: Tail | None = None) -> tuple[list[dict[str, str]], Tail, bool]:
        """The valid rows saved to a table since `tail` (as `rows`: stored strings), the new tail, and
        whether reading started again from the top: on the first call (no tail), or because the file
        was replaced, cut short or changed before the tail (a restore, a hand edit). Then the rows are
        all of them and the caller starts afresh. Only complete saves are taken: one being written is
        read next time. For views that follow a table while it grows (the trainer's Live tab): each
        look reads only what was added."""
        if not self._operating and self.journal.pending():
            self.recover()  # an operation another writer committed: see it whole, never half
        try:
            with open(self.path(table), "rb") as f:
                st = os.fstat(f.fileno())
                fresh = (
                    tail is None or tail.form is None or st.st_ino != tail.inode or st.st_size < tail.offset
                )
                if not fresh and tail is not None and tail.mark:
                    f.seek(tail.offset - len(tail.mark))
                    fresh = f.read(len(tail.mark)) != tail.mark
                start = 0 if fresh or tail is None else tail.offset
                f.seek(start)
                data = f.read()
        except FileNotFoundError:
            return [], Tail(), tail is None or tail.offset > 0
        if fresh:
            end, _ = scan_whole(data)
            form, text, bad, _ = _open(table, data[:end])
            if form is None:  # empty, or not this table's header: nothing to read (yet)
                return [], Tail(), True
            rows, lines, _ = split_lines(table, text, form.separator, bad)
            first = 0
        else:
            assert tail is not None and tail.form is not None
            form = tail.form
            end = scan_whole(b"\n" + data)[0] - 1  # the tail ends where a save ended
            text, bad = decode(data[:end], form)
            # As if it were a file of its own: an empty first line in place of the header.
            rows, lines, _ = split_lines(table, "\n" + text, form.separator, {b + 1 for b in bad})
            first = tail.line - 1
        columns = (
            dict(zip(table.header, zip(*rows, strict=True), strict=True))
            if rows
            else {c: () for c in table.header}
        )
        valid, _ = schema.validate(table, columns, [n + first for n in lines], table.filename, self._ids)
        before = b"" if fresh or tail is None else tail.mark
        new = Tail(
            inode=st.st_ino,
            offset=start + end,
            mark=(before + data[:end])[-64:],
            line=(0 if fresh or tail is None else tail.line) + data[:end].count(b"\n"),
            form=form,
        )
        header = table.header
        return (
            [dict(zip(header, r, strict=True)) for r, ok in zip(rows, valid, strict=True) if ok],
            new,
            fresh,
        )

    def current_rows(self, table: Table) -> list[dict[str, str]]:
        """`rows`, the last row per key (as `current`), in file order."""
        rows = self.rows(table).rows
        if not table.key:
            return rows
        last = {tuple(r[k] for k in table.key): i for i, r in enumerate(rows)}
        return [rows[i] for i in sorted(last.values())]

    def _data(self, table: Table) -> bytes | None:
        """The table's complete lines (after finishing another writer's committed operation), or None
        when it has no file yet."""
        if not self._operating and self.journal.pending():
            self.recover()  # an operation another writer committed: see it whole, never half
        if not self.path(table).exists():
            return None
        try:
            data, torn = self.log(table).complete()
        except filelock.Timeout:
            raise StoreBusy(table.filename) from None
        self._warn(table, torn)
        return data

    def _note(self, table: Table, problems: list[Problem]) -> None:
        self.left_out[table.filename] = sorted({p.line for p in problems if p.line and p.line > 1})
        self.resaved[table.filename] = next((p for p in problems if p.key == "store.resaved"), None)

    def notice(self, lang: str) -> str:
        """What the reads so far left out, in one plain sentence per file ("" when nothing)."""
        parts = []
        for file, lines in sorted(self.left_out.items()):
            if lines:
                shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
                parts.append(t("store.left_out", lang, file=file, n=len(lines), lines=shown))
        for problem in self.resaved.values():
            if problem is not None:
                parts.append(problem.format(lang))
        return " ".join(parts)

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


class Change:
    """One operation being filled in (see `Store.operation`)."""

    def __init__(self, store: Store, op: Operation):
        self.store, self.op = store, op

    def append(
        self, table: Table, rows: Sequence[Mapping[str, object]], saved_at: datetime | None = None
    ) -> list[str]:
        """Append one save to `table` (checked now, written at the commit); returns its record ids."""
        cells, ids = self.store._encode(table, [rows], saved_at)
        if cells:
            try:
                self.store.log(table).check_header()
            except HeaderMismatch as exc:
                raise ProblemsError([self.store._refused_header(table, exc.found)]) from None
            self.op.append(table.filename, table.header, cells)
        return ids[0]

    def replace(self, table: Table, rows: list[list[str]] | None) -> None:
        """Rewrite `table` with these rows (cells, header added), or remove it (None)."""
        self.op.replace(table.filename, None if rows is None else encode_rows([table.header, *rows]))

    def replace_file(self, name: str, data: bytes | None) -> None:
        self.op.replace(name, data)

    def remove_tree(self, relative: str) -> None:
        self.op.remove_tree(relative)


# -- parsing ------------------------------------------------------------------------------------
def _header_problem(table: Table, found: list[str]) -> Problem:
    return Problem(
        table.filename,
        "store.header_mismatch",
        {"expected": ",".join(table.header), "found": ",".join(found)},
        line=1,
    )


@dataclass
class FileForm:
    """How a table's file is written, as far as it differs from the kit's own form (UTF-8, commas,
    one row per line): what a spreadsheet made of it when someone opened and saved it."""

    encoding: str = "utf-8"  # or "cp1252" (Excel's "CSV" on Windows)
    separator: str = ","  # or ";" (Excel with Dutch settings)
    bom: bool = False
    crlf: bool = False

    @property
    def canonical(self) -> bool:
        return self.encoding == "utf-8" and self.separator == "," and not self.bom and not self.crlf

    @property
    def readable_by_writers(self) -> bool:
        """Can new saves be appended as they are (the header a writer checks is the same)?"""
        return self.encoding == "utf-8" and self.separator == ","


def file_form(data: bytes) -> FileForm:
    form = FileForm(bom=data.startswith(b"\xef\xbb\xbf"))
    first = data.split(b"\n", 1)[0]
    form.crlf = first.endswith(b"\r")
    if first.count(b";") > first.count(b","):
        form.separator = ";"
        try:  # a spreadsheet's save: one encoding for the whole file
            data.decode("utf-8")
        except UnicodeDecodeError:
            form.encoding = "cp1252"
    return form


def _parse(table: Table, data: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    """Bytes of complete lines -> frame of strings indexed by file line; problems for broken lines.

    The kit's own files take pandas' fast path. A file someone edited by hand is read line by line
    (stored texts never hold a line break, so a line is a row): a damaged line hides only itself. A
    file re-saved by a spreadsheet (semicolons, Windows characters, BOM, CRLF) is read as it is, with
    a problem that says so and points at `wijkcoop repair`."""
    import pandas as pd

    form, text, bad, problems = _open(table, data)
    if form is None:
        return _empty(table), problems
    lines = data.count(b"\n") + (not data.endswith(b"\n")) - 1
    if form.readable_by_writers and not bad:
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                engine="c",
                encoding="utf-8-sig",
            )
            if len(frame) == lines:  # no stray quote joined lines together
                frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
                return frame, problems
        except pd.errors.ParserError:
            pass
    frame, more = parse_lines(table, text, form.separator, bad)
    return frame, problems + more


def _parse_rows(table: Table, data: bytes) -> tuple[list[list[str]], list[int], list[Problem]]:
    """As `_parse`, line by line with the csv module: (rows, their line numbers, problems)."""
    form, text, bad, problems = _open(table, data)
    if form is None:
        return [], [], problems
    rows, numbers, more = split_lines(table, text, form.separator, bad)
    return rows, numbers, problems + more


def _open(table: Table, data: bytes) -> tuple[FileForm | None, str, set[int], list[Problem]]:
    """A table file's form, text, non-UTF-8 lines and what its form says (a spreadsheet's save).
    An empty file, or one whose header is not the table's, has no form: nothing of it is read (the
    wrong header is the one problem)."""
    if not data.strip():
        return None, "", set(), []
    form = file_form(data)
    text, bad = decode(data, form)
    first = first_row(text, form.separator)
    if first != table.header:
        return None, "", set(), [_header_problem(table, first)]
    return form, text, bad, _form_problems(table, form)


def _form_problems(table: Table, form: FileForm) -> list[Problem]:
    if form.readable_by_writers:
        return []
    return [Problem(table.filename, "store.resaved", {"how": _how(form)}, line=1)]


NOT_UTF8: dict[str, object] = {"problem": "geen UTF-8 / not UTF-8"}


def decode(data: bytes, form: FileForm) -> tuple[str, set[int]]:
    """The file's text, and the numbers of lines that are not UTF-8 in a UTF-8 file (each such line
    is reported and left out; the rest reads as usual)."""
    if form.encoding != "utf-8":
        return data.decode(form.encoding, errors="replace").removeprefix("\ufeff"), set()
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), set()
    except UnicodeDecodeError:
        pass
    lines, bad = [], set()
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append("")
            bad.add(number)
    return "\n".join(lines).removeprefix("\ufeff"), bad


def first_row(text: str, separator: str = ",") -> list[str]:
    """The cells of a file's first line (its header)."""
    return next(csv.reader([text.split("\n", 1)[0].rstrip("\r")], delimiter=separator), [])


def _how(form: FileForm) -> str:
    parts = []
    if form.separator == ";":
        parts.append("; (Excel)")
    if form.encoding != "utf-8":
        parts.append("Windows-1252")
    return ", ".join(parts)


def split_lines(
    table: Table, text: str, separator: str = ",", bad: set[int] | frozenset[int] = frozenset()
) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Line-exact parse: each physical line is one row, checked on its own (a stray quote, a missing
    or extra field hides that line and is reported with its number; the rest stays)."""
    problems: list[Problem] = []
    rows, numbers = [], []
    width = len(table.header)
    for number, line in enumerate(text.split("\n")[1:], start=2):
        line = line.rstrip("\r")
        if number in bad:
            problems.append(Problem(table.filename, "store.unreadable", NOT_UTF8, line=number))
            continue
        if not line:
            continue
        try:
            fields = next(csv.reader([line], delimiter=separator, strict=True))
        except csv.Error as exc:
            problems.append(Problem(table.filename, "store.unreadable", {"problem": str(exc)}, line=number))
            continue
        if len(fields) != width:
            found: dict[str, object] = {"found": len(fields), "expected": width}
            problems.append(Problem(table.filename, "store.field_count", found, line=number))
            continue
        rows.append(fields)
        numbers.append(number)
    return rows, numbers, problems


def parse_lines(
    table: Table, text: str, separator: str = ",", bad: set[int] | frozenset[int] = frozenset()
) -> tuple[pd.DataFrame, list[Problem]]:
    """`split_lines` as a frame of strings indexed by line number."""
    import pandas as pd

    rows, numbers, problems = split_lines(table, text, separator, bad)
    frame = pd.DataFrame(rows, columns=table.header, dtype=str)
    frame.index = pd.Index(numbers, name="line")
    return frame, problems


def _empty(table: Table) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in table.header})
    frame.index = pd.Index([], dtype=int, name="line")
    return frame


_EMPTY_TYPED: dict[str, pd.DataFrame] = {}


def _empty_typed(table: Table) -> pd.DataFrame:
    """A table with no file yet: its typed empty frame, made once per table (callers get a copy)."""
    if table.name not in _EMPTY_TYPED:
        _EMPTY_TYPED[table.name] = typed(table, _empty(table))
    return _EMPTY_TYPED[table.name].copy()


__all__ = ["ReadResult", "RowsResult", "Store", "StoreBusy", "StoreWarning", "TECHNICAL", "clean_text"]
