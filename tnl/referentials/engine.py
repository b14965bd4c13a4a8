"""The scoring engine: referential + territory + answers in, scores and level out.

Pure Python on purpose (no ORM, no request, no float): the web pages, the API, the exports
and the `score` command all call `score`, so they cannot disagree, and an auditor can
recompute a published level from the files alone. The rules are section 3 of
referential-format.md. Compile a referential once (`compile_referential`), score many.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from tnl.referentials.kinds import KIND_SPECS, QuestionKind, ScoreStatus, is_unanswered

# Kept for callers that import them from here; ScoreStatus is the enum.
SCORED, UNANSWERED, NOT_APPLICABLE, EVIDENCE_MISSING = (
    ScoreStatus.SCORED,
    ScoreStatus.UNANSWERED,
    ScoreStatus.NOT_APPLICABLE,
    ScoreStatus.EVIDENCE_MISSING,
)
HUNDRED = Fraction(100)
ZERO = Fraction(0)
ONE = Fraction(1)


def _fraction(value):
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(f"an exact number (int, Decimal or Fraction) is needed, not {value!r}")
    return Fraction(value)


@dataclass(frozen=True, slots=True)
class Bracket:
    min: Fraction
    points: Fraction


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    axis: str
    kind: QuestionKind
    points: Fraction
    evidence: str
    badge: bool
    choices: dict  # choice code -> points, in file order
    # size class code -> brackets with the largest min first (the list that applies to it)
    brackets: dict

    def raw_points(self, value, evidence, size_class):
        """Points before rules: after the cap and the evidence check. (points, status)."""
        if is_unanswered(value):
            return ZERO, UNANSWERED
        if self.evidence == "required" and not evidence and not (self.kind == QuestionKind.YES_NO and value is False):
            return ZERO, EVIDENCE_MISSING
        return KIND_SPECS[self.kind].score(self, value, size_class), SCORED  # kind: a QuestionKind


@dataclass(frozen=True, slots=True)
class Axis:
    code: str
    title: dict
    questions: tuple  # question codes, in file order


@dataclass(frozen=True, slots=True)
class Rule:
    population_lt: int | None = None
    population_gte: int | None = None
    kind_in: frozenset | None = None
    size_class_in: frozenset | None = None
    competence_missing: str | None = None
    answer: tuple = ()  # (question code, expected value) pairs
    not_applicable: frozenset = frozenset()
    scale: tuple = ()  # (question code, Fraction factor) pairs


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    label: dict | None
    min_global: Fraction
    min_each_axis: Fraction
    requires: tuple


@dataclass(frozen=True, slots=True)
class Referential:
    code: str
    title: dict
    size_classes: tuple  # (code, max_population or None), in order
    axes: tuple
    questions: dict  # code -> Question, in file order
    rules: tuple
    levels: tuple


def _text(mapping):
    return dict(mapping) if mapping is not None else None


def _bracket_list(items):
    brackets = [Bracket(_fraction(item["min"]), _fraction(item["points"])) for item in items]
    return tuple(sorted(brackets, key=lambda bracket: bracket.min, reverse=True))


def compile_referential(doc):
    """An immutable, ready-to-score Referential from a validated referential document."""
    size_classes = tuple((item["code"], item.get("max_population")) for item in doc["size_classes"])
    axes, questions = [], {}
    for axis in doc["axes"]:
        for item in axis["questions"]:
            brackets = item.get("brackets")
            per_class = {}
            if isinstance(brackets, list):
                per_class = dict.fromkeys((code for code, _ in size_classes), _bracket_list(brackets))
            elif brackets is not None:
                for code, _ in size_classes:
                    per_class[code] = _bracket_list(brackets[code] if code in brackets else brackets["default"])
            questions[item["code"]] = Question(
                code=item["code"],
                axis=axis["code"],
                kind=QuestionKind(item["kind"]),
                points=_fraction(item["points"]),
                evidence=item.get("evidence", "none"),
                badge=item.get("badge", False),
                choices={c["code"]: _fraction(c["points"]) for c in item.get("choices", ())},
                brackets=per_class,
            )
        axes.append(Axis(axis["code"], _text(axis["title"]), tuple(item["code"] for item in axis["questions"])))
    rules = []
    for item in doc.get("rules", ()):
        when = item.get("when") or {}
        rules.append(
            Rule(
                population_lt=when.get("population_lt"),
                population_gte=when.get("population_gte"),
                kind_in=frozenset(when["kind_in"]) if "kind_in" in when else None,
                size_class_in=frozenset(when["size_class_in"]) if "size_class_in" in when else None,
                competence_missing=when.get("competence_missing"),
                answer=tuple((code, value) for code, value in when.get("answer", {}).items()),
                not_applicable=frozenset(item.get("not_applicable", ())),
                scale=tuple((code, _fraction(factor)) for code, factor in item.get("scale", {}).items()),
            )
        )
    levels = tuple(
        Level(
            level=item["level"],
            label=_text(item.get("label")),
            min_global=_fraction(item.get("min_global", 0)),
            min_each_axis=_fraction(item.get("min_each_axis", 0)),
            requires=tuple(item.get("requires", ())),
        )
        for item in doc["levels"]
    )
    return Referential(
        code=doc["code"],
        title=_text(doc["title"]),
        size_classes=size_classes,
        axes=tuple(axes),
        questions=questions,
        rules=tuple(rules),
        levels=levels,
    )


def size_class_for(referential, kind, population):
    """Départements and régions take the last class; other bodies go by population."""
    last = referential.size_classes[-1][0]
    if kind in ("departement", "region"):
        return last
    for code, max_population in referential.size_classes:
        if max_population is not None and population <= max_population:
            return code
    return last


def same_answer(question, value, expected):
    """A rule's `answer:` condition: equal in type and value (false is not 0, true is not 1)."""
    if is_unanswered(value):
        return False
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    if isinstance(value, int | Decimal) and isinstance(expected, int | Decimal):
        return value == expected
    if question.kind == QuestionKind.MULTI and isinstance(value, list) and isinstance(expected, list):
        # A multi answer is a set of ticks: their order carries no meaning.
        return sorted(value) == sorted(expected)
    return type(value) is type(expected) and value == expected


