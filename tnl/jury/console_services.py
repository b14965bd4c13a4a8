"""The organiser's console of an edition (what it reads) and the deadline reminders (what it sends).

Reading: `console_rows(edition)` gives one `ConsoleRow` per dossier (jury state, declared level
and score, reviews, last change) in a fixed number of queries; `filter_rows`, `sort_rows`,
`state_counts`, `juror_workload` and `csv_export` work on them.

Sending: `send_deadline_reminder(actor, edition, key)` e-mails the referents of every body whose
dossier is still in draft, once per body and reminder key ("J-14", "J-3", "manual-<moment>");
`send_due_reminders()` sends the automatic ones that are due (the `send_deadline_reminders`
command).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.formatting import plain_number, when
from tnl.core.notifications import notify, render_email
from tnl.core.services import SYSTEM, Refused, ensure
from tnl.core.spreadsheet import safe_cell
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.dossiers.scoring import dossier_state
from tnl.dossiers.services import referents_missing
from tnl.editions.enums import Phase
from tnl.editions.models import Edition, JuryMember
from tnl.territories.enums import Kind
from tnl.territories.models import Membership

from .enums import JuryState, ReviewStatus
from .models import Reminder, ReminderDelivery
from .scoring import declared_results
from .states import decision_of, is_review_submitted, jury_state, review_assignments, review_of, with_jury_data

# --- The console -------------------------------------------------------------------------------

STATE_ORDER = {state: index for index, state in enumerate(JuryState.values)}


@dataclass
class ConsoleRow:
    """One dossier as the console shows it."""

    dossier: object
    state: str  # a JuryState value
    declared_level: int
    declared_percent: object  # a Fraction
    reviews_submitted: int
    reviews_assigned: int
    last_change: object  # a datetime

    @property
    def territory(self):
        return self.dossier.territory

    @property
    def state_label(self):
        return JuryState(self.state).label


def _last_change(dossier, assignments):
    moments = [dossier.updated_at]
    for assignment in assignments:
        moments.append(assignment.created_at)
        review = review_of(assignment)
        if review is not None:
            moments.append(review.updated_at)
    decision = decision_of(dossier)
    if decision is not None:
        moments.append(decision.decided_at)
    return max(moments)


def console_rows(edition):
    """One `ConsoleRow` per dossier of `edition`, by body name, in four queries whatever their
    number (dossiers with their body and decision, assignments with reviews, answers, evidence).
    `edition` should come with its referential selected."""
    dossiers = list(with_jury_data(Dossier.objects.filter(edition=edition).select_related("territory")))
    scores = declared_results(edition, dossiers)
    rows = []
    for dossier in dossiers:
        declared = scores[dossier.pk]
        assignments = review_assignments(dossier)
        rows.append(
            ConsoleRow(
                dossier=dossier,
                state=jury_state(dossier),
                declared_level=declared.level,
                declared_percent=declared.global_percent,
                reviews_submitted=sum(is_review_submitted(assignment) for assignment in assignments),
                reviews_assigned=len(assignments),
                last_change=_last_change(dossier, assignments),
            )
        )
    return sort_rows(rows, "body")


def filter_rows(rows, state=None, kind=None):
    """The rows in `state` (a JuryState value) and of bodies of `kind` (a territory Kind value);
    an empty or unknown value does not filter."""
    if state in JuryState.values:
        rows = [row for row in rows if row.state == state]
    if kind in Kind.values:
        rows = [row for row in rows if row.territory.kind == kind]
    return rows


def _name_key(row):
    return (row.territory.name.casefold(), row.territory.code)


SORT_KEYS = {
    "body": _name_key,
    "kind": lambda row: (str(Kind(row.territory.kind).label).casefold(),),
    "population": lambda row: (row.territory.population or 0,),
    "state": lambda row: (STATE_ORDER[row.state],),
    "level": lambda row: (row.declared_level, row.declared_percent),
    "percent": lambda row: (row.declared_percent,),
    "reviews": lambda row: (row.reviews_submitted, row.reviews_assigned),
    "changed": lambda row: (row.last_change,),
}
DEFAULT_SORT = "body"


def parse_sort(value):
    """("population", True) from "-population"; the default sort for an unknown column."""
    value = value or DEFAULT_SORT
    descending = value.startswith("-")
    column = value.removeprefix("-")
    if column not in SORT_KEYS:
        return DEFAULT_SORT, False
    return column, descending


def sort_rows(rows, sort):
    """The rows sorted by `sort` ("population", "-changed"…), then by body name."""
    column, descending = parse_sort(sort)
    rows = sorted(rows, key=_name_key)
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)


def state_counts(rows):
    """[(JuryState, number of rows in it)] for every state, in the jury's order."""
    counts = dict.fromkeys(JuryState, 0)
    for row in rows:
        counts[JuryState(row.state)] += 1
    return list(counts.items())


