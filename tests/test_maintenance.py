"""AVG erasure, backup and restore on a copy of the demo data, through the CLI as an administrator would."""

from __future__ import annotations

import json
import shutil
import warnings

import pytest

from wijkcoop.cli import main
from wijkcoop.context import open_store
from wijkcoop.drafts import Draft, DraftStore
from wijkcoop.maintenance import backup, forget
from wijkcoop.problems import ProblemsError
from wijkcoop.store import Store, StoreWarning
from wijkcoop.tables import COOPERATIVES, NOTES, PARTICIPANTS, RATINGS, SCORES, TABLES


def everything(store: Store) -> dict[str, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", StoreWarning)  # a rewrite must never look like a torn save
        counts, problems = store.validate_all()
    assert problems == []
    return counts


def test_forget_a_respondent_within_one_cooperative(small_copy, capsys):
    store = open_store(small_copy)
    scores = store.read(SCORES).frame
    coop = scores["cooperative_id"].iloc[0]
    mine = scores[(scores["cooperative_id"] == coop) & (scores["respondent"] == "voorzitter")]
    others = scores[(scores["cooperative_id"] != coop) & (scores["respondent"] == "voorzitter")]
    assert len(mine) and len(others)
    DraftStore(small_copy).save(Draft(coop, "2026-2", "Voorzitter ", answers={"D1.1": "3"}))
    store.append(
        NOTES,
        [
            {
                "cooperative_id": coop,
                "round": "2026-2",
                "respondent": "VOORZITTER",
                "dimension_id": "D1",
                "note": "privé",
            }
        ],
    )
    before = everything(store)
    assert (
        main(["forget", "--respondent", "voorzitter", "--cooperative", coop, "--data", str(small_copy)]) == 0
    )
    out = capsys.readouterr().out
    assert f"scores.csv: {len(mine)} regels verwijderd" in out and "notities.csv: 1 regel verwijderd" in out
    assert "1 concept verwijderd" in out and "Reservekopie van de oude bestanden" in out
    after = everything(store)
    assert after["scores"] == before["scores"] - len(mine) and after["notes"] == before["notes"] - 1
    left = store.read(SCORES).frame
    assert not ((left["cooperative_id"] == coop) & (left["respondent"].str.casefold() == "voorzitter")).any()
    assert len(left[left["respondent"] == "voorzitter"]) == len(others)  # other cooperatives untouched
    assert DraftStore(small_copy).load(coop, "2026-2", "voorzitter") is None
    kept = list((small_copy.parent / "data-backups").glob("voor-vergeten-*/scores.csv"))
    assert len(kept) == 1 and len(open_store(kept[0].parent).read(SCORES).frame) == before["scores"]
    # Saves keep working after the rewrite (the tail of the file is still a whole save).
    store.append(
        SCORES,
        [
            {
                "cooperative_id": coop,
                "round": "2026-2",
                "respondent": "nieuw",
                "statement_id": "D1.1",
                "score": 4,
                "discuss": False,
                "model_version": "2026.1",
            }
        ],
    )
    assert everything(store)["scores"] == after["scores"] + 1


def test_forget_a_summerschool_participant_and_a_whole_cooperative(small_copy):
    store = open_store(small_copy)
    people = store.read(PARTICIPANTS).frame
    who = people["participant"].iloc[0]
    n_people = (people["participant"] == who).sum()
    n_ratings = (store.read(RATINGS).frame["participant"] == who).sum()
    result = forget(store, respondent=who.upper(), backup=False)
    assert result.removed["deelnemers.csv"] == n_people and result.removed["leerscores.csv"] == n_ratings
    assert result.backup is None and not (small_copy.parent / "data-backups").exists()
    everything(store)

    coop = store.read(COOPERATIVES).frame["cooperative_id"].iloc[-1]
    n_scores = (store.read(SCORES).frame["cooperative_id"] == coop).sum()
    result = forget(store, cooperative=coop)
    assert result.removed["cooperaties.csv"] == 1 and result.removed["scores.csv"] == n_scores
    counts = everything(store)
    assert coop not in set(store.read(COOPERATIVES).frame["cooperative_id"])
    assert counts["participants"] == len(store.read(PARTICIPANTS).frame)
    assert forget(store, cooperative=coop).removed == {}  # nothing left: nothing removed
    with pytest.raises(ProblemsError):
        forget(store)


def test_backup_is_verified_and_restore_puts_it_back_exactly(small_copy, tmp_path, capsys):
    store = open_store(small_copy)
    folder, sums = backup(store, tmp_path / "reserve")
    assert set(sums) >= {t.filename for t in TABLES.values() if store.path(t).exists()}
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    assert manifest["files"] == sums
    original = {t.filename: store.path(t).read_bytes() for t in TABLES.values() if store.path(t).exists()}

    # A change after the backup (not an erasure: those survive a restore, tests/test_privacy.py).
    store.append(
        NOTES,
        [
            {
                "cooperative_id": store.read(COOPERATIVES).frame["cooperative_id"].iloc[0],
                "round": "2026-2",
                "respondent": "later",
                "dimension_id": "D1",
                "note": "na de kopie",
            }
        ],
    )
    assert main(["restore", str(folder), "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert "bestanden teruggezet" in out and "van vóór het terugzetten staan in" in out
    assert "opnieuw toegepast" not in out
    logs = {"logboek.csv"}  # the audit log is never rolled back: it now says a restore happened
    restored = {t.filename: store.path(t).read_bytes() for t in TABLES.values() if t.filename in original}
    assert {k: v for k, v in restored.items() if k not in logs} == {
        k: v for k, v in original.items() if k not in logs
    }
    assert "restore" in store.read(TABLES["audit"]).frame["action"].tolist()
    everything(store)

    tampered = tmp_path / "kapot"
    shutil.copytree(folder, tampered)
    with open(tampered / "scores.csv", "ab") as f:
        f.write(b"x")
    before = store.path(SCORES).read_bytes()
    assert main(["restore", str(tampered), "--data", str(small_copy)]) == 1
    assert "scores.csv is veranderd sinds de reservekopie werd gemaakt" in capsys.readouterr().err
    assert store.path(SCORES).read_bytes() == before
    assert main(["restore", str(tmp_path), "--data", str(small_copy)]) == 1
    assert "geen reservekopie van wijkcoop" in capsys.readouterr().err


def test_backup_from_the_cli_next_to_the_data_folder(small_copy, capsys):
    assert main(["backup", "--data", str(small_copy)]) == 0
    out = capsys.readouterr().out
    assert "Reservekopie gemaakt en gecontroleerd" in out
    made = list((small_copy.parent / "data-backups").glob("wijkcoop-backup-*"))
    assert len(made) == 1 and (made[0] / "MANIFEST.json").exists()


def test_backups_in_the_same_second_each_get_a_name_and_a_half_one_never_looks_like_one(small_copy):
    store = open_store(small_copy)
    root = small_copy.parent / "bewaard"
    # A backup killed part-way (its writer is gone) is a hidden .partial folder; the next one removes it.
    half = root / ".wijkcoop-backup-20260101-120000.partial"
    half.mkdir(parents=True)
    (half / ".writer").write_text("999999999")
    (half / "scores.csv").write_text("half")
    made = [backup(store, root)[0] for _ in range(3)]
    assert len(set(made)) == 3 and all(f.parent == root for f in made)
    assert sorted(p.name for p in root.iterdir()) == sorted(f.name for f in made)


def test_an_erasure_keeps_each_files_permissions(small_copy):
    store = open_store(small_copy)
    for table in (PARTICIPANTS, RATINGS):
        store.path(table).chmod(0o640)
    who = store.read(PARTICIPANTS).frame["participant"].iloc[0]
    result = forget(store, respondent=who, backup=False)
    assert result.removed[PARTICIPANTS.filename] and result.removed[RATINGS.filename]
    assert {store.path(t).stat().st_mode & 0o777 for t in (PARTICIPANTS, RATINGS)} == {0o640}
    assert not (small_copy / ".journal").exists() or not list((small_copy / ".journal").iterdir())
