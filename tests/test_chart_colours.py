"""Charts read in grey print and by colour-blind eyes (issue 17): colours that stay apart under simulated
deuteranopia, protanopia and tritanopia (colorspacious, CAM02-UCS ΔE), and series that differ in more
than colour (marker, dash, fill), so a black-and-white copy of the report still tells them apart."""

from __future__ import annotations

import itertools

import colorspacious as cs
import numpy as np
import pandas as pd
import pytest

from wijkcoop import charts
from wijkcoop.model import load_model
from wijkcoop.palette import COLOURS, LEVEL_COLOURS

# ΔE in CAM02-UCS: about 1 is just noticeable; 10 reads as a plainly different colour.
APART = 10.0
KINDS = ("deuteranomaly", "protanomaly", "tritanomaly")


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def seen(colour: str, kind: str | None) -> np.ndarray:
    if kind is None:
        return rgb(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    return np.clip(cs.cspace_convert(rgb(colour), space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_the_series_colours_stay_apart_for_colour_blind_eyes(kind):
    for a, b in itertools.combinations(COLOURS, 2):
        distance = cs.deltaE(seen(a, kind), seen(b, kind), input_space="sRGB1")
        assert distance >= APART, f"{a} and {b} look alike ({kind}): ΔE {distance:.1f}"


def test_levels_and_answers_go_from_light_to_dark_in_grey():
    """Levels 1–5 (maps) and answers 1–5 (the room's bars) step in lightness, so grey print keeps order."""
    lightness = [cs.cspace_convert(rgb(c), "sRGB1", "CIELab")[0] for c in LEVEL_COLOURS]
    steps = np.diff(lightness)
    assert (steps < -8).all(), lightness


def looks(ax) -> list[tuple]:
    """What tells a legend's series apart without colour: marker, dash, and whether the marker is filled."""
    handles, _ = ax.get_legend_handles_labels()
    return [(h.get_marker(), h.get_linestyle(), h.get_markerfacecolor() == "white") for h in handles]


def distinct_without_colour(ax) -> None:
    seen_looks = looks(ax)
    assert len(seen_looks) >= 2
    assert len(set(seen_looks)) == len(seen_looks), seen_looks


def test_radar_this_round_and_last_differ_in_grey():
    model = load_model()
    n = len(model.dimensions)
    series = [
        charts.Series("2026-2", [3.0] * n, COLOURS[0], "-", True),
        charts.Series("2026-1", [2.5] * n, COLOURS[5], ":", marker="s"),
    ]
    fig = charts.radar(model, series)
    distinct_without_colour(fig.axes[0])


def test_trajectory_groups_differ_in_grey():
    rounds = ["2025-1", "2025-2", "2026-1"]
    shares = pd.DataFrame(
        [
            (g, r, 0.1 * i + 0.05 * j)
            for i, g in enumerate(["", "Noord", "Zuid", "Oost", "West", "Midden", "Dorp"])
            for j, r in enumerate(rounds)
        ],
        columns=["group", "round", "share"],
    )
    target = pd.Series([0.2, 0.4, 0.6], index=rounds)
    fig = charts.trajectory(shares, target)
    distinct_without_colour(fig.axes[0])


def test_learning_gain_before_and_after_differ_in_grey():
    gain = pd.DataFrame({"before": [2.0, 2.5], "after": [3.5, 4.0], "gain": [1.5, 1.5]}, index=["g1", "g2"])
    fig = charts.learning_gain(gain, {"g1": "Doel een", "g2": "Doel twee"}, "voor", "na")
    distinct_without_colour(fig.axes[0])
