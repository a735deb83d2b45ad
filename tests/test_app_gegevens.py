"""The zelfevaluatie app's data tab, driven headlessly: upload, check, import, export, history."""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from traitlets import TraitError

from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp
from wijkcoop.context import open_store
from wijkcoop.tables import SCORES

TODAY = date(2026, 11, 24)


def text(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


def upload(widget, name: str, data: bytes) -> None:
    widget.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 11, 24, tzinfo=UTC),
        },
    )


@pytest.fixture
def data_tab(small_copy, model):
    app = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=TODAY)
    app.tabs.selected_index = 2
    return app, app.data


def test_a_bad_file_is_explained_and_cannot_be_imported(data_tab):
    app, tab = data_tab
    before = open_store(app.store.data_dir).path(SCORES).read_bytes()
    upload(
        tab.upload,
        "fout.csv",
        b"cooperative_id;round;respondent;statement_id;score\nnergens;2025-1;x;D1.1;7\n",
    )
    tab.check.click()
    report = text(tab.report)
    assert "2 problemen; er is niets opgeslagen" in report
    assert (
        "fout.csv, regel 2, veld 'cooperative_id'" in report
        and "score '7' valt buiten 1 tot en met 5" in report
    )
    assert tab.go.disabled
    tab.go.click()  # a disabled button can still be "clicked" by a forged message: nothing happens
    assert open_store(app.store.data_dir).path(SCORES).read_bytes() == before
    assert app.status.value == ""


def test_a_forms_export_is_checked_then_imported_and_shows_up_in_the_history(data_tab, model):
    app, tab = data_tab
    coop_id, coop_name = app.cooperatives()[["cooperative_id", "name"]].iloc[0]
    head = ["Tijdstempel", "Naam", *(model.statement_text(s, "nl") for s in model.statement_ids[:3])]
    body = [["20-03-2025 19:00:00", "gast-1", "Klopt deels", "4", "weet niet"]]
    csv_bytes = ("\n".join(",".join(f'"{c}"' for c in row) for row in [head, *body]) + "\n").encode()
    upload(tab.upload, "forms.csv", csv_bytes)
    tab.coop.value = coop_id
    tab.check.click()
    report = text(tab.report)
    assert "Het bestand klopt: 3 scores van 1 respondent in 1 coöperatie" in report
    assert "Zo zijn de kolommen gekoppeld (3)" in report and not tab.go.disabled
    assert tab.progress.value == 100
    tab.go.click()
    assert "Geïmporteerd: 3 scores" in text(tab.report)
    stored = open_store(app.store.data_dir).current(SCORES).frame
    mine = stored[(stored["respondent"] == "gast-1") & (stored["cooperative_id"] == coop_id)]
    assert mine[["round", "statement_id"]].values.tolist() == [["2025-1", s] for s in model.statement_ids[:3]]
    assert mine["score"].tolist()[:2] == [3, 4] and pd.isna(mine["score"].iloc[2])

    tab.check.click()  # the same file again: the check already says what the import would say
    assert "dit bestand is al geïmporteerd op" in text(tab.report)
    assert "Het bestand klopt" not in text(tab.report) and tab.go.disabled
    tab.go.click()
    assert "dit bestand is al geïmporteerd op" in text(tab.report)

    # A correction, then the history shows the old and the new value.
    corrected = csv_bytes.replace(b'"Klopt deels"', b'"5"')
    upload(tab.upload, "forms-verbeterd.csv", corrected)
    tab.check.click()
    tab.go.click()
    tab.history_coop.value = coop_id
    assert tab.history_round.value == tab.history_round.options[0]  # a round is chosen, not an empty box
    tab.history_round.value = "2025-1"
    tab.history_button.click()
    shown = text(tab.history)
    assert f"gast-1 {model.statement_ids[0]} 3" in shown and "5 (" in shown
    assert coop_name  # the register is untouched


def test_export_of_an_area_as_dutch_csv(data_tab):
    app, tab = data_tab
    area = sorted(set(app.cooperatives()["doorbraakgebied"]))[0]
    tab.scope.value = ("area", area)
    tab.format.value = "csv"
    tab.export_button.click()
    match = re.search(r"download='([^']+)' href='data:text/csv;base64,([^']+)'", tab.export_links.value)
    name, data = match.group(1), base64.b64decode(match.group(2))
    assert name.startswith(f"wijkcoop-export-{area.lower()}-") and data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert set(frame["doorbraakgebied"]) == {area} and frame["score"].dropna().between(1, 5).all()
    tab.scope.value = ("all", "")
    tab.format.value = "xlsx"
    tab.export_button.click()
    assert "wijkcoop-export-alles-" in tab.export_links.value and "spreadsheetml" in tab.export_links.value


