"""The zelfevaluatie app in Debian's Chromium against a real `wijkcoop serve`, checked in the real CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import BOARD_SCORES, COOPERATIVES, SCORES

from .a11y import choose

pytestmark = pytest.mark.browser

WAIT = 90_000


def open_app(page, base):
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=WAIT)


def answer(page, sid: str, value: str):
    """Click one answer button; value is "1".."5" or "weet niet"."""
    group = page.locator(f".answer-{sid.replace('.', '-')}")
    choose(group, value)
    group.locator("button.mod-active", has_text=value).wait_for(timeout=10_000)


def begin(page, coop_label: str, respondent: str, round_id: str = "2026-2"):
    page.locator(".coop-select select").select_option(label=coop_label)
    page.locator(".round-input input").fill(round_id)
    page.locator(".respondent-input input").fill(respondent)
    page.locator(".start-button").click()
    page.locator(".page-title").wait_for(timeout=WAIT)


def statements_on_page(page) -> list[str]:
    return re.findall(r"answer-(D\d+-\d+)", page.locator(".widget-vbox").first.inner_html())


def fill_all(page, model, respondent: str, pattern) -> dict[str, int | None]:
    """One board member fills in all ten pages and submits; returns what was entered."""
    page.locator(".respondent-input input").fill(respondent)
    page.locator(".round-input input").fill("2026-2")
    page.locator(".start-button").click()
    entered = {}
    for n, dim in enumerate(model.dimensions):
        page.locator(".page-title", has_text=f"{dim.id} ").wait_for(timeout=WAIT)
        for st in dim.statements:
            value = pattern(model.statement_ids.index(st.id))
            answer(page, st.id, value)
            entered[st.id] = None if value == "weet niet" else int(value)
        if n == 2:
            page.locator(f".discuss-{dim.statements[0].id.replace('.', '-')} input").check()
        page.locator(".next-button").click()
    page.get_by_text("Alles is beantwoord").wait_for(timeout=WAIT)
    page.locator(".submit-button").click()
    page.locator(".submitted").wait_for(timeout=WAIT)
    return entered


def test_register_three_members_board_score_and_report_all_in_the_browser(served, browser, model):
    """Issue 3's "done when": a new cooperative, three members, a board score, the report."""
    base, data = served
    name = "Buurtcoöperatie Browserveld (demo)"
    page = browser.new_context().new_page()
    open_app(page, base)
    page.get_by_text("Staat je coöperatie er niet bij?").click()  # opens the register form
    page.locator(".new-name input").fill(name)
    page.locator(".new-kind select").select_option(label="buurtcoöperatie")
    page.locator(".new-area input").fill("Testgebied")
    page.locator(".new-gemeente input").fill("Gemeente Proefstad")
    page.locator(".new-consent input").check()
    page.locator(".register-button").click()
    page.get_by_text("is aangemeld en gekozen").wait_for(timeout=WAIT)
    patterns = {
        "voorzitter": lambda i: "weet niet" if i % 9 == 4 else str(i % 5 + 1),
        "penningmeester": lambda i: str((i + 2) % 5 + 1),
        "secretaris": lambda i: "5" if i < 4 else str(i % 3 + 2),
    }
    entered = {"voorzitter": fill_all(page, model, "voorzitter", patterns["voorzitter"])}
    page.context.close()
    for member in ("penningmeester", "secretaris"):  # each on their own device: a new page
        other = browser.new_context().new_page()
        open_app(other, base)
        other.locator(".coop-select select").select_option(label=name)
        entered[member] = fill_all(other, model, member, patterns[member])
        if member == "secretaris":
            page = other
        else:
            other.context.close()

    store = open_store(data, model=model)
    coop = store.current(COOPERATIVES).frame.set_index("name").loc[name, "cooperative_id"]
    rows = store.read(SCORES).frame
    rows = rows[rows["cooperative_id"] == coop]
    assert len(rows) == 3 * 40
    for member, expected in entered.items():
        mine = rows[rows["respondent"] == member]
        got = {r.statement_id: (None if pd.isna(r.score) else int(r.score)) for r in mine.itertuples()}
        assert got == expected, member
    assert rows.loc[rows["discuss"], "statement_id"].nunique() == 1

    # The board meets: from the thank-you page to the board view of this round.
    page.locator(".to-board-button").click()
    page.locator("img.spinnenweb").wait_for(timeout=WAIT)
    page.locator("ul.verbeterpunten li").first.wait_for(timeout=WAIT)
    page.wait_for_function(
        "name => document.querySelector('.board-coop select').value.replace(/\\u00a0/g, ' ') === name",
        arg=name,
        timeout=WAIT,
    )
    page.locator(".board-score-D1 select").select_option(label="3,5")
    page.locator(".board-save").click()
    page.get_by_text("1 bestuursscore opgeslagen").wait_for(timeout=WAIT)
    board = store.current(BOARD_SCORES).frame
    board = board[board["cooperative_id"] == coop]
    assert board[["round", "dimension_id", "score"]].values.tolist() == [["2026-2", "D1", 3.5]]
    page.locator(".report-button").click()
    link = page.locator("a.download-rapport")
    link.wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as info:
        link.click()
    pdf = Path(info.value.path()).read_bytes()
    pages, text = pdf_pages_and_text(pdf)
    assert pdf.startswith(b"%PDF") and pages >= 1
    assert "D1 " in text and "3,5" in text  # what the board just agreed is in the report
    assert "Traceback" not in page.content()
    page.context.close()


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


