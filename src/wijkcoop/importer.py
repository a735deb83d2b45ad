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
from .tables import COOPERATIVES, IMPORTS, SCORES, score_row

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MAX_PROBLEMS = 200
FORMULA = re.compile(r"^[=+@]|^-(?![\d.,])")

_norm = norm


# -- reading -------------------------------------------------------------------------------------------
@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]  # the spreadsheet's row number of each data row (header = 1)
    encoding: str = ""
    separator: str = ""
    short: list[int] = field(default_factory=list)  # CSV rows with fewer cells than the header (cut off)
    other_sheets: list[str] = field(default_factory=list)  # an xlsx's sheets after the first: not read


def read_sheet(data: bytes, name: str) -> Sheet:
    """The first sheet of an xlsx, or a CSV in any of the encodings and separators people use."""
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
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda sep: counts[sep])
    if counts[separator] == 0:
        raise ProblemsError([Problem(name, "imp.separator", line=1)])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows, numbers, short = [], [], []
    try:
        header = next(reader)
        number = reader.line_num
        for row in reader:
            number_here = number + 1
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                short.append(number_here)  # a file cut off part-way: its missing cells are not "weet niet"
            rows.append(row)
            numbers.append(number_here)
    except csv.Error as exc:
        raise ProblemsError(
            [Problem(name, "imp.quotes", {"problem": str(exc)}, line=reader.line_num)]
        ) from None
    label = {";": ";", ",": ",", "\t": "tab"}[separator]
    return Sheet(name, [h.strip() for h in header], rows, numbers, encoding, label, short=short)


def _read_xlsx(data: bytes, name: str) -> Sheet:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or password-protected workbook: say so, no traceback
        raise ProblemsError([Problem(name, "imp.bad_xlsx")]) from None
    sheet = book.worksheets[0]
    others = [ws.title for ws in book.worksheets[1:]]
    rows, numbers, header = [], [], None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if any(c.strip() for c in cells):
            rows.append(cells)
            numbers.append(number)
    book.close()
    if header is None:
        raise ProblemsError([Problem(name, "imp.empty")])
    return Sheet(name, header, rows, numbers, "xlsx", "", other_sheets=others)


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


def read_mapping(data: bytes, name: str) -> dict[str, str]:
    """A mapping file: YAML (`kolomkop: D4.2`) or CSV with two columns (header, statement id)."""
    import yaml

    text = data.decode("utf-8-sig", errors="replace")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        raw = None
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    sheet = read_sheet(data, name)
    return {row[0]: row[1] for row in [sheet.header, *sheet.rows] if len(row) >= 2}


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
        if self.other_sheets:
            lines.append(t("imp.other_sheets", lang, sheets=", ".join(self.other_sheets)))
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

        lines += [note.message(lang) for note in self.notes]
        return lines


