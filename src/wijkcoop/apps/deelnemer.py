"""Summerschool, participant's page: join a session with its code, rate yourself before/after, evaluate.

No account: the trainer's six-character session code is the way in, and only while the trainer keeps
the session open. Someone who joins again under the same name corrects their earlier answers.
Every value is checked on the server (`wijkcoop.room`) before it is written. The page imports neither
pandas nor numpy: a room of thirty phones is thirty kernels, and each holds only what it needs.
"""

from __future__ import annotations

import html
import logging
import os
import time
from datetime import date

import ipywidgets as widgets

from ..context import Context
from ..i18n import Locale
from ..join import code_from_query
from ..room import Room, Session
from ..tables import ROLES
from .common import FAILED, AppBase, Once, attempt, error_html, language_switch, set_options
from .forms import ROLE_TEXT, EvaluationForm, RatingForm

WIDE = widgets.Layout(width="26rem", max_width="100%")
log = logging.getLogger("wijkcoop.apps.deelnemer")


def ok_html(message: str) -> str:
    return f'<div class="wijkcoop-ok" role="status" style="color:#1f5e3a">{html.escape(message)}</div>'


# A page takes this many wrong codes a minute; more is guessing (docs/deploy.md works out the odds).
WRONG_CODES = 5
WRONG_CODE_WINDOW = 60.0  # seconds


