"""What every service shares: `ensure`, the SYSTEM actor, `NotAllowed` (404) and `Refused` (a message)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

from tests.conftest import DATA
from tests.factories import UserFactory
from tnl.core import audit
from tnl.core.exceptions import NotAllowed, Refused
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM, ensure
from tnl.referentials.models import Referential
from tnl.referentials.services import import_referential

MINI = (DATA / "mini-referential.yaml").read_bytes()


def test_ensure_lets_the_system_and_permission_holders_through(db):
    ensure(SYSTEM, "referentials.manage")
    ensure(UserFactory(is_organiser=True), "referentials.manage")


@pytest.mark.parametrize("actor", ["none", "outsider", "inactive organiser"])
def test_ensure_refuses_none_outsiders_and_inactive_people(db, actor):
    actor = {
        "none": None,
        "outsider": UserFactory(),
        "inactive organiser": UserFactory(is_organiser=True, is_active=False),
    }[actor]
    with pytest.raises(NotAllowed):
        ensure(actor, "referentials.manage")


def test_a_service_no_longer_skips_its_check_when_the_actor_is_none(db):
    with pytest.raises(NotAllowed):
        import_referential(None, MINI, "mini-referential.yaml")
    assert not Referential.objects.exists()


def test_a_service_run_by_the_system_is_logged_as_the_system(db):
    referential = import_referential(SYSTEM, MINI, "mini-referential.yaml")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == ("referential.imported", None, str(referential.pk))


def test_the_audit_log_refuses_to_guess_who_acted(db):
    user = UserFactory()
    with pytest.raises(TypeError, match="needs a user or SYSTEM"):
        audit.record(None, "user.profile_updated", user)
    assert not AuditEntry.objects.exists()
    audit.record(user, "user.profile_updated", user)
    assert AuditEntry.objects.get().actor == user


def test_not_allowed_is_answered_as_404_and_still_caught_as_permission_denied():
    response = response_for_exception(RequestFactory().get("/"), NotAllowed("test.action"))
    assert response.status_code == 404
    assert isinstance(NotAllowed(), PermissionDenied)


def test_refused_carries_its_message_and_is_a_validation_error():
    error = Refused("The edition is closed.")
    assert isinstance(error, ValidationError)
    assert error.messages == ["The edition is closed."]
    assert Refused({"role": "Not this role."}).message_dict == {"role": ["Not this role."]}


def test_the_system_actor_names_itself():
    assert (repr(SYSTEM), str(SYSTEM), SYSTEM.get_full_name()) == ("SYSTEM", "system", "system")
    assert (SYSTEM.pk, SYSTEM.is_authenticated, SYSTEM.is_active, SYSTEM.is_anonymous) == (None, False, False, False)
