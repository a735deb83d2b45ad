"""Invoeren: a trainer types in the ratings and evaluation from a paper form."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..common import FAILED, Once, attempt, set_options
from ..deelnemer import ok_html
from ..forms import EvaluationForm, RatingForm
from .views import WIDE, Tab, _css


class EntryTab(Tab):
    def build(self) -> None:
        app = self.app
        self.intro = widgets.HTML()
        self.who = _css(widgets.Dropdown(layout=WIDE), "entry-who")
        self.form_box = widgets.VBox()
        self.form: RatingForm | None = None
        self.save = _css(
            widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem")), "entry-save"
        )
        self.message = widgets.HTML()
        self.eval_form = EvaluationForm(app.training.rating, app.lang)
        self.eval_save = _css(widgets.Button(layout=widgets.Layout(width="16rem")), "entry-eval-save")
        self.eval_message = widgets.HTML()
        self.eval_title = widgets.HTML()
        self.widget.children = [
            self.intro,
            self.who,
            self.form_box,
            self.save,
            self.message,
            self.eval_title,
            self.eval_form.widget,
            self.eval_save,
            self.eval_message,
        ]
        self.who.observe(app.guard(lambda _: self.load()), names="value")
        self.save_once = Once(self.save, self.save_ratings, app.guard).watch(self.who)
        self.eval_once = Once(self.eval_save, self.save_evaluation, app.guard).watch(
            self.who, *self.eval_form.inputs
        )

    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.intro.value = f"<p>{html.escape(a.t('ss.entry.intro'))}</p>"
        self.who.description = a.t("ss.entry.who")
        self.save.description = a.t("ss.entry.save")
        self.eval_title.value = f"<h4>{html.escape(a.t('ss.p.eval_title'))}</h4>"
        self.eval_save.description = a.t("ss.entry.eval_save")
        self.eval_form.relabel(a.lang)
        if self.form is not None:
            self.form.relabel(a.lang)

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        session = a.training.session(a.code) if a.code else None
        for w in (self.save, self.eval_save):
            w.disabled = session is None
        if session is None:
            self.form_box.children = [widgets.HTML(f"<p>{html.escape(a.t('ss.pick_first'))}</p>")]
            self.who.options = []
            return
        module = a.training.module(session.module)
        if self.form is None or self.form.module.id != module.id:
            self.form = RatingForm(a.training.rating, module, a.lang)
            self.save_once.watch(*self.form.toggles.values())
        self.form_box.children = [self.form.widget]
        people = a.training.participants(a.code)
        set_options(self.who, list(people["participant"]))
        self.load()

    def load(self) -> None:
        a = self.app
        if self.form is None or not a.code or not self.who.value:
            return
        ratings = a.training.ratings(a.code)
        self.form.load(ratings[ratings["participant"] == self.who.value].to_dict("records"))
        evals = a.training.evaluations(a.code)
        mine = evals[evals["participant"] == self.who.value]
        self.eval_form.load(mine.iloc[-1].to_dict() if len(mine) else None)
        self.message.value = self.eval_message.value = ""

    def rating_form(self) -> RatingForm:
        assert self.form is not None  # made with the tab's module on refresh
        return self.form

    def save_ratings(self) -> bool | None:
        a = self.app
        result = attempt(
            lambda: a.training.save_ratings(
                a.code, self.who.value or "", self.rating_form().values(), entered_by="trainer"
            ),
            self.message,
            a.lang,
        )
        if result is FAILED:
            return None
        n = result
        self.message.value = ok_html(a.t("ss.entry.saved", n=n, who=self.who.value))
        return True

    def save_evaluation(self) -> bool | None:
        a = self.app
        result = attempt(
            lambda: a.training.save_evaluation(
                a.code, self.who.value or "", **self.eval_form.values(), entered_by="trainer"
            ),
            self.eval_message,
            a.lang,
        )
        if result is FAILED:
            return None
        self.eval_message.value = ok_html(a.t("ss.entry.eval_saved", who=self.who.value))
        return True
