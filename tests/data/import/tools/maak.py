"""Writes the export fixtures of the survey tools boards really use, from each tool's documented export
format, in Dutch and English: `python tests/data/import/tools/maak.py` (needs the kit installed).

Every fixture holds the same answers (`ANSWERS`, three board members, four statements) in that tool's
own shape: its columns, dates, answer labels, separators and quirks. `waarheid.json` says, per file, what
an import must store; tests/test_import_tools.py imports each file and compares cell by cell.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl

from wijkcoop.model import load_model

HERE = Path(__file__).resolve().parent
STATEMENTS = ["D1.1", "D1.2", "D2.1", "D4.2"]
ROLES = {"nl": ["voorzitter", "secretaris", "penningmeester"], "en": ["chair", "secretary", "treasurer"]}
ANSWERS = [[5, 4, 3, None], [2, 1, 4, 5], [3, 3, None, 2]]  # per member, per statement; None = weet niet
WHEN = [datetime(2026, 3, 19, 13, 27, 14), datetime(2026, 3, 20, 9, 5, 0), datetime(2026, 3, 24, 20, 41, 3)]
AGREE = {
    "nl": {1: "Helemaal mee oneens", 2: "Mee oneens", 3: "Neutraal", 4: "Mee eens", 5: "Helemaal mee eens"},
    "en": {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"},
}
DONT_KNOW = {"nl": "Weet niet", "en": "Don't know"}
MODEL = load_model()


def text(sid: str, lang: str) -> str:
    return MODEL.statement_text(sid, lang)


def dimension(sid: str, lang: str) -> str:
    dim = next(d for d in MODEL.dimensions if any(s.id == sid for s in d.statements))
    return getattr(dim.name, lang)


def scale(lang: str):  # the groeimodel's own labels
    return {v: f(lang) for v, f in MODEL.answer_scale.items()}


def write_csv(name: str, rows: list[list[str]], *, sep=",", bom=False, quote_all=False, crlf=False, tail=""):
    buf = io.StringIO(newline="")
    writer = csv.writer(
        buf,
        delimiter=sep,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if crlf else "\n",
    )
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + buf.getvalue() + tail
    (HERE / name).write_bytes(data.encode("utf-8"))


def write_xlsx(name: str, sheets: dict[str, list[list[object]]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(HERE / name)


def ms_forms(lang: str) -> list[list[object]]:
    """Microsoft Forms' Excel download: fixed columns first, one column per question (its title)."""
    head = {
        "nl": ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"],
        "en": ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
    }[lang]
    role_q = {"nl": "Wat is uw rol in het bestuur?", "en": "What is your role on the board?"}[lang]
    rows: list[list[object]] = [[*head, role_q, *(text(s, lang) for s in STATEMENTS)]]
    for i, (who, answers) in enumerate(zip(ROLES[lang], ANSWERS, strict=True), start=1):
        anonymous = lang == "nl"  # an anonymous form: Naam empty, e-mail "anonymous"
        rows.append(
            [
                i,
                WHEN[i - 1].replace(minute=0),
                WHEN[i - 1],
                "anonymous" if anonymous else f"{who}@example.org",
                "" if anonymous else who,
                None,
                who,
                *(AGREE[lang][a] if a else DONT_KNOW[lang] for a in answers),
            ]
        )
    return rows


def google(lang: str) -> list[list[str]]:
    """Google Forms' CSV: a grid question's rows as `Title [row]`; timestamps as the form's locale."""
    head = {"nl": ["Tijdstempel", "Naam"], "en": ["Timestamp", "Name"]}[lang]
    rows = [[*head, *(f"{dimension(s, lang)} [{text(s, lang)}]" for s in STATEMENTS)]]
    for when, who, answers in zip(WHEN, ROLES[lang], ANSWERS, strict=True):
        if lang == "nl":  # 2026/03/19 1:27:14 p.m. CET
            hour = when.hour % 12 or 12
            stamp = f"{when:%Y/%m/%d} {hour}:{when:%M:%S} {'a.m.' if when.hour < 12 else 'p.m.'} CET"
        else:  # a Sheets CSV in en-US: month first
            stamp = f"{when.month}/{when.day}/{when.year} {when.hour}:{when:%M:%S}"
        rows.append([stamp, who, *(str(a) if a else "n.v.t." for a in answers)])
    return rows


