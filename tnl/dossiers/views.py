"""The candidate's pages: start a dossier, its overview, one page per axis, and the small posts
that save an answer, add or remove a link, switch the form, submit and reopen.

Every view fetches the dossier through `_dossier` (`dossiers.view`: anyone else gets a 404);
actions then check their own permission (403: the person can see the dossier, but not do
this) and call one function of services.py. Each page computes `dossier_state` once: the
answers and evidence come with the dossier (two prefetch queries), so nothing queries inside
the per-question loop.

Every form works as a plain post (redirect back with a message, or the page again with the
problem shown). With htmx, an answer form saves as it is typed and gets back its own block,
plus out-of-band updates of the question states and the score summary."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for, has_perm, require
from tnl.core.texts import localized
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.referentials.engine import format_number
from tnl.territories.enums import Kind
from tnl.territories.models import Membership, Territory

from . import services
from .enums import DossierForm
from .forms import AnswerForm, ApplyForm, LinkForm, value_in_words
from .models import Answer, Dossier
from .scoring import dossier_state

DOSSIERS = Dossier.objects.select_related(
    "edition__referential", "territory", "submitted_by", "previous__edition"
).prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("updated_by")), "evidence")


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


def _local(moment, fmt):
    return date_format(timezone.localtime(moment), fmt)


# What the pages show ---------------------------------------------------------------------------


@dataclass
class QuestionRow:
    """One question as the axis page shows it."""

    code: str
    question: dict
    answer: object
    evidence: list
    status: str
    status_label: str
    state_text: str
    form: AnswerForm | None
    link_form: LinkForm
    conflict: dict | None = None
    just_saved: bool = False

    @property
    def needs_review(self):
        return self.answer is not None and self.answer.needs_review

    @property
    def value_in_words(self):
        return value_in_words(self.question, self.answer.value if self.answer else None)


STATUS_LABELS = {
    "scored": gettext_lazy("counted"),
    "unanswered": gettext_lazy("not answered"),
    "not_applicable": gettext_lazy("not applicable"),
    "evidence_missing": gettext_lazy("evidence missing"),
}


class Page:
    """Everything a dossier page needs, computed once per request."""

    def __init__(self, request, dossier):
        self.request, self.dossier = request, dossier
        self.state = dossier_state(dossier)
        user = request.user
        self.can_edit = has_perm(user, "dossiers.edit", dossier)
        self.can_submit = has_perm(user, "dossiers.submit", dossier)
        self.phase = dossier.edition.phase
        self.is_open = self.phase == Phase.OPEN
        self.editable = self.can_edit and self.is_open and not dossier.is_submitted
        self.axes = [axis for axis in self.state.document["axes"] if self.state.form_questions(axis)]
        self._na_reasons = None

    # Summary

    def read_only_reason(self):
        dossier, edition = self.dossier, self.dossier.edition
        if not self.is_open:
            if edition.closes_at and timezone.now() >= edition.closes_at:
                return _(
                    "Applications to the %(year)s edition closed on %(date)s: the dossier can no longer change."
                ) % {
                    "year": edition.year,
                    "date": _local(edition.closes_at, "j F Y H:i"),
                }
            return _("The %(year)s edition is not open for applications: the dossier cannot change.") % {
                "year": edition.year
            }
        if dossier.is_submitted:
            return _(
                "The dossier was submitted on %(date)s by %(person)s. A referent can reopen it until the "
                "deadline to change it."
            ) % {"date": _local(dossier.submitted_at, "j F Y H:i"), "person": dossier.submitted_by or _("someone")}
        if not self.can_edit:
            return _("You can read this dossier but not change it: only the body's members can.")
        return None

    def axis_rows(self):
        progress, _total = self.state.progress()
        rows = []
        for axis in self.axes:
            done, count = progress[axis["code"]]
            rows.append(
                {
                    "code": axis["code"],
                    "title": localized(axis["title"]),
                    "done": done,
                    "count": count,
                    "result": self.state.result.axes[axis["code"]],
                    "url": reverse("dossiers:axis", args=[self.dossier.pk, axis["code"]]),
                }
            )
        return rows

    def total(self):
        return self.state.progress()[1]

    def level(self):
        result = self.state.result
        return {
            "number": result.level,
            "label": localized(result.level_label) if result.level_label else "",
            "next": result.next_level.level if result.next_level else None,
            "next_label": localized(result.next_level.label) if result.next_level and result.next_level.label else "",
        }

    def question_url(self, code):
        axis = self.state.result.questions[code].axis
        return reverse("dossiers:axis", args=[self.dossier.pk, axis]) + f"#q-{code}"

    def blockers(self):
        return [
            {"code": code, "message": message, "url": self.question_url(code) if code else None}
            for code, message in services.submission_blockers(self.state)
        ]

    def to_review(self):
        answers = self.state.answers
        return [
            {"code": code, "text": localized(question["text"]), "url": self.question_url(code)}
            for code, question in self.state.questions.items()
            if code in answers and answers[code].needs_review and self.state.in_form(code)
        ]

    # Questions

    def axis(self, code):
        return next((axis for axis in self.axes if axis["code"] == code), None)

    def na_reasons(self):
        if self._na_reasons is None:
            reasons = {}
            rules = self.state.document.get("rules", [])
            for index in self.state.result.applied_rules:
                rule = rules[index]
                answers = (rule.get("when") or {}).get("answer")
                if answers:
                    reason = _("Does not apply to your body, given your answer to %(codes)s.") % {
                        "codes": ", ".join(answers)
                    }
                else:
                    reason = _("Does not apply to your body.")
                for code in rule.get("not_applicable", ()):
                    reasons.setdefault(code, reason)
            self._na_reasons = reasons
        return self._na_reasons

    def state_text(self, code):
        result = self.state.result.questions[code]
        points, potential = format_number(result.points), format_number(result.potential)
        if result.status == "not_applicable":
            return self.na_reasons().get(code, _("Does not apply to your body."))
        if result.status == "scored":
            text = _("Counted: %(points)s of %(potential)s points.") % {"points": points, "potential": potential}
        elif result.status == "evidence_missing":
            text = _(
                "Evidence is missing: add a link or a file so that the answer counts (up to %(potential)s points)."
            ) % {"potential": potential}
        else:
            text = _("Not answered yet: worth up to %(potential)s points.") % {"potential": potential}
        if result.factor != 1:
            text += " " + _("For your body, this question counts ×%(factor)s.") % {
                "factor": format_number(result.factor)
            }
        return text

    def row(self, question, form=None, **extra):
        code = question["code"]
        answer = self.state.answers.get(code)
        status = self.state.result.questions[code].status
        if form is None and question["kind"] != "file":
            form = AnswerForm(question, answer=answer)
        if form is not None and self.editable and not extra.get("conflict"):
            form.enable_typing_autosave(reverse("dossiers:save_answer", args=[self.dossier.pk, code]))
        return QuestionRow(
            code=code,
            question=question,
            answer=answer,
            evidence=self.state.evidence.get(code, []),
            status=status,
            status_label=STATUS_LABELS[status],
            state_text=self.state_text(code),
            form=form,
            link_form=extra.pop("link_form", None) or LinkForm(code),
            **extra,
        )

    def rows(self, axis, override=None):
        return [
            override if override is not None and override.code == q["code"] else self.row(q)
            for q in self.state.form_questions(axis)
        ]

    def neighbours(self, axis):
        index = self.axes.index(axis)
        return (
            self.axes[index - 1] if index > 0 else None,
            self.axes[index + 1] if index + 1 < len(self.axes) else None,
        )

    def context(self, **extra):
        return {"page": self, "dossier": self.dossier, "state": self.state, "editable": self.editable, **extra}


def _question(page, code):
    question = page.state.questions.get(code)
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
    context = page.context(row=row, axis=axis, axis_result=page.state.result.axes[axis_code], rows=page.rows(axis))
    return render(request, template, context)


# Pages -----------------------------------------------------------------------------------------


@login_required
def mine(request):
    """The bodies I act for, with their dossier for the open edition (or a button to start it)."""
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
    return render(request, "dossiers/mine.html", {"bodies": bodies, "edition": edition})


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
        "time": _local(answer.updated_at, "H:i") if answer is not None else "",
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
    if not page.editable:
        return _refused(request, page, code)
    current = page.state.answers.get(code)
    form = AnswerForm(question, request.POST)
    conflict, saved = None, False
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
                services.save_answer(
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
    if saved:
        page = Page(request, DOSSIERS.get(pk=dossier.pk))
    row = page.row(question, form=None if saved else form, conflict=conflict, just_saved=saved)
    if request.htmx:
        return _partial_response(request, page, "dossiers/_answer_response.html", row)
    return _axis_response(request, page, page.state.result.questions[code].axis, override=row)


@require_POST
def add_link(request, pk, code):
    """Add a link as evidence for one question."""
    dossier = _dossier(request, pk, "dossiers.edit")
    page = Page(request, dossier)
    question = _question(page, code)
    if not page.editable:
        return _refused(request, page, code)
    form = LinkForm(code, request.POST)
    if form.is_valid():
        try:
            services.add_evidence_link(request.user, dossier, code, form.cleaned_data["url"])
        except ValidationError as error:
            form.add_error("url", error.messages)
        else:
            if not request.htmx:
                messages.success(request, _("The link is added to %(code)s.") % {"code": code})
                return redirect(page.question_url(code))
            form = LinkForm(code)
            page = Page(request, DOSSIERS.get(pk=dossier.pk))
    row = page.row(question, link_form=form)
    if request.htmx:
        return _partial_response(request, page, "dossiers/_evidence_response.html", row)
    return _axis_response(request, page, page.state.result.questions[code].axis, override=row)


@require_POST
def remove_evidence(request, pk, evidence_pk):
    """Remove one piece of evidence (a link or a file)."""
    dossier = _dossier(request, pk, "dossiers.edit")
    evidence = next((item for item in dossier.evidence.all() if item.pk == evidence_pk), None)
    if evidence is None:
        raise Http404
    page = Page(request, dossier)
    code = evidence.question
    if code not in page.state.questions:  # a question dropped from the referential: nothing to show it on
        raise Http404
    if not page.editable:
        return _refused(request, page, code)
    services.remove_evidence(request.user, evidence)
    if request.htmx:
        page = Page(request, DOSSIERS.get(pk=dossier.pk))
        return _partial_response(
            request, page, "dossiers/_evidence_response.html", page.row(page.state.questions[code])
        )
    messages.success(request, _("The evidence is removed from %(code)s.") % {"code": code})
    return redirect(page.question_url(code))


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
