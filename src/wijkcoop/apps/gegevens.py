"""The zelfevaluatie app's *Gegevens* tab: import a sheet or form export, export data, see the history.

Import is two steps: *Controleren* reads and checks the file and shows how it was understood (layout,
which column became which statement, what was ignored) and every problem with row and column; only a
file without problems can then be imported, in one save. Export gives a cooperative, a doorbraakgebied or
everything as xlsx or as CSV for Dutch Excel. History shows, for one cooperative and round, every answer
that was corrected: the earlier values with their dates and the current one.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import ipywidgets as widgets
import pandas as pd

from ..problems import ProblemsError
from ..tables import SCORES
from .common import FAILED, Page, TwoStep, attempt, download_links, error_html, local_time, set_options

if TYPE_CHECKING:
    from ..importer import Mapping
    from ..privacy import RetentionPlan

WIDE = widgets.Layout(width="30rem", max_width="100%")
FROM_FILE = ""
IGNORE = "negeren"  # importer.IGNORE (the importer is loaded on the first check, not with the tab)
DONT_KNOW = "weet-niet"


def _text(message: str) -> str:
    """Escaped text in which `this` becomes code, as in the messages' own notation."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(message))


def _ok(message: str) -> str:
    return f'<div class="wijkcoop-ok" role="status" style="color:#1f5e3a">{html.escape(message)}</div>'