# The words for the importer's stages, layouts and ways of recognising a column (CLI and app alike).
STAGE_TEXT = {"check": N_("cli.import.stage.check"), "write": N_("cli.import.stage.write")}
LAYOUT_TEXT = {
    "long": N_("cli.import.layout.long"),
    "wide": N_("cli.import.layout.wide"),
    "": N_("cli.import.layout.none"),
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
    mapping: dict[str, str] | None = None,
    cooperative: str | None = None,
    round_id: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check a file; returns the rows it would write and every problem found."""
    name = Path(name).name
    digest = hashlib.sha256(data).hexdigest()
    try:
        sheet = read_sheet(data, name)
    except ProblemsError as exc:
        return ImportPlan(name, digest, "", problems=exc.problems)
    plan = ImportPlan(
        name, digest, "", encoding=sheet.encoding, separator=sheet.separator, other_sheets=sheet.other_sheets
    )
    if not sheet.rows:
        plan.problems.append(Problem(name, "imp.header_only"))
        return plan
    model = store.model
    register = store.current(COOPERATIVES).frame
    try:
        words = load_import_words()
    except ProblemsError as exc:
        return ImportPlan(name, digest, "", problems=exc.problems)
    context = _Context(model, register, today or date.today(), name, _Problems(), progress, words)
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
    if role["statement"] is not None and role["score"] is not None:
        plan.layout = "long"
        plan.new_cooperatives = _register_columns(sheet, columns, context)
        plan.rows = _long(sheet, role, context)
    else:
        plan.layout = "wide"
        plan.rows, plan.mapping, plan.ignored = _wide(
            sheet, role, context, mapping or {}, cooperative, round_id
        )
    plan.problems = list(context.problems)
    if not plan.problems and plan.rows:
        plan.rounds = _rounds(plan.rows)
        plan.notes = _two_rounds(plan) if context.rounds_from_dates else []
        # The check says what the import will say: a file imported before is refused here already.
        refused = refusal(store, plan)
        if refused is not None:
            plan.problems.append(refused)
        else:
            plan.rows, plan.changed, plan.unchanged = changes(store, plan.rows)
    if plan.problems:
        plan.rows, plan.new_cooperatives = [], []
    return plan


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

    def __post_init__(self):
        self.ids = set(self.register["cooperative_id"])
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
        for fmt in formats:
            try:
                parsed = datetime.strptime(text.split(".")[0] if "T" in text else text, fmt).date()
                break
            except ValueError:
                continue
        else:
            self.problem("imp.bad_date", line, column, value=text[:40])
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
        match = re.fullmatch(r"(-?\d+)(?:[.,]0+)?(?:\s*[-.:)]\s*\D.*)?", text)
        if match:
            number = int(match.group(1))
            if 1 <= number <= 5:
                return True, number
            self.problem("imp.score_range", line, column, value=text[:40])
            return False, None
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
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col." + kind}, line=1))
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


def _match_statement(
    header: str, model: Groeimodel, mapping: dict[str, str], texts: dict
) -> tuple[str, str] | None:
    if header in mapping:
        return mapping[header], "mapping"
    if _norm(header) in {_norm(k): v for k, v in mapping.items()}:
        return {_norm(k): v for k, v in mapping.items()}[_norm(header)], "mapping"
    match = re.match(r"^\s*\[?(D\d{1,2}\.\d{1,2})\b", header)
    if match and match.group(1) in model.known_statement_ids:
        return match.group(1), "id"
    hit = texts.get(_norm(header))
    if hit:
        return hit, "text"
    return None


def _wide(
    sheet: Sheet,
    role: dict,
    c: _Context,
    mapping: dict[str, str],
    cooperative: str | None,
    round_id: str | None,
) -> tuple[list[dict], list[tuple[str, str, str]], list[str]]:
    model = c.model
    texts = {}
    for sid in model.statement_ids:
        for lang in ("nl", "en"):
            texts[_norm(model.statement_text(sid, lang))] = sid
    h = sheet.header
    meta = {role[k] for k in ("cooperative", "round", "respondent", "date") if role[k] is not None}
    statement_columns: list[tuple[int, str]] = []
    used: list[tuple[str, str, str]] = []
    ignored: list[str] = []
    taken: dict[str, str] = {}
    for i, header in enumerate(h):
        if i in meta or not header:
            continue
        found = _match_statement(header, model, mapping, texts)
        if found is None:
            ignored.append(header)
            continue
        sid, how = found
        if sid not in model.known_statement_ids:
            c.problems.add(
                Problem(
                    c.file, "imp.mapping_unknown", {"value": sid, "header": header}, line=1, column=header
                )
            )
            continue
        if sid in taken:
            c.problems.add(
                Problem(
                    c.file, "imp.statement_twice", {"id": sid, "other": taken[sid]}, line=1, column=header
                )
            )
            continue
        taken[sid] = header
        statement_columns.append((i, sid))
        used.append((header, sid, how))
    for missing in set(mapping) - set(h):
        c.problems.add(Problem(c.file, "imp.mapping_header_missing", {"header": missing}, line=1))
    if not statement_columns:
        c.problems.add(Problem(c.file, "imp.no_statements", line=1))
    if cooperative is None and role["cooperative"] is None:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col.cooperative"}, line=1))
    if round_id is None and role["round"] is None and role["date"] is None:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col.round"}, line=1))
    if role["respondent"] is None:
        c.problems.add(Problem(c.file, "imp.missing_column", {"column": "@imp.col.respondent"}, line=1))
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
        order = date_order(cells[role["date"]] for cells in sheet.rows if len(cells) > role["date"])
        column = h[role["date"]]
        if order in ("mixed", "ambiguous"):
            which = "imp.dates_mixed" if order == "mixed" else "imp.dates_ambiguous"
            c.problems.add(Problem(c.file, which, {"column": column}, line=1, column=column))
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
            rnd = round_id
        elif role["round"] is not None:
            rnd = c.round(cells[role["round"]], line, h[role["round"]])
        else:
            day = c.when(cells[role["date"]], line, h[role["date"]])
            rnd = round_for_date(day) if day else None
        if role["date"] is not None and (round_id is not None or role["round"] is not None):
            c.when(cells[role["date"]], line, h[role["date"]])  # a date that makes no sense is still wrong
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
def run_import(store: Store, plan: ImportPlan, progress: Progress | None = None) -> int:
    """Write a checked plan as one save; refuses a file (or data) that was imported before."""
    if not plan.ok:
        raise ProblemsError(plan.problems)
    if not plan.rows:
        raise ProblemsError([Problem(plan.file, "imp.header_only")])
    store.data_dir.mkdir(parents=True, exist_ok=True)
    # One import at a time, so two imports of the same file cannot both pass the check below.
    with filelock.FileLock(str(store.data_dir / "importen.lock"), timeout=store.lock_timeout):
        refused = refusal(store, plan)
        if refused is not None:
            raise ProblemsError([refused])
        # What is stored now (another import or a page may have saved since the check): only what differs.
        plan.rows, plan.changed, plan.unchanged = changes(store, plan.rows, plan.unchanged)
        if progress:
            progress("write", 0, len(plan.rows))
        coops = sorted({r["cooperative_id"] for r in plan.rows})
        # New cooperatives, the rows and the import log: one operation, stored whole or not at all.
        with store.operation(COOPERATIVES, SCORES, IMPORTS) as change:
            if plan.new_cooperatives:
                change.append(COOPERATIVES, plan.new_cooperatives)
            change.append(SCORES, plan.rows)
            change.append(
                IMPORTS,
                [
                    {
                        "import_id": plan.digest,
                        "file": plan.file[:200],
                        "layout": plan.layout,
                        "rows": len(plan.rows),
                        "cooperatives": " ".join(coops)[:500],
                    }
                ],
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
    if _already_stored(store, plan):
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
