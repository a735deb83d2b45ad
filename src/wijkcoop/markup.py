"""HTML that the apps show, from Jinja2 templates in `templates/` (autoescaped; styles live in the
stylesheet of the Voilà template, not in attributes)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("wijkcoop", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails in the tests, not silently on screen
    )


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)
