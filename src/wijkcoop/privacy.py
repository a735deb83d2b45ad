"""The AVG side of the data folder: the processing register, a person's own data (inzage,
portability), the audit log, and the retention policy.

The register lives here, beside the schema (tables.py), and docs/privacy.md is generated from it
(`wijkcoop privacy register`); tests/test_privacy.py fails when a table gets a text or person column that
the register does not mention, and when docs/privacy.md differs from what the code generates.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from .i18n import N_, t
from .rules import DRAFTS_DIR
from .store import Store
from .tables import AUDIT, LOGS, TABLES, Table

# -- the processing register ---------------------------------------------------------------------------
KEEP_REQUEST = N_("reg.keep.until_request")
KEEP_LOG = N_("reg.keep.log")
KEEP_PARTICIPANTS = N_("reg.keep.participants")
KEEP_MEMBERS = N_("reg.keep.members")


@dataclass(frozen=True)
class Entry:
    why: str  # catalog key: the purpose
    keep: str  # catalog key: how long


# Every column that holds (or may hold) personal data: who someone is, or what they wrote themselves.
REGISTER: dict[tuple[str, str], Entry] = {
    ("scores", "respondent"): Entry(N_("reg.why.respondent"), KEEP_MEMBERS),
    ("notes", "respondent"): Entry(N_("reg.why.respondent"), KEEP_MEMBERS),
    ("paper", "respondent"): Entry(N_("reg.why.respondent"), KEEP_MEMBERS),
    ("paper", "entered_by"): Entry(N_("reg.why.entered_by"), KEEP_MEMBERS),
    ("notes", "note"): Entry(N_("reg.why.note"), KEEP_MEMBERS),
    ("board_scores", "rationale"): Entry(N_("reg.why.rationale"), KEEP_REQUEST),
    ("plan", "what"): Entry(N_("reg.why.plan"), KEEP_REQUEST),
    ("plan", "who"): Entry(N_("reg.why.plan_who"), KEEP_REQUEST),
    ("plan", "done_when"): Entry(N_("reg.why.plan"), KEEP_REQUEST),
    ("plan_reviews", "note"): Entry(N_("reg.why.plan"), KEEP_REQUEST),
    ("sessions", "trainer"): Entry(N_("reg.why.trainer"), KEEP_REQUEST),
    ("participants", "participant"): Entry(N_("reg.why.participant"), KEEP_PARTICIPANTS),
    ("participants", "name"): Entry(N_("reg.why.participant_name"), KEEP_PARTICIPANTS),
    ("ratings", "participant"): Entry(N_("reg.why.participant"), KEEP_PARTICIPANTS),
    ("evaluations", "participant"): Entry(N_("reg.why.participant"), KEEP_PARTICIPANTS),
    ("evaluations", "top"): Entry(N_("reg.why.evaluation_text"), KEEP_PARTICIPANTS),
    ("evaluations", "tip"): Entry(N_("reg.why.evaluation_text"), KEEP_PARTICIPANTS),
    ("session_trainers", "user"): Entry(N_("reg.why.login"), KEEP_REQUEST),
    ("access", "user"): Entry(N_("reg.why.login"), KEEP_REQUEST),
    ("access", "by"): Entry(N_("reg.why.login"), KEEP_REQUEST),
    ("erasures", "person_hash"): Entry(N_("reg.why.erasure"), KEEP_LOG),
    ("erasures", "by"): Entry(N_("reg.why.login"), KEEP_LOG),
    ("audit", "user"): Entry(N_("reg.why.audit"), KEEP_LOG),
    ("audit", "scope"): Entry(N_("reg.why.audit"), KEEP_LOG),
}

# Text columns that hold no personal data, each with the reason (a new text column must go in one of
# the two lists: the test says which).
NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("cooperatives", "name"): "an organisation's name",
    ("cooperatives", "doorbraakgebied"): "an area",
    ("cooperatives", "gemeente"): "a municipality",
    ("scores", "model_version"): "a version number",
    ("board_scores", "model_version"): "a version number",
    ("sessions", "place"): "a venue",
    ("imports", "import_id"): "a checksum of a file",
    ("imports", "file"): "a file name",
    ("imports", "cooperatives"): "cooperative ids",
    ("access", "doorbraakgebied"): "an area",
    ("erasures", "erasure_id"): "a time stamp and a random number",
    ("erasures", "salt"): "a random number",
    ("audit", "detail"): "file names and counts",
}

TABLE_TEXT = {
    "cooperatives": N_("privacy.table.cooperatives"),
    "scores": N_("privacy.table.scores"),
    "notes": N_("privacy.table.notes"),
    "board_scores": N_("privacy.table.board_scores"),
    "rounds": N_("privacy.table.rounds"),
    "paper": N_("privacy.table.paper"),
    "plan": N_("privacy.table.plan"),
    "plan_reviews": N_("privacy.table.plan_reviews"),
    "sessions": N_("privacy.table.sessions"),
    "participants": N_("privacy.table.participants"),
    "ratings": N_("privacy.table.ratings"),
    "evaluations": N_("privacy.table.evaluations"),
    "imports": N_("privacy.table.imports"),
    "session_trainers": N_("privacy.table.session_trainers"),
    "access": N_("privacy.table.access"),
    "erasures": N_("privacy.table.erasures"),
    "audit": N_("privacy.table.audit"),
}


def personal_columns(table: Table) -> list[str]:
    """The columns the register must account for: a person's name or key, or any free text."""
    return [c.name for c in table.columns if c.kind == "text" or c.name in table.person]


