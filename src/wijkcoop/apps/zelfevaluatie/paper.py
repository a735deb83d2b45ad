"""Invullen → Van papier overnemen: a secretary types in a member's paper questionnaire, keyboard first.

One row per dimension: a one-character box per statement (1–5, 0 for "weet niet"; the page's script
moves on to the next box by itself, Enter too), the numbers of the statements ticked "hier wil ik over
praten", and the note. The same service as the member's own form: the draft is kept on the server after
every answer, the same checks refuse what is missing, and the save is one operation that also writes who
typed it in (papier.csv).
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from ...drafts import DONT_KNOW
from ...selfeval import DraftConflict, NewerSubmission, Resumed
from ..common import Once, attempt, error_html, local_time
from .views import ok_html

DIGITS = {"1": "1", "2": "2", "3": "3", "4": "4", "5": "5", "0": DONT_KNOW}


class PaperEntry:
    def __init__(self, fill):
        self.fill, self.app = fill, fill.app
        a = self.app
        self.by = widgets.Text(layout=widgets.Layout(width="20rem"))
        self.by.add_class("paper-by")
        self.start_button = widgets.Button(icon="keyboard-o", layout=widgets.Layout(width="20rem"))
        self.start_button.add_class("paper-start")
        self.start_message = widgets.HTML()
        self.title = widgets.HTML()
        self.how = widgets.HTML()
        self.count = widgets.HTML()
        self.count.add_class("paper-count")
        self.message = widgets.HTML()
        self.boxes: dict[str, widgets.Text] = {}
        self.discuss: dict[str, widgets.Text] = {}
        self.notes: dict[str, widgets.Text] = {}
        rows = []
        for dim in a.model.dimensions:
            label = widgets.HTML(f"<strong>{dim.id}</strong>", layout=widgets.Layout(width="3.5rem"))
            cells: list[widgets.Widget] = [label]
            for st in dim.statements:
                box = widgets.Text(layout=widgets.Layout(width="3rem"), continuous_update=True)
                box.add_class("paper-answer")
                box.add_class(f"paper-{st.id.replace('.', '-')}")
                box.observe(
                    a.guard(lambda change, sid=st.id: self._answer(sid, change["new"])), names="value"
                )
                self.boxes[st.id] = box
                cells.append(box)
            talk = widgets.Text(layout=widgets.Layout(width="8rem"), continuous_update=False)
            talk.add_class(f"paper-discuss-{dim.id}")
            talk.observe(a.guard(lambda change, d=dim.id: self._discuss(d, change["new"])), names="value")
            note = widgets.Text(layout=widgets.Layout(width="22rem"), continuous_update=False)
            note.add_class(f"paper-note-{dim.id}")
            note.observe(a.guard(lambda change, d=dim.id: self._note(d, change["new"])), names="value")
            self.discuss[dim.id], self.notes[dim.id] = talk, note
            rows.append(widgets.HBox([*cells, talk, note]))
        self.save = widgets.Button(button_style="success", layout=widgets.Layout(width="20rem"))
        self.save.add_class("paper-save")
        self.back = widgets.Button(icon="arrow-left", layout=widgets.Layout(width="10rem"))
        self.back.add_class("paper-back")
        self.save_once = Once(self.save, self.submit, a.guard)
        self.start_button.on_click(a.guard(lambda _: self.start()))
        self.back.on_click(a.guard(lambda _: self.leave()))
        self.panel = widgets.VBox(
            [self.title, self.how, *rows, self.count, widgets.HBox([self.back, self.save]), self.message]
        )
        self.panel.add_class("paper-entry")
        self.draft = None
        self.submitted_before = ""

    def relabel(self) -> None:
        a = self.app
        self.by.description = a.t("paper.e.by")
        self.by.placeholder = a.t("paper.e.by_placeholder")
        self.by.style.description_width = "9rem"
        self.start_button.description = a.t("paper.e.start")
        self.how.value = f"<p>{html.escape(a.t('paper.e.how'))}</p>"
        for dim, talk in self.discuss.items():
            talk.placeholder = a.t("paper.e.discuss")
            self.notes[dim].placeholder = a.t("paper.e.note")
        for sid, box in self.boxes.items():
            box.placeholder = sid.split(".")[1]
        self.save.description = a.t("paper.e.save")
        self.back.description = a.t("paper.e.back")

    # -- begin and end ----------------------------------------------------------------------------------
    def start(self) -> None:
        a, f = self.app, self.fill
        checked = f.checked_start(self.start_message)
        if checked is None:
            return
        if not " ".join(str(self.by.value or "").split()):
            self.start_message.value = error_html(a.t("paper.e.need_by"))
            return
        coop, round_id, respondent = checked
        resumed = attempt(lambda: a.selfeval.resume(coop, round_id, respondent), self.start_message, a.lang)
        if not isinstance(resumed, Resumed):
            return
        self.draft, self.submitted_before = resumed.draft, resumed.submitted_before
        self.start_message.value = ""
        self.save_once.fresh()
        name = next((label for label, value in f.coop.options if value == coop), coop)
        heading = a.t("paper.e.title", respondent=respondent, cooperative=name, round=round_id)
        self.title.value = f"<h3 class='step-heading'>{html.escape(heading)}</h3>"
        self._fill_from_draft()
        self.message.value = ""
        f.widget.children = [self.panel]

    def leave(self) -> None:
        self.draft = None
        self.fill.widget.children = [self.fill.start_panel]

    def _fill_from_draft(self) -> None:
        d = self.draft
        self._loading = True
        try:
            for sid, box in self.boxes.items():
                value = d.answers.get(sid)
                box.value = "0" if value == DONT_KNOW else (value or "")
            for dim, talk in self.discuss.items():
                talk.value = " ".join(s.split(".")[1] for s in d.discuss if s.split(".")[0] == dim)
                self.notes[dim].value = d.notes.get(dim, "")
        finally:
            self._loading = False
        self._count()

    # -- each keystroke ----------------------------------------------------------------------------------
    _loading = False

    def _answer(self, sid: str, value: object) -> None:
        if self.draft is None or self._loading:
            return
        text = str(value or "").strip()
        a = self.app
        if text and text not in DIGITS:
            self.message.value = error_html(a.t("paper.e.bad", sid=sid, value=text[:5]))
            self.boxes[sid].value = ""
            return
        if a.selfeval.set_answer(self.draft, sid, DIGITS.get(text)):
            self._keep()
        self._count()

    def _discuss(self, dimension: str, value: object) -> None:
        if self.draft is None or self._loading:
            return
        a = self.app
        numbers = re.findall(r"\d+", str(value or ""))
        statements = {st.id for st in a.model.dimension(dimension).statements}
        wanted = {f"{dimension}.{n}" for n in numbers}
        if not wanted <= statements or re.search(r"[^\d\s,.;]", str(value or "")):
            self.message.value = error_html(a.t("paper.e.bad_discuss", dim=dimension))
            return
        changed = False
        for sid in statements:
            changed |= a.selfeval.set_discuss(self.draft, sid, sid in wanted)
        if changed:
            self._keep()

    def _note(self, dimension: str, value: object) -> None:
        if self.draft is None or self._loading:
            return
        if self.app.selfeval.set_note(self.draft, dimension, value):
            self._keep()

    def _keep(self) -> None:
        """The draft on the server after every change, as the member's own form does."""
        a = self.app
        try:
            a.selfeval.save_draft(self.draft)
        except DraftConflict:
            when = local_time(self.draft.updated_at)
            self.message.value = error_html(a.t("ze.draft.changed_elsewhere", time=when))
            return
        if self.message.value.startswith('<div class="wijkcoop-error"'):
            self.message.value = ""

    def _count(self) -> None:
        total = len(self.boxes)
        done = total - len(self.app.selfeval.missing(self.draft))
        self.count.value = f"<p>{html.escape(self.app.t('paper.e.count', n=done, total=total))}</p>"

    # -- send --------------------------------------------------------------------------------------------
    def submit(self) -> bool | None:
        a = self.app
        if self.draft is None:
            return None
        by = " ".join(str(self.by.value or "").split())
        draft = self.draft

        def send() -> int:
            return a.selfeval.submit(draft, self.submitted_before, overwrite=True, entered_by=by)

        n = attempt(send, self.message, a.lang)
        if not isinstance(n, int):
            missing = a.selfeval.missing(draft)
            if missing:  # the boxes still empty, named (the same check as the member's form)
                self.message.value += error_html(
                    ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
                )
            return None
        self.message.value = ok_html(a.t("paper.e.saved", n=n, respondent=draft.respondent, by=by))
        self.draft = None
        self.fill.widget.children = [self.fill.start_panel]
        self.start_message.value = self.message.value
        self.fill.respondent.value = ""
        return True


__all__ = ["NewerSubmission", "PaperEntry"]
