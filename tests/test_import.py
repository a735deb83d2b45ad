"""Import: a corpus of malformed files gives located errors and writes nothing; real shapes import."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from wijkcoop.cli import main
from wijkcoop.importer import plan_import, read_mapping, run_import
from wijkcoop.problems import ProblemsError
from wijkcoop.store import Store
from wijkcoop.tables import COOPERATIVES, IMPORTS, SCORES

CORPUS = Path(__file__).resolve().parent / "data" / "import"
TODAY = date(2026, 11, 24)
COOPS = {
    "fabelveen-noord": "Wijkcoöperatie Fabelveen Noord (demo)",
    "kwakkelhoven-zuid": "Buurtcoöperatie Kwakkelhoven Zuid (demo)",
}

# file -> every problem expected: (row as the spreadsheet numbers it, column, message key)
BAD = {
    "wrong_separator.csv": [(1, None, "imp.separator")],
    "utf16.csv": [(None, None, "imp.encoding")],
    "stray_quote.csv": [(3, None, "imp.quotes")],
    "unclosed_quote.csv": [(4, None, "imp.quotes")],
    "missing_columns.csv": [(1, None, "imp.missing_column")],
    "text_in_score.csv": [(2, "score", "imp.not_a_score")],
    "scores_0_and_6.csv": [(2, "score", "imp.score_range"), (3, "score", "imp.score_range")],
    "unknown_ids.csv": [
        (3, "cooperative_id", "imp.unknown_cooperative"),
        (4, "statement_id", "imp.unknown_statement"),
    ],
    "empty.csv": [(None, None, "imp.empty")],
    "header_only.csv": [(None, None, "imp.header_only")],
    "formulas.csv": [
        (2, "respondent", "imp.formula"),
        (3, "score", "imp.not_a_score"),
        (4, "respondent", "imp.formula"),
    ],
    "duplicate_rows.csv": [(4, "statement_id", "imp.duplicate_row")],
    "empty_required.csv": [(2, "round", "imp.required"), (3, "respondent", "imp.required")],
    "future_round.csv": [(2, "round", "imp.future_round")],
    "forms_bad_dates.csv": [
        (2, "Tijd van voltooien", "imp.bad_date"),
        (3, "Tijd van voltooien", "imp.date_out_of_range"),
        (4, "Tijd van voltooien", "imp.bad_date"),
    ],
    "forms_unknown_headers.csv": [(1, None, "imp.no_statements")],
    "forms_duplicate_person.csv": [(3, "Naam", "imp.duplicate_respondent")],
}


@pytest.fixture
def register(store) -> Store:
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": cid,
                "name": name,
                "kind": "wijk",
                "doorbraakgebied": "Fabelveen",
                "gemeente": "Gemeente Fabelland",
                "show_name": True,
            }
            for cid, name in COOPS.items()
        ],
    )
    store.append(
        SCORES,
        [
            {
                "cooperative_id": "fabelveen-noord",
                "round": "2024-2",
                "respondent": "voorzitter",
                "statement_id": "D1.1",
                "score": 2,
                "discuss": False,
                "model_version": "2026.1",
            }
        ],
    )
    return store


def snapshot(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.data_dir.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name", sorted(BAD))
def test_every_malformed_file_gives_located_errors_and_writes_nothing(register, name):
    before = snapshot(register)
    plan = plan_import(register, (CORPUS / name).read_bytes(), name, today=TODAY)
    found = [(p.line, p.column, p.key) for p in plan.problems]
    assert found == BAD[name]
    assert all(p.file == name for p in plan.problems)
    assert not plan.rows
    text = "\n".join(p.format("nl") for p in plan.problems)
    assert name in text and "Traceback" not in text
    with pytest.raises(ProblemsError):
        run_import(register, plan)
    assert snapshot(register) == before


def test_the_corpus_is_what_the_issue_lists():
    assert (
        len(BAD) == len([p for p in CORPUS.iterdir() if p.is_file()]) == 17
    )  # plus three generated below: 10 MB, xlsx, mapping


def test_messages_name_row_and_column_in_dutch_and_english(register):
    plan = plan_import(
        register, (CORPUS / "scores_0_and_6.csv").read_bytes(), "scores_0_and_6.csv", today=TODAY
    )
    assert (
        plan.problems[0].format("nl")
        == "scores_0_and_6.csv, regel 2, veld 'score': score '0' valt buiten 1 tot en met 5"
    )
    assert (
        plan.problems[1].format("en")
        == "scores_0_and_6.csv, line 3, field 'score': score '6' is outside 1 to 5"
    )
    plan = plan_import(register, (CORPUS / "missing_columns.csv").read_bytes(), "m.csv", today=TODAY)
    assert (
        plan.problems[0].format("nl")
        == "m.csv, regel 1: er is geen kolom voor de respondent (schuilnaam, naam of rol)"
    )


def test_a_damaged_xlsx_and_a_cp1252_excel_csv(register):
    plan = plan_import(register, b"PK\x03\x04 not really a workbook", "kapot.xlsx", today=TODAY)
    assert [p.key for p in plan.problems] == ["imp.bad_xlsx"]
    text = (
        "cooperative_id;round;respondent;statement_id;score;discuss\r\n"
        "fabelveen-noord;2025-1;coördinator;D1.1;3,0;ja\r\n"
        "fabelveen-noord;2025-1;coördinator;D1.2;weet niet;nee\r\n"
        "Wijkcoöperatie Fabelveen Noord (demo);2025-1;coördinator;D1.3;5;\r\n"
    )
    plan = plan_import(register, text.encode("cp1252"), "excel.csv", today=TODAY)
    assert plan.ok, plan.problems
    assert plan.encoding == "Windows-1252" and plan.separator == ";" and plan.layout == "long"
    assert [(r["respondent"], r["statement_id"], r["score"], r["discuss"]) for r in plan.rows] == [
        ("coördinator", "D1.1", 3, True),
        ("coördinator", "D1.2", None, False),
        ("coördinator", "D1.3", 5, False),
    ]
    assert {r["cooperative_id"] for r in plan.rows} == {"fabelveen-noord"}  # a name is matched to its id


def ms_forms_workbook(model, rows: list[tuple]) -> bytes:
    """What Microsoft Forms gives: ID, times, name, a question per column (its text), Likert labels."""
    book = openpyxl.Workbook()
    sheet = book.active
    statements = model.statement_ids[:8]
    sheet.append(
        [
            "ID",
            "Begintijd",
            "Tijd van voltooien",
            "E-mail",
            "Naam",
            "Coöperatie",
            *(model.statement_text(s, "nl") for s in statements),
        ]
    )
    for i, (when, who, coop, answers) in enumerate(rows, start=1):
        sheet.append([i, when, when, "anoniem", who, coop, *answers])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_microsoft_forms_workbook_imports_with_rounds_from_dates(register, model):
    from datetime import datetime

    labels = ["Klopt helemaal", "Klopt deels", "Weet niet", "2", "Klopt grotendeels", "1", "5", "3"]
    data = ms_forms_workbook(
        model,
        [
            (datetime(2025, 3, 20, 19, 5), "voorzitter", "Wijkcoöperatie Fabelveen Noord (demo)", labels),
            (datetime(2025, 9, 2, 20, 0), "lid-2", "kwakkelhoven-zuid", list(reversed(labels))),
        ],
    )
    plan = plan_import(register, data, "forms.xlsx", today=TODAY)
    assert plan.ok, [p.format() for p in plan.problems]
    assert plan.layout == "wide" and [how for _, _, how in plan.mapping] == ["text"] * 8
    assert set(plan.ignored) == {"ID", "Begintijd", "E-mail"}
    first = [r for r in plan.rows if r["respondent"] == "voorzitter"]
    assert {r["round"] for r in first} == {"2025-1"} and [r["score"] for r in first] == [
        5,
        3,
        None,
        2,
        4,
        1,
        5,
        3,
    ]
    assert {r["round"] for r in plan.rows if r["respondent"] == "lid-2"} == {"2025-2"}
    assert run_import(register, plan) == 16


def test_google_forms_with_a_mapping_file(register, model):
    csv_text = "Tijdstempel,Naam,Vraag 1,Vraag 2,Vraag 3\n24-03-2025 19:01:02,secretaris,3,4,2\n"
    without = plan_import(
        register, csv_text.encode(), "google.csv", cooperative="fabelveen-noord", today=TODAY
    )
    assert [p.key for p in without.problems] == ["imp.no_statements"]
    mapping = read_mapping(b"Vraag 1: D2.1\nVraag 2: D2.2\nVraag 3: D2.3\n", "koppeling.yaml")
    plan = plan_import(
        register,
        csv_text.encode(),
        "google.csv",
        mapping=mapping,
        cooperative="fabelveen-noord",
        round_id="2025-1",
        today=TODAY,
    )
    assert plan.ok and plan.mapping == [
        ("Vraag 1", "D2.1", "mapping"),
        ("Vraag 2", "D2.2", "mapping"),
        ("Vraag 3", "D2.3", "mapping"),
    ]
    assert [(r["round"], r["score"]) for r in plan.rows] == [("2025-1", 3), ("2025-1", 4), ("2025-1", 2)]
    wrong = read_mapping(b"Vraag 1,D99.1\nVraag 9,D2.2\n", "koppeling.csv")
    bad = plan_import(
        register, csv_text.encode(), "google.csv", mapping=wrong, cooperative="fabelveen-noord", today=TODAY
    )
    assert [p.key for p in bad.problems] == [
        "imp.mapping_unknown",
        "imp.mapping_header_missing",
        "imp.no_statements",
    ]


def test_the_same_file_twice_and_the_same_data_twice_are_refused(register):
    text = b"cooperative_id;round;respondent;statement_id;score\nfabelveen-noord;2025-1;lid-3;D3.1;4\n"
    assert run_import(register, plan_import(register, text, "a.csv", today=TODAY)) == 1
    before = snapshot(register)
    with pytest.raises(ProblemsError, match="al geïmporteerd op .* \\(als a.csv\\)"):
        run_import(register, plan_import(register, text, "a-kopie.csv", today=TODAY))
    with pytest.raises(ProblemsError, match="staan al precies zo"):
        run_import(register, plan_import(register, text.replace(b"\n", b"\r\n"), "b.csv", today=TODAY))
    assert snapshot(register) == before
    changed = text.replace(b";4\n", b";5\n")  # a correction is new data: it is imported
    assert run_import(register, plan_import(register, changed, "c.csv", today=TODAY)) == 1
    assert list(register.current(IMPORTS).frame["file"]) == ["a.csv", "c.csv"]


def big_file(model, rows: int, bad_at: int | None = None) -> bytes:
    """About 10 MB of long-layout CSV; optionally one bad score at data row `bad_at`."""
    ids = model.statement_ids
    lines = ["cooperative_id;round;respondent;statement_id;score;discuss;model_version;toelichting"]
    filler = "x" * 20
    for i in range(rows):
        score = "9" if i == bad_at else str(i % 5 + 1)
        lines.append(
            f"fabelveen-noord;2025-1;respondent-{i // 40:05d};{ids[i % 40]};{score};nee;2026.1;{filler}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_a_10_mb_file_reports_its_one_bad_row_and_a_good_one_imports_with_progress(register, model):
    bad = big_file(model, 150_000, bad_at=123_456)
    assert len(bad) > 10_000_000
    before = snapshot(register)
    plan = plan_import(register, bad, "groot.csv", today=TODAY)
    assert [(p.line, p.column, p.key) for p in plan.problems] == [(123_458, "score", "imp.score_range")]
    assert snapshot(register) == before
    seen = []
    good = big_file(model, 150_000)
    plan = plan_import(register, good, "groot.csv", today=TODAY, progress=lambda *a: seen.append(a))
    assert run_import(register, plan, progress=lambda *a: seen.append(a)) == 150_000
    assert seen[0] == ("check", 0, 150_000) and ("check", 150_000, 150_000) in seen and seen[-1][0] == "write"
    assert len(register.read(SCORES).frame) == 150_001


def test_the_cli_lists_every_problem_and_exits_1(register, capsys):
    before = snapshot(register)
    code = main(["import", str(CORPUS / "formulas.csv"), "--data", str(register.data_dir)])
    out, err = capsys.readouterr()
    assert code == 1 and "3 problemen; er is niets opgeslagen" in err
    assert (
        "formulas.csv, regel 2, veld 'respondent': '=HYPERLINK(\"http://x\";\"klik\")' lijkt een formule"
        in err
    )
    assert snapshot(register) == before
    good = register.data_dir.parent / "goed.csv"
    good.write_text(
        "cooperative_id,round,respondent,statement_id,score\nkwakkelhoven-zuid,2025-2,lid-1,D5.1,4\n"
    )
    assert main(["import", str(good), "--check", "--data", str(register.data_dir)]) == 0
    assert "niets opgeslagen (--check)" in capsys.readouterr().out and snapshot(register) == before
    assert main(["import", str(good), "--data", str(register.data_dir), "--lang", "en"]) == 0
    assert "Imported into" in capsys.readouterr().out
    assert main(["import", str(good), "--data", str(register.data_dir)]) == 1


KILL_SCRIPT = """
import os, sys, time
from wijkcoop import store as store_module
from wijkcoop.importer import plan_import, run_import
from wijkcoop.context import open_store
from wijkcoop.store import Store
store = open_store(sys.argv[1])
plan = plan_import(store, open(sys.argv[2], "rb").read(), "groot.csv")
assert plan.ok, plan.problems
real = os.write
def half(fd, data):
    if len(data) > 100_000:  # the scores save, not a lock file or the log
        real(fd, bytes(data[: len(data) // 2]))
        print("torn", flush=True)
        time.sleep(600)
    return real(fd, data)
store_module.os.write = half
run_import(store, plan)
"""


def test_an_import_killed_while_writing_its_rows_is_finished_whole(register, model, tmp_path):
    """Killed after its journal was committed, half-way through the rows: the next reader finishes it
    (all rows and the import log), and the half write leaves nothing behind."""
    source = tmp_path / "groot.csv"
    source.write_bytes(big_file(model, 20_000))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(register.data_dir), str(source)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "torn"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    rows = register.read(SCORES).frame
    assert len(rows) == 20_001 and rows["record_id"].is_unique
    assert len(register.read(IMPORTS).frame) == 1
    assert not list(register.data_dir.glob("*.torn-*.csv"))
    assert not list((register.data_dir / ".journal").iterdir())
    plan = plan_import(register, source.read_bytes(), "groot.csv")
    with pytest.raises(ProblemsError):
        run_import(register, plan)  # the same file again: refused, it is in already
    assert len(register.read(SCORES).frame) == 20_001


CONCURRENT_SCRIPT = """
import sys
from wijkcoop.importer import plan_import, run_import
from wijkcoop.context import open_store
from wijkcoop.store import Store
from wijkcoop.tables import SCORES
store, kind, n = open_store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if kind == "import":
    text = "cooperative_id;round;respondent;statement_id;score\\n" + "".join(
        f"kwakkelhoven-zuid;2025-1;import-{n}-{i};D{i % 10 + 1}.1;{i % 5 + 1}\\n" for i in range(400))
    run_import(store, plan_import(store, text.encode(), f"import-{n}.csv"))
else:
    for j in range(20):
        row = {"cooperative_id": "fabelveen-noord", "round": "2025-2", "respondent": f"app-{n}-{j}",
               "score": 3, "discuss": False, "model_version": "2026.1"}
        store.append(SCORES, [{**row, "statement_id": f"D{k}.1"} for k in range(1, 11)])
"""


def test_imports_and_app_saves_at_the_same_time_lose_and_mix_nothing(register):
    procs = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_SCRIPT, str(register.data_dir), kind, str(n)])
        for n in range(3)
        for kind in ("import", "save")
    ]
    assert [p.wait(timeout=180) for p in procs] == [0] * 6
    frame = register.read(SCORES).frame
    assert len(frame) == 1 + 3 * 400 + 3 * 20 * 10
    # every save's rows sit together in the file, in order: nothing interleaved
    saves = frame["record_id"].str.rpartition("-")[0]
    blocks = (saves != saves.shift()).cumsum()
    assert blocks.max() == saves.nunique() == 1 + 3 + 3 * 20
    assert len(register.read(IMPORTS).frame) == 3


def test_the_importers_words_are_content_a_coordinator_can_extend(content_copy, store):
    """zelfevaluatie/importwoorden.yaml: a new header for the respondent column is recognised, and a
    broken file is named with its problem by the import and by `wijkcoop validate`."""
    from wijkcoop.importer import plan_import

    words = content_copy / "zelfevaluatie" / "importwoorden.yaml"
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "proef",
                "name": "Proef (demo)",
                "kind": "wijk",
                "doorbraakgebied": "Gebied (demo)",
                "gemeente": "Gemeente (demo)",
                "show_name": False,
            }
        ],
    )
    data = b"cooperative_id;round;wie vult in;statement_id;score\nproef;2026-1;lid-1;D1.1;4\n"
    plan = plan_import(store, data, "eigen.csv")
    assert not plan.ok  # "wie vult in" means nothing yet
    text = words.read_text(encoding="utf-8")
    words.write_text(
        text.replace("respondent: [respondent,", "respondent: [wie vult in, respondent,"), "utf-8"
    )
    plan = plan_import(store, data, "eigen.csv")
    assert plan.ok and plan.rows[0]["respondent"] == "lid-1"
    words.write_text(text.replace("  round: [round, ronde]\n", ""), encoding="utf-8")
    plan = plan_import(store, data, "eigen.csv")
    assert [p.key for p in plan.problems] == ["imp.words_missing"]
    assert "importwoorden.yaml" in plan.problems[0].format("nl") and "round" in plan.problems[0].format("nl")
