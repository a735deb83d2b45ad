from __future__ import annotations

import pandas as pd
import pytest

from wijkcoop import scoring


def rows(spec):
    """spec: {(coop, round, respondent): {statement_id: score or None}}"""
    out = []
    for (coop, rnd, resp), scores in spec.items():
        for sid, score in scores.items():
            out.append(
                {
                    "cooperative_id": coop,
                    "round": rnd,
                    "respondent": resp,
                    "statement_id": sid,
                    "score": score,
                    "discuss": sid.endswith(".1"),
                }
            )
    frame = pd.DataFrame(out)
    frame["score"] = frame["score"].astype("Int64")
    return frame


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1.0, 1),
        (1.79, 1),
        (1.8, 2),
        (2.59, 2),
        (2.6, 3),
        (3.39, 3),
        (3.4, 4),
        (4.19, 4),
        (4.2, 5),
        (5.0, 5),
    ],
)
def test_level_bands(score, level):
    assert scoring.level_for_score(score) == level


def test_level_of_missing_score_is_missing():
    assert scoring.level_for_score(float("nan")) is None
    series = scoring.level_for_score(pd.Series([2.0, None]))
    assert series.iloc[0] == 2 and pd.isna(series.iloc[1])


def test_dimension_score_leaves_out_dont_know(model):
    frame = rows({("c", "2026-1", "a"): {"D1.1": 4, "D1.2": None, "D1.3": 2, "D1.4": None, "D2.1": None}})
    dims = scoring.dimension_scores(frame, model).set_index("dimension_id")
    assert dims.loc["D1", "score"] == 3.0
    assert dims.loc["D1", "n_answered"] == 2 and dims.loc["D1", "n_dont_know"] == 2
    assert dims.loc["D1", "n_discuss"] == 1
    assert pd.isna(dims.loc["D2", "score"])  # only "weet niet": no score, not zero


def test_board_aggregate_mean_spread_and_split_rule(model):
    frame = rows(
        {
            ("c", "2026-1", "a"): {"D1.1": 1, "D1.2": 1, "D2.1": 3, "D3.1": 2},
            ("c", "2026-1", "b"): {"D1.1": 3, "D1.2": 3, "D2.1": 4, "D3.1": 4},  # D1 2.0 apart
            ("c", "2026-1", "c"): {"D1.1": 2, "D1.2": 2, "D2.1": None, "D3.1": 3},
            ("c", "2026-1", "d"): {"D3.1": 4},
        }
    )
    frame.loc[frame["respondent"] == "d", "score"] = pd.NA  # d answered only "weet niet"
    board = scoring.board_aggregate(scoring.dimension_scores(frame, model), model)
    board = board.set_index("dimension_id")
    assert board.loc["D1", "mean"] == 2.0 and board.loc["D1", "spread"] == 2.0
    assert board.loc["D1", "n_respondents"] == 3
    assert bool(board.loc["D1", "split"]) is True  # exactly the threshold: split
    assert board.loc["D2", "n_respondents"] == 2 and board.loc["D2", "mean"] == 3.5
    assert bool(board.loc["D2", "split"]) is False
    assert board.loc["D3", "spread"] == 2.0 and board.loc["D3", "n_respondents"] == 3
    assert board.loc["D2", "level"] == 4 and board.loc["D1", "level"] == 2


def test_one_member_is_never_split(model):
    frame = rows({("c", "2026-1", "a"): {"D1.1": 1, "D1.2": 5}})
    board = scoring.board_aggregate(scoring.dimension_scores(frame, model), model)
    assert not board["split"].any()


def test_overall_stage_is_capped_one_above_weakest_dimension(model):
    high = {f"D{d}.1": 5 for d in range(1, 10)}
    frame = rows({("c", "2026-1", "a"): {**high, "D10.1": 1}, ("c", "2026-2", "a"): {"D1.1": 4, "D2.1": 4}})
    board = scoring.board_aggregate(scoring.dimension_scores(frame, model), model)
    stage = scoring.overall_stage(board, model).set_index("round")
    # mean 4.6 would be level 5, but D10 is at level 1: stage 2.
    assert stage.loc["2026-1", "lowest_level"] == 1
    assert stage.loc["2026-1", "stage"] == 2
    assert bool(stage.loc["2026-1", "complete"]) is True
    assert stage.loc["2026-2", "stage"] == 4 and not stage.loc["2026-2", "complete"]


def test_empty_input_gives_empty_frames(model):
    empty = rows({("c", "2026-1", "a"): {"D1.1": 1}}).iloc[0:0]
    dims = scoring.dimension_scores(empty, model)
    board = scoring.board_aggregate(dims, model)
    assert dims.empty and board.empty and scoring.overall_stage(board, model).empty


def test_agenda_takes_flagged_and_split_statements_and_fills_up_with_the_largest_differences(model):
    frame = rows(
        {
            ("c", "2026-1", "a"): {"D1.1": 1, "D1.2": 3, "D1.3": 2, "D1.4": 4, "D2.2": 3},
            ("c", "2026-1", "b"): {"D1.1": 3, "D1.2": 3, "D1.3": 3, "D1.4": 4, "D2.2": 3},
        }
    )
    frame["discuss"] = False
    frame.loc[(frame["respondent"] == "b") & (frame["statement_id"] == "D1.2"), "discuss"] = True
    spread = scoring.statement_spread(frame)
    picked = scoring.agenda(spread)
    # D1.2 flagged, D1.1 two points apart, then D1.3 (one point apart) fills up; equal scores never.
    assert picked["statement_id"].tolist() == ["D1.2", "D1.1", "D1.3"]
    assert scoring.agenda(spread, at_least=0)["statement_id"].tolist() == ["D1.2", "D1.1"]
