"""pyproject.toml and environment.yml must name the same dependencies with the same lower bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _norm(spec: str) -> tuple[str, str]:
    spec = spec.split(";")[0].split("#")[0].strip()
    name, bound = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_norm(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_norm(s) for s in env["dependencies"] if isinstance(s, str)}
    conda = {(n, b) for n, b in conda if n not in {"python", "pip"}}
    # What conda-forge does not have comes from PyPI, in the pip section (besides the kit itself).
    pip = [s for d in env["dependencies"] if isinstance(d, dict) for s in d.get("pip", [])]
    from_pypi = {_norm(s) for s in pip if not s.startswith("-e")}
    assert not conda & from_pypi
    assert conda | from_pypi == wanted


def test_security_lower_bounds_are_pinned():
    deps = dict(
        _norm(s) for s in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    assert deps["voila"] == ">=0.5.6"  # CVE-2024-30265
    assert deps["filelock"] == ">=3.20.3"
