"""The text catalogs: every message the code uses exists in Dutch and English, none is unused, no message
id is built at run time, and the compiled catalogs match the texts."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from wijkcoop import i18n
from wijkcoop.i18n import LOCALE_DIR, Locale, compile_catalog, t, tn

SRC = Path(i18n.__file__).parent
ID = re.compile(r"[a-z]+(\.[a-z0-9_]+)+")
FILE_LIKE = re.compile(r".*\.(csv|pdf|png|xlsx|yaml|yml|json|ipynb|py|po|mo|txt|html|lock)$")
KEY_CALLS = {"t": 0, "tn": 0, "N_": 0, "Problem": 1}


def catalog(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "wijkcoop.po").open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(f) if m.id}


CATALOGS = {lang: catalog(lang) for lang in ("nl", "en")}
IDS = set(CATALOGS["nl"])


def sources() -> list[tuple[Path, ast.AST]]:
    return [
        (p, ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(SRC.rglob("*.py"))
        if p.name != "i18n.py"
    ]


def call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def strings_used() -> tuple[set[str], set[str]]:
    """(every string constant in the code that names a message, the ids in places that must be one)."""
    used, required = set(), set()
    prefixes = {i.split(".", 1)[0] for i in IDS}
    for _, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value[1:] if node.value.startswith("@") else node.value
                if ID.fullmatch(text) and not FILE_LIKE.match(text) and text.split(".", 1)[0] in prefixes:
                    used.add(text)
                    required.add(text)
            if isinstance(node, ast.Call) and call_name(node) in KEY_CALLS:
                position = KEY_CALLS[call_name(node)]
                if len(node.args) > position:
                    arg = node.args[position]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        required.add(arg.value.lstrip("@"))
                        used.add(arg.value.lstrip("@"))
    return used, required


def test_both_languages_hold_the_same_messages_with_the_same_fields():
    assert set(CATALOGS["en"]) == IDS
    fields = string.Formatter()
    for key in IDS:
        forms = {}
        for lang in ("nl", "en"):
            message = CATALOGS[lang][key]
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(x.strip() for x in texts), f"{lang}: {key} has no text"
            forms[lang] = {name for x in texts for _, name, _, _ in fields.parse(x) if name}
            assert message.pluralizable == CATALOGS["nl"][key].pluralizable, key
        assert forms["nl"] == forms["en"], f"{key}: fields differ between nl and en"


def test_every_message_the_code_uses_exists_and_none_is_unused():
    used, required = strings_used()
    missing = sorted(required - IDS)
    assert not missing, f"used in the code, missing in the catalogs: {missing}"
    unused = sorted(IDS - used)
    assert not unused, f"in the catalogs, used nowhere: {unused}"


def test_no_message_id_is_built_at_run_time():
    built = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in KEY_CALLS:
                position = KEY_CALLS[call_name(node)]
                if len(node.args) > position:
                    arg = node.args[position]
                    if isinstance(arg, ast.JoinedStr | ast.BinOp) or (
                        isinstance(arg, ast.Call) and call_name(arg) == "format"
                    ):
                        built.append(f"{path.relative_to(SRC)}:{node.lineno} {ast.unparse(arg)}")
    assert not built, "message ids must be literals (or N_-marked tables): " + "; ".join(built)


def test_the_compiled_catalogs_match_the_texts():
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run `make catalogs`"
        fresh = gettext.GNUTranslations(io.BytesIO(compile_catalog(po)))._catalog
        shipped = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))._catalog
        fresh.pop("", None), shipped.pop("", None)  # the header holds the time it was compiled
        assert fresh == shipped, f"{mo} is out of date: run `make catalogs`"


def test_plural_forms_follow_the_count():
    assert t("ze.board.saved", "nl", n=1) == "1 bestuursscore opgeslagen."
    assert t("ze.board.saved", "nl", n=3) == "3 bestuursscores opgeslagen."
    assert t("ze.board.saved", "en", n=1) == "1 board score saved."
    assert tn("count.cooperatives", 2, "nl") == "2 coöperaties"
    assert tn("count.respondents", 1, "en") == "1 respondent"


@pytest.mark.parametrize(
    ("lang", "value", "expected"), [("nl", 3.25, "3,2"), ("en", 3.25, "3.2"), ("nl", 4.0, "4,0")]
)
def test_numbers_dates_and_times_follow_the_language(lang, value, expected):
    place = Locale(lang)
    assert place.number(value) == expected
    assert place.number(None) == "–" and place.number(float("nan")) == "–"
    assert place.number(0.5, sign=True).startswith("+") and place.number(-0.5, sign=True).startswith("-")
    month = {"nl": "1 december 2026", "en": "1 December 2026"}[lang]
    assert place.day(date(2026, 12, 1)) == month
    # A stored UTC time is shown on the Dutch clock: summer time +2, winter time +1.
    assert place.moment("2026-07-01T10:00:00+00:00") == "01-07-2026 12:00"
    assert place.moment("2026-12-01T10:00:00+00:00") == "01-12-2026 11:00"
    assert place.moment("") == ""


def test_an_unknown_language_falls_back_to_dutch():
    assert t("ze.title", "fr") == t("ze.title", "nl")
