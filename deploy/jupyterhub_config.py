# JupyterHub in front of wijkcoop: a login per person, one shared data folder, only the apps exposed.
#
# Each person who logs in gets their own `wijkcoop serve` (standalone Voilà: the app pages only, no
# Jupyter file browser, no terminals, no code), wrapped by jhsingle-native-proxy, which checks the
# JupyterHub login on every request and proxies to it. All of them use the same data folder; the
# store's file locks serialise their saves, as they do between the kernels of one server.
#
# Run (see docs/deploy.md for systemd and TLS):
#     WIJKCOOP_DATA=/srv/wijkcoop/data WIJKCOOP_HUB_STATE=/srv/wijkcoop/hub \
#         jupyterhub -f deploy/jupyterhub_config.py
#
# Settings, all from the environment so the same file serves a real server and the test:
#   WIJKCOOP_DATA              the shared data folder (required)
#   WIJKCOOP_HUB_STATE         where the hub keeps its database, cookie secret and proxy pid
#   WIJKCOOP_HUB_IP / _PORT    the public address (default 127.0.0.1:8000; put TLS in front, see docs)
#   WIJKCOOP_HUB_API_PORT      the hub's internal API port (default 8081)
#   WIJKCOOP_HUB_PROXY_API_PORT  the proxy's internal API port (default 8001)
#   WIJKCOOP_HUB_AUTH          "pam" (default: the server's own user accounts) or "shared-password"
#                              (any name, one password in WIJKCOOP_HUB_PASSWORD, at least 8
#                              characters; for a trial, a training day, or the test)
#   WIJKCOOP_HUB_ADMINS        space-separated user names who may manage the hub
#   WIJKCOOP_HUB_PARTICIPANTS_PORT  the internal port of the public participant page (default 8002)
#   WIJKCOOP_HUB_ROOM          participant pages kept warm for a summerschool room (default 0: one)

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

bin_dir = Path(sys.executable).parent
data = os.environ["WIJKCOOP_DATA"]
state = Path(os.environ.get("WIJKCOOP_HUB_STATE", "/srv/wijkcoop/hub"))
state.mkdir(parents=True, exist_ok=True)

c.JupyterHub.ip = os.environ.get("WIJKCOOP_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("WIJKCOOP_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("WIJKCOOP_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('WIJKCOOP_HUB_PROXY_API_PORT', '8001')}"
# The pure-Python configurable-http-proxy (pip), so no Node.js is needed; the Node one works as well.
c.ConfigurableHTTPProxy.command = [
    os.environ.get("WIJKCOOP_HUB_PROXY")
    or shutil.which("configurable-http-proxy", path=str(bin_dir))
    or "configurable-http-proxy"
]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")

# -- who may log in ------------------------------------------------------------------------------------
if os.environ.get("WIJKCOOP_HUB_AUTH", "pam") == "shared-password":
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["WIJKCOOP_HUB_PASSWORD"]
else:
    c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allow_all = True  # everyone who can log in; narrow with c.Authenticator.allowed_users
c.Authenticator.admin_users = set(os.environ.get("WIJKCOOP_HUB_ADMINS", "").split())

# -- what each person gets -----------------------------------------------------------------------------
# One process user for all (the hub's own), so the data folder needs no shared group permissions.
c.JupyterHub.spawner_class = "simple"
c.Spawner.notebook_dir = str(state)
# jhsingle-native-proxy with the same-origin websocket check that Tornado >= 6.6 needs (see the module).
c.Spawner.cmd = [sys.executable, "-m", "wijkcoop.hubproxy"]
c.Spawner.args = [
    "--destport", "0",
    "--ready-check-path", "/",
    "--ready-timeout", "120",
    "--last-activity-interval", "60",
    "--progressive",
    str(bin_dir / "wijkcoop"), "serve",
    # {--} and {port}/{base_url} are filled in by jhsingle-native-proxy when it starts the app.
    "{--}port", "{port}",
    "{--}data", data,
    "{--}preheat", "0",
    "{--}base-url", "{base_url}/",
]
c.Spawner.environment = {"WIJKCOOP_DATA": data, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"}
c.Spawner.default_url = "/"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# -- the participant page: public, and nothing else ----------------------------------------------------
# A summerschool room joins on its phones without accounts. One more `wijkcoop serve`, started and
# stopped by the hub as a service at /services/deelnemen/, serves only deelnemer.ipynb: its served folder
# holds that one page (`--pages`), so no other app can be opened through it. The hub's proxy does not
# check a login for services; every other address stays behind the login. The trainer's Live tab shows
# this address (and its QR code) to the room.
participants_port = int(os.environ.get("WIJKCOOP_HUB_PARTICIPANTS_PORT", "8002"))
participants_path = "/services/deelnemen/"
c.JupyterHub.services = [
    {
        "name": "deelnemen",
        "url": f"http://127.0.0.1:{participants_port}",
        "command": [
            str(bin_dir / "wijkcoop"), "serve",
            "--port", str(participants_port),
            "--data", data,
            "--pages", "deelnemer",
            "--base-url", participants_path,
            "--base-url-kept",  # the hub's proxy passes /services/deelnemen/... on as it is
            "--proxy-headers",  # every phone comes through the proxy: its address per phone
            "--preheat", "1",
            "--room", os.environ.get("WIJKCOOP_HUB_ROOM", "0"),
        ],
        "environment": {"WIJKCOOP_DATA": data, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"},
    }
]
c.Spawner.environment["WIJKCOOP_PARTICIPANT_URL"] = f"{participants_path}voila/render/deelnemer.ipynb"
