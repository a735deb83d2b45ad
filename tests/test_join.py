"""Joining a session from a phone: the address and QR code the trainer shows, the code read back from
the address, guessing refused, and a pool of warm participant pages sized to the room."""

from __future__ import annotations

import json

import pytest

from wijkcoop import serve
from wijkcoop.join import code_from_query, code_space, participant_url, qr_svg
from wijkcoop.training import Training


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8866",
                "SCRIPT_NAME": "/voila/render/summerschool.ipynb",
            },
            "http://127.0.0.1:8866/voila/render/deelnemer.ipynb?code=ABC234",
        ),
        (
            {
                "SERVER_NAME": "wijkcoop.example.nl",
                "SERVER_PORT": "443",
                "WIJKCOOP_SECURE": "1",
                "SCRIPT_NAME": "/kit/voila/render/summerschool.ipynb",
            },
            "https://wijkcoop.example.nl/kit/voila/render/deelnemer.ipynb?code=ABC234",
        ),
        (
            {"SERVER_NAME": "::1", "SERVER_PORT": "8866"},
            "http://[::1]:8866/voila/render/deelnemer.ipynb?code=ABC234",
        ),
        (  # behind JupyterHub: the public participant service, on the host the trainer used
            {
                "SERVER_NAME": "hub.example.nl",
                "SERVER_PORT": "443",
                "WIJKCOOP_SECURE": "1",
                "SCRIPT_NAME": "/user/trainer/voila/render/summerschool.ipynb",
                "WIJKCOOP_PARTICIPANT_URL": "/services/deelnemen/voila/render/deelnemer.ipynb",
            },
            "https://hub.example.nl/services/deelnemen/voila/render/deelnemer.ipynb?code=ABC234",
        ),
        (
            {"WIJKCOOP_PARTICIPANT_URL": "https://zaal.example.nl/voila/render/deelnemer.ipynb"},
            "https://zaal.example.nl/voila/render/deelnemer.ipynb?code=ABC234",
        ),
        ({}, None),
    ],
)
def test_the_participant_address_is_the_one_the_trainers_browser_used(environ, expected):
    assert participant_url("ABC234", environ) == expected


def test_the_qr_code_is_an_inline_svg_of_the_address():
    url = "http://127.0.0.1:8866/voila/render/deelnemer.ipynb?code=ABC234"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and f"<title>{url}</title>" in svg.replace("&amp;", "&")
    assert qr_svg(url.replace("234", "235")) != svg


def test_the_code_in_an_address_is_read_only_when_it_can_be_a_code():
    assert code_from_query("code=abc234") == "ABC234"
    assert code_from_query("x=1&code=ABC234&code=ZZZZZZ") == "ABC234"
    for bad in ("", "code=", "code=ABC2345", "code=ABC10I", "code=%3Cscript%3E", "kode=ABC234"):
        assert code_from_query(bad) == ""
    assert code_space() == 32**6  # 1,073,741,824 codes


def test_a_page_opened_from_the_qr_code_starts_in_the_session_and_guessing_is_refused(
    small_copy, monkeypatch
):
    from wijkcoop.apps import deelnemer
    from wijkcoop.apps.deelnemer import DeelnemerApp
    from wijkcoop.context import open_store

    code = Training(open_store(small_copy)).sessions().iloc[0]["session_id"]
    Training(open_store(small_copy)).set_open(code, True)
    monkeypatch.setenv("QUERY_STRING", f"code={code.lower()}")
    app = DeelnemerApp(small_copy, lang="nl")
    assert app.body.children[0] is app.who_step and app.session.session_id == code

    monkeypatch.setenv("QUERY_STRING", "code=<b>")
    app = DeelnemerApp(small_copy, lang="nl")
    assert app.body.children[0] is app.code_step
    clock = [1000.0]
    monkeypatch.setattr(deelnemer.time, "monotonic", lambda: clock[0])
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"):
        app.code.value = guess
        app.join()
        assert f"Sessiecode &#x27;{guess}&#x27; bestaat niet" in app.code_message.value
    app.code.value = code  # even the right code waits a minute after five wrong ones
    app.join()
    assert "Te veel verkeerde codes" in app.code_message.value and app.body.children[0] is app.code_step
    clock[0] += 61
    app.join()
    assert app.body.children[0] is app.who_step


def test_a_room_gets_its_own_pool_of_warm_participant_pages(tmp_path):
    command = serve.voila_command(tmp_path, port=8866, preheat=1, room=30)
    (pools,) = [
        a.split("=", 1)[1] for a in command if a.startswith("--VoilaKernelManager.kernel_pools_config=")
    ]
    assert json.loads(pools) == {"default": {"pool_size": 1}, "deelnemer.ipynb": {"pool_size": 30}}
    assert "--preheat_kernel=True" in serve.voila_command(tmp_path, port=8866, preheat=0, room=5)
    assert not [a for a in serve.voila_command(tmp_path, port=8866, preheat=0) if "preheat" in a]


