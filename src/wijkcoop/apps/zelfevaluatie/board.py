"""Tab 2 (Bestuur samen): the board looks at one round together.

State: which cooperative, round and member (`BoardState`). The figures come from `boardview.board_view`,
a function of the stored frames; `present.Present` turns them into text, HTML, charts and files.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
from traitlets import HasTraits, Unicode

from ...boardview import EVERYONE, BoardData, board_view
from ...i18n import N_
from ...selfeval import BOARD_SCORE_CHOICES, RATIONALE_MAX
from ..common import ChartView, Choice, LengthCounter, Once, Page, attempt, download_links, error_html
from .present import Present
from .views import WIDE, ok_html

HEADINGS = {
    "radar": N_("ze.board.h.radar"),
    "spread": N_("ze.board.h.spread"),
    "notes": N_("ze.board.h.notes"),
    "board": N_("ze.board.h.board"),
    "trend": N_("ze.board.h.trend"),
    "verbeter": N_("ze.board.h.verbeter"),
    "report": N_("ze.board.h.report"),
}


class BoardState(HasTraits):
    cooperative = Unicode(None, allow_none=True)
    round = Unicode(None, allow_none=True)
    who = Unicode(EVERYONE)


class BoardView(Page):
    def __init__(self, app):
        self.app = app
        self.state = BoardState()
        self.scores = pd.DataFrame()
        self.board_scores = pd.DataFrame()
        self.note_rows = pd.DataFrame()
        self.complete_rounds: set[tuple[str, str]] = set()
        self.plan_rows = pd.DataFrame()
        self.review_rows = pd.DataFrame()
        self.in_meeting = False
        self.stale = False  # the whole view was not drawn again while the meeting mode showed
        self.data: BoardData | None = None
        self.wanted: tuple[str, str] | None = None  # (cooperative, round) to show on the next refresh
        self.coop = widgets.Dropdown(layout=WIDE)
        self.round = widgets.Dropdown(layout=widgets.Layout(width="16rem"))
        self.who = widgets.Dropdown(layout=widgets.Layout(width="20rem"))
        self.choices = {
            name: Choice(dropdown, self.state, name, app.guard(self._picked))
            for name, dropdown in (("cooperative", self.coop), ("round", self.round), ("who", self.who))
        }
        self.refresh_button = widgets.Button(icon="refresh")
        self.message = widgets.HTML()
        self.round_state = widgets.HTML()  # how many members answered, whether the round is complete
        self.round_state.add_class("round-state")
        # Hidden until the round's state is known: a button without its words is never on screen.
        self.complete_button = widgets.Button(layout=widgets.Layout(width="20rem", display="none"))
        self.complete_button.add_class("round-complete")
        Once(self.complete_button, self.toggle_complete, app.guard, cooldown=2.0)
        self.content = widgets.VBox()
        self.meeting_button = widgets.Button(icon="television", layout=widgets.Layout(width="16rem"))
        self.meeting_button.add_class("meeting-start")
        self.meeting_button.on_click(app.guard(lambda _: self.meeting(True)))
        self.meeting_box = widgets.VBox()
        self.refresh_button.on_click(app.guard(lambda _: self.refresh()))
        for w, css in ((self.coop, "board-coop"), (self.round, "board-round"), (self.who, "board-who")):
            w.add_class(css)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.coop, self.round]),
                widgets.HBox([self.who, self.refresh_button, self.meeting_button]),
                widgets.HBox([self.round_state, self.complete_button]),
                self.message,
                self.meeting_box,
                self.content,
            ]
        )

    @property
    def present(self) -> Present:
        return Present(self.app.model, self.app.modules, self.app.lang)

    def build(self) -> None:
        app = self.app
        dims = app.model.dimension_ids
        self.headings = {key: widgets.HTML() for key in HEADINGS}
        self.radar = ChartView("spinnenweb", max_width="44rem")
        self.spread, self.agenda, self.notes, self.verbeter = (widgets.HTML() for _ in range(4))
        self.board_score = {d: widgets.Dropdown(layout=widgets.Layout(width="7rem")) for d in dims}
        self.rationale = {
            d: widgets.Text(layout=widgets.Layout(width="28rem", max_width="100%")) for d in dims
        }
        self.rationale_count = {
            d: LengthCounter(field, RATIONALE_MAX, lambda: app.lang) for d, field in self.rationale.items()
        }
        self.board_labels = {d: widgets.HTML(layout=widgets.Layout(width="18rem")) for d in dims}
        for d in dims:
            self.board_score[d].add_class(f"board-score-{d}")
            self.rationale[d].add_class(f"rationale-{d}")
            self.board_score[d].add_class("label-sr-only")
            self.rationale[d].add_class("label-sr-only")
        self.board_save = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.board_save.add_class("board-save")
        self.board_message = widgets.HTML()
        self.trend = ChartView("trend", max_width="70rem")
        self.report_button = widgets.Button(icon="file-pdf-o", layout=widgets.Layout(width="16rem"))
        self.report_button.add_class("report-button")
        self.downloads = widgets.HTML()
        self.board_once = Once(self.board_save, self.save_board_scores, app.guard).watch(
            self.coop, self.round, *self.board_score.values(), *self.rationale.values()
        )
        self.report_button.on_click(app.guard(lambda _: self.make_downloads()))
        from .plan import MeetingPanel, PlanPanel, ReviewPanel

        self.plan = PlanPanel(self)
        self.review = ReviewPanel(self)
        self.meeting_panel = MeetingPanel(self)
        rows = [
            widgets.HBox(
                [
                    self.board_labels[d],
                    self.board_score[d],
                    widgets.VBox([self.rationale[d], self.rationale_count[d].widget]),
                ]
            )
            for d in dims
        ]
        h = self.headings
        self.content.children = (
            self.review.widget,
            *(h["radar"], self.radar, h["spread"], self.spread, self.agenda, h["notes"], self.notes),
            *(h["board"], *rows, self.board_save, self.board_message),
            *(h["trend"], self.trend, h["verbeter"], self.verbeter, self.plan.widget),
            *(h["report"], self.report_button, self.downloads),
        )

    def relabel(self) -> None:
        a = self.app
        self.coop.description = a.t("ze.cooperative")
        self.round.description = a.t("ze.round")
        self.who.description = a.t("ze.board.who")
        self.refresh_button.description = a.t("ze.board.refresh")
        if self.built:
            for key, widget in self.headings.items():
                widget.value = f"<h3>{html.escape(a.t(HEADINGS[key]))}</h3>"
            choices = [("—", None)] + [(a.fmt(v), v) for v in BOARD_SCORE_CHOICES]
            for d in a.model.dimensions:
                current = self.board_score[d.id].value
                self.board_score[d.id].options = choices
                self.board_score[d.id].value = current
                self.board_labels[d.id].value = f"{d.id} {html.escape(d.name(a.lang))}"
                # Named for a screen reader; the visible name is the label beside them (label-sr-only).
                self.board_score[d.id].description = a.t("ze.board.score_of", dim=f"{d.id} {d.name(a.lang)}")
                self.rationale[d.id].description = a.t(
                    "ze.board.rationale_of", dim=f"{d.id} {d.name(a.lang)}"
                )
                self.rationale[d.id].placeholder = a.t("ze.board.rationale")
            self.board_save.description = a.t("ze.board.save")
            self.report_button.description = a.t("ze.board.report")
            self.plan.relabel()
        self.meeting_button.description = a.t("meeting.start")
        self._show_choices()
        self.render()

    # -- state ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store again (inside a callback, so a preheated page never shows stale scores)."""
        self.scores, self.board_scores, self.note_rows = self.app.selfeval.board_frames()
        self.complete_rounds = self.app.selfeval.complete_rounds()
        self.plan_rows, self.review_rows = self.app.verbeterplan.frames()
        if self.wanted:
            self.state.cooperative, self.state.round = self.wanted
            self.wanted = None
        self._show_choices()
        self.render()

    def _picked(self) -> None:
        self._show_choices()
        self.render()

    def _show_choices(self) -> None:
        """Options that fit the state, and a state that fits the options (a cooperative without that
        round shows its newest)."""
        s = self.state
        coops = self.app.cooperatives()
        with_scores = coops[coops["cooperative_id"].isin(set(self.scores.get("cooperative_id", ())))]
        ids = list(with_scores["cooperative_id"])
        s.cooperative = s.cooperative if s.cooperative in ids else (ids[0] if ids else None)
        self.choices["cooperative"].show(list(zip(with_scores["name"], ids, strict=True)), s.cooperative)
        mine = (
            self.scores[self.scores["cooperative_id"] == s.cooperative] if len(self.scores) else self.scores
        )
        rounds = sorted(mine["round"].unique(), reverse=True) if len(mine) else []
        s.round = s.round if s.round in rounds else (rounds[0] if rounds else None)
        self.choices["round"].show(rounds, s.round)
        members = sorted(mine[mine["round"] == s.round]["respondent"].unique()) if len(mine) else []
        s.who = s.who if s.who in members else EVERYONE
        everyone = (self.app.t("ze.board.everyone"), EVERYONE)
        self.choices["who"].show([everyone] + [(m, m) for m in members], s.who)

    def _round_rows(self) -> pd.DataFrame:
        s, rows = self.state, self.scores
        if rows.empty:
            return rows
        return rows[(rows["cooperative_id"] == s.cooperative) & (rows["round"] == s.round)]

    def analysis(self) -> BoardData:
        s = self.state
        return board_view(
            self.scores,
            self.board_scores,
            self.note_rows,
            self.complete_rounds,
            self.app.model,
            s.cooperative or "",
            s.round or "",
            s.who,
            plan=self.plan_rows,
            reviews=self.review_rows,
        )

    def reload_plan(self) -> None:
        """After the plan or its review was saved: read both again and show them (and the trend's marks)."""
        self.plan_rows, self.review_rows = self.app.verbeterplan.frames()
        self.render()

    def meeting(self, on: bool) -> None:
        """The meeting mode for the projector, or back to the whole view."""
        was = self.in_meeting
        self.in_meeting = bool(on) and self.data is not None
        self.meeting_box.children = [self.meeting_panel.widget] if self.in_meeting else []
        self.content.layout.display = "none" if self.in_meeting or self.data is None else None
        self.meeting_button.layout.display = "none" if self.in_meeting else None
        if self.in_meeting:
            self.meeting_panel.index = 0
            self.meeting_panel.render()
        elif was and self.stale:
            self.render()  # what was agreed in the meeting shows in the whole view

    def is_complete(self, round_id: str | None = None) -> bool:
        return (self.state.cooperative, round_id or self.state.round) in self.complete_rounds

    # -- render -----------------------------------------------------------------------------------------
    def render(self) -> None:
        a = self.app
        if not self.built:
            return
        self.downloads.value = ""
        empty = not self.state.cooperative or self._round_rows().empty
        self._show_round_state(empty)
        if empty:
            self.message.value = f"<p class='no-data'>{html.escape(a.t('ze.board.no_data'))}</p>"
            self.content.layout.display = "none"
            self.data = None
            self.meeting(False)
            return
        from ... import charts

        self.message.value = ""
        self.content.layout.display = "none" if self.in_meeting else None
        data = self.data = self.analysis()
        self._show_saved(data)
        if self.in_meeting:  # the projector shows one agenda item; the whole view is drawn on leaving
            self.stale = True
            self.meeting_panel.render()
            return
        self.stale = False
        p = self.present
        radar, trend = p.figures(data)
        (radar_alt, radar_table), (trend_alt, trend_table) = p.chart_texts(data)
        numbers = a.t("chart.numbers")
        self.radar.show(charts.png(radar), radar_alt, radar_table, numbers)
        self.trend.show(charts.png(trend), trend_alt, trend_table, numbers)
        self.spread.value = p.spread_html(data)
        self.agenda.value = p.agenda_html(data)
        self.notes.value = p.notes_html(data)
        self.verbeter.value = p.verbeter_html(data)
        self.plan.render(data)
        self.review.render(data)

    def _show_saved(self, data: BoardData) -> None:
        """The agreed scores and rationales of this round in their fields."""
        for d in self.app.model.dimension_ids:
            saved = d in data.saved.index if len(data.saved) else False
            self.board_score[d].value = float(data.saved.loc[d, "score"]) if saved else None
            self.rationale[d].value = data.saved.loc[d, "rationale"] if saved else ""

    def _show_round_state(self, empty: bool) -> None:
        a = self.app
        if empty:
            self.round_state.value = ""
            self.complete_button.layout.display = "none"
            return
        n = self._round_rows()["respondent"].nunique()
        state = a.t("ze.round.complete") if self.is_complete() else a.t("ze.round.open")
        text = a.t("ze.round.members", n=n, round=self.state.round, state=state)
        self.round_state.value = f"<p class='round-members'>{html.escape(text)}</p>"
        self.complete_button.layout.display = None
        self.complete_button.description = a.t(
            "ze.round.reopen" if self.is_complete() else "ze.round.mark_complete"
        )

    # -- actions ------------------------------------------------------------------------------------------
    def toggle_complete(self) -> bool | None:
        s = self.state
        if not s.cooperative or self._round_rows().empty:
            return None
        self.app.selfeval.set_round_complete(s.cooperative, s.round, not self.is_complete())
        self.complete_rounds = self.app.selfeval.complete_rounds()
        self.render()
        return True

    def save_board_scores(self) -> bool | None:
        a, s = self.app, self.state
        chosen = {d: (self.board_score[d].value, self.rationale[d].value) for d in a.model.dimension_ids}

        def save() -> int:
            return a.selfeval.save_board_scores(s.cooperative or "", s.round or "", chosen)

        n = attempt(save, self.board_message, a.lang, located=True)
        if not isinstance(n, int):
            return None
        self.board_scores = a.selfeval.board_scores()
        self.render()  # the trend shows the new board scores
        self.board_message.value = ok_html(a.t("ze.board.saved", n=n))
        return True

    def make_downloads(self) -> dict[str, bytes]:
        if self.data is None:
            self.downloads.value = error_html(self.app.t("ze.board.no_data"))
            return {}
        name = next((label for label, value in self.coop.options if value == self.state.cooperative), "")
        p = self.present
        files = p.files(self.data, name, self.app.today)
        from ...privacy import audit  # the workbook holds each member's answers: who took it is logged

        audit(
            self.app.store,
            self.app.access.user,
            "export",
            self.data.cooperative_id,
            f"board {self.data.round}",
        )
        self.downloads.value = download_links(files, p.file_labels(files))
        return files
