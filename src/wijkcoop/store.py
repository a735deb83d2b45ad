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
import re
import unicodedata
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import filelock
import numpy as np
import pandas as pd

from . import config
from .i18n import t
from .problems import Problem, ProblemsError
from .rules import GOAL_ID_PATTERN, ID_PATTERN, ROUND_PATTERN, SESSION_CODE_PATTERN
from .tables import (
    COOPERATIVES,
    EVALUATIONS,
    PARTICIPANTS,
    RATINGS,
    SESSIONS,
    TABLES,
    TECHNICAL,
    Column,
    Table,
    Vocabulary,
)

log = logging.getLogger(__name__)

RECORD_PATTERN = r"[0-9a-f]{12}-[1-9][0-9]*"
MAX_PROBLEMS_PER_FIELD = 50
# Control characters (C0 and C1, DEL) have no place in a stored text: an ESC sequence colours a terminal
# that prints the file, a NUL cuts it short in other tools. Saving removes them; reading reports them.
CONTROL_CHARS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_TAIL_BLOCK = 64 * 1024


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

    def _lock(self, table: Table) -> filelock.FileLock:
        return filelock.FileLock(str(self.path(table)) + ".lock", timeout=self.lock_timeout)

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
        stamp = _iso(saved_at or datetime.now(UTC))
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
                row_stamp = _iso(row["saved_at"]) if row.get("saved_at") else stamp
                cells.append(
                    [_to_cell(c, row.get(c.name)) for c in table.user_columns]
                    + [row_stamp, str(n), record_id]
                )
                save_ids.append(record_id)
            ids.append(save_ids)
        if not cells:
            return ids
        frame = pd.DataFrame(cells, columns=table.header, dtype=str)
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        valid, problems = self._validate(table, frame, table.filename, input_rows=True)
        if problems:
            head = Problem(table.filename, "store.invalid_rows", {"n": len(problems)})
            raise ProblemsError([head, *problems])
        payload = _encode_rows(cells)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.path(table)
        try:
            with self._lock(table):
                self._repair_tail(table)
                self._write_locked(table, path, payload)
        except filelock.Timeout:
            raise StoreBusy(table.filename) from None
        return ids

    def _write_locked(self, table: Table, path: Path, payload: bytes) -> None:
        created = not path.exists()
        size = 0 if created else path.stat().st_size
        if size:
            self._check_header(table, path)
        else:
            payload = _encode_rows([table.header]) + payload
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(path.parent)

    def _check_header(self, table: Table, path: Path) -> None:
        with open(path, "rb") as f:
            first = f.readline()
        found = next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])
        if found != table.header:
            raise ProblemsError(
                [
                    Problem(
                        table.filename,
                        "store.header_mismatch",
                        {"expected": ",".join(table.header), "found": ",".join(found)},
                        line=1,
                    )
                ]
            )

    # -- torn tails ------------------------------------------------------------------------------
    def _repair_tail(self, table: Table) -> None:
        """Under the lock: set aside a torn last save, truncating back to the last complete one."""
        path = self.path(table)
        if not path.exists():
            return
        clean, torn = _clean_end(path)
        if not torn:
            return
        with open(path, "rb") as f:
            f.seek(clean)
            tail = f.read()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.stem}.torn-{stamp}.csv")
        body = tail if tail.endswith(b"\n") else tail + b"\n"
        if clean:
            body = _encode_rows([table.header]) + body
        with open(aside, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.truncate(path, clean)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(path.parent)
        message = t("store.torn_tail", "nl", file=path.name, n=torn, aside=aside.name)
        log.warning(message)
        warnings.warn(message, StoreWarning, stacklevel=3)

    # -- reading ---------------------------------------------------------------------------------
    def read(self, table: Table) -> ReadResult:
        """Every valid row of a table (the whole history), typed, plus the problems found."""
        path = self.path(table)
        if not path.exists():
            return ReadResult(_typed(table, _empty(table)))
        data = path.read_bytes()
        clean, torn = _scan_whole(data)
        if torn:
            # Maybe a save in progress; under the lock anything still torn really is torn.
            try:
                with self._lock(table):
                    self._repair_tail(table)
            except filelock.Timeout:
                raise StoreBusy(table.filename) from None
            data = path.read_bytes()
            clean, _ = _scan_whole(data)
        frame, problems = _parse(table, data[:clean])
        valid, more = self._validate(table, frame, table.filename)
        problems.extend(more)
        frame = frame if valid.all() else frame[valid]
        return ReadResult(_typed(table, frame), problems)

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
        known = set(results[COOPERATIVES.name].frame["cooperative_id"])
        for table in TABLES.values():
            if table is COOPERATIVES or "cooperative_id" not in table.header:
                continue
            frame = results[table.name].frame
            problems.extend(
                _capped(
                    frame[~frame["cooperative_id"].isin(known) & (frame["cooperative_id"] != "")],
                    table.filename,
                    "cooperative_id",
                    "store.unknown_cooperative",
                    extra={"register": COOPERATIVES.filename},
                )
            )
        sessions = set(results[SESSIONS.name].frame["session_id"])
        for table in (PARTICIPANTS, RATINGS, EVALUATIONS):
            frame = results[table.name].frame
            problems.extend(
                _capped(
                    frame[~frame["session_id"].isin(sessions)],
                    table.filename,
                    "session_id",
                    "store.unknown_session",
                    extra={"register": SESSIONS.filename},
                )
            )
        return counts, problems

    # -- validation --------------------------------------------------------------------------------
    def _validate(
        self, table: Table, frame: pd.DataFrame, file: str, input_rows: bool = False
    ) -> tuple[np.ndarray, list[Problem]]:
        """Check every cell; returns a mask of valid rows and the problems (capped per field)."""
        valid = np.ones(len(frame), dtype=bool)
        problems: list[Problem] = []
        if not len(frame):
            return valid, problems
        now = pd.Timestamp.now(tz="UTC")
        for col in table.columns:
            values = frame[col.name]
            empty = values == ""
            if col.required:
                if col.name == "record_id" and not input_rows:
                    key = "store.field_count_short"
                else:
                    key = "store.required"
                bad = empty.to_numpy()
                found = _capped(frame[bad], file, col.name, key)
                if key == "store.field_count_short":
                    for p in found:  # about the whole line, not one field
                        p.column = None
                problems += found
                valid &= ~bad
            check = _CHECKS.get(col.kind)
            if check is None:
                continue
            # Check each distinct value once: most columns repeat a handful of values.
            codes, uniques = pd.factorize(values[~empty])
            for key, bad_unique in check(self, col, pd.Series(uniques, dtype=str), now):
                bad = bad_unique[codes]
                bad_full = np.zeros(len(frame), dtype=bool)
                bad_full[np.flatnonzero(~empty.to_numpy())[bad]] = True
                problems += _capped(frame[bad_full], file, col.name, key, col=col)
                valid &= ~bad_full
        if input_rows:
            for p in problems:  # input rows are numbered by position in the save, not file lines
                p.file = "@store.input"
        return valid, problems


# -- cell checks per column kind (vectorised over the non-empty values) ---------------------------
def _check_pattern(pattern: str, key: str):
    def check(store: Store, col: Column, values: pd.Series, now) -> list:
        return [(key, ~values.str.fullmatch(pattern).to_numpy(dtype=bool))]

    return check


def _check_text(store: Store, col: Column, values: pd.Series, now) -> list:
    return [
        ("store.too_long", (values.str.len() > col.max_len).to_numpy()),
        ("store.control_chars", values.str.contains(CONTROL_CHARS).to_numpy(dtype=bool)),
    ]


def _check_choice(store: Store, col: Column, values: pd.Series, now) -> list:
    return [("store.bad_choice", ~values.isin(col.choices).to_numpy())]


def _check_statement(store: Store, col: Column, values: pd.Series, now) -> list:
    return [("store.unknown_statement", ~values.isin(store.vocabulary.known_statement_ids).to_numpy())]


def _check_dimension(store: Store, col: Column, values: pd.Series, now) -> list:
    return [("store.unknown_dimension", ~values.isin(store.vocabulary.dimension_ids).to_numpy())]


def _check_datetime(store: Store, col: Column, values: pd.Series, now) -> list:
    parsed = pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")
    bad = parsed.isna().to_numpy()
    future = (parsed > now + timedelta(days=1)).to_numpy(dtype=bool) & ~bad
    return [("store.bad_date", bad), ("store.future_date", future)]


def _check_date(store: Store, col: Column, values: pd.Series, now) -> list:
    shaped = values.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").to_numpy(dtype=bool)
    parsed = pd.to_datetime(values.where(shaped), format="%Y-%m-%d", errors="coerce")
    ok = parsed.notna().to_numpy() & (parsed >= "2000-01-01").to_numpy(dtype=bool)
    ok &= (parsed <= now.tz_localize(None) + timedelta(days=3 * 366)).to_numpy(dtype=bool)
    return [("store.bad_day", ~ok)]


def _check_module(store: Store, col: Column, values: pd.Series, now) -> list:
    known = store.vocabulary.module_ids()
    if known is None:  # broken module files are reported on their own; this column waits for them
        return []
    return [("store.unknown_module", ~values.isin(list(known)).to_numpy())]


def _check_aspect(store: Store, col: Column, values: pd.Series, now) -> list:
    known = store.vocabulary.aspect_ids()
    if known is None:
        return []
    return [("store.unknown_aspect", ~values.isin(list(known)).to_numpy())]


_CHECKS: dict[str, Callable] = {
    "id": _check_pattern(ID_PATTERN, "store.bad_id"),
    "round": _check_pattern(ROUND_PATTERN, "store.bad_round"),
    "score": _check_pattern(r"[1-5]", "store.score_range"),
    "board_score": _check_pattern(r"[1-4](\.[0-9])?|5(\.0)?", "store.board_score_range"),
    "dimension": _check_dimension,
    "flag": _check_pattern(r"[01]", "store.bad_flag"),
    "count": _check_pattern(r"[1-9][0-9]*", "store.bad_record"),
    "record": _check_pattern(RECORD_PATTERN, "store.bad_record"),
    "text": _check_text,
    "choice": _check_choice,
    "statement": _check_statement,
    "datetime": _check_datetime,
    "code": _check_pattern(SESSION_CODE_PATTERN, "store.bad_code"),
    "date": _check_date,
    "module": _check_module,
    "aspect": _check_aspect,
    "goal": _check_pattern(GOAL_ID_PATTERN, "store.bad_goal"),
}


def _capped(
    rows: pd.DataFrame, file: str, column: str, key: str, col: Column | None = None, extra=None
) -> list[Problem]:
    out = []
    for line, value in zip(rows.index[:MAX_PROBLEMS_PER_FIELD], rows[column], strict=False):
        fields = {"value": value, "max": col.max_len if col else "", **(extra or {})}
        if col is not None and col.choices:
            fields["choices"] = ", ".join(col.choices)
        out.append(Problem(file, key, fields, line=int(line), column=column))
    if len(rows) > MAX_PROBLEMS_PER_FIELD:
        out.append(
            Problem(
                file,
                "store.more_problems",
                {"n": len(rows) - MAX_PROBLEMS_PER_FIELD},
                column=column,
            )
        )
    return out


# -- parsing ------------------------------------------------------------------------------------
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
        return _empty(table), [
            Problem(
                file,
                "store.header_mismatch",
                {"expected": ",".join(table.header), "found": ",".join(first)},
                line=1,
            )
        ]
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


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert columns in place (callers hand over a frame of their own: no second copy in memory)."""
    for col in table.columns:
        if col.kind == "score":
            frame[col.name] = pd.to_numeric(frame[col.name].replace("", None)).astype("Int64")
        elif col.kind == "board_score":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype(float)
        elif col.kind == "flag":
            frame[col.name] = frame[col.name] == "1"
        elif col.kind == "count":
            frame[col.name] = frame[col.name].astype(int)
        elif col.kind == "datetime":
            frame[col.name] = pd.to_datetime(frame[col.name], format="ISO8601", utc=True)
    return frame


# -- tail scanning -------------------------------------------------------------------------------
def _clean_end(path: Path) -> tuple[int, int]:
    """(offset where the complete saves end, number of torn lines after it), reading only the tail."""
    size = path.stat().st_size
    block = _TAIL_BLOCK
    while True:
        start = max(0, size - block)
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read()
        result = _scan_tail(data, at_file_start=start == 0)
        if result is not None:
            return start + result[0], result[1]
        block *= 4


def _scan_whole(data: bytes) -> tuple[int, int]:
    """`_scan_tail` of a whole file, which always decides."""
    found = _scan_tail(data, at_file_start=True)
    assert found is not None  # from the file's start the header is the floor
    return found


def _scan_tail(data: bytes, at_file_start: bool) -> tuple[int, int] | None:
    """Find the end of the last complete save in `data` (a file's tail, or all of it).

    Returns (offset in data, torn line count), or None when the block is too short to decide.
    """
    end = data.rfind(b"\n") + 1
    fragment = int(end < len(data))
    if end == 0:
        return (0, fragment) if at_file_start else None
    floor = data.find(b"\n") + 1  # after the header, or after the block's first partial line
    if end <= floor:
        return (end, fragment) if at_file_start else None
    last_start = data.rfind(b"\n", 0, end - 1) + 1
    k, n, save_id = _save_position(data[last_start:end])
    if k is None or n is None or k >= n:
        return end, fragment
    start, taken = last_start, 1
    while taken < k:
        if start <= floor:
            if at_file_start:
                break
            return None
        prev = data.rfind(b"\n", 0, start - 1) + 1
        if prev < floor and not at_file_start:
            return None
        if not data[prev:start].rstrip(b"\r\n").endswith(f",{save_id}-{k - taken}".encode()):
            break
        start, taken = prev, taken + 1
    return start, taken + fragment


def _save_position(line: bytes) -> tuple[int | None, int | None, str | None]:
    """(row number in its save, rows in the save, save id) of a data line, or Nones."""
    try:
        fields = next(csv.reader([line.decode("utf-8").rstrip("\r\n")]))
        save_id, _, k = fields[-1].rpartition("-")
        return int(k), int(fields[-2]), save_id
    except (ValueError, IndexError, StopIteration, UnicodeDecodeError, csv.Error):
        return None, None, None


# -- small helpers -------------------------------------------------------------------------------
def _to_cell(col: Column, value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | pd.Timestamp):
        return _iso(value)
    text = str(value)
    if col.kind == "text":
        text = clean_text(text)
    return text


def clean_text(value: object) -> str:
    """A stored text: one form of each letter (NFC), lines and tabs as spaces, control characters removed.

    The one rule for every text that reaches the store; services that compare names use it too.
    """
    text = unicodedata.normalize("NFC", str(value or ""))
    text = re.sub(r"[\r\n\t]+", " ", text)
    return re.sub(CONTROL_CHARS, "", text).strip()


def _iso(value: object) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize(UTC)
    return ts.tz_convert(UTC).isoformat(timespec="seconds")


def _encode_rows(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["Store", "StoreBusy", "StoreWarning", "ReadResult", "TECHNICAL"]