def test_the_correction_history_opens_on_a_round_and_says_what_it_found(data_tab):
    app, tab = data_tab
    assert tab.history_coop.value and tab.history_round.value == tab.history_round.options[0]
    tab.history_button.click()
    assert text(tab.history)  # a table, or a plain "nothing corrected", never an empty answer


TOOLS = __import__("pathlib").Path(__file__).resolve().parent / "data" / "import" / "tools"


def test_a_volunteer_maps_a_limesurvey_export_on_screen_and_the_next_export_needs_nothing(data_tab):
    """Codes as headings and as answers: each column gets a statement, each code a score, from dropdowns;
    the preview shows the rows as stored; the import keeps the mapping for the same form's next export."""
    app, tab = data_tab
    coop_id = app.cooperatives()["cooperative_id"].iloc[0]
    name = "limesurvey_codes_nl.csv"
    upload(tab.upload, name, (TOOLS / name).read_bytes())
    tab.coop.value = coop_id
    tab.round.value = "2023-2"  # a round the demo cooperative has no answers for
    tab.check.click()
    assert tab.go.disabled and tab.mapper.layout.display != "none"
    assert set(tab.column_choices) >= {"D1[SQ001]", "D1[SQ002]", "D2[SQ001]", "D4[SQ002]"}
    for header, sid in {
        "D1[SQ001]": "D1.1",
        "D1[SQ002]": "D1.2",
        "D2[SQ001]": "D2.1",
        "D4[SQ002]": "D4.2",
    }.items():
        tab.column_choices[header].value = sid
    tab.recheck.click()
    # Now the answers are read, and their codes are not scores: one choice per code.
    assert set(tab.label_choices) == {"A1", "A2", "A3", "A4", "A5", "A6"} and tab.go.disabled
    for code, pick in tab.label_choices.items():
        pick.value = "weet-niet" if code == "A6" else code[1]
    # The browser may send any value; the widget refuses what it does not offer.
    with pytest.raises(TraitError):
        tab.label_choices["A1"].value = "9"
    tab.recheck.click()
    report = text(tab.report)
    assert "Het bestand klopt: 12 scores van 3 respondenten" in report and not tab.go.disabled
    assert "Zo worden de eerste 3 respondenten opgeslagen" in report
    assert "voorzitter 2023-2 5 4 3 Weet niet" in report
    tab.go.click()
    assert "De koppeling is bewaard" in text(tab.report)
    saved = list((app.store.data_dir / "koppelingen").glob("*.yaml"))
    assert len(saved) == 1 and "D1[SQ001]" in saved[0].read_text()

    # The next export of the same form (another round's answers): one check, no choices.
    again = (TOOLS / name).read_bytes().replace(b'"A5"', b'"A4"')
    upload(tab.upload, "limesurvey_najaar.csv", again)
    tab.round.value = "2023-1"
    tab.check.click()
    report = text(tab.report)
    assert "De koppeling die voor dit formulier is bewaard, is gebruikt" in report
    assert "Het bestand klopt: 12 scores" in report and not tab.go.disabled


def test_an_anonymous_forms_export_gets_its_respondent_column_chosen_on_screen(data_tab):
    app, tab = data_tab
    coop_id = app.cooperatives()["cooperative_id"].iloc[0]
    name = "msforms_nl.xlsx"
    upload(tab.upload, name, (TOOLS / name).read_bytes())
    tab.coop.value = coop_id
    tab.check.click()
    assert "de kolom 'Naam' is in elke rij leeg" in text(tab.report) and tab.go.disabled
    pick = tab.role_choices["respondent"]
    assert "Wat is uw rol in het bestuur?" in [v for _, v in pick.options]
    pick.value = "Wat is uw rol in het bestuur?"
    tab.keep_mapping.value = False
    tab.recheck.click()
    report = text(tab.report)
    assert "scores van 3 respondenten" in report and "voorzitter 2026-1" in report and not tab.go.disabled
    tab.go.click()
    assert "Geïmporteerd:" in text(tab.report)
    stored = open_store(app.store.data_dir).current(SCORES).frame
    mine = stored[(stored["cooperative_id"] == coop_id) & (stored["round"] == "2026-1")]
    assert set(mine.loc[mine["statement_id"] == "D4.2", "respondent"]) >= {"voorzitter", "penningmeester"}
    assert not (app.store.data_dir / "koppelingen").exists()  # not kept when unticked


