"""Organiser pages: editions, their dates and phase actions, and their referential.

Every view goes through `_edition_for` or `require`, so anyone who is not an organiser gets
a 404 on all of them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tnl.core.audit import entries_for
from tnl.core.audit_wording import action_words
from tnl.core.permissions import get_object_or_404_for, require
from tnl.referentials import services as referential_services
from tnl.referentials.diff import change_in_words, diff_referentials
from tnl.referentials.format import FormatError
from tnl.referentials.models import Referential

from . import services
from .forms import AxisTextsForm, DatesForm, DiffForm, EditionCreateForm, ReferentialImportForm
from .models import Edition


def _edition_for(request, year):
    return get_object_or_404_for(
        request.user, "editions.manage", Edition.objects.select_related("referential"), year=year
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def edition_list(request):
    require(request.user, "editions.manage")
    editions = Edition.objects.select_related("referential")
    return render(request, "editions/list.html", {"editions": editions})


def edition_create(request):
    require(request.user, "editions.manage")
    form = EditionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year, source = data.pop("year"), data.pop("source")
        try:
            edition = services.create_edition(request.user, year, source, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Edition %(year)s created.") % {"year": edition.year})
            return redirect("editions:detail", year=edition.year)
    return render(request, "editions/create.html", {"form": form})


DATE_LABELS = {
    "opens_at": _lazy("Applications open"),
    "closes_at": _lazy("Applications close"),
    "jury_on": _lazy("Jury review starts"),
    "ceremony_on": _lazy("Ceremony"),
    "publication_on": _lazy("Planned publication of results"),
    "deliberation_started_at": _lazy("Deliberation started"),
    "archived_at": _lazy("Archived"),
}


def _when(value):
    """An ISO date or date-time from the audit data, as people read it ("—" when unset)."""
    if not value:
        return "—"
    try:
        # First: a date alone ("2026-11-20", the jury and ceremony dates), which Django 5.2's
        # parse_datetime also reads, as a midnight with no time zone.
        day = parse_date(value)
    except ValueError:
        day = None
    if day is not None:
        return date_format(day, "j F Y")
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _log_details(entry):
    """What an edition's audit entry changed, in words: "Applications close: X → Y"."""
    data = entry.data or {}
    if entry.action == "edition.dates_changed":
        pairs = data.get("changes", {}).items()
    elif "field" in data:
        pairs = [(data["field"], [data.get("previous"), data.get("after")])]
    else:
        return []
    return [
        _("%(field)s: %(before)s → %(after)s")
        % {"field": DATE_LABELS.get(field, field), "before": _when(before), "after": _when(after)}
        for field, (before, after) in pairs
    ]


def edition_detail(request, year):
    edition = _edition_for(request, year)
    phase = edition.phase
    actions = [name for name, phases in services.ALLOWED_FROM.items() if phase in phases]
    log = list(entries_for(edition)[:20]) + list(entries_for(edition.referential)[:20])
    log.sort(key=lambda entry: entry.at, reverse=True)
    undo = services.undoable_entry(edition)
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "phase": phase,
            "actions": actions,
            "log": [(entry, action_words(entry.action), _log_details(entry)) for entry in log[:20]],
            "undo": undo,
            "undo_date": _when(undo.data["previous"]) if undo else None,
            "structure_locked": referential_services.structure_locked_reason(edition.referential),
        },
    )