def register_markdown() -> str:
    """docs/privacy.md: what is kept, why and how long, in Dutch and English (generated; do not edit)."""
    from .maintenance import BACKUP_DAYS

    periods = {"days": BACKUP_DAYS, "rounds": MEMBER_ROUNDS}
    lines = [
        "# Privacy: verwerkingsregister · processing register",
        "",
        "<!-- Gemaakt door `wijkcoop privacy register` uit src/wijkcoop/privacy.py; niet met de hand "
        "bewerken. Generated from the code; do not edit. -->",
        "",
        t("reg.intro", "nl", days=BACKUP_DAYS),
        "",
        f"*{t('reg.intro', 'en', days=BACKUP_DAYS)}*",
        "",
        "| bestand · file | kolom · column | waarom · why | hoe lang · how long |",
        "|---|---|---|---|",
    ]
    for table in TABLES.values():
        for column in personal_columns(table):
            entry = REGISTER.get((table.name, column))
            if entry is None:
                continue
            lines.append(
                f"| `{table.filename}` | `{column}` | {t(entry.why, 'nl')} · *{t(entry.why, 'en')}* | "
                f"{t(entry.keep, 'nl', **periods)} · *{t(entry.keep, 'en', **periods)}* |"
            )
    lines += ["", t("reg.rights", "nl"), "", f"*{t('reg.rights', 'en')}*", ""]
    return "\n".join(lines)


# -- the audit log -----------------------------------------------------------------------------------
def audit(store: Store, user: str, action: str, scope: str = "", detail: str = "") -> None:
    """One line in the audit log (logboek.csv): who did what, to which data, when (the store adds when)."""
    store.append(
        AUDIT, [{"user": user[:100], "action": action, "scope": scope[:200], "detail": detail[:300]}]
    )


def audit_rows(store: Store) -> pd.DataFrame:
    frame = store.read(AUDIT).frame
    return frame[["saved_at", "user", "action", "scope", "detail"]].iloc[::-1].reset_index(drop=True)


# -- inzage and portability ----------------------------------------------------------------------------
def person_rows(store: Store, who: str, cooperative: str | None = None) -> dict[str, pd.DataFrame]:
    """Every row about a person, from every table, history included: the rows an erasure of the same
    person would remove (maintenance), plus the audit log's lines of what they did themselves."""
    from .maintenance import _erase_selection, _person_key

    key = _person_key(who)
    found = _erase_selection(store, lambda k: k == key, cooperative)
    out: dict[str, pd.DataFrame] = {}
    for table in TABLES.values():
        if table in LOGS:
            continue
        rows = found.get(table.filename)
        if rows:
            out[table.name] = pd.DataFrame(rows[1], columns=rows[0])
    log = store.read(AUDIT).frame
    mine = log[log["user"].map(_person_key) == key] if len(log) else log
    if len(mine):
        out[AUDIT.name] = mine.reset_index(drop=True)
    return out


