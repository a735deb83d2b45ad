"""How the kit runs Voilà: one place for the command line and environment, used by `wijkcoop serve`,
the browser tests and the benchmarks, so all three serve the apps the same way."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from . import config
from .join import PARTICIPANT_PAGE  # the page a room opens on its phones

CULL_IDLE, CULL_INTERVAL = config.CULL_IDLE, config.CULL_INTERVAL


def voila_command(
    notebooks: Path,
    port: int,
    ip: str = "127.0.0.1",
    preheat: int = 0,
    token: str | None = None,
    base_url: str | None = None,
    cull_idle: int = CULL_IDLE,
    cull_interval: int = CULL_INTERVAL,
    grace: float = config.GRACE,
    max_kernels: int = config.MAX_KERNELS,
    max_kernels_per_client: int = config.MAX_KERNELS_PER_CLIENT,
    behind_tls: bool = False,
    allow_hosts: tuple[str, ...] = (),
    room: int = 0,
    base_url_kept: bool = False,
    proxy_headers: bool = False,
    refill_after: float = config.REFILL_AFTER,
) -> list[str]:
    """The Voilà command line.

    - Only `notebooks` is served: the data folder, the content files and the Python sources live
      elsewhere, and Voilà's file handler only hands out images (its default allow-list).
    - `preheat` > 0 keeps that many kernels per app notebook started and run up to
      `wait_for_request()`, so a page appears faster; the apps read their data only after that call.
    - `token`: a login token for a small shared server (the first visit needs `?token=...`).
    - `base_url`: the path the browser sees when a proxy in front strips it off (JupyterHub with
      jhsingle-native-proxy, deploy/): pages link to `<base_url>voila/...` while Voilà serves at `/`.
      With `base_url_kept` the proxy passes the path on unchanged (a JupyterHub service): Voilà serves
      at `base_url` too. `proxy_headers`: the visitor's address comes from the proxy's
      X-Forwarded-For (for the per-client limits).
    - `cull_idle` / `cull_interval`: see config.CULL_IDLE; 0 turns culling off.
    - `grace`, `max_kernels`, `max_kernels_per_client`: see config.GRACE and config.MAX_KERNELS
      (0 = no limit); `behind_tls` marks cookies Secure (only sent over https); `allow_hosts`: host
      names a reverse proxy in front passes on (a loopback server answers no others).
    - `room` > 0 keeps that many participant pages (deelnemer.ipynb) preheated, for a summerschool room
      whose phones all open the page at once; the other apps keep `preheat` each. A drained pool still
      serves newcomers (with a cold kernel); pools refill one kernel at a time once no page has taken
      one for `config.REFILL_AFTER` seconds (server.Refill), not while a room is arriving.
    """
    command = [
        sys.executable,
        "-m",
        "wijkcoop.server",  # Voilà with the kit's fixes (wijkcoop/server.py)
        str(notebooks),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--no-browser",
        "--template=wijkcoop",
        "--theme=light",
        "--show_tracebacks=False",
        "--strip_sources=True",
        # <html lang> of every page; the page's script (wijkcoop.js) follows the language switch after.
        f"--VoilaExporter.language_code={config.DEFAULT_LANG}",
        # nbclient waits 4 s for a cell's output by default; with many pages opening at once on a small
        # server that is too short, and the page came up empty (found by the 20-session load test).
        "--VoilaExecutor.iopub_timeout=60",
    ]
    command += [
        f"--grace={grace}",
        f"--max-kernels={max_kernels}",
        f"--max-kernels-per-client={max_kernels_per_client}",
    ]
    if behind_tls:
        command.append("--secure-cookies")
    if proxy_headers:
        command.append("--proxy-headers")
    command += [f"--allow-host={host}" for host in allow_hosts]
    if cull_idle > 0:
        command += [
            f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
            f"--MappingKernelManager.cull_interval={max(1, min(cull_interval, cull_idle))}",
            "--MappingKernelManager.cull_connected=False",
            "--MappingKernelManager.cull_busy=False",
        ]
    if preheat > 0 or room > 0:
        # When pools refill is the server's own policy (server.Refill): --refill-after.
        pools: dict[str, dict[str, int]] = {"default": {"pool_size": preheat}}
        if room:
            pools[PARTICIPANT_PAGE] = {"pool_size": room}
        command += [
            "--preheat_kernel=True",
            f"--pool_size={preheat}",
            f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
            f"--refill-after={refill_after}",
        ]
    if token:
        command.append(f"--token={token}")
    if base_url:
        path = f"{base_url.rstrip('/')}/"
        command += [f"--Voila.base_url={path}", f"--Voila.server_url={path if base_url_kept else '/'}"]
    return command


def pages_folder(notebooks: Path, pages: list[str], port: int | None = None) -> Path:
    """A folder holding only the named app pages (`deelnemer` or `deelnemer.ipynb`), to serve instead
    of all of `notebooks`: what is not in the served folder cannot be opened at all. With `port`, the
    folder is the same for every start on that port (made afresh, so starts do not pile up folders);
    without, a new one. Raises KeyError(name) for a page that does not exist."""
    import os
    import shutil
    import tempfile

    chosen = []
    for page in pages:
        name = page if page.endswith(".ipynb") else f"{page}.ipynb"
        source = notebooks / name
        if "/" in name or not source.is_file():
            raise KeyError(page)
        chosen.append(source)
    if port is None:
        folder = Path(tempfile.mkdtemp(prefix="wijkcoop-pages-"))
    else:
        folder = Path(tempfile.gettempdir()) / f"wijkcoop-pages-{os.getuid()}-{port}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o700)
    for source in chosen:
        shutil.copy2(source, folder / source.name)
    return folder


def voila_env(data: Path, lang: str = config.DEFAULT_LANG) -> dict[str, str]:
    env = dict(os.environ)
    env[config.ENV_DATA] = str(data)  # absolute: kernels start in the notebooks' folder
    env[config.ENV_LANG] = lang
    jupyter_path = [str(config.templates_root())]  # the wijkcoop template (start page)
    if env.get("JUPYTER_PATH"):
        jupyter_path.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    return env


# Debian's Chromium, as the browser tests and benchmarks drive it (Playwright's own browser download
# cannot work on these machines; without the networking flags Chromium keeps dialling out).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Until a server just started answers `url` with 200 (for the browser tests and the benchmarks);
    raises when it stopped or did not answer within `timeout` seconds."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"wijkcoop serve stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")
