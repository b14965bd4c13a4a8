"""The bridge between stored dossiers and the pure scoring engine: the same function as the
`score` command, fed from the database in a fixed number of queries."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tnl.core import formatting
from tnl.core.texts import localized
from tnl.referentials.answers import is_unanswered
from tnl.referentials.engine import score

from .enums import DossierForm
from .models import decode_value

# Closed questions always have an answer ("no", 0, a choice): a dossier lists them all before
# it is submitted. Open ones (multi, url, file, text) may stay empty when a body has nothing to show.
ALWAYS_ANSWERABLE = {"yes_no", "single", "number", "percent"}


def territory_context(territory):
    return {
        "kind": territory.kind,
        "code": territory.code,
        "name": territory.name,
        # Other public bodies may have no population figure; they then count as the smallest.
        "population": territory.population or 0,
        "competences_missing": list(territory.competences_missing or []),
    }


class StoredAnswer:
    """What scoring reads of an Answer: its value, decoded once."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def answers_by_dossier(answers):
    """{dossier id: {question code: StoredAnswer}} from an Answer queryset, in one query and
    without a model instance per answer: an edition holds about 110,000 answers, and scoring reads
    only their values. A value that JSON gives as a list is decoded for each answer; the others
    (true, a choice code, a number) cannot be changed in place, so equal texts share one."""
    by_dossier, decoded = {}, {}
    for dossier_id, code, text in answers.values_list("dossier_id", "question", "value_json"):
        value = decoded.get(text, decoded)
        if value is decoded:
            value = decode_value(text)
            if not isinstance(value, list | dict):
                decoded[text] = value
        by_dossier.setdefault(dossier_id, {})[code] = StoredAnswer(value)
    return by_dossier


def answer_value(question, answer, evidence, reference=None):
    """The value the engine scores: the stored answer, except for a `file` question, whose
    answer is the files uploaded for it (they are both its answer and its evidence)."""
    value = answer.value if answer is not None else None
    if question is not None and question["kind"] == "file" and is_unanswered(value):
        reference = reference or (lambda item: item.reference())
        files = [reference(item) for item in evidence if item.kind == "file"]
        value = files or None
    return value


def engine_answers(answers, evidence, questions):
    """{code: {"value", "evidence"}} from Answer and Evidence rows, for the questions given."""
    by_question = {}
    for item in evidence:
        by_question.setdefault(item.question, []).append(item)
    result = {}
    files = {code for code, question in questions.items() if question["kind"] == "file"}
    for code, answer in answers.items():
        if code not in by_question:  # most answers: no evidence, and their value as it is
            value = answer_value(questions[code], answer, ()) if code in files else answer.value
            result[code] = {"value": value, "evidence": []}
    for code, items in by_question.items():
        result[code] = {
            "value": answer_value(questions.get(code), answers.get(code), items),
            "evidence": [item.reference() for item in items],
        }
    return result


@dataclass
class DossierState:
    """Everything the dossier pages show, computed once per request."""

    dossier: object
    document: dict
    result: object
    answers: dict  # code -> Answer
    evidence: dict  # code -> [Evidence]
    questions: dict  # code -> question dict of the referential, in file order

    def in_form(self, code):
        return self.dossier.form == DossierForm.FULL or self.questions[code].get("badge", False)

    def form_questions(self, axis):
        return [q for q in axis["questions"] if self.in_form(q["code"])]

    def answered(self, code):
        answer = self.answers.get(code)
        return answer is not None and not is_unanswered(answer.value)

    def progress(self):
        """Per axis and overall: (answered, to answer) over the applicable questions of the form."""
        axes = {}
        for axis in self.document["axes"]:
            codes = [
                q["code"]
                for q in self.form_questions(axis)
                if self.result.questions[q["code"]].status != "not_applicable"
            ]
            axes[axis["code"]] = (sum(self.answered(code) for code in codes), len(codes))
        total = (sum(done for done, _ in axes.values()), sum(count for _, count in axes.values()))
        return axes, total

    def blocker_codes(self):
        """The questions that keep the dossier from being submitted, in referential order:
        [(code, "unanswered" or "evidence_missing")]."""
        items = []
        for code, question in self.questions.items():
            if not self.in_form(code) or self.result.questions[code].status == "not_applicable":
                continue
            if question["kind"] in ALWAYS_ANSWERABLE and not self.answered(code):
                items.append((code, "unanswered"))
            elif self.result.questions[code].status == "evidence_missing":
                items.append((code, "evidence_missing"))
        return items

    def blockers(self):
        """What keeps the dossier from being submitted: [(question code or None, message)]."""
        messages = {
            "unanswered": _("%(code)s is not answered."),
            "evidence_missing": _("%(code)s needs evidence (a link or a file)."),
        }
        return [(code, messages[reason] % {"code": code}) for code, reason in self.blocker_codes()]

    def missing_in_words(self):
        """What the next level asks that the dossier does not have yet, in plain words."""
        next_level = self.result.next_level
        if next_level is None:
            return []
        axes = {axis["code"]: axis for axis in self.document["axes"]}
        label = localized(next_level.label) if next_level.label else str(next_level.level)
        lines = []
        for item in next_level.missing:
            if item.kind == "global":
                lines.append(
                    _("Level %(level)s needs a global score of at least %(threshold)s; yours is %(current)s.")
                    % {
                        "level": label,
                        "threshold": formatting.percent(item.threshold, places=None),
                        "current": formatting.percent(item.current),
                    }
                )
            elif item.kind == "axis":
                lines.append(
                    _("Level %(level)s needs at least %(threshold)s on every axis; “%(axis)s” is at %(current)s.")
                    % {
                        "level": label,
                        "threshold": formatting.percent(item.threshold, places=None),
                        "axis": localized(axes[item.axis]["title"]),
                        "current": formatting.percent(item.current),
                    }
                )
            else:
                lines.append(
                    _("Level %(level)s needs points on question %(code)s: “%(text)s”.")
                    % {"level": label, "code": item.question, "text": localized(self.questions[item.question]["text"])}
                )
        return lines


def dossier_state(dossier):
    """Load a dossier's answers and evidence (two queries) and score it."""
    referential = dossier.edition.referential
    document = referential.document
    answers = {answer.question: answer for answer in dossier.answers.all()}
    evidence = {}
    for item in dossier.evidence.all():
        evidence.setdefault(item.question, []).append(item)
    questions = referential.questions
    result = score(
        referential.compiled(),
        territory_context(dossier.territory),
        engine_answers(answers, [e for items in evidence.values() for e in items], questions),
    )
    return DossierState(dossier, document, result, answers, evidence, questions)
