"""The deliberation table (normal and large type), a decision page and the outbox pages in
Chromium: 0 axe-core violations in French and English, nothing scrolls sideways at 360 px, and the
large-type switch works by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.dossiers.answering import answer_all_required
from tests.jury.deliberating import LEVEL_1, start_deliberation, submit_review
from tnl.dossiers import services as dossier_services
from tnl.editions.models import Edition
from tnl.jury.deliberation_services import decide_level
from tnl.jury.outbox_services import prepare_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deliberating(edition, dossier, elected, juror, organiser):
    from tests import factories

    answer_all_required(dossier, elected)
    dossier_services.submit_dossier(elected, dossier)
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        jury_on=timezone.localdate(now - timedelta(days=1)),
    )
    edition.refresh_from_db()
    second = factories.JuryMemberFactory(edition=edition, user__full_name="Jeanne Jurée").user
    submit_review(dossier, juror)
    submit_review(dossier, second, LEVEL_1)
    start_deliberation(edition, organiser)
    decide_level(organiser, dossier, 1, "Justificatifs vus en séance", ["sobriety"])
    prepare_outbox(organiser, edition)
    return edition


def check(page, url, name, problems):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        problems += [f"{url} @{width}: {violation}" for violation in axe_violations(page)]
        if width == 360 and page.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append(f"{url} @360 scrolls sideways")
        screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_deliberation_and_outbox_pages_pass_axe(page, live_server, deliberating, dossier, organiser, juror, language):
    from tnl.jury.models import OutboxMessage

    year = deliberating.year
    message = OutboxMessage.objects.first()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    problems = []
    log_in(page, live_server, organiser)
    for name, url in [
        ("deliberation", f"/jury/{year}/deliberation/"),
        ("deliberation-large", f"/jury/{year}/deliberation/?large=1&divergent=1"),
        ("decision", f"/organisation/editions/{year}/jury/deliberation/{dossier.pk}/"),
        ("outbox", f"/organisation/editions/{year}/jury/courriels/"),
        ("outbox-message", f"/organisation/editions/{year}/jury/courriels/{message.pk}/"),
    ]:
        check(page, url, f"{name}-{language}", problems)
    log_in(page, live_server, juror)
    check(page, f"/jury/{year}/deliberation/", f"deliberation-juror-{language}", problems)
    assert problems == [], "\n".join(problems)


def test_the_large_type_switch_works_by_keyboard(page, live_server, deliberating, juror):
    log_in(page, live_server, juror)
    page.goto(f"/jury/{deliberating.year}/deliberation/")
    switch = page.get_by_role("link", name="Grands caractères (projection)")
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**large=1")
    assert page.locator("div.deliberation-large").count() == 1
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.deliberation-table')).fontSize)") >= 24
    page.get_by_role("link", name="Retour à l’affichage normal").click()
    assert page.locator("div.deliberation-large").count() == 0
