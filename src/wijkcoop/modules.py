"""Summerschool modules as content (`summerschool/*.yaml`), validated like the groeimodel.

One file per module: learning goals, a day programme with times, the werkvormen with instructions,
reflection questions and the groeimodel dimensions the module works on. `_beoordeling.yaml` holds what
all modules share: the self-rating aspects asked per learning goal (Kirkpatrick level 2), the answer
scale and the session-evaluation questions (level 1). Every problem is reported at once, located by
file and id, so a trainer who edits a file by hand can fix them in one go.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import config
from .model import Groeimodel, Text, _display_name, _problem_from_pydantic, read_yaml
from .problems import Problem, ProblemsError
from .rules import GOAL_ID_PATTERN

MODULE_ID = r"^[a-z][a-z0-9-]{1,40}$"
RATING_FILE = "_beoordeling.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Goal(_Strict):
    id: str = Field(pattern=f"^{GOAL_ID_PATTERN}$")
    text: Text


class ProgrammeItem(_Strict):
    time: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    title: Text
    werkvorm: str | None = None


class Werkvorm(_Strict):
    id: str = Field(pattern=MODULE_ID)
    name: Text
    duration: int = Field(ge=5, le=480)  # minutes
    group_size: Text
    materials: Text
    instructions: Text


class Module(_Strict):
    id: str = Field(pattern=MODULE_ID)
    name: Text
    summary: Text
    dimensions: list[str] = Field(min_length=1)
    goals: list[Goal] = Field(min_length=1)
    programme: list[ProgrammeItem] = Field(min_length=1)
    werkvormen: list[Werkvorm] = Field(min_length=3)
    reflection: list[Text] = Field(min_length=1)

    def goal(self, goal_id: str) -> Goal:
        return next(g for g in self.goals if g.id == goal_id)

    def werkvorm(self, werkvorm_id: str) -> Werkvorm:
        return next(w for w in self.werkvormen if w.id == werkvorm_id)

    @property
    def goal_ids(self) -> list[str]:
        return [g.id for g in self.goals]


class Aspect(_Strict):
    id: str = Field(pattern=r"^[a-z]{2,20}$")
    before: bool
    text: Text


class Evaluation(_Strict):
    relevance: Text
    engagement: Text
    top: Text
    tip: Text


class Rating(_Strict):
    """What every module shares: the self-rating aspects, the 1–5 scale and the evaluation questions."""

    aspects: list[Aspect] = Field(min_length=1)
    scale: dict[int, Text]
    evaluation: Evaluation

    @property
    def aspect_ids(self) -> list[str]:
        return [a.id for a in self.aspects]

    def aspect(self, aspect_id: str) -> Aspect:
        return next(a for a in self.aspects if a.id == aspect_id)

    def items(self, module: Module) -> list[tuple[str, str, str]]:
        """(goal, aspect, moment) for every answer a participant gives, in the order asked."""
        out = []
        for goal in module.goals:
            for aspect in self.aspects:
                if aspect.before:
                    out.append((goal.id, aspect.id, "voor"))
                out.append((goal.id, aspect.id, "na"))
        return out


# -- loading --------------------------------------------------------------------------------------
def _stamp(folder: Path) -> tuple:
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    rating = folder / RATING_FILE
    return tuple((str(p), p.stat().st_mtime_ns) for p in files), (
        str(rating),
        rating.stat().st_mtime_ns if rating.exists() else None,
    )


def load_modules(model: Groeimodel, folder: Path | None = None) -> list[Module]:
    folder = folder or config.summerschool_dir()
    modules, _ = _load(_stamp(folder), tuple(model.dimension_ids))
    return modules


def load_rating(model: Groeimodel, folder: Path | None = None) -> Rating:
    folder = folder or config.summerschool_dir()
    _, rating = _load(_stamp(folder), tuple(model.dimension_ids))
    assert rating is not None  # _load raises ProblemsError when the rating file is missing or wrong
    return rating


def module_by_id(modules: list[Module], module_id: str) -> Module | None:
    return next((m for m in modules if m.id == module_id), None)


def module_for_dimension(modules: list[Module], dimension_id: str) -> Module | None:
    return next((m for m in modules if dimension_id in m.dimensions), None)


def _read_yaml(path: Path, problems: list[Problem]):
    if not path.exists():
        name = _display_name(path)
        problems.append(Problem(name, "modules.missing_file", {"path": name}))
        return None
    try:
        return read_yaml(path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None


@lru_cache(maxsize=4)
def _load(stamp: tuple, dimension_ids: tuple[str, ...]) -> tuple[list[Module], Rating | None]:
    module_files, (rating_file, _) = stamp
    modules: list[Module] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path_text, _ in module_files:
        path = Path(path_text)
        name = _display_name(path)
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        root = raw.get("id", path.stem) if isinstance(raw, dict) else path.stem
        try:
            module = Module.model_validate(raw)
        except ValidationError as exc:
            problems += [_problem_from_pydantic(name, raw, e, root=str(root)) for e in exc.errors()]
            continue
        problems += _module_problems(name, module, dimension_ids)
        if module.id in seen:
            problems.append(
                Problem(name, "modules.duplicate_module", {"other": seen[module.id]}, id=module.id)
            )
        seen[module.id] = name
        modules.append(module)

    rating = None
    path = Path(rating_file)
    name = _display_name(path)
    raw = _read_yaml(path, problems)
    if raw is not None:
        try:
            rating = Rating.model_validate(raw)
        except ValidationError as exc:
            problems += [_problem_from_pydantic(name, raw, e, root="beoordeling") for e in exc.errors()]
        else:
            if sorted(rating.scale) != [1, 2, 3, 4, 5]:
                problems.append(Problem(name, "modules.scale", {}, id="scale"))
            problems += _duplicates(name, [a.id for a in rating.aspects])
    if problems:
        raise ProblemsError(problems)
    return modules, rating


def _module_problems(name: str, module: Module, dimension_ids: tuple[str, ...]) -> list[Problem]:
    problems = [
        Problem(name, "store.unknown_dimension", {"value": dim}, id=module.id)
        for dim in module.dimensions
        if dim not in dimension_ids
    ]
    problems += _duplicates(name, module.goal_ids)
    problems += _duplicates(name, [w.id for w in module.werkvormen])
    known = {w.id for w in module.werkvormen}
    for item in module.programme:
        if item.werkvorm is not None and item.werkvorm not in known:
            problems.append(
                Problem(
                    name,
                    "modules.unknown_werkvorm",
                    {"value": item.werkvorm, "time": item.time},
                    id=module.id,
                )
            )
    times = [item.time for item in module.programme]
    for before, after in zip(times, times[1:], strict=False):
        if after <= before:
            problems.append(
                Problem(name, "modules.time_order", {"before": before, "after": after}, id=module.id)
            )
    return problems


def _duplicates(name: str, ids: list[str]) -> list[Problem]:
    seen, out = set(), []
    for i in ids:
        if i in seen:
            out.append(Problem(name, "model.duplicate_id", {"id": i}, id=i))
        seen.add(i)
    return out
