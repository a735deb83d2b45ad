"""Read-only app: the groeimodel's dimensions, level descriptors and statements, in Dutch or English."""

from __future__ import annotations

import html

import ipywidgets as widgets
from traitlets import HasTraits, Unicode

from .. import config
from ..i18n import t
from ..model import Groeimodel, load_model
from .common import AppBase, Choice, language_switch


class ModelState(HasTraits):
    dimension = Unicode(None, allow_none=True)


class GroeimodelApp(AppBase):
    """Widgets are attributes so tests can set values and read what the page shows."""

    def __init__(self, model: Groeimodel | None = None, lang: str | None = None):
        self.model = model or load_model()
        self.state = ModelState(dimension=self.model.dimension_ids[0])
        self.language = language_switch(config.language(lang))
        self.dimension = widgets.Dropdown(layout=widgets.Layout(width="28rem"))
        self.heading = widgets.HTML()
        self.body = widgets.HTML()
        self.status = widgets.HTML()
        self.choice = Choice(self.dimension, self.state, "dimension", self.guard(self.render))
        self.language.observe(self.guard(lambda _: self.render()), names="value")
        self.render()
        self.widget = widgets.VBox(
            [self.language, self.heading, self.dimension, self.body, self.status],
            layout=widgets.Layout(max_width="60rem", padding="0 1rem"),
        )

    def render(self) -> None:
        lang, m = self.lang, self.model
        if self.state.dimension not in m.dimension_ids:  # the browser can send a value never offered
            self.state.dimension = m.dimension_ids[0]
        options = [(f"{d.id} · {d.name(lang)}", d.id) for d in m.dimensions]
        self.choice.show(options, self.state.dimension)
        self.dimension.description = t("app.dimension", lang)
        self.heading.value = (
            f"<h2>{html.escape(m.title(lang))}</h2><p>{html.escape(m.intro(lang))}</p>"
            f"<p><small>{html.escape(t('app.model_version', lang, version=m.model_version))}</small></p>"
        )
        self.body.value = self.dimension_html(self.state.dimension)

    def dimension_html(self, dimension_id: str) -> str:
        lang, m = self.lang, self.model
        d = m.dimension(dimension_id)
        rows = []
        for level in m.levels:
            target = f" <em>({t('app.target', lang)})</em>" if level.level == m.target_level else ""
            rows.append(
                f"<tr><th style='text-align:left;padding:.3rem .6rem;white-space:nowrap'>"
                f"{level.level} · {html.escape(level.name(lang))}{target}</th>"
                f"<td style='padding:.3rem .6rem'>{html.escape(d.levels[level.level](lang))}</td></tr>"
            )
        items = "".join(f"<li><strong>{s.id}</strong> {html.escape(s.text(lang))}</li>" for s in d.statements)
        return (
            f"<h3 class='dimension-name'>{d.id} · {html.escape(d.name(lang))}</h3>"
            f"<p>{html.escape(d.summary(lang))}</p>"
            f"<h4>{t('app.levels', lang)}</h4><table class='levels'>{''.join(rows)}</table>"
            f"<h4>{t('app.statements', lang)}</h4><ul class='statements'>{items}</ul>"
        )
