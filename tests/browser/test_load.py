"""Twenty participants at once against one server: every submission stored exactly once, no error page."""

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


def test_twenty_simultaneous_sessions_each_stored_exactly_once(server):
    result = load.run(server.base, server.data, server.proc.pid, n=20)
    assert result["errors"] == []
    assert result["rows_per_participant"] == {f"last-{i:02d}": result["items"] for i in range(20)}
    assert result["items"] == 21 and result["peak_mb"] > 0
    print("\n".join(load.markdown(result)))
