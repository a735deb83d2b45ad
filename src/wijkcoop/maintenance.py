"""Looking after the data folder: erase a person or a cooperative (AVG), back up and restore.

Erasure and restore each are one operation (journal.py): every file they change is the old version or
the new one afterwards, all together, even when the process is killed part-way. Erasure rewrites the
tables that mention the person; rows that lose part of their save get their `save_rows`/`record_id`
renumbered, so the store's torn-save check keeps working. A dated backup of every file that changes is
kept unless the caller says not to.

A backup is a dated folder with a copy of every table (made while all their locks are held), the
pseudonym key and a manifest with SHA-256 sums; it is written under a hidden `.partial` name, verified,
and only then renamed, so a half backup never looks like one. Restore checks the manifest first, keeps a
backup of the current data, then replaces every table in one operation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .csvlog import atomic_write, encode_rows, fsync_dir
from .journal import crashpoint
from .problems import Problem, ProblemsError, storage_errors
from .rules import DRAFTS_DIR
from .store import EXTRA_FILES, FileForm, Store, decode, file_form, first_row, parse_lines
from .tables import TABLES, Table

MANIFEST = "MANIFEST.json"
WRITER = ".writer"  # in a half backup: the process id writing it


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- erasure --------------------------------------------------------------------------------------------
@dataclass
class Erasure:
    removed: dict[str, int] = field(default_factory=dict)  # file name -> rows removed
    backup: Path | None = None
    drafts: int = 0


def _person_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def forget(
    store: Store,
    *,
    respondent: str | None = None,
    cooperative: str | None = None,
    backup: bool = True,
) -> Erasure:
    """Remove every row about a person (optionally only within one cooperative) or about a cooperative.

    One operation (journal.py): every table, the drafts and the cache change together or not at all."""
    if not respondent and not cooperative:
        raise ProblemsError([Problem("@cli.forget", "forget.nothing")])
    who = _person_key(respondent) if respondent else None
    result = Erasure()
    dropped: dict[str, set[tuple[str, ...]]] = {}  # table -> keys of its erased rows, as referenced
    tables = _referenced_first()
    with store.operation(*tables) as change:
        before: list[Path] = []
        for table in tables:
            path = store.path(table)
            if not path.exists():
                continue
            rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
            if not rows:
                continue
            header, body = rows[0], rows[1:]
            drop = _to_drop(table, header, body, who, cooperative, dropped)
            if not any(drop):
                continue
            before.append(path)
            kept = _renumber(header, [r for r, d in zip(body, drop, strict=True) if not d])
            change.replace_file(path.name, encode_rows([header, *kept]))
            result.removed[path.name] = sum(drop)
        if backup and before:
            result.backup = _copy_folder(default_backups(store), f"voor-vergeten-{stamp()}", before)
        drafts = _drafts_of(store, who, cooperative)
        for draft in drafts:
            change.remove_tree(draft)
        result.drafts = len(drafts)
        if result.removed or drafts:
            change.remove_tree(".cache")  # derived from the old rows: rebuilt when next needed
    return result


def _referenced_first() -> list[Table]:
    """The tables in an order where a table comes after every table it references."""
    order: list[Table] = []

    def visit(table: Table) -> None:
        if table in order:
            return
        for ref in table.references:
            visit(TABLES[ref.table])
        order.append(table)

    for table in TABLES.values():
        visit(table)
    return order


def _to_drop(
    table: Table,
    header: list[str],
    body: list[list[str]],
    who: str | None,
    coop: str | None,
    dropped: dict[str, set[tuple[str, ...]]],
) -> list[bool]:
    """Which rows an erasure removes. A person (`who`, optionally only within `coop`): the rows that
    name them (tables.Table.person), within the cooperative where the row has one, else where it points
    at an erased row of a table that has one. A cooperative: its rows, and rows pointing at them.
    Either way a row pointing at an erased row goes too (ratings with their participant)."""
    col = {name: i for i, name in enumerate(header)}
    drop = [False] * len(body)
    refs = [r for r in table.references if all(c in col for c in r.columns)]

    def key(row: list[str], columns: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_person_key(row[col[c]]) for c in columns)

    def points_at_erased(row: list[str]) -> bool:
        return any(key(row, r.columns) in dropped.get(r.table, ()) for r in refs)

    for n, row in enumerate(body):
        if len(row) != len(header):
            continue
        has_coop = "cooperative_id" in col
        if who is None:
            drop[n] = (has_coop and row[col["cooperative_id"]] == coop) or points_at_erased(row)
            continue
        match = any(_person_key(row[col[c]]) == who for c in table.person if c in col)
        if coop is not None and match:
            match = row[col["cooperative_id"]] == coop if has_coop else points_at_erased(row)
        drop[n] = match or points_at_erased(row)
    if any(drop):
        # What other tables' references to this one will look for.
        for other in TABLES.values():
            for ref in other.references:
                if ref.table == table.name and all(c in col for c in ref.target_columns):
                    erased = {key(r, ref.target_columns) for r, d in zip(body, drop, strict=True) if d}
                    dropped.setdefault(table.name, set()).update(erased)
    return drop


def _renumber(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Keep each save's rows numbered 1..n with save_rows = n after some of its rows were removed."""
    if "record_id" not in header:
        return rows
    i_rows, i_rec = header.index("save_rows"), header.index("record_id")
    counts: dict[str, int] = {}
    for row in rows:
        save = row[i_rec].rpartition("-")[0]
        counts[save] = counts.get(save, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        save = row[i_rec].rpartition("-")[0]
        seen[save] = seen.get(save, 0) + 1
        row = list(row)
        row[i_rows] = str(counts[save])
        row[i_rec] = f"{save}-{seen[save]}"
        out.append(row)
    return out


def _drafts_of(store: Store, who: str | None, coop: str | None) -> list[str]:
    """The drafts an erasure removes, as paths relative to the data folder (a cooperative's: its folder)."""
    from .drafts import DraftStore

    root = store.data_dir / DRAFTS_DIR
    if not root.exists():
        return []
    if who is None:
        if coop is None:
            raise ValueError("forget needs a respondent or a cooperative")
        target = root / coop
        return [str(target.relative_to(store.data_dir))] if any(target.rglob("*.json")) else []
    drafts = DraftStore(store.data_dir)
    found = []
    for coop_dir in root.iterdir():
        if coop is not None and coop_dir.name != coop:
            continue
        for round_dir in coop_dir.iterdir() if coop_dir.is_dir() else []:
            try:
                path = drafts.path(coop_dir.name, round_dir.name, who)
            except ValueError:
                continue
            if path.exists():
                found.append(str(path.relative_to(store.data_dir)))
    return found


# -- backup and restore ---------------------------------------------------------------------------------
def default_backups(store: Store) -> Path:
    return store.data_dir.parent / f"{store.data_dir.name}-backups"


def _copy_folder(root: Path, name: str, files: list[Path]) -> Path:
    """A finished folder `root/name` (or `name-2`, … if that exists) with copies of `files` and a
    manifest. It is written as a hidden `.<name>.partial` and renamed when whole: a half copy
    (a crash, a full disk) never looks like a backup, and is removed by the next one."""
    root.mkdir(parents=True, exist_ok=True)
    _tidy_partials(root)
    for n in range(1, 1000):
        final = root / (name if n == 1 else f"{name}-{n}")
        partial = root / f".{final.name}.partial"
        if final.exists():
            continue
        try:
            partial.mkdir()
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(root / name)
    try:
        (partial / WRITER).write_text(str(os.getpid()))
        sums = {}
        for path in files:
            shutil.copy2(path, partial / path.name)
            sums[path.name] = _sha256(partial / path.name)
        manifest = {"made_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": sums}
        atomic_write(partial / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
        verify(partial)
        (partial / WRITER).unlink()
        crashpoint("backup-copied")
        os.rename(partial, final)
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _tidy_partials(root: Path) -> None:
    """Remove half backups whose writer is gone (a crash); leave those still being written."""
    for partial in root.glob(".*.partial"):
        try:
            pid = int((partial / WRITER).read_text())
            os.kill(pid, 0)
            continue  # still writing
        except (OSError, ValueError):
            shutil.rmtree(partial, ignore_errors=True)


def backup(store: Store, root: Path | None = None) -> tuple[Path, dict[str, str]]:
    """A dated, verified copy of every table and the pseudonym key; returns (folder, sha256 per file).

    The copies are made while every table's lock is held, so no save or operation is half in them."""
    with store.journal.holding(_names(), recover=store.recover):
        target = _backup_locked(store, root)
    return target, verify(target)


def _names() -> list[str]:
    return [tb.filename for tb in TABLES.values()] + list(EXTRA_FILES)


def _backup_locked(store: Store, root: Path | None = None) -> Path:
    """`backup` for a caller that holds every table's lock."""
    with storage_errors(root or default_backups(store)):
        for table in TABLES.values():
            store.log(table).repair_tail()
        files = [store.data_dir / n for n in _names() if (store.data_dir / n).exists()]
        return _copy_folder(root or default_backups(store), f"wijkcoop-backup-{stamp()}", files)


def verify(folder: Path) -> dict[str, str]:
    """Check a backup against its manifest, and that every table in it reads without new problems."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        sums = manifest["files"]
    except (OSError, ValueError, KeyError):
        raise ProblemsError([Problem(str(folder), "backup.no_manifest")]) from None
    problems = []
    for name, digest in sums.items():
        path = folder / name
        if not path.exists():
            problems.append(Problem(str(folder), "backup.missing", {"file": name}))
        elif _sha256(path) != digest:
            problems.append(Problem(str(folder), "backup.changed", {"file": name}))
    if problems:
        raise ProblemsError(problems)
    return sums


def restore(store: Store, folder: Path) -> tuple[Path | None, list[str]]:
    """Put a verified backup back; the current data is backed up first. Returns (that backup, files).

    One operation (journal.py): every table and the key are the backup's afterwards, or none is."""
    folder = Path(folder)
    sums = verify(folder)
    restored = []
    with store.operation(*TABLES.values(), files=EXTRA_FILES) as change:
        safety = _backup_locked(store) if not store.is_empty() else None  # nothing can slip in after it
        for table in TABLES.values():
            source = folder / table.filename
            if source.exists():
                change.replace_file(table.filename, source.read_bytes())
                restored.append(table.filename)
            elif store.path(table).exists():
                change.replace_file(table.filename, None)  # the table did not exist at the backup
        for name in EXTRA_FILES:
            if name in sums:
                change.replace_file(name, (folder / name).read_bytes())
                restored.append(name)
        change.remove_tree(".cache")
    return safety, restored


# -- files re-saved or edited by hand -------------------------------------------------------------------
@dataclass
class FileRepair:
    """What `repair` would do (or did) to one table's file."""

    file: str
    form: FileForm
    rows: int  # rows in the canonical file
    unreadable: list[int]  # lines that cannot be read as a row: they stay only in the backup
    dates: int  # dates a spreadsheet had turned into d-m-yyyy, put back as yyyy-mm-dd
    data: bytes = field(repr=False, default=b"")
    columns_differ: bool = False  # the header is not the table's: left alone, `validate` says more

    @property
    def changes(self) -> bool:
        return bool(self.data) and not self.columns_differ


def repair(store: Store, apply: bool = False) -> tuple[list[FileRepair], Path | None]:
    """Put every table's file back in the kit's own form (UTF-8, commas, one row per line), as it was
    before someone opened and saved it in a spreadsheet or edited it by hand. Without `apply` it only
    says what it would change. With it, all changed files are replaced in one operation, after a backup
    of the data folder as it was (which keeps every line left out). Returns (per file, that backup)."""
    if not apply:
        return [r for r in map(_plan_repair, _table_files(store)) if r.changes or r.columns_differ], None
    with store.operation(*TABLES.values(), files=EXTRA_FILES) as change:
        plans = [r for r in map(_plan_repair, _table_files(store)) if r.changes or r.columns_differ]
        todo = [r for r in plans if r.changes]
        if not todo:
            return plans, None
        folder = _backup_locked(store)
        for plan in todo:
            change.replace_file(plan.file, plan.data)
        change.remove_tree(".cache")
    return plans, folder


def _table_files(store: Store) -> list[tuple[Table, Path]]:
    return [(tb, store.path(tb)) for tb in TABLES.values() if store.path(tb).exists()]


DMY = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


def _plan_repair(item: tuple[Table, Path]) -> FileRepair:
    table, path = item
    raw = path.read_bytes()
    form = file_form(raw)
    text, bad = decode(raw, form)
    if first_row(text, form.separator) != table.header:
        return FileRepair(path.name, form, 0, [], 0, columns_differ=True)
    frame, problems = parse_lines(table, text, form.separator, bad)
    rows = frame.to_numpy().tolist()
    dates = 0
    for i, col in enumerate(table.header):
        if table.column(col).kind != "date":
            continue
        for row in rows:
            match = DMY.fullmatch(row[i])
            if match:
                day, month, year = match.groups()
                row[i] = f"{year}-{int(month):02d}-{int(day):02d}"
                dates += 1
    unreadable = sorted({p.line for p in problems if p.line})
    if unreadable:
        rows = _renumber(table.header, rows)  # saves that lost a line stay whole saves
    data = encode_rows([table.header, *rows])
    return FileRepair(path.name, form, len(rows), unreadable, dates, b"" if data == raw else data)
