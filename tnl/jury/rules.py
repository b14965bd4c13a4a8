"""Who may do what in the jury. States (phase, review submitted, dates) are checked by the
services, which say why; these rules say who. A conflicted jury member holds no permission on
the dossier: they get the 404 an outsider gets, and the deliberation table leaves the row out.

Objects: `jury.manage` and `jury.deliberate` take the edition; `jury.see_dossier` and
`jury.clarify` take the dossier; `jury.review` takes the assignment; `jury.declare_conflicts`
takes the jury member (the seat); `jury.answer_clarification` takes the clarification.
"""

from tnl.core.permissions import is_organiser, person, rule
from tnl.editions.enums import JuryRole
from tnl.editions.models import JuryMember
from tnl.territories.rules import member_role

from .conflicts import conflict_reason


def seat(user, edition):
    """The `JuryMember` of `user` in `edition`, or None (kept on the user object per edition)."""
    user = person(user)
    if user is None or edition is None:
        return None
    seats = user.__dict__.setdefault("_jury_seats", {})
    if edition.pk not in seats:
        seats[edition.pk] = JuryMember.objects.filter(edition_id=edition.pk, user=user).first()
    return seats[edition.pk]


def forget_seats(user):
    """Drop the seats kept on `user` (after adding or removing one in this request)."""
    user.__dict__.pop("_jury_seats", None)


def is_conflicted(user, dossier):
    """True when `user` sits on the jury of the dossier's edition and is conflicted with its body."""
    member = seat(user, dossier.edition)
    return member is not None and conflict_reason(member, dossier.territory) is not None


def _assigned(member, dossier):
    return member.assignments.filter(dossier=dossier).exists()


@rule("jury.manage")
def can_manage(user, edition=None):
    """Organisers run the jury: members, assignment, calibration, decisions, outbox."""
    return is_organiser(user)


@rule("jury.deliberate")
def can_deliberate(user, edition):
    """The deliberation table: organisers and jurors (not invited experts) of the edition."""
    if is_organiser(user):
        return True
    member = seat(user, edition)
    return member is not None and member.role == JuryRole.JUROR


@rule("jury.see_dossier")
def can_see_dossier(user, dossier):
    """Read a submitted dossier as the jury does: organisers; jurors of its edition who are not
    conflicted; an invited expert only for a dossier assigned to them."""
    if is_organiser(user):
        return True
    member = seat(user, dossier.edition)
    if member is None or conflict_reason(member, dossier.territory) is not None:
        return False
    return member.role == JuryRole.JUROR or _assigned(member, dossier)


@rule("jury.review")
def can_review(user, assignment):
    """Review one assignment: only its jury member, and never when conflicted."""
    user = person(user)
    member = assignment.member
    if user is None or member.user_id != user.pk:
        return False
    return conflict_reason(member, assignment.dossier.territory) is None


@rule("jury.clarify")
def can_clarify(user, dossier):
    """Ask the candidate a question or reopen questions: organisers, and jurors assigned to the
    dossier who are not conflicted."""
    if is_organiser(user):
        return True
    member = seat(user, dossier.edition)
    if member is None or member.role != JuryRole.JUROR:
        return False
    return _assigned(member, dossier) and conflict_reason(member, dossier.territory) is None


@rule("jury.answer_clarification")
def can_answer_clarification(user, clarification):
    """The candidate body's confirmed members answer the jury's questions."""
    return member_role(user, clarification.dossier.territory) is not None


@rule("jury.declare_conflicts")
def can_declare_conflicts(user, member):
    """A jury member declares their own conflicts; organisers may declare for them."""
    user = person(user)
    return user is not None and (member.user_id == user.pk or is_organiser(user))
