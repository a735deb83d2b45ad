"""A hostile browser against `wijkcoop serve`: crafted messages and requests, no Chromium needed.

Each test asserts that the server keeps serving, that nothing the page could not store gets stored
(or a burst is stored exactly once), and that no traceback or server path goes out on the websocket.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import psutil
import pytest

from wijkcoop.context import open_store
from wijkcoop.tables import EVALUATIONS, PARTICIPANTS, RATINGS, TABLES
from wijkcoop.training import Training

from .conftest import serve_copy, wait_for_http
from .hostile import PageClient

pytestmark = pytest.mark.browser

GRACE = 12
TOKEN = "vijandig-token-4711"
LEAKS = ("Traceback", "site-packages", "/work/", 'File \\"', '.py\\", line')


def snapshot(data: Path) -> dict[str, str]:
    out = {}
    for table in TABLES.values():
        path = data / table.filename
        out[table.filename] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return out


def answers(base: str) -> int:
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        return response.status


def kernels(server) -> int:
    """Kernel processes of the server that are alive (a stopped one may linger as a zombie)."""
    n = 0
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(child.cmdline()):
                n += 1
        except psutil.Error:
            pass
    return n


def no_leaks(client: PageClient) -> None:
    sent = client.texts()
    for leak in LEAKS:
        assert leak not in sent, f"{leak!r} went out on the websocket"


@pytest.fixture(scope="module")
def open_server(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir, "--preheat", "0", "--grace", str(GRACE))
    try:
        wait_for_http(server.base + "/", server.proc)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def token_server(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir, "--token", TOKEN, "--preheat", "0", "--max-kernels", "2")
    try:
        wait_for_http(server.base + f"/?token={TOKEN}", server.proc)
        yield server
    finally:
        server.stop()


@pytest.fixture
def code(open_server) -> str:
    return Training(open_store(open_server.data)).create_session(
        "leiderschap", date(2026, 12, 1), "Zaal Vijandig (demo)", "Trainer H (demo)"
    )


def test_the_old_websocket_protocol_is_handled_and_the_server_keeps_serving(open_server):
    """A websocket without the v1 subprotocol, then the message that opens Bestuur samen (its charts go
    out as binary frames): on Voilà 0.5.13 this hung the server for good (100% CPU, memory climbing)."""
    server = psutil.Process(open_server.proc.pid)
    client = PageClient(open_server.base, "zelfevaluatie", subprotocol=None).open()
    try:
        assert client.ws.selected_subprotocol is None  # the legacy protocol
        client.load_states()
        tabs = next(m for m, s in client.states.items() if s.get("_model_name") == "TabModel")
        client.set(tabs, selected_index=1)
        client.wait(lambda: any(isinstance(m, bytes) for m in client.raw), 60)  # a chart arrived
        before = server.memory_info().rss
        for _ in range(5):
            assert answers(open_server.base) == 200
            time.sleep(1)
        assert server.memory_info().rss < before + 50 * 2**20
        sent = [m.get("header", {}).get("msg_type") for _, m in client.received]
        assert "execute_input" not in sent  # Voilà's filter also holds on this protocol
        no_leaks(client)
    finally:
        client.close()


def test_crafted_values_and_clicks_out_of_order_store_nothing_and_leak_nothing(open_server, code):
    before = snapshot(open_server.data)
    client = PageClient(open_server.base, "deelnemer").open()
    try:
        client.load_states()
        # Buttons of later steps, clicked before their step (they are hidden, not gone).
        for css in ("who-next", "ratings-submit", "eval-submit"):
            client.click(client.find(css), times=3)
        # Out-of-range and wrong-type values for every input.
        client.set(client.find("who-role"), index=99)
        client.set(client.find("who-coop"), index=-5)
        client.set(client.find("who-consent"), value="ja")
        client.set(client.find("join-code"), value=12345)
        client.set(client.find("eval-relevance"), index=42)
        client.set(client.find("eval-top"), value={"x": 1})
        client.click(client.find("eval-submit"), times=50)
        client.idle()
        no_leaks(client)
    finally:
        client.close()
    assert snapshot(open_server.data) == before
    assert answers(open_server.base) == 200


def test_a_burst_of_clicks_is_stored_once_and_control_characters_are_removed(open_server, code):
    client = PageClient(open_server.base, "deelnemer").open()
    try:
        client.load_states()
        client.set(client.find("join-code"), value=code)
        client.click(client.find("join-button"))
        client.idle(1)
        client.set(client.find("who-name"), value="\x1b[31mMerel\x00 Vijand\x07")
        client.load_states()  # the role options exist now
        role = client.states[client.find("who-role")]
        client.set(client.find("who-role"), index=role["_options_labels"].index("vrijwilliger"))
        client.click(client.find("who-next"), times=50)
        client.idle(1)
        client.load_states()
        toggles = [
            m
            for m, s in client.states.items()
            if any(c.startswith("rate-") for c in s.get("_dom_classes", []))
        ]
        assert toggles
        for model_id in toggles:
            client.set(model_id, index=3)
        client.click(client.find("ratings-submit"), times=50)
        client.idle(1)
        client.set(client.find("eval-relevance"), index=4)
        client.set(client.find("eval-engagement"), index=3)
        client.set(client.find("eval-top"), value="Goed\x1b[0m\x7f gedaan")
        client.click(client.find("eval-submit"), times=50)
        client.idle(2)
        no_leaks(client)
    finally:
        client.close()
    store = open_store(open_server.data)
    people = store.read(PARTICIPANTS).frame.query("session_id == @code")
    # Once, and without ESC, NUL and BEL (what remains is plain, harmless text).
    assert people["participant"].tolist() == ["[31mMerel Vijand"]
    ratings = store.read(RATINGS).frame.query("session_id == @code")
    assert len(ratings) == len(toggles)  # 50 clicks, one save
    evaluations = store.read(EVALUATIONS).frame.query("session_id == @code")
    assert evaluations["top"].tolist() == ["Goed[0m gedaan"]
    _, problems = store.validate_all()
    assert not problems


def test_page_loads_without_a_browser_do_not_pile_up_kernels(open_server):
    deadline = time.monotonic() + 30
    while kernels(open_server) and time.monotonic() < deadline:  # the other tests' pages are gone
        time.sleep(0.5)
    start = kernels(open_server)
    for _ in range(10):
        with urllib.request.urlopen(open_server.base + "/voila/render/groeimodel.ipynb", timeout=120) as r:
            assert r.status == 200
    assert kernels(open_server) >= start + 10
    deadline = time.monotonic() + GRACE + 30
    while kernels(open_server) > start and time.monotonic() < deadline:
        time.sleep(0.5)
    assert kernels(open_server) == start  # freed after the grace, long before the culler would


def test_a_cap_answers_busy_instead_of_running_out_of_memory(token_server):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    opener.open(token_server.base + f"/?token={TOKEN}", timeout=30).read()
    page = token_server.base + "/voila/render/groeimodel.ipynb"
    for _ in range(2):
        assert opener.open(page, timeout=120).status == 200
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(page, timeout=120)
    assert refused.value.code == 503
    assert "te druk" in refused.value.read().decode("utf-8")
    assert refused.value.headers.get("Retry-After") == "60"


def test_the_token_leaves_the_address_and_the_log(token_server):
    connection = http.client.HTTPConnection("127.0.0.1", token_server.port, timeout=30)
    connection.request("GET", f"/?token={TOKEN}")
    response = connection.getresponse()
    assert response.status in (301, 302, 303, 307)
    assert TOKEN not in response.getheader("Location", "") and response.getheader("Location")
    cookies = response.headers.get_all("Set-Cookie") or []
    assert cookies and all("samesite=lax" in c.lower() for c in cookies)
    connection.close()
    for path in (f"/voila/render/nergens.ipynb?token={TOKEN}", f"/api/contents?token={TOKEN}"):
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(token_server.base + path, timeout=30)
    time.sleep(1)
    assert TOKEN not in token_server.log_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("server_name", ["open_server", "token_server"])
def test_headers_and_host_names(server_name, request):
    server = request.getfixturevalue(server_name)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/login" if server_name == "token_server" else "/")
    response = connection.getresponse()
    response.read()
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Server") is None
    assert "frame-ancestors 'self'" in (response.getheader("Content-Security-Policy") or "")
    connection.request("GET", "/", headers={"Host": f"rebind.example:{server.port}"})
    rebound = connection.getresponse()
    rebound.read()
    assert rebound.status == 403  # DNS rebinding: only loopback names on a loopback server
    connection.close()


def test_a_name_a_reverse_proxy_passes_on_can_be_allowed(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir, "--preheat", "0", "--allow-host", "wijkcoop.example.nl")
    try:
        wait_for_http(server.base + "/", server.proc)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for host, status in (("wijkcoop.example.nl", 200), ("rebind.example", 403)):
            connection.request("GET", "/", headers={"Host": host})
            response = connection.getresponse()
            response.read()
            assert response.status == status, host
        connection.close()
    finally:
        server.stop()