class DataTab(Page):
    def __init__(self, app):
        self.app = app
        self.plan = None
        self.widget = widgets.VBox()

    def build(self) -> None:
        a = self.app
        self.import_title = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".xlsx,.csv,.txt", multiple=False)
        self.upload.add_class("import-upload")
        self.mapping = widgets.FileUpload(accept=".yaml,.yml,.csv,.txt", multiple=False)
        self.mapping.add_class("import-mapping")
        self.mapping_label = widgets.HTML()
        self.coop = widgets.Dropdown(layout=WIDE)
        self.coop.add_class("import-coop")
        self.round = widgets.Text(layout=widgets.Layout(width="18rem"))
        self.round.add_class("import-round")
        self.check = widgets.Button(button_style="primary", layout=widgets.Layout(width="14rem"))
        self.check.add_class("import-check")
        self.go = widgets.Button(button_style="success", layout=widgets.Layout(width="14rem"), disabled=True)
        self.go.add_class("import-go")
        self.progress = widgets.IntProgress(
            min=0, max=100, layout=widgets.Layout(width="30rem", display="none")
        )
        self.report = widgets.HTML()
        self.report.add_class("import-report")
        # The mapping a volunteer makes when columns or answers were not recognised (built per check).
        self.mapper = widgets.VBox(layout=widgets.Layout(display="none"))
        self.mapper.add_class("import-mapper")
        self.recheck = widgets.Button(button_style="primary", layout=widgets.Layout(width="22rem"))
        self.recheck.add_class("import-recheck")
        # An import that registers cooperatives asks first (a new id may be a typo the check cannot see).
        self.confirm_new = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(display="none"))
        self.confirm_new.add_class("import-confirm-new")
        self.keep_mapping = widgets.Checkbox(value=True, indent=False)
        self.keep_mapping.add_class("import-keep-mapping")
        self.column_choices: dict[str, widgets.Dropdown] = {}
        self.label_choices: dict[str, widgets.Dropdown] = {}
        self.role_choices: dict[str, widgets.Dropdown] = {}
        self.made: Mapping | None = None  # the Mapping made on this screen, for the next check
        self.plan_chosen: Mapping | None = (
            None  # the Mapping the last check used (uploaded, saved, made here)
        )

        self.export_title = widgets.HTML()
        self.scope = widgets.Dropdown(layout=WIDE)
        self.scope.add_class("export-scope")
        self.format = widgets.ToggleButtons(options=[("Excel (xlsx)", "xlsx"), ("CSV", "csv")], value="xlsx")
        self.export_button = widgets.Button(layout=widgets.Layout(width="14rem"))
        self.export_button.add_class("export-button")
        self.export_links = widgets.HTML()

        self.history_title = widgets.HTML()
        self.history_coop = widgets.Dropdown(layout=WIDE)
        self.history_coop.add_class("history-coop")
        self.history_round = widgets.Dropdown(layout=widgets.Layout(width="18rem"))
        self.history_round.add_class("history-round")
        self.history_button = widgets.Button(layout=widgets.Layout(width="14rem"))
        self.history_button.add_class("history-button")
        self.history = widgets.HTML()
        self.history.add_class("history")

        # AVG, for a beheerder: a person's own data (inzage) and the audit log.
        self.privacy_title = widgets.HTML()
        self.inzage_who = widgets.Text(layout=WIDE)
        self.inzage_who.add_class("inzage-who")
        self.inzage_coop = widgets.Dropdown(layout=WIDE)
        self.inzage_coop.add_class("inzage-coop")
        self.inzage_format = widgets.ToggleButtons(options=[("Excel (xlsx)", "xlsx"), ("JSON", "json")])
        self.inzage_button = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.inzage_button.add_class("inzage-make")
        self.inzage_links = widgets.HTML()
        # Erasure (art. 17) of the person named above: first what would go, then a second button.
        changed = lambda: a.t("gd.retention_changed")  # noqa: E731
        self.erasing = TwoStep("erase", self._look_erasure, self._erase, a.guard, changed)
        for field in (self.inzage_who, self.inzage_coop):  # another person: look again first
            field.observe(a.guard(lambda _: self.erasing.withdraw()), names="value")
        self.audit_button = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.audit_button.add_class("audit-show")
        self.audit_view = widgets.HTML()
        self.audit_view.add_class("audit-log")
        # The retention policy: first what would go, then (a second button) remove exactly that.
        self.retention_title = widgets.HTML()
        self.retention = TwoStep("retention", self._look_retention, self._retain, a.guard, changed)
        self.privacy_box = widgets.VBox(
            [
                self.privacy_title,
                self.inzage_who,
                self.inzage_coop,
                self.inzage_format,
                self.inzage_button,
                self.inzage_links,
                *self.erasing.widgets,
                self.audit_button,
                self.audit_view,
                self.retention_title,
                *self.retention.widgets,
            ]
        )
        if not a.access.admin:  # the beheerder's (and refused on the server too)
            self.privacy_box.layout.display = "none"

        self.import_box = widgets.VBox(
            [
                self.import_title,
                self.upload,
                self.coop,
                self.round,
                self.mapping_label,
                self.mapping,
                widgets.HBox([self.check, self.go]),
                self.progress,
                self.report,
                self.confirm_new,
                self.mapper,
            ]
        )
        if not a.access.admin:  # importing is the beheerder's (and refused on the server too)
            self.import_box.layout.display = "none"
        self.widget.children = [
            self.import_box,
            self.export_title,
            self.scope,
            self.format,
            self.export_button,
            self.export_links,
            self.history_title,
            self.history_coop,
            self.history_round,
            self.history_button,
            self.history,
            self.privacy_box,
        ]
        self.inzage_button.on_click(a.guard(lambda _: self.inzage()))
        self.audit_button.on_click(a.guard(lambda _: self.show_audit()))
        self.check.on_click(a.guard(lambda _: self.check_file()))
        self.recheck.on_click(a.guard(lambda _: self.check_with_choices()))
        self.go.on_click(a.guard(lambda _: self.run()))
        self.upload.observe(a.guard(lambda _: self._changed()), names="value")
        for w in (self.coop, self.round, self.mapping):
            w.observe(a.guard(lambda _: self._changed()), names="value")
        self.export_button.on_click(a.guard(lambda _: self.export()))
        self.history_coop.observe(a.guard(lambda _: self._history_rounds()), names="value")
        self.history_button.on_click(a.guard(lambda _: self.show_history()))

    # -- labels and choices ------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.import_title.value = (
            f"<h3>{html.escape(a.t('gd.import'))}</h3><p>{_text(a.t('gd.import_intro'))}</p>"
        )
        self.upload.description = a.t("gd.upload")
        self.mapping.description = a.t("gd.mapping_upload")
        self.mapping_label.value = f"<p style='margin:.4rem 0 0 0'>{_text(a.t('gd.mapping_intro'))}</p>"
        self.coop.description = a.t("gd.coop")
        self.round.description = a.t("gd.round")
        self.round.placeholder = a.t("gd.round_hint")
        self.check.description = a.t("gd.check")
        self.recheck.description = a.t("gd.map_recheck")
        self.keep_mapping.description = a.t("gd.map_keep")
        self.go.description = a.t("gd.go")
        self.export_title.value = f"<h3>{html.escape(a.t('gd.export'))}</h3>"
        self.scope.description = a.t("gd.scope")
        self.export_button.description = a.t("gd.export_button")
        self.history_title.value = (
            f"<h3>{html.escape(a.t('gd.history'))}</h3><p>{html.escape(a.t('gd.history_intro'))}</p>"
        )
        self.history_coop.description = a.t("gd.coop_short")
        self.history_round.description = a.t("gd.round")
        self.history_button.description = a.t("gd.history_button")
        self.privacy_title.value = (
            f"<h3>{html.escape(a.t('gd.privacy'))}</h3><p>{html.escape(a.t('gd.privacy_intro'))}</p>"
        )
        self.inzage_who.description = a.t("gd.inzage_who")
        self.inzage_coop.description = a.t("gd.coop_short")
        self.inzage_button.description = a.t("gd.inzage_button")
        self.audit_button.description = a.t("gd.audit_button")
        self.retention_title.value = (
            f"<h4>{html.escape(a.t('gd.retention'))}</h4><p>{html.escape(a.t('gd.retention_intro'))}</p>"
        )
        self.erasing.show.description = a.t("gd.erase_show")
        self.erasing.apply.description = a.t("gd.erase_apply")
        self.retention.show.description = a.t("gd.retention_show")
        self.retention.apply.description = a.t("gd.retention_apply")
        for w in (
            self.coop,
            self.round,
            self.scope,
            self.history_coop,
            self.history_round,
            self.inzage_who,
            self.inzage_coop,
        ):
            w.style.description_width = "8rem"
        self.refresh()

    def refresh(self) -> None:
        self.ensure()
        a = self.app
        register = a.cooperatives()
        pairs = list(zip(register["name"], register["cooperative_id"], strict=True))
        keep = self.coop.value
        self.coop.options = [(a.t("gd.from_file"), FROM_FILE), *pairs]
        self.coop.value = keep if keep in {v for _, v in self.coop.options} else FROM_FILE
        areas = sorted(set(register["doorbraakgebied"]), key=str.casefold) if a.access.admin else []
        keep = self.scope.value
        self.scope.options = (
            ([(a.t("gd.everything"), ("all", ""))] if a.access.admin else [])
            + [(a.t("gd.area", area=x), ("area", x)) for x in areas]
            + [(name, ("coop", cid)) for name, cid in pairs]
        )
        values = [v for _, v in self.scope.options]
        self.scope.value = keep if keep in values else (values[0] if values else None)
        keep = self.history_coop.value
        self.history_coop.options = pairs
        ids = [v for _, v in pairs]
        self.history_coop.value = keep if keep in ids else (ids[0] if ids else None)
        set_options(self.inzage_coop, [(a.t("gd.inzage_all"), ""), *pairs])
        self._history_rounds()

    # -- import ------------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.plan = None
        self.go.disabled = True
        self.made = None  # another file (or mapping file): choices made for the previous one do not apply
        self.mapper.layout.display = "none"

    def _file(self, upload: widgets.FileUpload) -> tuple[str, bytes] | None:
        if not upload.value:
            return None
        item = upload.value[0]
        return str(item["name"]), bytes(item["content"])

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.layout.display = None
        from ..importer import STAGE_TEXT

        self.progress.description = self.app.t(STAGE_TEXT[stage])
        self.progress.value = int(100 * done / total) if total else 100

    def check_file(self, made: Mapping | None = None) -> None:
        from ..importer import plan_import, read_mapping

        a = self.app
        self.plan = None
        self.go.disabled = True
        if not a.permitted(a.access.admin, "import check", self.report):
            return
        upload = self._file(self.upload)
        if upload is None:
            self.report.value = error_html(a.t("gd.no_file"))
            return
        name, data = upload
        mapping = made
        mapped = self._file(self.mapping)
        if mapping is None and mapped is not None:
            try:
                mapping = read_mapping(mapped[1], mapped[0])
            except ProblemsError as exc:
                self.report.value = error_html(exc.format(a.lang))
                return
        round_id = self.round.value.strip() or None
        coop = self.coop.value or None
        if coop is not None and coop not in {v for _, v in self.coop.options}:
            coop = None  # the browser can send anything; only listed cooperatives count
        plan = plan_import(
            a.store, data, name, mapping=mapping, cooperative=coop, round_id=round_id, progress=self._progress
        )
        self.plan_chosen = plan.chosen
        self.made = made
        self.report.value = self._describe(plan)
        self._show_mapper(plan)
        self.confirm_new.value = False
        self.confirm_new.layout.display = "none"
        if plan.ok and plan.new_cooperatives:
            self.confirm_new.description = a.t("gd.confirm_new", n=len(plan.new_cooperatives))
            self.confirm_new.layout.display = None
        if plan.ok:
            self.plan = plan
            self.go.disabled = False

    # -- the mapping a volunteer makes ------------------------------------------------------------------
    def _show_mapper(self, plan) -> None:
        """Choices for what the check did not recognise: a statement (or negeren) per unmatched column,
        the respondent and date columns, a score per unknown answer label. Shown for a wide file."""
        a = self.app
        needs = (
            plan.layout == "wide"
            and bool(plan.headers)
            and (plan.ignored or plan.unknown_labels or not plan.ok or self.made is not None)
        )
        if not needs:
            self.mapper.layout.display = "none"
            return
        model = a.model
        chosen = plan.chosen
        statements = [(a.t("gd.map_ignore"), IGNORE)] + [
            (f"{sid} {model.statement_text(sid, a.lang)[:70]}", sid) for sid in model.statement_ids
        ]
        headers = [h for h in plan.headers if h]
        rows = [
            widgets.HTML(f"<h4>{html.escape(a.t('gd.map_title'))}</h4><p>{_text(a.t('gd.map_intro'))}</p>")
        ]
        self.role_choices = {}
        for kind, key in (("respondent", "gd.map_respondent"), ("date", "gd.map_date")):
            found = plan.roles.get(kind, "")
            auto = a.t("gd.map_auto", column=found[:50]) if found else a.t("gd.map_none")
            pick = widgets.Dropdown(
                options=[(auto, ""), *((h[:80], h) for h in headers)],
                description=a.t(key),
                layout=WIDE,
                style={"description_width": "12rem"},
            )
            pick.value = chosen.roles.get(kind, "") if chosen.roles.get(kind, "") in headers else ""
            pick.add_class(f"map-{kind}")
            pick.add_class("map-choice")
            self.role_choices[kind] = pick
            rows.append(pick)
        self.column_choices = {}
        unmatched = [h for h in plan.ignored if h not in plan.roles.values()][:80]
        if unmatched:
            rows.append(widgets.HTML(f"<p><b>{html.escape(a.t('gd.map_columns', n=len(unmatched)))}</b></p>"))
        for header in unmatched:
            pick = widgets.Dropdown(options=statements, layout=WIDE, description=header[:60])
            pick.style.description_width = "16rem"
            pick.description_allow_html = False
            target = chosen.columns.get(header, IGNORE)
            pick.value = target if target in {v for _, v in statements} else IGNORE
            pick.add_class("map-column")
            pick.add_class("map-choice")
            self.column_choices[header] = pick
            rows.append(pick)
        self.label_choices = {}
        if plan.unknown_labels:
            rows.append(
                widgets.HTML(f"<p><b>{html.escape(a.t('gd.map_labels', n=len(plan.unknown_labels)))}</b></p>")
            )
        scores = (
            [(a.t("gd.map_pick"), "")]
            + [(f"{v} – {label(a.lang)}", str(v)) for v, label in model.answer_scale.items()]
            + [(model.dont_know(a.lang), DONT_KNOW)]
        )
        for label, count in list(plan.unknown_labels.items())[:40]:
            pick = widgets.Dropdown(options=scores, layout=WIDE, description=f"{label[:50]} ({count}×)")
            pick.style.description_width = "16rem"
            pick.add_class("map-label")
            pick.add_class("map-choice")
            self.label_choices[label] = pick
            rows.append(pick)
        rows.append(widgets.HBox([self.recheck]))
        rows.append(self.keep_mapping)
        self.mapper.children = rows
        self.mapper.layout.display = None

    def _made(self):
        """The screen's choices as a Mapping, on top of the one the last check used. Only what the
        dropdowns offer is taken (the browser can send any value)."""
        from ..importer import Mapping

        base = self.plan_chosen or Mapping()
        made = Mapping(columns=dict(base.columns), roles=dict(base.roles), labels=dict(base.labels))
        for kind, pick in self.role_choices.items():
            if pick.value and pick.value in {v for _, v in pick.options}:
                made.roles[kind] = pick.value
            elif not pick.value:
                made.roles.pop(kind, None)
        for header, pick in self.column_choices.items():
            if pick.value in {v for _, v in pick.options}:
                if pick.value == IGNORE:
                    made.columns.pop(header, None)
                else:
                    made.columns[header] = pick.value
        for label, pick in self.label_choices.items():
            if pick.value == DONT_KNOW:
                made.labels[label] = None
            elif pick.value in {"1", "2", "3", "4", "5"}:
                made.labels[label] = int(pick.value)
        return made

    def check_with_choices(self) -> None:
        a = self.app
        if not a.permitted(a.access.admin, "import check", self.report):
            return
        self.check_file(made=self._made())

    def _describe(self, plan) -> str:
        a = self.app
        e = html.escape
        from ..importer import HOW_TEXT, LAYOUT_TEXT

        layout = a.t(LAYOUT_TEXT[plan.layout or ""])
        read = a.t(
            "cli.import.read",
            file=plan.file,
            layout=layout,
            encoding=plan.encoding or "-",
            separator=plan.separator or "-",
        )
        parts = [f"<p>{e(read)}</p>"]
        if plan.mapping:
            rows = "".join(
                f"<tr><td>{e(h[:80])}</td><td>{e(sid)}</td><td>{e(a.t(HOW_TEXT[how]))}</td></tr>"
                for h, sid, how in plan.mapping
            )
            parts.append(
                "<details class='import-mapping-used'>"
                f"<summary>{e(a.t('gd.mapping_used', n=len(plan.mapping)))}"
                f"</summary><table style='border-spacing:1rem .1rem'>{rows}</table></details>"
            )
        if plan.ignored:
            parts.append(
                f"<p>{e(a.t('cli.import.ignored', columns=', '.join(c[:40] for c in plan.ignored)))}</p>"
            )
        if plan.ok:
            details = "".join(f"<li>{e(line)}</li>" for line in plan.details(a.lang))
            if details:  # where the rows go, new cooperatives to confirm, what changes
                parts.append(f"<ul class='import-details'>{details}</ul>")
            parts.append(self._preview(plan))
            parts.append(_ok(a.t("gd.checked", **plan.counts(a.lang))))
        else:
            items = "".join(f"<li>{e(p.format(a.lang))}</li>" for p in plan.problems)
            parts.append(
                f"<div class='wijkcoop-error' role='alert' style='color:#8a1c1c'>"
                f"{e(a.t('cli.import.problems', n=len(plan.problems)))}"
                f"<ul class='import-problems'>{items}</ul></div>"
            )
        return "".join(parts)

    def _preview(self, plan) -> str:
        """The first respondents as they would be stored: one row each, with their round and scores."""
        a = self.app
        e = html.escape
        if not plan.preview or plan.layout != "wide":
            return ""
        sids = list(dict.fromkeys(r["statement_id"] for r in plan.preview))[:12]
        people: dict[tuple, dict] = {}
        for r in plan.preview:
            people.setdefault((r["respondent"], r["round"]), {})[r["statement_id"]] = r["score"]
        dk = self.app.model.dont_know(a.lang)
        head = "".join(f"<th scope='col'>{e(s)}</th>" for s in sids)
        body = "".join(
            f"<tr><th scope='row'>{e(who)}</th><td>{e(rnd)}</td>"
            + "".join(f"<td>{e(dk if scores.get(s) is None else str(scores[s]))}</td>" for s in sids)
            + "</tr>"
            for (who, rnd), scores in people.items()
        )
        return (
            f"<table class='import-preview' style='border-spacing:.6rem .1rem'>"
            f"<caption style='text-align:left'>{e(a.t('gd.preview', n=len(people)))}</caption>"
            f"<tr><th scope='col'>{e(a.t('gd.preview_who'))}</th>"
            f"<th scope='col'>{e(a.t('gd.round'))}</th>{head}</tr>{body}</table>"
        )

    def run(self) -> None:
        from ..importer import run_import

        a = self.app
        if self.plan is None or not a.permitted(a.access.admin, "import", self.report):
            return
        if self.plan.new_cooperatives and not self.confirm_new.value:
            self.report.value += error_html(
                a.t("gd.confirm_new_first")
            )  # asked on the server, not by a hidden box
            return
        plan, self.plan = self.plan, None
        self.go.disabled = True
        self.confirm_new.layout.display = "none"
        result = attempt(
            lambda: run_import(a.store, plan, progress=self._progress, by=a.access.user),
            self.report,
            a.lang,
        )
        if result is FAILED:
            return
        self.report.value = _ok(a.t("gd.imported", new=len(plan.new_cooperatives), **plan.counts(a.lang)))
        if plan.chosen and plan.form_key and self.keep_mapping.value:
            from ..importer import save_mapping  # the next export of this form imports in one step

            done = self.report.value
            if (
                attempt(lambda: save_mapping(a.store, plan.form_key, plan.chosen), self.report, a.lang)
                is not FAILED
            ):
                self.report.value = done + _ok(a.t("gd.map_saved"))
        self.mapper.layout.display = "none"
        a.fill.reload_register()
        self.refresh()

    # -- export ------------------------------------------------------------------------------------------
    def export(self) -> None:
        from datetime import date

        from ..export import data_frames, dutch_csv, xlsx
        from ..privacy import audit

        a = self.app
        if self.scope.value not in {v for _, v in self.scope.options}:
            return
        kind, value = self.scope.value
        allowed = a.access.board_of(value) if kind == "coop" else a.access.admin
        if not a.permitted(allowed, "export", self.export_links, scope=self.scope.value):
            return
        frames = data_frames(
            a.store, cooperative=value if kind == "coop" else None, area=value if kind == "area" else None
        )
        scope = {"all": "alles", "area": value, "coop": value}[kind].lower().replace(" ", "-")
        name = f"wijkcoop-export-{scope}-{date.today().isoformat()}.{self.format.value}"
        data = xlsx(frames) if self.format.value == "xlsx" else dutch_csv(frames["scores"])
        audit(a.store, a.access.user, "export", scope, f"{name}: {len(frames['scores'])}")
        label = a.t("gd.download", file=name, n=len(frames["scores"]))
        self.export_links.value = download_links({name: data}, {name: label})

    # -- AVG ---------------------------------------------------------------------------------------------
    def inzage(self) -> None:
        """Every row about one person, for an inzage or portability request (a beheerder only)."""
        from ..privacy import person_export

        a = self.app
        if not a.permitted(a.access.admin, "inzage", self.inzage_links):
            return
        who = " ".join(str(self.inzage_who.value or "").split())
        if not who:
            self.inzage_links.value = error_html(a.t("gd.inzage_need"))
            return
        fmt = self.inzage_format.value
        data = attempt(
            lambda: person_export(a.store, who, self.inzage_coop.value or None, fmt, a.lang, a.access.user),
            self.inzage_links,
            a.lang,
        )
        if not isinstance(data, bytes):
            return
        from ..selfeval import slug

        name = f"inzage-{slug(who)}.{fmt}"
        self.inzage_links.value = download_links({name: data}, {name: a.t("gd.inzage_download", who=who)})

    def _look_erasure(self, view: widgets.HTML) -> tuple[str, str, dict[str, int]] | None:
        """What erasing the person named above would remove, per file (TwoStep's look)."""
        from ..maintenance import backup_days, erasure_preview

        a = self.app
        if not a.permitted(a.access.admin, "erasure", view):
            return None
        who = " ".join(str(self.inzage_who.value or "").split())
        if not who:
            view.value = error_html(a.t("gd.inzage_need"))
            return None
        coop = str(self.inzage_coop.value or "")
        found = erasure_preview(a.store, who, coop or None)
        if not found:
            view.value = _ok(a.t("gd.erase_nothing", who=who))
            return None
        e = html.escape
        items = "".join(
            f"<li>{e(a.t('gd.erase_line', file=name, n=n))}</li>" for name, n in sorted(found.items())
        )
        confirm = a.t("gd.erase_confirm", who=who, days=backup_days(a.store.data_dir))
        warning = ""
        if not coop:  # a role such as 'voorzitter' is a different person in every cooperative
            from ..privacy import person_rows

            frames = person_rows(a.store, who).values()
            coops = {c for f in frames if "cooperative_id" in f for c in f["cooperative_id"]}
            if len(coops) > 1:
                warning = error_html(a.t("gd.erase_many", n=len(coops)))
        view.value = f"{warning}<ul>{items}</ul><p>{e(confirm)}</p>"
        return who, coop, found

    def _erase(self, key, view: widgets.HTML) -> bool:
        """Erase what was shown, through the same `forget` as the CLI (a beheerder only)."""
        from ..maintenance import Erasure, forget, prune_backups

        a = self.app
        if not a.permitted(a.access.admin, "erasure", view):
            return False
        who, coop, _ = key
        done = attempt(
            lambda: forget(a.store, respondent=who, cooperative=coop or None, by=a.access.user), view, a.lang
        )
        if not isinstance(done, Erasure):  # FAILED: the problem is shown
            return False
        prune_backups(a.store)
        n = sum(done.removed.values())
        view.value = _ok(a.t("gd.erase_done", n=n, who=who, day=done.kept_until or "—"))
        return True

    def show_audit(self) -> None:
        from ..privacy import audit_rows

        a = self.app
        if not a.permitted(a.access.admin, "audit log", self.audit_view):
            return
        rows = audit_rows(a.store).head(50)
        e = html.escape
        if not len(rows):
            self.audit_view.value = f"<p>{e(a.t('cli.privacy.log_empty'))}</p>"
            return
        head = "".join(
            f"<th scope='col'>{e(a.t(k))}</th>"
            for k in ("gd.audit.when", "gd.audit.who", "gd.audit.what", "gd.audit.scope")
        )
        body = "".join(
            f"<tr><td>{e(local_time(r.saved_at, a.lang))}</td><td>{e(r.user)}</td><td>{e(r.action)}</td>"
            f"<td>{e(r.scope)} {e(r.detail)}</td></tr>"
            for r in rows.itertuples()
        )
        self.audit_view.value = (
            f"<table class='spread audit-log'><thead><tr>{head}</tr></thead>{body}</table>"
        )

    def _look_retention(self, view: widgets.HTML) -> RetentionPlan | None:
        """What the retention policy would remove now (TwoStep's look): a line per session and round."""
        from ..privacy import policy, retention_plan

        a = self.app
        if not a.permitted(a.access.admin, "retention", view):
            return None
        plan = retention_plan(a.store)
        if not plan:
            periods = policy(a.store.data_dir)
            months, rounds = periods["deelnemers_maanden"], periods["leden_rondes"]
            view.value = _ok(a.t("cli.privacy.retention_none", months=months, rounds=rounds))
            return None
        e = html.escape
        items = "".join(f"<li>{e(line)}</li>" for line in plan.lines(a.lang, by_round=True))
        view.value = f"<ul>{items}</ul><p>{e(a.t('gd.retention_confirm'))}</p>"
        return plan

    def _retain(self, plan, view: widgets.HTML) -> bool:
        from ..privacy import RetentionPlan, apply_retention

        a = self.app
        if not a.permitted(a.access.admin, "retention", view):
            return False
        done = attempt(lambda: apply_retention(a.store, by=a.access.user), view, a.lang)
        if not isinstance(done, RetentionPlan):  # FAILED: the problem is shown
            return False
        names, texts = done.totals()
        view.value = _ok(a.t("cli.privacy.retention_done", names=names, texts=texts))
        return True

    # -- history -----------------------------------------------------------------------------------------
    def _history_rounds(self) -> None:
        a = self.app
        coop = self.history_coop.value
        if not coop or not a.access.board_of(coop):
            self.history_round.options = []
            return
        scores = a.store.read(SCORES).frame
        # set_options: a dropdown left without a value looks empty and the button then showed nothing.
        set_options(
            self.history_round,
            sorted(set(scores.loc[scores["cooperative_id"] == coop, "round"]), reverse=True),
        )

    def show_history(self) -> None:
        a = self.app
        coop, round_id = self.history_coop.value, self.history_round.value
        if not coop or not round_id or not a.permitted(a.access.board_of(coop), "history", self.history):
            self.history.value = "" if not coop or not round_id else self.history.value
            return
        frame = a.store.read(SCORES).frame
        mine = frame[(frame["cooperative_id"] == coop) & (frame["round"] == round_id)]
        keys = ["respondent", "statement_id"]
        changed = mine[mine.duplicated(keys, keep=False)]
        if not len(changed):
            self.history.value = f"<p class='history-none'>{html.escape(a.t('gd.no_history'))}</p>"
            return
        rows = []
        for (who, sid), group in changed.groupby(keys, sort=True):
            steps = [
                f"{_score(a, s)} <small>({local_time(when)})</small>"
                for s, when in zip(group["score"], group["saved_at"], strict=True)
            ]
            rows.append(
                f"<tr><td>{html.escape(who)}</td><td>{html.escape(sid)}</td>"
                f"<td>{' → '.join(steps[:-1])}</td><td><strong>{steps[-1]}</strong></td></tr>"
            )
        head = "".join(
            f"<th style='text-align:left'>{html.escape(a.t(k))}</th>"
            for k in ("gd.h.who", "gd.h.statement", "gd.h.before", "gd.h.now")
        )
        self.history.value = (
            "<table class='history-table' style='border-spacing:1rem .15rem'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>"
        )


def _score(app, value) -> str:
    return app.t("ze.dont_know") if pd.isna(value) else str(int(value))
