"""The CSV tables of the data folder: their files, columns and what each column may hold.

docs/data.md documents every table and column for users; keep the two in step
(tests/test_docs.py checks that every column here is documented there).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_


@dataclass(frozen=True)
class Vocabulary:
    """The ids that the content (groeimodel, summerschool modules) defines and stored rows refer to.

    Built from the content by `wijkcoop.context`; the store checks columns against it and knows no
    content itself. The module and aspect ids are read when asked (a trainer may fix a module file
    while the server runs); None means the module files have problems, reported on their own.
    """

    statement_ids: tuple[str, ...]  # current statements, in model order
    known_statement_ids: frozenset[str]  # current and retired
    dimension_ids: tuple[str, ...]
    model_version: str
    module_ids: Callable[[], Collection[str] | None] = lambda: None
    aspect_ids: Callable[[], Collection[str] | None] = lambda: None
    model: Any = None  # the content the ids came from, for services; the store never reads it


@dataclass(frozen=True)
class Column:
    name: str
    # id | text | choice | score | board_score | statement | dimension | round | datetime | flag | count
    # | record | code (session code) | date | module | goal | aspect
    kind: str
    required: bool = True
    max_len: int = 200
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """Rows of a table point at rows of another: the values in `columns` are the other table's `to`
    columns (the same names when `to` is empty). `wijkcoop validate` reports a row that points at
    nothing with the message `problem` (none: not checked); erasing a row erases the rows pointing at it.
    """

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...] = ()
    optional: bool = False  # an empty value points nowhere, and that is allowed
    problem: str = ""

    @property
    def target_columns(self) -> tuple[str, ...]:
        return self.to or self.columns


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    columns: tuple[Column, ...]
    # Rows with the same key supersede each other: the last one in the file is the current value,
    # earlier ones stay as the audit trail.
    key: tuple[str, ...] = field(default=())
    references: tuple[Reference, ...] = ()
    person: tuple[str, ...] = ()  # the columns that name a person (for an erasure request)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def user_columns(self) -> list[Column]:
        """The columns a caller fills; the store adds the technical ones."""
        return [c for c in self.columns if c.name not in TECHNICAL]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# Added by the store to every row of every table. `record_id` comes last on purpose: it is never
# empty, so a line that lost fields at its end shows up as an empty last column.
TECHNICAL = ("saved_at", "save_rows", "record_id")
_TECHNICAL_COLUMNS = (
    Column("saved_at", "datetime"),
    Column("save_rows", "count"),
    Column("record_id", "record"),
)

COOPERATIVE_KINDS = ("wijk", "buurt", "dorp", "zorg")

TO_COOPERATIVE = Reference(("cooperative_id",), "cooperatives", problem=N_("store.unknown_cooperative"))
TO_SESSION = Reference(("session_id",), "sessions", problem=N_("store.unknown_session"))
TO_PARTICIPANT = Reference(("session_id", "participant"), "participants")

COOPERATIVES = Table(
    name="cooperatives",
    filename="cooperaties.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("name", "text", max_len=120),
        Column("kind", "choice", choices=COOPERATIVE_KINDS),
        Column("doorbraakgebied", "text", max_len=120),
        Column("gemeente", "text", max_len=120),
        Column("show_name", "flag"),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id",),
)

SCORES = Table(
    name="scores",
    filename="scores.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("respondent", "text", max_len=60),
        Column("statement_id", "statement"),
        Column("score", "score", required=False),
        Column("discuss", "flag"),
        Column("model_version", "text", max_len=20),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "respondent", "statement_id"),
    references=(TO_COOPERATIVE,),
    person=("respondent",),
)


def score_row(
    cooperative_id: str,
    round_id: str,
    respondent: str,
    statement_id: str,
    score: int | None,
    model_version: str,
    discuss: bool = False,
    **extra: object,
) -> dict[str, object]:
    """One answer as a row of SCORES (None: "weet niet"); the one place such a row is put together."""
    return {
        "cooperative_id": cooperative_id,
        "round": round_id,
        "respondent": respondent,
        "statement_id": statement_id,
        "score": score,
        "discuss": discuss,
        "model_version": model_version,
        **extra,
    }


NOTES = Table(
    name="notes",
    filename="notities.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("respondent", "text", max_len=60),
        Column("dimension_id", "dimension"),
        Column("note", "text", max_len=2000),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "respondent", "dimension_id"),
    references=(TO_COOPERATIVE,),
    person=("respondent",),
)

BOARD_SCORES = Table(
    name="board_scores",
    filename="bestuursscores.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("dimension_id", "dimension"),
        Column("score", "board_score"),
        Column("rationale", "text", required=False, max_len=500),
        Column("model_version", "text", max_len=20),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "dimension_id"),
    references=(TO_COOPERATIVE,),
)

# A board marks a round complete when everyone who was going to fill in has done so. Until then the
# round is "open": Vergelijken takes a cooperative's latest *complete* round where it has one, and every
# view says how many members answered.
ROUNDS = Table(
    name="rounds",
    filename="rondes.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("complete", "flag"),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round"),
    references=(TO_COOPERATIVE,),
)

# The board's verbeterplan: per verbeterpunt (a statement) up to three actions, each with what, who (a role),
# by when, how the board will know it is done, and a summerschool module to follow. A correction is a new
# row with the same key; an action taken off the plan is a row with `removed` 1 (history kept).
PLAN_ACTIONS = ("1", "2", "3")
PLAN = Table(
    name="plan",
    filename="verbeterplan.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("statement_id", "statement"),
        Column("action", "choice", choices=PLAN_ACTIONS),
        Column("what", "text", required=False, max_len=300),
        Column("who", "text", required=False, max_len=80),
        Column("due", "date", required=False),
        Column("done_when", "text", required=False, max_len=300),
        Column("module", "module", required=False),
        Column("removed", "flag"),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "statement_id", "action"),
    references=(TO_COOPERATIVE,),
)

# The next round looks back: per action of a round's plan, done, partly or not, with a note.
PLAN_OUTCOMES = ("gedaan", "deels", "niet")
PLAN_REVIEWS = Table(
    name="plan_reviews",
    filename="verbeterplan-terugblik.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("statement_id", "statement"),
        Column("action", "choice", choices=PLAN_ACTIONS),
        Column("outcome", "choice", choices=PLAN_OUTCOMES),
        Column("note", "text", required=False, max_len=500),
        Column("reviewed_in", "round"),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "statement_id", "action"),
    references=(TO_COOPERATIVE,),
)

# Answers typed in from a paper questionnaire: who typed them, for which member's submission (the rows
# themselves are in scores.csv and notities.csv, saved together with this row in one operation).
PAPER = Table(
    name="paper",
    filename="papier.csv",
    columns=(
        Column("cooperative_id", "id"),
        Column("round", "round"),
        Column("respondent", "text", max_len=60),
        Column("entered_by", "text", max_len=100),
        *_TECHNICAL_COLUMNS,
    ),
    key=("cooperative_id", "round", "respondent"),
    references=(TO_COOPERATIVE,),
    person=("respondent",),
)

# -- summerschool --------------------------------------------------------------------------------
ROLES = ("bestuurslid", "vrijwilliger", "medewerker", "bewoner", "anders")
ENTERED_BY = ("deelnemer", "trainer")
MOMENTS = ("voor", "na")  # "voor" is asked afterwards, looking back: the retrospective pre-rating

SESSIONS = Table(
    name="sessions",
    filename="sessies.csv",
    columns=(
        Column("session_id", "code"),
        Column("module", "module"),
        Column("date", "date"),
        Column("place", "text", max_len=120),
        Column("trainer", "text", max_len=80),
        Column("open", "flag"),
        *_TECHNICAL_COLUMNS,
    ),
    key=("session_id",),
)

PARTICIPANTS = Table(
    name="participants",
    filename="deelnemers.csv",
    columns=(
        Column("session_id", "code"),
        Column("participant", "text", max_len=60),
        Column("name", "text", required=False, max_len=120),
        Column("consent", "flag"),
        Column("cooperative_id", "id", required=False),
        Column("role", "choice", choices=ROLES),
        Column("present", "flag"),
        Column("entered_by", "choice", choices=ENTERED_BY),
        *_TECHNICAL_COLUMNS,
    ),
    key=("session_id", "participant"),
    references=(
        Reference(
            ("cooperative_id",), "cooperatives", optional=True, problem=N_("store.unknown_cooperative")
        ),
        TO_SESSION,
    ),
    person=("participant", "name"),
)

RATINGS = Table(
    name="ratings",
    filename="leerscores.csv",
    columns=(
        Column("session_id", "code"),
        Column("participant", "text", max_len=60),
        Column("goal_id", "goal"),
        Column("aspect", "aspect"),
        Column("moment", "choice", choices=MOMENTS),
        Column("score", "score"),
        Column("entered_by", "choice", choices=ENTERED_BY),
        *_TECHNICAL_COLUMNS,
    ),
    key=("session_id", "participant", "goal_id", "aspect", "moment"),
    references=(TO_SESSION, TO_PARTICIPANT),
    person=("participant",),
)

EVALUATIONS = Table(
    name="evaluations",
    filename="evaluaties.csv",
    columns=(
        Column("session_id", "code"),
        Column("participant", "text", max_len=60),
        Column("relevance", "score"),
        Column("engagement", "score"),
        Column("top", "text", required=False, max_len=500),
        Column("tip", "text", required=False, max_len=500),
        Column("entered_by", "choice", choices=ENTERED_BY),
        *_TECHNICAL_COLUMNS,
    ),
    key=("session_id", "participant"),
    references=(TO_SESSION, TO_PARTICIPANT),
    person=("participant",),
)

# -- imports ---------------------------------------------------------------------------------------
IMPORTS = Table(
    name="imports",
    filename="importen.csv",
    columns=(
        Column("import_id", "text", max_len=64),
        Column("file", "text", max_len=200),
        Column("layout", "choice", choices=("long", "wide")),
        Column("rows", "count"),
        Column("cooperatives", "text", required=False, max_len=500),
        *_TECHNICAL_COLUMNS,
    ),
    key=("import_id",),
)

# Which login made a session: a trainer behind the hub sees the sessions they made (access.py).
SESSION_TRAINERS = Table(
    name="session_trainers",
    filename="sessietrainers.csv",
    columns=(
        Column("session_id", "code"),
        Column("user", "text", max_len=100),
        *_TECHNICAL_COLUMNS,
    ),
    key=("session_id", "user"),
    references=(TO_SESSION,),
    person=("user",),
)

# -- who may see what (access.py) -------------------------------------------------------------------
ACCESS_ROLES = ("bestuur", "trainer", "coordinator", "beheerder")

ACCESS = Table(
    name="access",
    filename="toegang.csv",
    columns=(
        Column("user", "text", max_len=100),
        Column("role", "choice", choices=ACCESS_ROLES),
        Column("cooperative_id", "id", required=False),
        Column("doorbraakgebied", "text", required=False, max_len=120),
        Column("granted", "flag"),
        Column("by", "text", max_len=100),
        *_TECHNICAL_COLUMNS,
    ),
    key=("user", "role", "cooperative_id", "doorbraakgebied"),
    person=("user",),
)

# -- AVG: what was erased, and who did what with whose data ----------------------------------------------
# Both are logs that a restore never rolls back: it keeps the current rows and adds a backup's rows that
# are not there (maintenance.restore). Neither is erased with a cooperative or a person.
ERASURE_SCOPES = ("respondent", "cooperative")
ERASURES = Table(
    name="erasures",
    filename="vergeten.csv",
    columns=(
        Column("erasure_id", "text", max_len=40),
        Column("scope", "choice", choices=ERASURE_SCOPES),
        # The person's key, salted and hashed (SHA-256): it recognises the person's rows in a restored
        # backup without holding the name.
        Column("person_hash", "text", required=False, max_len=64),
        Column("salt", "text", required=False, max_len=32),
        Column("cooperative_id", "id", required=False),
        Column("by", "text", max_len=100),
        *_TECHNICAL_COLUMNS,
    ),
    key=("erasure_id",),
)

AUDIT_ACTIONS = ("export", "erasure", "restore", "import", "access", "inzage", "backup")
AUDIT = Table(
    name="audit",
    filename="logboek.csv",
    columns=(
        Column("user", "text", max_len=100),
        Column("action", "choice", choices=AUDIT_ACTIONS),
        Column("scope", "text", required=False, max_len=200),
        Column("detail", "text", required=False, max_len=300),
        *_TECHNICAL_COLUMNS,
    ),
)
LOGS = (ERASURES, AUDIT)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        COOPERATIVES,
        SCORES,
        NOTES,
        BOARD_SCORES,
        ROUNDS,
        PAPER,
        PLAN,
        PLAN_REVIEWS,
        SESSIONS,
        PARTICIPANTS,
        RATINGS,
        EVALUATIONS,
        IMPORTS,
        SESSION_TRAINERS,
        ACCESS,
        ERASURES,
        AUDIT,
    )
}
