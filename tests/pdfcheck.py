"""What a reader of a PDF meets, measured in the file itself (pypdf): every run of text with its printed
size, place and font; the images; the tags. Shared by the report tests."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class Run:
    page: int  # from 1
    text: str
    size: float  # printed size in points (font size times the text and graphics scale)
    x: float  # from the left edge of the page
    y: float  # from the foot of the page
    bold: bool
    drawn: bool  # set inside a drawing (a chart placed with its own transform), not in the text flow


def runs(pdf: bytes) -> list[Run]:
    reader = PdfReader(io.BytesIO(pdf))
    found: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip() or font is None:
                return
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", ""))
            found.append(
                Run(
                    number,
                    text.strip(),
                    round(size * scale, 2),
                    round(x, 1),
                    round(y, 1),
                    "Bold" in name,
                    [round(float(v), 3) for v in cm] != [1, 0, 0, 1, 0, 0],
                )
            )

        page.extract_text(visitor_text=visit)
    return found


def raster_images(pdf: bytes) -> int:
    """How many bitmap images the pages draw (a chart drawn as vectors adds none)."""
    reader = PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)


def figure_alts(pdf: bytes) -> list[str]:
    """The alternative texts of the tagged figures (the structure tree a screen reader walks)."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "the PDF is not marked as tagged"
    alts: list[str] = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list) or type(node).__name__ == "ArrayObject":
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure" and "/Alt" in node:
            alts.append(str(node["/Alt"]))
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return alts


def assert_readable(pdf: bytes, margin: float = 48.0, indent: float = 16.0) -> list[Run]:
    """A report for a board table: text at the left edge of the text column (headings, meta, bullets and
    their text) at 10 pt or more, every chart label at 8 pt or more, charts drawn as vectors, each
    chart's alt text in the tags, no heading alone at the foot of a page, and "page n of m" on every
    page. Returns the runs for further checks."""
    found = runs(pdf)
    pages = max(r.page for r in found)
    assert min(r.size for r in found) >= 8, min(found, key=lambda r: r.size)
    # The report's own text is set in the page's coordinates; a chart's labels inside the drawing's
    # transform (fpdf2 places an SVG with one), which tells the two apart.
    text = [r for r in found if not r.drawn]
    assert len(text) > 20 and len(text) < len(found), "the report's text and the charts' cannot be told apart"
    small = [r for r in text if r.size < 10]
    assert not small, small[:3]
    assert raster_images(pdf) == 0, "a chart is a bitmap"
    assert figure_alts(pdf) and all(len(a) > 20 for a in figure_alts(pdf))
    footer = {
        r.page: r
        for r in found
        if r.text.endswith(f"{r.page} van {pages}") or r.text.endswith(f"{r.page} of {pages}")
    }
    assert sorted(footer) == list(range(1, pages + 1)), "page numbers missing"
    for heading in [r for r in found if r.bold and abs(r.size - 12) < 0.1]:
        below = [r for r in found if r.page == heading.page and footer[r.page].y + 4 < r.y < heading.y - 1]
        assert below, f"heading alone at the foot of page {heading.page}: {heading.text}"
    return found