def test_the_live_tab_reads_how_many_places_the_server_keeps_ready(tmp_path):
    """The server writes its pools' state (server.Limits.write_places); join.warm_places reads it."""
    import json
    import time

    from wijkcoop.join import ENV_PLACES, warm_places

    path = tmp_path / "places.json"
    env = {ENV_PLACES: str(path)}
    assert warm_places(env) is None  # no file yet: the tab says nothing
    state = {"written": time.time(), "pools": {"deelnemer.ipynb": {"ready": 28, "wanted": 30}}}
    path.write_text(json.dumps(state), encoding="utf-8")
    assert warm_places(env) == (28, 30)
    assert warm_places({}) is None  # a server without the file (an older one, or the laptop)
    state["written"] = time.time() - 120  # a server that stopped two minutes ago
    path.write_text(json.dumps(state), encoding="utf-8")
    assert warm_places(env) is None
    state = {"written": time.time(), "pools": {"deelnemer.ipynb": {"ready": 0, "wanted": 0}}}
    path.write_text(json.dumps(state), encoding="utf-8")
    assert warm_places(env) is None  # no pool for the room
    path.write_text("{half", encoding="utf-8")
    assert warm_places(env) is None


def test_a_pool_refills_once_the_room_has_settled_and_one_kernel_at_a_time():
    """server.Refill against Voilà's contract: `fill_if_needed` fills a pool up to its configured size."""
    import asyncio

    from wijkcoop.server import Refill

    loop = asyncio.new_event_loop()
    page = "deelnemer.ipynb"

    class Manager:
        kernel_pools_config = {"default": {"pool_size": 1}, page: {"pool_size": 3}}
        _pools: dict = {page: []}

    manager = Manager()

    def fill(delay, notebook_name, extra_kernel_env_variables, **kwargs):
        assert delay == 0 and extra_kernel_env_variables == {}  # not the address of the page that took one
        pool = manager._pools.setdefault(notebook_name, [])
        while len(pool) < manager.kernel_pools_config[notebook_name]["pool_size"]:
            pool.append(loop.create_future())

    clock = [0.0]
    warm: set[str] = set()  # kernels that have run their notebook up to wait_for_request()

    def is_warm(future) -> bool:
        return future.done() and future.result()["kernel_id"] in warm

    refill = Refill(manager, fill, settle=15, clock=lambda: clock[0], warm=is_warm, patience=60)
    for second in (0, 4, 9):  # three phones take the three warm kernels
        clock[0] = second
        refill.took(page, {})
        refill.tick()
    assert manager._pools[page] == []  # nothing starts while the room arrives
    clock[0] = 23
    refill.tick()
    assert manager._pools[page] == []  # 14 s since the last phone: not settled yet
    clock[0] = 24
    refill.tick()
    refill.tick()
    assert len(manager._pools[page]) == 1  # one kernel starting, not three
    assert manager.kernel_pools_config[page]["pool_size"] == 3  # the pool's size is left as it was
    manager._pools[page][0].set_result({"kernel_id": "k1"})
    refill.tick()
    assert len(manager._pools[page]) == 1  # started, but still running its notebook
    warm.add("k1")
    refill.tick()
    assert len(manager._pools[page]) == 2
    manager._pools[page][1].set_result({"kernel_id": "k2"})  # its notebook fails: never warm
    clock[0] = 83
    refill.tick()
    assert len(manager._pools[page]) == 2
    clock[0] = 85  # after a minute the next one starts all the same
    refill.tick()
    manager._pools[page][2].set_result({"kernel_id": "k3"})
    warm.update({"k2", "k3"})
    refill.tick()
    assert len(manager._pools[page]) == 3 and page not in refill.taken  # full: nothing more to do
    loop.close()


def test_message_dates_are_read_as_jupyter_client_reads_them():
    """server.fast_parse_date (the server reads every message's dates) against jupyter_client's own."""
    from jupyter_client import jsonutil

    from wijkcoop.server import fast_parse_date

    original = getattr(jsonutil, "_wijkcoop_parse_date", jsonutil.parse_date)
    for text in (
        "2026-12-02T00:21:44.123456Z",
        "2026-12-02T00:21:44.123Z",
        "2026-12-02T00:21:44Z",
        "2026-12-02T01:21:44.5+01:00",
        "2026-12-02T01:21:44+0100",
        "2026-12-02T00:21:44.123456+00:00",
        "geen datum",
        "2026-12-02",
        "",
    ):
        assert fast_parse_date(text, original) == original(text), text
    assert fast_parse_date(None, original) is None
