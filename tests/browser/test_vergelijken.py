"""Vergelijken in Debian's Chromium: changing a filter redraws the heatmap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WAIT = 90_000


def test_changing_the_area_filter_changes_the_heatmap(served, page):
    base, _ = served
    page.goto(base + "/voila/render/vergelijken.ipynb")
    page.locator("img.heatmap").wait_for(timeout=WAIT)
    page.wait_for_function("document.querySelector('img.heatmap').naturalHeight > 200", timeout=WAIT)
    summary = page.locator(".scope-summary")
    assert "coöperaties in beeld" in summary.inner_text()
    options = page.locator(".filter-gebied option").all_inner_texts()
    assert len(options) == 11  # "alle" and the demo's ten doorbraakgebieden
    before_src = page.locator("img.heatmap").get_attribute("src")
    before_height = page.evaluate("document.querySelector('img.heatmap').naturalHeight")
    area = next(o for o in options if o.replace("\xa0", " ").startswith("Fabelveen"))
    page.locator(".filter-gebied select").select_option(label=area.replace("\xa0", " "))
    page.locator(".scope-summary", has_text="6 coöperaties in beeld").wait_for(timeout=WAIT)
    page.wait_for_function(
        f"document.querySelector('img.heatmap').getAttribute('src') !== {before_src!r}", timeout=WAIT
    )
    after_height = page.evaluate("document.querySelector('img.heatmap').naturalHeight")
    assert after_height < before_height  # six rows instead of all
    assert "Traceback" not in page.content()
