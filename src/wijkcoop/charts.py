"""Matplotlib figures for the apps and reports. No widgets here, no pyplot state: each call builds its own
Figure, so charts are safe in a kernel, a test or a report, and never pop up as a side effect."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .model import Groeimodel
from .palette import BAND_COLOURS, COLOURS, LEVEL_COLOURS, MISSING_COLOUR
from .rules import LEVEL_LOWER_BOUNDS

if TYPE_CHECKING:
    from matplotlib.projections.polar import PolarAxes


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]  # one per dimension, in model order; NaN where unknown
    colour: str = COLOURS[0]
    style: str = "-"
    fill: bool = False
    marker: str = "o"


def radar(model: Groeimodel, series: list[Series], lang: str = "nl", title: str = "") -> Figure:
    """The spinnenweb: one spoke per dimension, scale 1–5, the ambition (level 4) as a dashed ring."""
    labels = [textwrap.fill(d.name(lang), 16) for d in model.dimensions]
    n = len(labels)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.concatenate([angles, angles[:1]])
    fig = Figure(figsize=(8.4, 6.6))
    # Room around the polar axes for the spoke labels and the legend (constrained layout clips them).
    ax = cast("PolarAxes", fig.add_axes((0.17, 0.09, 0.56, 0.74), projection="polar"))
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0.8, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=8, color="#555")
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=9)
    ambition = LEVEL_LOWER_BOUNDS[model.target_level - 1]
    ax.plot(
        closed,
        [ambition] * (n + 1),
        color="#444",
        linestyle="--",
        linewidth=1.2,
        label=f"{model.level_name(model.target_level, lang).lower()} ({ambition:.1f})",
    )
    for s in series:
        values = np.asarray(s.values, dtype=float)
        ring = np.concatenate([values, values[:1]])
        # A dimension without a score (only "weet niet") is a gap in the line, never a dip to the
        # centre: the area is filled only when every spoke has a score, and the gap is marked "–".
        ax.plot(
            closed, ring, color=s.colour, linestyle=s.style, linewidth=2.2, marker=s.marker, label=s.label
        )
        if s.fill and not np.isnan(values).any():
            ax.fill(closed, ring, color=s.colour, alpha=0.12)
        if s.fill:
            for angle in angles[np.isnan(values)]:
                ax.text(angle, 1.0, "–", ha="center", va="center", fontsize=16, color=s.colour)
    ax.tick_params(axis="x", pad=14)
    fig.legend(loc="upper right", fontsize=9, frameon=False)
    if title:
        fig.suptitle(title, fontsize=12, x=0.02, ha="left")
    return fig


def highlight(fig: Figure, model: Groeimodel, dimension_id: str) -> None:
    """Mark one dimension on a spinnenweb made by `radar`: its spoke drawn thick, its label bold."""
    ax = fig.axes[0]
    index = model.dimension_ids.index(dimension_id)
    angle = np.linspace(0, 2 * np.pi, len(model.dimension_ids), endpoint=False)[index]
    ax.plot([angle, angle], [0.8, 5], color="#222", linewidth=4, alpha=0.35, solid_capstyle="butt", zorder=0)
    label = ax.get_xticklabels()[index]
    label.set_fontweight("bold")
    label.set_fontsize(12)


def trend(
    model: Groeimodel,
    history: pd.DataFrame,
    lang: str = "nl",
    board_scores: pd.DataFrame | None = None,
    title: str = "",
    round_labels: dict[str, str] | None = None,
    columns: int = 5,
    legend: tuple[str, ...] | None = None,
    planned: set[tuple[str, str]] | None = None,
) -> Figure:
    """Each dimension over the rounds (members' mean), on the five level bands; board scores as diamonds.

    `history` has columns round, dimension_id, mean; `board_scores` round, dimension_id, score.
    `round_labels` names a round on the axis (for example with how many members answered). Five columns
    suit a screen; two suit an A4 page, where every label keeps at least 8 pt. `legend` names the line
    and the diamonds (members' mean, board score).
    """
    rounds = sorted(history["round"].unique())
    rows = -(-len(model.dimensions) // columns)
    size = (11, 5.2) if columns == 5 else (7, 1.9 * rows + 0.6)
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    x = np.arange(len(rounds))
    for ax, dim in zip(axes.flat, model.dimensions, strict=False):
        _level_bands(ax)
        part = history[history["dimension_id"] == dim.id].set_index("round")["mean"].reindex(rounds)
        ax.plot(x, part.to_numpy(dtype=float), color=COLOURS[0], marker="o", linewidth=2)
        if board_scores is not None and len(board_scores):
            b = board_scores[board_scores["dimension_id"] == dim.id].set_index("round")["score"]
            b = b.reindex(rounds)
            ax.plot(x, b.to_numpy(dtype=float), linestyle="none", marker="D", color=COLOURS[5])
        marks = [i for i, r in enumerate(rounds) if (r, dim.id) in (planned or set())]
        if marks:
            ax.plot(marks, [1.2] * len(marks), linestyle="none", marker="^", markersize=7, color="#333")
        ax.set_title(textwrap.fill(f"{dim.id} {dim.name(lang)}", 24 if columns == 5 else 44), fontsize=9)
        ax.set_ylim(1, 5)
        ax.set_xticks(x)
        ax.set_xticklabels(
            [(round_labels or {}).get(r, r) for r in rounds], rotation=60 if columns == 5 else 30, fontsize=8
        )
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(model.dimensions) :]:
        ax.set_visible(False)
    axes[0][0].set_yticks([1, 2, 3, 4, 5])
    bounds = LEVEL_BOUNDS
    for row in axes:
        for i in range(5):  # name the level bands beside the last chart of each row
            row[-1].text(
                1.04,
                (bounds[i] + bounds[i + 1]) / 2,
                model.level_name(i + 1, lang),
                transform=row[-1].get_yaxis_transform(),
                fontsize=8,
                va="center",
            )
    if legend:
        from matplotlib.lines import Line2D

        keys = [
            Line2D([], [], color=COLOURS[0], marker="o", linewidth=2, label=legend[0]),
            Line2D([], [], color=COLOURS[5], marker="D", linestyle="none", label=legend[1]),
        ]
        if planned and len(legend) > 2:
            keys.append(Line2D([], [], color="#333", marker="^", linestyle="none", label=legend[2]))
        fig.legend(handles=keys, loc="outside lower center", ncols=len(keys), frameon=False, fontsize=9)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


LEVEL_BOUNDS = (*LEVEL_LOWER_BOUNDS, 5.0)


def _level_bands(ax) -> None:
    """The five maturity levels as light horizontal bands behind the data (scale 1–5)."""
    for i in range(5):
        ax.axhspan(LEVEL_BOUNDS[i], LEVEL_BOUNDS[i + 1], color=BAND_COLOURS[i], zorder=0)


def png(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def svg(fig: Figure, width_pt: float) -> bytes:
    """The figure as a vector drawing `width_pt` points wide, its text kept as text (so a PDF can embed
    it searchable and at the sizes set here: a label of 8 pt prints at 8 pt when placed at that width)."""
    import matplotlib

    width, height = fig.get_size_inches()
    fig.set_size_inches(width_pt / 72, height * width_pt / 72 / width)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "wijkcoop"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    # fpdf2 skips <metadata> with a warning for every chart; it carries nothing the report needs.
    drawing = re.sub(rb"<metadata>.*?</metadata>", b"", buf.getvalue(), flags=re.S)
    # matplotlib writes sizes in user units (1 pt each here) as "px"; fpdf2 reads px as CSS pixels
    # (0.75 pt), which would print a 9 pt label at 6.75 pt. Saying pt keeps the size the chart set.
    return re.sub(rb"font-size: ?([0-9.]+)px", rb"font-size: \1pt", drawing)


# -- comparison charts ------------------------------------------------------------------------------
HEATMAP_MAX_ROWS = 60


def heatmap(model: Groeimodel, table: pd.DataFrame, lang: str = "nl", title: str = "") -> Figure:
    """Cooperatives × dimensions, coloured by level, each cell with its score; missing cells grey."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    rows = table.head(HEATMAP_MAX_ROWS)
    values = rows[model.dimension_ids].to_numpy(dtype=float)
    height = 1.6 + 0.3 * max(len(rows), 1)
    fig = Figure(figsize=(11, height), layout="constrained")
    ax = fig.add_subplot()
    cmap = ListedColormap(LEVEL_COLOURS).with_extremes(bad=MISSING_COLOUR)
    norm = BoundaryNorm([*LEVEL_LOWER_BOUNDS, 5.0001], cmap.N)
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        text = "–" if np.isnan(v) else _number(v, lang)
        colour = "white" if not np.isnan(v) and v >= LEVEL_LOWER_BOUNDS[3] else "#222"
        ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(len(model.dimension_ids)))
    ax.set_xticklabels([textwrap.fill(d.name(lang), 14) for d in model.dimensions], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([textwrap.shorten(str(x), 48) for x in rows["label"]], fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    return fig


def distribution(
    model: Groeimodel,
    current: pd.DataFrame,
    summary: pd.DataFrame,
    highlight: str | None = None,
    lang: str = "nl",
    highlight_label: str = "",
) -> Figure:
    """Per dimension: every cooperative as a dot, the group's quartiles as a box where the group may be
    shown (n ≥ 5), and one chosen cooperative highlighted."""
    fig = Figure(figsize=(11, 4.6), layout="constrained")
    ax = fig.add_subplot()
    _level_bands(ax)
    rng = np.random.default_rng(0)  # same jitter every time: the picture does not dance on refresh
    labelled = False
    for x, dim in enumerate(model.dimension_ids):
        part = current[current["dimension_id"] == dim]
        ys = part["value"].to_numpy(dtype=float)
        ax.scatter(x + rng.uniform(-0.18, 0.18, ys.size), ys, s=14, color="#777", alpha=0.7, zorder=2)
        row = summary[summary["dimension_id"] == dim].iloc[0]
        if not row["withheld"]:
            ax.add_patch(_box(x, row["q1"], row["q3"]))
            ax.plot([x - 0.3, x + 0.3], [row["median"]] * 2, color=COLOURS[0], linewidth=2.5, zorder=3)
        if highlight is not None:
            mine = part.loc[part["cooperative_id"] == highlight, "value"]
            if len(mine):
                ax.scatter(
                    [x],
                    [mine.iloc[0]],
                    s=120,
                    marker="D",
                    color=COLOURS[5],
                    zorder=4,
                    label=None if labelled else highlight_label,
                )
                labelled = True
    ax.set_xticks(range(len(model.dimension_ids)))
    ax.set_xticklabels([textwrap.fill(d.name(lang), 14) for d in model.dimensions], fontsize=8)
    ax.set_ylim(1, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    if labelled:
        ax.legend(loc="lower right", fontsize=8)
    return fig


def _box(x: float, q1: float, q3: float):
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x - 0.3, q1), 0.6, q3 - q1, facecolor="none", edgecolor=COLOURS[0], linewidth=1.6, zorder=3
    )


def trajectory(
    shares: pd.DataFrame, target: pd.Series, lang: str = "nl", labels: dict | None = None, title: str = ""
) -> Figure:
    """Share of cooperatives at level ≥ 4 per round, per group (withheld groups absent), with the
    three-year target as a dashed line. `shares`: group, round, share (0–1 or NaN)."""
    labels = labels or {}
    rounds = sorted(set(shares["round"]) | set(target.index))
    x = {r: i for i, r in enumerate(rounds)}
    fig = Figure(figsize=(11, 4.8), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(
        [x[r] for r in target.index],
        target.to_numpy() * 100,
        linestyle="--",
        color="#444",
        linewidth=1.5,
        label=labels.get("target", "target"),
    )
    # Colour, marker and dash together: the groups stay apart in grey print and for colour-blind eyes.
    looks = iter(
        [
            (c, m, d)
            for d in ("-", "--", ":")
            for c, m in zip(COLOURS[1:], ("s", "^", "v", "D", "P"), strict=True)
        ]
        * 2
    )
    for group, part in shares.groupby("group", sort=True):
        part = part.sort_values("round")
        ys = part["share"].to_numpy(dtype=float) * 100
        if np.all(np.isnan(ys)):
            continue
        xs = [x[r] for r in part["round"]]
        if group == "":
            ax.plot(xs, ys, color=COLOURS[0], linewidth=3, marker="o", label=labels.get("", "all"))
        else:
            colour, marker, dash = next(looks)
            ax.plot(xs, ys, color=colour, linewidth=1.6, marker=marker, linestyle=dash, label=str(group))
    ax.set_xticks(range(len(rounds)))
    ax.set_xticklabels(rounds)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.legend(loc="upper left", fontsize=8, ncol=2, frameon=False)
    if title:
        fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    return fig


def _number(value: float, lang: str) -> str:
    from .i18n import number

    return number(value, lang)


# -- summerschool charts ----------------------------------------------------------------------------
# Answer 1 (light) to 5 (dark), the same blues as the levels: readable on a projector and in grey print.
ANSWER_COLOURS = LEVEL_COLOURS


def answer_distribution(
    counts: pd.DataFrame,
    labels: dict[tuple[str, str, str], str],
    goals: dict[str, str],
    legend_title: str = "",
    xlabel: str = "",
) -> Figure:
    """The room's answers as they come in: per learning goal, one stacked bar (answers 1–5) per item.

    `counts`: index (goal, aspect, moment), columns 1..5 (from `Training.distribution`);
    `labels`: the text per item; `goals`: the heading per goal.
    """
    goal_ids = list(dict.fromkeys(counts.index.get_level_values(0)))
    per_goal = [counts.xs(g, level=0, drop_level=False) for g in goal_ids]
    heights = [len(p) for p in per_goal]
    fig = Figure(figsize=(11, 0.42 * sum(heights) + 1.2 * len(goal_ids) + 0.6), layout="constrained")
    axes = fig.subplots(len(goal_ids), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    top = max(1, int(counts.sum(axis=1).max()))
    for ax, goal_id, part in zip(axes, goal_ids, per_goal, strict=True):
        y = np.arange(len(part))[::-1]
        left = np.zeros(len(part))
        for answer, colour in zip(range(1, 6), ANSWER_COLOURS, strict=True):
            values = part[answer].to_numpy(dtype=float)
            ax.barh(y, values, left=left, color=colour, edgecolor="white", height=0.75, label=str(answer))
            for yi, v, x in zip(y, values, left, strict=True):
                if v:
                    ink = "white" if answer >= 4 else "#222"
                    ax.text(x + v / 2, yi, f"{int(v)}", ha="center", va="center", fontsize=10, color=ink)
            left += values
        ax.set_yticks(y)
        ax.set_yticklabels([labels[i] for i in part.index], fontsize=10)
        ax.set_xlim(0, top)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(textwrap.fill(goals[goal_id], 80), loc="left", fontsize=12, weight="bold")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[-1].set_xlabel(xlabel, fontsize=10)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        names,
        ncols=5,
        loc="outside upper right",
        frameon=False,
        fontsize=10,
        title=legend_title,
        title_fontsize=10,
    )
    return fig


def learning_gain(
    gain: pd.DataFrame, goals: dict[str, str], before: str, after: str, lang: str = "nl"
) -> Figure:
    """Per learning goal the mean before (retrospective) and after, joined by an arrow."""
    fig = Figure(figsize=(9, 0.9 * len(gain) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(gain))[::-1]
    # Before an open circle, after a filled one: told apart without colour too.
    before_look: dict[str, Any] = {
        "marker": "o",
        "markersize": 10,
        "color": COLOURS[5],
        "mfc": "white",
        "mew": 2,
        "ls": "none",
    }
    after_look: dict[str, Any] = {"marker": "o", "markersize": 10, "color": COLOURS[0], "ls": "none"}
    for yi, (_, row) in zip(y, gain.iterrows(), strict=True):
        if pd.isna(row["before"]) or pd.isna(row["after"]):
            continue
        ax.annotate(
            "",
            xy=(row["after"], yi),
            xytext=(row["before"], yi),
            arrowprops={"arrowstyle": "->", "color": "#555", "lw": 1.6},
        )
        ax.plot([row["before"]], [yi], **before_look)
        ax.plot([row["after"]], [yi], **after_look)
        ax.text(
            row["after"] + 0.08,
            yi + 0.18,
            f"+{_number(row['gain'], lang)}" if row["gain"] >= 0 else _number(row["gain"], lang),
            fontsize=9,
            color="#333",
        )
    ax.plot([], [], label=before, **before_look)
    ax.plot([], [], label=after, **after_look)
    ax.set_yticks(y)
    ax.set_yticklabels([textwrap.fill(goals[g], 42) for g in gain.index], fontsize=9)
    ax.set_xlim(1, 5.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_ylim(-0.7, len(gain) - 0.3)
    ax.grid(axis="x", color="#ddd")
    ax.legend(loc="lower right", frameon=False, fontsize=9, ncols=2, bbox_to_anchor=(1, 1))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig
