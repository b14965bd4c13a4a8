"""The reviewed score: the same engine as the declared one, fed with a review's readings.

A review changes the engine's input in two ways, as referential-format.md says:

- evidence the juror marked "not valid" is left out of the answer's evidence (and, for a file
  question, out of its value), so an `evidence: required` question without valid evidence
  scores 0 and is flagged;
- a corrected number of points, else the rubric (0, ⅓, ⅔ or 1 × the question's points, for url,
  file and text questions), replaces the computed points of that question (`overrides`).

A dossier's reviewed level is the median of its submitted reviews' levels (the lower middle
value when there is an even number, so that a level is always one the engine gave); its
proposed level is the reviewed level, or the declared level while no review is submitted.
Calibration reviews and invited experts' opinions never count.

`jury_results(dossiers)` scores many dossiers in a fixed number of queries.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db.models import Prefetch

from tnl.core.collector import collector_paused
from tnl.dossiers.models import Answer, Evidence
from tnl.dossiers.scoring import answers_by_dossier, engine_answers, territory_context
from tnl.editions.enums import JuryRole
from tnl.referentials.engine import score

from .enums import ReviewStatus
from .models import EvidenceCheck, QuestionReview, Review

RUBRIC_KINDS = {"url", "file", "text"}
RUBRIC_STEPS = 3  # the rubric gives thirds of the points
# Reviewers whose global percents differ by at least this many points are flagged as divergent,
# as are reviewers who reach different levels.
DIVERGENCE_POINTS = 15


def corrected_points(text):
    """The exact Fraction of a stored correction ("2.5"), or None when there is none."""
    if not text:
        return None
    try:
        return Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def overrides_for(readings, compiled):
    """{code: points} the readings give: the correction, else the rubric of a url/file/text question."""
    overrides = {}
    for reading in readings:
        question = compiled.questions.get(reading.question)
        if question is None:
            continue
        correction = corrected_points(reading.corrected_points)
        if correction is not None:
            overrides[reading.question] = min(max(correction, Fraction(0)), question.points)
        elif reading.rubric is not None and question.kind in RUBRIC_KINDS:
            overrides[reading.question] = question.points * reading.rubric / RUBRIC_STEPS
    return overrides


class DossierScoring:
    """One dossier's scores under several readings (the declared score, then each review's),
    sharing what the readings leave alone: the engine's input is built once per set of evidence
    marked not valid, and a review that changes nothing (no reading that gives points, no evidence
    marked not valid) has the declared result itself, since the engine gives the same result for
    the same input. `answers` {code: Answer or StoredAnswer}, `evidence` [Evidence]."""

    def __init__(self, dossier, answers, evidence):
        referential = dossier.edition.referential
        self.compiled = referential.compiled()
        self.questions = referential.questions
        self.territory = territory_context(dossier.territory)
        self.answers, self.evidence = answers, evidence
        self.inputs, self.declared = {}, None

    def result(self, readings, invalid_evidence_ids):
        overrides = overrides_for(readings, self.compiled)
        invalid = frozenset(item.pk for item in self.evidence if item.pk in invalid_evidence_ids)
        if not overrides and not invalid and self.declared is not None:
            return self.declared
        inputs = self.inputs.get(invalid)
        if inputs is None:
            kept = [item for item in self.evidence if item.pk not in invalid]
            inputs = self.inputs[invalid] = engine_answers(self.answers, kept, self.questions)
        result = score(self.compiled, self.territory, inputs, overrides)
        if not overrides and not invalid:
            self.declared = result
        return result


def review_result(dossier, answers, evidence, readings, invalid_evidence_ids):
    """The engine's result for one review. `answers` {code: Answer}, `evidence` [Evidence]."""
    return DossierScoring(dossier, answers, evidence).result(readings, invalid_evidence_ids)


def declared_result(dossier, answers, evidence):
    return review_result(dossier, answers, evidence, [], set())


