"""Whole or not at all: every operation that touches more than one file, killed part-way.

Each trial starts from the same small data folder, runs one operation in a forked process and stops it
there: at one of the operation's dangerous moments (`journal.crashpoint`: after staging, after the
journal is committed, between two files, after applying, a backup copied but not yet named) or with
SIGKILL at a random moment. Then, as the next page or command would, the folder is opened and checked:

- `recover` (what every start does) finishes or drops the operation, and the folder validates;
- the operation is there whole or not at all (the same check for every kind, below);
- what the operation acknowledged (its process said "done") is there;
- nothing is left over: no journal, no staged or temporary files, no torn files, no half backup that
  looks like a backup.

`make test` kills every kind of operation 10 times (4 dangerous moments, 6 random); `make stress` runs
the long version (`test_many_random_kills`).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from wijkcoop.context import open_store
from wijkcoop.importer import plan_import, run_import
from wijkcoop.journal import CRASHED, crash_at
from wijkcoop.maintenance import backup, default_backups, forget, restore, verify
from wijkcoop.selfeval import SelfEvaluation
from wijkcoop.store import Store
from wijkcoop.tables import COOPERATIVES, EVALUATIONS, IMPORTS, NOTES, PARTICIPANTS, RATINGS, SCORES

MOMENTS = ("staged", "committed", "between-files", "applied")
KINDS = ("save", "import", "forget", "backup", "restore")
RANDOM_KILLS = 6


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, small_dir) -> Path:
    """The small demo folder and a backup of it (what `restore` puts back)."""
    folder = tmp_path_factory.mktemp("whole") / "data"
    shutil.copytree(small_dir, folder)
    SAVED[:] = [backup(open_store(folder), folder.parent / "saved")[0]]
    return folder


def fresh(pristine: Path, tmp_path: Path, name: str) -> Store:
    folder = tmp_path / name / "data"
    shutil.copytree(pristine, folder)
    return open_store(folder)


def import_file(model) -> bytes:
    ids = model.statement_ids
    lines = ["cooperative_id;round;respondent;statement_id;score;discuss;model_version;toelichting"]
    for who in range(3):
        for i, sid in enumerate(ids):
            lines.append(f"fabelveen-zuid;2025-1;import-crash-{who};{sid};{i % 5 + 1};nee;2026.1;")
    return ("\n".join(lines) + "\n").encode()


# -- the operations, and how each is recognised as whole or absent --------------------------------------
def do_save(store: Store) -> None:
    service = SelfEvaluation(store, store.model, today=date(2026, 9, 1))
    draft = service.resume("fabelveen-zuid", "2026-2", "crash-test").draft
    for sid in service.model.statement_ids:
        service.set_answer(draft, sid, "3")
    service.set_note(draft, "D1", "Een toelichting die bij de scores hoort (demo)")
    service.submit(draft, "")


def seen_save(store: Store) -> tuple[int, ...]:
    scores = store.read(SCORES).frame
    notes = store.read(NOTES).frame
    return tuple(int((frame["respondent"] == "crash-test").sum()) for frame in (scores, notes))


def do_import(store: Store) -> None:
    plan = plan_import(store, import_file(store.model), "crash.csv", today=date(2026, 9, 1))
    assert plan.ok, plan.problems
    run_import(store, plan)


def seen_import(store: Store) -> tuple[int, ...]:
    scores = store.read(SCORES).frame
    return (int(scores["respondent"].str.startswith("import-crash").sum()), len(store.read(IMPORTS).frame))


FORGOTTEN = "deelnemer-01"


def do_forget(store: Store) -> None:
    forget(store, respondent=FORGOTTEN)


def seen_forget(store: Store) -> tuple[int, ...]:
    return tuple(
        int((store.read(table).frame["participant"] == FORGOTTEN).sum())
        for table in (PARTICIPANTS, RATINGS, EVALUATIONS)
    )


def do_backup(store: Store) -> None:
    backup(store)


def seen_backup(store: Store) -> tuple[int, ...]:
    root = default_backups(store)
    folders = [f for f in root.iterdir() if not f.name.startswith(".")] if root.exists() else []
    for folder in folders:
        verify(folder)  # a folder that looks like a backup is a whole one
    return (len(folders),)


SAVED: list[Path] = []  # the backup of the pristine folder (set by the fixture)


def do_restore(store: Store) -> None:
    restore(store, SAVED[0])


def seen_restore(store: Store) -> tuple[int, ...]:
    """1 when the tables are the backup's, 0 when they are as before (the extra cooperative)."""
    names = set(store.read(COOPERATIVES).frame["cooperative_id"])
    return (int("extra-crash" not in names),)


def before_restore(store: Store) -> None:
    """A change after the backup, so the two states differ."""
    store.append(COOPERATIVES, [cooperative("extra-crash")])


def cooperative(cid: str) -> dict:
    return {
        "cooperative_id": cid,
        "name": f"Extra {cid} (demo)",
        "kind": "wijk",
        "doorbraakgebied": "Gebied (demo)",
        "gemeente": "Gemeente (demo)",
        "show_name": False,
    }


