"""The analyst's tables (wijkcoop.analysis): the apps' own figures, checked against the raw CSV rows and
against what Vergelijken shows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wijkcoop import analysis, compare, scoring
from wijkcoop.context import open_store
from wijkcoop.tables import BOARD_SCORES, SCORES


@pytest.fixture
def store(demo_copy, model):
    return open_store(demo_copy, model=model)


def test_board_table_is_the_members_mean_from_the_raw_rows_and_an_agreed_score_counts(store, model):
    raw = pd.read_csv(store.data_dir / SCORES.filename, dtype=str, sep=None, engine="python")
    coop = sorted(raw["cooperative_id"].unique())[0]
    last = raw.loc[raw["cooperative_id"] == coop, "round"].max()
    store.append(
        BOARD_SCORES,
        [
            {
                "cooperative_id": coop,
                "round": last,
                "dimension_id": "D3",
                "score": 4.5,
                "rationale": "",
                "model_version": model.model_version,
            }
        ],
    )
    round_id, table = analysis.board_table(store, coop)
    assert round_id == last
    assert list(table["dimensie"]) == model.dimension_ids
    assert table.columns.tolist() == list(analysis.BOARD_COLUMNS.values())
    mine = store.current(SCORES).frame
    mine = mine[(mine["cooperative_id"] == coop) & (mine["round"] == last)]
    for d in model.dimension_ids:
        rows = mine[mine["statement_id"].str.startswith(d + ".")]
        per_member = rows.dropna(subset=["score"]).groupby("respondent")["score"].mean()
        row = table.set_index("dimensie").loc[d]
        assert row["leden"] == per_member.size
        assert math.isclose(row["gemiddelde"], round(per_member.mean(), 1), abs_tol=0.051)
        if d == "D3":
            assert (row["telt"], row["bron"]) == (4.5, "bestuur")
        else:
            assert row["bron"] == "leden" and row["telt"] == row["gemiddelde"]
    assert analysis.board_table(store, "bestaat-niet")[1].empty


def test_area_tables_match_vergelijken_and_withhold_small_areas(store, model):
    areas = analysis.area_table(store)
    shares = analysis.mature_table(store)
    base = compare.load_base(store)
    current = compare.latest(compare.in_scope(base, compare.Filters()), compare.Filters())
    heat = compare.heatmap_table(current, model)  # what Vergelijken's overview shows
    sizes = base.register.groupby("doorbraakgebied")["cooperative_id"].nunique()
    assert (sizes < compare.MIN_GROUP).any() and (sizes >= compare.MIN_GROUP).any()  # the demo has both
    assert areas["coöperaties"].to_dict() == sizes.to_dict()
    for area, n in sizes.items():
        if n < compare.MIN_GROUP:
            assert areas.loc[area, model.dimension_ids].isna().all(), area
            assert shares.loc[area, model.dimension_ids].isna().all(), area
            continue
        rows = heat[heat["doorbraakgebied"] == area]
        for d in model.dimension_ids:
            assert math.isclose(areas.loc[area, d], round(rows[d].mean(), 1), abs_tol=0.051), (area, d)
            levels = scoring.level_for_score(rows[d].dropna())
            assert shares.loc[area, d] == round(100 * (levels >= model.target_level).mean()), (area, d)
