"""Drafts of a board member's answers, kept on the server while they fill in the form.

A closed tab ends its Voilà kernel, so the draft must live on disk: one small JSON file per
cooperative, round and respondent, replaced atomically (temp file, fsync, rename) on every change.
The respondent's pseudonym is hashed into the file name, so no free text ever becomes a path.

The same person may have the form open in two tabs (or on two devices). Each draft carries a version;
a page may only replace the version it last read or wrote. Otherwise `save` raises DraftConflict and
writes nothing, so one tab never silently overwrites the other: the page offers to load the newer draft.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import filelock

from .csvlog import atomic_write
from .rules import DRAFTS_DIR, ID_PATTERN, ROUND_PATTERN

DONT_KNOW = "dk"


class DraftConflict(Exception):
    """The draft on disk changed since this page read it (another tab or device, or it was submitted)."""

    def __init__(self, on_disk: Draft | None):
        self.on_disk = on_disk  # None: the draft is gone (submitted elsewhere)
        super().__init__("draft changed elsewhere")


@dataclass
class Draft:
    cooperative_id: str
    round: str
    respondent: str
    answers: dict[str, str] = field(default_factory=dict)  # statement id -> "1".."5" or "dk"
    discuss: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # dimension id -> note
    page: int = 0
    updated_at: str = ""
    version: int = 0  # 0: not on disk yet


class DraftStore:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / DRAFTS_DIR

    def path(self, cooperative_id: str, round_id: str, respondent: str) -> Path:
        if not re.fullmatch(ID_PATTERN, cooperative_id) or not re.fullmatch(ROUND_PATTERN, round_id):
            raise ValueError("invalid cooperative or round id")
        digest = hashlib.sha256(respondent.strip().casefold().encode("utf-8")).hexdigest()[:24]
        return self.root / cooperative_id / round_id / f"{digest}.json"

    def load(self, cooperative_id: str, round_id: str, respondent: str) -> Draft | None:
        return self._read(self.path(cooperative_id, round_id, respondent))

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Draft(**raw)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError):
            # A damaged draft is not worth a crash: keep it aside for inspection, start afresh.
            path.replace(path.with_suffix(".damaged"))
            return None

    def _lock(self, path: Path) -> filelock.FileLock:
        return filelock.FileLock(str(path) + ".lock", timeout=10)

    def save(self, draft: Draft, force: bool = False) -> None:
        """Write the draft if the version on disk is the one this page has (else DraftConflict)."""
        path = self.path(draft.cooperative_id, draft.round, draft.respondent)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock(path):
            on_disk = self._read(path)
            if not force and (on_disk.version if on_disk else 0) != draft.version:
                raise DraftConflict(on_disk)
            self._write(path, draft, (on_disk.version if on_disk else draft.version) + 1)

    def _write(self, path: Path, draft: Draft, version: int) -> None:
        draft.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        draft.version = version
        atomic_write(path, json.dumps(asdict(draft), ensure_ascii=False).encode("utf-8"))

    def delete(self, cooperative_id: str, round_id: str, respondent: str) -> None:
        path = self.path(cooperative_id, round_id, respondent)
        with self._lock(path):  # the lock file stays: removing it could let two writers in at once
            path.unlink(missing_ok=True)
