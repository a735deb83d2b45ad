"""Comparing maturity across cooperatives and doorbraakgebieden: pure functions on DataFrames.

Rules (docs/vergelijken.md explains them for coordinators):
- A cooperative's value per dimension in a round is the **board score** where the board agreed one,
  otherwise the members' mean (`source` says which).
- "Latest" means each cooperative's most recent round within the filters that its board marked
  complete; a cooperative that never marked a round complete shows its most recent round. Every row
  carries how many members answered (`n_members`) and whether its round is complete.
- **Privacy**: group figures (median, quartiles, shares) are only shown for groups of at least
  `MIN_GROUP` = 5 cooperatives; otherwise they are withheld and the reason is given.
- **Names**: a cooperative's name is shown only where it consented (`show_name`); otherwise a stable
  pseudonym, an HMAC of its id under a secret kept in the data folder (so it cannot be guessed from a
  list of names, and it stays the same between sessions).
- **Model versions**: dimension scores are means of the statements answered, so a statement dropped in
  a later version is missing (left out), never a zero; a dimension with no answered statement is empty.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import scoring
from .cache import cached_frame
from .model import Groeimodel
from .rules import SECRET_FILE, TARGET_ROUNDS
from .store import Store
from .tables import BOARD_SCORES, COOPERATIVES, ROUNDS, SCORES

MIN_GROUP = 5


@dataclass(frozen=True)
class Filters:
    doorbraakgebied: str | None = None
    gemeente: str | None = None
    round: str | None = None  # None: each cooperative's latest round
    model_version: str | None = None


@dataclass
class Base:
    """Everything that does not change between filter changes; loaded once per page."""

    values: pd.DataFrame  # cooperative_id, round, dimension_id, value, source, level, model_version
    register: pd.DataFrame  # current register with a `label` column (name or pseudonym)
    problems: int  # rows left out because they did not pass validation


# -- loading --------------------------------------------------------------------------------------
def load_base(store: Store, areas: set[str] | None = None) -> Base:
    """Everything Vergelijken shows; with `areas`, only the cooperatives of those doorbraakgebieden
    (a coordinator's grant): no other cooperative's figures are read into the page."""
    model = store.model
    board, info = cached_frame(store, "board", [SCORES], lambda: _member_board(store, model))
    board_scores = store.current(BOARD_SCORES)
    register = store.current(COOPERATIVES)
    values = combine(board, board_scores.frame, model)
    members = board.groupby(["cooperative_id", "round"])["n_respondents"].max().rename("n_members")
    values = values.merge(members.reset_index(), on=["cooperative_id", "round"], how="left")
    values["n_members"] = values["n_members"].fillna(0).astype(int)
    done = scoring.complete_rounds(store.current(ROUNDS).frame)
    values["complete"] = [
        (c, r) in done for c, r in zip(values["cooperative_id"], values["round"], strict=True)
    ]
    labelled = register.frame.assign(
        label=labels(register.frame, pseudonym_secret(store.data_dir))
    ).reset_index(drop=True)
    problems = info.get("problems", 0) + len(board_scores.problems) + len(register.problems)
    if areas is not None:
        labelled = labelled[labelled["doorbraakgebied"].isin(areas)].reset_index(drop=True)
        values = values[values["cooperative_id"].isin(set(labelled["cooperative_id"]))]
    return Base(values=values, register=labelled, problems=problems)


def _member_board(store: Store, model: Groeimodel) -> tuple[pd.DataFrame, dict]:
    result = store.current(SCORES)
    scores = result.frame
    board = scoring.board_aggregate(scoring.dimension_scores(scores, model), model)
    versions = scores.groupby(["cooperative_id", "round"], sort=False)["model_version"].last().reset_index()
    board = board.merge(versions, on=["cooperative_id", "round"], how="left")
    keep = ["cooperative_id", "round", "dimension_id", "mean", "n_respondents", "split", "model_version"]
    return board[keep], {"problems": len(result.problems)}


def combine(board: pd.DataFrame, board_scores: pd.DataFrame, model: Groeimodel) -> pd.DataFrame:
    """Board score where agreed, else the members' mean; with its level."""
    keys = ["cooperative_id", "round", "dimension_id"]
    agreed = board_scores[[*keys, "score"]] if len(board_scores) else pd.DataFrame(columns=[*keys, "score"])
    out = board.merge(agreed, on=keys, how="outer")
    has_board = out["score"].notna()
    out["value"] = np.where(has_board, out["score"], out["mean"]).astype(float)
    out["source"] = np.where(has_board, "bestuur", "leden")
    out["level"] = scoring.level_for_score(out["value"])
    if "model_version" in out:
        out["model_version"] = out.groupby(["cooperative_id", "round"])["model_version"].transform("first")
    return out[[*keys, "value", "source", "level", "model_version"]]


# -- names ----------------------------------------------------------------------------------------
def pseudonym_secret(data_dir: Path) -> bytes:
    """A random key made once per data folder (race-safe), used only to derive pseudonyms."""
    path = Path(data_dir) / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key)
    except FileExistsError:  # another page made it first: use theirs
        pass
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def pseudonym(cooperative_id: str, secret: bytes) -> str:
    digest = hmac.new(secret, cooperative_id.encode("utf-8"), hashlib.sha256).digest()
    return "Coöperatie " + base64.b32encode(digest)[:5].decode("ascii")


def labels(register: pd.DataFrame, secret: bytes) -> list[str]:
    return [
        name if show else pseudonym(cid, secret)
        for cid, name, show in zip(
            register["cooperative_id"], register["name"], register["show_name"], strict=True
        )
    ]


