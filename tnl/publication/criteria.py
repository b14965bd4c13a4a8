"""A referential document put in words for the public criteria page.

Pure: a validated referential document in, plain data for the template out. The
personalisation rules are described as the format defines them (referential-format.md §1):
every condition of a rule must hold; `not_applicable` takes questions out of both points and
potential; `scale` multiplies a question's points and potential."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tnl.core.texts import localized
from tnl.referentials.wording import EVIDENCE, QUESTION_KINDS
from tnl.territories.enums import Competence, Kind


@dataclass
class RuleInWords:
    conditions: list = field(default_factory=list)  # sentences, all must hold; empty: every body
    not_applicable: list = field(default_factory=list)  # (code, question text)
    scale: list = field(default_factory=list)  # (code, question text, "50 %")

    @property
    def intro(self):
        if not self.conditions:
            return _("For every body:")
        return _("When %(conditions)s:") % {"conditions": _(" and ").join(self.conditions)}


def _number(value):
    return number_format(value, force_grouping=True)


def _percent(factor):
    percent = Fraction(str(factor)) * 100
    shown = int(percent) if percent.denominator == 1 else round(float(percent), 1)
    return _number(shown)


def _answer_words(question, value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if question is not None:
        for choice in question.get("choices", ()):
            if choice["code"] == value:
                return localized(choice["label"])
    if isinstance(value, list):
        return ", ".join(_answer_words(question, item) for item in value)
    return str(value)


def _conditions(when, questions, size_classes):
    conditions = []
    if "population_lt" in when:
        conditions.append(
            _("the body has fewer than %(count)s inhabitants") % {"count": _number(when["population_lt"])}
        )
    if "population_gte" in when:
        conditions.append(_("the body has %(count)s inhabitants or more") % {"count": _number(when["population_gte"])})
    if "kind_in" in when:
        kinds = dict(Kind.choices)
        names = [str(kinds.get(code, code)) for code in when["kind_in"]]
        conditions.append(_("the body is one of: %(kinds)s") % {"kinds": ", ".join(names)})
    if "size_class_in" in when:
        names = [size_classes.get(code, code) for code in when["size_class_in"]]
        conditions.append(
            ngettext(
                "the body is in the size class %(classes)s",
                "the body is in one of the size classes %(classes)s",
                len(names),
            )
            % {"classes": ", ".join(names)}
        )
    if "competence_missing" in when:
        competences = dict(Competence.choices)
        code = when["competence_missing"]
        conditions.append(
            _("the body does not hold the competence “%(competence)s”") % {"competence": competences.get(code, code)}
        )
    for code, value in when.get("answer", {}).items():
        question = questions.get(code)
        conditions.append(
            _("the answer to %(code)s is “%(value)s”") % {"code": code, "value": _answer_words(question, value)}
        )
    return conditions


def rules_in_words(document):
    """One RuleInWords per rule of the referential, in file order."""
    questions = {q["code"]: q for axis in document["axes"] for q in axis["questions"]}
    size_classes = {
        item["code"]: f"{item['code']} ({localized(item['label'])})" if item.get("label") else item["code"]
        for item in document.get("size_classes", ())
    }
    described = []
    for rule in document.get("rules", ()):
        described.append(
            RuleInWords(
                conditions=_conditions(rule.get("when") or {}, questions, size_classes),
                not_applicable=[
                    (code, localized(questions[code]["text"]) if code in questions else "")
                    for code in rule.get("not_applicable", ())
                ],
                scale=[
                    (code, localized(questions[code]["text"]) if code in questions else "", _percent(factor))
                    for code, factor in rule.get("scale", {}).items()
                ],
            )
        )
    return described


def _brackets_in_words(brackets, size_classes):
    """[(size class name or "", [(min, points)])] for a number or percent question."""
    if isinstance(brackets, list):
        return [("", [(_number(b["min"]), _number(b["points"])) for b in brackets])]
    rows = []
    for code, items in brackets.items():
        name = _("Other sizes") if code == "default" else size_classes.get(code, code)
        rows.append((name, [(_number(b["min"]), _number(b["points"])) for b in items]))
    return rows


def axes_in_words(document):
    """The axes with their questions, each with its kind and evidence in words."""
    size_classes = {item["code"]: item["code"] for item in document.get("size_classes", ())}
    axes = []
    for axis in document["axes"]:
        questions = []
        for question in axis["questions"]:
            questions.append(
                {
                    "question": question,
                    "kind": QUESTION_KINDS.get(question["kind"], question["kind"]),
                    "evidence": EVIDENCE.get(question.get("evidence", "none")),
                    "points": _number(question["points"]),
                    "choices": [(localized(c["label"]), _number(c["points"])) for c in question.get("choices", ())],
                    "brackets": _brackets_in_words(question["brackets"], size_classes)
                    if question.get("brackets")
                    else [],
                }
            )
        axes.append({"axis": axis, "questions": questions})
    return axes
