"""Scoring: pure functions from score rows to dimension scores, board aggregates, levels and stages.

Input is the store's *current* score rows (`Store.current(SCORES).frame`): one row per cooperative,
round, respondent and statement, `score` 1–5 or <NA> for "weet niet".

Rules (also in docs/scoring.md):
- Dimension score of a respondent = mean of that respondent's answered statements of the dimension;
  "weet niet" is left out, not counted as zero. No answered statement -> no score for that dimension.
- Board aggregate per cooperative, round and dimension = mean of the respondents' dimension scores,
  with median, standard deviation (n-1), min, max and spread (max - min).
- Level: the 1–5 scale is cut into five equal bands of 0.8 points:
  [1.0, 1.8) Verkennen · [1.8, 2.6) Opstarten · [2.6, 3.4) Functioneren · [3.4, 4.2) Volwassen ·
  [4.2, 5.0] Voorbeeldig.
- Split (after SCIROCCO): a dimension is "verdeeld" when at least two members scored it and their
  dimension scores lie `SPLIT_SPREAD` = 2.0 points or more apart — at least two level bands. The
  board discusses such dimensions before agreeing a board score.
- Overall stage of a cooperative in a round: the level of the mean of its dimension means, but at
  most one level above its weakest dimension (a chain is as strong as its weakest link, as in CMMI's
  staged view). `complete` says whether every dimension of the model had a score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import Groeimodel
from .rules import LEVEL_LOWER_BOUNDS

SPLIT_SPREAD = 2.0

_ROUND_KEYS = ["cooperative_id", "round"]
_DIM_KEYS = [*_ROUND_KEYS, "dimension_id"]


def level_bands(values: np.ndarray) -> np.ndarray:
    """The level (1–5) of each score in an array of any shape, by the bands in `rules`; NaN gives 0."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isnan(values), 0, np.digitize(values, LEVEL_LOWER_BOUNDS[1:]) + 1)


def level_for_score(score: float | pd.Series | np.ndarray):
    """Map dimension scores (1–5) to levels 1–5; NaN stays NaN (a Series gets dtype Int64)."""
    values = np.asarray(score, dtype=float)
    levels = level_bands(values)
    if np.ndim(score) == 0:
        return None if np.isnan(values) else int(levels)
    out = pd.array(np.where(np.isnan(values), pd.NA, levels), dtype="Int64")
    return pd.Series(out, index=score.index) if isinstance(score, pd.Series) else out


def dimension_scores(scores: pd.DataFrame, model: Groeimodel) -> pd.DataFrame:
    """Per cooperative, round, respondent and dimension: score, n_answered, n_dont_know, n_discuss."""
    cols = [*_ROUND_KEYS, "respondent", "dimension_id"]
    if scores.empty:
        return pd.DataFrame(columns=[*cols, "score", "n_answered", "n_dont_know", "n_discuss"])
    # Categorical keys: at national scale (600k rows) this halves the memory and the time of the groupby.
    statement = scores["statement_id"].astype("category")
    dimension_of = np.array([sid.split(".", 1)[0] for sid in statement.cat.categories], dtype=object)
    frame = pd.DataFrame(
        {
            **{c: scores[c].astype("category") for c in (*_ROUND_KEYS, "respondent")},
            "dimension_id": pd.Categorical(dimension_of[statement.cat.codes.to_numpy()]),
            "value": scores["score"].to_numpy(dtype=float, na_value=np.nan),
            "discuss": scores["discuss"].to_numpy(dtype=bool),
        }
    )
    grouped = frame.groupby(cols, sort=True, observed=True)
    out = grouped.agg(
        score=("value", "mean"),
        n_answered=("value", "count"),
        n_rows=("value", "size"),
        n_discuss=("discuss", "sum"),
    ).reset_index()
    for c in cols:
        out[c] = out[c].astype(str)
    out["n_dont_know"] = out.pop("n_rows") - out["n_answered"]
    out["n_discuss"] = out["n_discuss"].astype(int)
    order = {d: i for i, d in enumerate(model.dimension_ids)}
    return _sort_dimensions(out, order, [*_ROUND_KEYS, "respondent"])


def board_aggregate(dim_scores: pd.DataFrame, model: Groeimodel) -> pd.DataFrame:
    """Per cooperative, round and dimension: mean, median, std, min, max, spread, n, level, split."""
    answered = dim_scores.dropna(subset=["score"])
    columns = [
        *_DIM_KEYS,
        "mean",
        "median",
        "std",
        "min",
        "max",
        "spread",
        "n_respondents",
        "level",
        "split",
    ]
    if answered.empty:
        return pd.DataFrame(columns=columns)
    out = (
        answered.groupby(_DIM_KEYS, sort=True, observed=True)["score"]
        .agg(["mean", "median", "std", "min", "max", "count"])
        .rename(columns={"count": "n_respondents"})
        .reset_index()
    )
    out["spread"] = out["max"] - out["min"]
    out["level"] = level_for_score(out["mean"])
    out["split"] = (out["n_respondents"] >= 2) & (out["spread"] >= SPLIT_SPREAD)
    order = {d: i for i, d in enumerate(model.dimension_ids)}
    return _sort_dimensions(out[columns], order, _ROUND_KEYS)


