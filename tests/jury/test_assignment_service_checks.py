"""Each check of the membership, conflict and assignment services, called directly: deleting any
check (who, which phase, which state, which value) makes one of these tests fail."""

import pytest
from django.core import mail

from tests import factories
from tests.jury.assigning import actions, move_to_review, publish, review, seat_of, sent, start_deliberation
from tests.jury.calibrating import calibration_dossiers, read
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM, NotAllowed, Refused
from tnl.editions.enums import JuryRole
from tnl.editions.models import JuryMember
from tnl.jury import assignment_services as services
from tnl.jury import calibration_services
from tnl.jury.models import Assignment, Conflict, Review

pytestmark = pytest.mark.django_db


def message(info):
    return " ".join(info.value.messages)


# add_jury_member ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "juror", "elected"])
def test_only_organisers_add_jury_members(role, edition, user_for):
    with pytest.raises(NotAllowed):
        services.add_jury_member(user_for(role), edition, "outsider@example.org", JuryRole.JUROR)
    assert not JuryMember.objects.filter(user__email="outsider@example.org").exists()


def test_an_organiser_adds_an_existing_account_whatever_the_case_of_the_address(
    edition, organiser, outsider, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://label.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        member = services.add_jury_member(organiser, edition, " Outsider@Example.org ", JuryRole.EXPERT, " Adullact ")
    (message,) = mail.outbox
    year = edition.year
    assert (message.to, message.subject) == (
        ["outsider@example.org"],
        f"Vous faites partie du jury de Territoire Numérique Libre {year}",
    )
    assert message.body == (
        "Bonjour Oscar Outsider,\n\n"
        f"Les organisateurs ont ajouté votre compte au jury de l’édition {year} de Territoire Numérique Libre, "
        "comme expert invité.\n"
        "Avant l’attribution des dossiers, vérifiez vos conflits d’intérêts sur votre page du jury et déclarez les "
        "organismes avec lesquels vous avez un lien.\n\n"
        f"Votre page du jury: https://label.example.org/jury/{year}/\n\n"
    )
    assert (member.user, member.role, member.organisation) == (outsider, JuryRole.EXPERT, "Adullact")
    entry = AuditEntry.objects.get(action="jury_member.added")
    assert (entry.actor, entry.object_id, entry.data["role"]) == (organiser, str(member.pk), "expert")


def test_an_address_without_account_is_refused_saying_so(edition, organiser):
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, "nobody@example.org", JuryRole.JUROR)
    assert info.value.message_dict == {
        "email": [
            "Aucun compte n’utilise l’adresse nobody@example.org. Demandez à la personne de créer un compte "
            "avec cette adresse (« Créer un compte »), puis ajoutez-la."
        ]
    }


def test_an_empty_address_is_refused(edition, organiser):
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, "", JuryRole.JUROR)
    assert info.value.message_dict == {
        "email": [
            "Aucun compte n’utilise l’adresse . Demandez à la personne de créer un compte "
            "avec cette adresse (« Créer un compte »), puis ajoutez-la."
        ]
    }


def test_an_inactive_account_is_refused(edition, organiser, outsider):
    outsider.is_active = False
    outsider.save()
    with pytest.raises(Refused):
        services.add_jury_member(organiser, edition, outsider.email, JuryRole.JUROR)


def test_a_person_sits_once_per_edition(edition, organiser, juror):
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, juror.email, JuryRole.EXPERT)
    assert info.value.message_dict == {"email": ["Jules Juré fait déjà partie du jury de cette édition."]}


def test_an_unknown_role_is_refused(edition, organiser, outsider):
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, outsider.email, "president")
    assert info.value.message_dict == {"role": ["Choisissez juré ou expert invité."]}


def test_an_organisation_too_long_is_refused(edition, organiser, outsider):
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, outsider.email, JuryRole.JUROR, "x" * 201)
    assert info.value.message_dict == {"organisation": ["200 caractères au plus, s’il vous plaît."]}
    services.add_jury_member(organiser, edition, outsider.email, JuryRole.JUROR, "x" * 200)


