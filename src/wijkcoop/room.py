"""The summerschool room: what a participant's page needs, without pandas.

A room of thirty phones opens the participant page at once, and each page is a kernel of its own: what
that kernel imports is what the room costs in memory and start-up time. Everything here reads rows as
plain strings (`Store.rows`) and writes through the same checked, locked appends as the rest of the
kit; `training.Training` builds the trainer's figures (with pandas) on top of it.

Every value is checked here, on the server, before anything is written: the browser can send anything.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from .access import Access
from .modules import Module, Rating, load_modules, load_rating, module_by_id
from .problems import Problem, ProblemsError
from .rules import CODE_ALPHABET, CODE_LENGTH, ID_PATTERN, SESSION_CODE_PATTERN
from .store import Store, clean_text
from .tables import (
    COOPERATIVES,
    ENTERED_BY,
    EVALUATIONS,
    PARTICIPANTS,
    RATINGS,
    ROLES,
    SESSION_TRAINERS,
    SESSIONS,
)

FORM = "@ss.form"  # Problem.file for problems with what someone typed (not with a file)

Row = dict[str, str]


def normalise_code(text: str) -> str:
    """What people type for a code: spaces, dashes, lower case, O for 0 and I for 1 are forgiven."""
    code = re.sub(r"[\s\-.]", "", str(text or "")).upper()
    return code.replace("0", "O").replace("1", "I")


def clean(text: object) -> str:
    """A name as it is stored (store.clean_text), with runs of spaces as one."""
    return " ".join(clean_text(text).split())


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def score(value: object) -> int | None:
    """1..5 from whatever a widget or the browser sent; None for anything else."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 5 and str(value).strip() == str(number) else None


@dataclass(frozen=True)
class Session:
    session_id: str
    module: str
    date: str
    place: str
    trainer: str
    open: bool


