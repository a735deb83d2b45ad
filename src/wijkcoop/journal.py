"""Operations that change more than one file, whole or not at all.

An operation (a save across tables, an import with its log entry, an erasure, a restore) runs under
the locks of every file it touches, taken in one order (sorted by name) so operations never wait on
each other in a circle, in four steps:

1. **stage**: new versions of the files it rewrites are written to `.journal/<id>/`;
2. **commit**: the journal `.journal/<id>.json` (which rows to append where, which staged files to put
   in place, which folders to remove) is written to a temporary name, fsynced and renamed. From this
   moment the operation has happened;
3. **apply**: the appends and renames, each safe to repeat;
4. **done**: the journal and its staged files are removed.

A crash before the commit leaves nothing visible (the staged files are tidied at the next start). A
crash after it is rolled forward by whoever comes next: a writer finds the journal under its table's
lock, a reader before it reads, a start-up in `recover`. So no reader or writer ever works on a half
operation. `crashpoint` lets the crash tests stop a process at each of these moments.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import filelock

from .csvlog import CsvLog, HeaderMismatch, atomic_write, encode_rows, fsync_dir, save_position

log = logging.getLogger(__name__)

JOURNAL_DIR = ".journal"
RECOVERY_LOCK = ".journal.lock"
CRASHED = 77  # the exit status of a process stopped by `crashpoint`
_CRASH_AT = os.environ.get("WIJKCOOP_CRASH_AT") or None


def crashpoint(name: str) -> None:
    """For the crash tests: stop the process here, as `kill -9` would (WIJKCOOP_CRASH_AT=<name>)."""
    if _CRASH_AT is not None and name == _CRASH_AT:
        os._exit(CRASHED)


def crash_at(name: str | None) -> None:
    """Set the crash point of this process (the crash tests call it in a forked child)."""
    global _CRASH_AT
    _CRASH_AT = name


class Operation:
    """What one operation will change; filled in under the locks, then `Journal.commit`ted."""

    def __init__(self, names: Iterable[str]):
        self.id = uuid.uuid4().hex[:12]
        self.names = sorted(set(names))  # the files whose locks it holds
        self.appends: dict[str, tuple[list[str], list[list[str]]]] = {}  # file -> (header, rows)
        self.replaces: dict[str, bytes | None] = {}  # file -> new content, or None to remove it
        self.trees: list[str] = []  # folders to remove (relative to the data folder)

    def append(self, name: str, header: list[str], rows: list[list[str]]) -> None:
        self._touch(name)
        self.appends.setdefault(name, (header, []))[1].extend(rows)

    def replace(self, name: str, data: bytes | None) -> None:
        self._touch(name)
        self.replaces[name] = data

    def remove_tree(self, relative: str) -> None:
        self.trees.append(relative)

    def _touch(self, name: str) -> None:
        if name not in self.names or "/" in name:
            raise ValueError(f"{name} is not locked by this operation")

    def __bool__(self) -> bool:
        return bool(self.appends or self.replaces or self.trees)


class Journal:
    """The `.journal/` folder of a data folder."""

    def __init__(self, data_dir: Path, lock_timeout: float = 30.0):
        self.data_dir, self.lock_timeout = data_dir, lock_timeout
        self.dir = data_dir / JOURNAL_DIR

    def pending(self) -> bool:
        """Is an operation committed but not yet finished (its writer busy, or dead)?"""
        try:
            return any(n.endswith(".json") for n in os.listdir(self.dir))
        except (FileNotFoundError, NotADirectoryError):
            return False

    def lock(self, name: str) -> filelock.FileLock:
        """The writers' lock of a file in the data folder (the same one `CsvLog.lock` takes)."""
        return filelock.FileLock(str(self.data_dir / name) + ".lock", timeout=self.lock_timeout)

    @contextlib.contextmanager
    def holding(self, names: Iterable[str], recover: Callable[[], object] | None = None) -> Iterator[None]:
        """Hold the locks of these files (in sorted order). With `recover`: if another operation's
        journal is pending, let go, recover, and take them again, so this one starts from whole data."""
        ordered = sorted(set(names))
        while True:
            with contextlib.ExitStack() as stack:
                for name in ordered:
                    stack.enter_context(self.lock(name))
                if recover is None or not self.pending():
                    yield
                    return
            recover()

    # -- the four steps --------------------------------------------------------------------------------
    def commit(self, op: Operation) -> None:
        """Stage, commit, apply and finish `op`; the caller holds the locks of `op.names`.

        If anything fails before the commit point, nothing has changed. If appending fails after it
        (a full disk), the appends are undone and the journal removed: nothing has changed either.
        """
        if not op:
            return
        if len(op.appends) == 1 and not op.replaces and not op.trees:
            # One append to one file is whole by itself (a torn tail is set aside): no journal needed.
            ((name, (header, rows)),) = op.appends.items()
            CsvLog(self.data_dir / name, header).write_locked(encode_rows(rows))
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.dir.mkdir(exist_ok=True)
        staged = self.dir / op.id
        doc = {
            "id": op.id,
            "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "appends": {
                name: {"header": header, "text": encode_rows(rows).decode("utf-8")}
                for name, (header, rows) in op.appends.items()
            },
            "replaces": {name: data is not None for name, data in op.replaces.items()},
            "trees": op.trees,
        }
        try:
            if op.replaces:
                staged.mkdir()
                for name, data in op.replaces.items():
                    if data is not None:
                        _write_staged(staged / name, data, self.data_dir / name)
                fsync_dir(staged)
            crashpoint("staged")
            atomic_write(self.dir / f"{op.id}.json", json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        crashpoint("committed")
        sizes: dict[str, int] = {}
        try:
            self._apply(doc, sizes)
        except Exception:
            if op.replaces or op.trees:
                raise  # files may be renamed already: the journal stays, recovery finishes it
            for name, size in sizes.items():  # undo the appends; nothing was renamed
                with contextlib.suppress(OSError):
                    os.truncate(self.data_dir / name, size)
            self._finish(op.id)
            raise
        self._finish(op.id)

    def _apply(self, doc: dict, sizes: dict[str, int] | None = None) -> None:
        """Make a committed operation's changes; safe to repeat after a crash part-way. `sizes` (the
        writer's own first run) gets each appended file's size before, and skips the checks for
        rows already there (the writer holds the locks: nothing of its own can be there yet)."""
        first = True
        for name, part in doc["appends"].items():
            if not first:
                crashpoint("between-files")
            first = False
            log = CsvLog(self.data_dir / name, part["header"])
            data = part["text"].encode("utf-8")
            if sizes is not None:
                sizes[name] = log.path.stat().st_size if log.path.exists() else 0
            else:
                data = _missing(log, data)
            if data:
                log.write_locked(data)
        staged = self.dir / doc["id"]
        for name, keep in doc["replaces"].items():
            if not first:
                crashpoint("between-files")
            first = False
            target = self.data_dir / name
            if not keep:
                target.unlink(missing_ok=True)
            elif (staged / name).exists():
                os.replace(staged / name, target)
        for relative in doc["trees"]:
            path = self.data_dir / relative
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        fsync_dir(self.data_dir)

    def _finish(self, op_id: str) -> None:
        crashpoint("applied")
        (self.dir / f"{op_id}.json").unlink(missing_ok=True)
        shutil.rmtree(self.dir / op_id, ignore_errors=True)
        fsync_dir(self.dir)

    # -- after a crash ---------------------------------------------------------------------------------
    def recover(self, tidy: Iterable[str] | None = None) -> list[str]:
        """Roll forward every committed operation; returns their ids. With `tidy` (the names of every
        file in the data folder that has a lock): also remove what crashed operations left before
        their commit: staged files, temporary files."""
        if not self.pending() and (tidy is None or not self._leftovers()):
            return []  # the usual case: nothing to finish, nothing to tidy, no lock taken
        done: list[str] = []
        with filelock.FileLock(str(self.data_dir / RECOVERY_LOCK), timeout=self.lock_timeout):
            for path in sorted(self.dir.glob("*.json")) if self.dir.is_dir() else []:
                doc = json.loads(path.read_text(encoding="utf-8"))
                names = [*doc["appends"], *doc["replaces"]]
                with self.holding(names):
                    if not path.exists():
                        continue  # its writer was alive and finished it meanwhile
                    try:
                        self._apply(doc)
                    except HeaderMismatch as exc:  # a table re-saved by hand since: `wijkcoop repair`
                        log.warning("operation %s waits: %s starts with %s", doc["id"], names, exc)
                        continue
                    self._finish(doc["id"])
                    done.append(doc["id"])
            if tidy is not None:
                with self.holding(tidy):  # no operation is between stage and commit now
                    self._tidy()
        return done

    def _leftovers(self) -> bool:
        try:
            staged = bool(os.listdir(self.dir))
        except (FileNotFoundError, NotADirectoryError):
            staged = False
        return staged or any(self.data_dir.glob(".*.tmp"))

    def _tidy(self) -> None:
        if self.dir.is_dir():
            for entry in self.dir.iterdir():
                if entry.suffix == ".json" and not entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        for leftover in self.data_dir.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def _write_staged(path: Path, data: bytes, like: Path) -> None:
    """A staged file, fsynced, with the permissions of the file it will replace."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    with contextlib.suppress(OSError):
        os.chmod(path, like.stat().st_mode & 0o777)


def _missing(log: CsvLog, data: bytes) -> bytes:
    """The lines of `data` whose save is not (wholly) in the log yet. A torn tail of the operation's
    own saves is set aside by `repair_tail` and then removed: the save is written again whole."""
    lines = data.splitlines(keepends=True)
    mine = {save for line in lines if (save := save_position(line)[2]) is not None}
    torn = log.repair_tail()
    if torn is not None and _only_saves(torn.aside, mine):
        torn.aside.unlink()
    stored = log.path.read_bytes() if log.path.exists() else b""
    present = {save for save in mine if f",{save}-1\n".encode() in stored}
    return b"".join(line for line in lines if save_position(line)[2] not in present)


RECORD_ID = re.compile(rb",([0-9a-f]{12})-[0-9]+\r?\n?$")


def _only_saves(aside: Path, saves: set[str]) -> bool:
    """Does a set-aside torn tail hold only rows of these saves? A line without a whole record id at
    its end is a fragment, which only the writer that died under the lock can have left."""
    found = set()
    for line in aside.read_bytes().splitlines(keepends=True):
        match = RECORD_ID.search(line)
        if match:
            found.add(match.group(1).decode())
    return found <= saves