def juror_workload(edition):
    """The edition's jury members with, on each, `assigned`, `submitted`, `in_progress` and
    `not_started` review counts (calibration left out), by name; one query."""
    real = Q(assignments__calibration=False)
    members = (
        JuryMember.objects.filter(edition=edition)
        .select_related("user")
        .annotate(
            assigned=Count("assignments", filter=real),
            submitted=Count("assignments", filter=real & Q(assignments__review__status=ReviewStatus.SUBMITTED)),
            in_progress=Count("assignments", filter=real & Q(assignments__review__status=ReviewStatus.IN_PROGRESS)),
        )
        .order_by("user__full_name", "user__email")
    )
    members = list(members)
    for member in members:
        member.not_started = member.assigned - member.submitted - member.in_progress
    return members


def csv_header():
    return [
        _("Body"),
        _("Official code"),
        _("Kind"),
        _("Population"),
        _("State"),
        _("Declared level"),
        _("Declared score (%)"),
        _("Reviews submitted"),
        _("Reviews assigned"),
        _("Last change"),
    ]


def csv_row(row):
    territory = row.territory
    return [
        territory.display_name,
        territory.code,
        Kind(territory.kind).label,
        "" if territory.population is None else territory.population,
        capfirst(row.state_label),
        row.declared_level,
        plain_number(row.declared_percent, 1),
        row.reviews_submitted,
        row.reviews_assigned,
        timezone.localtime(row.last_change).strftime("%Y-%m-%d %H:%M"),
    ]


