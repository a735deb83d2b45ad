"""JupyterLab for the analyst (issue 17): `make lab` opens notebooks/analyse with the worked notebook,
on the data folder given. Started here as a volunteer would (the Makefile's own target), asked over HTTP
what it serves, and stopped. The notebook itself runs under nbval in `make test`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from wijkcoop.serve import free_port

REPO = Path(__file__).resolve().parent.parent


def test_make_lab_serves_the_analysis_notebook_on_the_data_folder(small_copy, tmp_path):
    port, token = free_port(), "proef-token"
    prefix = Path(sys.prefix)
    command = [
        "make",
        "-s",
        "-o",
        f"{prefix}/.installed",  # installed already (make test did it); do not reinstall from here
        "lab",
        f"VENV={prefix}",
        f"DATA={small_copy}",
        f"LAB_ARGS=--no-browser --port={port} --IdentityProvider.token={token} --ServerApp.ip=127.0.0.1",
    ]
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        lab = subprocess.Popen(
            command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        listing = None
        deadline = time.monotonic() + 120
        while listing is None and time.monotonic() < deadline:
            assert lab.poll() is None, log.read_text(errors="replace")
            try:
                url = f"http://127.0.0.1:{port}/api/contents/?token={token}"
                with urllib.request.urlopen(url, timeout=3) as response:
                    listing = json.load(response)
            except OSError:
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer"
        names = {item["name"] for item in listing["content"]}
        assert "analyse-voorbeeld.ipynb" in names
        assert "zelfevaluatie.ipynb" not in names  # Lab opens the analyst's folder, not the apps
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as page:
            assert page.status == 200 and b"JupyterLab" in page.read()
        # Lab runs with the data folder given to make, which its kernels inherit.
        import psutil

        family = psutil.Process(lab.pid).children(recursive=True)
        servers = [p for p in family if p.name().startswith("jupyter")]
        assert servers and all(p.environ().get("WIJKCOOP_DATA") == str(small_copy) for p in servers)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
