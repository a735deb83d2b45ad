"""The groeimodel app driven headlessly: set widget values like the browser would."""

from __future__ import annotations

from wijkcoop.apps.groeimodel import GroeimodelApp


def test_shows_every_level_and_statement_of_the_chosen_dimension(model):
    app = GroeimodelApp(model)
    app.dimension.value = "D7"
    body = app.body.value
    assert "Wijkpartners &amp; contracten" in body
    for level in model.levels:
        assert level.name.nl in body
    for st in model.dimension("D7").statements:
        assert st.id in body
    assert "D6.1" not in body


def test_language_switch_translates_and_keeps_the_dimension(model):
    app = GroeimodelApp(model)
    app.dimension.value = "D9"
    app.language.value = "en"
    assert app.dimension.value == "D9"
    assert "ICT &amp; information" in app.body.value and "Exploring" in app.body.value
    assert app.dimension.options[0][0].startswith("D1 · Organisation")
    app.language.value = "nl"
    assert "Verkennen" in app.body.value


def test_an_empty_choice_from_the_page_falls_back_to_the_first_dimension(model):
    app = GroeimodelApp(model)
    app.dimension.value = "D5"
    app.dimension.value = None  # the browser can send any value, including none
    assert app.dimension.value == "D1"
    assert "D1 · Organisatie" in app.body.value
