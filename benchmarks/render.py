"""Time to first render of every app page in headless Chromium, as a ratio to a one-button Voilà notebook
served by the same server in the same run (the machines here are shared: only ratios mean something).

A page counts as rendered when its first widget a user acts on is visible. Runs alternate between pages,
so a slow moment of the machine hits all of them alike; the median of the runs is reported.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from wijkcoop import config, demo, serve  # noqa: E402
from wijkcoop.model import load_model  # noqa: E402
from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from wijkcoop.store import Store  # noqa: E402

# page -> the selector that means "a user can start"
READY = {
    "bare": ".widget-button",
    "groeimodel": ".dimension-name",
    "zelfevaluatie": ".start-button",
    "vergelijken": ".heatmap th.coop",
    "summerschool": ".session-pick select",
    "deelnemer": ".join-button",
}
RUNS = 5

BARE = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "bare",
            "metadata": {},
            "outputs": [],
            "source": ["import ipywidgets as widgets\n", "\n", 'widgets.Button(description="Klik")'],
        }
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def measure(data: Path | None = None) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="wijkcoop-render-"))
    try:
        notebooks = work / "notebooks"
        notebooks.mkdir()
        for page in READY:
            if page != "bare":
                shutil.copy(config.notebooks_dir() / f"{page}.ipynb", notebooks)
        (notebooks / "bare.ipynb").write_text(json.dumps(BARE), encoding="utf-8")
        if data is None:
            data = work / "data"
            model = load_model()
            demo.generate(Store(data, model=model), model)
        port = free_port()
        log = open(work / "voila.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            serve.voila_command(notebooks, port=port),
            env=serve.voila_env(data),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        times: dict[str, list[float]] = {page: [] for page in READY}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            for run in range(RUNS + 1):  # the first round warms caches and is not counted
                for page_name, selector in READY.items():
                    context = browser.new_context()
                    page = context.new_page()
                    t0 = time.perf_counter()
                    page.goto(f"{base}/voila/render/{page_name}.ipynb")
                    page.locator(selector).first.wait_for(timeout=120_000)
                    elapsed = time.perf_counter() - t0
                    context.close()
                    if run:
                        times[page_name].append(elapsed)
            browser.close()
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        bare = statistics.median(times["bare"])
        return {
            page: {"median_s": statistics.median(v), "ratio": statistics.median(v) / bare}
            for page, v in times.items()
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "## Time to first render in headless Chromium (cold kernel per page view)",
        "",
        f"Median of {RUNS} page views each, alternating pages; ratio to the one-button notebook.",
        "",
        "| page | median s | ratio to bare page |",
        "|---|---:|---:|",
    ]
    for page, r in results.items():
        lines.append(f"| {page} | {r['median_s']:.2f} | {r['ratio']:.2f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
