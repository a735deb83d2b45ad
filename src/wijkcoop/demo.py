"""Seeded demo data, written through the store like any real save.

Every place, cooperative and person here is made up: the areas carry invented names and
"(demo)" in every cooperative name, respondents are roles ("voorzitter", "lid-2"), never names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from .model import Groeimodel
from .store import Store
from .tables import COOPERATIVE_KINDS, COOPERATIVES, SCORES

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


@dataclass(frozen=True)
class DemoSummary:
    cooperatives: int
    score_rows: int


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
    return DemoSummary(cooperatives=len(register), score_rows=total_rows)


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
                    {
                        "cooperative_id": coop_id,
                        "round": ROUNDS[r],
                        "respondent": m,
                        "statement_id": sid,
                        "score": None if dk else int(v),
                        "discuss": bool(dc),
                        "model_version": model.model_version,
                        "saved_at": saved_at,
                    }
                    for sid, v, dk, dc in zip(
                        statements["statement_id"], values, dont_know, discuss, strict=True
                    )
                ]
            )
    return saves
