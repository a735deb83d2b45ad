"""What each column of a table may hold, and the links between tables.

A column's kind (tables.Column.kind) names its check here (`CHECKS`, run once per distinct value of a
column) and its type in a typed frame (`typed`); a table's references (tables.Reference) are checked by
`check_references`. The checks that need the content (statement, dimension, module and aspect ids) ask
the vocabulary the store was given; the schema never loads content itself.

The checks work on plain Python strings and need neither pandas nor numpy, so the participant's page
(which only writes a few rows) does not load them; `typed` and `check_references` import pandas when
they are called.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from .problems import Problem
from .rules import GOAL_ID_PATTERN, ID_PATTERN, ROUND_PATTERN, SESSION_CODE_PATTERN
from .tables import TABLES, Column, Table, Vocabulary

if TYPE_CHECKING:
    import pandas as pd

RECORD_PATTERN = r"[0-9a-f]{12}-[1-9][0-9]*"
MAX_PROBLEMS_PER_FIELD = 50
# Control characters (C0 and C1, DEL) have no place in a stored text: an ESC sequence colours a terminal
# that prints the file, a NUL cuts it short in other tools. Saving removes them; reading reports them.
CONTROL_CHARS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"

VocabularySource = Callable[[], Vocabulary]  # the content's ids, asked for only when a check needs them


def validate(
    table: Table,
    columns: Mapping[str, Sequence[str]],
    lines: Sequence[int],
    file: str,
    vocabulary: VocabularySource,
    input_rows: bool = False,
) -> tuple[list[bool], list[Problem]]:
    """Check every cell of rows given column by column (`lines`: each row's line number); returns which
    rows are valid and the problems (capped per field)."""
    valid = [True] * len(lines)
    problems: list[Problem] = []
    if not lines:
        return valid, problems
    now = datetime.now(UTC)
    for col in table.columns:
        cells = columns[col.name]
        distinct = dict.fromkeys(cells)  # one pass in C; the loops below run only when something is wrong
        if col.required and "" in distinct:
            empty = [i for i, v in enumerate(cells) if v == ""]
            if col.name == "record_id" and not input_rows:
                key = "store.field_count_short"
            else:
                key = "store.required"
            found = capped(lines, cells, empty, file, col.name, key)
            if key == "store.field_count_short":
                for p in found:  # about the whole line, not one field
                    p.column = None
            problems += found
            for i in empty:
                valid[i] = False
        check = CHECKS.get(col.kind)
        if check is None:
            continue
        # Check each distinct value once: most columns repeat a handful of values.
        uniques = [v for v in distinct if v != ""]
        if not uniques:
            continue
        for key, bad_unique in check(vocabulary, col, uniques, now):
            wrong = {v for v, bad in zip(uniques, bad_unique, strict=True) if bad}
            if not wrong:  # the usual case
                continue
            positions = [i for i, v in enumerate(cells) if v in wrong]
            problems += capped(lines, cells, positions, file, col.name, key, col=col)
            for i in positions:
                valid[i] = False
    if input_rows:
        for p in problems:  # input rows are numbered by position in the save, not file lines
            p.file = "@store.input"
    return valid, problems


# -- cell checks per column kind (over the distinct non-empty values) ------------------------------
Values = list[str]


def _flags(values: Values, bad: Callable[[str], bool]) -> list[bool]:
    return [bad(v) for v in values]


def _check_pattern(pattern: str, key: str):
    match = re.compile(pattern).fullmatch

    def check(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
        return [(key, _flags(values, lambda v: match(v) is None))]

    return check


_CONTROL = re.compile(CONTROL_CHARS)


def _check_text(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    limit = col.max_len
    return [
        ("store.too_long", _flags(values, lambda v: len(v) > limit)),
        ("store.control_chars", _flags(values, lambda v: _CONTROL.search(v) is not None)),
    ]


def _not_in(values: Values, known) -> list[bool]:
    known = set(known)
    return _flags(values, lambda v: v not in known)


def _check_choice(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    return [("store.bad_choice", _not_in(values, col.choices))]


def _check_statement(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    return [("store.unknown_statement", _not_in(values, vocabulary().known_statement_ids))]


def _check_dimension(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    return [("store.unknown_dimension", _not_in(values, vocabulary().dimension_ids))]


# ISO 8601 as the kit and the importer write it (a date, or a date and time with an optional offset).
_ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def parse_moment(value: str) -> datetime | None:
    """A stored moment (ISO 8601) as an aware datetime (no offset: UTC); None when it is not one."""
    if not _ISO_MOMENT.fullmatch(value):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _check_datetime(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    parsed = [parse_moment(v) for v in values]
    latest = now + timedelta(days=1)
    return [
        ("store.bad_date", [m is None for m in parsed]),
        ("store.future_date", [m is not None and m > latest for m in parsed]),
    ]


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_date(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    latest = (now + timedelta(days=3 * 366)).date()
    earliest = date(2000, 1, 1)

    def bad(v: str) -> bool:
        if not _DAY.fullmatch(v):
            return True
        try:
            day = date.fromisoformat(v)
        except ValueError:
            return True
        return not earliest <= day <= latest

    return [("store.bad_day", _flags(values, bad))]


def _check_module(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    known = vocabulary().module_ids()
    if known is None:  # broken module files are reported on their own; this column waits for them
        return []
    return [("store.unknown_module", _not_in(values, known))]


def _check_aspect(vocabulary: VocabularySource, col: Column, values: Values, now) -> list:
    known = vocabulary().aspect_ids()
    if known is None:
        return []
    return [("store.unknown_aspect", _not_in(values, known))]


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
    lines: Sequence[int],
    cells: Sequence[object],
    positions: Sequence[int],
    file: str,
    column: str,
    key: str,
    col: Column | None = None,
    extra=None,
) -> list[Problem]:
    """One problem per row at `positions` (the first MAX_PROBLEMS_PER_FIELD), then how many more."""
    out = []
    for i in positions[:MAX_PROBLEMS_PER_FIELD]:
        fields = {"value": cells[i], "max": col.max_len if col else "", **(extra or {})}
        if col is not None and col.choices:
            fields["choices"] = ", ".join(col.choices)
        out.append(Problem(file, key, fields, line=int(lines[i]), column=column))
    if len(positions) > MAX_PROBLEMS_PER_FIELD:
        out.append(
            Problem(
                file,
                "store.more_problems",
                {"n": len(positions) - MAX_PROBLEMS_PER_FIELD},
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
            if not missing.any():
                continue
            problems += capped(
                frame.index.tolist(),
                frame[ref.columns[0]].tolist(),
                missing.nonzero()[0].tolist(),
                table.filename,
                ref.columns[0],
                ref.problem,
                extra={"register": target.filename},
            )
    return problems


def typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert columns in place (callers hand over a frame of their own: no second copy in memory)."""
    import pandas as pd

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


def _missing(value: object) -> bool:
    """None, NaN, and pandas' NA and NaT (pandas only asked when it is loaded already)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def _is_bool(value: object) -> bool:
    np = sys.modules.get("numpy")
    return isinstance(value, bool) or (np is not None and isinstance(value, np.bool_))


def to_cell(col: Column, value: object) -> str:
    if _missing(value):
        return ""
    if _is_bool(value):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
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
    """A moment as the store writes it: UTC, to the second (a moment without a zone is taken as UTC)."""
    if not isinstance(value, datetime):  # a text or a numpy datetime: pandas reads them
        import pandas as pd

        value = pd.Timestamp(value).to_pydatetime()
    assert isinstance(value, datetime)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
