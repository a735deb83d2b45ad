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
