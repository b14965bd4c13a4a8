"""The review page of one assignment (/jury/<year>/evaluations/<pk>/) and its small posts: save the
reading of a question, mark a piece of evidence valid or not, save an expert's opinion, submit,
and the organiser's reopening.

Who sees the page: the assignment's jury member (`jury.review`: never a conflicted one), to work
on it; organisers (`jury.manage`), read-only. Everyone else gets a 404.

Every form works as a plain post (redirect back to the question's anchor with a message, or the
page again with the problem shown next to the question, nothing typed lost). With htmx, a
question's forms get back the question's block, plus out-of-band updates of the score panel and
of the submit section.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tnl.core.permissions import has_perm, require
from tnl.dossiers.models import Evidence

from . import review_services as services
from .review_presenters import ASSIGNMENTS, Reading, ReviewPage


def _assignment(request, year, pk, permission=None):
    """The assignment, if the person reviews it or is an organiser (404 otherwise), and holds
    `permission` when one is named."""
    assignment = ASSIGNMENTS.filter(dossier__edition__year=year, pk=pk).first()
    if assignment is None:
        raise Http404
    user = request.user
    if not (has_perm(user, "jury.review", assignment) or has_perm(user, "jury.manage", assignment.dossier.edition)):
        raise Http404
    if permission == "jury.review":
        require(user, permission, assignment)
    elif permission == "jury.manage":
        require(user, permission, assignment.dossier.edition)
    return assignment


def review_url(assignment, anchor=""):
    url = reverse("jury:review", kwargs={"year": assignment.dossier.edition.year, "pk": assignment.pk})
    return url + (f"#{anchor}" if anchor else "")


def _page_response(request, page, status=200, **extra):
    return render(
        request, "jury/review.html", page.context(axes=page.axes(extra.pop("override", None)), **extra), status=status
    )


@require_safe
def review(request, year, pk):
    """The dossier question by question, with the reviewer's readings, the live reviewed score
    and (when allowed) the other reviews."""
    page = ReviewPage(request, _assignment(request, year, pk))
    return _page_response(request, page)


def _question_response(request, page, row, announce=""):
    """htmx: the question's block, with the score panel and the submit section out of band."""
    return render(request, "jury/_review_question_response.html", page.context(row=row, announce=announce))


def _error_text(error):
    return " ".join(error.messages)


@require_POST
def save_reading(request, year, pk, code):
    """Save the reading of question `code`: rubric, corrected points and reason, private comment."""
    assignment = _assignment(request, year, pk, "jury.review")
    page = ReviewPage(request, assignment)
    question = page.question(code)
    if question is None or not page.in_form(code):
        raise Http404
    rubric_text = request.POST.get("rubric", "").strip()
    posted = Reading(
        rubric=int(rubric_text) if rubric_text.isdigit() and len(rubric_text) < 3 else (rubric_text or None),
        corrected_points=request.POST.get("corrected_points", ""),
        correction_reason=request.POST.get("correction_reason", ""),
        comment=request.POST.get("comment", ""),
    )
    try:
        services.save_reading(
            request.user,
            assignment,
            code,
            rubric=posted.rubric,
            corrected_points=posted.corrected_points,
            correction_reason=posted.correction_reason,
            comment=posted.comment,
        )
    except ValidationError as error:
        posted.rubric = posted.rubric if isinstance(posted.rubric, int) else None
        row = page.row(question, reading=posted, error=_error_text(error))
        if request.htmx:
            return _question_response(request, page, row, announce=_("%(code)s not saved.") % {"code": code})
        return _page_response(request, page, status=400, override=row)
    page = ReviewPage(request, assignment)
    if request.htmx:
        row = page.row(question, just_saved=True)
        return _question_response(request, page, row, announce=_("%(code)s saved.") % {"code": code})
    messages.success(request, _("Your reading of %(code)s is saved.") % {"code": code})
    return redirect(review_url(assignment, f"q-{code}"))


@require_POST
def check_evidence(request, year, pk, evidence_pk):
    """Mark one piece of evidence valid (`is_valid=1`) or not valid (`is_valid=0`)."""
    assignment = _assignment(request, year, pk, "jury.review")
    evidence = Evidence.objects.filter(dossier_id=assignment.dossier_id, pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    page = ReviewPage(request, assignment)
    question = page.question(evidence.question)
    if question is None or not page.in_form(evidence.question):
        raise Http404
    is_valid = request.POST.get("is_valid") == "1"
    code = evidence.question
    try:
        services.check_evidence(request.user, assignment, evidence, is_valid)
    except ValidationError as error:
        if request.htmx:
            row = page.row(question, error=_error_text(error))
            return _question_response(request, page, row, announce=_("%(code)s not saved.") % {"code": code})
        messages.error(request, _error_text(error))
        return redirect(review_url(assignment, f"q-{code}"))
    page = ReviewPage(request, assignment)
    done = (
        _("%(code)s: the evidence is marked valid.") if is_valid else _("%(code)s: the evidence is marked not valid.")
    )
    if request.htmx:
        return _question_response(request, page, page.row(question, just_saved=True), announce=done % {"code": code})
    messages.success(request, done % {"code": code})
    return redirect(review_url(assignment, f"q-{code}"))


@require_POST
def save_opinion(request, year, pk):
    """An invited expert saves their written opinion."""
    assignment = _assignment(request, year, pk, "jury.review")
    text = request.POST.get("opinion", "")
    try:
        services.save_opinion(request.user, assignment, text)
    except ValidationError as error:
        page = ReviewPage(request, assignment)
        return _page_response(request, page, status=400, opinion_text=text, opinion_error=_error_text(error))
    messages.success(request, _("Your opinion is saved."))
    return redirect(review_url(assignment, "opinion"))


@require_POST
def submit(request, year, pk):
    """Submit the review (refused, saying which questions still need a rubric)."""
    assignment = _assignment(request, year, pk, "jury.review")
    try:
        services.submit_review(request.user, assignment)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(review_url(assignment, "submit"))
    messages.success(request, _("Your review is submitted. It counts in the deliberation."))
    return redirect(review_url(assignment))


@require_POST
def reopen(request, year, pk):
    """An organiser reopens a submitted review."""
    assignment = _assignment(request, year, pk, "jury.manage")
    review = getattr(assignment, "review", None)
    if review is None:
        raise Http404
    try:
        services.reopen_review(request.user, review)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(review_url(assignment))
    messages.success(
        request, _("The review is reopened: %(person)s can change it again.") % {"person": assignment.member.user}
    )
    return redirect(review_url(assignment))
