"""Preheated kernels never show stale data: what is saved after the pool filled appears on the next page.
A room's pool (`--room`) is ready and the trainer's Live tab says how many places are."""

from __future__ import annotations

from datetime import date

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES
from wijkcoop.training import Training

from .conftest import serve_copy, wait_for_http

pytestmark = pytest.mark.browser

WAIT = 90_000


@pytest.fixture(scope="module")
def preheated(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir, "--preheat", "1", "--room", "3")
    try:
        wait_for_http(server.base + "/", server.proc)
        for notebook in ("zelfevaluatie", "summerschool"):
            server.wait_for_log(f"Kernel pool of {notebook}.ipynb is filled with 1 kernel(s)")
        server.wait_for_log("Kernel pool of deelnemer.ipynb is filled with 3 kernel(s)")
        yield server
    finally:
        server.stop()


def test_a_score_saved_after_the_pool_filled_appears_on_the_next_page(preheated, browser):
    assert "Using pre-heated kernel" not in preheated.log_path.read_text(encoding="utf-8")
    store = open_store(preheated.data)
    name = "Dorpscoöperatie Na-het-voorverwarmen (demo)"
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "na-het-voorverwarmen",
                "name": name,
                "kind": "dorp",
                "doorbraakgebied": "Fabelveen",
                "gemeente": "Gemeente Fabelland",
                "show_name": True,
            }
        ],
    )
    code = Training(store).create_session(
        "leiderschap", date(2026, 12, 1), "Later (demo)", "Trainer P (demo)"
    )
    page = browser.new_context().new_page()
    page.goto(preheated.base + "/voila/render/zelfevaluatie.ipynb", timeout=WAIT)
    page.locator(".start-button").wait_for(timeout=WAIT)
    labels = [o.replace("\xa0", " ") for o in page.locator(".coop-select option").all_inner_texts()]
    assert name in labels
    page.goto(preheated.base + "/voila/render/summerschool.ipynb", timeout=WAIT)
    page.locator(".session-pick select").wait_for(timeout=WAIT)
    label = next(o for o in page.locator(".session-pick option").all_inner_texts() if code in o)
    assert "Traceback" not in page.content()
    # The trainer shows the code: the Live tab says how many participant pages are ready.
    page.locator(".session-pick select").select_option(label=label)
    page.get_by_role("tab", name="Live").click()
    page.locator(".live-code .session-code", has_text=code).wait_for(timeout=WAIT)
    page.locator(".live-places", has_text="3 van de 3 plekken voor deelnemers staan klaar").wait_for(
        timeout=WAIT
    )
    # A phone scans the QR code: a warm participant page learns the address (and the code in it) from
    # the page request (apps.common.wait_for_request) and opens straight into the session.
    page.goto(f"{preheated.base}/voila/render/deelnemer.ipynb?code={code}", timeout=WAIT)
    page.locator(".who-name input").wait_for(timeout=WAIT)
    assert "Later (demo)" in page.locator(".session-info").inner_text()  # the session of that code
    # Both pages came from kernels that were started (and had run up to wait_for_request) before the saves.
    log = preheated.log_path.read_text(encoding="utf-8")
    for notebook in ("zelfevaluatie", "summerschool", "deelnemer"):
        assert "Using pre-heated kernel" in log and f"for {notebook}.ipynb" in log
    page.context.close()
