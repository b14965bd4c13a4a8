"""The help pages in headless Chromium: axe-core finds nothing, in French and English, at 360 and
1280 px wide, and nothing overflows sideways on a phone."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [("help", "/aide/"), ("help-candidates", "/aide/candidats/"), ("help-organisers", "/aide/organisation/")]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_help_pages_are_accessible_and_fit_the_screen(page, live_server, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for name, path in PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], path
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        screenshot(page, f"{name}-{language}-{width}")


def test_the_table_of_contents_leads_to_its_section(page):
    page.goto("/aide/candidats/")
    page.get_by_role("navigation", name="Sommaire").get_by_role("link", name="Déposer le dossier").click()
    assert page.url.endswith("/aide/candidats/#deposer")
    assert page.locator("#deposer").is_visible()
