"""Imports that used to store wrong data without a word: each case now refused or said, with the data
folder byte-identical when refused, and only what differs stored when accepted."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from wijkcoop.cli import main
from wijkcoop.context import open_store
from wijkcoop.export import data_frames, dutch_csv
from wijkcoop.importer import date_order, plan_import, run_import
from wijkcoop.tables import COOPERATIVES, IMPORTS, SCORES

TODAY = date(2026, 12, 1)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix == ".csv"}


def our_export(store) -> list[str]:
    return dutch_csv(data_frames(store)["scores"]).decode("utf-8-sig").splitlines()


def test_a_typo_in_a_cooperative_id_is_refused_not_registered_as_a_second_cooperative(small_copy, capsys):
    store = open_store(small_copy)
    lines = our_export(store)
    header = lines[0].split(";")
    i = header.index("cooperative_id")
    cells = lines[5].split(";")
    known = cells[i]
    cells[i] = known + "x"  # one character more, the rest of the row as it was
    lines[5] = ";".join(cells)
    source = small_copy.parent / "export-met-tikfout.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(small_copy)
    assert main(["import", str(source), "--check", "--data", str(small_copy)]) == 1
    err = capsys.readouterr().err
    assert f"regel 6, veld 'cooperative_id': coöperatie '{known}x' is onbekend; de naam" in err
    assert f"hoort bij '{known}'. Een tikfout?" in err
    assert main(["import", str(source), "--data", str(small_copy)]) == 1
    assert snapshot(small_copy) == before
    assert len(open_store(small_copy).current(COOPERATIVES).frame) == 10


def test_one_changed_value_stores_one_row_and_says_what_changed(small_copy, capsys):
    store = open_store(small_copy)
    lines = our_export(store)
    header = lines[0].split(";")
    cells = lines[1].split(";")
    cells[header.index("score")] = "5" if cells[header.index("score")] != "5" else "4"
    lines[1] = ";".join(cells)
    source = small_copy.parent / "een-correctie.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows_before = len(store.read(SCORES).frame)
    assert main(["import", str(source), "--check", "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert f"0 nieuw, 1 gecorrigeerd (de oude waarde blijft als geschiedenis), {len(lines) - 2} al zo" in out
    assert "meer dan één ronde" not in out  # our export's rounds are its own column: nothing to warn
    assert main(["import", str(source), "--data", str(small_copy)]) == 0
    assert len(open_store(small_copy).read(SCORES).frame) == rows_before + 1
    assert open_store(small_copy).read(IMPORTS).frame["rows"].tolist() == [1]


def wide(dates: list[str], coop: str = "fabelveen-zuid") -> bytes:
    lines = ["ID;Tijd van voltooien;Naam;Coöperatie;D1.1;D1.2"]
    lines += [f"{n};{d};lid-{n};{coop};3;4" for n, d in enumerate(dates, start=1)]
    return ("\n".join(lines) + "\n").encode()


def test_month_first_dates_are_read_as_such_and_the_check_shows_the_rounds(small_copy):
    store = open_store(small_copy)
    assert date_order(["11/25/2026 10:00", "5/11/2026"]) == "mdy"
    assert date_order(["25-11-2026", "5-11-2026"]) == "dmy"
    assert date_order(["3-4-2026"]) == "dmy"  # dashes: Dutch, day first
    assert date_order(["3/4/2026", "5/6/2026"]) == "ambiguous"
    assert date_order(["25/11/2026", "11/25/2026"]) == "mixed"

    plan = plan_import(store, wide(["11/25/2026 10:00", "5/11/2026 09:00"]), "en-us.csv", today=TODAY)
    assert plan.ok, [p.format() for p in plan.problems]
    # 25 November -> the second half-year; 11 May -> the first (read day-first it was 5 November).
    assert plan.rounds == {("fabelveen-zuid", "2026-1"): 2, ("fabelveen-zuid", "2026-2"): 2}
    lines = plan.details("nl")
    assert "Naar: fabelveen-zuid 2026-1 (2), fabelveen-zuid 2026-2 (2)" in lines[0]
    assert any("gaan naar meer dan één ronde (2026-1, 2026-2)" in line for line in lines)

    before = snapshot(small_copy)
    plan = plan_import(store, wide(["3/4/2026", "5/6/2026"]), "unclear.csv", today=TODAY)
    assert [p.key for p in plan.problems] == ["imp.dates_ambiguous"] and not plan.rows
    plan = plan_import(store, wide(["3/4/2026", "5/6/2026"]), "unclear.csv", today=TODAY, round_id="2026-1")
    assert plan.ok and set(plan.rounds) == {("fabelveen-zuid", "2026-1")}
    assert snapshot(small_copy) == before


def test_a_file_cut_off_at_a_field_boundary_is_refused_with_its_line(small_copy):
    store = open_store(small_copy)
    data = wide(["25-11-2026 10:00", "24-11-2026 10:00"]).decode()
    cut = data.rstrip("\n").rsplit(";", 1)[0] + "\n"  # the last row lost its last cell
    before = snapshot(small_copy)
    plan = plan_import(store, cut.encode(), "afgebroken.csv", today=TODAY)
    assert [(p.key, p.line) for p in plan.problems] == [("imp.short_row", 3)]
    assert "het bestand lijkt afgebroken" in plan.problems[0].format("nl")
    assert snapshot(small_copy) == before


def test_a_workbook_says_which_sheets_it_does_not_import(small_copy):
    store = open_store(small_copy)
    book = openpyxl.Workbook()
    first = book.active
    for row in wide(["25-11-2026 10:00"]).decode().splitlines():
        first.append(row.split(";"))
    book.create_sheet("notities").append(["cooperative_id", "note"])
    book.create_sheet("bestuursscores").append(["cooperative_id", "score"])
    buf = io.BytesIO()
    book.save(buf)
    plan = plan_import(store, buf.getvalue(), "twee-tabbladen.xlsx", today=TODAY)
    assert plan.ok
    assert "Niet geïmporteerd: de tabbladen notities, bestuursscores." in plan.details("nl")
    assert run_import(store, plan) == 2


def test_our_xlsx_export_round_trips_every_sheet_into_an_empty_folder_and_back(small_copy, tmp_path):
    """Scores, notes (one that looks like a formula, one over several lines), board scores (halves and
    a rationale) and a cooperative without scores: all come back; a second import stores only a change."""
    from wijkcoop.export import xlsx
    from wijkcoop.tables import BOARD_SCORES, NOTES

    store = open_store(small_copy)
    coops = store.current(COOPERATIVES).frame["cooperative_id"].tolist()
    store.append(
        NOTES,
        [
            {
                "cooperative_id": coops[0],
                "round": "2025-1",
                "respondent": "voorzitter",
                "dimension_id": "D1",
                "note": "=SOM(A1) staat in de notulen",
            },
            {
                "cooperative_id": coops[0],
                "round": "2025-1",
                "respondent": "secretaris",
                "dimension_id": "D4",
                "note": "Eerste regel.\nTweede regel.",
            },
        ],
    )
    store.append(
        BOARD_SCORES,
        [
            {
                "cooperative_id": coops[0],
                "round": "2025-1",
                "dimension_id": "D1",
                "score": 3.5,
                "rationale": "Samen besproken",
                "model_version": "2026.1",
            },
            {
                "cooperative_id": coops[1],
                "round": "2025-2",
                "dimension_id": "D7",
                "score": 2,
                "rationale": "",
                "model_version": "2026.1",
            },
        ],
    )
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "nieuwdorp-demo",
                "name": "Dorpscoöperatie Nieuwdorp (demo)",
                "kind": "dorp",
                "doorbraakgebied": "Fabelveen",
                "gemeente": "Gemeente Fabelland",
                "show_name": True,
            }
        ],
    )
    data = xlsx(data_frames(store))
    empty = open_store(tmp_path / "leeg")
    plan = plan_import(empty, data, "export.xlsx", today=TODAY)
    assert plan.ok, [p.format() for p in plan.problems]
    assert plan.other_sheets == []  # every sheet is taken
    assert "nieuwdorp-demo" in {c["cooperative_id"] for c in plan.new_cooperatives}
    run_import(empty, plan)

    def same(table) -> bool:
        cols = [c.name for c in table.user_columns]
        a, b = (
            s.current(table).frame[cols].astype(str).sort_values(cols).reset_index(drop=True)
            for s in (store, empty)
        )
        return a.equals(b)

    assert all(same(t) for t in (SCORES, NOTES, BOARD_SCORES, COOPERATIVES))

    # The board corrects one note in the workbook: importing it stores that note and nothing else.
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["notities"]
    column = [c.value for c in sheet[1]].index("note")
    sheet.cell(row=2, column=column + 1).value = "Bijgewerkt na de vergadering"
    buf = io.BytesIO()
    book.save(buf)
    before = {t.filename: len(empty.read(t).frame) for t in (SCORES, BOARD_SCORES)}
    again = plan_import(empty, buf.getvalue(), "export-bijgewerkt.xlsx", today=TODAY)
    assert again.ok, [p.format() for p in again.problems]
    assert "Tabblad 'notities': 0 nieuw, 1 gecorrigeerd, 1 al zo opgeslagen." in again.details("nl")
    run_import(empty, again)
    assert {t.filename: len(empty.read(t).frame) for t in (SCORES, BOARD_SCORES)} == before
    notes = empty.current(NOTES).frame
    assert "Bijgewerkt na de vergadering" in notes["note"].tolist() and len(empty.read(NOTES).frame) == 3


def test_a_wrong_cell_in_our_exports_notes_sheet_is_located_by_sheet_row_and_column(small_copy, tmp_path):
    from wijkcoop.export import xlsx
    from wijkcoop.tables import BOARD_SCORES

    store = open_store(small_copy)
    coop = store.current(COOPERATIVES).frame["cooperative_id"].iloc[0]
    store.append(
        BOARD_SCORES,
        [
            {
                "cooperative_id": coop,
                "round": "2025-1",
                "dimension_id": "D1",
                "score": 3,
                "rationale": "",
                "model_version": "2026.1",
            }
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx(data_frames(store))))
    sheet = book["bestuursscores"]
    column = [c.value for c in sheet[1]].index("score") + 1
    sheet.cell(row=2, column=column).value = 7
    buf = io.BytesIO()
    book.save(buf)
    empty = open_store(tmp_path / "leeg")
    plan = plan_import(empty, buf.getvalue(), "export.xlsx", today=TODAY)
    assert [(p.sheet, p.line, p.column) for p in plan.problems] == [("bestuursscores", 2, "score")]
    assert not (tmp_path / "leeg").exists() or not any((tmp_path / "leeg").glob("*.csv"))
