"""Looking after the data folder: erase a person or a cooperative (AVG), back up and restore.

Erasure is the one operation that rewrites a table. It happens under the table's own lock (so no save
can slip in between), through a temporary file that is fsynced and then renamed over the original, so
the file is always either the old or the new version. Rows that lose part of their save get their
`save_rows`/`record_id` renumbered, so the store's torn-save check keeps working. A dated backup of
every file that changes is kept unless the caller says not to.

A backup is a dated folder with a copy of every table (each copied under its lock), the pseudonym key
and a manifest with SHA-256 sums; it is verified after writing. Restore checks the manifest first, keeps
a backup of the current data, then replaces each table under its lock.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .csvlog import atomic_write
from .problems import Problem, ProblemsError
from .rules import DRAFTS_DIR, SECRET_FILE
from .store import Store
from .tables import TABLES, Table

MANIFEST = "MANIFEST.json"
EXTRA_FILES = (SECRET_FILE,)


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
    """Remove every row about a person (optionally only within one cooperative) or about a cooperative."""
    if not respondent and not cooperative:
        raise ProblemsError([Problem("@cli.forget", "forget.nothing")])
    who = _person_key(respondent) if respondent else None
    result = Erasure()
    stamp_now = stamp()
    dropped: dict[str, set[tuple[str, ...]]] = {}  # table -> keys of its erased rows, as referenced
    for table in _referenced_first():
        path = store.path(table)
        if not path.exists():
            continue
        log = store.log(table)
        with log.lock():
            log.repair_tail()
            rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
            if not rows:
                continue
            header, body = rows[0], rows[1:]
            drop = _to_drop(table, header, body, who, cooperative, dropped)
            if not any(drop):
                continue
            if backup:
                result.backup = result.backup or _backup_dir(store, f"voor-vergeten-{stamp_now}")
                shutil.copy2(path, result.backup / path.name)
            kept = _renumber(header, [r for r, d in zip(body, drop, strict=True) if not d])
            atomic_write(path, _csv([header, *kept]))
            result.removed[path.name] = sum(drop)
    result.drafts = _forget_drafts(store, who, cooperative)
    for cached in (store.data_dir / ".cache").glob("*"):  # derived from the old rows: rebuild
        cached.unlink(missing_ok=True)
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


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


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


def _forget_drafts(store: Store, who: str | None, coop: str | None) -> int:
    from .drafts import DraftStore

    root = store.data_dir / DRAFTS_DIR
    if not root.exists():
        return 0
    if who is None:
        if coop is None:
            raise ValueError("forget needs a respondent or a cooperative")
        target = root / coop
        n = len(list(target.rglob("*.json"))) if target.exists() else 0
        shutil.rmtree(target, ignore_errors=True)
        return n
    drafts = DraftStore(store.data_dir)
    n = 0
    for coop_dir in root.iterdir():
        if coop is not None and coop_dir.name != coop:
            continue
        for round_dir in coop_dir.iterdir() if coop_dir.is_dir() else []:
            try:
                path = drafts.path(coop_dir.name, round_dir.name, who)
            except ValueError:
                continue
            if path.exists():
                path.unlink()
                n += 1
    return n


# -- backup and restore ---------------------------------------------------------------------------------
def default_backups(store: Store) -> Path:
    return store.data_dir.parent / f"{store.data_dir.name}-backups"


def _backup_dir(store: Store, name: str, root: Path | None = None) -> Path:
    target = (root or default_backups(store)) / name
    target.mkdir(parents=True, exist_ok=False)
    return target


def backup(store: Store, root: Path | None = None) -> tuple[Path, dict[str, str]]:
    """A dated, verified copy of every table and the pseudonym key; returns (folder, sha256 per file)."""
    target = _backup_dir(store, f"wijkcoop-backup-{stamp()}", root)
    sums: dict[str, str] = {}
    for table in TABLES.values():
        path = store.path(table)
        if not path.exists():
            continue
        log = store.log(table)
        with log.lock():  # no save half in the copy
            log.repair_tail()
            shutil.copy2(path, target / path.name)
        sums[path.name] = _sha256(target / path.name)
    for name in EXTRA_FILES:
        if (store.data_dir / name).exists():
            shutil.copy2(store.data_dir / name, target / name)
            sums[name] = _sha256(target / name)
    manifest = {"made_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": sums}
    atomic_write(target / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    verify(target)
    return target, sums


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
    """Put a verified backup back; the current data is backed up first. Returns (that backup, files)."""
    folder = Path(folder)
    sums = verify(folder)
    safety = backup(store)[0] if not store.is_empty() else None
    restored = []
    store.data_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        source = folder / table.filename
        target = store.path(table)
        with store.log(table).lock():
            if source.exists():
                atomic_write(target, source.read_bytes())
                restored.append(table.filename)
            elif target.exists():
                target.unlink()  # the table did not exist when the backup was made
    for name in EXTRA_FILES:
        if name in sums:
            atomic_write(store.data_dir / name, (folder / name).read_bytes())
            restored.append(name)
    for cached in (store.data_dir / ".cache").glob("*"):
        cached.unlink(missing_ok=True)
    return safety, restored
