"""Every check of the calibration services, called directly: each test fails if its check goes."""

import re

import pytest

from tests import factories
from tests.jury.calibrating import move, read, seat, submitted_dossier
from tnl.core.audit import entries_for
from tnl.core.services import SYSTEM, NotAllowed, Refused
from tnl.editions.enums import JuryRole, Phase
from tnl.jury import calibration_services as services
from tnl.jury.models import MAX_TEXT_LENGTH, Assignment, CalibrationSample, QuestionNote, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_submitted(edition, vandoeuvre):
    return submitted_dossier(edition, body=vandoeuvre)


def calibration_of(dossier):
    return sorted(
        a.member.user.email
        for a in Assignment.objects.filter(dossier=dossier, calibration=True).select_related("member__user")
    )


# add_calibration_sample ------------------------------------------------------------------------


def test_adding_a_sample_gives_it_to_every_juror_who_is_not_conflicted(
    organiser, edition, submitted, juror, second_juror, conflicted_juror, declared_juror, expert
):
    sample, result = services.add_calibration_sample(organiser, edition, submitted)
    assert calibration_of(submitted) == ["jeanne@example.org", "jure@example.org"]
    assert sorted((item.member.user.email, item.dossier, item.reason) for item in result.skipped) == [
        ("conflit@example.org", submitted, "Agit pour Métropole du Grand Nancy, qui contient Nancy"),
        ("declare@example.org", submitted, "Conflit déclaré : Ancienne agente de la ville"),
    ]
    assert Assignment.objects.get(dossier=submitted, member=seat(juror, edition)).assigned_by == organiser
    entry = entries_for(edition).get(action="calibration_sample.added")
    assert (entry.actor, entry.summary, entry.data["dossier"]) == (organiser, "Nancy (54)", submitted.pk)
    assert sorted(entry.data["assigned"]) == sorted([seat(juror, edition).pk, seat(second_juror, edition).pk])
    assert entry.data["skipped"] == {
        str(seat(conflicted_juror, edition).pk): "Agit pour Métropole du Grand Nancy, qui contient Nancy",
        str(seat(declared_juror, edition).pk): "Conflit déclaré : Ancienne agente de la ville",
    }
    assert list(CalibrationSample.objects.values_list("edition", "dossier")) == [(edition.pk, submitted.pk)]
    assert sample.dossier == submitted


@pytest.mark.parametrize("role", ["juror", "expert", "outsider", "elected"])
def test_only_organisers_add_a_sample(role, user_for, edition, submitted, juror, expert):
    with pytest.raises(NotAllowed):
        services.add_calibration_sample(user_for(role), edition, submitted)
    with pytest.raises(NotAllowed):
        services.add_calibration_sample(None, edition, submitted)
    assert not CalibrationSample.objects.exists()


def test_the_system_may_add_a_sample(edition, submitted, juror):
    services.add_calibration_sample(SYSTEM, edition, submitted)
    assert calibration_of(submitted) == ["jure@example.org"]
    assert Assignment.objects.get(dossier=submitted).assigned_by is None


def test_the_jurors_of_another_edition_get_no_sample(organiser, edition, submitted, juror):
    other = factories.EditionFactory(year=edition.year + 1, actor=organiser, referential=None)
    factories.JuryMemberFactory(edition=other, user__email="ailleurs@example.org")
    services.add_calibration_sample(organiser, edition, submitted)
    assert calibration_of(submitted) == ["jure@example.org"]


def test_a_dossier_of_another_edition_is_refused(organiser, edition, submitted, default_referential):
    other = factories.EditionFactory(year=edition.year + 1, actor=organiser, referential=None)
    with pytest.raises(Refused, match="Le dossier de Nancy \\(54\\) appartient à une autre édition."):
        services.add_calibration_sample(organiser, other, submitted)


def test_a_draft_dossier_is_refused(organiser, edition, dossier):
    with pytest.raises(Refused, match="Le dossier de Nancy \\(54\\) n’est pas déposé : seul un dossier déposé"):
        services.add_calibration_sample(organiser, edition, dossier)
    assert not CalibrationSample.objects.exists()


