"""Who may see what: every role against every action, on a real store; the apps for a person with one
board, with crafted values; the command line; the deployment modes (hub, one role per server, laptop).
"""

from __future__ import annotations

import html
from datetime import date

import pytest

from wijkcoop import access
from wijkcoop.access import Access, Grant, NoAccess
from wijkcoop.cli import main
from wijkcoop.compare import load_base
from wijkcoop.context import open_store
from wijkcoop.problems import Refused
from wijkcoop.selfeval import SelfEvaluation
from wijkcoop.tables import ACCESS, COOPERATIVES, SCORES

TODAY = date(2026, 9, 1)


@pytest.fixture
def coops(small_copy):
    register = open_store(small_copy).current(COOPERATIVES).frame.sort_values("cooperative_id")
    a, b = register.iloc[0], register.iloc[1]
    return a, b


def service(folder, *grants, user="iemand"):
    return SelfEvaluation(
        open_store(folder), open_store(folder).model, today=TODAY, access=Access(user, grants)
    )


def filled(svc, coop, who="lid"):
    draft = svc.resume(coop, "2026-2", who).draft
    for sid in svc.model.statement_ids:
        svc.set_answer(draft, sid, "3")
    return draft


ROLES = {
    "bestuur of A": lambda a, b: [Grant("bestuur", a)],
    "trainer": lambda a, b: [Grant("trainer")],
    "coordinator": lambda a, b: [Grant("coordinator")],
    "beheerder": lambda a, b: [Grant("beheerder")],
    "nobody": lambda a, b: [],
}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_against_every_zelfevaluatie_action(small_copy, coops, role):
    a, b = (c["cooperative_id"] for c in coops)
    svc = service(small_copy, *ROLES[role](a, b))
    may_a = role in ("bestuur of A", "beheerder")
    may_b = role == "beheerder"
    assert set(svc.cooperatives()["cooperative_id"]) >= ({a} if may_a else set())
    assert (b in set(svc.cooperatives()["cooperative_id"])) is may_b
    scores, board, notes = svc.board_frames()
    assert set(scores["cooperative_id"]) <= ({a} if not may_b else set(scores["cooperative_id"]))
    assert (len(scores) > 0) is may_a
    for coop, may in ((a, may_a), (b, may_b)):
        actions = {
            "resume": lambda c=coop: svc.resume(c, "2026-2", "lid"),
            "submit": lambda c=coop: svc.submit(filled(service(small_copy, Grant("beheerder")), c), ""),
            "board scores": lambda c=coop: svc.save_board_scores(c, "2025-1", {"D1": (3, "")}),
            "round complete": lambda c=coop: svc.set_round_complete(c, "2025-1", True),
        }
        for name, action in actions.items():
            if may:
                action()
            else:
                with pytest.raises(Refused, match="Dit mag u niet zien of doen"):
                    action()
                assert name


def test_a_registrar_becomes_the_board_of_what_they_register_and_only_that(small_copy, coops):
    a, _ = (c["cooperative_id"] for c in coops)
    with pytest.raises(Refused):
        service(small_copy, Grant("bestuur", a), user="lid-a").register(
            "Nieuw (demo)", "wijk", "X", "Y", False
        )
    svc = service(small_copy, Grant("bestuur"), user="oprichter")
    cid = svc.register("Nieuwe Coöperatie (demo)", "dorp", "Gebied (demo)", "Gemeente (demo)", False)
    assert list(svc.cooperatives()["cooperative_id"]) == [cid]
    assert Grant("bestuur", cid) in access.grants_of(open_store(small_copy), "oprichter")


def test_a_coordinator_of_one_area_gets_only_that_areas_figures(small_copy):
    store = open_store(small_copy)
    register = store.current(COOPERATIVES).frame
    area = register["doorbraakgebied"].iloc[0]
    base = load_base(store, Access("coord", [Grant("coordinator", area=area)]).areas())
    assert set(base.register["doorbraakgebied"]) == {area}
    assert set(base.values["cooperative_id"]) <= set(
        register[register["doorbraakgebied"] == area]["cooperative_id"]
    )
    assert Access("coord", [Grant("coordinator")]).areas() is None  # all areas
    assert (
        Access("b", [Grant("bestuur", "x")]).areas() == set()
        and not Access("b", [Grant("bestuur", "x")]).coordinator
    )


