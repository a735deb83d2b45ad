"""The data tab in Debian's Chromium: upload a forms export, check it, import it, export, the retention
list, and an erasure request for the person imported."""

from __future__ import annotations

import pandas as pd
import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES, IMPORTS, SCORES

from .a11y import assert_accessible

pytestmark = pytest.mark.browser

WAIT = 90_000


def test_upload_check_and_import_a_forms_export_in_the_browser(served, page, model, tmp_path):
    base, data = served
    coop = open_store(data).current(COOPERATIVES).frame.iloc[0]
    statements = model.statement_ids[:4]
    header = ["Tijd van voltooien", "Naam", *(f'"{model.statement_text(s, "nl")}"' for s in statements)]
    rows = [["12-04-2025 20:15:00", "browser-gast", "Klopt helemaal", "2", "3", "weet niet"]]
    source = tmp_path / "forms-export.csv"
    source.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="cp1252")

    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=WAIT)
    page.get_by_role("tab", name="Gegevens").click()
    with page.expect_file_chooser(timeout=WAIT) as chooser:  # the upload button opens the file dialog
        page.locator(".import-upload").click()
    chooser.value.set_files(str(source))
    page.locator(".import-upload", has_text="(1)").wait_for(timeout=WAIT)
    page.locator(".import-coop select").select_option(label=coop["name"])
    page.locator(".import-check").click()
    page.get_by_text("Het bestand klopt: 4 scores van 1 respondent").wait_for(timeout=WAIT)
    page.locator(".import-go").click()
    page.get_by_text("Geïmporteerd: 4 scores").wait_for(timeout=WAIT)

    store = open_store(data)
    scores = store.current(SCORES).frame
    mine = scores[scores["respondent"] == "browser-gast"]
    assert mine["cooperative_id"].unique().tolist() == [coop["cooperative_id"]]
    assert mine["round"].unique().tolist() == ["2025-1"]
    assert mine["score"].tolist()[:3] == [5, 2, 3] and mine["score"].isna().tolist()[3]
    assert store.current(IMPORTS).frame["file"].tolist()[-1] == "forms-export.csv"

    page.locator(".export-button").click()
    link = page.locator("a.download", has_text="Download wijkcoop-export-alles-")
    link.wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert "Traceback" not in page.content()

    # The retention policy: what would go is listed first (this test only looks; applying is tested
    # headless in test_app_gegevens), the remove button appears only then; the panel passes axe.
    before = store.path(SCORES).read_bytes()
    assert not page.locator(".retention-apply").is_visible()
    page.locator(".retention-show").click()
    page.locator(".retention-view li, .retention-view .wijkcoop-ok").first.wait_for(timeout=WAIT)
    if page.locator(".retention-view li").count():
        page.locator(".retention-apply").wait_for(timeout=WAIT)
    assert_accessible(page, "zelfevaluatie › Gegevens › bewaarbeleid")
    assert store.path(SCORES).read_bytes() == before

    # An erasure request for the person this test imported: the rows first, then a second button.
    page.locator(".inzage-who input").fill("browser-gast")
    page.locator(".erase-show").click()
    page.get_by_text("scores.csv: 4 regel(s)").wait_for(timeout=WAIT)
    assert_accessible(page, "zelfevaluatie › Gegevens › vergeten")
    page.locator(".erase-apply").click()
    page.get_by_text("Verwijderd: 4 regel(s) over browser-gast").wait_for(timeout=WAIT)
    left = open_store(data).current(SCORES).frame
    assert not (left["respondent"] == "browser-gast").any()


def test_a_volunteer_maps_a_survey_export_in_the_browser_and_imports_it(served, page, model):
    """LimeSurvey codes as headings and answers: a statement per column and a score per code from the
    dropdowns, a preview of the stored rows, the import, and the mapping kept for the next export."""
    from pathlib import Path

    base, data = served
    coop = open_store(data).current(COOPERATIVES).frame.iloc[0]
    source = Path(__file__).resolve().parents[1] / "data" / "import" / "tools" / "limesurvey_codes_nl.csv"
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=WAIT)
    page.get_by_role("tab", name="Gegevens").click()
    with page.expect_file_chooser(timeout=WAIT) as chooser:
        page.locator(".import-upload").click()
    chooser.value.set_files(str(source))
    page.locator(".import-upload", has_text="(1)").wait_for(timeout=WAIT)
    page.locator(".import-coop select").select_option(label=coop["name"])
    page.locator(".import-round input").fill("2023-2")
    page.locator(".import-round input").press("Enter")
    page.locator(".import-check").click()
    page.locator(".import-mapper").get_by_text("Koppeling maken").wait_for(timeout=WAIT)
    codes = {"D1[SQ001]": "D1.1", "D1[SQ002]": "D1.2", "D2[SQ001]": "D2.1", "D4[SQ002]": "D4.2"}
    for header, sid in codes.items():
        label = f"{sid} {model.statement_text(sid, 'nl')[:70]}"
        page.locator(".map-column", has_text=header).locator("select").select_option(label=label)
    page.locator(".import-recheck").click()
    page.locator(".map-label", has_text="A6").wait_for(timeout=WAIT)
    scale = {v: f"{v} – {text('nl')}" for v, text in model.answer_scale.items()}
    for i in range(1, 6):
        page.locator(".map-label", has_text=f"A{i} (").locator("select").select_option(label=scale[i])
    page.locator(".map-label", has_text="A6").locator("select").select_option(label="Weet niet")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".import-mapper").screenshot(path=str(Path("build") / "screen-koppeling-telefoon.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".import-recheck").click()
    page.get_by_text("Het bestand klopt: 12 scores van 3 respondenten").wait_for(timeout=WAIT)
    page.get_by_text("Zo worden de eerste 3 respondenten opgeslagen").wait_for(timeout=WAIT)
    page.locator(".import-report").screenshot(path=str(Path("build") / "screen-koppeling-voorbeeld.png"))
    page.locator(".import-go").click()
    page.get_by_text("De koppeling is bewaard").wait_for(timeout=WAIT)

    scores = open_store(data).current(SCORES).frame
    mine = scores[(scores["round"] == "2023-2") & (scores["cooperative_id"] == coop["cooperative_id"])]
    got = {(r.respondent, r.statement_id): r.score for r in mine.itertuples()}
    assert got[("voorzitter", "D1.1")] == 5 and got[("secretaris", "D4.2")] == 5
    assert pd.isna(got[("penningmeester", "D2.1")])  # A6: weet niet
    assert len(list((data / "koppelingen").glob("*.yaml"))) == 1
    assert "Traceback" not in page.content()
