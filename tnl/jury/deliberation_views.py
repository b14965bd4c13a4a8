"""The deliberation pages: the table (organisers and jurors) and one dossier's decision (organisers).

The table is read in a fixed number of queries whatever the number of dossiers; filters and sort
are GET parameters, so that a filtered view can be bookmarked or shown on a projector as it is.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tnl.core.permissions import get_object_or_404_for
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.territories.enums import Kind

from . import deliberation_services as services
from .models import MAX_TEXT_LENGTH, Assignment
from .rules import seat
from .scoring import jury_results

SORTS = {
    "body": gettext_lazy("Body"),
    "declared": gettext_lazy("Declared"),
    "reviewed": gettext_lazy("Reviewed"),
    "proposed": gettext_lazy("Proposed"),
}


class TableFilters(forms.Form):
    """The filters of the deliberation table (all optional; an invalid value is ignored)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of body"), required=False)
    divergent = forms.ChoiceField(
        label=gettext_lazy("Reviewers"),
        required=False,
        choices=[("", gettext_lazy("All")), ("1", gettext_lazy("Divergent only"))],
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("undecided", gettext_lazy("Not decided yet")),
            ("decided", gettext_lazy("Decided")),
        ],
    )
    level = forms.ChoiceField(label=gettext_lazy("Proposed level"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            ("", gettext_lazy("Body")),
            ("declared", gettext_lazy("Declared level")),
            ("reviewed", gettext_lazy("Reviewed level")),
            ("proposed", gettext_lazy("Proposed level")),
            ("-declared", gettext_lazy("Declared level, highest first")),
            ("-reviewed", gettext_lazy("Reviewed level, highest first")),
            ("-proposed", gettext_lazy("Proposed level, highest first")),
            ("-body", gettext_lazy("Body, Z to A")),
        ],
    )
    large = forms.BooleanField(label=gettext_lazy("Large type (projector)"), required=False)

    def __init__(self, referential, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Kind.choices]
        self.fields["level"].choices = [("", _("All"))] + [
            (str(value), label) for value, label in services.level_choices(referential)
        ]

    def value(self, name):
        """The cleaned value of a filter, or its empty value when the form is not valid there."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or "" if name not in self.errors else ""


def _sort_key(name, descending):
    """The sort key of a table row for column `name`: rows without a value (no review yet, or
    reviews hidden) come last either way; equal values keep the order by body."""
    sign = -1 if descending else 1

    def number(value):
        return (value is None, 0 if value is None else sign * value)

    keys = {
        "declared": lambda row: (number(row[1].declared.level), number(row[1].declared.global_percent)),
        "reviewed": lambda row: number(None if row[2] else row[1].reviewed_level),
        "proposed": lambda row: number(None if row[2] else row[1].proposed_level),
    }
    return keys[name]


def _filtered(rows, filters):
    kind, decision, level = filters.value("kind"), filters.value("decision"), filters.value("level")
    if kind:
        rows = [row for row in rows if row[0].territory.kind == kind]
    if filters.value("divergent"):
        rows = [row for row in rows if row[1].divergent and not row[2]]
    if decision:
        decided = decision == "decided"
        rows = [row for row in rows if (services.decision_of(row[0]) is not None) == decided]
    if level != "":
        rows = [row for row in rows if not row[2] and str(row[1].proposed_level) == level]
    sort = filters.value("sort") or "body"
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    rows = sorted(
        rows, key=lambda row: (row[0].territory.name.casefold(), row[0].pk), reverse=name == "body" and descending
    )
    if name != "body":
        rows = sorted(rows, key=_sort_key(name, descending))
    return rows, sort


def _query(path, params, **changes):
    merged = {key: value for key, value in params.items() if value not in ("", None, False)}
    for key, value in changes.items():
        if value in ("", None, False):
            merged.pop(key, None)
        else:
            merged[key] = value
    return f"{path}?{urlencode(merged)}" if merged else path


def _jury_home(year):
    """The jury member's home (built elsewhere), or None while it does not exist."""
    try:
        return reverse("jury:home", args=[year])
    except NoReverseMatch:
        return None


