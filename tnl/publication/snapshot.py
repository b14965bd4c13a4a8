"""What publishing copies: the edition's facts and one result per labelled body.

This is the only module of the publication app that reads dossiers and the jury's decisions; it
runs inside `publish_edition`'s transaction. Everything it returns is meant to be public: the
decided level and mentions, the scores of the jury's reading (the median of the submitted
reviews per axis, or the declared score of a dossier nobody reviewed), the one public line of
the decision, and the answers of bodies that agreed to show them. Reviews, comments, reasons,
clarifications and the people behind them are never copied."""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation

from tnl.core import formatting
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import JuryRole
from tnl.jury.scoring import jury_results
from tnl.referentials.engine import size_class_for

from .models import PublishedResult

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _texts(value):
    """{"fr": …, "en": …} from a referential text (a string or a mapping), every language filled."""
    if value is None:
        return dict.fromkeys(LANGUAGES, "")
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    fallback = value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), "")
    return {language: value.get(language) or fallback for language in LANGUAGES}


def _tenth(value):
    """A percent with one decimal, as published (62.54 → 62.5)."""
    return Decimal(value.numerator) / Decimal(value.denominator) if hasattr(value, "numerator") else Decimal(value)


def percent(value):
    return _tenth(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def level_labels(document, level):
    """{"fr": "Niveau 3 — Engagement", …}: the level as the public reads it."""
    label = next((item.get("label") for item in document["levels"] if item["level"] == level), None)
    texts = _texts(label)
    words = {}
    for language in LANGUAGES:
        with translation.override(language):
            number = translation.gettext("Level %(level)s") % {"level": level}
        words[language] = f"{number} — {texts[language]}" if texts[language] else number
    return words


def edition_facts(edition, dossiers_submitted):
    """The edition as the public pages describe it, copied at publication."""
    document = edition.referential.document
    jury = edition.jury.filter(role=JuryRole.JUROR).select_related("user").order_by("user__full_name", "user__email")
    return {
        "year": edition.year,
        "label": settings.TNL_LABEL_NAME,
        "referential": {"code": edition.referential.code, "version": edition.referential.version},
        "dates": {
            "opens_at": edition.opens_at.isoformat() if edition.opens_at else None,
            "closes_at": edition.closes_at.isoformat() if edition.closes_at else None,
            "ceremony_on": edition.ceremony_on.isoformat() if edition.ceremony_on else None,
        },
        "levels": [
            {"level": item["level"], "label": level_labels(document, item["level"])} for item in document["levels"]
        ],
        "axes": [{"code": axis["code"], "title": _texts(axis.get("title"))} for axis in document["axes"]],
        "mentions": [
            {"code": item["code"], "label": _texts(item.get("label") or item["code"])}
            for item in document.get("mentions", ())
        ],
        "size_classes": [
            {"code": item["code"], "label": _texts(item.get("label") or item["code"])}
            for item in document.get("size_classes", ())
        ],
        # Jurors only, by the name they gave (never their address): invited experts, organisers and
        # jurors without a name are not listed.
        "jury": [member.user.full_name for member in jury if member.user.full_name.strip()],
        "participation": dossiers_submitted,
    }


def _answer_words(question, value):
    """An answer in words in every language, for the bodies that made their answers public."""
    if value is None or value == "" or value == []:
        return None
    kind = question["kind"]
    if kind == "yes_no":
        words = {}
        for language in LANGUAGES:
            with translation.override(language):
                words[language] = translation.gettext("Yes") if value is True else translation.gettext("No")
        return words
    if kind in ("single", "multi"):
        labels = {choice["code"]: _texts(choice.get("label") or choice["code"]) for choice in question["choices"]}
        codes = value if isinstance(value, list) else [value]
        return {
            language: ", ".join(labels.get(code, {}).get(language, str(code)) for code in codes)
            for language in LANGUAGES
        }
    if kind == "file":
        return None  # evidence files stay private
    if kind in ("number", "percent") and isinstance(value, (int, float, str)) and not isinstance(value, bool):
        words = {}
        for language in LANGUAGES:
            with translation.override(language):
                text = formatting.number(value)
                words[language] = formatting.percent(value) if kind == "percent" else text
        return words
    return {language: str(value) for language in LANGUAGES}


def _public_answers(document, answers):
    rows = []
    for axis in document["axes"]:
        for question in axis["questions"]:
            answer = answers.get(question["code"])
            words = _answer_words(question, answer.value if answer is not None else None)
            if words:
                rows.append(
                    {
                        "question": question["code"],
                        "axis": axis["code"],
                        "title": _texts(question.get("text")),
                        "answer": words,
                    }
                )
    return rows


def _scores(result):
    """(global percent, {axis: percent}) of the jury's reading: the median of the submitted
    reviews, or the declared score when no review was submitted."""
    if result.reviews:
        reviews = list(result.reviews.values())
        axes = {code: statistics.median(r.axes[code].percent for r in reviews) for code in reviews[0].axes}
        return statistics.median(r.global_percent for r in reviews), axes
    declared = result.declared
    return declared.global_percent, {code: axis.percent for code, axis in declared.axes.items()}


def edition_results(edition, release):
    """(unsaved PublishedResult rows for the labelled bodies, number of submitted dossiers).

    A body is published when its decided level is at least 1; bodies without a level are
    counted in the participation, never named."""
    document = edition.referential.document
    compiled = edition.referential.compiled()
    dossiers = list(
        Dossier.objects.filter(edition=edition, status=DossierStatus.SUBMITTED)
        .select_related("territory__departement", "territory__region", "decision", "territory__epci")
        .prefetch_related("answers")
    )
    for dossier in dossiers:
        dossier.edition = edition  # one referential object for all (its document is parsed once)
    results = jury_results(dossiers)
    mentions = {item["code"]: _texts(item.get("label") or item["code"]) for item in document.get("mentions", ())}
    axes_titles = {axis["code"]: _texts(axis.get("title")) for axis in document["axes"]}
    rows = []
    for dossier in dossiers:
        decision = dossier.decision
        if decision.level < 1:
            continue
        territory = dossier.territory
        global_percent, axes = _scores(results[dossier.pk])
        departement = territory.departement if territory.kind != "departement" else territory
        region = territory.region if territory.kind != "region" else territory
        answers = {answer.question: answer for answer in dossier.answers.all()}
        rows.append(
            PublishedResult(
                release=release,
                year=edition.year,
                territory=territory,
                kind=territory.kind,
                code=territory.code,
                name=territory.name,
                display_name=territory.display_name,
                siren=territory.siren or "",
                population=territory.population,
                size_class=size_class_for(compiled, territory.kind, territory.population or 0),
                departement_code=departement.code if departement else territory.departement_code,
                departement_name=departement.name if departement else "",
                region_code=region.code if region else "",
                region_name=region.name if region else "",
                level=decision.level,
                level_label=level_labels(document, decision.level),
                global_percent=percent(global_percent),
                axes=[
                    {"code": code, "title": axes_titles[code], "percent": str(percent(value))}
                    for code, value in axes.items()
                ],
                mentions=[{"code": code, "label": mentions[code]} for code in decision.mentions if code in mentions],
                highlight=decision.highlight,
                public_answers=_public_answers(document, answers) if dossier.public_answers else [],
            )
        )
    return rows, len(dossiers)
