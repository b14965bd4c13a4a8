"""The organiser's console and the deadline reminders page in a real browser: 0 axe-core
violations in French and English, at 1280 px and 360 px, and no sideways scroll at 360 px."""

import pytest

from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.jury.models import Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_console_and_reminders_pass_axe_and_fit_360_px(page, live_server, organiser, dossier, juror, language):
    Assignment.objects.create(dossier=dossier, member=juror.jurymember_set.get())
    log_in(page, live_server, organiser)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    year = dossier.edition.year
    for name, url in [
        ("console", f"/organisation/editions/{year}/console/"),
        ("reminders", f"/organisation/editions/{year}/rappels/"),
    ]:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert axe_violations(page) == [], f"{name} @{width}"
            if width == 360:
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
            screenshot(page, f"{name}-{language}-{width}")
