"""Clarification pages: the jury's thread page of a dossier (read with `jury.see_dossier`, ask
and close with `jury.clarify`) and the candidate's page of one question (`jury.answer_clarification`:
the body's confirmed members). Both are reached from e-mails: a visitor is sent to log in;
anyone else without the permission gets a 404. Every change goes through clarification_services.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tnl.core.forms import DateTimeLocalField
from tnl.core.permissions import get_object_or_404_for, has_perm, is_organiser, require
from tnl.core.texts import localized
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.dossiers.presenters import short_text
from tnl.dossiers.services import JURY_PHASES
from tnl.dossiers.words import value_in_words
from tnl.territories.models import Membership

from . import clarification_services as services
from .enums import ClarificationStatus
from .models import Clarification, ClarificationMessage

THREADS = Prefetch(
    "clarifications",
    queryset=Clarification.objects.select_related("asked_by").prefetch_related(
        Prefetch("messages", queryset=ClarificationMessage.objects.select_related("author"))
    ),
)
JURY_DOSSIERS = (
    Dossier.objects.filter(status=DossierStatus.SUBMITTED)
    .select_related("edition__referential", "territory")
    .prefetch_related("answers", "evidence", THREADS)
)


class AskForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your question to the candidate"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("The body's members receive it by e-mail and answer on the platform."),
    )
    questions = forms.MultipleChoiceField(
        label=gettext_lazy("Questions to reopen for correction"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Optional: the body can then change the answers and evidence of these questions until the date below."
        ),
    )
    open_until = DateTimeLocalField(
        label=gettext_lazy("Open for correction until"),
        required=False,
        help_text=gettext_lazy("Required when questions are reopened."),
    )

    def __init__(self, dossier, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [
            (code, f"{code} — {short_text(localized(question['text']))}")
            for code, question in services.question_index(dossier).items()
        ]


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your answer"), widget=forms.Textarea(attrs={"rows": 6}))


def _evidence_words(items):
    return [item["url"] if item["kind"] == "url" else item["name"] for item in items]


def _reopening(clarification, dossier, now):
    """Whether the clarification's questions can still be corrected now."""
    return bool(
        clarification.questions
        and clarification.status != ClarificationStatus.CLOSED
        and clarification.open_until is not None
        and clarification.open_until > now
        and dossier.is_submitted
        and dossier.edition.phase in JURY_PHASES
    )


def _changes(clarification, questions, answers, evidence):
    """Before (the snapshot) and after (the dossier now) of each reopened question, in words."""
    rows = []
    for code in clarification.questions:
        question = questions.get(code, {"code": code, "kind": "text", "text": code})
        before = clarification.before.get(code, {"value": None, "evidence": []})
        after_value = answers[code].value if code in answers else None
        after_evidence = [services.evidence_item(item) for item in evidence.get(code, [])]
        rows.append(
            {
                "code": code,
                "text": short_text(localized(question["text"])),
                "before": value_in_words(question, before["value"]),
                "after": value_in_words(question, after_value),
                "before_evidence": _evidence_words(before["evidence"]),
                "after_evidence": _evidence_words(after_evidence),
                "changed": before["value"] != after_value or before["evidence"] != after_evidence,
            }
        )
    return rows


def _jury_dossier(request, year, pk):
    return get_object_or_404_for(request.user, "jury.see_dossier", JURY_DOSSIERS, pk=pk, edition__year=year)