def test_identity_comes_from_the_deployment(small_copy, monkeypatch):
    store = open_store(small_copy)
    monkeypatch.delenv(access.ENV_USER, raising=False)
    monkeypatch.delenv(access.ENV_ROLE, raising=False)
    assert Access.everything().admin and access.identify(store).admin  # a laptop: the beheerder
    monkeypatch.setenv(access.ENV_ROLE, "trainer")  # a shared server with one role
    who = access.identify(store)
    assert who.trainer and not who.admin and not who.fills_in
    monkeypatch.setenv(access.ENV_ROLE, "keizer")
    assert not access.identify(store).anything  # a wrong role lets nobody in
    monkeypatch.setenv(access.ENV_USER, "bestuur-a")  # behind the hub: the grants of that login
    assert not access.identify(store).anything
    access.change(store, "test", "bestuur-a", Grant("bestuur", "fabelveen-zuid"), True)
    assert access.identify(store).boards() == {"fabelveen-zuid"}
    access.change(store, "test", "bestuur-a", Grant("bestuur", "fabelveen-zuid"), False)
    assert not access.identify(store).anything
    assert len(store.read(ACCESS).frame) == 2  # the history: granted, then revoked, and by whom


def test_the_apps_for_one_board_show_only_that_board_and_refuse_crafted_values(
    small_copy, coops, monkeypatch
):
    from wijkcoop.apps.common import build
    from wijkcoop.apps.summerschool import SummerschoolApp
    from wijkcoop.apps.vergelijken import VergelijkenApp
    from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

    (a, name_a), (b, name_b) = ((c["cooperative_id"], c["name"]) for c in coops)
    store = open_store(small_copy)
    access.change(store, "test", "bestuur-a", Grant("bestuur", a), True)
    monkeypatch.setenv(access.ENV_USER, "bestuur-a")
    app = ZelfevaluatieApp(small_copy, lang="nl", today=TODAY)
    assert [v for _, v in app.fill.coop.options if v] == [a]
    app.tabs.selected_index = 1
    assert [v for _, v in app.board.choices["cooperative"].dropdown.options] == [a]
    app.show_board(b, "2025-1")  # asking for another board, as a crafted start would
    app.board.state.cooperative = b
    app.board.render()
    page = html.unescape(repr(app.widget))
    assert name_b not in page and b not in page
    assert not (app.board.scores["cooperative_id"] != a).any()
    app.tabs.selected_index = 2
    app.data.scope.options = [("alles", ("all", ""))]  # a crafted export of everything
    app.data.scope.value = ("all", "")
    app.data.export()
    assert (
        "Dit mag u niet zien of doen" in app.data.export_links.value
        and "data:" not in app.data.export_links.value
    )
    app.data.check_file()
    assert "Dit mag u niet zien of doen" in app.data.report.value  # importing is the beheerder's
    # The other apps: no grant, no app; a friendly page instead.
    with pytest.raises(NoAccess):
        SummerschoolApp(small_copy, lang="nl")
    with pytest.raises(NoAccess):
        VergelijkenApp(small_copy, lang="nl")
    monkeypatch.setenv(access.ENV_USER, "onbekend")
    shown = build(lambda: ZelfevaluatieApp(small_copy, lang="en", today=TODAY), lang="en")
    assert "You (onbekend) have no access to this app yet" in shown.value
    assert len(open_store(small_copy).read(SCORES).frame) == len(store.read(SCORES).frame)


def test_access_from_the_command_line(small_copy, coops, capsys):
    a = coops[0]["cooperative_id"]
    data = ["--data", str(small_copy)]
    assert main(["access", "list", *data]) == 0
    assert "nog niemand" in capsys.readouterr().out
    assert main(["access", "grant", "bestuur-a", "--role", "bestuur", "--cooperative", a, *data]) == 0
    assert main(["access", "grant", "coord", "--role", "coordinator", "--area", "Fabelveen", *data]) == 0
    assert main(["access", "grant", "x", "--role", "bestuur", "--cooperative", "bestaat-niet", *data]) == 1
    capsys.readouterr()
    assert main(["access", "list", *data]) == 0
    out = capsys.readouterr().out
    assert f"bestuur-a: bestuur ({a}), gegeven door cli:" in out and "coord: coordinator (Fabelveen)" in out
    assert main(["access", "revoke", "bestuur-a", "--role", "bestuur", "--cooperative", a, *data]) == 0
    capsys.readouterr()
    main(["access", "list", *data])
    assert "bestuur-a" not in capsys.readouterr().out


