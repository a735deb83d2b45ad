"""The data tab in Debian's Chromium: upload a forms export, check it, import it, then export."""

from __future__ import annotations

import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES, IMPORTS, SCORES

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