@login_required
def clarifications(request, year, pk):
    """The jury's thread page of a dossier: every question asked, its messages, the before/after
    of the reopened questions; the form to ask (jury.clarify)."""
    dossier = _jury_dossier(request, year, pk)
    user = request.user
    can_ask = has_perm(user, "jury.clarify", dossier)
    form = AskForm(dossier, request.POST or None) if can_ask else None
    if request.method == "POST":
        require(user, "jury.clarify", dossier)
        if form.is_valid():
            try:
                clarification = services.ask_clarification(
                    user,
                    dossier,
                    form.cleaned_data["text"],
                    questions=form.cleaned_data["questions"],
                    open_until=form.cleaned_data["open_until"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The question is sent: the body's members are notified by e-mail."))
                return redirect(
                    reverse("jury:clarifications", kwargs={"year": year, "pk": dossier.pk})
                    + f"#clarification-{clarification.pk}"
                )
    now = timezone.now()
    questions = services.question_index(dossier)
    answers = {answer.question: answer for answer in dossier.answers.all()}
    evidence = {}
    for item in sorted(dossier.evidence.all(), key=lambda e: (e.added_at, e.pk)):
        evidence.setdefault(item.question, []).append(item)
    organiser = is_organiser(user)
    threads = [
        {
            "clarification": clarification,
            "messages": list(clarification.messages.all()),
            "changes": _changes(clarification, questions, answers, evidence),
            "reopened": _reopening(clarification, dossier, now),
            "can_close": clarification.status != ClarificationStatus.CLOSED
            and can_ask
            and (organiser or clarification.asked_by_id == user.pk),
        }
        for clarification in dossier.clarifications.all()
    ]
    return render(
        request,
        "jury/clarifications.html",
        {
            "dossier": dossier,
            "edition": dossier.edition,
            "threads": threads,
            "form": form,
            "can_ask": can_ask,
            "phase_allows": dossier.edition.phase in JURY_PHASES,
        },
    )


@require_POST
@login_required
def close(request, year, pk, clarification_pk):
    """Close one question (its asker or an organiser): no more answers, corrections end."""
    dossier = _jury_dossier(request, year, pk)
    require(request.user, "jury.clarify", dossier)
    clarification = get_object_or_404(Clarification, dossier=dossier, pk=clarification_pk)
    try:
        services.close_clarification(request.user, clarification)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The question is closed."))
    return redirect(
        reverse("jury:clarifications", kwargs={"year": year, "pk": pk}) + f"#clarification-{clarification.pk}"
    )


def question_url(dossier, code):
    """The question on the candidate's axis page."""
    for axis in dossier.edition.referential.document["axes"]:
        if any(question["code"] == code for question in axis["questions"]):
            return reverse("dossiers:axis", args=[dossier.pk, axis["code"]]) + f"#q-{code}"
    return reverse("dossiers:detail", args=[dossier.pk])


@login_required
def clarification(request, pk, clarification_pk):
    """The candidate's page of one question from the jury: the thread, the reopened questions
    (with links to change them while they are open) and the form to answer."""
    queryset = Clarification.objects.select_related("dossier__edition__referential", "dossier__territory")
    clarification = get_object_or_404_for(
        request.user, "jury.answer_clarification", queryset, pk=clarification_pk, dossier_id=pk
    )
    dossier = clarification.dossier
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_clarification(request.user, clarification, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your answer is sent to the jury."))
            return redirect(reverse("jury:clarification", args=[dossier.pk, clarification.pk]) + "#thread")
    members = set(Membership.objects.confirmed().in_body(dossier.territory).values_list("user_id", flat=True))
    thread = [
        {"message": message, "from_jury": message.author_id not in members}
        for message in clarification.messages.select_related("author")
    ]
    questions = services.question_index(dossier)
    reopened = _reopening(clarification, dossier, timezone.now())
    return render(
        request,
        "jury/clarification.html",
        {
            "dossier": dossier,
            "clarification": clarification,
            "thread": thread,
            "reopened": reopened,
            "questions": [
                {
                    "code": code,
                    "text": short_text(localized(questions[code]["text"])) if code in questions else "",
                    "url": question_url(dossier, code),
                }
                for code in clarification.questions
            ],
            "form": form,
            "can_answer": clarification.status != ClarificationStatus.CLOSED and dossier.edition.phase in JURY_PHASES,
        },
    )
