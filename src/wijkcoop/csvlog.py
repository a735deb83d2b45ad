"""An append-only CSV file of saves, and the kit's one atomic write. Knows no columns.

A *save* is one or more lines written at once; its last two cells are the number of lines in the save
and a record id `<save id>-<n>`, so a save cut off by a crash (a torn tail) can be told from a complete
one. Appends hold a lock on a separate `<file>.lock` (the data file itself is never locked or
replaced while others read it), and return only after flush + fsync. Everything above this (which
columns, what they may hold, typed frames) is the schema's and the store's.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock

TAIL_BLOCK = 64 * 1024  # how much of a file's end is read first to find its last complete save


class Pending(Exception):
    """Another writer committed an operation on this file and has not finished it (see journal.py)."""


class HeaderMismatch(Exception):
    """The file's first line is not the header this log was opened with."""

    def __init__(self, found: list[str]):
        self.found = found
        super().__init__(",".join(found))


@dataclass
class TornTail:
    """A save cut off part-way, set aside in `aside` (the log ends at the last complete save)."""

    lines: int
    aside: Path


class CsvLog:
    """One CSV file of saves. Cheap to create; holds no open files between calls."""

    def __init__(self, path: Path, header: list[str], lock_timeout: float = 30.0):
        self.path, self.header, self.lock_timeout = path, header, lock_timeout

    def lock(self) -> filelock.FileLock:
        """The writers' lock (raises filelock.Timeout when it cannot be had in time)."""
        return filelock.FileLock(str(self.path) + ".lock", timeout=self.lock_timeout)

    # -- writing ------------------------------------------------------------------------------------
    def append(self, rows: list[list[str]], guard: Callable[[], bool] | None = None) -> TornTail | None:
        """Append one or more complete saves under the lock (a torn tail is set aside first).

        `guard`, asked under the lock, may refuse the append by returning True (the store's check for an
        operation that another writer committed but did not finish): then `Pending` is raised."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.lock():
            if guard is not None and guard():
                raise Pending(self.path.name)
            torn = self.repair_tail()
            self.write_locked(encode_rows(rows))
        return torn

    def write_locked(self, payload: bytes) -> None:
        """Append encoded lines (the header first if the file is new or empty); the caller holds the
        lock. If the write fails (a full disk), the file is cut back to where it was: no torn tail."""
        created = not self.path.exists()
        if not created and self.path.stat().st_size:
            self.check_header()
        else:
            payload = encode_rows([self.header]) + payload
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
                if created:
                    self.path.unlink(missing_ok=True)
                raise
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)

    def replace(self, rows: list[list[str]]) -> None:
        """Rewrite the whole file (header first) in one atomic step; the caller holds the lock."""
        atomic_write(self.path, encode_rows([self.header, *rows]))

    def check_header(self) -> None:
        """Raise HeaderMismatch unless the file is missing, empty, or starts with this log's header."""
        if not self.path.exists() or not self.path.stat().st_size:
            return
        with open(self.path, "rb") as f:
            first = f.readline()
        found = next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])
        if found != self.header:
            raise HeaderMismatch(found)

    # -- torn tails ---------------------------------------------------------------------------------
    def repair_tail(self) -> TornTail | None:
        """Under the lock: set aside a torn last save, truncating back to the last complete one."""
        if not self.path.exists():
            return None
        clean, torn = self._clean_end()
        if not torn:
            return None
        with open(self.path, "rb") as f:
            f.seek(clean)
            tail = f.read()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.stem}.torn-{stamp}.csv")
        body = tail if tail.endswith(b"\n") else tail + b"\n"
        if clean:
            body = encode_rows([self.header]) + body
        try:
            with open(aside, "wb") as f:
                f.write(body)
                f.flush()
                os.fsync(f.fileno())
        except OSError:
            aside.unlink(missing_ok=True)  # (a full disk): the torn tail stays until it can be set aside
            raise
        os.truncate(self.path, clean)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(self.path.parent)
        return TornTail(torn, aside)

    # -- reading ------------------------------------------------------------------------------------
    def complete(self) -> tuple[bytes, TornTail | None]:
        """The file's bytes up to its last complete save. A torn tail may be a save still being
        written: under the lock, anything still torn really is, and is set aside."""
        if not self.path.exists():
            return b"", None
        data = self.path.read_bytes()
        clean, torn = scan_whole(data)
        if not torn:
            return data[:clean], None
        try:
            with self.lock():
                repaired = self.repair_tail()
        except OSError:  # it cannot be set aside now (a full disk, a read-only folder): read around it
            return data[:clean], None
        data = self.path.read_bytes()
        clean, _ = scan_whole(data)
        return data[:clean], repaired

    def _clean_end(self) -> tuple[int, int]:
        """(offset where the complete saves end, torn lines after it), reading only the tail."""
        size = self.path.stat().st_size
        block = TAIL_BLOCK
        while True:
            start = max(0, size - block)
            with open(self.path, "rb") as f:
                f.seek(start)
                data = f.read()
            result = scan_tail(data, at_file_start=start == 0)
            if result is not None:
                return start + result[0], result[1]
            block *= 4


# -- finding the last complete save -------------------------------------------------------------------
def scan_whole(data: bytes) -> tuple[int, int]:
    """`scan_tail` of a whole file, which always decides."""
    found = scan_tail(data, at_file_start=True)
    assert found is not None  # from the file's start the header is the floor
    return found


def scan_tail(data: bytes, at_file_start: bool) -> tuple[int, int] | None:
    """Find the end of the last complete save in `data` (a file's tail, or all of it).

    Returns (offset in data, torn line count), or None when the block is too short to decide.
    """
    end = data.rfind(b"\n") + 1
    fragment = int(end < len(data))
    if end == 0:
        return (0, fragment) if at_file_start else None
    floor = data.find(b"\n") + 1  # after the header, or after the block's first partial line
    if end <= floor:
        return (end, fragment) if at_file_start else None
    last_start = data.rfind(b"\n", 0, end - 1) + 1
    k, n, save_id = save_position(data[last_start:end])
    if k is None or n is None or k >= n:
        return end, fragment
    start, taken = last_start, 1
    while taken < k:
        if start <= floor:
            if at_file_start:
                break
            return None
        prev = data.rfind(b"\n", 0, start - 1) + 1
        if prev < floor and not at_file_start:
            return None
        if not data[prev:start].rstrip(b"\r\n").endswith(f",{save_id}-{k - taken}".encode()):
            break
        start, taken = prev, taken + 1
    return start, taken + fragment


def save_position(line: bytes) -> tuple[int | None, int | None, str | None]:
    """(row number in its save, rows in the save, save id) of a data line, or Nones."""
    try:
        fields = next(csv.reader([line.decode("utf-8").rstrip("\r\n")]))
        save_id, _, k = fields[-1].rpartition("-")
        return int(k), int(fields[-2]), save_id
    except (ValueError, IndexError, StopIteration, UnicodeDecodeError, csv.Error):
        return None, None, None


# -- bytes on disk ----------------------------------------------------------------------------------------
def encode_rows(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write; on leaving it is fsynced and renamed over `path`
    (readers see the old file or the new one, never half of one). On an error it is removed."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        if path.exists():  # a rewrite keeps the file's permissions (a new file is 0600, mkstemp's)
            os.chmod(tmp, path.stat().st_mode & 0o777)
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_file(path) as tmp:
        tmp.write_bytes(data)
