"""Live (the room's answers on the projector) and Verslag (summary and PDF)."""

from __future__ import annotations

import html
import time

import ipywidgets as widgets

from ...join import participant_url, qr_svg, warm_places
from ...schema import typed
from ...tables import EVALUATIONS, RATINGS, SESSIONS, Table
from ..common import ChartView, download_links, numbers_table
from ..deelnemer import _day
from ..forms import MOMENT_TEXT
from .views import LIVE_INTERVAL_MS, TABS, Tab, _css, cooperative_labels

# The Live tab follows the answers as they are saved: each tick reads only what was added to the files
# (Store.rows_since), and reads them whole again every so often and when the trainer asks ("now").
FOLLOWED = (RATINGS, EVALUATIONS)
REREAD_AFTER = 300.0  # seconds


class LiveTab(Tab):
    def build(self) -> None:
        app = self.app
        self.header = _css(widgets.HTML(), "live-code")
        self.places = _css(widgets.HTML(), "live-places")
        self.count = _css(widgets.HTML(), "live-count")
        self.chart = ChartView("live-chart")
        self.gain = _css(widgets.HTML(), "live-gain")
        self.switch = _css(widgets.ToggleButton(value=True, icon="refresh"), "live-toggle")
        self.now = _css(widgets.Button(icon="refresh"), "live-now")
        # The browser ticks this every few seconds while the Live tab is open; each tick checks the files.
        self.ticker = widgets.Play(interval=LIVE_INTERVAL_MS, min=0, max=10**9, step=1, value=0)
        self.ticker.layout.display = "none"
        self._stamp: tuple | None = None
        self._shown_for: str | None = None
        self._following: str | None = None  # the session whose rows are followed
        self._tails: dict = {}  # table name -> Store.rows_since's tail
        self._rows: dict[str, dict[tuple, dict[str, str]]] = {}  # table name -> key -> current row
        self._since = 0.0  # when the rows were last read whole
        self._drawn: tuple | None = None  # (language, counts) of the chart on screen
        self.widget.children = [
            widgets.HBox([self.switch, self.now]),
            self.header,
            self.places,
            self.count,
            self.chart,
            self.gain,
            self.ticker,
        ]
        self.ticker.observe(app.guard(lambda _: self.poll()), names="value")
        self.switch.observe(app.guard(lambda ch: self.active(ch["new"])), names="value")
        self.now.on_click(app.guard(lambda _: self.refresh(whole=True)))

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
        """The sessions file as it is now (a session renamed, closed or removed shows at once)."""
        try:
            st = self.app.store.path(SESSIONS).stat()
            return (st.st_ino, st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            return ()

    def follow(self, whole: bool = False) -> bool:
        """Read what was saved for the shown session since the last look; True when it changed."""
        code = self.app.code
        changed = False
        if whole or self._following != code or time.monotonic() - self._since > REREAD_AFTER:
            self._following, self._tails, self._rows = code, {}, {}
            self._since = time.monotonic()
            changed = True
        for table in FOLLOWED:
            rows, tail, fresh = self.app.store.rows_since(table, self._tails.get(table.name))
            self._tails[table.name] = tail
            current = self._rows.setdefault(table.name, {})
            if fresh and current:
                current.clear()
                changed = True
            for row in rows:
                if row["session_id"] == code:
                    current[tuple(row[k] for k in table.key)] = row
                    changed = True
        return changed

    def frame(self, table: Table):
        """The shown session's current rows of `table`, typed as Store.current gives them."""
        import pandas as pd

        rows = list(self._rows.get(table.name, {}).values())
        return typed(table, pd.DataFrame(rows, columns=table.header, dtype=str))

    def poll(self) -> None:
        followed = self.follow()
        if followed or self._shown_for != self.app.code or self.stamp() != self._stamp:
            self.refresh(follow=False)
        else:
            self.show_places()

    def show_places(self) -> None:
        """How many participant pages the server keeps ready (`wijkcoop serve --room N`)."""
        places = warm_places() if self.app.code else None
        text = "" if places is None else self.app.t("ss.live.places", ready=places[0], n=places[1])
        value = f"<p class='places'>{html.escape(text)}</p>" if text else ""
        if self.places.value != value:
            self.places.value = value

    def refresh(self, follow: bool = True, whole: bool = False) -> None:
        self.ensure()
        a = self.app
        if follow or whole:
            self.follow(whole=whole)
        self._shown_for = a.code
        self._stamp = self.stamp()
        session = a.training.session(a.code) if a.code else None
        if session is None:
            self.header.value = f"<p>{html.escape(a.t('ss.pick_first'))}</p>"
            self.count.value = self.gain.value = ""
            self.chart.clear()
            self.chart.layout.display = "none"
            self._drawn = None
            return
        module = a.training.module(session.module)
        url = participant_url(session.session_id)
        qr = ""
        if url:  # the room scans it: the page opens straight into this session
            qr = f"<div class='join-qr'>{qr_svg(url)}<p class='join-url'>{html.escape(url)}</p></div>"
        self.show_places()
        self.header.value = (
            f"<div class='join'><div style='font-size:1.5rem'>{html.escape(a.t('ss.live.join'))} "
            f"<strong class='session-code' style='font-size:2.6rem;letter-spacing:.25rem'>"
            f"{html.escape(session.session_id)}</strong></div>{qr}</div>"
        )
        ratings, evals = self.frame(RATINGS), self.frame(EVALUATIONS)
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
        drawn = self._drawn
        if drawn is None or drawn[0] != (a.lang, a.code) or not drawn[1].equals(counts):
            # The chart is most of a refresh's work (about a second): drawn only when its numbers changed.
            from ... import charts  # matplotlib: imported on first use, not when the page opens

            fig = charts.answer_distribution(
                counts, item_labels, goals, legend_title=a.t("ss.live.legend"), xlabel=a.t("ss.live.xlabel")
            )
            cells = [[item_labels[key], *(int(v) for v in counts.loc[key])] for key in counts.index]
            table = numbers_table(
                a.t("ss.chart.live_caption"), [a.t("ss.chart.item"), "1", "2", "3", "4", "5"], cells, a.lang
            )
            alt = a.t("ss.chart.live_alt", n=n, items=len(counts))
            self.chart.show(charts.png(fig, dpi=90), alt, table, a.t("chart.numbers"))
            self._drawn = ((a.lang, a.code), counts)
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


class ReportTab(Tab):
    def build(self) -> None:
        app = self.app
        self.summary = _css(widgets.HTML(), "session-summary")
        self.chart = ChartView("gain-chart", max_width="48rem")
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

    def gain_texts(self, data) -> tuple[str, str]:
        """(alt, table) of the learning-gain chart: per goal the mean before and after."""
        a = self.app
        session, module, people, gain, ev = data
        goals = {g.id: g.text(a.lang) for g in module.goals}
        rows = [
            [goals.get(goal, goal), row.get("before"), row.get("after")]
            for goal, row in gain.to_dict("index").items()
        ]
        head = [a.t("ss.chart.goal"), a.t("ss.before_long"), a.t("ss.after_long")]
        return a.t("ss.chart.gain_alt", n=len(rows)), numbers_table(
            a.t("ss.chart.gain_caption"), head, rows, a.lang
        )

    def gain_figure(self, data):
        a = self.app
        session, module, people, gain, ev = data
        goals = {g.id: g.text(a.lang) for g in module.goals}
        from ... import charts

        return charts.learning_gain(gain, goals, a.t("ss.before_long"), a.t("ss.after_long"), a.lang)

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
        from ... import charts

        png = charts.png(self.gain_figure(data), dpi=110)
        self.chart.show(png, *self.gain_texts(data), a.t("chart.numbers"))
        self.chart.layout.display = None

    def pdf(self) -> None:
        a = self.app
        if a.code is None:
            return
        data = self.data()
        session, module, *_ = data
        from ... import charts
        from ...report import TEXT_WIDTH, session_report_pdf

        pdf = session_report_pdf(
            title=a.t("ss.report.title", module=module.name(a.lang)),
            subtitle=f"{_day(session.date, a.lang)} · {session.place} · {session.trainer}",
            blocks=self.blocks(data),
            gain_svg=charts.svg(self.gain_figure(data), TEXT_WIDTH),
            gain_alt=self.gain_texts(data)[0],
            lang=a.lang,
            on=a.today,
        )
        name = f"summerschool-{module.id}-{session.date}-verslag.pdf"
        self.links.value = download_links({name: pdf}, {name: a.t("ss.report.download")})
