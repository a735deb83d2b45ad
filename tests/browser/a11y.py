"""Accessibility checks the browser tests run on every page and step they reach: axe-core (through the
kept wrapper axe-playwright-python) with the WCAG 2.1 A and AA rules, and no serious or critical
violation allowed; and choosing an answer the way a screen reader user does, by its radio's name."""

from __future__ import annotations

import re

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = None


def assert_accessible(page, where: str) -> None:
    """No serious or critical WCAG 2.1 AA violation on what the page shows now."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    _axe = _axe or Axe()
    page.wait_for_timeout(150)  # the page's script names new widgets on the next animation frame
    found = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}}).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×: {v['help']}; e.g. {v['nodes'][0]['html'][:160]}"
        f" — {' '.join(v['nodes'][0].get('failureSummary', '').split())[:240]})"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{where}: " + "; ".join(bad)


def choose(group, value: str) -> None:
    """Click the answer `value` ("1".."5", "weet niet") in a group of answer buttons, found by its role
    and accessible name ("4: Klopt grotendeels") as assistive technology finds it."""
    group.get_by_role("radio", name=re.compile(rf"^{re.escape(value)}(:|$)", re.IGNORECASE)).click()
