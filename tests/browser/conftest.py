"""A real Voilà server (`wijkcoop serve`) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wijkcoop.serve import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_http


class Server:
    """`wijkcoop serve` as a user starts it, on a free port, with its log in a file."""

    def __init__(self, data: Path, log_path: Path, *extra: str):
        self.data, self.log_path = data, log_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "w")  # noqa: SIM115
        script = Path(sys.executable).with_name("wijkcoop")
        self.proc = subprocess.Popen(
            [str(script), "serve", "--port", str(self.port), "--data", str(data), *extra],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_for_log(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_path.read_text(encoding="utf-8", errors="replace"):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"wijkcoop serve stopped with exit code {self.proc.returncode}")
            time.sleep(0.3)
        raise TimeoutError(f"{text!r} not in the server log within {timeout} s")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._log.close()


def serve_copy(tmp_path_factory, demo_dir, *extra: str) -> Server:
    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    return Server(data, tmp_path_factory.mktemp("logs") / "voila.log", *extra)


@pytest.fixture(scope="session")
def served(tmp_path_factory, demo_dir):
    """`wijkcoop serve` (as `make app` runs it) over a copy of the demo data; yields (base url, data dir)."""
    server = serve_copy(tmp_path_factory, demo_dir)
    try:
        wait_for_http(server.base + "/", server.proc)
        yield server.base, server.data
    finally:
        server.stop()


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
