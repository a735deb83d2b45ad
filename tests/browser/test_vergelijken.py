"""Vergelijken in Debian's Chromium: changing a filter redraws the heatmap."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

WAIT = 90_000


def test_changing_the_area_filter_changes_the_heatmap(served, page):
    base, _ = served
    page.goto(base + "/voila/render/vergelijken.ipynb")
    rows = page.locator(".heatmap th.coop")
    rows.first.wait_for(timeout=WAIT)
    summary = page.locator(".scope-summary")
    assert "coöperaties in beeld" in summary.inner_text()
    options = page.locator(".filter-gebied option").all_inner_texts()
    assert len(options) == 11  # "alle" and the demo's ten doorbraakgebieden
    in_view = int(re.search(r"(\d+) coöperaties in beeld", summary.inner_text()).group(1))
    assert in_view >= 42 and rows.count() == in_view  # the demo's 42, plus any a test registered
    area = next(o for o in options if o.replace("\xa0", " ").startswith("Fabelveen"))
    page.locator(".filter-gebied select").select_option(label=area.replace("\xa0", " "))
    page.locator(".scope-summary", has_text="6 coöperaties in beeld").wait_for(timeout=WAIT)
    page.wait_for_function("document.querySelectorAll('.heatmap th.coop').length === 6", timeout=WAIT)
    assert set(page.locator(".heatmap td.area").all_inner_texts()) == {"Fabelveen"}
    assert "Traceback" not in page.content()


D10_VISIBLE = """() => {
  const th = [...document.querySelectorAll('.heatmap table th')].find(e => e.textContent.startsWith('D10'));
  const r = th.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return r.right <= window.innerWidth && th.contains(hit);
}"""


def test_every_dimension_of_the_overview_can_be_seen(served, browser):
    """D8–D10 were clipped by the tab even at 1920 px: wide screens show all, narrow ones scroll."""
    base, _ = served
    context = browser.new_context(viewport={"width": 1920, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    page.goto(base + "/voila/render/vergelijken.ipynb", timeout=WAIT)
    page.locator(".heatmap th.coop").first.wait_for(timeout=WAIT)
    assert page.evaluate(D10_VISIBLE)
    page.set_viewport_size({"width": 1280, "height": 900})
    region = page.locator(".heatmap-scroll")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # narrower: the table scrolls
    region.focus()  # by keyboard too
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert page.evaluate(D10_VISIBLE)
    context.close()
