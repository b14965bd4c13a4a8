"""Every check of decide_level, called directly: who (organisers only), which phase, which dossier,
which level, reason and mentions. Each refusal is asserted with its message (in English) and
leaves no decision and no audit entry. Then the table's reading functions, called directly: which
dossiers a person sees, in which order, and whose reviews stay hidden."""

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests import factories
from tests.jury.deliberating import (
    LEVEL_1,
    publish,
    seat_of,
    start_deliberation,
    submit_review,
)
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.models import Edition
from tnl.jury.deliberation_services import (
    decide_level,
    hidden_reviews,
    level_choices,
    level_label,
    mention_choices,
    visible_dossiers,
)
from tnl.jury.models import MAX_TEXT_LENGTH, Assignment, Decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def deliberating(review_edition, submitted, other_submitted, juror, second_juror, organiser):
    """Nancy proposed at level 0 (reviews 0 and 1), Vandœuvre at level 1 (two reviews at 1)."""
    submit_review(submitted, juror)
    submit_review(submitted, second_juror, LEVEL_1)
    submit_review(other_submitted, juror, LEVEL_1)
    submit_review(other_submitted, second_juror, LEVEL_1)
    return start_deliberation(review_edition, organiser)


def decision_entries():
    return list(
        AuditEntry.objects.filter(action__startswith="decision.").order_by("id").values_list("action", flat=True)
    )


def refused(call, message, field=None):
    """`call` is refused with `message` alone, on the form's `field` when given."""
    with pytest.raises(ValidationError) as caught:
        call()
    if field:
        assert caught.value.message_dict == {field: [message]}
    assert caught.value.messages == [message]
    assert not Decision.objects.exists()
    assert decision_entries() == []


# Who ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["juror", "second_juror", "conflicted_juror", "expert", "outsider", "elected"])
def test_only_organisers_decide(role, deliberating, other_submitted, user_for):
    with pytest.raises(PermissionDenied):
        decide_level(user_for(role), other_submitted, 1)
    assert not Decision.objects.exists()


def test_no_actor_is_refused(deliberating, other_submitted):
    with pytest.raises(PermissionDenied):
        decide_level(None, other_submitted, 1)


def test_the_system_may_decide(deliberating, other_submitted):
    decision = decide_level(SYSTEM, other_submitted, 1)
    assert decision.decided_by is None
    assert AuditEntry.objects.get(action="decision.recorded").actor is None


# Which phase ------------------------------------------------------------------------------------------


def test_not_before_the_deliberation(review_edition, other_submitted, organiser):
    refused(
        lambda: decide_level(organiser, other_submitted, 0),
        "Decisions are recorded during the deliberation; the edition is in the phase: Jury review. "
        "Start the deliberation from the edition's page first.",
    )


def test_not_once_published(deliberating, other_submitted, organiser):
    publish(deliberating)
    refused(
        lambda: decide_level(organiser, other_submitted, 1),
        "The results of this edition are published: its decisions can no longer change.",
    )


def test_not_once_archived(deliberating, other_submitted, organiser):
    Edition.objects.filter(pk=deliberating.pk).update(published_at=timezone.now(), archived_at=timezone.now())
    refused(
        lambda: decide_level(organiser, other_submitted, 1),
        "The results of this edition are published: its decisions can no longer change.",
    )


def test_the_phase_is_read_from_the_database_not_from_the_callers_object(deliberating, other_submitted, organiser):
    stale = Dossier.objects.select_related("edition").get(pk=other_submitted.pk)
    publish(deliberating)
    refused(
        lambda: decide_level(organiser, stale, 1),
        "The results of this edition are published: its decisions can no longer change.",
    )


# Which dossier ---------------------------------------------------------------------------------------


def test_not_a_dossier_being_written(deliberating, organiser, grand_nancy):
    draft = Dossier.objects.create(edition=deliberating, territory=grand_nancy)
    refused(
        lambda: decide_level(organiser, draft, 0),
        "Only a submitted dossier gets a decision; this one is being written.",
    )


# Which level, reason and mentions -----------------------------------------------------------------------


@pytest.mark.parametrize("level", [6, -1, "1", None, True, 1.0])
def test_the_level_is_zero_or_a_level_of_the_referential(level, deliberating, other_submitted, organiser):
    refused(
        lambda: decide_level(organiser, other_submitted, level, "Motif"),
        "Choose a level among: 0, 1, 2, 3, 4, 5.",
        "level",
    )


@pytest.mark.parametrize("level", [0, 5])
def test_no_level_and_the_top_level_are_accepted(level, deliberating, other_submitted, organiser):
    assert decide_level(organiser, other_submitted, level, "Motif").level == level


def test_a_level_other_than_the_proposed_one_needs_a_reason(deliberating, other_submitted, organiser):
    message = "The decided level (2) differs from the proposed level (1): write the reason for the difference."
    refused(lambda: decide_level(organiser, other_submitted, 2), message, "reason")
    refused(lambda: decide_level(organiser, other_submitted, 2, " \n "), message, "reason")


