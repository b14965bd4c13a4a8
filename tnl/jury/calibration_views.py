"""Calibration pages: the organiser chooses the sample dossiers (and writes the agreed readings);
organisers and jurors see how far the jurors agree, question by question.

Organiser pages go through `jury.manage`, the agreement page through `jury.deliberate`: anyone
else (invited experts, candidates, outsiders, visitors) gets a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for, has_perm
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition, JuryMember

from . import calibration_services as services
from .calibration_agreement import agreement, question_texts
from .conflicts import ConflictMap
from .models import MAX_TEXT_LENGTH, Assignment, CalibrationSample, QuestionNote, Review


def _edition(request, year, perm):
    return get_object_or_404_for(request.user, perm, Edition.objects.select_related("referential"), year=year)


class SampleForm(forms.Form):
    dossier = forms.ModelChoiceField(label=gettext_lazy("Submitted dossier"), queryset=Dossier.objects.none())

    def __init__(self, edition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["dossier"]
        field.queryset = (
            Dossier.objects.filter(edition=edition, status=DossierStatus.SUBMITTED)
            .exclude(pk__in=CalibrationSample.objects.filter(edition=edition).values("dossier_id"))
            .select_related("territory")
            .order_by("territory__name")
        )
        field.label_from_instance = lambda dossier: str(dossier.territory)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Agreed reading"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Every juror sees it next to the question while reviewing. Leave empty to delete the note."
        ),
    )


def _sample_rows(edition, samples):
    """Per sample: the jurors who have it (with their review's status) and those skipped, with why."""
    jurors = list(JuryMember.objects.filter(edition=edition, role=JuryRole.JUROR).select_related("user"))
    jurors.sort(key=lambda member: (member.user.full_name, member.pk))
    conflicts = ConflictMap(jurors)
    assigned = {
        (assignment.dossier_id, assignment.member_id): assignment
        for assignment in Assignment.objects.filter(
            calibration=True, dossier_id__in=[sample.dossier_id for sample in samples]
        )
    }
    reviews = {
        review.assignment_id: review
        for review in Review.objects.filter(assignment__in=[a.pk for a in assigned.values()]).only(
            "assignment_id", "status"
        )
    }
    rows = []
    for sample in samples:
        territory = sample.dossier.territory
        members, skipped, missing = [], [], []
        for member in jurors:
            reason = conflicts.reason(member, territory)
            assignment = assigned.get((sample.dossier_id, member.pk))
            if reason is not None:
                skipped.append((member, reason))
            elif assignment is None:
                missing.append(member)
            else:
                review = reviews.get(assignment.pk)
                status = "not_started" if review is None else ("submitted" if review.is_submitted else "in_progress")
                members.append((member, status))
        rows.append({"sample": sample, "members": members, "skipped": skipped, "missing": missing})
    return rows


def _samples(edition):
    return list(
        CalibrationSample.objects.filter(edition=edition).select_related("dossier__territory").order_by("created_at")
    )


def calibration_samples(request, year):
    """The organiser's page: the sample dossiers, who reviews them, and the form to add one."""
    edition = _edition(request, year, "jury.manage")
    samples = _samples(edition)
    form = SampleForm(edition)
    return render(
        request,
        "jury/calibration_samples.html",
        {
            "edition": edition,
            "rows": _sample_rows(edition, samples),
            "form": form,
            "has_choices": form.fields["dossier"].queryset.exists(),
            "can_change": edition.phase in services.SAMPLE_PHASES,
            "full": len(samples) >= services.MAX_SAMPLES,
            "max_samples": services.MAX_SAMPLES,
        },
    )


def _skipped_message(result):
    return "; ".join(
        _("%(juror)s skipped: %(reason)s") % {"juror": item.member.user.full_name, "reason": item.reason}
        for item in result.skipped
    )


@require_POST
def calibration_add(request, year):
    edition = _edition(request, year, "jury.manage")
    form = SampleForm(edition, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a submitted dossier of the edition."))
        return redirect("jury:calibration_samples", year=edition.year)
    dossier = form.cleaned_data["dossier"]
    try:
        _sample, result = services.add_calibration_sample(request.user, edition, dossier)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The dossier of %(body)s is now a calibration dossier: %(count)s juror has it to review.",
                "The dossier of %(body)s is now a calibration dossier: %(count)s jurors have it to review.",
                len(result.created),
            )
            % {"body": str(dossier.territory), "count": len(result.created)},
        )
        if result.skipped:
            messages.warning(request, _skipped_message(result))
    return redirect("jury:calibration_samples", year=edition.year)


