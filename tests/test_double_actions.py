"""Every button that writes is safe to press twice (or fifty times): the store changes once.

A click is a message to the kernel; a double click, a slow network or a crafted burst delivers it more
than once, one after the other. `button.click()` is exactly such a message handled by the kernel.
"""

from __future__ import annotations

from datetime import date

import pytest

from wijkcoop.apps.deelnemer import DeelnemerApp
from wijkcoop.apps.summerschool import TABS, SummerschoolApp
from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp
from wijkcoop.context import open_store
from wijkcoop.tables import (
    BOARD_SCORES,
    COOPERATIVES,
    EVALUATIONS,
    NOTES,
    PARTICIPANTS,
    RATINGS,
    SCORES,
    SESSIONS,
)

TODAY = date(2026, 11, 24)


def rows(data, table) -> int:
    return len(open_store(data).read(table).frame)


def press(button, times: int = 2) -> None:
    for _ in range(times):
        button.click()


def new_session(ss, trainer: str) -> str:
    ss.plan.ensure()
    ss.plan.place.value, ss.plan.trainer.value = "Zaal (demo)", trainer
    ss.plan.create.click()
    return ss.code


def rate_then_evaluate(data, toggles, save, form, send) -> None:
    """Rate every item and evaluate, each sent with a burst of 50 clicks: stored once each."""
    toggles = list(toggles)
    for toggle in toggles:
        toggle.value = "3"
    before = rows(data, RATINGS)
    press(save, 50)
    assert rows(data, RATINGS) == before + len(toggles)
    form.relevance.value = form.engagement.value = "4"
    before = rows(data, EVALUATIONS)
    press(send, 50)
    assert rows(data, EVALUATIONS) == before + 1


@pytest.fixture
def ze(small_copy, model):
    return ZelfevaluatieApp(small_copy, model=model, lang="nl", today=TODAY)


@pytest.fixture
def ss(small_copy):
    return SummerschoolApp(small_copy, lang="nl", today=TODAY)


def test_register_a_cooperative_twice_registers_it_once(ze, small_copy):
    f = ze.fill
    f.new_name.value = "Buurtcoöperatie Dubbelklik (demo)"
    f.new_kind.value = "buurt"
    f.new_area.value = "Testgebied"
    f.new_gemeente.value = "Gemeente Proefstad"
    before = rows(small_copy, COOPERATIVES)
    press(f.register_button)
    assert rows(small_copy, COOPERATIVES) == before + 1
    assert "is aangemeld en gekozen" in f.start_message.value
    assert f.register_message.value == ""  # no "already in the list" for the repeated click


def test_submit_twice_stores_one_filling_in(ze, small_copy):
    f = ze.fill
    f.coop.value = f.coop.options[1][1]
    f.round.value = "2026-2"
    f.respondent.value = "lid-dubbel"
    f.start_button.click()
    for page, dim in enumerate(ze.model.dimensions):
        f.go(page)
        for st in dim.statements:
            f.answer[st.id].value = "3"
    f.note["D10"].value = "Een notitie"
    f.go(10)
    scores, notes = rows(small_copy, SCORES), rows(small_copy, NOTES)
    press(f.submit_button, 50)
    assert rows(small_copy, SCORES) == scores + 40
    assert rows(small_copy, NOTES) == notes + 1
    assert f.step == "done"


def test_board_scores_saved_twice_are_stored_once_and_a_change_saves_again(ze, small_copy):
    ze.tabs.selected_index = 1
    b = ze.board
    b.board_score["D4"].value = 2.5
    b.rationale["D4"].value = "Eens"
    before = rows(small_copy, BOARD_SCORES)
    press(b.board_save)
    assert rows(small_copy, BOARD_SCORES) == before + 1
    assert b.board_save.disabled  # nothing new to save
    b.board_score["D4"].value = 3.0  # a new decision is a new request
    assert not b.board_save.disabled
    press(b.board_save, 50)
    assert rows(small_copy, BOARD_SCORES) == before + 2


