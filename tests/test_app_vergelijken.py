"""The comparison app driven headlessly on the demo data."""

from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest

from wijkcoop.apps.vergelijken import ALL, VergelijkenApp
from wijkcoop.tables import COOPERATIVES


def text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


@pytest.fixture
def app(demo_copy, model):
    return VergelijkenApp(demo_copy, model=model, lang="nl")


def test_first_view_shows_all_cooperatives_and_the_ten_areas(app):
    assert "42 coöperaties in beeld" in text(app.summary)
    assert len(app.gebied.options) == 11  # "alle" + ten doorbraakgebieden
    assert app.heatmap.value.count("<th class='coop'>") == 42
    assert app.status.value == ""


def test_filter_change_redraws_the_heatmap(app):
    area = next(v for label, v in app.gebied.options if label.startswith("Fabelveen"))
    app.gebied.value = area
    assert "6 coöperaties in beeld" in text(app.summary)
    assert app.heatmap.value.count("<th class='coop'>") == 6
    assert app.heatmap.value.count(f"<td class='area'>{area}</td>") == 6
    app.round.value = "2024-2"
    assert "coöperaties in beeld" in text(app.summary)
    app.gebied.value = ALL
    app.round.value = ALL
    assert "42 coöperaties" in text(app.summary)


def test_small_area_withholds_group_figures_and_says_why(app):
    small = next(v for label, v in app.gebied.options if label.endswith("(3)"))
    app.gebied.value = small
    app.tabs.selected_index = 1
    assert "minstens 5 coöperaties" in text(app.distribution_note)
    assert "hier zijn het er 3" in text(app.distribution_note)
    app.tabs.selected_index = 2
    assert small in text(app.trajectory_note)
    big = next(v for label, v in app.gebied.options if label.endswith("(6)"))
    app.gebied.value = big
    app.tabs.selected_index = 1  # tabs out of sight are redrawn when opened
    assert app.distribution_note.value == ""  # 6 cooperatives: the box is shown


def test_peers_respect_consent(app, demo_copy):
    app.tabs.selected_index = 3
    register = pd.read_csv(demo_copy / COOPERATIVES.filename)
    hidden_names = set(register.loc[register["show_name"] == 0, "name"])
    for dim in app.model.dimension_ids:
        app.peer_dimension.value = dim
        shown = text(app.peers)
        assert not any(name in shown for name in hidden_names)


def test_export_is_xlsx_and_dutch_csv_of_the_current_view(app):
    small = next(v for label, v in app.gebied.options if label.startswith("Droomdijk"))
    app.gebied.value = small
    files = app.make_downloads()
    csv = files["vergelijken-kaart.csv"].decode("utf-8-sig").splitlines()
    assert csv[0].startswith("label;doorbraakgebied;gemeente;round;n_members;complete;D1;")
    assert all(";Droomdijk;" in line for line in csv[1:])
    assert re.search(r";\d,\d+", csv[1])  # decimal comma
    sheet = pd.read_excel(io.BytesIO(files["vergelijken.xlsx"]), sheet_name="kaart")
    assert len(sheet) == len(csv) - 1
    assert app.downloads.value.count("download=") == 5


def test_english_switch(app):
    app.language.value = "en"
    assert "cooperatives in view" in text(app.summary)
    assert app.tabs.titles[0] == "Overview"