def pdf_pages_and_text(pdf: bytes) -> tuple[int, str]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_board_view_shows_spinnenweb_and_agenda_and_the_pdf_is_a4(served, page):
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
    pages, text = pdf_pages_and_text(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([0-9. ]+?)\s*\]", pdf)
    assert pages >= 1 and boxes and {tuple(b.split()) for b in boxes} == {(b"0", b"0", b"595.28", b"841.89")}
    assert "Agenda" in text and "Verbeterpunten" in text


def test_a_board_meeting_at_the_projector_a_plan_in_the_pdf_and_the_look_back(served, browser):
    """Issue 16 in Chromium: meeting mode agrees a score and moves on, two actions go on the plan and are
    in the downloaded PDF, the next round shows the look back and the review lands in the data."""
    from wijkcoop.tables import PLAN, PLAN_REVIEWS

    from .a11y import assert_accessible

    base, data = served
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL").new_page()
    open_app(page, base)
    page.get_by_role("tab", name="Bestuur samen").click()
    page.locator("ul.verbeterpunten li").first.wait_for(timeout=WAIT)
    rounds = [r.strip() for r in page.locator(".board-round select option").all_inner_texts()]
    older, newest = rounds[1], rounds[0]
    page.locator(".board-round select").select_option(label=older)
    page.locator(".round-members", has_text=f"Ronde {older}").wait_for(timeout=WAIT)

    page.locator(".meeting-start").click()
    page.locator(".meeting-progress", has_text="Agendapunt 1 van").wait_for(timeout=WAIT)
    page.locator("img.meeting-radar").wait_for(timeout=WAIT)
    # A chart's text alternative is the image's alt, not a paragraph read out a second time.
    page.wait_for_function("document.querySelector('img.meeting-radar').alt.startsWith('Besproken')")
    assert page.evaluate("[...document.querySelectorAll('.chart-alt')].every(e => !e.offsetParent)")
    assert_accessible(page, "bestuur: vergadermodus")
    page.locator(".meeting-mode .widget-dropdown select").first.select_option(label="3,0")
    page.locator(".meeting-save").click()
    page.locator(".meeting-progress", has_text="Agendapunt 2 van").wait_for(timeout=WAIT)
    page.locator(".meeting-stop").click()

    plan = {
        "1": ("Begroting 2027 opstellen (browser)", "penningmeester", "2027-03-31", "ALV stemt in"),
        "2": ("Tweede inkomstenbron zoeken (browser)", "werkgroep", "2027-06-30", "Eén nieuwe bron"),
    }
    page.locator(".plan-save").wait_for(timeout=WAIT)
    for n, (what, who, due, done) in plan.items():
        page.locator(f".plan-what-{n} input").fill(what)
        page.locator(f".plan-who-{n} input").fill(who)
        page.locator(f".plan-due-{n} input").fill(due)
        page.locator(f".plan-done-when-{n} input").fill(done)
    page.locator(".plan-module-1 select").select_option(label="Ondernemen")
    page.locator(".plan-save").click()
    page.get_by_text("Verbeterplan bewaard").wait_for(timeout=WAIT)
    assert_accessible(page, "bestuur: verbeterplan")
    page.locator(".report-button").click()
    link = page.locator("a.download-rapport")
    link.wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as info:
        link.click()
    _, text = pdf_pages_and_text(Path(info.value.path()).read_bytes())
    assert "Begroting 2027 opstellen (browser)" in text and "Tweede inkomstenbron zoeken (browser)" in text

    stored = open_store(data).current(PLAN).frame
    mine = stored[stored["what"].str.endswith("(browser)")]
    assert sorted(mine["action"]) == ["1", "2"] and set(mine["round"]) == {older}
    assert mine.set_index("action").loc["1", "module"] == "ondernemen"
    point = mine["statement_id"].iloc[0]

    # The next round opens with the look back.
    page.locator(".board-round select").select_option(label=newest)
    review = page.locator(f".review-{point.replace('.', '-')}-1")
    review.wait_for(timeout=WAIT)
    choose(review, "gedaan")
    review.locator("button.mod-active", has_text="gedaan").wait_for(timeout=WAIT)
    page.locator(f".review-note-{point.replace('.', '-')}-1 input").fill("Goedgekeurd (browser)")
    page.locator(".review-save").click()
    page.get_by_text("Terugblik bewaard").wait_for(timeout=WAIT)
    looked = open_store(data).current(PLAN_REVIEWS).frame
    assert looked[["statement_id", "action", "outcome", "note", "reviewed_in"]].values.tolist() == [
        [point, "1", "gedaan", "Goedgekeurd (browser)", newest]
    ]
    assert "Traceback" not in page.content()
    page.context.close()