def test_a_juror_added_gets_the_calibration_dossiers_an_expert_does_not(edition, organiser, submitted, outsider):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    expert = factories.UserFactory(email="avis@example.org")
    services.add_jury_member(organiser, edition, expert.email, JuryRole.EXPERT)
    services.add_jury_member(organiser, edition, outsider.email, JuryRole.JUROR)
    assert calibration_dossiers(outsider, edition) == ["Nancy"]
    assert calibration_dossiers(expert, edition) == []


def test_a_juror_of_another_edition_joins_this_jury_beside_its_members(edition, organiser, juror):
    other = factories.EditionFactory(year=edition.year + 1)
    factories.JuryMemberFactory(edition=other)
    member = services.add_jury_member(organiser, other, juror.email, JuryRole.EXPERT)
    assert (member.edition, member.user, member.role, member.organisation) == (other, juror, JuryRole.EXPERT, "")
    entry = AuditEntry.objects.get(action="jury_member.added")
    assert (entry.actor, entry.object_id, entry.summary, entry.data) == (
        organiser,
        str(member.pk),
        "jure@example.org as expert",
        {"email": "jure@example.org", "role": "expert", "year": other.year},
    )


def test_the_jury_of_a_published_edition_no_longer_changes(edition, organiser, outsider, juror):
    publish(edition)
    with pytest.raises(Refused) as info:
        services.add_jury_member(organiser, edition, outsider.email, JuryRole.JUROR)
    assert message(info) == f"Les résultats de l’édition {edition.year} sont publiés : son jury ne change plus."
    with pytest.raises(Refused):
        services.remove_jury_member(organiser, seat_of(juror, edition))
    with pytest.raises(Refused):
        services.update_jury_settings(organiser, edition, 3, True)


# remove_jury_member -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "juror", "second_juror"])
def test_only_organisers_remove_jury_members(role, edition, juror, user_for):
    with pytest.raises(NotAllowed):
        services.remove_jury_member(user_for(role), seat_of(juror, edition))
    assert JuryMember.objects.filter(user=juror).exists()


def test_a_member_with_a_review_in_progress_is_removed_with_it(organiser, assignment, juror, review_edition):
    review(assignment)
    services.remove_jury_member(organiser, assignment.member)
    assert not JuryMember.objects.filter(user=juror).exists()
    assert not Review.objects.exists() and not Assignment.objects.exists()
    entry = AuditEntry.objects.get(action="jury_member.removed")
    assert entry.data["dossiers"] == [assignment.dossier_id]


def test_removing_a_member_records_who_left_and_their_dossiers(organiser, review_edition, submitted, juror):
    seat = seat_of(juror, review_edition)
    # Numbered apart from its dossier, so that the entry tells the dossier from the assignment.
    Assignment.objects.create(pk=submitted.pk + 10, dossier=submitted, member=seat)
    seat_pk = seat.pk
    services.remove_jury_member(organiser, seat)
    entry = AuditEntry.objects.get(action="jury_member.removed")
    assert (entry.actor, entry.object_id, entry.summary, entry.data) == (
        organiser,
        str(seat_pk),
        "jure@example.org",
        {"email": "jure@example.org", "role": "juror", "year": review_edition.year, "dossiers": [submitted.pk]},
    )


def test_a_member_who_submitted_a_review_stays(organiser, assignment, juror):
    review(assignment, submitted=True)
    with pytest.raises(Refused) as info:
        services.remove_jury_member(organiser, assignment.member)
    assert message(info) == "Jules Juré a déjà déposé une évaluation : cette personne reste dans le jury."
    assert JuryMember.objects.filter(user=juror).exists()


# declare_conflict / withdraw_conflict -------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "second_juror", "elected", "expert"])
def test_others_may_not_declare_a_conflict_for_a_juror(role, edition, juror, nancy, user_for):
    with pytest.raises(NotAllowed):
        services.declare_conflict(user_for(role), seat_of(juror, edition), nancy, "")
    assert not Conflict.objects.exists()


