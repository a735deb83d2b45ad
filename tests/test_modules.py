"""The summerschool content files: complete as shipped, and every mistake a trainer can make is located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wijkcoop.modules import load_modules, load_rating
from wijkcoop.problems import ProblemsError

REPO = Path(__file__).resolve().parent.parent


def test_the_four_modules_are_complete(model):
    modules = {m.id: m for m in load_modules(model)}
    assert set(modules) == {"leiderschap", "werkvormen", "ondernemen", "overtuigen"}
    linked = set()
    for m in modules.values():
        assert len(m.goals) >= 2 and len(m.werkvormen) >= 3 and m.reflection
        times = [item.time for item in m.programme]
        assert times == sorted(times) and len(times) >= 6
        used = {item.werkvorm for item in m.programme if item.werkvorm}
        assert used <= {w.id for w in m.werkvormen} and used
        for w in m.werkvormen:
            for text in (w.name, w.instructions, w.materials, w.group_size):
                assert text.nl.strip() and text.en.strip()
        linked |= set(m.dimensions)
    assert modules["ondernemen"].dimensions[:2] == ["D4", "D8"]
    assert linked <= set(model.dimension_ids)


def test_the_rating_file_has_the_five_kirkpatrick_aspects(model):
    rating = load_rating(model)
    assert rating.aspect_ids == ["weten", "kunnen", "nut", "toepassen", "doen"]
    assert [a.id for a in rating.aspects if a.before] == ["weten", "kunnen"]
    module = load_modules(model)[0]
    items = rating.items(module)
    assert len(items) == len(module.goals) * (5 + 2)
    assert ("G1", "weten", "voor") in items and ("G1", "doen", "voor") not in items


@pytest.fixture
def modules_copy(content_copy) -> Path:
    shutil.copytree(REPO / "summerschool", content_copy / "summerschool")
    return content_copy / "summerschool"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(model) -> str:
    with pytest.raises(ProblemsError) as info:
        load_modules(model)
    return info.value.format("nl")


def test_every_mistake_in_a_module_file_is_reported_at_once_with_file_and_id(modules_copy, model):
    lead = modules_copy / "leiderschap.yaml"
    edit(lead, "werkvorm: koers-in-een-minuut", "werkvorm: koers-in-twee-minuten")
    edit(lead, '"10:20"', '"09:50"')
    edit(lead, "  - id: G2\n", "  - id: G1\n")
    other = modules_copy / "ondernemen.yaml"  # schema mistakes, in another file
    edit(other, "    duration: 60\n", "    duration: zestig\n")
    edit(
        other,
        "      en: Testing a new initiative from the neighbourhood for feasibility before we commit to it.\n",
        "",
    )
    text = problems(model)
    assert "leiderschap.yaml, leiderschap: het programma noemt om 11:00 de werkvorm " in text
    assert "'koers-in-twee-minuten'" in text
    assert (
        "leiderschap.yaml, leiderschap: de tijden in het programma lopen niet op: 09:50 komt na 10:00" in text
    )
    assert "leiderschap.yaml, G1: het id G1 komt meer dan eens voor" in text
    assert "ondernemen.yaml, G2: tekst 'text' mist de taal en" in text
    assert "ondernemen.yaml, geldstromenkaart: veld 'duration'" in text


def test_a_yaml_slip_is_located_by_line(modules_copy, model):
    path = modules_copy / "werkvormen.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("goals:"))
    lines[n + 1] = "  - id: G1\n   text: [oops"
    path.write_text("\n".join(lines), encoding="utf-8")
    text = problems(model)
    assert "summerschool/werkvormen.yaml, regel" in text and "geen geldige YAML" in text


def test_fewer_than_three_werkvormen_and_a_broken_rating_file_are_reported(modules_copy, model):
    path = modules_copy / "overtuigen.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: rollenspel-gemeente")
    end = text.index("reflection:")
    path.write_text(text[:start] + text[end:].replace("werkvorm: rollenspel-gemeente", "werkvorm: verhalen"))
    edit(modules_copy / "_beoordeling.yaml", "  5: {nl: klopt helemaal, en: completely true}\n", "")
    found = problems(model)
    assert "overtuigen.yaml, overtuigen: veld 'werkvormen'" in found
    assert "_beoordeling.yaml, scale: de schaal moet precies de antwoorden 1 tot en met 5 hebben" in found


def test_the_apps_show_module_problems_instead_of_a_traceback(modules_copy, small_copy):
    from wijkcoop.apps.common import build
    from wijkcoop.apps.deelnemer import DeelnemerApp
    from wijkcoop.apps.summerschool import SummerschoolApp

    edit(modules_copy / "leiderschap.yaml", "dimensions: [D1, D2]", "dimensions: [D1, D22]")
    for factory in (lambda: SummerschoolApp(small_copy), lambda: DeelnemerApp(small_copy)):
        shown = build(factory)
        assert "leiderschap.yaml, leiderschap" in shown.value and "D22" in shown.value
        assert "Traceback" not in shown.value
