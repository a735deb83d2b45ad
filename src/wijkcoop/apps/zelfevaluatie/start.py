"""The first step of Invullen: which cooperative (or register a new one), which round, who.

The rules (ids, rounds, names, a new cooperative's id) live in `selfeval`; this only shows them.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from ...i18n import t
from ...rules import ROUND_PATTERN
from ...tables import COOPERATIVE_KINDS
from ..common import Once, attempt, error_html, local_time, set_options
from .views import WIDE, FillState, ok_html


class StartStep:
    """Widgets and actions of the start panel (mixed into `FillIn`, which provides these)."""

    page_message: widgets.HTML
    conflict_message: widgets.HTML
    conflict_box: widgets.VBox
    overwrite_button: widgets.Button
    submit_once: Once

    def _to_page(self) -> None:
        raise NotImplementedError

    def _load(self) -> None:
        raise NotImplementedError

    def _make_start(self, app) -> None:
        self.app = app
        self.state = FillState()
        self._rounds_by_coop: dict[str, set[str]] | None = None
        self.intro = widgets.HTML()
        self.coop = widgets.Dropdown(layout=WIDE)
        self.round = widgets.Combobox(layout=widgets.Layout(width="20rem"), ensure_option=False)
        self.respondent = widgets.Text(layout=widgets.Layout(width="20rem"))
        self.start_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.start_message = widgets.HTML()
        # On paper instead: the questionnaire for the chosen cooperative and round, to print.
        self.print_button = widgets.Button(icon="print", layout=widgets.Layout(width="22rem"))
        self.print_button.add_class("print-questionnaire")
        self.print_links = widgets.HTML()
        self.new_name = widgets.Text(layout=WIDE)
        self.new_kind = widgets.Dropdown(layout=widgets.Layout(width="20rem"))
        self.new_area = widgets.Combobox(layout=WIDE, ensure_option=False)
        self.new_gemeente = widgets.Text(layout=WIDE)
        self.new_consent = widgets.Checkbox(value=False, indent=False, layout=WIDE)
        self.register_button = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.register_message = widgets.HTML()
        new = (self.new_name, self.new_kind, self.new_area, self.new_gemeente, self.new_consent)
        self.register_box = widgets.Accordion(
            children=[widgets.VBox([*new, self.register_button, self.register_message])]
        )
        self.start_panel = widgets.VBox(
            [
                self.intro,
                self.coop,
                self.register_box,
                self.round,
                self.respondent,
                self.start_button,
                self.start_message,
                self.print_button,
                self.print_links,
            ]
        )
        self.coop.observe(app.guard(lambda _: self._suggest_rounds()), names="value")
        self.start_button.on_click(app.guard(lambda _: self.start()))
        self.print_button.on_click(app.guard(lambda _: self.print_questionnaire()))
        self.register_once = Once(self.register_button, self.register, app.guard).watch(*new)

    def print_questionnaire(self) -> dict[str, bytes]:
        """The questionnaire as an A4 PDF for the cooperative and round chosen (blank where none is)."""
        from ...paper import questionnaire_pdf
        from ..common import download_links

        a = self.app
        coop = self.coop.value or ""
        if coop and not a.access.board_of(coop):
            coop = ""  # a crafted value: print a blank form, never another board's name
        name = next((label for label, value in self.coop.options if value == coop and coop), "")
        round_id = (self.round.value or "").strip()
        round_id = round_id if re.fullmatch(ROUND_PATTERN, round_id) else ""
        pdf = questionnaire_pdf(a.model, a.lang, name, coop, round_id)
        stem = "-".join(x for x in ("vragenlijst", coop, round_id) if x)
        files = {f"{stem}.pdf": pdf}
        self.print_links.value = download_links(files, {f"{stem}.pdf": a.t("paper.q.download")})
        return files

    def _relabel_start(self) -> None:
        a = self.app
        self.intro.value = f"<p>{html.escape(a.t('ze.fill.intro'))}</p>"
        self.coop.description = a.t("ze.cooperative")
        options = list(self.coop.options)
        if options and options[0][1] is None:  # "— kies —" in the chosen language
            set_options(self.coop, [(a.t("ze.choose"), None), *options[1:]])
        self.round.description = a.t("ze.round")
        self.round.placeholder = a.selfeval.current_round()
        self.respondent.description = a.t("ze.respondent")
        self.respondent.placeholder = a.t("ze.respondent.placeholder")
        self.start_button.description = a.t("ze.start")
        self.print_button.description = a.t("paper.q.button")
        self.register_box.titles = (a.t("ze.register.title"),)
        self.new_name.description = a.t("ze.register.name")
        self.new_kind.description = a.t("ze.register.kind")
        kinds = kind_labels(a.lang)
        self.new_kind.options = [(kinds[k], k) for k in COOPERATIVE_KINDS]
        self.new_area.description = a.t("ze.register.area")
        self.new_gemeente.description = a.t("ze.register.gemeente")
        self.new_consent.description = a.t("ze.register.consent")
        self.register_button.description = a.t("ze.register.button")

    def reload_register(self, select: str | None = None) -> None:
        coops = self.app.cooperatives()
        current = select or self.coop.value
        self.coop.options = [(self.app.t("ze.choose"), None)] + list(
            zip(coops["name"], coops["cooperative_id"], strict=True)
        )
        if current in set(coops["cooperative_id"]):
            self.coop.value = current
        else:
            self.coop.index = 0  # "— kies —"
        self.new_area.options = sorted(coops["doorbraakgebied"].unique())
        self._suggest_rounds()

    def _suggest_rounds(self) -> None:
        service = self.app.selfeval
        rounds = {service.current_round()}
        if self.coop.value:
            if self._rounds_by_coop is None:  # read the scores once per page, not per choice
                self._rounds_by_coop = service.rounds_with_scores()
            rounds |= self._rounds_by_coop.get(self.coop.value, set())
        self.round.options = sorted(rounds, reverse=True)
        if not self.round.value:
            self.round.value = service.current_round()

    def register(self) -> bool | None:
        a = self.app
        name = self.new_name.value

        def add() -> str:
            return a.selfeval.register(
                name,
                self.new_kind.value,
                self.new_area.value,
                self.new_gemeente.value,
                self.new_consent.value,
            )

        cid = attempt(add, self.register_message, a.lang, located=True)
        if not isinstance(cid, str):
            return None
        for w in (self.new_name, self.new_area, self.new_gemeente):
            w.value = ""
        self.new_consent.value = False
        self.reload_register(select=cid)
        self.register_box.selected_index = None
        self.register_message.value = ""
        name = a.cooperatives().set_index("cooperative_id").loc[cid, "name"]
        self.start_message.value = ok_html(a.t("ze.register.done", name=name))
        return True

    def checked_start(self, message: widgets.HTML) -> tuple[str, str, str] | None:
        """The cooperative, round and name chosen here, checked by the service (the browser can send
        anything); None, with the reason in `message`, when they do not pass. Also for paper entry."""
        a = self.app
        checked = attempt(
            lambda: a.selfeval.check_start(self.coop.value, self.round.value, self.respondent.value),
            message,
            a.lang,
        )
        return checked if isinstance(checked, tuple) else None

    def start(self) -> None:
        checked = self.checked_start(self.start_message)
        if checked is None:
            return
        self.start_message.value = ""
        self.page_message.value = ok_html(self._resume(*checked))
        self._to_page()

    def _resume(self, coop: str, round_id: str, respondent: str) -> str:
        """Begin with the draft on the server, else with what was sent, else empty; says which."""
        a = self.app
        resumed = a.selfeval.resume(coop, round_id, respondent)
        self.submit_once.fresh()  # a new filling-in: its submit is a new request
        self.overwrite_button.layout.display = "none"
        self.conflict_box.layout.display = "none"
        self.state.submitted_before = resumed.submitted_before
        self.state.draft = resumed.draft
        self._load()
        if resumed.source == "draft":
            return a.t("ze.resumed", time=local_time(resumed.draft.updated_at))
        return a.t("ze.correcting") if resumed.source == "sent" else a.t("ze.new")

    def _show_conflict(self, on_disk) -> None:
        a = self.app
        if on_disk is None:
            text = a.t("ze.draft.sent_elsewhere")
        else:
            text = a.t("ze.draft.changed_elsewhere", time=local_time(on_disk.updated_at))
        self.conflict_message.value = error_html(text)
        self.conflict_box.layout.display = None


def kind_labels(lang: str) -> dict[str, str]:
    """The kinds of cooperative in the register, in words."""
    return {
        "wijk": t("ze.kind.wijk", lang),
        "buurt": t("ze.kind.buurt", lang),
        "dorp": t("ze.kind.dorp", lang),
        "zorg": t("ze.kind.zorg", lang),
    }
