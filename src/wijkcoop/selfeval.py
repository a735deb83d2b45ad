"""The zelfevaluatie's rules: register a cooperative, fill in (draft → submit), board scores, rounds.

A service beside `training.py`: no widgets, every value checked here (the app, the CLI and a crafted
browser message all come through it), refusals raised as `Refused` with texts in the user's language.
The board view's figures are a pure function of frames in `boardview.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from . import scoring
from .access import Access
from .drafts import DONT_KNOW, Draft, DraftConflict, DraftStore
from .model import Groeimodel
from .problems import ProblemsError, Refused
from .rules import ID_PATTERN, ROUND_PATTERN, round_for_date
from .store import Store, StoreBusy, clean_text
from .tables import BOARD_SCORES, COOPERATIVE_KINDS, COOPERATIVES, NOTES, PAPER, ROUNDS, SCORES, score_row

ANSWERS = ("1", "2", "3", "4", "5", DONT_KNOW)
BOARD_SCORE_CHOICES = tuple(float(x) for x in np.round(np.arange(1.0, 5.01, 0.5), 1))
NOTE_MAX = NOTES.column("note").max_len
RATIONALE_MAX = BOARD_SCORES.column("rationale").max_len
RESPONDENT_MAX = 60

__all__ = [
    "ANSWERS",
    "BOARD_SCORE_CHOICES",
    "NOTE_MAX",
    "RATIONALE_MAX",
    "DraftConflict",
    "NewerSubmission",
    "ProblemsError",
    "Refused",
    "Resumed",
    "SelfEvaluation",
    "StoreBusy",
    "slug",
]


def slug(name: str) -> str:
    """A cooperative id from its name: lowercase ASCII, hyphens, at most 50 characters."""
    base = name.lower()
    for a, b in (("ö", "o"), ("ë", "e"), ("ï", "i"), ("é", "e"), ("è", "e"), ("ü", "u"), ("á", "a")):
        base = base.replace(a, b)
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:50]
    return base or "cooperatie"


def respondent_rows(frame: pd.DataFrame, coop: str, round_id: str, respondent: str) -> pd.DataFrame:
    """One person's rows of a table for one cooperative and round."""
    return frame[
        (frame["cooperative_id"] == coop) & (frame["round"] == round_id) & (frame["respondent"] == respondent)
    ]


class NewerSubmission(Exception):
    """This person's answers were sent elsewhere after this filling-in began (at `when`)."""

    def __init__(self, when: str):
        self.when = when
        super().__init__(when)


@dataclass
class Resumed:
    draft: Draft
    source: str  # "draft" (a saved draft), "sent" (starts from what was sent), "new"
    submitted_before: str  # when this person's answers were last sent ("" if never)


