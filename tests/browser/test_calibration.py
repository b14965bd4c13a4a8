"""The calibration pages in headless Chromium: 0 axe-core violations, in French and English."""

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
        page.goto(url)
        assert axe_violations(page) == [], name
        screenshot(page, f"{name}-{language}")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/jury/2026/calibrage/")
    assert axe_violations(page) == [], "calibration at 360 px"
    screenshot(page, f"calibration-360-{language}")
