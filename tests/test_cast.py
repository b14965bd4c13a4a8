"""The cast of tests/conftest.py and the factories of tests/factories.py are what their docstrings say."""

from tests.factories import (
    ELECTED,
    CommuneFactory,
    DossierFactory,
    EditionFactory,
    EpciFactory,
    MembershipFactory,
    UserFactory,
)
from tnl.editions.enums import Phase
from tnl.territories.enums import MembershipStatus


def test_nancy_s_cast(nancy, elected, technical, contributor, member_of_other_body, juror, dossier):
    members = sorted(
        (m.user.email, m.user.full_name, m.role, m.status) for m in nancy.memberships.select_related("user")
    )
    assert members == [
        ("agent@nancy.fr", "Camille Contributrice", "contributor", "confirmed"),
        ("elue@nancy.fr", "Élise Élue", "elected_referent", "confirmed"),
        ("tech@nancy.fr", "Théo Technicien", "technical_referent", "confirmed"),
    ]
    assert (str(nancy), nancy.epci.code) == ("Nancy (54)", "245400676")
    assert [str(m.territory) for m in member_of_other_body.territory_memberships.all()] == ["Vandœuvre-lès-Nancy (54)"]
    assert (dossier.territory, dossier.created_by, dossier.edition.phase) == (nancy, elected, Phase.OPEN)
    assert list(dossier.edition.jury.values_list("user__email", "role")) == [("jure@example.org", "juror")]


def test_the_aliases_are_the_same_people(elected, referent, contributor, member, member_of_other_body, other_member):
    assert (referent, member, other_member) == (elected, contributor, member_of_other_body)


def test_people_sign_up_in_lower_case_with_the_test_password(db):
    from tests.factories import PASSWORD

    user = UserFactory(email="Paul@Nancy.FR")
    assert (user.email, user.check_password(PASSWORD), user.language) == ("paul@nancy.fr", True, "fr")
    assert (UserFactory(organiser=True).is_organiser, UserFactory(admin=True).is_superuser) == (True, True)


def test_factories_build_bodies_memberships_editions_and_dossiers(db):
    commune = CommuneFactory(name="Laxou", code="54304")
    assert (str(commune), commune.departement.name, commune.region.name) == (
        "Laxou (54)",
        "Meurthe-et-Moselle",
        "Grand Est",
    )
    assert EpciFactory().competences_missing == ["schools"]
    pending = MembershipFactory(territory=commune, pending=True)
    assert (pending.status, pending.confirmed_at) == (MembershipStatus.PENDING, None)
    assert EditionFactory(year=2030).phase == Phase.DRAFT
    closed = EditionFactory(year=2031, closed=True)
    assert (closed.phase, closed.referential.code) == (Phase.CLOSED, "tnl-2031")
    dossier = DossierFactory(territory=commune)
    assert dossier.created_by.territory_memberships.get().role == ELECTED
    assert dossier.edition.phase == Phase.OPEN
