"""The account services, called directly: which values they take, what they save and audit."""

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from tests.factories import UserFactory
from tnl.accounts import services
from tnl.accounts.models import User
from tnl.core.models import AuditEntry


def audit_of(user):
    return list(
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("actor", "action", "summary", "data")
    )


@pytest.mark.parametrize(
    "code, active, expected",
    [
        ("en", "fr", "en"),
        ("en-gb", "fr", "en"),
        ("fr-CA", "en", "fr"),
        ("EN", "fr", "en"),
        ("En-GB", "fr", "en"),
        ("xx", "en", "fr"),
        (None, "en", "en"),
        (None, "fr", "fr"),
    ],
)
def test_supported_language_reduces_a_code_to_the_site_languages(settings, code, active, expected):
    settings.LANGUAGE_CODE = "fr"
    with translation.override(active):
        assert services.supported_language(code) == expected


def test_an_unknown_language_is_refused_and_nothing_changes(outsider):
    with pytest.raises(ValueError, match="unknown language 'de'"):
        services.update_profile(outsider, "Oscar Autre", "de")
    outsider.refresh_from_db()
    assert (outsider.full_name, outsider.language, audit_of(outsider)) == ("Oscar Outsider", "fr", [])


def test_only_what_changed_is_saved_and_audited(outsider):
    services.update_profile(outsider, "Oscar Outsider", "en")
    services.update_profile(outsider, "Oscar Dehors", "en")
    services.update_profile(outsider, "Oscar Dehors", "en")
    outsider.refresh_from_db()
    assert (outsider.full_name, outsider.language) == ("Oscar Dehors", "en")
    assert audit_of(outsider) == [
        (outsider.pk, "user.profile_updated", "language", {"changes": {"language": ["fr", "en"]}}),
        (
            outsider.pk,
            "user.profile_updated",
            "full_name",
            {"changes": {"full_name": ["Oscar Outsider", "Oscar Dehors"]}},
        ),
    ]


def test_a_sign_up_is_audited(outsider):
    services.record_signup(outsider)
    assert audit_of(outsider) == [(outsider.pk, "user.created", outsider.email, {"via": "signup"})]


def test_a_provider_vouched_account_has_a_verified_address_and_no_password(db):
    with translation.override("en"):
        user = services.create_user_vouched_by_provider("agent@nancy.fr", "Ana Agent", "proconnect")
    user = User.objects.get(pk=user.pk)
    assert (user.email, user.full_name, user.language, user.has_usable_password()) == (
        "agent@nancy.fr",
        "Ana Agent",
        "en",
        False,
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("agent@nancy.fr", True, True)
    ]
    assert audit_of(user) == [(None, "user.created", "agent@nancy.fr", {"via": "proconnect"})]


@pytest.fixture
def person(db):
    return UserFactory(email="ana@nancy.fr", full_name="")


def test_a_new_vouched_address_is_added_verified_and_primary_when_there_is_none(person):
    services.confirm_email_vouched_by_provider(person, "Ana@Nancy.FR", "Ana Agent", "proconnect")
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        ("ana@nancy.fr", True, True)
    ]
    assert audit_of(person) == [(None, "user.email_verified", "ana@nancy.fr", {"via": "proconnect"})]
    assert User.objects.get(pk=person.pk).full_name == "Ana Agent"


def test_a_second_vouched_address_is_not_primary(person):
    EmailAddress.objects.create(user=person, email="ana@nancy.fr", verified=True, primary=True)
    services.confirm_email_vouched_by_provider(person, "ana@grand-nancy.fr", "", "proconnect")
    assert list(
        EmailAddress.objects.filter(user=person).order_by("id").values_list("email", "verified", "primary")
    ) == [("ana@nancy.fr", True, True), ("ana@grand-nancy.fr", True, False)]
    assert User.objects.get(pk=person.pk).full_name == ""


def test_an_unverified_address_becomes_verified_once(person):
    EmailAddress.objects.create(user=person, email="ana@nancy.fr", verified=False, primary=True)
    services.confirm_email_vouched_by_provider(person, "ANA@nancy.fr", "Ana Agent", "proconnect")
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "Ana Agent", "proconnect")
    assert list(EmailAddress.objects.filter(user=person).values_list("verified", flat=True)) == [True]
    assert audit_of(person) == [(None, "user.email_verified", "ana@nancy.fr", {"via": "proconnect"})]


def test_a_name_already_given_is_kept(person):
    User.objects.filter(pk=person.pk).update(full_name="Ana")
    person.refresh_from_db()
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "Ana Agent", "proconnect")
    assert User.objects.get(pk=person.pk).full_name == "Ana"


def test_an_unverified_address_of_someone_else_stays_theirs(person):
    other = UserFactory(email="autre@nancy.fr")
    EmailAddress.objects.create(user=other, email="ana@nancy.fr", verified=False, primary=False)
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "", "proconnect")
    assert list(EmailAddress.objects.order_by("id").values_list("user__email", "email", "verified", "primary")) == [
        ("autre@nancy.fr", "ana@nancy.fr", False, False),
        ("ana@nancy.fr", "ana@nancy.fr", True, True),
    ]
    assert audit_of(other) == []


def test_the_primary_address_of_someone_else_does_not_count(person):
    other = UserFactory(email="autre@nancy.fr")
    EmailAddress.objects.create(user=other, email="autre@nancy.fr", verified=True, primary=True)
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "", "proconnect")
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        ("ana@nancy.fr", True, True)
    ]


def test_a_vouched_address_is_primary_when_the_others_are_not(person):
    EmailAddress.objects.create(user=person, email="ana@ancien.fr", verified=False, primary=False)
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "", "proconnect")
    assert list(
        EmailAddress.objects.filter(user=person).order_by("id").values_list("email", "verified", "primary")
    ) == [("ana@ancien.fr", False, False), ("ana@nancy.fr", True, True)]


def test_filling_in_the_name_writes_only_the_name(person):
    # The account changed since `person` was read: only the name is written over it.
    User.objects.filter(pk=person.pk).update(language="en", is_active=False)
    services.confirm_email_vouched_by_provider(person, "ana@nancy.fr", "Ana Agent", "proconnect")
    person = User.objects.get(pk=person.pk)
    assert (person.full_name, person.language, person.is_active) == ("Ana Agent", "en", False)
