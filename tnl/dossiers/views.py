"""The candidate's pages: start a dossier, its overview, one page per axis, and the small posts
that save an answer, add or remove a link, switch the form, submit and reopen, and the consent
to show the answers on the body's public page.

Every view fetches the dossier through `_dossier` (`dossiers.view`: anyone else gets a 404);
actions then check their own permission (403: the person can see the dossier, but not do
this) and call one function of services.py. Each page computes `dossier_state` once: the
answers and evidence come with the dossier (two prefetch queries), so nothing queries inside
the per-question loop.

Every form works as a plain post (redirect back with a message, or the page again with the
problem shown). With htmx, an answer form saves as it is typed and gets back its own block,
plus out-of-band updates of the question states and the score summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for, require
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.territories.enums import Kind, MembershipStatus
from tnl.territories.models import Membership, Territory

from . import services
from .enums import DossierForm, EvidenceKind
from .forms import AnswerForm, ApplyForm, LinkForm
from .models import Answer, Dossier
from .presenters import Page, local_time
from .words import value_in_words

ANSWERS = Prefetch("answers", queryset=Answer.objects.select_related("updated_by"))
DOSSIERS = Dossier.objects.select_related(
    "edition__referential", "territory", "submitted_by", "previous__edition"
).prefetch_related(ANSWERS, "evidence")


def _with_saved_answer(page, saved):
    """The page after an answer is saved: the dossier as loaded, with the saved answer in place of
    the one read before the save, scored on first use. A save changes one answer (and the
    dossier's `updated_at`, which no part of the answer's response shows), so nothing else need be
    read again: neither the dossier, its edition and referential and evidence, nor its other
    answers (55 rows with their authors, read a few milliseconds before)."""
    dossier = page.dossier
    answers = [answer for answer in dossier.answers.all() if answer.question != saved.question]
    answers.append(saved)
    dossier._prefetched_objects_cache["answers"]._result_cache = answers
    return Page(page.request, dossier)


def _dossier(request, pk, permission=None):
    """The dossier if the person may see it and may do `permission` (404 otherwise: `NotAllowed`)."""
    dossier = get_object_or_404_for(request.user, "dossiers.view", DOSSIERS, pk=pk)
    if permission is not None:
        require(request.user, permission, dossier)
    return dossier


def open_edition():
    now = timezone.now()
    candidates = Edition.objects.select_related("referential").filter(
        opens_at__lte=now, closes_at__gt=now, deliberation_started_at=None, published_at=None, archived_at=None
    )
    return next((edition for edition in candidates.order_by("-year") if edition.phase_at(now) == Phase.OPEN), None)


def _question(page, code):
    question = page.questions.get(code)
    if question is None:
        raise Http404
    return question


def _axis_response(request, page, axis_code, override=None, status=200):
    axis = page.axis(axis_code)
    if axis is None:
        raise Http404
    previous, following = page.neighbours(axis)
    context = page.context(
        axis=axis,
        axis_result=page.state.result.axes[axis["code"]],
        rows=page.rows(axis, override),
        previous_axis=previous,
        next_axis=following,
    )
    return render(request, "dossiers/axis.html", context, status=status)


def _partial_response(request, page, template, row):
    """An htmx answer: the question's block (`template`), plus the states of the axis's questions
    and the summary, out of band (an answer can make other questions (not) applicable)."""
    axis_code = page.state.result.questions[row.code].axis
    axis = page.axis(axis_code) or next(a for a in page.state.document["axes"] if a["code"] == axis_code)
    context = page.context(row=row, axis=axis, axis_result=page.state.result.axes[axis_code], rows=page.states(axis))
    return render(request, template, context)


# Pages -----------------------------------------------------------------------------------------


@login_required
def mine(request):
    """The bodies I act for, with their dossier for the open edition (or a button to start it),
    and my requests to join a body that still wait for confirmation."""
    memberships = list(
        Membership.objects.confirmed()
        .of(request.user)
        .select_related("territory")
        .order_by("territory__name", "territory__code")
    )
    edition = open_edition()
    dossiers = {}
    for dossier in Dossier.objects.filter(territory__in=[m.territory for m in memberships]).select_related("edition"):
        dossiers.setdefault(dossier.territory_id, []).append(dossier)
    bodies = []
    for membership in memberships:
        own = sorted(dossiers.get(membership.territory_id, []), key=lambda d: -d.edition.year)
        current = next((d for d in own if edition is not None and d.edition_id == edition.pk), None)
        bodies.append({"membership": membership, "current": current, "others": [d for d in own if d is not current]})
    pending = (
        Membership.objects.filter(user=request.user, status=MembershipStatus.PENDING)
        .select_related("territory")
        .order_by("territory__name", "territory__code")
    )
    return render(request, "dossiers/mine.html", {"bodies": bodies, "edition": edition, "pending": pending})


def apply(request, kind, code):
    """Start the body's dossier for the open edition: full or badge form, from the last one or not."""
    if kind not in Kind.values:
        raise Http404
    territory = get_object_or_404_for(request.user, "dossiers.create", Territory.objects.all(), kind=kind, code=code)
    edition = open_edition()
    if edition is not None:
        existing = Dossier.objects.filter(edition=edition, territory=territory).first()
        if existing is not None:
            return redirect("dossiers:detail", pk=existing.pk)
    previous = services.previous_dossier(edition, territory) if edition is not None else None
    form = ApplyForm(request.POST or None, previous=previous)
    if request.method == "POST" and edition is not None and form.is_valid():
        try:
            dossier = services.create_dossier(
                request.user,
                edition,
                territory,
                form=form.cleaned_data["form"],
                start_from_previous=form.cleaned_data.get("start_from_previous", False),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("The dossier of %(body)s is started. Answers are saved as you go.") % {"body": territory.name},
            )
            return redirect("dossiers:detail", pk=dossier.pk)
    return render(
        request,
        "dossiers/apply.html",
        {"territory": territory, "edition": edition, "previous": previous, "form": form},
    )


