"""Paper for whoever prefers it: the zelfevaluatie questionnaire and a summerschool session form, as A4
PDFs from the same texts as the screens (the groeimodel and module files, the catalogs).

Laid out with the reports' fpdf2 base (report._Report: embedded DejaVu Sans, title and language in the
file, page numbers): 10.5 pt text, answer boxes a pen can tick, a statement never split from its boxes,
a block's heading never alone at a page foot.
"""

from __future__ import annotations

import io
from datetime import date

from .i18n import t
from .model import Groeimodel
from .report import LEAD, MARGIN, _Report

BOX = 11.0  # an answer box, in points
TEXT = 10.5


class _Form(_Report):
    def boxes(self, labels: list[str], indent: float = 16.0) -> None:
        """A row of tick boxes, each with its label after it; wraps onto a second row when needed."""
        self.set_font("DejaVu", "", TEXT)
        self.set_text_color(0)
        x = self.l_margin + indent
        y = self.get_y() + 2
        for label in labels:
            width = BOX + 4 + self.get_string_width(label) + 14
            if x + width > self.w - self.r_margin:
                x, y = self.l_margin + indent, y + BOX + 6
            self.set_draw_color(40)
            self.set_line_width(0.8)
            self.rect(x, y, BOX, BOX)
            self.set_xy(x + BOX + 4, y - 1)
            self.cell(self.get_string_width(label) + 2, BOX + 2, label)
            x += width
        self.set_xy(self.l_margin, y + BOX + 6)

    def lines(self, n: int, label: str = "") -> None:
        """`n` ruled lines to write on (with a label before the first)."""
        self.set_font("DejaVu", "", TEXT)
        if label:
            self.cell(0, LEAD, label, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(150)
        self.set_line_width(0.5)
        for _ in range(n):
            y = self.get_y() + 18
            self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.set_y(y + 2)
        self.ln(6)

    def item(self, heading: str, text: str, boxes: list[str]) -> None:
        """A statement (its id bold) with its boxes below, kept together on one page."""
        self.set_font("DejaVu", "", TEXT)
        rows = self.multi_cell(self.width, LEAD, f"{heading} {text}", dry_run=True, output="LINES")
        needed = LEAD * (len(rows) if isinstance(rows, list) else 1) + 2 * (BOX + 6) + 4
        if self.will_page_break(needed):
            self.add_page()
        self.set_font("DejaVu", "B", TEXT)
        self.cell(self.get_string_width(heading + " "), LEAD, heading + " ")
        self.set_font("DejaVu", "", TEXT)
        self.multi_cell(0, LEAD, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.boxes(boxes)

    def heading(self, text: str, keep: float = 80) -> None:
        """A block's heading, on a new page when less than `keep` points of the block would follow it."""
        if self.will_page_break(keep):
            self.add_page()
        self.text_line(text, 13, bold=True, after=4)


def form_code(cooperative_id: str, round_id: str) -> str:
    """A short code printed on a questionnaire, so a secretary types each form into the right place."""
    import hashlib

    digest = hashlib.sha256(f"{cooperative_id}|{round_id}".encode()).hexdigest()[:4].upper()
    return f"{round_id}-{digest}" if round_id else digest


def questionnaire_pdf(
    model: Groeimodel,
    lang: str = "nl",
    cooperative: str = "",
    cooperative_id: str = "",
    round_id: str = "",
    on: date | None = None,
) -> bytes:
    """The zelfevaluatie on paper: a header with cooperative, round, name and form code, the 1–5 scale
    explained, then every dimension as a block, each statement with boxes 1–5, "weet niet" and "hier wil
    ik over praten", and lines for a note per dimension. The statements are the model version's own."""
    title = t("paper.q.title", lang)
    pdf = _Form(
        title, t("paper.q.footer", lang, version=model.model_version), lang, t("report.page_of", lang)
    )
    pdf.head(
        title,
        t("paper.q.subtitle", lang, cooperative=cooperative or "…………………………", round=round_id or "…………"),
        t("paper.q.meta", lang, code=form_code(cooperative_id, round_id), version=model.model_version),
    )
    pdf.text_line(t("paper.q.name", lang), TEXT, after=6)
    pdf.lines(1)
    pdf.text_line(t("paper.q.how", lang), TEXT, after=4)
    for n in sorted(model.answer_scale):
        pdf.text_line(f"{n} = {model.answer_scale[n](lang)}", TEXT, after=0)
    dont_know = model.dont_know(lang)
    if dont_know.casefold() != t("ze.dont_know", lang).casefold():  # a longer explanation in the model
        pdf.text_line(f"{t('ze.dont_know', lang)}: {dont_know}", TEXT, after=0)
    pdf.ln(8)
    labels = [
        *(str(n) for n in sorted(model.answer_scale)),
        t("ze.dont_know", lang),
        t("ze.discuss", lang),  # the same words as on the screen: one catalog
    ]
    for dim in model.dimensions:
        pdf.heading(f"{dim.id} {dim.name(lang)}")
        for st in dim.statements:
            pdf.item(st.id, model.statement_text(st.id, lang), labels)
        if pdf.will_page_break(3 * 20 + LEAD):
            pdf.add_page()
        pdf.lines(2, t("paper.q.note", lang, dimension=dim.id))
    return pdf.bytes()


def session_form_pdf(
    module, rating, lang: str, code: str, url: str | None, day: str = "", place: str = ""
) -> bytes:
    """A summerschool session on paper for someone without a phone: the session code and a QR code of the
    participant page (with the code), then per learning goal every aspect with boxes 1–5 (before today
    and now), the evaluation and lines for a top and a tip."""
    title = t("paper.s.title", lang, module=module.name(lang))
    pdf = _Form(title, t("paper.s.footer", lang, code=code), lang, t("report.page_of", lang))
    pdf.head(title, t("paper.s.subtitle", lang, code=code, day=day, place=place), t("paper.s.meta", lang))
    if url:
        import segno

        png = io.BytesIO()
        segno.make(url, error="m").save(png, kind="png", scale=6, border=2)
        size = 96.0
        y = pdf.get_y()
        pdf.image(
            io.BytesIO(png.getvalue()),
            x=pdf.w - MARGIN - size,
            y=y,
            w=size,
            h=size,
            alt_text=t("paper.s.qr_alt", lang, url=url),
        )
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(
            pdf.width - size - 12,
            LEAD,
            t("paper.s.qr", lang, url=url),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_y(max(pdf.get_y(), y + size) + 8)
    pdf.text_line(t("paper.q.name", lang), TEXT, after=6)
    pdf.lines(1)
    pdf.text_line(t("paper.s.how", lang), TEXT, after=4)
    for n in sorted(rating.scale):
        pdf.text_line(f"{n} = {rating.scale[n](lang)}", TEXT, after=0)
    pdf.ln(6)
    scale = [str(n) for n in sorted(rating.scale)]
    moments = {"voor": t("ss.moment.voor", lang), "na": t("ss.moment.na", lang)}
    for goal in module.goals:
        pdf.heading(goal.text(lang))
        for aspect in rating.aspects:
            for moment in ("voor", "na") if aspect.before else ("na",):
                pdf.item("•", f"{aspect.text(lang)} ({moments[moment]})", scale)
    pdf.heading(t("paper.s.evaluation", lang), keep=160)
    ev = rating.evaluation
    pdf.item("•", ev.relevance(lang), scale)
    pdf.item("•", ev.engagement(lang), scale)
    pdf.lines(2, ev.top(lang))
    pdf.lines(2, ev.tip(lang))
    return pdf.bytes()
