"""Voilà as `wijkcoop serve` runs it: `python -m wijkcoop.server [voila options] [wijkcoop options]`.

Voilà itself, plus what a shared server needs and Voilà does not do by default. Each protection has
its test (docs/deploy.md lists them):

- **The page can stop its own kernel.** When a tab closes, Voilà's page posts to
  `/voila/api/shutdown/<kernel>` with the `_xsrf` value it reads from the `_xsrf` cookie. Voilà's page
  handler never created that cookie (Tornado only sets it when a handler asks for the token), so the
  request was refused with "403 '_xsrf' argument missing from POST" and every page view left a kernel
  running. Here the page handler asks for the token, which sets the cookie; the shutdown then passes
  the normal XSRF check (nothing is switched off). Culling of kernels whose page went away is
  configured on the command line (`serve.voila_command`).
- **Both websocket protocols, safely.** A kernel websocket without the
  `v1.kernel.websocket.jupyter.org` subprotocol speaks jupyter_server's legacy protocol (browsers fall back
  to it, for example through jhsingle-native-proxy in the JupyterHub recipe). Voilà's
  `VoilaKernelWebsocketHandler.write_message` read *every* binary message as v1 framing: for a legacy
  binary message (a widget reply with a buffer, such as a chart) the first 8 bytes, read as the number of
  offsets, are an enormous number, and `range()` over it ran for ever on the server's only thread (100%
  CPU, memory climbing, every page of every user gone). Its filter also missed legacy text messages, so
  `execute_input` (the notebook's code) went out. Here each message is read in the framing of its
  protocol.
- **Kernels are limited.** Every page GET starts a kernel, even without a browser. A kernel that no
  websocket joins within `--grace` seconds is stopped; at most `--max-kernels` pages at once in all and
  `--max-kernels-per-client` per client address; past that the visitor gets a short "busy, try again"
  page (503) instead of the server running out of memory.
- **Host names.** On a loopback server only loopback host names (and `--allow-host` names, for a
  reverse proxy in front) are answered (DNS rebinding), as jupyter_server does for its own pages.
- **The token leaves the address bar.** A first visit with `?token=…` sets the login cookie and is
  redirected to the same address without the token; server log lines never show a token.
- **Pools refill when the room has settled.** Voilà refills a pool `fill_delay` seconds after each page
  took a kernel, all at once: when a room of 30 opens the participant page together, 30 kernels start
  a few seconds later, on the same cores that serve the 30 pages being filled in. Here a pool refills
  only once no page has taken one of its kernels for `--refill-after` seconds, and one kernel at a
  time, so at most one core per pool goes to refilling. Meanwhile a drained pool still serves
  newcomers with a kernel of their own (cold), as Voilà does without a pool.
- **Warm places.** Every two seconds the state of the kernel pools (ready and wanted kernels per
  notebook) is written to the file named in `WIJKCOOP_PLACES` (join.py), for the trainer's Live tab.
- **Faster message dates.** Every message between the kernels and the pages is read by the server two
  or three times (activity tracking, rendering, the websocket), and each time jupyter_client parses
  its header dates with dateutil: a tenth of the server's work for a room of phones. Python's own
  `datetime.fromisoformat` reads the same ISO 8601 timestamps (`fast_parse_date`, tested equal).
- **Templates compiled once.** Voilà makes a new nbconvert exporter, with its own Jinja environment,
  for every page and every pooled kernel, and so compiled the page templates again each time (about
  0.1 s of the server's only thread per page). Here all those environments share one in-memory
  bytecode cache (`patch_templates`); Jinja still checks each template's source against it.
- **Headers.** `Referrer-Policy: no-referrer`, cookies `SameSite=Lax` (and `Secure` behind TLS), no
  server version.
"""

from __future__ import annotations

import argparse
import contextvars
import inspect
import json
import logging
import os
import re
import sys
import time
from typing import Any

V1 = "v1.kernel.websocket.jupyter.org"
TOKEN_IN_TEXT = re.compile(r"(token=)[^&\s'\"]+", re.IGNORECASE)

# Which client address started the kernel being made right now (set per page request).
_client: contextvars.ContextVar[str] = contextvars.ContextVar("wijkcoop_client", default="")
# The kernels handed to the page being served right now (their grace starts once it is sent).
_pending: contextvars.ContextVar[list[str]] = contextvars.ContextVar("wijkcoop_pending")


