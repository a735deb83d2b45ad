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