@pytest.mark.parametrize("role", ["juror", "organiser"])
def test_the_juror_or_an_organiser_declares_a_conflict(role, edition, juror, nancy, user_for):
    conflict, removed = services.declare_conflict(user_for(role), seat_of(juror, edition), nancy, " Voisin ")
    assert (conflict.territory, conflict.reason, conflict.declared_by, removed) == (nancy, "Voisin", user_for(role), [])
    assert actions() == ["conflict.declared"]


def test_the_system_declares_without_a_person(edition, juror, nancy):
    conflict, _removed = services.declare_conflict(SYSTEM, seat_of(juror, edition), nancy)
    assert (conflict.declared_by, conflict.reason) == (None, "")


def test_other_conflicts_do_not_stop_a_declaration(edition, juror, declared_juror, nancy, vandoeuvre):
    # Delphine's conflict with Nancy stops neither Jules's conflict with Nancy nor hers with Vandœuvre.
    services.declare_conflict(juror, seat_of(juror, edition), nancy)
    services.declare_conflict(declared_juror, seat_of(declared_juror, edition), vandoeuvre)
    assert sorted(Conflict.objects.values_list("member__user__email", "territory__name")) == [
        ("declare@example.org", "Nancy"),
        ("declare@example.org", "Vandœuvre-lès-Nancy"),
        ("jure@example.org", "Nancy"),
    ]


def test_a_conflict_is_declared_once(edition, declared_juror, nancy):
    with pytest.raises(Refused) as info:
        services.declare_conflict(declared_juror, seat_of(declared_juror, edition), nancy, "")
    assert message(info) == "Un conflit avec Nancy (54) est déjà déclaré."


def test_a_reason_too_long_is_refused(edition, juror, nancy):
    with pytest.raises(Refused) as info:
        services.declare_conflict(juror, seat_of(juror, edition), nancy, "x" * 301)
    assert info.value.message_dict == {"reason": ["300 caractères au plus, s’il vous plaît."]}
    services.declare_conflict(juror, seat_of(juror, edition), nancy, "x" * 300)


def test_declaring_a_conflict_takes_the_dossier_back(assignment, juror, nancy, review_edition):
    review(assignment)
    assignment_pk, member_pk, dossier_pk = assignment.pk, assignment.member_id, assignment.dossier_id
    conflict, removed = services.declare_conflict(juror, assignment.member, nancy, "Voisin")
    assert removed == [assignment.dossier]
    assert not Assignment.objects.exists()
    assert actions() == ["assignment.removed", "conflict.declared"]
    entries = AuditEntry.objects.filter(action__in=["assignment.removed", "conflict.declared"]).order_by("id")
    assert [(e.actor, e.action, e.object_id, e.summary, e.data) for e in entries] == [
        (
            juror,
            "assignment.removed",
            str(assignment_pk),
            "jure@example.org ≠ Nancy (54) (conflict)",
            {"dossier": dossier_pk, "member": member_pk, "because": "conflict"},
        ),
        (
            juror,
            "conflict.declared",
            str(conflict.pk),
            "jure@example.org ≠ Nancy (54)",
            {"member": member_pk, "territory": nancy.pk, "reason": "Voisin", "assignments_removed": [dossier_pk]},
        ),
    ]


def test_declaring_a_conflict_with_a_reviewed_dossier_is_refused(assignment, juror, nancy):
    review(assignment, submitted=True)
    with pytest.raises(Refused) as info:
        services.declare_conflict(juror, assignment.member, nancy, "")
    assert message(info) == (
        "Ce membre du jury a déjà déposé une évaluation du dossier de Nancy (54) : "
        "demandez à un organisateur de traiter ce conflit lors de la délibération."
    )
    assert Assignment.objects.exists() and not Conflict.objects.exists()


def test_declaring_a_conflict_with_another_body_keeps_the_assignment(assignment, juror, vandoeuvre):
    services.declare_conflict(juror, assignment.member, vandoeuvre, "")
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_declaring_keeps_the_assignments_of_other_members(assignment, second_juror, nancy, review_edition):
    services.declare_conflict(second_juror, seat_of(second_juror, review_edition), nancy, "")
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_conflicts_no_longer_change_once_published(edition, declared_juror, juror, nancy):
    conflict = Conflict.objects.get()
    publish(edition)
    with pytest.raises(Refused):
        services.declare_conflict(juror, seat_of(juror, edition), nancy, "")
    with pytest.raises(Refused):
        services.withdraw_conflict(declared_juror, conflict)


