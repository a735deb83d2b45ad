"""The room: the participant's page needs no pandas, and `Store.rows` reads what `Store.read` reads."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from wijkcoop.context import open_store
from wijkcoop.tables import PARTICIPANTS, RATINGS, SCORES, TABLES
from wijkcoop.training import Training

HEAVY = ("pandas", "numpy", "pyarrow", "matplotlib")

# A participant's whole visit, as the page's kernel runs it: import, build, join by code, say who you
# are, rate, evaluate; then the same person comes back. Prints what it imported.
VISIT = f"""
import json, sys
import ipykernel.kernelapp  # what every kernel has loaded anyway
from wijkcoop.apps.deelnemer import DeelnemerApp
data, code = sys.argv[1], sys.argv[2]
imported = [m for m in {HEAVY!r} if m in sys.modules]
app = DeelnemerApp(data, lang="nl")
app.code.value = code
app.join_button.click()
app.who.value, app.role.value = "Proef Deelnemer", "vrijwilliger"
app.who_button.click()
for toggle in app.rating_form.toggles.values():
    toggle.value = "4"
app.rating_button.click()
app.evaluation_form.relevance.value = app.evaluation_form.engagement.value = "5"
app.eval_button.click()
thanked = app.body.children[0] is app.thanks
again = DeelnemerApp(data, lang="nl")
again.code.value = code.lower()
again.join_button.click()
again.who.value = "proef  deelnemer"
again.who_button.click()
print(json.dumps({{
    "at_import": imported,
    "after_visit": [m for m in {HEAVY!r} if m in sys.modules],
    "thanked": thanked,
    "status": app.status.value + again.status.value,
    "role_again": again.role.value,
    "ratings_again": sorted({{t.value for t in again.rating_form.toggles.values()}}),
}}))
"""


def test_a_participants_visit_loads_neither_pandas_nor_numpy(small_copy):
    training = Training(open_store(small_copy))
    code = training.create_session("ondernemen", date(2026, 12, 1), "Zaal (demo)", "T (demo)")
    run = subprocess.run(
        [sys.executable, "-c", VISIT, str(small_copy), code], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["at_import"] == [] and seen["after_visit"] == [], seen
    assert seen["thanked"] and seen["status"] == ""
    assert seen["role_again"] == "vrijwilliger" and seen["ratings_again"] == ["4"]  # came back: answers shown
    store = open_store(small_copy)
    people = store.current(PARTICIPANTS).frame
    assert people.loc[people["session_id"] == code, "participant"].tolist() == ["Proef Deelnemer"]
    ratings = store.current(RATINGS).frame
    assert set(ratings.loc[ratings["session_id"] == code, "score"]) == {4}


def test_rows_reads_the_same_rows_and_problems_as_read(small_copy):
    """Every table of the demo, then a scores file with hand-made damage: the lean read and the frame
    read keep the same rows and find problems on the same lines (a short line is said in other words:
    the frame read names its empty fields, the lean read its field count)."""
    path = small_copy / SCORES.filename
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[SCORES.header.index("score")] = "9"  # out of range
    lines[3] = ",".join(cells)
    lines[5] = lines[5][:20]  # a line cut short
    lines[7] = lines[7].replace("2026.1", "2026.1\x1b", 1)
    lines.insert(9, "x" * 10)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = open_store(small_copy)
    for table in TABLES.values():
        frame_read = store.read(table)
        rows_read = store.rows(table)
        kept = [r["record_id"] for r in rows_read.rows]
        assert kept == frame_read.frame["record_id"].tolist(), table.name
        assert {p.line for p in rows_read.problems} == {p.line for p in frame_read.problems}, table.name
        if rows_read.rows:
            assert list(rows_read.rows[0]) == table.header
    problems = store.rows(SCORES).problems
    assert {p.line for p in problems} == {4, 6, 8, 10}  # by file line: the header is line 1
    said = " ".join(p.format("en") for p in problems)
    assert "line 6: this line has" in said and "line 8" in said and "'9'" in said


def test_current_rows_keeps_the_last_row_per_key_like_current(small_copy):
    store = open_store(small_copy)
    for table in TABLES.values():
        rows = store.current_rows(table)
        frame = store.current(table).frame
        assert [r["record_id"] for r in rows] == frame["record_id"].tolist(), table.name
