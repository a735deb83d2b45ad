"""The board view in words, HTML, charts and files: one `BoardData` rendered for the screen, the PDF and
the xlsx alike. No widgets here."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ... import scoring
from ...boardview import EVERYONE, BoardData
from ...i18n import N_, Locale, number, t
from ...markup import render
from ...model import Groeimodel
from ...modules import Module, module_for_dimension


def fmt(value: float | None, lang: str) -> str:
    return number(value, lang)


# The board workbook's sheets and column headers, in the board's language (board_sheets).
SHEET_TEXT = {
    "xl.sheet.scores": N_("xl.sheet.scores"),
    "xl.sheet.dimensions": N_("xl.sheet.dimensions"),
    "xl.sheet.notes": N_("xl.sheet.notes"),
    "xl.sheet.board_scores": N_("xl.sheet.board_scores"),
    "xl.sheet.plan": N_("xl.sheet.plan"),
    "xl.sheet.review": N_("xl.sheet.review"),
}
# The look back on an action, in words.
OUTCOME_TEXT = {
    "gedaan": N_("plan.outcome.gedaan"),
    "deels": N_("plan.outcome.deels"),
    "niet": N_("plan.outcome.niet"),
}
COLUMN_TEXT = {
    "cooperative_id": N_("xl.cooperative_id"),
    "round": N_("xl.round"),
    "respondent": N_("xl.respondent"),
    "statement_id": N_("xl.statement_id"),
    "statement": N_("xl.statement"),
    "score": N_("xl.score"),
    "discuss": N_("xl.discuss"),
    "model_version": N_("xl.model_version"),
    "saved_at": N_("xl.saved_at"),
    "dimension_id": N_("xl.dimension_id"),
    "dimension": N_("xl.dimension"),
    "mean": N_("xl.mean"),
    "median": N_("xl.median"),
    "std": N_("xl.std"),
    "min": N_("xl.min"),
    "max": N_("xl.max"),
    "spread": N_("xl.spread"),
    "n_respondents": N_("xl.n_respondents"),
    "level": N_("xl.level"),
    "split": N_("xl.split"),
    "note": N_("xl.note"),
    "rationale": N_("xl.rationale"),
    "action": N_("xl.action"),
    "what": N_("xl.what"),
    "who": N_("xl.who"),
    "due": N_("xl.due"),
    "done_when": N_("xl.done_when"),
    "module": N_("xl.module"),
    "outcome": N_("xl.outcome"),
    "moved": N_("xl.moved"),
}


class Present:
    def __init__(self, model: Groeimodel, modules: list[Module], lang: str):
        self.model, self.modules, self.lang = model, modules, lang

    def t(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    def fmt(self, value: float | None) -> str:
        return fmt(value, self.lang)

    def dimension(self, dimension_id: str) -> str:
        return f"{dimension_id} {self.model.dimension(dimension_id).name(self.lang)}"

    # -- lines (screen lists and PDF) ------------------------------------------------------------
    def dimension_lines(self, data: BoardData) -> list[str]:
        """'Where do we differ' as lines: every dimension, also one without a score."""
        lines = []
        for row in data.dimensions.itertuples():
            name = self.dimension(row.dimension_id)
            if pd.isna(row.mean):
                lines.append(f"{name}: – ({self.t('ze.board.only_dont_know')})")
                continue
            text = self.t(
                "report.dimension_line",
                name=name,
                mean=self.fmt(row.mean),
                level=self.model.level_name(int(row.level), self.lang),
                spread=self.fmt(row.spread),
                n=int(row.n_respondents),
            )
            lines.append(text + (f" · {self.t('score.split')}" if row.split else ""))
        return lines

    def board_score_lines(self, data: BoardData) -> list[str]:
        """What the board agreed for this round (as saved), with its rationale."""
        return [
            f"{self.dimension(str(d))}: {self.fmt(row.score)}"
            + (f" — {row.rationale}" if row.rationale else "")
            for d, row in data.saved.iterrows()
        ]

    def note_lines(self, data: BoardData) -> list[str]:
        return [
            f"{self.dimension(r.dimension_id)} · {r.respondent}: {r.note}" for r in data.notes.itertuples()
        ]

    def agenda_lines(self, agenda: pd.DataFrame) -> list[str]:
        lines = []
        for row in agenda.itertuples():
            why = []
            if row.n_discuss:
                why.append(self.t("ze.agenda.flagged", n=row.n_discuss))
            if not pd.isna(row.spread) and row.spread >= scoring.SPLIT_SPREAD:
                why.append(self.t("ze.agenda.apart", low=int(row.min), high=int(row.max)))
            text = self.model.statement_text(row.statement_id, self.lang)
            lines.append(f"{row.statement_id} {text} ({'; '.join(why)})")
        return lines

    def verbeter_lines(self, verbeter: pd.DataFrame) -> list[str]:
        lines = []
        for row in verbeter.itertuples():
            module = module_for_dimension(self.modules, row.dimension_id)
            link = self.t("ze.verbeter.module", module=module.name(self.lang)) if module else ""
            lines.append(
                f"{row.statement_id} {self.model.statement_text(row.statement_id, self.lang)} "
                f"({self.t('ze.col.mean').lower()} {self.fmt(row.mean)}){link}"
            )
        return lines

    # -- verbeterplan -------------------------------------------------------------------------------
    def module_name(self, module_id: str) -> str:
        module = next((m for m in self.modules if m.id == module_id), None)
        return module.name(self.lang) if module else module_id

    def due(self, iso: str) -> str:
        try:
            return Locale(self.lang).day(date.fromisoformat(iso))
        except ValueError:
            return iso

    def action_line(self, a) -> str:
        """'D4.3 (1) Een begroting opstellen · penningmeester · klaar op … · klaar als: … · module X'."""
        parts = [
            f"{a.statement_id} ({a.action}) {a.what}",
            a.who,
            self.t("plan.line.due", day=self.due(a.due)),
        ]
        parts.append(self.t("plan.line.done_when", text=a.done_when))
        if a.module:
            parts.append(self.t("plan.line.module", module=self.module_name(a.module)))
        return " · ".join(parts)

    def plan_lines(self, data: BoardData) -> list[str]:
        return [self.action_line(a) for a in data.plan]

    def movement(self, data: BoardData, dimension_id: str) -> str:
        """'D4 1,6 → 2,1 ↑': the dimension's members' mean in the plan's round and in this one."""
        means = {(r.round, r.dimension_id): float(r.mean) for r in data.history.itertuples()}
        before, after = means.get((data.previous, dimension_id)), means.get((data.round, dimension_id))
        if before is None or after is None:
            return f"{dimension_id} –"
        delta = after - before
        arrow = "↑" if delta > 0.05 else ("↓" if delta < -0.05 else "→")
        return f"{dimension_id} {self.fmt(before)} → {self.fmt(after)} {arrow}"

    def review_lines(self, data: BoardData) -> list[str]:
        lines = []
        for a in data.last_plan:
            outcome, note = data.last_reviews.get((a.statement_id, a.action), ("", ""))
            said = self.t(OUTCOME_TEXT[outcome]) if outcome else self.t("plan.outcome.open")
            lines.append(
                f"{a.statement_id} ({a.action}) {a.what} — {said}{f' ({note})' if note else ''}"
                f" · {self.movement(data, a.dimension_id)}"
            )
        return lines

    def moved_lines(self, data: BoardData) -> list[str]:
        items = []
        for dim, before, after in data.moved or []:
            delta = after - before
            arrow = "↑" if delta > 0.05 else ("↓" if delta < -0.05 else "→")
            items.append(f"{self.dimension(dim)}: {self.fmt(before)} → {self.fmt(after)} {arrow}")
        return items

    # -- HTML --------------------------------------------------------------------------------------
    def spread_html(self, data: BoardData) -> str:
        keys = ("ze.col.dimension", "ze.col.mean", "ze.col.level", "ze.col.spread", "ze.col.split")
        rows = [
            {
                "dimension": self.dimension(r.dimension_id),
                "mean": self.fmt(r.mean),
                "level": self.model.level_name(int(r.level), self.lang) if not pd.isna(r.level) else "–",
                "spread": self.fmt(r.spread),
                "split": bool(r.split),
                "only_dont_know": pd.isna(r.mean),
            }
            for r in data.dimensions.itertuples()
        ]
        return render(
            "spread.html",
            headings=[self.t(k) for k in keys],
            rows=rows,
            split=self.t("score.split"),
            only_dont_know=self.t("ze.board.only_dont_know"),
        )

    def agenda_html(self, data: BoardData) -> str:
        return render(
            "list.html",
            heading=self.t("report.agenda"),
            items=self.agenda_lines(data.agenda),
            css="agenda",
            empty=self.t("report.none"),
            empty_css="no-agenda",
        )

    def notes_html(self, data: BoardData) -> str:
        notes = [
            {"dimension": self.dimension(r.dimension_id), "respondent": r.respondent, "text": r.note}
            for r in data.notes.itertuples()
        ]
        return render("notes.html", notes=notes, empty=self.t("report.none"))

    def verbeter_html(self, data: BoardData) -> str:
        out = render(
            "list.html", heading="", items=self.verbeter_lines(data.verbeterpunten), css="verbeterpunten"
        )
        if data.moved:
            heading = self.t("ze.verbeter.moved", round=data.previous)
            out += render("list.html", heading=heading, items=self.moved_lines(data), css="moved")
        return out

    # -- charts and files ----------------------------------------------------------------------------
    def radar_figure(self, data: BoardData):
        """The spinnenweb of this round beside the round before."""
        from ... import charts

        label = self.t("ze.board.everyone") if data.who == EVERYONE else data.who
        series = [charts.Series(f"{label} {data.round}", data.current, charts.COLOURS[0], "-", True)]
        if data.before is not None:
            series.append(
                charts.Series(f"{label} {data.previous}", data.before, charts.COLOURS[5], ":", marker="s")
            )
        return charts.radar(self.model, series, self.lang)

    def figures(self, data: BoardData, columns: int = 5):
        """(spinnenweb, trend) as matplotlib figures (matplotlib loads on first use, not on page load);
        the trend in `columns` columns (two for an A4 page)."""
        return self.radar_figure(data), self.trend_figure(data, columns)

    def trend_figure(self, data: BoardData, columns: int = 5):
        from ... import charts

        opened = ", " + self.t("ze.round.open")
        round_labels = {
            r: f"{r} ({self.t('ze.round.n', n=n)}{'' if r in data.complete else opened})"
            for r, n in data.n_members.items()
        }
        return charts.trend(
            self.model,
            data.history,
            self.lang,
            board_scores=data.board_scores,
            round_labels=round_labels,
            columns=columns,
            legend=(
                self.t("ze.chart.members_mean"),
                self.t("ze.chart.board_score"),
                self.t("ze.chart.planned"),
            ),
            planned=data.planned,
        )

    def chart_texts(self, data: BoardData) -> tuple[tuple[str, str], tuple[str, str]]:
        """((alt, table) of the spinnenweb, (alt, table) of the trend): what each chart shows in words,
        and its numbers as a table a screen reader can read."""
        from ..common import numbers_table

        names = {d.id: f"{d.id} {d.name(self.lang)}" for d in self.model.dimensions}
        ids = self.model.dimension_ids
        label = self.t("ze.board.everyone") if data.who == EVERYONE else data.who
        pairs = [(v, d) for d, v in zip(ids, data.current, strict=True) if v == v]
        if pairs:
            high, low = max(pairs), min(pairs)
            radar_alt = self.t(
                "ze.chart.radar_alt",
                who=label,
                round=data.round,
                high=names[high[1]],
                high_value=number(high[0], self.lang),
                low=names[low[1]],
                low_value=number(low[0], self.lang),
            )
        else:
            radar_alt = self.t("ze.chart.radar_empty", who=label, round=data.round)
        head = [self.t("ze.chart.dimension"), data.round] + (
            [data.previous] if data.before is not None else []
        )
        rows = [
            [names[d], data.current[i], *([data.before[i]] if data.before is not None else [])]
            for i, d in enumerate(ids)
        ]
        radar = (radar_alt, numbers_table(self.t("ze.chart.radar_caption", who=label), head, rows, self.lang))
        history = data.history
        rounds = sorted(set(history["round"])) if len(history) else []
        means = {(r.round, r.dimension_id): float(r.mean) for r in history.itertuples()}
        trend_rows = [[names[d], *(means.get((r, d)) for r in rounds)] for d in ids]
        trend_alt = self.t("ze.chart.trend_alt", n=len(rounds), rounds=", ".join(rounds))
        trend_table = numbers_table(
            self.t("ze.chart.trend_caption"), [self.t("ze.chart.dimension"), *rounds], trend_rows, self.lang
        )
        return radar, (trend_alt, trend_table)

    def board_sheets(self, data: BoardData) -> dict[str, pd.DataFrame]:
        """The board's workbook, for people: headers in the board's language, the statement and dimension
        names beside their ids, yes/no in words, means rounded to one decimal."""
        internal = ["save_rows", "record_id"]
        names = {d.id: d.name(self.lang) for d in self.model.dimensions}
        yes, no = self.t("xl.yes"), self.t("xl.no")
        scores = data.round_rows.drop(columns=internal)
        scores.insert(
            4, "statement", [self.model.statement_text(s, self.lang) for s in scores["statement_id"]]
        )
        scores["discuss"] = [yes if bool(v) else no for v in scores["discuss"]]
        dimensions = data.dimensions.copy()
        dimensions.insert(
            dimensions.columns.get_loc("dimension_id") + 1, "dimension", dimensions["dimension_id"].map(names)
        )
        for column in ("mean", "median", "std", "spread"):
            if column in dimensions:
                dimensions[column] = dimensions[column].astype(float).round(1)
        dimensions["split"] = [yes if bool(v) else no for v in dimensions["split"]]
        lead = ["dimension_id", "dimension", "mean", "median", "std", "min", "max", "spread"]
        lead = [c for c in lead if c in dimensions]
        dimensions = dimensions[lead + [c for c in dimensions.columns if c not in lead]]
        sheets = {
            "xl.sheet.scores": scores,
            "xl.sheet.dimensions": dimensions,
            "xl.sheet.notes": data.notes.drop(columns=internal),
        }
        if len(data.saved):
            sheets["xl.sheet.board_scores"] = data.saved.reset_index()[list(data.board_scores.columns)].drop(
                columns=internal
            )
        if data.plan:
            sheets["xl.sheet.plan"] = pd.DataFrame(
                [
                    {
                        "statement_id": a.statement_id,
                        "statement": self.model.statement_text(a.statement_id, self.lang),
                        "action": int(a.action),
                        "what": a.what,
                        "who": a.who,
                        "due": a.due,
                        "done_when": a.done_when,
                        "module": self.module_name(a.module) if a.module else "",
                    }
                    for a in data.plan
                ]
            )
        if data.last_plan:
            rows = []
            for a in data.last_plan:
                outcome, note = data.last_reviews.get((a.statement_id, a.action), ("", ""))
                rows.append(
                    {
                        "round": data.previous,
                        "statement_id": a.statement_id,
                        "action": int(a.action),
                        "what": a.what,
                        "who": a.who,
                        "outcome": self.t(OUTCOME_TEXT[outcome]) if outcome else self.t("plan.outcome.open"),
                        "note": note,
                        "moved": self.movement(data, a.dimension_id),
                    }
                )
            sheets["xl.sheet.review"] = pd.DataFrame(rows)
        return {
            self.t(SHEET_TEXT[key]): frame.rename(
                columns=lambda c: self.t(COLUMN_TEXT[c]) if c in COLUMN_TEXT else c
            )
            for key, frame in sheets.items()
        }

    def files(self, data: BoardData, cooperative_name: str, today: date) -> dict[str, bytes]:
        """The board's downloads: PDF report, spinnenweb, trend, xlsx with every sheet."""
        from ... import charts, export, report

        # The trend in two columns serves the page and the PNG download alike (one drawing, not two).
        radar, trend = self.radar_figure(data), self.trend_figure(data, columns=2)
        radar_png = charts.png(radar, dpi=150)
        trend_png = charts.png(trend, dpi=130)
        (radar_alt, _), (trend_alt, _) = self.chart_texts(data)
        pdf = report.board_report_pdf(
            title=self.t("report.title"),
            subtitle=f"{cooperative_name} · {self.t('ze.round')} {data.round}",
            radar_svg=charts.svg(radar, report.TEXT_WIDTH),
            radar_alt=radar_alt,
            agenda=self.agenda_lines(data.agenda),
            verbeterpunten=self.verbeter_lines(data.verbeterpunten),
            model_version=self.model.model_version,
            lang=self.lang,
            on=today,
            dimensions=self.dimension_lines(data),
            board_scores=self.board_score_lines(data),
            notes=self.note_lines(data),
            plan=self.plan_lines(data),
            review=(self.t("report.review", round=data.previous), self.review_lines(data))
            if data.last_plan
            else None,
            trend_svg=charts.svg(trend, report.TEXT_WIDTH),
            trend_alt=trend_alt,
        )
        sheets = self.board_sheets(data)
        stem = f"{data.cooperative_id}-{data.round}"
        return {
            f"{stem}-rapport.pdf": pdf,
            f"{stem}-spinnenweb.png": radar_png,
            f"{stem}-trend.png": trend_png,
            f"{stem}-scores.xlsx": export.xlsx(sheets, fit=True),
        }

    def file_labels(self, files: dict[str, bytes]) -> dict[str, str]:
        kinds = {
            "rapport.pdf": self.t("ze.download.rapport"),
            "spinnenweb.png": self.t("ze.download.spinnenweb"),
            "trend.png": self.t("ze.download.trend"),
            "scores.xlsx": self.t("ze.download.scores"),
        }
        return {name: next(v for k, v in kinds.items() if name.endswith(k)) for name in files}
