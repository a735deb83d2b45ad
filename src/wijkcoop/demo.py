"""Seeded demo data, written through the store like any real save.

Every place, cooperative and person here is made up: the areas carry invented names and
"(demo)" in every cooperative name, respondents are roles ("voorzitter", "lid-2"), never names.
Summerschool participants are numbered pseudonyms ("deelnemer-07"), trainers "Trainer A (demo)".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from .model import Groeimodel
from .rules import CODE_ALPHABET, CODE_LENGTH
from .store import Store
from .tables import (
    COOPERATIVE_KINDS,
    COOPERATIVES,
    EVALUATIONS,
    PARTICIPANTS,
    RATINGS,
    SCORES,
    SESSIONS,
    score_row,
)
from .tables import (
    ROUNDS as ROUND_TABLE,
)

# Ten invented doorbraakgebieden, each with an invented gemeente.
DOORBRAAKGEBIEDEN = (
    ("Fabelveen", "Gemeente Fabelland"),
    ("Kwakkelhoven", "Gemeente Fabelland"),
    ("Verzinsloo", "Gemeente Bedenkum"),
    ("Droomdijk", "Gemeente Bedenkum"),
    ("Bedachtstad", "Gemeente Bedachtstad"),
    ("Fantasiedorp", "Gemeente Wolkenveld"),
    ("Papieren Polder", "Gemeente Wolkenveld"),
    ("Denkbeeldwijk", "Gemeente Luchtkasteel"),
    ("Ergens-aan-Zee", "Gemeente Luchtkasteel"),
    ("Nergenshuizen", "Gemeente Nergenshuizen"),
)
PARTS = ("Noord", "Zuid", "Oost", "West", "Centrum", "Midden")
# Cooperatives per doorbraakgebied (42 in all). Uneven on purpose: areas with fewer than five
# cooperatives show why the comparison app withholds their group figures.
AREA_SIZES = (6, 5, 5, 5, 4, 4, 4, 3, 3, 3)
ROLES = ("voorzitter", "secretaris", "penningmeester", "lid-1", "lid-2", "lid-3", "lid-4")
ROUNDS = ("2024-1", "2024-2", "2025-1", "2025-2", "2026-1", "2026-2")
DONT_KNOW_RATE = 0.04
# Two summers of sessions, on August days like the original summerschool's.
SESSION_DAYS = {"leiderschap": "08-01", "werkvormen": "08-04", "ondernemen": "08-05", "overtuigen": "08-10"}
SESSION_YEARS = (2024, 2025)
PLACES = ("Buurthuis De Verzonnen Hoek (demo)", "Wijkcentrum Nergensplein (demo)")


@dataclass(frozen=True)
class DemoSummary:
    cooperatives: int
    score_rows: int
    sessions: int = 0


def round_date(round_id: str, rng: np.random.Generator) -> datetime:
    """A plausible moment for a half-yearly round: spring for -1, autumn for -2."""
    year, half = (int(x) for x in round_id.split("-"))
    start = datetime(year, 3 if half == 1 else 9, 1, 19, 0, tzinfo=UTC)
    return start + timedelta(days=int(rng.integers(0, 55)), minutes=int(rng.integers(0, 150)))


def generate(
    store: Store,
    model: Groeimodel,
    seed: int = 2019,
    sizes: tuple[int, ...] = AREA_SIZES,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    rng = np.random.default_rng(seed)
    register = []
    for (area, gemeente), size in zip(DOORBRAAKGEBIEDEN, sizes, strict=True):
        for part in rng.choice(PARTS, size=size, replace=False):
            kind = str(rng.choice(COOPERATIVE_KINDS, p=[0.45, 0.25, 0.15, 0.15]))
            label = {"wijk": "Wijk", "buurt": "Buurt", "dorp": "Dorps", "zorg": "Zorg"}[kind]
            slug = f"{area}-{part}".lower().replace(" ", "-")
            register.append(
                {
                    "cooperative_id": slug,
                    "name": f"{label}coöperatie {area} {part} (demo)",
                    "kind": kind,
                    "doorbraakgebied": area,
                    "gemeente": gemeente,
                    "show_name": bool(rng.random() < 0.7),
                    "saved_at": datetime(2024, 1, 15, 12, tzinfo=UTC),
                }
            )
    store.append(COOPERATIVES, register)

    statements = model.statements_frame
    dims = model.dimension_ids
    dim_index = statements["dimension_id"].map({d: i for i, d in enumerate(dims)}).to_numpy()
    total_rows = 0
    for done, coop in enumerate(register, start=1):
        saves = _cooperative_saves(coop["cooperative_id"], model, statements, dim_index, rng)
        store.append_saves(SCORES, saves)
        total_rows += sum(len(s) for s in saves)
        if progress:
            progress(done, len(register))
    sessions = _summerschool(store, [str(c["cooperative_id"]) for c in register], rng)
    _complete_rounds(store, np.random.default_rng(seed + 1))
    return DemoSummary(cooperatives=len(register), score_rows=total_rows, sessions=sessions)


def _complete_rounds(store: Store, rng: np.random.Generator) -> None:
    """Boards called their earlier rounds complete; about a third is still busy with the latest one."""
    scores = store.current(SCORES).frame
    pairs = scores[["cooperative_id", "round"]].drop_duplicates().sort_values(["cooperative_id", "round"])
    rows = [
        {"cooperative_id": c, "round": r, "complete": True}
        for c, r in zip(pairs["cooperative_id"], pairs["round"], strict=True)
        if r != ROUNDS[-1] or rng.random() < 0.65
    ]
    store.append(ROUND_TABLE, rows)


def _summerschool(store: Store, cooperatives: list[str], rng: np.random.Generator) -> int:
    """Sessions of every module in two summers, with attendance, before/after ratings and evaluations."""
    from .modules import load_modules, load_rating
    from .tables import ROLES as PARTICIPANT_ROLES

    modules = load_modules(store.model)
    rating = load_rating(store.model)
    sessions, people, ratings, evaluations = [], [], [], []
    codes: set[str] = set()
    for year in SESSION_YEARS:
        for n, module in enumerate(modules):
            code = "".join(rng.choice(list(CODE_ALPHABET), size=CODE_LENGTH))
            while code in codes:
                code = "".join(rng.choice(list(CODE_ALPHABET), size=CODE_LENGTH))
            codes.add(code)
            day = f"{year}-{SESSION_DAYS.get(module.id, '08-15')}"
            held = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
            sessions.append(
                {
                    "session_id": code,
                    "module": module.id,
                    "date": day,
                    "place": PLACES[n % len(PLACES)],
                    "trainer": f"Trainer {'AB'[n % 2]} (demo)",
                    "open": False,
                    "saved_at": held - timedelta(days=20),
                }
            )
            size = int(rng.integers(8, 15))
            chosen = rng.choice(cooperatives, size=size, replace=True)
            for i, coop in enumerate(chosen, start=1):
                who = f"deelnemer-{i:02d}"
                present = bool(rng.random() < 0.9)
                people.append(
                    {
                        "session_id": code,
                        "participant": who,
                        "name": "",
                        "consent": False,
                        "cooperative_id": str(coop) if rng.random() < 0.9 else "",
                        "role": str(rng.choice(PARTICIPANT_ROLES, p=[0.5, 0.25, 0.1, 0.1, 0.05])),
                        "present": present,
                        "entered_by": "trainer",
                        "saved_at": held,
                    }
                )
                if not present:
                    continue
                at = held + timedelta(hours=4, minutes=int(rng.integers(0, 20)))
                start = rng.normal(2.3, 0.6)
                gain = rng.normal(0.9, 0.45)
                save = []
                for goal_id, aspect_id, moment in rating.items(module):
                    base = start + (gain if moment == "na" else 0.0)
                    if not rating.aspect(aspect_id).before:
                        base = start + gain + rng.normal(0.4, 0.4)
                    value = int(np.clip(np.rint(base + rng.normal(0, 0.5)), 1, 5))
                    save.append(
                        {
                            "session_id": code,
                            "participant": who,
                            "goal_id": goal_id,
                            "aspect": aspect_id,
                            "moment": moment,
                            "score": value,
                            "entered_by": "deelnemer",
                            "saved_at": at,
                        }
                    )
                ratings.append(save)
                if rng.random() < 0.8:
                    evaluations.append(
                        {
                            "session_id": code,
                            "participant": who,
                            "relevance": int(np.clip(np.rint(rng.normal(4.0, 0.8)), 1, 5)),
                            "engagement": int(np.clip(np.rint(rng.normal(3.9, 0.9)), 1, 5)),
                            "top": str(rng.choice(DEMO_TOPS)) if rng.random() < 0.6 else "",
                            "tip": str(rng.choice(DEMO_TIPS)) if rng.random() < 0.5 else "",
                            "entered_by": "deelnemer",
                            "saved_at": at + timedelta(minutes=3),
                        }
                    )
    store.append(SESSIONS, sessions)
    store.append(PARTICIPANTS, people)
    store.append_saves(RATINGS, ratings)
    store.append(EVALUATIONS, evaluations)
    return len(sessions)


DEMO_TOPS = (
    "Veel geleerd van de andere coöperaties",
    "Meteen toepasbaar in onze wijk",
    "Goede afwisseling tussen uitleg en doen",
    "De werkvorm gaf veel energie",
)
DEMO_TIPS = (
    "Meer tijd voor de eigen casus",
    "Een korter inleidend verhaal",
    "Graag de materialen vooraf",
    "Pauze iets eerder",
)


def _cooperative_saves(coop_id, model, statements, dim_index, rng) -> list[list[dict]]:
    n_dims = len(model.dimension_ids)
    first_round = int(rng.choice([0, 0, 0, 1, 2]))
    base = rng.normal(2.0, 0.35)
    growth = rng.uniform(0.18, 0.40)
    dim_offset = rng.normal(0.0, 0.35, size=n_dims)
    dim_growth = rng.normal(0.0, 0.06, size=n_dims)
    members = list(ROLES[: int(rng.integers(3, 8))])
    bias = {m: rng.normal(0.0, 0.3) for m in members}
    # Now and then one member sees a dimension very differently: the board's "split" topics.
    outlier = {m: rng.normal(0.0, 1.4, size=n_dims) * (rng.random(n_dims) < 0.08) for m in members}
    saves = []
    for r in range(first_round, len(ROUNDS)):
        t = r - first_round
        truth = base + (growth + dim_growth) * t + dim_offset
        if rng.random() < 0.15:  # a setback: a key volunteer left, a contract ended
            truth = truth - rng.uniform(0.2, 0.6) * (rng.random(n_dims) < 0.3)
        when = round_date(ROUNDS[r], rng)
        for m in members:
            if t > 0 and rng.random() < 0.06:  # someone skipped this round
                continue
            latent = truth[dim_index] + bias[m] + outlier[m][dim_index]
            raw = latent + rng.normal(0.0, 0.55, size=len(latent))
            values = np.clip(np.rint(raw), 1, 5).astype(int)
            dont_know = rng.random(len(values)) < DONT_KNOW_RATE
            discuss = rng.random(len(values)) < np.where(values <= 2, 0.2, 0.04)
            saved_at = when + timedelta(days=int(rng.integers(0, 10)))
            saves.append(
                [
                    score_row(
                        coop_id,
                        ROUNDS[r],
                        m,
                        sid,
                        None if dk else int(v),
                        model.model_version,
                        discuss=bool(dc),
                        saved_at=saved_at,
                    )
                    for sid, v, dk, dc in zip(
                        statements["statement_id"], values, dont_know, discuss, strict=True
                    )
                ]
            )
    return saves