class DeelnemerApp(AppBase):
    def __init__(self, data_dir: str | None = None, lang: str | None = None):
        self.context = Context(data_dir, lang=lang)
        self.store = self.context.store
        self.training = Room(self.store)
        self.status = widgets.HTML()
        self.language = language_switch(self.context.lang)
        self.check_storage(self.context)
        self.title = widgets.HTML()
        self.session: Session | None = None
        self.participant = ""
        self.rating_form: RatingForm | None = None
        self.evaluation_form = EvaluationForm(self.training.rating, self.lang)

        self.code_intro = widgets.HTML()
        self.code = widgets.Text(layout=widgets.Layout(width="12rem"))
        self.code.add_class("join-code")
        self.join_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="12rem"))
        self.join_button.add_class("join-button")
        self.code_message = widgets.HTML()
        self.code_step = widgets.VBox(
            [self.code_intro, widgets.HBox([self.code, self.join_button]), self.code_message]
        )

        self.session_info = widgets.HTML()
        self.who_intro = widgets.HTML()
        self.who = widgets.Text(layout=WIDE)
        self.who.add_class("who-name")
        self.consent = widgets.Checkbox(indent=False, layout=WIDE)
        self.consent.add_class("who-consent")
        self.coop = widgets.Dropdown(layout=WIDE)
        self.coop.add_class("who-coop")
        self.role = widgets.Dropdown(layout=WIDE)
        self.role.add_class("who-role")
        self.who_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="12rem"))
        self.who_button.add_class("who-next")
        self.who_message = widgets.HTML()
        self.who_step = widgets.VBox(
            [self.who_intro, self.who, self.consent, self.coop, self.role, self.who_button, self.who_message]
        )

        # One learning goal per screen (a phone shows one without scrolling far): where we are, the
        # goal's rows, back / next, and on the last goal the send button.
        self.goal_index = 0
        self.goal_progress = widgets.HTML()
        self.rating_box = widgets.VBox()
        self.rating_box.add_class("rating-form")
        self.back_button = widgets.Button(layout=widgets.Layout(width="8rem"))
        self.back_button.add_class("step-back")
        self.next_goal_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="10rem"))
        self.next_goal_button.add_class("goal-next")
        self.rating_button = widgets.Button(button_style="success", layout=widgets.Layout(width="14rem"))
        self.rating_button.add_class("ratings-submit")
        self.rating_message = widgets.HTML()
        nav = widgets.HBox([self.back_button, self.next_goal_button, self.rating_button])
        nav.add_class("step-nav")
        self.rating_step = widgets.VBox([self.goal_progress, self.rating_box, self.rating_message, nav])

        self.eval_intro = widgets.HTML()
        self.eval_back = widgets.Button(layout=widgets.Layout(width="8rem"))
        self.eval_back.add_class("step-back")
        self.eval_button = widgets.Button(button_style="success", layout=widgets.Layout(width="14rem"))
        self.eval_button.add_class("eval-submit")
        self.eval_message = widgets.HTML()
        eval_nav = widgets.HBox([self.eval_back, self.eval_button])
        eval_nav.add_class("step-nav")
        self.eval_step = widgets.VBox(
            [self.eval_intro, self.evaluation_form.widget, self.eval_message, eval_nav]
        )

        self.thanks_text = widgets.HTML()
        self.thanks_text.add_class("thanks")
        self.withdraw = widgets.Button(layout=widgets.Layout(width="20rem", max_width="100%"))
        self.withdraw.add_class("withdraw-consent")
        self.withdraw_message = widgets.HTML()
        self.thanks = widgets.VBox([self.thanks_text, self.withdraw, self.withdraw_message])
        self.body = widgets.VBox([self.code_step])
        self.widget = widgets.VBox(
            [self.title, self.language, self.status, self.session_info, self.body],
            layout=widgets.Layout(max_width="60rem", padding="0 .75rem"),
        )
        self.widget.add_class("wijkcoop-deelnemer")

        self.join_button.on_click(self.guard(lambda _: self.join()))
        self.who_once = Once(self.who_button, self.identify, self.guard).watch(
            self.who, self.consent, self.coop, self.role
        )
        self.rating_once = Once(self.rating_button, self.submit_ratings, self.guard)
        self.eval_once = Once(self.eval_button, self.submit_evaluation, self.guard).watch(
            *self.evaluation_form.inputs
        )
        self.back_button.on_click(self.guard(lambda _: self.back()))
        Once(self.withdraw, self.withdraw_consent, self.guard)
        self.next_goal_button.on_click(self.guard(lambda _: self.next_goal()))
        self.eval_back.on_click(self.guard(lambda _: self.back_to_ratings()))
        self.who.observe(self.guard(lambda _: self._recognise()), names="value")
        self.language.observe(self.guard(lambda _: self.relabel()), names="value")
        self._recognised = ""
        self._wrong_codes: list[float] = []
        self.relabel()
        code = code_from_query(os.environ.get("QUERY_STRING", ""))
        if code:  # opened from the trainer's QR code: straight into the session
            self.code.value = code
            self.join()

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:.3rem 0'>{html.escape(self.t('ss.p.title'))}</h2>"
        self.code_intro.value = f"<p>{html.escape(self.t('ss.p.code_intro'))}</p>"
        self.code.placeholder = "ABC234"
        self.join_button.description = self.t("ss.p.join")
        self.who_intro.value = f"<p>{html.escape(self.t('ss.p.who_intro'))}</p>"
        self.who.description = self.t("ss.p.who")
        self.who.placeholder = self.t("ss.p.who_placeholder")
        self.consent.description = self.t("ss.p.consent")
        self.coop.description = self.t("ss.cooperative")
        self.role.description = self.t("ss.role")
        set_options(self.role, [(self.t("ss.choose"), "")] + [(self.t(ROLE_TEXT[r]), r) for r in ROLES])
        if self.coop.options:  # "(no cooperative)" in the chosen language
            set_options(self.coop, [(self.t("ss.no_cooperative"), ""), *list(self.coop.options)[1:]])
        self.who_button.description = self.t("ss.p.next")
        self.rating_button.description = self.t("ss.p.send_ratings")
        self.back_button.description = self.eval_back.description = self.t("ss.p.back")
        self.next_goal_button.description = self.t("ss.p.next_goal")
        if self.rating_form is not None:
            self._show_progress()
        self.eval_intro.value = f"<h3>{html.escape(self.t('ss.p.eval_title'))}</h3>"
        self.eval_button.description = self.t("ss.p.send_eval")
        self.evaluation_form.relabel(self.lang)
        if self.rating_form is not None:
            self.rating_form.relabel(self.lang)
        for w in (self.who, self.coop, self.role):
            w.style.description_width = "9rem"
        self._show_session()
        if self.body.children and self.body.children[0] is self.thanks:
            self._thank()

    # -- steps --------------------------------------------------------------------------------------
    def join(self) -> None:
        if self.body.children and self.body.children[0] is not self.code_step:
            log.warning("join refused: not at the code step")
            return
        now = time.monotonic()
        self._wrong_codes = [t for t in self._wrong_codes if now - t < WRONG_CODE_WINDOW]
        if len(self._wrong_codes) >= WRONG_CODES:  # guessing: a person mistypes a few times, not dozens
            self.code_message.value = error_html(self.t("ss.p.too_many_codes"))
            log.warning("join refused: %d wrong codes within a minute", len(self._wrong_codes))
            return
        session = self.training.session(self.code.value)
        if session is None:
            self._wrong_codes.append(now)
            log.warning("wrong session code %r", str(self.code.value)[:12])
            self.code_message.value = error_html(self.t("ss.unknown_code", code=self.code.value.strip()))
            return
        if not session.open:
            self.code_message.value = error_html(self.t("ss.closed"))
            return
        self.session = session
        self.code_message.value = ""
        set_options(self.coop, [(self.t("ss.no_cooperative"), ""), *self.training.cooperatives()])
        module = self.training.module(session.module)
        assert module is not None  # a session's module was checked when it was made
        self.rating_form = RatingForm(self.training.rating, module, self.lang)
        self.rating_once.watch(*self.rating_form.toggles.values())
        self.rating_box.children = [self.rating_form.widget]
        self._show_session()
        self._recognised = ""
        self._recognise()
        self.body.children = [self.who_step]

    def _recognise(self) -> None:
        """Someone who joins again under the same name finds their earlier choices filled in.

        Without this the "who are you" step started empty, and going on stored the person again
        without their consent and cooperative: a silent change of the attendance in the report.
        """
        if self.session is None:
            return
        row = self.training.person(self.joined.session_id, self.who.value or "")
        if row is None or row["participant"] == self._recognised:
            return
        known = row["participant"]
        self._recognised = known
        self.consent.value = row["consent"] == "1"
        coops = {value for _, value in self.coop.options}
        self.coop.value = row["cooperative_id"] if row["cooperative_id"] in coops else ""
        if row["role"] in {value for _, value in self.role.options}:
            self.role.value = row["role"]
        self.who_message.value = ok_html(self.t("ss.p.welcome_back", who=known))

    def at(self, step: widgets.Widget, action: str) -> bool:
        """Is the page at this step? Every button checks it on the server: the browser can click a button
        that is hidden (an evaluation before any rating, a rating before joining)."""
        if self.session is not None and self.body.children and self.body.children[0] is step:
            return True
        log.warning("%s refused: not at its step", action)
        return False

    @property
    def joined(self) -> Session:
        """The session this page joined (the steps after the code are only reachable with one)."""
        assert self.session is not None
        return self.session

    @property
    def form(self) -> RatingForm:
        assert self.rating_form is not None
        return self.rating_form

    def identify(self) -> bool | None:
        if not self.at(self.who_step, "identify"):
            return None
        result = attempt(
            lambda: self.training.register(
                self.joined.session_id,
                self.who.value,
                consent=self.consent.value,
                cooperative_id=self.coop.value or "",
                role=self.role.value or "",
                present=True,
                entered_by="deelnemer",
            ),
            self.who_message,
            self.lang,
        )
        if result is FAILED:
            return None
        again = self.participant == str(result)  # back to correct a name or a tick: keep the answers given
        self.participant = str(result)
        self.who_message.value = ""
        if not again:
            earlier = self.training.ratings_of(self.joined.session_id, self.participant)
            self.form.load(earlier)
            self.rating_message.value = ok_html(self.t("ss.p.earlier")) if len(earlier) else ""
        self.show_goal(0)
        self.body.children = [self.rating_step]
        return True

    # -- one learning goal per screen ---------------------------------------------------------------
    def show_goal(self, index: int) -> None:
        goals = list(self.form.goal_boxes)
        self.goal_index = max(0, min(index, len(goals) - 1))
        box = self.form.goal_boxes[goals[self.goal_index]]
        self.rating_box.children = [self.form.intro, box] if self.goal_index == 0 else [box]
        last = self.goal_index == len(goals) - 1
        self.next_goal_button.layout.display = "none" if last else None
        self.rating_button.layout.display = None if last else "none"
        self._show_progress()

    def _show_progress(self) -> None:
        total = len(self.form.goal_boxes)
        step = self.t("ss.p.goal_of", n=self.goal_index + 1, total=total)
        self.goal_progress.value = f"<p class='goal-progress' aria-live='polite'>{html.escape(step)}</p>"

    def next_goal(self) -> None:
        """On to the next learning goal once this one's rows all have an answer; the ones without are
        marked and counted (checked here: the browser can click a hidden button)."""
        if not self.at(self.rating_step, "next goal") or not self.participant:
            return
        goals = list(self.form.goal_boxes)
        missing = self.form.missing(goals[self.goal_index])
        if missing:
            self.rating_message.value = error_html(self.t("ss.p.goal_missing", n=len(missing)))
            return
        self.rating_message.value = ""
        self.show_goal(self.goal_index + 1)

    def back(self) -> None:
        """One screen back: the previous learning goal, or from the first to "who are you"."""
        if not self.at(self.rating_step, "back"):
            return
        self.rating_message.value = ""
        if self.goal_index > 0:
            self.show_goal(self.goal_index - 1)
            return
        self.who_once.fresh()
        self.body.children = [self.who_step]

    def back_to_ratings(self) -> None:
        if not self.at(self.eval_step, "back"):
            return
        self.rating_once.fresh()
        self.eval_message.value = ""
        self.show_goal(len(self.form.goal_boxes) - 1)
        self.body.children = [self.rating_step]

    def submit_ratings(self) -> bool | None:
        if not self.at(self.rating_step, "ratings") or not self.participant:
            return None
        result = attempt(
            lambda: self.training.save_ratings(
                self.joined.session_id, self.participant, self.form.values(), entered_by="deelnemer"
            ),
            self.rating_message,
            self.lang,
        )
        if result is FAILED:
            self.form.missing(list(self.form.goal_boxes)[self.goal_index])
            return None
        n = result
        self.eval_message.value = ok_html(self.t("ss.p.ratings_saved", n=n))
        self.evaluation_form.load(self.training.evaluation_of(self.joined.session_id, self.participant))
        self.body.children = [self.eval_step]
        return True

    def submit_evaluation(self) -> bool | None:
        if not self.at(self.eval_step, "evaluation") or not self.participant:
            return None
        result = attempt(
            lambda: self.training.save_evaluation(
                self.joined.session_id,
                self.participant,
                **self.evaluation_form.values(),
                entered_by="deelnemer",
            ),
            self.eval_message,
            self.lang,
        )
        if result is FAILED:
            return None
        self._thank()
        self.body.children = [self.thanks]
        return True

    # -- display ------------------------------------------------------------------------------------
    def _show_session(self) -> None:
        s = self.session
        if s is None:
            self.session_info.value = ""
            return
        module = self.training.module(s.module)
        assert module is not None  # a session's module was checked when it was made
        day = _day(s.date, self.lang)
        self.session_info.value = (
            f"<div class='session-info' style='background:#eef4fa;padding:.5rem .8rem;margin:.4rem 0'>"
            f"<strong>{html.escape(module.name(self.lang))}</strong> · {html.escape(day)} · "
            f"{html.escape(s.place)}</div>"
        )

    def withdraw_consent(self) -> bool | None:
        """ "Noem mijn naam niet meer": consent withdrawn, the name gone from every report from now on."""
        if not self.at(self.thanks, "withdraw consent") or not self.participant:
            return None
        result = attempt(
            lambda: self.training.withdraw_consent(self.joined.session_id, self.participant, "deelnemer"),
            self.withdraw_message,
            self.lang,
        )
        if result is FAILED:
            return None
        self.withdraw.layout.display = "none"
        self.withdraw_message.value = ok_html(self.t("ss.p.consent_withdrawn"))
        return True

    def _thank(self) -> None:
        module = self.training.module(self.joined.module)
        assert module is not None  # a session's module was checked when it was made
        row = self.training.person(self.joined.session_id, self.participant) if self.participant else None
        named = row is not None and row["consent"] == "1"
        self.withdraw.description = self.t("ss.p.withdraw")
        self.withdraw.layout.display = None if named else "none"
        questions = "".join(f"<li>{html.escape(q(self.lang))}</li>" for q in module.reflection)
        self.thanks_text.value = (
            f"<h3>{html.escape(self.t('ss.p.thanks'))}</h3>"
            f"<p>{html.escape(self.t('ss.p.reflect'))}</p><ul class='reflection'>{questions}</ul>"
        )


def _day(iso: str, lang: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return Locale(lang).day(d)
