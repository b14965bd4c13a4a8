"""The jury's review page in headless Chromium: 0 axe violations, and the rubric set with the
keyboard shortcut saves and updates the reviewed score without reloading the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.dossiers.answering import answer_all_required
from tnl.dossiers import services as dossier_services
from tnl.dossiers.models import Answer, Evidence
from tnl.editions.models import Edition
from tnl.jury.enums import Rubric
from tnl.jury.models import Assignment, QuestionReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assignment(edition, dossier, elected, juror):
    """Nancy's dossier submitted with COM-01 (a url question) answered, the edition in the jury
    review phase, and the juror assigned to it."""
    answer_all_required(dossier, elected)
    dossier_services.save_answer(elected, dossier, "COM-01", "https://nancy.example.org/contact")
    dossier_services.add_evidence_link(elected, dossier, "COM-01", "https://nancy.example.org/preuve")
    dossier_services.submit_dossier(elected, dossier)
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        jury_on=timezone.localdate(now - timedelta(days=1)),
    )
    return Assignment.objects.create(dossier=dossier, member=juror.jurymember_set.get())


def test_the_rubric_shortcut_saves_and_the_score_follows_without_reload(page, live_server, juror, assignment):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server, juror)
    page.goto(reverse("jury:review", kwargs={"year": assignment.dossier.edition.year, "pk": assignment.pk}))
    assert axe_violations(page) == []
    screenshot(page, "jury-review-fr")
    before = page.locator("#reviewed-percent").inner_text()
    page.evaluate("window.notReloaded = true")
    page.locator("#q-COM-01-title").click()
    page.keyboard.press("1")
    expect(page.locator("#q-COM-01-status")).to_have_text("Enregistré.")
    assert QuestionReview.objects.get(question="COM-01").rubric == Rubric.ONE_THIRD
    assert page.locator("#reviewed-percent").inner_text() != before
    assert page.is_checked("#q-COM-01-rubric-1")
    assert page.evaluate("window.notReloaded") is True
    # The focus stayed in the question: the next key changes the same rubric.
    page.evaluate("document.getElementById('review-announcer').textContent = ''")
    page.keyboard.press("3")
    expect(page.locator("#q-COM-01-rubric-3")).to_be_checked()
    expect(page.locator("#review-announcer")).to_contain_text("COM-01")
    assert QuestionReview.objects.get(question="COM-01").rubric == Rubric.FULL
    # Typing a digit in a field types it: no shortcut there.
    page.locator("#q-COM-01-private").click()
    page.keyboard.press("3")
    page.keyboard.press("0")
    assert page.input_value("#q-COM-01-private") == "30"
    assert page.is_checked("#q-COM-01-rubric-3")
    # Text typed while a save is on its way stays in the field once the answer comes back.
    held = []
    page.route("**/questions/COM-01/", lambda route: held.append(route))
    page.evaluate("document.getElementById('review-announcer').textContent = ''")
    page.locator("#q-COM-01-rubric-2").check()
    page.locator("#q-COM-01-private").press_sequentially(" lien vérifié")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    held.pop(0).continue_()
    expect(page.locator("#review-announcer")).to_contain_text("COM-01")
    expect(page.locator("#q-COM-01-private")).to_have_value("30 lien vérifié")
    assert QuestionReview.objects.get(question="COM-01").comment == "30"  # what was sent
    assert axe_violations(page) == []
    assert errors == []
    assert Answer.objects.filter(question="COM-01").exists() and Evidence.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_review_page_passes_axe_and_fits_360_px(page, live_server, juror, organiser, assignment, language):
    """The juror's page (forms) and the organiser's (read only), at 1280 px and 360 px."""
    url = reverse("jury:review", kwargs={"year": assignment.dossier.edition.year, "pk": assignment.pk})
    for person, name in [(juror, "jury-review"), (organiser, "jury-review-read-only")]:
        page.context.clear_cookies()
        log_in(page, live_server, person)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert axe_violations(page) == [], (name, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            screenshot(page, f"{name}-{language}-{width}")