def edition_dates(request, year):
    edition = _edition_for(request, year)
    initial = {field: getattr(edition, field) for field in services.DATE_FIELDS}
    form = DatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dates(request.user, edition, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Dates saved."))
            return redirect("editions:detail", year=edition.year)
    return render(request, "editions/dates.html", {"edition": edition, "form": form})


ACTION_TITLES = {
    "open_now": _lazy("Open applications now"),
    "close_now": _lazy("Close applications now"),
    "start_deliberation": _lazy("Start the deliberation"),
    "reopen_review": _lazy("Go back to the jury review"),
    "archive": _lazy("Archive the edition"),
}


def edition_action(request, year, action):
    """GET: what the action will change, with a button to confirm; POST: do it."""
    edition = _edition_for(request, year)
    function = services.ACTIONS.get(action)
    if function is None:
        raise Http404
    if request.method != "POST":
        field, before, after = services.action_preview(edition, action)
        return render(
            request,
            "editions/action_confirm.html",
            {
                "edition": edition,
                "action": action,
                "title": ACTION_TITLES[action],
                "field": DATE_LABELS[field],
                "before": _when(before.isoformat() if before else None),
                "after": after,
                "possible": edition.phase in services.ALLOWED_FROM[action],
            },
        )
    try:
        edition = function(request.user, edition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Done: the edition is now in the phase “%(phase)s”.") % {"phase": edition.get_phase_display()}
        )
    return redirect("editions:detail", year=edition.year)


@require_POST
def edition_undo(request, year, entry):
    edition = _edition_for(request, year)
    try:
        services.undo_phase_action(request.user, edition, entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The previous date is back."))
    return redirect("editions:detail", year=edition.year)


def referential_detail(request, year):
    edition = _edition_for(request, year)
    return render(
        request,
        "editions/referential.html",
        {
            "edition": edition,
            "referential": edition.referential,
            "document": edition.referential.document,
            "structure_locked": referential_services.structure_locked_reason(edition.referential),
            "texts_locked": referential_services.texts_locked_reason(edition.referential),
        },
    )


def referential_axis_texts(request, year, axis_code):
    edition = _edition_for(request, year)
    referential = edition.referential
    axis = next((a for a in referential.document["axes"] if a["code"] == axis_code), None)
    if axis is None:
        raise Http404
    locked = referential_services.texts_locked_reason(referential)
    form = AxisTextsForm(axis, request.POST or None)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            _ref, changes = referential_services.update_axis_texts(request.user, referential, axis_code, form.texts())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if changes:
                messages.success(
                    request,
                    ngettext("%(count)d text saved.", "%(count)d texts saved.", len(changes)) % {"count": len(changes)},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("editions:referential", year=edition.year)
    return render(
        request,
        "editions/axis_texts.html",
        {"edition": edition, "axis": axis, "form": form, "locked": locked},
    )


def referential_import(request, year):
    edition = _edition_for(request, year)
    referential = edition.referential
    locked = referential_services.structure_locked_reason(referential)
    form = ReferentialImportForm(request.POST or None, request.FILES or None)
    format_error = None
    if request.method == "POST" and not locked and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            referential_services.replace_referential(request.user, referential, upload.read(), upload.name)
        except FormatError as error:
            format_error = error
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Referential replaced from %(name)s.") % {"name": upload.name})
            return redirect("editions:referential", year=edition.year)
    return render(
        request,
        "editions/referential_import.html",
        {"edition": edition, "form": form, "locked": locked, "format_error": format_error},
    )


def referential_export(request, year, fmt):
    edition = _edition_for(request, year)
    if fmt not in ("yaml", "json"):
        raise Http404
    referential = edition.referential
    content = referential_services.export_referential(referential, fmt=fmt)
    content_type = "application/yaml" if fmt == "yaml" else "application/json"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{referential.code}.{fmt}"'
    return response


def referential_diff(request, year):
    edition = _edition_for(request, year)
    referential = edition.referential
    form = DiffForm(referential, request.GET or None)
    other, changes = None, None
    if form.is_bound and form.is_valid():
        other = form.cleaned_data["against"]
    elif not form.is_bound and referential.copied_from_id:
        other = Referential.objects.filter(pk=referential.copied_from_id).first()
        form = DiffForm(referential, initial={"against": other})
    if other is not None:
        changes = [
            change_in_words(change, request.LANGUAGE_CODE)
            for change in diff_referentials(other.document, referential.document)
        ]
    return render(
        request,
        "editions/referential_diff.html",
        {"edition": edition, "referential": referential, "other": other, "form": form, "changes": changes},
    )
