from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tnl.editions.enums import Phase
from tnl.editions.models import Edition

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime(2026, 9, 15, 9, 0, tzinfo=PARIS)
CLOSES = datetime(2026, 11, 10, 23, 59, tzinfo=PARIS)


def edition(**fields):
    base = {"year": 2026, "opens_at": OPENS, "closes_at": CLOSES, "jury_on": date(2026, 11, 16)}
    return Edition(**{**base, **fields})


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (OPENS - timedelta(seconds=1), Phase.DRAFT),
        (OPENS, Phase.OPEN),
        (CLOSES - timedelta(seconds=1), Phase.OPEN),
        (CLOSES, Phase.CLOSED),
        (datetime(2026, 11, 15, 23, 59, tzinfo=PARIS), Phase.CLOSED),
        (datetime(2026, 11, 16, 0, 0, tzinfo=PARIS), Phase.REVIEW),
    ],
)
def test_phase_follows_the_dates_at_their_boundaries(now, phase):
    assert edition().phase_at(now) == phase


def test_an_edition_without_dates_is_a_draft():
    assert Edition(year=2027).phase_at(OPENS) == Phase.DRAFT


def test_an_edition_without_jury_date_stays_closed_after_the_deadline():
    assert edition(jury_on=None).phase_at(CLOSES + timedelta(days=60)) == Phase.CLOSED


def test_organiser_actions_take_precedence_over_dates_in_their_order():
    later = CLOSES + timedelta(days=30)
    assert edition(deliberation_started_at=later).phase_at(later) == Phase.DELIBERATION
    assert edition(deliberation_started_at=later, published_at=later).phase_at(later) == Phase.PUBLISHED
    assert edition(deliberation_started_at=later, published_at=later, archived_at=later).phase_at(later) == (
        Phase.ARCHIVED
    )
