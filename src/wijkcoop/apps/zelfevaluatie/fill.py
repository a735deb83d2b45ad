"""Tab 1 (Invullen): one board member walks the ten dimensions and sends their answers.

State: `FillState` (step, page, draft). Every change goes through the `selfeval` service into the draft
on the server, so a closed tab loses nothing; the service checks every value (the browser can send
anything).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets

from ...drafts import DONT_KNOW, DraftConflict
from ...i18n import clock
from ...problems import Refused
from ...selfeval import ANSWERS, NOTE_MAX, NewerSubmission
from ..common import LengthCounter, Once, Page, attempt, error_html, local_time, quietly
from .start import StartStep
from .views import list_html, ok_html


class FillIn(StartStep, Page):
    built = True

    def __init__(self, app):
        self._make_start(app)
        model = app.model
        # Widgets per statement are made when their page is first shown: a page with all 40 at once
        # takes many seconds to appear in the browser. The draft, not the widgets, holds the answers.
        self.answer: dict[str, widgets.ToggleButtons] = {}
        self.discuss: dict[str, widgets.Checkbox] = {}
        self.statement_text: dict[str, widgets.HTML] = {}
        self._on_answer: dict[str, Callable] = {}
        self.note: dict[str, widgets.Textarea] = {}
        self.note_count: dict[str, LengthCounter] = {}
        self.note_label = widgets.HTML()
        self.page_title = widgets.HTML()
        self.page_levels = widgets.HTML()
        self.progress = widgets.IntProgress(min=0, max=len(model.statement_ids))
        self.progress_label = widgets.HTML()
        self.saved = widgets.HTML()  # "Opgeslagen om 14:03" after each answer kept in the draft
        self.page_body = widgets.VBox()
        self.back_button = widgets.Button(icon="arrow-left")
        self.next_button = widgets.Button(button_style="primary")
        self.page_message = widgets.HTML()
        # Shown when the same person changed or sent this form in another tab or on another device.
        self.conflict_message = widgets.HTML()
        self.reload_button = widgets.Button(button_style="warning", layout=widgets.Layout(width="20rem"))
        self.reload_button.add_class("reload-draft")
        self.reload_button.on_click(app.guard(lambda _: self.reload_draft()))
        self.conflict_box = widgets.VBox([self.conflict_message, self.reload_button])
        self.conflict_box.layout.display = "none"
        self.back_button.on_click(app.guard(lambda _: self.go(self.page - 1)))
        self.next_button.on_click(app.guard(lambda _: self.go(self.page + 1)))
        nav = widgets.HBox([self.back_button, self.next_button])
        progress = widgets.HBox([self.progress, self.progress_label, self.saved])
        self.page_panel = widgets.VBox(
            [
                self.conflict_box,
                progress,
                self.page_title,
                self.page_levels,
                self.page_body,
                nav,
                self.page_message,
            ]
        )
        # -- review and submit --------------------------------------------------------------------------
        self.review_text = widgets.HTML()
        self.review_jumps = widgets.HBox()
        self.submit_button = widgets.Button(button_style="success", layout=widgets.Layout(width="16rem"))
        self.review_back = widgets.Button(icon="arrow-left")
        self.submit_message = widgets.HTML()
        self.submit_once = Once(self.submit_button, self.submit, app.guard)
        # Sending over a submission made elsewhere in the meantime needs its own, explicit click.
        self.overwrite_button = widgets.Button(button_style="danger", layout=widgets.Layout(width="16rem"))
        self.overwrite_button.add_class("overwrite-button")
        self.overwrite_button.layout.display = "none"
        self.overwrite_once = Once(self.overwrite_button, lambda: self.submit(overwrite=True), app.guard)
        self.review_back.on_click(app.guard(lambda _: self.go(len(model.dimensions) - 1)))
        buttons = widgets.HBox([self.review_back, self.submit_button, self.overwrite_button])
        self.review_panel = widgets.VBox(
            [self.conflict_box, self.review_text, self.review_jumps, buttons, self.submit_message]
        )
        # -- done -----------------------------------------------------------------------------------------
        self.done_text = widgets.HTML()
        self.to_board_button = widgets.Button(button_style="info", layout=widgets.Layout(width="16rem"))
        self.again_button = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.to_board_button.on_click(
            app.guard(lambda _: app.show_board(self.coop.value, self.round.value.strip()))
        )
        self.again_button.on_click(app.guard(lambda _: self.restart()))
        self.done_panel = widgets.VBox(
            [self.done_text, widgets.HBox([self.to_board_button, self.again_button])]
        )
        # Typing in a paper questionnaire: the same fields above, its own keyboard-first panel.
        from .paper import PaperEntry

        self.paper = PaperEntry(self)
        self.start_panel.children = (
            *self.start_panel.children,
            widgets.HTML("<hr>"),
            self.paper.by,
            self.paper.start_button,
            self.paper.start_message,
        )
        self.widget = widgets.VBox([self.start_panel])
        # Stable CSS hooks for the browser tests (and for anyone styling the app).
        for widget, css in (
            (self.coop, "coop-select"),
            (self.round, "round-input"),
            (self.respondent, "respondent-input"),
            (self.start_button, "start-button"),
            (self.new_name, "new-name"),
            (self.new_kind, "new-kind"),
            (self.new_area, "new-area"),
            (self.new_gemeente, "new-gemeente"),
            (self.new_consent, "new-consent"),
            (self.register_button, "register-button"),
            (self.back_button, "back-button"),
            (self.next_button, "next-button"),
            (self.submit_button, "submit-button"),
            (self.to_board_button, "to-board-button"),
        ):
            widget.add_class(css)

    # The state, under the names the tests and the other tabs use.
    step = property(lambda self: self.state.step)
    page = property(lambda self: self.state.page)
    session = property(lambda self: self.state.draft)

    def relabel(self) -> None:
        a = self.app
        self._relabel_start()
        for sid in self.answer:
            self._label_statement(sid)
        self.note_label.value = f"<em>{html.escape(a.t('ze.note'))}</em>"
        self.back_button.description = a.t("ze.back")
        self.review_back.description = a.t("ze.back")
        self.submit_button.description = a.t("ze.submit")
        self.overwrite_button.description = a.t("ze.submit.overwrite")
        self.reload_button.description = a.t("ze.draft.reload")
        self.to_board_button.description = a.t("ze.to_board")
        self.again_button.description = a.t("ze.again")
        self.paper.relabel()
        self._show()

    # -- the draft in the widgets ----------------------------------------------------------------------
    def _to_page(self) -> None:
        draft = self.state.draft
        self.state.step = "page"
        self.go(draft.page if 0 <= draft.page < len(self.app.model.dimensions) else 0)

    def reload_draft(self) -> None:
        """After a change elsewhere: continue from the newest draft, or from what was sent."""
        d = self.state.draft
        if d is None:
            return
        self._resume(d.cooperative_id, d.round, d.respondent)
        self.page_message.value = ok_html(self.app.t("ze.draft.reloaded"))
        self._to_page()

    def _load(self) -> None:
        """Put the draft's answers into the widgets made so far (later pages read the draft when made).
        The service ignores a value that does not change the draft, so this saves nothing."""
        draft = self.state.draft
        for sid, toggle in self.answer.items():
            value = draft.answers.get(sid)
            toggle.value = value if value in ANSWERS else None
            self.discuss[sid].value = sid in draft.discuss
        for dim, area in self.note.items():
            area.value = draft.notes.get(dim, "")
        self._update_progress()

    def page_widgets(self, dimension_id: str) -> list[widgets.Widget]:
        """The rows of one dimension's page, made on first use and kept."""
        dim = self.app.model.dimension(dimension_id)
        rows = []
        for st in dim.statements:
            if st.id not in self.answer:
                self._make_statement(st.id)
            line = widgets.HBox([self.answer[st.id], self.discuss[st.id]])
            rows.append(
                widgets.VBox([self.statement_text[st.id], line], layout=widgets.Layout(margin="0 0 .6rem 0"))
            )
        if dimension_id not in self.note:
            area = widgets.Textarea(layout=widgets.Layout(width="100%", height="4.5rem"))
            area.value = self.session.notes.get(dimension_id, "") if self.session else ""
            area.observe(lambda ch, d=dimension_id: self._changed("set_note", d, ch["new"]), names="value")
            area.add_class(f"note-{dimension_id}")
            self.note[dimension_id] = area
            self.note_count[dimension_id] = LengthCounter(area, NOTE_MAX, lambda: self.app.lang)
        return [*rows, self.note_label, self.note[dimension_id], self.note_count[dimension_id].widget]

    def _make_statement(self, sid: str) -> None:
        draft = self.session
        value = draft.answers.get(sid) if draft else None
        toggle = widgets.ToggleButtons(
            options=[(a, a) for a in ANSWERS],
            value=value if value in ANSWERS else None,
            style={"button_width": "4.6rem"},
        )
        check = widgets.Checkbox(
            value=bool(draft and sid in draft.discuss), indent=False, layout=widgets.Layout(width="auto")
        )
        toggle.add_class(f"answer-{sid.replace('.', '-')}")
        check.add_class(f"discuss-{sid.replace('.', '-')}")
        self.answer[sid], self.discuss[sid], self.statement_text[sid] = toggle, check, widgets.HTML()
        self._on_answer[sid] = lambda ch: self._changed("set_answer", sid, ch["new"])
        toggle.observe(self._on_answer[sid], names="value")
        self._label_statement(sid)
        check.observe(lambda ch: self._changed("set_discuss", sid, ch["new"]), names="value")

    def _label_statement(self, sid: str) -> None:
        a, m, lang = self.app, self.app.model, self.app.lang
        text = f"<strong>{sid}</strong> {html.escape(m.statement_text(sid, lang))}"
        self.statement_text[sid].value = f"<div class='statement'>{text}</div>"
        self.discuss[sid].description = a.t("ze.discuss")
        toggle = self.answer[sid]
        with quietly(toggle, self._on_answer.get(sid)):  # new labels are not an answer
            keep = toggle.value
            toggle.options = [(a.t("ze.dont_know") if x == DONT_KNOW else x, x) for x in ANSWERS]
            toggle.tooltips = [m.answer_scale[int(x)](lang) for x in ANSWERS[:-1]] + [m.dont_know(lang)]
            toggle.value = keep

    def _changed(self, what: str, key: str, value: object) -> None:
        """A change in the browser: into the draft through the service, and the draft to the server."""
        draft = self.state.draft
        if draft is None or not getattr(self.app.selfeval, what)(draft, key, value):
            return
        self._save(draft)
        self._update_progress()

    def _save(self, draft) -> None:
        try:
            self.app.selfeval.save_draft(draft)
        except DraftConflict as exc:  # nothing written: this tab must not overwrite the other
            self._show_conflict(exc.on_disk)
            return
        except OSError:
            self.page_message.value = error_html(self.app.t("ze.err.draft"))
            raise
        # Visible (and read out politely) after every answer: what is chosen is kept.
        when = clock(datetime.now(UTC).isoformat(), self.app.lang)
        text = html.escape(self.app.t("ze.saved_at", time=when))
        self.saved.value = f"<span class='saved-at' role='status'>{text}</span>"

    def restart(self) -> None:
        self.state.draft = None
        self.state.step = "start"
        self.respondent.value = ""
        self._show()

    # -- pages --------------------------------------------------------------------------------------------
    def go(self, page: int) -> None:
        s = self.state
        if s.draft is None:
            return
        if page >= len(self.app.model.dimensions):
            s.step = "review"
        else:
            s.step, s.page = "page", max(0, page)
            s.draft.page = s.page
            self._save(s.draft)
        self._show()

    def _show(self) -> None:
        a, m, lang, s = self.app, self.app.model, self.app.lang, self.state
        if s.step == "page":
            dim = m.dimensions[s.page]
            where = a.t("ze.page", n=s.page + 1, total=len(m.dimensions))
            legend = " · ".join(f"{n} = {m.answer_scale[n](lang).lower()}" for n in (1, 3, 5))
            self.page_title.value = (
                f"<h3 class='page-title'>{html.escape(where)} · {dim.id} {html.escape(dim.name(lang))}</h3>"
                f"<p>{html.escape(dim.summary(lang))}</p>"
                f"<p class='scale'><small>{html.escape(legend)}</small></p>"
            )
            rows = "".join(
                f"<tr><th>{lv.level} · {html.escape(lv.name(lang))}</th>"
                f"<td>{html.escape(dim.levels[lv.level](lang))}</td></tr>"
                for lv in m.levels
            )
            self.page_levels.value = (
                f"<details open><summary>{html.escape(a.t('ze.levels'))}</summary>"
                f"<table class='levels'>{rows}</table></details>"
            )
            self.page_body.children = self.page_widgets(dim.id)
            last = s.page == len(m.dimensions) - 1
            self.next_button.description = a.t("ze.review") if last else a.t("ze.next")
            self.back_button.disabled = s.page == 0
            self.widget.children = [self.page_panel]
        elif s.step == "review":
            self._show_review()
            self.widget.children = [self.review_panel]
        elif s.step == "done":
            self.widget.children = [self.done_panel]
        else:
            self.widget.children = [self.start_panel]
        self._update_progress()

    def _show_review(self) -> None:
        a = self.app
        missing = a.selfeval.missing(self.session)
        too_long = a.selfeval.too_long(self.session)
        title = f"<h3>{html.escape(a.t('ze.review.title'))}</h3>"
        if missing:
            by_dim: dict[str, list[str]] = {}
            for sid in missing:
                by_dim.setdefault(a.model.dimension_of(sid), []).append(sid)
            items = [f"{d}: {', '.join(ids)}" for d, ids in by_dim.items()]
            text = html.escape(a.t("ze.review.missing", n=len(missing)))
            self.review_text.value = f"{title}<p class='missing'>{text}</p>" + list_html(
                items, "missing-list"
            )
            jumps = []
            for d in by_dim:
                button = widgets.Button(
                    description=d,
                    tooltip=f"{d} {a.model.dimension(d).name(a.lang)}",
                    layout=widgets.Layout(width="auto", min_width="5rem"),
                )
                button.add_class("review-jump")
                index = a.model.dimension_ids.index(d)
                button.on_click(a.guard(lambda _, i=index: self.go(i)))
                jumps.append(button)
            self.review_jumps.children = jumps
        else:
            self.review_text.value = (
                f"{title}<p class='complete'>{html.escape(a.t('ze.review.complete'))}</p>"
            )
            self.review_jumps.children = []
        if too_long:
            self.review_text.value += error_html(
                Refused(*a.selfeval.too_long_reasons(too_long), sep="\n").format(a.lang)
            )
        self.submit_once.hold(bool(missing or too_long))

    def _update_progress(self) -> None:
        total = len(self.app.model.statement_ids)
        done = total - len(self.app.selfeval.missing(self.session)) if self.session else 0
        self.progress.value = done
        label = self.app.t("ze.progress", done=done, total=total)
        self.progress_label.value = f"<span class='progress-label'>&nbsp;{html.escape(label)}</span>"

    # -- submit -----------------------------------------------------------------------------------------
    def submit(self, overwrite: bool = False) -> bool | None:
        a, s = self.app, self.state
        d = s.draft
        if d is None or s.step != "review":  # the browser can click a button that is not shown
            return None
        try:
            n = attempt(
                lambda: a.selfeval.submit(d, s.submitted_before, overwrite), self.submit_message, a.lang, True
            )
        except DraftConflict as exc:
            self._show_conflict(exc.on_disk)  # newer answers in another tab: send those, not these
            return None
        except NewerSubmission as exc:
            self.submit_message.value = error_html(
                a.t("ze.submit.newer", who=d.respondent, time=local_time(exc.when))
            )
            self.overwrite_button.layout.display = None
            return None
        if not isinstance(n, int):
            self._show_review()
            return None
        self._rounds_by_coop = None  # this round now has scores: suggest it next time
        s.draft = None
        self.overwrite_button.layout.display = "none"
        self.submit_message.value = ""
        self.done_text.value = (
            f"<h3 class='submitted'>{html.escape(a.t('ze.done.title'))}</h3>"
            f"<p>{html.escape(a.t('ze.done.text', n=n, round=d.round))}</p>"
        )
        s.step = "done"
        self._show()
        return True
