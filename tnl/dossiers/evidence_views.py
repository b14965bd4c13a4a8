"""Pages for a dossier's evidence files (upload, download), its print version, its PDF and its
dossier file. Links are added and evidence removed by views.add_link and views.remove_evidence.

Every view fetches the dossier through the access check (`dossiers.view`): an outsider gets
the same 404 as for a dossier or a file that does not exist. Changes go through the services.
"""

from csp.constants import NONE
from csp.decorators import csp, csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tnl.core.permissions import get_object_or_404_for, has_perm

from . import exports
from .enums import EvidenceKind
from .models import Dossier, Evidence
from .services import add_evidence_file

PRIVATE = "private, no-store"


def _dossier_for(request, pk):
    queryset = Dossier.objects.select_related("edition__referential", "territory")
    return get_object_or_404_for(request.user, "dossiers.view", queryset, pk=pk)


def _question_url(dossier, code):
    """The axis page of the question, at the question; the dossier page if there is none.
    The page shows the messages (refusal or success) next to that question's evidence too."""
    axis_code = next(
        (
            axis["code"]
            for axis in dossier.edition.referential.document["axes"]
            if any(question["code"] == code for question in axis["questions"])
        ),
        None,
    )
    if axis_code is not None:
        try:
            url = reverse("dossiers:axis", kwargs={"pk": dossier.pk, "code": axis_code})
            return url + f"?{urlencode({'evidence': code})}#q-{code}"
        except NoReverseMatch:
            pass
    return reverse("dossiers:detail", kwargs={"pk": dossier.pk})


def may_open_file(user, dossier):
    """Who may download a dossier's evidence files: those who may see the dossier, and the jury
    as it reads a submitted dossier (`jury.see_dossier`: organisers, jurors of the edition who
    are not conflicted with the body, an invited expert for a dossier assigned to them)."""
    if has_perm(user, "dossiers.view", dossier):
        return True
    return dossier.is_submitted and has_perm(user, "jury.see_dossier", dossier)


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_POST
def evidence_upload(request, pk, code):
    """Add the uploaded file (field `file`) as evidence for question `code`, then go back to it."""
    dossier = _dossier_for(request, pk)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to add as evidence for %(code)s.") % {"code": code})
        return redirect(_question_url(dossier, code))
    try:
        evidence = add_evidence_file(request.user, dossier, code, uploaded)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(_question_url(dossier, code))
    messages.success(
        request, _("“%(name)s” is added as evidence for %(code)s.") % {"name": evidence.original_name, "code": code}
    )
    return redirect(_question_url(dossier, code))


@require_safe
@csp({"default-src": [NONE], "sandbox": True})  # a downloaded file runs nothing, even if opened inline
def evidence_file(request, pk, evidence_pk):
    """An evidence file, as an attachment with its original name, to those who may see the dossier
    and to the jury once it is submitted (see `may_open_file`); anyone else gets a 404."""
    evidence = (
        Evidence.objects.select_related("dossier__territory", "dossier__edition")
        .filter(dossier_id=pk, pk=evidence_pk, kind=EvidenceKind.FILE)
        .first()
    )
    if evidence is None or not evidence.file or not may_open_file(request.user, evidence.dossier):
        raise Http404
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or evidence.stored_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    return response


@require_safe
def print_dossier(request, pk):
    """The whole dossier as one printable page (the PDF is made from the same HTML)."""
    dossier = _dossier_for(request, pk)
    html, context = exports.print_html(dossier, request)
    # The print stylesheet is inline (WeasyPrint reads it from the same HTML): allow exactly it.
    allow_print_css = csp_update({"style-src": [exports.style_hash(context["print_css"])]})
    response = allow_print_css(HttpResponse)(html)
    response["Cache-Control"] = PRIVATE
    return response


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = PRIVATE
    return response


@require_safe
def dossier_pdf(request, pk):
    """The print version as an A4 PDF attachment."""
    dossier = _dossier_for(request, pk)
    html, _context = exports.print_html(dossier, request)
    return _attachment(exports.dossier_pdf(html), "application/pdf", exports.dossier_filename(dossier, "pdf"))


@require_safe
def download(request, pk):
    """The dossier file (tnl-dossier/1 JSON) as an attachment: what `manage.py score` reads."""
    dossier = _dossier_for(request, pk)
    return _attachment(
        exports.dossier_json(dossier, request),
        "application/json; charset=utf-8",
        exports.dossier_filename(dossier, "json"),
    )