@pytest.mark.parametrize("role", ["outsider", "juror"])
def test_others_may_not_withdraw_a_conflict(role, declared_juror, user_for):
    with pytest.raises(NotAllowed):
        services.withdraw_conflict(user_for(role), Conflict.objects.get())
    assert Conflict.objects.exists()


@pytest.mark.parametrize("role", ["declared_juror", "organiser"])
def test_the_juror_or_an_organiser_withdraws_a_conflict(role, declared_juror, user_for):
    conflict = Conflict.objects.get()
    services.withdraw_conflict(user_for(role), conflict)
    assert not Conflict.objects.exists()
    assert actions() == ["conflict.withdrawn"]
    entry = AuditEntry.objects.get(action="conflict.withdrawn")
    assert (entry.actor, entry.summary, entry.data) == (
        user_for(role),
        "declare@example.org ≠ Nancy (54)",
        {"member": conflict.member_id, "territory": conflict.territory_id, "reason": "Ancienne agente de la ville"},
    )


# declare_conflict and calibration ----------------------------------------------------------------
# An unsubmitted calibration review goes; a submitted one stays (it served only the agreement) and
# does not stop the declaration.


def test_declaring_a_conflict_takes_back_the_unsubmitted_calibration_dossier(
    organiser, edition, submitted, juror, nancy
):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    read(juror, submitted)  # started, not submitted
    _conflict, removed = services.declare_conflict(juror, seat_of(juror, edition), nancy, "Voisin")
    assert removed == [submitted]
    assert calibration_dossiers(juror, edition) == []


def test_a_submitted_calibration_review_stays_and_does_not_stop_the_conflict(
    organiser, edition, submitted, juror, nancy
):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    read(juror, submitted, submitted=True)
    conflict, removed = services.declare_conflict(juror, seat_of(juror, edition), nancy, "Voisin")
    assert (conflict.territory, removed) == (nancy, [])
    assert calibration_dossiers(juror, edition) == ["Nancy"]


# update_jury_settings -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "juror"])
def test_only_organisers_change_the_jury_settings(role, edition, user_for):
    with pytest.raises(NotAllowed):
        services.update_jury_settings(user_for(role), edition, 3, False)


@pytest.mark.parametrize("number", [0, 16, "2", None])
def test_the_number_of_reviewers_is_between_1_and_15(number, edition, organiser):
    with pytest.raises(Refused) as info:
        services.update_jury_settings(organiser, edition, number, True)
    assert info.value.message_dict == {"reviewers_per_dossier": ["Indiquez un nombre d’évaluateurs entre 1 et 15."]}


@pytest.mark.parametrize("number", [1, 15])
def test_the_bounds_are_allowed(number, edition, organiser):
    assert services.update_jury_settings(organiser, edition, number, True).reviewers_per_dossier == number


def test_the_settings_change_with_their_audit_entry(edition, organiser):
    services.update_jury_settings(organiser, edition, 3, False)
    edition.refresh_from_db()
    assert (edition.reviewers_per_dossier, edition.reviews_hidden_until_submitted) == (3, False)
    entry = AuditEntry.objects.get(action="edition.jury_settings_changed")
    assert entry.data == {"changes": {"reviewers_per_dossier": [2, 3], "reviews_hidden_until_submitted": [True, False]}}
    assert entry.summary == "reviewers_per_dossier, reviews_hidden_until_submitted"


def test_saving_the_same_settings_writes_nothing(edition, organiser):
    services.update_jury_settings(organiser, edition, 2, True)
    assert not AuditEntry.objects.filter(action="edition.jury_settings_changed").exists()


# assign / unassign --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "juror", "expert"])
def test_only_organisers_assign_by_hand(role, review_edition, submitted, second_juror, expert, user_for):
    with pytest.raises(NotAllowed):
        services.assign(user_for(role), submitted, seat_of(second_juror, review_edition))
    assert not Assignment.objects.exists()


