"""Real exports: each survey tool's file, in its Dutch and English shape, imports with at most a saved
mapping, and what is stored equals the file cell by cell (tests/data/import/tools, made by maak.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from wijkcoop.cli import main
from wijkcoop.importer import plan_import, read_mapping, run_import
from wijkcoop.store import Store
from wijkcoop.tables import COOPERATIVES, SCORES

TOOLS = Path(__file__).resolve().parent / "data" / "import" / "tools"
TRUTH = json.loads((TOOLS / "waarheid.json").read_text())
TODAY = date(2026, 11, 24)
COOP = "fabelveen-noord"


@pytest.fixture
def register(store) -> Store:
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": COOP,
                "name": "Wijkcoöperatie Fabelveen Noord (demo)",
                "kind": "wijk",
                "doorbraakgebied": "Fabelveen",
                "gemeente": "Gemeente Fabelland",
                "show_name": True,
            }
        ],
    )
    return store


def stored(store: Store) -> dict[tuple[str, str, str], object]:
    frame = store.current(SCORES).frame
    return {
        (r.round, r.respondent, r.statement_id): (None if pd.isna(r.score) else int(r.score))
        for r in frame.itertuples()
    }


def expected(name: str) -> dict[tuple[str, str, str], object]:
    truth = TRUTH[name]
    return {
        (truth["round"], who, sid): score
        for who, answers in truth["answers"].items()
        for sid, score in answers.items()
    }


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_tools_export_imports_exactly_as_the_file_says(register, name):
    truth = TRUTH[name]
    mapping = None
    if truth["mapping"]:
        mapping = read_mapping((TOOLS / truth["mapping"]).read_bytes(), truth["mapping"])
    plan = plan_import(
        register,
        (TOOLS / name).read_bytes(),
        name,
        mapping=mapping,
        cooperative=COOP,
        round_id=truth["options"].get("round"),
        today=TODAY,
    )
    assert plan.ok, [p.format() for p in plan.problems]
    assert {sid for _, sid, _ in plan.mapping} == {"D1.1", "D1.2", "D2.1", "D4.2"}
    assert plan.rounds == {(COOP, truth["round"]): 12}
    assert run_import(register, plan) == 12
    assert stored(register) == expected(name)


def test_without_its_mapping_each_file_says_what_to_choose(register):
    """The files that need a mapping are refused without it, saying what is missing, not a traceback."""
    for name, truth in TRUTH.items():
        if not truth["mapping"]:
            continue
        plan = plan_import(
            register,
            (TOOLS / name).read_bytes(),
            name,
            cooperative=COOP,
            round_id=truth["options"].get("round"),
            today=TODAY,
        )
        keys = {p.key for p in plan.problems}
        assert keys & {"imp.no_respondent_column", "imp.respondent_empty", "imp.no_statements"}, (name, keys)
        assert not register.current(SCORES).frame.shape[0]


def test_the_cli_imports_a_tools_export_with_its_saved_mapping(register, capsys):
    name = "limesurvey_codes_nl.csv"
    code = main(
        [
            "import",
            str(TOOLS / name),
            "--data",
            str(register.data_dir),
            "--cooperative",
            COOP,
            "--round",
            "2025-2",
            "--mapping",
            str(TOOLS / "limesurvey_codes.koppeling.yaml"),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert stored(register) == expected(name)


def snapshot(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.data_dir.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("2026/11/19 1:27:14 a.m. CET", "2026/11/19 1:27:14 AM"),
        ("2026/11/19 1:27:14 p.m. CEST", "2026/11/19 1:27:14 PM"),
        ("11/19/2026 01:27:14 PM", "11/19/2026 01:27:14 PM"),
        ("2026/11/19 13:27:14 GMT+1", "2026/11/19 13:27:14"),
        ("2026-11-19T12:27:14.123Z", "2026-11-19T12:27:14"),
        ("19-11-2026 13:27", "19-11-2026 13:27"),
    ],
)
def test_the_dates_forms_write_are_made_plain(text, plain):
    from wijkcoop.importer import clean_date

    assert clean_date(text) == plain


def test_a_malformed_workbook_is_refused_naming_file_sheet_row_and_column(register):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Vul per stelling 1 tot en met 5 in."])
    answers = book.create_sheet("Antwoorden")
    answers.append(["Zelfevaluatie voorjaar 2026"])
    answers.append([])
    answers.append(["Naam", "Datum", "D1.1", "D1.2"])
    answers.append(["voorzitter", "19-03-2026", "4", "Klopt wel"])
    buf = io.BytesIO()
    book.save(buf)
    before = snapshot(register)
    plan = plan_import(register, buf.getvalue(), "bestuur.xlsx", cooperative=COOP, today=TODAY)
    assert [(p.key, p.line, p.column, p.sheet) for p in plan.problems] == [
        ("imp.not_a_score", 4, "D1.2", "Antwoorden")
    ]
    assert plan.problems[0].format("nl").startswith("bestuur.xlsx, blad 'Antwoorden', regel 4, veld 'D1.2'")
    assert plan.problems[0].format("en").startswith("bestuur.xlsx, sheet 'Antwoorden', line 4, field 'D1.2'")
    assert plan.header_line == 3 and plan.unknown_labels == {"Klopt wel": 1}
    assert snapshot(register) == before


def test_a_zip_that_is_no_workbook_is_called_a_zip(register):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("antwoorden.csv", "Naam,D1.1\nvoorzitter,4\n")
    plan = plan_import(register, buf.getvalue(), "export.zip", today=TODAY)
    assert [p.key for p in plan.problems] == ["imp.zip"]


def test_answer_labels_the_agreement_scale_dashes_and_nvt(register):
    text = (
        "Naam;Datum;D1.1;D1.2;D1.3;D1.4\n"
        "voorzitter;19-03-2026;Helemaal mee eens;4 – Klopt grotendeels;n.v.t.;Neutraal\n"
        "secretaris;19-03-2026;Mee oneens;2 — Klopt grotendeels niet;Strongly agree;weet niet\n"
    )
    plan = plan_import(register, text.encode(), "labels.csv", cooperative=COOP, today=TODAY)
    assert plan.ok, [p.format() for p in plan.problems]
    assert [r["score"] for r in plan.rows] == [5, 4, None, 3, 2, 2, 5, None]


def test_mapping_files_compare_headers_as_matching_does_and_skip_a_title_row(register):
    data = "Naam,Datum,Vraag\u00a01,Vraag 2\nvoorzitter,19-03-2026,3,A4\n".encode()
    mapping = read_mapping(b"kolom;stelling\nVraag 1;D2.1\nVraag 2;D2.2\n", "koppeling.csv")
    assert mapping.columns == {"Vraag 1": "D2.1", "Vraag 2": "D2.2"}
    without_labels = plan_import(register, data, "f.csv", mapping=mapping, cooperative=COOP, today=TODAY)
    assert [p.key for p in without_labels.problems] == ["imp.not_a_score"]
    assert without_labels.unknown_labels == {"A4": 1}
    mapping.labels["A4"] = 4
    plan = plan_import(register, data, "f.csv", mapping=mapping, cooperative=COOP, today=TODAY)
    assert plan.ok and [(r["statement_id"], r["score"]) for r in plan.rows] == [("D2.1", 3), ("D2.2", 4)]


def test_a_mapping_with_a_statement_twice_or_a_wrong_label_is_refused_with_what_is_wrong(register):
    from wijkcoop.problems import ProblemsError

    with pytest.raises(ProblemsError) as wrong:
        read_mapping(b"antwoorden:\n  Eens: 7\nkolommen:\n  Vraag 1: D2.1\n", "k.yaml")
    assert [p.key for p in wrong.value.problems] == ["imp.mapping_bad_label"]
    twice = read_mapping(b"kolommen:\n  Vraag 1: D2.1\n  Vraag 2: D2.1\n", "k.yaml")
    data = b"Naam,Datum,Vraag 1,Vraag 2\nvoorzitter,19-03-2026,3,4\n"
    plan = plan_import(register, data, "f.csv", mapping=twice, cooperative=COOP, today=TODAY)
    assert [(p.key, p.column) for p in plan.problems] == [("imp.statement_twice", "Vraag 2")]


def test_an_anonymised_limesurvey_date_asks_for_a_round(register):
    name = "limesurvey_codes_nl.csv"
    mapping = read_mapping((TOOLS / "limesurvey_codes.koppeling.yaml").read_bytes(), "k.yaml")
    plan = plan_import(
        register, (TOOLS / name).read_bytes(), name, mapping=mapping, cooperative=COOP, today=TODAY
    )
    assert {p.key for p in plan.problems} == {"imp.anonymised_date"}
    assert [p.line for p in plan.problems] == [2, 3, 4]


def test_a_mapping_saved_as_yaml_reads_back_the_same(register):
    from wijkcoop.importer import Mapping

    mapping = Mapping(
        columns={"D1[SQ001]": "D1.1", "Opmerking": "negeren"},
        roles={"respondent": "Wat is uw rol?", "date": "Datum verstuurd"},
        labels={"A1": 1, "A6": None},
    )
    assert read_mapping(mapping.to_yaml(), "k.yaml") == mapping


def test_the_cli_makes_the_choices_saves_them_and_the_next_export_imports_in_one_step(
    register, capsys, tmp_path
):
    """An anonymous Microsoft Forms export: the respondent comes from the role question, chosen once."""
    import openpyxl

    name = "msforms_nl.xlsx"
    source = TOOLS / name
    data = ["--data", str(register.data_dir), "--cooperative", COOP]
    assert main(["import", str(source), *data]) == 1
    assert "Naam" in capsys.readouterr().err
    role = ["--respondent-column", "Wat is uw rol in het bestuur?", "--label", "Helemaal mee eens=5"]
    assert main(["import", str(source), *data, *role, "--save-mapping"]) == 0
    out = capsys.readouterr().out
    assert "koppelingen" in out
    assert stored(register) == expected(name)

    # The autumn export of the same form: other answers, the same columns; no choices needed now.
    book = openpyxl.load_workbook(source)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        row[2].value = row[2].value.replace(month=9)  # Tijd van voltooien: the autumn round
        row[7].value = "Mee oneens"  # D1.1
    autumn = tmp_path / "msforms_najaar.xlsx"
    book.save(autumn)
    assert main(["import", str(autumn), *data]) == 0
    out = capsys.readouterr().out
    assert "bewaard" in out  # "De koppeling die voor dit formulier is bewaard, is gebruikt."
    after = stored(register)
    assert {k: v for k, v in after.items() if k[0] == "2026-2" and k[2] == "D1.1"} == {
        ("2026-2", who, "D1.1"): 2 for who in ("voorzitter", "secretaris", "penningmeester")
    }


def test_a_bad_choice_on_the_command_line_is_said_not_a_traceback(register, capsys):
    name = "typeform_nl.csv"
    code = main(["import", str(TOOLS / name), "--data", str(register.data_dir), "--label", "Eens=7"])
    assert code == 1 and "Eens=7" in capsys.readouterr().err


def test_headings_cut_short_match_only_when_one_statement_starts_that_way(model):
    """LimeSurvey's abbreviated headings end in `..`; a start shared by two statements matches nothing."""
    from wijkcoop.importer import Mapping, Matcher

    matcher = Matcher(model, Mapping())
    assert matcher.match("Ons doel als coöperatie staat op pa..") == ("D1.1", "text")
    assert matcher.match("Organisatie & koers [We werken met een plan voor meer…]") == ("D1.2", "text")
    assert matcher.match("Onze …") is None  # too short to tell
    hebben = [s for s in model.statement_ids if model.statement_text(s, "nl").startswith("We hebben ")]
    assert len(hebben) > 1 and matcher.match("We hebben ..") is None  # several start so
    one = model.statement_text(hebben[0], "nl")[:22]
    assert matcher.match(one + "..") == (hebben[0], "text")
    assert matcher.match("D1[SQ001]") is None  # a code means nothing without a mapping
