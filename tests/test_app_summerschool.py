"""The summerschool apps driven headlessly, as a trainer and participants would, over the real store."""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import date

import pytest

from wijkcoop.apps.deelnemer import DeelnemerApp
from wijkcoop.apps.summerschool import TABS, SummerschoolApp
from wijkcoop.context import open_store
from wijkcoop.tables import EVALUATIONS, PARTICIPANTS, RATINGS, SESSIONS

TODAY = date(2026, 8, 10)


def text(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


@pytest.fixture
def trainer(small_copy) -> SummerschoolApp:
    return SummerschoolApp(small_copy, lang="nl", today=TODAY)


def plan(app: SummerschoolApp, module="overtuigen") -> str:
    p = app.plan
    p.module.value = module
    p.place.value = "Buurthuis Proef (demo)"
    p.trainer.value = "Trainer T (demo)"
    p.create.click()
    assert "De code voor de deelnemers is" in text(p.message), text(p.message)
    return app.code


def take_part(data, code: str, who: str, value: str = "4", lang="nl") -> DeelnemerApp:
    p = DeelnemerApp(data, lang=lang)
    p.code.value = code.lower()
    p.join_button.click()
    assert p.body.children == (p.who_step,), text(p.code_message)
    p.who.value = who
    p.role.value = "vrijwilliger"
    p.who_button.click()
    assert p.body.children == (p.rating_step,), text(p.who_message)
    for (_, _, moment), toggle in p.rating_form.toggles.items():
        toggle.value = "2" if moment == "voor" else value
    p.rating_button.click()
    assert p.body.children == (p.eval_step,), text(p.rating_message)
    # The evaluation's scale says in sight what 1 and 5 mean (a tooltip never shows on a phone).
    shown = p.evaluation_form.questions["relevance"].value
    assert "class='scale-anchors'" in shown
    assert (
        "1 = helemaal niet · 5 = helemaal wel" if p.lang == "nl" else "1 = not at all · 5 = very much"
    ) in shown
    return p


def test_the_demo_has_sessions_and_the_overview_shows_all_three_levels(trainer):
    assert len(trainer.pick.options) == 1 + 8
    trainer.tabs.selected_index = TABS.index("overview")
    shown = text(trainer.overview.body)
    for module in ("Leiderschap", "Werkvormen", "Ondernemen", "Overtuigen"):
        assert module in shown
    assert "Aanwezigen per coöperatie" in shown and "Daarna in de zelfevaluatie" in shown
    assert "class='after-session'" in trainer.overview.body.value
    assert trainer.status.value == ""


def test_plan_a_session_mark_attendance_and_report(trainer, small_copy):
    store = open_store(small_copy)
    code = plan(trainer)
    assert trainer.pick.value == code and code in text(trainer.plan.info)
    assert "Rollenspel onderhandeling met de gemeente" in text(trainer.plan.content)  # the werkvorm to run
    assert "13:15" in text(trainer.plan.content)

    trainer.tabs.selected_index = TABS.index("attendance")
    a = trainer.attendance
    for who, consent in (("Kees", False), ("Anna Voorbeeld", True)):
        a.who.value, a.consent.value, a.role.value = who, consent, "bestuurslid"
        a.coop.value = a.coop.options[1][1]
        a.add.click()
        assert f"{who} is toegevoegd" in text(a.add_message)
    a.who.value, a.role.value = "Zonder Toestemming", "bewoner"
    a.add.click()
    assert "3 deelnemers aangemeld, 3 aanwezig" in text(a.summary)
    people = store.current(PARTICIPANTS).frame
    assert len(people[people["session_id"] == code]) == 3
    a.checks["Kees"].value = False
    a.save.click()
    assert "Opgeslagen: 1 wijziging." in text(a.message)
    assert "3 deelnemers aangemeld, 2 aanwezig" in text(a.summary)
    current = store.current(PARTICIPANTS).frame.set_index("participant")
    assert not current.loc["Kees", "present"] and current.loc["Anna Voorbeeld", "name"] == "Anna Voorbeeld"
    assert current.loc["Zonder Toestemming", "name"] == ""

    trainer.tabs.selected_index = TABS.index("entry")
    e = trainer.entry
    e.who.value = "Anna Voorbeeld"
    e.save.click()
    assert "zonder antwoord" in text(e.message)
    for (_, _, moment), toggle in e.form.toggles.items():
        toggle.value = "1" if moment == "voor" else "4"
    e.save.click()
    assert "21 antwoorden van Anna Voorbeeld opgeslagen" in text(e.message)
    e.eval_form.relevance.value, e.eval_form.engagement.value = "5", "4"
    e.eval_form.top.value = "De takenmarkt"
    e.eval_save.click()
    assert "Evaluatie van Anna Voorbeeld opgeslagen" in text(e.eval_message)

    trainer.tabs.selected_index = TABS.index("report")
    r = trainer.report
    summary = text(r.summary)
    assert "3 deelnemers aangemeld, 2 aanwezig" in summary
    assert "voor 1,0 → na 4,0 (+3,0, n=1)" in summary
    assert "Met toestemming genoemd: Anna Voorbeeld" in summary and "Kees" not in summary
    assert "De takenmarkt" in summary and "bruikbaarheid 5,0" in summary
    r.make.click()
    match = re.search(r"href='data:application/pdf;base64,([^']+)'", r.links.value)
    pdf = base64.b64decode(match.group(1))
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    sizes = {tuple(round(float(v), 2) for v in page.mediabox[2:]) for page in reader.pages}
    assert sizes == {(595.28, 841.89)}
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Anna Voorbeeld" in words and "De takenmarkt" in words  # the summary's words, as text
    from pdfcheck import assert_readable

    assert_readable(pdf)  # 10 pt text, vector chart with 8 pt labels, tags, page numbers, no orphans
    assert reader.metadata.title.startswith("Summerschool")
    assert "summerschool-overtuigen-2026-08-10-verslag.pdf" in r.links.value
    assert trainer.status.value == ""


def test_two_participants_and_the_live_view(trainer, small_copy):
    code = plan(trainer, "werkvormen")
    trainer.tabs.selected_index = TABS.index("live")
    live = trainer.live
    assert live.ticker.playing and "data-rated='0'" in live.count.value
    stamp = live._stamp
    live.poll()  # nothing changed: nothing redrawn
    assert live._stamp == stamp

    first = take_part(small_copy, code, "Merel", "4")
    live.poll()
    assert "data-rated='1'" in live.count.value
    take_part(small_copy, code, "Sam", "5", lang="en")
    first.evaluation_form.relevance.value = "4"
    first.evaluation_form.engagement.value = "4"
    first.eval_button.click()
    assert first.body.children == (first.thanks,)
    assert "Welke werkvorm probeer ik uit" in text(first.thanks_text)  # the module's reflection questions
    live.poll()
    assert "2 deelnemers hebben hun scores ingevuld, 1 de evaluatie" in text(live.count)
    assert bytes(live.chart.value).startswith(b"\x89PNG")
    assert "+2,5" in text(live.gain)  # before 2 for both; after 4 and 5 -> mean gain 2.5
    # The tab follows the files: what it holds is what a whole read gives; a tick with nothing new
    # reads nothing and draws nothing (the chart is the same bytes object).
    columns = ["participant", "goal_id", "aspect", "moment", "score"]
    followed = live.frame(RATINGS)[columns].astype(str).sort_values(columns).values.tolist()
    whole = trainer.training.ratings(code)[columns].astype(str).sort_values(columns).values.tolist()
    assert followed == whole and len(followed) == 42
    chart, tails = live.chart.value, dict(live._tails)
    live.poll()
    assert live.chart.value is chart and live._tails == tails
    take_part(small_copy, code, "Noor", "4")
    live.poll()
    assert "3 deelnemers" in text(live.count) and live.chart.value is not chart
    assert live._tails[RATINGS.name].offset > tails[RATINGS.name].offset

    trainer.tabs.selected_index = TABS.index("plan")
    assert not live.ticker.playing  # the browser stops ticking when the tab is left
    store = open_store(small_copy)
    ratings = store.current(RATINGS).frame
    assert ratings[ratings["session_id"] == code].groupby("participant").size().to_dict() == {
        "Merel": 21,
        "Sam": 21,
        "Noor": 21,
    }


def test_a_closed_session_refuses_participants_and_a_returning_one_corrects(trainer, small_copy):
    code = plan(trainer, "leiderschap")
    p = take_part(small_copy, code, "Merel", "3")
    again = take_part(small_copy, code, " merel ", "5")  # back later: her earlier answers were shown
    assert again.participant == "Merel"
    store = open_store(small_copy)
    ratings = store.read(RATINGS).frame
    mine = ratings[ratings["session_id"] == code]
    assert len(mine) == 42 and len(store.current(RATINGS).frame.query("session_id == @code")) == 21
    trainer.plan.toggle_open.click()
    assert "gesloten" in text(trainer.plan.info)
    late = DeelnemerApp(small_copy)
    late.code.value = code
    late.join_button.click()
    assert "Deze sessie is gesloten" in text(late.code_message) and late.body.children == (late.code_step,)
    p.evaluation_form.relevance.value = p.evaluation_form.engagement.value = "4"
    p.eval_button.click()  # the page was open before closing: the server still refuses
    assert "Deze sessie is gesloten" in text(p.eval_message)
    late.code.value = "QQQQQQ"
    late.join_button.click()
    assert "Sessiecode 'QQQQQQ' bestaat niet" in text(late.code_message)
    assert len(store.read(EVALUATIONS).frame.query("session_id == @code")) == 0


def test_a_forged_session_choice_is_ignored_and_english_works(trainer):
    trainer.pick.options = [*trainer.pick.options, ("forged", "ABCDEF")]
    trainer.pick.value = "ABCDEF"
    assert trainer.code is None and trainer.pick.value == ""
    trainer.language.value = "en"
    assert trainer.tabs.titles == ("Session", "Attendance", "Enter", "Live", "Report", "Overview")
    code = plan_en(trainer)
    assert open_store(trainer.store.data_dir).current(SESSIONS).frame["session_id"].str.fullmatch(code).any()


def plan_en(app: SummerschoolApp) -> str:
    p = app.plan
    p.place.value, p.trainer.value = "Test hall (demo)", "Trainer E (demo)"
    p.create.click()
    assert "The participants' code is" in text(p.message)
    return app.code


def test_an_empty_data_folder_shows_every_tab_without_errors(tmp_path):
    app = SummerschoolApp(tmp_path / "leeg", today=TODAY)
    for index in range(len(TABS)):
        app.tabs.selected_index = index
    assert app.status.value == "" and "Nog geen coöperaties" in text(app.overview.body)
    code = plan(app, "ondernemen")
    app.attendance.who.value, app.attendance.role.value = "Eerste", "bewoner"
    app.tabs.selected_index = TABS.index("attendance")
    app.attendance.add.click()
    for index in range(len(TABS)):
        app.tabs.selected_index = index
    assert app.status.value == "" and code in text(app.live.header)


def test_overview_counts_are_whole_numbers(trainer):
    """Counts read "3", not "3.0" (pandas turns a row of ints and floats into floats)."""
    trainer.tabs.selected_index = TABS.index("overview")
    value = trainer.overview.body.value
    per_module = value.split("class='per-module'")[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", per_module)
    assert cells, per_module
    counts = [c for i, c in enumerate(cells) if i % 6 in (1, 2, 3)]
    assert counts and all(re.fullmatch(r"\d+|–", c) for c in counts), counts
    assert not re.search(r">\d+\.0<", value)


def test_one_learning_goal_per_screen_with_back_next_and_missing_answers_marked(trainer, small_copy):
    """A phone shows one learning goal at a time: "Leerdoel 1 van 4", Volgende only once the goal's rows
    are answered (the missing ones marked and counted), Vorige back to the previous goal and from the
    first to "wie ben je" without losing an answer; the send button only on the last goal."""
    code = plan(trainer)
    p = DeelnemerApp(small_copy, lang="nl")
    p.code.value = code
    p.join_button.click()
    p.who.value = "Stap Voor Stap"
    p.role.value = "vrijwilliger"
    p.who_button.click()
    assert p.body.children == (p.rating_step,), text(p.who_message)
    goals = list(p.form.goal_boxes)
    assert len(goals) >= 3
    assert f"Leerdoel 1 van {len(goals)}" in text(p.goal_progress)
    shown = [w for w in p.rating_box.children if w is not p.form.intro]
    assert shown == [p.form.goal_boxes[goals[0]]]
    assert p.rating_button.layout.display == "none" and p.next_goal_button.layout.display is None

    first = [key for key in p.form.toggles if key[0] == goals[0]]
    p.form.toggles[first[0]].value = "3"
    p.next_goal_button.click()
    assert p.goal_index == 0
    assert f"Nog {len(first) - 1} zonder antwoord" in text(p.rating_message)
    marked = [key for key in first if "missing" in p.form.rows[key]._dom_classes]
    assert marked == first[1:]
    for key in first[1:]:
        p.form.toggles[key].value = "4"
        assert "missing" not in p.form.rows[key]._dom_classes  # the mark goes with the answer
    p.next_goal_button.click()
    assert p.goal_index == 1 and f"Leerdoel 2 van {len(goals)}" in text(p.goal_progress)
    assert p.rating_box.children == (p.form.goal_boxes[goals[1]],)

    # Back twice: the first goal, then "wie ben je"; on again, the answers given are still there.
    p.back_button.click()
    assert p.goal_index == 0
    p.back_button.click()
    assert p.body.children == (p.who_step,)
    assert not p.who_button.disabled
    p.who_button.click()
    assert p.body.children == (p.rating_step,) and p.goal_index == 0
    assert [p.form.toggles[key].value for key in first] == ["3"] + ["4"] * (len(first) - 1)

    for index, goal in enumerate(goals):
        for key in [k for k in p.form.toggles if k[0] == goal]:
            p.form.toggles[key].value = "2" if key[2] == "voor" else "4"
        if index < len(goals) - 1:
            p.next_goal_button.click()
    assert p.goal_index == len(goals) - 1
    assert p.rating_button.layout.display is None and p.next_goal_button.layout.display == "none"
    p.rating_button.click()
    assert p.body.children == (p.eval_step,), text(p.rating_message)

    # A crafted click on a hidden button of another step changes nothing; Vorige returns to the last goal.
    p.next_goal_button.click()
    assert p.body.children == (p.eval_step,)
    p.eval_back.click()
    assert p.body.children == (p.rating_step,) and p.goal_index == len(goals) - 1
    assert not p.rating_button.disabled  # sending again (a correction) is a new request


def test_consent_is_withdrawn_by_the_participant_and_by_the_trainer(trainer, small_copy):
    """From the thank-you page ("noem mijn naam niet meer") and from the trainer's attendance tab: the
    name goes, consent is 0, attendance stays, and the report names them no more."""
    code = plan(trainer)
    p = DeelnemerApp(small_copy, lang="nl")
    p.code.value = code
    p.join_button.click()
    p.who.value, p.consent.value, p.role.value = "Open Naam", True, "vrijwilliger"
    p.who_button.click()
    for (_, _, moment), toggle in p.form.toggles.items():
        toggle.value = "2" if moment == "voor" else "4"
    p.rating_button.click()
    p.evaluation_form.relevance.value, p.evaluation_form.engagement.value = "4", "4"
    p.eval_button.click()
    assert p.body.children == (p.thanks,) and p.withdraw.layout.display is None

    trainer.tabs.selected_index = TABS.index("attendance")
    a = trainer.attendance
    a.who.value, a.consent.value, a.role.value = "Tweede Naam", True, "bewoner"
    a.add.click()
    trainer.tabs.selected_index = TABS.index("report")
    assert "Met toestemming genoemd: Open Naam, Tweede Naam" in text(trainer.report.summary)

    p.withdraw.click()
    assert "Je toestemming is ingetrokken" in text(p.withdraw_message)
    assert p.withdraw.layout.display == "none"
    trainer.tabs.selected_index = TABS.index("attendance")
    assert [v for _, v in a.withdraw_who.options] == ["", "Tweede Naam"]  # only who is still named
    a.withdraw_who.value = "Tweede Naam"
    a.withdraw.click()
    assert "Toestemming van Tweede Naam ingetrokken" in text(a.withdraw_message)

    people = open_store(small_copy).current(PARTICIPANTS).frame.set_index("participant")
    for who in ("Open Naam", "Tweede Naam"):
        assert people.loc[who, "name"] == "" and not people.loc[who, "consent"] and people.loc[who, "present"]
    trainer.tabs.selected_index = TABS.index("report")
    summary = text(trainer.report.summary)
    assert "Open Naam" not in summary and "Tweede Naam" not in summary and "2 aanwezig" in summary
