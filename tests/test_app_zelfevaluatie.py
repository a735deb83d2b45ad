"""The zelfevaluatie app driven headlessly: set widget values and click buttons as a user would,
then check what the real CSV store holds."""

from __future__ import annotations

import html
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from wijkcoop.apps.zelfevaluatie import BOARD, ZelfevaluatieApp, current_round, slug
from wijkcoop.context import open_store
from wijkcoop.tables import BOARD_SCORES, COOPERATIVES, NOTES, SCORES

TODAY = date(2026, 11, 24)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(small_copy, model):
    return ZelfevaluatieApp(small_copy, model=model, lang="nl", today=TODAY)


def text(widget) -> str:
    """What a person reads in an HTML widget: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def register(app, name="Buurtcoöperatie Testerveld (demo)", area="Testgebied", consent=True):
    f = app.fill
    f.new_name.value = name
    f.new_kind.value = "buurt"
    f.new_area.value = area
    f.new_gemeente.value = "Gemeente Proefstad"
    f.new_consent.value = consent
    f.register_button.click()


def begin(app, coop, respondent, round_id="2026-2"):
    f = app.fill
    f.coop.value = coop
    f.round.value = round_id
    f.respondent.value = respondent
    f.start_button.click()


def answer_all(app, pattern=lambda i, sid: str(i % 5 + 1)):
    f = app.fill
    entered = {}
    for page, dim in enumerate(app.model.dimensions):
        f.go(page)
        for st in dim.statements:
            i = app.model.statement_ids.index(st.id)
            f.answer[st.id].value = pattern(i, st.id)
            entered[st.id] = pattern(i, st.id)
    return entered


def test_current_round_and_slug():
    assert current_round(date(2026, 3, 1)) == "2026-1"
    assert current_round(date(2026, 7, 1)) == "2026-2"
    assert slug("Dorpscoöperatie Één & Twee!") == "dorpscooperatie-een-twee"


def test_register_a_new_cooperative_and_it_is_selected(app, small_copy):
    before = len(open_store(small_copy).read(COOPERATIVES).frame)
    register(app)
    assert app.status.value == ""
    coop = app.fill.coop.value
    assert coop == "buurtcooperatie-testerveld-demo"
    row = open_store(small_copy).current(COOPERATIVES).frame.set_index("cooperative_id").loc[coop]
    assert row["name"] == "Buurtcoöperatie Testerveld (demo)" and bool(row["show_name"]) is True
    assert row["doorbraakgebied"] == "Testgebied"
    register(app)  # the same name again is refused, nothing written
    assert "staat al in de lijst" in text(app.fill.register_message)
    assert len(open_store(small_copy).read(COOPERATIVES).frame) == before + 1


def test_register_says_what_is_missing(app, small_copy):
    before = len(open_store(small_copy).read(COOPERATIVES).frame)
    app.fill.new_name.value = "Iets (demo)"
    app.fill.register_button.click()
    assert "Vul nog in: Soort, Doorbraakgebied, Gemeente." in app.fill.register_message.value
    assert len(open_store(small_copy).read(COOPERATIVES).frame) == before


def test_start_checks_every_field_on_the_server(app):
    f = app.fill
    f.round.value = "volgend jaar"
    f.respondent.value = "   "
    f.start_button.click()
    shown = text(f.start_message)
    assert "Kies eerst een coöperatie" in shown and "'volgend jaar' is geen ronde" in shown
    assert "schuilnaam" in shown
    assert f.step == "start"


def test_fill_submit_and_the_store_holds_exactly_the_entered_scores(app, small_copy):
    register(app)
    coop = app.fill.coop.value
    begin(app, coop, "penningmeester")
    assert app.fill.step == "page"
    entered = answer_all(app, lambda i, sid: "dk" if i % 7 == 0 else str(i % 5 + 1))
    app.fill.go(1)
    app.fill.discuss["D2.3"].value = True
    app.fill.note["D2"].value = "De ALV\nis dit jaar niet doorgegaan."
    app.fill.go(10)
    assert "Alles is beantwoord" in app.fill.review_text.value
    app.fill.submit_button.click()
    assert app.fill.step == "done", app.fill.submit_message.value

    store = open_store(small_copy)
    mine = store.current(SCORES).frame
    mine = mine[mine["cooperative_id"] == coop]
    assert len(mine) == 40
    got = {r.statement_id: "dk" if pd.isna(r.score) else str(int(r.score)) for r in mine.itertuples()}
    assert got == entered
    assert set(mine.loc[mine["discuss"], "statement_id"]) == {"D2.3"}
    assert set(mine["respondent"]) == {"penningmeester"} and set(mine["round"]) == {"2026-2"}
    notes = store.current(NOTES).frame
    assert notes[notes["cooperative_id"] == coop]["note"].tolist() == ["De ALV is dit jaar niet doorgegaan."]
    # The draft is gone once submitted.
    assert not list((small_copy / "concepten").rglob("*.json"))
    # From the thank-you page straight to the board view of this cooperative and round.
    app.fill.to_board_button.click()
    assert (app.tabs.selected_index, app.board.coop.value, app.board.round.value) == (1, coop, "2026-2")
    # The board reads the members' notes with the scores.
    assert "De ALV is dit jaar niet doorgegaan." in text(app.board.notes)
    assert "penningmeester" in text(app.board.notes) and "D2 Juridisch" in text(app.board.notes)


def test_submit_is_refused_until_everything_is_answered(app, small_copy):
    coop = app.fill.coop.options[1][1]
    begin(app, coop, "lid-nieuw")
    app.fill.answer["D1.1"].value = "3"
    app.fill.go(10)
    assert app.fill.submit_button.disabled
    assert "39 stellingen zonder antwoord" in app.fill.review_text.value
    before = (small_copy / SCORES.filename).read_bytes()
    app.fill.submit()
    assert (small_copy / SCORES.filename).read_bytes() == before
    assert len(app.fill.review_jumps.children) == 10
    app.fill.review_jumps.children[3].click()
    assert app.fill.page == 3


def test_a_closed_page_resumes_from_the_server_draft(app, small_copy, model):
    coop = app.fill.coop.options[2][1]
    begin(app, coop, "Secretaris")
    app.fill.answer["D1.1"].value = "2"
    app.fill.discuss["D1.4"].value = True
    app.fill.note["D1"].value = "half af"
    app.fill.go(1)
    app.fill.answer["D2.2"].value = "dk"
    del app  # the tab is closed: the kernel and every widget are gone

    fresh = ZelfevaluatieApp(small_copy, model=model, today=TODAY)
    begin(fresh, coop, "  secretaris ")  # same person, other spacing and case
    f = fresh.fill
    assert "Welkom terug" in f.page_message.value
    assert f.page == 1 and f.answer["D2.2"].value == "dk"
    f.go(0)
    assert f.answer["D1.1"].value == "2" and f.discuss["D1.4"].value is True
    assert f.note["D1"].value == "half af"
    assert f.progress.value == 2


def test_language_switch_keeps_answers(app):
    coop = app.fill.coop.options[1][1]
    begin(app, coop, "lid-taal")
    app.fill.answer["D1.2"].value = "5"
    app.language.value = "en"
    assert app.fill.answer["D1.2"].value == "5"
    assert app.fill.session.answers["D1.2"] == "5"
    assert "Dimension 1 of 10" in app.fill.page_title.value
    assert app.fill.answer["D1.1"].options[-1] == ("don't know", "dk")


def test_board_view_shows_spinnenweb_spread_agenda_and_verbeterpunten(app):
    app.tabs.selected_index = 1
    b = app.board
    assert b.coop.value and b.round.value == "2026-2" and b.who.value == BOARD
    assert bytes(b.radar.value[:4]) == b"\x89PNG" and bytes(b.trend.value[:4]) == b"\x89PNG"
    assert b.spread.value.count("class='dim-row'") == 10
    assert "<li>" in b.agenda.value
    assert b.verbeter.value.count("<li>") >= 5
    assert "summerschool-module" in b.verbeter.value
    assert "verbeterpunten van 2026-1" in b.verbeter.value  # did last round's points move?
    b.who.value = b.who.options[1][1]  # one member instead of the board's mean
    assert bytes(b.radar.value[:4]) == b"\x89PNG" and app.status.value == ""


def test_agenda_lists_flagged_and_split_statements(app, model):
    app.tabs.selected_index = 1
    b = app.board
    agenda = b.analysis().agenda
    assert ((agenda["n_discuss"] > 0) | (agenda["spread"] >= 2)).all()
    for line in b.present.agenda_lines(agenda):
        assert re.match(r"D\d+\.\d+ ", line)


def test_board_scores_are_stored_beside_individual_scores(app, small_copy):
    app.tabs.selected_index = 1
    b = app.board
    b.board_score["D4"].value = 2.5
    b.rationale["D4"].value = "Nog te veel afhankelijk van subsidie"
    b.board_score["D7"].value = 3.0
    b.board_save.click()
    assert "2 bestuursscores opgeslagen" in b.board_message.value
    saved = open_store(small_copy).current(BOARD_SCORES).frame.set_index("dimension_id")
    assert saved.loc["D4", "score"] == 2.5 and saved.loc["D7", "score"] == 3.0
    assert saved.loc["D4", "rationale"] == "Nog te veel afhankelijk van subsidie"
    assert set(saved["cooperative_id"]) == {b.coop.value} and set(saved["round"]) == {b.round.value}
    # A fresh page shows them again; a correction supersedes.
    b.refresh()
    assert b.board_score["D4"].value == 2.5
    b.board_score["D4"].value = 3.5
    b.board_save.click()
    assert (
        open_store(small_copy).current(BOARD_SCORES).frame.set_index("dimension_id").loc["D4", "score"] == 3.5
    )


def pdf_text(pdf: bytes) -> tuple[int, str, list]:
    """(pages, all text, page sizes) of a PDF, read with pypdf as a reader would see it."""

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    sizes = [tuple(round(float(v), 2) for v in page.mediabox[2:]) for page in reader.pages]
    return len(reader.pages), " ".join(text.split()), sizes


def test_downloads_are_an_a4_pdf_with_everything_the_screen_shows_pngs_and_xlsx(app):
    app.tabs.selected_index = 1
    b = app.board
    b.board_score["D4"].value = 2.5
    b.rationale["D4"].value = "Afhankelijk van een subsidie (demo)"
    b.board_save.click()
    files = b.make_downloads()
    pdf = next(v for k, v in files.items() if k.endswith(".pdf"))
    assert pdf.startswith(b"%PDF")
    pages, text, sizes = pdf_text(pdf)
    assert pages >= 1 and set(sizes) == {(595.28, 841.89)}
    view = b.analysis()
    agenda = b.present.agenda_lines(view.agenda)
    assert len(agenda) > 6  # the demo round has more than the six the old PDF kept
    for line in agenda:  # every agenda item, not the first six
        assert line.split(" ", 1)[0] in text
    assert "Afhankelijk van een subsidie (demo)" in text and "Bestuursscores en onderbouwing" in text
    assert "Toelichtingen van de leden" in text and "Trend over de rondes" in text
    for note in view.notes["note"]:
        assert " ".join(note.split())[:30] in text
    assert "spreiding" in text and "D10" in text
    assert sum(k.endswith(".png") for k in files) == 2
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))

    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name="Antwoorden")
    assert len(sheet) == len(app.board._round_rows()) and "Tekst van de stelling" in sheet.columns
    assert set(sheet["Hier wil ik over praten"]) <= {"ja", "nee"}
    assert app.board.downloads.value.count("download=") == 4
    # For a board table: Dutch headers, means with one decimal, columns as wide as their contents.
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[:3] == ["Antwoorden", "Dimensies", "Notities"]
    dims = book["Dimensies"]
    header = [c.value for c in dims[1]]
    assert header[:3] == ["Dimensie", "Naam van de dimensie", "Gemiddelde"]
    means = [row[2].value for row in dims.iter_rows(min_row=2) if row[2].value is not None]
    assert means and all(round(v, 1) == v for v in means)
    assert dims.column_dimensions["C"].number_format == "0.0" or dims["C2"].number_format == "0.0"
    assert dims.column_dimensions["B"].width >= len("Naam van de dimensie")


def test_no_data_is_said_plainly(tmp_path, model):
    empty = ZelfevaluatieApp(tmp_path / "leeg", model=model, today=TODAY)
    empty.tabs.selected_index = 1
    assert "Nog geen scores" in empty.board.message.value
    assert empty.status.value == ""


def test_broken_content_shows_a_located_message_not_a_traceback(content_copy, small_copy):
    from wijkcoop.apps.common import build

    shutil.copytree(REPO / "summerschool", content_copy / "summerschool")
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: D6.2", "- id: D6.1"), encoding="utf-8")
    shown = build(lambda: ZelfevaluatieApp(small_copy, today=TODAY))
    assert "inhoudsbestanden bevatten fouten" in text(shown)
    assert "groeimodel.yaml, D6.1" in text(shown)
    assert "Traceback" not in shown.value


def test_a_module_file_with_an_unknown_dimension_is_reported(content_copy, small_copy, capsys):
    from wijkcoop.cli import main

    shutil.copytree(REPO / "summerschool", content_copy / "summerschool")
    module = content_copy / "summerschool" / "ondernemen.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("[D4, D8, D9]", "[D4, D88]"))
    assert main(["validate", "--data", str(small_copy)]) == 1
    assert "ondernemen.yaml, ondernemen" in capsys.readouterr().out


def test_a_dimension_answered_only_with_dont_know_looks_missing_not_low(app, small_copy, model):
    """Missing must look missing: a row with "–" in the table and the xlsx, a gap in the spinnenweb."""

    from wijkcoop import charts

    register(app, name="Buurtcoöperatie Weetniet (demo)")
    coop = app.fill.coop.value
    begin(app, coop, "lid-weetniet")
    answer_all(app, lambda i, sid: "dk" if sid.startswith("D3.") else "4")
    app.fill.go(10)
    app.fill.submit_button.click()
    assert app.fill.step == "done"
    app.show_board(coop, "2026-2")
    b = app.board
    assert b.spread.value.count("class='dim-row'") == 10
    row = next(r for r in b.spread.value.split("<tr") if ">D3 " in r)
    assert "geen score: alleen" in html.unescape(row) and "–" in row
    files = b.make_downloads()
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    dims = pd.read_excel(io.BytesIO(xlsx), sheet_name="Dimensies")
    assert list(dims["Dimensie"]) == model.dimension_ids
    assert pd.isna(dims.set_index("Dimensie").loc["D3", "Gemiddelde"])
    # The spinnenweb: no filled area dipping to the centre, the gap marked.
    values = [float("nan") if d == "D3" else 4.0 for d in model.dimension_ids]
    fig = charts.radar(model, [charts.Series("x", values, charts.COLOURS[0], "-", True)])
    ax = fig.axes[0]
    assert not ax.patches  # no fill
    assert any(t.get_text() == "–" for t in ax.texts)
    full = charts.radar(model, [charts.Series("x", [4.0] * 10, charts.COLOURS[0], "-", True)])
    assert len(full.axes[0].patches) == 1  # a complete round is filled as before


def test_the_board_sees_how_many_answered_and_marks_a_round_complete(app, small_copy):
    from wijkcoop.tables import ROUNDS

    app.tabs.selected_index = 1
    b = app.board
    n = b._round_rows()["respondent"].nunique()
    assert f"{n} leden hebben ingevuld" in text(b.round_state)
    was_complete = b.is_complete()
    assert ("compleet" if was_complete else "open") in text(b.round_state)
    b.complete_button.click()
    b.complete_button.click()  # a double click must not undo it
    assert b.is_complete() is not was_complete
    current = open_store(small_copy).current(ROUNDS).frame.set_index(["cooperative_id", "round"])
    assert bool(current.loc[(b.coop.value, b.round.value), "complete"]) is not was_complete
    fresh = ZelfevaluatieApp(small_copy, lang="nl", today=TODAY)
    fresh.show_board(b.coop.value, b.round.value)
    assert fresh.board.is_complete() is not was_complete


def test_a_long_note_shows_a_counter_and_is_refused_whole_not_cut(app, small_copy):
    coop = app.fill.coop.options[1][1]
    begin(app, coop, "lid-lang")
    answer_all(app)
    app.fill.go(0)
    note = "Een lange toelichting. " * 100  # 2,300 characters
    app.fill.note["D1"].value = note
    counter = app.fill.note_count["D1"].widget.value
    assert "te lang" in counter and str(len(note)) in counter
    assert app.fill.session.notes["D1"] == note  # kept whole in the draft, never cut
    app.fill.go(10)
    assert "De toelichting bij D1 is te lang" in html.unescape(app.fill.review_text.value)
    assert app.fill.submit_button.disabled
    before = (small_copy / SCORES.filename).read_bytes()
    app.fill.submit()
    assert (small_copy / SCORES.filename).read_bytes() == before
    app.fill.go(0)
    app.fill.note["D1"].value = note[:1500]
    assert "1500 van 2000 tekens" in app.fill.note_count["D1"].widget.value
    app.fill.go(10)
    app.fill.submit_button.click()
    assert app.fill.step == "done"
    notes = open_store(small_copy).current(NOTES).frame
    assert notes[(notes["respondent"] == "lid-lang")]["note"].str.len().tolist() == [len(note[:1500].strip())]


def test_a_too_long_rationale_names_its_dimension_and_saves_nothing(app, small_copy):
    app.tabs.selected_index = 1
    b = app.board
    b.board_score["D4"].value = 3.0
    b.rationale["D4"].value = "x" * 600
    assert "te lang" in b.rationale_count["D4"].widget.value
    before = (
        (small_copy / BOARD_SCORES.filename).read_bytes()
        if (small_copy / BOARD_SCORES.filename).exists()
        else b""
    )
    b.board_save.click()
    message = html.unescape(b.board_message.value)
    assert "De onderbouwing bij D4 Economie" in message and "600 tekens, maximaal 500" in message
    after = (
        (small_copy / BOARD_SCORES.filename).read_bytes()
        if (small_copy / BOARD_SCORES.filename).exists()
        else b""
    )
    assert after == before


def test_the_choose_option_follows_the_language(app, small_copy):
    assert app.fill.coop.options[0] == ("— kies —", None)
    app.language.value = "en"
    assert app.fill.coop.options[0] == ("— choose —", None)
    assert app.fill.coop.value is None  # still nothing chosen


def test_each_answer_says_it_is_kept_at_the_dutch_wall_clock_time(app, small_copy):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    coop = app.fill.coop.options[1][1]
    begin(app, coop, "klok-lid")
    app.fill.saved.value = ""
    app.fill.answer["D1.1"].value = "3"
    shown = re.search(r"opgeslagen om (\d\d:\d\d)", app.fill.saved.value)
    assert shown and "role='status'" in app.fill.saved.value
    now = datetime.now(UTC)
    amsterdam = {f"{(now.timestamp() + d):.0f}" for d in (-60, 0)}  # the minute may just have turned
    wall = {datetime.fromtimestamp(int(s), ZoneInfo("Europe/Amsterdam")).strftime("%H:%M") for s in amsterdam}
    assert shown.group(1) in wall  # the Dutch clock, not UTC


def test_the_board_pdf_reads_at_a_board_table(app):
    """Measured in the file: body 10 pt or more, vector charts with labels of 8 pt or more, a title, the
    language, tags with each chart's text alternative, page numbers, no heading orphaned at a page foot;
    the per-dimension numbers, the board's scores and the members' notes are in it."""
    from pdfcheck import assert_readable
    from pypdf import PdfReader

    app.tabs.selected_index = 1
    b = app.board
    b.board_score["D2"].value = 3.0
    b.rationale["D2"].value = "Statuten net vernieuwd (demo)"
    b.board_save.click()
    pdf = next(v for k, v in b.make_downloads().items() if k.endswith(".pdf"))
    runs = assert_readable(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Zelfevaluatie: bestuursgesprek"
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl"
    words = " ".join(r.text for r in runs)
    assert "Organisatie &" in words and "volwassen" in words  # the spinnenweb's labels are text
    for line in b.present.dimension_lines(b.analysis()):
        assert line.split(":")[0] in words
    assert "Statuten net vernieuwd (demo)" in words


def test_a_board_meeting_at_the_projector_ends_in_a_plan_reviewed_next_round(app, small_copy):
    """Meeting mode steps through the agenda's dimensions ("1 van N"), without names unless ticked; the
    agreed scores are saved and it moves on; two actions go on the plan and into the PDF and xlsx; the
    next round opens with the look back, which lands in the data; the trend marks the planned round;
    the trainers see the demand and the coordinators the counts."""
    from pdfcheck import runs

    from wijkcoop.apps.summerschool import TABS, SummerschoolApp
    from wijkcoop.apps.vergelijken import VergelijkenApp
    from wijkcoop.tables import PLAN, PLAN_REVIEWS

    app.tabs.selected_index = 1
    b = app.board
    rounds = list(b.round.options)
    b.round.value = rounds[1]  # the round before the newest: its plan is reviewed in the newest
    b.meeting_button.click()
    assert b.in_meeting and b.content.layout.display == "none"
    m = b.meeting_panel
    dims = m.dimensions(b.data)
    assert f"Agendapunt 1 van {len(dims)}" in text(m.progress)
    members = text(m.members)
    respondents = set(b.data.round_rows["respondent"])
    assert "Scores van de leden" in members and not any(r in members for r in respondents)
    m.names.value = True
    assert any(r in text(m.members) for r in respondents)  # only when the board ticks it
    m.names.value = False
    b.board_score[dims[0]].value = 2.5
    b.rationale[dims[0]].value = "Samen besproken (demo)"
    m.save.click()
    assert "1 bestuursscore opgeslagen" in text(m.message) and m.index == 1
    b.board_score[dims[1]].value = 3.0
    m.save.click()
    assert m.index == 2
    m.prev.click()
    assert m.index == 1
    m.stop.click()
    assert not b.in_meeting and b.content.layout.display is None
    saved = open_store(small_copy).current(BOARD_SCORES).frame
    assert set(saved[saved["round"] == rounds[1]]["dimension_id"]) == {dims[0], dims[1]}

    # Two actions for the first verbeterpunt, one with a module.
    p = b.plan
    point = p.point.value
    first, second = p.rows[0], p.rows[1]
    first.what.value, first.who.value = "Begroting 2027 opstellen (demo)", "penningmeester"
    first.due.value, first.done_when.value, first.module.value = (
        date(2027, 3, 31),
        "ALV stemt in",
        "ondernemen",
    )
    second.what.value, second.who.value = "Tweede inkomstenbron zoeken (demo)", "werkgroep"
    second.due.value, second.done_when.value = date(2027, 6, 30), "Eén nieuwe bron"
    p.save.click()
    assert "Verbeterplan bewaard" in text(p.message), text(p.message)
    assert "Begroting 2027 opstellen (demo)" in text(p.listing)
    files = b.make_downloads()
    words = " ".join(r.text for r in runs(next(v for k, v in files.items() if k.endswith(".pdf"))))
    assert "Verbeterplan" in words and "Tweede inkomstenbron zoeken (demo)" in words
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(next(v for k, v in files.items() if k.endswith(".xlsx"))))
    sheet = book["Verbeterplan"]
    assert [c.value for c in sheet[1]][:4] == ["Stelling", "Tekst van de stelling", "Actie", "Wat"]
    assert sheet.max_row == 3

    # The next round opens with the look back, next to whether the dimension moved.
    b.round.value = rounds[0]
    r = b.review
    assert r.widget.layout.display is None and f"ronde {rounds[1]}" in text(r.heading)
    assert len(r.outcomes) == 2 and "→" in text(r.rows.children[0].children[0])
    key = (point, "1")
    r.outcomes[key].value = "gedaan"
    r.notes[key].value = "Goedgekeurd (demo)"
    r.save.click()
    assert "Terugblik bewaard (1" in text(r.message)
    stored = open_store(small_copy).current(PLAN_REVIEWS).frame
    assert stored[["statement_id", "action", "outcome", "reviewed_in"]].values.tolist() == [
        [point, "1", "gedaan", rounds[0]]
    ]
    assert (rounds[1], point.split(".")[0]) in b.data.planned  # the trend marks the planned round
    looked_back = b.present.review_lines(b.data)  # the PDF's block "Terugblik op het verbeterplan …"
    assert any("gedaan (Goedgekeurd (demo))" in line for line in looked_back), looked_back

    trainer = SummerschoolApp(small_copy, lang="nl", today=TODAY)
    trainer.tabs.selected_index = TABS.index("overview")
    assert "1 coöperatie(s) willen Ondernemen volgen" in text(trainer.overview.body)
    assert len(open_store(small_copy).current(PLAN).frame) == 2
    compare_app = VergelijkenApp(small_copy, lang="nl")
    shown = compare_app.plans.value
    assert "Verbeterplannen per doorbraakgebied" in shown and "niet getoond" in shown  # one per area
    assert "Begroting" not in shown


def test_a_secretary_types_in_a_paper_questionnaire(app, small_copy):
    """Van papier overnemen (issue 22): one box per statement (1–5, 0 = weet niet), the statements to talk
    about by number, a note; the draft kept after each answer; the member's own checks; the rows stored
    once, with who typed them in papier.csv."""
    from wijkcoop.tables import PAPER

    f = app.fill
    coop = f.coop.options[1][1]
    f.coop.value, f.round.value, f.respondent.value = coop, "2026-2", "lid-van-papier"
    p = f.paper
    p.start_button.click()
    assert "Zeg wie het formulier intypt" in text(p.start_message)
    p.by.value = "secretaris (demo)"
    p.start_button.click()
    assert f.widget.children == (p.panel,) and "lid-van-papier" in text(p.title)
    sids = list(p.boxes)
    p.boxes[sids[0]].value = "7"
    assert "'7' kan niet" in text(p.message) and p.boxes[sids[0]].value == ""
    typed = {sid: "012345"[(i % 6)] for i, sid in enumerate(sids)}
    for sid in sids[:-1]:
        p.boxes[sid].value = typed[sid]
    assert f"{len(sids) - 1} van {len(sids)} ingevuld" in text(p.count)
    kept = app.drafts.load(coop, "2026-2", "lid-van-papier")
    assert kept is not None and len(kept.answers) == len(sids) - 1  # the draft on the server as it goes
    p.discuss["D1"].value = "x"
    assert "alleen de nummers" in text(p.message)
    p.discuss["D1"].value = "1 3"
    p.notes["D2"].value = "Van papier overgenomen (demo)"
    p.save.click()
    assert "Nog 1 stelling zonder antwoord" in text(p.message) and sids[-1] in text(p.message)
    p.boxes[sids[-1]].value = typed[sids[-1]]
    p.save.click()
    assert (
        f"{len(sids)} antwoorden van lid-van-papier opgeslagen, van papier ingetypt door secretaris (demo)"
        in text(p.start_message)
    )
    assert f.widget.children == (f.start_panel,)
    store = open_store(small_copy)
    rows = store.read(SCORES).frame
    mine = rows[(rows["cooperative_id"] == coop) & (rows["respondent"] == "lid-van-papier")]
    assert len(mine) == len(sids)  # stored once
    got = {r.statement_id: ("0" if pd.isna(r.score) else str(int(r.score))) for r in mine.itertuples()}
    assert got == typed
    assert set(mine.loc[mine["discuss"], "statement_id"]) == {"D1.1", "D1.3"}
    notes = store.read(NOTES).frame
    assert "Van papier overgenomen (demo)" in set(notes.loc[notes["respondent"] == "lid-van-papier", "note"])
    paper = store.read(PAPER).frame
    assert paper[["cooperative_id", "round", "respondent", "entered_by"]].values.tolist() == [
        [coop, "2026-2", "lid-van-papier", "secretaris (demo)"]
    ]
    assert app.drafts.load(coop, "2026-2", "lid-van-papier") is None