class Limits:
    """Kernels handed to pages: who asked for them, when, and whether a websocket ever joined."""

    def __init__(self, grace: float, max_kernels: int, per_client: int):
        self.grace, self.max_kernels, self.per_client = grace, max_kernels, per_client
        self.owner: dict[str, str] = {}  # kernel id -> client address
        self.since: dict[str, float] = {}  # kernel id -> when it was handed to a page
        self.connected: set[str] = set()
        self.manager: Any = None  # Voilà's kernel manager, set when the server starts
        self.log = logging.getLogger("wijkcoop.server")

    def pooled(self) -> set[str]:
        pools = getattr(self.manager, "_pools", {}).values()
        return {future.result()["kernel_id"] for pool in pools for future in pool if _started(future)}

    def in_use(self) -> list[str]:
        pooled = self.pooled()
        return [k for k in self.manager.list_kernel_ids() if k not in pooled]

    def handed(self, kernel_id: str) -> None:
        """A kernel was given to the page being served now. Its grace starts when that page has been
        sent in full (`page_sent`): under load rendering can take longer than the grace itself."""
        self.owner[kernel_id] = _client.get()
        pending = _pending.get(None)
        if pending is not None:
            pending.append(kernel_id)
        else:
            self.since[kernel_id] = time.monotonic()

    def page_sent(self, kernel_ids: list[str]) -> None:
        now = time.monotonic()
        for kernel_id in kernel_ids:
            self.since[kernel_id] = now

    def busy(self, client: str) -> str | None:
        """Why a new page may not start now, or None."""
        active = self.in_use()
        if self.max_kernels and len(active) >= self.max_kernels:
            return "server"
        mine = [k for k in active if self.owner.get(k) == client]
        if self.per_client and len(mine) >= self.per_client:
            return "client"
        return None

    def places(self) -> dict[str, dict[str, int]]:
        """Per notebook with a pool: kernels ready now, and the pool's size."""
        manager = self.manager
        config = dict(getattr(manager, "kernel_pools_config", {}) or {})
        default = int(config.get("default", {}).get("pool_size", 0) or 0)
        out = {}
        for notebook, pool in dict(getattr(manager, "_pools", {})).items():
            ready = sum(_warm(future) for future in pool)
            wanted = int(config.get(notebook, {}).get("pool_size", default) or 0)
            out[str(notebook)] = {"ready": ready, "wanted": wanted}
        return out

    def write_places(self, path: str) -> None:
        """The pool state for the Live tab (join.warm_places), replaced atomically."""
        import os
        import tempfile

        state = {"written": time.time(), "pools": self.places()}
        try:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".places-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(state, out)
            os.replace(tmp, path)
        except OSError as exc:  # the Live tab then says nothing about places; serving goes on
            self.log.warning("cannot write the pool state to %s: %s", path, exc)

    async def sweep(self) -> None:
        """Stop kernels that no websocket joined within the grace time."""
        if not self.grace:
            return
        now = time.monotonic()
        alive = set(self.manager.list_kernel_ids())
        for kernel_id in list(self.since):
            if kernel_id not in alive:
                self.since.pop(kernel_id, None)
                self.owner.pop(kernel_id, None)
                self.connected.discard(kernel_id)
                continue
            if kernel_id in self.connected or now - self.since[kernel_id] < self.grace:
                continue
            self.log.info("stopping kernel %s: no page connected within %s s", kernel_id, self.grace)
            self.since.pop(kernel_id, None)
            try:
                result = self.manager.shutdown_kernel(kernel_id)
                if inspect.isawaitable(result):
                    await result
            except Exception:  # noqa: BLE001 - already gone
                pass


def _started(future) -> bool:
    """A pool's kernel that has started (a failed start is not a warm place)."""
    try:
        return bool(future.done() and future.result()["kernel_id"])
    except Exception:  # noqa: BLE001 - Voilà reports a failed start itself
        return False


def _warm(future) -> bool:
    """A pool's kernel that has run its notebook up to `wait_for_request()`: it waits for its page on
    Voilà's request-info websocket (apps.common.wait_for_request). Only then is a page from it fast."""
    if not _started(future):
        return False
    from voila.request_info_handler import RequestInfoSocketHandler

    return future.result()["kernel_id"] in RequestInfoSocketHandler._waiters


