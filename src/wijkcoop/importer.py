"""Import zelfevaluatie scores from the files people really have: Excel sheets and form exports.

Reads xlsx, and CSV with `,` `;` or tab, in UTF-8 (with or without BOM) or cp1252 (what Dutch Excel
writes). Two layouts:
- *long*, our own (one row per answer: cooperative_id, round, respondent, statement_id, score …), as
  `wijkcoop export` writes it;
- *wide*, as Microsoft Forms, Google Forms and LimeSurvey export: one row per respondent, one column per
  statement. Columns are matched to statements by id (`D4.2`, or a header that starts with it), by the
  statement's text (Dutch or English), or by a small mapping file (`kolomkop: D4.2`, YAML or CSV).

Everything is checked before anything is written, and every problem is reported at once with file, row
(as the spreadsheet numbers it: the header is row 1) and column. A file with any problem writes nothing;
a good file is one save through the store (one lock, one fsync), so a process killed half-way leaves the
whole import or none of it. The same file twice is refused: the import log (`importen.csv`) keeps each
file's SHA-256, and data that is already stored exactly as in the file is refused too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import filelock
import pandas as pd

from .i18n import N_, Locale, t, tn
from .importwords import ImportWords, load_import_words, norm
from .model import Groeimodel
from .problems import Problem, ProblemsError
from .rules import ROUND_PATTERN, round_for_date
from .store import Store
from .tables import AUDIT, BOARD_SCORES, COOPERATIVES, IMPORTS, NOTES, SCORES, score_row

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MAX_PROBLEMS = 200
FORMULA = re.compile(r"^[=+@]|^-(?![\d.,])")

_norm = norm


# -- reading -------------------------------------------------------------------------------------------
@dataclass
class Grid:
    """The cells of one sheet (or a CSV) as read, before its header is found."""

    name: str  # the sheet's name in a workbook, "" for a CSV
    cells: list[list[str]]
    numbers: list[int]  # the spreadsheet's row number of each row
    encoding: str = ""
    separator: str = ""


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]  # the spreadsheet's row number of each data row (header = 1)
    encoding: str = ""
    separator: str = ""
    short: list[int] = field(default_factory=list)  # CSV rows with fewer cells than the header (cut off)
    other_sheets: list[str] = field(default_factory=list)  # a workbook's sheets that were not read
    sheet: str = ""  # the workbook sheet it came from ("" for a CSV)
    header_line: int = 1  # where the header was found (a title above it is skipped)


# The cell SurveyMonkey puts under a question that is not a matrix ("Response"): no row text of its own.
RESPONSE_WORDS = frozenset({"response", "open-ended response", "antwoord", "open antwoord", "reactie"})
HEADER_SEARCH = 10  # rows searched for the header under a title


def read_grids(data: bytes, name: str) -> list[Grid]:
    """Every sheet of an xlsx, or the one sheet of a CSV in any encoding and separator people use."""
    if not data.strip():
        raise ProblemsError([Problem(name, "imp.empty")])
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:2000]:
        raise ProblemsError([Problem(name, "imp.encoding")])
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                raise ProblemsError([Problem(name, "imp.encoding")]) from None
    # The separator: the one most used on a line among the first ten (a title line above has none).
    lines = [line for line in text.splitlines()[:HEADER_SEARCH] if line.strip()]
    counts = {sep: max((line.count(sep) for line in lines), default=0) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda sep: counts[sep])
    if counts[separator] == 0:
        raise ProblemsError([Problem(name, "imp.separator", line=1)])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows, numbers = [], []
    try:
        number = 0
        for row in reader:
            number_here = number + 1
            number = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append(row)
                numbers.append(number_here)
    except csv.Error as exc:
        raise ProblemsError(
            [Problem(name, "imp.quotes", {"problem": str(exc)}, line=reader.line_num)]
        ) from None
    label = {";": ";", ",": ",", "\t": "tab"}[separator]
    return [Grid("", rows, numbers, encoding, label)]


def _read_xlsx(data: bytes, name: str) -> list[Grid]:
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_workbook = "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        is_workbook = True  # a damaged workbook: openpyxl says so below
    if not is_workbook:  # a .zip of files, not a workbook
        raise ProblemsError([Problem(name, "imp.zip")])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or password-protected workbook: say so, no traceback
        raise ProblemsError([Problem(name, "imp.bad_xlsx")]) from None
    grids = []
    for sheet in book.worksheets:
        rows, numbers = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                rows.append(cells)
                numbers.append(number)
        grids.append(Grid(sheet.title, rows, numbers, "xlsx", ""))
    book.close()
    return grids


def shape(grid: Grid, recognised: Callable[[str], bool]) -> Sheet:
    """Find the header (the row among the first ten with the most recognised headings, so a title or an
    explanation above it is skipped) and, for SurveyMonkey, join its two header rows into one."""
    if not grid.cells:
        return Sheet(grid.name, [], [], [], grid.encoding, grid.separator, sheet=grid.name)
    best, at, two = 0, 0, False
    for i, row in enumerate(grid.cells[:HEADER_SEARCH]):
        row = [h.strip() for h in row]
        joined = i + 1 < len(grid.cells) and _second_header(row, grid.cells[i + 1])
        if joined:
            row = _join_headers(row, grid.cells[i + 1])
        found = sum(1 for cell in row if cell and recognised(cell))
        if found > best:
            best, at, two = found, i, joined
    header = [h.strip() for h in grid.cells[at]]
    skip = 2 if two else 1
    rows, numbers = grid.cells[at + skip :], grid.numbers[at + skip :]
    if two:
        header = _join_headers(header, grid.cells[at + 1])
    short = [n for row, n in zip(rows, numbers, strict=True) if len(row) < len(header)]
    return Sheet(
        grid.name,
        header,
        rows,
        numbers,
        grid.encoding,
        grid.separator,
        short=short if grid.encoding != "xlsx" else [],  # a workbook leaves empty cells out, not cut off
        sheet=grid.name,
        header_line=grid.numbers[at],
    )


def _second_header(header: list[str], below: list[str]) -> bool:
    """SurveyMonkey's second header row: empty under the first columns, texts under a matrix (cells
    whose heading is empty because the question spans them) or "Response" under a single question."""
    below = below + [""] * (len(header) - len(below))
    if below[0].strip():
        return False
    spans = any(not h and cell.strip() for h, cell in zip(header, below, strict=False))
    said = any(_norm(cell) in RESPONSE_WORDS for cell in below)
    numbers = any(re.fullmatch(r"\s*-?\d+([.,]\d+)?\s*", cell) for cell in below)
    return (spans or said) and not numbers


def _join_headers(header: list[str], below: list[str]) -> list[str]:
    below = below + [""] * (len(header) - len(below))
    header = header + [""] * (len(below) - len(header))
    joined, question = [], ""
    for top, sub in zip(header, below, strict=True):
        question = top or question
        sub = sub.strip()
        if sub and _norm(sub) not in RESPONSE_WORDS:
            joined.append(f"{question} [{sub}]" if question else sub)
        else:
            joined.append(top)
    return joined


def read_sheet(data: bytes, name: str) -> Sheet:
    """The first sheet of an xlsx or a CSV, its header on the first row (as a mapping file has it)."""
    grid = read_grids(data, name)[0]
    return shape(grid, lambda _: False)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


IGNORE = "negeren"  # a mapping's target for a column that is not a statement
ROLE_KEYS = {"respondent": "respondent", "datum": "date", "cooperatie": "cooperative", "ronde": "round"}


@dataclass
class Mapping:
    """What a volunteer chose for a form's export: column -> statement id (or "negeren"), which column
    holds the respondent, the date, the cooperative or the round, and answer label -> score (None is
    "weet niet"). Saved as YAML, read back from YAML or from a CSV of two columns."""

    columns: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # kind (respondent, date, …) -> header
    labels: dict[str, int | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns or self.roles or self.labels)

    def to_yaml(self) -> bytes:
        import yaml

        back = {v: k for k, v in ROLE_KEYS.items()}
        out: dict[str, object] = {back[k]: v for k, v in self.roles.items()}
        if self.columns:
            out["kolommen"] = dict(self.columns)
        if self.labels:
            out["antwoorden"] = {k: ("weet niet" if v is None else v) for k, v in self.labels.items()}
        text = yaml.safe_dump(out, allow_unicode=True, sort_keys=False)
        return ("# Koppeling voor wijkcoop import / mapping for wijkcoop import\n" + text).encode()


MAPPINGS_DIR = "koppelingen"  # in the data folder: one saved mapping per form (by its column headings)


def form_key(headers: list[str]) -> str:
    """The same form's next export has the same headings: they name its saved mapping."""
    text = "\n".join(sorted(_norm(h) for h in headers if _norm(h)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def saved_mapping(store: Store, key: str) -> Mapping | None:
    """The mapping saved for a form, or None (also when the file is unreadable: then it is chosen anew)."""
    path = store.data_dir / MAPPINGS_DIR / f"{key}.yaml"
    if not key or not path.is_file():
        return None
    try:
        return read_mapping(path.read_bytes(), path.name)
    except (ProblemsError, OSError):
        return None


def save_mapping(store: Store, key: str, mapping: Mapping) -> Path:
    """Keep a form's mapping for its next export (written whole: a new file renamed into place)."""
    from .csvlog import atomic_write

    folder = store.data_dir / MAPPINGS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.yaml"
    atomic_write(path, mapping.to_yaml())
    return path


def read_mapping(data: bytes, name: str) -> Mapping:
    """A mapping file: YAML (`kolomkop: D4.2`, or the sections `kolommen`, `antwoorden` and
    `respondent`/`datum`/`cooperatie`/`ronde`) or a CSV with two columns (header, statement id) whose
    first row may be a title such as `kolom;stelling`."""
    import yaml

    text = data.decode("utf-8-sig", errors="replace")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        raw = None
    if isinstance(raw, dict):
        if any(k in raw for k in ("kolommen", "antwoorden", *ROLE_KEYS)):
            return _structured_mapping(raw, name)
        return Mapping(columns={str(k): str(v) for k, v in raw.items()})
    sheet = read_sheet(data, name)
    lines = [sheet.header, *sheet.rows]
    if lines and len(lines[0]) >= 2 and not re.fullmatch(r"D\d{1,2}\.\d{1,2}|" + IGNORE, lines[0][1].strip()):
        lines = lines[1:]  # a title row (kolom;stelling), not a mapping line
    return Mapping(
        columns={row[0].strip(): row[1].strip() for row in lines if len(row) >= 2 and row[0].strip()}
    )


def _structured_mapping(raw: dict, name: str) -> Mapping:
    problems = []
    unknown = [str(k) for k in raw if k not in ("kolommen", "antwoorden", *ROLE_KEYS)]
    for key in unknown:
        problems.append(Problem(name, "imp.mapping_bad_key", {"key": key}, id=key))
    columns = raw.get("kolommen") or {}
    labels = raw.get("antwoorden") or {}
    if not isinstance(columns, dict) or not isinstance(labels, dict):
        problems.append(Problem(name, "imp.mapping_bad_key", {"key": "kolommen/antwoorden"}))
        raise ProblemsError(problems)
    mapping = Mapping(
        columns={str(k): str(v) for k, v in columns.items()},
        roles={ROLE_KEYS[k]: str(v) for k, v in raw.items() if k in ROLE_KEYS and v},
    )
    for label, value in labels.items():
        score = label_score(value)
        if score is False:
            problems.append(
                Problem(name, "imp.mapping_bad_label", {"label": label, "value": value}, id=str(label))
            )
        else:
            mapping.labels[str(label)] = score
    if problems:
        raise ProblemsError(problems)
    return mapping


def label_score(value: object) -> int | None | bool:
    """A label's score in a mapping: 1 to 5, or "weet niet" / empty (None); False when it is neither."""
    if value is None or _norm(value) in ("", "weet niet", "dont know", "don't know"):
        return None
    text = str(value).strip()
    if re.fullmatch(r"[1-5]", text):
        return int(text)
    return False


# -- planning: everything checked, nothing written -----------------------------------------------------
@dataclass
class ImportPlan:
    file: str
    digest: str
    layout: str  # "long" | "wide"
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    mapping: list[tuple[str, str, str]] = field(default_factory=list)  # (header, statement id, how)
    ignored: list[str] = field(default_factory=list)
    new_cooperatives: list[dict] = field(default_factory=list)  # from our own export, into an empty folder
    encoding: str = ""
    separator: str = ""
    unchanged: int = 0  # rows already stored with the same value: counted, not stored again
    changed: int = 0  # rows that correct a stored value (the old one stays as history)
    rounds: dict[tuple[str, str], int] = field(default_factory=dict)  # (cooperative, round) -> rows
    notes: list[Problem] = field(default_factory=list)  # worth knowing, not stopping the import
    other_sheets: list[str] = field(default_factory=list)
    sheet: str = ""  # the workbook sheet read ("" for a CSV)
    header_line: int = 1  # the row the header was found on (a title above it is skipped)
    headers: list[str] = field(default_factory=list)  # every column heading, as read
    roles: dict[str, str] = field(default_factory=dict)  # kind (respondent, date, …) -> the column used
    unknown_labels: dict[str, int] = field(default_factory=dict)  # answers not understood -> how often
    preview: list[dict] = field(default_factory=list)  # the first respondents' rows as stored
    form_key: str = ""  # names the form's saved mapping (from its headings)
    mapping_saved: bool = False  # a mapping saved for this form was used
    chosen: Mapping = field(default_factory=lambda: Mapping())  # the mapping the plan was made with
    extra: dict[str, list[dict]] = field(default_factory=dict)  # our export's other sheets: table -> rows
    extra_counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # sheet -> new, changed, same

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, int]:
        frame = pd.DataFrame(self.rows, columns=["cooperative_id", "round", "respondent"])
        return {
            "rows": len(self.rows),
            "respondents": len(frame.drop_duplicates(["cooperative_id", "round", "respondent"])),
            "cooperatives": frame["cooperative_id"].nunique(),
        }

    def counts(self, lang: str) -> dict[str, object]:
        """The summary as message fields: '12 respondenten', '3 coöperaties'."""
        s = self.summary()
        return {
            "rows": s["rows"],
            "respondents": tn("count.respondents", s["respondents"], lang),
            "cooperatives": tn("count.cooperatives", s["cooperatives"], lang),
        }

    def details(self, lang: str) -> list[str]:
        """What the check found worth saying besides problems, one line each (CLI and app alike): the
        sheets not read, where the rows go (cooperative, round, rows), the cooperatives it would
        register, what is new, changed or already stored, and notes such as a file spanning two rounds."""
        lines = []
        if self.mapping_saved:
            lines.append(t("imp.mapping_saved_used", lang))
        if self.sheet:
            lines.append(t("imp.sheet_read", lang, sheet=self.sheet))
        if self.other_sheets:
            lines.append(t("imp.other_sheets", lang, sheets=", ".join(self.other_sheets)))
        if self.header_line > 1:
            lines.append(t("imp.header_line", lang, line=self.header_line))
        if self.rounds:
            where = [f"{coop} {rnd} ({n})" for (coop, rnd), n in self.rounds.items()]
            more = f" … (+{len(where) - 12})" if len(where) > 12 else ""
            lines.append(t("imp.rounds", lang, rounds=", ".join(where[:12]) + more))
        if self.new_cooperatives:
            names = ", ".join(f"{c['name']} ({c['cooperative_id']})" for c in self.new_cooperatives)
            lines.append(t("imp.new_cooperatives", lang, n=len(self.new_cooperatives), names=names))
        if self.changed or self.unchanged:
            new = len(self.rows) - self.changed
            lines.append(t("imp.changes", lang, new=new, changed=self.changed, unchanged=self.unchanged))
        for sheet, (new, changed, same) in self.extra_counts.items():
            lines.append(t("imp.sheet_changes", lang, sheet=sheet, new=new, changed=changed, unchanged=same))

        lines += [note.message(lang) for note in self.notes]
        return lines


EXTRA_SHEETS = {"notities": NOTES, "bestuursscores": BOARD_SCORES}  # our export's other sheets
OUR_SHEETS = {*EXTRA_SHEETS, "cooperaties"}  # the register's sheet: its cooperatives without scores


# The words for the importer's stages, layouts and ways of recognising a column (CLI and app alike).
STAGE_TEXT = {"check": N_("cli.import.stage.check"), "write": N_("cli.import.stage.write")}
LAYOUT_TEXT = {
    "long": N_("cli.import.layout.long"),
    "wide": N_("cli.import.layout.wide"),
    "": N_("cli.import.layout.none"),
}
COLUMN_TEXT = {
    "cooperative": "@imp.col.cooperative",
    "round": "@imp.col.round",
    "respondent": "@imp.col.respondent",
}
HOW_TEXT = {
    "id": N_("cli.import.how.id"),
    "text": N_("cli.import.how.text"),
    "mapping": N_("cli.import.how.mapping"),
}


class _Problems(list):
    def add(self, problem: Problem) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(problem)
        elif len(self) == MAX_PROBLEMS:
            self.append(Problem(problem.file, "imp.more_problems", {"max": MAX_PROBLEMS}))


def plan_import(
    store: Store,
    data: bytes,
    name: str,
    *,
    mapping: Mapping | dict[str, str] | None = None,
    cooperative: str | None = None,
    round_id: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check a file; returns the rows it would write and every problem found."""
    name = Path(name).name
    digest = hashlib.sha256(data).hexdigest()
    chosen = mapping if isinstance(mapping, Mapping) else Mapping(columns=dict(mapping or {}))
    try:
        grids = read_grids(data, name)
        words = load_import_words()
    except ProblemsError as exc:
        return ImportPlan(name, digest, "", problems=exc.problems)
    model = store.model
    aliases = {_norm(a) for names in words.columns.values() for a in names}
    plain = Matcher(model, Mapping())

    def known(header: str) -> bool:
        return _norm(header) in aliases or plain.match(header) is not None

    # The form's key comes from the headings as read without any mapping, so a mapping saved under it
    # is found again for the next export of the same form.
    sheets = [shape(grid, known) for grid in grids]
    key = form_key(_choose(sheets, known).header) if grids else ""
    saved_used = False
    if mapping is None and key and (saved := saved_mapping(store, key)) is not None:
        chosen, saved_used = saved, True  # this form was mapped before: use that, and say so
    matcher, recognised = plain, known
    if chosen:  # the chosen columns may find the header elsewhere: read the sheets again with them
        matcher = Matcher(model, chosen)
        mapped_roles = {_norm(h) for h in chosen.roles.values()}

        def recognised(header: str) -> bool:
            norm_ = _norm(header)
            return norm_ in aliases or norm_ in mapped_roles or matcher.match(header) is not None

        sheets = [shape(grid, recognised) for grid in grids]
    sheet = _choose(sheets, recognised)
    ours = {s.sheet: s for s in sheets if s is not sheet and s.sheet in OUR_SHEETS}
    others = [s.sheet for s in sheets if s is not sheet and s.sheet not in ours and (s.rows or s.header)]
    plan = ImportPlan(
        name,
        digest,
        "",
        encoding=sheet.encoding,
        separator=sheet.separator,
        other_sheets=others,
        sheet=sheet.sheet,
        header_line=sheet.header_line,
        headers=list(sheet.header),
        form_key=key,
        chosen=chosen,
        mapping_saved=saved_used,
    )
    if not sheet.header:
        plan.problems.append(Problem(name, "imp.empty", sheet=sheet.sheet or None))
        return plan
    if not sheet.rows:
        plan.problems.append(Problem(name, "imp.header_only", sheet=sheet.sheet or None))
        return plan
    register = store.current(COOPERATIVES).frame
    context = _Context(model, register, today or date.today(), name, _Problems(), progress, words, chosen)
    for line in sheet.short:
        context.problems.add(Problem(name, "imp.short_row", {"n": len(sheet.header)}, line=line))
    columns = {_norm(h): i for i, h in enumerate(sheet.header) if h}
    if len(set(_norm(h) for h in sheet.header if h)) < len([h for h in sheet.header if h]):
        seen = set()
        for h in sheet.header:
            if h and _norm(h) in seen:
                context.problems.add(Problem(name, "imp.duplicate_column", {"column": h}, line=1, column=h))
            seen.add(_norm(h))
    role = {
        kind: next((columns[_norm(a)] for a in aliases if _norm(a) in columns), None)
        for kind, aliases in context.words.columns.items()
    }
    for kind, header in chosen.roles.items():  # the columns a volunteer chose win over the usual names
        if _norm(header) in columns:
            role[kind] = columns[_norm(header)]
        else:
            context.problems.add(
                Problem(name, "imp.mapping_header_missing", {"header": header}, line=sheet.header_line)
            )
    plan.roles = {kind: sheet.header[i] for kind, i in role.items() if i is not None}
    if role["statement"] is not None and role["score"] is not None:
        plan.layout = "long"
        plan.new_cooperatives = _register_columns(sheet, columns, context)
        plan.rows = _long(sheet, role, context)
    else:
        plan.layout = "wide"
        plan.rows, plan.mapping, plan.ignored = _wide(sheet, role, context, matcher, cooperative, round_id)
    if plan.layout == "long":  # our own export: its register, notes and board scores come back too
        register_sheet = ours.pop("cooperaties", None)
        if register_sheet is not None:
            before = len(context.problems)
            heads = {_norm(h): i for i, h in enumerate(register_sheet.header) if h}
            plan.new_cooperatives += _register_columns(register_sheet, heads, context)
            for problem in context.problems[before:]:
                problem.sheet = register_sheet.sheet
        for name_, extra in ours.items():
            if (rows := _extra_rows(extra, EXTRA_SHEETS[name_], context, store)) is not None:
                plan.extra[name_] = rows
            else:
                plan.other_sheets.append(name_)
    else:
        plan.other_sheets += list(ours)
    plan.unknown_labels = dict(context.unknown_labels)
    plan.problems = list(context.problems)
    if not plan.problems and plan.rows:
        plan.rounds = _rounds(plan.rows)
        plan.notes = _two_rounds(plan) if context.rounds_from_dates else []
        plan.preview = _preview(plan.rows)
        for name_, rows in plan.extra.items():
            plan.extra[name_], counts = extra_changes(store, EXTRA_SHEETS[name_], rows)
            plan.extra_counts[name_] = counts
        # The check says what the import will say: a file imported before is refused here already.
        refused = refusal(store, plan)
        if refused is not None:
            plan.problems.append(refused)
        else:
            plan.rows, plan.changed, plan.unchanged = changes(store, plan.rows)
    if plan.problems:
        plan.rows, plan.new_cooperatives, plan.extra = [], [], {}
    for problem in plan.problems:  # in a workbook, every message names the sheet
        problem.sheet = problem.sheet or sheet.sheet or None
    return plan


def _extra_rows(sheet: Sheet, table, c: _Context, store: Store) -> list[dict] | None:
    """The rows of one of our export's other sheets (notities, bestuursscores), checked cell by cell as
    the store checks them and located by sheet, row and column; None when the sheet lacks a column."""
    import dataclasses

    from . import schema

    names = [col.name for col in table.user_columns]
    columns = {_norm(h): i for i, h in enumerate(sheet.header) if h}
    if not all(_norm(n) in columns for n in names):
        return None
    cells: dict[str, list[str]] = {n: [] for n in names}
    for row in sheet.rows:
        row = row + [""] * (len(sheet.header) - len(row))
        for n in names:
            value = (
                " ".join(row[columns[_norm(n)]].split()) if n != "note" else row[columns[_norm(n)]].strip()
            )
            if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
                value = value[1:]  # our export's neutralised text, taken back as it was
            cells[n].append(value)
    data_only = dataclasses.replace(table, columns=tuple(table.user_columns))
    valid, problems = schema.validate(data_only, cells, sheet.numbers, c.file, lambda: store.vocabulary)
    for problem in problems:
        problem.sheet = sheet.sheet
        c.problems.add(problem)
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for i, line in enumerate(sheet.numbers):
        coop = cells["cooperative_id"][i]
        if valid[i] and coop not in c.ids:
            c.problems.add(
                Problem(
                    c.file,
                    "imp.unknown_cooperative",
                    {"value": coop},
                    line=line,
                    column="cooperative_id",
                    sheet=sheet.sheet,
                )
            )
            continue
        key = tuple(cells[k][i].casefold() for k in table.key)
        if valid[i] and key in seen:
            c.problems.add(
                Problem(
                    c.file,
                    "imp.duplicate_row",
                    {"first": seen[key]},
                    line=line,
                    column=table.key[-1],
                    sheet=sheet.sheet,
                )
            )
            continue
        seen[key] = line
        if valid[i]:
            rows.append({n: cells[n][i] for n in names})
    return rows


def extra_changes(store: Store, table, rows: list[dict]) -> tuple[list[dict], tuple[int, int, int]]:
    """The rows that are new or differ from the current value (compared as the store writes them);
    returns them and (new, changed, unchanged)."""
    from .schema import to_cell

    current = store.current(table).frame
    names = [col.name for col in table.user_columns]
    cols = {col.name: col for col in table.user_columns}
    stored: dict[tuple, tuple] = {}
    for record in current[names].itertuples(index=False):
        values = dict(zip(names, record, strict=True))
        stored[tuple(to_cell(cols[k], values[k]) for k in table.key)] = tuple(
            to_cell(cols[n], values[n]) for n in names
        )
    keep, new, changed, same = [], 0, 0, 0
    for row in rows:
        key = tuple(row[k] for k in table.key)
        now = stored.get(key)
        if now == tuple(to_cell(cols[n], row[n]) for n in names):
            same += 1
            continue
        keep.append(row)
        new, changed = (new + 1, changed) if now is None else (new, changed + 1)
    return keep, (new, changed, same)


def _choose(sheets: list[Sheet], recognised: Callable[[str], bool]) -> Sheet:
    """The sheet with the most recognised headings (an "Uitleg" sheet first is passed over); the first
    sheet with anything in it when none has any."""
    scored = [(sum(1 for h in s.header if h and recognised(h)), i) for i, s in enumerate(sheets)]
    best = max(scored, key=lambda pair: (pair[0], -pair[1]))
    return sheets[best[1]] if best[0] else next((s for s in sheets if s.rows or s.header), sheets[0])


def _preview(rows: list[dict], respondents: int = 5) -> list[dict]:
    """The first respondents' rows as they would be stored, for the check to show."""
    keep: list[dict] = []
    seen: set[tuple] = set()
    for row in rows:
        key = (row["cooperative_id"], row["round"], row["respondent"])
        if key not in seen and len(seen) == respondents:
            break
        seen.add(key)
        keep.append(row)
    return keep


def _register_columns(sheet: Sheet, columns: dict[str, int], c: _Context) -> list[dict]:
    """Cooperatives that are not in the register yet but whose register columns the file carries."""
    from .rules import ID_PATTERN
    from .tables import COOPERATIVE_KINDS

    names = ["cooperative_id", "name", "kind", "doorbraakgebied", "gemeente", "show_name"]
    if not all(n.replace("_", " ") in columns for n in names):
        return []
    index = {n: columns[n.replace("_", " ")] for n in names}
    found: dict[str, dict] = {}
    for cells, line in zip(sheet.rows, sheet.numbers, strict=True):
        cells = cells + [""] * (len(sheet.header) - len(cells))
        cid = cells[index["cooperative_id"]].strip()
        if cid in c.ids or cid in found or not re.fullmatch(ID_PATTERN, cid):
            continue
        known = c.by_name.get(_norm(cells[index["name"]]))
        if known is not None:  # a new id with a registered cooperative's name: a typo, not a new one
            name = cells[index["name"]].strip()[:120]
            column = sheet.header[index["cooperative_id"]]
            c.problem("imp.id_typo", line, column, value=cid, name=name, known=known)
            c.typos.add(cid)
            continue
        entry: dict[str, object] = {"cooperative_id": cid}
        ok = True
        for n in ("name", "doorbraakgebied", "gemeente"):
            entry[n] = c.text(cells[index[n]], line, sheet.header[index[n]], max_len=120)
            ok &= entry[n] is not None
        kind = cells[index["kind"]].strip()
        if kind not in COOPERATIVE_KINDS:
            c.problem(
                "imp.bad_kind",
                line,
                sheet.header[index["kind"]],
                value=kind[:40],
                kinds=", ".join(COOPERATIVE_KINDS),
            )
            ok = False
        entry["kind"] = kind
        entry["show_name"] = c.flag(cells[index["show_name"]], line, sheet.header[index["show_name"]])
        if ok and entry["show_name"] is not None:
            found[cid] = entry
    c.ids |= set(found)
    return list(found.values())


@dataclass
class _Context:
    model: Groeimodel
    register: pd.DataFrame
    today: date
    file: str
    problems: _Problems
    progress: Progress | None
    words: ImportWords
    mapping: Mapping = field(default_factory=Mapping)

    def __post_init__(self):
        self.ids = set(self.register["cooperative_id"])
        self.unknown_labels: dict[str, int] = {}  # answers that are no score -> how often (for a mapping)
        self.read_dates = True  # False when a round was chosen: the dates then decide nothing
        self.typos: set[str] = set()
        self.month_first = False  # the file writes dates as m/d/yyyy (an en-US sheet)
        self.rounds_from_dates = False  # the rounds come from a date column, not from the file or a choice
        self.by_name = {
            _norm(n): c for n, c in zip(self.register["name"], self.register["cooperative_id"], strict=True)
        }
        self.labels = {}
        for value, text in self.model.answer_scale.items():
            for lang in ("nl", "en"):
                self.labels[_norm(text(lang))] = value
        for lang in ("nl", "en"):
            self.labels[_norm(self.model.dont_know(lang))] = None
        self.labels.update({_norm(k): v for k, v in self.words.answers.items()})
        self.labels.update({_norm(k): v for k, v in self.mapping.labels.items()})

    def problem(self, key: str, line: int, column: str, **fields) -> None:
        self.problems.add(Problem(self.file, key, fields, line=line, column=column))

    def tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    # -- cell readers: a value, or None after reporting the problem --------------------------------
    def text(
        self, value: str, line: int, column: str, required: bool = True, max_len: int = 60
    ) -> str | None:
        value = " ".join(value.split())
        if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
            return value[1:]  # our own export's neutralised text: take it back as it was
        if not value:
            if required:
                self.problem("imp.required", line, column)
            return None
        if FORMULA.match(value):
            self.problem("imp.formula", line, column, value=value[:40])
            return None
        if len(value) > max_len:
            self.problem("imp.too_long", line, column, max=max_len)
            return None
        return value

    def cooperative(self, value: str, line: int, column: str) -> str | None:
        text = self.text(value, line, column, max_len=120)
        if text is None:
            return None
        if text in self.ids:
            return text
        hit = self.by_name.get(_norm(text))
        if hit is None and text not in self.typos:  # a typo'd id was reported with its likely meaning
            self.problem("imp.unknown_cooperative", line, column, value=text)
        return hit

    def round(self, value: str, line: int, column: str) -> str | None:
        text = self.text(value, line, column, max_len=10)
        if text is None:
            return None
        if not re.fullmatch(ROUND_PATTERN, text):
            self.problem("imp.bad_round", line, column, value=text)
            return None
        if int(text[:4]) > self.today.year:
            self.problem("imp.future_round", line, column, value=text)
            return None
        return text

    def when(self, value: str, line: int, column: str) -> date | None:
        text = value.strip()
        if not text:
            self.problem("imp.required", line, column)
            return None
        formats = tuple(self.words.date_formats)
        if self.month_first:  # m/d/yyyy: the day-first formats with day and month swapped
            formats = tuple(
                f.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m") if f.startswith("%d") else f
                for f in formats
            )
        plain = clean_date(text)
        for fmt in formats:
            try:
                parsed = datetime.strptime(plain, fmt).date()
                break
            except ValueError:
                continue
        else:
            self.problem("imp.bad_date", line, column, value=text[:40])
            return None
        if parsed == ANONYMISED:  # LimeSurvey's date in an anonymised survey: no date at all
            self.problem("imp.anonymised_date", line, column, value=text[:40])
            return None
        if parsed < date(2000, 1, 1) or parsed > self.today + timedelta(days=1):
            self.problem("imp.date_out_of_range", line, column, value=text[:40])
            return None
        return parsed

    def score(self, value: str, line: int, column: str) -> tuple[bool, int | None]:
        """(ok, score): None is "weet niet"."""
        text = value.strip()
        key = _norm(text)
        if key in self.words.dont_know:
            return True, None
        if key in self.labels:
            return True, self.labels[key]
        match = re.fullmatch(r"(-?\d+)(?:[.,]0+)?(?:\s*[-–—.:)]\s*\D.*)?", text)
        if match:
            number = int(match.group(1))
            if 1 <= number <= 5:
                return True, number
            self.problem("imp.score_range", line, column, value=text[:40])
            return False, None
        label = " ".join(text.split())[:80]
        self.unknown_labels[label] = self.unknown_labels.get(label, 0) + 1
        self.problem("imp.not_a_score", line, column, value=text[:40])
        return False, None

    def flag(self, value: str, line: int, column: str) -> bool | None:
        key = _norm(value)
        if key in self.words.yes:
            return True
        if key in self.words.no:
            return False
        self.problem("imp.bad_flag", line, column, value=value[:40])
        return None


def _long(sheet: Sheet, role: dict, c: _Context) -> list[dict]:
    missing = [k for k in ("cooperative", "round", "respondent") if role[k] is None]
    for kind in missing:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": COLUMN_TEXT[kind]}, line=1))
    if missing:
        return []
    h = sheet.header
    known = c.model.known_statement_ids
    rows: list[dict[str, object]] = []
    seen: dict[tuple, int] = {}
    total = len(sheet.rows)
    for n, (cells, line) in enumerate(zip(sheet.rows, sheet.numbers, strict=True)):
        if n % 5000 == 0:
            c.tick("check", n, total)
        cells = cells + [""] * (len(h) - len(cells))
        coop = c.cooperative(cells[role["cooperative"]], line, h[role["cooperative"]])
        rnd = c.round(cells[role["round"]], line, h[role["round"]])
        who = c.text(cells[role["respondent"]], line, h[role["respondent"]])
        sid: str | None = cells[role["statement"]].strip()
        if sid not in known:
            c.problem("imp.unknown_statement", line, h[role["statement"]], value=str(sid)[:40] or "(leeg)")
            sid = None
        ok, score = c.score(cells[role["score"]], line, h[role["score"]])
        discuss: bool | None = False
        if role["discuss"] is not None:
            discuss = c.flag(cells[role["discuss"]], line, h[role["discuss"]])
        version = c.model.model_version
        if role["model_version"] is not None and cells[role["model_version"]].strip():
            version = cells[role["model_version"]].strip()[:20]
        if coop is None or rnd is None or who is None or sid is None or discuss is None or not ok:
            continue
        key = (coop, rnd, who.casefold(), sid)
        if key in seen:
            c.problem("imp.duplicate_row", line, h[role["statement"]], first=seen[key])
            continue
        seen[key] = line
        rows.append(score_row(coop, rnd, who, sid, score, version, discuss=discuss))
    c.tick("check", total, total)
    return rows


ANONYMISED = date(1980, 1, 1)
ZONE = re.compile(
    r"\s+(?!(?:AM|PM)$)(?:[A-Z]{2,5}|(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?|(?:GMT|UTC)[+-]?\d{0,2})$"
)
MERIDIEM = re.compile(r"\s*\b([ap])\.?\s?m\.?$", re.IGNORECASE)


def clean_date(text: str) -> str:
    """A date as the forms write it, made plain for strptime: Google's `2026/11/19 1:27:14 a.m. CET`
    becomes `2026/11/19 1:27:14 AM`; ISO's `T…` with fractions and zone loses the fractions and zone."""
    text = " ".join(text.split())
    if re.match(r"\d{4}-\d{2}-\d{2}T", text):
        return text[:19]
    text = ZONE.sub("", text)
    return MERIDIEM.sub(lambda m: " " + m[1].upper() + "M", text).strip()


DMY = re.compile(r"\s*(\d{1,2})([/-])(\d{1,2})[/-](\d{4})\b")


def date_order(values) -> str:
    """How a column writes its dates: "dmy", "mdy", "mixed" (both appear), or "ambiguous" (slashes,
    and no day above 12 to tell day from month). Dashes are Dutch (day first) unless a value says not."""
    day_first = month_first = unclear = False
    for value in values:
        match = DMY.match(value)
        if not match:
            continue
        a, sep, b = int(match[1]), match[2], int(match[3])
        day_first |= a > 12
        month_first |= b > 12
        unclear |= sep == "/" and a <= 12 and b <= 12 and a != b
    if day_first and month_first:
        return "mixed"
    if month_first:
        return "mdy"
    if day_first or not unclear:
        return "dmy"
    return "ambiguous"


STATEMENT_ID = re.compile(r"^\s*\[?(D\d{1,2}\.\d{1,2})\b")
BRACKETS = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")
ABBREVIATED = re.compile(r"(?:\.\.\.?|…)\s*$")


class Matcher:
    """Which statement a column heading is: a mapping's choice, an id (`D4.2`, `D4.2 Wij …`, `[D4.2]`),
    the statement's text in Dutch or English, the row text of a grid or matrix (`Titel [rijtekst]`, as
    Google Forms, LimeSurvey and SurveyMonkey write it), or the start of that text when a tool cut the
    heading short (`Wij hebben een …`, when only one statement starts that way)."""

    def __init__(self, model: Groeimodel, mapping: Mapping):
        self.model = model
        self.known = model.known_statement_ids
        self.chosen = {_norm(k): v.strip() for k, v in mapping.columns.items()}
        self.texts: dict[str, str] = {}
        for sid in model.statement_ids:
            for lang in ("nl", "en"):
                self.texts[_norm(model.statement_text(sid, lang))] = sid

    def match(self, header: str) -> tuple[str, str] | None:
        key = _norm(header)
        if key in self.chosen:
            return self.chosen[key], "mapping"
        found = self._by_id_or_text(header)
        if found is None:
            bracket = BRACKETS.match(header)
            if bracket:  # a grid's row: the text in the brackets, else the question before them
                found = self._by_id_or_text(bracket[2]) or self._by_id_or_text(bracket[1])
        return found

    def _by_id_or_text(self, text: str) -> tuple[str, str] | None:
        match = STATEMENT_ID.match(text)
        if match and match[1] in self.known:
            return match[1], "id"
        hit = self.texts.get(_norm(text))
        if hit:
            return hit, "text"
        if ABBREVIATED.search(text):
            start = _norm(ABBREVIATED.sub("", text))
            hits = {sid for t, sid in self.texts.items() if len(start) >= 12 and t.startswith(start)}
            if len(hits) == 1:
                return hits.pop(), "text"
        return None


def _wide(
    sheet: Sheet,
    role: dict,
    c: _Context,
    matcher: Matcher,
    cooperative: str | None,
    round_id: str | None,
) -> tuple[list[dict], list[tuple[str, str, str]], list[str]]:
    model = c.model
    h = sheet.header
    at = sheet.header_line
    meta = {role[k] for k in ("cooperative", "round", "respondent", "date") if role[k] is not None}
    statement_columns: list[tuple[int, str]] = []
    used: list[tuple[str, str, str]] = []
    ignored: list[str] = []
    taken: dict[str, str] = {}
    for i, header in enumerate(h):
        if i in meta or not header:
            continue
        found = matcher.match(header)
        if found is None or found[0] == IGNORE:
            ignored.append(header)
            continue
        sid, how = found
        if sid not in model.known_statement_ids:
            c.problems.add(
                Problem(
                    c.file, "imp.mapping_unknown", {"value": sid, "header": header}, line=at, column=header
                )
            )
            continue
        if sid in taken:
            c.problems.add(
                Problem(
                    c.file, "imp.statement_twice", {"id": sid, "other": taken[sid]}, line=at, column=header
                )
            )
            continue
        taken[sid] = header
        statement_columns.append((i, sid))
        used.append((header, sid, how))
    present = {_norm(x) for x in h}
    for missing in [k for k in c.mapping.columns if _norm(k) not in present]:
        c.problems.add(Problem(c.file, "imp.mapping_header_missing", {"header": missing}, line=at))
    if not statement_columns:
        c.problems.add(Problem(c.file, "imp.no_statements", line=at))
    if cooperative is None and role["cooperative"] is None:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col.cooperative"}, line=at))
    if round_id is None and role["round"] is None and role["date"] is None:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col.round"}, line=at))
    if role["respondent"] is None:
        c.problems.add(Problem(c.file, "imp.no_respondent_column", line=at))
    elif not any(len(r) > role["respondent"] and r[role["respondent"]].strip() for r in sheet.rows):
        # An anonymous form (Microsoft Forms leaves Naam empty): say which choice makes it work.
        column = h[role["respondent"]]
        c.problems.add(Problem(c.file, "imp.respondent_empty", {"column": column}, line=at, column=column))
    if c.problems:
        return [], used, ignored
    fixed_coop = None
    if cooperative is not None:
        fixed_coop = cooperative if cooperative in c.ids else c.by_name.get(_norm(cooperative))
        if fixed_coop is None:
            c.problems.add(Problem(c.file, "imp.unknown_cooperative", {"value": cooperative}))
            return [], used, ignored
    if round_id is not None and not re.fullmatch(ROUND_PATTERN, round_id):
        c.problems.add(Problem(c.file, "imp.bad_round", {"value": round_id}))
        return [], used, ignored

    if round_id is None and role["round"] is None and role["date"] is not None:
        # The dates decide the rounds: read them the way the file writes them, or say it cannot be told.
        order = date_order(
            clean_date(cells[role["date"]]) for cells in sheet.rows if len(cells) > role["date"]
        )
        column = h[role["date"]]
        if order in ("mixed", "ambiguous"):
            which = "imp.dates_mixed" if order == "mixed" else "imp.dates_ambiguous"
            c.problems.add(Problem(c.file, which, {"column": column}, line=at, column=column))
            return [], used, ignored
        c.month_first = order == "mdy"
        c.rounds_from_dates = True

    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    total = len(sheet.rows)
    for n, (cells, line) in enumerate(zip(sheet.rows, sheet.numbers, strict=True)):
        if n % 1000 == 0:
            c.tick("check", n, total)
        cells = cells + [""] * (len(h) - len(cells))
        coop = fixed_coop or c.cooperative(cells[role["cooperative"]], line, h[role["cooperative"]])
        rnd: str | None
        if round_id is not None:
            rnd = round_id  # the dates are not read then: a chosen round is the answer, whatever they say
        elif role["round"] is not None:
            rnd = c.round(cells[role["round"]], line, h[role["round"]])
        else:
            day = c.when(cells[role["date"]], line, h[role["date"]])
            rnd = round_for_date(day) if day else None
        who = c.text(cells[role["respondent"]], line, h[role["respondent"]])
        answers = []
        for i, sid in statement_columns:
            ok, score = c.score(cells[i], line, h[i])
            if ok:
                answers.append((sid, score))
        if coop is None or rnd is None or who is None or len(answers) < len(statement_columns):
            continue
        key = (coop, rnd, who.casefold())
        if key in seen:
            c.problem("imp.duplicate_respondent", line, h[role["respondent"]], first=seen[key], who=who)
            continue
        seen[key] = line
        rows += [score_row(coop, rnd, who, sid, score, model.model_version) for sid, score in answers]
    c.tick("check", total, total)
    return rows, used, ignored


# -- writing: all or nothing, once -------------------------------------------------------------------
def run_import(store: Store, plan: ImportPlan, progress: Progress | None = None, by: str = "cli") -> int:
    """Write a checked plan as one save; refuses a file (or data) that was imported before."""
    if not plan.ok:
        raise ProblemsError(plan.problems)
    if not plan.rows and not any(plan.extra.values()):
        raise ProblemsError([Problem(plan.file, "imp.header_only")])
    store.data_dir.mkdir(parents=True, exist_ok=True)
    # One import at a time, so two imports of the same file cannot both pass the check below.
    with filelock.FileLock(str(store.data_dir / "importen.lock"), timeout=store.lock_timeout):
        # What is stored now (another import or a page may have saved since the check): only what differs.
        for name, rows in plan.extra.items():
            plan.extra[name], _ = extra_changes(store, EXTRA_SHEETS[name], rows)
        refused = refusal(store, plan)
        if refused is not None:
            raise ProblemsError([refused])
        plan.rows, plan.changed, plan.unchanged = changes(store, plan.rows, plan.unchanged)
        if progress:
            progress("write", 0, len(plan.rows))
        coops = sorted(
            {r["cooperative_id"] for r in [*plan.rows, *(x for r in plan.extra.values() for x in r)]}
        )
        # New cooperatives, the rows and the import log: one operation, stored whole or not at all.
        with store.operation(COOPERATIVES, SCORES, NOTES, BOARD_SCORES, IMPORTS, AUDIT) as change:
            if plan.new_cooperatives:
                change.append(COOPERATIVES, plan.new_cooperatives)
            if plan.rows:
                change.append(SCORES, plan.rows)
            for name, rows in plan.extra.items():
                if rows:
                    change.append(EXTRA_SHEETS[name], rows)
            change.append(
                IMPORTS,
                [
                    {
                        "import_id": plan.digest,
                        "file": plan.file[:200],
                        "layout": plan.layout,
                        "rows": len(plan.rows) + sum(len(r) for r in plan.extra.values()),
                        "cooperatives": " ".join(coops)[:500],
                    }
                ],
            )
            change.append(
                AUDIT,
                [{"user": by, "action": "import", "scope": " ".join(coops)[:200], "detail": plan.file[:300]}],
            )
        if progress:
            progress("write", len(plan.rows), len(plan.rows))
    return len(plan.rows)


def refusal(store: Store, plan: ImportPlan) -> Problem | None:
    """Why this file may not be imported now (imported before, or all of it already stored), or None.

    Asked by the check (so it never calls a file fine that the import then refuses) and again by the
    import itself under the import lock.
    """
    log = store.current(IMPORTS).frame
    earlier = log[log["import_id"] == plan.digest]
    if len(earlier):
        when = Locale().moment(earlier["saved_at"].iloc[-1])
        return Problem(plan.file, "imp.already_imported", {"when": when, "file": earlier["file"].iloc[-1]})
    # plan.extra holds only what differs from the store (filtered by extra_changes before asking).
    if _already_stored(store, plan) and not any(plan.extra.values()):
        return Problem(plan.file, "imp.already_stored")
    return None


KEYS = ["cooperative_id", "round", "respondent", "statement_id"]


def changes(store: Store, rows: list[dict], unchanged: int = 0) -> tuple[list[dict], int, int]:
    """(the rows that are new or differ from the stored value, how many of them change a stored value,
    how many are already stored as they are): importing 3,000 rows with one change stores one row."""
    current = store.current(SCORES).frame
    if not len(current) or not rows:
        return rows, 0, unchanged
    incoming = pd.DataFrame(rows)
    stored = current[[*KEYS, "score", "discuss"]].rename(columns={"score": "s_old", "discuss": "d_old"})
    joined = incoming.merge(stored, on=KEYS, how="left", indicator=True)
    present = joined["_merge"].eq("both").to_numpy()
    new = pd.to_numeric(joined["score"], errors="coerce").astype("Float64")
    old = joined["s_old"].astype("Float64")
    same_score = ((old == new).fillna(False) | (old.isna() & new.isna())).to_numpy(dtype=bool)
    same_flag = (joined["d_old"].fillna(False).astype(bool) == joined["discuss"].astype(bool)).to_numpy()
    same = present & same_score & same_flag
    keep = [row for row, s in zip(rows, same, strict=True) if not s]
    return keep, int((present & ~same).sum()), unchanged + int(same.sum())


def _rounds(rows: list[dict]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["cooperative_id"]), str(row["round"]))
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _two_rounds(plan: ImportPlan) -> list[Problem]:
    """A note for each cooperative whose rows in this file go to more than one round (often a date
    read the wrong way round, or two years in one sheet)."""
    per_coop: dict[str, list[str]] = {}
    for coop, rnd in plan.rounds:
        per_coop.setdefault(coop, []).append(rnd)
    return [
        Problem(plan.file, "imp.two_rounds", {"cooperative": coop, "rounds": ", ".join(rounds)})
        for coop, rounds in per_coop.items()
        if len(rounds) > 1
    ]


def _already_stored(store: Store, plan: ImportPlan) -> bool:
    """True when every row of the plan is already the current value in the store."""
    if not plan.rows:  # nothing left to store (only other sheets may still hold something new)
        return True
    current = store.current(SCORES).frame
    if not len(current):
        return False
    keys = ["cooperative_id", "round", "respondent", "statement_id"]
    incoming = pd.DataFrame(plan.rows)
    joined = incoming.merge(current[[*keys, "score"]], on=keys, how="left", suffixes=("", "_stored"))
    if len(joined) != len(incoming):
        return False
    stored = joined["score_stored"].astype("Float64")
    new = pd.to_numeric(joined["score"], errors="coerce").astype("Float64")
    present = joined.merge(current[keys], on=keys, how="left", indicator=True)["_merge"].eq("both")
    same = (stored == new).fillna(False) | (stored.isna() & new.isna())
    return bool(present.all() and same.all())