def test_a_sample_is_added_while_applications_are_closed(organiser, edition, submitted):
    services.add_calibration_sample(organiser, move(edition, Phase.CLOSED), submitted)
    assert CalibrationSample.objects.count() == 1


@pytest.mark.parametrize("phase", [Phase.REVIEW, Phase.DELIBERATION])
def test_no_sample_is_added_once_reviews_are_open(phase, organiser, edition, submitted):
    move(edition, phase)
    message = f"Les dossiers de calibrage se choisissent avant l’ouverture de l’examen ; l’édition est dans la phase : {phase.label}."
    with pytest.raises(Refused, match=re.escape(message)):
        services.add_calibration_sample(organiser, edition, submitted)
    assert not CalibrationSample.objects.exists()


def test_a_dossier_is_a_sample_once(organiser, edition, submitted):
    services.add_calibration_sample(organiser, edition, submitted)
    with pytest.raises(Refused, match="Le dossier de Nancy \\(54\\) est déjà un dossier de calibrage\\."):
        services.add_calibration_sample(organiser, edition, submitted)


def test_an_edition_has_three_samples_at_most(organiser, edition, submitted, other_submitted):
    services.add_calibration_sample(organiser, edition, submitted)
    services.add_calibration_sample(organiser, edition, other_submitted)
    services.add_calibration_sample(organiser, edition, submitted_dossier(edition, "Laxou"))
    with pytest.raises(Refused, match="Il y a déjà 3 dossiers de calibrage"):
        services.add_calibration_sample(organiser, edition, submitted_dossier(edition, "Maxéville"))
    assert CalibrationSample.objects.count() == 3


# sync_calibration -------------------------------------------------------------------------------


def test_a_juror_added_later_gets_the_samples(organiser, edition, submitted, other_submitted, juror, expert):
    services.add_calibration_sample(organiser, edition, submitted)
    services.add_calibration_sample(organiser, edition, other_submitted)
    late = factories.JuryMemberFactory(edition=edition, user__email="tard@example.org").user
    factories.JuryMemberFactory(edition=edition, role=JuryRole.EXPERT, user__email="avis@example.org")
    result = services.sync_calibration(organiser, edition)
    assert sorted((a.member.user.email, a.dossier_id) for a in result.created) == [
        ("tard@example.org", submitted.pk),
        ("tard@example.org", other_submitted.pk),
    ]
    assert calibration_of(submitted) == ["jure@example.org", "tard@example.org"]
    entry = entries_for(edition).get(action="calibration_sample.assigned")
    assert sorted(entry.data["assignments"]) == sorted(
        [[submitted.pk, seat(late, edition).pk], [other_submitted.pk, seat(late, edition).pk]]
    )
    assert services.sync_calibration(organiser, edition).created == []
    assert entries_for(edition).filter(action="calibration_sample.assigned").count() == 1


def test_sync_records_who_got_which_sample(organiser, edition, submitted, juror):
    services.add_calibration_sample(organiser, edition, submitted)
    late = factories.JuryMemberFactory(edition=edition, user__email="tard@example.org", user__full_name="Théo Tard")
    later = factories.JuryMemberFactory(edition=edition, user__email="tardif@example.org", user__full_name="Lou Tardif")
    move(edition, Phase.REVIEW)
    # Already assigned to review the dossier for real: the calibration review is another one.
    Assignment.objects.create(dossier=submitted, member=late, calibration=False)
    created = services.sync_calibration(organiser, edition).created
    assert sorted((a.member.user.email, a.dossier, a.calibration, a.assigned_by) for a in created) == [
        ("tard@example.org", submitted, True, organiser),
        ("tardif@example.org", submitted, True, organiser),
    ]
    entry = entries_for(edition).get(action="calibration_sample.assigned")
    assert (entry.actor, sorted(entry.summary.split(", ")), sorted(entry.data["assignments"])) == (
        organiser,
        ["Lou Tardif → Nancy (54)", "Théo Tard → Nancy (54)"],
        sorted([[submitted.pk, late.pk], [submitted.pk, later.pk]]),
    )


