"""A summerschool room: N participants against one server, each in its own browser page.

Each participant opens the participant page, joins with the session code, answers every rating and
sends them — all at the same moment, or arriving at random over `spread` seconds (asyncio + Playwright,
one Chromium). Afterwards the store must hold every submission exactly once, and no page may show an
error. Reported: time to a usable page p50/p95, the peak resident memory of the server plus its kernels
(sampled every half second), the peak memory (VmHWM) of each participant's kernel, and how many kernels
are left once the room has gone.

Used by `make bench` (a room of 30, with `--room 30` and cold, at once and over a minute; written to
RESULTS.md) and by tests/browser/test_load.py (`make stress`).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from wijkcoop.context import open_store  # noqa: E402
from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from wijkcoop.tables import RATINGS  # noqa: E402
from wijkcoop.training import Training  # noqa: E402

SESSIONS = 20
TIMEOUT_MS = 240_000


def _tree(root_pid: int) -> dict[int, str]:
    """A process and all its descendants: pid -> the text of /proc/<pid>/status."""
    children: dict[int, list[int]] = {}
    status_of: dict[int, str] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid = int(status.parent.name)
        children.setdefault(int(fields["PPid"].strip()), []).append(pid)
        status_of[pid] = text
    tree, todo = {}, [root_pid]
    while todo:
        pid = todo.pop()
        if pid in status_of:
            tree[pid] = status_of[pid]
        todo += children.get(pid, [])
    return tree


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    for text in _tree(root_pid).values():
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def kernel_peaks(log_path: Path | None = None, notebook: str = "deelnemer.ipynb") -> dict[int, float]:
    """Peak resident memory (VmHWM, MB) of every kernel that runs `notebook`: a cold kernel has the page
    in its environment (SCRIPT_NAME); a preheated one is named in the server log when it is handed out."""
    handed_out = set()
    if log_path is not None and log_path.exists():
        handed_out = set(
            re.findall(
                rf"Using pre-heated kernel: ([0-9a-f-]+) for {re.escape(notebook)}", log_path.read_text()
            )
        )
    peaks: dict[int, float] = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
            if "ipykernel_launcher" not in args:
                continue
            mine = f"/voila/render/{notebook}".encode() in (cmdline.parent / "environ").read_bytes()
            kernel = re.search(r"kernel-([0-9a-f-]+)\.json", args)
            mine = mine or (kernel is not None and kernel.group(1) in handed_out)
            if not mine:
                continue
            status = (cmdline.parent / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        peaks[int(cmdline.parent.name)] = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    return peaks


def kernel_count(root_pid: int) -> int:
    """Kernels the server runs right now (its descendants running ipykernel)."""
    count = 0
    for pid in _tree(root_pid):
        with contextlib.suppress(OSError):
            count += b"ipykernel_launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return count


class Sampler(threading.Thread):
    def __init__(self, pid: int, log_path: Path | None = None):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running, self.log_path = pid, 0.0, True, log_path
        self.kernels: dict[int, float] = {}  # participant kernel pid -> its peak MB

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            for pid, mb in kernel_peaks(self.log_path).items():
                self.kernels[pid] = max(mb, self.kernels.get(pid, 0.0))
            time.sleep(0.5)


async def _session(browser, base: str, code: str, who: str, delay: float = 0.0) -> dict:
    await asyncio.sleep(delay)  # this participant walks in a little later
    context = await browser.new_context(viewport={"width": 420, "height": 900}, locale="nl-NL")
    page = await context.new_page()
    result = {"who": who, "error": None}
    try:
        t0 = time.perf_counter()
        await page.goto(f"{base}/voila/render/deelnemer.ipynb", timeout=TIMEOUT_MS)
        await page.locator(".join-button").wait_for(timeout=TIMEOUT_MS)
        result["ttfr"] = time.perf_counter() - t0
        await page.locator(".join-code input").fill(code)
        await page.locator(".join-button").click()
        await page.locator(".who-name input").fill(who)
        await page.locator(".who-role select").select_option(label="vrijwilliger")
        await page.locator(".who-next").click()
        groups = page.locator(".rating-form .widget-toggle-buttons")
        await groups.first.wait_for(timeout=TIMEOUT_MS)
        for i in range(await groups.count()):
            await groups.nth(i).get_by_role("button", name="3", exact=True).click()
        await page.locator(".ratings-submit").click()
        await page.locator(".evaluation-form").wait_for(timeout=TIMEOUT_MS)
        result["done"] = time.perf_counter() - t0
        content = await page.content()
        if "Traceback" in content or "wijkcoop-error" in content:
            result["error"] = "error on page"
    except Exception as exc:  # reported, and the test fails on it
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        await context.close()
    return result


async def _all(base: str, code: str, n: int, spread: float) -> list[dict]:
    from playwright.async_api import async_playwright

    arrivals = random.Random(2026)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return await asyncio.gather(
                *(
                    _session(browser, base, code, f"last-{i:02d}", arrivals.uniform(0, spread))
                    for i in range(n)
                )
            )
        finally:
            await browser.close()


def run(
    base: str,
    data: Path,
    server_pid: int,
    n: int = SESSIONS,
    spread: float = 0.0,
    log_path: Path | None = None,
) -> dict:
    """N participant sessions (at once, or arriving over `spread` seconds); returns timings, memory
    and what the store holds."""
    training = Training(open_store(data))
    code = training.create_session("werkvormen", date.today(), "Belastingproef (demo)", "Trainer L (demo)")
    sampler = Sampler(server_pid, log_path)
    sampler.start()
    t0 = time.perf_counter()
    # A thread of its own: the caller may already run an event loop (pytest with sync Playwright does).
    box: dict[str, list[dict]] = {}
    worker = threading.Thread(
        target=lambda: box.setdefault("results", asyncio.run(_all(base, code, n, spread)))
    )
    worker.start()
    worker.join()
    results = box["results"]
    wall = time.perf_counter() - t0
    sampler.running = False
    sampler.join()
    time.sleep(15)  # the pages closed cleanly: their kernels stop (the pool keeps its warm places)
    left = kernel_count(server_pid)
    kernel_mb = sorted(sampler.kernels.values())
    ratings = open_store(data).read(RATINGS).frame
    mine = ratings[ratings["session_id"] == code]
    ttfr = sorted(r["ttfr"] for r in results if "ttfr" in r)
    return {
        "n": n,
        "code": code,
        "errors": [r for r in results if r["error"]],
        "rows_per_participant": mine.groupby("participant").size().to_dict(),
        "items": len(training.rating.items(training.module("werkvormen"))),
        "ttfr_p50": statistics.median(ttfr) if ttfr else float("nan"),
        "ttfr_p95": ttfr[min(len(ttfr) - 1, int(round(0.95 * (len(ttfr) - 1))))] if ttfr else float("nan"),
        "wall_s": wall,
        "peak_mb": sampler.peak,
        "spread": spread,
        "kernel_mb_p50": statistics.median(kernel_mb) if kernel_mb else float("nan"),
        "kernel_mb_max": kernel_mb[-1] if kernel_mb else float("nan"),
        "kernels_left": left,
    }


def markdown(result: dict) -> list[str]:
    return rooms_markdown([("as `make app` serves it", result)])


def rooms_markdown(runs: list[tuple[str, dict]]) -> list[str]:
    lines = [
        f"## A summerschool room: {runs[0][1]['n']} participants against one server",
        "",
        "Each participant opens the participant page, joins with the code, answers every rating and sends."
        " *At once*: all in the same second (the worst case); *over 60 s*: random arrival times (a room"
        " taking out its phones). Time to a usable page (the join button shown) in Chromium, as seconds and"
        " as a ratio to one bare one-button page alone (see the render table).",
        "",
        "| server | arrivals | stored exactly once | error pages | usable p50 s | usable p95 s | p95 / bare"
        " | all done s | peak MB (all) | participant kernel MB p50 / max | kernels left |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in runs:
        stored_once = len(r["rows_per_participant"]) == r["n"] and all(
            v == r["items"] for v in r["rows_per_participant"].values()
        )
        arrivals = "at once" if not r.get("spread") else f"over {r['spread']:.0f} s"
        bare = r.get("bare_s")
        ratio = f"{r['ttfr_p95'] / bare:.1f}" if bare else "–"
        row = [
            label,
            arrivals,
            "yes" if stored_once else "NO",
            len(r["errors"]),
            f"{r['ttfr_p50']:.1f}",
            f"{r['ttfr_p95']:.1f}",
            ratio,
            f"{r['wall_s']:.1f}",
            f"{r['peak_mb']:.0f}",
            f"{r.get('kernel_mb_p50', float('nan')):.0f} / {r.get('kernel_mb_max', float('nan')):.0f}",
            r.get("kernels_left", "–"),
        ]
        lines.append("| " + " | ".join(map(str, row)) + " |")
    lines += [
        "",
        "Peak MB (all): resident memory of the server and all its kernels together, sampled every 0.5 s."
        " Participant kernel MB: peak resident memory (VmHWM) of each kernel that ran the participant page."
        " Kernels left: every kernel of the server 15 s after the room left without closing its tabs (as"
        " phones do): the warm places of the pools, refilled, plus the participants' kernels, which the"
        " culler stops after `--cull-after` (10 minutes by default).",
    ]
    return lines


def measure(n: int = SESSIONS, room: int = 0, spread: float = 0.0, bare_s: float | None = None) -> dict:
    """Start `wijkcoop serve` (as `make app` does, with `--room N` if `room`) over fresh demo data and
    run N sessions against it; `bare_s`: one bare page's time, for the ratio."""
    import os
    import shutil
    import signal
    import subprocess
    import tempfile
    import urllib.request

    from wijkcoop import demo
    from wijkcoop.model import load_model
    from wijkcoop.serve import free_port

    work = Path(tempfile.mkdtemp(prefix="wijkcoop-load-"))
    try:
        data = work / "data"
        model = load_model()
        demo.generate(open_store(data, model=model), model)
        port = free_port()
        log = open(work / "serve.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("wijkcoop")),
                "serve",
                "--port",
                str(port),
                "--data",
                str(data),
                *(["--room", str(room)] if room else []),
            ],
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
        # Let the preheated pools fill, as on a server that has been up for a while.
        filled = f"Kernel pool of deelnemer.ipynb is filled with {room or 1} kernel(s)"
        deadline = time.monotonic() + 240
        while filled not in (work / "serve.log").read_text() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(10)
        try:
            return {
                **run(base, data, proc.pid, n, spread, work / "serve.log"),
                "bare_s": bare_s,
                "room": room,
            }
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            log.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
