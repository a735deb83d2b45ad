"""Summerschool, trainer's page: plan a session, keep attendance, enter ratings, show the room live, report.

Tabs: *Sessie* (plan; programme and werkvormen to run), *Aanwezig* (participants, present/absent),
*Invoeren* (ratings and evaluation from paper), *Live* (the room's answers for the projector, refreshed
without reloading), *Verslag* (summary and PDF), *Overzicht* (across sessions, including how the linked
groeimodel dimensions of attending cooperatives moved afterwards).

Participants fill in on their own page (`deelnemer.ipynb`) with the session code. The live view polls
the CSV files' size and time every few seconds, driven by the browser (an ipywidgets Play widget), so it
stops by itself when the page is closed and never runs in the background of a preheated kernel.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets
from traitlets import HasTraits, Unicode

from ...access import NoAccess
from ...context import Context
from ...i18n import number
from ...training import Training
from ..common import AppBase, Choice, language_switch
from ..deelnemer import _day
from .entry import EntryTab
from .live import LiveTab, ReportTab
from .overview import OverviewTab
from .plan import AttendanceTab, PlanTab
from .views import TAB_TEXT, TABS, _css

__all__ = ["TABS", "SummerschoolApp"]


class SessionState(HasTraits):
    code = Unicode("")  # the session the trainer is looking at ("" for none)


class SummerschoolApp(AppBase):
    """The trainer's page. Widgets are attributes, so tests drive it like a user: set values, click."""

    def __init__(
        self,
        data_dir: str | None = None,
        lang: str | None = None,
        today: date | None = None,
    ):
        self.context = Context(data_dir, lang=lang, today=today)
        if not self.context.access.trainer:
            raise NoAccess(self.context.access.user)
        self.store, self.today = self.context.store, self.context.today
        self.training = Training(self.store, self.context.access)
        self.status = widgets.HTML()
        self.language = language_switch(self.context.lang)
        self.check_storage(self.context)
        self.title = widgets.HTML()
        self.code: str | None = None
        self.pick_label = widgets.HTML()
        self.pick = _css(
            widgets.Dropdown(layout=widgets.Layout(width="34rem", max_width="100%")), "session-pick"
        )
        self.pick.add_class("label-sr-only")
        self.plan = PlanTab(self)
        self.attendance = AttendanceTab(self)
        self.entry = EntryTab(self)
        self.live = LiveTab(self)
        self.report = ReportTab(self)
        self.overview = OverviewTab(self)
        self.tabs = widgets.Tab(
            children=[
                self.plan.widget,
                self.attendance.widget,
                self.entry.widget,
                self.live.widget,
                self.report.widget,
                self.overview.widget,
            ]
        )
        self.widget = widgets.VBox(
            [self.title, self.language, self.status, widgets.HBox([self.pick_label, self.pick]), self.tabs],
            layout=widgets.Layout(max_width="76rem", padding="0 .75rem"),
        )
        self.widget.add_class("wijkcoop-summerschool")
        self.state = SessionState()
        self.session_choice = Choice(self.pick, self.state, "code", self.guard(self._picked))
        self.tabs.observe(self.guard(lambda _: self.show_tab()), names="selected_index")
        self.language.observe(self.guard(lambda _: self.relabel()), names="value")
        self.relabel()
        self.reload_sessions()
        self.show_tab()

    def fmt(self, value: float, sign: bool = False) -> str:
        return number(value, self.lang, sign=sign)

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:.3rem 0'>{html.escape(self.t('ss.title'))}</h2>"
        self.pick_label.value = (
            f"<span style='line-height:2rem;margin-right:.6rem'>{self.t('ss.session')}</span>"
        )
        self.pick.description = self.t("ss.session")  # for a screen reader (label-sr-only)
        self.tabs.titles = tuple(self.t(TAB_TEXT[name]) for name in TABS)
        for part in (self.plan, self.attendance, self.entry, self.live, self.report, self.overview):
            part.relabel()
        self.reload_sessions()

    def module_name(self, module_id: str) -> str:
        module = self.training.module(module_id)
        return module.name(self.lang) if module else module_id

    def reload_sessions(self, select: str | None = None) -> None:
        sessions = self.training.sessions()
        options = [(self.t("ss.pick_none"), "")]
        for r in sessions.itertuples():
            closed = "" if r.open else f" · {self.t('ss.closed_short')}"
            label = " · ".join([_day(r.date, self.lang), self.module_name(r.module), r.place, r.session_id])
            options.append((label + closed, r.session_id))
        want = select if select is not None else (self.code or "")
        self.session_choice.show(options, want if want in {v for _, v in options} else "")
        if self.pick.value != (self.code or ""):
            self.state.code = self.pick.value
            self._picked()

    def _picked(self) -> None:
        """A session was picked (or the list changed under the pick): show it on the open tab."""
        code = self.state.code or None
        if code is not None and self.training.session(code) is None:  # the browser can send anything
            self.state.code = ""
            self.session_choice.show(list(self.pick.options), "")
            code = None
        self.code = code
        self.show_tab()

    def show_tab(self) -> None:
        index = self.tabs.selected_index or 0
        [self.plan, self.attendance, self.entry, self.live, self.report, self.overview][index].refresh()
        self.live.active(TABS[index] == "live")
        self.show_left_out(self.store)
