"""Login with an OpenID Connect provider (ProConnect-style), against a fake provider that
speaks the real protocol on a loopback port (tests/accounts/fake_oidc.py): RS256 id_token
checked against the JWKS, nonce, acr_values, userinfo as a signed JWT."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.html import Page
from tnl.accounts.models import User
from tnl.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PROCONNECT_CLAIMS = {
    "sub": "b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1",
    "email": "Claire.Dupont@Agglo-Exemple.fr",
    "given_name": "Claire",
    "usual_name": "Dupont",
    "uid": "1",
    "siret": "20004697700019",
}


def log_in_with_provider(client, next_url=None):
    """The browser's part of the flow: our site → the provider → back to our callback.
    Returns the callback's response."""
    url = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302
    authorize = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert authorize.status_code == 302
    callback = urlparse(authorize.headers["Location"])
    assert callback.netloc == "testserver"
    return client.get(callback.path, parse_qs(callback.query))


def logged_in_user(client):
    response = client.get(reverse("accounts:profile"))
    return response.wsgi_request.user if response.status_code == 200 else None


def messages_after(client, response):
    return [text for _level, text in Page(client.get(response["Location"])).messages()]


def test_a_new_agent_gets_an_account_with_the_provider_s_name_and_a_verified_address(client, oidc_enabled):
    oidc_enabled.claims = PROCONNECT_CLAIMS
    response = log_in_with_provider(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get()
    assert (user.email, user.full_name, user.language, user.has_usable_password()) == (
        "claire.dupont@agglo-exemple.fr",
        "Claire Dupont",
        "en",
        False,
    )
    address = EmailAddress.objects.get()
    assert (address.user, address.email, address.verified, address.primary) == (user, user.email, True, True)
    assert list(AuditEntry.objects.values_list("action", "summary", "data")) == [
        ("user.created", "claire.dupont@agglo-exemple.fr", {"via": "ProConnect"})
    ]
    assert messages_after(client, response) == ["You are logged in with ProConnect."]
    assert logged_in_user(client) == user


def test_the_request_carries_the_scopes_acr_values_and_a_nonce(client, oidc_enabled):
    oidc_enabled.claims = PROCONNECT_CLAIMS
    log_in_with_provider(client)
    (query,) = oidc_enabled.authorize_requests
    assert (query["scope"], query["acr_values"], query["redirect_uri"]) == (
        "openid email given_name usual_name",
        "eidas1",
        "http://testserver/oidc/callback/",
    )
    assert len(query["nonce"]) == 32
    (token_request,) = oidc_enabled.token_requests
    assert token_request["grant_type"] == "authorization_code"


def test_an_existing_account_is_matched_by_e_mail_whatever_the_case(client, oidc_enabled):
    existing = UserFactory(email="claire.dupont@agglo-exemple.fr", full_name="C. Dupont")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=False, primary=True)
    oidc_enabled.claims = PROCONNECT_CLAIMS

    response = log_in_with_provider(client, next_url="/compte/")

    assert response["Location"] == "/compte/"
    assert logged_in_user(client) == existing
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.full_name == "C. Dupont"  # the name chosen on the site stays
    assert EmailAddress.objects.get().verified is True
    assert list(AuditEntry.objects.values_list("action", "data")) == [("user.email_verified", {"via": "ProConnect"})]


def test_an_account_without_a_name_takes_the_provider_s(client, oidc_enabled):
    existing = UserFactory(email="claire.dupont@agglo-exemple.fr", full_name="")
    oidc_enabled.claims = {**PROCONNECT_CLAIMS, "usual_name": None, "family_name": "Durand"}
    log_in_with_provider(client)
    existing.refresh_from_db()
    assert existing.full_name == "Claire Durand"
    assert EmailAddress.objects.filter(user=existing, verified=True, primary=True).count() == 1


def test_no_e_mail_from_the_provider_means_no_account_and_a_clear_message(client, oidc_enabled):
    oidc_enabled.claims = {key: value for key, value in PROCONNECT_CLAIMS.items() if key != "email"}
    response = log_in_with_provider(client)
    assert response["Location"] == reverse("account_login")
    assert messages_after(client, response) == [
        "ProConnect did not give us your e-mail address, which we need to find or create your account. "
        "Please log in with your e-mail address instead."
    ]
    assert User.objects.count() == 0
    assert logged_in_user(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda provider: provider.id_token_overrides.update(nonce="another-nonce"), id="wrong-nonce"),
        pytest.param(lambda provider: setattr(provider, "sign_with_other_key", True), id="bad-signature"),
        pytest.param(lambda provider: provider.id_token_overrides.update(aud="another-client"), id="wrong-audience"),
        pytest.param(lambda provider: provider.id_token_overrides.update(exp=1), id="expired"),
    ],
)
def test_a_token_that_does_not_check_out_is_refused(client, oidc_enabled, tamper):
    oidc_enabled.claims = PROCONNECT_CLAIMS
    tamper(oidc_enabled)
    response = log_in_with_provider(client)
    assert response["Location"] == reverse("account_login")
    assert messages_after(client, response) == [
        "The login with ProConnect did not succeed. Please try again, or log in with your e-mail address."
    ]
    assert User.objects.count() == 0
    assert logged_in_user(client) is None


def test_a_replayed_callback_is_refused(client, oidc_enabled):
    oidc_enabled.claims = PROCONNECT_CLAIMS
    response = client.get(reverse("oidc_authentication_init"))
    callback = urlparse(requests.get(response["Location"], allow_redirects=False, timeout=5).headers["Location"])
    other_browser = type(client)()
    response = other_browser.get(callback.path, parse_qs(callback.query))
    assert response["Location"] == reverse("account_login")
    assert User.objects.count() == 0


def test_a_cancelled_login_at_the_provider_says_so(client, oidc_enabled):
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback"), {"error": "access_denied", "state": "x"})
    assert messages_after(client, response) == ["The login with ProConnect was cancelled."]


def test_an_unreachable_provider_says_so(client, oidc_enabled, settings):
    oidc_enabled.claims = PROCONNECT_CLAIMS
    settings.OIDC_OP_TOKEN_ENDPOINT = oidc_enabled.url + "/no-such-endpoint"
    response = log_in_with_provider(client)
    assert messages_after(client, response) == [
        "We could not reach ProConnect. Please try again in a moment, or log in with your e-mail address."
    ]


def test_the_login_and_sign_up_pages_offer_the_provider_when_enabled(client, oidc_enabled):
    for url in (reverse("account_login"), reverse("account_signup")):
        page = Page(client.get(url))
        assert page.texts("a", class_="button")[0] == "Log in with ProConnect", url
    page = Page(client.get(reverse("account_login") + "?next=/compte/"))
    assert next(page.main.find_all("a", class_="button")).attrs["href"] == "/oidc/authenticate/?next=%2Fcompte%2F"


def test_password_logins_still_work_when_enabled(client, oidc_enabled):
    user = UserFactory(email="agent@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert logged_in_user(client) == user


def test_when_disabled_the_oidc_pages_are_404_and_no_button_shows(client, settings):
    assert settings.TNL_OIDC_ENABLED is False
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
    for url in (reverse("account_login"), reverse("account_signup")):
        page = Page(client.get(url))
        assert "Log in with ProConnect" not in page.texts("a")
        assert list(page.main.find_all(id="oidc-title")) == []