def detail(request, pk):
    """The dossier overview: progress, live score and level, what is missing, submit or reopen."""
    page = Page(request, _dossier(request, pk))
    return render(request, "dossiers/detail.html", page.context())


def axis(request, pk, code):
    """One axis: every question of the current form, each with its own small form."""
    page = Page(request, _dossier(request, pk))
    return _axis_response(request, page, code)


# Actions ---------------------------------------------------------------------------------------


def _same(answer, value, comment):
    return answer is not None and answer.value == value and answer.comment == comment


def _refused(request, page, code):
    """A change posted to a dossier that can no longer change (deadline passed, submitted):
    say why. With htmx the page reloads, and shows the reason and no form."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    messages.error(request, page.read_only_reason())
    return redirect(page.question_url(code))


def _conflict(request, question, answer, value, comment):
    who = answer.updated_by if answer is not None else None
    return {
        "same_person": who is not None and who.pk == request.user.pk,
        "name": str(who) if who else _("someone"),
        "time": local_time(answer.updated_at, "H:i") if answer is not None else "",
        "theirs": value_in_words(question, answer.value if answer else None),
        "yours": value_in_words(question, value),
        "their_comment": answer.comment if answer else "",
        "your_comment": comment,
    }


@require_POST
def save_answer(request, pk, code):
    """Save one answer (autosave or the Save button). A form loaded before someone else's save is
    a conflict: both answers are shown, nothing is overwritten until the person saves again."""
    dossier = _dossier(request, pk, "dossiers.edit")
    page = Page(request, dossier)
    question = _question(page, code)
    if question["kind"] == "file":
        raise Http404
    if not page.editable_for(code):
        return _refused(request, page, code)
    current = page.answer(code)
    form = AnswerForm(question, request.POST)
    conflict, saved, stored = None, False, None
    if "keep" in request.POST:  # "keep theirs" after a conflict: nothing to save
        if not request.htmx:
            messages.info(request, _("The answer to %(code)s was left as saved.") % {"code": code})
            return redirect(page.question_url(code))
        return _partial_response(request, page, "dossiers/_answer_response.html", page.row(question))
    if form.is_valid():
        value, comment = form.answer_value(), form.cleaned_data["comment"]
        if _same(current, value, comment) and not current.needs_review:
            # Nothing changed: a second "change" event, or someone saved the very same answer.
            saved = True
        else:
            try:
                stored = services.save_answer(
                    request.user, dossier, code, value, comment, expected_version=form.cleaned_data["version"]
                )
                saved = True
            except services.AnswerConflict as error:
                conflict = _conflict(request, question, error.answer, value, comment)
                data = request.POST.copy()
                data["version"] = error.answer.version if error.answer else ""
                form = AnswerForm(question, data)
            except ValidationError as error:
                form.add_error(None, error.messages)
    if saved and not request.htmx:
        messages.success(request, _("The answer to %(code)s is saved.") % {"code": code})
        return redirect(page.question_url(code))
    if stored is not None:
        page = _with_saved_answer(page, stored)
    row = page.row(question, form=None if saved else form, conflict=conflict, just_saved=saved)
    if request.htmx:
        return _partial_response(request, page, "dossiers/_answer_response.html", row)
    return _axis_response(request, page, page.state.result.questions[code].axis, override=row)


def _evidence_done(request, page, code, notice):
    """After adding or removing evidence: with htmx, the question's evidence block (with the
    notice next to it) and the out-of-band updates; else back to the question, where the
    message shows at the top of the page and next to the question's evidence."""
    if not request.htmx:
        messages.success(request, notice)
        return redirect(page.question_url(code, query=urlencode({"evidence": code})))
    page = Page(request, DOSSIERS.get(pk=page.dossier.pk))
    row = page.row(page.questions[code], evidence_notice=notice)
    return _partial_response(request, page, "dossiers/_evidence_response.html", row)


