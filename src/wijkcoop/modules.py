"""Summerschool modules as content (`summerschool/*.yaml`), validated like the groeimodel.

Only what the other apps need is read here (id, name, summary, the groeimodel dimensions the module works
on); the full module content (programme, werkvormen, learning goals) is added by the summerschool kit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import config
from .model import Groeimodel, Text, _display_name, _problem_from_pydantic
from .problems import Problem, ProblemsError


class Module(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,40}$")
    name: Text
    summary: Text
    dimensions: list[str] = Field(min_length=1)


def load_modules(model: Groeimodel, folder: Path | None = None) -> list[Module]:
    folder = folder or config.summerschool_dir()
    files = sorted(folder.glob("*.yaml"))
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    return _load(stamp, tuple(model.dimension_ids))


@lru_cache(maxsize=4)
def _load(stamp: tuple, dimension_ids: tuple[str, ...]) -> list[Module]:
    modules, problems = [], []
    for path_text, _ in stamp:
        path = Path(path_text)
        name = _display_name(path)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            module = Module.model_validate(raw)
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 0
            problems.append(
                Problem(name, "model.yaml_error", {"file": name, "line": line, "problem": exc.problem})
            )
            continue
        except ValidationError as exc:
            problems += [_problem_from_pydantic(name, raw, e) for e in exc.errors()]
            continue
        for dim in module.dimensions:
            if dim not in dimension_ids:
                problems.append(Problem(name, "store.unknown_dimension", {"value": dim}, id=module.id))
        modules.append(module)
    if problems:
        raise ProblemsError(problems)
    return modules


def module_for_dimension(modules: list[Module], dimension_id: str) -> Module | None:
    return next((m for m in modules if dimension_id in m.dimensions), None)
