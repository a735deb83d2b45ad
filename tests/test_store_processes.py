"""The store under real concurrent processes and a real kill -9 in the middle of a save."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wijkcoop.context import open_store
from wijkcoop.store import StoreWarning
from wijkcoop.tables import SCORES

WORKER = Path(__file__).with_name("store_worker.py")


def start(data, worker, saves, *extra):
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data), str(worker), str(saves), *extra],
        stdout=subprocess.PIPE,
        text=True,
    )


def returned_ids(output: str) -> list[str]:
    return [i for line in output.splitlines() if line.startswith("saved ") for i in line.split()[1:]]


@pytest.mark.slow
def test_eight_processes_fifty_saves_each_every_row_exactly_once(tmp_path, model):
    data = tmp_path / "data"
    procs = [start(data, w, 50) for w in range(8)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8
    expected = [i for out in outputs for i in returned_ids(out)]
    assert len(expected) == 8 * 50 * 10

    result = open_store(data, model=model).read(SCORES)
    assert result.problems == []
    ids = result.frame["record_id"]
    assert sorted(ids) == sorted(expected)  # every returned row, none twice, none extra
    assert not ids.duplicated().any()
    text = (data / SCORES.filename).read_text(encoding="utf-8")
    assert text.count("cooperative_id,round") == 1  # one header, decided under the lock
    # Each save's rows are contiguous: saves never interleave.
    save_of = ids.str.rsplit("-", n=1).str[0]
    assert (save_of != save_of.shift()).sum() == 8 * 50


@pytest.mark.slow
def test_kill_in_the_middle_of_a_save_loses_nothing_that_returned(tmp_path, model):
    data = tmp_path / "data"
    proc = start(data, 1, 100, "--tear-after", "7")
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.strip() == "torn":
            break
    proc.kill()  # SIGKILL while it holds the lock and half its bytes are on disk
    proc.wait(timeout=30)
    proc.stdout.close()
    returned = returned_ids("".join(lines))
    assert len(returned) == 7 * 10
    raw = (data / SCORES.filename).read_bytes()
    assert not raw.endswith(b"\n")  # the file really is torn

    store = open_store(data, model=model, lock_timeout=10)
    with pytest.warns(StoreWarning, match=r"scores\.torn-"):
        result = store.read(SCORES)
    assert result.problems == []
    assert list(result.frame["record_id"]) == returned
    assert len(list(data.glob("scores.torn-*.csv"))) == 1
    # The dead writer's lock was released by the kernel: a new save goes through.
    assert len(store.append(SCORES, result.frame.iloc[:2][SCORES.header[:7]].to_dict("records"))) == 2


@pytest.mark.slow
def test_writer_killed_at_a_random_moment_leaves_a_readable_store(tmp_path, model):
    data = tmp_path / "data"
    proc = start(data, 2, 10_000)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if len(seen) == 25:
            break
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    returned = set(returned_ids("".join(seen)))
    store = open_store(data, model=model)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoreWarning)  # torn or not depends on timing
        frame = store.read(SCORES).frame
    assert returned <= set(frame["record_id"])
    counts = frame.groupby(frame["record_id"].str.rsplit("-", n=1).str[0]).size()
    assert (counts == 10).all()  # no half save is ever visible
