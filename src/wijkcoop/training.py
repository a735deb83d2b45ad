"""The summerschool's data: sessions, attendance, self-ratings before/after, evaluations — and what they show.

Everything goes through the CSV store (same guarantees as the zelfevaluatie: locked appends, nothing lost,
corrections are new rows). Every value is checked here, on the server, before anything is written: the
browser can send anything. Problems are returned as located `Problem`s in the user's language.

Measures (docs/summerschool.md explains them for trainers):
- learning gain per goal = mean over participants of (after − before) on the aspects asked both ways
  (`before: true` in summerschool/_beoordeling.yaml); "before" is the retrospective pre-rating;
- evaluation: mean relevance and engagement (1–5), the tops and tips;
- after the session (Kirkpatrick L4): the linked groeimodel dimensions of each attending cooperative, in
  the last zelfevaluatie round saved before the session and the latest round saved after it.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .i18n import N_
from .modules import Module
from .problems import Problem, ProblemsError
from .room import FORM, Room, Session, clean, new_code, normalise_code
from .store import Store
from .tables import EVALUATIONS, PARTICIPANTS, RATINGS, SCORES, SESSION_TRAINERS, SESSIONS

__all__ = ["FORM", "Session", "Training", "clean", "normalise_code"]


class Training(Room):
    """One data folder's summerschool for its trainers: the room (`room.Room`) and what it shows, as
    frames. Cheap to create; reads the CSVs when asked."""

    # -- sessions -------------------------------------------------------------------------------
    def sessions(self) -> pd.DataFrame:
        frame = self._visible(self.store.current(SESSIONS).frame)
        return frame.sort_values(["date", "saved_at"], ascending=False)

    def _visible(self, frame: pd.DataFrame) -> pd.DataFrame:
        mine = self._mine()
        return frame if mine is None or not len(frame) else frame[frame["session_id"].isin(mine)]

    def create_session(self, module: str, day: date | None, place: str, trainer: str) -> str:
        problems = []
        if self.module(str(module)) is None:
            problems.append(Problem(FORM, "ss.need_module", {}, column="module"))
        if not isinstance(day, date):
            problems.append(Problem(FORM, "ss.need_date", {}, column="date"))
        for field, value, limit, need in (
            ("place", place, 120, N_("ss.need_place")),
            ("trainer", trainer, 80, N_("ss.need_trainer")),
        ):
            if not clean(value):
                problems.append(Problem(FORM, need, {}, column=field))
            elif len(clean(value)) > limit:
                problems.append(Problem(FORM, "ss.too_long", {"max": limit}, column=field))
        if problems or not isinstance(day, date):
            raise ProblemsError(problems)
        code = new_code(set(self.store.read(SESSIONS).frame["session_id"]))
        row = {
            "session_id": code,
            "module": module,
            "date": day.isoformat(),
            "place": clean(place),
            "trainer": clean(trainer),
            "open": True,
        }
        with self.store.operation(SESSIONS, SESSION_TRAINERS) as change:  # the session and its maker: both
            change.append(SESSIONS, [row])
            change.append(SESSION_TRAINERS, [{"session_id": code, "user": self.access.user}])
        return code

    def set_open(self, code: str, is_open: bool) -> None:
        s = self.session(code)
        if s is None:
            raise ProblemsError([Problem(FORM, "ss.unknown_code", {"code": code}, column="code")])
        row = {k: getattr(s, k) for k in ("session_id", "module", "date", "place", "trainer")}
        self.store.append(SESSIONS, [{**row, "open": bool(is_open)}])

    # -- participants ----------------------------------------------------------------------------
    def participants(self, code: str) -> pd.DataFrame:
        frame = self._visible(self.store.current(PARTICIPANTS).frame)
        return frame[frame["session_id"] == code].sort_values("participant", key=lambda s: s.str.casefold())

    def set_presence(self, code: str, presence: dict[str, bool]) -> int:
        """Mark participants present/absent (one save); returns how many rows changed."""
        frame = self.participants(code)
        rows = []
        for _, r in frame.iterrows():
            want = presence.get(r["participant"])
            if want is None or bool(want) == bool(r["present"]):
                continue
            row = {c.name: r[c.name] for c in PARTICIPANTS.user_columns}
            rows.append({**row, "present": bool(want), "entered_by": "trainer"})
        if rows:
            self.store.append(PARTICIPANTS, rows)
        return len(rows)

    def ratings(self, code: str) -> pd.DataFrame:
        frame = self._visible(self.store.current(RATINGS).frame)
        return frame[frame["session_id"] == code]

    def evaluations(self, code: str) -> pd.DataFrame:
        frame = self._visible(self.store.current(EVALUATIONS).frame)
        return frame[frame["session_id"] == code]

    # -- what the data shows -----------------------------------------------------------------------
    def distribution(self, ratings: pd.DataFrame, module: Module) -> pd.DataFrame:
        """Counts of 1..5 per item (goal, aspect, moment), every item present even with no answers."""
        items = pd.MultiIndex.from_tuples(self.rating.items(module), names=["goal_id", "aspect", "moment"])
        if not len(ratings):
            return pd.DataFrame(0, index=items, columns=[1, 2, 3, 4, 5])
        counts = (
            ratings.groupby(["goal_id", "aspect", "moment", "score"], observed=True).size().unstack("score")
        )
        return counts.reindex(index=items, columns=[1, 2, 3, 4, 5]).fillna(0).astype(int)

    def gain(self, ratings: pd.DataFrame, module: Module) -> pd.DataFrame:
        """Per goal: n, mean before, mean after, gain (paired), and the mean of each after-only aspect."""
        both = [a.id for a in self.rating.aspects if a.before]
        after_only = [a.id for a in self.rating.aspects if not a.before]
        out = pd.DataFrame(index=pd.Index(module.goal_ids, name="goal_id"))
        r = ratings.assign(score=ratings["score"].astype(float))
        paired = r[r["aspect"].isin(both)].pivot_table(
            index=["goal_id", "participant"], columns="moment", values="score", aggfunc="mean"
        )
        for col in ("voor", "na"):
            if col not in paired:
                paired[col] = np.nan
        paired = paired.dropna(subset=["voor", "na"])
        per_goal = paired.groupby(level="goal_id")
        out["n"] = per_goal.size().reindex(out.index).fillna(0).astype(int)
        out["before"] = per_goal["voor"].mean().reindex(out.index)
        out["after"] = per_goal["na"].mean().reindex(out.index)
        out["gain"] = (paired["na"] - paired["voor"]).groupby(level="goal_id").mean().reindex(out.index)
        later = (
            r[r["aspect"].isin(after_only)].groupby(["goal_id", "aspect"])["score"].mean().unstack("aspect")
        )
        for aspect in after_only:
            out[aspect] = later[aspect].reindex(out.index) if aspect in later else np.nan
        return out

    def evaluation_summary(self, evaluations: pd.DataFrame) -> dict:
        return {
            "n": len(evaluations),
            "relevance": float(evaluations["relevance"].astype(float).mean()) if len(evaluations) else np.nan,
            "engagement": float(evaluations["engagement"].astype(float).mean())
            if len(evaluations)
            else np.nan,
            "tops": [x for x in evaluations["top"] if x],
            "tips": [x for x in evaluations["tip"] if x],
        }

    # -- across sessions --------------------------------------------------------------------------
    def attendance(self) -> pd.DataFrame:
        """Present participants per cooperative and module (rows: cooperative id, '' for none)."""
        people = self.store.current(PARTICIPANTS).frame
        people = people[people["present"]]
        sessions = self.store.current(SESSIONS).frame[["session_id", "module"]]
        joined = people.merge(sessions, on="session_id")
        table = joined.groupby(["cooperative_id", "module"]).size().unstack("module", fill_value=0)
        table = table.reindex(columns=[m.id for m in self.modules], fill_value=0)
        table["total"] = table.sum(axis=1)
        return table.sort_values("total", ascending=False)

    def gain_by_module(self) -> pd.DataFrame:
        """Per module: sessions, participants present, rated, mean gain, mean relevance."""
        sessions = self.store.current(SESSIONS).frame
        people = self.store.current(PARTICIPANTS).frame
        ratings = self.store.current(RATINGS).frame
        evals = self.store.current(EVALUATIONS).frame
        rows = []
        for module in self.modules:
            codes = set(sessions.loc[sessions["module"] == module.id, "session_id"])
            r = ratings[ratings["session_id"].isin(codes)]
            g = self.gain(r, module) if len(r) else None
            e = evals[evals["session_id"].isin(codes)]
            p = people[people["session_id"].isin(codes)]
            rows.append(
                {
                    "module": module.id,
                    "sessions": len(codes),
                    "present": int(p["present"].sum()),
                    "rated": len(r[["session_id", "participant"]].drop_duplicates()),
                    "gain": float((g["gain"] * g["n"]).sum() / g["n"].sum())
                    if g is not None and g["n"].sum()
                    else np.nan,
                    "relevance": float(e["relevance"].astype(float).mean()) if len(e) else np.nan,
                }
            )
        return pd.DataFrame(rows).set_index("module")

    def after_session(self) -> pd.DataFrame:
        """Kirkpatrick L4: for each cooperative that attended a module, its linked dimensions around it.

        `before`: the value in the last round of that cooperative saved before the session date;
        `after`: the value in its latest round saved after it (`rounds_after`: how many rounds since).
        Values are the board score where agreed, else the members' mean (as in vergelijken).
        `others_change`: the mean change over the same two rounds of cooperatives that did not take the
        module — the background growth to read `change` against (this is no proof of an effect).
        """
        sessions = self.store.current(SESSIONS).frame
        people = self.store.current(PARTICIPANTS).frame
        people = people[people["present"] & (people["cooperative_id"] != "")]
        took = people.merge(sessions[["session_id", "module", "date"]], on="session_id")
        took = took.groupby(["cooperative_id", "module"], as_index=False)["date"].min()
        columns = [
            "cooperative_id",
            "module",
            "date",
            "dimension_id",
            "round_before",
            "before",
            "round_after",
            "after",
            "rounds_after",
            "change",
            "others_change",
        ]
        if not len(took):
            return pd.DataFrame(columns=columns)
        from .cache import cached_frame
        from .compare import load_base

        values = load_base(self.store).values
        when, _ = cached_frame(self.store, "round_dates", [SCORES], lambda: (_round_dates(self.store), {}))
        wide = values.pivot_table(index="cooperative_id", columns=["round", "dimension_id"], values="value")
        rows = []
        for _, t in took.iterrows():
            module = self.module(t["module"])
            if module is None:
                continue
            rounds = when[when["cooperative_id"] == t["cooperative_id"]].sort_values("round")
            before = rounds[rounds["saved_at"] < t["date"]]
            after = rounds[rounds["saved_at"] > t["date"]]
            if not len(before) or not len(after):
                continue
            r0, r1 = before["round"].iloc[-1], after["round"].iloc[-1]
            v = values[values["cooperative_id"] == t["cooperative_id"]]
            for dim in module.dimensions:
                a = v[(v["round"] == r0) & (v["dimension_id"] == dim)]["value"]
                b = v[(v["round"] == r1) & (v["dimension_id"] == dim)]["value"]
                if not len(a) or not len(b):
                    continue
                attended = set(took.loc[took["module"] == t["module"], "cooperative_id"])
                others = wide[~wide.index.isin(attended)]
                others_change = np.nan
                if (r0, dim) in others and (r1, dim) in others:
                    others_change = float((others[(r1, dim)] - others[(r0, dim)]).mean())
                rows.append(
                    {
                        "cooperative_id": t["cooperative_id"],
                        "module": t["module"],
                        "date": t["date"],
                        "dimension_id": dim,
                        "round_before": r0,
                        "before": float(a.iloc[0]),
                        "round_after": r1,
                        "after": float(b.iloc[0]),
                        "rounds_after": len(after),
                        "change": float(b.iloc[0]) - float(a.iloc[0]),
                        "others_change": others_change,
                    }
                )
        return pd.DataFrame(rows, columns=columns)


def _round_dates(store: Store) -> pd.DataFrame:
    """The day each cooperative's round was last saved (what "before/after the session" is measured by)."""
    scores = store.current(SCORES).frame
    last = scores.groupby(["cooperative_id", "round"])["saved_at"].max()
    return last.dt.strftime("%Y-%m-%d").rename("saved_at").reset_index()
