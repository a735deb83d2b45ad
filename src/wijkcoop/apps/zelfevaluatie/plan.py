"""Bestuur samen, the meeting's outcome: the verbeterplan (up to three actions per verbeterpunt), the look
back on last round's plan, and the meeting mode for the projector (one agenda dimension at a time).

The rules are the `verbeterplan` service's; this module only shows and collects. Each part is built
again from the board's `BoardData` on every render.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...boardview import BoardData
from ...tables import PLAN_ACTIONS, PLAN_OUTCOMES
from ..common import Once, attempt
from .present import OUTCOME_TEXT
from .views import ok_html

WIDE = widgets.Layout(width="30rem", max_width="100%")


class ActionRow:
    """One action's fields: what, who (a role), by when, how we know it is done, a module to follow."""

    def __init__(self, number: str):
        self.number = number
        self.what = widgets.Text(layout=WIDE)
        self.who = widgets.Text(layout=WIDE)
        self.due = widgets.DatePicker(layout=widgets.Layout(width="22rem", max_width="100%"))
        self.done_when = widgets.Text(layout=WIDE)
        self.module = widgets.Dropdown(layout=widgets.Layout(width="20rem", max_width="100%"))
        for name in ("what", "who", "due", "done_when", "module"):
            getattr(self, name).add_class(f"plan-{name.replace('_', '-')}-{number}")
        self.heading = widgets.HTML()
        self.widget = widgets.VBox([self.heading, self.what, self.who, self.due, self.done_when, self.module])
        self.widget.add_class("plan-action")

    @property
    def inputs(self) -> list[widgets.Widget]:
        return [self.what, self.who, self.due, self.done_when, self.module]

    def values(self) -> dict:
        return {
            "what": self.what.value,
            "who": self.who.value,
            "due": self.due.value,
            "done_when": self.done_when.value,
            "module": self.module.value or "",
        }

    def load(self, action) -> None:
        from datetime import date

        self.what.value = action.what if action else ""
        self.who.value = action.who if action else ""
        self.due.value = date.fromisoformat(action.due) if action and action.due else None
        self.done_when.value = action.done_when if action else ""
        modules = {value for _, value in self.module.options}
        self.module.value = action.module if action and action.module in modules else ""


class PlanPanel:
    """The verbeterplan of this round: choose a verbeterpunt, give it up to three actions, save."""

    def __init__(self, board):
        self.board, self.app = board, board.app
        self.heading = widgets.HTML()
        self.intro = widgets.HTML()
        self.point = widgets.Dropdown(layout=widgets.Layout(width="40rem", max_width="100%"))
        self.point.add_class("plan-point")
        self.rows = [ActionRow(n) for n in PLAN_ACTIONS]
        self.save = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.save.add_class("plan-save")
        self.message = widgets.HTML()
        self.listing = widgets.HTML()
        self.listing.add_class("plan-list")
        self.once = Once(self.save, self.save_plan, self.app.guard).watch(
            self.point, *[w for row in self.rows for w in row.inputs]
        )
        self.point.observe(self.app.guard(lambda _: self.load()), names="value")
        self.widget = widgets.VBox(
            [
                self.heading,
                self.intro,
                self.point,
                *[r.widget for r in self.rows],
                self.save,
                self.message,
                self.listing,
            ]
        )
        self.widget.add_class("plan-panel")

    def relabel(self) -> None:
        a = self.app
        self.heading.value = f"<h3>{html.escape(a.t('plan.heading'))}</h3>"
        self.intro.value = f"<p class='wijkcoop-note'>{html.escape(a.t('plan.intro'))}</p>"
        self.point.description = a.t("plan.point")
        for row in self.rows:
            row.heading.value = f"<h4>{html.escape(a.t('plan.action_n', n=row.number))}</h4>"
            row.what.description, row.who.description = a.t("plan.field.what"), a.t("plan.field.who")
            row.due.description, row.done_when.description = (
                a.t("plan.field.due"),
                a.t("plan.field.done_when"),
            )
            row.module.description = a.t("plan.field.module")
            row.who.placeholder = a.t("plan.who_placeholder")
            for w in row.inputs:
                w.style.description_width = "11rem"
            current = row.module.value
            names = [(m.name(a.lang), m.id) for m in self.app.modules]
            row.module.options = [(a.t("plan.no_module"), ""), *names]
            row.module.value = current if current in {v for _, v in row.module.options} else ""
        self.point.style.description_width = "11rem"
        self.save.description = a.t("plan.save")

    def render(self, data: BoardData) -> None:
        p = self.board.present
        points = list(
            dict.fromkeys([*data.verbeterpunten["statement_id"], *(x.statement_id for x in data.plan)])
        )
        current = self.point.value
        self.point.options = [
            (f"{sid} {self.app.model.statement_text(sid, self.app.lang)}", sid) for sid in points
        ]
        self.point.value = current if current in points else (points[0] if points else None)
        self.load()
        lines = p.plan_lines(data)
        items = (
            "".join(f"<li>{html.escape(x)}</li>" for x in lines)
            or f"<li>{html.escape(self.app.t('plan.empty'))}</li>"
        )
        self.listing.value = f"<ul>{items}</ul>"

    def load(self) -> None:
        data = self.board.data
        mine = {a.action: a for a in (data.plan if data else []) if a.statement_id == self.point.value}
        for row in self.rows:
            row.load(mine.get(row.number))
        self.message.value = ""

    def save_plan(self) -> bool | None:
        a, s = self.app, self.board.state
        if not self.point.value:
            return None

        def save() -> int:
            return a.verbeterplan.save(
                s.cooperative or "", s.round or "", self.point.value, [r.values() for r in self.rows]
            )

        n = attempt(save, self.message, a.lang)
        if not isinstance(n, int):
            return None
        point = self.point.value
        self.board.reload_plan()
        self.point.value = point
        self.message.value = ok_html(a.t("plan.saved", n=n))
        return True


