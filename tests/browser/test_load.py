"""Participants at once against one server: every submission stored exactly once, no error page.

Both in `make stress` (load runs crowd out everything else in `make test`, whose 15 minutes on two
cores they would not fit; the concurrency guarantees themselves are tested in make test by
tests/test_store_processes.py, tests/test_whole.py and the two participants of test_summerschool.py).
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


@pytest.mark.stress
@pytest.mark.parametrize("n", [5, 20], ids=["five", "twenty"])
def test_simultaneous_sessions_each_stored_exactly_once(server, n):
    result = load.run(server.base, server.data, server.proc.pid, n=n)
    assert result["errors"] == []
    assert result["rows_per_participant"] == {f"last-{i:02d}": result["items"] for i in range(n)}
    assert result["items"] == 21 and result["peak_mb"] > 0
    print("\n".join(load.markdown(result)))
