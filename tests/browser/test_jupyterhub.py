"""The JupyterHub recipe (deploy/), started here for real: two people log in and each fills in a form.

JupyterHub with the shared-password login, the pure-Python configurable-http-proxy, and per person
jhsingle-native-proxy around `wijkcoop serve`, all over one shared data folder. Driven by Debian's
Chromium. Checks: without a login no app is reachable; each logged-in person reaches the apps under
their own URL only; both submissions land in the one scores.csv, each exactly once.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from wijkcoop.context import open_store
from wijkcoop.serve import free_port
from wijkcoop.tables import COOPERATIVES, SCORES

from .test_zelfevaluatie import fill_all, open_app

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "proef-wachtwoord-2026"
WAIT = 120_000


@pytest.fixture(scope="module")
def hub(tmp_path_factory, demo_dir):
    root = tmp_path_factory.mktemp("hub")
    data = root / "data"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    port = free_port()
    env = dict(
        os.environ,
        WIJKCOOP_DATA=str(data),
        WIJKCOOP_HUB_STATE=str(root / "state"),
        WIJKCOOP_HUB_AUTH="shared-password",
        WIJKCOOP_HUB_PASSWORD=PASSWORD,
        WIJKCOOP_HUB_PORT=str(port),
        WIJKCOOP_HUB_API_PORT=str(free_port()),
        WIJKCOOP_HUB_PROXY_API_PORT=str(free_port()),
    )
    log = open(root / "hub.log", "w")  # noqa: SIM115
    hub_bin = Path(sys.executable).with_name("jupyterhub")
    proc = subprocess.Popen(
        [str(hub_bin), "-f", str(REPO / "deploy" / "jupyterhub_config.py")],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/hub/login", timeout=3).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((root / "hub.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield base, data, root / "hub.log"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the hub stops the servers it spawned
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def login(browser, base: str, user: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
    page.goto(base + "/hub/login")
    page.locator("input[name=username]").fill(user)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("[type=submit]").first.click()
    page.wait_for_url(f"**/user/{user}/**", timeout=WAIT)  # the hub started this person's server
    return page


def test_without_a_login_no_app_is_reachable(hub):
    base, _, _ = hub
    for path in ("/user/iemand/voila/render/zelfevaluatie.ipynb", "/user/iemand/", "/hub/home"):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                body = response.read().decode("utf-8", errors="replace")
                final = response.url
        except urllib.error.HTTPError as exc:
            assert exc.code in (401, 403, 404), path
            continue
        assert "/hub/login" in final and "wijkcoop-zelfevaluatie" not in body, path


def test_two_logged_in_people_fill_in_through_the_hub_into_one_data_folder(hub, browser, model):
    base, data, log = hub
    coop = open_store(data).current(COOPERATIVES).frame.sort_values("name").iloc[0]
    entered = {}
    for user, pattern in (
        ("bestuur-a", lambda i: str(i % 5 + 1)),
        ("bestuur-b", lambda i: str((i + 3) % 5 + 1)),
    ):
        page = login(browser, base, user)
        open_app(page, f"{base}/user/{user}")
        page.locator(".coop-select select").select_option(label=coop["name"])
        entered[user] = fill_all(page, model, f"hub-{user}", pattern)
        assert "Traceback" not in page.content()
        # This person's login does not open someone else's server.
        other = "bestuur-b" if user == "bestuur-a" else "bestuur-a"
        response = page.request.get(f"{base}/user/{other}/voila/render/zelfevaluatie.ipynb", max_redirects=0)
        assert response.status in (302, 403, 404)
        assert "wijkcoop-zelfevaluatie" not in response.text()
        page.context.close()
    scores = open_store(data).read(SCORES).frame
    for user, answers in entered.items():
        mine = scores[
            (scores["respondent"] == f"hub-{user}") & (scores["cooperative_id"] == coop["cooperative_id"])
        ]
        assert len(mine) == 40
        got = {r.statement_id: int(r.score) for r in mine.itertuples()}
        assert got == answers
    assert "Using pre-heated kernel" not in log.read_text()  # per-person servers run cold: less memory
