"""The jury's deliberation: the table of every submitted dossier's levels, and the decision.

Decisions are recorded by organisers while the edition is in the deliberation phase; they stay
pending (nothing of them reaches a candidate or a visitor) until the edition is published, when
the publication step copies them into the published results and sends the outbox.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.permissions import is_organiser
from tnl.core.services import SYSTEM, Refused, ensure
from tnl.core.texts import localized
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition

from .conflicts import ConflictMap
from .enums import ReviewStatus
from .models import MAX_TEXT_LENGTH, Assignment, Decision
from .rules import seat
from .scoring import jury_results

HIGHLIGHT_LENGTH = 300

# ---- Reading the referential's levels and mentions ------------------------------------------------


def level_choices(referential, language=None):
    """[(level, label)]: 0 (no level) then each level of the referential, as people read them."""
    choices = [(0, _("No level"))]
    for item in referential.document["levels"]:
        label = localized(item.get("label"), language)
        number = _("Level %(level)s") % {"level": item["level"]}
        choices.append((item["level"], f"{number} — {label}" if label else number))
    return choices


def level_label(referential, level, language=None):
    """The level as people read it ("Level 2 — Initiative"; "No level" for 0)."""
    return dict(level_choices(referential, language)).get(level, str(level))


def mention_choices(referential, language=None):
    """[(code, label)] of the referential's special mentions, in file order."""
    return [
        (item["code"], localized(item.get("label"), language) or item["code"])
        for item in referential.document["mentions"]
    ]


# ---- The table ------------------------------------------------------------------------------------


def visible_dossiers(user, edition):
    """The submitted dossiers of `edition` that `user` may see on the deliberation table: all of
    them for organisers; a juror's conflicted ones are left out. In a fixed number of queries."""
    dossiers = list(
        Dossier.objects.filter(edition=edition, status=DossierStatus.SUBMITTED)
        .select_related("territory", "decision")
        .order_by("territory__name", "pk")
    )
    for dossier in dossiers:
        dossier.edition = edition  # one referential object for all (its document is parsed once)
    if is_organiser(user):
        return dossiers
    member = seat(user, edition)
    if member is None:
        return []
    conflicts = ConflictMap([member])
    return [dossier for dossier in dossiers if not conflicts.is_conflicted(member, dossier.territory)]


def hidden_reviews(user, edition):
    """Ids of the dossiers whose reviews `user` may not see yet: while the edition keeps reviews
    hidden until submitted and the deliberation has not started, a juror sees no reviewed level of
    a dossier they review until they have submitted their own review."""
    if is_organiser(user) or not edition.reviews_hidden_until_submitted:
        return set()
    if edition.phase not in (Phase.DRAFT, Phase.OPEN, Phase.CLOSED, Phase.REVIEW):
        return set()
    member = seat(user, edition)
    if member is None:
        return set()
    assigned = Assignment.objects.filter(member=member, calibration=False).exclude(
        review__status=ReviewStatus.SUBMITTED
    )
    return set(assigned.values_list("dossier_id", flat=True))


def deliberation_rows(user, edition):
    """[(dossier, JuryResult, reviews hidden)] of the deliberation table, for `user`."""
    dossiers = visible_dossiers(user, edition)
    results = jury_results(dossiers)
    hidden = hidden_reviews(user, edition)
    return [(dossier, results[dossier.pk], dossier.pk in hidden) for dossier in dossiers]


def decision_of(dossier):
    """The dossier's decision, or None (without a query when it was selected with the dossier)."""
    try:
        return dossier.decision
    except Decision.DoesNotExist:
        return None


# ---- The decision ---------------------------------------------------------------------------------


def _check_phase(edition):
    phase = edition.phase
    if phase in (Phase.PUBLISHED, Phase.ARCHIVED):
        raise Refused(_("The results of this edition are published: its decisions can no longer change."))
    if phase != Phase.DELIBERATION:
        raise Refused(
            _(
                "Decisions are recorded during the deliberation; the edition is in the phase: %(phase)s. "
                "Start the deliberation from the edition's page first."
            )
            % {"phase": Phase(phase).label}
        )


