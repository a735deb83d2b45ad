"""Small pieces the zelfevaluatie's views share: the person's state while filling in, layout, messages."""

from __future__ import annotations

import html

import ipywidgets as widgets
from traitlets import Any, Enum, HasTraits, Int, Unicode

WIDE = widgets.Layout(width="32rem", max_width="100%")


class FillState(HasTraits):
    """Where one person is in filling in: the step, the dimension page, their draft."""

    step = Enum(("start", "page", "review", "done"), default_value="start")
    page = Int(0)
    draft = Any(None)  # drafts.Draft while filling in
    submitted_before = Unicode("")  # when their answers were last sent, as this filling-in began


def ok_html(message: str) -> str:
    return f'<div class="wijkcoop-ok" role="status">{html.escape(message)}</div>'


def list_html(items: list[str], css: str = "") -> str:
    return f"<ul class='{css}'>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
