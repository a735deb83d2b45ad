"""WCAG 2.1 AA in Debian's Chromium: axe-core finds no serious or critical violation on any page, tab or
step; the page says its language; the 1–5 answers are a radio group named by their statement that the
arrow keys move through; every chart has a text alternative and its numbers as a table."""

from __future__ import annotations

import re

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES

from .a11y import assert_accessible
from .test_zelfevaluatie import begin

pytestmark = pytest.mark.browser

WAIT = 90_000
PAGES = ["zelfevaluatie", "summerschool", "deelnemer", "vergelijken", "groeimodel"]


def test_every_page_and_tab_has_no_serious_or_critical_violation(served, page):
    base, _ = served
    page.goto(base + "/")
    page.locator("a").first.wait_for(timeout=WAIT)
    assert_accessible(page, "start")
    for name in PAGES:
        page.goto(f"{base}/voila/render/{name}.ipynb")
        page.locator(".jupyter-widgets").first.wait_for(timeout=WAIT)
        page.locator(".language-switch").first.wait_for(timeout=WAIT)
        assert page.evaluate("document.documentElement.lang") == "nl", name
        assert_accessible(page, name)
        tabs = page.get_by_role("tab")
        for i in range(tabs.count()):
            label = tabs.nth(i).inner_text()
            tabs.nth(i).click()
            page.wait_for_timeout(1500)
            assert_accessible(page, f"{name} › {label}")
    # Every chart drawn on the way has a text alternative (axe's image-alt) and a table of its numbers.
    page.goto(f"{base}/voila/render/vergelijken.ipynb")
    page.get_by_role("tab", name="Verdeling").click()
    chart = page.locator("img.distribution-chart")
    chart.wait_for(timeout=WAIT)
    page.wait_for_function(
        "document.querySelector('img.distribution-chart').alt.startsWith('Spreiding')", timeout=WAIT
    )
    page.get_by_text("De cijfers van deze grafiek").first.click()
    table = page.locator("table.chart-table").first
    assert table.locator("th[scope=row]").count() == 10  # one row per dimension


def test_fill_in_steps_the_answer_scale_and_the_language_for_a_screen_reader(served, page, model):
    base, data = served
    coop = open_store(data).current(COOPERATIVES).frame.iloc[0]
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=WAIT)
    begin(page, coop["name"], "toegankelijk-lid")
    assert_accessible(page, "zelfevaluatie › eerste dimensie")

    sid = model.dimensions[0].statements[0].id
    text = model.statement_text(sid, "nl")
    group = page.get_by_role("radiogroup", name=re.compile(re.escape(text[:30])))
    assert group.count() == 1  # named by its own statement, not by another
    radios = group.get_by_role("radio")
    assert radios.count() == 6
    assert radios.nth(3).get_attribute("aria-label") == "4: " + model.answer_scale[4]("nl")
    assert [radios.nth(i).get_attribute("aria-checked") for i in range(6)] == ["false"] * 6
    # Keyboard: one tab stop; the arrow keys move the choice, as in any radio group.
    radios.nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.locator(f".answer-{sid.replace('.', '-')} button.mod-active", has_text="3").wait_for(timeout=WAIT)
    page.wait_for_function(
        "n => document.activeElement && document.activeElement.textContent.trim() === n", arg="3"
    )
    assert radios.nth(2).get_attribute("aria-checked") == "true"
    assert [radios.nth(i).get_attribute("tabindex") for i in range(6)] == ["-1", "-1", "0", "-1", "-1", "-1"]

    page.locator(".next-button").click()
    page.locator(".page-title", has_text=f"{model.dimensions[1].id} ").wait_for(timeout=WAIT)
    assert_accessible(page, "zelfevaluatie › tweede dimensie")

    # The page says which language it is in, and follows the switch.
    page.get_by_role("radio", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=WAIT)
    assert_accessible(page, "zelfevaluatie › English")
    page.get_by_role("radio", name="Nederlands").click()
    page.wait_for_function("document.documentElement.lang === 'nl'", timeout=WAIT)


def test_the_participant_join_page_is_accessible(served, page):
    base, _ = served
    page.goto(base + "/voila/render/deelnemer.ipynb")
    page.locator(".join-code input").wait_for(timeout=WAIT)
    assert_accessible(page, "deelnemer › code")
    page.locator(".join-code input").fill("ZZZZ")
    page.locator(".join-button").click()
    page.wait_for_timeout(1500)
    assert_accessible(page, "deelnemer › onbekende code")
