"""The organiser's console of an edition, its CSV exports (the table; every answer, streamed), and
the deadline reminders page.

Every view fetches the edition through `_edition_for` (`jury.manage`): anyone but organisers and
platform admins gets a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from tnl.core.permissions import get_object_or_404_for
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.territories.enums import Kind

from . import console_services as services
from .answers_export import csv_chunks
from .enums import JuryState
from .models import Reminder


def _edition_for(request, year):
    return get_object_or_404_for(request.user, "jury.manage", Edition.objects.select_related("referential"), year=year)


class FilterForm(forms.Form):
    """The dossier table's filters (GET); the sort rides along in a hidden field."""

    state = forms.ChoiceField(
        label=gettext_lazy("State"), choices=[("", gettext_lazy("Every state")), *JuryState.choices], required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of body"), choices=[("", gettext_lazy("Every kind")), *Kind.choices], required=False
    )
    sort = forms.CharField(widget=forms.HiddenInput, required=False)


def _filters(request):
    """The table's filters and sort from the query string (unknown values are ignored)."""
    column, descending = services.parse_sort(request.GET.get("sort"))
    state, kind = request.GET.get("state", ""), request.GET.get("kind", "")
    return {
        "state": state if state in JuryState.values else "",
        "kind": kind if kind in Kind.values else "",
        "sort": ("-" if descending else "") + column,
    }


def _rows(edition, filters):
    everything = services.console_rows(edition)
    rows = services.filter_rows(everything, state=filters["state"], kind=filters["kind"])
    return everything, services.sort_rows(rows, filters["sort"])


def _query(filters, **changes):
    """The query string of the console with `changes` applied (empty values left out)."""
    query = QueryDict(mutable=True)
    for name, value in {**filters, **changes}.items():
        if value and not (name == "sort" and value == services.DEFAULT_SORT):
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def console(request, year):
    edition = _edition_for(request, year)
    filters = _filters(request)
    everything, rows = _rows(edition, filters)
    column, descending = services.parse_sort(filters["sort"])
    headers = []
    for key, label in _column_labels():
        current = key == column
        next_sort = f"-{key}" if current and not descending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "url": _query(filters, sort=next_sort),
                "sorted": ("descending" if descending else "ascending") if current else "",
            }
        )
    return render(
        request,
        "jury/console.html",
        {
            "edition": edition,
            "phase": edition.phase,
            # The reviews cell links to the assignment table, the state to the decision, while they change.
            "assignment_phases": [Phase.CLOSED, Phase.REVIEW],
            "decision_phases": [Phase.DELIBERATION, Phase.PUBLISHED, Phase.ARCHIVED],
            "counts": [
                (state, count, _query({}, state=state.value)) for state, count in services.state_counts(everything)
            ],
            "total": len(everything),
            "rows": rows,
            "headers": headers,
            "filters": filters,
            "form": FilterForm(initial=filters),
            "filtered": bool(filters["state"] or filters["kind"]),
            "export_url": reverse("jury:console_export", args=[edition.year]) + _query(filters),
            "answers_export_url": reverse("jury:answers_export", args=[edition.year]),
            "members": services.juror_workload(edition),
        },
    )


def _column_labels():
    return [
        ("body", _("Body")),
        ("kind", _("Kind")),
        ("population", _("Population")),
        ("state", _("State")),
        ("level", _("Declared level")),
        ("percent", _("Declared score")),
        ("reviews", _("Reviews")),
        ("changed", _("Last change")),
    ]


def console_export(request, year):
    edition = _edition_for(request, year)
    _everything, rows = _rows(edition, _filters(request))
    response = HttpResponse("\ufeff" + services.csv_export(rows), content_type="text/csv; charset=utf-8")
    filename = f"tnl-{edition.year}-dossiers.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def answers_export(request, year):
    """Every stored answer of the edition as CSV (tnl/jury/answers_export.py), streamed."""
    edition = _edition_for(request, year)
    response = StreamingHttpResponse(csv_chunks(edition, get_language()), content_type="text/csv; charset=utf-8")
    filename = f"tnl-{edition.year}-answers.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reminders(request, year):
    edition = _edition_for(request, year)
    if request.method == "POST":
        try:
            reminder = services.send_deadline_reminder(request.user, edition, services.manual_key())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            bodies = reminder.bodies_now
            messages.success(
                request,
                ngettext(
                    "Reminder sent to the referents of %(bodies)s body (%(people)s e-mails).",
                    "Reminder sent to the referents of %(bodies)s bodies (%(people)s e-mails).",
                    bodies,
                )
                % {"bodies": bodies, "people": reminder.emails_now},
            )
        return redirect("jury:reminders", year=edition.year)
    now = timezone.now()
    phase = edition.phase_at(now)
    sent = {reminder.key: reminder for reminder in edition.reminders.all()}
    return render(
        request,
        "jury/reminders.html",
        {
            "edition": edition,
            "phase": phase,
            "can_send": phase == Phase.OPEN,
            "preview": services.preview_reminder(edition) if phase == Phase.OPEN else None,
            "schedule": [(key, moment, sent.get(key)) for key, moment in services.automatic_schedule(edition)],
            "history": list(
                Reminder.objects.filter(edition=edition).select_related("sent_by").annotate(bodies=Count("deliveries"))
            ),
        },
    )
