"""Paper for whoever prefers it (issue 22): the printed questionnaire holds every statement of the model
version in both languages at a readable size on A4; the session form's QR code decodes (zxing-cpp, from a
rendering of the page as a phone camera would see it) to the participant page with the session code."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from pdfcheck import runs
from PIL import Image

from wijkcoop.cli import main
from wijkcoop.context import open_store
from wijkcoop.model import load_model
from wijkcoop.paper import form_code, questionnaire_pdf
from wijkcoop.tables import COOPERATIVES
from wijkcoop.training import Training


def plain(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return plain(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_questionnaire_holds_every_statement_readable_on_a4(tmp_path, lang):
    model = load_model()
    pdf = questionnaire_pdf(model, lang, "Buurtcoöperatie Proef (demo)", "proef-demo", "2026-2")
    path = tmp_path / "vragenlijst.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    for sid in model.statement_ids:
        assert plain(f"{sid} {model.statement_text(sid, lang)}") in text, sid
    for dim in model.dimensions:
        assert f"{dim.id} {dim.name(lang)}" in text
    assert form_code("proef-demo", "2026-2") in text and "Buurtcoöperatie Proef (demo)" in text
    found = runs(pdf)
    assert min(r.size for r in found) >= 10  # nothing on the form under 10 pt
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "595.28 x 841.89 pts (A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    last = "van" if lang == "nl" else "of"
    assert f"{pages} {last} {pages}" in text  # numbered pages: a dropped sheet is noticed


def test_the_session_form_has_a_qr_code_to_the_participant_page(small_copy, tmp_path, capsys):
    store = open_store(small_copy)
    code = Training(store).create_session(
        "leiderschap", date(2026, 8, 10), "Buurthuis Papier (demo)", "Trainer P (demo)"
    )
    out = tmp_path / "sessie.pdf"
    base = "https://wijkcoop.example.invalid/apps"
    assert (
        main(["print", "session", code.lower(), "--url", base, "--out", str(out), "--data", str(small_copy)])
        == 0
    )
    assert "geschreven" in capsys.readouterr().out
    text = pdf_text(out)
    assert code in text and "Leiderschap" in text and "Hoe was de sessie?" in text
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True
    )
    page = Image.open(next(tmp_path.glob("p*.png")))
    codes = zxingcpp.read_barcodes(page)
    assert [c.text for c in codes] == [f"{base}/voila/render/deelnemer.ipynb?code={code}"]
    assert min(r.size for r in runs(out.read_bytes())) >= 10

    assert main(["print", "session", "ZZZZZZ", "--out", str(out), "--data", str(small_copy)]) == 1
    assert "ZZZZZZ" in capsys.readouterr().err


def test_print_a_questionnaire_for_a_cooperative_from_the_cli(small_copy, tmp_path, capsys):
    coop = open_store(small_copy).current(COOPERATIVES).frame.iloc[0]
    out = tmp_path / "v.pdf"
    args = ["print", "questionnaire", "--cooperative", coop["cooperative_id"], "--round", "2026-2"]
    assert main([*args, "--out", str(out), "--data", str(small_copy)]) == 0
    assert coop["name"] in pdf_text(out)
    assert (
        main(
            [
                "print",
                "questionnaire",
                "--cooperative",
                "bestaat-niet",
                "--out",
                str(out),
                "--data",
                str(small_copy),
            ]
        )
        == 1
    )


def test_the_apps_offer_the_forms_to_print(small_copy, model):
    import base64

    from wijkcoop.apps.summerschool import SummerschoolApp
    from wijkcoop.apps.zelfevaluatie import ZelfevaluatieApp

    app = ZelfevaluatieApp(small_copy, model=model, lang="en", today=date(2026, 12, 2))
    fill = app.fill
    fill.coop.value = fill.coop.options[1][1]
    fill.round.value = "2026-2"
    fill.print_button.click()
    href = re.search(r"href='data:application/pdf;base64,([^']+)'", fill.print_links.value).group(1)
    assert (
        base64.b64decode(href).startswith(b"%PDF") and "Download the questionnaire" in fill.print_links.value
    )

    trainer = SummerschoolApp(small_copy, lang="nl", today=date(2026, 12, 2))
    p = trainer.plan
    p.module.value = "leiderschap"
    p.place.value, p.trainer.value = "Buurthuis Knop (demo)", "Trainer K (demo)"
    p.create.click()
    files = p.print_forms()
    assert list(files)[0].endswith("-formulier.pdf") and "Sessieformulier downloaden" in p.print_links.value
