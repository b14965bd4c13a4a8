"""The calibration pages in headless Chromium: 0 axe-core violations, in French and English, at
1280 px and 360 px (where nothing scrolls sideways)."""

import pytest

from tests import factories
from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.jury.calibrating import read, submitted_dossier
from tnl.jury import calibration_services as services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calibration(organiser, default_referential):
    edition = factories.EditionFactory(open=True, year=2026, actor=organiser, referential=default_referential)
    dossier = submitted_dossier(edition, "Laxou")
    jurors = [
        factories.JuryMemberFactory(edition=edition, user__full_name=name, user__email=f"{index}@example.org").user
        for index, name in enumerate(["Jules Juré", "Jeanne Jurée"])
    ]
    sample, _ = services.add_calibration_sample(organiser, edition, dossier)
    read(jurors[0], dossier, {"DON-02": 3, "STR-01": "5"}, submitted=True)
    read(jurors[1], dossier, {"DON-02": 1})
    services.save_question_note(organiser, edition, "DON-02", "Un lien vers le portail suffit.")
    return sample


@pytest.mark.parametrize("language", ["fr", "en"])
def test_calibration_pages_have_no_axe_violation(page, live_server, organiser, calibration, language):
    log_in(page, live_server, organiser)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for name, url in [
        ("calibration-samples", "/organisation/editions/2026/jury/calibrage/"),
        ("calibration-remove", f"/organisation/editions/2026/jury/calibrage/{calibration.pk}/retirer/"),
        ("calibration-note", "/organisation/editions/2026/jury/calibrage/notes/DON-02/"),
        ("calibration", "/jury/2026/calibrage/"),
    ]:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            assert axe_violations(page) == [], (name, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            screenshot(page, f"{name}-{language}-{width}")