class ReviewPanel:
    """Last round's plan, looked back on: per action done / partly / not and a note, beside whether the
    dimension's score moved."""

    def __init__(self, board):
        self.board, self.app = board, board.app
        self.heading = widgets.HTML()
        self.rows = widgets.VBox()
        self.save = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.save.add_class("review-save")
        self.message = widgets.HTML()
        self.outcomes: dict[tuple[str, str], widgets.ToggleButtons] = {}
        self.notes: dict[tuple[str, str], widgets.Text] = {}
        self.once = Once(self.save, self.save_review, self.app.guard)
        self.widget = widgets.VBox([self.heading, self.rows, self.save, self.message])
        self.widget.add_class("review-panel")
        self.widget.layout.display = "none"  # until a round with a plan before it is shown

    def render(self, data: BoardData) -> None:
        a, p = self.app, self.board.present
        if not data.last_plan:
            self.widget.layout.display = "none"
            self.outcomes, self.notes = {}, {}
            return
        self.widget.layout.display = None
        self.heading.value = f"<h3>{html.escape(a.t('report.review', round=data.previous))}</h3>"
        self.save.description = a.t("plan.review_save")
        rows, self.outcomes, self.notes = [], {}, {}
        for act in data.last_plan:
            key = (act.statement_id, act.action)
            outcome, note = data.last_reviews.get(key, (None, ""))
            line = widgets.HTML(
                f"<p class='statement'><strong>{html.escape(act.statement_id)} ({act.action})</strong> "
                f"{html.escape(act.what)} · {html.escape(act.who)} · "
                f"<span class='plan-moved'>{html.escape(p.movement(data, act.dimension_id))}</span></p>"
            )
            toggle = widgets.ToggleButtons(
                options=[(a.t(OUTCOME_TEXT[o]), o) for o in PLAN_OUTCOMES], value=outcome or None
            )
            toggle.add_class(f"review-{act.statement_id.replace('.', '-')}-{act.action}")
            text = widgets.Text(value=note, placeholder=a.t("plan.review_note"), layout=WIDE)
            text.add_class(f"review-note-{act.statement_id.replace('.', '-')}-{act.action}")
            self.outcomes[key], self.notes[key] = toggle, text
            rows.append(widgets.VBox([line, toggle, text]))
        self.rows.children = rows
        self.once.watch(*self.outcomes.values(), *self.notes.values())
        self.once.fresh()

    def save_review(self) -> bool | None:
        a, data = self.app, self.board.data
        if data is None or not data.last_plan or data.previous is None:
            return None
        chosen = {key: (self.outcomes[key].value, self.notes[key].value) for key in self.outcomes}
        s = self.board.state

        def save() -> int:
            return a.verbeterplan.save_review(s.cooperative or "", data.previous or "", s.round or "", chosen)

        n = attempt(save, self.message, a.lang)
        if not isinstance(n, int):
            return None
        self.board.reload_plan()
        self.message.value = ok_html(a.t("plan.review_saved", n=n))
        return True


