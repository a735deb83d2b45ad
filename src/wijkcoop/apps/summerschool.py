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
import pandas as pd

from .. import config
from ..context import open_store
from ..i18n import N_, number, t
from ..store import Store
from ..tables import COOPERATIVES, EVALUATIONS, PARTICIPANTS, RATINGS, ROLES, SESSIONS
from ..training import Training
from .common import FAILED, AppBase, Once, attempt, download_links, language_switch, set_options
from .deelnemer import _day, ok_html
from .forms import MOMENT_TEXT, ROLE_TEXT, EvaluationForm, RatingForm

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
    from ..compare import labels, pseudonym_secret

    register = store.current(COOPERATIVES).frame
    secret = pseudonym_secret(store.data_dir)
    return dict(zip(register["cooperative_id"], labels(register, secret), strict=True))


def _css(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(name)
    return widget


class SummerschoolApp(AppBase):
    """The trainer's page. Widgets are attributes, so tests drive it like a user: set values, click."""

    def __init__(
        self,
        data_dir: str | None = None,
        lang: str | None = None,
        today: date | None = None,
    ):
        self.store = open_store(data_dir)
        self.training = Training(self.store)
        self.today = today or date.today()
        self.status = widgets.HTML()
        self.language = language_switch(lang or config.language())
        self.title = widgets.HTML()
        self.code: str | None = None
        self.pick_label = widgets.HTML()
        self.pick = _css(
            widgets.Dropdown(layout=widgets.Layout(width="34rem", max_width="100%")), "session-pick"
        )
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
        self._loading = False
        self.pick.observe(self.guard(self._on_pick), names="value")
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
            label += closed
            options.append((label, r.session_id))
        want = select if select is not None else (self.code or "")
        self._loading = True
        try:
            self.pick.options = options
            self.pick.value = want if want in {v for _, v in options} else ""
        finally:
            self._loading = False
        if self.pick.value != (self.code or ""):
            self._on_pick({"new": self.pick.value})

    def _on_pick(self, change) -> None:
        if self._loading:
            return
        code = change["new"] or None
        if code is not None and self.training.session(code) is None:  # the browser can send anything
            self.pick.value = ""
            return
        self.code = code
        self.show_tab()

    def show_tab(self) -> None:
        index = self.tabs.selected_index or 0
        [self.plan, self.attendance, self.entry, self.live, self.report, self.overview][index].refresh()
        self.live.active(TABS[index] == "live")


class _Lazy:
    """A tab whose widgets are made when it is first shown: the page appears sooner in the browser when
    it does not carry every tab's widgets from the start."""

    def __init__(self, app: SummerschoolApp):
        self.app = app
        self.built = False
        self.widget = widgets.VBox()

    def ensure(self) -> None:
        if not self.built:
            self.built = True
            self._build()
            self.relabel()

    def _build(self) -> None:
        raise NotImplementedError


# -- plan -------------------------------------------------------------------------------------------
class PlanTab(_Lazy):
    def _build(self) -> None:
        app = self.app
        self.new_title = widgets.HTML()
        self.module = _css(widgets.Dropdown(layout=WIDE), "new-module")
        self.day = _css(widgets.DatePicker(value=app.today, layout=WIDE), "new-date")
        self.place = _css(widgets.Text(layout=WIDE), "new-place")
        self.trainer = _css(widgets.Text(layout=WIDE), "new-trainer")
        self.create = _css(
            widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem")), "create-session"
        )
        self.message = widgets.HTML()
        self.info = _css(widgets.HTML(), "session-info")
        self.toggle_open = _css(widgets.Button(layout=widgets.Layout(width="16rem")), "open-toggle")
        self.content = _css(widgets.HTML(), "module-content")
        form = widgets.VBox(
            [self.new_title, self.module, self.day, self.place, self.trainer, self.create, self.message]
        )
        self.widget.children = [self.info, self.toggle_open, form, self.content]
        self.create_once = Once(self.create, self.create_session, app.guard).watch(
            self.module, self.day, self.place, self.trainer
        )
        # Open/close has no inputs: a repeat within a few seconds is the same click delivered twice.
        Once(self.toggle_open, self.flip_open, app.guard, cooldown=COOLDOWN)
        self.module.observe(app.guard(lambda _: self.refresh()), names="value")

    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.new_title.value = f"<h3>{html.escape(a.t('ss.plan.new'))}</h3>"
        keep = self.module.value
        self.module.options = [(m.name(a.lang), m.id) for m in a.training.modules]
        ids = [m.id for m in a.training.modules]
        self.module.value = keep if keep in ids else (ids[0] if ids else None)
        for w, text in (
            (self.module, a.t("ss.plan.module")),
            (self.day, a.t("ss.plan.date")),
            (self.place, a.t("ss.plan.place")),
            (self.trainer, a.t("ss.plan.trainer")),
        ):
            w.description = text
            w.style.description_width = "7rem"
        self.place.placeholder = a.t("ss.plan.place_hint")
        self.create.description = a.t("ss.plan.create")

    def create_session(self) -> None:
        a = self.app
        result = attempt(
            lambda: a.training.create_session(
                self.module.value, self.day.value, self.place.value, self.trainer.value
            ),
            self.message,
            a.lang,
        )
        if result is FAILED:
            return
        code = result
        self.message.value = ok_html(a.t("ss.plan.created", code=code))
        a.reload_sessions(select=code)
        return True

    def flip_open(self) -> None:
        a = self.app
        session = a.training.session(a.code or "")
        if session is None:
            return
        a.training.set_open(session.session_id, not session.open)
        a.reload_sessions()
        self.refresh()
        return True

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        session = a.training.session(a.code or "") if a.code else None
        if session is None:
            self.info.value = f"<p>{html.escape(a.t('ss.plan.none'))}</p>"
            self.toggle_open.layout.display = "none"
            module = a.training.module(self.module.value)
        else:
            module = a.training.module(session.module)
            state = a.t("ss.open") if session.open else a.t("ss.closed_short")
            self.info.value = (
                "<div style='background:#eef4fa;padding:.6rem 1rem;margin:.4rem 0'>"
                f"<div>{html.escape(module.name(a.lang))} · {html.escape(_day(session.date, a.lang))} · "
                f"{html.escape(session.place)} · {html.escape(session.trainer)} · "
                f"<em>{html.escape(state)}</em></div>"
                f"<div style='font-size:1.1rem;margin-top:.3rem'>{html.escape(a.t('ss.code_intro'))} "
                f"<strong class='session-code' style='font-size:2rem;letter-spacing:.2rem'>"
                f"{html.escape(session.session_id)}</strong></div></div>"
            )
            self.toggle_open.layout.display = None
            self.toggle_open.description = a.t("ss.plan.close") if session.open else a.t("ss.plan.reopen")
        self.content.value = module_html(module, a.lang) if module else ""


def module_html(module, lang: str) -> str:
    """The module's goals, programme and werkvormen, as a trainer reads them before and during a session."""
    e = html.escape
    goals = "".join(f"<li>{e(g.text(lang))}</li>" for g in module.goals)
    rows = []
    for item in module.programme:
        how = ""
        if item.werkvorm:
            w = module.werkvorm(item.werkvorm)
            how = f"{e(w.name(lang))} ({w.duration} min)"
        rows.append(f"<tr><td>{e(item.time)}</td><td>{e(item.title(lang))}</td><td>{how}</td></tr>")
    werkvormen = "".join(
        f"<details class='werkvorm' open><summary><strong>{e(w.name(lang))}</strong> · {w.duration} min · "
        f"{e(w.group_size(lang))}</summary><p>{e(w.instructions(lang))}</p>"
        f"<p><em>{e(t('ss.materials', lang))}:</em> {e(w.materials(lang))}</p></details>"
        for w in module.werkvormen
    )
    reflection = "".join(f"<li>{e(q(lang))}</li>" for q in module.reflection)
    return (
        f"<h3>{e(module.name(lang))}</h3><p>{e(module.summary(lang))}</p>"
        f"<h4>{e(t('ss.goals', lang))}</h4><ol class='goals'>{goals}</ol>"
        f"<h4>{e(t('ss.programme', lang))}</h4><table class='programme' style='border-spacing:1rem .2rem'>"
        f"{''.join(rows)}</table>"
        f"<h4>{e(t('ss.werkvormen', lang))}</h4>{werkvormen}"
        f"<h4>{e(t('ss.reflection', lang))}</h4><ul>{reflection}</ul>"
    )


# -- attendance -------------------------------------------------------------------------------------
class AttendanceTab(_Lazy):
    def _build(self) -> None:
        app = self.app
        self.summary = widgets.HTML()
        self.rows = widgets.VBox()
        self.checks: dict[str, widgets.Checkbox] = {}
        self.save = _css(
            widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem")), "save-presence"
        )
        self.message = widgets.HTML()
        self.add_title = widgets.HTML()
        self.who = _css(widgets.Text(layout=WIDE), "add-participant")
        self.consent = _css(widgets.Checkbox(indent=False, layout=WIDE), "add-consent")
        self.coop = _css(widgets.Dropdown(layout=WIDE), "add-coop")
        self.role = _css(widgets.Dropdown(layout=WIDE), "add-role")
        self.add = _css(widgets.Button(layout=widgets.Layout(width="16rem")), "add-button")
        self.add_message = widgets.HTML()
        self.widget.children = [
            self.summary,
            self.rows,
            self.save,
            self.message,
            self.add_title,
            self.who,
            self.consent,
            self.coop,
            self.role,
            self.add,
            self.add_message,
        ]
        Once(self.save, self.save_presence, app.guard, cooldown=COOLDOWN)
        self.add_once = Once(self.add, self.add_participant, app.guard).watch(
            self.who, self.consent, self.coop, self.role
        )

    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.save.description = a.t("ss.att.save")
        self.add_title.value = f"<h4>{html.escape(a.t('ss.att.add_title'))}</h4>"
        self.who.description = a.t("ss.p.who")
        self.who.placeholder = a.t("ss.p.who_placeholder")
        self.consent.description = a.t("ss.att.consent")
        self.coop.description = a.t("ss.cooperative")
        self.role.description = a.t("ss.role")
        set_options(self.role, [(a.t("ss.choose"), "")] + [(a.t(ROLE_TEXT[r]), r) for r in ROLES])
        self.add.description = a.t("ss.att.add")
        for w in (self.who, self.coop, self.role):
            w.style.description_width = "9rem"

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        enabled = a.code is not None
        for w in (self.save, self.add):
            w.disabled = not enabled
        if not enabled:
            self.summary.value = f"<p>{html.escape(a.t('ss.pick_first'))}</p>"
            self.rows.children = []
            return
        register = a.store.current(COOPERATIVES).frame.sort_values("name", key=lambda s: s.str.casefold())
        pairs = zip(register["name"], register["cooperative_id"], strict=True)
        set_options(self.coop, [(a.t("ss.no_cooperative"), ""), *pairs])
        names = dict(zip(register["cooperative_id"], register["name"], strict=True))
        people = a.training.participants(a.code)
        self.checks = {}
        rows = []
        for r in people.itertuples():
            parts = [r.participant]
            if r.consent and r.name and r.name != r.participant:
                parts.append(r.name)
            parts += [names.get(r.cooperative_id, a.t("ss.no_cooperative")), a.t(ROLE_TEXT[r.role])]
            box = widgets.Checkbox(
                value=bool(r.present),
                description=" · ".join(parts),
                indent=False,
                layout=widgets.Layout(width="44rem", max_width="100%"),
            )
            box.add_class("present-row")
            self.checks[r.participant] = box
            rows.append(box)
        self.rows.children = rows
        present = int(people["present"].sum())
        count = a.t("ss.att.count", n=len(people), present=present)
        self.summary.value = f"<p class='attendance-count'>{html.escape(count)}</p>"

    def save_presence(self) -> None:
        a = self.app
        changed = a.training.set_presence(a.code, {p: box.value for p, box in self.checks.items()})
        self.refresh()
        self.message.value = ok_html(a.t("ss.att.saved", n=changed))
        return True

    def add_participant(self) -> None:
        a = self.app
        result = attempt(
            lambda: a.training.register(
                a.code,
                self.who.value,
                consent=self.consent.value,
                cooperative_id=self.coop.value or "",
                role=self.role.value or "",
                present=True,
                entered_by="trainer",
            ),
            self.add_message,
            a.lang,
        )
        if result is FAILED:
            return
        who = result
        self.who.value = ""
        self.consent.value = False
        self.refresh()
        self.add_message.value = ok_html(a.t("ss.att.added", who=who))
        return True


# -- entry from paper -------------------------------------------------------------------------------
class EntryTab(_Lazy):
    def _build(self) -> None:
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
        self.form.load(ratings[ratings["participant"] == self.who.value])
        evals = a.training.evaluations(a.code)
        mine = evals[evals["participant"] == self.who.value]
        self.eval_form.load(mine.iloc[-1] if len(mine) else None)
        self.message.value = self.eval_message.value = ""

    def save_ratings(self) -> None:
        a = self.app
        result = attempt(
            lambda: a.training.save_ratings(
                a.code, self.who.value or "", self.form.values(), entered_by="trainer"
            ),
            self.message,
            a.lang,
        )
        if result is FAILED:
            return
        n = result
        self.message.value = ok_html(a.t("ss.entry.saved", n=n, who=self.who.value))
        return True

    def save_evaluation(self) -> None:
        a = self.app
        result = attempt(
            lambda: a.training.save_evaluation(
                a.code, self.who.value or "", **self.eval_form.values(), entered_by="trainer"
            ),
            self.eval_message,
            a.lang,
        )
        if result is FAILED:
            return
        self.eval_message.value = ok_html(a.t("ss.entry.eval_saved", who=self.who.value))
        return True


# -- live for the projector -------------------------------------------------------------------------
class LiveTab(_Lazy):
    def _build(self) -> None:
        app = self.app
        self.header = _css(widgets.HTML(), "live-code")
        self.count = _css(widgets.HTML(), "live-count")
        self.chart = _css(widgets.Image(format="png", layout=widgets.Layout(max_width="100%")), "live-chart")
        self.gain = _css(widgets.HTML(), "live-gain")
        self.switch = _css(widgets.ToggleButton(value=True, icon="refresh"), "live-toggle")
        self.now = _css(widgets.Button(icon="refresh"), "live-now")
        # The browser ticks this every few seconds while the Live tab is open; each tick checks the files.
        self.ticker = widgets.Play(interval=LIVE_INTERVAL_MS, min=0, max=10**9, step=1, value=0)
        self.ticker.layout.display = "none"
        self._stamp: tuple | None = None
        self._shown_for: str | None = None
        self.widget.children = [
            widgets.HBox([self.switch, self.now]),
            self.header,
            self.count,
            self.chart,
            self.gain,
            self.ticker,
        ]
        self.ticker.observe(app.guard(lambda _: self.poll()), names="value")
        self.switch.observe(app.guard(lambda ch: self.active(ch["new"])), names="value")
        self.now.on_click(app.guard(lambda _: self.refresh()))

    def relabel(self) -> None:
        if not self.built:
            return
        self.switch.description = self.app.t("ss.live.auto")
        self.now.description = self.app.t("ss.live.now")
        self._stamp = None

    def active(self, on: bool) -> None:
        if not self.built:
            return
        on = bool(on) and self.switch.value and self.app.tabs.selected_index == TABS.index("live")
        if self.ticker.playing != on:
            self.ticker.playing = on

    def stamp(self) -> tuple:
        out = []
        for table in (PARTICIPANTS, RATINGS, EVALUATIONS, SESSIONS):
            try:
                st = self.app.store.path(table).stat()
                out.append((st.st_size, st.st_mtime_ns))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def poll(self) -> None:
        if self._shown_for != self.app.code or self.stamp() != self._stamp:
            self.refresh()

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        self._shown_for = a.code
        self._stamp = self.stamp()
        session = a.training.session(a.code) if a.code else None
        if session is None:
            self.header.value = f"<p>{html.escape(a.t('ss.pick_first'))}</p>"
            self.count.value = self.gain.value = ""
            self.chart.value = b""
            self.chart.layout.display = "none"
            return
        module = a.training.module(session.module)
        self.header.value = (
            f"<div style='font-size:1.5rem'>{html.escape(a.t('ss.live.join'))} "
            f"<strong class='session-code' style='font-size:2.6rem;letter-spacing:.25rem'>"
            f"{html.escape(session.session_id)}</strong></div>"
        )
        ratings = a.training.ratings(a.code)
        evals = a.training.evaluations(a.code)
        n = ratings["participant"].nunique()
        self.count.value = (
            f"<p style='font-size:1.3rem' data-rated='{n}'>"
            f"{html.escape(a.t('ss.live.count', n=n, evaluated=len(evals)))}</p>"
        )
        counts = a.training.distribution(ratings, module)
        item_labels = {
            key: f"{a.training.rating.aspect(key[1]).text(a.lang)} ({a.t(MOMENT_TEXT[key[2]])})"
            for key in counts.index
        }
        goals = {g.id: g.text(a.lang) for g in module.goals}
        from .. import charts  # matplotlib: imported on first use, not when the page opens

        fig = charts.answer_distribution(
            counts, item_labels, goals, legend_title=a.t("ss.live.legend"), xlabel=a.t("ss.live.xlabel")
        )
        self.chart.value = charts.png(fig, dpi=90)
        self.chart.layout.display = None
        gain = a.training.gain(ratings, module)
        rows = "".join(
            f"<tr><td>{html.escape(goals[g])}</td><td>{a.fmt(r.before)}</td><td>{a.fmt(r.after)}</td>"
            f"<td><strong>{a.fmt(r.gain, sign=True)}</strong></td></tr>"
            for g, r in gain.iterrows()
        )
        self.gain.value = (
            f"<table class='gain' style='font-size:1.1rem;border-spacing:1rem .3rem'><tr><th></th>"
            f"<th>{a.t('ss.before')}</th><th>{a.t('ss.after')}</th><th>{a.t('ss.gain')}</th></tr>{rows}</table>"
        )


# -- report -----------------------------------------------------------------------------------------
class ReportTab(_Lazy):
    def _build(self) -> None:
        app = self.app
        self.summary = _css(widgets.HTML(), "session-summary")
        self.chart = _css(widgets.Image(format="png", layout=widgets.Layout(max_width="48rem")), "gain-chart")
        self.make = _css(
            widgets.Button(button_style="primary", icon="file-pdf-o", layout=widgets.Layout(width="16rem")),
            "ss-report-button",
        )
        self.links = widgets.HTML()
        self.widget.children = [self.make, self.links, self.summary, self.chart]
        self.make.on_click(app.guard(lambda _: self.pdf()))

    def relabel(self) -> None:
        if not self.built:
            return
        self.make.description = self.app.t("ss.report.pdf")

    def data(self):
        a = self.app
        session = a.training.session(a.code)
        module = a.training.module(session.module)
        people = a.training.participants(a.code)
        ratings = a.training.ratings(a.code)
        gain = a.training.gain(ratings, module)
        ev = a.training.evaluation_summary(a.training.evaluations(a.code))
        return session, module, people, gain, ev

    def blocks(self, data) -> list[tuple[str, list[str]]]:
        a = self.app
        session, module, people, gain, ev = data
        names = cooperative_labels(a.store)
        present = people[people["present"]]
        per_coop = present.groupby("cooperative_id").size().sort_values(ascending=False)
        attendance = [a.t("ss.att.count", n=len(people), present=len(present))]
        attendance += [
            f"{names.get(c, a.t('ss.no_cooperative')) if c else a.t('ss.no_cooperative')}: {n}"
            for c, n in per_coop.items()
        ]
        named = sorted(present.loc[present["consent"] & (present["name"] != ""), "name"])
        if named:
            attendance.append(a.t("ss.report.named", names=", ".join(named)))
        goals = {g.id: g.text(a.lang) for g in module.goals}
        after_only = [x for x in a.training.rating.aspects if not x.before]
        learning = []
        for g, r in gain.iterrows():
            extra = "; ".join(f"{x.text(a.lang).rstrip('.')}: {a.fmt(r[x.id])}" for x in after_only)
            learning.append(
                f"{goals[g]} — {a.t('ss.before')} {a.fmt(r.before)} → {a.t('ss.after')} {a.fmt(r.after)} "
                f"({a.fmt(r.gain, sign=True)}, n={int(r.n)}); {extra}"
            )
        evaluation = [
            a.t(
                "ss.report.eval",
                n=ev["n"],
                relevance=a.fmt(ev["relevance"]),
                engagement=a.fmt(ev["engagement"]),
            )
        ]
        return [
            (a.t("ss.report.attendance"), attendance),
            (a.t("ss.report.learning"), learning),
            (a.t("ss.report.evaluation"), evaluation),
            (a.t("ss.report.tops"), ev["tops"]),
            (a.t("ss.report.tips"), ev["tips"]),
        ]

    def gain_png(self, data) -> bytes:
        a = self.app
        session, module, people, gain, ev = data
        goals = {g.id: g.text(a.lang) for g in module.goals}
        from .. import charts

        fig = charts.learning_gain(gain, goals, a.t("ss.before_long"), a.t("ss.after_long"), a.lang)
        return charts.png(fig, dpi=110)

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        self.links.value = ""
        self.make.disabled = a.code is None
        if a.code is None:
            self.summary.value = f"<p>{html.escape(a.t('ss.pick_first'))}</p>"
            self.chart.layout.display = "none"
            return
        parts = []
        data = self.data()  # read the session's tables once for the summary and the chart
        for heading, lines in self.blocks(data):
            items = (
                "".join(f"<li>{html.escape(x)}</li>" for x in lines)
                or f"<li>{html.escape(a.t('report.none'))}</li>"
            )
            parts.append(f"<h4>{html.escape(heading)}</h4><ul>{items}</ul>")
        self.summary.value = "".join(parts)
        self.chart.value = self.gain_png(data)
        self.chart.layout.display = None

    def pdf(self) -> None:
        a = self.app
        if a.code is None:
            return
        data = self.data()
        session, module, *_ = data
        from ..report import session_report_pdf

        pdf = session_report_pdf(
            title=a.t("ss.report.title", module=module.name(a.lang)),
            subtitle=f"{_day(session.date, a.lang)} · {session.place} · {session.trainer}",
            blocks=self.blocks(data),
            gain_png=self.gain_png(data),
            lang=a.lang,
            on=a.today,
        )
        name = f"summerschool-{module.id}-{session.date}-verslag.pdf"
        self.links.value = download_links({name: pdf}, {name: a.t("ss.report.download")})


# -- across sessions --------------------------------------------------------------------------------
class OverviewTab(_Lazy):
    def _build(self) -> None:
        self.body = _css(widgets.HTML(), "ss-overview")
        self.widget.children = [self.body]

    def relabel(self) -> None:
        if self.built:
            self.refresh()  # the tables are all text: redraw them in the new language

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        e = html.escape
        modules = a.training.modules
        names = cooperative_labels(a.store)

        by_module = a.training.gain_by_module()
        head = [
            a.t(OVERVIEW_TEXT[c]) for c in ("module", "sessions", "present", "rated", "gain", "relevance")
        ]
        rows = [
            [
                e(a.module_name(m)),
                count(r.sessions),
                count(r.present),
                count(r.rated),
                a.fmt(r.gain, sign=True),
                a.fmt(r.relevance),
            ]
            for m, r in by_module.iterrows()
        ]
        parts = [f"<h3>{e(a.t('ss.ov.per_module'))}</h3>", html_table("per-module", head, rows)]

        att = a.training.attendance()
        head = [a.t("ss.cooperative"), *(m.name(a.lang) for m in modules), a.t("ss.ov.total")]
        rows = [
            [
                e(names.get(c, c) if c else a.t("ss.no_cooperative")),
                *(count(r[m.id]) for m in modules),
                count(r["total"]),
            ]
            for c, r in att.iterrows()
        ]
        parts += [f"<h3>{e(a.t('ss.ov.attendance'))}</h3>", html_table("attendance", head, rows)]

        after = a.training.after_session()
        parts.append(f"<h3>{e(a.t('ss.ov.after'))}</h3><p>{e(a.t('ss.ov.after_intro'))}</p>")
        if len(after):
            summary = after.groupby(["module", "dimension_id"], sort=False).agg(
                n=("cooperative_id", "nunique"),
                before=("before", "mean"),
                after=("after", "mean"),
                change=("change", "mean"),
                others=("others_change", "mean"),
            )
            columns = ("module", "dimension", "coops", "before_round", "after_round", "change", "others")
            rows = [
                [
                    e(a.module_name(m)),
                    e(a.training.model.dimension(d).name(a.lang)),
                    count(r.n),
                    a.fmt(r.before),
                    a.fmt(r.after),
                    f"<strong>{a.fmt(r.change, sign=True)}</strong>",
                    a.fmt(r.others, sign=True),
                ]
                for (m, d), r in summary.iterrows()
            ]
            parts.append(html_table("after-session", [a.t(OVERVIEW_TEXT[c]) for c in columns], rows))
        else:
            parts.append(f"<p class='after-none'>{e(a.t('ss.ov.after_none'))}</p>")
        self.body.value = "".join(parts)


def count(value: object) -> str:
    """A count as a whole number ("3", never "3.0": pandas turns a row's ints into floats)."""
    return "–" if value is None or pd.isna(value) else str(int(value))


def html_table(css: str, head: list[str], rows: list[list[object]]) -> str:
    """A plain table; `head` is escaped here, the cells must already be safe HTML (or numbers)."""
    top = "".join(f"<th style='text-align:left'>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='{css}' style='border-spacing:1rem .2rem'><tr>{top}</tr>{body}</table>"
