"""Publication helpers for the tests: an edition in deliberation with its decisions taken.

`deliberated(edition, organiser, submitted, other_submitted)`: Nancy's dossier decided at level 1
with the mention "mutualisation" and a public line, Vandœuvre's at level 0 (not labelled: counted
in the participation, never named)."""

from tests.jury.conftest import move_to_review
from tnl.editions import services as edition_services
from tnl.jury.deliberation_services import decide_level

HIGHLIGHT = "A shared open-data portal with its neighbours."


def deliberated(edition, organiser, submitted, other_submitted, nancy_level=1):
    move_to_review(edition)
    edition_services.start_deliberation(organiser, edition)
    decide_level(
        organiser, submitted, nancy_level, reason="Evidence checked", mentions=["mutualisation"], highlight=HIGHLIGHT
    )
    decide_level(organiser, other_submitted, 0, reason="Not enough yet")
    edition.refresh_from_db()
    return edition
