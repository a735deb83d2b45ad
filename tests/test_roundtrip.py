"""Property: whatever the store holds, export -> import into an empty data folder gives the same scores."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkcoop.context import open_store
from wijkcoop.export import data_frames, dutch_csv, xlsx
from wijkcoop.importer import plan_import, run_import
from wijkcoop.model import load_model
from wijkcoop.store import Store
from wijkcoop.tables import COOPERATIVES, SCORES

MODEL = load_model()
KEYS = ["cooperative_id", "round", "respondent", "statement_id"]
# Respondent names people really type, including ones that look like formulas or break naive CSV.
NAMES = st.one_of(
    st.sampled_from(
        [
            "voorzitter",
            "lid-2",
            "Coördinator Zuid",
            "=HYPERLINK(1)",
            "-lid",
            "+31",
            "@team",
            'de "baas"',
            "a;b",
            "x,y",
        ]
    ),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=20,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool),
)
ANSWER = st.one_of(st.none(), st.integers(1, 5))
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["alfa-noord", "beta-zuid"]),
        st.sampled_from(["2024-2", "2025-1", "2026-2"]),
        NAMES,
        st.sampled_from(MODEL.statement_ids),
        ANSWER,
        st.booleans(),
    ),
    min_size=1,
    max_size=60,
)


def fresh(root: Path, name: str) -> Store:
    return open_store(root / name, model=MODEL)


def current(store: Store):
    frame = store.current(SCORES).frame
    return frame[[*KEYS, "score", "discuss"]].sort_values(KEYS).reset_index(drop=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, fmt=st.sampled_from(["csv", "xlsx"]))
def test_export_then_import_into_an_empty_folder_gives_the_same_scores(rows, fmt):
    root = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    try:
        source = fresh(root, "bron")
        source.append(
            COOPERATIVES,
            [
                {
                    "cooperative_id": cid,
                    "name": f"{cid} (demo);x",
                    "kind": "dorp",
                    "doorbraakgebied": "Nergens",
                    "gemeente": "=Gemeente",
                    "show_name": cid == "alfa-noord",
                }
                for cid in ("alfa-noord", "beta-zuid")
            ],
        )
        seen = set()
        saves = []
        for coop, rnd, who, sid, score, discuss in rows:
            key = (coop, rnd, who.casefold(), sid)  # the import treats names case-insensitively
            if key in seen:
                continue
            seen.add(key)
            saves.append(
                [
                    {
                        "cooperative_id": coop,
                        "round": rnd,
                        "respondent": who,
                        "statement_id": sid,
                        "score": score,
                        "discuss": discuss,
                        "model_version": MODEL.model_version,
                    }
                ]
            )
        source.append_saves(SCORES, saves)
        frames = data_frames(source)
        data = xlsx(frames) if fmt == "xlsx" else dutch_csv(frames["scores"])
        target = fresh(root, "leeg")
        plan = plan_import(target, data, f"export.{fmt}")
        assert plan.ok, [p.format() for p in plan.problems]
        run_import(target, plan)
        assert current(target).equals(current(source))
        # The register travels with the scores: names (with their ; and =) come back as they were; the
        # workbook's register sheet brings the cooperatives without scores too, the CSV only those with.
        scored = sorted({save[0]["cooperative_id"] for save in saves})
        if fmt == "xlsx":
            scored = ["alfa-noord", "beta-zuid"]
        names = target.current(COOPERATIVES).frame.sort_values("cooperative_id")["name"].tolist()
        assert names == [f"{cid} (demo);x" for cid in scored]
    finally:
        shutil.rmtree(root)