def test_an_import_that_registers_cooperatives_asks_first(data_tab):
    """Our export of another server's cooperative: the check lists it; the import waits for the tick."""
    from wijkcoop.export import data_frames, xlsx

    app, tab = data_tab
    frames = data_frames(app.store, cooperative=app.cooperatives()["cooperative_id"].iloc[0])
    for name in ("scores", "cooperaties"):
        frames[name] = frames[name].assign(cooperative_id="elders-demo", name="Buurtcoöperatie Elders (demo)")
    upload(tab.upload, "elders.xlsx", xlsx(frames))
    tab.check.click()
    assert "wordt nieuw aangemeld: Buurtcoöperatie Elders (demo) (elders-demo)" in text(tab.report)
    assert tab.confirm_new.layout.display != "none" and not tab.go.disabled
    tab.go.click()  # not ticked: refused on the server, nothing stored
    assert "vink aan dat ze echt nieuw zijn" in text(tab.report)
    assert "elders-demo" not in set(open_store(app.store.data_dir).current(SCORES).frame["cooperative_id"])
    tab.confirm_new.value = True
    tab.go.click()
    assert "Geïmporteerd" in text(tab.report)
    assert "elders-demo" in set(app.cooperatives()["cooperative_id"])


def test_a_beheerder_answers_an_inzage_request_and_reads_the_audit_log(small_copy, model, monkeypatch):
    """Gegevens tab (issue 21): a person's own data as a download, the request in the audit log; a
    board member neither sees the panel nor gets it by a crafted click."""
    import openpyxl

    from wijkcoop import access

    app = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    app.tabs.selected_index = 2
    d = app.data
    assert d.privacy_box.layout.display is None
    d.inzage_button.click()
    assert "Vul eerst de naam" in text(d.inzage_links)
    d.inzage_who.value = "  Voorzitter "
    d.inzage_button.click()
    match = re.search(r"href='data:[^;]+;base64,([^']+)'", d.inzage_links.value)
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(match.group(1))))
    assert book.sheetnames[0] == "Uitleg" and "scores" in book.sheetnames
    respondents = {row[2] for row in book["scores"].iter_rows(min_row=2, values_only=True)}
    assert respondents == {"voorzitter"}
    d.audit_button.click()
    assert "inzage" in text(d.audit_view) and "Voorzitter" in text(d.audit_view)

    coop = open_store(small_copy).read(SCORES).frame["cooperative_id"].iloc[0]
    monkeypatch.setenv(access.ENV_ROLE, f"bestuur:{coop}")
    board = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    board.tabs.selected_index = 2
    b = board.data
    assert b.privacy_box.layout.display == "none"
    b.inzage_who.value = "voorzitter"
    b.inzage_button.click()  # a crafted click on the hidden button
    assert "download=" not in b.inzage_links.value and "Dit mag u niet" in text(b.inzage_links)
    b.audit_button.click()
    assert "inzage" not in text(b.audit_view)


def test_a_beheerder_applies_the_retention_policy_after_seeing_what_goes(small_copy, model, monkeypatch):
    """Gegevens tab: first the list of what the policy removes, then a second button removes exactly that;
    a board member gets neither, not even by crafted clicks."""
    from wijkcoop import access, privacy

    (small_copy / "bewaarbeleid.yaml").write_text("leden_rondes: 5\n")
    store = open_store(small_copy)
    scores = store.read(SCORES).frame
    oldest = sorted(scores["round"].unique())[0]
    app = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    app.tabs.selected_index = 2
    d = app.data
    untouched = store.path(SCORES).read_bytes()
    d.retention.apply.click()  # a crafted click before anything was shown: nothing happens
    assert store.path(SCORES).read_bytes() == untouched
    d.retention.show.click()
    shown = text(d.retention.view)
    assert f"Zelfevaluatieronde {oldest} bij" in shown and "schuilnaam" in shown
    assert len(re.findall("Zelfevaluatieronde", shown)) == 1  # one line per round, not per cooperative
    assert d.retention.apply.layout.display is None
    d.retention.apply.click()
    assert "Opgeruimd:" in text(d.retention.view) and d.retention.apply.layout.display == "none"
    after = store.read(SCORES).frame
    assert after.loc[after["round"] == oldest, "respondent"].str.startswith(privacy.ANONYMOUS_MEMBER).all()
    assert (
        not after.loc[after["round"] != oldest, "respondent"].str.startswith(privacy.ANONYMOUS_MEMBER).any()
    )
    d.retention.show.click()
    assert "Niets om op te ruimen" in text(d.retention.view)
    d.audit_button.click()
    assert "retention" in text(d.audit_view)

    (small_copy / "bewaarbeleid.yaml").write_text("leden_rondes: 4\n")
    coop = after["cooperative_id"].iloc[0]
    monkeypatch.setenv(access.ENV_ROLE, f"bestuur:{coop}")
    board = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    board.tabs.selected_index = 2
    b = board.data
    before = store.path(SCORES).read_bytes()
    b.retention.show.click()
    b.retention.shown = privacy.retention_plan(store)  # as if the page had shown it
    b.retention.apply.click()
    assert "Dit mag u niet" in text(b.retention.view)
    assert store.path(SCORES).read_bytes() == before


