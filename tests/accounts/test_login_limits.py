"""Login abuse: failed logins are counted in the database (every worker sees the same count), per
account and client address (behind the trusted proxies only), and the admin's login is the
platform's, with the same limits."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.territories.page import Page

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def member(db):
    user = UserFactory(email="camille.martin@mairie-exemple.fr", full_name="Camille Martin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db):
    user = UserFactory(email="sam.staff@example.org", full_name="Sam Staff", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def errors(response):
    page = Page(response)
    summary = list(page.main.find_all(id="error-summary"))
    return [item.text for item in summary[0].find_all("li")] if summary else []


def attempt(client, email, password, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def logged_in(client):
    return client.get(reverse("accounts:profile")).wsgi_request.user


# Counting per account and address ----------------------------------------------------------------


def test_five_wrong_passwords_block_that_address_for_that_account(client, member):
    for _ in range(5):
        assert errors(attempt(client, member.email, "wrong-password")) == [
            "The email address and/or password you specified are not correct."
        ]
    assert errors(attempt(client, member.email, "wrong-password")) == [TOO_MANY]
    # Even the right password is refused from there for a while.
    assert errors(attempt(client, member.email, PASSWORD)) == [TOO_MANY]
    assert not logged_in(client).is_authenticated


def test_a_stranger_s_wrong_passwords_do_not_lock_the_owner_out(client, member):
    for _ in range(6):
        attempt(client, member.email, "wrong-password", REMOTE_ADDR="203.0.113.66")
    assert errors(attempt(client, member.email, "wrong-password", REMOTE_ADDR="203.0.113.66")) == [TOO_MANY]

    response = attempt(client, member.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert logged_in(client) == member


def test_even_from_the_blocked_address_the_owner_logs_in_with_a_code(client, member):
    import re

    from django.core import mail

    for _ in range(5):
        attempt(client, member.email, "wrong-password")
    assert errors(attempt(client, member.email, PASSWORD)) == [TOO_MANY]

    response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response["Location"] == reverse("account_confirm_login_code")
    code = re.search(r"^([A-Z]{4}-[A-Z]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    assert client.post(reverse("account_confirm_login_code"), {"code": code}).status_code == 302
    assert logged_in(client) == member


def test_the_attempts_are_counted_in_the_database_that_every_worker_shares(client, member):
    for _ in range(5):
        attempt(client, member.email, "wrong-password")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM tnl_cache")
        keys = [row[0] for row in cursor.fetchall()]
    # allauth's counter of failed logins, keyed by the account (hashed) and the address.
    failed = [key for key in keys if ":login_failed:5/300" in key]
    assert len(failed) == 1
    # A second worker process has its own cache object on the same table: it sees the 5 attempts.
    other_worker = caches.create_connection("default")
    assert len(other_worker.get(failed[0].split(":", 2)[2])) == 5


# The client's address behind the reverse proxy ---------------------------------------------------


def test_behind_the_trusted_proxy_each_client_is_counted_on_its_own(client, member, settings):
    settings.TNL_TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    owner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        attempt(client, member.email, "wrong-password", **attacker)
    assert errors(attempt(client, member.email, "wrong-password", **attacker)) == [TOO_MANY]
    assert attempt(client, member.email, PASSWORD, **owner).status_code == 302
    assert logged_in(client) == member


def test_a_forged_forwarded_for_header_changes_nothing_when_the_sender_is_no_trusted_proxy(client, member, settings):
    settings.TNL_TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(5):
        attempt(
            client, member.email, "wrong-password", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}"
        )
    forged = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": "192.0.2.99"}
    assert errors(attempt(client, member.email, "wrong-password", **forged)) == [TOO_MANY]


def test_an_address_added_in_front_by_the_client_is_not_believed(client, member, settings):
    # nginx appends the real address: "forged, real". Only the part the proxy wrote counts.
    settings.TNL_TRUSTED_PROXIES = ["127.0.0.1"]
    for number in range(5):
        attempt(
            client,
            member.email,
            "wrong-password",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.66",
        )
    again = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.66"}
    assert errors(attempt(client, member.email, "wrong-password", **again)) == [TOO_MANY]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "", "127.0.0.1"),  # no header: the proxy itself
        ("127.0.0.1", "203.0.113.66", "203.0.113.66"),
        ("127.0.0.1", "203.0.113.66, 10.1.2.3", "203.0.113.66"),  # two trusted proxies in a row
        ("127.0.0.1", "not-an-address, 203.0.113.66", "203.0.113.66"),
        ("127.0.0.1", "203.0.113.66, not-an-address", "127.0.0.1"),  # garbled: stop at the proxy
        ("198.51.100.7", "203.0.113.66", "198.51.100.7"),  # not a trusted proxy: header ignored
        ("::1", "2001:db8::5", "::1"),  # IPv6 not listed
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies_only(rf, settings, remote, forwarded, expected):
    from tnl.accounts.adapters import client_ip

    settings.TNL_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# The admin's login -------------------------------------------------------------------------------


def test_the_admin_login_page_sends_to_the_platform_login_and_back(client, staff):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    response = client.post(response["Location"], {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert Page(client.get("/admin/")).texts("h1") == ["Site d’administration"]


def test_the_admin_login_form_itself_is_never_served(client, staff):
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not logged_in(client).is_authenticated


def test_admin_logins_have_the_platform_s_limits(client, staff):
    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    for _ in range(5):
        client.post(login_url, {"login": staff.email, "password": "wrong-password"})
    assert errors(client.post(login_url, {"login": staff.email, "password": "wrong-password"})) == [TOO_MANY]
    assert errors(client.post(login_url, {"login": staff.email, "password": PASSWORD})) == [TOO_MANY]


def test_the_admin_login_refuses_to_send_elsewhere(client):
    response = client.get("/admin/login/?next=https://evil.example.net/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_logged_in_person_who_is_not_staff_gets_a_404_not_a_loop(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/?next=/admin/").status_code == 404


def test_logged_in_staff_go_straight_to_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/login/?next=/admin/accounts/user/")["Location"] == "/admin/accounts/user/"
