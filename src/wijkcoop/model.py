"""The groeimodel as data: load `zelfevaluatie/groeimodel.yaml`, validate it, and answer questions about it.

Validation reports every problem at once, each naming the file and the offending id, so a trainer who
edits the YAML by hand can fix all of them in one go.
"""

from __future__ import annotations

import os
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import config
from .config import LANGUAGES
from .problems import Problem, ProblemsError

if TYPE_CHECKING:
    import pandas as pd

LEVELS = (1, 2, 3, 4, 5)
STATEMENT_ID = r"^D\d{1,2}\.\d{1,2}$"
DIMENSION_ID = r"^D\d{1,2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


class Level(_Strict):
    level: int = Field(ge=1, le=5)
    name: Text
    summary: Text


class Statement(_Strict):
    id: str = Field(pattern=STATEMENT_ID)
    text: Text


class Dimension(_Strict):
    id: str = Field(pattern=DIMENSION_ID)
    name: Text
    summary: Text
    levels: dict[int, Text]
    statements: list[Statement]


class Groeimodel(_Strict):
    model_version: str = Field(min_length=1)
    title: Text
    intro: Text
    answer_scale: dict[int, Text]
    dont_know: Text
    levels: list[Level]
    target_level: int = Field(ge=1, le=5)
    dimensions: list[Dimension]
    retired: list[str] = Field(default_factory=list)

    # -- questions the rest of the kit asks ---------------------------------------------------
    @cached_property
    def statement_ids(self) -> list[str]:
        return [s.id for d in self.dimensions for s in d.statements]

    @cached_property
    def known_statement_ids(self) -> frozenset[str]:
        """Current and retired ids: data scored under an older version stays valid."""
        return frozenset(self.statement_ids) | frozenset(self.retired)

    @cached_property
    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions]

    @cached_property
    def statements_frame(self) -> pd.DataFrame:  # pandas only when asked: the Groeimodel page needs none
        """One row per current statement: statement_id, dimension_id, order (for joins in scoring)."""
        rows = [
            {"statement_id": s.id, "dimension_id": d.id, "order": i}
            for i, (d, s) in enumerate((d, s) for d in self.dimensions for s in d.statements)
        ]
        import pandas as pd

        return pd.DataFrame(rows)

    @cached_property
    def _statements_by_id(self) -> dict[str, Statement]:
        return {s.id: s for d in self.dimensions for s in d.statements}

    def statement_text(self, statement_id: str, lang: str = "nl") -> str:
        """The statement's text; empty for an id retired from the model (its old scores stay valid)."""
        statement = self._statements_by_id.get(statement_id)
        return statement.text(lang) if statement else ""

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def dimension_of(self, statement_id: str) -> str:
        """Dimension id of a statement id; works for retired ids too (the prefix before the dot)."""
        return statement_id.split(".", 1)[0]

    def level_name(self, level: int, lang: str = "nl") -> str:
        return next(lv.name(lang) for lv in self.levels if lv.level == level)


def load_model(path: str | os.PathLike | None = None) -> Groeimodel:
    """Load and validate the groeimodel; raises ProblemsError listing every problem found."""
    return _load_cached(*file_key(Path(path) if path is not None else config.model_path()))


def file_key(path: Path) -> tuple[str, int | None]:
    """(absolute path, modification time or None when missing): a content file's cache key, so an
    edited file is read again and an unchanged one is not."""
    stat = path.stat() if path.exists() else None
    return str(path.resolve()), stat.st_mtime_ns if stat else None


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: int | None) -> Groeimodel:
    name = _display_name(Path(path))
    if _mtime is None:
        raise ProblemsError([Problem(name, "model.missing_file", {"file": name})])
    raw = read_yaml(Path(path))
    if not isinstance(raw, dict):
        raise ProblemsError(
            [Problem(name, "model.field_missing", {"field": "model_version"}, id="groeimodel")]
        )
    try:
        model = Groeimodel.model_validate(raw)
    except ValidationError as exc:
        raise ProblemsError([_problem_from_pydantic(name, raw, err) for err in exc.errors()]) from None
    problems = _semantic_problems(name, model)
    if problems:
        raise ProblemsError(problems)
    return model


def read_yaml(path: Path) -> Any:
    """A content file's YAML; a file that is not valid YAML is a located problem (file, line)."""
    name = _display_name(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProblemsError(
            [Problem(name, "model.yaml_error", {"file": name, "line": line, "problem": problem})]
        ) from None


def _display_name(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _problem_from_pydantic(file: str, raw: Any, err: Any, root: str = "groeimodel") -> Problem:
    """Turn a pydantic error into a Problem located by the nearest enclosing id (e.g. D4.2)."""
    loc = err["loc"]
    owner, node, rest = root, raw, []
    for part in loc:
        node = node[part] if isinstance(node, dict | list) and _has(node, part) else None
        rest.append(str(part))
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            owner, rest = node["id"], []
    field = ".".join(rest) or str(loc[-1])
    if err["type"] == "missing" and rest and rest[-1] in LANGUAGES:
        return Problem(
            file,
            "model.language_missing",
            {"field": ".".join(rest[:-1]), "lang": rest[-1]},
            id=owner,
        )
    if err["type"] == "missing":
        return Problem(file, "model.field_missing", {"field": field}, id=owner)
    return Problem(file, "model.field_invalid", {"field": field, "problem": err["msg"]}, id=owner)


def _has(node: dict | list, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(key, int) and 0 <= key < len(node)


def _semantic_problems(file: str, model: Groeimodel) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()

    def check_unique(item_id: str) -> None:
        if item_id in seen:
            problems.append(Problem(file, "model.duplicate_id", {"id": item_id}, id=item_id))
        seen.add(item_id)

    if sorted(lv.level for lv in model.levels) != list(LEVELS):
        problems.append(Problem(file, "model.level_names", id="levels"))
    missing_scale = [str(n) for n in LEVELS if n not in model.answer_scale]
    if missing_scale:
        problems.append(
            Problem(
                file,
                "model.levels_incomplete",
                {"missing": ", ".join(missing_scale)},
                id="answer_scale",
            )
        )
    for dim in model.dimensions:
        check_unique(dim.id)
        missing = [str(n) for n in LEVELS if n not in dim.levels]
        if missing:
            problems.append(
                Problem(file, "model.levels_incomplete", {"missing": ", ".join(missing)}, id=dim.id)
            )
        if not 3 <= len(dim.statements) <= 5:
            problems.append(Problem(file, "model.statement_count", {"n": len(dim.statements)}, id=dim.id))
        for st in dim.statements:
            check_unique(st.id)
            if model.dimension_of(st.id) != dim.id:
                problems.append(
                    Problem(file, "model.bad_statement_id", {"id": st.id, "dim": dim.id}, id=st.id)
                )
    for rid in model.retired:
        if rid in model.statement_ids:
            problems.append(Problem(file, "model.retired_in_use", {"id": rid}, id=rid))
    return problems
