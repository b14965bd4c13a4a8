from django.core.management import call_command
from django.utils import timezone

from tnl.accounts.models import User
from tnl.demo import loader as demo
from tnl.editions.enums import Phase
from tnl.editions.models import Edition, JuryMember
from tnl.referentials.models import Referential
from tnl.territories.models import Membership, Territory


def counts():
    return {
        "users": User.objects.count(),
        "editions": Edition.objects.count(),
        "referentials": Referential.objects.count(),
        "territories": Territory.objects.count(),
        "memberships": Membership.objects.count(),
        "jury": JuryMember.objects.count(),
    }


def test_the_demo_loads_one_login_per_role_and_a_second_run_duplicates_nothing(db, capsys):
    call_command("load_demo")
    first = counts()
    out = capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first
    assert len(demo.LOGINS) == 7
    # Three published ones (tests/demo/test_demo_history.py), last year's (the jury at work:
    # tests/demo/test_demo_jury.py), this year's, next year's.
    assert first["editions"] == 6
    assert first["referentials"] == 7  # the default, and one copy per edition
    for login in demo.LOGINS:
        assert login.email in out
        user = User.objects.get(email=login.email)
        assert user.check_password(demo.PASSWORD)
    assert f"Demo logins (password for all: {demo.PASSWORD})" in out

    year = timezone.localdate().year
    current, upcoming = Edition.objects.filter(year__gte=year).order_by("year")
    assert current.phase == Phase.OPEN
    assert upcoming.phase == Phase.DRAFT
    assert upcoming.referential.copied_from == current.referential
    assert User.objects.get(email="organisation@demo.example.org").is_organiser
    assert User.objects.get(email="admin@demo.example.org").is_superuser
    assert set(JuryMember.objects.filter(edition=current).values_list("user__email", "role")) == {
        ("jure@demo.example.org", "juror"),
        ("expert@demo.example.org", "expert"),
    }
    logins = [login.email for login in demo.LOGINS]
    memberships = Membership.objects.filter(user__email__in=logins)
    assert set(memberships.values_list("user__email", "territory__code", "role", "status")) == {
        ("elue@demo.example.org", "54395", "elected_referent", "confirmed"),
        ("technique@demo.example.org", "54395", "technical_referent", "confirmed"),
        ("jure.conflit@demo.example.org", "54430", "contributor", "confirmed"),
    }
