"""Summerschool in Debian's Chromium: a trainer runs a session, two participants join at once, live view."""

from __future__ import annotations

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import PARTICIPANTS, RATINGS, SESSIONS

from .a11y import assert_accessible, choose

pytestmark = pytest.mark.browser

WAIT = 90_000


def rate_everything(page, after: str) -> int:
    """Answer every rating item, one learning goal per screen: 2 for "before today", `after` for "now",
    then Volgende, until the send button shows on the last goal. Returns how many were answered."""
    n = 0
    page.bring_to_front()  # each participant has their own phone in front of them
    while True:
        groups = page.locator(".rating-form .widget-toggle-buttons")
        groups.first.wait_for(timeout=WAIT)
        for i in range(groups.count()):
            group = groups.nth(i)
            value = "2" if "-voor" in (group.get_attribute("class") or "") else after
            choose(group, value)
        n += groups.count()
        page.locator(".rating-form button.mod-active").nth(groups.count() - 1).wait_for(timeout=WAIT)
        if page.locator(".ratings-submit").is_visible():
            return n
        progress = page.locator(".goal-progress").inner_text()
        page.locator(".goal-next").click()
        page.wait_for_function(
            "p => document.querySelector('.goal-progress').innerText !== p",
            arg=progress,
            polling=200,
            timeout=WAIT,
        )
        # Focus goes to the top of the new screen ("Leerdoel 2 van 4"), not lost with the old one.
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.closest('.goal-progress')",
            polling=200,
            timeout=WAIT,
        )


def join(browser, base: str, code: str, who: str, url: str | None = None):
    """A participant joins by typing the code, or (with `url`) by scanning the QR code: straight in."""
    page = browser.new_context(viewport={"width": 420, "height": 900}, locale="nl-NL").new_page()
    if url:
        page.goto(url)
    else:
        page.goto(base + "/voila/render/deelnemer.ipynb")
        page.locator(".join-code input").fill(code.lower())
        page.locator(".join-button").click()
    page.locator(".who-name input").fill(who)
    page.locator(".who-role select").select_option(label="vrijwilliger")
    page.locator(".who-next").click()
    return page


def test_trainer_session_attendance_two_participants_at_once_and_live_view(served, browser, page):
    base, data = served
    page.goto(base + "/voila/render/summerschool.ipynb")
    page.locator(".new-module select").select_option(label="Werkvormen")
    page.locator(".new-place input").fill("Buurthuis Browserveld (demo)")
    page.locator(".new-trainer input").fill("Trainer B (demo)")
    page.locator(".create-session").click()
    page.get_by_text("De code voor de deelnemers is").wait_for(timeout=WAIT)
    assert_accessible(page, "summerschool/Sessie")
    code = page.locator(".session-info .session-code").inner_text().strip()
    assert (
        open_store(data).current(SESSIONS).frame.set_index("session_id").loc[code, "module"] == "werkvormen"
    )
    page.get_by_text("Brainwriting").first.wait_for(timeout=WAIT)  # the werkvormen to run

    # Attendance: one participant added by the trainer, then marked absent after all.
    page.get_by_role("tab", name="Aanwezig").click()
    page.locator(".add-participant input").fill("Papieren Invuller")
    page.locator(".add-role select").select_option(label="bewoner")
    page.locator(".add-button").click()
    page.get_by_text("Papieren Invuller is toegevoegd").wait_for(timeout=WAIT)
    page.locator(".present-row input").first.uncheck()
    page.locator(".save-presence").click()
    page.get_by_text("Opgeslagen: 1 wijziging.").wait_for(timeout=WAIT)
    assert_accessible(page, "summerschool/Aanwezig")

    page.get_by_role("tab", name="Live").click()
    count = page.locator(".live-count p")
    count.wait_for(timeout=WAIT)
    assert count.get_attribute("data-rated") == "0"

    # The projector shows the code and a QR code of the participant page with the code in it.
    page.locator(".join-qr svg").wait_for(timeout=WAIT)
    assert_accessible(page, "summerschool/Live")
    url = page.locator(".join-url").inner_text().strip()
    assert url == f"{base}/voila/render/deelnemer.ipynb?code={code}"

    # Two participants on their own phones (one typed the code, one scanned) fill in, then send at once.
    first, second = join(browser, base, code, "Merel"), join(browser, base, code, "Sam", url=url)
    assert rate_everything(first, "4") == rate_everything(second, "5") == 21
    assert_accessible(first, "deelnemer: scores")
    first.locator(".ratings-submit").click()
    second.locator(".ratings-submit").click()
    for p in (first, second):
        p.locator(".evaluation-form").wait_for(timeout=WAIT)
    assert_accessible(first, "deelnemer: evaluatie")

    # The projector page shows both without a reload.
    page.wait_for_function(
        "document.querySelector('.live-count p').dataset.rated === '2'", polling=200, timeout=WAIT
    )
    assert "2 deelnemers hebben hun scores ingevuld" in page.locator(".live-count").inner_text()
    page.locator(".live-gain", has_text="+2,5").wait_for(timeout=WAIT)

    store = open_store(data)
    ratings = store.read(RATINGS).frame
    mine = ratings[ratings["session_id"] == code]
    assert mine.groupby("participant").size().to_dict() == {"Merel": 21, "Sam": 21}
    assert mine.loc[mine["moment"] == "voor", "score"].eq(2).all()
    assert set(mine.loc[(mine["participant"] == "Sam") & (mine["moment"] == "na"), "score"]) == {5}
    people = store.current(PARTICIPANTS).frame.set_index(["session_id", "participant"])
    assert not people.loc[(code, "Papieren Invuller"), "present"]
    assert people.loc[(code, "Merel"), "present"] and people.loc[(code, "Sam"), "entered_by"] == "deelnemer"
    for p in (first, second, page):
        assert "Traceback" not in p.content()
    first.context.close()
    second.context.close()
