"""One context per kernel (or CLI run): settings, content, store and clock, built once and passed in.

The store knows no content; here the content (groeimodel, summerschool modules) becomes the
vocabulary the store checks rows against. Apps, services and the CLI get what they need from a
`Context` instead of each loading the model and opening the store their own way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from functools import cached_property

from . import config
from .model import Groeimodel, load_model
from .problems import ProblemsError, StorageError
from .store import Store
from .tables import Vocabulary


def vocabulary_for(model: Groeimodel) -> Vocabulary:
    """The ids the content defines. Module and rating files are read when a check needs them."""

    def module_ids() -> list[str] | None:
        from .modules import load_modules

        try:
            return [m.id for m in load_modules(model)]
        except ProblemsError:
            return None

    def aspect_ids() -> list[str] | None:
        from .modules import load_rating

        try:
            return list(load_rating(model).aspect_ids)
        except ProblemsError:
            return None

    return Vocabulary(
        statement_ids=tuple(model.statement_ids),
        known_statement_ids=frozenset(model.known_statement_ids),
        dimension_ids=tuple(model.dimension_ids),
        model_version=model.model_version,
        module_ids=module_ids,
        aspect_ids=aspect_ids,
        model=model,
    )


def open_store(
    data_dir: str | os.PathLike | None = None, model: Groeimodel | None = None, lock_timeout: float = 30.0
) -> Store:
    """The data folder with the content's vocabulary (the model is loaded only when first needed)."""
    source: Vocabulary | Callable[[], Vocabulary]
    source = vocabulary_for(model) if model is not None else (lambda: vocabulary_for(load_model()))
    return Store(data_dir, vocabulary=source, lock_timeout=lock_timeout)


class Context:
    """What an app page or a command needs, made once: data folder, language, today, content, store."""

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        model: Groeimodel | None = None,
        lang: str | None = None,
        today: date | None = None,
    ):
        self.model: Groeimodel = model or load_model()
        self.lang: str = config.language(lang)
        self.today: date = today or date.today()
        self.store: Store = open_store(data_dir, self.model)
        self.storage_problem: StorageError | None = self.store.start()

    @cached_property
    def access(self):
        """Who this page's person is and what they may do (access.py)."""
        from .access import identify

        return identify(self.store)

    @cached_property
    def modules(self):
        from .modules import load_modules

        return load_modules(self.model)

    @cached_property
    def drafts(self):
        from .drafts import DraftStore

        return DraftStore(self.store.data_dir)
