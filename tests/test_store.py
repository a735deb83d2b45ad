from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest

from wijkcoop import config
from wijkcoop.problems import ProblemsError
from wijkcoop.store import Store, StoreWarning
from wijkcoop.tables import COOPERATIVES, SCORES


def score_rows(respondent="voorzitter", scores=(1, 2, None, 4), coop="demo-a", round_="2026-2"):
    return [
        {
            "cooperative_id": coop,
            "round": round_,
            "respondent": respondent,
            "statement_id": f"D1.{i}",
            "score": s,
            "discuss": i == 2,
            "model_version": "2026.1",
        }
        for i, s in enumerate(scores, start=1)
    ]


def test_save_and_read_back_typed(store):
    ids = store.append(SCORES, score_rows())
    frame = store.read(SCORES).frame
    assert list(frame["record_id"]) == ids
    assert frame["score"].tolist()[:2] == [1, 2] and pd.isna(frame["score"].iloc[2])
    assert frame["discuss"].tolist() == [False, True, False, False]
    assert (frame["save_rows"] == 4).all()
    assert str(frame["saved_at"].dt.tz) == "UTC"
    assert list(frame.index) == [2, 3, 4, 5]  # file line numbers


def test_header_written_once_and_saves_only_append(store):
    store.append(SCORES, score_rows("voorzitter"))
    before = store.path(SCORES).read_bytes()
    store.append(SCORES, score_rows("penningmeester"))
    after = store.path(SCORES).read_bytes()
    assert after.startswith(before)
    assert after.count(b"cooperative_id,round") == 1
    assert len(after.splitlines()) == 1 + 8


def test_correction_is_a_new_row_and_supersedes(store):
    store.append(SCORES, score_rows(scores=(1, 2, 3, 4)))
    store.append(SCORES, score_rows(scores=(5,)))  # corrects D1.1 only
    history = store.read(SCORES).frame
    current = store.current(SCORES).frame
    assert len(history) == 5
    assert len(current) == 4
    assert current.set_index("statement_id").loc["D1.1", "score"] == 5
    assert history[history["statement_id"] == "D1.1"]["score"].tolist() == [1, 5]


def test_invalid_save_writes_nothing_and_lists_every_problem(store):
    store.append(SCORES, score_rows())
    before = store.path(SCORES).read_bytes()
    bad = score_rows(scores=(0, 6, 3, 2))
    bad[2]["statement_id"] = "D99.1"
    bad[3]["round"] = "volgend jaar"
    with pytest.raises(ProblemsError) as info:
        store.append(SCORES, bad)
    text = info.value.format("nl")
    assert "niets opgeslagen" in text
    assert "invoer, regel 1, veld 'score': '0'" in text
    assert "invoer, regel 2, veld 'score': '6'" in text
    assert "regel 3, veld 'statement_id'" in text
    assert "regel 4, veld 'round'" in text
    assert "input, line 1, field 'score'" in info.value.format("en")
    assert store.path(SCORES).read_bytes() == before


def test_text_with_newlines_stays_on_one_line(store):
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "demo-a",
                "name": "Demo\nA, met komma",
                "kind": "wijk",
                "doorbraakgebied": "Fabelveen",
                "gemeente": "Fabelland",
                "show_name": True,
            },
        ],
    )
    lines = store.path(COOPERATIVES).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert store.read(COOPERATIVES).frame["name"].iloc[0] == "Demo A, met komma"


def test_control_characters_are_removed_and_text_is_stored_in_one_unicode_form(store):
    decomposed = "Coo\u0308peratie"  # o + combining diaeresis, as some keyboards and PDFs give it
    store.append(
        COOPERATIVES,
        [
            {
                "cooperative_id": "demo-b",
                "name": f"\x1b[31m{decomposed}\x00 B\x07\x7f\x85",
                "kind": "wijk",
                "doorbraakgebied": "Fabel\tveen",
                "gemeente": "Fabelland",
                "show_name": True,
            },
        ],
    )
    row = store.read(COOPERATIVES).frame.iloc[0]
    assert row["name"] == "[31mCoöperatie B" and row["name"] == "[31m" + "Co\u00f6peratie B"
    assert row["doorbraakgebied"] == "Fabel veen"
    raw = store.path(COOPERATIVES).read_bytes()
    assert not any(b in raw for b in (b"\x1b", b"\x00", b"\x07", b"\x7f"))


def test_a_round_with_other_digits_is_refused(store):
    with pytest.raises(ProblemsError):
        store.append(SCORES, score_rows(round_="20\u0662\u0666-2"))
    assert not store.path(SCORES).exists()


HEADER = ",".join(SCORES.header)
GOOD = "demo-a,2026-2,voorzitter,D1.1,3,0,2026.1,2026-05-01T10:00:00+00:00,1,0123456789ab-1"