class Room:
    """One data folder's sessions as a participant meets them: find a session by its code, say who you
    are, send ratings and an evaluation. Cheap to create; reads the CSVs when asked."""

    def __init__(self, store: Store, access: Access | None = None):
        """`access`: whose page this is. A trainer (not a beheerder) sees only the sessions they made;
        the participant page and the command line see every session (a participant needs the code)."""
        self.store = store
        self.access = access or Access.everything()
        self.model = store.model
        self.modules: list[Module] = load_modules(self.model)
        self.rating: Rating = load_rating(self.model)

    def module(self, module_id: str) -> Module | None:
        return module_by_id(self.modules, module_id)

    # -- sessions -------------------------------------------------------------------------------
    def _mine(self) -> set[str] | None:
        """The sessions this page may show (None: all of them)."""
        if self.access.admin or not self.access.trainer:
            return None
        owners = self.store.current_rows(SESSION_TRAINERS)
        return {r["session_id"] for r in owners if r["user"] == self.access.user}

    def session(self, code: str) -> Session | None:
        code = normalise_code(code)
        if not re.fullmatch(SESSION_CODE_PATTERN, code):
            return None
        rows = [r for r in self.store.current_rows(SESSIONS) if r["session_id"] == code]
        mine = self._mine()
        if not rows or (mine is not None and code not in mine):
            return None  # no such session, or another trainer's
        r = rows[-1]
        return Session(r["session_id"], r["module"], r["date"], r["place"], r["trainer"], r["open"] == "1")

    def cooperatives(self) -> list[tuple[str, str]]:
        """(name, id) of every registered cooperative, by name, for the "which cooperative" choice."""
        rows = self.store.current_rows(COOPERATIVES)
        return sorted(((r["name"], r["cooperative_id"]) for r in rows), key=lambda p: p[0].casefold())

    # -- participants ----------------------------------------------------------------------------
    def people(self, code: str) -> list[Row]:
        """The session's participants as stored (the last row per person)."""
        return [r for r in self.store.current_rows(PARTICIPANTS) if r["session_id"] == code]

    def person(self, code: str, participant: str) -> Row | None:
        """A participant's stored row (case and spacing of the name ignored)."""
        wanted = clean(participant).casefold()
        hits = [r for r in self.people(code) if r["participant"].casefold() == wanted]
        return hits[-1] if hits else None

    def known_as(self, code: str, participant: str) -> str | None:
        """The stored spelling of a participant in this session (case and spacing ignored)."""
        row = self.person(code, participant)
        return row["participant"] if row else None

    def register(
        self,
        code: str,
        participant: str,
        *,
        name: str = "",
        consent: bool = False,
        cooperative_id: str = "",
        role: str = "",
        present: bool = True,
        entered_by: str = "deelnemer",
    ) -> str:
        """Add (or update) a participant of a session; returns the stored pseudonym."""
        session = self._session_for(code, entered_by)
        problems = []
        who = clean(participant)
        if not who:
            problems.append(Problem(FORM, "ss.need_participant", {}, column="participant"))
        elif len(who) > 60:
            problems.append(Problem(FORM, "ss.too_long", {"max": 60}, column="participant"))
        if who:  # someone known under this name keeps the stored spelling (also for their real name)
            who = self.known_as(session.session_id, who) or who
        name = clean(name) or (who if consent else "")  # "this is my real name": the name typed
        if name and not consent:
            problems.append(Problem(FORM, "ss.name_needs_consent", {}, column="name"))
        if len(name) > 120:
            problems.append(Problem(FORM, "ss.too_long", {"max": 120}, column="name"))
        coop = str(cooperative_id or "")
        if coop and (
            not re.fullmatch(ID_PATTERN, coop)
            or coop not in {r["cooperative_id"] for r in self.store.current_rows(COOPERATIVES)}
        ):
            problems.append(Problem(FORM, "ss.unknown_cooperative", {}, column="cooperative_id"))
        if role not in ROLES:
            problems.append(Problem(FORM, "ss.need_role", {}, column="role"))
        if entered_by not in ENTERED_BY:
            raise ValueError(entered_by)
        if problems:
            raise ProblemsError(problems)
        self.store.append(
            PARTICIPANTS,
            [
                {
                    "session_id": session.session_id,
                    "participant": who,
                    "name": name if consent else "",
                    "consent": bool(consent and name),
                    "cooperative_id": coop,
                    "role": role,
                    "present": bool(present),
                    "entered_by": entered_by,
                }
            ],
        )
        return who

    def withdraw_consent(self, code: str, participant: str, entered_by: str) -> bool:
        """The participant no longer wants to be named: a new row without the name and with consent 0
        (attendance, cooperative and role as they were). From then on no report names them. Returns
        False when there was no consent to withdraw."""
        session = self._session_for(code, entered_by)
        who = self._participant(session, participant)
        row = self.person(session.session_id, who)
        if row is None or row["consent"] != "1":
            return False
        if entered_by not in ENTERED_BY:
            raise ValueError(entered_by)
        self.store.append(
            PARTICIPANTS,
            [
                {
                    **{k: row[k] for k in ("session_id", "participant", "cooperative_id", "role")},
                    "name": "",
                    "consent": False,
                    "present": row["present"] == "1",
                    "entered_by": entered_by,
                }
            ],
        )
        return True

    # -- ratings and evaluation -------------------------------------------------------------------
    def save_ratings(
        self, code: str, participant: str, answers: dict[tuple[str, str, str], object], entered_by: str
    ) -> int:
        """Save one participant's self-ratings (all items of the module, 1–5) in one save."""
        session = self._session_for(code, entered_by)
        who = self._participant(session, participant)
        module = self.module(session.module)
        assert module is not None  # a session's module was checked when it was made
        items = self.rating.items(module)
        missing = [i for i in items if score(answers.get(i)) is None]
        if missing:
            goals = sorted({module.goal_ids.index(g) + 1 for g, _, _ in missing})
            fields = {"n": len(missing), "goals": ", ".join(map(str, goals))}
            raise ProblemsError([Problem(FORM, "ss.ratings_missing", fields)])
        rows = [
            {
                "session_id": session.session_id,
                "participant": who,
                "goal_id": g,
                "aspect": a,
                "moment": m,
                "score": score(answers[(g, a, m)]),
                "entered_by": entered_by,
            }
            for g, a, m in items
        ]
        self.store.append(RATINGS, rows)
        return len(rows)

    def save_evaluation(
        self,
        code: str,
        participant: str,
        *,
        relevance: object,
        engagement: object,
        top: object = "",
        tip: object = "",
        entered_by: str,
    ) -> None:
        session = self._session_for(code, entered_by)
        who = self._participant(session, participant)
        problems = []
        for field, value in (("relevance", relevance), ("engagement", engagement)):
            if score(value) is None:
                problems.append(Problem(FORM, "ss.need_score", {}, column=field))
        for field, value in (("top", top), ("tip", tip)):
            if len(clean(value)) > 500:
                problems.append(Problem(FORM, "ss.too_long", {"max": 500}, column=field))
        if problems:
            raise ProblemsError(problems)
        self.store.append(
            EVALUATIONS,
            [
                {
                    "session_id": session.session_id,
                    "participant": who,
                    "relevance": score(relevance),
                    "engagement": score(engagement),
                    "top": clean(top),
                    "tip": clean(tip),
                    "entered_by": entered_by,
                }
            ],
        )

    def ratings_of(self, code: str, participant: str) -> list[Row]:
        """One participant's current ratings in a session (to show them again when they come back)."""
        return [
            r
            for r in self.store.current_rows(RATINGS)
            if r["session_id"] == code and r["participant"] == participant
        ]

    def evaluation_of(self, code: str, participant: str) -> Row | None:
        rows = [
            r
            for r in self.store.current_rows(EVALUATIONS)
            if r["session_id"] == code and r["participant"] == participant
        ]
        return rows[-1] if rows else None

    def _session_for(self, code: str, entered_by: str) -> Session:
        session = self.session(code)
        if session is None:
            raise ProblemsError([Problem(FORM, "ss.unknown_code", {"code": clean(code)}, column="code")])
        if not session.open and entered_by != "trainer":
            raise ProblemsError([Problem(FORM, "ss.closed", {}, column="code")])
        return session

    def _participant(self, session: Session, participant: str) -> str:
        who = self.known_as(session.session_id, participant)
        if who is None:
            raise ProblemsError([Problem(FORM, "ss.unknown_participant", {}, column="participant")])
        return who


__all__ = ["FORM", "Room", "Session", "clean", "new_code", "normalise_code", "score"]
