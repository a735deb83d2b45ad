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
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .csvlog import atomic_write, encode_rows, fsync_dir
from .journal import crashpoint
from .problems import Problem, ProblemsError, storage_errors
from .rules import DRAFTS_DIR
from .store import EXTRA_FILES, FileForm, Store, decode, file_form, first_row, parse_lines
from .tables import AUDIT, ERASURES, LOGS, TABLES, Table

TABLES_BY_FILE = {t.filename: t for t in TABLES.values()}

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


# -- erasure ----------------------------------------------------------------------------------------------
@dataclass
class Erasure:
    removed: dict[str, int] = field(default_factory=dict)  # file name -> rows removed
    backup: Path | None = None
    drafts: int = 0
    kept_until: str = ""  # the day the backup of the erased rows is removed (backup retention)


def _person_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _hash(salt: str, key: str) -> str:
    return hashlib.sha256(f"{salt}\x00{key}".encode()).hexdigest()


Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class Erased:
    """One entry of the erasure log (tables.ERASURES): whom an erasure removed, without the name."""

    scope: str  # "respondent" | "cooperative"
    person_hash: str
    salt: str
    cooperative_id: str

    def matcher(self) -> Matcher | None:
        if self.scope != "respondent":
            return None
        seen: dict[str, bool] = {}  # a name recurs on many rows: hash it once

        def match(key: str) -> bool:
            if key not in seen:
                seen[key] = _hash(self.salt, key) == self.person_hash
            return seen[key]

        return match


def forget(
    store: Store,
    *,
    respondent: str | None = None,
    cooperative: str | None = None,
    backup: bool = True,
    by: str = "cli",
) -> Erasure:
    """Remove every row about a person (optionally only within one cooperative) or about a cooperative,
    and write it in the erasure log, so a later restore of an older backup erases them again.

    One operation (journal.py): every table, the drafts, the cache and the log change together or not at
    all. The backup of the erased rows (if kept) is removed with the other backups after the retention
    period (`prune_backups`); `kept_until` says when."""
    if not respondent and not cooperative:
        raise ProblemsError([Problem("@cli.forget", "forget.nothing")])
    who = _person_key(respondent) if respondent else None
    salt = secrets.token_hex(8)
    entry = Erased(
        "respondent" if who else "cooperative",
        _hash(salt, who) if who else "",
        salt if who else "",
        cooperative or "",
    )
    result = Erasure()
    tables = _referenced_first()
    with store.operation(*tables) as change:
        contents = {t.filename: rows for t in tables if (rows := _read_rows(store.path(t))) is not None}
        removed = _erase(contents, (lambda key: key == who) if who else None, cooperative)
        before = [store.path(TABLES_BY_FILE[name]) for name in removed]
        for name in removed:
            header, body = contents[name]
            change.replace_file(name, encode_rows([header, *_renumber(header, body)]))
        result.removed = removed
        if backup and before:
            result.backup = _copy_folder(default_backups(store), f"voor-vergeten-{stamp()}", before)
            result.kept_until = (date.today() + timedelta(days=backup_days(store.data_dir))).isoformat()
        drafts = _drafts_of(store, who, cooperative)
        for draft in drafts:
            change.remove_tree(draft)
        result.drafts = len(drafts)
        if result.removed or drafts:
            change.remove_tree(".cache")  # derived from the old rows: rebuilt when next needed
        change.append(
            ERASURES,
            [
                {
                    "erasure_id": f"{stamp()}-{salt[:6]}",
                    "scope": entry.scope,
                    "person_hash": entry.person_hash,
                    "salt": entry.salt,
                    "cooperative_id": entry.cooperative_id,
                    "by": by,
                }
            ],
        )
        scope = f"{entry.scope}{' in ' + cooperative if who and cooperative else ''}"
        detail = ", ".join(f"{name}: {n}" for name, n in removed.items())
        change.append(AUDIT, [{"user": by, "action": "erasure", "scope": scope, "detail": detail[:300]}])
    return result


