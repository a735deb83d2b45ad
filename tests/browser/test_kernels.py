"""Pages free their kernels: closed cleanly, killed with the browser, or never connected at all.

The server runs as `wijkcoop serve` does, with a short culling time (`--cull-after`) so the test does
not wait ten minutes; the mechanism is the same one a real server uses.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import urllib.request

import psutil
import pytest

from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, free_port

from .conftest import serve_copy, wait_for_http

pytestmark = pytest.mark.browser

CULL_AFTER = 12  # seconds, for this test only (the default is config.CULL_IDLE)
APPS = ("zelfevaluatie", "summerschool", "vergelijken", "deelnemer", "groeimodel")
WAIT = 90_000


def kernels(server) -> int:
    """Kernel processes the server runs right now (its children running ipykernel)."""
    out = 0
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                out += 1
        except psutil.NoSuchProcess:
            pass
    return out


def settle(server, expected: int, timeout: float) -> int:
    """Wait until the kernel count is `expected` (or the time is up); returns the last count."""
    deadline = time.monotonic() + timeout
    count = kernels(server)
    while count != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        count = kernels(server)
    return count


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir):
    server = serve_copy(
        tmp_path_factory, demo_dir, "--preheat", "1", "--cull-after", str(CULL_AFTER), "--refill-after", "2"
    )
    try:
        wait_for_http(server.base + "/", server.proc)
        for app in APPS:
            server.wait_for_log(f"Kernel pool of {app}.ipynb is filled with 1 kernel(s)")
        yield server
    finally:
        server.stop()


def test_a_page_closed_or_left_stops_its_kernel(server, browser):
    pools = settle(server, len(APPS), 30)
    assert pools == len(APPS)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.base + "/voila/render/deelnemer.ipynb", timeout=WAIT)
    page.locator(".join-button").wait_for(timeout=WAIT)
    # navigation: the first page unloads
    page.goto(server.base + "/voila/render/zelfevaluatie.ipynb", timeout=WAIT)
    page.locator(".start-button").wait_for(timeout=WAIT)
    page.reload(timeout=WAIT)
    page.locator(".start-button").wait_for(timeout=WAIT)
    page.close(run_before_unload=True)  # a tab closed by its user
    context.close()
    # Each page's own shutdown request stops its kernel at once; the pools refill 2 s later. Well
    # within the culling time, so this is the shutdown request working, not the culler.
    assert settle(server, len(APPS), CULL_AFTER - 1) == len(APPS)
    log = server.log_path.read_text(encoding="utf-8")
    assert "/voila/api/shutdown/" not in "\n".join(
        line for line in log.splitlines() if line.startswith("403") or " 403 " in line
    )
    assert log.count("Kernel shutdown:") >= 3


def test_a_killed_browser_leaves_no_kernel_behind(server, browser):
    """Chromium killed with SIGKILL: no unload, no shutdown request. The culler frees its kernels."""
    assert settle(server, len(APPS), 30) == len(APPS)
    port = free_port()
    profile = tempfile.mkdtemp(prefix="chromium-")
    chromium = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            *CHROMIUM_ARGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/json/version", chromium, timeout=30)
        # A second, separate Chromium (its own process, so it can be killed), driven over CDP by the
        # same Playwright as the other tests.
        remote = browser.browser_type.connect_over_cdp(f"http://127.0.0.1:{port}")
        context = remote.contexts[0]
        for app, ready in (("deelnemer", ".join-button"), ("zelfevaluatie", ".start-button")):
            page = context.new_page()
            page.goto(f"{server.base}/voila/render/{app}.ipynb", timeout=WAIT)
            page.locator(ready).wait_for(timeout=WAIT)
        # The pools refill (2 s after the last page): two pages open means two kernels more than the pools.
        time.sleep(6)
        assert kernels(server) == len(APPS) + 2
        os.killpg(chromium.pid, signal.SIGKILL)
    finally:
        if chromium.poll() is None:
            os.killpg(chromium.pid, signal.SIGKILL)
        chromium.wait()
    assert settle(server, len(APPS), CULL_AFTER * 3) == len(APPS)


def test_a_page_fetched_without_a_browser_does_not_keep_its_kernel(server):
    """A plain GET starts a kernel that no websocket ever joins: the culler frees it too."""
    assert settle(server, len(APPS), 30) == len(APPS)
    for _ in range(3):
        with urllib.request.urlopen(server.base + "/voila/render/deelnemer.ipynb", timeout=90) as r:
            assert r.status == 200
    assert kernels(server) > len(APPS)
    assert settle(server, len(APPS), CULL_AFTER * 3 + 10) == len(APPS)
