"""The permission convention of tnl.core.permissions: named django-rules predicates that compose."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import UserFactory
from tnl.core.exceptions import NotAllowed
from tnl.core.permissions import RULES, get_object_or_404_for, has_perm, is_organiser, require, rule
from tnl.core.services import SYSTEM, ensure


@pytest.fixture
def declare():
    """Declare test permissions for one test only (the registry is shared by the whole process)."""
    names = []

    def _declare(name, predicate=None):
        names.append(name)
        return rule(name, predicate)

    yield _declare
    for name in names:
        RULES.pop(name, None)


@rules.predicate
def is_juror(user, obj):
    return user is not None and user.email in obj["jurors"]


@rules.predicate
def is_conflicted(user, obj):
    return user is not None and user.email in obj["conflicted"]


@rules.predicate
def owns(user, obj):
    return user is not None and obj is not None and obj["owner"] == user.email


def test_composed_predicates_decide_together(db, declare):
    declare("test.review", is_juror & ~is_conflicted)
    declare("test.see", is_organiser | owns)
    juror, conflicted, organiser, owner = (
        UserFactory(email="juror@example.org"),
        UserFactory(email="conflicted@example.org"),
        UserFactory(email="organiser@example.org", is_organiser=True),
        UserFactory(email="owner@example.org"),
    )
    dossier = {"jurors": {juror.email, conflicted.email}, "conflicted": {conflicted.email}, "owner": owner.email}

    assert [has_perm(user, "test.review", dossier) for user in (juror, conflicted, organiser, owner)] == [
        True,
        False,
        False,
        False,
    ]
    assert [has_perm(user, "test.see", dossier) for user in (juror, conflicted, organiser, owner)] == [
        False,
        False,
        True,
        True,
    ]


def test_a_decorated_function_is_a_predicate_that_composes(db, declare):
    @declare("test.decorated")
    def can_do(user, obj):
        return obj == "yes"

    assert (has_perm(None, "test.decorated", "yes"), has_perm(None, "test.decorated", "no")) == (True, False)
    declare("test.composed", can_do | is_organiser)
    assert has_perm(UserFactory(is_organiser=True), "test.composed", "no") is True


def test_anonymous_inactive_and_system_actors_reach_predicates_as_none(db, declare):
    seen = []

    @declare("test.spy")
    def spy(user, obj):
        seen.append(user)
        return True

    active, inactive = UserFactory(), UserFactory(is_active=False)
    for user in (None, AnonymousUser(), inactive, SYSTEM, active):
        has_perm(user, "test.spy")
    assert seen == [None, None, None, None, active]


def test_a_permission_declared_twice_raises(declare):
    declare("test.once", is_organiser)
    with pytest.raises(ValueError, match="'test.once' is declared twice"):
        rule("test.once", is_organiser)


def test_an_unknown_permission_raises_key_error_not_false(db):
    with pytest.raises(KeyError, match="unknown permission 'test.typo'"):
        has_perm(UserFactory(is_organiser=True), "test.typo")


def test_require_and_get_object_answer_404_to_who_may_not(db, declare):
    from tnl.accounts.models import User

    declare("test.organisers", is_organiser)
    organiser, outsider = UserFactory(is_organiser=True), UserFactory()

    require(organiser, "test.organisers")
    with pytest.raises(NotAllowed):
        require(outsider, "test.organisers")
    assert get_object_or_404_for(organiser, "test.organisers", User.objects.all(), pk=outsider.pk) == outsider
    with pytest.raises(NotAllowed):
        get_object_or_404_for(outsider, "test.organisers", User.objects.all(), pk=outsider.pk)


def test_ensure_decides_on_the_object_it_is_given_and_names_what_was_refused(db, declare):
    declare("test.own", owns)
    owner, other = UserFactory(), UserFactory()
    thing = {"owner": owner.email}

    ensure(owner, "test.own", thing)
    with pytest.raises(NotAllowed) as refused:
        ensure(other, "test.own", thing)
    # The permission's name travels with the refusal, for logs and tracebacks (never shown: 404).
    assert refused.value.args == ("test.own",)
    with pytest.raises(NotAllowed) as refused:
        require(other, "test.own", thing)
    assert refused.value.args == ("test.own",)


def test_the_can_tag_asks_the_same_rules(db, declare):
    declare("test.organisers", is_organiser)
    template = Template('{% load tnl %}{% can "test.organisers" as allowed %}{{ allowed }}')
    request = RequestFactory().get("/")
    answers = []
    for user in (AnonymousUser(), UserFactory(), UserFactory(is_organiser=True)):
        request.user = user
        answers.append(template.render(Context({"request": request})))
    assert answers == ["False", "False", "True"]
