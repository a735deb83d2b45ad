"""The same board member in two tabs (or on two devices): no tab silently overwrites the other."""

from __future__ import annotations

from datetime import date

import pytest

from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp
from wijkcoop.context import open_store
from wijkcoop.tables import SCORES

TODAY = date(2026, 11, 24)


@pytest.fixture
def tabs(small_copy, model):
    return [ZelfevaluatieApp(small_copy, model=model, lang="nl", today=TODAY) for _ in range(2)]


def begin(app, coop, who="lid-twee-tabs"):
    f = app.fill
    f.coop.value, f.round.value, f.respondent.value = coop, "2026-2", who
    f.start_button.click()
    return f


def answer_all(app, value="3"):
    for page, dim in enumerate(app.model.dimensions):
        app.fill.go(page)
        for st in dim.statements:
            app.fill.answer[st.id].value = value


def test_the_second_tab_is_told_and_can_load_the_newer_draft(tabs, small_copy):
    a, b = tabs
    coop = a.fill.coop.options[1][1]
    fa = begin(a, coop)
    fb = begin(b, coop)  # same person, second tab: resumes the same draft (and saves it)
    fb.answer["D1.2"].value = "2"
    fa.answer["D1.1"].value = "4"  # tab A has an older version: refused, nothing overwritten
    assert fa.conflict_box.layout.display is None
    assert "in een ander venster" in fa.conflict_message.value
    assert a.drafts.load(coop, "2026-2", "lid-twee-tabs").answers == {"D1.2": "2"}
    fa.reload_button.click()
    assert fa.conflict_box.layout.display == "none"
    assert fa.answer["D1.2"].value == "2" and fa.answer["D1.1"].value is None
    fa.answer["D1.1"].value = "4"  # now it is saved, and tab B is the one that is behind
    assert a.drafts.load(coop, "2026-2", "lid-twee-tabs").answers == {"D1.1": "4", "D1.2": "2"}
    fb.answer["D1.3"].value = "5"
    assert fb.conflict_box.layout.display is None
    assert "D1.3" not in a.drafts.load(coop, "2026-2", "lid-twee-tabs").answers


def test_a_submission_over_a_newer_one_is_warned_about(tabs, small_copy):
    a, b = tabs
    coop = a.fill.coop.options[1][1]
    begin(a, coop, "lid-laat")
    answer_all(a, "4")
    fb = begin(b, coop, "lid-laat")  # a second device picks up the same, complete draft
    b.fill.go(10)
    a.fill.reload_button.click()  # the first device takes that version back and sends it
    a.fill.go(10)
    a.fill.submit_button.click()
    assert a.fill.step == "done"
    rows = len(open_store(small_copy).read(SCORES).frame)
    fb.submit_button.click()  # the second device sends too: warned, nothing stored yet
    assert "nieuwere inzending" in fb.submit_message.value
    assert len(open_store(small_copy).read(SCORES).frame) == rows
    assert fb.overwrite_button.layout.display is None
    fb.overwrite_button.click()  # an explicit second choice
    assert fb.step == "done"
    assert len(open_store(small_copy).read(SCORES).frame) == rows + 40


def test_the_welcome_back_time_is_dutch_local_time_like_everywhere_else(tabs):
    import re

    import pandas as pd

    a, b = tabs
    coop = a.fill.coop.options[1][1]
    begin(a, coop, "lid-tijd")
    a.fill.answer["D1.1"].value = "3"
    saved = pd.Timestamp(a.drafts.load(coop, "2026-2", "lid-tijd").updated_at)
    fb = begin(b, coop, "lid-tijd")
    local = saved.tz_convert("Europe/Amsterdam").strftime("%d-%m-%Y %H:%M")
    assert local in fb.page_message.value and "UTC" not in fb.page_message.value
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d", fb.page_message.value)
