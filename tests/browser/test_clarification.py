"""The clarification pages in headless Chromium: axe-core finds 0 violations on the jury's page
(with a before/after table) and on the candidate's pages, in French and in English, at 1280 px and 360 px
(where nothing scrolls sideways)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.jury.clarifying import in_review
from tnl.jury.clarification_services import ask_clarification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_clarification_pages_have_no_axe_violation(page, live_server, dossier, elected, juror, language):
    dossier = in_review(dossier, elected, juror)
    asked = ask_clarification(juror, dossier, "Pouvez-vous préciser ?", ["STR-01"], timezone.now() + timedelta(days=3))
    pages = {
        juror: [("jury-clarifications", reverse("jury:clarifications", args=[dossier.edition.year, dossier.pk]))],
        elected: [
            ("clarification", reverse("jury:clarification", args=[dossier.pk, asked.pk])),
            ("dossier-with-questions", reverse("dossiers:detail", args=[dossier.pk])),
            ("axis-reopened", reverse("dossiers:axis", args=[dossier.pk, "STR"])),
        ],
    }
    for user, urls in pages.items():
        page.context.clear_cookies()
        log_in(page, live_server, user)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for name, url in urls:
            for width in (1280, 360):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                assert axe_violations(page) == [], (name, width)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
                screenshot(page, f"{name}-{language}-{width}")
