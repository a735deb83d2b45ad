"""A double click in Chromium on a button that writes: the store changes once.

The two clicks reach the kernel as two messages before the first reply can disable the button; only
the server-side check (apps/common.Once) keeps the second from writing again.
"""

from __future__ import annotations

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import BOARD_SCORES, SESSIONS

pytestmark = pytest.mark.browser

WAIT = 90_000


def test_double_click_on_create_session_creates_one(served, page):
    base, data = served
    before = len(open_store(data).read(SESSIONS).frame)
    page.goto(base + "/voila/render/summerschool.ipynb", timeout=WAIT)
    page.locator(".new-place input").wait_for(timeout=WAIT)
    page.locator(".new-place input").fill("Buurthuis Dubbelklik (demo)")
    page.locator(".new-trainer input").fill("Trainer D (demo)")
    page.locator(".create-session").dblclick()
    page.get_by_text("De code voor de deelnemers is").wait_for(timeout=WAIT)
    page.wait_for_timeout(2000)  # time for a second message to be handled, if it were to write
    assert len(open_store(data).read(SESSIONS).frame) == before + 1
    assert page.locator(".create-session").is_disabled()  # nothing new to create until a change
    page.locator(".new-place input").fill("Buurthuis Tweede Sessie (demo)")
    page.locator(".create-session:not([disabled])").wait_for(timeout=WAIT)
    assert "Traceback" not in page.content()


def test_double_click_on_save_board_scores_saves_once(served, page):
    base, data = served
    page.goto(base + "/voila/render/zelfevaluatie.ipynb", timeout=WAIT)
    page.get_by_role("tab", name="Bestuur samen").click()
    page.locator(".board-save").wait_for(timeout=WAIT)
    page.locator(".board-score-D4 select").select_option(label="2,5")
    page.locator(".rationale-D4 input").fill("Dubbelklik-test (demo)")
    page.locator(".board-save:not([disabled])").wait_for(timeout=WAIT)
    before = len(open_store(data).read(BOARD_SCORES).frame)
    page.locator(".board-save").dblclick()
    page.get_by_text("1 bestuursscore opgeslagen").wait_for(timeout=WAIT)
    page.wait_for_timeout(2000)
    after = open_store(data).read(BOARD_SCORES).frame
    assert len(after) == before + 1
    assert after["rationale"].iloc[-1] == "Dubbelklik-test (demo)"
    assert "Traceback" not in page.content()
