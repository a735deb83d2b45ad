"""A hostile browser without a browser: a small client that speaks the page's Jupyter messages.

It fetches an app page like a browser (cookies, kernel id), opens the kernel's websocket, asks the
widget manager for every widget's state (as the page does when it loads), and can then send any
value to any widget, click any button (also hidden or disabled ones) as often as it likes, or speak
the old websocket protocol. Framing and message layout are jupyter_server's own.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import re
import threading
import urllib.request
import uuid
from datetime import UTC, datetime

V1 = "v1.kernel.websocket.jupyter.org"


def _header(msg_type: str, session: str) -> dict:
    return {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "hostile",
        "session": session,
        "date": datetime.now(UTC).isoformat(),
        "version": "5.3",
    }


class PageClient:
    """One app page, opened without a browser. Runs its own event loop in a thread."""

    def __init__(self, base: str, notebook: str, subprotocol: str | None = V1, token: str | None = None):
        self.base, self.notebook, self.subprotocol, self.token = base, notebook, subprotocol, token
        self.session = uuid.uuid4().hex
        self.received: list[tuple[str, dict]] = []  # (channel, message) as the server sent them
        self.raw: list[bytes | str] = []
        self.states: dict[str, dict] = {}  # model id -> widget state
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.ws = None

    # -- plumbing ---------------------------------------------------------------------------------
    def _run(self, coro, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def open(self) -> PageClient:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        url = f"{self.base}/voila/render/{self.notebook}.ipynb"
        if self.token:
            url += f"?token={self.token}"
        with opener.open(url, timeout=120) as response:
            page = response.read().decode("utf-8")
        match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page) or re.search(
            r"kernel_id=([0-9a-f-]{36})", page
        )
        assert match, "no kernel id in the page"
        self.kernel_id = match.group(1)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        self._run(self._connect())
        return self

    async def _connect(self):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        ws_base = self.base.replace("http://", "ws://")
        url = f"{ws_base}/api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        headers = {"Cookie": self.cookie, "Origin": self.base}
        request = HTTPRequest(url, headers=headers)
        protocols = [self.subprotocol] if self.subprotocol else None
        self.ws = await websocket_connect(request, subprotocols=protocols, max_message_size=64 * 2**20)
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self):
        from jupyter_server.services.kernels.connection.base import (
            deserialize_binary_message,
            deserialize_msg_from_ws_v1,
        )

        while True:
            message = await self.ws.read_message()
            if message is None:
                return
            self.raw.append(message)
            try:
                if self.ws.selected_subprotocol == V1:
                    channel, parts = deserialize_msg_from_ws_v1(message)
                    msg = {
                        "header": json.loads(parts[0]),
                        "parent_header": json.loads(parts[1]),
                        "content": json.loads(parts[3]),
                        "buffers": parts[4:],
                    }
                elif isinstance(message, bytes):
                    msg = deserialize_binary_message(message)
                    channel = msg.get("channel", "")
                else:
                    msg = json.loads(message)
                    channel = msg.get("channel", "")
            except Exception:  # noqa: BLE001 - a hostile client records what it cannot read
                continue
            self.received.append((channel, msg))
            if msg.get("header", {}).get("msg_type") == "comm_msg":
                data = msg["content"].get("data", {})
                if data.get("method") == "update_states":  # the control comm's reply
                    for model_id, item in data["states"].items():
                        self.states[model_id] = item["state"]

    def send(self, msg_type: str, content: dict, channel: str = "shell", buffers=(), metadata=None) -> None:
        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        header = _header(msg_type, self.session)
        if self.ws.selected_subprotocol == V1:
            parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)] + list(buffers)
            payload = serialize_msg_to_ws_v1(parts, channel)
            self._run(self._write(payload, True))
        else:
            msg = {
                "header": header,
                "parent_header": {},
                "metadata": metadata or {},
                "content": content,
                "channel": channel,
                "buffers": [],
            }
            self._run(self._write(json.dumps(msg), False))

    async def _write(self, payload, binary: bool) -> None:
        await self.ws.write_message(payload, binary=binary)

    # -- widgets ----------------------------------------------------------------------------------
    def load_states(self, wait: float = 30) -> dict[str, dict]:
        """Ask for every widget's state, as the page's widget manager does (fresh: widgets come and go)."""
        self.states = {}
        comm = uuid.uuid4().hex
        self.send(
            "comm_open",
            {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        self.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        self.wait(lambda: self.states, wait)
        return self.states

    def find(self, css: str) -> str:
        """The model id of the widget with this CSS class."""
        self.load_states() if not self.states else None
        hits = [m for m, s in self.states.items() if css in (s.get("_dom_classes") or [])]
        assert hits, f"no widget with class {css}"
        return hits[0]

    def set(self, model_id: str, **state) -> None:
        self.send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )

    def click(self, model_id: str, times: int = 1) -> None:
        for _ in range(times):
            self.send(
                "comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
            )

    def wait(self, condition, timeout: float = 30) -> None:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise TimeoutError("condition not met")

    def idle(self, seconds: float = 2.0) -> None:
        """Wait until the kernel has had time to handle everything sent (a kernel_info round trip)."""
        import time

        n = len(self.received)
        self.send("kernel_info_request", {})
        self.wait(
            lambda: any(
                m.get("header", {}).get("msg_type") == "kernel_info_reply" for _, m in self.received[n:]
            ),
            60,
        )
        time.sleep(seconds)

    def texts(self) -> str:
        """Everything the server sent, as text (to look for tracebacks and file paths)."""
        out = []
        for _, msg in self.received:
            out.append(json.dumps(msg.get("content", {}), default=str))
        return "\n".join(out)

    def close(self) -> None:
        if self.ws is not None:
            self._loop.call_soon_threadsafe(self.ws.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
