"""The AVG (issue 21) on the real CSV store, through the CLI as a beheerder would: an erasure survives any
restore, backups end, a person gets every row about them and no one else's, retention removes exactly what
the policy says, the register cannot drift from the schema, and the audit log records each action."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkcoop import privacy
from wijkcoop.cli import main
from wijkcoop.context import open_store
from wijkcoop.maintenance import backup, default_backups, forget, prune_backups
from wijkcoop.privacy import NOT_PERSONAL, REGISTER, person_rows, personal_columns
from wijkcoop.tables import (
    AUDIT,
    ERASURES,
    EVALUATIONS,
    PARTICIPANTS,
    RATINGS,
    SCORES,
    SESSIONS,
    TABLES,
)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def about(store, who: str) -> int:
    """Rows in the scores, notes and summerschool tables that name `who` (any case)."""
    n = 0
    for table in TABLES.values():
        frame = store.read(table).frame
        for column in table.person:
            if column in frame and table not in (AUDIT, ERASURES):
                n += int((frame[column].str.casefold() == who.casefold()).sum())
    return n


def test_backup_forget_restore_and_the_person_stays_gone(small_copy, capsys):
    store = open_store(small_copy)
    scores = store.read(SCORES).frame
    coop = scores["cooperative_id"].iloc[0]
    folder, _ = backup(store)
    assert about(store, "voorzitter") > 0
    assert (
        main(["forget", "--respondent", "voorzitter", "--cooperative", coop, "--data", str(small_copy)]) == 0
    )
    out = capsys.readouterr().out
    assert "wordt op of na" in out  # the copy of the erased rows says until when it is kept
    participant = store.read(PARTICIPANTS).frame["participant"].iloc[0]
    forget(store, respondent=participant, backup=False, by="beheerder-test")
    gone = about(store, participant)
    assert gone == 0
    log = store.read(ERASURES).frame
    assert len(log) == 2 and "voorzitter" not in log.to_csv() and participant not in log.to_csv()

    assert main(["restore", str(folder), "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert "2 eerdere verwijdering(en) opnieuw toegepast" in out
    left = store.read(SCORES).frame
    assert not ((left["cooperative_id"] == coop) & (left["respondent"] == "voorzitter")).any()
    assert ((left["cooperative_id"] != coop) & (left["respondent"] == "voorzitter")).any()  # only within coop
    assert about(store, participant) == 0
    assert len(store.read(ERASURES).frame) == 2  # the log was not rolled back to the backup's (empty) one
    counts, problems = store.validate_all()
    assert problems == []
    actions = store.read(AUDIT).frame["action"].tolist()
    assert actions.count("erasure") == 2 and actions.count("restore") == 1


def test_backups_end_after_the_retention_period(small_copy, capsys):
    store = open_store(small_copy)
    old, _ = backup(store)
    manifest = json.loads((old / "MANIFEST.json").read_text())
    manifest["made_at"] = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    (old / "MANIFEST.json").write_text(json.dumps(manifest))
    stranger = default_backups(store) / "mijn-eigen-map"
    stranger.mkdir()
    assert main(["backup", "--data", str(small_copy)]) == 0
    assert "1 reservekopie(ën) ouder dan 35 dagen opgeruimd" in capsys.readouterr().out
    assert not old.exists() and stranger.exists()  # only what the kit made, by its manifest's date
    assert len(list(default_backups(store).glob("wijkcoop-backup-*"))) == 1
    assert prune_backups(store, days=1, now=datetime.now(UTC) + timedelta(days=2))  # the new one too, later


def test_inzage_holds_every_row_about_the_person_in_xlsx_and_json(small_copy, tmp_path, capsys):
    store = open_store(small_copy)
    out = tmp_path / "inzage.xlsx"
    assert (
        main(
            ["privacy", "export", "--respondent", "Voorzitter", "--out", str(out), "--data", str(small_copy)]
        )
        == 0
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Uitleg" and "scores" in book.sheetnames
    cover = [[c.value for c in row] for row in book["Uitleg"].iter_rows(values_only=False)]
    assert cover[0] == ["Tabblad", "Kolom", "Betekenis"] and "Voorzitter" in cover[1][2]
    explained = {(r[0], r[1]) for r in cover[1:]}
    sheet = book["scores"]
    header = [c.value for c in sheet[1]]
    assert all(("scores", h) in explained for h in header)  # every column explained
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = store.read(SCORES).frame
    assert len(rows) == int((expected["respondent"].str.casefold() == "voorzitter").sum())
    assert {r[header.index("respondent")] for r in rows} == {"voorzitter"}

    participant = store.read(PARTICIPANTS).frame["participant"].iloc[0]
    as_json = tmp_path / "deelnemer.json"
    assert (
        main(
            [
                "privacy",
                "export",
                "--participant",
                participant,
                "--out",
                str(as_json),
                "--data",
                str(small_copy),
            ]
        )
        == 0
    )
    doc = json.loads(as_json.read_text(encoding="utf-8"))
    assert set(doc["tables"]) >= {"participants", "ratings"}
    assert all(r["participant"] == participant for r in doc["tables"]["ratings"])
    assert main(["privacy", "log", "--data", str(small_copy)]) == 0
    assert capsys.readouterr().out.count(" inzage ") == 2


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_inzage_has_no_row_about_anyone_else(small_dir, data):
    """For any person in the demo, with or without a cooperative: each row names them (or is a rating
    or evaluation of their own attendance), and none is missing."""
    store = open_store(small_dir)
    scores = store.read(SCORES).frame
    people = sorted(set(scores["respondent"]) | set(store.read(PARTICIPANTS).frame["participant"]))
    who = data.draw(st.sampled_from(people))
    coop = data.draw(st.sampled_from([None, *sorted(set(scores["cooperative_id"]))]))
    found = person_rows(store, who, coop)
    for name, frame in found.items():
        table = TABLES[name]
        if table.person and name not in ("ratings", "evaluations"):
            assert (
                frame[list(table.person)]
                .apply(lambda c: c.str.casefold() == who.casefold())
                .any(axis=1)
                .all()
            )
        if coop and "cooperative_id" in frame:
            assert set(frame["cooperative_id"]) <= {coop, ""}
    mine = scores[(scores["respondent"] == who) & ((scores["cooperative_id"] == coop) if coop else True)]
    assert len(found.get("scores", [])) == len(mine)


def test_retention_removes_exactly_what_the_policy_says(small_copy, capsys):
    store = open_store(small_copy)
    sessions = store.current(SESSIONS).frame
    first = sorted(sessions["date"])[0]
    before = {t.filename: store.path(t).read_bytes() for t in TABLES.values() if store.path(t).exists()}
    today = date.fromisoformat(first) + timedelta(days=24 * 31 + 1)  # only sessions of that first day expire
    plan = privacy.retention_plan(store, today=today)
    expired = {e.session_id for e in plan.sessions}
    limit = privacy._months_before(today, privacy.RETENTION_MONTHS).isoformat()
    assert expired == set(sessions.loc[sessions["date"] < limit, "session_id"]) and first < limit
    assert plan.rounds == []  # the demo's six rounds are all within the default policy
    privacy.apply_retention(store, today=today, by="beheerder-test")
    after = {t.filename: store.path(t).read_bytes() for t in TABLES.values() if store.path(t).exists()}
    changed = {name for name in after if after.get(name) != before.get(name)}
    assert changed <= {"deelnemers.csv", "leerscores.csv", "evaluaties.csv", "logboek.csv"}
    people = store.read(PARTICIPANTS).frame
    gone = people[people["session_id"].isin(expired)]
    assert (gone["name"] == "").all() and gone["participant"].str.startswith("deelnemer-").all()
    assert (~gone["consent"]).all()
    kept = people[~people["session_id"].isin(expired)]
    old_people = open_store(small_copy).read(PARTICIPANTS).frame
    assert len(kept) == len(old_people[~old_people["session_id"].isin(expired)])
    # Other sessions' rows are byte for byte what they were.
    for name in ("deelnemers.csv", "leerscores.csv", "evaluaties.csv"):
        old_lines = [
            line for line in before[name].decode().splitlines() if not any(s in line for s in expired)
        ]
        new_lines = [
            line for line in after[name].decode().splitlines() if not any(s in line for s in expired)
        ]
        assert old_lines == new_lines
    ratings = store.read(RATINGS).frame
    assert set(ratings.loc[ratings["session_id"].isin(expired), "participant"]) <= set(gone["participant"])
    evals = store.read(EVALUATIONS).frame
    assert (evals.loc[evals["session_id"].isin(expired), ["top", "tip"]] == "").all().all()
    counts, problems = store.validate_all()
    assert problems == []
    assert not privacy.retention_plan(store, today=today)  # done is done


def test_the_register_accounts_for_every_personal_column_and_docs_match(monkeypatch):
    undeclared = [
        (t.name, c)
        for t in TABLES.values()
        for c in personal_columns(t)
        if (t.name, c) not in REGISTER and (t.name, c) not in NOT_PERSONAL
    ]
    assert undeclared == [], f"add these to privacy.REGISTER or privacy.NOT_PERSONAL: {undeclared}"
    assert not set(REGISTER) & set(NOT_PERSONAL)
    for table in TABLES.values():
        for column in table.person:
            assert (table.name, column) in REGISTER  # a person's key is always personal data
    with open(os.path.join(REPO, "docs", "privacy.md"), encoding="utf-8") as f:
        assert f.read() == privacy.register_markdown() + "\n", (
            "run: wijkcoop privacy register > docs/privacy.md"
        )


def test_a_new_personal_column_without_an_entry_fails_the_register_check(monkeypatch):
    from dataclasses import replace

    from wijkcoop.tables import Column

    extended = replace(TABLES["notes"], columns=(*TABLES["notes"].columns, Column("phone", "text")))
    monkeypatch.setitem(TABLES, "notes", extended)
    missing = [
        (t.name, c)
        for t in TABLES.values()
        for c in personal_columns(t)
        if (t.name, c) not in REGISTER and (t.name, c) not in NOT_PERSONAL
    ]
    assert missing == [("notes", "phone")]


def test_the_audit_log_records_exports_imports_and_access_changes(small_copy, tmp_path):
    store = open_store(small_copy)
    out = tmp_path / "export.xlsx"
    assert main(["export", "--out", str(out), "--data", str(small_copy)]) == 0
    assert main(["access", "grant", "lid-x", "--role", "trainer", "--data", str(small_copy)]) == 0
    from wijkcoop.importer import plan_import, run_import

    data = out.read_bytes()
    empty = open_store(tmp_path / "leeg")
    run_import(empty, plan_import(empty, data, "export.xlsx", today=date(2026, 12, 2)), by="beheerder-test")
    log = privacy.audit_rows(store)
    assert {"export", "access"} <= set(log["action"])
    assert log.iloc[0]["action"] == "access" and "lid-x" in log.iloc[0]["scope"]
    assert log["user"].str.startswith("cli").all()
    other = privacy.audit_rows(empty)
    assert other["action"].tolist() == ["import"] and other["user"].tolist() == ["beheerder-test"]


def test_the_data_folders_own_policy_sets_the_periods(small_copy, capsys):
    store = open_store(small_copy)
    (small_copy / "bewaarbeleid.yaml").write_text("reservekopieen_dagen: 7\ndeelnemers_maanden: nul\n")
    assert privacy.policy(small_copy) == {
        "reservekopieen_dagen": 7,
        "deelnemers_maanden": 24,
        "leden_rondes": privacy.MEMBER_ROUNDS,
    }
    old, _ = backup(store)
    manifest = json.loads((old / "MANIFEST.json").read_text())
    manifest["made_at"] = (datetime.now(UTC) - timedelta(days=8)).isoformat(timespec="seconds")
    (old / "MANIFEST.json").write_text(json.dumps(manifest))
    assert main(["backup", "--data", str(small_copy)]) == 0
    assert "ouder dan 7 dagen opgeruimd" in capsys.readouterr().out and not old.exists()
    plan = privacy.retention_plan(store)
    assert main(["privacy", "retention", "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    if plan:  # shown first, changed only with --apply
        assert f"Sessie {plan.sessions[0].session_id}" in out and "Voer uit met --apply" in out
        assert privacy.retention_plan(store) == plan
    else:
        assert "Niets om op te ruimen volgens het bewaarbeleid (24 maanden na een sessie; 6 rondes" in out


def test_old_rounds_lose_their_members_names_and_notes_but_keep_their_figures(small_copy, capsys):
    from wijkcoop import compare
    from wijkcoop.drafts import Draft, DraftStore
    from wijkcoop.tables import NOTES, PAPER

    store = open_store(small_copy)
    scores = store.read(SCORES).frame
    coop = sorted(scores["cooperative_id"].unique())[0]
    rounds = sorted(scores.loc[scores["cooperative_id"] == coop, "round"].unique())
    old, kept = rounds[:2], rounds[2:]
    member = scores.loc[(scores["cooperative_id"] == coop) & (scores["round"] == old[0]), "respondent"].iloc[
        0
    ]
    for round_id in (old[0], kept[-1]):
        store.append(
            NOTES,
            [
                {
                    "cooperative_id": coop,
                    "round": round_id,
                    "respondent": member,
                    "dimension_id": "D1",
                    "note": "x",
                }
            ],
        )
        store.append(
            PAPER,
            [{"cooperative_id": coop, "round": round_id, "respondent": member, "entered_by": "secretaris"}],
        )
    drafts = DraftStore(small_copy)
    drafts.save(Draft(coop, old[0], "nog-bezig"))
    drafts.save(Draft(coop, kept[-1], "nog-bezig"))
    (small_copy / "bewaarbeleid.yaml").write_text(f"leden_rondes: {len(kept)}\n")
    figures = compare.load_base(store).values.sort_values(["cooperative_id", "round", "dimension_id"])
    before = {t.filename: store.path(t).read_bytes() for t in TABLES.values() if store.path(t).exists()}

    assert main(["privacy", "retention", "--data", str(small_copy)]) == 0  # shown first, nothing changes
    out = capsys.readouterr().out
    assert f"Zelfevaluatie {coop}, ronde {old[0]}:" in out and "Voer uit met --apply" in out
    assert f"ronde {kept[0]}:" not in out
    assert before["scores.csv"] == store.path(SCORES).read_bytes()
    plan = privacy.retention_plan(store)
    assert {(r.cooperative_id, r.round) for r in plan.rounds if r.cooperative_id == coop} == {
        (coop, r) for r in old
    }

    folder, _ = backup(store)
    assert main(["privacy", "retention", "--apply", "--data", str(small_copy)]) == 0
    assert "Opgeruimd:" in capsys.readouterr().out
    after = store.read(SCORES).frame
    in_old = after["round"].isin(old)
    assert after.loc[in_old, "respondent"].str.startswith(privacy.ANONYMOUS_MEMBER).all()
    assert not after.loc[~in_old, "respondent"].str.startswith(privacy.ANONYMOUS_MEMBER).any()
    # One pseudonym per member and round: the board's spread stays, a member is not followed across rounds.
    per_round = after[in_old].groupby(["cooperative_id", "round"])["respondent"].nunique()
    assert per_round.equals(
        scores[scores["round"].isin(old)].groupby(["cooperative_id", "round"])["respondent"].nunique()
    )
    mine = after[(after["cooperative_id"] == coop) & in_old]
    assert not set(mine.loc[mine["round"] == old[0], "respondent"]) & set(
        mine.loc[mine["round"] == old[1], "respondent"]
    )
    # The figures every app shows are the same; only the names and the texts went.
    again = compare.load_base(store).values.sort_values(["cooperative_id", "round", "dimension_id"])
    pd.testing.assert_frame_equal(again.reset_index(drop=True), figures.reset_index(drop=True), rtol=1e-9)
    notes, paper = store.read(NOTES).frame, store.read(PAPER).frame
    assert notes.loc[notes["round"] == old[0]].empty
    assert notes.loc[notes["round"] == kept[-1], ["respondent", "note"]].values.tolist() == [[member, "x"]]
    assert paper.loc[paper["round"] == old[0]].empty
    assert paper.loc[paper["round"] == kept[-1], "entered_by"].tolist() == ["secretaris"]
    assert drafts.load(coop, old[0], "nog-bezig") is None and drafts.load(coop, kept[-1], "nog-bezig")
    # Rows of the rounds kept are byte for byte what they were.
    for table in (SCORES, NOTES, PAPER):
        keep = [
            line
            for line in before[table.filename].decode().splitlines()
            if not any(f",{r}," in line for r in old)
        ]
        now = [
            line
            for line in store.path(table).read_bytes().decode().splitlines()
            if not any(f",{r}," in line for r in old)
        ]
        assert keep == now, table.name
    assert store.validate_all()[1] == []
    assert not privacy.retention_plan(store)  # done is done
    log = privacy.audit_rows(store)
    assert log.iloc[-1]["scope"] == "retention" and f"{coop} {old[0]}" in log.iloc[-1]["detail"]
    # A backup from before the clean-up brings the names back (until it expires): the restore says so.
    assert main(["restore", str(folder), "--data", str(small_copy)]) == 0
    assert "volgens het bewaarbeleid weg kunnen" in capsys.readouterr().out
    assert {(r.cooperative_id, r.round) for r in privacy.retention_plan(store).rounds} >= {(coop, old[0])}
