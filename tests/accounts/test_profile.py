"""The "My account" page (/compte/), one test per role, and `update_profile`."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.html import Page
from tnl.accounts import services
from tnl.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_page_is_at_compte():
    assert reverse("accounts:profile") == "/compte/"


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/compte/"


def test_a_visitor_cannot_post_to_it(client):
    response = client.post("/compte/", {"full_name": "Mallory", "language": "en"})
    assert response.status_code == 302
    assert AuditEntry.objects.count() == 0


def test_a_person_sees_their_own_details(login, outsider, organiser):
    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
    page = Page(login(outsider).get("/compte/"))
    assert page.texts("h1") == ["My account"]
    assert page.field_value("full_name") == "Oscar Outsider"
    assert page.field_value("language") == ["fr"]
    assert page.facts() == {"E-mail address": "outsider@example.org", "Password": "set"}
    assert page.texts("li") == ["Change my e-mail address", "Change my password"]


def test_an_unverified_address_and_no_password_are_said_in_words(login, outsider):
    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=False, primary=True)
    outsider.set_unusable_password()
    outsider.save()
    page = Page(login(outsider).get("/compte/"))
    assert page.facts() == {
        "E-mail address": "outsider@example.org waiting for verification",
        "Password": "none (login by code)",
    }
    assert page.texts("li") == ["Change my e-mail address", "Choose a password"]


def test_a_person_changes_their_name_and_language(login, outsider):
    client = login(outsider)
    response = client.post("/compte/", {"full_name": " Oscar  Dupont ", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert response.cookies["django_language"].value == "en"
    outsider.refresh_from_db()
    assert (outsider.full_name, outsider.language) == ("Oscar Dupont", "en")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id, entry.summary, entry.data) == (
        outsider,
        "user.profile_updated",
        str(outsider.pk),
        "full_name, language",
        {"changes": {"full_name": ["Oscar Outsider", "Oscar Dupont"], "language": ["fr", "en"]}},
    )
    page = Page(client.get("/compte/"))
    assert page.texts("p", class_="message") == ["Your details are saved."]


def test_an_empty_name_is_refused_and_nothing_changes(login, outsider):
    response = login(outsider).post("/compte/", {"full_name": "  ", "language": "xx"})
    assert response.status_code == 200
    page = Page(response)
    assert [li.text for li in next(page.main.find_all(id="error-summary")).find_all("li")] == [
        "Full name: This field is required.",
        "Language: Select a valid choice. xx is not one of the available choices.",
    ]
    outsider.refresh_from_db()
    assert outsider.full_name == "Oscar Outsider"
    assert AuditEntry.objects.count() == 0


def test_saving_unchanged_details_writes_no_audit_entry(outsider):
    services.update_profile(outsider, "Oscar Outsider", "fr")
    assert AuditEntry.objects.count() == 0


def test_update_profile_refuses_an_unknown_language(outsider):
    with pytest.raises(ValueError):
        services.update_profile(outsider, "Oscar", "de")
