"""Overzicht: every session together, and how attending cooperatives moved afterwards."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .views import OVERVIEW_TEXT, Tab, _css, cooperative_labels, count, html_table


class OverviewTab(Tab):
    def build(self) -> None:
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

        from ...tables import PLAN
        from ...verbeterplan import module_demand

        demand = module_demand(a.store.current(PLAN).frame)
        parts.append(f"<h3>{e(a.t('ss.ov.demand'))}</h3>")
        if demand:
            items = "".join(
                f"<li>{e(a.t('ss.ov.demand_line', n=n, module=a.module_name(m)))}</li>"
                for m, n in demand.items()
            )
            parts.append(f"<ul class='module-demand'>{items}</ul>")
        else:
            parts.append(f"<p class='module-demand'>{e(a.t('ss.ov.demand_none'))}</p>")

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
