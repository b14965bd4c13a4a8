"""The organiser's publication page: publish now, plan the publication, withdraw the results."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for
from tnl.editions.enums import Phase
from tnl.editions.models import Edition

from . import paths, services
from .models import Release, SiteGeneration
from .site import LANGUAGES


class ScheduleForm(forms.Form):
    moment = forms.DateTimeField(
        label=gettext_lazy("Date and time of the publication"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("In the site's time zone; the results go public at that minute."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are the results withdrawn?"),
        max_length=services.MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the log. The credentials already issued are revoked."),
    )


def _edition(request, year):
    return get_object_or_404_for(
        request.user, "publication.publish", Edition.objects.select_related("referential"), year=year
    )


def manage(request, year, schedule_form=None, withdraw_form=None):
    edition = _edition(request, year)
    phase = edition.phase
    releases = list(Release.objects.filter(year=edition.year).select_related("published_by").order_by("-number"))
    live = next((release for release in releases if release.is_live), None)
    state = SiteGeneration.objects.filter(pk=1).first()
    return render(
        request,
        "publication/manage.html",
        {
            "edition": edition,
            "phase": phase,
            "problems": services.publication_problems(edition) if phase == Phase.DELIBERATION else [],
            "can_publish": phase == Phase.DELIBERATION,
            "live": live,
            "live_count": live.results.count() if live else 0,
            "releases": releases,
            "schedule_form": schedule_form or ScheduleForm(),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "files_pending": state is not None and state.built < state.generation,
            "public_pages": [(code, paths.url(paths.results(edition.year, code))) for code in LANGUAGES],
        },
    )


def _refused(request, error):
    messages.error(request, " ".join(error.messages))


@require_POST
def publish(request, year):
    edition = _edition(request, year)
    try:
        release = services.publish_edition(request.user, edition)
    except ValidationError as error:
        _refused(request, error)
    else:
        count = release.results.count()
        messages.success(
            request,
            ngettext(
                "The results of %(year)s are published: %(count)s labelled body. The result e-mails are sent.",
                "The results of %(year)s are published: %(count)s labelled bodies. The result e-mails are sent.",
                count,
            )
            % {"year": edition.year, "count": count},
        )
    return redirect("publication:manage", year=edition.year)


@require_POST
def schedule(request, year):
    edition = _edition(request, year)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_publication(request.user, edition, form.cleaned_data["moment"])
        except ValidationError as error:
            form.add_error("moment", error.messages)
        else:
            messages.success(request, _("The publication is planned."))
            return redirect("publication:manage", year=edition.year)
    return manage(request, year, schedule_form=form)


@require_POST
def cancel(request, year):
    edition = _edition(request, year)
    try:
        services.cancel_scheduled_publication(request.user, edition)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The planned publication is cancelled."))
    return redirect("publication:manage", year=edition.year)


@require_POST
def withdraw(request, year):
    edition = _edition(request, year)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.unpublish_edition(request.user, edition, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(
                request,
                _("The results of %(year)s are withdrawn: the public pages, files and credentials no longer show them.")
                % {"year": edition.year},
            )
            return redirect("publication:manage", year=edition.year)
    return manage(request, year, withdraw_form=form)
