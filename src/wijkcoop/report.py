"""The PDF reports: the board meeting and a summerschool session (the xlsx download lives in export.py).

Laid out with fpdf2: A4, text that flows onto further pages (a block that continues says so, a heading
never stands alone at the foot of a page), page numbers, a title and language in the file, DejaVu Sans
embedded (matplotlib ships it) so every letter prints and the text can be searched, copied and read aloud.
Charts come as SVG drawn at the width they print (`charts.svg(fig, TEXT_WIDTH)`), so they stay sharp and
their labels print at the size the chart sets (8 pt or more); each carries its text alternative as alt
text. Body text is 10.5 pt, nothing but chart labels is under 10 pt.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from fpdf import FPDF

from .i18n import t

MARGIN = 48.0  # points
BODY = 10.5  # font size of a line in a block
LEAD = 14.0  # line height
INDENT = 16.0  # a bullet's text, wrapped lines included, starts here
SMALL = 10.0  # the smallest text outside a chart: meta line, footer
TEXT_WIDTH = 595.28 - 2 * MARGIN  # A4 in points, less the margins: the width a chart is drawn for


class _Report(FPDF):
    def __init__(self, title: str, footer: str, lang: str, page_of: str):
        super().__init__(orientation="P", unit="pt", format="A4")
        import matplotlib

        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        # The family matplotlib names in its SVG text, so chart labels use the same embedded font.
        self.add_font("DejaVu Sans", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.footer_text = footer
        self.page_of = page_of
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
        self.set_y(-MARGIN + 12)
        self.set_font("DejaVu", "", SMALL)
        self.set_text_color(85)
        self.cell(self.width / 2, 12, self.footer_text)
        page = self.page_of.replace("{page}", str(self.page_no())).replace("{pages}", self.str_alias_nb_pages)
        self.cell(self.width / 2, 12, page, align="R")

    def text_line(self, text: str, size: float, bold: bool = False, grey: int = 0, after: float = 2) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(grey)
        self.multi_cell(self.width, size * 1.3, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)

    def head(self, title: str, subtitle: str, meta: str) -> None:
        self.text_line(title, 17, bold=True, after=4)
        self.text_line(subtitle, 11, grey=50)
        self.text_line(meta, SMALL, grey=70, after=8)

    def picture(self, svg: bytes, alt: str, heading: str | None = None) -> None:
        """A chart drawn for TEXT_WIDTH (an SVG from `charts.svg`) at its own size, so its labels print at
        the size they were set; on a new page (with its heading) if it does not fit on this one."""
        width, height = _svg_size(svg)
        needed = height + (2 * LEAD if heading else 0)
        if self.will_page_break(needed):
            self.add_page()
        if heading:
            self.text_line(heading, 12, bold=True)
        self.image(
            io.BytesIO(svg), x=self.l_margin + (self.width - width) / 2, w=width, h=height, alt_text=alt
        )
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
            self.set_x(self.l_margin + 4)
            self.cell(INDENT - 4, LEAD, "•")
            self.multi_cell(self.width - INDENT, LEAD, line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def _height(self, line: str) -> float:
        rows = self.multi_cell(self.width - INDENT, LEAD, line, align="L", dry_run=True, output="LINES")
        return LEAD * max(1, len(rows) if isinstance(rows, list) else 1)

    def bytes(self) -> bytes:
        return bytes(self.output())


def _svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height in points from the root element of a matplotlib SVG ("504pt")."""
    head = svg[: svg.index(b">", svg.index(b"<svg"))].decode()
    found = {k: float(v) for k, v in re.findall(r'\b(width|height)="([0-9.]+)pt"', head)}
    return found["width"], found["height"]


def board_report_pdf(
    *,
    title: str,
    subtitle: str,
    radar_svg: bytes,
    radar_alt: str,
    agenda: list[str],
    verbeterpunten: list[str],
    model_version: str,
    lang: str = "nl",
    on: date | None = None,
    dimensions: list[str] | None = None,
    board_scores: list[str] | None = None,
    notes: list[str] | None = None,
    trend_svg: bytes | None = None,
    trend_alt: str = "",
    plan: list[str] | None = None,
    review: tuple[str, list[str]] | None = None,
) -> bytes:
    """The board meeting on A4: heading and spinnenweb, then every block the screen shows.

    Blocks in order: where we differ (every dimension with mean, level, spread and how many answered),
    the look back on last round's plan (when there was one), the agenda (all of it), the board scores with
    their rationale, the members' notes, the verbeterpunten, this round's verbeterplan and the trend.
    Text runs onto further pages; nothing is cut off.
    """
    pdf = _Report(title, t("report.footer", lang), lang, t("report.page_of", lang))
    day = (on or date.today()).isoformat()
    pdf.head(title, subtitle, t("report.meta", lang, date=day, version=model_version))
    pdf.picture(radar_svg, radar_alt)
    none = [t("report.none", lang)]
    continued = t("report.continued", lang)
    blocks = [
        (t("report.dimensions", lang), dimensions),
        *([review] if review else []),
        (t("report.agenda", lang), agenda or none),
        (t("report.board_scores", lang), board_scores),
        (t("report.notes", lang), notes),
    ]
    for heading, lines in blocks:
        if lines is not None:
            pdf.block(heading, lines or none, continued)
    pdf.block(t("report.verbeterpunten", lang), verbeterpunten or none, continued)
    if plan is not None:
        pdf.block(t("report.plan", lang), plan or none, continued)
    if trend_svg:  # last: on a page of its own when it does not fit, without leaving a gap before the text
        pdf.picture(trend_svg, trend_alt, heading=t("report.trend", lang))
    return pdf.bytes()


def session_report_pdf(
    *,
    title: str,
    subtitle: str,
    blocks: list[tuple[str, list[str]]],
    gain_svg: bytes | None,
    gain_alt: str = "",
    lang: str = "nl",
    on: date | None = None,
) -> bytes:
    """A summerschool session on A4: heading, the learning-gain chart, then attendance, gain and evaluation.

    Runs onto further pages when the tops and tips are many; nothing is cut off silently.
    """
    pdf = _Report(title, t("report.footer_ss", lang), lang, t("report.page_of", lang))
    day = (on or date.today()).isoformat()
    pdf.head(title, subtitle, t("report.made_on", lang, date=day))
    if gain_svg:
        pdf.picture(gain_svg, gain_alt)
    none = [t("report.none", lang)]
    for heading, lines in blocks:
        pdf.block(heading, lines or none, t("report.continued", lang))
    return pdf.bytes()