def csv_export(rows):
    """The console's table as CSV text (comma separated, a header row, dates as 2026-11-29 15:46,
    decimals with a point), in the active language, each cell made formula-safe. The view adds
    the byte order mark that tells spreadsheets it is UTF-8."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in csv_header()])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in csv_row(row)])
    return output.getvalue()


# --- Deadline reminders ------------------------------------------------------------------------

# The automatic reminders: key, days before the deadline. Only the latest one due is sent.
AUTOMATIC_REMINDERS = (("J-3", 3), ("J-14", 14))
KEY_PATTERN = re.compile(r"J-(?:14|3)|manual-\d{8}T\d{6}")
# At most this many missing questions are listed in an e-mail (then "and N more").
MISSING_SHOWN = 10


def manual_key(now=None):
    """The key of a reminder an organiser sends now: "manual-20261129T153000"."""
    return "manual-" + timezone.localtime(now or timezone.now()).strftime("%Y%m%dT%H%M%S")


def due_key(edition, now=None):
    """The automatic reminder due for `edition` at `now`: "J-3" within 3 days of the deadline,
    "J-14" within 14 days, else None (also when the edition is not open)."""
    now = now or timezone.now()
    if edition.phase_at(now) != Phase.OPEN:
        return None
    for key, days in AUTOMATIC_REMINDERS:
        if edition.closes_at - now <= timedelta(days=days):
            return key
    return None


def automatic_schedule(edition):
    """[(key, moment it becomes due)] of the automatic reminders, earliest first."""
    if edition.closes_at is None:
        return []
    return [(key, edition.closes_at - timedelta(days=days)) for key, days in reversed(AUTOMATIC_REMINDERS)]


def _referents_by_body(territory_ids):
    people = {}
    memberships = Membership.objects.referents().filter(territory_id__in=territory_ids).select_related("user")
    for membership in memberships.order_by("user__full_name", "user__email"):
        people.setdefault(membership.territory_id, []).append(membership.user)
    return people


def reminder_targets(edition, key=None):
    """What a reminder would reach now: (targets, without_referents). `targets` is
    [(dossier, [referents])] for the dossiers still in draft that have not received reminder
    `key` and whose body has a confirmed referent; `without_referents` the draft dossiers whose
    body has none. Two queries, by body name."""
    dossiers = (
        Dossier.objects.filter(edition=edition, status=DossierStatus.DRAFT)
        .select_related("territory")
        .order_by("territory__name", "territory__code")
    )
    if key is not None:
        reached = ReminderDelivery.objects.filter(reminder__edition=edition, reminder__key=key)
        dossiers = dossiers.exclude(pk__in=reached.values("dossier_id"))
    dossiers = list(dossiers)
    people = _referents_by_body([dossier.territory_id for dossier in dossiers])
    targets, without = [], []
    for dossier in dossiers:
        dossier.edition = edition
        referents = people.get(dossier.territory_id)
        if referents:
            targets.append((dossier, referents))
        else:
            without.append(dossier)
    return targets, without


def reminder_context(dossier, now=None):
    """What the reminder e-mail of one dossier says: its body, the deadline, what is missing."""
    edition = dossier.edition
    now = now or timezone.now()
    state = dossier_state(dossier)
    blockers = state.blocker_codes()
    return {
        "dossier": dossier,
        "edition": edition,
        "state": state,
        "missing_count": len(blockers),
        "more": max(len(blockers) - MISSING_SHOWN, 0),
        "missing_roles": referents_missing(dossier.territory),
        "days_left": (timezone.localdate(edition.closes_at) - timezone.localdate(now)).days,
    }


def _check_reminder(edition, key, now):
    if not KEY_PATTERN.fullmatch(key or ""):
        raise Refused(_("Unknown reminder “%(key)s”.") % {"key": key})
    if edition.closes_at is not None and now >= edition.closes_at:
        raise Refused(
            _("The deadline of the %(year)s edition has passed (%(deadline)s): reminders are sent only before it.")
            % {"year": edition.year, "deadline": when(edition.closes_at)}
        )
    if edition.phase_at(now) != Phase.OPEN:
        raise Refused(
            _("The %(year)s edition is not open for applications: there is no deadline to remind anyone of.")
            % {"year": edition.year}
        )


@transaction.atomic
def send_deadline_reminder(actor, edition, key):
    """Remind the referents of every body whose dossier of `edition` is still in draft that the
    deadline is coming, and what their dossier lacks. Organisers (or SYSTEM), only while the
    edition is open and before its deadline; each body gets reminder `key` once (bodies reached
    by an earlier sending of the same key are left out).
    Side effects: saves the `Reminder` (created at its first sending) and one `ReminderDelivery`
    per body, writes `reminder.sent` on the edition, e-mails each referent in their language
    ("deadline_reminder"). Returns the reminder, with `bodies_now` and `emails_now`: what this
    sending reached."""
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().select_related("referential").get(pk=edition.pk)
    now = timezone.now()
    _check_reminder(edition, key, now)
    targets, _without = reminder_targets(edition, key)
    if not targets:
        if Dossier.objects.filter(edition=edition, status=DossierStatus.DRAFT).exists():
            raise Refused(
                _("Every body with a dossier still in draft has already received this reminder, or has no referent.")
            )
        raise Refused(_("No dossier of the %(year)s edition is still in draft.") % {"year": edition.year})
    reminder, _created = Reminder.objects.get_or_create(
        edition=edition, key=key, defaults={"sent_by": None if actor.pk is None else actor}
    )
    sent = 0
    for dossier, referents in targets:
        addresses = notify(referents, "deadline_reminder", reminder_context(dossier, now))
        ReminderDelivery.objects.create(reminder=reminder, dossier=dossier, recipients=len(addresses))
        sent += len(addresses)
    reminder.count += sent
    reminder.save(update_fields=["count"])
    reminder.bodies_now, reminder.emails_now = len(targets), sent  # this sending's share
    audit.record(
        actor,
        "reminder.sent",
        edition,
        f"{key}: {len(targets)} bodies, {sent} people",
        reminder=reminder.pk,
        key=key,
        bodies=len(targets),
        recipients=sent,
    )
    return reminder


def preview_reminder(edition):
    """What a reminder sent now would do: how many bodies and people it reaches, the draft
    dossiers whose body has no referent, and the e-mail of the first body in French and English."""
    targets, without = reminder_targets(edition)
    example = None
    if targets:
        dossier, _referents = targets[0]
        context = reminder_context(dossier)
        example = {"dossier": dossier}
        for language in ("fr", "en"):
            subject, body = render_email("deadline_reminder", context, language)
            example[language] = (subject, body.strip())
    return {
        "bodies": len(targets),
        "people": len({user.pk for _dossier, referents in targets for user in referents}),
        "without_referents": without,
        "example": example,
    }


def send_due_reminders(now=None):
    """Send the automatic reminder due for each open edition, as SYSTEM (the
    `send_deadline_reminders` command). Returns [(edition, key, reminder or the refusal's
    message)]; a second run sends nothing new."""
    now = now or timezone.now()
    done = []
    for edition in Edition.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related("referential"):
        key = due_key(edition, now)
        if key is None:
            continue
        try:
            done.append((edition, key, send_deadline_reminder(SYSTEM, edition, key)))
        except Refused as refusal:
            done.append((edition, key, " ".join(refusal.messages)))
    return done