def test_the_beheerder_grants_and_revokes_on_the_access_tab(small_copy, coops, monkeypatch):
    from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

    a = coops[0]["cooperative_id"]
    store = open_store(small_copy)
    access.change(store, "eerste-beheerder", "beheer", Grant("beheerder"), True)
    monkeypatch.setenv(access.ENV_USER, "beheer")
    app = ZelfevaluatieApp(small_copy, lang="nl", today=TODAY)
    assert app.tabs.titles[-1] == "Toegang"
    app.tabs.selected_index = 3
    tab = app.access_tab
    tab.user.value = "  bestuur-a "
    tab.role.value = "bestuur"
    tab.scope.value = a
    tab.grant_button.click()
    assert "bestuur-a is nu bestuur" in tab.message.value and "bestuur-a" in tab.table.value
    assert access.grants_of(store, "bestuur-a") == [Grant("bestuur", a)]
    assert store.current(ACCESS).frame.set_index("user").loc["bestuur-a", "by"] == "beheer"
    tab.revoke_button.click()
    assert access.grants_of(store, "bestuur-a") == []
    # A board member's page has no such tab, and its clicks would be refused on the server anyway.
    monkeypatch.setenv(access.ENV_USER, "bestuur-b")
    access.change(store, "beheer", "bestuur-b", Grant("bestuur", a), True)
    board = ZelfevaluatieApp(small_copy, lang="nl", today=TODAY)
    assert board.access_tab is None and len(board.tabs.titles) == 3
    tab.app = board
    tab.set(True)
    assert "Dit mag u niet zien of doen" in tab.message.value
    assert access.grants_of(store, "bestuur-a") == []


def test_a_shared_server_refuses_a_role_that_does_not_exist(small_copy, capsys):
    assert main(["serve", "--role", "keizer", "--data", str(small_copy)]) == 2
    assert "keizer is geen rol" in capsys.readouterr().err


def test_a_trainer_sees_the_sessions_they_made_and_nothing_of_another_trainers(small_copy, monkeypatch):
    from wijkcoop.tables import SESSION_TRAINERS
    from wijkcoop.training import Training

    store = open_store(small_copy)
    first = Training(store, Access("trainer-1", [Grant("trainer")]))
    second = Training(store, Access("trainer-2", [Grant("trainer")]))
    assert len(first.sessions()) == 0  # the demo's sessions were made by nobody with a login
    code = first.create_session("werkvormen", TODAY, "Buurthuis (demo)", "Trainer Een (demo)")
    assert store.current(SESSION_TRAINERS).frame[["session_id", "user"]].values.tolist() == [
        [code, "trainer-1"]
    ]
    first.register(code, "Merel", role="vrijwilliger", entered_by="trainer")
    assert list(first.sessions()["session_id"]) == [code] and len(first.participants(code)) == 1
    # The other trainer: not in the list, not reachable by its code, none of its people.
    assert len(second.sessions()) == 0 and second.session(code) is None
    assert len(second.participants(code)) == 0 and len(second.ratings(code)) == 0
    with pytest.raises(Exception, match="bestaat niet"):
        second.set_open(code, False)
    # The beheerder, the laptop and the participant page (by code) see every session.
    assert code in set(Training(store, Access("beheer", [Grant("beheerder")])).sessions()["session_id"])
    assert len(Training(store).sessions()) == 9 and Training(store).session(code) is not None
    # The trainer's app behind the hub: the session list is theirs only.
    from wijkcoop.apps.summerschool import SummerschoolApp

    access.change(store, "test", "trainer-2", Grant("trainer"), True)
    monkeypatch.setenv(access.ENV_USER, "trainer-2")
    assert [v for _, v in SummerschoolApp(small_copy, lang="nl").pick.options if v] == []
    access.change(store, "test", "trainer-1", Grant("trainer"), True)
    monkeypatch.setenv(access.ENV_USER, "trainer-1")
    assert [v for _, v in SummerschoolApp(small_copy, lang="nl").pick.options if v] == [code]
