"""The board's verbeterplan: per verbeterpunt up to three actions, and the next round's look back.

A service beside `selfeval.py`: no widgets; every value is checked here (the app and a crafted browser
message both come through it), only the board of a cooperative may change its plan (`access`), and a
refusal is a `Refused` with texts in the user's language. Stored in `verbeterplan.csv` and
`verbeterplan-terugblik.csv` (tables.PLAN, tables.PLAN_REVIEWS; docs/data.md): a correction is a new row,
so the history stays.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .access import Access
from .model import Groeimodel
from .problems import Refused
from .store import Store, clean_text
from .tables import PLAN, PLAN_ACTIONS, PLAN_OUTCOMES, PLAN_REVIEWS, SCORES

MAX_ACTIONS = len(PLAN_ACTIONS)
FIELDS = ("what", "who", "due", "done_when", "module")
LIMITS = {name: PLAN.column(name).max_len for name in ("what", "who", "done_when")}
NOTE_MAX = PLAN_REVIEWS.column("note").max_len


@dataclass(frozen=True)
class Action:
    statement_id: str
    action: str  # "1" … "3"
    what: str
    who: str
    due: str  # ISO date
    done_when: str
    module: str = ""

    @property
    def dimension_id(self) -> str:
        return self.statement_id.split(".", 1)[0]


def _text(value: object) -> str:
    return clean_text(str(value or "")).strip()


def _day(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    try:
        return date.fromisoformat(text).isoformat() if text else ""
    except ValueError:
        return "?"


def actions_of(plan: pd.DataFrame, cooperative_id: str, round_id: str) -> list[Action]:
    """The current actions (not removed) of one round's plan, in statement and action order."""
    if plan.empty:
        return []
    part = plan[(plan["cooperative_id"] == cooperative_id) & (plan["round"] == round_id) & ~plan["removed"]]
    part = part.sort_values(["statement_id", "action"], key=lambda s: s.map(_order))
    return [
        Action(r.statement_id, r.action, r.what, r.who, r.due, r.done_when, r.module or "")
        for r in part.itertuples()
    ]


def _order(value: str):
    """D10.2 after D9.4: statement ids sort by their numbers."""
    parts = str(value).lstrip("D").split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def reviews_of(
    reviews: pd.DataFrame, cooperative_id: str, round_id: str
) -> dict[tuple[str, str], tuple[str, str]]:
    """{(statement, action): (outcome, note)} for one round's plan."""
    if reviews.empty:
        return {}
    part = reviews[(reviews["cooperative_id"] == cooperative_id) & (reviews["round"] == round_id)]
    return {(r.statement_id, r.action): (r.outcome, r.note or "") for r in part.itertuples()}


