"""Joining a summerschool session from a phone: the address with the code in it, its QR code, reading
the code back from the address the phone opened, and how many participant pages are ready (warm).

The trainer's page knows the address the trainer's browser used (Voilà puts the host, port and path of
the page request in the kernel's environment), so the participant address it shows is one the room can
reach as well. `wijkcoop serve --behind-tls` makes it https.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, quote

from .config import ENV_SECURE
from .rules import CODE_ALPHABET, CODE_LENGTH, SESSION_CODE_PATTERN

PARTICIPANT_PAGE = "deelnemer.ipynb"
# `wijkcoop serve` writes the state of its kernel pools here (server.py), every few seconds; the
# trainer's Live tab reads it: "28 of 30 places ready".
ENV_PLACES = "WIJKCOOP_PLACES"
# Where the participant page is when it is not beside the trainer's page: behind JupyterHub it is a
# public hub service (deploy/jupyterhub_config.py). A path ("/services/deelnemen/voila/render/
# deelnemer.ipynb": on the host the trainer's browser used) or a whole address.
ENV_PARTICIPANT_URL = "WIJKCOOP_PARTICIPANT_URL"
PLACES_MAX_AGE = 30.0  # seconds: an older file belongs to a server that stopped


def places_file(port: int) -> Path:
    """Where the server on `port` writes its pool state (outside the data folder and the served one)."""
    return Path(tempfile.gettempdir()) / f"wijkcoop-places-{port}.json"


def warm_places(
    environ: Mapping[str, str] = os.environ, page: str = PARTICIPANT_PAGE
) -> tuple[int, int] | None:
    """(ready, wanted) participant pages of this server's pool, or None when it keeps none (or the
    state is unknown or stale)."""
    path = environ.get(ENV_PLACES, "")
    if not path:
        return None
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
        pool = state["pools"][page]
        ready, wanted, written = int(pool["ready"]), int(pool["wanted"]), float(state["written"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if wanted <= 0 or time.time() - written > PLACES_MAX_AGE:
        return None
    return min(ready, wanted), wanted


def participant_url(code: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The participant page's address with `code` filled in, or None when the page request is unknown."""
    elsewhere = environ.get(ENV_PARTICIPANT_URL, "").strip()
    if elsewhere.startswith(("http://", "https://")):
        return f"{elsewhere}?code={quote(code)}"
    host = environ.get("SERVER_NAME", "")
    if not host:
        return None
    scheme = "https" if environ.get(ENV_SECURE) else "http"
    port = environ.get("SERVER_PORT", "")
    netloc = f"[{host}]" if ":" in host else host
    if port and port != {"http": "80", "https": "443"}[scheme]:
        netloc += f":{port}"
    if elsewhere.startswith("/"):
        return f"{scheme}://{netloc}{elsewhere}?code={quote(code)}"
    path = environ.get("SCRIPT_NAME", "")
    folder = path.rsplit("/", 1)[0] if path.endswith(".ipynb") else "/voila/render"
    return f"{scheme}://{netloc}{folder}/{PARTICIPANT_PAGE}?code={quote(code)}"


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url`, big enough to scan from the back of a room on a projector."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=8, border=2, title=url)


def code_from_query(query: str) -> str:
    """The session code in a page address's query (`code=ABC234`), upper-cased; "" if there is none
    or it cannot be a code (the browser can send anything)."""
    values = parse_qs(query or "").get("code", [])
    code = values[0].strip().upper() if values else ""
    return code if re.fullmatch(SESSION_CODE_PATTERN, code) else ""


def code_space() -> int:
    """How many different session codes there are."""
    return len(CODE_ALPHABET) ** CODE_LENGTH
