"""jhsingle-native-proxy, as JupyterHub starts it for each person (deploy/jupyterhub_config.py).

jhsingle-native-proxy checks the JupyterHub login on every request and proxies to that person's
`wijkcoop serve`. Its websocket code calls Tornado's `check_origin` for every websocket, but since
Tornado 6.6 that default only accepts origins in a `trusted_origins` list (Tornado itself no longer asks
for same-origin requests). So every kernel websocket was refused. Here the same-origin rule is put back,
exactly as Tornado used to apply it: the browser's Origin must be this server's own Host (or the browser
says the request is same-origin). Cross-site websockets stay refused.

Run: python -m wijkcoop.hubproxy [jhsingle-native-proxy options] -- command ...
"""

from __future__ import annotations

import sys
from urllib.parse import urlparse


def same_origin(handler, origin: str) -> bool:
    if handler.request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    host = (handler.request.headers.get("Host") or "").lower()
    return bool(host) and urlparse(origin).netloc.lower() == host


def main() -> None:
    from jhsingle_native_proxy import proxyhandlers
    from jhsingle_native_proxy.main import run

    proxyhandlers.ProxyHandler.check_origin = same_origin
    sys.exit(run())


if __name__ == "__main__":
    main()