class MeetingPanel:
    """The meeting at the projector: the agenda one dimension at a time ("3 van 5"), the spinnenweb
    with that dimension marked, the members' scores without names (unless the board ticks the box),
    their "hier wil ik over praten" and notes, then the agreed score and rationale, saved, and on."""

    def __init__(self, board):
        self.board, self.app = board, board.app
        self.index = 0
        self.progress = widgets.HTML()
        self.progress.add_class("meeting-progress")
        from ..common import ChartView

        self.chart = ChartView("meeting-radar", max_width="42rem")
        self.members = widgets.HTML()
        self.members.add_class("meeting-members")
        self.names = widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto"))
        self.names.add_class("meeting-names")
        self.score_label = widgets.HTML()
        self.score_box = widgets.VBox()
        self.save = widgets.Button(button_style="success", layout=widgets.Layout(width="20rem"))
        self.save.add_class("meeting-save")
        self.prev = widgets.Button(layout=widgets.Layout(width="10rem"))
        self.prev.add_class("meeting-prev")
        self.next = widgets.Button(button_style="primary", layout=widgets.Layout(width="10rem"))
        self.next.add_class("meeting-next")
        self.stop = widgets.Button(layout=widgets.Layout(width="14rem"))
        self.stop.add_class("meeting-stop")
        self.message = widgets.HTML()
        guard = self.app.guard
        self.prev.on_click(guard(lambda _: self.go(self.index - 1)))
        self.next.on_click(guard(lambda _: self.go(self.index + 1)))
        self.stop.on_click(guard(lambda _: self.board.meeting(False)))
        self.names.observe(guard(lambda _: self.render()), names="value")
        # A change of a score or rationale, or another agenda item, makes the next click a new request.
        self.once = Once(self.save, self.save_and_next, guard).watch(
            *board.board_score.values(), *board.rationale.values()
        )
        nav = widgets.HBox([self.prev, self.next, self.stop])
        nav.add_class("step-nav")
        self.widget = widgets.VBox(
            [
                self.progress,
                nav,
                self.chart,
                self.names,
                self.members,
                self.score_label,
                self.score_box,
                self.save,
                self.message,
            ]
        )
        self.widget.add_class("meeting-mode")

    def dimensions(self, data: BoardData) -> list[str]:
        """The agenda's dimensions in agenda order, then the split ones; every dimension without agenda."""
        found = [s.split(".", 1)[0] for s in data.agenda["statement_id"]] if len(data.agenda) else []
        found += list(data.dimensions.loc[data.dimensions["split"], "dimension_id"])
        return list(dict.fromkeys(found)) or list(self.app.model.dimension_ids)

    def go(self, index: int) -> None:
        if self.board.data is None or not self.board.in_meeting:
            return
        self.index = max(0, min(index, len(self.dimensions(self.board.data)) - 1))
        self.message.value = ""
        self.once.fresh()
        self.render()

    def render(self) -> None:
        from ... import charts, scoring

        a, data = self.app, self.board.data
        if data is None:
            return
        dims = self.dimensions(data)
        self.index = max(0, min(self.index, len(dims) - 1))
        dim = dims[self.index]
        dimension = a.model.dimension(dim)
        name = f"{dim} {dimension.name(a.lang)}"
        step = a.t("meeting.progress", n=self.index + 1, total=len(dims), dimension=name)
        self.progress.value = f"<h3 class='step-heading'>{html.escape(step)}</h3>"
        self.prev.description, self.next.description = a.t("ss.p.back"), a.t("ss.p.next_goal")
        self.stop.description, self.save.description = a.t("meeting.stop"), a.t("meeting.save")
        self.names.description = a.t("meeting.names")
        self.prev.disabled, self.next.disabled = self.index == 0, self.index == len(dims) - 1
        p = self.board.present
        radar = p.radar_figure(data)
        charts.highlight(radar, a.model, dim)
        alt, table = p.chart_texts(data)[0]
        self.chart.show(
            charts.png(radar, dpi=90),
            a.t("meeting.radar_alt", dimension=name) + " " + alt,
            table,
            a.t("chart.numbers"),
        )
        scores = scoring.dimension_scores(data.round_rows, a.model)
        mine = scores[scores["dimension_id"] == dim].dropna(subset=["score"]).sort_values("score")
        if self.names.value:
            shown = [f"{html.escape(r.respondent)} {a.fmt(r.score)}" for r in mine.itertuples()]
        else:
            shown = [a.fmt(v) for v in mine["score"]]
        rows = data.round_rows
        flags = int(rows[rows["statement_id"].str.startswith(dim + ".")]["discuss"].sum()) if len(rows) else 0
        notes = data.notes[data.notes["dimension_id"] == dim] if len(data.notes) else data.notes
        said = [
            (f"<strong>{html.escape(r.respondent)}</strong>: " if self.names.value else "")
            + html.escape(r.note)
            for r in notes.itertuples()
        ]
        self.members.value = (
            f"<p>{html.escape(a.t('meeting.scores'))} <strong>{' · '.join(shown) or '–'}</strong></p>"
            f"<p>{html.escape(a.t('meeting.flags', n=flags))}</p>"
            + ("<ul>" + "".join(f"<li>{x}</li>" for x in said) + "</ul>" if said else "")
        )
        self.score_label.value = f"<h4>{html.escape(a.t('meeting.agree', dimension=name))}</h4>"
        self.score_box.children = [self.board.board_score[dim], self.board.rationale[dim]]

    def save_and_next(self) -> bool | None:
        if not self.board.in_meeting:
            return None
        done = self.board.save_board_scores()
        if done:
            message = self.board.board_message.value
            self.go(self.index + 1)
            self.message.value = message
        else:
            self.message.value = self.board.board_message.value
        return done
