"""A phone without a browser: opens an app page and drives its widgets over the kernel websocket, in
Jupyter's own messages (the v1 websocket protocol, as Voilà's page speaks it), all in one asyncio loop.

The room benchmark (load.py) runs most of a room's participants with this client, so the 2 cores measure
the server and not 30 Chromiums beside it; a few participants stay real Chromium pages. Timings it
reports per participant: the page's HTML complete (the server has rendered it), the page usable (the
widget states arrived over the websocket, as the page's widget manager asks for them) and everything
sent (ratings stored, the evaluation form shown).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from datetime import UTC, datetime

V1 = "v1.kernel.websocket.jupyter.org"


class Page:
    def __init__(self, base: str, path: str):
        self.base, self.path = base, path
        self.session = uuid.uuid4().hex
        self.states: dict[str, dict] = {}
        self.replies: dict[str, asyncio.Future] = {}  # msg_id -> its reply
        self.ws = None

    async def open(self, timeout: float) -> float:
        """GET the page (the server renders it); returns when its HTML is complete."""
        from tornado.httpclient import AsyncHTTPClient

        client = AsyncHTTPClient()
        response = await client.fetch(self.base + self.path, request_timeout=timeout, connect_timeout=timeout)
        page = response.body.decode("utf-8", "replace")
        match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page) or re.search(
            r"kernel_id=([0-9a-f-]{36})", page
        )
        if not match:
            raise RuntimeError("no kernel in the page" + (" (busy page)" if "Even geduld" in page else ""))
        self.kernel_id = match.group(1)
        cookies = response.headers.get_list("Set-Cookie")
        self.cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
        return time.perf_counter()

    async def connect(self) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"{self.base.replace('http://', 'ws://')}/api/kernels/{self.kernel_id}/channels"
        request = HTTPRequest(
            f"{url}?session_id={self.session}", headers={"Cookie": self.cookie, "Origin": self.base}
        )
        self.ws = await websocket_connect(request, subprotocols=[V1], max_message_size=64 * 2**20)
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

        while True:
            message = await self.ws.read_message()
            if message is None:
                return
            try:
                _, parts = deserialize_msg_from_ws_v1(message)
                header, parent, content = json.loads(parts[0]), json.loads(parts[1]), json.loads(parts[3])
            except Exception:  # noqa: BLE001 - not a message of ours
                continue
            if header.get("msg_type") == "comm_msg":
                data = content.get("data", {})
                if data.get("method") == "update_states":
                    self.states = {m: item["state"] for m, item in data["states"].items()}
                    future = self.replies.pop("states", None)
                    if future is not None and not future.done():
                        future.set_result(True)
            if header.get("msg_type", "").endswith("_reply"):
                future = self.replies.pop(parent.get("msg_id", ""), None)
                if future is not None and not future.done():
                    future.set_result(content)

    async def send(
        self, msg_type: str, content: dict, metadata: dict | None = None, msg_id: str | None = None
    ) -> str:
        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        header = {
            "msg_id": msg_id or uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "room",
            "session": self.session,
            "date": datetime.now(UTC).isoformat(),
            "version": "5.3",
        }
        parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
        await self.ws.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)
        return header["msg_id"]

    async def load_states(self, timeout: float) -> dict[str, dict]:
        """Every widget's state, as the page's widget manager asks for it."""
        future = asyncio.get_running_loop().create_future()
        self.replies["states"] = future
        comm = uuid.uuid4().hex
        await self.send(
            "comm_open",
            {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        await self.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        await asyncio.wait_for(future, timeout)
        return self.states

    async def idle(self, timeout: float) -> None:
        """Until the kernel has handled everything sent before (a kernel_info round trip)."""
        future = asyncio.get_running_loop().create_future()
        msg_id = uuid.uuid4().hex
        self.replies[msg_id] = future  # before sending: the reply can come quickly
        await self.send("kernel_info_request", {}, msg_id=msg_id)
        await asyncio.wait_for(future, timeout)

    def find(self, css: str) -> list[str]:
        return [
            m for m, s in self.states.items() if any(c.startswith(css) for c in s.get("_dom_classes", []))
        ]

    async def set(self, model_id: str, **state) -> None:
        content = {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}}
        await self.send("comm_msg", content)

    async def click(self, model_id: str) -> None:
        content = {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
        await self.send("comm_msg", content)

    def close(self) -> None:
        """Gone without a goodbye, as a phone that goes to sleep (the kernel stays until culled)."""
        if self.ws is not None:
            self.ws.close()


async def participant(base: str, code: str, who: str, timeout: float) -> dict:
    """One participant by the QR address: the page opens in the session; name, role, every rating 3,
    send. Returns the times (seconds from the start) or the error."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=200)
    result: dict = {"who": who, "error": None, "kind": "websocket"}
    page = Page(base, f"/voila/render/deelnemer.ipynb?code={code}")
    t0 = time.perf_counter()
    step = "open"
    try:
        result["html"] = await page.open(timeout) - t0
        step = "connect"
        await page.connect()
        step = "states"
        while True:  # usable: the states hold the form this page opened on (who are you?)
            await page.load_states(timeout)
            if page.find("who-name"):
                break
            await asyncio.sleep(0.2)
        result["usable"] = time.perf_counter() - t0
        step = "who"
        await page.set(page.find("who-name")[0], value=who)
        role = page.states[page.find("who-role")[0]]
        await page.set(page.find("who-role")[0], index=role["_options_labels"].index("vrijwilliger"))
        await page.click(page.find("who-next")[0])
        await page.idle(timeout)
        await page.load_states(timeout)
        step = "ratings"
        toggles = page.find("rate-")
        if not toggles:
            raise RuntimeError("no rating form")
        for model_id in toggles:
            await page.set(model_id, index=2)  # "3"
        step = "send"
        await page.click(page.find("ratings-submit")[0])
        await page.idle(timeout)
        await page.load_states(timeout)
        if not page.find("eval-submit"):
            raise RuntimeError("no evaluation form after sending")
        result["done"] = time.perf_counter() - t0
        result["done_at"] = time.perf_counter()
    except Exception as exc:  # noqa: BLE001 - reported per participant
        result["error"] = f"{step}: {type(exc).__name__}: {exc}"[:300]
    finally:
        page.close()
    return result


async def bare(base: str, path: str, timeout: float = 120) -> dict:
    """One bare page alone: HTML complete and usable (its button's state arrived)."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=200)
    page = Page(base, path)
    t0 = time.perf_counter()
    html = await page.open(timeout) - t0
    await page.connect()
    while not any(s.get("_model_name") == "ButtonModel" for s in (await page.load_states(timeout)).values()):
        await asyncio.sleep(0.1)
    usable = time.perf_counter() - t0
    page.close()
    return {"html": html, "usable": usable}
