"""The summerschool data through the real CSV store: checks before writing, corrections, measures."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from wijkcoop.problems import ProblemsError
from wijkcoop.store import Store
from wijkcoop.tables import BOARD_SCORES, COOPERATIVES, EVALUATIONS, PARTICIPANTS, RATINGS, SCORES, SESSIONS
from wijkcoop.training import Training, normalise_code

HERE = Path(__file__).resolve().parent


@pytest.fixture
def training(store) -> Training:
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": cid,
                "name": f"{cid} (demo)",
                "kind": "wijk",
                "doorbraakgebied": "Testgebied",
                "gemeente": "Gemeente Proefstad",
                "show_name": True,
            }
            for cid in ("alfa", "beta")
        ],
    )
    return Training(store)


def files(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.data_dir.glob("*.csv"))}


def answers(training: Training, module_id: str, value=lambda key: 3) -> dict:
    module = training.module(module_id)
    return {key: str(value(key)) for key in training.rating.items(module)}


def messages(info) -> str:
    return " | ".join(p.message("nl") for p in info.value.problems)


def test_a_session_needs_module_date_place_and_trainer_and_gets_a_readable_code(training, store):
    before = files(store)
    with pytest.raises(ProblemsError) as info:
        training.create_session("koken", None, " ", "")
    assert messages(info) == (
        "Kies een module. | Kies een datum. | Vul de plaats in. | Vul de naam van de trainer in."
    )
    assert files(store) == before
    code = training.create_session("overtuigen", date(2026, 8, 10), " Buurthuis  Test ", "Trainer T")
    assert len(code) == 6 and not set(code) & set("01OI")
    session = training.session(f" {code.lower()[:3]}-{code.lower()[3:]} ")  # how people type it
    assert session.place == "Buurthuis Test" and session.open and session.module == "overtuigen"
    assert normalise_code("ab0 1cd") == "ABOICD"


def test_joining_checks_name_consent_cooperative_role_and_an_open_session(training, store):
    code = training.create_session("leiderschap", date(2026, 8, 1), "Zaal", "Trainer")
    with pytest.raises(ProblemsError) as info:
        training.register(code, "", name="Echte Naam", consent=False, cooperative_id="gamma", role="koning")
    assert messages(info) == (
        "Vul een naam of schuilnaam in. | Een echte naam bewaren we alleen met toestemming: vink het vakje "
        "aan, of kies een schuilnaam. | Kies een coöperatie uit de lijst (of 'geen'). | Kies een rol."
    )
    with pytest.raises(ProblemsError, match="bestaat niet"):
        training.register("ZZZZZZ", "Kees", role="bewoner")
    assert not store.path(PARTICIPANTS).exists()

    who = training.register(code, "  Penningmeester   Zuid ", cooperative_id="alfa", role="bestuurslid")
    assert who == "Penningmeester Zuid"
    again = training.register(code, "penningmeester zuid", cooperative_id="beta", role="bestuurslid")
    assert again == who  # the same person, corrected: one current row, two in the history
    current = training.participants(code)
    assert list(current["cooperative_id"]) == ["beta"] and len(store.read(PARTICIPANTS).frame) == 2

    training.set_open(code, False)
    with pytest.raises(ProblemsError, match="gesloten"):
        training.register(code, "Laatkomer", role="bewoner")
    assert training.register(code, "Laatkomer", role="bewoner", entered_by="trainer") == "Laatkomer"


def test_ratings_are_all_or_nothing_and_only_whole_numbers_1_to_5(training, store):
    code = training.create_session("ondernemen", date(2026, 8, 5), "Zaal", "Trainer")
    training.register(code, "Merel", role="vrijwilliger")
    before = files(store)
    good = answers(training, "ondernemen")
    for bad in ("0", "6", "3.5", "drie", "", None, True):
        wrong = dict(good)
        wrong[("G2", "kunnen", "voor")] = bad
        with pytest.raises(ProblemsError) as info:
            training.save_ratings(code, "Merel", wrong, entered_by="deelnemer")
        assert messages(info) == "Nog 1 vraag zonder antwoord, bij leerdoel 2."
    assert files(store) == before
    with pytest.raises(ProblemsError, match="staat niet bij de sessie"):
        training.save_ratings(code, "Onbekend", good, entered_by="deelnemer")
    assert training.save_ratings(code, "merel", good, entered_by="deelnemer") == 21
    better = answers(training, "ondernemen", lambda key: 5 if key[2] == "na" else 2)
    training.save_ratings(code, "Merel", better, entered_by="trainer")
    assert len(store.read(RATINGS).frame) == 42
    now = training.ratings(code)
    assert len(now) == 21 and set(now["entered_by"]) == {"trainer"}
    assert now.groupby("moment")["score"].unique().to_dict() == {"na": [5], "voor": [2]}


def test_learning_gain_and_distribution_by_hand(training):
    code = training.create_session("leiderschap", date(2026, 8, 1), "Zaal", "Trainer")
    # P1 on G1: weten 2 -> 4, kunnen 1 -> 3  (before 1.5, after 3.5, gain 2.0)
    # P2 on G1: weten 3 -> 4, kunnen 3 -> 3  (before 3.0, after 3.5, gain 0.5)
    given = {
        "P1": {
            ("G1", "weten", "voor"): 2,
            ("G1", "weten", "na"): 4,
            ("G1", "kunnen", "voor"): 1,
            ("G1", "kunnen", "na"): 3,
            ("G1", "doen", "na"): 5,
        },
        "P2": {
            ("G1", "weten", "voor"): 3,
            ("G1", "weten", "na"): 4,
            ("G1", "kunnen", "voor"): 3,
            ("G1", "kunnen", "na"): 3,
            ("G1", "doen", "na"): 2,
        },
    }
    for who, mine in given.items():
        training.register(code, who, role="bewoner")
        training.save_ratings(
            code, who, answers(training, "leiderschap", lambda k, m=mine: m.get(k, 3)), "deelnemer"
        )
    module = training.module("leiderschap")
    ratings = training.ratings(code)
    gain = training.gain(ratings, module)
    assert gain.loc["G1", "n"] == 2
    assert gain.loc["G1", ["before", "after", "gain", "doen"]].tolist() == [2.25, 3.5, 1.25, 3.5]
    assert gain.loc["G2", ["before", "after", "gain"]].tolist() == [3.0, 3.0, 0.0]
    counts = training.distribution(ratings, module)
    assert counts.loc[("G1", "weten", "na")].tolist() == [0, 0, 0, 2, 0]
    assert counts.loc[("G1", "kunnen", "voor")].tolist() == [1, 0, 1, 0, 0]
    assert (counts.sum(axis=1) == 2).all() and len(counts) == 21
    empty = training.distribution(ratings.iloc[:0], module)
    assert len(empty) == 21 and int(empty.to_numpy().sum()) == 0


def test_evaluation_is_checked_and_summarised(training, store):
    code = training.create_session("werkvormen", date(2026, 8, 4), "Zaal", "Trainer")
    training.register(code, "A", role="bewoner")
    training.register(code, "B", role="bewoner")
    with pytest.raises(ProblemsError) as info:
        training.save_evaluation(
            code, "A", relevance="9", engagement=None, top="x" * 501, entered_by="deelnemer"
        )
    assert messages(info).count("Kies bij beide vragen") == 2 and "hooguit 500 tekens" in messages(info)
    assert not store.path(EVALUATIONS).exists()
    training.save_evaluation(
        code, "A", relevance="4", engagement="5", top="=HYPERLINK(1)", entered_by="deelnemer"
    )
    training.save_evaluation(
        code, "B", relevance="2", engagement="3", tip="Meer pauze", entered_by="deelnemer"
    )
    summary = training.evaluation_summary(training.evaluations(code))
    assert summary == {
        "n": 2,
        "relevance": 3.0,
        "engagement": 4.0,
        "tops": ["=HYPERLINK(1)"],
        "tips": ["Meer pauze"],
    }


def test_after_the_session_the_linked_dimensions_are_compared_with_the_others(training, store, model):
    """alfa took Overtuigen (D7, D3) in August 2024; its D7 went 2 -> 4, beta's (no module) 2 -> 3."""
    dims = {"D7": {"alfa": (2, 4), "beta": (2, 3)}, "D3": {"alfa": (3, 3), "beta": (1, 2)}}
    rows = []
    for n, (round_id, when) in enumerate(
        (("2024-1", datetime(2024, 3, 5, tzinfo=UTC)), ("2025-1", datetime(2025, 3, 5, tzinfo=UTC)))
    ):
        for coop in ("alfa", "beta"):
            for sid in model.statement_ids:
                dim = model.dimension_of(sid)
                score = dims[dim][coop][n] if dim in dims else 3
                rows.append(
                    {
                        "cooperative_id": coop,
                        "round": round_id,
                        "respondent": "voorzitter",
                        "statement_id": sid,
                        "score": score,
                        "discuss": False,
                        "model_version": model.model_version,
                        "saved_at": when,
                    }
                )
    store.append(SCORES, rows)
    # An agreed board score wins over the members' mean, as everywhere in the kit.
    store.append(
        BOARD_SCORES,
        [
            {
                "cooperative_id": "alfa",
                "round": "2025-1",
                "dimension_id": "D3",
                "score": 3.5,
                "model_version": model.model_version,
            }
        ],
    )
    code = training.create_session("overtuigen", date(2024, 8, 10), "Zaal", "Trainer")
    training.register(code, "A", cooperative_id="alfa", role="bestuurslid", entered_by="trainer")
    training.register(
        code, "Afwezig", cooperative_id="beta", role="bestuurslid", present=False, entered_by="trainer"
    )
    after = training.after_session().set_index("dimension_id")
    assert list(after.index) == ["D7", "D3"] and set(after["cooperative_id"]) == {"alfa"}
    assert after.loc[
        "D7", ["round_before", "round_after", "before", "after", "change", "others_change"]
    ].tolist() == ["2024-1", "2025-1", 2.0, 4.0, 2.0, 1.0]
    assert after.loc["D3", ["before", "after", "change", "others_change"]].tolist() == [3.0, 3.5, 0.5, 1.0]
    attendance = training.attendance()
    assert attendance.loc["alfa", "overtuigen"] == 1 and "beta" not in attendance.index