def write_raw(store, lines, encoding="utf-8"):
    store.data_dir.mkdir(parents=True, exist_ok=True)
    store.path(SCORES).write_bytes(("\n".join(lines) + "\n").encode(encoding))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (GOOD.replace(",3,0,", ",7,0,"), "regel 3, veld 'score': '7' is geen score"),
        (GOOD.replace(",3,0,", ",drie,0,"), "regel 3, veld 'score': 'drie' is geen score"),
        (GOOD.replace("D1.1", "D12.1"), "regel 3, veld 'statement_id': 'D12.1' is geen stelling"),
        (GOOD.replace("2026-05-01T10", "2026-13-01T10"), "regel 3, veld 'saved_at': '2026-13-01"),
        (
            GOOD.replace("2026-05-01T10", "2099-05-01T10"),
            "regel 3, veld 'saved_at': '2099-05-01T10:00:00+00:00' ligt in de toekomst",
        ),
        (GOOD.replace("demo-a", "Demo A"), "regel 3, veld 'cooperative_id': 'Demo A'"),
        (GOOD.replace("2026-2", "2026/2", 1), "regel 3, veld 'round': '2026/2'"),
        (GOOD.replace("2026-2", "20\u0662\u0666-2", 1), "regel 3, veld 'round': '20\u0662\u0666-2'"),
        (
            GOOD.replace("voorzitter", "voor\x1bzitter"),
            "regel 3, veld 'respondent': bevat onzichtbare stuurtekens",
        ),
        (GOOD.replace("voorzitter", ""), "regel 3, veld 'respondent': mag niet leeg zijn"),
        (GOOD.rsplit(",", 1)[0], "regel 3: deze regel heeft te weinig velden"),
        (GOOD + ",extra", "regel 3: deze regel heeft 11 velden in plaats van 10"),
    ],
)
def test_reading_reports_file_line_and_field(store, line, expected):
    write_raw(store, [HEADER, GOOD, line, GOOD.replace("-1", "-1").replace("ab-1", "ac-1")])
    result = store.read(SCORES)
    messages = [p.format("nl") for p in result.problems]
    assert any(m.startswith("scores.csv, ") and expected in m for m in messages), messages
    assert len(result.frame) == 2  # the two good lines, the bad one left out
    assert 3 not in result.frame.index


def test_wrong_header_is_reported_and_refuses_appends(store):
    write_raw(store, ["cooperatie,ronde,score", "demo-a,2026-2,3"])
    result = store.read(SCORES)
    assert "regel 1" in result.problems[0].format("nl")
    assert "kolommen kloppen niet" in result.problems[0].format("nl")
    before = store.path(SCORES).read_bytes()
    with pytest.raises(ProblemsError):
        store.append(SCORES, score_rows())
    assert store.path(SCORES).read_bytes() == before


def test_bad_encoding_is_located(store):
    write_raw(store, [HEADER, GOOD, GOOD.replace("voorzitter", "penningmeester é")], encoding="cp1252")
    result = store.read(SCORES)
    assert result.problems[0].format("nl").startswith("scores.csv, regel 3")


def test_bom_from_excel_is_accepted(store):
    store.data_dir.mkdir(parents=True)
    store.path(SCORES).write_bytes(b"\xef\xbb\xbf" + (HEADER + "\n" + GOOD + "\n").encode())
    result = store.read(SCORES)
    assert result.problems == [] and len(result.frame) == 1


