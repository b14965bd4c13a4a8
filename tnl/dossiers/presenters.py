"""What the dossier pages show, computed once per request: the `Page` presenter (summary,
score, what is missing, one row per question) and the `QuestionRow` of the axis page."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tnl.core import formatting
from tnl.core.permissions import has_perm
from tnl.core.texts import localized
from tnl.editions.enums import Phase

from . import services
from .filetypes import upload_context
from .forms import AnswerForm, LinkForm
from .scoring import dossier_state
from .words import value_in_words

# Why a question keeps the dossier from being submitted (DossierState.blocker_codes).
BLOCKER_REASONS = {
    "unanswered": gettext_lazy("not answered"),
    "evidence_missing": gettext_lazy("evidence missing (a link or a file)"),
}
SHORT_TEXT = 90  # characters of a question's text in lists


def short_text(text):
    """A question's text for lists: whole up to SHORT_TEXT characters, else cut after the last
    whole word that fits, with "…"."""
    text = " ".join(text.split())
    if len(text) <= SHORT_TEXT:
        return text
    cut = text[: SHORT_TEXT + 1].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return cut + "…"


def local_time(moment, fmt):
    return date_format(timezone.localtime(moment), fmt)


def local_datetime(moment):
    """ "29 novembre 2026, 15:46": a date and time in the active language, local time."""
    return formatting.when(moment)


# What the pages show ---------------------------------------------------------------------------


@dataclass
class QuestionState:
    """A question's state line (dossiers/_question_state.html): what an answer's htmx response
    updates for every question of the axis, without their forms."""

    code: str
    status: str
    status_label: str
    state_text: str


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
    editable: bool = False  # the dossier can change, or the jury reopened this question
    reopened_until: object = None  # until when the jury reopened this question, or None
    evidence_notice: str = ""  # what just happened to the evidence ("The link is added.")

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
    """Everything a dossier page needs, computed once per request. The dossier is scored on
    first use of `state` only: an action can check the question and the permissions, save,
    and then show a fresh Page, scoring the dossier once."""

    def __init__(self, request, dossier):
        self.request, self.dossier = request, dossier
        user = request.user
        self.can_edit = has_perm(user, "dossiers.edit", dossier)
        self.can_submit = has_perm(user, "dossiers.submit", dossier)
        self.phase = dossier.edition.phase
        self.is_open = self.phase == Phase.OPEN
        self.published = self.phase in services.PUBLISHED_PHASES
        self.editable = self.can_edit and self.is_open and not dossier.is_submitted
        # {code: until when} of the questions the jury reopened in the submitted dossier.
        self.reopened = services.reopened_questions(dossier)
        self._na_reasons = None

    @cached_property
    def state(self):
        return dossier_state(self.dossier)

    @cached_property
    def axes(self):
        return [axis for axis in self.state.document["axes"] if self.state.form_questions(axis)]

    @cached_property
    def questions(self):
        """{code: question} of the edition's referential, read without scoring."""
        return self.dossier.edition.referential.questions

    def editable_for(self, code):
        """Whether the person can change question `code`: the dossier is editable, or the jury
        reopened this question of the submitted dossier."""
        return self.editable or (self.can_edit and code in self.reopened)

    def answer(self, code):
        """The stored answer to `code` (from the dossier's prefetched answers), or None."""
        return next((answer for answer in self.dossier.answers.all() if answer.question == code), None)

    # Summary

    def read_only_reason(self):
        dossier, edition = self.dossier, self.dossier.edition
        if not self.is_open:
            if self.can_edit and self.reopened:
                return _(
                    "The dossier is submitted. The jury reopened %(codes)s for correction: only these "
                    "questions can change, until the date shown next to each."
                ) % {"codes": ", ".join(sorted(self.reopened))}
            if edition.closes_at and timezone.now() >= edition.closes_at:
                return _(
                    "Applications to the %(year)s edition closed on %(date)s: the dossier can no longer change."
                ) % {
                    "year": edition.year,
                    "date": local_datetime(edition.closes_at),
                }
            return _("The %(year)s edition is not open for applications: the dossier cannot change.") % {
                "year": edition.year
            }
        if dossier.is_submitted:
            return _(
                "The dossier was submitted on %(date)s by %(person)s. A referent can reopen it until the "
                "deadline to change it."
            ) % {"date": local_datetime(dossier.submitted_at), "person": dossier.submitted_by or _("someone")}
        if not self.can_edit:
            return _("You can read this dossier but not change it: only the body's members can.")
        return None

    def clarifications(self):
        """The jury's questions about the dossier (tnl.jury's clarifications), newest first."""
        return list(self.dossier.clarifications.all())

    def reopened_rows(self):
        """The questions the jury reopened, each with until when and its link."""
        return [
            {"code": code, "until": until, "url": self.question_url(code)}
            for code, until in sorted(self.reopened.items())
            if code in self.questions
        ]

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

    def question_url(self, code, query=""):
        """The question on its axis page (anchor q-<code>); `query` without its "?"."""
        axis = next(
            axis["code"]
            for axis in self.dossier.edition.referential.document["axes"]
            if any(question["code"] == code for question in axis["questions"])
        )
        url = reverse("dossiers:axis", args=[self.dossier.pk, axis])
        return url + (f"?{query}" if query else "") + f"#q-{code}"

    def blockers(self):
        """What keeps the dossier from being submitted, for the page: the questions, grouped by
        axis, each linking to itself; then what the body lacks, linking to its members page."""
        state = self.state
        by_axis = {}
        for code, reason in state.blocker_codes():
            by_axis.setdefault(state.result.questions[code].axis, []).append(
                {
                    "code": code,
                    "text": short_text(localized(state.questions[code]["text"])),
                    "problem": BLOCKER_REASONS[reason],
                    "url": self.question_url(code),
                }
            )
        axes = [
            {"code": axis["code"], "title": localized(axis["title"]), "items": by_axis[axis["code"]]}
            for axis in state.document["axes"]
            if axis["code"] in by_axis
        ]
        territory = self.dossier.territory
        members_url = reverse("territories:members", args=[territory.kind, territory.code])
        body = [
            {"message": message, "url": members_url}
            for code, message in services.submission_blockers(state, questions=False)
        ]
        return {"axes": axes, "body": body} if axes or body else None

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
        if result.status == "not_applicable":
            return self.na_reasons().get(code, _("Does not apply to your body."))
        potential = formatting.points(result.potential)
        if result.status == "scored":
            text = _("Counted: %(points)s of %(potential)s.") % {
                "points": formatting.number(result.points),
                "potential": potential,
            }
        elif result.status == "evidence_missing":
            if result.potential:
                text = _(
                    "Evidence is missing: add a link or a file so that the answer counts (up to %(potential)s)."
                ) % {"potential": potential}
            else:
                text = _("Evidence is missing: add a link or a file so that the answer counts.")
        elif result.potential:
            text = _("Not answered yet: worth up to %(potential)s.") % {"potential": potential}
        else:
            text = _("Not answered yet.")
        if result.factor != 1:
            text += " " + _("For your body, this question counts ×%(factor)s.") % {
                "factor": formatting.number(result.factor)
            }
        return text

    def row(self, question, form=None, **extra):
        code = question["code"]
        answer = self.state.answers.get(code)
        status = self.state.result.questions[code].status
        if form is None and question["kind"] != "file":
            form = AnswerForm(question, answer=answer)
        editable = self.editable_for(code)
        if form is not None and editable and not extra.get("conflict"):
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
            editable=editable,
            reopened_until=self.reopened.get(code),
            **extra,
        )

    def rows(self, axis, override=None):
        return [
            override if override is not None and override.code == q["code"] else self.row(q)
            for q in self.state.form_questions(axis)
        ]

    def states(self, axis):
        """The state line of each question of `axis` in the current form."""
        result = self.state.result.questions
        return [
            QuestionState(q["code"], status, STATUS_LABELS[status], self.state_text(q["code"]))
            for q in self.state.form_questions(axis)
            for status in (result[q["code"]].status,)
        ]

    def neighbours(self, axis):
        index = self.axes.index(axis)
        return (
            self.axes[index - 1] if index > 0 else None,
            self.axes[index + 1] if index + 1 < len(self.axes) else None,
        )

    def evidence_messages(self):
        """After a plain post about a question's evidence (?evidence=<code>), the page's messages
        to show next to that question too: {code, success: [...], error: [...]}."""
        code = self.request.GET.get("evidence")
        if not code:
            return None
        found = {"code": code, "success": [], "error": []}
        for message in messages.get_messages(self.request):
            if message.level_tag in found:
                found[message.level_tag].append(message)
        return found

    def context(self, **extra):
        return {
            "page": self,
            "dossier": self.dossier,
            "state": self.state,
            # Page-wide: the answers can change (the questions then say which, see QuestionRow.editable).
            "editable": self.editable or (self.can_edit and bool(self.reopened)),
            "evidence_upload": upload_context(),
            "evidence_messages": self.evidence_messages(),
            **extra,
        }