@dataclass
class JuryResult:
    """What the jury knows of one dossier's scores."""

    dossier: object
    declared: object  # the engine's result on the candidate's answers
    reviews: dict = field(default_factory=dict)  # Review -> engine result, submitted reviews only

    @property
    def reviewed_levels(self):
        return [result.level for result in self.reviews.values()]

    @property
    def reviewed_level(self):
        levels = self.reviewed_levels
        return statistics.median_low(levels) if levels else None

    @property
    def reviewed_percent(self):
        percents = [result.global_percent for result in self.reviews.values()]
        return statistics.median(percents) if percents else None

    @property
    def proposed_level(self):
        reviewed = self.reviewed_level
        return self.declared.level if reviewed is None else reviewed

    @property
    def divergent(self):
        """Reviewers reach different levels, or global percents at least DIVERGENCE_POINTS apart."""
        if len(self.reviews) < 2:
            return False
        percents = [result.global_percent for result in self.reviews.values()]
        return len(set(self.reviewed_levels)) > 1 or max(percents) - min(percents) >= DIVERGENCE_POINTS


def _inputs(answers, evidence):
    """({dossier id: {code: StoredAnswer}}, {dossier id: [Evidence]}) from the two querysets."""
    by_dossier = {}
    for item in evidence:
        by_dossier.setdefault(item.dossier_id, []).append(item)
    return answers_by_dossier(answers), by_dossier


def declared_results(edition, dossiers):
    """{dossier.pk: the engine's result on the candidate's answers} for `dossiers` (all of
    `edition`'s, with their body selected), in two queries: the edition's answers and evidence."""
    with collector_paused():
        answers, evidence = _inputs(
            Answer.objects.filter(dossier__edition=edition), Evidence.objects.filter(dossier__edition=edition)
        )
        results = {}
        for dossier in dossiers:
            dossier.edition = edition  # one referential object for all
            scoring = DossierScoring(dossier, answers.get(dossier.pk, {}), evidence.get(dossier.pk, []))
            results[dossier.pk] = scoring.result([], set())
        return results


def jury_results(dossiers):
    """{dossier.pk: JuryResult} for the given dossiers, in a fixed number of queries (whatever
    their number). Dossiers should come with `edition__referential` and `territory` selected."""
    with collector_paused():
        return _jury_results(list(dossiers))


def _jury_results(dossiers):
    ids = [dossier.pk for dossier in dossiers]
    answers, evidence = _inputs(Answer.objects.filter(dossier_id__in=ids), Evidence.objects.filter(dossier_id__in=ids))
    reviews = (
        Review.objects.filter(
            assignment__dossier_id__in=ids,
            assignment__calibration=False,
            assignment__member__role=JuryRole.JUROR,
            status=ReviewStatus.SUBMITTED,
        )
        .select_related("assignment__member__user")
        .prefetch_related(
            Prefetch("questions", queryset=QuestionReview.objects.all()),
            Prefetch("evidence_checks", queryset=EvidenceCheck.objects.filter(is_valid=False)),
        )
    )
    by_dossier = {}
    for review in reviews:
        by_dossier.setdefault(review.assignment.dossier_id, []).append(review)
    results = {}
    for dossier in dossiers:
        scoring = DossierScoring(dossier, answers.get(dossier.pk, {}), evidence.get(dossier.pk, []))
        result = JuryResult(dossier, scoring.result([], set()))
        for review in by_dossier.get(dossier.pk, []):
            invalid = {check.evidence_id for check in review.evidence_checks.all()}
            result.reviews[review] = scoring.result(list(review.questions.all()), invalid)
        results[dossier.pk] = result
    return results


def assignment_result(assignment):
    """The live reviewed score of one assignment's review (its readings so far, submitted or not)."""
    dossier = assignment.dossier
    answers = {answer.question: answer for answer in dossier.answers.all()}
    evidence = list(dossier.evidence.all())
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        return declared_result(dossier, answers, evidence)
    invalid = set(review.evidence_checks.filter(is_valid=False).values_list("evidence_id", flat=True))
    return review_result(dossier, answers, evidence, list(review.questions.all()), invalid)
