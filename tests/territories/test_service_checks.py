"""The checks of the registry services and what the membership services' refusals say, called
directly. Each refusal leaves nothing behind: no row, no audit entry."""

import pytest
from django.http import Http404
from django.utils import translation

from tests.deadline import finishes_within
from tnl.core.models import AuditEntry
from tnl.territories import membership_services
from tnl.territories.enums import Competence, Kind
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Membership, RegistryImport, Territory
from tnl.territories.services import create_other_body, import_registry, update_body_settings

from .conftest import ELECTED, TECHNICAL, make_membership, make_user


@pytest.fixture
def admin(db):
    return make_user("admin@example.org", "Ada Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def meuse(registry):
    return Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")


def audited():
    return AuditEntry.objects.count()


# import_registry -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "organiser", "referent"])
def test_only_a_platform_admin_imports_the_registry(request, registry, role):
    runs, entries = RegistryImport.objects.count(), audited()
    with pytest.raises(Http404):
        import_registry(EXTRACT_DIR, actor=request.getfixturevalue(role))
    assert (RegistryImport.objects.count(), audited()) == (runs, entries)


def test_an_admin_import_is_audited_under_their_name(registry, admin):
    run = import_registry(EXTRACT_DIR, actor=admin, only={Kind.REGION})
    assert run.kinds == ["region"]
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.data["counts"]["region"]["unchanged"]) == (
        admin,
        "registry.imported",
        5,
    )
    assert (run.source, entry.summary) == (
        str(EXTRACT_DIR),
        f"Registry imported from {EXTRACT_DIR}: region: 0 created, 0 updated, 0 deactivated",
    )


def test_an_import_summary_lists_each_kind_and_keeps_a_long_source_to_500_characters(registry, admin, tmp_path):
    import shutil

    source = tmp_path / ("a" * 200) / ("b" * 200) / ("c" * 150)
    shutil.copytree(EXTRACT_DIR, source)
    run = import_registry(source, actor=admin, only={Kind.REGION})
    assert (len(str(source)) > 500, run.source) == (True, str(source)[:500])
    import_registry(EXTRACT_DIR, actor=admin, only={Kind.REGION, Kind.DEPARTEMENT})
    assert AuditEntry.objects.latest("id").summary == (
        f"Registry imported from {EXTRACT_DIR}: "
        "region: 0 created, 0 updated, 0 deactivated; departement: 0 created, 0 updated, 0 deactivated"
    )


# create_other_body -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "referent"])
def test_only_organisers_add_other_bodies(request, meuse, role):
    bodies, entries = Territory.objects.count(), audited()
    with pytest.raises(Http404):
        create_other_body(request.getfixturevalue(role), name="SDIS", subkind="service", departement=meuse)
    assert (Territory.objects.count(), audited()) == (bodies, entries)


def test_another_body_gets_a_free_code_its_region_and_the_default_competences(organiser, meuse):
    with finishes_within(10):  # the search for a free code ends
        first = create_other_body(organiser, name=" Parc naturel ", subkind=" parc ", departement=meuse, population=12)
        second = create_other_body(organiser, name="Parc naturel", subkind="parc", departement=meuse)
    third = create_other_body(organiser, name="Parc naturel", subkind="parc", departement=None)
    nameless = create_other_body(organiser, name="«»", subkind="parc", departement=None)
    assert [b.code for b in (first, second, third, nameless)] == [
        "X-parc-naturel",
        "X-parc-naturel-2",
        "X-parc-naturel-3",
        "X-body",
    ]
    assert (first.name, first.subkind, first.population, first.region_id, third.region_id) == (
        "Parc naturel",
        "parc",
        12,
        meuse.region_id,
        None,
    )
    assert first.competences_missing == [Competence.SCHOOLS]
    # The slug is cut at 50 characters, without a dash left at the end.
    long = create_other_body(organiser, name="a" * 49 + " bcd", subkind="parc", departement=None)
    assert long.code == "X-" + "a" * 49
    entry = AuditEntry.objects.filter(action="territory.created").order_by("id").first()
    assert (entry.actor, entry.summary, entry.data["departement"], entry.data["code"]) == (
        organiser,
        "Added Parc naturel (parc)",
        "55",
        "X-parc-naturel",
    )


# update_body_settings --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "referent"])
def test_only_organisers_change_a_body_settings(request, nancy, role):
    entries = audited()
    with pytest.raises(Http404):
        update_body_settings(request.getfixturevalue(role), nancy, competences_missing=[], email_domains=["x.fr"])
    nancy.refresh_from_db()
    assert (nancy.email_domains, audited()) == ([], entries)


def test_settings_are_stored_clean_and_audited_once(organiser, nancy):
    competences = [Competence.SCHOOLS, "pools", Competence.SCHOOLS]
    update_body_settings(
        organiser, nancy, competences_missing=competences, email_domains=[" Mairie-Nancy.FR ", "", "mairie-nancy.fr"]
    )
    nancy.refresh_from_db()
    assert (nancy.competences_missing, nancy.email_domains) == (
        [Competence.SCHOOLS],
        ["mairie-nancy.fr"],
    )
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary, entry.data["after"]["email_domains"]) == (
        organiser,
        "territory.settings_changed",
        "Settings of Nancy (54) changed",
        ["mairie-nancy.fr"],
    )
    entries = audited()
    update_body_settings(organiser, nancy, competences_missing=competences, email_domains=["mairie-nancy.fr"])
    assert audited() == entries


# The names in a refusal ------------------------------------------------------------------------


def _last_referent_with_colleagues(nancy, count):
    leaving = make_user("elue@nancy.fr", "Élise Élue")
    make_membership(leaving, nancy, ELECTED)
    make_membership(make_user("tech@nancy.fr", "Théo Technicien"), nancy, TECHNICAL)
    for number in range(count - 1):
        make_membership(make_user(f"agent{number}@nancy.fr", f"Agent {number}"), nancy, "contributor")
    return Membership.objects.get(user=leaving)


@pytest.mark.parametrize(
    "count, people",
    [
        (5, "Agent 0, Agent 1, Agent 2, Agent 3, Théo Technicien"),
        (6, "Agent 0, Agent 1, Agent 2, Agent 3, Agent 4 and 1 other"),
        (7, "Agent 0, Agent 1, Agent 2, Agent 3, Agent 4 and 2 others"),
    ],
)
def test_a_refusal_names_five_people_at_most(nancy, count, people):
    membership = _last_referent_with_colleagues(nancy, count)
    entries = audited()
    with translation.override("en"), pytest.raises(Exception) as error:
        membership_services.leave_body(membership.user, membership)
    assert error.value.messages == [
        "You are the last elected referent of Nancy (54), and a body needs one to submit its application. "
        f"Before you leave, the role must go to another member: {people}. "
        "A referent or an organiser can give it on the members page."
    ]
    assert (Membership.objects.get(pk=membership.pk).status, audited()) == ("confirmed", entries)
