"""Vergelijken: coordinators compare maturity across cooperatives and doorbraakgebieden.

What does not change between filter changes (the member aggregates per cooperative, round and dimension)
comes from the parquet cache and stays in memory; a filter change only slices it and redraws the tab that
is visible. Other tabs are redrawn when they are opened.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from traitlets import HasTraits, Unicode

from .. import compare, export, scoring
from ..access import NoAccess
from ..context import Context
from ..i18n import N_, Locale, number
from ..model import Groeimodel
from ..palette import LEVEL_COLOURS, MISSING_COLOUR
from .common import AppBase, ChartView, Choice, download_links, language_switch, numbers_table

HEATMAP_ROWS = 100
TAB_TEXT = {
    "heatmap": N_("vg.tab.heatmap"),
    "distribution": N_("vg.tab.distribution"),
    "trajectory": N_("vg.tab.trajectory"),
    "peers": N_("vg.tab.peers"),
    "export": N_("vg.tab.export"),
}
TABS = tuple(TAB_TEXT)
ALL = "__alle__"


class CompareState(HasTraits):
    """What the coordinator chose: filters (ALL for no filter), the cooperative to highlight, dimensions."""

    gebied = Unicode(ALL)
    gemeente = Unicode(ALL)
    round = Unicode(ALL)
    version = Unicode(ALL)
    highlight = Unicode(ALL)
    trajectory_dimension = Unicode(ALL)
    peer_dimension = Unicode(None, allow_none=True)


class VergelijkenApp(AppBase):
    def __init__(self, data_dir: str | None = None, model: Groeimodel | None = None, lang: str | None = None):
        self.context = Context(data_dir, model=model, lang=lang)
        if not self.context.access.coordinator:
            raise NoAccess(self.context.access.user)
        self.store, self.model = self.context.store, self.context.model
        self.state = CompareState()
        self.base: compare.Base | None = None
        self.status = widgets.HTML()
        self.title = widgets.HTML()
        self.language = language_switch(self.context.lang)
        self.check_storage(self.context)
        wide_label = {"description_width": "9rem"}
        self.gebied = widgets.Dropdown(layout=widgets.Layout(width="28rem"), style=wide_label)
        self.gemeente = widgets.Dropdown(layout=widgets.Layout(width="28rem"), style=wide_label)
        self.round = widgets.Dropdown(layout=widgets.Layout(width="28rem"), style=wide_label)
        self.version = widgets.Dropdown(layout=widgets.Layout(width="28rem"), style=wide_label)
        self.refresh_button = widgets.Button(icon="refresh")
        self.summary = widgets.HTML()
        # The map is an HTML table: crisp on a projector, copyable, and much faster than a PNG.
        # As wide as the tab, scrolling sideways inside itself when the table is wider (a narrow screen):
        # without this the tab clipped the table after D7 and D8–D10 looked missing.
        self.heatmap = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.heatmap_note = widgets.HTML()
        self.plans = widgets.HTML()  # per area: cooperatives with a verbeterplan, share of actions done
        self.plans.add_class("plan-summary")
        self.highlight = widgets.Dropdown(layout=widgets.Layout(width="30rem"))
        self.distribution = ChartView("distribution-chart", max_width="72rem")
        self.distribution_note = widgets.HTML()
        self.trajectory_dimension = widgets.Dropdown(layout=widgets.Layout(width="30rem"))
        self.trajectory = ChartView("trajectory-chart", max_width="72rem")
        self.trajectory_note = widgets.HTML()
        self.peer_dimension = widgets.Dropdown(layout=widgets.Layout(width="30rem"))
        self.peers = widgets.HTML()
        self.export_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="16rem"))
        self.downloads = widgets.HTML()
        self.tabs = widgets.Tab(
            children=[
                widgets.VBox([self.heatmap_note, self.heatmap, self.plans]),
                widgets.VBox([self.highlight, self.distribution_note, self.distribution]),
                widgets.VBox([self.trajectory_dimension, self.trajectory_note, self.trajectory]),
                widgets.VBox([self.peer_dimension, self.peers]),
                widgets.VBox([self.export_button, self.downloads]),
            ]
        )
        for widget, css in (
            (self.gebied, "filter-gebied"),
            (self.gemeente, "filter-gemeente"),
            (self.round, "filter-round"),
            (self.version, "filter-version"),
            (self.heatmap, "heatmap"),
            (self.distribution, "distribution"),
            (self.trajectory, "trajectory"),
            (self.export_button, "export-button"),
            (self.summary, "scope-summary"),
        ):
            widget.add_class(css)
        self._dirty: set[int] = set(range(len(TABS)))
        guard = self.guard
        self.choices = {
            name: Choice(getattr(self, name), self.state, name, guard(self._on_filter))
            for name in ("gebied", "gemeente", "round", "version")
        }
        for name in ("highlight", "trajectory_dimension", "peer_dimension"):
            self.choices[name] = Choice(
                getattr(self, name),
                self.state,
                name,
                guard(lambda: self._render_tab(self.tabs.selected_index or 0)),
            )
        self.tabs.observe(guard(self._on_tab), names="selected_index")
        self.language.observe(guard(lambda _: self.relabel()), names="value")
        self.refresh_button.on_click(guard(lambda _: self.reload()))
        self.export_button.on_click(guard(lambda _: self.make_downloads()))
        self.widget = widgets.VBox(
            [
                self.title,
                self.language,
                self.status,
                widgets.HBox([self.gebied, self.gemeente]),
                widgets.HBox([self.round, self.version]),
                widgets.HBox([self.summary, self.refresh_button]),
                self.tabs,
            ],
            layout=widgets.Layout(max_width="104rem", padding="0 .75rem"),
        )
        self.widget.add_class("wijkcoop-vergelijken")
        self.reload()

    # -- data ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the data folder (cached derived tables where the files did not change)."""
        self.base = compare.load_base(self.store, self.context.access.areas())
        self._fill_filters()
        self.relabel()

    @property
    def loaded(self) -> compare.Base:
        """The data read by `reload` (the page reads it when it is built)."""
        assert self.base is not None
        return self.base

    def filters(self) -> compare.Filters:
        def pick(value: str | None) -> str | None:
            return None if value in (None, ALL) else value

        s = self.state
        return compare.Filters(
            doorbraakgebied=pick(s.gebied),
            gemeente=pick(s.gemeente),
            round=pick(s.round),
            model_version=pick(s.version),
        )

    def view(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(all rounds in scope, one round per cooperative) for the current filters."""
        f = self.filters()
        scope = compare.in_scope(self.loaded, f)
        return scope, compare.latest(scope, f)

    # -- filters ------------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        reg, values = self.loaded.register, self.loaded.values
        counts = reg.groupby("doorbraakgebied").size()
        self._offer("gebied", [(f"{g} ({n})", g) for g, n in counts.items()])
        self._offer("gemeente", [(g, g) for g in sorted(reg["gemeente"].unique())])
        self._offer("round", [(r, r) for r in sorted(values["round"].unique(), reverse=True)])
        versions = sorted(values["model_version"].dropna().unique(), reverse=True)
        self._offer("version", [(v, v) for v in versions])
        self._offer_dimensions()

    def _offer_dimensions(self) -> None:
        s = self.state
        dims = [(f"{d.id} {d.name(self.lang)}", d.id) for d in self.model.dimensions]
        if s.trajectory_dimension not in self.model.dimension_ids:
            s.trajectory_dimension = ALL
        self.choices["trajectory_dimension"].show(
            [(self.t("vg.all_dimensions"), ALL), *dims], s.trajectory_dimension
        )
        if s.peer_dimension not in self.model.dimension_ids:
            s.peer_dimension = dims[0][1]
        self.choices["peer_dimension"].show(dims, s.peer_dimension)

    def _offer(self, name: str, options: list[tuple[str, str]]) -> None:
        """A filter's options with "all" (or "latest") first; a choice no longer offered becomes ALL."""
        label = self.t("vg.latest") if name == "round" else self.t("vg.all")
        if getattr(self.state, name) not in {v for _, v in options}:
            setattr(self.state, name, ALL)
        self.choices[name].show([(label, ALL), *options], getattr(self.state, name))

    def _on_filter(self) -> None:
        self._dirty = set(range(len(TABS)))
        self.downloads.value = ""
        self._render_summary()
        self._render_tab(self.tabs.selected_index or 0)

    def _on_tab(self, change) -> None:
        if change["new"] in self._dirty:
            self._render_tab(change["new"])

    # -- rendering ----------------------------------------------------------------------------------
    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:.3rem 0'>{html.escape(self.t('vg.title'))}</h2>"
        self.gebied.description = self.t("vg.gebied")
        self.gemeente.description = self.t("vg.gemeente")
        self.round.description = self.t("vg.round")
        self.version.description = self.t("vg.version")
        self.refresh_button.description = self.t("ze.board.refresh")
        self.highlight.description = self.t("vg.highlight")
        self.trajectory_dimension.description = self.t("vg.dimension")
        self.peer_dimension.description = self.t("vg.dimension")
        self.export_button.description = self.t("vg.export")
        self.tabs.titles = tuple(self.t(TAB_TEXT[name]) for name in TABS)
        for name in ("gebied", "gemeente", "round", "version"):
            self._offer(name, list(getattr(self, name).options[1:]))
        self._offer_dimensions()
        self._dirty = set(range(len(TABS)))
        self._render_summary()
        self._render_tab(self.tabs.selected_index or 0)

    def _render_summary(self) -> None:
        scope, current = self.view()
        n = current["cooperative_id"].nunique()
        problems = self.t("vg.problems", n=self.loaded.problems) if self.loaded.problems else ""
        self.summary.value = (
            f"<p class='scope'>{html.escape(self.t('vg.scope', n=n))} {html.escape(problems)}</p>"
        )

    def _render_tab(self, index: int) -> None:
        if self.base is None:
            return
        scope, current = self.view()
        name = TABS[index]
        if name == "heatmap":
            table = compare.heatmap_table(current, self.model)
            note = ""
            if table.empty:
                note = self.t("vg.empty")
            elif len(table) > HEATMAP_ROWS:
                note = self.t("vg.too_many", n=len(table), max=HEATMAP_ROWS)
            self.heatmap_note.value = f"<p class='note'>{html.escape(note)}</p>" if note else ""
            self.heatmap.value = self.heatmap_html(table.head(HEATMAP_ROWS)) if len(table) else ""
            self.plans.value = self.plans_html()
        elif name == "distribution":
            from .. import charts  # matplotlib only when a chart is first needed

            self._fill_highlight(current)
            summary = compare.distribution(current, self.model)
            withheld = summary[summary["withheld"]]
            note = ""
            if len(withheld):
                note = self.t("vg.withheld_box", n=compare.MIN_GROUP, found=int(withheld["n"].max()))
            self.distribution_note.value = f"<p class='note privacy'>{html.escape(note)}</p>" if note else ""
            label = dict((v, k) for k, v in self.highlight.options).get(self.highlight.value, "")
            highlight = None if self.state.highlight == ALL else self.state.highlight
            fig = charts.distribution(self.model, current, summary, highlight, self.lang, label)
            names = {d.id: f"{d.id} {d.name(self.lang)}" for d in self.model.dimensions}
            rows = [
                [
                    names[r["dimension_id"]],
                    r["n"],
                    *(None if r["withheld"] else r[k] for k in ("q1", "median", "q3")),
                ]
                for r in summary.to_dict("records")
            ]
            head = [
                self.t("vg.chart.dimension"),
                "n",
                self.t("vg.chart.q1"),
                self.t("vg.chart.median"),
                self.t("vg.chart.q3"),
            ]
            table = numbers_table(self.t("vg.chart.distribution_caption"), head, rows, self.lang)
            alt = self.t("vg.chart.distribution_alt", n=int(summary["n"].max()) if len(summary) else 0)
            self.distribution.show(charts.png(fig), alt, table, self.t("chart.numbers"))
        elif name == "trajectory":
            from .. import charts

            dim = None if self.state.trajectory_dimension == ALL else self.state.trajectory_dimension
            shares = compare.mature_share(scope, self.model, dimension=dim)
            groups = shares[shares["group"] != ""]
            hidden = sorted(set(groups["group"]) - set(groups.dropna(subset=["share"])["group"]))
            note = (
                self.t("vg.withheld_groups", n=compare.MIN_GROUP, groups=", ".join(hidden)) if hidden else ""
            )
            self.trajectory_note.value = f"<p class='note privacy'>{html.escape(note)}</p>" if note else ""
            target = compare.target_line(list(self.loaded.values["round"].unique()))
            labels = {"": self.t("vg.all_in_view"), "target": self.t("vg.target")}
            rounds = sorted(set(shares["round"]))
            share = {(r.group, r.round): r.share for r in shares.itertuples()}
            rows = [
                [
                    labels.get(g, g),
                    *(None if share.get((g, r)) is None else 100 * share[(g, r)] for r in rounds),
                ]
                for g in dict.fromkeys(shares["group"])
            ]
            head = [self.t("vg.chart.group"), *rounds]
            table = numbers_table(self.t("vg.chart.trajectory_caption"), head, rows, self.lang)
            alt = self.t("vg.chart.trajectory_alt", n=len(rounds))
            self.trajectory.show(
                charts.png(charts.trajectory(shares, target, self.lang, labels)),
                alt,
                table,
                self.t("chart.numbers"),
            )
        elif name == "peers":
            self.peers.value = self._peers_html(current)
        self._dirty.discard(index)

    def plans_html(self) -> str:
        """Verbeterplannen per doorbraakgebied in view: counts and the share done, never an action's text;
        an area under the group minimum shows only its size."""
        from ..tables import PLAN, PLAN_REVIEWS
        from ..verbeterplan import plan_summary

        e = html.escape
        register = self.loaded.register
        if self.state.gebied not in (None, ALL):
            register = register[register["doorbraakgebied"] == self.state.gebied]
        summary = plan_summary(
            register,
            self.store.current(PLAN).frame,
            self.store.current(PLAN_REVIEWS).frame,
            compare.MIN_GROUP,
        )
        if summary.empty:
            return ""
        head = "".join(
            f"<th scope='col'>{e(self.t(k))}</th>"
            for k in ("vg.plan.area", "vg.plan.n", "vg.plan.with_plan", "vg.plan.actions", "vg.plan.done")
        )
        rows = []
        for r in summary.itertuples():
            if r.withheld:
                cells = [
                    str(r.n),
                    f"<td colspan='3'>{e(self.t('vg.plan.withheld', n=compare.MIN_GROUP))}</td>",
                ]
                rows.append(
                    f"<tr><th scope='row'>{e(r.doorbraakgebied)}</th><td>{cells[0]}</td>{cells[1]}</tr>"
                )
                continue
            done = "–" if r.reviewed == 0 else f"{Locale(self.lang).percent(r.done)} ({r.reviewed})"
            rows.append(
                f"<tr><th scope='row'>{e(r.doorbraakgebied)}</th><td>{r.n}</td><td>{r.with_plan}</td>"
                f"<td>{r.actions}</td><td>{e(done)}</td></tr>"
            )
        return (
            f"<h3>{e(self.t('vg.plan.heading'))}</h3><table class='spread plan-summary'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def heatmap_html(self, table: pd.DataFrame) -> str:
        """Cooperatives × dimensions as a table coloured by level; a missing value is shown as "–"."""
        dims = self.model.dimensions
        head = "".join(f"<th>{d.id}<br><small>{html.escape(d.name(self.lang))}</small></th>" for d in dims)
        values = table[self.model.dimension_ids].to_numpy(dtype=float)
        levels = scoring.level_bands(values)
        body = []
        members = table["n_members"] if "n_members" in table else [0] * len(table)
        complete = table["complete"] if "complete" in table else [True] * len(table)
        for label, area, round_id, n, done, row_values, row_levels in zip(
            table["label"],
            table["doorbraakgebied"],
            table["round"],
            members,
            complete,
            values,
            levels,
            strict=True,
        ):
            cells = []
            for value, level in zip(row_values, row_levels, strict=True):
                if np.isnan(value):
                    cells.append(f"<td style='background:{MISSING_COLOUR}'>–</td>")
                    continue
                ink = "#fff" if level >= 4 else "#1d2a1f"
                colour = LEVEL_COLOURS[level - 1]
                cells.append(f"<td style='background:{colour};color:{ink}'>{self._fmt(value)}</td>")
            body.append(
                f"<tr><th class='coop'>{html.escape(label)}</th>"
                f"<td class='area'>{html.escape(area)}</td><td>{round_id}</td>"
                f"<td class='members'>{int(n)}"
                + ("" if done else f" <small class='open-round'>({html.escape(self.t('vg.open'))})</small>")
                + f"</td>{''.join(cells)}</tr>"
            )
        legend = " ".join(
            f"<span style='background:{c};color:{'#fff' if i >= 3 else '#1d2a1f'};padding:.1rem .5rem'>"
            f"{html.escape(self.model.level_name(i + 1, self.lang))}</span>"
            for i, c in enumerate(LEVEL_COLOURS)
        )
        style = (
            "<style>.heatmap table{border-collapse:collapse;font-size:.85rem}"
            ".heatmap td,.heatmap th{padding:.2rem .4rem;border:1px solid #fff;text-align:center}"
            ".heatmap th.coop,.heatmap td.area{text-align:left;white-space:nowrap}"
            ".heatmap small{font-weight:400}"
            ".heatmap .widget-html-content{display:block;max-width:100%}</style>"
        )
        titles = "".join(
            f"<th>{html.escape(self.t(k))}</th>"
            for k in ("ze.cooperative", "vg.gebied", "vg.round", "vg.members")
        )
        table_html = f"<table><tr>{titles}{head}</tr>{''.join(body)}</table>"
        label = html.escape(self.t("vg.tab.heatmap"))
        scroll = (
            f"<div class='heatmap-scroll' tabindex='0' role='region' aria-label='{label}'"
            " style='overflow-x:auto;max-width:100%'>"
        )
        note = f"<p class='members-note'><small>{html.escape(self.t('vg.open_note'))}</small></p>"
        return f"{style}<p>{legend}</p>{note}{scroll}{table_html}</div>"

    def _fill_highlight(self, current: pd.DataFrame) -> None:
        pairs = current[["cooperative_id", "label"]].drop_duplicates().sort_values("label")
        if self.state.highlight not in set(pairs["cooperative_id"]):
            self.state.highlight = ALL
        options = [(self.t("vg.none"), ALL), *zip(pairs["label"], pairs["cooperative_id"], strict=True)]
        self.choices["highlight"].show(options, self.state.highlight)

    def _peers_html(self, current: pd.DataFrame) -> str:
        dim = self.state.peer_dimension or self.model.dimension_ids[0]
        peers = compare.strong_peers(current, dim, self.model.target_level)
        name = self.model.dimension(dim).name(self.lang)
        if peers.empty:
            return f"<p class='note'>{html.escape(self.t('vg.no_peers', dimension=name))}</p>"
        rows = "".join(
            f"<li><strong>{html.escape(r.label)}</strong> · {html.escape(r.doorbraakgebied)} · "
            f"{html.escape(r.round)} · {self._fmt(r.value)}"
            f"{'' if r.show_name else ' · ' + html.escape(self.t('vg.pseudonym'))}</li>"
            for r in peers.itertuples()
        )
        return f"<p>{html.escape(self.t('vg.peers_intro', dimension=name))}</p><ul class='peers'>{rows}</ul>"

    def _fmt(self, value: float) -> str:
        return number(value, self.lang)

    # -- export -------------------------------------------------------------------------------------
    def make_downloads(self) -> dict[str, bytes]:
        from .. import charts

        scope, current = self.view()
        table = compare.heatmap_table(current, self.model)
        dim = None if self.state.trajectory_dimension == ALL else self.state.trajectory_dimension
        shares = compare.mature_share(scope, self.model, dimension=dim)
        summary = compare.distribution(current, self.model)
        peers = pd.concat(
            [
                compare.strong_peers(current, d, self.model.target_level).assign(dimension_id=d)
                for d in self.model.dimension_ids
            ]
        )
        table = table.round(2)
        sheets = {
            "kaart": table,
            "verdeling": summary.round(2),
            "traject": shares.assign(group=shares["group"].replace("", self.t("vg.all_in_view"))),
            "sterk": peers.drop(columns=["show_name"]),
        }
        target = compare.target_line(list(self.loaded.values["round"].unique()))
        files = {
            "vergelijken.xlsx": export.xlsx(sheets),
            "vergelijken-kaart.csv": export.dutch_csv(table),
            "vergelijken-kaart.png": charts.png(charts.heatmap(self.model, table, self.lang)),
            "vergelijken-verdeling.png": charts.png(
                charts.distribution(self.model, current, summary, None, self.lang)
            ),
            "vergelijken-traject.png": charts.png(
                charts.trajectory(
                    shares, target, self.lang, {"": self.t("vg.all_in_view"), "target": self.t("vg.target")}
                )
            ),
        }
        note = f"<p><small>{html.escape(self.t('vg.export_note'))}</small></p>"
        self.downloads.value = download_links(files) + note
        return files
