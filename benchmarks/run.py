"""Benchmarks for the store, reported as ratios measured in one run (machines here are shared and noisy).

- save latency: one 40-statement save into stores of 10k, 100k and 1M rows; p50 and p95, and the p95
  at each size as a ratio to the p95 at 10k (a save must not grow with the store);
- read: `Store.read` (parse + validate + types) as a ratio to a bare `pandas.read_csv` of the same file;
- time to first render of every app page in Chromium, cold and preheated, as a ratio to a cold
  one-button page, and peak kernel memory per app (render.py);
- a summerschool room of 30 participants against one server, with `--room 30` and cold, all at once and
  arriving over a minute: stored exactly once, p50/p95 time to the page's HTML and to a usable page,
  server-side (websocket clients) and in Chromium, as ratios to one bare page alone measured the same
  ways; peak memory in total and per participant kernel; kernels and memory afterwards (load.py);
- vergelijken at national scale, as ratios to a pyarrow read of the same file (compare_scale.py).

Writes benchmarks/RESULTS.md. Run with `make bench`.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import compare_scale  # noqa: E402
import load  # noqa: E402
import render  # noqa: E402

from wijkcoop import __version__  # noqa: E402
from wijkcoop.context import open_store  # noqa: E402
from wijkcoop.model import load_model  # noqa: E402
from wijkcoop.store import Store  # noqa: E402
from wijkcoop.tables import SCORES, score_row  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
ROOM = 30  # participants in the room benchmark
SAVES_PER_SIZE = 40


def save_rows(model, respondent: str, coop: str = "bench-coop") -> list[dict]:
    return [
        score_row(coop, "2026-2", respondent, sid, i % 5 + 1, model.model_version)
        for i, sid in enumerate(model.statement_ids)
    ]


def fill(store: Store, model, rows: int) -> None:
    per_save = len(model.statement_ids)
    existing = len(store.read(SCORES).frame) if store.path(SCORES).exists() else 0
    missing = (rows - existing) // per_save
    batch = 2_500
    for start in range(0, missing, batch):
        count = min(batch, missing - start)
        store.append_saves(
            SCORES,
            [save_rows(model, f"r{start + i}", f"coop-{(start + i) % 500}") for i in range(count)],
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    model = load_model()
    work = HERE / ".work"
    shutil.rmtree(work, ignore_errors=True)
    store = open_store(work / "data", model=model)
    results = []
    for size in SIZES:
        print(f"filling store to {size:,} rows …", flush=True)
        fill(store, model, size)
        latencies = []
        for n in range(SAVES_PER_SIZE):
            t0 = time.perf_counter()
            store.append(SCORES, save_rows(model, f"bench-{size}-{n}"))
            latencies.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        frame = store.read(SCORES).frame
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pd.read_csv(store.path(SCORES), dtype=str, keep_default_na=False)
        bare_s = time.perf_counter() - t0
        results.append(
            {
                "rows": len(frame),
                "p50_ms": statistics.median(latencies) * 1000,
                "p95_ms": percentile(latencies, 0.95) * 1000,
                "read_s": read_s,
                "bare_s": bare_s,
            }
        )
        print(results[-1], flush=True)
    base = results[0]["p95_ms"]
    lines = [
        "# Benchmark results",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{__import__('os').cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- versions: wijkcoop {__version__}, Python {platform.python_version()}, pandas {pd.__version__}",
        "",
        "## Store: one 40-statement save (fsync included)",
        "",
        "| rows in store | p50 ms | p95 ms | p95 / p95 at 10k |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['rows']:,} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p95_ms'] / base:.2f} |")
    lines += [
        "",
        "## Store: reading the whole table (parse, validate every cell, types)",
        "",
        "| rows | Store.read s | pandas.read_csv s | ratio |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['read_s']:.2f} | {r['bare_s']:.2f} | {r['read_s'] / r['bare_s']:.2f} |"
        )
    print("measuring time to first render in Chromium …", flush=True)
    rendered = render.measure()
    lines += ["", *render.markdown(rendered)]
    print("measuring one bare page alone, server side and in Chromium …", flush=True)
    bare = load.bare_baseline()
    rooms = []
    # The server's side: the whole room as websocket clients (phones bring their own CPU; 30 Chromiums on
    # the server's two cores would measure the browsers). Then the realistic room again with five of
    # the thirty as Chromium pages on the same cores: a bound for what a phone sees.
    for label, room, spread, browsers, after in (
        ("`--room 30`", 30, 60.0, 0, load.AFTER),
        ("`--room 30`", 30, 0.0, 0, 15.0),
        ("cold (`--preheat 1`)", 0, 60.0, 0, 15.0),
        ("cold (`--preheat 1`)", 0, 0.0, 0, 15.0),
        ("`--room 30`, 5 in Chromium", 30, 60.0, load.BROWSERS, 15.0),
    ):
        print(f"measuring a room of {ROOM} participants: {label}, spread {spread:.0f} s …", flush=True)
        rooms.append((label, load.measure(ROOM, room=room, spread=spread, browsers=browsers, after=after)))
    lines += ["", *load.rooms_markdown(rooms, bare)]
    print("measuring vergelijken at national scale …", flush=True)
    lines += ["", *compare_scale.markdown(compare_scale.measure())]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