OPERATIONS: dict[str, tuple[Callable, Callable, Callable | None]] = {
    "save": (do_save, seen_save, None),
    "import": (do_import, seen_import, None),
    "forget": (do_forget, seen_forget, None),
    "backup": (do_backup, seen_backup, None),
    "restore": (do_restore, seen_restore, before_restore),
}


# -- one trial ------------------------------------------------------------------------------------------
def run_in_child(store: Store, kind: str, moment: str | None, kill_after: float | None) -> tuple[int, bool]:
    """Run the operation in a forked process; returns (exit status, whether it said it was done)."""
    op = OPERATIONS[kind][0]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, say done, leave without pytest's teardown
        status = 1
        try:
            os.close(read)
            crash_at(moment)
            op(open_store(store.data_dir))
            os.write(write, b"done")
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    said = os.read(read, 16) == b"done"
    os.close(read)
    return os.waitstatus_to_exitcode(status), said


def trial(pristine: Path, tmp_path: Path, n: int, kind: str, moment: str | None, kill_after: float | None):
    _, seen, prepare = OPERATIONS[kind]
    store = fresh(pristine, tmp_path, f"{kind}-{n}")
    if prepare:
        prepare(store)
    before = seen(store)
    code, said = run_in_child(store, kind, moment, kill_after)
    if moment is not None:
        assert code in (0, CRASHED), f"{kind} at {moment}: exit {code}"

    after = open_store(store.data_dir)
    after.recover(tidy=True)  # what the next page or command does first
    counts, problems = after.validate_all()
    assert problems == [], f"{kind} {moment or kill_after}: {[p.format() for p in problems[:3]]}"
    now = seen(after)
    whole = whole_state(kind, before)
    assert now in (before, whole), f"{kind} {moment or kill_after}: half state {now} (before {before})"
    if said:
        assert now == whole, f"{kind} said done but is not there"
    leftovers = [
        p.name
        for p in after.data_dir.rglob("*")
        if p.name.endswith(".tmp") or ".torn-" in p.name or (p.parent.name == ".journal")
    ]
    assert leftovers == [], f"{kind} {moment or kill_after}: left {leftovers}"
    return now == whole


def whole_state(kind: str, before: tuple[int, ...]) -> tuple[int, ...]:
    return {
        "save": (40, 1),
        "import": (120, 1),
        "forget": (0, 0, 0),
        "backup": (before[0] + 1,),
        "restore": (1,),
    }[kind]


def duration(pristine: Path, tmp_path: Path, kind: str) -> float:
    """How long the operation's process runs, unkilled (random kills fall within it)."""
    store = fresh(pristine, tmp_path, f"{kind}-timed")
    prepare = OPERATIONS[kind][2]
    if prepare:
        prepare(store)
    start = time.monotonic()
    assert run_in_child(store, kind, None, None) == (0, True)
    return time.monotonic() - start


@pytest.mark.parametrize("kind", KINDS)
def test_an_operation_killed_at_any_moment_is_whole_or_absent(pristine, tmp_path, kind):
    moments = ("backup-copied", *MOMENTS) if kind == "backup" else MOMENTS
    outcomes = []
    for n, moment in enumerate(moments):
        outcomes.append(trial(pristine, tmp_path, n, kind, moment, None))
    # Before the commit nothing happened; from the commit on, the operation is there whole.
    if kind != "backup":
        assert outcomes == [False, True, True, True]
    else:
        assert outcomes[0] is False
    took = duration(pristine, tmp_path, kind)
    rng = random.Random(kind)
    for n in range(RANDOM_KILLS):
        trial(pristine, tmp_path, 100 + n, kind, None, rng.uniform(0, took * 1.2))


@pytest.mark.stress
def test_many_random_kills(pristine, tmp_path):
    """The long run: 50 random kills per kind of operation."""
    rng = random.Random(2026)
    whole = {kind: 0 for kind in KINDS}
    for kind in KINDS:
        took = duration(pristine, tmp_path, kind)
        for n in range(50):
            whole[kind] += trial(pristine, tmp_path, 1000 + n, kind, None, rng.uniform(0, took * 1.2))
    print("whole after a random kill, per kind (of 50):", whole)


def test_a_torn_tail_of_the_operations_own_rows_is_recognised_whatever_the_cut(tmp_path):
    """Recovery removes a set-aside torn tail only when it holds nothing but the dead operation's rows;
    a fragment cut anywhere (even after ",4,0", which once parsed as a save of its own) is its own."""
    from wijkcoop.journal import _only_saves

    header = ",".join(SCORES.header).encode() + b"\n"
    mine = b"fabelveen-zuid,2025-1,lid,D1.2,4,0,2026.1,2026-12-01T10:00:00+00:00,40,0123456789ab-2\n"
    other = mine.replace(b"0123456789ab", b"ba9876543210")
    for cut in (b"fabelveen-zuid,2025-1,lid,D1.3,4,0", b"fabelveen-zuid,2025", b"f", b"x,2026-12-01T1"):
        aside = tmp_path / "scores.torn.csv"
        aside.write_bytes(header + mine + cut + b"\n")
        assert _only_saves(aside, {"0123456789ab"})
        aside.write_bytes(header + other + mine + cut + b"\n")
        assert not _only_saves(aside, {"0123456789ab"})
