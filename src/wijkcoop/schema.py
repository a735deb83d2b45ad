"""What each column of a table may hold, and the links between tables.

A column's kind (tables.Column.kind) names its check here (`CHECKS`, vectorised over a column's distinct
values) and its type in a typed frame (`typed`); a table's references (tables.Reference) are checked by
`check_references`. The checks that need the content (statement, dimension, module and aspect ids) ask
the vocabulary the store was given; the schema never loads content itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from .problems import Problem
from .rules import GOAL_ID_PATTERN, ID_PATTERN, ROUND_PATTERN, SESSION_CODE_PATTERN
from .tables import TABLES, Column, Table, Vocabulary

RECORD_PATTERN = r"[0-9a-f]{12}-[1-9][0-9]*"
MAX_PROBLEMS_PER_FIELD = 50
# Control characters (C0 and C1, DEL) have no place in a stored text: an ESC sequence colours a terminal
# that prints the file, a NUL cuts it short in other tools. Saving removes them; reading reports them.
CONTROL_CHARS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"

VocabularySource = Callable[[], Vocabulary]  # the content's ids, asked for only when a check needs them


def validate(
    table: Table, frame: pd.DataFrame, file: str, vocabulary: VocabularySource, input_rows: bool = False
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
            found = capped(frame[bad], file, col.name, key)
            if key == "store.field_count_short":
                for p in found:  # about the whole line, not one field
                    p.column = None
            problems += found
            valid &= ~bad
        check = CHECKS.get(col.kind)
        if check is None:
            continue
        # Check each distinct value once: most columns repeat a handful of values.
        codes, uniques = pd.factorize(values[~empty])
        for key, bad_unique in check(vocabulary, col, pd.Series(uniques, dtype=str), now):
            bad = bad_unique[codes]
            bad_full = np.zeros(len(frame), dtype=bool)
            bad_full[np.flatnonzero(~empty.to_numpy())[bad]] = True
            problems += capped(frame[bad_full], file, col.name, key, col=col)
            valid &= ~bad_full
    if input_rows:
        for p in problems:  # input rows are numbered by position in the save, not file lines
            p.file = "@store.input"
    return valid, problems


# -- cell checks per column kind (vectorised over the non-empty values) ---------------------------
def _check_pattern(pattern: str, key: str):
    def check(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
        return [(key, ~values.str.fullmatch(pattern).to_numpy(dtype=bool))]

    return check


def _check_text(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    return [
        ("store.too_long", (values.str.len() > col.max_len).to_numpy()),
        ("store.control_chars", values.str.contains(CONTROL_CHARS).to_numpy(dtype=bool)),
    ]


def _check_choice(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    return [("store.bad_choice", ~values.isin(col.choices).to_numpy())]


def _check_statement(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    return [("store.unknown_statement", ~values.isin(vocabulary().known_statement_ids).to_numpy())]


def _check_dimension(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    return [("store.unknown_dimension", ~values.isin(vocabulary().dimension_ids).to_numpy())]


def _check_datetime(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    parsed = pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")
    bad = parsed.isna().to_numpy()
    future = (parsed > now + timedelta(days=1)).to_numpy(dtype=bool) & ~bad
    return [("store.bad_date", bad), ("store.future_date", future)]


def _check_date(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    shaped = values.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").to_numpy(dtype=bool)
    parsed = pd.to_datetime(values.where(shaped), format="%Y-%m-%d", errors="coerce")
    ok = parsed.notna().to_numpy() & (parsed >= "2000-01-01").to_numpy(dtype=bool)
    ok &= (parsed <= now.tz_localize(None) + timedelta(days=3 * 366)).to_numpy(dtype=bool)
    return [("store.bad_day", ~ok)]


def _check_module(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    known = vocabulary().module_ids()
    if known is None:  # broken module files are reported on their own; this column waits for them
        return []
    return [("store.unknown_module", ~values.isin(list(known)).to_numpy())]


def _check_aspect(vocabulary: VocabularySource, col: Column, values: pd.Series, now) -> list:
    known = vocabulary().aspect_ids()
    if known is None:
        return []
    return [("store.unknown_aspect", ~values.isin(list(known)).to_numpy())]


CHECKS: dict[str, Callable] = {
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


def capped(
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


def check_references(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Rows that point at a row another table does not have (tables.Reference with a `problem`)."""
    problems: list[Problem] = []
    for table in TABLES.values():
        frame = frames[table.name]
        for ref in table.references:
            if not ref.problem or not len(frame):
                continue
            target = TABLES[ref.table]
            there = frames[ref.table][list(ref.target_columns)].drop_duplicates()
            here = frame[list(ref.columns)]
            known = here.merge(
                there,
                how="left",
                left_on=list(ref.columns),
                right_on=list(ref.target_columns),
                indicator=True,
            )
            missing = (known["_merge"] == "left_only").to_numpy(copy=True)
            if ref.optional:
                missing &= (here != "").all(axis=1).to_numpy()
            column = ref.columns[0]
            problems += capped(
                frame[missing], table.filename, column, ref.problem, extra={"register": target.filename}
            )
    return problems


def typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
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


def to_cell(col: Column, value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | pd.Timestamp):
        return iso(value)
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


def iso(value: object) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize(UTC)
    return ts.tz_convert(UTC).isoformat(timespec="seconds")