def person_export(store: Store, who: str, cooperative: str | None, fmt: str, lang: str, by: str) -> bytes:
    """The person's own data as xlsx (a cover sheet explaining each sheet and column first) or JSON,
    and a line in the audit log saying who asked for it."""
    tables = person_rows(store, who, cooperative)
    made = datetime.now(UTC).isoformat(timespec="seconds")
    cover = [
        {"sheet": "", "column": "", "meaning": t("privacy.cover", lang, who=who, made=made)},
    ]
    for name, frame in tables.items():
        cover.append({"sheet": name, "column": "", "meaning": t(TABLE_TEXT[name], lang)})
        for column in frame.columns:
            entry = REGISTER.get((name, column))
            meaning = t(entry.why, lang) if entry else column_meaning(column, lang)
            cover.append({"sheet": name, "column": column, "meaning": meaning})
    scope = f"{who}{' in ' + cooperative if cooperative else ''}"
    audit(store, by, "inzage", scope, f"{sum(len(f) for f in tables.values())} rows, {fmt}")
    if fmt == "json":
        doc = {
            "about": t("privacy.cover", lang, who=who, made=made),
            "columns": cover[1:],
            "tables": {name: frame.astype(str).to_dict("records") for name, frame in tables.items()},
        }
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    from .export import xlsx

    first = t("privacy.sheet.cover", lang)
    sheets = {first: pd.DataFrame(cover).rename(columns=lambda c: t(COVER_TEXT[c], lang))}
    sheets.update({name: frame.astype(str) for name, frame in tables.items()})
    return xlsx(sheets, fit=True)


COVER_TEXT = {
    "sheet": N_("privacy.col.sheet"),
    "column": N_("privacy.col.column"),
    "meaning": N_("privacy.col.meaning"),
}


def column_meaning(column: str, lang: str) -> str:
    """A column's meaning from the board workbook's headers where one exists, else its name."""
    from .apps.zelfevaluatie.present import COLUMN_TEXT

    return t(COLUMN_TEXT[column], lang) if column in COLUMN_TEXT else column


# -- retention of what is no longer needed --------------------------------------------------------------
RETENTION_MONTHS = 24  # default: participants' names and free text go this long after their session
ENV_RETENTION = "WIJKCOOP_RETENTION_MONTHS"
# default: a zelfevaluatie round's answers lose their member's name, and its notes go, once the cooperative
# has this many later rounds (three years at two rounds a year); its figures stay
MEMBER_ROUNDS = 6
ENV_MEMBER_ROUNDS = "WIJKCOOP_MEMBER_ROUNDS"
ANONYMOUS_MEMBER = "anoniem-"  # the prefix of a member's pseudonym in an old round


POLICY_FILE = "bewaarbeleid.yaml"  # in the data folder: the cooperative's own retention periods


def policy(data_dir) -> dict[str, int]:
    """The retention policy: `bewaarbeleid.yaml` in the data folder (`reservekopieen_dagen`,
    `deelnemers_maanden`, `leden_rondes`), else $WIJKCOOP_BACKUP_DAYS / $WIJKCOOP_RETENTION_MONTHS /
    $WIJKCOOP_MEMBER_ROUNDS, else 35 days, 24 months and 6 rounds. A value that is not a whole number above
    0 is left out (the default holds)."""
    import os
    from pathlib import Path

    from .maintenance import BACKUP_DAYS, ENV_BACKUP_DAYS

    found: dict[str, object] = {
        "reservekopieen_dagen": os.environ.get(ENV_BACKUP_DAYS, BACKUP_DAYS),
        "deelnemers_maanden": os.environ.get(ENV_RETENTION, RETENTION_MONTHS),
        "leden_rondes": os.environ.get(ENV_MEMBER_ROUNDS, MEMBER_ROUNDS),
    }
    path = Path(data_dir) / POLICY_FILE if data_dir is not None else None
    if path is not None and path.exists():
        import yaml

        try:
            given = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            given = {}
        if isinstance(given, dict):
            found.update({k: v for k, v in given.items() if k in found})
    defaults = {
        "reservekopieen_dagen": BACKUP_DAYS,
        "deelnemers_maanden": RETENTION_MONTHS,
        "leden_rondes": MEMBER_ROUNDS,
    }
    out = {}
    for key, value in found.items():
        try:
            out[key] = int(value) if int(value) > 0 else defaults[key]  # type: ignore[call-overload]
        except (TypeError, ValueError):
            out[key] = defaults[key]
    return out


def retention_months(data_dir=None) -> int:
    """How many months after a session its participants' names and free text go (see `policy`)."""
    return policy(data_dir)["deelnemers_maanden"]


@dataclass(frozen=True)
class Expired:
    session_id: str
    day: str
    names: int  # participants whose name (and consent to be named) goes; their key becomes a pseudonym
    texts: int  # evaluation texts (top, tip) emptied


@dataclass(frozen=True)
class ExpiredRound:
    cooperative_id: str
    round: str
    members: int  # board members whose name in this round becomes a pseudonym (their scores stay)
    notes: int  # notes removed