def test_a_paper_form_typed_in_with_the_keyboard_alone(served, browser):
    """Issue 22 in Chromium: after Start, 40 digits typed without a mouse (each box moves on by itself),
    Enter on the send button; the rows are stored once and papier.csv says who typed them."""
    import time

    from wijkcoop.tables import PAPER

    from .a11y import assert_accessible

    base, data = served
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
    open_app(page, base)
    page.locator(".coop-select select").select_option(index=1)
    coop_name = page.locator(".coop-select select").evaluate("s => s.options[s.selectedIndex].text")
    page.locator(".round-input input").fill("2026-2")
    page.locator(".respondent-input input").fill("papier-browser")
    page.locator(".paper-by input").fill("secretaris (browser)")
    page.locator(".paper-start").click()
    first = page.locator(".paper-answer input").first
    first.wait_for(timeout=WAIT)
    assert_accessible(page, "invullen: van papier")
    first.focus()
    digits = "".join("123450"[i % 6] for i in range(40))
    started = time.perf_counter()
    page.keyboard.type(digits, delay=25)
    page.locator(".paper-count", has_text="40 van 40 ingevuld").wait_for(timeout=WAIT)
    assert page.evaluate("document.activeElement.classList.contains('paper-save')")
    page.keyboard.press("Enter")
    page.get_by_text("40 antwoorden van papier-browser opgeslagen").wait_for(timeout=WAIT)
    print(f"\n40 answers typed and sent in {time.perf_counter() - started:.1f} s")

    store = open_store(data)
    coop = (
        store.current(COOPERATIVES)
        .frame.set_index("name")
        .loc[coop_name.replace("\u00a0", " "), "cooperative_id"]
    )
    rows = store.read(SCORES).frame
    mine = rows[(rows["cooperative_id"] == coop) & (rows["respondent"] == "papier-browser")]
    assert len(mine) == 40  # once
    expected = ["123450"[i % 6] for i in range(40)]
    got = ["0" if pd.isna(r.score) else str(int(r.score)) for r in mine.itertuples()]
    assert got == expected
    paper = store.read(PAPER).frame
    assert paper[paper["respondent"] == "papier-browser"]["entered_by"].tolist() == ["secretaris (browser)"]
    page.context.close()
