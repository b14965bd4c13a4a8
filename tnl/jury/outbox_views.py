"""The outbox pages (organisers): result e-mail templates, the prepared messages, one message's
preview and edit. Nothing is sent from here: the e-mails go when the results are published."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition

from . import outbox_services as services
from .enums import OutboxStatus
from .models import MAX_TEXT_LENGTH, OutboxMessage


class TemplateForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=services.SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=gettext_lazy("Text"), max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 14})
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def _edition(request, year):
    return get_object_or_404_for(request.user, "jury.manage", Edition.objects.select_related("referential"), year=year)


LANGUAGE_NAMES = {"fr": gettext_lazy("French"), "en": gettext_lazy("English")}


def outbox(request, year):
    """The templates (one form per language) and the prepared messages."""
    edition = _edition(request, year)
    templates = services.ensure_templates(request.user, edition)
    forms_by_language = {}
    for code, _name in settings.LANGUAGES:
        template = templates[code]
        bound = request.method == "POST" and request.POST.get("language") == code
        form = TemplateForm(
            request.POST if bound else None,
            initial={"subject": template.subject, "body": template.body},
            prefix=code,
        )
        if bound and form.is_valid():
            try:
                services.update_template(
                    request.user, edition, code, form.cleaned_data["subject"], form.cleaned_data["body"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The %(language)s e-mail is saved. Prepare the outbox again to apply it to the messages.")
                    % {"language": LANGUAGE_NAMES.get(code, code)},
                )
                return redirect("jury:outbox", year=edition.year)
        forms_by_language[code] = form
    outbox_messages = list(
        OutboxMessage.objects.filter(edition=edition)
        .select_related("dossier__territory", "recipient")
        .order_by("dossier__territory__name", "recipient__full_name", "pk")
    )
    phase = edition.phase
    return render(
        request,
        "jury/outbox.html",
        {
            "edition": edition,
            "phase": phase,
            "template_forms": [
                (code, LANGUAGE_NAMES.get(code, code), forms_by_language[code]) for code, _n in settings.LANGUAGES
            ],
            "placeholders": [("{" + name + "}", words) for name, words in services.PLACEHOLDERS.items()],
            "outbox_messages": outbox_messages,
            "can_prepare": phase in (Phase.DELIBERATION, Phase.PUBLISHED),
            "undecided": Dossier.objects.filter(
                edition=edition, status=DossierStatus.SUBMITTED, decision__isnull=True
            ).count(),
            "braces_help": _(
                "Placeholders in braces are replaced in each e-mail; write {{ or }} for a brace in the text."
            ),
        },
    )


@require_POST
def prepare(request, year):
    edition = _edition(request, year)
    try:
        counts = services.prepare_outbox(request.user, edition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Outbox prepared: %(created)s new, %(refreshed)s up to date with the templates, "
                "%(kept)s edited by hand or sent kept as they are, %(removed)s removed."
            )
            % counts,
        )
    return redirect("jury:outbox", year=edition.year)


def message(request, year, pk):
    """One message: its preview, and a form to change it by hand."""
    edition = _edition(request, year)
    try:
        item = OutboxMessage.objects.select_related("dossier__territory", "recipient", "edition").get(
            pk=pk, edition=edition
        )
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
    form = TemplateForm(request.POST or None, initial={"subject": item.subject, "body": item.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_outbox_message(request.user, item, form.cleaned_data["subject"], form.cleaned_data["body"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("E-mail saved; preparing the outbox again will keep it as it is."))
            return redirect("jury:outbox_message", year=edition.year, pk=item.pk)
    return render(
        request,
        "jury/outbox_message.html",
        {
            "edition": edition,
            "item": item,
            "form": form,
            "language_name": LANGUAGE_NAMES.get(item.language, item.language),
            "editable": item.status == OutboxStatus.DRAFT and edition.phase != Phase.ARCHIVED,
        },
    )
