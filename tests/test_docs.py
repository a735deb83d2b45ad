from __future__ import annotations

from pathlib import Path

from wijkcoop.tables import TABLES

DATA_MD = Path(__file__).resolve().parent.parent / "docs" / "data.md"


def test_every_table_and_column_is_documented():
    text = DATA_MD.read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"`{table.filename}`" in text, table.filename
        section = text.split(f"`{table.filename}`", 1)[1].split("\n## ", 1)[0]
        for column in table.header:
            assert f"| `{column}` |" in section, f"{table.filename}: {column}"
