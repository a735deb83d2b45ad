"""The zelfevaluatie service and the board view, without widgets: a real store in a temp folder."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from wijkcoop.boardview import EVERYONE, board_view
from wijkcoop.drafts import DONT_KNOW, DraftConflict
from wijkcoop.problems import Refused
from wijkcoop.selfeval import NewerSubmission, SelfEvaluation, slug
from wijkcoop.tables import BOARD_SCORES, COOPERATIVES, NOTES, ROUNDS, SCORES


@pytest.fixture
def service(store, model):
    return SelfEvaluation(store, model, today=date(2026, 9, 1))


def fill(service, draft, answer="4"):
    for sid in service.model.statement_ids:
        assert service.set_answer(draft, sid, answer)


def test_a_new_cooperative_gets_a_free_id_from_its_name(service, store):
    first = service.register("Wijkcoöperatie Één (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", True)
    assert first == "wijkcooperatie-een-demo" == slug("Wijkcoöperatie Één (demo)")
    # Same slug, different name: the next free id.
    second = service.register("Wijkcoöperatie Een (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", False)
    assert second == "wijkcooperatie-een-demo-2"
    rows = store.current(COOPERATIVES).frame.set_index("cooperative_id")
    assert bool(rows.loc[first, "show_name"]) is True and bool(rows.loc[second, "show_name"]) is False


def test_registering_is_refused_with_every_missing_field_and_a_known_name(service, store):
    with pytest.raises(Refused) as missing:
        service.register("  ", "kasteel", "", "Gemeente (demo)", False)
    ((key, fields),) = missing.value.reasons
    assert fields["fields"] == ["@ze.register.name", "@ze.register.kind", "@ze.register.area"]
    assert "Naam" in missing.value.format("nl") and "Name" in missing.value.format("en")
    service.register("Coop A (demo)", "dorp", "Gebied (demo)", "Gemeente (demo)", False)
    with pytest.raises(Refused, match="staat al in de lijst"):
        service.register("coop a (DEMO)", "dorp", "Gebied (demo)", "Gemeente (demo)", False)
    assert len(store.read(COOPERATIVES).frame) == 1


def test_starting_checks_cooperative_round_and_name_together(service):
    cid = service.register("Coop S (demo)", "zorg", "Gebied (demo)", "Gemeente (demo)", False)
    with pytest.raises(Refused) as exc:
        service.check_start("onbekend", "2026-3", "")
    assert len(exc.value.reasons) == 3
    with pytest.raises(Refused):
        service.check_start(cid, "2026-1", "x" * 61)
    assert service.check_start(cid, " 2026-2 ", "  lid\u0007  één ") == (cid, "2026-2", "lid één")
    assert service.current_round() == "2026-2"


def test_a_draft_takes_only_values_the_form_offers(service):
    cid = service.register("Coop D (demo)", "buurt", "Gebied (demo)", "Gemeente (demo)", False)
    draft = service.resume(cid, "2026-2", "lid").draft
    assert not service.set_answer(draft, "D1.1", "7") and "D1.1" not in draft.answers
    assert not service.set_answer(draft, "D99.1", "3")
    assert service.set_answer(draft, "D1.1", DONT_KNOW) and not service.set_answer(draft, "D1.1", DONT_KNOW)
    assert service.set_discuss(draft, "D1.1", True) and draft.discuss == ["D1.1"]
    assert service.set_discuss(draft, "D1.1", "yes") and draft.discuss == []  # only True flags
    assert not service.set_note(draft, "D42", "x")
    assert service.set_note(draft, "D2", "  ") is False and "D2" not in draft.notes


def test_submit_stores_one_row_per_statement_and_resumes_from_what_was_sent(service, store):
    cid = service.register("Coop V (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", False)
    resumed = service.resume(cid, "2026-2", "lid")
    assert resumed.source == "new" and resumed.submitted_before == ""
    draft = resumed.draft
    with pytest.raises(Refused, match="40"):
        service.submit(draft, resumed.submitted_before)
    fill(service, draft)
    service.set_answer(draft, "D3.1", DONT_KNOW)
    service.set_note(draft, "D3", "Een toelichting (demo)")
    service.save_draft(draft)
    assert service.submit(draft, resumed.submitted_before) == len(service.model.statement_ids)
    scores = store.current(SCORES).frame
    assert len(scores) == 40 and pd.isna(scores.set_index("statement_id").loc["D3.1", "score"])
    assert store.current(NOTES).frame["note"].tolist() == ["Een toelichting (demo)"]
    again = service.resume(cid, "2026-2", "lid")
    assert again.source == "sent" and again.draft.answers["D3.1"] == DONT_KNOW and again.submitted_before


def test_submit_refuses_a_long_note_and_answers_sent_elsewhere_meanwhile(service, store):
    cid = service.register("Coop W (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", False)
    mine = service.resume(cid, "2026-2", "lid")
    fill(service, mine.draft)
    service.set_note(mine.draft, "D1", "x" * 3000)
    with pytest.raises(Refused, match="D1"):
        service.submit(mine.draft, mine.submitted_before)
    service.set_note(mine.draft, "D1", "")
    service.save_draft(mine.draft)
    other = SelfEvaluation(store, service.model, today=service.today).resume(cid, "2026-2", "lid")
    service.submit(other.draft, other.submitted_before)  # the same person, on another device
    mine.draft.version = 0  # this tab's draft is gone from the server with that submit
    with pytest.raises(NewerSubmission):
        service.submit(mine.draft, mine.submitted_before)
    assert len(store.read(SCORES).frame) == 40
    service.submit(mine.draft, mine.submitted_before, overwrite=True)
    assert len(store.read(SCORES).frame) == 80


def test_a_draft_changed_in_another_tab_is_not_overwritten(service):
    cid = service.register("Coop T (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", False)
    a = service.resume(cid, "2026-2", "lid").draft
    service.save_draft(a)
    b = service.resume(cid, "2026-2", "lid").draft
    service.set_answer(b, "D1.1", "2")
    service.save_draft(b)
    service.set_answer(a, "D1.1", "5")
    with pytest.raises(DraftConflict):
        service.save_draft(a)


def test_board_scores_and_round_state_are_checked(service, store):
    cid = service.register("Coop B (demo)", "wijk", "Gebied (demo)", "Gemeente (demo)", False)
    with pytest.raises(Refused):
        service.save_board_scores(cid, "2026-2", {"D1": (3.0, "")})  # nobody answered yet
    draft = service.resume(cid, "2026-2", "lid").draft
    fill(service, draft)
    service.submit(draft, "")
    for crafted in (3.3, "drie", 6.0):
        with pytest.raises(Refused):
            service.save_board_scores(cid, "2026-2", {"D1": (crafted, "")})
    with pytest.raises(Refused) as long:
        service.save_board_scores(cid, "2026-2", {"D2": (3.0, "x" * 2000)})
    assert "D2 " in long.value.format("en")
    with pytest.raises(Refused):
        service.save_board_scores(cid, "2026-2", {"D1": (None, "")})
    assert len(store.read(BOARD_SCORES).frame) == 0
    assert service.save_board_scores(cid, "2026-2", {"D1": (3.5, " Samen besproken (demo) ")}) == 1
    assert store.current(BOARD_SCORES).frame["rationale"].tolist() == ["Samen besproken (demo)"]
    service.set_round_complete(cid, "2026-2", True)
    assert (cid, "2026-2") in service.complete_rounds()
    service.set_round_complete(cid, "2026-2", False)
    assert (cid, "2026-2") not in service.complete_rounds() and len(store.read(ROUNDS).frame) == 2


def test_the_board_view_is_a_function_of_the_frames(demo_dir, model):
    from wijkcoop.context import open_store
    from wijkcoop.scoring import complete_rounds

    store = open_store(demo_dir, model=model)
    scores = store.current(SCORES).frame
    coop, rnd = scores.iloc[0]["cooperative_id"], "2026-1"
    frames = (scores, store.current(BOARD_SCORES).frame, store.current(NOTES).frame)
    done = complete_rounds(store.current(ROUNDS).frame)
    data = board_view(*frames, done, model, coop, rnd)
    mine = scores[(scores["cooperative_id"] == coop) & (scores["round"] == rnd)]
    assert data.dimensions["dimension_id"].tolist() == model.dimension_ids
    assert data.members == sorted(mine["respondent"].unique())
    # The board's spinnenweb value of D1 is the mean of the members' D1 means.
    d1 = mine[mine["statement_id"].str.startswith("D1.")].groupby("respondent")["score"].mean().mean()
    assert data.current[0] == pytest.approx(d1)
    assert data.previous == "2025-2" and data.before is not None and data.moved is not None
    member = board_view(*frames, done, model, coop, rnd, who=data.members[0])
    own = mine[(mine["respondent"] == data.members[0]) & mine["statement_id"].str.startswith("D1.")]
    assert member.current[0] == pytest.approx(own["score"].mean())
    assert board_view(*frames, done, model, coop, rnd, who="niemand").who == EVERYONE
    assert (data.notes["round"] == rnd).all() and (data.notes["cooperative_id"] == coop).all()
