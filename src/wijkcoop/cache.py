"""A cache of derived tables in `<data>/.cache/`, keyed by the source files' size and mtime.

The store is append-only, so any save changes a file's size: a cached table can never be stale by
accident. Files are written atomically (temp file + rename); a damaged cache file is recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pandas as pd

from .csvlog import atomic_file, atomic_write
from .store import Store
from .tables import Table

CACHE_VERSION = "1"  # bump when a cached table's meaning changes


def signature(store: Store, tables: list[Table]) -> str:
    vocabulary = store.vocabulary
    parts = [CACHE_VERSION, vocabulary.model_version, ",".join(vocabulary.statement_ids)]
    for table in tables:
        path = store.path(table)
        stat = path.stat() if path.exists() else None
        parts.append(f"{table.filename}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def cached_frame(
    store: Store,
    name: str,
    tables: list[Table],
    compute: Callable[[], tuple[pd.DataFrame, dict]],
) -> tuple[pd.DataFrame, dict]:
    """(frame, info) from the cache, or computed, stored and returned. `info` is a small JSON dict."""
    folder = store.data_dir / ".cache"
    key = signature(store, tables)
    path = folder / f"{name}-{key}.parquet"
    meta = path.with_suffix(".json")
    try:
        return pd.read_parquet(path), json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    frame, info = compute()
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as tmp:
        frame.to_parquet(tmp, index=False)
    atomic_write(meta, json.dumps(info).encode("utf-8"))
    for old in folder.glob(f"{name}-*"):
        if old not in (path, meta) and not old.name.endswith(".tmp"):
            old.unlink(missing_ok=True)
    return frame, info