def lime_codes(lang: str) -> list[list[str]]:
    """LimeSurvey, headings and answers as codes, an anonymised survey (submitdate 1980-01-01)."""
    codes = {"D1.1": "D1[SQ001]", "D1.2": "D1[SQ002]", "D2.1": "D2[SQ001]", "D4.2": "D4[SQ002]"}
    rows = [["id", "submitdate", "lastpage", "startlanguage", "seed", "rol", *codes.values()]]
    for i, (who, answers) in enumerate(zip(ROLES[lang], ANSWERS, strict=True), start=1):
        rows.append(
            [
                str(i),
                "1980-01-01 00:00:00",
                "3",
                lang,
                f"{1000 + i}",
                who,
                *(f"A{a}" if a else "A6" for a in answers),
            ]
        )
    return rows


def lime_text(lang: str) -> list[list[str]]:
    """LimeSurvey, full question text `Vraag [Subvraag]` and answers as texts."""
    head = {
        "nl": ["Antwoord ID", "Datum verstuurd", "Laatste pagina", "Starttaal", "Seed", "Rol"],
        "en": ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Role"],
    }[lang]
    labels = scale(lang)
    rows = [[*head, *(f"{dimension(s, lang)} [{text(s, lang)}]" for s in STATEMENTS)]]
    for i, (when, who, answers) in enumerate(zip(WHEN, ROLES[lang], ANSWERS, strict=True), start=1):
        rows.append(
            [str(i), f"{when:%Y-%m-%d %H:%M:%S}", "3", lang, f"{2000 + i}", who]
            + [labels[a] if a else DONT_KNOW[lang] for a in answers]
        )
    return rows


def survey_monkey(lang: str) -> list[list[str]]:
    """SurveyMonkey's CSV: two header rows, the matrix question over its first column, row texts below."""
    head = {
        "nl": [
            "Respondent-ID",
            "Collector-ID",
            "Begindatum",
            "Einddatum",
            "IP-adres",
            "E-mailadres",
            "Voornaam",
            "Achternaam",
            "Aangepaste gegevens 1",
        ],
        "en": [
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
        ],
    }[lang]
    role_q = {"nl": "Wat is uw rol in het bestuur?", "en": "What is your role on the board?"}[lang]
    top, below = [*head, role_q], [""] * len(head) + [{"nl": "Antwoord", "en": "Response"}[lang]]
    last = None
    for s in STATEMENTS:
        title = dimension(s, lang)
        top.append(title if title != last else "")
        below.append(text(s, lang))
        last = title
    rows = [top, below]
    labels = scale(lang)
    for i, (when, who, answers) in enumerate(zip(WHEN, ROLES[lang], ANSWERS, strict=True), start=1):
        start, end = when.replace(minute=0), when
        if lang == "en":
            stamps = [f"{d:%m/%d/%Y %I:%M:%S %p}" for d in (start, end)]
        else:
            stamps = [f"{d:%d-%m-%Y %H:%M:%S}" for d in (start, end)]
        rows.append(
            [str(11400000000 + i), "4321", *stamps, "", "", "", "", "", who]
            + [labels[a] if a else DONT_KNOW[lang] for a in answers]
        )
    return rows


def typeform(lang: str) -> list[list[str]]:
    """Typeform's CSV: `#`, the question titles, then its own columns with dates in UTC."""
    role_q = {"nl": "Wat is je rol in het bestuur?", "en": "What is your role on the board?"}[lang]
    rows = [
        [
            "#",
            role_q,
            *(text(s, lang) for s in STATEMENTS),
            "Response Type",
            "Start Date (UTC)",
            "Stage Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
        ]
    ]
    for i, (when, who, answers) in enumerate(zip(WHEN, ROLES[lang], ANSWERS, strict=True), start=1):
        rows.append(
            [f"r{i}x7k2", who, *(str(a) if a else "" for a in answers), "completed"]
            + [f"{when:%Y-%m-%d %H:%M:%S}"] * 3
            + ["a1b2c3", ""]
        )
    return rows


