"""Comparison rules: board score over members' mean, latest round, the ≥ 5 rule, consent and pseudonyms,
older model versions, and the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkcoop import compare
from wijkcoop.context import open_store
from wijkcoop.tables import BOARD_SCORES, COOPERATIVES, SCORES


def register(store, coops):
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": cid,
                "name": f"Coop {cid} (demo)",
                "kind": "wijk",
                "doorbraakgebied": area,
                "gemeente": "Gemeente Proefstad",
                "show_name": show,
            }
            for cid, area, show in coops
        ],
    )


def scores(store, model, coop, round_, respondent, value, version=None, statements=None):
    ids = statements or model.statement_ids
    store.append(
        SCORES,
        [
            {
                "cooperative_id": coop,
                "round": round_,
                "respondent": respondent,
                "statement_id": sid,
                "score": value,
                "discuss": False,
                "model_version": version or model.model_version,
            }
            for sid in ids
        ],
    )


def test_board_score_wins_over_members_mean_and_latest_round_is_used(store, model):
    register(store, [("a", "Noord", True)])
    scores(store, model, "a", "2025-2", "lid-1", 2)
    scores(store, model, "a", "2026-1", "lid-1", 3)
    scores(store, model, "a", "2026-1", "lid-2", 4)
    store.append(
        BOARD_SCORES,
        [
            {
                "cooperative_id": "a",
                "round": "2026-1",
                "dimension_id": "D2",
                "score": 4.5,
                "rationale": "",
                "model_version": model.model_version,
            }
        ],
    )
    base = compare.load_base(store)
    f = compare.Filters()
    current = compare.latest(compare.in_scope(base, f), f).set_index("dimension_id")
    assert set(current["round"]) == {"2026-1"}
    assert current.loc["D1", "value"] == 3.5 and current.loc["D1", "source"] == "leden"
    assert current.loc["D2", "value"] == 4.5 and current.loc["D2", "source"] == "bestuur"
    assert current.loc["D2", "level"] == 5
    chosen = compare.Filters(round="2025-2")
    assert set(compare.latest(compare.in_scope(base, chosen), chosen)["value"]) == {2.0}


def test_group_figures_need_five_cooperatives():
    assert compare.group_summary(pd.Series([1.0, 2.0, 3.0, 4.0]))["withheld"] is True
    shown = compare.group_summary(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert shown["withheld"] is False and shown["median"] == 3.0 and shown["q1"] == 2.0
    assert compare.group_summary(pd.Series([1.0, 2.0, np.nan, 3.0, 4.0]))["withheld"] is True


def test_mature_share_is_withheld_for_small_groups(store, model):
    coops = [(f"big-{i}", "Groot", True) for i in range(5)] + [
        (f"small-{i}", "Klein", True) for i in range(4)
    ]
    register(store, coops)
    for i, (cid, _, _) in enumerate(coops):
        scores(store, model, cid, "2026-1", "lid", 4 if i % 2 == 0 else 2)
    base = compare.load_base(store)
    shares = compare.mature_share(compare.in_scope(base, compare.Filters()), model).set_index("group")
    assert shares.loc["Groot", "n"] == 5 and shares.loc["Groot", "share"] == pytest.approx(3 / 5)
    assert shares.loc["Klein", "n"] == 4 and np.isnan(shares.loc["Klein", "share"])
    assert shares.loc["", "n"] == 9 and shares.loc["", "share"] == pytest.approx(5 / 9)
    per_dim = compare.mature_share(compare.in_scope(base, compare.Filters()), model, dimension="D3")
    assert per_dim.set_index("group").loc["Groot", "share"] == pytest.approx(3 / 5)


def test_names_only_with_consent_and_pseudonyms_are_stable_and_keyed(store, model, tmp_path):
    register(store, [("open", "Noord", True), ("dicht", "Noord", False)])
    scores(store, model, "open", "2026-1", "lid", 3)
    scores(store, model, "dicht", "2026-1", "lid", 5)
    base = compare.load_base(store)
    labels = dict(zip(base.register["cooperative_id"], base.register["label"], strict=True))
    assert labels["open"] == "Coop open (demo)"
    assert labels["dicht"].startswith("Coöperatie ") and "dicht" not in labels["dicht"]
    assert (
        compare.load_base(store).register.set_index("cooperative_id").loc["dicht", "label"] == labels["dicht"]
    )
    other = compare.pseudonym("dicht", compare.pseudonym_secret(tmp_path / "elders"))
    assert other != labels["dicht"]  # another installation's key gives another pseudonym
    current = compare.latest(compare.in_scope(base, compare.Filters()), compare.Filters())
    peers = compare.strong_peers(current, "D1", model.target_level)
    assert peers["label"].tolist() == [labels["dicht"]]  # strong, shown under its pseudonym


def test_older_model_version_dropped_statement_is_missing_not_zero(store, model):
    register(store, [("oud", "Noord", True), ("nieuw", "Noord", True)])
    # An older version had no statements for D10 at all and one fewer for D4.
    old_ids = [s for s in model.statement_ids if not s.startswith("D10.") and s != "D4.4"]
    scores(store, model, "oud", "2025-1", "lid", 4, version="2025.1", statements=old_ids)
    scores(store, model, "nieuw", "2026-1", "lid", 2)
    base = compare.load_base(store)
    f = compare.Filters()
    table = compare.heatmap_table(compare.latest(compare.in_scope(base, f), f), model).set_index("label")
    assert np.isnan(table.loc["Coop oud (demo)", "D10"])  # missing, not zero
    assert table.loc["Coop oud (demo)", "D4"] == 4.0  # mean of the statements it had
    only_old = compare.Filters(model_version="2025.1")
    assert set(compare.in_scope(base, only_old)["cooperative_id"]) == {"oud"}


def test_cache_is_reused_and_refreshed_by_a_new_save(store, model):
    register(store, [("a", "Noord", True)])
    scores(store, model, "a", "2026-1", "lid-1", 3)
    compare.load_base(store)
    cached = list((store.data_dir / ".cache").glob("board-*.parquet"))
    assert len(cached) == 1
    compare.load_base(store)
    assert list((store.data_dir / ".cache").glob("board-*.parquet")) == cached
    scores(store, model, "a", "2026-1", "lid-2", 5)
    base = compare.load_base(store)
    assert base.values.set_index("dimension_id").loc["D1", "value"] == 4.0
    assert list((store.data_dir / ".cache").glob("board-*.parquet")) != cached
    assert len(list((store.data_dir / ".cache").glob("board-*.parquet"))) == 1


def test_demo_shows_ten_areas_and_both_sides_of_the_privacy_rule(demo_dir, model):
    base = compare.load_base(open_store(demo_dir, model=model))
    assert base.register["doorbraakgebied"].nunique() == 10
    shares = compare.mature_share(compare.in_scope(base, compare.Filters()), model)
    last = shares[shares["round"] == "2026-2"].set_index("group")
    assert last["share"].notna().sum() >= 3 and last["share"].isna().sum() >= 3


def test_latest_is_the_latest_complete_round_and_every_row_says_how_many_answered(store, model):
    """A round where 1 of 4 members answered is not 'the latest' until the board calls it complete."""
    from wijkcoop.tables import ROUNDS

    register(store, [("a", "Noord", True), ("b", "Noord", True)])
    for who in ("lid-1", "lid-2", "lid-3", "lid-4"):
        scores(store, model, "a", "2025-2", who, 3)
    scores(store, model, "a", "2026-1", "lid-1", 1)  # one member of four, so far
    scores(store, model, "b", "2026-1", "lid-1", 4)  # b never marked a round complete
    store.append(ROUNDS, [{"cooperative_id": "a", "round": "2025-2", "complete": True}])
    base = compare.load_base(store)
    f = compare.Filters()
    current = compare.latest(compare.in_scope(base, f), f)
    a = current[current["cooperative_id"] == "a"]
    assert set(a["round"]) == {"2025-2"} and set(a["n_members"]) == {4} and a["complete"].all()
    b = current[current["cooperative_id"] == "b"]
    assert set(b["round"]) == {"2026-1"} and set(b["n_members"]) == {1} and not b["complete"].any()
    table = compare.heatmap_table(current, model)
    assert list(table.columns[:6]) == [
        "label",
        "doorbraakgebied",
        "gemeente",
        "round",
        "n_members",
        "complete",
    ]
    # The board calls 2026-1 complete: from then on it is the latest.
    store.append(ROUNDS, [{"cooperative_id": "a", "round": "2026-1", "complete": True}])
    base = compare.load_base(store)
    current = compare.latest(compare.in_scope(base, f), f)
    a = current[current["cooperative_id"] == "a"]
    assert set(a["round"]) == {"2026-1"} and set(a["n_members"]) == {1}