def test_sync_skips_a_conflicted_juror(organiser, edition, submitted):
    services.add_calibration_sample(organiser, edition, submitted)
    late = factories.JuryMemberFactory(edition=edition, user__email="tard@example.org")
    factories.MembershipFactory(user=late.user, territory=submitted.territory)
    result = services.sync_calibration(organiser, edition)
    assert (result.created, [(s.member, s.reason) for s in result.skipped]) == ([], [(late, "Agit pour Nancy")])


def test_sync_continues_during_the_review(organiser, edition, submitted):
    services.add_calibration_sample(organiser, edition, submitted)
    factories.JuryMemberFactory(edition=edition, user__email="tard@example.org")
    move(edition, Phase.REVIEW)
    assert len(services.sync_calibration(organiser, edition).created) == 1


def test_sync_stops_with_the_deliberation(organiser, edition, submitted):
    services.add_calibration_sample(organiser, edition, submitted)
    factories.JuryMemberFactory(edition=edition, user__email="tard@example.org")
    move(edition, Phase.DELIBERATION)
    assert services.sync_calibration(organiser, edition).created == []
    assert calibration_of(submitted) == []


@pytest.mark.parametrize("role", ["juror", "outsider"])
def test_only_organisers_hand_out_samples(role, user_for, organiser, edition, submitted, juror):
    services.add_calibration_sample(organiser, edition, submitted)
    factories.JuryMemberFactory(edition=edition, user__email="tard@example.org")
    with pytest.raises(NotAllowed):
        services.sync_calibration(user_for(role), edition)
    assert calibration_of(submitted) == ["jure@example.org"]


# remove_calibration_sample ----------------------------------------------------------------------


def test_removing_a_sample_deletes_its_calibration_reviews(organiser, edition, submitted, other_submitted, juror):
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    services.add_calibration_sample(organiser, edition, other_submitted)
    read(juror, submitted, {"INT-01": 3})
    read(juror, other_submitted, {"INT-01": 3})
    assert services.reviews_started(sample) == 1
    services.remove_calibration_sample(organiser, sample)
    assert list(CalibrationSample.objects.values_list("dossier", flat=True)) == [other_submitted.pk]
    assert calibration_of(submitted) == []
    assert Review.objects.filter(assignment__dossier=submitted).count() == 0
    assert Review.objects.filter(assignment__dossier=other_submitted).count() == 1
    entry = entries_for(edition).get(action="calibration_sample.removed")
    assert (entry.actor, entry.summary, entry.data) == (
        organiser,
        "Nancy (54)",
        {"dossier": submitted.pk, "reviews": 1},
    )


def test_removing_keeps_the_real_assignments(organiser, edition, submitted, juror):
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    Assignment.objects.create(dossier=submitted, member=seat(juror, edition), calibration=False)
    services.remove_calibration_sample(organiser, sample)
    assert Assignment.objects.filter(dossier=submitted, calibration=False).count() == 1


def test_only_calibration_reviews_are_counted_and_deleted(organiser, edition, submitted, juror, second_juror):
    # The review phase started (a real review of the sample was begun), then the organiser moved
    # the jury date back: the edition is closed again and the sample may be removed.
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    read(juror, submitted, {"INT-01": 3})
    move(edition, Phase.REVIEW)
    real = Assignment.objects.create(dossier=submitted, member=seat(second_juror, edition), calibration=False)
    Review.objects.create(assignment=real)
    move(edition, Phase.CLOSED)
    assert services.reviews_started(sample) == 1
    services.remove_calibration_sample(organiser, CalibrationSample.objects.get(pk=sample.pk))
    assert list(Review.objects.values_list("assignment", flat=True)) == [real.pk]
    assert entries_for(edition).get(action="calibration_sample.removed").data["reviews"] == 1


@pytest.mark.parametrize("role", ["juror", "outsider"])
def test_only_organisers_remove_a_sample(role, user_for, organiser, edition, submitted, juror):
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    with pytest.raises(NotAllowed):
        services.remove_calibration_sample(user_for(role), sample)
    assert CalibrationSample.objects.count() == 1


