"""Who may see what: per-person grants for boards, trainers, coordinators and beheerders.

| role | may |
|---|---|
| `bestuur` of a cooperative | fill in; its board view, trend, notes, downloads, exports, history |
| `bestuur` without a cooperative | register a new cooperative (and becomes its board) |
| `trainer` | plan and run summerschool sessions; their own sessions' people and results |
| `coordinator` of a doorbraakgebied (or of all) | Vergelijken (aggregates only, the privacy rules hold) |
| `beheerder` | everything: import, export, erasure, backup, and granting access |

Who someone is comes from the deployment (`identify`): behind JupyterHub the hub's user name, which the
hub puts in the environment of that person's server (`JUPYTERHUB_USER`); on a shared server one role for
everyone, chosen at start (`wijkcoop serve --role`); on a laptop without a login the person is
`beheerder`, as before. Grants are rows in `toegang.csv`, written through the store: the last row per
(user, role, cooperative, area) counts, earlier rows are the history of who granted or revoked what.

Every check is made here, in the services, on the server: a page offers only what its person may see,
and a crafted message asking for anything else is refused and logged (`Access.require`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .problems import Refused
from .tables import ACCESS, ACCESS_ROLES

if TYPE_CHECKING:  # frames only where a page filters them; identifying someone needs no pandas
    import pandas as pd

log = logging.getLogger(__name__)

ROLES = ACCESS_ROLES
ENV_USER = "JUPYTERHUB_USER"  # set by JupyterHub in each person's server
ENV_ROLE = "WIJKCOOP_ROLE"  # a shared server's one role: "beheerder", "trainer", "bestuur:<id>", …
LAPTOP = "laptop"


@dataclass(frozen=True)
class Grant:
    role: str
    cooperative_id: str = ""  # bestuur: which cooperative ("" = may register a new one)
    area: str = ""  # coordinator: which doorbraakgebied ("" = all)


class NoAccess(Exception):
    """This person has no grant for the app they opened (the page says whom to ask)."""

    def __init__(self, user: str):
        self.user = user
        super().__init__(user)


class Access:
    """What one person may do. Made once per page (`Context.access`) from their identity and grants."""

    def __init__(self, user: str, grants: Iterable[Grant], source: str = "grants"):
        self.user, self.source = user, source
        self.grants = frozenset(grants)

    @classmethod
    def everything(cls, user: str = LAPTOP) -> Access:
        """The laptop and the command line: the person at the keyboard runs the kit."""
        return cls(user, [Grant("beheerder")], source="laptop")

    # -- what the grants say ---------------------------------------------------------------------------
    @property
    def admin(self) -> bool:
        return any(g.role == "beheerder" for g in self.grants)

    @property
    def anything(self) -> bool:
        return bool(self.grants)

    def boards(self) -> set[str] | None:
        """The cooperatives whose board this person is on (None: every cooperative)."""
        if self.admin:
            return None
        return {g.cooperative_id for g in self.grants if g.role == "bestuur" and g.cooperative_id}

    def board_of(self, cooperative_id: str) -> bool:
        boards = self.boards()
        return boards is None or cooperative_id in boards

    @property
    def may_register(self) -> bool:
        return self.admin or Grant("bestuur") in self.grants

    @property
    def fills_in(self) -> bool:
        """May open the zelfevaluatie at all (a board somewhere, or may register one)."""
        return self.admin or any(g.role == "bestuur" for g in self.grants)

    @property
    def trainer(self) -> bool:
        return self.admin or any(g.role == "trainer" for g in self.grants)

    def areas(self) -> set[str] | None:
        """The doorbraakgebieden this person may compare (None: all; empty: none)."""
        if self.admin or Grant("coordinator") in self.grants:
            return None
        return {g.area for g in self.grants if g.role == "coordinator" and g.area}

    @property
    def coordinator(self) -> bool:
        return self.admin or any(g.role == "coordinator" for g in self.grants)

    # -- applying them -----------------------------------------------------------------------------------
    def visible(self, frame: pd.DataFrame, column: str = "cooperative_id") -> pd.DataFrame:
        """Only the rows of cooperatives this person is on the board of."""
        boards = self.boards()
        if boards is None or not len(frame):
            return frame
        return frame[frame[column].isin(boards)]

    def require(self, allowed: bool, action: str, **what: object) -> None:
        """Refuse (and log, naming the person) anything the grants do not allow."""
        if allowed:
            return
        log.warning("refused for %r: %s %s", self.user, action, what)
        raise Refused(("access.refused", {}))


# -- who is this ---------------------------------------------------------------------------------------
def parse_role(text: str) -> Grant:
    """`beheerder`, `trainer`, `coordinator[:area]`, `bestuur[:cooperative]` -> Grant (ValueError if not)."""
    role, _, scope = text.strip().partition(":")
    if role not in ROLES:
        raise ValueError(text)
    if role == "bestuur":
        return Grant(role, cooperative_id=scope)
    if role == "coordinator":
        return Grant(role, area=scope)
    return Grant(role)


def identify(store) -> Access:
    """This page's person and what they may do, from the deployment (see the module's docstring)."""
    user = os.environ.get(ENV_USER, "").strip()
    if user:
        return Access(user, grants_of(store, user), source="hub")
    role = os.environ.get(ENV_ROLE, "").strip()
    if role:
        try:
            return Access("server", [parse_role(role)], source="server")
        except ValueError:
            log.error("%s=%r is not a role; nobody gets in", ENV_ROLE, role)
            return Access("server", [], source="server")
    return Access.everything()


def grants_of(store, user: str) -> list[Grant]:
    rows = [r for r in store.current_rows(ACCESS) if r["user"] == user and r["granted"] == "1"]
    rows.sort(key=lambda r: (r["role"], r["cooperative_id"]))
    return [Grant(r["role"], r["cooperative_id"], r["doorbraakgebied"]) for r in rows]


def current_grants(store) -> pd.DataFrame:
    """Every grant in force (the last row per user, role and scope, if it grants)."""
    frame = store.current(ACCESS).frame
    if not len(frame):
        return frame
    return frame[frame["granted"].astype(bool)].sort_values(["user", "role", "cooperative_id"])


def change(store, by: str, user: str, grant: Grant, granted: bool) -> None:
    """Grant or revoke; the row says who did it, and the old rows stay as history (and in the audit log)."""
    from .tables import AUDIT

    scope = f"{user}: {grant.role} {grant.cooperative_id or grant.area or '*'}"
    with store.operation(ACCESS, AUDIT) as op:
        op.append(
            ACCESS,
            [
                {
                    "user": user,
                    "role": grant.role,
                    "cooperative_id": grant.cooperative_id,
                    "doorbraakgebied": grant.area,
                    "granted": granted,
                    "by": by,
                }
            ],
        )
        op.append(
            AUDIT,
            [
                {
                    "user": by,
                    "action": "access",
                    "scope": scope[:200],
                    "detail": "granted" if granted else "revoked",
                }
            ],
        )