class Refill:
    """When a kernel pool refills (see the module's docstring): after `settle` seconds without a page
    taking one of its kernels, `batch` kernels at a time, the next only when those are warm (`warm`:
    run up to `wait_for_request()`), or `patience` seconds after they started (a notebook that failed)."""

    def __init__(
        self,
        manager: Any,
        fill: Any,
        settle: float,
        batch: int = 1,
        clock=time.monotonic,
        warm=_warm,
        patience: float = 60.0,
    ):
        self.manager, self.fill, self.settle, self.batch, self.clock = manager, fill, settle, batch, clock
        self.warm, self.patience = warm, patience
        self.started: dict[str, float] = {}  # notebook -> when the last refill started
        self.taken: dict[str, float] = {}  # notebook -> when a page last took one of its kernels
        self.extra: dict[str, dict] = {}  # notebook -> Voilà's other arguments with the take

    def wanted(self, notebook: str) -> int:
        config: dict[str, dict] = dict(getattr(self.manager, "kernel_pools_config", {}) or {})
        default = config.get("default") or {}
        mine = config.get(notebook) or default
        return int(mine.get("pool_size", default.get("pool_size", 1)) or 0)

    def took(self, notebook: str, kwargs: dict) -> None:
        """Voilà's `fill_if_needed` after a take: noted, not started. (Voilà would also hand the new
        kernels the address of the page that took one, `?code=` included; they get none, as at start.)"""
        self.taken[notebook] = self.clock()
        self.extra[notebook] = dict(kwargs)

    def due(self, notebook: str) -> int:
        """How many kernels to start for `notebook` now."""
        if self.clock() - self.taken[notebook] < self.settle:
            return 0
        pool = self.manager._pools.get(notebook, [])
        waiting = self.clock() - self.started.get(notebook, float("-inf")) < self.patience
        if waiting and not all(self.warm(future) for future in pool):
            return 0  # the previous one is still starting or running its notebook
        return max(0, min(self.batch, self.wanted(notebook) - len(pool)))

    def tick(self) -> None:
        for notebook in list(self.taken):
            count = self.due(notebook)
            pool = self.manager._pools.get(notebook, [])
            if not count:
                if len(pool) >= self.wanted(notebook) and all(self.warm(f) for f in pool):
                    self.taken.pop(notebook, None)  # full again
                continue
            self.started[notebook] = self.clock()
            kwargs = self.extra.get(notebook, {})
            config = self.manager.kernel_pools_config
            default = config.get("default", {})
            # Voilà fills to the pool's size in one go; give it a size `count` above what is there.
            self.manager.kernel_pools_config = {
                **config,
                notebook: {**config.get(notebook, default), "pool_size": len(pool) + count},
            }
            try:
                self.fill(delay=0, notebook_name=notebook, extra_kernel_env_variables={}, **kwargs)
            finally:
                self.manager.kernel_pools_config = config


LIMITS: Limits | None = None