class SelfEvaluation:
    """One data folder's zelfevaluatie. Cheap to create; reads the CSVs when asked."""

    def __init__(
        self,
        store: Store,
        model: Groeimodel,
        drafts: DraftStore | None = None,
        today=None,
        access: Access | None = None,
    ):
        self.store = store
        self.model = model
        self.drafts = drafts or DraftStore(store.data_dir)
        self.today: date = today or date.today()
        self.access = access or Access.everything()

    # -- register --------------------------------------------------------------------------------
    def cooperatives(self) -> pd.DataFrame:
        """The cooperatives this person is on the board of (a beheerder: all of them)."""
        frame = self.access.visible(self.store.current(COOPERATIVES).frame)
        return frame.sort_values("name", key=lambda s: s.str.casefold())

    def board_frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(scores, board scores, notes), current, of this person's cooperatives only: no other
        cooperative's row reaches the board view, its PDF or its downloads."""
        visible = self.access.visible
        return (
            visible(self.store.current(SCORES).frame),
            self.board_scores(),
            visible(self.store.current(NOTES).frame),
        )

    def board_scores(self) -> pd.DataFrame:
        """The agreed board scores, current, of this person's cooperatives only."""
        return self.access.visible(self.store.current(BOARD_SCORES).frame)

    def current_round(self) -> str:
        return round_for_date(self.today)

    def rounds_with_scores(self) -> dict[str, set[str]]:
        """Per cooperative, the rounds it has scores in."""
        scores = self.access.visible(self.store.current(SCORES).frame)
        return {c: set(r) for c, r in scores.groupby("cooperative_id")["round"].unique().items()}

    def register(self, name: object, kind: object, area: object, gemeente: object, show_name: bool) -> str:
        """Add a cooperative to the register; returns its new id (its registrar becomes its board)."""
        self.access.require(self.access.may_register, "register", name=name)
        name, area, gemeente = clean_text(name), clean_text(area), clean_text(gemeente)
        kind = kind if kind in COOPERATIVE_KINDS else ""
        missing = [
            field
            for field, value in (
                ("ze.register.name", name),
                ("ze.register.kind", kind),
                ("ze.register.area", area),
                ("ze.register.gemeente", gemeente),
            )
            if not value
        ]
        if missing:
            raise Refused(("ze.register.missing", {"fields": [f"@{f}" for f in missing]}))
        coops = self.cooperatives()
        if name.casefold() in set(coops["name"].str.casefold()):
            raise Refused(("ze.register.exists", {"name": name}))
        base, n = slug(name), 1
        cid = base
        while cid in set(coops["cooperative_id"]):
            n += 1
            cid = f"{base}-{n}"
        row = {
            "cooperative_id": cid,
            "name": name,
            "kind": kind,
            "doorbraakgebied": area,
            "gemeente": gemeente,
            "show_name": show_name is True,
        }
        self.store.append(COOPERATIVES, [row])
        if not self.access.admin:
            from .access import Grant, change

            change(self.store, self.access.user, self.access.user, Grant("bestuur", cid), True)
            self.access = type(self.access)(self.access.user, [*self.access.grants, Grant("bestuur", cid)])
        return cid

    # -- filling in --------------------------------------------------------------------------------
    def check_start(self, coop: object, round_id: object, respondent: object) -> tuple[str, str, str]:
        """Who fills in for which cooperative and round, as stored; refused with every reason."""
        coop = coop if isinstance(coop, str) else ""
        round_id = round_id.strip() if isinstance(round_id, str) else ""
        name = " ".join(clean_text(respondent).split())  # as the store will keep it
        reasons: list[tuple[str, dict]] = []
        if (
            not coop
            or not re.fullmatch(ID_PATTERN, coop)
            or coop not in set(self.cooperatives()["cooperative_id"])
        ):
            reasons.append(("ze.err.coop", {}))
        if not re.fullmatch(ROUND_PATTERN, round_id):
            reasons.append(("ze.err.round", {"value": round_id}))
        if not name:
            reasons.append(("ze.err.respondent", {}))
        elif len(name) > RESPONDENT_MAX:
            reasons.append(("ze.err.respondent_long", {}))
        if reasons:
            raise Refused(*reasons)
        return coop, round_id, name

    def resume(self, coop: str, round_id: str, respondent: str) -> Resumed:
        """The draft on the server, else what was sent (a new submit corrects), else an empty one."""
        self.access.require(self.access.board_of(coop), "resume", cooperative=coop)
        scores = self.store.current(SCORES).frame  # read once: the answers sent and when
        draft = self.drafts.load(coop, round_id, respondent)
        source = "draft"
        if draft is None:
            draft = self._draft_from_store(coop, round_id, respondent, scores)
            source = "sent" if draft.answers else "new"
        return Resumed(draft, source, self.last_submission(draft, scores))

    def _draft_from_store(self, coop: str, round_id: str, respondent: str, scores: pd.DataFrame) -> Draft:
        draft = Draft(coop, round_id, respondent)
        for row in respondent_rows(scores, coop, round_id, respondent).itertuples():
            draft.answers[row.statement_id] = DONT_KNOW if pd.isna(row.score) else str(int(row.score))
            if row.discuss:
                draft.discuss.append(row.statement_id)
        notes = respondent_rows(self.store.current(NOTES).frame, coop, round_id, respondent)
        draft.notes = dict(zip(notes["dimension_id"], notes["note"], strict=True))
        return draft

    def last_submission(self, draft: Draft, scores: pd.DataFrame | None = None) -> str:
        """When this person's answers for this round were last sent ("" if never)."""
        if scores is None:
            scores = self.store.current(SCORES).frame
        mine = respondent_rows(scores, draft.cooperative_id, draft.round, draft.respondent)
        return mine["saved_at"].max().isoformat() if len(mine) else ""

    # Each change is checked here: the browser can send anything. They return whether the draft changed.
    def set_answer(self, draft: Draft, statement_id: str, value: object) -> bool:
        if statement_id not in self.model.statement_ids:
            return False
        before = draft.answers.get(statement_id)
        if value in ANSWERS:
            draft.answers[statement_id] = str(value)
        else:
            draft.answers.pop(statement_id, None)
        return draft.answers.get(statement_id) != before

    def set_discuss(self, draft: Draft, statement_id: str, value: object) -> bool:
        if statement_id not in self.model.statement_ids:
            return False
        flagged = set(draft.discuss)
        new = flagged | {statement_id} if value is True else flagged - {statement_id}
        draft.discuss = sorted(new)
        return new != flagged

    def set_note(self, draft: Draft, dimension_id: str, value: object) -> bool:
        if dimension_id not in self.model.dimension_ids:
            return False
        before = draft.notes.get(dimension_id)
        text = value if isinstance(value, str) else ""
        if text.strip():  # kept whole: a note that is too long is refused on sending, never cut
            draft.notes[dimension_id] = text
        else:
            draft.notes.pop(dimension_id, None)
        return draft.notes.get(dimension_id) != before

    def save_draft(self, draft: Draft) -> None:
        """Write the draft (raises DraftConflict when another tab or device changed it meanwhile)."""
        self.drafts.save(draft)

    def missing(self, draft: Draft | None) -> list[str]:
        answers = draft.answers if draft else {}
        return [sid for sid in self.model.statement_ids if answers.get(sid) not in ANSWERS]

    def too_long(self, draft: Draft | None) -> list[tuple[str, int]]:
        """(dimension, length) of every note over the limit."""
        notes = draft.notes if draft else {}
        return [(dim, len(text.strip())) for dim, text in notes.items() if len(text.strip()) > NOTE_MAX]

    def submit(
        self, draft: Draft, submitted_before: str, overwrite: bool = False, entered_by: str = ""
    ) -> int:
        """Store the answers and notes (one save each) and remove the draft; returns the rows stored.
        `entered_by`: typed in from paper by this person (a row in papier.csv, in the same operation).

        Refused when answers are missing or a note is too long; raises DraftConflict when another tab
        changed the draft, NewerSubmission when answers were sent elsewhere meanwhile (unless
        `overwrite`), ProblemsError or StoreBusy from the store.
        """
        self.access.require(
            self.access.board_of(draft.cooperative_id), "submit", cooperative=draft.cooperative_id
        )
        missing = self.missing(draft)
        if missing:
            raise Refused(("ze.review.missing", {"n": len(missing)}))
        too_long = self.too_long(draft)
        if too_long:
            raise Refused(*self.too_long_reasons(too_long), sep="\n")
        on_disk = self.drafts.load(draft.cooperative_id, draft.round, draft.respondent)
        if (on_disk.version if on_disk else 0) not in (0, draft.version):
            raise DraftConflict(on_disk)  # newer answers in another tab: send those, not these
        latest = self.last_submission(draft)
        if latest != submitted_before and not overwrite:
            raise NewerSubmission(latest)
        who = {"cooperative_id": draft.cooperative_id, "round": draft.round, "respondent": draft.respondent}
        rows = [
            score_row(
                draft.cooperative_id,
                draft.round,
                draft.respondent,
                sid,
                None if draft.answers[sid] == DONT_KNOW else int(draft.answers[sid]),
                self.model.model_version,
                discuss=sid in draft.discuss,
            )
            for sid in self.model.statement_ids
        ]
        notes = [
            {**who, "dimension_id": dim, "note": text.strip()}
            for dim, text in draft.notes.items()
            if text.strip()
        ]
        by = " ".join(clean_text(entered_by).split())[:100]
        with self.store.operation(SCORES, NOTES, PAPER) as change:  # answers and notes: one save, or none
            change.append(SCORES, rows)
            if notes:
                change.append(NOTES, notes)
            if by:
                change.append(PAPER, [{**who, "entered_by": by}])
        self.drafts.delete(draft.cooperative_id, draft.round, draft.respondent)
        return len(rows)

    @staticmethod
    def too_long_reasons(too_long: list[tuple[str, int]]) -> list[tuple[str, dict]]:
        return [("ze.review.note_too_long", {"dim": dim, "n": n, "max": NOTE_MAX}) for dim, n in too_long]

    # -- the board ---------------------------------------------------------------------------------
    def save_board_scores(self, coop: str, round_id: str, chosen: dict[str, tuple[object, object]]) -> int:
        """Store the board's agreed scores {dimension: (score, rationale)}; None scores are skipped."""
        self.access.require(self.access.board_of(coop), "board scores", cooperative=coop)
        scores = self.store.current(SCORES).frame
        if scores[(scores["cooperative_id"] == coop) & (scores["round"] == round_id)].empty:
            raise Refused(("ze.board.no_data", {}))
        rows = []
        for d in self.model.dimension_ids:
            value, rationale = chosen.get(d, (None, ""))
            if value is None:
                continue
            try:
                score = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                score = float("nan")
            if score not in BOARD_SCORE_CHOICES:
                raise Refused(("ze.board.bad_score", {"dim": d}))
            text = str(rationale or "").strip()
            if len(text) > RATIONALE_MAX:
                fields = {"dim": self._dimension_label(d), "n": len(text), "max": RATIONALE_MAX}
                raise Refused(("ze.board.rationale_too_long", fields))
            row = {
                "cooperative_id": coop,
                "round": round_id,
                "dimension_id": d,
                "score": score,
                "rationale": text,
            }
            rows.append({**row, "model_version": self.model.model_version})
        if not rows:
            raise Refused(("ze.board.nothing", {}))
        self.store.append(BOARD_SCORES, rows)
        return len(rows)

    def _dimension_label(self, dimension_id: str):
        """'D3 Name' in the language the refusal is shown in."""
        return lambda lang: f"{dimension_id} {self.model.dimension(dimension_id).name(lang)}"

    def complete_rounds(self) -> set[tuple[str, str]]:
        return scoring.complete_rounds(self.store.current(ROUNDS).frame)

    def set_round_complete(self, coop: str, round_id: str, complete: bool) -> None:
        """The board says the round is complete (everyone who would fill in did), or opens it again."""
        self.access.require(self.access.board_of(coop), "round complete", cooperative=coop)
        scores = self.store.current(SCORES).frame
        if scores[(scores["cooperative_id"] == coop) & (scores["round"] == round_id)].empty:
            raise Refused(("ze.board.no_data", {}))
        self.store.append(ROUNDS, [{"cooperative_id": coop, "round": round_id, "complete": complete is True}])
