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


def test_demo_users_can_log_in_with_the_printed_password(db, client):
    call_command("load_demo")
    response = client.post("/accounts/login/", {"login": "organisation@demo.example.org", "password": demo.PASSWORD})
    assert response.status_code == 302
    assert client.get("/organisation/editions/").status_code == 200


def test_the_demo_draft_edition_shows_real_changes_on_the_diff_page(db, client):
    call_command("load_demo")
    client.force_login(User.objects.get(email="organisation@demo.example.org"))
    upcoming = Edition.objects.order_by("year").last()
    html = client.get(f"/organisation/editions/{upcoming.year}/referentiel/differences/").content.decode()
    assert "COM-11" in html
    assert "Niveau 2</strong> · Seuil global" in html
    assert "<dt>Avant</dt><dd>30</dd>" in html and "<dt>Après</dt><dd>32</dd>" in html
    assert "STR-01" in html


def test_the_demo_has_a_dossier_under_way_for_nancy(db):
    from tnl.dossiers.models import Dossier
    from tnl.dossiers.scoring import dossier_state

    call_command("load_demo")
    call_command("load_demo")
    dossier = Dossier.objects.get(edition__year=timezone.localdate().year)
    assert (dossier.territory.code, dossier.status) == ("54395", "draft")
    state = dossier_state(dossier)
    assert sorted(state.answers) == ["COM-01", "DON-02", "LOG-01", "LOG-03", "STR-01", "STR-02"]
    assert state.result.level == 1
