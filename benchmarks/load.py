"""A summerschool room: N participants against one server.

Each participant opens the participant page by the trainer's QR address (`?code=`: the page opens in the
session), gives a name and role, answers every rating and sends them — all at the same moment, or
arriving at random over `spread` seconds. Most participants are websocket clients that speak the page's
Jupyter messages (room_client.py): they time the server (page HTML complete, page usable, all sent)
without 30 Chromiums competing for the same two cores. A few (`browsers`) are real Chromium pages
(Playwright, one Chromium), timed to the moment the form shows. Both are compared with one bare
one-button Voilà page alone, measured the same two ways in the same run.

Afterwards the store must hold every submission exactly once, and no page may show an error. Reported
too: the peak resident memory of the server plus its kernels (sampled every half second), the peak
memory (VmHWM) of each participant's kernel, and the kernels and memory `after` seconds after the room
left (phones leave without closing the page: their kernels stay until the culler stops them).

Used by `make bench` (a room of 30, with `--room 30` and cold, at once and over a minute; written to
RESULTS.md) and by tests/browser/test_load.py (`make stress`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import room_client  # noqa: E402

from wijkcoop.context import open_store  # noqa: E402
from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, wait_for_http  # noqa: E402
from wijkcoop.tables import RATINGS  # noqa: E402
from wijkcoop.training import Training  # noqa: E402

SESSIONS = 20
TIMEOUT_MS = 240_000
BROWSERS = 5  # of the room, this many are real Chromium pages; the rest websocket clients
AFTER = 300.0  # seconds after the room left: kernels and memory then


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


class Projector(threading.Thread):
    """The trainer's Live tab on the projector, ticking as the browser ticks it (every LIVE_INTERVAL_MS):
    the trainer's app itself, in a process of its own on the same cores. Records when each participant
    first shows in the count, to compare with when their page saw the ratings stored."""

    def __init__(self, data: Path):
        super().__init__(daemon=True)
        from wijkcoop.apps.summerschool import SummerschoolApp
        from wijkcoop.apps.summerschool.views import LIVE_INTERVAL_MS, TABS

        self.app = SummerschoolApp(str(data), lang="nl")
        plan = self.app.plan
        plan.module.value = "werkvormen"
        plan.place.value = "Belastingproef (demo)"
        plan.trainer.value = "Trainer L (demo)"
        plan.create.click()
        self.code = self.app.code
        self.app.tabs.selected_index = TABS.index("live")
        self.app.live.poll()  # on the projector before the room walks in (matplotlib loaded, code shown)
        self.interval = LIVE_INTERVAL_MS / 1000
        self.seen: dict[str, float] = {}  # participant -> when the projector first counted them
        self.ticks: list[float] = []  # seconds each tick took
        self.running = True

    def run(self) -> None:
        from wijkcoop.tables import RATINGS

        live = self.app.live
        while self.running:
            t0 = time.perf_counter()
            live.poll()
            now = time.perf_counter()
            self.ticks.append(now - t0)
            for who in set(live.frame(RATINGS)["participant"]):
                self.seen.setdefault(who, now)
            time.sleep(max(0.0, self.interval - (now - t0)))


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
    result = {"who": who, "error": None, "kind": "chromium"}
    try:
        t0 = time.perf_counter()
        await page.goto(f"{base}/voila/render/deelnemer.ipynb?code={code}", timeout=TIMEOUT_MS)
        await page.locator(".who-name input").wait_for(timeout=TIMEOUT_MS)
        result["usable"] = time.perf_counter() - t0
        await page.locator(".who-name input").fill(who)
        await page.locator(".who-role select").select_option(label="vrijwilliger")
        await page.locator(".who-next").click()
        groups = page.locator(".rating-form .widget-toggle-buttons")
        while True:  # one learning goal per screen: answer it, then Volgende, until Versturen shows
            await groups.first.wait_for(timeout=TIMEOUT_MS)
            for i in range(await groups.count()):
                await groups.nth(i).get_by_role("radio", name=re.compile(r"^3(:|$)")).click()
            await (
                page.locator(".rating-form button.mod-active")
                .nth(await groups.count() - 1)
                .wait_for(timeout=TIMEOUT_MS)
            )
            if await page.locator(".ratings-submit").is_visible():
                break
            progress = await page.locator(".goal-progress").inner_text()
            await page.locator(".goal-next").click()
            await page.wait_for_function(
                "p => document.querySelector('.goal-progress').innerText !== p",
                arg=progress,
                timeout=TIMEOUT_MS,
            )
        await page.locator(".ratings-submit").click()
        await page.locator(".evaluation-form").wait_for(timeout=TIMEOUT_MS)
        result["done"] = time.perf_counter() - t0
        result["done_at"] = time.perf_counter()
        content = await page.content()
        if "Traceback" in content or "wijkcoop-error" in content:
            result["error"] = "error on page"
    except Exception as exc:  # reported, and the test fails on it
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        await context.close()
    return result


async def _phone(base: str, code: str, who: str, delay: float) -> dict:
    await asyncio.sleep(delay)
    return await room_client.participant(base, code, who, TIMEOUT_MS / 1000)


async def _all(base: str, code: str, n: int, spread: float, browsers: int) -> list[dict]:
    from playwright.async_api import async_playwright

    arrivals = random.Random(2026)
    delays = [arrivals.uniform(0, spread) for _ in range(n)]
    in_chromium = set(random.Random(7).sample(range(n), min(browsers, n)))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return await asyncio.gather(
                *(
                    _session(browser, base, code, f"last-{i:02d}", delays[i])
                    if i in in_chromium
                    else _phone(base, code, f"last-{i:02d}", delays[i])
                    for i in range(n)
                )
            )
        finally:
            await browser.close()


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(
    base: str,
    data: Path,
    server_pid: int,
    n: int = SESSIONS,
    spread: float = 0.0,
    log_path: Path | None = None,
    browsers: int = BROWSERS,
    after: float = 15.0,
) -> dict:
    """N participants (at once, or arriving over `spread` seconds; `browsers` of them in Chromium);
    returns timings, memory and what the store holds."""
    training = Training(open_store(data))
    projector = Projector(data)  # the trainer makes the session and puts Live on the projector
    code = projector.code
    projector.start()
    sampler = Sampler(server_pid, log_path)
    sampler.start()
    t0 = time.perf_counter()
    # A thread of its own: the caller may already run an event loop (pytest with sync Playwright does).
    box: dict[str, list[dict]] = {}
    worker = threading.Thread(
        target=lambda: box.setdefault("results", asyncio.run(_all(base, code, n, spread, browsers)))
    )
    worker.start()
    worker.join()
    results = box["results"]
    wall = time.perf_counter() - t0
    time.sleep(2 * projector.interval)  # the last submissions reach the projector
    projector.running = False
    projector.join()
    shown = [
        max(0.0, projector.seen[r["who"]] - r["done_at"]) if r["who"] in projector.seen else float("inf")
        for r in results
        if "done_at" in r
    ]
    sampler.running = False
    sampler.join()
    time.sleep(after)  # the room has left (phones without closing their page)
    left = kernel_count(server_pid)
    left_mb = tree_rss_mb(server_pid)
    kernel_mb = sorted(sampler.kernels.values())
    ratings = open_store(data).read(RATINGS).frame
    mine = ratings[ratings["session_id"] == code]
    ws = [r for r in results if r["kind"] == "websocket"]
    cr = [r for r in results if r["kind"] == "chromium"]
    return {
        "html_p50": _pct([r["html"] for r in ws if "html" in r], 0.5),
        "html_p95": _pct([r["html"] for r in ws if "html" in r], 0.95),
        "usable_p50": _pct([r["usable"] for r in ws if "usable" in r], 0.5),
        "usable_p95": _pct([r["usable"] for r in ws if "usable" in r], 0.95),
        "chromium_p50": _pct([r["usable"] for r in cr if "usable" in r], 0.5),
        "chromium_p95": _pct([r["usable"] for r in cr if "usable" in r], 0.95),
        "shown_p50": _pct(shown, 0.5),
        "shown_p95": _pct(shown, 0.95),
        "tick_p50": _pct(projector.ticks, 0.5),
        "tick_max": max(projector.ticks, default=float("nan")),
        "websockets": len(ws),
        "browsers": len(cr),
        "after_s": after,
        "left_mb": left_mb,
        "n": n,
        "code": code,
        "errors": [r for r in results if r["error"]],
        "rows_per_participant": mine.groupby("participant").size().to_dict(),
        "items": len(training.rating.items(training.module("werkvormen"))),
        "wall_s": wall,
        "peak_mb": sampler.peak,
        "spread": spread,
        "kernel_mb_p50": statistics.median(kernel_mb) if kernel_mb else float("nan"),
        "kernel_mb_max": kernel_mb[-1] if kernel_mb else float("nan"),
        "kernels_left": left,
    }


def markdown(result: dict) -> list[str]:
    return rooms_markdown([("as `make app` serves it", result)])


def rooms_markdown(runs: list[tuple[str, dict]], bare: dict | None = None) -> list[str]:
    r0 = runs[0][1]
    bare = bare or {}
    lines = [
        f"## A summerschool room: {r0['n']} participants against one server",
        "",
        "Each participant opens the participant page by the QR address (the page opens in the session),"
        " gives a name, answers every rating and sends. *At once*: all in the same second (the worst case);"
        " *over 60 s*: random arrival times (a room taking out its phones)."
        " Participants are websocket clients that speak the page's Jupyter messages"
        " (benchmarks/room_client.py): the server's side, as a room's phones load it; in the last row 5"
        " of the 30 are Chromium pages, on the server's own two cores. *HTML*: the server has rendered"
        " the page; *usable*:"
        " the widgets arrived (websocket clients) or the form shows (Chromium). Ratios are to one bare"
        " one-button Voilà page alone, measured the same way in the same run: "
        f"HTML {bare.get('html', float('nan')):.2f} s, usable {bare.get('usable', float('nan')):.2f} s,"
        f" Chromium {bare.get('chromium', float('nan')):.2f} s.",
        "",
        "| server | arrivals | stored exactly once | errors | HTML p50 / p95 s | usable p50 / p95 s"
        " | usable p95 / bare | Chromium p50 / p95 s | Chromium p95 / bare | all done s"
        " | on the projector p50 / p95 s | Live tick p50 / max s | peak MB (all)"
        " | participant kernel MB p50 / max | kernels, MB after |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def ratio(value: float, base: float | None) -> str:
        return f"{value / base:.2f}" if base and value == value else "–"

    for label, r in runs:
        stored_once = len(r["rows_per_participant"]) == r["n"] and all(
            v == r["items"] for v in r["rows_per_participant"].values()
        )
        arrivals = "at once" if not r.get("spread") else f"over {r['spread']:.0f} s"
        row = [
            label,
            arrivals,
            "yes" if stored_once else "NO",
            len(r["errors"]),
            f"{r['html_p50']:.1f} / {r['html_p95']:.1f}",
            f"{r['usable_p50']:.1f} / {r['usable_p95']:.1f}",
            ratio(r["usable_p95"], bare.get("usable")),
            f"{r['chromium_p50']:.1f} / {r['chromium_p95']:.1f}",
            ratio(r["chromium_p95"], bare.get("chromium")),
            f"{r['wall_s']:.1f}",
            f"{r['shown_p50']:.1f} / {r['shown_p95']:.1f}",
            f"{r['tick_p50']:.2f} / {r['tick_max']:.2f}",
            f"{r['peak_mb']:.0f}",
            f"{r.get('kernel_mb_p50', float('nan')):.0f} / {r.get('kernel_mb_max', float('nan')):.0f}",
            f"{r.get('kernels_left', '–')}, {r.get('left_mb', float('nan')):.0f}"
            f" ({r.get('after_s', 0):.0f} s)",
        ]
        lines.append("| " + " | ".join(map(str, row)) + " |")
    errors = sorted({e["error"] for _, r in runs for e in r["errors"]})
    if errors:
        lines += ["", "Errors seen: " + "; ".join(f"`{e}`" for e in errors[:5])]
    lines += [
        "",
        "On the projector: from a participant's page showing their ratings stored to the trainer's Live"
        " tab counting them (the trainer's app ticking as the browser ticks it, every 3 s, in a process of"
        " its own on the same cores); Live tick: the work of one tick (it reads only what was added, and"
        " draws the chart only when the numbers changed)."
        " Peak MB (all): resident memory of the server and all its kernels together, sampled every 0.5 s."
        " Participant kernel MB: peak resident memory (VmHWM) of each kernel that ran the participant page."
        " Kernels, MB after: the server's kernels and their memory so many seconds after the room left."
        " The websocket participants leave as phones do (no goodbye: their kernels stay until"
        " the culler stops them after `--cull-after`, 10 minutes by default); the Chromium pages close"
        " their tab (their kernels stop at once). The pools' warm places, refilled, count too.",
    ]
    return lines


def bare_baseline(runs: int = 3) -> dict:
    """One bare one-button page alone, served as the kit serves its apps (no pool): HTML complete and
    usable over the websocket, and the button shown in Chromium; medians of `runs`."""
    import json
    import shutil
    import subprocess
    import tempfile

    from playwright.sync_api import sync_playwright
    from render import BARE

    from wijkcoop import serve
    from wijkcoop.serve import free_port

    work = Path(tempfile.mkdtemp(prefix="wijkcoop-bare-"))
    try:
        (work / "notebooks").mkdir()
        (work / "notebooks" / "bare.ipynb").write_text(json.dumps(BARE), encoding="utf-8")
        port = free_port()
        proc = subprocess.Popen(
            serve.voila_command(work / "notebooks", port=port, preheat=0),
            env=serve.voila_env(work / "data"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for_http(base + "/", proc)
        try:
            server_side = [
                asyncio.run(room_client.bare(base, "/voila/render/bare.ipynb")) for _ in range(runs + 1)
            ]
            chromium = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
                for _ in range(runs + 1):
                    context = browser.new_context()
                    page = context.new_page()
                    t0 = time.perf_counter()
                    page.goto(f"{base}/voila/render/bare.ipynb")
                    page.locator(".widget-button").wait_for(timeout=120_000)
                    chromium.append(time.perf_counter() - t0)
                    context.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        return {  # the first of each warms the disk cache and is left out
            "html": statistics.median(r["html"] for r in server_side[1:]),
            "usable": statistics.median(r["usable"] for r in server_side[1:]),
            "chromium": statistics.median(chromium[1:]),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(
    n: int = SESSIONS, room: int = 0, spread: float = 0.0, browsers: int = BROWSERS, after: float = AFTER
) -> dict:
    """Start `wijkcoop serve` (as `make app` does, with `--room N` if `room`) over fresh demo data and
    run N participants against it (`browsers` of them in Chromium)."""
    import os
    import shutil
    import signal
    import subprocess
    import tempfile

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
        wait_for_http(base + "/", proc)
        # Let every pool fill and warm up (each kernel run up to wait_for_request()), as on a server
        # that has been up for a while: the server writes its pools' state for the trainer's Live tab.
        from wijkcoop.join import places_file

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                pools = json.loads(places_file(port).read_text())["pools"]
                if pools and all(p["ready"] >= p["wanted"] for p in pools.values()):
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(1)
        time.sleep(5)
        try:
            return {
                **run(base, data, proc.pid, n, spread, work / "serve.log", browsers, after),
                "room": room,
            }
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            log.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":  # a quick look: python benchmarks/load.py [N] [ROOM] [SPREAD] [AFTER]
    args = [float(a) for a in sys.argv[1:]] + [10, 10, 20, 15][len(sys.argv) - 1 :]
    print(
        "\n".join(
            rooms_markdown(
                [("trial", measure(int(args[0]), int(args[1]), args[2], after=args[3]))], bare_baseline(1)
            )
        )
    )