def erasure_preview(store: Store, respondent: str, cooperative: str | None = None) -> dict[str, int]:
    """How many rows `forget(respondent=..., cooperative=...)` would remove now, per file (the logs, which
    an erasure never touches, left out); nothing is changed."""
    key = _person_key(respondent)
    found = _erase_selection(store, lambda k: k == key, cooperative)
    return {name: len(rows) for name, (_, rows) in found.items()}


def _erase_selection(store: Store, who: Matcher | None, cooperative: str | None) -> dict[str, tuple]:
    """The rows an erasure would remove, per file (header, rows), without removing anything: a person's
    own data for an inzage request is exactly what their erasure would take away."""
    contents = {t.filename: rows for t in TABLES.values() if (rows := _read_rows(store.path(t))) is not None}
    before = {name: list(rows) for name, (_, rows) in contents.items()}
    _erase(contents, who, cooperative)
    out = {}
    for name, (header, kept) in contents.items():
        left = {id(r) for r in kept}
        gone = [r for r in before[name] if id(r) not in left]
        if gone:
            out[name] = (header, gone)
    return out


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]] | None:
    if not path.exists():
        return None
    return _parse(path.read_bytes())


def _parse(data: bytes) -> tuple[list[str], list[list[str]]] | None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return (rows[0], rows[1:]) if rows else None


def _erase(
    contents: dict[str, tuple[list[str], list[list[str]]]], who: Matcher | None, cooperative: str | None
) -> dict[str, int]:
    """Take the rows of a person (`who` recognises their key) or of a cooperative out of `contents`
    (file name -> header and rows, changed in place); returns the rows removed per file. The logs are
    never touched."""
    dropped: dict[str, set[tuple[str, ...]]] = {}  # table -> keys of its erased rows, as referenced
    removed: dict[str, int] = {}
    for table in _referenced_first():
        if table in LOGS or table.filename not in contents:
            continue
        header, body = contents[table.filename]
        drop = _to_drop(table, header, body, who, cooperative, dropped)
        if any(drop):
            contents[table.filename] = (header, [r for r, d in zip(body, drop, strict=True) if not d])
            removed[table.filename] = sum(drop)
    return removed


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
    who: Matcher | None,
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
        match = any(who(_person_key(row[col[c]])) for c in table.person if c in col)
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


@dataclass
class Restored:
    safety: Path | None  # the backup of the data as it was before the restore
    files: list[str]
    reapplied: int  # erasures from the log that took rows out of the restored data again


def restore(store: Store, folder: Path, by: str = "cli") -> Restored:
    """Put a verified backup back; the current data is backed up first.

    Every erasure in the erasure log (the current one and the backup's) is applied to the backup's rows
    before they are written, so a person who was erased stays erased, whatever backup comes back. The
    two logs (erasures, audit) are never rolled back: the current rows stay and the backup's rows that
    are not there are added. One operation (journal.py): every table and the key are the restored ones
    afterwards, or none is; nothing erased is visible in between."""
    folder = Path(folder)
    sums = verify(folder)
    restored = []
    with store.operation(*TABLES.values(), files=EXTRA_FILES) as change:
        safety = _backup_locked(store) if not store.is_empty() else None  # nothing can slip in after it
        logs = {t.filename: _merge_log(store.path(t), folder / t.filename) for t in LOGS}
        erasures = _log_entries(logs[ERASURES.filename])
        contents = {
            t.filename: rows
            for t in TABLES.values()
            if t not in LOGS and (rows := _read_rows(folder / t.filename)) is not None
        }
        reapplied = 0
        changed: set[str] = set()
        for entry in erasures:
            removed = _erase(contents, entry.matcher(), entry.cooperative_id or None)
            reapplied += bool(removed)
            changed |= set(removed)
        # The restore's own line in the audit log, written with the merged log (an append would be
        # applied before the replacement and lost).
        detail = f"{reapplied} erasure(s) applied again"
        cells, _ = store._encode(
            AUDIT, [[{"user": by, "action": "restore", "scope": folder.name[:200], "detail": detail}]], None
        )
        logs[AUDIT.filename] = _with_rows(logs[AUDIT.filename], AUDIT.header, cells)
        for table in TABLES.values():
            source = folder / table.filename
            if table in LOGS:
                if logs[table.filename] is not None:
                    change.replace_file(table.filename, logs[table.filename])
            elif table.filename in changed:
                header, body = contents[table.filename]
                change.replace_file(table.filename, encode_rows([header, *_renumber(header, body)]))
                restored.append(table.filename)
            elif source.exists():
                change.replace_file(table.filename, source.read_bytes())
                restored.append(table.filename)
            elif store.path(table).exists():
                change.replace_file(table.filename, None)  # the table did not exist at the backup
        for name in EXTRA_FILES:
            if name in sums:
                change.replace_file(name, (folder / name).read_bytes())
                restored.append(name)
        change.remove_tree(".cache")
    return Restored(safety, restored, reapplied)


