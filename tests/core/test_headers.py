"""Headers every page gets: the Content-Security-Policy (django-csp), `Cache-Control: private,
no-store` on whatever a logged-in person sees, and the language cookie's flags."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLICY = [
    "base-uri 'self'",
    "default-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
]


def directives(response):
    return sorted(response["Content-Security-Policy"].split("; "))


def test_every_page_gets_the_strict_policy(client):
    assert directives(client.get("/")) == POLICY
    assert directives(client.get(reverse("account_login"))) == POLICY
    assert directives(client.get("/no-such-page/")) == POLICY


def test_the_policy_covers_logged_in_pages_too(client):
    client.force_login(UserFactory())
    assert directives(client.get(reverse("accounts:profile"))) == POLICY


def test_the_admin_keeps_its_own_looser_defaults(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_public_pages_stay_cacheable_for_visitors(client):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/compte/", "/mes-organismes/", "/accounts/email/"])
def test_nothing_a_logged_in_person_sees_is_stored_by_a_cache(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_redirect_for_a_logged_in_person_is_private_too(client):
    client.force_login(UserFactory())
    response = client.get(reverse("account_login"))  # already logged in: sent on (allauth adds never_cache)
    assert response.status_code == 302
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_the_language_cookie_is_http_only_and_same_site_lax(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["samesite"], cookie["httponly"]) == ("en", "Lax", True)


def test_the_language_cookie_set_at_login_has_the_same_flags(client, settings):
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD

    settings.LANGUAGE_COOKIE_SECURE = True  # as in production (see test_settings)
    user = UserFactory(email="camille@example.org", language="en")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["samesite"], cookie["httponly"], cookie["secure"]) == ("en", "Lax", True, True)