BUSY_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Even geduld</title></head>
<body style="font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>Het is even te druk</h1>
<p>Er zijn nu meer pagina's open dan deze server aankan. Probeer het over een minuut opnieuw
(vernieuw de pagina).</p>
<p lang="en"><em>The server is busy right now. Please try again in a minute (reload the page).</em></p>
</body></html>"""


def patch_voila(limits: Limits | None = None) -> None:
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
    from tornado import web
    from voila.handler import VoilaHandler
    from voila.tornado.handler import TornadoVoilaHandler

    global LIMITS
    LIMITS = limits
    if getattr(VoilaHandler, "_wijkcoop_patched", False):
        return

    # -- the token leaves the address bar -------------------------------------------------------------
    original_jupyter_prepare = JupyterHandler.prepare

    async def jupyter_prepare(self, *args, **kwargs):
        result = original_jupyter_prepare(self, *args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if (
            self.request.method == "GET"
            and "token" in self.request.query_arguments
            and self.current_user
            and not self.request.path.startswith(("/api/", "/voila/api/"))
            and not self._finished
        ):
            # Logged in by the token in the address: the login cookie is set; drop the token from the
            # address (history, bookmarks, screenshots, Referer) by sending the browser there without it.
            query = [
                (k, v.decode("utf-8", "replace"))
                for k, values in self.request.query_arguments.items()
                if k != "token"
                for v in values
            ]
            from urllib.parse import urlencode

            target = self.request.path + (("?" + urlencode(query)) if query else "")
            self.redirect(target)

    JupyterHandler.prepare = jupyter_prepare  # type: ignore[method-assign]

    # -- the _xsrf cookie on every app page ---------------------------------------------------------
    original_prepare = VoilaHandler.prepare

    async def prepare(self):
        result = original_prepare(self)
        if inspect.isawaitable(result):
            await result
        # Reading the token sets the `_xsrf` cookie that the page's shutdown request sends back.
        self.xsrf_token  # noqa: B018

    VoilaHandler.prepare = prepare
    VoilaHandler._wijkcoop_patched = True

    # -- limits on kernels started by page views --------------------------------------------------------
    original_get = TornadoVoilaHandler.get

    async def get(self, path=None):
        client = self.request.remote_ip or ""
        if LIMITS is not None:
            why = LIMITS.busy(client)
            if why:
                LIMITS.log.warning("busy (%s): page refused for %s", why, client)
                self.set_status(503)
                self.set_header("Retry-After", "60")
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(BUSY_PAGE)
                return
        _client.set(client)
        handed: list[str] = []
        _pending.set(handed)
        try:
            await original_get(self, path=path)
        finally:
            if LIMITS is not None:
                LIMITS.page_sent(handed)

    get.__wrapped__ = original_get  # type: ignore[attr-defined]
    TornadoVoilaHandler.get = get

    # -- kernel websockets: Voilà's filter made safe for both protocols; note that a page connected ----
    from jupyter_server.services.kernels.connection.base import deserialize_binary_message
    from voila.tornado.kernel_websocket_handler import (
        VoilaKernelWebsocketHandler,
        read_header_from_binary_message,
    )

    def write_message(self, message, binary=False):
        """Voilà's own filter (drop `execute_input`, which carries the notebook's code), reading each
        message in the framing of the protocol this websocket speaks."""
        header = None
        try:
            if isinstance(message, dict):
                header = message.get("header")
            elif isinstance(message, bytes) and self.selected_subprotocol == V1:
                header = read_header_from_binary_message(message)
            elif isinstance(message, bytes):  # legacy binary framing: its own, bounded, offsets
                header = deserialize_binary_message(message).get("header")
            elif isinstance(message, str):  # legacy text: JSON
                header = json.loads(message).get("header")
        except Exception:  # noqa: BLE001 - not a message we can read: no filter applies
            header = None
        if header and header.get("msg_type") == "execute_input":
            return None
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)

    VoilaKernelWebsocketHandler.write_message = write_message

    original_ws_get = KernelWebsocketHandler.get

    async def ws_get(self, kernel_id):
        if LIMITS is not None:
            LIMITS.connected.add(kernel_id)
        await original_ws_get(self, kernel_id)

    KernelWebsocketHandler.get = ws_get  # type: ignore[method-assign]

    # -- no server version in the headers -------------------------------------------------------------
    original_clear = web.RequestHandler.clear

    def clear(self):
        original_clear(self)
        self._headers.pop("Server", None)

    web.RequestHandler.clear = clear  # type: ignore[method-assign]


def fast_parse_date(s, _original=None):
    """jupyter_client.jsonutil.parse_date, with `datetime.fromisoformat` in place of dateutil for the
    timestamps Jupyter messages carry (anything it does not read goes to the original)."""
    from datetime import datetime

    from jupyter_client import jsonutil

    original = _original or getattr(jsonutil, "_wijkcoop_parse_date", jsonutil.parse_date)
    if s is None or not isinstance(s, str) or not jsonutil.ISO8601_PAT.match(s):
        return s
    try:
        parsed = datetime.fromisoformat(s)
    except ValueError:
        return original(s)
    return jsonutil._ensure_tzinfo(parsed)


def patch_templates() -> None:
    import jinja2
    from nbconvert.exporters.templateexporter import TemplateExporter

    if getattr(TemplateExporter, "_wijkcoop_patched", False):
        return

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.code:
                bucket.bytecode_from_string(self.code[bucket.key])  # checks the source's checksum

        def dump_bytecode(self, bucket) -> None:
            self.code[bucket.key] = bucket.bytecode_to_string()

    shared = Compiled()
    original = TemplateExporter._create_environment

    def create_environment(self):
        environment = original(self)
        environment.bytecode_cache = shared
        return environment

    TemplateExporter._create_environment = create_environment  # type: ignore[method-assign]
    TemplateExporter._wijkcoop_patched = True  # type: ignore[attr-defined]


def patch_dates() -> None:
    from jupyter_client import jsonutil

    if not hasattr(jsonutil, "_wijkcoop_parse_date"):
        jsonutil._wijkcoop_parse_date = jsonutil.parse_date  # type: ignore[attr-defined]
        jsonutil.parse_date = fast_parse_date  # extract_dates looks it up here on every call


class MaskTokens(logging.Filter):
    """Log lines never carry a login token (request lines include the address with `?token=`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - leave odd records alone
            return True
        if "token=" in message.lower():
            record.msg = TOKEN_IN_TEXT.sub(r"\1[verborgen]", message)
            record.args = None
        return True


def _mask_all_handlers() -> None:
    masked = MaskTokens()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict)
    ]
    handlers = [logging.lastResort] + [h for lg in loggers for h in getattr(lg, "handlers", [])]
    for handler in handlers:
        if handler is not None and not any(isinstance(f, MaskTokens) for f in handler.filters):
            handler.addFilter(masked)


