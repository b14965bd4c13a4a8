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

from tnl.dossiers.models import Answer, Evidence
from tnl.dossiers.scoring import engine_answers, territory_context
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


def review_result(dossier, answers, evidence, readings, invalid_evidence_ids):
    """The engine's result for one review. `answers` {code: Answer}, `evidence` [Evidence]."""
    referential = dossier.edition.referential
    compiled = referential.compiled()
    questions = {q["code"]: q for axis in referential.document["axes"] for q in axis["questions"]}
    kept = [item for item in evidence if item.pk not in invalid_evidence_ids]
    return score(
        compiled,
        territory_context(dossier.territory),
        engine_answers(answers, kept, questions),
        overrides_for(readings, compiled),
    )


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


def jury_results(dossiers):
    """{dossier.pk: JuryResult} for the given dossiers, in a fixed number of queries (whatever
    their number). Dossiers should come with `edition__referential` and `territory` selected."""
    dossiers = list(dossiers)
    ids = [dossier.pk for dossier in dossiers]
    answers, evidence = {}, {}
    for answer in Answer.objects.filter(dossier_id__in=ids):
        answers.setdefault(answer.dossier_id, {})[answer.question] = answer
    for item in Evidence.objects.filter(dossier_id__in=ids):
        evidence.setdefault(item.dossier_id, []).append(item)
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
        dossier_answers, dossier_evidence = answers.get(dossier.pk, {}), evidence.get(dossier.pk, [])
        result = JuryResult(dossier, declared_result(dossier, dossier_answers, dossier_evidence))
        for review in by_dossier.get(dossier.pk, []):
            invalid = {check.evidence_id for check in review.evidence_checks.all()}
            result.reviews[review] = review_result(
                dossier, dossier_answers, dossier_evidence, list(review.questions.all()), invalid
            )
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
