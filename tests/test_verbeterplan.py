"""The verbeterplan (issue 16) through its service, on the real CSV store: limits, every reason at once,
history kept on a correction, an action taken off the plan, the next round's look back, who may change
a plan, and the counts others see (summerschool demand, Vergelijken) without any action's text."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from wijkcoop.access import Access, Grant
from wijkcoop.context import open_store
from wijkcoop.problems import Refused
from wijkcoop.tables import COOPERATIVES, PLAN, PLAN_REVIEWS, SCORES
from wijkcoop.verbeterplan import Verbeterplan, actions_of, module_demand, plan_summary

MODULES = ["leiderschap", "ondernemen", "overtuigen", "werkvormen"]


def action(
    what="Begroting 2027 opstellen",
    who="penningmeester",
    due=date(2027, 3, 31),
    done="ALV stemt in",
    module="",
):
    return {"what": what, "who": who, "due": due, "done_when": done, "module": module}


@pytest.fixture
def plan(small_copy):
    store = open_store(small_copy)
    scores = store.current(SCORES).frame
    coop, rnd = scores.iloc[0]["cooperative_id"], scores["round"].max()
    return Verbeterplan(store, store.model, MODULES), store, coop, rnd


def test_actions_are_stored_with_every_field_and_read_back(plan):
    svc, store, coop, rnd = plan
    n = svc.save(coop, rnd, "D4.1", [action(module="ondernemen"), action("Tweede bron zoeken", "werkgroep")])
    assert n == 2
    got = svc.actions(coop, rnd)
    assert [(a.statement_id, a.action, a.what, a.who, a.due, a.module) for a in got] == [
        ("D4.1", "1", "Begroting 2027 opstellen", "penningmeester", "2027-03-31", "ondernemen"),
        ("D4.1", "2", "Tweede bron zoeken", "werkgroep", "2027-03-31", ""),
    ]
    assert svc.actions(coop, "2020-1") == []


def test_limits_and_every_reason_at_once(plan):
    svc, store, coop, rnd = plan
    with pytest.raises(Refused) as four:
        svc.save(coop, rnd, "D4.1", [action()] * 4)
    assert "Hoogstens 3 acties" in four.value.format("nl")
    with pytest.raises(Refused) as many:
        svc.save(
            coop,
            rnd,
            "D4.1",
            [
                action(who="", done=""),
                action(what="x" * 301, module="bestaat-niet"),
                action(due="31-03-2027"),
            ],
        )
    said = many.value.format("nl")
    assert "Actie 1: vul nog in: Wie (rol), Klaar als." in said
    assert "Actie 2: Wat gaan we doen is te lang (hoogstens 300 tekens)." in said
    assert "Actie 2: die summerschool-module bestaat niet." in said
    assert "Actie 3: de datum klopt niet" in said
    with pytest.raises(Refused) as unknown:
        svc.save(coop, rnd, "D99.9", [action()])
    assert "Onbekend verbeterpunt D99.9" in unknown.value.format("nl")
    with pytest.raises(Refused) as nodata:
        svc.save(coop, "2019-1", "D4.1", [action()])
    assert nodata.value.reasons[0][0] == "ze.board.no_data"
    assert not store.path(PLAN).exists() or store.read(PLAN).frame.empty  # nothing half-written


def test_a_correction_keeps_history_and_an_action_can_go_off_the_plan(plan):
    svc, store, coop, rnd = plan
    svc.save(coop, rnd, "D4.1", [action(), action("Tweede bron zoeken", "werkgroep")])
    with pytest.raises(Refused) as same:
        svc.save(coop, rnd, "D4.1", [action(), action("Tweede bron zoeken", "werkgroep")])
    assert "niets veranderd" in same.value.format("nl")
    assert svc.save(coop, rnd, "D4.1", [action(who="penningmeester en voorzitter")]) == 2  # 1 changed, 2 off
    assert [(a.action, a.who) for a in svc.actions(coop, rnd)] == [("1", "penningmeester en voorzitter")]
    history = store.read(PLAN).frame
    assert len(history) == 4  # two first versions, the correction, the removal: nothing overwritten
    assert history.iloc[-1]["removed"] and history.iloc[-1]["what"] == ""


def test_the_next_round_looks_back_on_each_action(plan):
    svc, store, coop, rnd = plan
    svc.save(coop, rnd, "D4.1", [action(), action("Tweede bron zoeken", "werkgroep")])
    outcomes = {
        ("D4.1", "1"): ("gedaan", "Goedgekeurd in juni"),
        ("D4.1", "2"): ("deels", ""),
        ("D9.9", "1"): (None, ""),
    }
    assert svc.save_review(coop, rnd, "2099-1", outcomes) == 2
    reviews = store.current(PLAN_REVIEWS).frame
    assert sorted(zip(reviews["action"], reviews["outcome"], reviews["reviewed_in"], strict=True)) == [
        ("1", "gedaan", "2099-1"),
        ("2", "deels", "2099-1"),
    ]
    with pytest.raises(Refused) as bad:
        svc.save_review(
            coop, rnd, "2099-1", {("D4.1", "1"): ("misschien", ""), ("D5.1", "1"): ("gedaan", "")}
        )
    assert "Kies gedaan, deels of niet." in bad.value.format(
        "nl"
    ) and "niet (meer) op het plan" in bad.value.format("nl")


def test_only_the_cooperatives_own_board_changes_its_plan(small_copy):
    store = open_store(small_copy)
    coops = store.current(COOPERATIVES).frame["cooperative_id"].tolist()
    rnd = store.current(SCORES).frame["round"].max()
    other = Verbeterplan(store, store.model, MODULES, Access("lid-b", [Grant("bestuur", coops[1])]))
    with pytest.raises(Refused) as refused:
        other.save(coops[0], rnd, "D4.1", [action()])
    assert refused.value.reasons[0][0] == "access.refused"
    mine = Verbeterplan(store, store.model, MODULES, Access("lid-a", [Grant("bestuur", coops[0])]))
    mine.save(coops[0], rnd, "D4.1", [action()])
    assert other.frames()[0].empty and len(mine.frames()[0]) == 1  # not even read for another board


def test_demand_and_area_summary_count_without_texts(plan):
    svc, store, coop, rnd = plan
    register = store.current(COOPERATIVES).frame
    area = register.loc[register["cooperative_id"] == coop, "doorbraakgebied"].iloc[0]
    svc.save(coop, rnd, "D4.1", [action(module="ondernemen"), action("Tweede", module="ondernemen")])
    svc.save(coop, rnd, "D3.1", [action("Ledenavond", module="overtuigen")])
    svc.save_review(coop, rnd, "2099-1", {("D4.1", "1"): ("gedaan", ""), ("D4.1", "2"): ("niet", "")})
    frame, reviews = store.current(PLAN).frame, store.current(PLAN_REVIEWS).frame
    assert module_demand(frame) == {"ondernemen": 1, "overtuigen": 1}
    assert len(actions_of(frame, coop, rnd)) == 3

    # Five cooperatives in one area (the small demo has one per area): counts and the share done.
    big = register.assign(doorbraakgebied=area)
    summary = plan_summary(big, frame, reviews, min_n=5).set_index("doorbraakgebied")
    row = summary.loc[area]
    assert (row["n"], row["with_plan"], row["actions"], row["reviewed"]) == (len(big), 1, 3, 2)
    assert row["done"] == pytest.approx(0.5) and not row["withheld"]
    small = plan_summary(register, frame, reviews, min_n=5)
    assert small["withheld"].all() and small["with_plan"].isna().all()
    assert not any("Begroting" in str(v) for v in pd.concat([summary, small]).to_numpy().ravel())