def _rule_holds(rule, referential, territory, size_class, answers):
    population = territory["population"]
    if rule.population_lt is not None and not population < rule.population_lt:
        return False
    if rule.population_gte is not None and not population >= rule.population_gte:
        return False
    if rule.kind_in is not None and territory["kind"] not in rule.kind_in:
        return False
    if rule.size_class_in is not None and size_class not in rule.size_class_in:
        return False
    if rule.competence_missing is not None and rule.competence_missing not in territory.get("competences_missing", ()):
        return False
    for code, expected in rule.answer:
        value = (answers.get(code) or {}).get("value")
        if not same_answer(referential.questions[code], value, expected):
            return False
    return True


class QuestionResult(NamedTuple):
    """One question's result. A named tuple, immutable like the other results: the engine makes
    one per question of every dossier scored, and a frozen dataclass costs four times as much to
    build (an edition's jury results make 340,000 of them)."""

    code: str
    axis: str
    status: ScoreStatus
    points: Fraction  # after rules (scaled)
    potential: Fraction  # after rules (scaled)
    raw_points: Fraction  # before the scale, after the cap, the evidence check and any override
    factor: Fraction  # product of the scales that apply (1 when none)
    overridden: bool = False


@dataclass(frozen=True, slots=True)
class AxisResult:
    code: str
    points: Fraction
    potential: Fraction
    percent: Fraction


@dataclass(frozen=True, slots=True)
class Missing:
    """One condition of the next level that does not hold."""

    kind: str  # global | axis | requires
    text: str  # "global_percent >= 60", "axis INT >= 35", "requires INT-01"
    level: int  # the level whose condition this is
    threshold: Fraction | None = None
    current: Fraction | None = None  # the percent, or the question's points for requires
    axis: str | None = None
    question: str | None = None


@dataclass(frozen=True, slots=True)
class NextLevel:
    level: int
    label: dict | None
    missing: tuple


@dataclass(frozen=True, slots=True)
class Result:
    referential: str
    size_class: str
    questions: dict  # code -> QuestionResult, in file order
    axes: dict  # code -> AxisResult, in file order
    points: Fraction
    potential: Fraction
    global_percent: Fraction
    level: int  # 0 when the first level is not reached
    level_label: dict | None
    next_level: NextLevel | None  # None when the top level is reached
    applied_rules: tuple = field(default=())  # indexes of the rules whose conditions held


def _total(values):
    """The exact sum of Fractions, adding the numerators of equal denominators as integers: most
    points are whole numbers, and adding two Fractions costs a gcd and a new Fraction."""
    by_denominator = {}
    for value in values:
        denominator = value.denominator
        by_denominator[denominator] = by_denominator.get(denominator, 0) + value.numerator
    if len(by_denominator) == 1:
        ((denominator, numerator),) = by_denominator.items()
        return Fraction(numerator, denominator)
    return sum((Fraction(numerator, denominator) for denominator, numerator in by_denominator.items()), ZERO)


def _percent(points, potential):
    """100 × points / potential, exactly, in one Fraction (HUNDRED when there is no potential)."""
    if not potential:
        return HUNDRED
    return Fraction(100 * points.numerator * potential.denominator, points.denominator * potential.numerator)


def _missing(level, global_percent, axes, questions):
    items = []
    if global_percent < level.min_global:
        items.append(
            Missing(
                "global",
                f"global_percent >= {format_number(level.min_global)}",
                level.level,
                threshold=level.min_global,
                current=global_percent,
            )
        )
    for axis in axes.values():
        if axis.percent < level.min_each_axis:
            items.append(
                Missing(
                    "axis",
                    f"axis {axis.code} >= {format_number(level.min_each_axis)}",
                    level.level,
                    threshold=level.min_each_axis,
                    current=axis.percent,
                    axis=axis.code,
                )
            )
    for code in level.requires:
        result = questions[code]
        if not (result.points > 0 or result.status == NOT_APPLICABLE):
            items.append(Missing("requires", f"requires {code}", level.level, current=result.points, question=code))
    return items


