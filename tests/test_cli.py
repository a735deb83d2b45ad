from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wijkcoop.cli import main
from wijkcoop.tables import SCORES


def test_validate_passes_on_demo(small_copy, capsys):
    assert main(["validate", "--data", str(small_copy)]) == 0
    assert "Alles in orde" in capsys.readouterr().out


def test_validate_lists_every_problem_with_location(small_copy, capsys):
    path = small_copy / SCORES.filename
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = lines[4].split(",")
    parts[4] = "9"
    lines[4] = ",".join(parts)
    lines[10] = lines[10].replace(",D", ",X", 1)
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", "--data", str(small_copy), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "2 problems found" in out
    assert "scores.csv, line 5, field 'score': '9' is not a score" in out
    assert "scores.csv, line 11, field 'statement_id'" in out


def test_validate_reports_unknown_cooperative(small_copy, capsys):
    path = small_copy / SCORES.filename
    text = path.read_text(encoding="utf-8")
    first_coop = text.splitlines()[1].split(",")[0]
    path.write_text(text.replace(first_coop + ",", "onbekende-coop,", 1), encoding="utf-8")
    assert main(["validate", "--data", str(small_copy)]) == 1
    assert "'onbekende-coop' staat niet in het register" in capsys.readouterr().out


def test_validate_reports_broken_model(content_copy, small_copy, capsys):
    path = content_copy / "zelfevaluatie" / "groeimodel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: D5.2", "- id: D5.1"), encoding="utf-8")
    assert main(["validate", "--data", str(small_copy)]) == 1
    assert "D5.1" in capsys.readouterr().out


def test_demo_refuses_a_folder_with_data(small_copy, capsys):
    before = (small_copy / SCORES.filename).read_bytes()
    assert main(["demo", "--data", str(small_copy)]) == 1
    assert main(["demo", "--data", str(small_copy), "--if-empty"]) == 0
    assert (small_copy / SCORES.filename).read_bytes() == before
    assert "bevat al gegevens" in capsys.readouterr().err


def test_console_script_is_installed_and_runs(tmp_path):
    exe = subprocess.run(
        [sys.executable, "-m", "wijkcoop.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert exe.stdout.startswith("wijkcoop ")
    script = Path(sys.executable).with_name("wijkcoop")  # the console script pip installed
    done = subprocess.run(
        [str(script), "demo", "--data", str(tmp_path / "d")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "42 coöperaties" in done.stdout


def test_serve_only_some_pages_serves_a_folder_with_only_those(tmp_path, capsys):
    """`wijkcoop serve --pages deelnemer` (the public participant page behind JupyterHub): what is not
    in the served folder cannot be opened at all; an unknown page is refused before anything starts."""
    from wijkcoop import config, serve

    folder = serve.pages_folder(config.notebooks_dir(), ["deelnemer"])
    assert sorted(p.name for p in folder.iterdir()) == ["deelnemer.ipynb"]
    command = serve.voila_command(folder, port=8866, base_url="/services/deelnemen/", base_url_kept=True)
    assert str(folder) in command and "--Voila.server_url=/services/deelnemen/" in command
    assert main(["serve", "--pages", "deelnemer", "../gegevens", "--data", str(tmp_path)]) == 2
    assert 'Onbekende pagina "../gegevens"' in capsys.readouterr().err
