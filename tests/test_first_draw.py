"""A tab is drawn only once its widgets have their words.

The browser draws a widget as soon as its model arrives; its label, set a moment later in `relabel`, can
follow seconds after on a busy server (a CI run found the board's plan fields and its save button without a
name). So a tab stays hidden while it is first built and labelled, and when it shows, every button and field
in it has a name a screen reader can read.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets
import pytest

from wijkcoop.apps.common import Page
from wijkcoop.apps.summerschool import SummerschoolApp
from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

TODAY = date(2026, 11, 24)
FIELDS = (
    widgets.Dropdown,
    widgets.Select,
    widgets.SelectMultiple,
    widgets.DatePicker,
    widgets.Text,
    widgets.Textarea,
    widgets.IntText,
    widgets.BoundedIntText,
    widgets.Checkbox,
)


def unnamed(widget: widgets.Widget) -> list[str]:
    """Buttons and fields on screen (not inside something hidden) that have no words."""
    layout = getattr(widget, "layout", None)
    if layout is not None and layout.display == "none":
        return []
    found = []
    if isinstance(widget, (widgets.Button, *FIELDS)) and not (widget.description or "").strip():
        found.append(f"{type(widget).__name__} {sorted(widget._dom_classes)}")
    for child in getattr(widget, "children", ()):
        found += unnamed(child)
    return found


def watch(pages: list[Page]) -> dict[int, list]:
    """Per page: each time its tab shows again after being hidden, what was unnamed at that moment."""
    seen: dict[int, list] = {id(p): [] for p in pages}
    for page in pages:

        def shown(change, page=page):
            if change["old"] == "none" and change["new"] != "none":
                seen[id(page)].append(unnamed(page.widget))

        page.widget.layout.observe(shown, names="display")
    return seen


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_tab_of_the_board_app_shows_only_when_its_words_are_there(small_copy, model, lang):
    app = ZelfevaluatieApp(small_copy, model=model, lang=lang, today=TODAY)
    pages = [p for p in app.pages if isinstance(p, Page) and not p.built]  # Invullen is built at once
    assert len(pages) >= 2
    seen = watch(pages)
    for i in range(1, len(app.tabs.children)):
        app.tabs.selected_index = i
    for page in pages:
        assert page.built, type(page).__name__
        assert seen[id(page)], f"{type(page).__name__} was drawn while it was being built"
        assert seen[id(page)][0] == [], f"{type(page).__name__}: {seen[id(page)][0]}"
    board = app.board
    assert board.content.layout.display != "none"
    assert unnamed(board.widget) == []


def test_every_tab_of_the_trainers_app_shows_only_when_its_words_are_there(small_copy):
    app = SummerschoolApp(small_copy, lang="nl", today=TODAY)
    tabs = (app.plan, app.attendance, app.entry, app.live, app.report, app.overview)
    pages = [p for p in tabs if not p.built]  # the first is built with the page
    assert len(pages) == 5
    seen = watch(pages)
    for i in range(len(app.tabs.children)):
        app.tabs.selected_index = i
    for page in pages:
        assert page.built, type(page).__name__
        assert seen[id(page)] and seen[id(page)][0] == [], (type(page).__name__, seen[id(page)])
