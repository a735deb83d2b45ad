"""Texts and formats in the person's language.

Texts live in gettext catalogs, `locale/<lang>/LC_MESSAGES/wijkcoop.po` (one per language, editable with
Poedit or Weblate). A message id is a stable key written literally where it is used, `t("ze.title", lang)`,
or marked with `N_("…")` where it is kept in data, so tests/test_i18n.py can find every id the code
uses, and every unused or untranslated one. Counts use `tn` (gettext's ngettext), numbers, dates and
month names come from Babel (`Locale`).
"""

from __future__ import annotations

import gettext
import io
import logging
from datetime import date, datetime
from functools import cache
from pathlib import Path

from .config import DEFAULT_LANG, LANGUAGES

DOMAIN = "wijkcoop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TIME_ZONE = "Europe/Amsterdam"  # every time the kit shows is a Dutch wall-clock time
_BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}

log = logging.getLogger(__name__)


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The catalog of one language: the compiled .mo beside the .po (`make catalogs` writes it;
    tests/test_i18n.py checks that it matches). Without one, compiled in memory from the .po."""
    po = catalog_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists():
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    log.warning("%s has no compiled catalog: compiled in memory (run `make catalogs`)", po)
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(po)))


def compile_catalog(po: Path) -> bytes:
    """The .mo bytes of a .po file (Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANG


def has_text(key: str, lang: str = DEFAULT_LANG) -> bool:
    catalog = translations(_lang(lang))._catalog  # type: ignore[attr-defined]
    return key in catalog or (key, 0) in catalog


def t(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The text for `key` in `lang`, with `fields` filled in ({name} placeholders). A text with
    singular and plural forms picks its form by the field `n` (gettext's ngettext)."""
    catalog = translations(_lang(lang))
    n = fields.get("n")
    if isinstance(n, int) and (key, 0) in catalog._catalog:  # type: ignore[attr-defined]
        return catalog.ngettext(key, key, n).format(**fields)
    text = catalog.gettext(key)
    if text == key and lang != DEFAULT_LANG:  # a catalog gap must not show a key (the tests catch it)
        log.warning("no %s text for %s", lang, key)
        text = translations(DEFAULT_LANG).gettext(key)
    return text.format(**fields) if fields else text


def tn(key: str, n: int, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The singular or plural text for `key` as the count `n` asks, with {n} and `fields` filled in."""
    text = translations(_lang(lang)).ngettext(key, key, n)
    return text.format(n=n, **fields)


def N_(key: str) -> str:
    """Marks a message id kept in data (a table of keys) so the catalog check finds it."""
    return key


# -- numbers and dates (Babel) -----------------------------------------------------------------------
class Locale:
    """A language and a time zone: how numbers, dates and times are written for one person."""

    def __init__(self, lang: str = DEFAULT_LANG, time_zone: str = TIME_ZONE):
        self.lang = _lang(lang)
        self.time_zone = time_zone
        self.babel = _BABEL_LOCALE[self.lang]

    def number(self, value: float | None, digits: int = 1, sign: bool = False) -> str:
        """3,5 in Dutch, 3.5 in English; "–" for no value."""
        import math

        from babel.numbers import format_decimal

        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        pattern = "0." + "0" * digits if digits else "0"
        text = format_decimal(value, format=pattern, locale=self.babel)
        return f"+{text}" if sign and value > 0 and not text.startswith("+") else text

    def percent(self, share: float) -> str:
        from babel.numbers import format_percent

        return format_percent(share, format="0 %" if self.lang == "nl" else "0%", locale=self.babel)

    def day(self, value: date) -> str:
        """1 december 2026 / 1 December 2026."""
        from babel.dates import format_date

        return format_date(value, format="d MMMM y", locale=self.babel)

    def moment(self, value: object) -> str:
        """A stored UTC moment as a Dutch wall-clock time: 01-12-2026 15:04 ("" for none)."""
        if value is None or value == "":
            return ""
        import pandas as pd
        from babel.dates import format_datetime, get_timezone

        stamp = pd.Timestamp(value)
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize("UTC")
        moment: datetime = stamp.to_pydatetime()
        return format_datetime(
            moment, "dd-MM-y HH:mm", tzinfo=get_timezone(self.time_zone), locale=self.babel
        )


def clock(value: object, lang: str) -> str:
    """The time of a moment on the Dutch wall clock, hours and minutes: 14:03."""
    return Locale(lang).moment(value)[-5:]


def number(value: float | None, lang: str, digits: int = 1, sign: bool = False) -> str:
    return Locale(lang).number(value, digits, sign)