def test_a_sample_is_removed_while_applications_are_closed(organiser, edition, submitted):
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    services.remove_calibration_sample(organiser, CalibrationSample.objects.get(pk=sample.pk))
    assert not CalibrationSample.objects.exists()
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    move(edition, Phase.CLOSED)
    services.remove_calibration_sample(organiser, CalibrationSample.objects.get(pk=sample.pk))
    assert not CalibrationSample.objects.exists()


def test_samples_stay_once_reviews_are_open(organiser, edition, submitted, juror):
    sample, _ = services.add_calibration_sample(organiser, edition, submitted)
    move(edition, Phase.REVIEW)
    with pytest.raises(Refused, match="ne changent plus une fois l’examen ouvert"):
        services.remove_calibration_sample(organiser, CalibrationSample.objects.get(pk=sample.pk))
    assert calibration_of(submitted) == ["jure@example.org"]


# save_question_note -----------------------------------------------------------------------------


def test_a_note_is_written_changed_and_deleted(organiser, edition):
    note = services.save_question_note(organiser, edition, "STR-01", "  Une délibération suffit.  ")
    assert (note.question, note.text, note.updated_by) == ("STR-01", "Une délibération suffit.", organiser)
    services.save_question_note(organiser, edition, "STR-01", "Une délibération suffit.")
    services.save_question_note(organiser, edition, "STR-01", "Une charte aussi.")
    assert list(QuestionNote.objects.values_list("question", "text")) == [("STR-01", "Une charte aussi.")]
    assert services.save_question_note(organiser, edition, "STR-01", " ") is None
    assert not QuestionNote.objects.exists()
    assert services.save_question_note(organiser, edition, "STR-01", "") is None
    assert [(e.action, e.summary, e.data) for e in entries_for(edition).order_by("id") if "note" in e.action] == [
        ("question_note.saved", "STR-01", {"question": "STR-01"}),
        ("question_note.saved", "STR-01", {"question": "STR-01"}),
        ("question_note.deleted", "STR-01", {"question": "STR-01"}),
    ]


def test_each_question_and_each_edition_has_its_own_note(organiser, edition, default_referential):
    later = factories.EditionFactory(year=edition.year + 1, referential=default_referential)
    QuestionNote.objects.create(edition=later, question="STR-01", text="Une autre année.")
    services.save_question_note(organiser, edition, "STR-01", "Une délibération suffit.")
    services.save_question_note(organiser, edition, "STR-02", "Un plan daté.")
    services.save_question_note(organiser, edition, "STR-02", "")
    assert sorted(QuestionNote.objects.values_list("edition__year", "question", "text")) == [
        (edition.year, "STR-01", "Une délibération suffit."),
        (edition.year + 1, "STR-01", "Une autre année."),
    ]


def test_a_note_on_an_unknown_question_is_refused(organiser, edition):
    with pytest.raises(Refused, match="Le référentiel de cette édition n’a pas de question XYZ-99."):
        services.save_question_note(organiser, edition, "XYZ-99", "Texte")
    assert not QuestionNote.objects.exists()


def test_a_note_has_a_length_limit(organiser, edition):
    services.save_question_note(organiser, edition, "STR-01", "a" * MAX_TEXT_LENGTH)
    with pytest.raises(Refused, match="La note sur STR-01 compte 10001 caractères"):
        services.save_question_note(organiser, edition, "STR-01", "b" * (MAX_TEXT_LENGTH + 1))
    assert QuestionNote.objects.get().text == "a" * MAX_TEXT_LENGTH


def test_notes_are_written_until_the_results_are_published(organiser, edition):
    move(edition, Phase.DELIBERATION)
    services.save_question_note(organiser, edition, "STR-01", "Lecture")
    move(edition, Phase.PUBLISHED)
    with pytest.raises(Refused, match="une fois les résultats publiés"):
        services.save_question_note(organiser, edition, "STR-01", "Autre lecture")
    assert QuestionNote.objects.get().text == "Lecture"


@pytest.mark.parametrize("role", ["juror", "expert", "outsider"])
def test_only_organisers_write_notes(role, user_for, edition, juror, expert):
    with pytest.raises(NotAllowed):
        services.save_question_note(user_for(role), edition, "STR-01", "Lecture")
    assert not QuestionNote.objects.exists()
