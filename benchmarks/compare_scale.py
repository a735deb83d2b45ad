"""Vergelijken at national scale: 500 cooperatives × 6 rounds × 5 respondents × the model's statements
(about 600k score rows), generated through the store.

Measured in one run, each as a ratio to `pandas.read_csv(engine="pyarrow")` of the same scores file:
- first render with a cold cache (the kernel's first page view after new data: read, validate, aggregate);
- first render with a warm cache (every later page view until the data changes);
- one filter change (median of several);
and the peak memory of a process that renders the app (ru_maxrss).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from wijkcoop.context import open_store  # noqa: E402
from wijkcoop.model import load_model  # noqa: E402
from wijkcoop.tables import COOPERATIVES, SCORES, score_row  # noqa: E402

COOPS, ROUNDS, RESPONDENTS, AREAS = 500, ("2024-1", "2024-2", "2025-1", "2025-2", "2026-1", "2026-2"), 5, 50

RENDER = """
import json, sys, time
t0 = time.perf_counter()
from wijkcoop.apps.vergelijken import VergelijkenApp
imports = time.perf_counter() - t0
t0 = time.perf_counter()
app = VergelijkenApp(sys.argv[1])
first = time.perf_counter() - t0
changes = []
for area in [v for _, v in app.gebied.options[1:6]]:
    t1 = time.perf_counter()
    app.gebied.value = area
    changes.append(time.perf_counter() - t1)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec, so a
# benchmark parent holding a large store would inflate the child's figure.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"first": first, "imports": imports, "changes": changes, "status": app.status.value,
                  "maxrss_mb": hwm / 1024}))
"""


def generate(data: Path) -> int:
    model = load_model()
    store = open_store(data, model=model)
    rng = np.random.default_rng(500)
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": f"coop-{i:03d}",
                "name": f"Proefcoöperatie {i:03d} (demo)",
                "kind": "wijk",
                "doorbraakgebied": f"Proefgebied {i % AREAS:02d}",
                "gemeente": f"Proefgemeente {i % 25:02d}",
                "show_name": bool(i % 3),
            }
            for i in range(COOPS)
        ],
    )
    rows = 0
    for start in range(0, COOPS, 50):
        saves = []
        for i in range(start, start + 50):
            for r, round_id in enumerate(ROUNDS):
                for p in range(RESPONDENTS):
                    values = np.clip(np.rint(rng.normal(1.8 + 0.35 * r, 0.8, len(model.statement_ids))), 1, 5)
                    saves.append(
                        [
                            score_row(f"coop-{i:03d}", round_id, f"lid-{p}", sid, int(v), model.model_version)
                            for sid, v in zip(model.statement_ids, values, strict=True)
                        ]
                    )
        store.append_saves(SCORES, saves)
        rows += sum(len(s) for s in saves)
    return rows


def render(data: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", RENDER, str(data)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure() -> dict:
    work = Path(tempfile.mkdtemp(prefix="wijkcoop-scale-"))
    try:
        data = work / "data"
        print("generating national-scale data …", flush=True)
        rows = generate(data)
        path = data / SCORES.filename
        reads = []
        for _ in range(3):
            t0 = time.perf_counter()
            pd.read_csv(path, engine="pyarrow")
            reads.append(time.perf_counter() - t0)
        baseline = statistics.median(reads)
        shutil.rmtree(data / ".cache", ignore_errors=True)
        cold = render(data)
        warm = render(data)
        change = statistics.median(warm["changes"])
        return {
            "rows": rows,
            "megabytes": path.stat().st_size / 1e6,
            "pyarrow_read_s": baseline,
            "cold_s": cold["first"],
            "warm_s": warm["first"],
            "imports_s": warm["imports"],
            "change_s": change,
            "maxrss_mb": max(cold["maxrss_mb"], warm["maxrss_mb"]),
            "status": cold["status"] + warm["status"],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(r: dict) -> list[str]:
    base = r["pyarrow_read_s"]
    return [
        "## Vergelijken at national scale",
        "",
        f"{COOPS} cooperatives × {len(ROUNDS)} rounds × {RESPONDENTS} respondents × 40 statements = "
        f"{r['rows']:,} score rows ({r['megabytes']:.0f} MB). "
        'Baseline: `pandas.read_csv(engine="pyarrow")` '
        f"of that file, {base:.2f} s. Times are the kernel's work (building the app and drawing the first "
        f"view), not the browser's, and exclude importing Python packages ({r['imports_s']:.2f} s, paid by "
        "every Voilà page alike).",
        "",
        "| measure | seconds | ratio to the pyarrow read | aim |",
        "|---|---:|---:|---|",
        _row("first render, cold cache (after new data)", r["cold_s"], base, "–"),
        _row("first render, warm cache (every other view)", r["warm_s"], base, "≤ 1.5"),
        _row("one filter change (median of 5)", r["change_s"], base, "≤ 0.2 s"),
        "",
        f"Peak memory of the process rendering the app: {r['maxrss_mb']:.0f} MB (aim ≤ 500 MB).",
    ]


def _row(what: str, seconds: float, base: float, aim: str) -> str:
    return f"| {what} | {seconds:.2f} | {seconds / base:.2f} | {aim} |"


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
