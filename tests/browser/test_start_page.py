"""Start page and the groeimodel app in Debian's Chromium against a real `wijkcoop serve`."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from wijkcoop import config

pytestmark = pytest.mark.browser


def test_start_page_links_to_every_app_in_dutch_and_english(served, page):
    base, _ = served
    page.goto(base + "/")
    assert page.title() == "wijkcoop — start"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_text("Werkplaats voor wijk-, buurt-, dorps- en zorgcoöperaties").is_visible()
    assert page.get_by_text("A workshop for neighbourhood").is_visible()
    apps = [a.get_attribute("data-app") for a in page.locator("a.app").all()]
    assert set(apps) == {p.stem for p in config.notebooks_dir().glob("*.ipynb")}
    # Ordered by who you are: the board, trainers, participants, coordinators, everyone.
    assert apps == ["zelfevaluatie", "summerschool", "deelnemer", "vergelijken", "groeimodel"]
    assert page.locator("a[data-app=zelfevaluatie] .for").inner_text().startswith("Voor het bestuur")
    assert page.locator("a[data-app=zelfevaluatie] .title").inner_text().startswith("Zelfevaluatie")
    assert page.locator("a[data-app=groeimodel] .title").inner_text().startswith("Het groeimodel")


def test_groeimodel_app_renders_and_switches_language(served, page):
    base, _ = served
    page.goto(base + "/")
    page.click("a[data-app=groeimodel]")
    heading = page.locator(".dimension-name")
    heading.wait_for(timeout=90_000)
    assert heading.inner_text() == "D1 · Organisatie & koers"
    assert page.get_by_text("Verkennen").first.is_visible()
    page.get_by_role("radio", name="English").click()
    page.locator(".dimension-name", has_text="D1 · Organisation & direction").wait_for(timeout=20_000)
    page.locator("select").select_option(label="D4 · Economy & finance")
    page.locator(".dimension-name", has_text="D4 · Economy & finance").wait_for(timeout=20_000)
    assert "Our income comes from more sources than grants alone." in page.content()
    assert "Traceback" not in page.content()


def test_app_pages_take_their_look_from_the_kits_one_stylesheet(served, page):
    """The wijkcoop Voilà template adds static/wijkcoop.css to every app page; a message the app marks
    as an error gets its colour from there (no inline style)."""
    base, _ = served
    page.goto(base + "/voila/render/zelfevaluatie.ipynb")
    page.locator(".start-button").wait_for(timeout=90_000)
    assert page.locator("link[href*='wijkcoop/static/wijkcoop.css']").count() == 1
    page.locator(".start-button").click()  # no cooperative chosen: refused with a message
    error = page.locator(".wijkcoop-error").first
    error.wait_for(timeout=30_000)
    assert error.get_attribute("style") is None
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(138, 28, 28)"


@pytest.mark.parametrize(
    "path",
    [
        "/voila/files/groeimodel.ipynb",
        "/voila/files/../data/scores.csv",
        "/voila/files/%2e%2e/data/scores.csv",
        "/api/contents/",
    ],
)
def test_data_and_sources_are_not_served(served, path):
    base, _ = served
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(base + path, timeout=10)
    assert info.value.code in (403, 404)
    info.value.close()
