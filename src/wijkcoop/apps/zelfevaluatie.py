"""Zelfevaluatie app: board members fill in the groeimodel; the board then looks at the result together.

Two tabs. *Invullen*: pick or register the cooperative, the round and a pseudonym, walk the ten
dimensions, submit. A draft is written to the server on every change, so a closed tab loses nothing.
*Bestuur*: spinnenweb, spread and agenda, agreed board scores, trend, verbeterpunten, downloads.

Every value that reaches the server is checked again here: the browser can send anything.
"""

from __future__ import annotations

import html
import re
from datetime import date

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import config, scoring
from ..context import open_store
from ..drafts import DONT_KNOW, Draft, DraftConflict, DraftStore
from ..model import Groeimodel
from ..modules import load_modules, module_for_dimension
from ..problems import ProblemsError
from ..store import ID_PATTERN, ROUND_PATTERN, StoreBusy, clean_text
from ..tables import BOARD_SCORES, COOPERATIVE_KINDS, COOPERATIVES, NOTES, ROUNDS, SCORES
from .common import (
    AppBase,
    LengthCounter,
    Once,
    download_links,
    error_html,
    language_switch,
    local_time,
    set_options,
)
from .gegevens import DataTab

ANSWERS = ("1", "2", "3", "4", "5", DONT_KNOW)
BOARD_SCORE_CHOICES = tuple(np.round(np.arange(1.0, 5.01, 0.5), 1))
BOARD = "__bestuur__"
NOTE_MAX = NOTES.column("note").max_len
RATIONALE_MAX = BOARD_SCORES.column("rationale").max_len
WIDE = widgets.Layout(width="32rem", max_width="100%")


def current_round(today: date) -> str:
    """The half-year round a date falls in: 2026-1 (Jan–Jun) or 2026-2 (Jul–Dec)."""
    return f"{today.year}-{1 if today.month <= 6 else 2}"


def slug(name: str) -> str:
    base = name.lower()
    for a, b in (("ö", "o"), ("ë", "e"), ("ï", "i"), ("é", "e"), ("è", "e"), ("ü", "u"), ("á", "a")):
        base = base.replace(a, b)
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:50]
    return base or "cooperatie"


def _respondent_rows(frame: pd.DataFrame, coop: str, round_id: str, respondent: str) -> pd.DataFrame:
    """One person's rows of a table for one cooperative and round."""
    return frame[
        (frame["cooperative_id"] == coop) & (frame["round"] == round_id) & (frame["respondent"] == respondent)
    ]


def ok_html(message: str) -> str:
    return f'<div class="wijkcoop-ok" role="status" style="color:#1f5e3a">{html.escape(message)}</div>'


def list_html(items: list[str], css: str = "") -> str:
    return f"<ul class='{css}'>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


class ZelfevaluatieApp(AppBase):
    """The whole page. Widgets are attributes, so tests drive it like a user: set values, click."""

    def __init__(
        self,
        data_dir: str | None = None,
        model: Groeimodel | None = None,
        lang: str | None = None,
        today: date | None = None,
    ):
        self.store = open_store(data_dir, model=model)
        self.model = self.store.model
        self.modules = load_modules(self.model)
        self.drafts = DraftStore(self.store.data_dir)
        self.today = today or date.today()
        self.status = widgets.HTML()
        self.language = language_switch(lang or config.language())
        self.title = widgets.HTML()
        self.fill = FillIn(self)
        self.board = BoardView(self)
        self.data = DataTab(self)
        self.tabs = widgets.Tab(children=[self.fill.widget, self.board.widget, self.data.widget])
        self.language.observe(self.guard(lambda _: self.relabel()), names="value")
        self.tabs.observe(self.guard(self._on_tab), names="selected_index")
        self.widget = widgets.VBox(
            [self.title, self.language, self.status, self.tabs],
            layout=widgets.Layout(max_width="72rem", padding="0 .75rem"),
        )
        self.widget.add_class("wijkcoop-zelfevaluatie")
        self.relabel()
        self.fill.reload_register()

    def fmt(self, value: float) -> str:
        if value is None or pd.isna(value):
            return "–"
        text = f"{value:.1f}"
        return text.replace(".", ",") if self.lang == "nl" else text

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:.3rem 0'>{html.escape(self.t('ze.title'))}</h2>"
        self.tabs.titles = (self.t("ze.tab.fill"), self.t("ze.tab.board"), self.t("ze.tab.data"))
        self.fill.relabel()
        self.board.relabel()
        self.data.relabel()

    def cooperatives(self) -> pd.DataFrame:
        frame = self.store.current(COOPERATIVES).frame
        return frame.sort_values("name", key=lambda s: s.str.casefold())

    def _on_tab(self, change) -> None:
        if change["new"] == 1:
            self.board.refresh()
        elif change["new"] == 2:
            self.data.refresh()

    def show_board(self, cooperative_id: str, round_id: str) -> None:
        """Open the board view on this cooperative and round, in one redraw."""
        self.board.wanted = (cooperative_id, round_id)
        if self.tabs.selected_index == 1:
            self.board.refresh()
        else:
            self.tabs.selected_index = 1  # its observer refreshes, honouring `wanted`