def test_the_proposed_level_needs_no_reason_and_is_kept_with_the_decision(
    deliberating, other_submitted, submitted, organiser
):
    assert (decide_level(organiser, other_submitted, 1).proposed_level, Decision.objects.get().reason) == (1, "")
    decision = decide_level(organiser, submitted, 1, "  Justificatifs vus en séance  ")
    assert (decision.level, decision.proposed_level, decision.reason) == (1, 0, "Justificatifs vus en séance")


def test_the_reason_has_a_length_limit(deliberating, other_submitted, organiser):
    refused(
        lambda: decide_level(organiser, other_submitted, 2, "x" * (MAX_TEXT_LENGTH + 1)),
        f"The reason is too long: at most {MAX_TEXT_LENGTH} characters.",
        "reason",
    )
    assert decide_level(organiser, other_submitted, 2, "x" * MAX_TEXT_LENGTH).level == 2


def test_an_unknown_mention_is_refused_naming_it(deliberating, other_submitted, organiser):
    refused(
        lambda: decide_level(organiser, other_submitted, 1, "", ["sobriety", "best-website"]),
        "Unknown special mention: best-website.",
        "mentions",
    )


def test_mentions_are_kept_once_in_the_referentials_order(deliberating, other_submitted, organiser):
    decision = decide_level(organiser, other_submitted, 1, "", ["sobriety", "first-application", "sobriety"])
    assert decision.mentions == ["first-application", "sobriety"]


# What it writes ---------------------------------------------------------------------------------------


def test_a_first_decision_is_recorded_and_a_new_one_changes_it(deliberating, other_submitted, organiser):
    decide_level(organiser, other_submitted, 1, "", ["promotion"], highlight="  Un portail   ouvert ")
    assert (Decision.objects.get().highlight, Decision.objects.get().decided_by) == (
        "Un portail ouvert",  # spaces folded
        organiser,
    )
    entry = AuditEntry.objects.get(action="decision.recorded")
    assert (entry.actor, entry.object_type, entry.object_id, entry.summary, entry.data) == (
        organiser,
        "jury.decision",
        str(Decision.objects.get().pk),
        "Vandœuvre-lès-Nancy: 1 (proposed 1)",
        {"dossier": other_submitted.pk, "level": 1, "proposed_level": 1, "mentions": ["promotion"]},
    )
    decision = decide_level(organiser, other_submitted, 0, "Justificatifs absents")
    assert Decision.objects.count() == 1
    assert (decision.level, decision.reason, decision.mentions, decision.decided_by) == (
        0,
        "Justificatifs absents",
        [],
        organiser,
    )
    entry = AuditEntry.objects.get(action="decision.changed")
    assert (entry.actor, entry.object_id, entry.summary) == (
        organiser,
        str(decision.pk),
        "Vandœuvre-lès-Nancy: 1 → 0 (proposed 1)",
    )
    assert entry.data == {
        "dossier": other_submitted.pk,
        "before": {"level": 1, "reason": "", "mentions": ["promotion"], "highlight": "Un portail ouvert"},
        "after": {"level": 0, "reason": "Justificatifs absents", "mentions": [], "highlight": ""},
        "proposed_level": 1,
    }


def test_the_public_line_is_bounded(deliberating, other_submitted, organiser):
    with pytest.raises(ValidationError) as refused:
        decide_level(organiser, other_submitted, 1, "", highlight="x" * 301)
    assert refused.value.message_dict == {
        "highlight": ["The public line is too long: at most 300 characters (here 301)."]
    }
    assert decide_level(organiser, other_submitted, 1, "", highlight="x" * 300).highlight == "x" * 300


def test_a_new_public_line_alone_changes_the_decision(deliberating, other_submitted, organiser):
    decide_level(organiser, other_submitted, 1, "")
    decide_level(organiser, other_submitted, 1, "", highlight="Mutualisé")
    entry = AuditEntry.objects.get(action="decision.changed")
    assert (entry.data["before"]["highlight"], entry.data["after"]["highlight"]) == ("", "Mutualisé")


def test_the_same_decision_again_changes_nothing(deliberating, other_submitted, organiser):
    decide_level(organiser, other_submitted, 1, "", ["promotion"])
    decide_level(organiser, other_submitted, 1, "", ["promotion"])
    assert decision_entries() == ["decision.recorded"]


def test_a_new_review_changes_the_proposed_level_kept_at_the_next_decision(deliberating, submitted, organiser):
    decide_level(organiser, submitted, 0)
    third = factories.JuryMemberFactory(edition=deliberating).user
    submit_review(submitted, third, LEVEL_1)
    decision = decide_level(organiser, submitted, 0, "Le jury maintient")
    assert (decision.proposed_level, decision.level) == (1, 0)
    assert decision_entries() == ["decision.recorded", "decision.changed"]


