"""Phone-first, measured in Debian's Chromium at 360 px wide: every button, toggle and field at least
44 px, text at least 16 px, nothing past the right edge; the 1–5 answers on one row."""

from __future__ import annotations

import re

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES

from .phone import measure
from .test_zelfevaluatie import begin

pytestmark = pytest.mark.browser

WAIT = 90_000


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def assert_fits(page, where: str) -> None:
    found = measure(page)
    assert not found["small"], f"{where}: too small for a finger: {found['small'][:8]}"
    assert not found["tiny"], f"{where}: text under 16 px: {found['tiny'][:8]}"
    assert not found["wide"] and found["scroll"] <= 0, f"{where}: past the right edge: {found['wide'][:8]}"


def test_the_fill_in_page_fits_a_phone(served, phone, model):
    base, data = served
    coop = open_store(data).current(COOPERATIVES).frame.iloc[0]
    phone.goto(base + "/voila/render/zelfevaluatie.ipynb")
    phone.locator(".start-button").wait_for(timeout=WAIT)
    assert_fits(phone, "zelfevaluatie › start")
    begin(phone, coop["name"], "telefoon-lid")
    assert_fits(phone, "zelfevaluatie › eerste dimensie")
    sid = model.dimensions[0].statements[0].id
    tops = phone.locator(f".answer-{sid.replace('.', '-')} button").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) == 6 and len(set(tops)) == 1  # 1–5 and "weet niet" on one row
    phone.locator(f".answer-{sid.replace('.', '-')}").scroll_into_view_if_needed()
    phone.screenshot(path="build/screen-invullen-telefoon.png")


@pytest.mark.parametrize("name", ["deelnemer", "groeimodel"])
def test_the_participant_and_model_pages_fit_a_phone(served, phone, name):
    base, _ = served
    phone.goto(f"{base}/voila/render/{name}.ipynb")
    phone.locator(".language-switch").first.wait_for(timeout=WAIT)
    phone.wait_for_timeout(1000)
    assert_fits(phone, name)


def test_the_board_view_and_a_participants_steps_fit_a_phone(served, phone):
    from datetime import date

    from wijkcoop.training import Training

    base, data = served
    phone.goto(base + "/voila/render/zelfevaluatie.ipynb")
    phone.locator(".start-button").wait_for(timeout=WAIT)
    phone.get_by_role("tab", name=re.compile("Bestuur")).click()
    phone.locator("img.spinnenweb").wait_for(timeout=WAIT)
    phone.locator("ul.verbeterpunten li").first.wait_for(timeout=WAIT)
    assert_fits(phone, "zelfevaluatie › Bestuur samen")

    code = Training(open_store(data)).create_session(
        "leiderschap", date.today(), "Buurthuis Telefoon (demo)", "Trainer T (demo)"
    )
    phone.goto(f"{base}/voila/render/deelnemer.ipynb?code={code}")
    phone.locator(".who-name input").wait_for(timeout=WAIT)
    assert_fits(phone, "deelnemer › wie")
    consent = phone.locator(".who-consent label, .who-consent .widget-label-basic").first
    assert consent.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # the consent text is not cut off
    phone.locator(".who-name input").fill("Telefoon")
    phone.locator(".who-role select").select_option(label="vrijwilliger")
    phone.locator(".who-next").click()
    phone.locator(".rating-form").wait_for(timeout=WAIT)
    assert_fits(phone, "deelnemer › scores")
    phone.screenshot(path="build/screen-deelnemer-telefoon.png")
