"""One place for every setting: data folder, language, port, and where content files live.

Order of precedence: an explicit argument (CLI flag) > environment variable > default.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA = "WIJKCOOP_DATA"
ENV_LANG = "WIJKCOOP_LANG"
ENV_CONTENT = "WIJKCOOP_CONTENT"
ENV_TOKEN = "WIJKCOOP_TOKEN"
ENV_SECURE = "WIJKCOOP_SECURE"  # set by `serve --behind-tls`: the public address is https
DEFAULT_PREHEAT = 1  # preheated kernels per app notebook

# Culling: a kernel whose page has gone (tab closed without its shutdown request, a phone asleep, a
# killed browser, a GET that never connected) is stopped after CULL_IDLE seconds without a connection
# and without activity. A page that is open keeps its websocket, so it is never culled, however long
# someone takes to fill in. A websocket that stops answering pings is closed by the server after
# about 3 × 30 s, so a phone that went to sleep counts as gone from then on. A person who comes back
# later reloads the page and finds their draft (zelfevaluatie) or their earlier answers (summerschool).
CULL_IDLE = 600  # seconds
CULL_INTERVAL = 60  # seconds
# A page GET starts a kernel even when no browser follows (a bot, a crafted request). One that no
# websocket joins within GRACE seconds is stopped (a real page connects within a few seconds).
GRACE = 90  # seconds
# Caps on pages (kernels) open at once, so a flood of requests meets "busy, try again" (503) instead of
# a server out of memory. A kernel holds about 200 MB: 80 of them is 16 GB, what a 24 GB server can
# carry beside its pools. Per client address 45: a summerschool room of 40 phones on one Wi-Fi shares
# one public address.
# A kernel pool refills once no page has taken one of its kernels for this long, one kernel at a time
# (wijkcoop/server.py, Refill): not while a room of phones is still arriving and filling in.
REFILL_AFTER = 15  # seconds
MAX_KERNELS = 80
MAX_KERNELS_PER_CLIENT = 45

DEFAULT_PORT = 8866
DEFAULT_LANG = "nl"
LANGUAGES = ("nl", "en")

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (editable install) the content folders sit at the repository's top level.
_REPO_DIR = _PACKAGE_DIR.parent.parent


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder: CLI flag, else $WIJKCOOP_DATA, else ./data. Always absolute.

    Absolute matters: Voilà starts kernels in the notebook's folder, so a relative path would point
    somewhere else there. `wijkcoop serve` exports the resolved path to its kernels.
    """
    raw = explicit if explicit not in (None, "") else os.environ.get(ENV_DATA) or "data"
    return Path(raw).expanduser().resolve()


def language(explicit: str | None = None) -> str:
    lang = (explicit or os.environ.get(ENV_LANG) or DEFAULT_LANG).lower()
    return lang if lang in LANGUAGES else DEFAULT_LANG


def content_root() -> Path:
    """Folder that holds `zelfevaluatie/` and `notebooks/` (the repo, or the copy in the wheel)."""
    env = os.environ.get(ENV_CONTENT)
    if env:
        return Path(env).expanduser().resolve()
    if (_REPO_DIR / "zelfevaluatie").is_dir():
        return _REPO_DIR
    return _PACKAGE_DIR / "content"


def model_path() -> Path:
    return content_root() / "zelfevaluatie" / "groeimodel.yaml"


def summerschool_dir() -> Path:
    return content_root() / "summerschool"


def notebooks_dir() -> Path:
    return content_root() / "notebooks"


def templates_root() -> Path:
    """A folder to put on JUPYTER_PATH so Voilà finds the `wijkcoop` template (the start page)."""
    return _PACKAGE_DIR / "share"
