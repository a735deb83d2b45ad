from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wijkcoop import config, demo
from wijkcoop.context import open_store
from wijkcoop.model import load_model
from wijkcoop.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model():
    return load_model()


@pytest.fixture
def store(tmp_path, model) -> Store:
    return open_store(tmp_path / "data", model=model)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory, model) -> Path:
    """A data folder with the seeded demo, made once; copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "data"
    demo.generate(open_store(path, model=model), model)
    return path


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory, model) -> Path:
    """A small seeded data folder (10 cooperatives, 9,360 scores, 8 sessions); copy it before changing it."""
    path = tmp_path_factory.mktemp("small") / "data"
    demo.generate(open_store(path, model=model), model, sizes=(1,) * len(demo.AREA_SIZES))
    return path


@pytest.fixture
def small_copy(tmp_path, small_dir) -> Path:
    target = tmp_path / "data"
    shutil.copytree(small_dir, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def demo_copy(tmp_path, demo_dir) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_dir, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def content_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of the content folders, so a test can break the groeimodel safely."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "zelfevaluatie", root / "zelfevaluatie")
    monkeypatch.setenv(config.ENV_CONTENT, str(root))
    return root
