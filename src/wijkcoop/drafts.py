"""Drafts of a board member's answers, kept on the server while they fill in the form.

A closed tab ends its Voilà kernel, so the draft must live on disk: one small JSON file per
cooperative, round and respondent, replaced atomically (temp file, fsync, rename) on every change.
The respondent's pseudonym is hashed into the file name, so no free text ever becomes a path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .store import ID_PATTERN, ROUND_PATTERN

DONT_KNOW = "dk"


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


class DraftStore:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "concepten"

    def path(self, cooperative_id: str, round_id: str, respondent: str) -> Path:
        if not re.fullmatch(ID_PATTERN, cooperative_id) or not re.fullmatch(ROUND_PATTERN, round_id):
            raise ValueError("invalid cooperative or round id")
        digest = hashlib.sha256(respondent.strip().casefold().encode("utf-8")).hexdigest()[:24]
        return self.root / cooperative_id / round_id / f"{digest}.json"

    def load(self, cooperative_id: str, round_id: str, respondent: str) -> Draft | None:
        path = self.path(cooperative_id, round_id, respondent)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Draft(**raw)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError):
            # A damaged draft is not worth a crash: keep it aside for inspection, start afresh.
            path.replace(path.with_suffix(".damaged"))
            return None

    def save(self, draft: Draft) -> None:
        path = self.path(draft.cooperative_id, draft.round, draft.respondent)
        path.parent.mkdir(parents=True, exist_ok=True)
        draft.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(asdict(draft), f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, cooperative_id: str, round_id: str, respondent: str) -> None:
        self.path(cooperative_id, round_id, respondent).unlink(missing_ok=True)