def _options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)  # Voilà's options pass untouched
    parser.add_argument("--grace", type=float, default=120.0)
    parser.add_argument("--max-kernels", type=int, default=0)
    parser.add_argument("--max-kernels-per-client", type=int, default=0)
    parser.add_argument("--secure-cookies", action="store_true")
    parser.add_argument("--allow-host", action="append", default=[])
    parser.add_argument("--refill-after", type=float, default=15.0)
    parser.add_argument("--proxy-headers", action="store_true")
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> None:
    import tornado.ioloop
    from voila.app import Voila

    ours, rest = _options(sys.argv[1:] if argv is None else argv)
    limits = Limits(ours.grace, ours.max_kernels, ours.max_kernels_per_client)
    patch_voila(limits)
    patch_dates()
    patch_templates()

    class WijkcoopVoila(Voila):
        def listen(self):
            limits.manager = self.kernel_manager
            limits.log = self.log
            for method in ("start_kernel",):
                self._wrap_handout(method)
            self._wrap_rendered()
            settings = self.app.settings
            loopback = self.ip in ("127.0.0.1", "localhost", "::1", "")
            if loopback and self.base_url == "/":
                # DNS rebinding: a loopback server answers only loopback host names, and the names a
                # reverse proxy in front passes on (--allow-host). Behind JupyterHub (a base URL) the
                # hub's proxy checks every request itself.
                settings["allow_remote_access"] = False
                settings["local_hostnames"] = ["localhost", *ours.allow_host]
            cookie = {"samesite": "Lax", **({"secure": True} if ours.secure_cookies else {})}
            identity = getattr(self, "identity_provider", None)
            if identity is not None:  # the login cookie
                identity.cookie_options = {**identity.cookie_options, **cookie}
            settings["xsrf_cookie_kwargs"] = {**settings.get("xsrf_cookie_kwargs", {}), **cookie}
            headers = dict(settings.get("headers", {}))
            headers.setdefault("Referrer-Policy", "no-referrer")
            headers.setdefault("X-Content-Type-Options", "nosniff")
            settings["headers"] = headers
            _mask_all_handlers()
            if ours.proxy_headers:
                # Behind a proxy every visitor comes from the proxy's address: take the client's
                # address from X-Forwarded-For / X-Real-Ip, so the per-client limits still apply.
                listen = self.app.listen
                self.app.listen = lambda port, address="", **kw: listen(port, address, xheaders=True, **kw)
            tornado.ioloop.PeriodicCallback(limits.sweep, 5000).start()
            self._wrap_refill()
            places = os.environ.get("WIJKCOOP_PLACES", "")
            if places:
                tornado.ioloop.PeriodicCallback(lambda: limits.write_places(places), 2000).start()
            super().listen()

        def _wrap_handout(self, name):
            manager = self.kernel_manager
            original = getattr(manager, name)

            async def wrapped(*args, **kwargs):
                result = original(*args, **kwargs)
                kernel_id = await result if inspect.isawaitable(result) else result
                limits.handed(kernel_id)  # a page's own kernel (pools start theirs another way)
                return kernel_id

            setattr(manager, name, wrapped)

        def _wrap_refill(self):
            manager = self.kernel_manager
            original = getattr(manager, "fill_if_needed", None)
            if original is None:  # no pools
                return
            refill = Refill(manager, original, ours.refill_after)

            def fill_if_needed(delay=None, notebook_name=None, extra_kernel_env_variables=None, **kwargs):
                if delay is None and notebook_name is not None:  # a page took a kernel
                    refill.took(notebook_name, kwargs)
                    return
                original(
                    delay=delay,
                    notebook_name=notebook_name,
                    extra_kernel_env_variables=extra_kernel_env_variables or {},
                    **kwargs,
                )

            manager.fill_if_needed = fill_if_needed
            tornado.ioloop.PeriodicCallback(refill.tick, 1000).start()

        def _wrap_rendered(self):
            manager = self.kernel_manager
            original = getattr(manager, "get_rendered_notebook", None)
            if original is None:
                return

            async def wrapped(*args, **kwargs):
                result = await original(*args, **kwargs)
                limits.handed(result[2])  # (render task, rendered cells, kernel id)
                return result

            manager.get_rendered_notebook = wrapped

    WijkcoopVoila.launch_instance(argv=rest)


if __name__ == "__main__":
    main()
