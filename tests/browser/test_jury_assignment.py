"""The jury's membership, conflicts and assignment pages in headless Chromium: no axe violation in
French and English, at full width and at 360 px, and a refused manual assignment shown next to its
form, reached by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.models import Edition
from tnl.jury.models import Assignment, Conflict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jury(edition, nancy, vandoeuvre, grand_nancy, juror):
    """Two submitted dossiers, in the review phase; `juror` reviews Nancy; one juror is conflicted
    through the Métropole, another declared a conflict, and an expert sits too."""
    dossiers = [factories.DossierFactory(edition=edition, territory=body) for body in (nancy, vandoeuvre)]
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(status=DossierStatus.SUBMITTED)
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        jury_on=timezone.localdate(now - timedelta(days=1)),
    )
    seat = juror.jurymember_set.get()
    Assignment.objects.create(dossier=dossiers[0], member=seat)
    conflicted = factories.JuryMemberFactory(edition=edition, user__full_name="Corentin Conflit")
    factories.MembershipFactory(user=conflicted.user, territory=grand_nancy, role=factories.CONTRIBUTOR)
    declared = factories.JuryMemberFactory(edition=edition, user__full_name="Delphine Déclarée")
    Conflict.objects.create(member=declared, territory=nancy, reason="Ancienne agente")
    factories.JuryMemberFactory(edition=edition, role="expert", user__full_name="Emma Experte")
    return edition, dossiers, conflicted


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_jury_pages_have_no_axe_violation(page, live_server, organiser, juror, jury, language):
    edition, _dossiers, conflicted = jury
    year = edition.year
    pages = [
        (organiser, "jury-members", f"/organisation/editions/{year}/jury/membres/"),
        (organiser, "jury-member-conflicts", f"/organisation/editions/{year}/jury/membres/{conflicted.pk}/conflits/"),
        (organiser, "jury-assignments", f"/organisation/editions/{year}/jury/attributions/"),
        (juror, "jury-home", f"/jury/{year}/"),
        (juror, "jury-conflicts", f"/jury/{year}/conflits/?q=nancy"),
    ]
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for person, name, url in pages:
            page.context.clear_cookies()
            log_in(page, live_server, person)
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert axe_violations(page) == [], (name, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            screenshot(page, f"{name}-{language}-{width}")


def test_a_conflicted_reviewer_is_refused_next_to_the_form_by_keyboard(page, live_server, organiser, jury):
    edition, dossiers, conflicted = jury
    log_in(page, live_server, organiser)
    page.goto(f"/organisation/editions/{edition.year}/jury/attributions/")
    select = page.locator(f"#member-{dossiers[0].pk}")
    select.focus()
    select.select_option(str(conflicted.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    error = page.locator(f"#member-{dossiers[0].pk}-error")
    assert error.inner_text().startswith("Corentin Conflit ne peut pas évaluer le dossier de Nancy (54) : Agit pour")
    assert page.locator(f"#member-{dossiers[0].pk}").input_value() == str(conflicted.pk)
    assert axe_violations(page) == []
    assert not Assignment.objects.filter(member=conflicted).exists()
