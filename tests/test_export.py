from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from wijkcoop import export

NASTY = ['=HYPERLINK("http://example.invalid","klik")', "+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"]


def frame():
    return pd.DataFrame(
        {"name": [*NASTY, "gewoon", "-"], "score": [1.5, -2.0, 3.0, 4.25, 5.0, 1.0, 2.5, -1.0]}
    )


def test_text_cells_are_neutralised_numbers_untouched():
    out = export.neutralised(frame())
    assert out["name"].tolist()[:6] == ["'" + v for v in NASTY]
    assert out["name"].tolist()[6:] == ["gewoon", "'-"]
    assert out["score"].tolist() == frame()["score"].tolist()


def test_dutch_csv_semicolon_decimal_comma_bom():
    data = export.dutch_csv(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "name;score"
    assert lines[2] == "'+1;-2,0"
    assert lines[4] == "'@SUM(A1:A2);4,25"
    assert ";-1,0" in text
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["score"].tolist() == frame()["score"].tolist()


def test_xlsx_keeps_numbers_as_numbers_and_text_as_text():
    wb = load_workbook(io.BytesIO(export.xlsx({"blad": frame()})))
    ws = wb["blad"]
    assert ws["A2"].value == '\'=HYPERLINK("http://example.invalid","klik")'
    assert ws["A2"].data_type == "s"
    assert ws["B3"].value == -2.0 and ws["B3"].data_type == "n"