def table(request, year):
    edition = get_object_or_404_for(
        request.user, "jury.deliberate", Edition.objects.select_related("referential"), year=year
    )
    referential = edition.referential
    filters = TableFilters(referential, request.GET or None)
    rows, sort = _filtered(services.deliberation_rows(request.user, edition), filters)
    params = {name: filters.value(name) for name in filters.fields}
    params["large"] = "1" if params["large"] else ""
    large = bool(params["large"])
    levels = dict(services.level_choices(referential))
    mentions = dict(services.mention_choices(referential))
    own_reviews = _own_reviews(request.user, edition)
    lines = []
    for dossier, result, hidden in rows:
        decision = services.decision_of(dossier)
        reviewers = (
            []
            if hidden
            else sorted(
                ((review.assignment.member.user.get_full_name(), level) for review, level in _review_levels(result)),
                key=lambda item: (item[1], item[0]),
            )
        )
        lines.append(
            {
                "dossier": dossier,
                "result": result,
                "hidden": hidden,
                "reviewers": reviewers,
                "decision": decision,
                "review_url": own_reviews.get(dossier.pk),
                "mentions": [mentions.get(code, code) for code in (decision.mentions if decision else [])],
            }
        )
    headers = []
    for key, label in SORTS.items():
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        next_sort = f"-{key}" if current and not descending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "url": _query(request.path, params, sort="" if next_sort == "body" else next_sort),
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return render(
        request,
        "jury/deliberation.html",
        {
            "edition": edition,
            "phase": edition.phase,
            "filters": filters,
            "lines": lines,
            "headers": {header["key"]: header for header in headers},
            "levels": levels,
            "large": large,
            "large_url": _query(request.path, params, large="" if large else "1"),
            "jury_home": _jury_home(edition.year),
            "filtered": any(params.get(name) for name in ("kind", "divergent", "decision", "level")),
        },
    )


def _own_reviews(user, edition):
    """{dossier id: the URL of the user's own review of it} for a juror (one query); {} for others."""
    member = seat(user, edition)
    if member is None:
        return {}
    return {
        dossier_pk: reverse("jury:review", kwargs={"year": edition.year, "pk": assignment_pk})
        for dossier_pk, assignment_pk in Assignment.objects.filter(member=member, calibration=False).values_list(
            "dossier_id", "pk"
        )
    }


def _review_levels(result):
    return [(review, engine_result.level) for review, engine_result in result.reviews.items()]


# ---- One dossier's decision ------------------------------------------------------------------------


class DecisionForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("Decided level"), coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Required when the decided level differs from the proposed level. The candidate never sees it."
        ),
    )
    mentions = forms.MultipleChoiceField(
        label=gettext_lazy("Special mentions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Checked by decide_level (HIGHLIGHT_LENGTH, counted once the spaces are tidied): its error
    # shows under the field, with the text as typed.
    highlight = forms.CharField(
        label=gettext_lazy("What the body did well (published with the results)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, referential, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["highlight"].help_text = _(
            "One line, at most %(max)s characters. It becomes public with the results: the results booklet "
            "and the body's public page show it."
        ) % {"max": services.HIGHLIGHT_LENGTH}
        self.fields["level"].choices = [(str(value), label) for value, label in services.level_choices(referential)]
        self.fields["mentions"].choices = services.mention_choices(referential)
        if not self.fields["mentions"].choices:
            del self.fields["mentions"]


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def decision(request, year, pk):
    edition = get_object_or_404_for(
        request.user, "jury.manage", Edition.objects.select_related("referential"), year=year
    )
    try:
        dossier = Dossier.objects.select_related("territory", "decision").get(
            pk=pk, edition=edition, status=DossierStatus.SUBMITTED
        )
    except Dossier.DoesNotExist:
        raise Http404 from None
    dossier.edition = edition
    referential = edition.referential
    result = jury_results([dossier])[dossier.pk]
    current = services.decision_of(dossier)
    initial = (
        {
            "level": str(current.level),
            "reason": current.reason,
            "mentions": current.mentions,
            "highlight": current.highlight,
        }
        if current
        else {"level": str(result.proposed_level)}
    )
    form = DecisionForm(referential, request.POST or None, initial=initial)
    phase = edition.phase
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_level(
                request.user,
                dossier,
                form.cleaned_data["level"],
                form.cleaned_data["reason"],
                form.cleaned_data.get("mentions", []),
                highlight=form.cleaned_data["highlight"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:  # the phase: shown above the page, which then has no form
                messages.error(request, " ".join(error.messages))
                return redirect("jury:deliberation_decision", year=edition.year, pk=dossier.pk)
        else:
            messages.success(
                request,
                _("Decision recorded for %(body)s. It stays confidential until the results are published.")
                % {"body": dossier.territory.display_name},
            )
            return redirect("jury:deliberation", year=edition.year)
    levels = dict(services.level_choices(referential))
    mentions = dict(services.mention_choices(referential))
    return render(
        request,
        "jury/deliberation_decision.html",
        {
            "edition": edition,
            "dossier": dossier,
            "result": result,
            "reviewers": sorted(
                ((review.assignment.member.user.get_full_name(), level) for review, level in _review_levels(result)),
                key=lambda item: (item[1], item[0]),
            ),
            "decision": current,
            "current_mentions": [mentions.get(code, code) for code in (current.mentions if current else [])],
            "levels": levels,
            "form": form,
            "open": phase == Phase.DELIBERATION,
            "phase": phase,
            "published": phase in (Phase.PUBLISHED, Phase.ARCHIVED),
        },
    )