def test_torn_fragment_is_set_aside_with_warning_and_saves_survive(store):
    ids = store.append(SCORES, score_rows())
    with open(store.path(SCORES), "ab") as f:
        f.write(b"demo-a,2026-2,lid-1,D1.1,3,0,20")  # a writer died mid-line
    with pytest.warns(StoreWarning, match=r"scores\.torn-.*\.csv") as record:
        frame = store.read(SCORES).frame
    assert list(frame["record_id"]) == ids
    aside = [p for p in os.listdir(store.data_dir) if p.startswith("scores.torn-")]
    assert len(aside) == 1 and aside[0] in str(record[0].message)
    assert (store.data_dir / aside[0]).read_text().endswith("D1.1,3,0,20\n")
    # The main file is clean again: a new save lands after the last complete one.
    store.append(SCORES, score_rows("lid-1"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(store.read(SCORES).frame) == 8


def test_incomplete_save_with_whole_lines_is_set_aside_on_next_save(store):
    ids = store.append(SCORES, score_rows())
    # A 4-row save of which only 2 complete lines made it to disk.
    partial = [
        GOOD.replace("0123456789ab-1", "feedfacecafe-1").replace(",1,feed", ",4,feed"),
        GOOD.replace("D1.1", "D1.2")
        .replace("0123456789ab-1", "feedfacecafe-2")
        .replace(",1,feed", ",4,feed"),
    ]
    with open(store.path(SCORES), "a", encoding="utf-8") as f:
        f.write("\n".join(partial) + "\n")
    with pytest.warns(StoreWarning, match="2 regel"):
        new = store.append(SCORES, score_rows("lid-2"))
    frame = store.read(SCORES).frame
    assert list(frame["record_id"]) == ids + new
    assert not frame["record_id"].str.startswith("feedfacecafe").any()


def test_torn_tail_beyond_one_block_is_found(store, model):
    # One save of 3000 rows (well over the 64 KiB tail block) torn near its end.
    rows = [
        {**score_rows()[0], "respondent": f"lid-{i}", "statement_id": model.statement_ids[i % 40]}
        for i in range(3000)
    ]
    store.append(SCORES, score_rows())
    store.append(SCORES, rows)
    data = store.path(SCORES).read_bytes()
    cut = data.rfind(b"\n", 0, len(data) - 1)  # lose the last line: 2999 of 3000 rows remain
    store.path(SCORES).write_bytes(data[: cut + 1])
    with pytest.warns(StoreWarning, match="2999 regel"):
        frame = store.read(SCORES).frame
    assert len(frame) == 4


def test_data_dir_precedence_flag_env_default(tmp_path, monkeypatch):
    monkeypatch.delenv(config.ENV_DATA, raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.data_dir() == tmp_path / "data"
    monkeypatch.setenv(config.ENV_DATA, str(tmp_path / "env"))
    assert config.data_dir() == tmp_path / "env"
    assert config.data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert Store().data_dir == tmp_path / "env"


def test_references_between_tables_are_checked_from_their_declarations(store):
    """tables.Reference: a row pointing at no row of its table is reported by validate_all; an empty
    optional reference (a participant without cooperative) is not."""
    from wijkcoop.tables import PARTICIPANTS, RATINGS, SESSIONS

    store.append(
        SESSIONS,
        [
            {
                "session_id": "ABCDEF",
                "module": "leiderschap",
                "date": "2026-07-01",
                "place": "Zaal (demo)",
                "trainer": "T (demo)",
                "open": True,
            }
        ],
    )
    person = {
        "session_id": "ABCDEF",
        "participant": "p1",
        "name": "",
        "consent": False,
        "role": "bewoner",
        "present": True,
        "entered_by": "trainer",
    }
    store.append(PARTICIPANTS, [{**person, "cooperative_id": ""}])
    store.append(PARTICIPANTS, [{**person, "participant": "p2", "cooperative_id": "nergens"}])
    rating = {
        "participant": "p1",
        "goal_id": "G1",
        "aspect": "weten",
        "moment": "na",
        "score": 4,
        "entered_by": "trainer",
    }
    store.append(RATINGS, [{**rating, "session_id": "ZZZZZZ"}])
    _, problems = store.validate_all()
    found = {(p.file, p.key, p.line) for p in problems}
    assert found == {
        ("deelnemers.csv", "store.unknown_cooperative", 3),
        ("leerscores.csv", "store.unknown_session", 2),
    }


def test_a_reader_that_follows_a_table_reads_only_what_was_added(store):
    """Store.rows_since (the trainer's Live tab): whole saves only, and from the top again when the
    file was replaced or changed before where the reader got to."""
    rows, tail, fresh = store.rows_since(SCORES)
    assert (rows, fresh) == ([], True)  # no file yet
    store.append(SCORES, score_rows("voorzitter"))
    rows, tail, fresh = store.rows_since(SCORES, tail)
    assert fresh and [r["respondent"] for r in rows] == ["voorzitter"] * 4
    assert store.rows_since(SCORES, tail)[:2] == ([], tail)  # nothing new: nothing read

    store.append(SCORES, score_rows("penningmeester", scores=(3, None, 5)))
    rows, tail2, fresh = store.rows_since(SCORES, tail)
    assert not fresh and [r["score"] for r in rows] == ["3", "", "5"]
    assert tail2.offset == store.path(SCORES).stat().st_size and tail2.line == 1 + 4 + 3

    # A save being written (its first two of three lines): not read until it is whole.
    whole = store.path(SCORES).read_bytes()
    store.append(SCORES, score_rows("secretaris", scores=(1, 2, 3)))
    added = store.path(SCORES).read_bytes()[len(whole) :]
    cut = added.index(b"\n", added.index(b"\n") + 1) + 1
    store.path(SCORES).write_bytes(whole + added[:cut])  # as another kernel would leave it mid-write
    rows, tail3, fresh = store.rows_since(SCORES, tail2)
    assert (rows, fresh, tail3.offset) == ([], False, tail2.offset)
    with open(store.path(SCORES), "ab") as f:
        f.write(added[cut:])
    rows, tail3, fresh = store.rows_since(SCORES, tail3)
    assert not fresh and [r["statement_id"] for r in rows] == ["D1.1", "D1.2", "D1.3"]

    # Replaced (a restore, a spreadsheet's save) or changed before the tail: read again from the top.
    data = store.path(SCORES).read_bytes()
    other = store.path(SCORES).with_suffix(".new")
    other.write_bytes(data.replace(b"voorzitter", b"vicevoorz1", 1))
    os.replace(other, store.path(SCORES))
    rows, tail4, fresh = store.rows_since(SCORES, tail3)
    assert fresh and len(rows) == 4 + 3 + 3 and rows[0]["respondent"] == "vicevoorz1"
    assert rows == store.rows(SCORES).rows  # the same rows as a whole read
    store.path(SCORES).write_bytes(data[: data.index(b"penningmeester")].rsplit(b"\n", 1)[0] + b"\n")
    rows, _, fresh = store.rows_since(SCORES, tail4)  # cut short, in place
    assert fresh and [r["respondent"] for r in rows] == ["voorzitter"] * 4