def own_sheet(lang: str) -> dict[str, list[list[object]]]:
    """A board's own workbook: an explanation sheet first, a title above the header, numbered labels."""
    labels = scale(lang)
    head = {"nl": ["Naam", "Datum"], "en": ["Name", "Date"]}[lang]
    title = {"nl": "Zelfevaluatie bestuur, voorjaar 2026", "en": "Board self-assessment, spring 2026"}[lang]
    explain = {"nl": "Vul per stelling 1 tot en met 5 in.", "en": "Fill in 1 to 5 per statement."}[lang]
    rows: list[list[object]] = [[title], [], [*head, *(f"{s} {text(s, lang)}" for s in STATEMENTS)]]
    for when, who, answers in zip(WHEN, ROLES[lang], ANSWERS, strict=True):
        rows.append([who, when.date(), *(f"{a} – {labels[a]}" if a else "n.v.t." for a in answers)])
    return {
        "Uitleg" if lang == "nl" else "Instructions": [[explain]],
        "Antwoorden" if lang == "nl" else "Answers": rows,
    }


def main() -> None:
    truth: dict[str, dict] = {}

    def expect(name, lang, round_id, options=None, mapping=None):
        truth[name] = {
            "round": round_id,
            "options": options or {},
            "mapping": mapping,
            "answers": {
                who: dict(zip(STATEMENTS, answers, strict=True))
                for who, answers in zip(ROLES[lang], ANSWERS, strict=True)
            },
        }

    for lang in ("nl", "en"):
        write_xlsx(f"msforms_{lang}.xlsx", {"Form1": ms_forms(lang)})
        expect(
            f"msforms_{lang}.xlsx",
            lang,
            "2026-1",
            mapping=f"msforms_{lang}.koppeling.yaml" if lang == "nl" else None,
        )
        write_csv(f"googleforms_{lang}.csv", google(lang))
        expect(f"googleforms_{lang}.csv", lang, "2026-1")
        write_csv(
            f"limesurvey_codes_{lang}.csv",
            lime_codes(lang),
            sep=";",
            bom=True,
            quote_all=True,
            crlf=True,
            tail="\r\n",
        )
        expect(
            f"limesurvey_codes_{lang}.csv",
            lang,
            "2025-2",
            {"round": "2025-2"},
            "limesurvey_codes.koppeling.yaml",
        )
        write_csv(
            f"limesurvey_text_{lang}.csv",
            lime_text(lang),
            sep=";",
            bom=True,
            quote_all=True,
            crlf=True,
            tail="\r\n",
        )
        expect(f"limesurvey_text_{lang}.csv", lang, "2026-1")
        write_csv(f"surveymonkey_{lang}.csv", survey_monkey(lang))
        expect(f"surveymonkey_{lang}.csv", lang, "2026-1", mapping=f"surveymonkey_{lang}.koppeling.yaml")
        write_csv(f"typeform_{lang}.csv", typeform(lang))
        expect(f"typeform_{lang}.csv", lang, "2026-1", mapping=f"typeform_{lang}.koppeling.yaml")
        write_xlsx(f"eigen_blad_{lang}.xlsx", own_sheet(lang))
        expect(f"eigen_blad_{lang}.xlsx", lang, "2026-1")
    (HERE / "msforms_nl.koppeling.yaml").write_text(
        "# Anoniem formulier: de rolvraag zegt wie antwoordde.\nrespondent: Wat is uw rol in het bestuur?\n"
    )
    codes = {"D1[SQ001]": "D1.1", "D1[SQ002]": "D1.2", "D2[SQ001]": "D2.1", "D4[SQ002]": "D4.2"}
    lines = ["# LimeSurvey met vraagcodes en antwoordcodes", "kolommen:"]
    lines += [f'  "{k}": {v}' for k, v in codes.items()]
    lines += ["antwoorden:"] + [f"  A{i}: {i}" for i in range(1, 6)] + ["  A6: weet niet"]
    (HERE / "limesurvey_codes.koppeling.yaml").write_text("\n".join(lines) + "\n")
    for lang in ("nl", "en"):
        role_q = {"nl": "Wat is uw rol in het bestuur?", "en": "What is your role on the board?"}[lang]
        (HERE / f"surveymonkey_{lang}.koppeling.yaml").write_text(f"respondent: {role_q}\n")
        role_t = {"nl": "Wat is je rol in het bestuur?", "en": "What is your role on the board?"}[lang]
        (HERE / f"typeform_{lang}.koppeling.yaml").write_text(f"respondent: {role_t}\n")
    (HERE / "waarheid.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
