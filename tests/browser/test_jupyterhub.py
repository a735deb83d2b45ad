"""The JupyterHub recipe (deploy/), started here for real: two people log in and each fills in a form.

JupyterHub with the shared-password login, the pure-Python configurable-http-proxy, and per person
jhsingle-native-proxy around `wijkcoop serve`, all over one shared data folder. Driven by Debian's
Chromium. Checks: without a login no app is reachable; each logged-in person reaches the apps under
their own URL only; both submissions land in the one scores.csv, each exactly once.
"""

from __future__ import annotations

import contextlib
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

from wijkcoop.access import Grant, change
from wijkcoop.context import open_store
from wijkcoop.serve import free_port
from wijkcoop.tables import COOPERATIVES, RATINGS, SCORES

from .test_summerschool import join, rate_everything
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
    # Who may see what (access.py): two boards of two cooperatives, one coordinator of one area.
    store = open_store(data)
    register = store.current(COOPERATIVES).frame.sort_values("name")
    first, second = register.iloc[0], register.iloc[1]
    change(store, "test", "bestuur-a", Grant("bestuur", first["cooperative_id"]), True)
    change(store, "test", "bestuur-b", Grant("bestuur", second["cooperative_id"]), True)
    change(store, "test", "coordinator", Grant("coordinator", area=first["doorbraakgebied"]), True)
    change(store, "test", "trainer", Grant("trainer"), True)
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
        WIJKCOOP_HUB_PARTICIPANTS_PORT=str(free_port()),
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
        # The hub's servers and services run in sessions of their own (out of reach of killpg), and
        # a SIGTERM'd hub did not stop them: they kept culling kernels for minutes after the test and
        # slowed the rest of the run. Everything the hub started is stopped here, by process tree.
        import psutil

        try:
            spawned = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            spawned = []
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for child in spawned:
            with contextlib.suppress(psutil.Error):
                child.terminate()
        _, alive = psutil.wait_procs(spawned, timeout=5)
        for child in alive:
            with contextlib.suppress(psutil.Error):
                child.kill()
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


def test_two_boards_fill_in_through_the_hub_each_seeing_only_its_own_cooperative(hub, browser, model):
    base, data, log = hub
    register = open_store(data).current(COOPERATIVES).frame.sort_values("name")
    coops = {"bestuur-a": register.iloc[0], "bestuur-b": register.iloc[1]}
    entered = {}
    for user, pattern in (
        ("bestuur-a", lambda i: str(i % 5 + 1)),
        ("bestuur-b", lambda i: str((i + 3) % 5 + 1)),
    ):
        mine, other = coops[user], coops["bestuur-b" if user == "bestuur-a" else "bestuur-a"]
        page = login(browser, base, user)
        open_app(page, f"{base}/user/{user}")
        # The page offers only this board's cooperative, and nothing of the other one is in it.
        options = [
            o.replace("\xa0", " ") for o in page.locator(".coop-select select option").all_inner_texts()
        ]
        assert options == ["— kies —", mine["name"]]
        page.locator(".coop-select select").select_option(label=mine["name"])
        entered[user] = fill_all(page, model, f"hub-{user}", pattern)
        page.get_by_role("tab", name="Bestuur samen").click()
        page.locator(".board-coop select").wait_for(timeout=WAIT)
        page.locator("img.spinnenweb").wait_for(timeout=WAIT)
        html = page.content()
        assert other["name"] not in html and other["cooperative_id"] not in html
        assert "Traceback" not in html
        # This person's login does not open someone else's server.
        someone_else = "bestuur-b" if user == "bestuur-a" else "bestuur-a"
        response = page.request.get(
            f"{base}/user/{someone_else}/voila/render/zelfevaluatie.ipynb", max_redirects=0
        )
        assert response.status in (302, 403, 404)
        assert "wijkcoop-zelfevaluatie" not in response.text()
        page.context.close()
    scores = open_store(data).read(SCORES).frame
    for user, answers in entered.items():
        coop_id = coops[user]["cooperative_id"]
        mine = scores[(scores["respondent"] == f"hub-{user}") & (scores["cooperative_id"] == coop_id)]
        assert len(mine) == 40
        got = {r.statement_id: int(r.score) for r in mine.itertuples()}
        assert got == answers
    assert "Using pre-heated kernel" not in log.read_text()  # per-person servers run cold: less memory


def test_a_coordinator_compares_one_area_and_gets_no_board_pages(hub, browser):
    base, data, _ = hub
    register = open_store(data).current(COOPERATIVES).frame
    area = register.sort_values("name").iloc[0]["doorbraakgebied"]
    page = login(browser, base, "coordinator")
    page.goto(f"{base}/user/coordinator/voila/render/vergelijken.ipynb", timeout=WAIT)
    page.locator(".heatmap th.coop").first.wait_for(timeout=WAIT)
    assert set(page.locator(".heatmap td.area").all_inner_texts()) == {area}
    # No grant for the zelfevaluatie: a plain page that says whom to ask, and no member's data.
    page.goto(f"{base}/user/coordinator/voila/render/zelfevaluatie.ipynb", timeout=WAIT)
    page.locator(".no-access").wait_for(timeout=WAIT)
    assert "heeft nog geen toegang" in page.locator(".no-access").inner_text()
    assert ".start-button" not in page.content() and "Traceback" not in page.content()
    page.context.close()


def test_a_room_joins_the_trainers_session_without_accounts_and_sees_nothing_else(hub, browser):
    """The participant page is a public hub service; the trainer's QR address leads there."""
    base, data, _ = hub
    service = f"{base}/services/deelnemen"
    # Without a login: the participant page opens; no other app does, not even by its own name.
    with urllib.request.urlopen(f"{service}/voila/render/deelnemer.ipynb", timeout=120) as response:
        assert "/hub/login" not in response.url
        assert response.status == 200
    for app in ("summerschool", "zelfevaluatie", "gegevens", "toegang", "vergelijken"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{service}/voila/render/{app}.ipynb", timeout=30)
        assert refused.value.code == 404, app

    trainer = login(browser, base, "trainer")
    trainer.goto(f"{base}/user/trainer/voila/render/summerschool.ipynb", timeout=WAIT)
    trainer.locator(".new-module select").select_option(label="Werkvormen", timeout=WAIT)
    trainer.locator(".new-place input").fill("Buurthuis Hubveld (demo)")
    trainer.locator(".new-trainer input").fill("Trainer H (demo)")
    trainer.locator(".create-session").click()
    trainer.get_by_text("De code voor de deelnemers is").wait_for(timeout=WAIT)
    code = trainer.locator(".session-info .session-code").inner_text().strip()
    trainer.get_by_role("tab", name="Live").click()
    trainer.locator(".join-qr svg").wait_for(timeout=WAIT)
    url = trainer.locator(".join-url").inner_text().strip()
    assert url == f"{service}/voila/render/deelnemer.ipynb?code={code}"

    phone = join(browser, base, code, "Hubdeelnemer", url=url)  # a new browser: no hub cookie
    assert rate_everything(phone, "4") == 21
    phone.locator(".ratings-submit").click()
    phone.locator(".evaluation-form").wait_for(timeout=WAIT)
    assert "Traceback" not in phone.content()
    phone.context.close()
    trainer.wait_for_function(
        "document.querySelector('.live-count p').dataset.rated === '1'", polling=200, timeout=WAIT
    )
    trainer.context.close()
    ratings = open_store(data).read(RATINGS).frame
    assert ratings[ratings["session_id"] == code].groupby("participant").size().to_dict() == {
        "Hubdeelnemer": 21
    }
