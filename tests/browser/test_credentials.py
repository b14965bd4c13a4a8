"""The verification page of a credential in headless Chromium, at 360 and 1280 pixels, in French
and English: 0 axe violations, the badge shows, the copy button copies the HTML code."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot
from tests.jury.conftest import other_submitted, submitted  # noqa: F401  (Nancy's and Vandœuvre's dossiers)
from tests.publication.issued import published  # noqa: F401  (the fixture)
from tnl.publication import paths
from tnl.publication.models import RevokedCredential
from tnl.publication.services import unpublish_edition
from tnl.publication.site import current_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def result(request):
    return request.getfixturevalue("published")


@pytest.mark.parametrize(("language", "width"), [("fr", 360), ("fr", 1280), ("en", 360), ("en", 1280)])
def test_the_verification_page_shows_the_badge_and_copies_its_code(browser, live_server, result, language, width):
    context = browser.new_context(
        locale="fr-FR" if language == "fr" else "en-GB",
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(reverse("publication:verify", args=[result.credential_id]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    badge = page.locator("img.credential-badge")
    expect(badge).to_be_visible()
    assert page.evaluate("document.querySelector('img.credential-badge').naturalWidth") == 360
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    assert axe_violations(page) == []
    screenshot(page, f"credential-verify-{language}-{width}")
    button = page.locator("[data-copy-target=snippet]")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".copy-status")).to_have_text("Code copié." if language == "fr" else "Code copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith('<a href="') and f"/verifier/{result.credential_id}/" in copied
    assert errors == []
    context.close()


@pytest.mark.parametrize("extension", ["svg", "png"])
def test_the_badge_shows_on_its_own(browser, live_server, result, extension):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 400, "height": 200})
    page = context.new_page()
    response = page.goto(f"/badges/{result.year}/commune-54395.{extension}")
    assert response.status == 200
    assert response.headers["content-type"] == ("image/svg+xml" if extension == "svg" else "image/png")
    if extension == "png":  # (a full-page screenshot of an SVG document never settles)
        screenshot(page, "credential-badge-png")
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_check_form_gives_each_check(browser, live_server, result, width):
    token = (current_folder() / paths.credential(result.year, "commune", "54395")).read_text()
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(reverse("publication:check"))
    assert axe_violations(page) == []
    page.get_by_label("Attestation (texte)").fill(token)
    page.get_by_role("button", name="Vérifier", exact=True).click()
    expect(page.get_by_role("heading", name="Attestation valide")).to_be_visible()
    expect(page.locator(".checks li")).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"credential-check-fr-{width}")
    context.close()


def test_a_revoked_credential_page_reads_well(browser, live_server, result, organiser, edition):
    edition.refresh_from_db()
    unpublish_edition(organiser, edition, "Un score était faux")
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(reverse("publication:verify", args=[result.credential_id]))
    revoked = RevokedCredential.objects.get(credential_id=result.credential_id)
    with translation.override("fr"):  # the day in Paris: "1 décembre 2026" after 23:00 UTC on 30 November
        day = date_format(timezone.localtime(revoked.revoked_at), "j F Y")
    expect(page.locator(".verdict")).to_have_text(f"Révoquée le {day} (Un score était faux).")
    assert axe_violations(page) == []
    screenshot(page, "credential-verify-revoked-fr-360")
    context.close()