@require_POST
def calibration_sync(request, year):
    edition = _edition(request, year, "jury.manage")
    result = services.sync_calibration(request.user, edition)
    count = len(result.created)
    messages.success(
        request,
        ngettext(
            "%(count)s calibration review handed out to a juror who lacked it.",
            "%(count)s calibration reviews handed out to jurors who lacked them.",
            count,
        )
        % {"count": count},
    )
    return redirect("jury:calibration_samples", year=edition.year)


def calibration_remove(request, year, pk):
    """GET: what removing the sample deletes, with a button to confirm; POST: remove it."""
    edition = _edition(request, year, "jury.manage")
    try:
        sample = CalibrationSample.objects.select_related("dossier__territory").get(edition=edition, pk=pk)
    except CalibrationSample.DoesNotExist:
        raise Http404 from None
    sample.edition = edition
    if request.method == "POST":
        try:
            services.remove_calibration_sample(request.user, sample)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The dossier of %(body)s is no longer a calibration dossier.")
                % {"body": str(sample.dossier.territory)},
            )
        return redirect("jury:calibration_samples", year=edition.year)
    return render(
        request,
        "jury/calibration_remove.html",
        {
            "edition": edition,
            "sample": sample,
            "reviews": services.reviews_started(sample),
            "possible": edition.phase in services.SAMPLE_PHASES,
        },
    )


def calibration(request, year):
    """How far the jurors agree on each calibration dossier, question by question."""
    edition = _edition(request, year, "jury.deliberate")
    texts = dict(question_texts(edition.referential))
    notes = [(note, texts.get(note.question, {})) for note in QuestionNote.objects.filter(edition=edition)]
    order = list(texts)
    notes.sort(key=lambda pair: order.index(pair[0].question) if pair[0].question in texts else len(order))
    return render(
        request,
        "jury/calibration.html",
        {
            "edition": edition,
            "samples": agreement(edition, request.user),
            "notes": notes,
            "can_manage": has_perm(request.user, "jury.manage", edition),
            "questions": list(texts.items()),
        },
    )


def calibration_note_choose(request, year):
    """The question chosen in the agreement page's list (a GET form, so that it works without JS)."""
    edition = _edition(request, year, "jury.manage")
    code = request.GET.get("question", "")
    if code not in dict(question_texts(edition.referential)):
        raise Http404
    return redirect("jury:calibration_note", year=edition.year, code=code)


def calibration_note(request, year, code):
    """The organiser writes (or deletes) the agreed reading of one question."""
    edition = _edition(request, year, "jury.manage")
    texts = dict(question_texts(edition.referential))
    if code not in texts:
        raise Http404
    note = QuestionNote.objects.filter(edition=edition, question=code).first()
    form = NoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_question_note(request.user, edition, code, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            if saved is None:
                messages.success(request, _("The agreed reading of %(code)s is deleted.") % {"code": code})
            else:
                messages.success(request, _("The agreed reading of %(code)s is saved.") % {"code": code})
            return redirect(reverse("jury:calibration", args=[edition.year]) + "#notes")
    return render(
        request,
        "jury/calibration_note.html",
        {"edition": edition, "code": code, "text": texts[code], "note": note, "form": form},
    )
