"""E-mails go out one per recipient, each in the recipient's own language."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tnl.core.notifications import notify

pytestmark = pytest.mark.django_db

CONTEXT = {"body": "Nancy (54)", "invitation": None, "inviter": None, "role": "", "url": "https://label.example.org/x/"}


def subjects():
    return {message.to[0]: message.subject for message in mail.outbox}


def test_each_person_gets_the_e_mail_in_their_language_and_a_bare_address_in_the_sites(
    django_capture_on_commit_callbacks,
):
    english = UserFactory(email="en@example.org", language="en")
    french = UserFactory(email="fr@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify([english, french, "plain@example.org"], "invitation", CONTEXT)
    assert sent == ["en@example.org", "fr@example.org", "plain@example.org"]
    assert subjects() == {
        "en@example.org": "Invitation to act for Nancy (54)",
        "fr@example.org": "Invitation à agir pour Nancy (54)",
        "plain@example.org": "Invitation à agir pour Nancy (54)",
    }
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_a_given_language_is_used_for_everyone(django_capture_on_commit_callbacks):
    french = UserFactory(email="fr@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        notify([french, "plain@example.org"], "invitation", CONTEXT, language="en")
    assert set(subjects().values()) == {"Invitation to act for Nancy (54)"}


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(["plain@example.org"], "invitation", CONTEXT)
    assert (len(callbacks), mail.outbox) == (1, [])
