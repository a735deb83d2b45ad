from __future__ import annotations

from wijkcoop import demo, scoring
from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES, SCORES


def test_demo_shape(demo_dir, model):
    store = open_store(demo_dir, model=model)
    counts, problems = store.validate_all()
    assert problems == []
    coops = store.read(COOPERATIVES).frame
    scores = store.read(SCORES).frame
    assert coops["doorbraakgebied"].nunique() == 10
    assert 35 <= len(coops) <= 45
    per_area = coops.groupby("doorbraakgebied").size()
    assert per_area.max() >= 5 and per_area.min() < 5  # both sides of the comparison's privacy rule
    assert coops["name"].str.endswith("(demo)").all()
    assert set(scores["round"]) == set(demo.ROUNDS)
    members = scores.groupby(["cooperative_id", "round"])["respondent"].nunique()
    assert members.between(2, 7).all() and members.max() == 7 and members.min() <= 4
    dont_know = scores["score"].isna().mean()
    assert 0.01 < dont_know < 0.1
    assert set(scores["respondent"]) <= set(demo.ROLES)  # roles, never names


def test_demo_trajectories_mostly_rise_toward_volwassen(demo_dir, model):
    scores = open_store(demo_dir, model=model).current(SCORES).frame
    board = scoring.board_aggregate(scoring.dimension_scores(scores, model), model)
    share = board.assign(mature=board["level"] >= 4).groupby("round")["mature"].mean()
    assert share.iloc[-1] > share.iloc[0] + 0.2
    stage = scoring.overall_stage(board, model)
    first = stage.groupby("cooperative_id")["mean_score"].first()
    last = stage.groupby("cooperative_id")["mean_score"].last()
    assert (last > first).mean() > 0.8
    assert board["split"].any()  # the board has something to discuss


def test_demo_is_seeded(tmp_path, model):
    a, b = open_store(tmp_path / "a", model=model), open_store(tmp_path / "b", model=model)
    demo.generate(a, model, seed=7, sizes=(1,) * 10)
    demo.generate(b, model, seed=7, sizes=(1,) * 10)
    cols = ["cooperative_id", "round", "respondent", "statement_id", "score", "saved_at"]
    fa, fb = a.read(SCORES).frame[cols], b.read(SCORES).frame[cols]
    assert fa.equals(fb)
