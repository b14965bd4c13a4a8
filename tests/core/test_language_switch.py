"""The language switch: a visitor's pages carry no CSRF token and set no cookie (so that nginx's
microcache can keep them, deploy/nginx.conf), a visitor switches without a token, and a logged-in
person's switch is CSRF-checked as every other form."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SWITCH = reverse("set_language")


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("url", ["/", "/laureats/", "/api/v1/editions"])
def test_a_visitor_s_page_sets_no_cookie_and_holds_no_token(strict, url):
    response = strict.get(url)
    assert response.status_code == 200
    assert list(response.cookies) == []
    assert b"csrfmiddlewaretoken" not in response.content


def test_a_visitor_switches_language_without_a_token(strict):
    response = strict.post(SWITCH, {"language": "en", "next": "/laureats/"})
    assert (response.status_code, response["Location"]) == (302, "/laureats/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in strict.get("/").content.decode()


def test_a_logged_in_person_s_page_holds_the_token(strict):
    strict.force_login(UserFactory())
    assert b'name="csrfmiddlewaretoken"' in strict.get("/").content


def test_a_logged_in_person_s_switch_without_the_token_is_refused(strict):
    strict.force_login(UserFactory())
    response = strict.post(SWITCH, {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_logged_in_person_s_switch_with_the_token_works(strict):
    strict.force_login(UserFactory())
    strict.get("/")  # sets the CSRF cookie, as a browser gets it with the page
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict.post(SWITCH, {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