def _clean_mentions(referential, mentions):
    known = [code for code, _label in mention_choices(referential)]
    mentions = list(mentions or [])
    for code in mentions:
        if code not in known:
            raise Refused({"mentions": _("Unknown special mention: %(code)s.") % {"code": code}})
    return [code for code in known if code in mentions]  # in the referential's order, once each


def _person(actor):
    return None if actor is SYSTEM else actor


@transaction.atomic
def decide_level(actor, dossier, level, reason="", mentions=(), highlight=""):
    """Record the level the jury decides for a submitted dossier, with its special mentions and
    `highlight`, the one line on what the body did well that the results booklet and the body's
    public page show once published (at most HIGHLIGHT_LENGTH characters).

    Only while the edition is in the deliberation phase. The level is 0 (no level) or one of the
    referential's levels; when it differs from the proposed level, the reason is required.
    Replacing a decision keeps one row per dossier.

    Side effects: saves the Decision (with the proposed level of the moment), writes
    `decision.recorded` (first decision) or `decision.changed` (a new one replaces it). Sends
    nothing: decisions reach candidates only at publication (the outbox)."""
    ensure(actor, "jury.manage", dossier.edition)
    edition = Edition.objects.select_for_update().select_related("referential").get(pk=dossier.edition_id)
    _check_phase(edition)
    dossier = Dossier.objects.select_related("territory").get(pk=dossier.pk)
    if dossier.status != DossierStatus.SUBMITTED:
        raise Refused(_("Only a submitted dossier gets a decision; this one is being written."))
    dossier.edition = edition
    referential = edition.referential
    levels = [value for value, _label in level_choices(referential)]
    if isinstance(level, bool) or not isinstance(level, int) or level not in levels:
        raise Refused(
            {"level": _("Choose a level among: %(levels)s.") % {"levels": ", ".join(str(value) for value in levels)}}
        )
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT_LENGTH:
        raise Refused({"reason": _("The reason is too long: at most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}})
    highlight = " ".join((highlight or "").split())
    if len(highlight) > HIGHLIGHT_LENGTH:
        raise Refused(
            {
                "highlight": _("The public line is too long: at most %(max)s characters (here %(length)s).")
                % {"max": HIGHLIGHT_LENGTH, "length": len(highlight)}
            }
        )
    mentions = _clean_mentions(referential, mentions)
    proposed = jury_results([dossier])[dossier.pk].proposed_level
    if level != proposed and not reason:
        raise Refused(
            {
                "reason": _(
                    "The decided level (%(level)s) differs from the proposed level (%(proposed)s): "
                    "write the reason for the difference."
                )
                % {"level": level, "proposed": proposed}
            }
        )
    decision = Decision.objects.select_for_update().filter(dossier=dossier).first()
    if decision is None:
        decision = Decision.objects.create(
            dossier=dossier,
            proposed_level=proposed,
            level=level,
            reason=reason,
            mentions=mentions,
            highlight=highlight,
            decided_by=_person(actor),
        )
        audit.record(
            actor,
            "decision.recorded",
            decision,
            f"{dossier.territory.name}: {level} (proposed {proposed})",
            dossier=dossier.pk,
            level=level,
            proposed_level=proposed,
            mentions=mentions,
        )
        return decision
    before = {
        "level": decision.level,
        "reason": decision.reason,
        "mentions": list(decision.mentions),
        "highlight": decision.highlight,
    }
    after = {"level": level, "reason": reason, "mentions": mentions, "highlight": highlight}
    if before == after and decision.proposed_level == proposed:
        return decision
    decision.proposed_level, decision.level, decision.reason, decision.mentions = proposed, level, reason, mentions
    decision.highlight = highlight
    decision.decided_by = _person(actor)
    decision.save()
    audit.record(
        actor,
        "decision.changed",
        decision,
        f"{dossier.territory.name}: {before['level']} → {level} (proposed {proposed})",
        dossier=dossier.pk,
        before=before,
        after=after,
        proposed_level=proposed,
    )
    return decision