def test_create_a_session_twice_creates_one(ss, small_copy):
    p = ss.plan
    ss.tabs.selected_index = TABS.index("plan")
    p.ensure()
    p.place.value = "Buurthuis Dubbel (demo)"
    p.trainer.value = "Trainer D (demo)"
    before = rows(small_copy, SESSIONS)
    press(p.create)
    assert rows(small_copy, SESSIONS) == before + 1
    code = ss.code
    assert code in p.message.value
    p.place.value = "Buurthuis Tweede (demo)"  # a second session on purpose: change something
    press(p.create)
    assert rows(small_copy, SESSIONS) == before + 2 and ss.code != code


def test_close_a_session_twice_closes_it(ss, small_copy):
    code = new_session(ss, "Trainer C (demo)")
    press(ss.plan.toggle_open)  # a double click on "close" must not reopen it
    assert ss.training.session(code).open is False


def test_attendance_and_entry_buttons_twice(ss, small_copy):
    code = new_session(ss, "Trainer A (demo)")
    ss.tabs.selected_index = TABS.index("attendance")
    a = ss.attendance
    a.who.value, a.role.value = "Kees", "bestuurslid"
    before = rows(small_copy, PARTICIPANTS)
    press(a.add)
    assert rows(small_copy, PARTICIPANTS) == before + 1
    a.checks["Kees"].value = False
    press(a.save, 5)
    assert rows(small_copy, PARTICIPANTS) == before + 2

    ss.tabs.selected_index = TABS.index("entry")
    e = ss.entry
    e.who.value = "Kees"
    rate_then_evaluate(small_copy, e.form.toggles.values(), e.save, e.eval_form, e.eval_save)
    assert open_store(small_copy).current(SESSIONS).frame.set_index("session_id").loc[code, "open"]


def test_participant_buttons_twice(ss, small_copy):
    new_session(ss, "Trainer P (demo)")
    p = DeelnemerApp(small_copy, lang="nl")
    p.code.value = ss.code
    press(p.join_button)
    p.who.value, p.role.value = "Merel", "vrijwilliger"
    before = rows(small_copy, PARTICIPANTS)
    press(p.who_button)
    assert rows(small_copy, PARTICIPANTS) == before + 1
    rate_then_evaluate(
        small_copy, p.rating_form.toggles.values(), p.rating_button, p.evaluation_form, p.eval_button
    )
    assert p.body.children == (p.thanks,)


def test_a_participant_who_joins_again_keeps_consent_and_cooperative(ss, small_copy):
    """Rejoining to correct answers: the 'who are you' step is filled in, nothing is dropped."""
    code = new_session(ss, "Trainer R (demo)")
    first = DeelnemerApp(small_copy, lang="nl")
    first.code.value = code
    first.join_button.click()
    coop = first.coop.options[2][1]
    first.who.value, first.consent.value, first.coop.value, first.role.value = (
        "Anna Voorbeeld",
        True,
        coop,
        "bestuurslid",
    )
    first.who_button.click()
    again = DeelnemerApp(small_copy, lang="nl")  # later, on another phone
    again.code.value = code
    again.join_button.click()
    again.who.value = " anna voorbeeld"
    assert "Welkom terug, Anna Voorbeeld" in again.who_message.value
    assert (again.consent.value, again.coop.value, again.role.value) == (True, coop, "bestuurslid")
    again.who_button.click()
    person = open_store(small_copy).current(PARTICIPANTS).frame.set_index(["session_id", "participant"])
    row = person.loc[(code, "Anna Voorbeeld")]
    assert (row["name"], bool(row["consent"]), row["cooperative_id"]) == ("Anna Voorbeeld", True, coop)


def test_the_participant_page_speaks_english_also_in_its_lists(ss, small_copy):
    new_session(ss, "Trainer E (demo)")
    p = DeelnemerApp(small_copy, lang="nl")
    p.code.value = ss.code
    p.join_button.click()
    assert p.coop.options[0][0].startswith("(geen coöperatie")
    p.language.value = "en"
    assert p.coop.options[0][0].startswith("(no cooperative")
    assert p.role.options[0][0] == "— choose —"