def overall_stage(board: pd.DataFrame, model: Groeimodel) -> pd.DataFrame:
    """Per cooperative and round: mean_score, lowest_level, stage (1–5), n_dimensions, complete."""
    columns = [*_ROUND_KEYS, "mean_score", "lowest_level", "stage", "n_dimensions", "complete"]
    if board.empty:
        return pd.DataFrame(columns=columns)
    out = (
        board.groupby(_ROUND_KEYS, sort=True, observed=True)
        .agg(
            mean_score=("mean", "mean"),
            lowest_level=("level", "min"),
            n_dimensions=("dimension_id", "nunique"),
        )
        .reset_index()
    )
    by_mean = level_for_score(out["mean_score"]).astype(int)
    out["lowest_level"] = out["lowest_level"].astype(int)
    out["stage"] = np.minimum(by_mean, out["lowest_level"] + 1).astype(int)
    out["complete"] = out["n_dimensions"] >= len(model.dimensions)
    return out[columns]


def _sort_dimensions(frame: pd.DataFrame, order: dict[str, int], keys: list[str]) -> pd.DataFrame:
    rank = frame["dimension_id"].map(order).fillna(len(order))
    return (
        frame.assign(_rank=rank)
        .sort_values([*keys, "_rank"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


# -- the board's conversation: statement spread, agenda, verbeterpunten -------------------------------
AGENDA_SIZE = 8
AGENDA_MIN = 3
VERBETERPUNTEN_SIZE = 5


def statement_spread(scores: pd.DataFrame) -> pd.DataFrame:
    """Per statement (within the rows given, e.g. one cooperative and round): mean, min, max, spread,
    n answered, n "weet niet" and how many members flagged it "hier wil ik over praten"."""
    frame = scores.assign(value=scores["score"].astype("Float64").astype(float))
    out = (
        frame.groupby("statement_id", sort=False)
        .agg(
            mean=("value", "mean"),
            min=("value", "min"),
            max=("value", "max"),
            n_answered=("value", "count"),
            n_rows=("value", "size"),
            n_discuss=("discuss", "sum"),
        )
        .reset_index()
    )
    out["spread"] = out["max"] - out["min"]
    out["n_dont_know"] = out.pop("n_rows") - out["n_answered"]
    out["n_discuss"] = out["n_discuss"].astype(int)
    out["dimension_id"] = out["statement_id"].str.split(".", n=1).str[0]
    return out


def agenda(spread: pd.DataFrame, size: int = AGENDA_SIZE, at_least: int = AGENDA_MIN) -> pd.DataFrame:
    """Statements for the board meeting: flagged "hier wil ik over praten", or members 2+ points apart.

    Ordered by how many flagged it, then by spread; at most `size`. When that gives fewer than
    `at_least`, the statements on which members differ most (at least one point) fill up the agenda,
    so a board that agrees broadly still gets something to talk about.
    """
    order = ["n_discuss", "spread"]
    picked = spread[(spread["n_discuss"] > 0) | (spread["spread"] >= SPLIT_SPREAD)]
    picked = picked.sort_values(order, ascending=False, kind="stable")
    if len(picked) < at_least:
        rest = spread[~spread.index.isin(picked.index) & (spread["spread"] >= 1.0)]
        extra = rest.sort_values("spread", ascending=False, kind="stable").head(at_least - len(picked))
        picked = pd.concat([picked, extra])
    return picked.head(size)


def verbeterpunten(spread: pd.DataFrame, size: int = VERBETERPUNTEN_SIZE) -> pd.DataFrame:
    """The lowest-scoring statements (by the members' mean), the board's candidate points to improve."""
    answered = spread.dropna(subset=["mean"])
    return answered.sort_values(["mean", "spread"], ascending=[True, False], kind="stable").head(size)


def previous_round(rounds: list[str], current: str) -> str | None:
    """The round before `current` among `rounds` ("2025-2" < "2026-1": the ids sort in time order)."""
    earlier = sorted(r for r in set(rounds) if r < current)
    return earlier[-1] if earlier else None


def round_members(scores: pd.DataFrame) -> pd.DataFrame:
    """Per cooperative and round: how many members answered (n_members)."""
    if scores.empty:
        return pd.DataFrame(columns=[*_ROUND_KEYS, "n_members"])
    out = scores.groupby(_ROUND_KEYS, sort=True, observed=True)["respondent"].nunique()
    return out.rename("n_members").reset_index()


def complete_rounds(rounds: pd.DataFrame) -> set[tuple[str, str]]:
    """(cooperative, round) pairs a board marked complete (current rows of `rondes.csv`)."""
    if rounds.empty:
        return set()
    marked = rounds[rounds["complete"].astype(bool)]
    return set(zip(marked["cooperative_id"], marked["round"], strict=True))
