"""A real Voilà server (`wijkcoop serve`) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, free_port


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"wijkcoop serve stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


@pytest.fixture(scope="session")
def served(tmp_path_factory, demo_dir):
    """`wijkcoop serve` on a free port over a copy of the demo data; yields (base url, data dir)."""
    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    port = free_port()
    log = open(tmp_path_factory.mktemp("logs") / "voila.log", "w")  # noqa: SIM115
    script = Path(sys.executable).with_name("wijkcoop")
    proc = subprocess.Popen(
        [str(script), "serve", "--port", str(port), "--data", str(data)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/", proc)
        yield base, data
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("WIJKCOOP_SKIP_BROWSER") == "1":
            pytest.skip("WIJKCOOP_SKIP_BROWSER=1 and no Chromium")
        pytest.fail(
            "Debian's Chromium is missing: run `make test` as root (it installs it), or "
            "`sudo apt-get install -y chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()
