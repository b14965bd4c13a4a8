"""The public verification of credentials: the page of one credential (valid or revoked, with the
badge, the code to show it elsewhere and the files to download), and a form that checks a
credential someone pastes or uploads.

Embargo: reads `PublishedResult` (and its release) and `RevokedCredential` only."""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import credentials, paths
from .models import PublishedResult, RevokedCredential


def badge_alt(result):
    return _("%(label)s %(year)s — level %(level)s") % {
        "label": credentials.label_name(result.release),
        "year": result.year,
        "level": result.level,
    }


def snippet(result):
    """The HTML a body copies into its own site: the badge, linking to this page."""
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="360" height="120"></a>',
        credentials.verification_url(result.credential_id),
        credentials.absolute(paths.badge(result.year, result.kind, result.code, "svg")),
        badge_alt(result),
    )


def verify(request, credential_id):
    result = PublishedResult.objects.select_related("release").filter(credential_id=credential_id).first()
    revoked = None
    if result is None:
        revoked = RevokedCredential.objects.filter(credential_id=credential_id).first()
        if revoked is None:
            raise Http404
    context = {"credential_id": credential_id, "result": result, "revoked": revoked}
    if result is not None:
        context.update(
            badge_svg=paths.url(paths.badge(result.year, result.kind, result.code, "svg")),
            badge_png=paths.url(paths.badge(result.year, result.kind, result.code, "png")),
            jwt=paths.url(paths.credential(result.year, result.kind, result.code)),
            alt=badge_alt(result),
            snippet=snippet(result),
            issuer=settings.TNL_ORGANISER_NAME,
        )
    else:
        context["revoked_message"] = credentials.revoked_message(revoked)
    return render(request, "publication/verify.html", context)


class CheckForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Credential (text)"),
        help_text=gettext_lazy("Paste the content of the .jwt file: three parts separated by dots."),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
        max_length=credentials.MAX_SIZE,
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Or the credential file"),
        help_text=gettext_lazy("The .jwt file downloaded from a verification page (64 kB at most)."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > credentials.MAX_SIZE:
                raise forms.ValidationError(_("The file is too large to be a credential (64 kB at most)."))
            data["token"] = upload.read(credentials.MAX_SIZE + 1).decode("utf-8", "replace")
        if not (data.get("token") or "").strip():
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        return data


def check(request):
    verdict = None
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
        if form.is_valid():
            verdict = credentials.verify(form.cleaned_data["token"])
    else:
        form = CheckForm()
    return render(request, "publication/check.html", {"form": form, "verdict": verdict})