class Verbeterplan:
    def __init__(
        self, store: Store, model: Groeimodel, module_ids: Collection[str], access: Access | None = None
    ):
        self.store, self.model = store, model
        self.module_ids = set(module_ids)
        self.access = access or Access.everything()

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(plan, reviews), current, of this person's cooperatives only."""
        visible = self.access.visible
        return visible(self.store.current(PLAN).frame), visible(self.store.current(PLAN_REVIEWS).frame)

    def _plan(self) -> pd.DataFrame:
        """The plan alone (saving an action needs no look-back rows read)."""
        return self.access.visible(self.store.current(PLAN).frame)

    def actions(self, cooperative_id: str, round_id: str) -> list[Action]:
        return actions_of(self._plan(), cooperative_id, round_id)

    def save(self, cooperative_id: str, round_id: str, statement_id: str, actions: list[Mapping]) -> int:
        """The actions for one verbeterpunt (a list of up to three with what, who, due, done_when and
        module; an empty one is no action). Returns how many rows changed: a new or corrected action, or
        one taken off the plan. Refused with every reason at once when something is wrong."""
        self.access.require(self.access.board_of(cooperative_id), "plan", cooperative=cooperative_id)
        scores = self.store.current(SCORES).frame
        if scores[(scores["cooperative_id"] == cooperative_id) & (scores["round"] == round_id)].empty:
            raise Refused(("ze.board.no_data", {}))
        if statement_id not in self.model.statement_ids:
            raise Refused(("plan.unknown_statement", {"id": str(statement_id)[:20]}))
        given = [{k: a.get(k) for k in FIELDS} for a in actions]
        filled = [a for a in given if any(_text(a[k]) for k in FIELDS if k != "due") or a.get("due")]
        if len(filled) > MAX_ACTIONS:
            raise Refused(("plan.too_many", {"max": MAX_ACTIONS}))
        reasons: list[tuple[str, dict]] = []
        rows: list[dict[str, object]] = []
        for number, action in zip(PLAN_ACTIONS, filled, strict=False):
            row: dict[str, str] = {k: _text(action[k]) for k in ("what", "who", "done_when", "module")}
            row["due"] = _day(action["due"])
            missing = [k for k in ("what", "who", "due", "done_when") if not row[k]]
            if missing:
                reasons.append(
                    ("plan.missing", {"n": number, "fields": [f"@plan.field.{k}" for k in missing]})
                )
            if row["due"] == "?":
                reasons.append(("plan.bad_due", {"n": number}))
            for k, limit in LIMITS.items():
                if len(row[k]) > limit:
                    reasons.append(
                        ("plan.too_long", {"n": number, "field": f"@plan.field.{k}", "max": limit})
                    )
            if row["module"] and row["module"] not in self.module_ids:
                reasons.append(("plan.unknown_module", {"n": number}))
            rows.append({**row, "action": number, "removed": False})
        if reasons:
            raise Refused(*reasons)
        stored = {
            a.action: a
            for a in actions_of(self._plan(), cooperative_id, round_id)
            if a.statement_id == statement_id
        }
        key = {"cooperative_id": cooperative_id, "round": round_id, "statement_id": statement_id}
        changed: list[dict[str, object]] = []
        for new in rows:
            old = stored.get(str(new["action"]))
            if old is None or any(getattr(old, k) != new[k] for k in FIELDS):
                changed.append({**key, **new})
        for number in sorted(set(stored) - {r["action"] for r in rows}):  # taken off the plan
            changed.append({**key, "action": number, "removed": True, **dict.fromkeys(FIELDS, "")})
        if not changed:
            raise Refused(("plan.unchanged", {}))
        self.store.append(PLAN, changed)
        return len(changed)

    def save_review(
        self,
        cooperative_id: str,
        plan_round: str,
        reviewed_in: str,
        outcomes: Mapping[tuple[str, str], tuple],
    ) -> int:
        """Look back on a round's plan: {(statement, action): (outcome, note)}, outcome gedaan / deels /
        niet (None: not looked at yet). Only actions on that plan; returns how many rows were stored."""
        self.access.require(self.access.board_of(cooperative_id), "plan review", cooperative=cooperative_id)
        plan, reviews = self.frames()
        known = {(a.statement_id, a.action) for a in actions_of(plan, cooperative_id, plan_round)}
        before = reviews_of(reviews, cooperative_id, plan_round)
        reasons: list[tuple[str, dict]] = []
        rows = []
        for key, (outcome, note) in outcomes.items():
            if outcome is None:
                continue
            if key not in known:
                reasons.append(("plan.unknown_action", {}))
                continue
            text = _text(note)
            if outcome not in PLAN_OUTCOMES:
                reasons.append(("plan.bad_outcome", {}))
            elif len(text) > NOTE_MAX:
                reasons.append(("plan.too_long", {"n": key[1], "field": "@plan.field.note", "max": NOTE_MAX}))
            elif before.get(key) != (outcome, text):
                rows.append(
                    {
                        "cooperative_id": cooperative_id,
                        "round": plan_round,
                        "statement_id": key[0],
                        "action": key[1],
                        "outcome": outcome,
                        "note": text,
                        "reviewed_in": reviewed_in,
                    }
                )
        if reasons:
            raise Refused(*reasons)
        if not rows:
            raise Refused(("plan.unchanged", {}))
        self.store.append(PLAN_REVIEWS, rows)
        return len(rows)


def module_demand(plan: pd.DataFrame) -> dict[str, int]:
    """Per summerschool module, how many cooperatives plan to follow it: the modules named in each
    cooperative's latest plan (its newest round with actions). Counts only, never who."""
    if plan.empty:
        return {}
    live = plan[~plan["removed"] & (plan["module"].fillna("") != "")]
    if live.empty:
        return {}
    latest = live.groupby("cooperative_id")["round"].transform("max")
    newest = live[live["round"] == latest]
    counts = newest.groupby("module")["cooperative_id"].nunique()
    return {str(m): int(n) for m, n in counts.sort_values(ascending=False, kind="stable").items()}


def plan_summary(
    register: pd.DataFrame, plan: pd.DataFrame, reviews: pd.DataFrame, min_n: int
) -> pd.DataFrame:
    """Per doorbraakgebied: cooperatives, how many have a verbeterplan, its actions, how many were looked
    back on and the share of those done. An area with fewer than `min_n` cooperatives shows only its
    size (`withheld`). Never the actions' texts."""
    columns = ["doorbraakgebied", "n", "with_plan", "actions", "reviewed", "done", "withheld"]
    if register.empty:
        return pd.DataFrame(columns=columns)
    keys = ["cooperative_id", "round", "statement_id", "action"]
    live = plan[~plan["removed"]] if len(plan) else pd.DataFrame(columns=[*keys, "removed"])
    done = reviews if len(reviews) else pd.DataFrame(columns=[*keys, "outcome"])
    looked = live[keys].merge(done[[*keys, "outcome"]], on=keys, how="inner")
    rows = []
    for area, part in register.groupby("doorbraakgebied", sort=True):
        coops = set(part["cooperative_id"])
        n = len(coops)
        if n < min_n:
            rows.append({"doorbraakgebied": area, "n": n, "withheld": True})
            continue
        mine = live[live["cooperative_id"].isin(coops)]
        seen = looked[looked["cooperative_id"].isin(coops)]
        rows.append(
            {
                "doorbraakgebied": area,
                "n": n,
                "with_plan": int(mine["cooperative_id"].nunique()),
                "actions": len(mine),
                "reviewed": len(seen),
                "done": float((seen["outcome"] == "gedaan").mean()) if len(seen) else float("nan"),
                "withheld": False,
            }
        )
    return pd.DataFrame(rows, columns=columns)