def test_participants_joining_at_once_from_many_processes_lose_nothing(training, store):
    code = training.create_session("overtuigen", date(2026, 8, 10), "Zaal", "Trainer")
    script = (
        "import sys; from wijkcoop.context import open_store; from wijkcoop.training import Training\n"
        "tr = Training(open_store(sys.argv[1])); who = sys.argv[3]\n"
        "tr.register(sys.argv[2], who, role='bewoner')\n"
        "m = tr.module(tr.session(sys.argv[2]).module)\n"
        "tr.save_ratings(sys.argv[2], who, {k: '4' for k in tr.rating.items(m)}, entered_by='deelnemer')\n"
        "tr.save_evaluation(sys.argv[2], who, relevance='5', engagement='4', entered_by='deelnemer')\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(store.data_dir), code, f"deelnemer-{i}"])
        for i in range(6)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    ratings = store.read(RATINGS).frame
    assert len(ratings) == 6 * 21
    assert ratings.groupby("participant").size().tolist() == [21] * 6
    assert ratings["record_id"].is_unique
    assert len(store.read(PARTICIPANTS).frame) == 6 and len(store.read(EVALUATIONS).frame) == 6
    counts, problems = store.validate_all()
    assert problems == [] and counts["sessions"] == 1


def test_a_hand_edited_sessions_file_is_reported_by_line(training, store):
    training.create_session("overtuigen", date(2026, 8, 10), "Zaal", "Trainer")
    path = store.path(SESSIONS)
    lines = path.read_text(encoding="utf-8").splitlines()
    head, row = lines[0], lines[1].split(",")
    bad = [row[:] for _ in range(3)]
    bad[0][0], bad[1][1], bad[2][2] = "abc", "koken", "2026-13-01"
    path.write_text("\n".join([head, *lines[1:], *(",".join(b) for b in bad)]) + "\n", encoding="utf-8")
    result = store.read(SESSIONS)
    found = {(p.line, p.column, p.key) for p in result.problems}
    assert found == {
        (3, "session_id", "store.bad_code"),
        (4, "module", "store.unknown_module"),
        (5, "date", "store.bad_day"),
    }
    assert len(result.frame) == 1
