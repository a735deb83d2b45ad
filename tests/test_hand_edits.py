"""Files edited by hand or re-saved by a spreadsheet: a damaged line hides only itself, a re-saved
file is read (or refused for new saves) with a message that says what happened, and `wijkcoop repair`
puts it back in the kit's own form after a backup.

The corpus is made from a real data folder (the small demo's scores.csv, 9,360 rows): each case is one
edit a volunteer could make, with the message it must give and the number of rows still visible.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from wijkcoop.cli import main
from wijkcoop.context import open_store
from wijkcoop.maintenance import repair, verify
from wijkcoop.problems import ProblemsError
from wijkcoop.selfeval import SelfEvaluation
from wijkcoop.tables import COOPERATIVES, SCORES, SESSIONS

ROWS = 9_360


def lines_of(path):
    return path.read_bytes().decode("utf-8").split("\n")


def edit_line(path, number, change):
    lines = lines_of(path)
    lines[number - 1] = change(lines[number - 1])
    path.write_bytes("\n".join(lines).encode("utf-8"))


def resave(path, *, separator=",", encoding="utf-8", quoting=csv.QUOTE_MINIMAL, newline="\n", bom=False):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=separator, quoting=quoting, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding))


def one_more_save(store):
    """A board member's answers, as the app saves them."""
    service = SelfEvaluation(store, store.model, today=date(2026, 9, 1))
    draft = service.resume("fabelveen-zuid", "2026-2", "na-de-bewerking").draft
    for sid in service.model.statement_ids:
        service.set_answer(draft, sid, "4")
    return service.submit(draft, "")


# case -> (edit of scores.csv, message keys expected with their lines, rows visible)
CASES = {
    "stray quote": (
        lambda p: edit_line(p, 10, lambda line: line.replace("voorzitter", '"voorzitter', 1)),
        [("store.unreadable", 10)],
        ROWS - 1,
    ),
    "missing field": (
        lambda p: edit_line(p, 20, lambda line: line.rsplit(",", 1)[0]),
        [("store.field_count_short", 20)],
        ROWS - 1,
    ),
    "one line in Windows characters": (
        lambda p: p.write_bytes(
            p.read_bytes().replace(b",voorzitter,D1.3,", ",voorzitter \u00e9,D1.3,".encode("cp1252"), 1)
        ),
        [("store.unreadable", 4)],
        ROWS - 1,
    ),
    "LibreOffice, every field quoted": (lambda p: resave(p, quoting=csv.QUOTE_ALL), [], ROWS),
    "BOM": (lambda p: resave(p, bom=True), [], ROWS),
    "CRLF": (lambda p: resave(p, newline="\r\n"), [], ROWS),
    "Excel with ; and Windows characters": (
        lambda p: resave(p, separator=";", encoding="cp1252", newline="\r\n"),
        [("store.resaved", 1)],
        ROWS,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hand_edit_hides_at_most_its_own_line(small_copy, case):
    edit, expected, visible = CASES[case]
    store = open_store(small_copy)
    edit(store.path(SCORES))
    result = store.read(SCORES)
    assert [(p.key, p.line) for p in result.problems] == expected
    assert len(result.frame) == visible
    if case.startswith("Excel"):
        # New saves cannot go into a file in another form: refused, with what to do, nothing written.
        before = store.path(SCORES).read_bytes()
        with pytest.raises(ProblemsError) as refused:
            one_more_save(store)
        assert "wijkcoop repair --apply" in refused.value.format("nl")
        assert store.path(SCORES).read_bytes() == before
        assert "opgeslagen door een spreadsheet" in store.notice("nl")
    else:
        assert one_more_save(store) == 40  # and a new save is visible at once
        assert len(store.read(SCORES).frame) == visible + 40
        left_out = visible < ROWS
        assert (f"{ROWS - visible} regel met fouten" in store.notice("nl")) is left_out


def test_repair_says_what_it_would_do_then_puts_an_excel_file_back_after_a_backup(small_copy, capsys):
    store = open_store(small_copy)
    original = store.path(SCORES).read_bytes()
    sessions = store.path(SESSIONS).read_bytes()
    register = store.path(COOPERATIVES).read_bytes()
    resave(store.path(SCORES), separator=";", encoding="cp1252", newline="\r\n")
    resave(store.path(COOPERATIVES), separator=";", encoding="cp1252", newline="\r\n")  # "coöperatie"
    # Excel also turns dates into its own form: 2026-06-13 becomes 13-6-2026.
    text = store.path(SESSIONS).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    i = rows[0].index("date")
    for row in rows[1:]:
        y, m, d = row[i].split("-")
        row[i] = f"{int(d)}-{int(m)}-{y}"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    store.path(SESSIONS).write_text(buf.getvalue(), encoding="utf-8")
    assert len(store.read(SESSIONS).frame) == 0  # every date refused, line by line

    assert main(["repair", "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert "scores.csv: 9360 regels gaan terug in de vaste vorm" in out
    assert "Gevonden: puntkomma's als scheidingsteken, Windows-regeleinden." in out
    assert "Gevonden: puntkomma's als scheidingsteken, Windows-tekenset, Windows-regeleinden." in out
    assert "8 datums die de spreadsheet als d-m-jjjj schreef" in out
    assert "Er is nog niets veranderd" in out
    assert store.path(SESSIONS).read_text(encoding="utf-8") == buf.getvalue()  # a dry run

    assert main(["repair", "--apply", "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert store.path(SCORES).read_bytes() == original
    assert store.path(SESSIONS).read_bytes() == sessions
    assert store.path(COOPERATIVES).read_bytes() == register
    folder = out.rsplit("reservekopie ", 1)[1].strip().rstrip(".")
    assert set(verify(folder)) >= {"scores.csv", "sessies.csv", "cooperaties.csv"}  # the files as they were
    assert store.validate_all()[1] == []
    assert main(["repair", "--data", str(small_copy)]) == 0
    assert "niets te herstellen" in capsys.readouterr().out


def test_repair_leaves_out_an_unreadable_line_and_keeps_the_saves_whole(small_copy):
    store = open_store(small_copy)
    edit_line(store.path(SCORES), 10, lambda line: line.replace("voorzitter", '"voorzitter', 1))
    plans, folder = repair(store, apply=True)
    assert [(p.file, p.unreadable) for p in plans] == [("scores.csv", [10])]
    result = store.read(SCORES)
    assert result.problems == [] and len(result.frame) == ROWS - 1
    assert '"voorzitter' in (folder / "scores.csv").read_text(encoding="utf-8")  # the backup keeps it


def test_the_apps_say_which_lines_they_left_out(small_copy, model):
    from wijkcoop.apps.summerschool import SummerschoolApp
    from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

    store = open_store(small_copy)
    edit_line(store.path(SCORES), 10, lambda line: line.replace("voorzitter", '"voorzitter', 1))
    app = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 9, 1))
    app.tabs.selected_index = 1  # the board view reads the scores
    assert "scores.csv: 1 regel met fouten is overgeslagen (regel 10)" in app.status.value
    assert "wijkcoop-notice" in app.status.value

    resave(store.path(SESSIONS), separator=";")
    school = SummerschoolApp(small_copy, lang="en")
    school.tabs.selected_index = 5
    assert "sessies.csv, line 1: the file was saved by a spreadsheet (; (Excel))" in school.status.value
