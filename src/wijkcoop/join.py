"""Joining a summerschool session from a phone: the address with the code in it, its QR code, and
reading the code back from the address the phone opened.

The trainer's page knows the address the trainer's browser used (Voilà puts the host, port and path of
the page request in the kernel's environment), so the participant address it shows is one the room can
reach as well. `wijkcoop serve --behind-tls` makes it https.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import parse_qs, quote

from .config import ENV_SECURE
from .rules import CODE_ALPHABET, CODE_LENGTH, SESSION_CODE_PATTERN

PARTICIPANT_PAGE = "deelnemer.ipynb"


def participant_url(code: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The participant page's address with `code` filled in, or None when the page request is unknown."""
    host = environ.get("SERVER_NAME", "")
    if not host:
        return None
    scheme = "https" if environ.get(ENV_SECURE) else "http"
    port = environ.get("SERVER_PORT", "")
    netloc = f"[{host}]" if ":" in host else host
    if port and port != {"http": "80", "https": "443"}[scheme]:
        netloc += f":{port}"
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
