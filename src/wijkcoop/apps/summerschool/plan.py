"""Sessie and Aanwezig: plan a session and read its module; keep the attendance."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...i18n import t
from ...tables import COOPERATIVES, ROLES
from ..common import FAILED, Once, attempt, set_options
from ..deelnemer import _day, ok_html
from ..forms import ROLE_TEXT
from .views import COOLDOWN, WIDE, Tab, _css


class PlanTab(Tab):
    def build(self) -> None:
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
        # Paper forms for whoever has no phone: the session code and a QR code on each.
        self.print_button = _css(
            widgets.Button(icon="print", layout=widgets.Layout(width="20rem")), "print-session"
        )
        self.print_links = widgets.HTML()
        self.print_button.on_click(app.guard(lambda _: self.print_forms()))
        self.widget.children = [
            self.info,
            widgets.HBox([self.toggle_open, self.print_button]),
            self.print_links,
            form,
            self.content,
        ]
        self.create_once = Once(self.create, self.create_session, app.guard).watch(
            self.module, self.day, self.place, self.trainer
        )
        # Open/close has no inputs: a repeat within a few seconds is the same click delivered twice.
        Once(self.toggle_open, self.flip_open, app.guard, cooldown=COOLDOWN)
        self.module.observe(app.guard(lambda _: self.refresh()), names="value")

    def print_forms(self) -> dict[str, bytes]:
        """The session form as an A4 PDF, with the code and a QR code of the participant page."""
        from ...join import participant_url
        from ...paper import session_form_pdf
        from ..common import download_links

        a = self.app
        session = a.training.session(a.code or "") if a.code else None
        if session is None:
            self.print_links.value = f"<p>{html.escape(a.t('ss.pick_first'))}</p>"
            return {}
        module = a.training.module(session.module)
        pdf = session_form_pdf(
            module,
            a.training.rating,
            a.lang,
            session.session_id,
            participant_url(session.session_id),
            session.date,
            session.place,
        )
        name = f"summerschool-{session.module}-{session.session_id}-formulier.pdf"
        self.print_links.value = download_links({name: pdf}, {name: a.t("paper.s.download")})
        return {name: pdf}

    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.print_button.description = a.t("paper.s.button")
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

    def create_session(self) -> bool | None:
        a = self.app
        result = attempt(
            lambda: a.training.create_session(
                self.module.value, self.day.value, self.place.value, self.trainer.value
            ),
            self.message,
            a.lang,
        )
        if result is FAILED:
            return None
        code = result
        self.message.value = ok_html(a.t("ss.plan.created", code=code))
        a.reload_sessions(select=code)
        return True

    def flip_open(self) -> bool | None:
        a = self.app
        session = a.training.session(a.code or "")
        if session is None:
            return None
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
                "<div class='session-card'>"
                f"<div>{html.escape(module.name(a.lang))} · {html.escape(_day(session.date, a.lang))} · "
                f"{html.escape(session.place)} · {html.escape(session.trainer)} · "
                f"<em>{html.escape(state)}</em></div>"
                f"<div style='font-size:1.1rem;margin-top:.3rem'>{html.escape(a.t('ss.code_intro'))} "
                f"<strong class='session-code'>"
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


class AttendanceTab(Tab):
    def build(self) -> None:
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
        # Someone who no longer wants to be named (asked in person, by mail): consent withdrawn.
        self.withdraw_who = _css(widgets.Dropdown(layout=WIDE), "withdraw-who")
        self.withdraw = _css(widgets.Button(layout=widgets.Layout(width="20rem")), "withdraw-trainer")
        self.withdraw_message = widgets.HTML()
        self.widget.children = [
            self.summary,
            self.rows,
            self.save,
            self.message,
            widgets.HBox([self.withdraw_who, self.withdraw]),
            self.withdraw_message,
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
        Once(self.withdraw, self.withdraw_consent, app.guard).watch(self.withdraw_who)

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
        self.withdraw_who.description = a.t("ss.att.withdraw_who")
        self.withdraw.description = a.t("ss.att.withdraw")
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
        named = [(f"{r.participant} ({r.name})", r.participant) for r in people.itertuples() if r.consent]
        set_options(self.withdraw_who, [(a.t("ss.choose"), ""), *named])
        self.withdraw.disabled = not named
        present = int(people["present"].sum())
        count = a.t("ss.att.count", n=len(people), present=present)
        self.summary.value = f"<p class='attendance-count'>{html.escape(count)}</p>"

    def save_presence(self) -> bool | None:
        a = self.app
        changed = a.training.set_presence(a.code, {p: box.value for p, box in self.checks.items()})
        self.refresh()
        self.message.value = ok_html(a.t("ss.att.saved", n=changed))
        return True

    def withdraw_consent(self) -> bool | None:
        a = self.app
        who = self.withdraw_who.value
        if not who or a.code is None:
            return None
        result = attempt(
            lambda: a.training.withdraw_consent(a.code, who, "trainer"), self.withdraw_message, a.lang
        )
        if result is FAILED:
            return None
        self.refresh()
        self.withdraw_message.value = ok_html(a.t("ss.att.withdrawn", who=who))
        return True

    def add_participant(self) -> bool | None:
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
            return None
        who = result
        self.who.value = ""
        self.consent.value = False
        self.refresh()
        self.add_message.value = ok_html(a.t("ss.att.added", who=who))
        return True