@require_POST
def add_link(request, pk, code):
    """Add a link as evidence for one question."""
    dossier = _dossier(request, pk, "dossiers.edit")
    page = Page(request, dossier)
    question = _question(page, code)
    if not page.editable_for(code):
        return _refused(request, page, code)
    form = LinkForm(code, request.POST)
    if form.is_valid():
        try:
            services.add_evidence_link(request.user, dossier, code, form.cleaned_data["url"])
        except ValidationError as error:
            form.add_error("url", error.messages)
        else:
            return _evidence_done(request, page, code, _("The link is added to %(code)s.") % {"code": code})
    row = page.row(question, link_form=form)
    if request.htmx:
        return _partial_response(request, page, "dossiers/_evidence_response.html", row)
    return _axis_response(request, page, page.state.result.questions[code].axis, override=row)


@require_POST
def remove_evidence(request, pk, evidence_pk):
    """Remove one piece of evidence (a link or a file), then go back to its question."""
    dossier = _dossier(request, pk, "dossiers.edit")
    evidence = next((item for item in dossier.evidence.all() if item.pk == evidence_pk), None)
    if evidence is None:
        raise Http404
    page = Page(request, dossier)
    code = evidence.question
    if code not in page.questions:  # a question dropped from the referential: nothing to show it on
        raise Http404
    if not page.editable_for(code):
        return _refused(request, page, code)
    name = evidence.original_name if evidence.kind == EvidenceKind.FILE else evidence.url
    services.remove_evidence(request.user, evidence)
    return _evidence_done(request, page, code, _("“%(name)s” is removed from %(code)s.") % {"name": name, "code": code})


def dossier_url(dossier):
    return reverse("dossiers:detail", args=[dossier.pk])


def _state_change(request, pk, permission, action, done):
    dossier = _dossier(request, pk, permission)
    try:
        action(dossier)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(dossier_url(dossier))


@require_POST
def set_form(request, pk):
    """Switch between the full questionnaire and the badge form (answers are kept)."""
    form = request.POST.get("form")
    done = (
        _("You now fill in the short badge form. Answers to the other questions are kept.")
        if form == DossierForm.BADGE
        else _("You now fill in the full questionnaire.")
    )
    return _state_change(
        request, pk, "dossiers.edit", lambda dossier: services.set_form(request.user, dossier, form), done
    )


@require_POST
def set_public_answers(request, pk):
    """The body's consent to show its answers on its public page once published (referents)."""
    value = "public_answers" in request.POST
    done = (
        _("Your answers will appear on your body's public page once the results are published.")
        if value
        else _("Your answers stay private: the public page will show your level and scores only.")
    )
    return _state_change(
        request,
        pk,
        "dossiers.submit",
        lambda dossier: services.set_public_answers(request.user, dossier, value),
        done,
    )


@require_POST
def submit(request, pk):
    """Submit the dossier to the jury (referents; a receipt is e-mailed to every member)."""
    return _state_change(
        request,
        pk,
        "dossiers.submit",
        lambda dossier: services.submit_dossier(request.user, dossier),
        _("The dossier is submitted. A receipt was sent by e-mail to every member of the body."),
    )


@require_POST
def reopen(request, pk):
    """Take a submitted dossier back to writing (referents, until the deadline)."""
    return _state_change(
        request,
        pk,
        "dossiers.submit",
        lambda dossier: services.reopen_dossier(request.user, dossier),
        _("The dossier is reopened: remember to submit it again before the deadline."),
    )
