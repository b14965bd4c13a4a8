"""The demo's jury edition: last year's campaign, applications closed, the jury at work.

A dozen bodies of different kinds and sizes submitted a dossier (answers of different strength,
so that levels differ); a jury of four jurors (one of them an agent of Pompey, so conflicted
with Pompey, its intercommunality, its département and its région; another who declared a
conflict with the Métropole du Grand Nancy) and an invited expert. A calibration dossier read
by every juror, then the reviews (most submitted, some in progress), two clarifications, and
the deliberation started with a few decisions and the result e-mails prepared.

Built through the real services, as people would have done it; only the dates are moved
between the steps, as time passing would.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from tnl.accounts.models import User
from tnl.dossiers import services as dossier_services
from tnl.dossiers.enums import DossierForm
from tnl.dossiers.models import Dossier
from tnl.editions import services as edition_services
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition
from tnl.jury import (
    assignment_services,
    calibration_services,
    clarification_services,
    deliberation_services,
    outbox_services,
    review_services,
)
from tnl.jury.enums import Rubric
from tnl.jury.models import Assignment
from tnl.jury.scoring import RUBRIC_KINDS, jury_results
from tnl.territories.models import Membership, Territory


@dataclass(frozen=True)
class Candidate:
    kind: str
    code: str
    strength: float  # 0 (a beginner) to 1 (a model body): how well it answers
    referent: str  # the e-mail of its elected referent in the demo
    technical: str  # the e-mail of its technical referent
    form: str  # the full questionnaire, or the short badge form (the smallest communes)


def _candidate(kind, code, strength, referent=None, technical=None, form=DossierForm.FULL):
    return Candidate(
        kind,
        code,
        strength,
        referent or f"elu-{code}@demo.example.org",
        technical or f"technique-{code}@demo.example.org",
        form,
    )


# Communes small and large, intercommunalities, a département and a région (all in the extract).
CANDIDATES = [
    _candidate("commune", "54395", 0.9, "elue@demo.example.org", "technique@demo.example.org"),  # Nancy
    _candidate("commune", "54547", 0.55),  # Vandœuvre-lès-Nancy
    _candidate("commune", "54274", 0.4),  # Jarville-la-Malgrange
    _candidate("commune", "54397", 0.65),  # Neuves-Maisons
    _candidate("commune", "54430", 0.5),  # Pompey
    _candidate("commune", "54196", 0.3),  # Flavigny-sur-Moselle
    _candidate("commune", "54515", 0.15, form=DossierForm.BADGE),  # Thélod, 251 inhabitants
    _candidate("commune", "54354", 0.25, form=DossierForm.BADGE),  # Marthemont, 52 inhabitants
    _candidate("epci", "245400676", 0.8),  # Métropole du Grand Nancy
    _candidate("epci", "245400601", 0.45),  # CC du Bassin de Pompey
    _candidate("departement", "54", 0.6),  # Meurthe-et-Moselle
    _candidate("region", "44", 0.7),  # Grand Est
]

JUROR = "jure@demo.example.org"
CONFLICTED_JUROR = "jure.conflit@demo.example.org"  # an agent of Pompey
DECLARING_JUROR = "jure.adullact@demo.example.org"  # declared a conflict with the Métropole
OTHER_JUROR = "jure.dinum@demo.example.org"
EXPERT = "expert@demo.example.org"
# The jurors that the loader does not print (no password: nobody logs in as them).
EXTRA_PEOPLE = {
    DECLARING_JUROR: "Bruno Bénévole",
    OTHER_JUROR: "Nadia Numérique",
}
# How each juror reads: the rubric they tend to give (their severity), and their organisation.
JURORS = [
    (JUROR, "April", 0.0),
    (CONFLICTED_JUROR, "Commune de Pompey", 0.1),
    (DECLARING_JUROR, "Adullact", 0.3),
    (OTHER_JUROR, "DINUM", -0.2),
]
CALIBRATION_BODY = "54397"  # Neuves-Maisons: no juror is conflicted with it
DIVERGENT_BODY = "54547"  # Vandœuvre-lès-Nancy: one severe reviewer, one lenient
EXPERT_BODY = "44"  # Grand Est: the invited expert's written opinion
REOPENED_BODY = "54274"  # Jarville-la-Malgrange: a question reopened for correction
ANSWERED_BODY = "245400676"  # Métropole du Grand Nancy: a question answered in the thread


def _digit(*parts):
    """A stable number in [0, 1) from the parts: the same demo on every machine."""
    return int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


# The questions the levels require (see the referential's levels), and the strength from which a
# body meets them: levels then follow strength, from none (Thélod) to the highest (Nancy).
REQUIRED_FROM = {"LOG-01": 0.2, "STR-01": 0.45, "INT-01": 0.6, "COM-05": 0.85}


def answer_for(question, strength, salt):
    """The answer a body of this strength gives (None: left unanswered). Questions that must be
    answered to submit (yes/no, single choice, number, percent) always get an answer."""
    kind, roll = question["kind"], _digit(question["code"], salt)
    good = roll < strength
    if question["code"] in REQUIRED_FROM:
        good = strength >= REQUIRED_FROM[question["code"]]
        if kind == "multi":
            return [choice["code"] for choice in question["choices"][:2]] if good else None
    if kind == "yes_no":
        return good
    if kind == "single":
        choices = question["choices"]
        index = int(strength * len(choices) + (roll - 0.5))
        return choices[max(0, min(len(choices) - 1, index))]["code"]
    if kind == "multi":
        if not good:
            return None  # optional: left unanswered
        choices = question["choices"]
        count = max(0, min(len(choices), round(strength * len(choices) + roll - 0.5)))
        return [choice["code"] for choice in choices[:count]] or None
    if kind == "percent":
        return min(100, round(strength * 100 * (0.6 + roll * 0.5)))
    if kind == "number":
        return round(20 * strength * (0.5 + roll))
    if kind == "url":
        return f"https://demo.example.org/{salt}/{question['code'].lower()}" if good else None
    if kind == "text":
        return "Démarche engagée depuis trois ans, avec un comité de pilotage et un bilan annuel." if good else None
    return None  # file: the demo ships no files


def fill_and_submit(dossier, referent, strength, salt):
    questions = [q for axis in dossier.edition.referential.document["axes"] for q in axis["questions"]]
    if dossier.form == DossierForm.BADGE:
        questions = [q for q in questions if q.get("badge", False)]
    for question in questions:
        value = answer_for(question, strength, salt)
        if value is None:
            continue
        dossier_services.save_answer(referent, dossier, question["code"], value)
        if question.get("evidence") == "required" and value not in (False, [], None):
            dossier_services.add_evidence_link(
                referent,
                dossier,
                question["code"],
                f"https://demo.example.org/{salt}/preuves/{question['code'].lower()}",
            )
    return dossier_services.submit_dossier(referent, dossier)


def _person(email, name):
    """A demo person nobody logs in as (no usable password: hashing one costs time)."""
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _confirm(user, territory, role, now):
    Membership.objects.get_or_create(
        user=user, territory=territory, defaults={"role": role, "status": "confirmed", "confirmed_at": now}
    )


def _move_dates(edition, **dates):
    """Time passes: only the dates change, as the calendar would."""
    Edition.objects.filter(pk=edition.pk).update(**dates)
    edition.refresh_from_db()
    return edition


def _fresh(email):
    """The person as a new request would load them (no permission cache kept from earlier steps)."""
    return User.objects.get(email=email)


def _dossiers(edition):
    """The edition's dossiers by body code, loaded afresh (with the edition's current dates)."""
    return {
        dossier.territory.code: dossier
        for dossier in Dossier.objects.filter(edition=edition).select_related("territory", "edition__referential")
    }


def _read(assignment, severity, salt, submit=True, limit=None):
    """A juror's review of `assignment`: a rubric on every answered url, file and text question
    (lower when the juror is severe), and submission."""
    juror = _fresh(assignment.member.user.email)
    dossier = assignment.dossier
    answered = set(dossier.answers.values_list("question", flat=True))
    questions = [
        q
        for axis in dossier.edition.referential.document["axes"]
        for q in axis["questions"]
        if q["kind"] in RUBRIC_KINDS and q["code"] in answered
    ]
    for question in questions[:limit]:
        roll = _digit(question["code"], salt) - severity
        rubric = Rubric.FULL if roll > 0.45 else Rubric.TWO_THIRDS if roll > 0.15 else Rubric.ONE_THIRD
        review_services.save_reading(juror, assignment, question["code"], rubric=rubric)
    if submit:
        review_services.submit_review(juror, assignment)


def _submit_dossiers(edition, organiser_now, people):
    dossiers = {}
    for candidate in CANDIDATES:
        territory = Territory.objects.get(kind=candidate.kind, code=candidate.code)
        referent, technical = people[candidate.referent], people[candidate.technical]
        _confirm(referent, territory, "elected_referent", organiser_now)
        _confirm(technical, territory, "technical_referent", organiser_now)
        dossier = dossier_services.create_dossier(referent, edition, territory, form=candidate.form)
        dossiers[candidate.code] = fill_and_submit(
            dossier, referent, candidate.strength, f"{edition.year}-{candidate.code}"
        )
    return dossiers


def jury_edition(year, organiser, referential, people):
    """Last year's edition, in deliberation; created once (idempotent: returns the existing one).

    `people` maps the e-mails of the printed logins to their users (the candidates' referents of
    Nancy, the juror, the conflicted juror, the invited expert); the others are created here."""
    edition = Edition.objects.filter(year=year).first()
    if edition is not None:
        return edition
    now = timezone.now()
    today = timezone.localdate()
    people = dict(people)
    for candidate in CANDIDATES:
        for email in (candidate.referent, candidate.technical):
            if email not in people:
                people[email] = _person(email, f"Référent {candidate.code}")
    for email, name in EXTRA_PEOPLE.items():
        people[email] = _person(email, name)

    # Applications: open, twelve bodies submit, then the deadline passes (calibration time).
    edition = edition_services.create_edition(
        organiser, year, referential, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    _submit_dossiers(edition, now, people)
    _move_dates(
        edition,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=28),
        jury_on=today + timedelta(days=1),
        ceremony_on=today + timedelta(days=20),
        publication_on=today + timedelta(days=21),
    )

    # The jury: four jurors and an invited expert; the agent of Pompey is conflicted with Pompey
    # and every body containing it; another juror declares a conflict with the Métropole.
    pompey = Territory.objects.get(kind="commune", code="54430")
    _confirm(people[CONFLICTED_JUROR], pompey, "contributor", now)
    members = {}
    for email, organisation, _severity in JURORS:
        members[email] = assignment_services.add_jury_member(organiser, edition, email, JuryRole.JUROR, organisation)
    expert = assignment_services.add_jury_member(organiser, edition, EXPERT, JuryRole.EXPERT, "Framasoft")
    metropole = Territory.objects.get(kind="epci", code="245400676")
    assignment_services.declare_conflict(
        _fresh(DECLARING_JUROR),
        members[DECLARING_JUROR],
        metropole,
        "J’ai conseillé la Métropole sur son schéma directeur du numérique en 2024.",
    )

    # Calibration, before the review opens: every juror reads the same dossier; they disagree on
    # some questions, and the jury writes down its agreed reading of one.
    dossiers = _dossiers(edition)
    sample = dossiers[CALIBRATION_BODY]
    calibration_services.add_calibration_sample(organiser, edition, sample)
    severity = {email: value for email, _organisation, value in JURORS}
    for assignment in Assignment.objects.filter(dossier=sample, calibration=True).select_related(
        "member__user", "dossier__edition__referential"
    ):
        email = assignment.member.user.email
        _read(assignment, severity[email] * 2, f"calibration-{email}")
    calibration_services.save_question_note(
        organiser,
        edition,
        "INT-01",
        "Le lien doit mener à une page publique à jour (moins d’un an) ; une page d’accueil générale "
        "vaut ⅓, une page dédiée avec la liste des logiciels vaut 1.",
    )

    # The review opens: two reviewers per dossier, the invited expert on the Grand Est's.
    _move_dates(edition, jury_on=today - timedelta(days=14))
    assignment_services.assign_reviewers(organiser, edition)
    dossiers = _dossiers(edition)
    expert_assignment = assignment_services.assign(organiser, dossiers[EXPERT_BODY], expert)
    expert_user = _fresh(EXPERT)
    review_services.save_opinion(
        expert_user,
        expert_assignment,
        "La Région mutualise sa plateforme de données avec les départements : une démarche solide, "
        "mais la part de logiciels libres dans les marchés reste à documenter.",
    )
    review_services.submit_review(expert_user, expert_assignment)
    _reviews(edition, dossiers, severity)

    # Clarifications: one question reopened for correction, one answered in the thread.
    clarification_services.ask_clarification(
        organiser,
        dossiers[REOPENED_BODY],
        "Le lien donné pour DON-02 ne fonctionne plus : pouvez-vous le corriger ?",
        questions=["DON-02"],
        open_until=now + timedelta(days=10),
    )
    asked = clarification_services.ask_clarification(
        organiser,
        dossiers[ANSWERED_BODY],
        "Combien de communes de la Métropole utilisent la plateforme mutualisée que vous décrivez ?",
    )
    referent = _fresh(next(c.referent for c in CANDIDATES if c.code == ANSWERED_BODY))
    clarification_services.answer_clarification(
        referent, asked, "Dix-huit des vingt communes, la dernière la rejoindra en janvier."
    )

    # The deliberation starts; a few dossiers are decided and their result e-mails prepared.
    edition = edition_services.start_deliberation(organiser, edition)
    _decisions(organiser, edition, _dossiers(edition))
    outbox_services.ensure_templates(organiser, edition)
    outbox_services.prepare_outbox(organiser, edition)
    return edition


def _reviews(edition, dossiers, severity):
    """Most reviews submitted; Juliette has one in progress and one not started; a few
    corrections with a reason, evidence marked not valid, and one divergent dossier."""
    assignments = list(
        Assignment.objects.filter(dossier__edition=edition, calibration=False, member__role=JuryRole.JUROR)
        .select_related("member__user", "dossier__territory", "dossier__edition__referential")
        .order_by("pk")
    )
    divergent = [a for a in assignments if a.dossier.territory.code == DIVERGENT_BODY]
    juliette = [a for a in assignments if a.member.user.email == JUROR and a not in divergent]
    not_started, in_progress = juliette[-1], juliette[-2]
    for assignment in assignments:
        email = assignment.member.user.email
        salt = f"{email}-{assignment.dossier.territory.code}"
        if assignment == not_started:
            continue
        if assignment == in_progress:
            _read(assignment, severity[email], salt, submit=False, limit=2)
            continue
        juror = _fresh(email)
        evidence = list(assignment.dossier.evidence.order_by("pk"))
        if assignment == divergent[0]:
            # The severe reviewer: the evidence does not convince them, nor do the answers.
            for item in evidence:
                review_services.check_evidence(juror, assignment, item, False)
            _read(assignment, 0.8, salt)
            continue
        if evidence and _digit("evidence", salt) < 0.3:
            # A link that does not show what it should (the last one given: not a level's key).
            review_services.check_evidence(juror, assignment, evidence[-1], False)
        if _digit("correction", salt) < 0.3:
            review_services.save_reading(
                juror,
                assignment,
                "LOG-03",
                corrected_points="5",
                correction_reason="Le taux déclaré compte les postes en double démarrage : environ un tiers.",
            )
        _read(assignment, severity[email] - (0.4 if assignment in divergent else 0), salt)


def _decisions(organiser, edition, dossiers):
    """A few decisions: two as proposed (one with a special mention), one a level below the
    proposed one, with the jury's reason."""
    chosen = [dossiers[code] for code in ("54395", "54515", "54196")]
    results = jury_results(
        Dossier.objects.filter(pk__in=[d.pk for d in chosen]).select_related("edition__referential", "territory")
    )
    nancy, thelod, flavigny = chosen
    deliberation_services.decide_level(organiser, nancy, results[nancy.pk].proposed_level, mentions=["promotion"])
    deliberation_services.decide_level(organiser, thelod, results[thelod.pk].proposed_level)
    proposed = results[flavigny.pk].proposed_level
    deliberation_services.decide_level(
        organiser,
        flavigny,
        proposed - 1 if proposed > 0 else 1,
        reason="Le jury a débattu de ce dossier en séance : il retient un autre niveau que celui proposé, "
        "au vu des preuves et de l’avis des deux rapporteurs.",
    )
