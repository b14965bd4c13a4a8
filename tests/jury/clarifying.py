"""The clarification tests' setting, through the real services: Nancy's dossier submitted, the
edition in the jury review, `juror` assigned to it. (tests/jury/conftest.py's `review_edition`
also submits Vandœuvre's dossier, which these tests do not need.)"""

from tests.jury.conftest import move_to_review, submit
from tnl.jury.models import Assignment


def in_review(dossier, referent, juror):
    """Submit `dossier`, move its edition to the review, assign `juror`: the dossier, fresh."""
    submit(dossier, referent)
    move_to_review(dossier.edition)
    dossier.refresh_from_db()
    Assignment.objects.create(dossier=dossier, member=juror.jurymember_set.get(edition=dossier.edition))
    return dossier
