"""The account pages in headless Chromium: axe-core finds 0 violations in French and English,
and a person can log in with the keyboard alone."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-brand-new-passphrase-42"
LOG_OUT = {"fr": "Se déconnecter", "en": "Log out"}  # the header's button once logged in


@pytest.fixture(autouse=True)
def _fresh_rate_limits(transactional_db):
    """allauth counts attempts in the cache (e.g. 3 login codes a minute per address), a database
    table that flushing leaves alone: start clean."""
    cache.clear()


@pytest.fixture
def member(db):
    user = UserFactory(email="camille.martin@mairie-exemple.fr", full_name="Camille Martin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def set_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def check(page, name, language):
    assert page.locator("html").get_attribute("lang") == language, name
    assert axe_violations(page) == [], name
    screenshot(page, f"account-{name}-{language}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_entrance_pages_have_no_axe_violation(page, live_server, member, language):
    set_language(page, live_server, language)
    for name, url in [
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("login-code", "/accounts/login/code/"),
        ("password-reset", "/accounts/password/reset/"),
        ("verification-sent", "/accounts/confirm-email/"),
    ]:
        page.goto(url)
        check(page, name, language)

    # The same pages showing errors.
    page.goto("/accounts/login/")
    page.fill("#id_login", member.email)
    page.fill("#id_password", "not-the-password")
    page.locator("#id_password").press("Enter")
    page.wait_for_selector("#error-summary")
    check(page, "login-error", language)
    page.goto("/accounts/signup/")
    page.locator("form[action='/accounts/signup/'] button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    check(page, "signup-errors", language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_login_code_pages_have_no_axe_violation(page, live_server, member, language):
    set_language(page, live_server, language)
    page.goto("/accounts/login/code/")
    page.fill("#id_email", member.email)
    page.locator("#id_email").press("Enter")
    page.wait_for_url("**/accounts/login/code/confirm/")
    check(page, "login-code-confirm", language)
    page.fill("#id_code", "BCDF-GHJK")
    page.locator("#id_code").press("Enter")
    page.wait_for_selector("#error-summary")
    check(page, "login-code-wrong", language)

    code = re.search(r"^([A-Z]{4}-[A-Z]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    page.fill("#id_code", code)
    page.locator("#id_code").press("Enter")
    page.wait_for_url(live_server.url + "/")
    # Logged in, and the site now speaks the member's language (French) whatever the page's was.
    assert member.language == "fr"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("header").get_by_role("button", name=LOG_OUT["fr"]).count() == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_password_reset_pages_have_no_axe_violation(page, live_server, member, language):
    set_language(page, live_server, language)
    page.goto("/accounts/password/reset/")
    page.fill("#id_email", member.email)
    page.locator("#id_email").press("Enter")
    page.wait_for_url("**/accounts/password/reset/done/")
    check(page, "password-reset-done", language)

    link = re.findall(r"https?://\S+", mail.outbox[-1].body)[0]
    assert link.startswith(live_server.url)
    page.goto(link)
    page.wait_for_selector("#id_password1")
    check(page, "password-reset-from-key", language)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.locator("#id_password2").press("Enter")
    page.wait_for_url("**/accounts/password/reset/key/done/")
    check(page, "password-reset-from-key-done", language)

    page.goto(link)
    check(page, "password-reset-bad-link", language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_account_management_pages_have_no_axe_violation(page, live_server, member, language):
    log_in(page, live_server, member)
    set_language(page, live_server, language)
    for name, url in [
        ("profile", "/compte/"),
        ("email", "/accounts/email/"),
        ("password-change", "/accounts/password/change/"),
        ("logout", "/accounts/logout/"),
    ]:
        page.goto(url)
        check(page, name, language)
    page.goto("/compte/")
    page.fill("#id_full_name", "")
    page.locator("#id_full_name").press("Enter")
    page.wait_for_selector("#error-summary")
    check(page, "profile-error", language)


def test_a_person_logs_in_with_the_keyboard_alone(page, live_server, member):
    page.goto("/accounts/login/")
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        if focused[-1] == "id_login":
            break
    assert focused[-1] == "id_login"
    page.keyboard.type(member.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("header").get_by_role("button", name=LOG_OUT["fr"]).count() == 1


def test_the_error_summary_takes_the_focus_after_a_wrong_password(page, live_server, member):
    page.goto("/accounts/login/")
    page.fill("#id_login", member.email)
    page.fill("#id_password", "not-the-password")
    page.locator("#id_password").press("Enter")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#id_login") == member.email


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_login_page_with_an_identity_provider_has_no_axe_violation(page, live_server, settings, db, language):
    settings.TNL_OIDC_ENABLED = True
    settings.TNL_OIDC_PROVIDER_NAME = "ProConnect"
    set_language(page, live_server, language)
    page.goto("/accounts/login/")
    assert page.locator("#oidc-title ~ p a.button").get_attribute("href") == "/oidc/authenticate/"
    check(page, "login-with-provider", language)