# -- filtering ------------------------------------------------------------------------------------
def in_scope(base: Base, filters: Filters) -> pd.DataFrame:
    """All rounds of the cooperatives and model versions the filters select, with register columns."""
    reg = base.register
    if filters.doorbraakgebied:
        reg = reg[reg["doorbraakgebied"] == filters.doorbraakgebied]
    if filters.gemeente:
        reg = reg[reg["gemeente"] == filters.gemeente]
    values = base.values
    if filters.model_version:
        values = values[values["model_version"] == filters.model_version]
    cols = ["cooperative_id", "label", "doorbraakgebied", "gemeente", "show_name"]
    return values.merge(reg[cols], on="cooperative_id", how="inner")


def latest(scope: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """One round per cooperative: the chosen round, or each cooperative's latest complete round
    (its latest round if it never marked one complete)."""
    if filters.round:
        return scope[scope["round"] == filters.round]
    complete = scope["complete"] if "complete" in scope else pd.Series(False, index=scope.index)
    has_complete = complete.groupby(scope["cooperative_id"]).transform("any")
    candidates = scope["round"].where(complete | ~has_complete)
    last = candidates.groupby(scope["cooperative_id"]).transform("max")
    return scope[scope["round"] == last]


def heatmap_table(current: pd.DataFrame, model: Groeimodel) -> pd.DataFrame:
    """Cooperatives × dimensions; missing stays missing (NaN), never zero."""
    if current.empty:
        return pd.DataFrame(
            columns=["label", "doorbraakgebied", "round", "n_members", "complete", *model.dimension_ids]
        )
    if "n_members" not in current:
        current = current.assign(n_members=0, complete=False)
    wide = current.pivot_table(
        index=["label", "doorbraakgebied", "gemeente", "round", "n_members", "complete"],
        columns="dimension_id",
        values="value",
        aggfunc="first",
    )
    wide = wide.reindex(columns=model.dimension_ids)
    wide.columns.name = None
    return wide.reset_index().sort_values(["doorbraakgebied", "label"], kind="stable")


# -- group figures --------------------------------------------------------------------------------
def group_summary(values: pd.Series, min_n: int = MIN_GROUP) -> dict:
    """Median and quartiles of a group, or `withheld` when the group is smaller than `min_n`."""
    clean = values.dropna()
    n = int(clean.size)
    if n < min_n:
        return {"n": n, "withheld": True}
    q1, median, q3 = np.quantile(clean.to_numpy(dtype=float), [0.25, 0.5, 0.75])
    return {"n": n, "withheld": False, "q1": q1, "median": median, "q3": q3}


def distribution(current: pd.DataFrame, model: Groeimodel, min_n: int = MIN_GROUP) -> pd.DataFrame:
    """Per dimension: n cooperatives and, for groups of at least `min_n`, quartiles and median."""
    rows = []
    for dim in model.dimension_ids:
        part = current.loc[current["dimension_id"] == dim, "value"]
        rows.append({"dimension_id": dim, **group_summary(part, min_n)})
    return pd.DataFrame(rows)


def stages(scope: pd.DataFrame, model: Groeimodel, dimension: str | None) -> pd.DataFrame:
    """Per cooperative and round: the level for one dimension, or the overall stage for all."""
    if dimension:
        part = scope[scope["dimension_id"] == dimension]
        out = part[["cooperative_id", "round", "level"]].rename(columns={"level": "stage"})
    else:
        board = scope.rename(columns={"value": "mean"})
        out = scoring.overall_stage(board, model)[["cooperative_id", "round", "stage"]]
    return out.dropna(subset=["stage"])


def mature_share(
    scope: pd.DataFrame,
    model: Groeimodel,
    dimension: str | None = None,
    by: str = "doorbraakgebied",
    min_n: int = MIN_GROUP,
) -> pd.DataFrame:
    """Share of cooperatives at the target level or above per group and round (NaN where n < `min_n`).

    Rows: group, round, n, share. The group "" is all cooperatives in scope together.
    """
    st = stages(scope, model, dimension)
    groups = scope[["cooperative_id", by]].drop_duplicates()
    st = st.merge(groups, on="cooperative_id")
    st["mature"] = st["stage"] >= model.target_level
    per_group = st.groupby([by, "round"]).agg(n=("mature", "size"), share=("mature", "mean")).reset_index()
    overall = st.groupby("round").agg(n=("mature", "size"), share=("mature", "mean")).reset_index()
    overall[by] = ""
    out = pd.concat([overall, per_group], ignore_index=True).rename(columns={by: "group"})
    out.loc[out["n"] < min_n, "share"] = np.nan
    return out[["group", "round", "n", "share"]]


def target_line(rounds: list[str]) -> pd.Series:
    """The three-year path: from 0 % at the first round to 100 % six rounds (three years) later."""
    ordered = sorted(rounds)
    return pd.Series([min(1.0, i / TARGET_ROUNDS) for i in range(len(ordered))], index=ordered)


def strong_peers(current: pd.DataFrame, dimension: str, target_level: int, top: int = 8) -> pd.DataFrame:
    """Cooperatives at the target level or above on a dimension, strongest first; `label` respects consent."""
    part = current[(current["dimension_id"] == dimension) & (current["level"] >= target_level)]
    cols = ["label", "doorbraakgebied", "round", "value", "source", "show_name"]
    return part.sort_values("value", ascending=False, kind="stable")[cols].head(top)
