"""Account forms refuse what the database cannot hold (allauth's e-mail fields accept 320
characters, the account's column 254) and unbounded passwords or codes."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.territories.page import Page
from tnl.accounts.models import User

pytestmark = pytest.mark.django_db


def error_summary(response):
    page = Page(response)
    return [item.text for item in next(page.main.find_all(id="error-summary")).find_all("li")]


def test_an_e_mail_address_longer_than_the_column_is_refused_at_sign_up(client):
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fr"  # 309 characters: allauth allows 320
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Camille Martin", "email": address, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        f"E-mail address: Ensure this value has at most 254 characters (it has {len(address)})."
    ]
    assert User.objects.count() == 0


def test_a_password_of_more_than_1000_characters_is_refused(client):
    password = "correct horse battery staple " * 40  # 1,160 characters
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Camille Martin", "email": "camille@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        f"Password: Ensure this value has at most 1000 characters (it has {len(password)}).",
        f"Password again: Ensure this value has at most 1000 characters (it has {len(password)}).",
    ]
    assert User.objects.count() == 0


def test_the_login_form_tells_browsers_the_limits(client):
    page = Page(client.get(reverse("account_login")))
    fields = {node.attrs["name"]: node.attrs.get("maxlength") for node in page.main.find_all("input")}
    assert (fields["login"], fields["password"]) == ("254", "1000")
