"""Probe the served kit: only the app pages are reachable; data, content, sources and APIs are not.

Every probe must answer an ordinary 403 or 404 page (after following redirects) that leaks nothing.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from wijkcoop.serve import voila_command

from .conftest import serve_copy, wait_for_http

pytestmark = pytest.mark.browser

PROBES = [
    "/voila/files/zelfevaluatie.ipynb",  # notebook source
    "/voila/files/summerschool.ipynb",
    "/voila/files/../src/wijkcoop/store.py",  # Python sources
    "/voila/files/%2e%2e/src/wijkcoop/store.py",
    "/voila/files/%2e%2e%2fsrc%2fwijkcoop%2fstore.py",
    "/voila/files/%252e%252e%252fsrc/wijkcoop/store.py",
    "/voila/files/../zelfevaluatie/groeimodel.yaml",  # content files
    "/voila/files/../summerschool/_beoordeling.yaml",
    "/voila/files/../pyproject.toml",
    "/voila/render/..%2fsrc%2fwijkcoop%2fcli.py",
    "/voila/render/%2e%2e/zelfevaluatie/groeimodel.yaml",
    "/voila/render/../../src/wijkcoop/cli.py",
    "/voila/static/../../src/wijkcoop/cli.py",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/files/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/contents",
    "/api/contents/zelfevaluatie.ipynb",
    "/api/kernels",
    "/api/sessions",
    "/voila/tree/..",
    "/voila/render/bestaat-niet.ipynb",
    "/voila/query/geen-kernel",
    "/notebooks/zelfevaluatie.ipynb",
    "/lab",
    # The analyst's notebooks (every cooperative's data) live beside the apps but are never served.
    "/voila/render/analyse/analyse-voorbeeld.ipynb",
    "/voila/tree/analyse",
    "/voila/files/analyse/analyse-voorbeeld.ipynb",
]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # follows redirects
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def data_probes(data) -> list[str]:
    """The data folder by absolute path and by climbing out of the served folder."""
    climb = "..%2f" * 8 + str(data).lstrip("/").replace("/", "%2f")
    return [
        f"/voila/files/{data}/scores.csv",
        f"/voila/files/{climb}%2fscores.csv",
        f"/voila/files/{climb}%2f.pseudoniem-sleutel",
        f"/voila/render/{climb}%2fcooperaties.csv",
    ]


def test_nothing_but_the_apps_is_served(served):
    base, data = served
    secrets = [
        (data / "cooperaties.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .split(",")[0],  # a cooperative id
        "model_version",  # YAML content
        "from __future__",  # Python source
        "wait_for_request",  # notebook source
        "root:x:0:0",  # /etc/passwd
        "Traceback",
    ]
    for path in PROBES + data_probes(data):
        status, body = fetch(base + path)
        assert status in (403, 404), (path, status)
        for secret in secrets:
            assert secret not in body, (path, secret)


def test_app_pages_hide_their_source_and_the_server_binds_to_loopback(served):
    base, _ = served
    status, body = fetch(base + "/voila/render/zelfevaluatie.ipynb")
    assert status == 200 and "wait_for_request" not in body and "ZelfevaluatieApp" not in body
    assert base.startswith("http://127.0.0.1:")
    command = voila_command(Path("notebooks"), port=1)
    assert "--Voila.ip=127.0.0.1" in command and "--show_tracebacks=False" in command


@pytest.fixture(scope="module")
def with_token(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir, "--token", "proef-token-123", "--preheat", "0")
    try:
        wait_for_http(server.base + "/?token=proef-token-123", server.proc)
        yield server
    finally:
        server.stop()


def test_a_token_protects_every_page(with_token, browser):
    base = with_token.base
    for path in (
        "/",
        "/voila/render/zelfevaluatie.ipynb",
        "/voila/render/summerschool.ipynb",
        "/?token=fout",
    ):
        status, body = fetch(base + path)  # redirected to the login page, which shows no app
        assert status == 200 and "/login" in body.lower() or status in (401, 403), path
        assert "wijkcoop-zelfevaluatie" not in body and "Zelfevaluatie groeimodel" not in body
    page = browser.new_context().new_page()
    page.goto(base + "/?token=proef-token-123")  # once; the browser keeps a cookie
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=90_000)
    page.context.close()
