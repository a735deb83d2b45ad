"""The board meeting's one-page A4 PDF (the xlsx download lives in export.py)."""

from __future__ import annotations

import io
import textwrap
from datetime import date

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from .i18n import t

A4_INCHES = (595.28 / 72, 841.89 / 72)  # ISO A4 in points / 72


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
) -> bytes:
    """One A4 page: heading, the spinnenweb, the meeting agenda and the verbeterpunten."""
    import matplotlib.image as mpimg

    fig = Figure(figsize=A4_INCHES)
    fig.text(0.07, 0.955, title, fontsize=17, weight="bold", va="top")
    fig.text(0.07, 0.925, subtitle, fontsize=11, va="top", color="#333")
    day = (on or date.today()).isoformat()
    fig.text(
        0.07,
        0.905,
        t("report.meta", lang, date=day, version=model_version),
        fontsize=8.5,
        va="top",
        color="#555",
    )
    ax = fig.add_axes((0.1, 0.52, 0.8, 0.37))
    ax.imshow(mpimg.imread(io.BytesIO(radar_png), format="png"))
    ax.set_axis_off()
    y = _block(fig, 0.5, t("report.agenda", lang), (agenda or [t("report.none", lang)])[:6])
    _block(fig, y - 0.015, t("report.verbeterpunten", lang), verbeterpunten or [t("report.none", lang)])
    fig.text(0.07, 0.025, t("report.footer", lang), fontsize=7.5, color="#777")
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        pdf.savefig(fig)
    return buf.getvalue()


def _block(fig: Figure, top: float, heading: str, lines: list[str]) -> float:
    fig.text(0.07, top, heading, fontsize=12, weight="bold", va="top")
    y = top - 0.03
    for line in lines:
        wrapped = textwrap.wrap(line, 112) or [""]
        for i, part in enumerate(wrapped):
            fig.text(0.08 if i == 0 else 0.1, y, ("• " if i == 0 else "") + part, fontsize=8.5, va="top")
            y -= 0.0165
        if y < 0.06:
            break
    return y


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
    with PdfPages(buf) as pdf:
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
        pending = [(heading, list(lines)) for heading, lines in blocks]
        while pending:
            heading, lines = pending.pop(0)
            y, rest = _block_until(fig, y, heading, lines or [t("report.none", lang)])
            if rest:
                fig.text(0.07, 0.025, t("report.footer_ss", lang), fontsize=7.5, color="#777")
                pdf.savefig(fig)
                fig = Figure(figsize=A4_INCHES)
                y = 0.95
                pending.insert(0, (heading + " " + t("report.continued", lang), rest))
            y -= 0.015
        fig.text(0.07, 0.025, t("report.footer_ss", lang), fontsize=7.5, color="#777")
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