def test_an_organiser_assigns_a_juror_by_hand_who_gets_an_e_mail(
    organiser, review_edition, submitted, second_juror, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign(organiser, submitted, seat_of(second_juror, review_edition))
    assert (assignment.member.user, assignment.dossier, assignment.assigned_by) == (second_juror, submitted, organiser)
    year = review_edition.year
    assert sent() == [(["jeanne@example.org"], f"Territoire Numérique Libre {year} – un dossier à examiner")]
    assert actions() == ["assignment.created"]
    entry = AuditEntry.objects.get(action="assignment.created")
    assert (entry.actor, entry.object_id, entry.summary, entry.data) == (
        organiser,
        str(assignment.pk),
        "jeanne@example.org → Nancy (54)",
        {"dossier": submitted.pk, "member": assignment.member_id, "automatic": False},
    )


def test_a_calibration_dossier_is_assigned_for_review_too(organiser, review_edition, submitted, juror):
    seat = seat_of(juror, review_edition)
    Assignment.objects.create(dossier=submitted, member=seat, calibration=True)
    services.assign(organiser, submitted, seat)
    assert Assignment.objects.filter(dossier=submitted, member=seat, calibration=False).exists()


def test_an_expert_is_assigned_by_hand(organiser, review_edition, submitted, expert):
    assert services.assign(organiser, submitted, seat_of(expert, review_edition)).member.role == JuryRole.EXPERT


def test_a_conflicted_juror_is_refused_with_the_reason(
    organiser, review_edition, submitted, conflicted_juror, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused) as info:
        services.assign(organiser, submitted, seat_of(conflicted_juror, review_edition))
    assert message(info) == (
        "Corentin Conflit ne peut pas évaluer le dossier de Nancy (54) : "
        "Agit pour Métropole du Grand Nancy, qui contient Nancy."
    )
    assert not Assignment.objects.exists() and sent() == []


def test_a_member_of_another_edition_is_refused(organiser, review_edition, submitted):
    other = factories.JuryMemberFactory(edition=factories.EditionFactory(year=review_edition.year + 1))
    with pytest.raises(Refused) as info:
        services.assign(organiser, submitted, other)
    assert message(info) == f"{other.user} ne fait pas partie du jury de cette édition."


def test_other_assignments_do_not_stop_one(organiser, assignment, juror, second_juror, other_submitted, review_edition):
    # Jules already reviews Nancy: Jeanne may review it too, and Jules may review Vandœuvre.
    services.assign(organiser, assignment.dossier, seat_of(second_juror, review_edition))
    services.assign(organiser, other_submitted, assignment.member)
    assert sorted(Assignment.objects.values_list("dossier__territory__name", "member__user__email")) == [
        ("Nancy", "jeanne@example.org"),
        ("Nancy", "jure@example.org"),
        ("Vandœuvre-lès-Nancy", "jure@example.org"),
    ]


def test_a_dossier_is_assigned_once_to_a_member(organiser, assignment, submitted):
    with pytest.raises(Refused) as info:
        services.assign(organiser, submitted, assignment.member)
    assert message(info) == "Jules Juré évalue déjà ce dossier."


def test_a_draft_dossier_is_not_assigned(organiser, edition, submitted, second_juror, registry):
    draft = factories.DossierFactory(edition=edition)
    move_to_review(edition)
    draft.refresh_from_db()
    with pytest.raises(Refused) as info:
        services.assign(organiser, draft, seat_of(second_juror, edition))
    assert message(info) == "Seul un dossier déposé peut être attribué."


def test_nothing_is_assigned_while_applications_are_open(organiser, edition, submitted, second_juror):
    with pytest.raises(Refused) as info:
        services.assign(organiser, submitted, seat_of(second_juror, edition))
    assert message(info) == (
        "Les dossiers sont attribués une fois les candidatures closes et jusqu’au début de la délibération ; "
        f"l’édition {edition.year} est dans la phase « Ouverte aux candidatures »."
    )


def test_nothing_is_assigned_or_unassigned_in_the_deliberation(organiser, assignment, second_juror, review_edition):
    start_deliberation(review_edition)
    with pytest.raises(Refused):
        services.assign(organiser, assignment.dossier, seat_of(second_juror, review_edition))
    with pytest.raises(Refused):
        services.unassign(organiser, assignment)
    with pytest.raises(Refused):
        services.assign_reviewers(organiser, review_edition)


@pytest.mark.parametrize("role", ["outsider", "juror"])
def test_only_organisers_unassign(role, assignment, user_for):
    with pytest.raises(NotAllowed):
        services.unassign(user_for(role), assignment)
    assert Assignment.objects.exists()


def test_an_organiser_unassigns_a_review_in_progress(organiser, assignment):
    review(assignment)
    assignment_pk = assignment.pk
    services.unassign(organiser, assignment)
    assert not Assignment.objects.exists()
    assert actions() == ["assignment.removed"]
    entry = AuditEntry.objects.get(action="assignment.removed")
    assert (entry.actor, entry.object_id, entry.summary, entry.data) == (
        organiser,
        str(assignment_pk),
        "jure@example.org → Nancy (54)",
        {"dossier": assignment.dossier_id, "member": assignment.member_id},
    )


def test_the_review_another_member_submitted_does_not_keep_an_assignment(
    organiser, assignment, second_juror, review_edition
):
    review(Assignment.objects.create(dossier=assignment.dossier, member=seat_of(second_juror, review_edition)), True)
    services.unassign(organiser, assignment)
    assert list(Assignment.objects.values_list("member__user__email", flat=True)) == ["jeanne@example.org"]


def test_a_submitted_review_keeps_its_assignment(organiser, assignment):
    review(assignment, submitted=True)
    with pytest.raises(Refused) as info:
        services.unassign(organiser, assignment)
    assert message(info) == "Jules Juré a déjà déposé l’évaluation de ce dossier : l’attribution reste."


# assign_reviewers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "juror"])
def test_only_organisers_assign_automatically(role, review_edition, user_for):
    with pytest.raises(NotAllowed):
        services.assign_reviewers(user_for(role), review_edition)


@pytest.mark.parametrize("phase", ["draft", "open"])
def test_automatic_assignment_waits_for_applications_to_close(phase, organiser, default_referential, juror):
    edition = factories.EditionFactory(year=2031, open=phase == "open", referential=default_referential)
    with pytest.raises(Refused):
        services.assign_reviewers(organiser, edition)


def test_automatic_assignment_runs_once_applications_closed(organiser, default_referential):
    edition = factories.EditionFactory(year=2031, closed=True, referential=default_referential)
    assert services.assign_reviewers(organiser, edition).created == []


def test_automatic_assignment_gives_each_dossier_its_jurors_and_one_e_mail_each(
    organiser,
    review_edition,
    submitted,
    other_submitted,
    juror,
    second_juror,
    conflicted_juror,
    declared_juror,
    expert,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.assign_reviewers(organiser, review_edition)
    assigned = sorted(
        (a.dossier.territory.name, a.member.user.full_name) for a in Assignment.objects.select_related("member__user")
    )
    # Nancy (two possible jurors) is served first: not the conflicted nor the declared juror, never
    # the expert. Vandœuvre: the declared juror has no dossier yet, then the earliest seat of the two busy ones.
    assert assigned == [
        ("Nancy", "Jeanne Jurée"),
        ("Nancy", "Jules Juré"),
        ("Vandœuvre-lès-Nancy", "Delphine Déclarée"),
        ("Vandœuvre-lès-Nancy", "Jules Juré"),
    ]
    assert {a.assigned_by for a in Assignment.objects.all()} == {organiser}
    assert run.short == []
    year = review_edition.year
    assert sorted(sent()) == [
        (["declare@example.org"], f"Territoire Numérique Libre {year} – un dossier à examiner"),
        (["jeanne@example.org"], f"Territoire Numérique Libre {year} – un dossier à examiner"),
        (["jure@example.org"], f"Territoire Numérique Libre {year} – 2 dossiers à examiner"),
    ]
    assert actions() == ["assignment.created"] * 4


def test_automatic_assignment_keeps_what_exists_and_says_what_is_missing(
    organiser, assignment, review_edition, submitted, other_submitted, juror, conflicted_juror
):
    run = services.assign_reviewers(organiser, review_edition)
    assert [(a.dossier, a.member.user) for a in run.created] == [(other_submitted, juror)]
    assert [(dossier, missing) for dossier, missing in run.short] == [(submitted, 1), (other_submitted, 1)]
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert Assignment.objects.count() == 2


def test_each_juror_gets_one_e_mail_in_the_order_of_the_seats_and_each_assignment_its_entry(
    organiser, assignment, review_edition, juror, second_juror, django_capture_on_commit_callbacks
):
    # Jeanne gets the first new assignment (Nancy, where Jules already is), yet Jules's seat comes first.
    with django_capture_on_commit_callbacks(execute=True):
        run = services.assign_reviewers(organiser, review_edition)
    year = review_edition.year
    assert sent() == [
        (["jure@example.org"], f"Territoire Numérique Libre {year} – un dossier à examiner"),
        (["jeanne@example.org"], f"Territoire Numérique Libre {year} – 2 dossiers à examiner"),
    ]
    entries = AuditEntry.objects.filter(action="assignment.created").order_by("id")
    assert [(e.actor, e.object_id, e.summary, e.data) for e in entries] == [
        (
            organiser,
            str(created.pk),
            f"{created.member.user.email} → {created.dossier.territory.display_name}",
            {"dossier": created.dossier_id, "member": created.member_id, "automatic": True},
        )
        for created in run.created
    ]
    assert [(a.dossier.territory.name, a.member.user.email) for a in run.created] == [
        ("Nancy", "jeanne@example.org"),
        ("Vandœuvre-lès-Nancy", "jure@example.org"),
        ("Vandœuvre-lès-Nancy", "jeanne@example.org"),
    ]


def test_a_second_run_changes_nothing(organiser, review_edition, juror, second_juror, submitted, other_submitted):
    services.assign_reviewers(organiser, review_edition)
    assert services.assign_reviewers(organiser, review_edition).created == []
    assert Assignment.objects.count() == 4


def test_automatic_assignment_leaves_drafts_alone(organiser, edition, submitted, juror, second_juror, registry):
    draft = factories.DossierFactory(edition=edition)
    move_to_review(edition)
    services.assign_reviewers(organiser, edition)
    assert not Assignment.objects.filter(dossier=draft).exists()
    assert Assignment.objects.filter(dossier=submitted).count() == 2


def test_a_calibration_assignment_is_no_review_assignment(organiser, review_edition, submitted, juror):
    services.update_jury_settings(organiser, review_edition, 1, True)
    review_edition.refresh_from_db()
    Assignment.objects.create(dossier=submitted, member=seat_of(juror, review_edition), calibration=True)
    services.assign_reviewers(organiser, review_edition)
    assert Assignment.objects.filter(dossier=submitted, calibration=False).count() == 1


def test_the_e_mail_lists_the_new_dossiers_and_links_to_the_jury_page(
    organiser, review_edition, juror, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://label.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewers(organiser, review_edition)
    (message,) = mail.outbox
    year = review_edition.year
    assert message.body == (
        "Bonjour Jules Juré,\n\n"
        f"Les organisateurs de l’édition {year} vous ont attribué les dossiers de ces organismes à évaluer:\n\n"
        "- Nancy (54)\n- Vandœuvre-lès-Nancy (54)\n\n"
        "Si vous avez un lien avec l’un de ces organismes, déclarez le conflit d’intérêts depuis votre page du "
        "jury ; le dossier sera confié à un autre juré.\n\n"
        f"Votre page du jury: https://label.example.org/jury/{year}/\n\n"
    )


def test_the_e_mail_to_a_new_member_is_in_their_language(edition, organiser, django_capture_on_commit_callbacks):
    person = factories.UserFactory(email="reader@example.org", full_name="Rita Reader", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_jury_member(organiser, edition, person.email, JuryRole.JUROR)
    (message,) = mail.outbox
    assert message.subject == f"You are on the jury of Territoire Numérique Libre {edition.year}"
    assert f"the jury of the {edition.year} edition of Territoire Numérique Libre as juror." in message.body