def score(referential, territory, answers, overrides=None):
    """Score one body's answers ({code: {"value", "evidence"}}, already accepted by check_value).

    `overrides` maps a question code to the raw points the jury gives it (a rubric third or a
    correction); it replaces the computed points after the cap and the evidence check, before
    the scale, and is ignored when the question is not applicable.
    """
    overrides = overrides or {}
    for code, value in overrides.items():
        question = referential.questions.get(code)
        if question is None:
            raise ValueError(f"override for unknown question {code!r}")
        if not 0 <= _fraction(value) <= question.points:
            raise ValueError(f"override for {code} must be between 0 and {format_number(question.points)}")
    size_class = size_class_for(referential, territory["kind"], territory["population"])
    not_applicable, factors, applied = set(), {}, []
    for index, rule in enumerate(referential.rules):
        if _rule_holds(rule, referential, territory, size_class, answers):
            applied.append(index)
            not_applicable.update(rule.not_applicable)
            for code, factor in rule.scale:
                factors[code] = factors.get(code, ONE) * factor
    questions = {}
    for code, question in referential.questions.items():
        factor = factors.get(code, ONE)
        if code in not_applicable:
            questions[code] = QuestionResult(code, question.axis, NOT_APPLICABLE, ZERO, ZERO, ZERO, factor)
            continue
        answer = answers.get(code) or {}
        raw, status = question.raw_points(answer.get("value"), answer.get("evidence"), size_class)
        overridden = code in overrides
        if overridden:
            raw, status = Fraction(overrides[code]), SCORED
        if factor is ONE:  # no scale: the points as they are (a product by 1 costs a Fraction)
            points, potential = raw, question.points
        else:
            points, potential = raw * factor, question.points * factor
        questions[code] = QuestionResult(code, question.axis, status, points, potential, raw, factor, overridden)
    axes = {}
    for axis in referential.axes:
        points = _total(questions[code].points for code in axis.questions)
        potential = _total(questions[code].potential for code in axis.questions)
        axes[axis.code] = AxisResult(axis.code, points, potential, _percent(points, potential))
    # Each question is in exactly one axis (the format refuses a code used twice): the axes' sums.
    points = _total(axis.points for axis in axes.values())
    potential = _total(axis.potential for axis in axes.values())
    global_percent = _percent(points, potential)
    reached, next_level, missing = None, None, []
    for level in referential.levels:
        missing.extend(_missing(level, global_percent, axes, questions))
        if missing:
            next_level = NextLevel(level.level, level.label, tuple(missing))
            break
        reached = level
    return Result(
        referential=referential.code,
        size_class=size_class,
        questions=questions,
        axes=axes,
        points=points,
        potential=potential,
        global_percent=global_percent,
        level=reached.level if reached else 0,
        level_label=reached.label if reached else None,
        next_level=next_level,
        applied_rules=tuple(applied),
    )


def score_dossier(referential, dossier_doc, overrides=None):
    """Score a validated tnl-dossier/1 document."""
    return score(referential, dossier_doc["territory"], dossier_doc["answers"], overrides)


def format_number(value, places=None):
    """An exact number as decimal text. With `places`, rounded half away from zero to that
    many decimals ("47.8"); without, exact when the decimal ends ("7.5", "41"), else rounded
    half away from zero to 6 decimals."""
    value = Fraction(value)
    if places is None:
        denominator = value.denominator
        for prime in (2, 5):
            while denominator % prime == 0:
                denominator //= prime
        if denominator != 1:
            return format_number(value, 6)
        places = 0
        while (value * 10**places).denominator != 1:
            places += 1
    scaled = abs(value) * 10**places
    units = int(scaled + Fraction(1, 2))  # floor of x + 1/2, x >= 0: half away from zero
    sign = "-" if value < 0 and units else ""
    digits = str(units).rjust(places + 1, "0")
    if not places:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def format_percent(value):
    return format_number(value, 1)


def result_to_json(result):
    """The `score --json` object of section 4, plus size_class and level_label; numbers as text."""
    return {
        "referential": result.referential,
        "size_class": result.size_class,
        "level": result.level,
        "level_label": dict(result.level_label) if result.level_label is not None else None,
        "global_percent": format_percent(result.global_percent),
        "axes": {
            code: {
                "points": format_number(axis.points),
                "potential": format_number(axis.potential),
                "percent": format_percent(axis.percent),
            }
            for code, axis in result.axes.items()
        },
        "questions": {
            code: {
                "points": format_number(item.points),
                "potential": format_number(item.potential),
                "status": item.status,
            }
            for code, item in result.questions.items()
        },
        "next_level": None
        if result.next_level is None
        else {"level": result.next_level.level, "missing": [item.text for item in result.next_level.missing]},
    }
