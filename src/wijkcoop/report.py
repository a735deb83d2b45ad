"""The PDF reports: the board meeting and a summerschool session (the xlsx download lives in export.py)."""

from __future__ import annotations

import io
import textwrap
from datetime import date
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from .i18n import t

A4_INCHES = (595.28 / 72, 841.89 / 72)  # ISO A4 in points / 72
# TrueType fonts in the PDF (not Type 3): its text can be searched, copied and read aloud.
PDF_STYLE: Any = {"pdf.fonttype": 42}  # matplotlib rc: embed fonts as TrueType (text stays text)


def board_report_pdf(
    *,
    title: str,
    subtitle: str,
    radar_png: bytes,
    agenda: list[str],
    verbeterpunten: list[str],
    model_version: str,
    lang: str = "nl",
    on: date | None = None,
    dimensions: list[str] | None = None,
    board_scores: list[str] | None = None,
    notes: list[str] | None = None,
    trend_png: bytes | None = None,
) -> bytes:
    """The board meeting on A4: heading and spinnenweb, then every block the screen shows.

    Blocks in order: where we differ (every dimension with mean, level, spread and how many answered),
    the agenda (all of it), the board scores with their rationale, the members' notes, the trend and
    the verbeterpunten. Text runs onto further pages; nothing is cut off.
    """
    import matplotlib.image as mpimg

    buf = io.BytesIO()
    with rc_context(PDF_STYLE), PdfPages(buf) as pdf:
        fig = Figure(figsize=A4_INCHES)
        fig.text(0.07, 0.955, title, fontsize=17, weight="bold", va="top")
        fig.text(0.07, 0.925, subtitle, fontsize=11, va="top", color="#333")
        day = (on or date.today()).isoformat()
        meta = t("report.meta", lang, date=day, version=model_version)
        fig.text(0.07, 0.905, meta, fontsize=8.5, va="top", color="#555")
        ax = fig.add_axes((0.1, 0.52, 0.8, 0.37))
        ax.imshow(mpimg.imread(io.BytesIO(radar_png), format="png"))
        ax.set_axis_off()
        none = [t("report.none", lang)]
        blocks = [
            (t("report.dimensions", lang), dimensions),
            (t("report.agenda", lang), agenda or none),
            (t("report.board_scores", lang), board_scores),
            (t("report.notes", lang), notes),
        ]
        blocks = [(heading, lines or none) for heading, lines in blocks if lines is not None]
        footer = t("report.footer", lang)
        fig, y = _flow(pdf, fig, 0.5, blocks, lang, footer)
        if trend_png:
            image = mpimg.imread(io.BytesIO(trend_png), format="png")
            height = 0.86 * image.shape[0] / image.shape[1] * A4_INCHES[0] / A4_INCHES[1]
            if y - 0.03 - height < 0.06:
                _footer(fig, footer)
                pdf.savefig(fig)
                fig, y = Figure(figsize=A4_INCHES), 0.95
            fig.text(0.07, y, t("report.trend", lang), fontsize=12, weight="bold", va="top")
            ax = fig.add_axes((0.07, y - 0.03 - height, 0.86, height))
            ax.imshow(image)
            ax.set_axis_off()
            y -= 0.03 + height + 0.015
        last = [(t("report.verbeterpunten", lang), verbeterpunten or none)]
        fig, y = _flow(pdf, fig, y, last, lang, footer)
        _footer(fig, footer)
        pdf.savefig(fig)
    return buf.getvalue()


def _footer(fig: Figure, text: str) -> None:
    fig.text(0.07, 0.025, text, fontsize=7.5, color="#777")


def _flow(pdf, fig: Figure, y: float, blocks, lang: str, footer: str):
    """Write blocks from `y` down, starting new pages as needed; returns (current figure, next y)."""

    def next_page(fig: Figure) -> Figure:
        _footer(fig, footer)
        pdf.savefig(fig)
        return Figure(figsize=A4_INCHES)

    pending = [(heading, list(lines)) for heading, lines in blocks]
    while pending:
        heading, lines = pending.pop(0)
        if y < 0.15:  # no room for a heading and a few lines: the block starts on a new page
            fig, y = next_page(fig), 0.95
        y, rest = _block_until(fig, y, heading, lines)
        if rest:
            fig, y = next_page(fig), 0.95
            pending.insert(0, (heading + " " + t("report.continued", lang), rest))
            continue
        y -= 0.015
    return fig, y


def session_report_pdf(
    *,
    title: str,
    subtitle: str,
    blocks: list[tuple[str, list[str]]],
    gain_png: bytes | None,
    lang: str = "nl",
    on: date | None = None,
) -> bytes:
    """A summerschool session on A4: heading, the learning-gain chart, then attendance, gain and evaluation.

    Runs onto a second page when the tops and tips are many; nothing is cut off silently.
    """
    import matplotlib.image as mpimg

    buf = io.BytesIO()
    with rc_context(PDF_STYLE), PdfPages(buf) as pdf:
        fig = Figure(figsize=A4_INCHES)
        fig.text(0.07, 0.955, title, fontsize=17, weight="bold", va="top")
        fig.text(0.07, 0.925, subtitle, fontsize=11, va="top", color="#333")
        day = (on or date.today()).isoformat()
        fig.text(0.07, 0.905, t("report.made_on", lang, date=day), fontsize=8.5, va="top", color="#555")
        y = 0.88
        if gain_png:
            image = mpimg.imread(io.BytesIO(gain_png), format="png")
            height = min(0.36, 0.86 * image.shape[0] / image.shape[1] * A4_INCHES[0] / A4_INCHES[1])
            ax = fig.add_axes((0.07, y - height, 0.86, height))
            ax.imshow(image)
            ax.set_axis_off()
            y -= height + 0.015
        footer = t("report.footer_ss", lang)
        none = [t("report.none", lang)]
        fig, y = _flow(pdf, fig, y, [(h, lines or none) for h, lines in blocks], lang, footer)
        _footer(fig, footer)
        pdf.savefig(fig)
    return buf.getvalue()


def _block_until(fig: Figure, top: float, heading: str, lines: list[str]) -> tuple[float, list[str]]:
    """Write a block; returns (next y, the lines that did not fit on this page)."""
    fig.text(0.07, top, heading, fontsize=12, weight="bold", va="top")
    y = top - 0.03
    for n, line in enumerate(lines):
        wrapped = textwrap.wrap(line, 110) or [""]
        if y - 0.0165 * len(wrapped) < 0.06:
            return y, lines[n:]
        for i, part in enumerate(wrapped):
            fig.text(0.08 if i == 0 else 0.1, y, ("• " if i == 0 else "") + part, fontsize=8.5, va="top")
            y -= 0.0165
    return y, []