@dataclass(frozen=True)
class RetentionPlan:
    """What the policy removes now: summerschool sessions and zelfevaluatie rounds."""

    sessions: list[Expired]
    rounds: list[ExpiredRound]

    def __bool__(self) -> bool:
        return bool(self.sessions or self.rounds)

    def totals(self) -> tuple[int, int]:
        """(names, texts): participants' and members' names; evaluation texts and notes."""
        names = sum(e.names for e in self.sessions) + sum(r.members for r in self.rounds)
        return names, sum(e.texts for e in self.sessions) + sum(r.notes for r in self.rounds)

    def lines(self, lang: str, by_round: bool = False) -> list[str]:
        """What goes, a line per session and per cooperative's round; `by_round`: a line per round (a
        screen's list of every cooperative is too long to read)."""
        out = [
            t(
                "cli.privacy.retention_plan",
                lang,
                session=e.session_id,
                day=e.day,
                names=e.names,
                texts=e.texts,
            )
            for e in self.sessions
        ]
        if not by_round:
            return out + [
                t(
                    "cli.privacy.retention_round",
                    lang,
                    cooperative=r.cooperative_id,
                    round=r.round,
                    members=r.members,
                    notes=r.notes,
                )
                for r in self.rounds
            ]
        per_round: dict[str, list[ExpiredRound]] = {}
        for r in self.rounds:
            per_round.setdefault(r.round, []).append(r)
        return out + [
            t(
                "gd.retention_round",
                lang,
                round=round_id,
                cooperatives=len(part),
                members=sum(r.members for r in part),
                notes=sum(r.notes for r in part),
            )
            for round_id, part in sorted(per_round.items())
        ]


def _anonymous_member(cooperative_id: str, round_id: str, respondent: str) -> str:
    import hashlib

    key = f"{cooperative_id}\x00{round_id}\x00{respondent}".encode()
    return ANONYMOUS_MEMBER + hashlib.sha256(key).hexdigest()[:8]


def round_plan(store: Store, rounds: int | None = None) -> list[ExpiredRound]:
    """The zelfevaluatie rounds whose members are still named, or that still have notes, paper rows or
    drafts, while the cooperative has at least `rounds` later rounds."""
    from .tables import NOTES, PAPER, SCORES

    keep = rounds or policy(store.data_dir)["leden_rondes"]
    scores, notes = store.read(SCORES).frame, store.read(NOTES).frame
    paper = store.read(PAPER).frame
    if not len(scores):
        return []
    keys = ["cooperative_id", "round"]
    named = (
        scores[~scores["respondent"].str.startswith(ANONYMOUS_MEMBER)].groupby(keys)["respondent"].nunique()
    )
    noted = notes.groupby(keys).size() if len(notes) else pd.Series(dtype=int)
    typed = set(zip(paper["cooperative_id"], paper["round"], strict=True)) if len(paper) else set()
    found = []
    for coop, part in scores.groupby("cooperative_id", sort=True):
        ordered = sorted(part["round"].unique())
        for round_id in ordered[: max(len(ordered) - keep, 0)]:
            key = (coop, round_id)
            members, n_notes = int(named.get(key, 0)), int(noted.get(key, 0))
            drafts = any((store.data_dir / DRAFTS_DIR / str(coop) / str(round_id)).glob("*.json"))
            if members or n_notes or key in typed or drafts:
                found.append(ExpiredRound(str(coop), str(round_id), members, n_notes))
    return found


def _anonymous(session_id: str, participant: str) -> str:
    import hashlib

    return "deelnemer-" + hashlib.sha256(f"{session_id}\x00{participant}".encode()).hexdigest()[:8]


def retention_plan(
    store: Store, today: date | None = None, months: int | None = None, rounds: int | None = None
) -> RetentionPlan:
    """What the retention policy would remove now: per session held more than `months` months ago, the
    participants still named (by name or by a key that is not yet a pseudonym) and the evaluation texts;
    per zelfevaluatie round with `rounds` later rounds, the members still named and the notes."""
    return RetentionPlan(session_plan(store, today, months), round_plan(store, rounds))


