"""The jury's cast, on top of tests/conftest.py's.

| fixture            | who / what                                                              |
|--------------------|-------------------------------------------------------------------------|
| submitted          | Nancy's dossier (`dossier`), every closed question answered, submitted by `elected` |
| other_submitted    | Vandœuvre's dossier, submitted by `member_of_other_body` (with a technical referent, tech@vandoeuvre.fr) |
| review_edition     | `edition` once both are submitted, moved to the jury review phase (closed two days ago, review started yesterday) |
| juror              | (tests/conftest.py) juror of `edition`: Jules Juré, jure@example.org     |
| second_juror       | juror of `edition`: Jeanne Jurée, jeanne@example.org                     |
| conflicted_juror   | juror of `edition`, confirmed contributor of the Métropole du Grand Nancy, which contains Nancy and Vandœuvre: conflicted with both dossiers (automatically) |
| declared_juror     | juror of `edition` who declared a conflict with Nancy only               |
| expert             | invited expert of `edition`: Emma Experte, expert@example.org            |
| assignment         | `juror` assigned to review Nancy's dossier                               |

Setup uses the real services where they exist (dossiers are submitted with `submit_dossier`);
the phase move only changes dates, as time passing would.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.dossiers.answering import answer_all_required
from tests.factories import CONTRIBUTOR, TECHNICAL, member_of
from tnl.dossiers import services as dossier_services
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition
from tnl.jury.models import Assignment, Conflict


def submit(dossier, referent):
    answer_all_required(dossier, referent)
    return dossier_services.submit_dossier(referent, dossier)


def move_to_review(edition):
    """The edition as it is once applications closed (two days ago) and the review started (yesterday)."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        jury_on=timezone.localdate(now - timedelta(days=1)),
    )
    edition.refresh_from_db()
    return edition


@pytest.fixture
def submitted(dossier, elected):
    submit(dossier, elected)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def other_submitted(edition, vandoeuvre, member_of_other_body):
    # A body submits with a confirmed technical referent besides its elected one.
    member_of(vandoeuvre, TECHNICAL, "tech@vandoeuvre.fr", full_name="Thierry Technique")
    other = factories.DossierFactory(edition=edition, territory=vandoeuvre, actor=member_of_other_body)
    submit(other, member_of_other_body)
    other.refresh_from_db()
    return other


@pytest.fixture
def review_edition(edition, submitted, other_submitted):
    return move_to_review(edition)


def _seat(edition, email, name, role=JuryRole.JUROR, language="fr"):
    return factories.JuryMemberFactory(
        edition=edition, role=role, user__email=email, user__full_name=name, user__language=language
    )


@pytest.fixture
def second_juror(edition, cast_language):
    return _seat(edition, "jeanne@example.org", "Jeanne Jurée", language=cast_language).user


@pytest.fixture
def conflicted_juror(edition, grand_nancy, cast_language):
    seat = _seat(edition, "conflit@example.org", "Corentin Conflit", language=cast_language)
    factories.MembershipFactory(user=seat.user, territory=grand_nancy, role=CONTRIBUTOR)
    return seat.user


@pytest.fixture
def declared_juror(edition, nancy, cast_language):
    seat = _seat(edition, "declare@example.org", "Delphine Déclarée", language=cast_language)
    Conflict.objects.create(member=seat, territory=nancy, reason="Ancienne agente de la ville")
    return seat.user


@pytest.fixture
def expert(edition, cast_language):
    return _seat(edition, "expert@example.org", "Emma Experte", role=JuryRole.EXPERT, language=cast_language).user


@pytest.fixture
def assignment(review_edition, submitted, juror):
    return Assignment.objects.create(dossier=submitted, member=juror.jurymember_set.get(edition=review_edition))
