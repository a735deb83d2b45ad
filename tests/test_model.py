from __future__ import annotations

import re

import pytest

from wijkcoop import config
from wijkcoop.model import load_model
from wijkcoop.problems import ProblemsError


def test_model_has_ten_dimensions_five_levels_and_three_to_five_statements(model):
    assert model.model_version
    assert [d.id for d in model.dimensions] == [f"D{i}" for i in range(1, 11)]
    assert [lv.name.nl for lv in model.levels] == [
        "Verkennen",
        "Opstarten",
        "Functioneren",
        "Volwassen",
        "Voorbeeldig",
    ]
    for dim in model.dimensions:
        assert sorted(dim.levels) == [1, 2, 3, 4, 5], dim.id
        assert 3 <= len(dim.statements) <= 5, dim.id
        for st in dim.statements:
            assert re.fullmatch(rf"{dim.id}\.\d+", st.id)
            assert st.text.nl.strip() and st.text.en.strip()
            assert st.text.nl != st.text.en
    assert len(set(model.statement_ids)) == len(model.statement_ids)


def test_statements_frame_maps_every_statement_to_its_dimension(model):
    frame = model.statements_frame
    assert list(frame["statement_id"]) == model.statement_ids
    assert (frame["statement_id"].str.split(".").str[0] == frame["dimension_id"]).all()


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(path):
    with pytest.raises(ProblemsError) as info:
        load_model(path)
    return info.value


def test_broken_yaml_names_file_and_line(content_copy):
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    _edit(path, "  - id: D4.2\n", "  - id: [D4.2\n")
    err = _problems(path)
    text = err.format("nl")
    assert "groeimodel.yaml" in text and "regel" in text
    line = int(re.search(r"regel (\d+)", text).group(1))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any("[D4.2" in lines[i] for i in range(max(0, line - 3), min(len(lines), line + 1)))


def test_duplicate_statement_id_is_named(content_copy):
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    _edit(path, "  - id: D4.3\n", "  - id: D4.2\n")
    text = _problems(path).format("nl")
    assert "groeimodel.yaml, D4.2" in text and "meer dan eens" in text


def test_missing_english_text_names_the_statement(content_copy):
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    _edit(
        path,
        "          en: Our income comes from more sources than grants alone.\n",
        "",
    )
    err = _problems(path)
    assert "D4.2" in err.format("en") and "en" in err.format("en")
    assert "mist de taal en" in err.format("nl")


def test_missing_level_descriptor_and_wrong_prefix_are_all_reported(content_copy):
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop level 5 of D9 and give a D3 statement a D7 id: both problems come back at once.
    start = text.index("      5:\n        nl: Informatie wordt gebruikt")
    end = text.index("    statements:", start)
    text = text[:start] + text[end:]
    text = text.replace("  - id: D3.4\n", "  - id: D7.9\n")
    path.write_text(text, encoding="utf-8")
    messages = [p.format("nl") for p in _problems(path).problems]
    assert any("D9" in m and "5" in m and "niveau" in m for m in messages)
    assert any("D7.9" in m and "D3" in m for m in messages)


def test_missing_model_file_is_a_clear_message(tmp_path):
    err = _problems(tmp_path / "nope.yaml")
    assert "niet gevonden" in err.format("nl")


def test_model_path_follows_content_env(content_copy):
    assert config.model_path() == content_copy / "zelfevaluatie" / "groeimodel.yaml"
