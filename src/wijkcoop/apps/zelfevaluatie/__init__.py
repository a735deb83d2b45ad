"""Zelfevaluatie app: board members fill in the groeimodel; the board then looks at the result together.

Three tabs, each a `Page`: *Invullen* (`fill.FillIn`: pick or register the cooperative, the round and a
pseudonym, walk the ten dimensions, submit), *Bestuur samen* (`board.BoardView`: spinnenweb, spread
and agenda, agreed board scores, trend, verbeterpunten, downloads), *Gegevens* (import and export).
The rules live in `wijkcoop.selfeval`; the board's figures in `wijkcoop.boardview`.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets
import pandas as pd

from ...access import NoAccess
from ...boardview import EVERYONE as BOARD
from ...context import Context
from ...model import Groeimodel
from ...rules import round_for_date as current_round
from ...selfeval import SelfEvaluation, slug
from ...verbeterplan import Verbeterplan
from ..common import AppBase, language_switch
from ..gegevens import DataTab
from ..toegang import AccessTab
from .board import BoardView
from .fill import FillIn
from .present import fmt

__all__ = ["BOARD", "ZelfevaluatieApp", "current_round", "slug"]


class ZelfevaluatieApp(AppBase):
    """The whole page. Widgets are attributes, so tests drive it like a user: set values, click."""

    def __init__(
        self,
        data_dir: str | None = None,
        model: Groeimodel | None = None,
        lang: str | None = None,
        today: date | None = None,
    ):
        context = Context(data_dir, model=model, lang=lang, today=today)
        if not context.access.fills_in:
            raise NoAccess(context.access.user)
        self.context = context
        self.store, self.model, self.today = context.store, context.model, context.today
        self.drafts = context.drafts
        self.modules = context.modules
        self.selfeval = SelfEvaluation(self.store, self.model, self.drafts, self.today, context.access)
        self.verbeterplan = Verbeterplan(self.store, self.model, [m.id for m in self.modules], context.access)
        self.status = widgets.HTML()
        self.language = language_switch(context.lang)
        self.check_storage(context)
        self.title = widgets.HTML()
        self.fill = FillIn(self)
        self.board = BoardView(self)
        self.data = DataTab(self)
        self.access_tab = AccessTab(self) if self.access.admin and self.access.source != "laptop" else None
        self.pages = (self.fill, self.board, self.data) + ((self.access_tab,) if self.access_tab else ())
        self.tabs = widgets.Tab(children=[page.widget for page in self.pages])
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
        return fmt(value, self.lang)

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:.3rem 0'>{html.escape(self.t('ze.title'))}</h2>"
        titles = (self.t("ze.tab.fill"), self.t("ze.tab.board"), self.t("ze.tab.data"), self.t("acc.tab"))
        self.tabs.titles = titles[: len(self.pages)]
        for page in self.pages:
            page.relabel()

    @property
    def access(self):
        """The service's: a board member who registers a cooperative is its board from then on."""
        return self.selfeval.access

    def cooperatives(self) -> pd.DataFrame:
        return self.selfeval.cooperatives()

    def _on_tab(self, change) -> None:
        page = self.pages[change["new"]] if change["new"] is not None else None
        if page is not None and page is not self.fill:
            page.show()
        if page is self.board or page is self.data:
            self.show_left_out(self.context.store)

    def show_board(self, cooperative_id: str, round_id: str) -> None:
        """Open the board view on this cooperative and round, in one redraw."""
        self.board.wanted = (cooperative_id, round_id)
        if self.tabs.selected_index == 1:
            self.board.show()
        else:
            self.tabs.selected_index = 1  # its observer shows it, honouring `wanted`
