"""What the board sees for one cooperative and round, as a pure function of the stored frames.

The app's Bestuur tab, the PDF and the xlsx all render a `BoardData`; nothing here reads widgets or the
store, so every figure is unit-tested from frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import scoring
from .model import Groeimodel
from .verbeterplan import Action, actions_of, reviews_of

EVERYONE = "__bestuur__"  # `who`: the board as a whole (members' mean), not one member


@dataclass
class BoardData:
    cooperative_id: str
    round: str
    who: str
    round_rows: pd.DataFrame  # this round's current score rows
    members: list[str]  # who answered this round
    previous: str | None  # the round before, if any
    dimensions: pd.DataFrame  # every dimension in model order: mean, level, spread, split, n_respondents
    current: list[float]  # the spinnenweb values of `who` this round (model order)
    before: list[float] | None  # and the round before
    history: pd.DataFrame  # round, dimension_id, mean: the board's trend
    board_scores: pd.DataFrame  # this cooperative's agreed scores, every round
    saved: pd.DataFrame  # this round's agreed scores, indexed by dimension_id, model order
    n_members: dict[str, int]  # per round of this cooperative
    complete: set[str]  # rounds the board called complete
    agenda: pd.DataFrame
    verbeterpunten: pd.DataFrame
    moved: list[tuple[str, float, float]] | None  # last round's verbeterpunten: (dimension, before, after)
    notes: pd.DataFrame  # members' notes this round, model order
    plan: list[Action] = field(default_factory=list)  # this round's verbeterplan
    last_plan: list[Action] = field(default_factory=list)  # the round before's plan, to look back on
    last_reviews: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # its review
    planned: set[tuple[str, str]] = field(default_factory=set)  # (round, dimension) a plan covered

    @property
    def is_complete(self) -> bool:
        return self.round in self.complete


def _of(frame: pd.DataFrame, coop: str, round_id: str | None = None) -> pd.DataFrame:
    if frame.empty:
        return frame
    part = frame[frame["cooperative_id"] == coop]
    return part[part["round"] == round_id] if round_id is not None else part


def _model_order(frame: pd.DataFrame, model: Groeimodel, *then: str) -> pd.DataFrame:
    order = {d: i for i, d in enumerate(model.dimension_ids)}
    return frame.assign(_o=frame["dimension_id"].map(order)).sort_values(["_o", *then]).drop(columns="_o")


def board_view(
    scores: pd.DataFrame,
    board_scores: pd.DataFrame,
    notes: pd.DataFrame,
    complete_rounds: set[tuple[str, str]],
    model: Groeimodel,
    cooperative_id: str,
    round_id: str,
    who: str = EVERYONE,
    plan: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
) -> BoardData:
    """Everything the board view shows for one cooperative and round (current rows only); with `plan`
    and `reviews` (the verbeterplan tables) this round's plan and the round before's, looked back on."""
    coop_rows = _of(scores, cooperative_id)
    round_rows = _of(scores, cooperative_id, round_id)
    members = sorted(round_rows["respondent"].unique()) if len(round_rows) else []
    who = who if who in members else EVERYONE
    dims = scoring.dimension_scores(coop_rows, model)
    board = scoring.board_aggregate(dims, model)
    previous = scoring.previous_round(list(coop_rows["round"].unique()), round_id)

    def values(rnd: str) -> list[float]:
        if who == EVERYONE:
            part = board[board["round"] == rnd].set_index("dimension_id")["mean"]
        else:
            sel = dims[(dims["round"] == rnd) & (dims["respondent"] == who)]
            part = sel.set_index("dimension_id")["score"]
        return [float(part.get(d, np.nan)) for d in model.dimension_ids]

    board_round = board[board["round"] == round_id]
    full = board_round.set_index("dimension_id").reindex(model.dimension_ids).reset_index()
    full["cooperative_id"] = cooperative_id
    full["round"] = round_id
    # A dimension that only got "weet niet" is a row without numbers, not a missing row.
    full["split"] = full["split"].astype("boolean").fillna(False).astype(bool)
    full["n_respondents"] = full["n_respondents"].fillna(0).astype(int)

    spread = scoring.statement_spread(round_rows)
    moved = None
    if previous is not None:
        prev_spread = scoring.statement_spread(coop_rows[coop_rows["round"] == previous])
        prev_dims = list(dict.fromkeys(scoring.verbeterpunten(prev_spread)["dimension_id"]))
        means = board.set_index(["round", "dimension_id"])["mean"]
        moved = [(d, means.get((previous, d), np.nan), means.get((round_id, d), np.nan)) for d in prev_dims]

    mine_board = _of(board_scores, cooperative_id)
    saved = _of(board_scores, cooperative_id, round_id)
    if len(saved):
        saved = _model_order(saved, model).set_index("dimension_id")
    members_per_round = (
        scoring.round_members(coop_rows).set_index("round")["n_members"] if len(coop_rows) else {}
    )
    return BoardData(
        cooperative_id=cooperative_id,
        round=round_id,
        who=who,
        round_rows=round_rows,
        members=members,
        previous=previous,
        dimensions=full,
        current=values(round_id),
        before=values(previous) if previous is not None else None,
        history=board[["round", "dimension_id", "mean"]],
        board_scores=mine_board,
        saved=saved,
        n_members={str(r): int(n) for r, n in dict(members_per_round).items()},
        complete={r for c, r in complete_rounds if c == cooperative_id},
        agenda=scoring.agenda(spread),
        verbeterpunten=scoring.verbeterpunten(spread),
        moved=moved,
        notes=_model_order(_of(notes, cooperative_id, round_id), model, "respondent"),
        **_plans(plan, reviews, cooperative_id, round_id, previous),
    )


def _plans(
    plan: pd.DataFrame | None, reviews: pd.DataFrame | None, coop: str, round_id: str, previous: str | None
) -> dict:
    if plan is None or plan.empty:
        return {}
    mine = plan[(plan["cooperative_id"] == coop) & ~plan["removed"]]
    planned = {(r, s.split(".", 1)[0]) for r, s in zip(mine["round"], mine["statement_id"], strict=True)}
    return {
        "plan": actions_of(plan, coop, round_id),
        "last_plan": actions_of(plan, coop, previous) if previous else [],
        "last_reviews": reviews_of(reviews, coop, previous) if previous and reviews is not None else {},
        "planned": planned,
    }
