"""A full disk and a read-only data folder, for real: a small tmpfs (mounting needs root; the test is
skipped with the reason where the machine does not allow it).

What must hold: a plain message in the person's language that names the folder, nothing half applied
(every table byte for byte as before, no journal, no torn tail, no half backup that looks like one),
and reading keeps working.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp
from wijkcoop.context import Context, open_store
from wijkcoop.importer import plan_import, run_import
from wijkcoop.maintenance import backup
from wijkcoop.problems import StorageError
from wijkcoop.selfeval import SelfEvaluation
from wijkcoop.store import StoreWarning
from wijkcoop.tables import PARTICIPANTS, RATINGS, SCORES, TABLES
from wijkcoop.training import Training


@pytest.fixture
def disk(tmp_path):
    """An empty 4 MB tmpfs, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the filler (delete it to make room again)."""
    filler = disk / "vulsel"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def tables(data: Path) -> dict[str, bytes]:
    return {
        t.filename: (data / t.filename).read_bytes() for t in TABLES.values() if (data / t.filename).exists()
    }


def submit(store):
    service = SelfEvaluation(store, store.model, today=date(2026, 9, 1))
    draft = service.resume("fabelveen-zuid", "2026-2", "schijf-vol").draft
    for sid in service.model.statement_ids:
        service.set_answer(draft, sid, "3")
    service.set_note(draft, "D2", "Een notitie (demo)")
    return service.submit(draft, "")


def import_file(store) -> bytes:
    lines = ["cooperative_id;round;respondent;statement_id;score;discuss;model_version;toelichting"]
    lines += [
        f"fabelveen-zuid;2025-1;schijf-vol-import;{sid};3;nee;2026.1;" for sid in store.model.statement_ids
    ]
    return ("\n".join(lines) + "\n").encode()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wijkcoop.cli", *args], capture_output=True, text=True)


def test_a_full_disk_gives_a_plain_message_changes_nothing_and_reads_keep_working(disk, small_dir):
    data = disk / "data"
    shutil.copytree(small_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    store = open_store(data)
    code = store.read(PARTICIPANTS).frame["session_id"].iloc[0]
    who = store.read(PARTICIPANTS).frame["participant"].iloc[0]
    counts = {t.name: len(store.read(t).frame) for t in TABLES.values()}
    # A save cut off earlier (a torn tail) that can no longer be set aside once the disk is full.
    with open(data / SCORES.filename, "ab") as f:
        f.write(b"fabelveen-zuid,2025-1,half")
    filler = fill(disk)
    before = tables(data)

    with pytest.raises(StorageError) as refused:
        submit(store)
    assert refused.value.key == "store.disk_full"
    assert refused.value.format("nl").startswith(f"De schijf is vol: er is niets opgeslagen in {data}")
    assert refused.value.format("en").startswith("The disk is full: nothing was saved")
    assert tables(data) == before
    for what, attempt in {
        "import (rows + log)": lambda: run_import(store, plan_import(store, import_file(store), "vol.csv")),
        "backup": lambda: backup(store),
    }.items():
        with pytest.raises(StorageError, match="De schijf is vol"):
            attempt()
        assert tables(data) == before, f"{what} changed a table"

    # A small save into one table may still fit in the file's last block; it is then whole, or refused.
    training = Training(store)
    session = training.session(code)
    items = training.rating.items(training.module(session.module))
    try:
        training.save_ratings(code, who, dict.fromkeys(items, 4), entered_by="trainer")
        grew = (data / RATINGS.filename).read_bytes()
        assert grew.startswith(before[RATINGS.filename]) and grew.count(b"\n") - before[
            RATINGS.filename
        ].count(b"\n") == len(items)
        counts["ratings"] += len(items)
    except StorageError:
        assert tables(data) == before
    before = tables(data)

    # Reading works, around the torn tail, and leaves nothing behind.
    assert {t.name: len(store.read(t).frame) for t in TABLES.values()} == counts
    assert not list(data.glob("*.torn-*")) and not list(data.glob(".*.tmp"))
    assert (
        not [p for p in (data / ".journal").glob("*") if p.is_file()]
        if (data / ".journal").exists()
        else True
    )
    backups = data.parent / "data-backups"
    assert not [p for p in backups.iterdir() if not p.name.startswith(".")] if backups.exists() else True

    # The command line says the same, without a traceback.
    source = disk.parent / "vol.csv"
    source.write_bytes(import_file(store))
    done = cli("import", str(source), "--data", str(data))
    assert done.returncode == 1 and "De schijf is vol" in done.stderr and "Traceback" not in done.stderr
    done = cli("export", "--data", str(data), "--out", str(disk / "export.csv"), "--format", "csv")
    assert done.returncode == 1 and "De schijf is vol" in done.stderr and "Traceback" not in done.stderr
    assert tables(data) == before

    filler.unlink()  # room again: the torn tail is set aside, and the same save goes through whole
    with pytest.warns(StoreWarning, match="scores.torn-"):
        assert submit(store) == 40
    assert len(store.read(SCORES).frame) == counts["scores"] + 40


def test_a_read_only_folder_is_said_at_start_and_nothing_is_tried(disk, small_dir):
    data = disk / "data"
    shutil.copytree(small_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    before = tables(data)

    context = Context(data)
    assert context.storage_problem is not None and context.storage_problem.key == "store.read_only"
    assert str(data) in context.storage_problem.format("nl")
    app = ZelfevaluatieApp(data, lang="nl", today=date(2026, 9, 1))
    assert "alleen-lezen" in app.status.value and str(data) in app.status.value
    assert len(context.store.read(SCORES).frame) == 9_360  # looking still works

    with pytest.raises(StorageError) as refused:
        submit(context.store)
    assert refused.value.key == "store.read_only"
    source = disk.parent / "ro.csv"
    source.write_bytes(import_file(context.store))
    done = cli("import", str(source), "--data", str(data))
    assert done.returncode == 1 and "alleen-lezen" in done.stderr and "Traceback" not in done.stderr
    assert tables(data) == before
    os.sync()