def test_a_decision_sends_nothing(
    deliberating, other_submitted, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide_level(organiser, other_submitted, 1)
    assert mailoutbox == []


# The table's reading functions ------------------------------------------------------------------------


def names(dossiers):
    return [dossier.territory.name for dossier in dossiers]


@pytest.mark.parametrize("role", ["organiser", "juror"])
def test_the_table_holds_the_editions_submitted_dossiers_by_body_name(role, review_edition, user_for):
    # Laxou's dossier is the newest but comes first by name; a draft and another edition's
    # submitted dossier are not on the table.
    laxou = Dossier.objects.create(
        edition=review_edition, territory=factories.CommuneFactory(name="Laxou"), status=DossierStatus.SUBMITTED
    )
    Dossier.objects.create(edition=review_edition, territory=factories.CommuneFactory(name="Art-sur-Meurthe"))
    other_edition = factories.EditionFactory(year=review_edition.year + 1)
    Dossier.objects.create(
        edition=other_edition, territory=factories.CommuneFactory(name="Jarville"), status=DossierStatus.SUBMITTED
    )
    dossiers = visible_dossiers(user_for(role), review_edition)
    assert names(dossiers) == ["Laxou", "Nancy", "Vandœuvre-lès-Nancy"]
    assert dossiers[0] == laxou
    assert all(dossier.edition is review_edition for dossier in dossiers)


def test_the_table_reads_each_dossiers_body_and_decision_with_it(
    deliberating, other_submitted, organiser, django_assert_num_queries
):
    decide_level(organiser, other_submitted, 1, "", [])
    with django_assert_num_queries(1):
        rows = [
            (dossier.territory.name, dossier.decision.level if hasattr(dossier, "decision") else None)
            for dossier in visible_dossiers(organiser, deliberating)
        ]
    assert rows == [("Nancy", None), ("Vandœuvre-lès-Nancy", 1)]


@pytest.fixture
def juror_to_review(review_edition, submitted, other_submitted, juror, second_juror):
    """`juror` assigned Nancy (not reviewed yet) and Vandœuvre (reviewed), with the second juror's
    reviews of both submitted."""
    submit_review(submitted, second_juror, LEVEL_1)
    submit_review(other_submitted, second_juror, LEVEL_1)
    Assignment.objects.create(dossier=submitted, member=seat_of(juror, review_edition))
    submit_review(other_submitted, juror, LEVEL_1)
    return review_edition


def test_a_juror_does_not_see_the_reviews_of_a_dossier_they_have_not_reviewed_yet(
    juror_to_review, submitted, juror, second_juror
):
    assert hidden_reviews(juror, juror_to_review) == {submitted.pk}
    assert hidden_reviews(second_juror, juror_to_review) == set()


def test_an_organiser_who_sits_on_the_jury_sees_every_review(juror_to_review, submitted, organiser):
    Assignment.objects.create(
        dossier=submitted, member=factories.JuryMemberFactory(edition=juror_to_review, user=organiser)
    )
    assert hidden_reviews(organiser, juror_to_review) == set()


def test_a_calibration_review_to_do_hides_nothing(juror_to_review, other_submitted, second_juror):
    # The second juror never submitted their calibration reading of Vandœuvre's dossier (a sample
    # read before the reviews opened): it is no review to do, the dossier's reviews stay visible.
    Assignment.objects.create(dossier=other_submitted, member=seat_of(second_juror, juror_to_review), calibration=True)
    assert hidden_reviews(second_juror, juror_to_review) == set()


# The referential's levels and mentions, in the language asked for ---------------------------------------


def test_levels_and_mentions_read_in_the_language_asked_for(default_referential):
    assert level_choices(default_referential, "fr") == [
        (0, "No level"),
        (1, "Level 1 — Découverte"),
        (2, "Level 2 — Initiative"),
        (3, "Level 3 — Engagement"),
        (4, "Level 4 — Maturité"),
        (5, "Level 5 — Excellence"),
    ]
    assert level_choices(default_referential, "en")[4] == (4, "Level 4 — Maturity")
    assert level_label(default_referential, 4, "fr") == "Level 4 — Maturité"
    assert level_label(default_referential, 4, "en") == "Level 4 — Maturity"
    assert level_label(default_referential, 0, "fr") == "No level"
    assert level_label(default_referential, 9, "fr") == "9"
    assert mention_choices(default_referential, "en") == [
        ("first-application", "Best first application"),
        ("mutualisation", "Pooling"),
        ("promotion", "Promotion of and awareness about free software"),
        ("sobriety", "Digital sobriety"),
    ]
    assert mention_choices(default_referential, "fr")[0] == ("first-application", "Meilleure première candidature")


def test_a_level_without_a_label_is_shown_by_its_number_alone(default_referential):
    document = copy.deepcopy(default_referential.document)
    next(item for item in document["levels"] if item["level"] == 1).pop("label")
    default_referential.set_document(document)  # in memory only
    assert level_choices(default_referential, "fr")[1:3] == [(1, "Level 1"), (2, "Level 2 — Initiative")]


def test_a_mention_without_a_label_is_shown_by_its_code(default_referential):
    document = copy.deepcopy(default_referential.document)
    document["mentions"][0].pop("label")
    default_referential.set_document(document)  # in memory only
    assert mention_choices(default_referential, "en")[0] == ("first-application", "first-application")
