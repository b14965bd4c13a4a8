"""Every page opened in headless Chromium: axe-core finds 0 violations (WCAG 2.1 A/AA and best
practices), in French and in English, and the page can be used by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.editions import services as edition_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def edition(organiser, default_referential):
    default = default_referential
    now = timezone.now()
    current = edition_services.create_edition(
        organiser,
        2026,
        default,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=30),
        jury_on=timezone.localdate(now + timedelta(days=35)),
        ceremony_on=timezone.localdate(now + timedelta(days=50)),
    )
    edition_services.create_edition(organiser, 2027, current.referential)
    return current


ORGANISER_PAGES = [
    ("editions", "/organisation/editions/"),
    ("edition-create", "/organisation/editions/nouvelle/"),
    ("edition-detail", "/organisation/editions/2026/"),
    ("edition-dates", "/organisation/editions/2026/dates/"),
    ("referential", "/organisation/editions/2026/referentiel/"),
    ("axis-texts", "/organisation/editions/2026/referentiel/axes/STR/"),
    ("referential-diff", "/organisation/editions/2027/referentiel/differences/"),
    ("referential-import", "/organisation/editions/2027/referentiel/import/"),
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_organiser_pages_have_no_axe_violation(page, live_server, organiser, edition, language):
    log_in(page, live_server, organiser)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for name, url in ORGANISER_PAGES:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], name
        screenshot(page, f"{name}-{language}")


def test_public_pages_have_no_axe_violation(page, live_server, edition):
    for name, url in [("home", "/"), ("login", "/accounts/login/")]:
        page.goto(url)
        assert axe_violations(page) == [], name
        screenshot(page, name)


def test_the_site_stylesheet_and_script_are_served_and_applied(page, live_server, db):
    page.goto("/")
    header_border = page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomWidth")
    assert header_border == "4px"
    assert page.request.get("/static/tnl/site.js").status == 200


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, live_server, db):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_an_organiser_fixes_a_date_error_by_keyboard_without_losing_input(page, live_server, organiser, edition):
    log_in(page, live_server, organiser)
    page.goto("/organisation/editions/2026/dates/")
    page.fill("#id_ceremony_on", "2020-01-01")
    page.get_by_role("button", name="Enregistrer les dates").press("Enter")
    summary = page.locator("#error-summary")
    assert "La cérémonie ne peut pas avoir lieu avant" in summary.inner_text()
    assert page.input_value("#id_ceremony_on") == "2020-01-01"
    assert page.locator("#id_ceremony_on").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    screenshot(page, "edition-dates-error")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_registry_pages_have_no_axe_violation(page, live_server, organiser, registry, language):
    log_in(page, live_server, organiser)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for name, url in [
        ("registry-search", "/territoires/?q=nancy"),
        ("registry-empty", "/territoires/?q=zzzz"),
        ("registry-commune", "/territoires/commune/54395/"),
        ("registry-epci", "/territoires/epci/245400676/"),
        ("registry-other-new", "/territoires/organismes/nouveau/"),
        ("registry-settings", "/territoires/commune/54395/parametres/"),
    ]:
        page.goto(url)
        assert axe_violations(page) == [], name
        screenshot(page, f"{name}-{language}")


def test_a_visitor_searches_the_registry_by_keyboard(page, live_server, registry):
    page.goto("/territoires/")
    page.locator("#id_q").fill("vandoeuvre")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    link = page.get_by_role("link", name="Vandœuvre-lès-Nancy")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vandœuvre-lès-Nancy (54)"
