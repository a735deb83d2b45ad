"""What the trainer's tabs share: layout, labels of cooperatives, tables, the tab protocol."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ...i18n import N_
from ...store import Store
from ...tables import COOPERATIVES
from ..common import Page

WIDE = widgets.Layout(width="26rem", max_width="100%")
LIVE_INTERVAL_MS = 3000
COOLDOWN = 2.0  # seconds: a repeated click within this time on a button without inputs is ignored
TAB_TEXT = {
    "plan": N_("ss.tab.plan"),
    "attendance": N_("ss.tab.attendance"),
    "entry": N_("ss.tab.entry"),
    "live": N_("ss.tab.live"),
    "report": N_("ss.tab.report"),
    "overview": N_("ss.tab.overview"),
}
TABS = tuple(TAB_TEXT)
OVERVIEW_TEXT = {
    "module": N_("ss.ov.module"),
    "sessions": N_("ss.ov.sessions"),
    "present": N_("ss.ov.present"),
    "rated": N_("ss.ov.rated"),
    "gain": N_("ss.ov.gain"),
    "relevance": N_("ss.ov.relevance"),
    "dimension": N_("ss.ov.dimension"),
    "coops": N_("ss.ov.coops"),
    "before_round": N_("ss.ov.before_round"),
    "after_round": N_("ss.ov.after_round"),
    "change": N_("ss.ov.change"),
    "others": N_("ss.ov.others"),
}


def cooperative_labels(store: Store) -> dict[str, str]:
    """Cooperative id -> its name where it consented, else its stable pseudonym (as in vergelijken)."""
    from ...compare import labels, pseudonym_secret

    register = store.current(COOPERATIVES).frame
    secret = pseudonym_secret(store.data_dir)
    return dict(zip(register["cooperative_id"], labels(register, secret), strict=True))


def _css(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(name)
    return widget


class Tab(Page):
    """A tab of the trainer's page (the `Page` protocol: built when first shown)."""

    def __init__(self, app):
        self.app = app
        self.widget = widgets.VBox()


def count(value: float | None) -> str:
    """A count as a whole number ("3", never "3.0": pandas turns a row's ints into floats)."""
    return "–" if value is None or pd.isna(value) else str(int(value))


def html_table(css: str, head: list[str], rows: list[list[object]]) -> str:
    """A plain table; `head` is escaped here, the cells must already be safe HTML (or numbers)."""
    top = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='{css}'><tr>{top}</tr>{body}</table>"