def session_plan(store: Store, today: date | None = None, months: int | None = None) -> list[Expired]:
    """The sessions part of `retention_plan`."""
    from .tables import EVALUATIONS, PARTICIPANTS, SESSIONS

    limit = _months_before(today or date.today(), months or retention_months(store.data_dir))
    sessions = store.current(SESSIONS).frame
    old = sessions[sessions["date"] < limit.isoformat()] if len(sessions) else sessions
    people, evals = store.read(PARTICIPANTS).frame, store.read(EVALUATIONS).frame
    found = []
    for s in old.itertuples():
        mine = people[people["session_id"] == s.session_id] if len(people) else people
        named = mine[(mine["name"] != "") | ~mine["participant"].str.startswith("deelnemer-")]
        texts = evals[(evals["session_id"] == s.session_id) & ((evals["top"] != "") | (evals["tip"] != ""))]
        n, m = int(named["participant"].nunique()), len(texts)
        if n or m:
            found.append(Expired(s.session_id, s.date, n, m))
    return found


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


def apply_retention(
    store: Store,
    today: date | None = None,
    months: int | None = None,
    by: str = "cli",
    rounds: int | None = None,
) -> RetentionPlan:
    """Remove what `retention_plan` lists, in one operation.

    Sessions: every participant's name is emptied and consent to be named withdrawn, their key becomes a
    pseudonym in attendance, ratings and evaluations alike (so counts and learning gain stay), and the
    evaluations' free text is emptied. Zelfevaluatie rounds: each member's name becomes a pseudonym of that
    round alone in its scores (the board's figures, spread and trend stay); its notes and the rows saying
    who typed in a paper form go, and so do drafts of the round. Every other row stays byte for byte; the
    audit log says what went."""
    from .tables import EVALUATIONS, NOTES, PAPER, PARTICIPANTS, RATINGS, SCORES

    plan = retention_plan(store, today, months, rounds)
    if not plan:
        return plan
    sessions = {e.session_id for e in plan.sessions}
    old_rounds = {(e.cooperative_id, e.round) for e in plan.rounds}

    def session_row(col: dict[str, int], row: list[str]) -> list[str] | None:
        if row[col["session_id"]] not in sessions:
            return row
        new = list(row)
        who = new[col["participant"]]
        if not who.startswith("deelnemer-"):
            new[col["participant"]] = _anonymous(new[col["session_id"]], who)
        for name in ("name", "top", "tip"):
            if name in col:
                new[col[name]] = ""
        if "consent" in col:
            new[col["consent"]] = "0"
        return new

    def round_row(col: dict[str, int], row: list[str]) -> list[str] | None:
        coop, round_id = row[col["cooperative_id"]], row[col["round"]]
        if (coop, round_id) not in old_rounds:
            return row
        if "note" in col or "entered_by" in col:  # a note, or who typed a paper form in: the row goes
            return None
        new = list(row)
        who = new[col["respondent"]]
        if not who.startswith(ANONYMOUS_MEMBER):
            new[col["respondent"]] = _anonymous_member(coop, round_id, who)
        return new

    Rewrite = Callable[[dict[str, int], list[str]], list[str] | None]
    tables: list[tuple[Table, Rewrite]] = [
        (t, session_row) for t in (PARTICIPANTS, RATINGS, EVALUATIONS) if sessions
    ]
    tables += [(t, round_row) for t in (SCORES, NOTES, PAPER) if old_rounds]
    with store.operation(*[t for t, _ in tables], AUDIT) as change:
        for table, rewrite in tables:
            _rewrite(store, change, table, rewrite)
        detail = "; ".join(
            [f"{e.session_id}: {e.names} names, {e.texts} texts" for e in plan.sessions]
            + [f"{e.cooperative_id} {e.round}: {e.members} members, {e.notes} notes" for e in plan.rounds]
        )
        change.append(
            AUDIT, [{"user": by, "action": "erasure", "scope": "retention", "detail": detail[:300]}]
        )
        for coop, round_id in old_rounds:  # a draft of an old round holds names and notes too
            change.remove_tree(f"{DRAFTS_DIR}/{coop}/{round_id}")
    return plan


def _rewrite(store: Store, change, table: Table, rewrite: Callable) -> None:
    """Replace `table`'s file within `change` with each row passed through `rewrite` (None drops it; the
    header and rows that do not fit it untouched); not at all when nothing changes."""
    from .csvlog import encode_rows
    from .maintenance import _read_rows

    read = _read_rows(store.path(table))
    if read is None:
        return
    header, rows = read
    col = {name: n for n, name in enumerate(header)}
    out = [rewrite(col, row) if len(row) == len(header) else row for row in rows]
    out = [row for row in out if row is not None]  # None: the row goes
    if out != rows:
        change.replace_file(table.filename, encode_rows([header, *out]))