def _with_rows(data: bytes | None, header: list[str], cells: list[list[str]]) -> bytes:
    parsed = _parse(data) if data else None
    rows = parsed[1] if parsed is not None and parsed[0] == header else []
    return encode_rows([header, *rows, *cells])


def _merge_log(current: Path, backup: Path) -> bytes | None:
    """A log as it must be after a restore: the current rows, then the backup's rows that are not among
    them (a log that went missing with the data folder comes back). None: neither has one."""
    mine = _read_rows(current)
    theirs = _read_rows(backup)
    if mine is None and theirs is None:
        return None
    if mine is None:
        return backup.read_bytes()
    if theirs is None or theirs[0] != mine[0]:
        return current.read_bytes()
    header, rows = mine
    i = header.index("record_id")
    known = {r[i] for r in rows if len(r) > i}
    extra = [r for r in theirs[1] if len(r) > i and r[i] not in known]
    return encode_rows([header, *rows, *extra]) if extra else current.read_bytes()


def _log_entries(data: bytes | None) -> list[Erased]:
    parsed = _parse(data) if data else None
    if parsed is None:
        return []
    header, rows = parsed
    col = {name: n for n, name in enumerate(header)}
    need = ("scope", "person_hash", "salt", "cooperative_id")
    return [
        Erased(*(r[col[c]] for c in need))
        for r in rows
        if len(r) == len(header) and r[col["scope"]] in ("respondent", "cooperative")
    ]


# -- backups that end -----------------------------------------------------------------------------------
BACKUP_DAYS = 35  # default: backups and copies of erased rows are removed after this many days
ENV_BACKUP_DAYS = "WIJKCOOP_BACKUP_DAYS"


def backup_days(data_dir: Path | None = None) -> int:
    """How long backups are kept (days): the data folder's bewaarbeleid.yaml, else $WIJKCOOP_BACKUP_DAYS,
    else 35 (privacy.policy; docs/privacy.md)."""
    from .privacy import policy

    return policy(data_dir)["reservekopieen_dagen"]


def prune_backups(store: Store, days: int | None = None, now: datetime | None = None) -> list[Path]:
    """Remove the backups and copies of erased rows (`wijkcoop-backup-*`, `voor-vergeten-*`) made more
    than `days` ago, by the date in their manifest; returns what was removed. Run by `wijkcoop backup`,
    `wijkcoop forget` and at `wijkcoop serve`'s start."""
    root = default_backups(store)
    if not root.exists():
        return []
    limit = (now or datetime.now(UTC)) - timedelta(days=days or backup_days(store.data_dir))
    gone = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or not folder.name.startswith(("wijkcoop-backup-", "voor-vergeten-")):
            continue
        try:
            made = datetime.fromisoformat(json.loads((folder / MANIFEST).read_text())["made_at"])
        except (OSError, ValueError, KeyError):
            continue  # not a backup we made: left alone
        if made < limit:
            shutil.rmtree(folder)
            gone.append(folder)
    return gone


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
