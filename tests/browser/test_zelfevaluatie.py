"""The zelfevaluatie app in Debian's Chromium against a real `wijkcoop serve`, checked in the real CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wijkcoop.store import Store
from wijkcoop.tables import COOPERATIVES, SCORES

pytestmark = pytest.mark.browser

WAIT = 90_000


def open_app(page, base):
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=WAIT)


def answer(page, sid: str, value: str):
    """Click one answer button; value is "1".."5" or "weet niet"."""
    group = page.locator(f".answer-{sid.replace('.', '-')}")
    group.get_by_role("button", name=value, exact=True).click()
    group.locator("button.mod-active", has_text=value).wait_for(timeout=10_000)


def begin(page, coop_label: str, respondent: str, round_id: str = "2026-2"):
    page.locator(".coop-select select").select_option(label=coop_label)
    page.locator(".round-input input").fill(round_id)
    page.locator(".respondent-input input").fill(respondent)
    page.locator(".start-button").click()
    page.locator(".page-title").wait_for(timeout=WAIT)


def statements_on_page(page) -> list[str]:
    return re.findall(r"answer-(D\d+-\d+)", page.locator(".widget-vbox").first.inner_html())


def test_new_cooperative_fills_a_whole_assessment_and_the_csv_holds_it(served, page, model):
    base, data = served
    open_app(page, base)
    page.get_by_text("Staat je coöperatie er niet bij?").click()  # opens the register form
    page.locator(".new-name input").fill("Buurtcoöperatie Browserveld (demo)")
    page.locator(".new-kind select").select_option(label="buurtcoöperatie")
    page.locator(".new-area input").fill("Testgebied")
    page.locator(".new-gemeente input").fill("Gemeente Proefstad")
    page.locator(".new-consent input").check()
    page.locator(".register-button").click()
    page.get_by_text("is aangemeld en gekozen").wait_for(timeout=WAIT)

    page.locator(".respondent-input input").fill("voorzitter")
    page.locator(".round-input input").fill("2026-2")
    page.locator(".start-button").click()
    entered = {}
    for n, dim in enumerate(model.dimensions):
        page.locator(".page-title", has_text=f"{dim.id} ").wait_for(timeout=WAIT)
        for st in dim.statements:
            i = model.statement_ids.index(st.id)
            value = "weet niet" if i % 9 == 4 else str(i % 5 + 1)
            answer(page, st.id, value)
            entered[st.id] = None if value == "weet niet" else int(value)
        if n == 2:
            page.locator(f".discuss-{dim.statements[0].id.replace('.', '-')} input").check()
        page.locator(".next-button").click()
    page.get_by_text("Alles is beantwoord").wait_for(timeout=WAIT)
    page.locator(".submit-button").click()
    page.locator(".submitted").wait_for(timeout=WAIT)

    store = Store(data, model=model)
    coop = store.current(COOPERATIVES).frame.set_index("name").loc["Buurtcoöperatie Browserveld (demo)"]
    rows = store.read(SCORES).frame
    rows = rows[rows["cooperative_id"] == coop["cooperative_id"]]
    assert len(rows) == 40 and rows["record_id"].str.rsplit("-", n=1).str[0].nunique() == 1
    got = {r.statement_id: (None if pd.isna(r.score) else int(r.score)) for r in rows.itertuples()}
    assert got == entered
    assert rows.loc[rows["discuss"], "statement_id"].tolist() == [model.dimensions[2].statements[0].id]
    assert "Traceback" not in page.content()


def test_closed_page_resumes_its_draft_in_a_new_page(served, browser, model):
    base, _ = served
    first = browser.new_context().new_page()
    open_app(first, base)
    options = first.locator(".coop-select option").all_inner_texts()
    label = next(o for o in options if "(demo)" in o).replace("\xa0", " ")
    begin(first, label, "lid-hervat")
    answer(first, "D1.1", "2")
    answer(first, "D1.3", "weet niet")
    first.locator(".next-button").click()
    first.locator(".page-title", has_text="D2 ").wait_for(timeout=WAIT)
    answer(first, "D2.2", "5")
    first.context.close()  # the tab is gone, and with it the kernel

    second = browser.new_context().new_page()
    open_app(second, base)
    begin(second, label, "lid-hervat")
    second.get_by_text("Welkom terug").wait_for(timeout=WAIT)
    assert "D2 " in second.locator(".page-title").inner_text()
    assert second.locator(".answer-D2-2 button.mod-active").inner_text() == "5"
    second.locator(".back-button").click()
    second.locator(".page-title", has_text="D1 ").wait_for(timeout=WAIT)
    assert second.locator(".answer-D1-1 button.mod-active").inner_text() == "2"
    assert second.locator(".answer-D1-3 button.mod-active").inner_text() == "weet niet"
    assert "3 van 40 beantwoord" in second.locator(".progress-label").inner_text()
    second.context.close()


def test_board_view_shows_spinnenweb_and_agenda_and_the_pdf_is_one_a4_page(served, page):
    base, _ = served
    open_app(page, base)
    page.get_by_role("tab", name="Bestuur samen").click()
    radar = page.locator("img.spinnenweb")
    radar.wait_for(timeout=WAIT)
    page.wait_for_function("document.querySelector('img.spinnenweb').naturalWidth > 300", timeout=WAIT)
    page.locator("ul.verbeterpunten li").first.wait_for(timeout=WAIT)  # the last part drawn
    assert page.locator("ul.agenda li").count() >= 1
    assert page.locator("ul.verbeterpunten li").count() == 5
    page.locator(".report-button").click()
    link = page.locator("a.download-rapport")
    link.wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith("-rapport.pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.28 841\.89\s*\]", pdf)
