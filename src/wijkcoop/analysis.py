"""Tables for the analyst (the worked notebook in notebooks/analyse): the apps' own figures as frames.

Everything here reads through the store and `compare`, so a notebook sees what the apps see: the last row
per key counts, rows that fail validation are left out, an agreed board score counts before the members'
mean, and a group of fewer than `compare.MIN_GROUP` cooperatives is withheld (NaN), as in Vergelijken.
Column names are Dutch: the analyst shares these tables with boards and coordinators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import compare, scoring
from .store import Store
from .tables import SCORES

BOARD_COLUMNS = {
    "dimension_id": "dimensie",
    "name": "naam",
    "mean": "gemiddelde",
    "spread": "spreiding",
    "n_respondents": "leden",
    "split": "verdeeld",
    "value": "telt",
    "source": "bron",
}


def board_table(
    store: Store, cooperative_id: str, round_id: str | None = None, lang: str = "nl"
) -> tuple[str | None, pd.DataFrame]:
    """One cooperative's round per dimension: the members' mean, spread and count, whether the board is
    split, and what counts (the agreed board score, else the mean) with its source. Without `round_id`, the
    cooperative's latest round. Returns (round, table); (None, empty table) when it has no scores."""
    model = store.model
    scores = store.current(SCORES).frame
    mine = scores[scores["cooperative_id"] == cooperative_id]
    empty = pd.DataFrame(columns=list(BOARD_COLUMNS.values()))
    if mine.empty:
        return None, empty
    round_id = round_id or str(mine["round"].max())
    mine = mine[mine["round"] == round_id]
    if mine.empty:
        return round_id, empty
    board = scoring.board_aggregate(scoring.dimension_scores(mine, model), model)
    values = compare.load_base(store).values
    values = values[(values["cooperative_id"] == cooperative_id) & (values["round"] == round_id)]
    keys = ["cooperative_id", "round", "dimension_id"]
    table = board.merge(values[[*keys, "value", "source"]], on=keys, how="left")
    names = {d.id: d.name(lang) for d in model.dimensions}
    table = table.assign(name=table["dimension_id"].map(names))
    table = table.set_index("dimension_id").reindex(model.dimension_ids).reset_index()
    table = table[list(BOARD_COLUMNS)].rename(columns=BOARD_COLUMNS)
    return round_id, table.round({"gemiddelde": 1, "spreiding": 1, "telt": 1})


def latest_values(store: Store) -> pd.DataFrame:
    """Per cooperative its latest complete round (its latest round if none is marked complete), one row
    per dimension, with the register's columns: what Vergelijken compares."""
    base = compare.load_base(store)
    filters = compare.Filters()
    return compare.latest(compare.in_scope(base, filters), filters)


def area_table(store: Store, by: str = "doorbraakgebied", min_n: int = compare.MIN_GROUP) -> pd.DataFrame:
    """Per area (rows) and dimension (columns): the mean of what counts over the area's cooperatives, each
    in its latest round; an area with fewer than `min_n` cooperatives is withheld (NaN). The first column,
    `coöperaties`, is how many cooperatives each area has."""
    return _per_area(store, by, min_n, mature=False)


def mature_table(store: Store, by: str = "doorbraakgebied", min_n: int = compare.MIN_GROUP) -> pd.DataFrame:
    """Per area and dimension: the percentage of cooperatives at the model's target level or above, in their
    latest round; withheld (NaN) for an area of fewer than `min_n` cooperatives."""
    return _per_area(store, by, min_n, mature=True)


def _per_area(store: Store, by: str, min_n: int, mature: bool) -> pd.DataFrame:
    model = store.model
    latest = latest_values(store)
    dims = model.dimension_ids
    if latest.empty:
        return pd.DataFrame(columns=["coöperaties", *dims])
    if mature:
        at_target = np.where(latest["level"] >= model.target_level, 100.0, 0.0)
        latest = latest.assign(value=np.where(latest["level"].isna(), np.nan, at_target))
    size = latest.groupby(by)["cooperative_id"].nunique().rename("coöperaties")
    table = latest.pivot_table(index=by, columns="dimension_id", values="value", aggfunc="mean")
    table = table.reindex(columns=dims).round(0 if mature else 1)
    table[size.reindex(table.index) < min_n] = np.nan
    table.insert(0, "coöperaties", size.reindex(table.index))
    table.columns.name = None
    return table
