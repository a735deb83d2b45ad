"""The zelfevaluatie app's *Toegang* tab, for the beheerder only: who may see what (access.py).

It lists the grants in force and grants or revokes one: a login name, a role and, for a board, its
cooperative or, for a coordinator, a doorbraakgebied. Every change is a row in toegang.csv naming who made
it. The tab is only built for a beheerder, and each click checks that again on the server.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..access import ROLES, Grant, change, current_grants
from ..tables import COOPERATIVES
from .common import Page, error_html

ALL = ""


class AccessTab(Page):
    def __init__(self, app):
        self.app = app
        self.widget = widgets.VBox()
        self.widget.add_class("access-tab")

    def build(self) -> None:
        a = self.app
        self.intro = widgets.HTML()
        self.table = widgets.HTML()
        self.user = widgets.Text(layout=widgets.Layout(width="20rem"))
        self.user.add_class("access-user")
        self.role = widgets.Dropdown(options=ROLES, value="bestuur", layout=widgets.Layout(width="20rem"))
        self.role.add_class("access-role")
        self.scope = widgets.Dropdown(layout=widgets.Layout(width="30rem", max_width="100%"))
        self.scope.add_class("access-scope")
        self.grant_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="12rem"))
        self.grant_button.add_class("access-grant")
        self.revoke_button = widgets.Button(layout=widgets.Layout(width="12rem"))
        self.revoke_button.add_class("access-revoke")
        self.message = widgets.HTML()
        self.widget.children = [
            self.intro,
            self.table,
            self.user,
            self.role,
            self.scope,
            widgets.HBox([self.grant_button, self.revoke_button]),
            self.message,
        ]
        self.role.observe(a.guard(lambda _: self._scopes()), names="value")
        self.grant_button.on_click(a.guard(lambda _: self.set(True)))
        self.revoke_button.on_click(a.guard(lambda _: self.set(False)))

    def relabel(self) -> None:
        if not self.built:
            return
        a = self.app
        self.intro.value = f"<p>{html.escape(a.t('acc.intro'))}</p>"
        self.user.description = a.t("acc.user")
        self.role.description = a.t("acc.role")
        self.scope.description = a.t("acc.scope")
        self.grant_button.description = a.t("acc.grant")
        self.revoke_button.description = a.t("acc.revoke")
        for w in (self.user, self.role, self.scope):
            w.style.description_width = "8rem"
        self._scopes()
        self._list()

    def refresh(self) -> None:
        self.ensure()
        self._scopes()
        self._list()

    def _scopes(self) -> None:
        a = self.app
        register = a.store.current(COOPERATIVES).frame.sort_values("name", key=lambda s: s.str.casefold())
        if self.role.value == "bestuur":
            options = [(a.t("acc.may_register"), ALL)]
            options += list(zip(register["name"], register["cooperative_id"], strict=True))
        elif self.role.value == "coordinator":
            areas = sorted(set(register["doorbraakgebied"]), key=str.casefold)
            options = [(a.t("acc.all_areas"), ALL)] + [(x, x) for x in areas]
        else:
            options = [(a.t("acc.everything"), ALL)]
        keep = self.scope.value
        self.scope.options = options
        self.scope.value = keep if keep in {v for _, v in options} else ALL

    def _list(self) -> None:
        a = self.app
        rows = current_grants(a.store)
        if not len(rows):
            self.table.value = f"<p>{html.escape(a.t('cli.access.none'))}</p>"
            return
        everything = a.t("cli.access.all")
        coop = rows["cooperative_id"]
        rows = rows.assign(scope=coop.where(coop != "", rows["doorbraakgebied"]))
        cells = [(r.user, r.role, r.scope or everything, r.by) for r in rows.itertuples()]
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in cells
        )
        keys = ("acc.user", "acc.role", "acc.scope", "acc.by")
        head = "".join(f"<th>{html.escape(a.t(k))}</th>" for k in keys)
        self.table.value = f"<table class='spread access-list'><tr>{head}</tr>{body}</table>"

    def set(self, granted: bool) -> None:
        a = self.app
        if not a.permitted(a.access.admin, "access change", self.message):
            return
        user = " ".join(str(self.user.value or "").split())
        if not user or len(user) > 100 or self.role.value not in ROLES:
            self.message.value = error_html(a.t("cli.access.need"))
            return
        scope = self.scope.value or ""
        if scope not in {v for _, v in self.scope.options}:
            return  # a crafted value: nothing
        grant = Grant(
            self.role.value,
            scope if self.role.value == "bestuur" else "",
            scope if self.role.value == "coordinator" else "",
        )
        change(a.store, a.access.user, user, grant, granted)
        shown = grant.cooperative_id or grant.area or a.t("cli.access.all")
        key = "cli.access.granted" if granted else "cli.access.revoked"
        self.message.value = (
            f'<div class="wijkcoop-ok" role="status">'
            f"{html.escape(a.t(key, user=user, role=grant.role, scope=shown))}</div>"
        )
        self._list()