def test_a_beheerder_erases_a_person_after_seeing_what_goes(small_copy, model, monkeypatch):
    """Gegevens tab: an erasure request answered in the app. First the rows per file, then a second button
    erases exactly those (logged, kept gone by any restore); another name hides the button; a change in
    the data in between shows the new rows instead; a board member gets nothing, even by crafted clicks."""
    from wijkcoop import access
    from wijkcoop.maintenance import erasure_preview
    from wijkcoop.tables import AUDIT, ERASURES

    store = open_store(small_copy)
    scores = store.read(SCORES).frame
    coop = scores["cooperative_id"].iloc[0]
    app = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    app.tabs.selected_index = 2
    d = app.data
    untouched = store.path(SCORES).read_bytes()
    d.erasing.apply.click()  # crafted: nothing was shown
    assert store.path(SCORES).read_bytes() == untouched
    d.erasing.show.click()
    assert "Vul eerst de naam" in text(d.erasing.view) and d.erasing.apply.layout.display == "none"

    d.inzage_who.value = " Voorzitter "
    d.erasing.show.click()  # a role, in every cooperative: the page warns before anything is erased
    assert "staat bij" in text(d.erasing.view) and "Kies dan eerst de coöperatie" in text(d.erasing.view)
    d.inzage_coop.value = coop
    d.erasing.show.click()
    assert "staat bij" not in text(d.erasing.view)
    expected = erasure_preview(store, "voorzitter", coop)
    mine = scores[(scores["cooperative_id"] == coop) & (scores["respondent"] == "voorzitter")]
    assert expected["scores.csv"] == len(mine) > 0
    assert f"scores.csv: {len(mine)} regel(s)" in text(d.erasing.view)
    assert d.erasing.apply.layout.display is None

    d.inzage_who.value = "secretaris"  # another person: the button goes until shown again
    assert d.erasing.apply.layout.display == "none" and text(d.erasing.view) == ""
    d.erasing.apply.click()
    assert store.path(SCORES).read_bytes() == untouched

    d.inzage_who.value = "voorzitter"
    d.erasing.show.click()
    store.append(  # meanwhile a correction arrives for that person
        SCORES,
        [
            {
                **mine.iloc[0][
                    ["cooperative_id", "round", "respondent", "statement_id", "model_version"]
                ].to_dict(),
                "score": 1,
                "discuss": False,
            }
        ],
    )
    d.erasing.apply.click()
    assert "intussen iets veranderd" in text(d.erasing.view)
    assert f"scores.csv: {len(mine) + 1} regel(s)" in text(d.erasing.view)
    d.erasing.apply.click()
    assert "Verwijderd:" in text(d.erasing.view) and "op of na" in text(d.erasing.view)
    left = store.read(SCORES).frame
    assert not ((left["cooperative_id"] == coop) & (left["respondent"] == "voorzitter")).any()
    assert ((left["cooperative_id"] != coop) & (left["respondent"] == "voorzitter")).any()
    assert len(store.read(ERASURES).frame) == 1
    assert store.read(AUDIT).frame["action"].tolist()[-1] == "erasure"
    d.erasing.apply.click()  # a second click changes nothing
    assert len(store.read(ERASURES).frame) == 1
    assert store.validate_all()[1] == []

    monkeypatch.setenv(access.ENV_ROLE, f"bestuur:{coop}")
    board = ZelfevaluatieApp(small_copy, model=model, lang="nl", today=date(2026, 12, 2))
    board.tabs.selected_index = 2
    b = board.data
    before = store.path(SCORES).read_bytes()
    b.inzage_who.value = "secretaris"
    b.erasing.show.click()
    assert "Dit mag u niet" in text(b.erasing.view)
    b.erasing.shown = ("secretaris", "", {"scores.csv": 1})  # as if the page had shown it
    b.erasing.apply.click()
    assert "Dit mag u niet" in text(b.erasing.view)
    assert store.path(SCORES).read_bytes() == before and len(store.read(ERASURES).frame) == 1
