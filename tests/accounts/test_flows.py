"""Sign-up, e-mail verification, login by password and by code, password reset: the whole
flows through the pages, with the e-mails they send (Django's locmem outbox)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.html import Page, links_in
from tnl.accounts.models import User
from tnl.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


@pytest.fixture
def member(db):
    """An agent whose account and address are verified."""
    user = UserFactory(email="camille.martin@mairie-exemple.fr", full_name="Camille Martin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def logged_in_user(client):
    response = client.get(reverse("accounts:profile"))
    return response.wsgi_request.user if response.status_code == 200 else None


def error_summary(response):
    return Page(response).errors()[0]


def test_a_newcomer_signs_up_verifies_the_address_and_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "  Camille   Martin ",
            "email": "Camille.Martin@Mairie-Exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert Page(client.get(response["Location"])).texts("h1") == ["Check your e-mail"]

    user = User.objects.get()
    assert (user.email, user.full_name, user.language) == ("camille.martin@mairie-exemple.fr", "Camille Martin", "en")
    assert list(AuditEntry.objects.values_list("action", "summary")) == [
        ("user.created", "camille.martin@mairie-exemple.fr")
    ]
    assert logged_in_user(client) is None  # not before the address is verified

    (message,) = mail.outbox
    assert message.to == ["camille.martin@mairie-exemple.fr"]
    assert message.subject == "[Territoire Numérique Libre] Verify your e-mail address to finish creating your account"
    (link, site) = links_in(message)
    assert site == "http://127.0.0.1:8000"
    confirm_page = client.get(link)
    assert Page(confirm_page).texts("h1") == ["Confirm your e-mail address"]
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get().verified is True

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "camille.martin@mairie-exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in_user(client) == user


def test_following_the_link_logs_the_newcomer_in_and_the_home_page_shows_the_next_step(client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Camille Martin",
            "email": "camille@mairie-exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert logged_in_user(client) is None
    (link, _site) = links_in(mail.outbox[0])
    response = client.post(link)
    assert response.status_code == 302
    assert logged_in_user(client) == User.objects.get(email="camille@mairie-exemple.fr")  # no second login
    home = Page(client.get(response["Location"]))
    assert home.texts("h2")[0] == "Votre prochaine étape"
    assert "Trouver et rejoindre votre organisme" in home.main.text


def test_the_language_of_the_sign_up_page_becomes_the_account_s(client):
    client.cookies["django_language"] = "fr"
    client.post(
        reverse("account_signup"),
        {"full_name": "Sam Smith", "email": "sam@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get().language == "fr"
    (message,) = mail.outbox
    assert message.extra_headers == {"Content-Language": "fr"}


def test_the_sign_up_form_asks_the_full_name_first_and_explains_errors(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "", "email": "not-an-address", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.texts("label") == ["Full name", "E-mail address", "Password", "Password again"]
    assert error_summary(response) == [
        "Full name: This field is required.",
        "E-mail address: Enter a valid email address.",
        "Password: This password is too short. It must contain at least 10 characters.",
    ]
    assert page.field_value("email") == "not-an-address"
    assert User.objects.count() == 0


def test_a_wrong_password_gives_a_clear_error_and_keeps_the_address(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "not-the-password"})
    assert response.status_code == 200
    assert error_summary(response) == ["The email address and/or password you specified are not correct."]
    assert Page(response).field_value("login") == member.email
    assert Page(response).field_value("password") is None
    assert logged_in_user(client) is None


def test_the_login_page_offers_the_password_or_a_code(client):
    page = Page(client.get(reverse("account_login")))
    assert page.texts("h1") == ["Log in"]
    assert page.texts("h2") == ["With your password", "With a code sent by e-mail"]
    assert page.texts("label") == ["E-mail address", "Password", "Stay logged in on this device"]
    assert page.texts("a", class_="button") == ["Get a login code"]


def test_a_member_logs_in_with_a_code_sent_by_e_mail(client, member):
    response = client.post(reverse("account_request_login_code"), {"email": "Camille.Martin@mairie-exemple.fr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")

    (message,) = mail.outbox
    assert message.subject == "[Territoire Numérique Libre] Votre code de connexion"
    code = re.search(r"^([A-Z]{4}-[A-Z]{4})$", message.body, re.MULTILINE).group(1)

    page = Page(client.get(response["Location"]))
    assert page.texts("h1") == ["Type your login code"]
    assert page.texts("p", class_="lead") == [
        "We have sent a code to camille.martin@mairie-exemple.fr. It is valid for a few minutes."
    ]
    response = client.post(reverse("account_confirm_login_code"), {"code": code.lower()})
    assert response.status_code == 302
    assert logged_in_user(client) == member


def test_a_wrong_code_is_refused_with_a_clear_error(client, member):
    client.post(reverse("account_request_login_code"), {"email": member.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": "BCDF-GHJK"})
    assert response.status_code == 200
    assert error_summary(response) == ["Login code: Incorrect code."]
    assert logged_in_user(client) is None


def test_asking_a_code_for_an_unknown_address_reveals_nothing_on_the_page(client):
    response = client.post(reverse("account_request_login_code"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "[Territoire Numérique Libre] No account uses this e-mail address"


def test_a_member_resets_a_forgotten_password(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert Page(client.get(response["Location"])).texts("h1") == ["Check your e-mail"]

    (message,) = mail.outbox
    assert message.subject == "[Territoire Numérique Libre] Choisissez un nouveau mot de passe"
    link = links_in(message)[0]
    response = client.get(link)  # allauth moves the key out of the address, into the session
    assert response.status_code == 302
    form_url = response["Location"]
    assert Page(client.get(form_url)).texts("h1") == ["Choose a new password"]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert Page(client.get(response["Location"])).texts("h1") == ["Password changed"]
    assert [m.subject for m in mail.outbox[1:]] == [
        "[Territoire Numérique Libre] Votre mot de passe a été réinitialisé"
    ]

    assert client.login(email=member.email, password=PASSWORD) is False
    response = client.post(reverse("account_login"), {"login": member.email, "password": NEW_PASSWORD})
    assert logged_in_user(client) == member


def test_a_used_reset_link_says_it_no_longer_works(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = links_in(mail.outbox[0])[0]
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    page = Page(client.get(link, follow=True))
    assert page.texts("h1") == ["This link no longer works"]


def test_e_mails_go_out_in_the_language_of_the_recipient(client, member):
    member.language = "en"
    member.save()
    client.cookies["django_language"] = "fr"
    client.post(reverse("account_reset_password"), {"email": member.email})  # from a French page
    (message,) = mail.outbox
    assert message.extra_headers == {"Content-Language": "en"}
    assert message.subject == "[Territoire Numérique Libre] Choose a new password"
    assert message.body.startswith("Hello,\n\nSomeone, probably you, asked to reset the password of your account.")
    assert message.body.endswith("\n\nThe Territoire Numérique Libre team\nhttp://127.0.0.1:8000")


def test_logging_in_shows_the_site_in_the_person_s_language(client, member):
    assert member.language == "fr"
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "fr"


def test_a_member_changes_the_password_and_is_told_by_e_mail(client, member):
    client.force_login(member)
    page = Page(client.get(reverse("account_change_password")))
    assert page.texts("h1") == ["Change my password"]
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["[Territoire Numérique Libre] Votre mot de passe a été modifié"]
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_member_changes_the_e_mail_address_by_verifying_the_new_one(client, member):
    client.force_login(member)
    page = Page(client.get(reverse("account_email")))
    assert page.texts("h1") == ["My e-mail address"]
    assert page.facts() == {"Current address": "camille.martin@mairie-exemple.fr verified"}
    response = client.post(reverse("account_email"), {"action_add": "", "email": "c.martin@agglo-exemple.fr"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["c.martin@agglo-exemple.fr"]
    page = Page(client.get(reverse("account_email")))
    assert page.facts() == {
        "Current address": "camille.martin@mairie-exemple.fr verified",
        "Changing to": "c.martin@agglo-exemple.fr waiting for verification",
    }
    client.post(links_in(message)[0])
    member.refresh_from_db()
    assert member.email == "c.martin@agglo-exemple.fr"


def test_logging_out_asks_for_confirmation(client, member):
    client.force_login(member)
    page = Page(client.get(reverse("account_logout")))
    assert page.texts("h1") == ["Log out"]
    client.post(reverse("account_logout"))
    assert logged_in_user(client) is None


def test_someone_without_a_password_can_choose_one(client, member):
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    response = client.get(reverse("account_change_password"))
    assert response["Location"] == reverse("account_set_password")
    page = Page(client.get(reverse("account_set_password")))
    assert page.texts("h1") == ["Choose a password"]
    assert page.texts("label") == ["Password", "Password again"]
    response = client.post(reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert [m.subject for m in mail.outbox] == [
        "[Territoire Numérique Libre] Un mot de passe a été défini pour votre compte"
    ]
