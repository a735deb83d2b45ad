"""Property tests: whatever a browser sets on the widgets, in any order, only valid data is stored.

Each example drives a fresh app with a random sequence of widget states (valid and invalid, as comm
messages would carry them: `set_state`) and clicks (also on hidden or disabled buttons). Afterwards
the data folder passes `validate_all`, nothing unexpected was raised (the page shows no error), and
the stored rows keep the apps' rules (a whole questionnaire or nothing; no evaluation without ratings).
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from traitlets import TraitError

from wijkcoop.apps.deelnemer import DeelnemerApp
from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp
from wijkcoop.context import open_store
from wijkcoop.tables import COOPERATIVES, EVALUATIONS, PARTICIPANTS, RATINGS, SCORES
from wijkcoop.training import Training

TEXTS = st.one_of(
    st.sampled_from(
        ["", "Merel", " merel ", "lid-1", "2026-2", "20٢٦-2", "x" * 700, "\x1b[31mrood\x00", "é"]
    ),
    st.text(max_size=30),
)
ODD = st.one_of(st.none(), st.integers(-5, 99), st.booleans(), TEXTS, st.just({"x": 1}), st.just([1, 2]))


def apply(widget, state: dict) -> None:
    """What the kernel does with a comm 'update' message: set the state, refuse what does not fit."""
    # ipywidgets refuses what does not fit; in the kernel that is logged on the server.
    with contextlib.suppress(TraitError, TypeError, ValueError, KeyError):
        widget.set_state(state)


def folder() -> Path:
    data = Path(tempfile.mkdtemp(prefix="wijkcoop-prop-")) / "data"
    store = open_store(data)
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "proef",
                "name": "Buurtcoöperatie Proef (demo)",
                "kind": "buurt",
                "doorbraakgebied": "Proefgebied",
                "gemeente": "Gemeente Proef",
                "show_name": True,
            }
        ],
    )
    return data


def invariants(data: Path, app) -> None:
    assert app.status.value == "", app.status.value  # nothing unexpected was raised
    store = open_store(data)
    _, problems = store.validate_all()
    assert not problems, [p.format("en") for p in problems]
    scores = store.read(SCORES).frame
    if len(scores):
        per_save = scores.groupby("record_id").size()
        assert (scores.groupby(scores["record_id"].str.split("-").str[0]).size() == 40).all(), per_save
    evaluations = store.read(EVALUATIONS).frame
    ratings = store.read(RATINGS).frame
    for row in evaluations.itertuples():
        assert ((ratings["session_id"] == row.session_id) & (ratings["participant"] == row.participant)).any()


PARTICIPANT_INPUTS = ("code", "who", "consent", "coop", "role")
PARTICIPANT_BUTTONS = ("join_button", "who_button", "rating_button", "eval_button")

participant_steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("set"), st.sampled_from(PARTICIPANT_INPUTS), st.sampled_from(["value", "index"]), ODD
        ),
        st.tuples(st.just("click"), st.sampled_from(PARTICIPANT_BUTTONS), st.integers(1, 3), st.none()),
        st.tuples(st.just("rate"), st.just(""), st.sampled_from(["index", "value"]), ODD),
        st.tuples(st.just("good"), st.just(""), st.just(""), st.none()),
    ),
    max_size=14,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=participant_steps)
def test_the_participant_page_stores_only_what_its_steps_allow(steps):
    data = folder()
    code = Training(open_store(data)).create_session(
        "leiderschap", date(2026, 12, 1), "Zaal (demo)", "T (demo)"
    )
    app = DeelnemerApp(data, lang="nl")
    for kind, name, key, value in steps:
        if kind == "set":
            apply(getattr(app, name), {key: value})
        elif kind == "click":
            for _ in range(key):
                getattr(app, name).click()
        elif kind == "rate" and app.rating_form is not None:
            for toggle in app.rating_form.toggles.values():
                apply(toggle, {key: value})
        elif kind == "good":  # a well-behaved person now and then, so later steps are reached
            app.code.value = code
            app.join_button.click()
            app.who.value, app.role.value = "Merel", "vrijwilliger"
            app.who_button.click()
            if app.rating_form is not None:
                for toggle in app.rating_form.toggles.values():
                    toggle.value = "3"
    invariants(data, app)
    people = open_store(data).read(PARTICIPANTS).frame
    assert people["participant"].str.len().le(60).all()


FILL_INPUTS = ("coop", "round", "respondent")

fill_steps = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.sampled_from(FILL_INPUTS), st.sampled_from(["value", "index"]), ODD),
        st.tuples(
            st.just("click"),
            st.sampled_from(["start_button", "submit_button", "next_button"]),
            st.just(1),
            st.none(),
        ),
        st.tuples(st.just("answer"), st.integers(0, 39), st.sampled_from(["index", "value"]), ODD),
        st.tuples(st.just("note"), st.integers(0, 9), st.just("value"), TEXTS),
        st.tuples(st.just("go"), st.integers(-2, 12), st.just(""), st.none()),
        st.tuples(st.just("all"), st.just(""), st.just(""), st.none()),
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=fill_steps)
def test_the_zelfevaluatie_form_stores_a_whole_valid_questionnaire_or_nothing(steps, model):
    data = folder()
    app = ZelfevaluatieApp(data, model=model, lang="nl", today=date(2026, 11, 24))
    f = app.fill
    for kind, name, key, value in steps:
        if kind == "set":
            apply(getattr(f, name), {key: value})
        elif kind == "click":
            getattr(f, name).click()
        elif kind == "answer":
            sid = model.statement_ids[name]
            if sid in f.answer:
                apply(f.answer[sid], {key: value})
        elif kind == "note":
            dim = model.dimension_ids[name]
            if dim in f.note:
                apply(f.note[dim], {key: value})
        elif kind == "go":
            f.go(name)
        elif kind == "all" and f.session is not None:
            for page, dim in enumerate(model.dimensions):
                f.go(page)
                for statement in dim.statements:
                    f.answer[statement.id].value = "4"
            f.go(len(model.dimensions))
    invariants(data, app)