class FillIn:
    """Tab 1: one board member fills in the groeimodel."""

    def __init__(self, app: ZelfevaluatieApp):
        self.app = app
        model = app.model
        self.session: Draft | None = None
        self.page = 0
        self.step = "start"
        self._loading = False
        self._rounds_by_coop: dict | None = None

        # -- start: who, which cooperative, which round ----------------------------------------------
        self.intro = widgets.HTML()
        self.coop = widgets.Dropdown(layout=WIDE)
        self.round = widgets.Combobox(layout=widgets.Layout(width="20rem"), ensure_option=False)
        self.respondent = widgets.Text(layout=widgets.Layout(width="20rem"))
        self.start_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.start_message = widgets.HTML()
        self.new_name = widgets.Text(layout=WIDE)
        self.new_kind = widgets.Dropdown(layout=widgets.Layout(width="20rem"))
        self.new_area = widgets.Combobox(layout=WIDE, ensure_option=False)
        self.new_gemeente = widgets.Text(layout=WIDE)
        self.new_consent = widgets.Checkbox(value=False, indent=False, layout=WIDE)
        self.register_button = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.register_message = widgets.HTML()
        self.register_box = widgets.Accordion(
            children=[
                widgets.VBox(
                    [
                        self.new_name,
                        self.new_kind,
                        self.new_area,
                        self.new_gemeente,
                        self.new_consent,
                        self.register_button,
                        self.register_message,
                    ]
                )
            ]
        )
        self.start_panel = widgets.VBox(
            [
                self.intro,
                self.coop,
                self.register_box,
                self.round,
                self.respondent,
                self.start_button,
                self.start_message,
            ]
        )
        self.coop.observe(app.guard(lambda _: self._suggest_rounds()), names="value")
        self.start_button.on_click(app.guard(lambda _: self.start()))
        self.register_once = Once(self.register_button, self.register, app.guard).watch(
            self.new_name, self.new_kind, self.new_area, self.new_gemeente, self.new_consent
        )

        # -- one page per dimension ---------------------------------------------------------------------
        # Widgets per statement are made when their page is first shown: a page with all 40 at once
        # takes many seconds to appear in the browser. The draft, not the widgets, holds the answers.
        self.answer: dict[str, widgets.ToggleButtons] = {}
        self.discuss: dict[str, widgets.Checkbox] = {}
        self.statement_text: dict[str, widgets.HTML] = {}
        self.note: dict[str, widgets.Textarea] = {}
        self.note_count: dict[str, LengthCounter] = {}
        self.note_label = widgets.HTML()
        self.page_title = widgets.HTML()
        self.page_levels = widgets.HTML()
        self.progress = widgets.IntProgress(min=0, max=len(model.statement_ids))
        self.progress_label = widgets.HTML()
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
        self.page_panel = widgets.VBox(
            [
                self.conflict_box,
                widgets.HBox([self.progress, self.progress_label]),
                self.page_title,
                self.page_levels,
                self.page_body,
                widgets.HBox([self.back_button, self.next_button]),
                self.page_message,
            ]
        )

        # -- review and submit ------------------------------------------------------------------------
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
        self.review_panel = widgets.VBox(
            [
                self.conflict_box,
                self.review_text,
                self.review_jumps,
                widgets.HBox([self.review_back, self.submit_button, self.overwrite_button]),
                self.submit_message,
            ]
        )

        # -- done ---------------------------------------------------------------------------------------
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

    # -- labels -----------------------------------------------------------------------------------------
    def relabel(self) -> None:
        a = self.app
        self.intro.value = f"<p>{html.escape(a.t('ze.fill.intro'))}</p>"
        self.coop.description = a.t("ze.cooperative")
        options = list(self.coop.options)
        if options and options[0][1] is None:  # "— kies —" in the chosen language
            set_options(self.coop, [(a.t("ze.choose"), None), *options[1:]])
        self.round.description = a.t("ze.round")
        self.round.placeholder = current_round(a.today)
        self.respondent.description = a.t("ze.respondent")
        self.respondent.placeholder = a.t("ze.respondent.placeholder")
        self.start_button.description = a.t("ze.start")
        self.register_box.titles = (a.t("ze.register.title"),)
        self.new_name.description = a.t("ze.register.name")
        self.new_kind.description = a.t("ze.register.kind")
        self.new_kind.options = [(a.t(f"ze.kind.{k}"), k) for k in COOPERATIVE_KINDS]
        self.new_area.description = a.t("ze.register.area")
        self.new_gemeente.description = a.t("ze.register.gemeente")
        self.new_consent.description = a.t("ze.register.consent")
        self.register_button.description = a.t("ze.register.button")
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
        self._show()

    # -- start ------------------------------------------------------------------------------------------
    def reload_register(self, select: str | None = None) -> None:
        coops = self.app.cooperatives()
        current = select or self.coop.value
        self.coop.options = [(self.app.t("ze.choose"), None)] + list(
            zip(coops["name"], coops["cooperative_id"], strict=True)
        )
        if current in set(coops["cooperative_id"]):
            self.coop.value = current
        else:
            self.coop.index = 0  # "— kies —"
        self.new_area.options = sorted(coops["doorbraakgebied"].unique())
        self._suggest_rounds()

    def _suggest_rounds(self) -> None:
        rounds = {current_round(self.app.today)}
        if self.coop.value:
            if self._rounds_by_coop is None:  # read the scores once per page, not per choice
                scores = self.app.store.current(SCORES).frame
                self._rounds_by_coop = scores.groupby("cooperative_id")["round"].unique().to_dict()
            rounds |= set(self._rounds_by_coop.get(self.coop.value, ()))
        self.round.options = sorted(rounds, reverse=True)
        if not self.round.value:
            self.round.value = current_round(self.app.today)

    def register(self) -> bool | None:
        a = self.app
        name = clean_text(self.new_name.value)
        area = clean_text(self.new_area.value)
        gemeente = clean_text(self.new_gemeente.value)
        kind = self.new_kind.value if self.new_kind.value in COOPERATIVE_KINDS else ""
        missing = [
            label
            for label, value in (
                (a.t("ze.register.name"), name),
                (a.t("ze.register.kind"), kind),
                (a.t("ze.register.area"), area),
                (a.t("ze.register.gemeente"), gemeente),
            )
            if not value
        ]
        if missing:
            self.register_message.value = error_html(a.t("ze.register.missing", fields=", ".join(missing)))
            return
        coops = a.cooperatives()
        if name.casefold() in set(coops["name"].str.casefold()):
            self.register_message.value = error_html(a.t("ze.register.exists", name=name))
            return
        base, n = slug(name), 1
        cid = base
        while cid in set(coops["cooperative_id"]):
            n += 1
            cid = f"{base}-{n}"
        row = {
            "cooperative_id": cid,
            "name": name,
            "kind": self.new_kind.value,
            "doorbraakgebied": area,
            "gemeente": gemeente,
            "show_name": bool(self.new_consent.value),
        }
        try:
            a.store.append(COOPERATIVES, [row])
        except (ProblemsError, StoreBusy) as exc:
            self.register_message.value = error_html(exc.format(a.lang))
            return
        for w in (self.new_name, self.new_area, self.new_gemeente):
            w.value = ""
        self.new_consent.value = False
        self.reload_register(select=cid)
        self.register_box.selected_index = None
        self.register_message.value = ""
        self.start_message.value = ok_html(a.t("ze.register.done", name=name))
        return True

    def start(self) -> None:
        a = self.app
        coop, round_id = self.coop.value, (self.round.value or "").strip()
        respondent = " ".join(clean_text(self.respondent.value).split())  # as the store will keep it
        errors = []
        known = set(a.cooperatives()["cooperative_id"])
        if not coop or coop not in known or not re.fullmatch(ID_PATTERN, coop):
            errors.append(a.t("ze.err.coop"))
        if not re.fullmatch(ROUND_PATTERN, round_id):
            errors.append(a.t("ze.err.round", value=round_id))
        if not respondent:
            errors.append(a.t("ze.err.respondent"))
        elif len(respondent) > 60:
            errors.append(a.t("ze.err.respondent_long"))
        if errors:
            self.start_message.value = error_html(" ".join(errors))
            return
        draft, message = self._resume(coop, round_id, respondent)
        self.start_message.value = ""
        self.page_message.value = ok_html(message)
        self._to_page(draft)

    def _resume(self, coop: str, round_id: str, respondent: str) -> tuple[Draft, str]:
        """Begin with the draft on the server, else with what was sent (a new submit corrects), else
        empty; returns it with the message that says which."""
        a = self.app
        scores = a.store.current(SCORES).frame  # read once: the answers sent and when they were sent
        draft = a.drafts.load(coop, round_id, respondent)
        if draft is not None:
            message = a.t("ze.resumed", time=local_time(draft.updated_at))
        else:
            draft = self._draft_from_store(coop, round_id, respondent, scores)
            message = a.t("ze.correcting") if draft.answers else a.t("ze.new")
        self._begin(draft, scores)
        return draft, message

    def _to_page(self, draft: Draft) -> None:
        self.step = "page"
        self.go(draft.page if 0 <= draft.page < len(self.app.model.dimensions) else 0)

    def _begin(self, draft: Draft, scores: pd.DataFrame) -> None:
        self.session = draft
        self.submit_once.fresh()  # a new filling-in: its submit is a new request
        self.overwrite_button.layout.display = "none"
        self.conflict_box.layout.display = "none"
        # What was submitted when this filling-in began: a later submission came from elsewhere.
        self.submitted_before = self._last_submission(draft, scores)
        self._load(draft)

    def _last_submission(self, d: Draft, scores: pd.DataFrame | None = None) -> str:
        """When this person's answers for this round were last sent ("" if never)."""
        if scores is None:
            scores = self.app.store.current(SCORES).frame
        mine = _respondent_rows(scores, d.cooperative_id, d.round, d.respondent)
        return mine["saved_at"].max().isoformat() if len(mine) else ""

    def reload_draft(self) -> None:
        """After a change elsewhere: continue from the newest draft, or from what was sent."""
        d = self.session
        if d is None:
            return
        draft, _ = self._resume(d.cooperative_id, d.round, d.respondent)
        self.page_message.value = ok_html(self.app.t("ze.draft.reloaded"))
        self._to_page(draft)

    def _show_conflict(self, on_disk: Draft | None) -> None:
        a = self.app
        if on_disk is None:
            text = a.t("ze.draft.sent_elsewhere")
        else:
            text = a.t("ze.draft.changed_elsewhere", time=local_time(on_disk.updated_at))
        self.conflict_message.value = error_html(text)
        self.conflict_box.layout.display = None

    def _draft_from_store(self, coop: str, round_id: str, respondent: str, scores: pd.DataFrame) -> Draft:
        """Someone who already submitted starts from their submitted answers (a new submit corrects)."""
        draft = Draft(coop, round_id, respondent)
        for row in _respondent_rows(scores, coop, round_id, respondent).itertuples():
            draft.answers[row.statement_id] = DONT_KNOW if pd.isna(row.score) else str(int(row.score))
            if row.discuss:
                draft.discuss.append(row.statement_id)
        mine_notes = _respondent_rows(self.app.store.current(NOTES).frame, coop, round_id, respondent)
        draft.notes = dict(zip(mine_notes["dimension_id"], mine_notes["note"], strict=True))
        return draft

    def _load(self, draft: Draft) -> None:
        """Put a draft's answers into the widgets made so far (later pages read the draft when made)."""
        self._loading = True
        try:
            for sid, toggle in self.answer.items():
                value = draft.answers.get(sid)
                toggle.value = value if value in ANSWERS else None
                self.discuss[sid].value = sid in draft.discuss
            for dim, area in self.note.items():
                area.value = draft.notes.get(dim, "")
        finally:
            self._loading = False
        self._update_progress()

    def page_widgets(self, dimension_id: str) -> list[widgets.Widget]:
        """The rows of one dimension's page, made on first use and kept."""
        dim = self.app.model.dimension(dimension_id)
        rows = []
        for st in dim.statements:
            if st.id not in self.answer:
                self._make_statement(st.id)
            rows.append(
                widgets.VBox(
                    [self.statement_text[st.id], widgets.HBox([self.answer[st.id], self.discuss[st.id]])],
                    layout=widgets.Layout(margin="0 0 .6rem 0"),
                )
            )
        if dimension_id not in self.note:
            area = widgets.Textarea(layout=widgets.Layout(width="100%", height="4.5rem"))
            area.value = self.session.notes.get(dimension_id, "") if self.session else ""
            area.observe(lambda ch, d=dimension_id: self._note_changed(d, ch["new"]), names="value")
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
        self._label_statement(sid)
        toggle.observe(lambda ch: self._answer_changed(sid, ch["new"]), names="value")
        check.observe(lambda ch: self._discuss_changed(sid, ch["new"]), names="value")

    def _label_statement(self, sid: str) -> None:
        a, m, lang = self.app, self.app.model, self.app.lang
        text = f"<strong>{sid}</strong> {html.escape(m.statement_text(sid, lang))}"
        self.statement_text[sid].value = f"<div class='statement'>{text}</div>"
        self.discuss[sid].description = a.t("ze.discuss")
        toggle = self.answer[sid]
        keep, loading = toggle.value, self._loading
        self._loading = True  # new option labels must not count as an answer change
        try:
            toggle.options = [(a.t("ze.dont_know") if x == DONT_KNOW else x, x) for x in ANSWERS]
            toggle.tooltips = [m.answer_scale[int(x)](lang) for x in ANSWERS[:-1]] + [m.dont_know(lang)]
            toggle.value = keep
        finally:
            self._loading = loading

    def restart(self) -> None:
        self.session = None
        self.step = "start"
        self.respondent.value = ""
        self._show()

    # -- pages ------------------------------------------------------------------------------------------
    def go(self, page: int) -> None:
        if self.session is None:
            return
        n = len(self.app.model.dimensions)
        if page >= n:
            self.step = "review"
        else:
            self.step = "page"
            self.page = max(0, page)
            self.session.page = self.page
            self._save_draft()
        self._show()

    def _show(self) -> None:
        a, m, lang = self.app, self.app.model, self.app.lang
        if self.step == "page":
            dim = m.dimensions[self.page]
            where = a.t("ze.page", n=self.page + 1, total=len(m.dimensions))
            self.page_title.value = (
                f"<h3 class='page-title'>{html.escape(where)} · {dim.id} {html.escape(dim.name(lang))}</h3>"
                f"<p>{html.escape(dim.summary(lang))}</p>"
                f"<p class='scale'><small>{html.escape(self._scale_legend())}</small></p>"
            )
            rows = "".join(
                f"<tr><th>{lv.level} · {html.escape(lv.name(lang))}</th>"
                f"<td>{html.escape(dim.levels[lv.level](lang))}</td></tr>"
                for lv in m.levels
            )
            self.page_levels.value = (
                f"<details open><summary>{html.escape(a.t('ze.levels'))}</summary>"
                f"<table class='levels' style='border-spacing:.6rem .2rem'>{rows}</table></details>"
            )
            children = self.page_widgets(dim.id)
            self.page_body.children = children
            last = self.page == len(m.dimensions) - 1
            self.next_button.description = a.t("ze.review") if last else a.t("ze.next")
            self.back_button.disabled = self.page == 0
            self.widget.children = [self.page_panel]
        elif self.step == "review":
            self._show_review()
            self.widget.children = [self.review_panel]
        elif self.step == "done":
            self.widget.children = [self.done_panel]
        else:
            self.widget.children = [self.start_panel]
        self._update_progress()

    def _scale_legend(self) -> str:
        m, lang = self.app.model, self.app.lang
        return " · ".join(f"{n} = {m.answer_scale[n](lang).lower()}" for n in (1, 3, 5))

    def _missing(self) -> list[str]:
        answers = self.session.answers if self.session else {}
        return [sid for sid in self.app.model.statement_ids if answers.get(sid) not in ANSWERS]

    def _too_long(self) -> list[str]:
        a = self.app
        notes = self.session.notes if self.session else {}
        return [
            a.t("ze.review.note_too_long", dim=dim, n=len(text.strip()), max=NOTE_MAX)
            for dim, text in notes.items()
            if len(text.strip()) > NOTE_MAX
        ]

    def _show_review(self) -> None:
        a = self.app
        missing = self._missing()
        too_long = self._too_long()
        if missing:
            by_dim: dict[str, list[str]] = {}
            for sid in missing:
                by_dim.setdefault(a.model.dimension_of(sid), []).append(sid)
            items = [f"{d}: {', '.join(ids)}" for d, ids in by_dim.items()]
            self.review_text.value = (
                f"<h3>{html.escape(a.t('ze.review.title'))}</h3>"
                f"<p class='missing'>{html.escape(a.t('ze.review.missing', n=len(missing)))}</p>"
                + list_html(items, "missing-list")
            )
            jumps = []
            for d in by_dim:
                button = widgets.Button(description=d, layout=widgets.Layout(width="5rem"))
                index = a.model.dimension_ids.index(d)
                button.on_click(a.guard(lambda _, i=index: self.go(i)))
                jumps.append(button)
            self.review_jumps.children = jumps
        else:
            self.review_text.value = (
                f"<h3>{html.escape(a.t('ze.review.title'))}</h3>"
                f"<p class='complete'>{html.escape(a.t('ze.review.complete'))}</p>"
            )
            self.review_jumps.children = []
        if too_long:
            self.review_text.value += error_html("\n".join(too_long))
        self.submit_once.hold(bool(missing or too_long))

    # Each change goes straight into the draft on disk. Values are checked here, on the server:
    # the browser can send anything.
    def _answer_changed(self, sid: str, value: object) -> None:
        if self._loading or self.session is None:
            return
        if value in ANSWERS:
            self.session.answers[sid] = value
        else:
            self.session.answers.pop(sid, None)
        self._save_draft()
        self._update_progress()

    def _discuss_changed(self, sid: str, value: object) -> None:
        if self._loading or self.session is None:
            return
        flagged = set(self.session.discuss)
        flagged = flagged | {sid} if value is True else flagged - {sid}
        self.session.discuss = sorted(flagged)
        self._save_draft()

    def _note_changed(self, dimension_id: str, value: object) -> None:
        if self._loading or self.session is None:
            return
        text = value if isinstance(value, str) else ""
        if text.strip():  # kept whole: a note that is too long is refused on sending, never cut
            self.session.notes[dimension_id] = text
        else:
            self.session.notes.pop(dimension_id, None)
        self._save_draft()

    def _save_draft(self) -> None:
        try:
            self.app.drafts.save(self.session)
        except DraftConflict as exc:  # nothing written: this tab must not overwrite the other
            self._show_conflict(exc.on_disk)
        except OSError:
            self.page_message.value = error_html(self.app.t("ze.err.draft"))
            raise

    def _update_progress(self) -> None:
        total = len(self.app.model.statement_ids)
        done = total - len(self._missing()) if self.session else 0
        self.progress.value = done
        label = self.app.t("ze.progress", done=done, total=total)
        self.progress_label.value = f"<span class='progress-label'>&nbsp;{html.escape(label)}</span>"

    # -- submit -----------------------------------------------------------------------------------------
    def submit(self, overwrite: bool = False) -> bool | None:
        a, d = self.app, self.session
        if d is None or self.step != "review":  # the browser can click a button that is not shown
            return
        missing = self._missing()
        if missing:
            self._show_review()
            self.submit_message.value = error_html(a.t("ze.review.missing", n=len(missing)))
            return
        too_long = self._too_long()
        if too_long:
            self._show_review()
            self.submit_message.value = error_html("\n".join(too_long))
            return
        on_disk = a.drafts.load(d.cooperative_id, d.round, d.respondent)
        if (on_disk.version if on_disk else 0) not in (0, d.version):
            self._show_conflict(on_disk)  # newer answers in another tab: send those, not these
            return
        latest = self._last_submission(d)
        if latest != self.submitted_before and not overwrite:
            self.submit_message.value = error_html(
                a.t("ze.submit.newer", who=d.respondent, time=local_time(latest))
            )
            self.overwrite_button.layout.display = None
            return
        rows = [
            {
                "cooperative_id": d.cooperative_id,
                "round": d.round,
                "respondent": d.respondent,
                "statement_id": sid,
                "score": None if d.answers[sid] == DONT_KNOW else int(d.answers[sid]),
                "discuss": sid in d.discuss,
                "model_version": a.model.model_version,
            }
            for sid in a.model.statement_ids
        ]
        notes = [
            {
                "cooperative_id": d.cooperative_id,
                "round": d.round,
                "respondent": d.respondent,
                "dimension_id": dim,
                "note": text.strip(),
            }
            for dim, text in d.notes.items()
            if text.strip()
        ]
        try:
            a.store.append(SCORES, rows)
            if notes:
                a.store.append(NOTES, notes)
        except (ProblemsError, StoreBusy) as exc:
            self.submit_message.value = error_html(exc.format(a.lang))
            return
        a.drafts.delete(d.cooperative_id, d.round, d.respondent)
        self._rounds_by_coop = None  # this round now has scores: suggest it next time
        self.session = None
        self.overwrite_button.layout.display = "none"
        self.submit_message.value = ""
        self.done_text.value = (
            f"<h3 class='submitted'>{html.escape(a.t('ze.done.title'))}</h3>"
            f"<p>{html.escape(a.t('ze.done.text', n=len(rows), round=d.round))}</p>"
        )
        self.step = "done"
        self._show()
        return True


