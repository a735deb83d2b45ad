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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from wijkcoop import config, demo, serve  # noqa: E402
from wijkcoop.context import open_store  # noqa: E402
from wijkcoop.model import load_model  # noqa: E402
from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_http  # noqa: E402

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
RUNS_PREHEATED = 3  # each waits for every pool to refill (config.REFILL_AFTER + a kernel start)

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


def kernel_pids(server_pid: int) -> set[int]:
    """The ipykernel processes started by the server (its children)."""
    out = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(next(line.split()[1] for line in text.splitlines() if line.startswith("PPid:")))
        if ppid == server_pid and b"ipykernel" in cmdline:
            out.add(int(status.parent.name))
    return out


def peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB; NaN if it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    kb = next(int(line.split()[1]) for line in text.splitlines() if line.startswith("VmHWM:"))
    return kb / 1024


class _Server:
    def __init__(self, notebooks: Path, data: Path, work: Path, preheat: int):
        self.port = free_port()
        self.log_path = work / f"voila-{preheat}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            serve.voila_command(notebooks, port=self.port, preheat=preheat),
            env=serve.voila_env(data),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for_http(self.base + "/", self.proc)

    def filled(self, page: str) -> int:
        return self.log_path.read_text(errors="replace").count(f"Kernel pool of {page}.ipynb is filled")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def _views(browser, server: _Server, preheat: bool) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    times: dict[str, list[float]] = {page: [] for page in READY}
    memory: dict[str, list[float]] = {page: [] for page in READY}
    used = dict.fromkeys(READY, 0)
    runs = RUNS_PREHEATED if preheat else RUNS
    for run in range(runs + 1):  # the first round warms caches and is not counted
        for page_name, selector in READY.items():
            if preheat:
                # Every pool full again and no refill running: the view gets a ready kernel and the
                # machine is not busy starting kernels for earlier views.
                deadline = time.monotonic() + 180
                while any(server.filled(p) < used[p] + 1 for p in READY) and time.monotonic() < deadline:
                    time.sleep(0.2)
                time.sleep(0.5)
                used[page_name] += 1
            before = kernel_pids(server.proc.pid)
            context = browser.new_context()
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(f"{server.base}/voila/render/{page_name}.ipynb")
            page.locator(selector).first.wait_for(timeout=120_000)
            elapsed = time.perf_counter() - t0
            if not preheat:
                page.wait_for_timeout(500)
                new = kernel_pids(server.proc.pid) - before
                if run and len(new) == 1:
                    memory[page_name].append(peak_mb(new.pop()))
            context.close()
            if run:
                times[page_name].append(elapsed)
    return times, memory


def measure(data: Path | None = None) -> dict[str, dict[str, float]]:
    """Per page: cold and preheated time to first render (and ratios to the cold bare page), kernel MB."""
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
            demo.generate(open_store(data, model=model), model)
        results: dict[str, dict[str, float]] = {page: {} for page in READY}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            for preheat in (0, 1):
                server = _Server(notebooks, data, work, preheat)
                try:
                    times, memory = _views(browser, server, preheat=bool(preheat))
                finally:
                    server.stop()
                key = "preheated_s" if preheat else "cold_s"
                for page, values in times.items():
                    results[page][key] = statistics.median(values)
                    if memory[page]:
                        results[page]["kernel_mb"] = statistics.median(memory[page])
            browser.close()
        bare = results["bare"]["cold_s"]
        for r in results.values():
            r["cold_ratio"] = r["cold_s"] / bare
            r["preheated_ratio"] = r["preheated_s"] / bare
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "## Time to first render in headless Chromium, and kernel memory per app",
        "",
        f"Median of {RUNS} (cold) or {RUNS_PREHEATED} (preheated) page views each, alternating pages."
        " *Cold*: a new kernel per view. *Preheated*: `--preheat 1`, a kernel per app already started and"
        " run up to `wait_for_request()`, measured when every pool has refilled. Both as a"
        " ratio to the **cold** one-button notebook (aims: cold ≤ 1.2, preheated ≤ 0.8). Kernel memory:"
        " peak resident memory (VmHWM) of the kernel that served a cold view.",
        "",
        "| page | cold s | cold ratio | preheated s | preheated ratio | kernel MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page, r in results.items():
        lines.append(
            f"| {page} | {r['cold_s']:.2f} | {r['cold_ratio']:.2f} | {r['preheated_s']:.2f} | "
            f"{r['preheated_ratio']:.2f} | {r.get('kernel_mb', float('nan')):.0f} |"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
