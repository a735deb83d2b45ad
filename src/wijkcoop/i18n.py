"""The one translations table: every user-facing text, Dutch first, English second.

Use `t("key", lang, name=value)`; placeholders are str.format fields.
"""

from __future__ import annotations

from .config import DEFAULT_LANG

TEXTS: dict[str, dict[str, str]] = {
    # --- locations -------------------------------------------------------------------------
    "loc.line": {"nl": "{file}, regel {line}", "en": "{file}, line {line}"},
    "loc.field": {
        "nl": "{file}, regel {line}, veld '{field}'",
        "en": "{file}, line {line}, field '{field}'",
    },
    "loc.id": {"nl": "{file}, {id}", "en": "{file}, {id}"},
    # --- model (groeimodel) errors ---------------------------------------------------------
    "model.missing_file": {
        "nl": "Het groeimodel is niet gevonden: {file}",
        "en": "The growth model was not found: {file}",
    },
    "model.yaml_error": {
        "nl": "{file}, regel {line}: dit is geen geldige YAML ({problem})",
        "en": "{file}, line {line}: this is not valid YAML ({problem})",
    },
    "model.field_missing": {"nl": "veld '{field}' ontbreekt", "en": "field '{field}' is missing"},
    "model.field_invalid": {"nl": "veld '{field}': {problem}", "en": "field '{field}': {problem}"},
    "model.duplicate_id": {
        "nl": "het id {id} komt meer dan eens voor",
        "en": "the id {id} occurs more than once",
    },
    "model.bad_statement_id": {
        "nl": "stelling {id} hoort bij dimensie {dim} en moet beginnen met '{dim}.'",
        "en": "statement {id} belongs to dimension {dim} and must start with '{dim}.'",
    },
    "model.levels_incomplete": {
        "nl": "niet elk niveau is beschreven: ontbrekend {missing}",
        "en": "not every level is described: missing {missing}",
    },
    "model.statement_count": {
        "nl": "een dimensie heeft 3 tot 5 stellingen, deze heeft er {n}",
        "en": "a dimension has 3 to 5 statements, this one has {n}",
    },
    "model.language_missing": {
        "nl": "tekst '{field}' mist de taal {lang}",
        "en": "text '{field}' lacks the language {lang}",
    },
    "model.retired_in_use": {
        "nl": "{id} staat bij 'retired' maar is ook een actuele stelling",
        "en": "{id} is listed under 'retired' but is also a current statement",
    },
    "model.level_names": {
        "nl": "de vijf niveaus moeten 1 tot en met 5 zijn",
        "en": "the five levels must be 1 to 5",
    },
    # --- store: reading ---------------------------------------------------------------------
    "store.header_mismatch": {
        "nl": "de kolommen kloppen niet: verwacht {expected}, gevonden {found}",
        "en": "the columns do not match: expected {expected}, found {found}",
    },
    "store.field_count": {
        "nl": "deze regel heeft {found} velden in plaats van {expected}",
        "en": "this line has {found} fields instead of {expected}",
    },
    "store.required": {"nl": "mag niet leeg zijn", "en": "must not be empty"},
    "store.field_count_short": {
        "nl": "deze regel heeft te weinig velden (het laatste veld ontbreekt)",
        "en": "this line has too few fields (the last field is missing)",
    },
    "store.bad_choice": {
        "nl": "'{value}' is geen toegestane waarde; kies uit: {choices}",
        "en": "'{value}' is not an allowed value; choose from: {choices}",
    },
    "store.more_problems": {
        "nl": "en nog {n} regel(s) met hetzelfde probleem",
        "en": "and {n} more line(s) with the same problem",
    },
    "store.input": {"nl": "invoer", "en": "input"},
    "store.score_range": {
        "nl": "'{value}' is geen score: gebruik 1 t/m 5, of leeg voor 'weet niet'",
        "en": "'{value}' is not a score: use 1 to 5, or empty for \"don't know\"",
    },
    "store.unknown_statement": {
        "nl": "'{value}' is geen stelling uit het groeimodel",
        "en": "'{value}' is not a statement of the growth model",
    },
    "store.bad_round": {
        "nl": "'{value}' is geen ronde: schrijf jaar-volgnummer, bijvoorbeeld 2026-2",
        "en": "'{value}' is not a round: write year-number, for example 2026-2",
    },
    "store.bad_date": {
        "nl": "'{value}' is geen geldige datum en tijd (JJJJ-MM-DDTuu:mm:ss)",
        "en": "'{value}' is not a valid date and time (YYYY-MM-DDThh:mm:ss)",
    },
    "store.future_date": {
        "nl": "'{value}' ligt in de toekomst",
        "en": "'{value}' lies in the future",
    },
    "store.bad_id": {
        "nl": "'{value}' is geen geldig id: kleine letters, cijfers en streepjes",
        "en": "'{value}' is not a valid id: lower-case letters, digits and hyphens",
    },
    "store.bad_flag": {
        "nl": "'{value}' is geen ja/nee-waarde: gebruik 1 of 0",
        "en": "'{value}' is not a yes/no value: use 1 or 0",
    },
    "store.too_long": {
        "nl": "is te lang (meer dan {max} tekens)",
        "en": "is too long (more than {max} characters)",
    },
    "store.bad_record": {
        "nl": "'{value}' is geen geldig record-id",
        "en": "'{value}' is not a valid record id",
    },
    "store.unknown_cooperative": {
        "nl": "coöperatie '{value}' staat niet in het register ({register})",
        "en": "cooperative '{value}' is not in the register ({register})",
    },
    "store.unreadable": {
        "nl": "het bestand is niet te lezen: {problem}",
        "en": "the file cannot be read: {problem}",
    },
    "store.torn_tail": {
        "nl": "{file}: een onvolledig weggeschreven laatste opslag ({n} regel(s)) is apart gezet in {aside}",
        "en": "{file}: an incompletely written last save ({n} line(s)) was set aside in {aside}",
    },
    "store.lock_timeout": {
        "nl": "{file} is bezet door een andere opslag; probeer het over een paar seconden opnieuw",
        "en": "{file} is busy with another save; try again in a few seconds",
    },
    "store.invalid_rows": {
        "nl": "Er is niets opgeslagen, want {n} waarde(n) klopt/kloppen niet:",
        "en": "Nothing was saved, because {n} value(s) are not right:",
    },
    # --- CLI -------------------------------------------------------------------------------------
    "cli.validate.ok": {
        "nl": "Alles in orde: groeimodel {version} ({n_statements} stellingen) en {n_rows} regels in {data}.",
        "en": "All good: growth model {version} ({n_statements} statements) and {n_rows} rows in {data}.",
    },
    "cli.validate.problems": {
        "nl": "{n} probleem/problemen gevonden:",
        "en": "{n} problem(s) found:",
    },
    "cli.demo.not_empty": {
        "nl": "{data} bevat al gegevens; demo-gegevens worden alleen in een lege map geschreven.",
        "en": "{data} already holds data; demo data is only written into an empty folder.",
    },
    "cli.demo.done": {
        "nl": "Demo-gegevens geschreven naar {data}: {n_coops} coöperaties, {n_rows} scores.",
        "en": "Demo data written to {data}: {n_coops} cooperatives, {n_rows} scores.",
    },
    "cli.demo.progress": {
        "nl": "Demo: {done}/{total} coöperaties",
        "en": "Demo: {done}/{total} cooperatives",
    },
    "cli.serve.start": {
        "nl": "wijkcoop draait op http://{ip}:{port}  (gegevens: {data}; stoppen met Ctrl-C)",
        "en": "wijkcoop is running at http://{ip}:{port}  (data: {data}; stop with Ctrl-C)",
    },
    "cli.serve.no_notebooks": {
        "nl": "Geen apps gevonden in {dir}",
        "en": "No apps found in {dir}",
    },
    # --- scoring ----------------------------------------------------------------------------------
    "score.split": {"nl": "verdeeld", "en": "split"},
    # --- groeimodel app ---------------------------------------------------------------------------
    "app.groeimodel.title": {"nl": "Het groeimodel", "en": "The growth model"},
    "app.language": {"nl": "Taal", "en": "Language"},
    "app.dimension": {"nl": "Dimensie", "en": "Dimension"},
    "app.levels": {"nl": "Niveaus", "en": "Levels"},
    "app.statements": {"nl": "Stellingen", "en": "Statements"},
    "app.model_version": {
        "nl": "Versie van het model: {version}",
        "en": "Model version: {version}",
    },
    "app.target": {"nl": "doel", "en": "target"},
    "app.error": {
        "nl": "Er ging iets mis. De details staan in het logboek van de server.",
        "en": "Something went wrong. The details are in the server log.",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The text for `key` in `lang` (falls back to Dutch), with `fields` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text
