"""The importer's vocabulary, as content: zelfevaluatie/importwoorden.yaml (words for "weet niet", yes and
no, column headers per meaning, date formats). A coordinator adds a header or a word there, not in Python.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from . import config
from .model import _display_name, _problem_from_pydantic, file_key, read_yaml
from .problems import Problem, ProblemsError

FILE = "importwoorden.yaml"
KINDS = ("cooperative", "round", "respondent", "date", "statement", "score", "discuss", "model_version")


def norm(text: object) -> str:
    """How a header or an answer is compared: accents, case, punctuation at the ends and repeated
    spaces do not count."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().replace("_", " ").split()).strip(" .:?*")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weet_niet: list[str]
    ja: list[str]
    nee: list[str]
    kolommen: dict[str, list[str]]
    datumnotaties: list[str]
    antwoorden: dict[str, int] = {}


@dataclass(frozen=True)
class ImportWords:
    dont_know: frozenset[str]  # normalised
    yes: frozenset[str]
    no: frozenset[str]
    columns: dict[str, tuple[str, ...]]  # meaning -> headers, best first (as written)
    date_formats: tuple[str, ...]
    answers: dict[str, int]  # an answer label (as written) -> its score, e.g. "Helemaal mee eens" -> 5


def words_path() -> Path:
    return config.model_path().parent / FILE


def load_import_words(path: str | os.PathLike | None = None) -> ImportWords:
    """Load and check the import vocabulary; raises ProblemsError naming the file and the problem."""
    return _load(*file_key(Path(path) if path is not None else words_path()))


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int | None) -> ImportWords:
    name = _display_name(Path(path))
    if _mtime is None:
        raise ProblemsError([Problem(name, "modules.missing_file", {"path": name})])
    raw = read_yaml(Path(path))
    try:
        data = _File.model_validate(raw)
    except ValidationError as exc:
        raise ProblemsError(
            [_problem_from_pydantic(name, raw, e, root="importwoorden") for e in exc.errors()]
        ) from None
    wrong = [label for label, score in data.antwoorden.items() if not 1 <= score <= 5]
    if wrong:
        raise ProblemsError(
            [Problem(name, "imp.words_bad_answer", {"label": label}, id="antwoorden") for label in wrong]
        )
    missing = [kind for kind in KINDS if not data.kolommen.get(kind)]
    if missing:
        raise ProblemsError(
            [Problem(name, "imp.words_missing", {"kinds": ", ".join(missing)}, id="kolommen")]
        )
    return ImportWords(
        dont_know=frozenset(norm(w) for w in data.weet_niet),
        yes=frozenset(norm(w) for w in data.ja),
        no=frozenset(norm(w) for w in data.nee),
        columns={kind: tuple(data.kolommen[kind]) for kind in KINDS},
        date_formats=tuple(data.datumnotaties),
        answers=dict(data.antwoorden),
    )
