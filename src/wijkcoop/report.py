"""The PDF reports: the board meeting and a summerschool session (the xlsx download lives in export.py).

Laid out with fpdf2: A4, text that flows onto further pages (a block that continues says so), the
charts as images, DejaVu Sans embedded (matplotlib ships it) so every letter prints and the text can be
searched, copied and read aloud.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from fpdf import FPDF

from .i18n import t

MARGIN = 48.0  # points
BODY = 9.0  # font size of a line in a block
LEAD = 12.0  # line height


class _Report(FPDF):
    def __init__(self, title: str, footer: str, lang: str):
        super().__init__(orientation="P", unit="pt", format="A4")
        import matplotlib

        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.footer_text = footer
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator("wijkcoop")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.add_page()

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def footer(self) -> None:
        self.set_y(-MARGIN + 14)
        self.set_font("DejaVu", "", 7.5)
        self.set_text_color(110)
        self.cell(0, 10, self.footer_text)

    def text_line(self, text: str, size: float, bold: bool = False, grey: int = 0, after: float = 2) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(grey)
        self.multi_cell(self.width, size * 1.3, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)

    def head(self, title: str, subtitle: str, meta: str) -> None:
        self.text_line(title, 17, bold=True, after=4)
        self.text_line(subtitle, 11, grey=50)
        self.text_line(meta, 8.5, grey=85, after=8)

    def picture(self, png: bytes, heading: str | None = None, max_height: float | None = None) -> None:
        """An image as wide as the text (or less, to fit `max_height`), on a new page if it does not fit."""
        from PIL import Image

        with Image.open(io.BytesIO(png)) as image:
            ratio = image.height / image.width
        width = self.width if max_height is None else min(self.width, max_height / ratio)
        height = width * ratio
        needed = height + (2 * LEAD if heading else 0)
        if self.will_page_break(needed):
            self.add_page()
        if heading:
            self.text_line(heading, 12, bold=True)
        self.image(io.BytesIO(png), x=self.l_margin + (self.width - width) / 2, w=width, h=height)
        self.ln(8)

    def block(self, heading: str, lines: list[str], continued: str) -> None:
        """A heading and its lines as bullets. A line never splits over two pages; when the block
        goes on on the next page, its heading comes again with `continued`."""
        self.set_font("DejaVu", "", BODY)
        first = self._height(lines[0]) if lines else LEAD
        if self.will_page_break(2 * LEAD + first):
            self.add_page()
        self.text_line(heading, 12, bold=True)
        for line in lines:
            self.set_font("DejaVu", "", BODY)
            height = self._height(line)
            if self.will_page_break(height):
                self.add_page()
                self.text_line(f"{heading} {continued}", 12, bold=True)
                self.set_font("DejaVu", "", BODY)
            self.set_text_color(0)
            self.set_x(self.l_margin + 8)
            self.multi_cell(self.width - 8, LEAD, f"• {line}", align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def _height(self, line: str) -> float:
        rows = self.multi_cell(self.width - 8, LEAD, f"• {line}", align="L", dry_run=True, output="LINES")
        return LEAD * max(1, len(rows) if isinstance(rows, list) else 1)

    def bytes(self) -> bytes:
        return bytes(self.output())


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
    pdf = _Report(title, t("report.footer", lang), lang)
    day = (on or date.today()).isoformat()
    pdf.head(title, subtitle, t("report.meta", lang, date=day, version=model_version))
    pdf.picture(radar_png, max_height=330)
    none = [t("report.none", lang)]
    continued = t("report.continued", lang)
    blocks = [
        (t("report.dimensions", lang), dimensions),
        (t("report.agenda", lang), agenda or none),
        (t("report.board_scores", lang), board_scores),
        (t("report.notes", lang), notes),
    ]
    for heading, lines in blocks:
        if lines is not None:
            pdf.block(heading, lines or none, continued)
    if trend_png:
        pdf.picture(trend_png, heading=t("report.trend", lang))
    pdf.block(t("report.verbeterpunten", lang), verbeterpunten or none, continued)
    return pdf.bytes()


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

    Runs onto further pages when the tops and tips are many; nothing is cut off silently.
    """
    pdf = _Report(title, t("report.footer_ss", lang), lang)
    day = (on or date.today()).isoformat()
    pdf.head(title, subtitle, t("report.made_on", lang, date=day))
    if gain_png:
        pdf.picture(gain_png, max_height=300)
    none = [t("report.none", lang)]
    for heading, lines in blocks:
        pdf.block(heading, lines or none, t("report.continued", lang))
    return pdf.bytes()
