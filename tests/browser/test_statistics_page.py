"""The statistics page written at publication, in headless Chromium: no axe-core violation, and
its charts and map fit a 360 px screen without a horizontal scroll, in French and in English."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.publication.other_year import imported_2025
from tnl.publication.site import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_statistics_page_reads_well(page, live_server, width):
    imported_2025()
    build_site()
    page.set_viewport_size({"width": width, "height": 900})
    for language, url in (("fr", "/statistiques/"), ("en", "/en/statistics/")):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("svg[role=img]").count() == 6
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("details.chart-data summary").first.click()
        assert axe_violations(page) == [], url
        screenshot(page, f"statistics-{language}-{width}")
