"""Many participants at once: N simultaneous sessions against one server, each in its own browser page.

Each session opens the participant page, joins with the session code, answers every rating and sends
them — at the same time as all the others (asyncio + Playwright, one Chromium). Afterwards the store must
hold every submission exactly once, and no page may show an error. Reported: time to first render p50/p95
and the peak resident memory of the server plus its kernels, sampled every half second.

Used by `make bench` (N = 20, written to RESULTS.md) and by tests/browser/test_load.py (same N, bounded,
on loopback only).
"""

from __future__ import annotations

import asyncio
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


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid = int(status.parent.name)
        children.setdefault(int(fields["PPid"].strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / 1024


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            time.sleep(0.5)


async def _session(browser, base: str, code: str, who: str) -> dict:
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


async def _all(base: str, code: str, n: int) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return await asyncio.gather(*(_session(browser, base, code, f"last-{i:02d}") for i in range(n)))
        finally:
            await browser.close()


def run(base: str, data: Path, server_pid: int, n: int = SESSIONS) -> dict:
    """N simultaneous participant sessions; returns timings, peak memory and what the store holds."""
    training = Training(open_store(data))
    code = training.create_session("werkvormen", date.today(), "Belastingproef (demo)", "Trainer L (demo)")
    sampler = Sampler(server_pid)
    sampler.start()
    t0 = time.perf_counter()
    # A thread of its own: the caller may already run an event loop (pytest with sync Playwright does).
    box: dict[str, list[dict]] = {}
    worker = threading.Thread(target=lambda: box.setdefault("results", asyncio.run(_all(base, code, n))))
    worker.start()
    worker.join()
    results = box["results"]
    wall = time.perf_counter() - t0
    sampler.running = False
    sampler.join()
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
    }


def markdown(result: dict) -> list[str]:
    r = result
    stored_once = len(r["rows_per_participant"]) == r["n"] and all(
        v == r["items"] for v in r["rows_per_participant"].values()
    )
    row = [
        r["n"],
        "yes" if stored_once else "NO",
        len(r["errors"]),
        f"{r['ttfr_p50']:.1f}",
        f"{r['ttfr_p95']:.1f}",
        f"{r['wall_s']:.1f}",
        f"{r['peak_mb']:.0f}",
    ]
    return [
        f"## Under load: {r['n']} participants at once against one server",
        "",
        "Each opens the participant page, joins, answers every rating and sends, all at the same time.",
        "",
        "| sessions | stored exactly once | error pages | ttfr p50 s | ttfr p95 s | all done s | peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
        "| " + " | ".join(map(str, row)) + " |",
        "",
        "Peak MB: resident memory of the server and all its kernels together, sampled every 0.5 s.",
        f"Per concurrent user that is about {result['peak_mb'] / result['n']:.0f} MB (see docs/deploy.md).",
    ]


def measure(n: int = SESSIONS) -> dict:
    """Start `wijkcoop serve` (as `make app` does) over fresh demo data and run N sessions against it."""
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
        time.sleep(10)  # let the preheated pools fill, as on a server that has been up for a while
        try:
            return run(base, data, proc.pid, n)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            log.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
