"""Participants at once against one server: every submission stored exactly once, no error page.

Five in `make test` (a guard beside everything else); twenty in `make stress` (the room, on its own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import serve_copy, wait_for_http

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import load  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir):
    server = serve_copy(tmp_path_factory, demo_dir)  # as `make app` serves it
    try:
        wait_for_http(server.base + "/", server.proc)
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("n", [5, pytest.param(20, marks=pytest.mark.stress)], ids=["five", "twenty"])
def test_simultaneous_sessions_each_stored_exactly_once(server, n):
    result = load.run(server.base, server.data, server.proc.pid, n=n)
    assert result["errors"] == []
    assert result["rows_per_participant"] == {f"last-{i:02d}": result["items"] for i in range(n)}
    assert result["items"] == 21 and result["peak_mb"] > 0
    print("\n".join(load.markdown(result)))