class BoardView:
    """Tab 2: the board looks at one round together."""

    def __init__(self, app: ZelfevaluatieApp):
        self.app = app
        self.scores = pd.DataFrame()
        self.board_scores = pd.DataFrame()
        self.note_rows = pd.DataFrame(columns=["cooperative_id", "round", "dimension_id", "respondent"])
        self._updating = False
        self.wanted: tuple[str, str] | None = None  # (cooperative, round) to show on the next refresh
        self.coop = widgets.Dropdown(layout=WIDE)
        self.round = widgets.Dropdown(layout=widgets.Layout(width="16rem"))
        self.who = widgets.Dropdown(layout=widgets.Layout(width="20rem"))
        self.refresh_button = widgets.Button(icon="refresh")
        self.message = widgets.HTML()
        # How many members answered this round, and whether the board has called it complete.
        self.round_state = widgets.HTML()
        self.round_state.add_class("round-state")
        self.complete_button = widgets.Button(layout=widgets.Layout(width="20rem"))
        self.complete_button.add_class("round-complete")
        Once(self.complete_button, self.toggle_complete, app.guard, cooldown=2.0)
        self.complete_rounds: set[tuple[str, str]] = set()
        self.content = widgets.VBox()
        self.built = False
        for w in (self.coop, self.round, self.who):
            w.observe(app.guard(self._on_select), names="value")
        self.refresh_button.on_click(app.guard(lambda _: self.refresh()))
        self.coop.add_class("board-coop")
        self.round.add_class("board-round")
        self.who.add_class("board-who")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.coop, self.round]),
                widgets.HBox([self.who, self.refresh_button]),
                widgets.HBox([self.round_state, self.complete_button]),
                self.message,
                self.content,
            ]
        )

    def _build(self) -> None:
        """Make the view's widgets when the tab is first opened, not when the page loads."""
        app = self.app
        self.headings = {
            k: widgets.HTML() for k in ("radar", "spread", "notes", "board", "trend", "verbeter", "report")
        }
        self.radar = widgets.Image(format="png", layout=widgets.Layout(max_width="44rem"))
        self.radar.add_class("spinnenweb")
        self.spread = widgets.HTML()
        self.agenda = widgets.HTML()
        self.board_score = {
            d: widgets.Dropdown(layout=widgets.Layout(width="7rem")) for d in app.model.dimension_ids
        }
        for d, dropdown in self.board_score.items():
            dropdown.add_class(f"board-score-{d}")
        self.rationale = {
            d: widgets.Text(layout=widgets.Layout(width="28rem", max_width="100%"))
            for d in app.model.dimension_ids
        }
        for d, field in self.rationale.items():
            field.add_class(f"rationale-{d}")
        self.rationale_count = {
            d: LengthCounter(field, RATIONALE_MAX, lambda: app.lang) for d, field in self.rationale.items()
        }
        self.board_labels = {
            d: widgets.HTML(layout=widgets.Layout(width="18rem")) for d in app.model.dimension_ids
        }
        self.board_save = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.board_message = widgets.HTML()
        self.trend = widgets.Image(format="png", layout=widgets.Layout(max_width="70rem"))
        self.verbeter = widgets.HTML()
        self.report_button = widgets.Button(icon="file-pdf-o", layout=widgets.Layout(width="16rem"))
        self.report_button.add_class("report-button")
        self.board_save.add_class("board-save")
        self.downloads = widgets.HTML()
        self.board_once = Once(self.board_save, self.save_board_scores, app.guard).watch(
            self.coop, self.round, *self.board_score.values(), *self.rationale.values()
        )
        self.report_button.on_click(app.guard(lambda _: self.make_downloads()))
        self.notes = widgets.HTML()
        board_rows = [
            widgets.HBox(
                [
                    self.board_labels[d],
                    self.board_score[d],
                    widgets.VBox([self.rationale[d], self.rationale_count[d].widget]),
                ]
            )
            for d in app.model.dimension_ids
        ]
        self.content.children = tuple(
            [
                self.headings["radar"],
                self.radar,
                self.headings["spread"],
                self.spread,
                self.agenda,
                self.headings["notes"],
                self.notes,
                self.headings["board"],
                *board_rows,
                self.board_save,
                self.board_message,
                self.headings["trend"],
                self.trend,
                self.headings["verbeter"],
                self.verbeter,
                self.headings["report"],
                self.report_button,
                self.downloads,
            ]
        )
        self.built = True
        self._relabel_content()

    def relabel(self) -> None:
        a = self.app
        self.coop.description = a.t("ze.cooperative")
        self.round.description = a.t("ze.round")
        self.who.description = a.t("ze.board.who")
        self.refresh_button.description = a.t("ze.board.refresh")
        self._relabel_content()
        self.render()

    def _relabel_content(self) -> None:
        if not self.built:
            return
        a = self.app
        for key, widget in self.headings.items():
            widget.value = f"<h3>{html.escape(a.t('ze.board.h.' + key))}</h3>"
        choices = [("—", None)] + [(a.fmt(v), float(v)) for v in BOARD_SCORE_CHOICES]
        for d in a.model.dimensions:
            current = self.board_score[d.id].value
            self.board_score[d.id].options = choices
            self.board_score[d.id].value = current
            self.board_labels[d.id].value = f"{d.id} {html.escape(d.name(a.lang))}"
            self.rationale[d.id].placeholder = a.t("ze.board.rationale")
        self.board_save.description = a.t("ze.board.save")
        self.report_button.description = a.t("ze.board.report")

    # -- data -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store again (inside a callback, so a preheated page never shows stale scores)."""
        a = self.app
        if not self.built:
            self._build()
        self.scores = a.store.current(SCORES).frame
        self.board_scores = a.store.current(BOARD_SCORES).frame
        self.note_rows = a.store.current(NOTES).frame
        self.complete_rounds = scoring.complete_rounds(a.store.current(ROUNDS).frame)
        coops = a.cooperatives()
        with_scores = coops[coops["cooperative_id"].isin(set(self.scores["cooperative_id"]))]
        wanted_coop, wanted_round = self.wanted or (None, None)
        self.wanted = None
        self._updating = True
        try:
            keep = wanted_coop or self.coop.value
            ids = list(with_scores["cooperative_id"])
            options = list(zip(with_scores["name"], ids, strict=True))
            if list(self.coop.options) != options:
                self.coop.options = options
            self.coop.value = keep if keep in ids else (ids[0] if ids else None)
            self._fill_rounds(wanted_round)
        finally:
            self._updating = False
        self.render()

    def _fill_rounds(self, wanted: str | None = None) -> None:
        mine = self.scores[self.scores["cooperative_id"] == self.coop.value]
        rounds = sorted(mine["round"].unique(), reverse=True)
        keep = wanted or self.round.value
        self.round.options = rounds
        self.round.value = keep if keep in rounds else (rounds[0] if rounds else None)
        self._fill_who()

    def _fill_who(self) -> None:
        rows = self._round_rows()
        members = sorted(rows["respondent"].unique()) if len(rows) else []
        keep = self.who.value
        self.who.options = [(self.app.t("ze.board.everyone"), BOARD)] + [(m, m) for m in members]
        self.who.value = keep if keep in members else BOARD

    def _on_select(self, change) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            if change["owner"] is self.coop:
                self._fill_rounds()
            elif change["owner"] is self.round:
                self._fill_who()
        finally:
            self._updating = False
        self.render()

    def _coop_rows(self) -> pd.DataFrame:
        if self.scores.empty:
            return self.scores
        return self.scores[self.scores["cooperative_id"] == self.coop.value]

    def _round_rows(self) -> pd.DataFrame:
        rows = self._coop_rows()
        return rows[rows["round"] == self.round.value] if len(rows) else rows

    # -- render -----------------------------------------------------------------------------------------
    def render(self) -> None:
        a = self.app
        if not self.built:
            return
        self.downloads.value = ""
        rows = self._round_rows()
        self._show_round_state(rows)
        if not self.coop.value or rows.empty:
            self.message.value = f"<p class='no-data'>{html.escape(a.t('ze.board.no_data'))}</p>"
            self.content.layout.display = "none"
            return
        self.message.value = ""
        self.content.layout.display = None
        from .. import charts

        view = self.analysis()
        self.radar.value = charts.png(view["radar_fig"])
        self.spread.value = self._spread_html(view["board_round"])
        self.agenda.value = self._agenda_html(view["agenda"])
        self._fill_board_form(view["board_round"])
        self.trend.value = charts.png(view["trend_fig"])
        self.verbeter.value = self._verbeter_html(view)
        self.notes.value = self._notes_html(self.round_notes())

    def is_complete(self, round_id: str | None = None) -> bool:
        return (self.coop.value, round_id or self.round.value) in self.complete_rounds

    def _show_round_state(self, rows: pd.DataFrame) -> None:
        a = self.app
        if not self.coop.value or rows.empty:
            self.round_state.value = ""
            self.complete_button.layout.display = "none"
            return
        n = rows["respondent"].nunique()
        state = a.t("ze.round.complete") if self.is_complete() else a.t("ze.round.open")
        text = a.t("ze.round.members", n=n, round=self.round.value, state=state)
        self.round_state.value = f"<p class='round-members'>{html.escape(text)}</p>"
        self.complete_button.layout.display = None
        self.complete_button.description = a.t(
            "ze.round.reopen" if self.is_complete() else "ze.round.mark_complete"
        )

    def toggle_complete(self) -> bool | None:
        """The board says the round is complete (everyone who would fill in did), or opens it again."""
        a = self.app
        if not self.coop.value or self._round_rows().empty:
            return None
        mark = not self.is_complete()
        a.store.append(
            ROUNDS, [{"cooperative_id": self.coop.value, "round": self.round.value, "complete": mark}]
        )
        self.complete_rounds = scoring.complete_rounds(a.store.current(ROUNDS).frame)
        self.render()
        return True

    def analysis(self) -> dict:
        """Everything the board view shows, computed from the store's current rows."""
        from .. import charts  # matplotlib: loaded when the board view is first used, not on page load

        a, m = self.app, self.app.model
        coop_rows = self._coop_rows()
        rnd = self.round.value
        dims = scoring.dimension_scores(coop_rows, m)
        board = scoring.board_aggregate(dims, m)
        prev = scoring.previous_round(list(coop_rows["round"].unique()), rnd)
        who = self.who.value or BOARD

        def values(round_id: str | None) -> list[float]:
            if round_id is None:
                return [np.nan] * len(m.dimension_ids)
            if who == BOARD:
                part = board[board["round"] == round_id].set_index("dimension_id")["mean"]
            else:
                sel = dims[(dims["round"] == round_id) & (dims["respondent"] == who)]
                part = sel.set_index("dimension_id")["score"]
            return [float(part.get(d, np.nan)) for d in m.dimension_ids]

        label = a.t("ze.board.everyone") if who == BOARD else who
        series = [charts.Series(f"{label} {rnd}", values(rnd), charts.COLOURS[0], "-", True)]
        if prev is not None:
            series.append(charts.Series(f"{label} {prev}", values(prev), charts.COLOURS[1], ":"))
        radar_fig = charts.radar(m, series, a.lang)
        history = board[["round", "dimension_id", "mean"]]
        mine_board = self.board_scores
        if len(mine_board):
            mine_board = mine_board[mine_board["cooperative_id"] == self.coop.value]
        members = scoring.round_members(coop_rows).set_index("round")["n_members"]
        opened = ", " + a.t("ze.round.open")
        round_labels = {
            r: f"{r} ({a.t('ze.round.n', n=int(n))}{'' if self.is_complete(r) else opened})"
            for r, n in members.items()
        }
        trend_fig = charts.trend(m, history, a.lang, board_scores=mine_board, round_labels=round_labels)
        spread = scoring.statement_spread(self._round_rows())
        verbeter = scoring.verbeterpunten(spread)
        moved = None
        if prev is not None:
            prev_spread = scoring.statement_spread(coop_rows[coop_rows["round"] == prev])
            prev_dims = list(dict.fromkeys(scoring.verbeterpunten(prev_spread)["dimension_id"]))
            means = board.set_index(["round", "dimension_id"])["mean"]
            moved = [(d, means.get((prev, d), np.nan), means.get((rnd, d), np.nan)) for d in prev_dims]
        return {
            "radar_fig": radar_fig,
            "trend_fig": trend_fig,
            "board_round": board[board["round"] == rnd],
            "agenda": scoring.agenda(spread),
            "verbeterpunten": verbeter,
            "previous": prev,
            "moved": moved,
        }

    def _spread_html(self, board_round: pd.DataFrame) -> str:
        a, m = self.app, self.app.model
        head = "".join(
            f"<th>{html.escape(a.t(k))}</th>"
            for k in ("ze.col.dimension", "ze.col.mean", "ze.col.level", "ze.col.spread", "ze.col.split")
        )
        body = []
        for row in self.all_dimensions(board_round).itertuples():
            name = m.dimension(row.dimension_id).name(a.lang)
            split = f"<strong class='split'>{html.escape(a.t('score.split'))}</strong>" if row.split else ""
            level = m.level_name(int(row.level), a.lang) if not pd.isna(row.level) else "–"
            if pd.isna(row.mean):
                split = f"<em class='no-score'>{html.escape(a.t('ze.board.only_dont_know'))}</em>"
            cells = [
                f"{row.dimension_id} {html.escape(name)}",
                a.fmt(row.mean),
                html.escape(level),
                a.fmt(row.spread),
                split,
            ]
            body.append("<tr class='dim-row'>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        style = (
            "<style>table.spread th, table.spread td {padding:.2rem .6rem; text-align:left}"
            " table.spread .split {color:#b3261e}</style>"
        )
        return f"{style}<table class='spread'><tr>{head}</tr>{''.join(body)}</table>"

    def all_dimensions(self, board_round: pd.DataFrame) -> pd.DataFrame:
        """Every dimension of the model, in order: one that only got "weet niet" is a row without
        numbers, not a missing row (a dimension that silently disappears reads as an oversight)."""
        ids = self.app.model.dimension_ids
        full = board_round.set_index("dimension_id").reindex(ids).reset_index()
        full["cooperative_id"] = self.coop.value
        full["round"] = self.round.value
        full["split"] = full["split"].astype("boolean").fillna(False).astype(bool)
        full["n_respondents"] = full["n_respondents"].fillna(0).astype(int)
        return full

    def round_notes(self) -> pd.DataFrame:
        """The members' notes for the chosen cooperative and round (current versions), model order."""
        notes = self.note_rows
        mine = notes[(notes["cooperative_id"] == self.coop.value) & (notes["round"] == self.round.value)]
        order = {d: i for i, d in enumerate(self.app.model.dimension_ids)}
        return (
            mine.assign(_o=mine["dimension_id"].map(order))
            .sort_values(["_o", "respondent"])
            .drop(columns="_o")
        )

    def _notes_html(self, notes: pd.DataFrame) -> str:
        a = self.app
        if notes.empty:
            return f"<p class='no-notes'>{html.escape(a.t('report.none'))}</p>"
        items = []
        for r in notes.itertuples():
            dimension = f"{r.dimension_id} {a.model.dimension(r.dimension_id).name(a.lang)}"
            items.append(
                f"<li><strong>{html.escape(dimension)}</strong> · <em>{html.escape(r.respondent)}</em>: "
                f"{html.escape(r.note)}</li>"
            )
        return f"<ul class='notes'>{''.join(items)}</ul>"

    def dimension_lines(self, board_round: pd.DataFrame) -> list[str]:
        """The 'where do we differ' table as lines for the PDF: every dimension, also one without score."""
        a, m = self.app, self.app.model
        lines = []
        for row in self.all_dimensions(board_round).itertuples():
            name = f"{row.dimension_id} {m.dimension(row.dimension_id).name(a.lang)}"
            if pd.isna(row.mean):
                lines.append(f"{name}: – ({a.t('ze.board.only_dont_know')})")
                continue
            level = m.level_name(int(row.level), a.lang)
            text = a.t(
                "report.dimension_line",
                name=name,
                mean=a.fmt(row.mean),
                level=level,
                spread=a.fmt(row.spread),
                n=int(row.n_respondents),
            )
            if row.split:
                text += f" · {a.t('score.split')}"
            lines.append(text)
        return lines

    def board_score_lines(self) -> list[str]:
        """What the board agreed for this round (as saved), with its rationale."""
        a, m = self.app, self.app.model
        saved = self.board_scores
        if not len(saved):
            return []
        saved = saved[(saved["cooperative_id"] == self.coop.value) & (saved["round"] == self.round.value)]
        order = {d: i for i, d in enumerate(m.dimension_ids)}
        lines = []
        for row in saved.sort_values("dimension_id", key=lambda c: c.map(order)).itertuples():
            line = f"{row.dimension_id} {m.dimension(row.dimension_id).name(a.lang)}: {a.fmt(row.score)}"
            lines.append(line + (f" — {row.rationale}" if row.rationale else ""))
        return lines

    def note_lines(self) -> list[str]:
        a = self.app
        return [
            f"{r.dimension_id} {a.model.dimension(r.dimension_id).name(a.lang)} · {r.respondent}: {r.note}"
            for r in self.round_notes().itertuples()
        ]

    def agenda_lines(self, agenda: pd.DataFrame) -> list[str]:
        a, m = self.app, self.app.model
        lines = []
        for row in agenda.itertuples():
            why = []
            if row.n_discuss:
                why.append(a.t("ze.agenda.flagged", n=row.n_discuss))
            if not pd.isna(row.spread) and row.spread >= scoring.SPLIT_SPREAD:
                why.append(a.t("ze.agenda.apart", low=int(row.min), high=int(row.max)))
            text = m.statement_text(row.statement_id, a.lang)
            lines.append(f"{row.statement_id} {text} ({'; '.join(why)})")
        return lines

    def _agenda_html(self, agenda: pd.DataFrame) -> str:
        a = self.app
        lines = self.agenda_lines(agenda)
        body = list_html(lines, "agenda") if lines else f"<p>{html.escape(a.t('report.none'))}</p>"
        return f"<h4>{html.escape(a.t('report.agenda'))}</h4>{body}"

    def verbeter_lines(self, verbeter: pd.DataFrame) -> list[str]:
        a, m = self.app, self.app.model
        lines = []
        for row in verbeter.itertuples():
            module = module_for_dimension(a.modules, row.dimension_id)
            link = a.t("ze.verbeter.module", module=module.name(a.lang)) if module else ""
            lines.append(
                f"{row.statement_id} {m.statement_text(row.statement_id, a.lang)} "
                f"({a.t('ze.col.mean').lower()} {a.fmt(row.mean)}){link}"
            )
        return lines

    def _verbeter_html(self, view: dict) -> str:
        a, m = self.app, self.app.model
        out = list_html(self.verbeter_lines(view["verbeterpunten"]), "verbeterpunten")
        if view["moved"]:
            items = []
            for dim, before, after in view["moved"]:
                delta = after - before
                arrow = "↑" if delta > 0.05 else ("↓" if delta < -0.05 else "→")
                items.append(
                    f"{dim} {m.dimension(dim).name(a.lang)}: {a.fmt(before)} → {a.fmt(after)} {arrow}"
                )
            out += f"<h4>{html.escape(a.t('ze.verbeter.moved', round=view['previous']))}</h4>" + list_html(
                items, "moved"
            )
        return out

    def _fill_board_form(self, board_round: pd.DataFrame) -> None:
        saved = self.board_scores
        if len(saved):
            saved = saved[(saved["cooperative_id"] == self.coop.value) & (saved["round"] == self.round.value)]
            saved = saved.set_index("dimension_id")
        for d in self.app.model.dimension_ids:
            if len(saved) and d in saved.index:
                self.board_score[d].value = float(saved.loc[d, "score"])
                self.rationale[d].value = saved.loc[d, "rationale"]
            else:
                self.board_score[d].value = None
                self.rationale[d].value = ""

    def save_board_scores(self) -> bool | None:
        a = self.app
        if self._round_rows().empty:
            self.board_message.value = error_html(a.t("ze.board.no_data"))
            return
        rows = []
        for d in a.model.dimension_ids:
            value = self.board_score[d].value
            if value is None:
                continue
            if float(value) not in set(map(float, BOARD_SCORE_CHOICES)):
                self.board_message.value = error_html(a.t("ze.board.bad_score", dim=d))
                return
            rationale = str(self.rationale[d].value or "").strip()
            if len(rationale) > RATIONALE_MAX:
                name = f"{d} {a.model.dimension(d).name(a.lang)}"
                self.board_message.value = error_html(
                    a.t("ze.board.rationale_too_long", dim=name, n=len(rationale), max=RATIONALE_MAX)
                )
                return
            rows.append(
                {
                    "cooperative_id": self.coop.value,
                    "round": self.round.value,
                    "dimension_id": d,
                    "score": float(value),
                    "rationale": self.rationale[d].value.strip(),
                    "model_version": a.model.model_version,
                }
            )
        if not rows:
            self.board_message.value = error_html(a.t("ze.board.nothing"))
            return
        try:
            a.store.append(BOARD_SCORES, rows)
        except (ProblemsError, StoreBusy) as exc:
            self.board_message.value = error_html(exc.format(a.lang))
            return
        self.board_scores = a.store.current(BOARD_SCORES).frame
        self.board_message.value = ok_html(a.t("ze.board.saved", n=len(rows)))
        self.render()  # the trend shows the new board scores
        return True

    # -- downloads --------------------------------------------------------------------------------------
    def make_downloads(self) -> dict[str, bytes]:
        from .. import charts, export, report

        a, m = self.app, self.app.model
        view = self.analysis()
        radar_png = charts.png(view["radar_fig"], dpi=150)
        trend_png = charts.png(view["trend_fig"], dpi=130)
        name = next((label for label, value in self.coop.options if value == self.coop.value), "")
        pdf = report.board_report_pdf(
            title=a.t("report.title"),
            subtitle=f"{name} · {a.t('ze.round')} {self.round.value}",
            radar_png=radar_png,
            agenda=self.agenda_lines(view["agenda"]),
            verbeterpunten=self.verbeter_lines(view["verbeterpunten"]),
            model_version=m.model_version,
            lang=a.lang,
            on=a.today,
            dimensions=self.dimension_lines(view["board_round"]),
            board_scores=self.board_score_lines(),
            notes=self.note_lines(),
            trend_png=trend_png,
        )
        round_rows = self._round_rows().drop(columns=["save_rows", "record_id"])
        statement = [m.statement_text(sid, a.lang) for sid in round_rows["statement_id"]]
        round_rows.insert(4, "statement", statement)
        notes = self.round_notes().drop(columns=["save_rows", "record_id"])
        sheets = {
            "scores": round_rows,
            "dimensions": self.all_dimensions(view["board_round"]),
            "notes": notes,
        }
        if len(self.board_scores):
            bs = self.board_scores
            sheets["board_scores"] = bs[
                (bs["cooperative_id"] == self.coop.value) & (bs["round"] == self.round.value)
            ].drop(columns=["save_rows", "record_id"])
        xlsx = export.xlsx(sheets)
        stem = f"{self.coop.value}-{self.round.value}"
        files = {
            f"{stem}-rapport.pdf": pdf,
            f"{stem}-spinnenweb.png": radar_png,
            f"{stem}-trend.png": trend_png,
            f"{stem}-scores.xlsx": xlsx,
        }
        labels = {name: a.t("ze.download." + name[len(stem) + 1 :].rsplit(".", 1)[0]) for name in files}
        self.downloads.value = download_links(files, labels)
        return files
