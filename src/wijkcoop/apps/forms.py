"""Form pieces the trainer's page and the participant's page share: the self-rating and the evaluation.

They only hold widgets; the values are checked again on the server by `wijkcoop.training` before saving.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle  # not exported by ipywidgets itself

from ..i18n import N_, t
from ..modules import Module, Rating

ANSWERS = ("1", "2", "3", "4", "5")


def _toggle(css: str, **shared) -> widgets.ToggleButtons:
    """1–5 buttons. `shared`: a `style` and `layout` many toggles share (one widget model each instead
    of one per toggle: fewer messages for the phone, the server and the kernel)."""
    shared.setdefault("style", {"button_width": "3.2rem"})
    toggle = widgets.ToggleButtons(options=ANSWERS, value=None, **shared)
    toggle.add_class(css)
    return toggle


# Words for the stored codes of the summerschool tables.
MOMENT_TEXT = {"voor": N_("ss.moment.voor"), "na": N_("ss.moment.na")}
ROLE_TEXT = {
    "bestuurslid": N_("ss.role.bestuurslid"),
    "vrijwilliger": N_("ss.role.vrijwilliger"),
    "medewerker": N_("ss.role.medewerker"),
    "bewoner": N_("ss.role.bewoner"),
    "anders": N_("ss.role.anders"),
}


class RatingForm:
    """Per learning goal, each aspect rated 1–5: "before today" (looking back) and "now"."""

    def __init__(self, rating: Rating, module: Module, lang: str):
        self.rating, self.module = rating, module
        self.toggles: dict[tuple[str, str, str], widgets.ToggleButtons] = {}
        self.labels: dict[tuple[str, str, str], widgets.HTML] = {}
        self.goal_titles: dict[str, widgets.HTML] = {}
        self.rows: dict[tuple[str, str, str], widgets.VBox] = {}
        self.goal_boxes: dict[str, widgets.VBox] = {}  # one learning goal with its rows: a phone's screen
        self.intro = widgets.HTML()
        # Some 20 rows of a label and buttons: one layout and style model for all of them, and each
        # widget made with its text, so the phone gets one message per widget and no updates after.
        scale = self.scale(lang)
        toggle_style = widgets.ToggleButtonsStyle(button_width="3.2rem")
        text = {"layout": widgets.Layout(), "style": HTMLStyle()}
        row_layout, toggle_layout = widgets.Layout(margin="0 0 .4rem 0"), widgets.Layout()
        for goal in module.goals:
            self.goal_titles[goal.id] = widgets.HTML(self.goal_title(goal, lang), **text)
            self.goal_titles[goal.id].add_class("statement-context")  # named with each row (wijkcoop.js)
            rows: list[widgets.Widget] = [self.goal_titles[goal.id]]
            for aspect in rating.aspects:
                for moment in ("voor", "na") if aspect.before else ("na",):
                    key = (goal.id, aspect.id, moment)
                    self.toggles[key] = _toggle(
                        f"rate-{goal.id}-{aspect.id}-{moment}",
                        style=toggle_style,
                        layout=toggle_layout,
                        tooltips=scale,
                    )
                    self.labels[key] = widgets.HTML(self.label(aspect.id, moment, lang), **text)
                    self.labels[key].add_class("statement")
                    # Label above the buttons: fits a phone as well as a laptop.
                    self.rows[key] = widgets.VBox([self.labels[key], self.toggles[key]], layout=row_layout)
                    self.rows[key].add_class("rating-row")
                    self.toggles[key].observe(
                        lambda _, key=key: self.rows[key].remove_class("missing"), "value"
                    )
                    rows.append(self.rows[key])
            self.goal_boxes[goal.id] = widgets.VBox(rows)
        self.widget = widgets.VBox([self.intro, *self.goal_boxes.values()])
        self.widget.add_class("rating-form")
        self.relabel(lang)

    def scale(self, lang: str) -> list[str]:
        return [self.rating.scale[int(a)](lang) for a in ANSWERS]

    @staticmethod
    def goal_title(goal, lang: str) -> str:
        return f"<h4 style='margin:.9rem 0 .3rem 0'>{html.escape(goal.text(lang))}</h4>"

    def label(self, aspect_id: str, moment: str, lang: str) -> str:
        text = self.rating.aspect(aspect_id).text(lang)
        when = t(MOMENT_TEXT[moment], lang)
        return f"<span>{html.escape(text)} <em style='color:#555'>({html.escape(when)})</em></span>"

    def relabel(self, lang: str) -> None:
        """The texts in `lang` (only what changed is sent)."""
        scale = self.scale(lang)
        self.intro.value = f"<p class='rating-intro'>{html.escape(t('ss.rating_intro', lang))}</p>"
        for goal in self.module.goals:
            self.goal_titles[goal.id].value = self.goal_title(goal, lang)
        for (_, aspect_id, moment), label in self.labels.items():
            label.value = self.label(aspect_id, moment, lang)
        for toggle in self.toggles.values():
            toggle.tooltips = scale

    def values(self) -> dict[tuple[str, str, str], object]:
        return {key: toggle.value for key, toggle in self.toggles.items()}

    def missing(self, goal_id: str) -> list[tuple[str, str, str]]:
        """The rows of this learning goal still without an answer, each marked (class `missing`: a red
        border and the row's label in bold, wijkcoop.css) until it gets one."""
        keys = [key for key in self.toggles if key[0] == goal_id]
        empty = [key for key in keys if self.toggles[key].value not in ANSWERS]
        for key in keys:
            if key in empty:
                self.rows[key].add_class("missing")
            else:
                self.rows[key].remove_class("missing")
        return empty

    def load(self, ratings: Iterable[Mapping[str, object]]) -> None:
        """Show earlier answers (a participant who comes back corrects, not repeats): rows with
        goal_id, aspect, moment and score (a frame's `to_dict("records")`, or `Store.rows`)."""
        for toggle in self.toggles.values():
            toggle.value = None
        for r in ratings:
            toggle = self.toggles.get((str(r["goal_id"]), str(r["aspect"]), str(r["moment"])))
            if toggle is not None and str(r["score"]) in ANSWERS:
                toggle.value = str(r["score"])


class EvaluationForm:
    """Kirkpatrick level 1: relevance, engagement, a top and a tip."""

    def __init__(self, rating: Rating, lang: str):
        self.rating = rating
        self.relevance = _toggle("eval-relevance")
        self.engagement = _toggle("eval-engagement")
        self.top = widgets.Textarea(layout=widgets.Layout(width="32rem", max_width="100%", height="3.6rem"))
        self.tip = widgets.Textarea(layout=widgets.Layout(width="32rem", max_width="100%", height="3.6rem"))
        self.top.add_class("eval-top")
        self.tip.add_class("eval-tip")
        for field in (self.top, self.tip):  # named by its question (shown above it) for a screen reader
            field.add_class("label-sr-only")
        self.questions = {k: widgets.HTML() for k in ("relevance", "engagement", "top", "tip")}
        for question in self.questions.values():
            question.add_class("statement")
        q = self.questions
        self.widget = widgets.VBox(
            [
                q["relevance"],
                self.relevance,
                q["engagement"],
                self.engagement,
                q["top"],
                self.top,
                q["tip"],
                self.tip,
            ]
        )
        self.widget.add_class("evaluation-form")
        self.inputs = (self.relevance, self.engagement, self.top, self.tip)
        self.lang = lang
        from ..tables import EVALUATIONS
        from .common import LengthCounter

        self.counters = [
            LengthCounter(field, EVALUATIONS.column(field_name).max_len, lambda: self.lang)
            for field, field_name in ((self.top, "top"), (self.tip, "tip"))
        ]
        self.widget.children = (
            *self.widget.children[:6],
            self.counters[0].widget,
            self.widget.children[6],
            self.widget.children[7],
            self.counters[1].widget,
        )
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        ev = self.rating.evaluation
        anchors = html.escape(t("ss.eval_anchors", lang))
        for key, widget in self.questions.items():
            widget.value = f"<p style='margin:.6rem 0 .2rem 0'>{html.escape(getattr(ev, key)(lang))}</p>"
            if key in ("top", "tip"):
                getattr(self, key).description = getattr(ev, key)(lang)
            if key in ("relevance", "engagement"):  # the meaning of 1 and 5 in sight, not only in a tooltip
                widget.value += f"<p class='scale-anchors' style='margin:0 0 .2rem 0'>{anchors}</p>"
        tips = [t("ss.eval_scale", lang, n=a) for a in ANSWERS]
        self.relevance.tooltips = tips
        self.engagement.tooltips = tips

    def values(self) -> dict[str, object]:
        return {
            "relevance": self.relevance.value,
            "engagement": self.engagement.value,
            "top": self.top.value,
            "tip": self.tip.value,
        }

    def load(self, row: Mapping[str, object] | None) -> None:
        self.relevance.value = str(row["relevance"]) if row is not None else None
        self.engagement.value = str(row["engagement"]) if row is not None else None
        self.top.value = str(row["top"]) if row is not None else ""
        self.tip.value = str(row["tip"]) if row is not None else ""
