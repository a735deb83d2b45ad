"""The coordinator lives in LibreOffice or Excel (issue 17): our exports opened and saved again by
LibreOffice Calc (headless, Dutch locale, as `soffice` does for a person) come back whole, and the
board's workbook prints without a cell cut to ###.

Debian's libreoffice-calc-nogui is installed by `make test` (the Makefile's `debian-packages` target)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wijkcoop.context import open_store
from wijkcoop.export import data_frames, dutch_csv, xlsx
from wijkcoop.importer import plan_import
from wijkcoop.tables import NOTES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TODAY = date(2026, 12, 2)
# LibreOffice's CSV filter: separator ; (59), quote " (34), UTF-8 (76), from line 1, no column types,
# language 1043 (nl-NL: decimal comma, day-month dates).
DUTCH_CSV = "CSV:59,34,76,1,,1043"


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    """One LibreOffice user profile for the module (made on first start), apart from anyone's own."""
    assert SOFFICE, "LibreOffice ontbreekt: sudo apt-get install -y libreoffice-calc-nogui"
    return tmp_path_factory.mktemp("lo-profiel")


def calc(profile: Path, source: Path, to: str, infilter: str | None = None) -> Path:
    """Open `source` in Calc and save it as `to` (xlsx, pdf …), as a person would with Save As."""
    out = source.parent / "uit"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(out), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    result = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return result


def assert_same_answers(saved: Path, sheet, scores) -> None:
    """Every answer of the export is in what Calc saved, row for row (the import's "nothing new" would
    also hold for a file that lost rows)."""
    back = pd.read_excel(saved, sheet_name=sheet)
    keys = ["cooperative_id", "round", "respondent", "statement_id"]
    assert len(back) == len(scores)

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[[*keys, "score", "discuss"]].copy()
        frame["score"] = frame["score"].map(lambda v: "" if pd.isna(v) else str(int(v)))  # weet niet: empty
        frame["discuss"] = frame["discuss"].map(lambda v: str(bool(v)))
        return frame.astype(str).sort_values(keys).reset_index(drop=True)

    left, right = plain(scores), plain(back)
    assert left.equals(right), left.compare(right).head()


def test_our_workbook_saved_by_libreoffice_imports_back_without_a_change(small_copy, tmp_path, profile):
    store = open_store(small_copy)
    coop = store.current(NOTES).frame["cooperative_id"].iloc[0] if len(store.current(NOTES).frame) else None
    coop = coop or data_frames(store)["cooperaties"]["cooperative_id"].iloc[0]
    store.append(
        NOTES,
        [
            {
                "cooperative_id": coop,
                "round": "2025-1",
                "respondent": "penningmeester",
                "dimension_id": "D4",
                "note": "=SOM(A1) staat zo in de notulen; 3,5 is geen getal hier",
            }
        ],
    )
    frames = data_frames(store)
    source = tmp_path / "export.xlsx"
    source.write_bytes(xlsx(frames))
    saved = calc(profile, source, "xlsx")

    book = openpyxl.load_workbook(saved)
    formulas = {c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas <= {"=TRUE()", "=FALSE()"}  # Calc writes yes/no so; a neutralised '=…' stays text
    scores = book["scores"]
    head = [c.value for c in scores[1]]
    numbers = [row[head.index("score")].value for row in scores.iter_rows(min_row=2, max_row=50)]
    assert all(isinstance(v, int | float) for v in numbers if v is not None)

    plan = plan_import(store, saved.read_bytes(), saved.name, today=TODAY)
    assert [p.key for p in plan.problems] == ["imp.already_stored"], [p.format() for p in plan.problems]
    assert len(plan.rows) == 0 and plan.changed == 0
    assert_same_answers(saved, "scores", frames["scores"])
    assert all(new == 0 and changed == 0 for new, changed, _ in plan.extra_counts.values())
    assert plan.extra_counts["notities"][2] == len(frames["notities"])


def test_our_dutch_csv_opened_in_a_dutch_calc_keeps_numbers_and_dates(small_copy, tmp_path, profile):
    store = open_store(small_copy)
    frames = data_frames(store)
    source = tmp_path / "scores.csv"
    source.write_bytes(dutch_csv(frames["scores"]))
    saved = calc(profile, source, "xlsx", infilter=DUTCH_CSV)

    sheet = openpyxl.load_workbook(saved).active
    head = [c.value for c in sheet[1]]
    first = [c.value for c in sheet[2]]
    assert isinstance(first[head.index("score")], int | float)  # a number, not the text "4"
    assert {c.value for row in sheet.iter_rows() for c in row if c.data_type == "f"} <= {
        "=TRUE()",
        "=FALSE()",
    }
    # And what Calc saved imports back as the same answers: nothing to store.
    plan = plan_import(store, saved.read_bytes(), saved.name, today=TODAY)
    assert [p.key for p in plan.problems] == ["imp.already_stored"], [p.format() for p in plan.problems]
    assert len(plan.rows) == 0
    assert_same_answers(saved, 0, frames["scores"])


def test_the_board_workbook_prints_from_calc_without_hashes(small_copy, tmp_path, profile):
    from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

    app = ZelfevaluatieApp(small_copy, today=TODAY)
    app.tabs.selected_index = 1
    files = app.board.make_downloads()
    source = tmp_path / "bestuur.xlsx"
    source.write_bytes(next(v for k, v in files.items() if k.endswith(".xlsx")))
    printed = calc(profile, source, "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Gemiddelde" in text and "Naam van de dimensie" in text
    assert "###" not in text  # no number too wide for its column
    book = openpyxl.load_workbook(io.BytesIO(source.read_bytes()))
    assert book.sheetnames[0] == "Antwoorden"
