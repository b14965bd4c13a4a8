"""The demo's jury edition: last year's campaign, applications closed, the jury at work.

A dozen bodies of different kinds and sizes submitted a dossier (answers of different strength,
so that levels differ); a jury of four jurors, one of them conflicted through the Métropole du
Grand Nancy, and an invited expert. Built through the real services, as people would have done
it; only the dates are moved afterwards, as time passing would.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tnl.core.services import SYSTEM
from tnl.dossiers import services as dossier_services
from tnl.dossiers.models import Dossier
from tnl.editions import services as edition_services
from tnl.editions.models import Edition
from tnl.referentials.models import Referential
from tnl.territories.models import Membership, Territory


@dataclass(frozen=True)
class Candidate:
    kind: str
    code: str
    strength: float  # 0 (a beginner) to 1 (a model body): how well it answers
    referent: str  # the e-mail of its elected referent in the demo


# Communes small and large, intercommunalities, a département and a région (all in the extract).
CANDIDATES = [
    Candidate("commune", "54395", 0.85, "elue@demo.example.org"),  # Nancy, 104,000 inhabitants
    Candidate("commune", "54547", 0.55, "referent-54547@demo.example.org"),  # Vandœuvre-lès-Nancy
    Candidate("commune", "54274", 0.4, "referent-54274@demo.example.org"),  # Jarville-la-Malgrange
    Candidate("commune", "54397", 0.65, "referent-54397@demo.example.org"),  # Neuves-Maisons
    Candidate("commune", "54430", 0.5, "referent-54430@demo.example.org"),  # Pompey
    Candidate("commune", "54196", 0.3, "referent-54196@demo.example.org"),  # Flavigny-sur-Moselle
    Candidate("commune", "54515", 0.2, "referent-54515@demo.example.org"),  # Thélod, 251 inhabitants
    Candidate("commune", "54354", 0.35, "referent-54354@demo.example.org"),  # Marthemont, 52 inhabitants
    Candidate("epci", "245400676", 0.75, "referent-245400676@demo.example.org"),  # Métropole du Grand Nancy
    Candidate("epci", "245400601", 0.45, "referent-245400601@demo.example.org"),  # CC du Bassin de Pompey
    Candidate("departement", "54", 0.6, "referent-54@demo.example.org"),  # Meurthe-et-Moselle
    Candidate("region", "44", 0.7, "referent-44@demo.example.org"),  # Grand Est
]


def _digit(*parts):
    """A stable number in [0, 1) from the parts: the same demo on every machine."""
    return int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def answer_for(question, strength, salt):
    """The answer a body of this strength gives (None: left unanswered)."""
    kind, roll = question["kind"], _digit(question["code"], salt)
    good = roll < strength
    if kind == "yes_no":
        return good
    if kind == "single":
        choices = question["choices"]
        index = min(len(choices) - 1, int(strength * len(choices) + (roll - 0.5)))
        return choices[max(index, 0)]["code"]
    if kind == "multi":
        choices = question["choices"]
        count = max(0, min(len(choices), round(strength * len(choices) + roll - 0.5)))
        return [choice["code"] for choice in choices[:count]] or None
    if kind == "percent":
        return min(100, round(strength * 100 * (0.6 + roll * 0.5)))
    if kind == "number":
        brackets = question.get("brackets") or []
        top = max((bracket["min"] for bracket in brackets), default=10) if isinstance(brackets, list) else 10
        return round(top * strength * (0.5 + roll))
    if kind == "url":
        return f"https://demo.example.org/{salt}/{question['code'].lower()}" if good else None
    if kind == "text":
        return "Démarche engagée depuis trois ans, avec un comité de pilotage et un bilan annuel." if good else None
    return None  # file: the demo ships no files


def fill_and_submit(dossier, referent, strength, salt):
    questions = [q for axis in dossier.edition.referential.document["axes"] for q in axis["questions"]]
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
    dossier_services.submit_dossier(referent, dossier)


def jury_edition(year, organiser, referential, referents):
    """Last year's edition with its submitted dossiers; created once (idempotent)."""
    edition = Edition.objects.filter(year=year).first()
    if edition is not None:
        return edition
    now = timezone.now()
    edition = edition_services.create_edition(
        organiser, year, referential, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    for candidate in CANDIDATES:
        territory = Territory.objects.get(kind=candidate.kind, code=candidate.code)
        referent = referents[candidate.referent]
        Membership.objects.get_or_create(
            user=referent,
            territory=territory,
            defaults={"role": "elected_referent", "status": "confirmed", "confirmed_at": now},
        )
        if not Dossier.objects.filter(edition=edition, territory=territory).exists():
            dossier = dossier_services.create_dossier(referent, edition, territory)
            fill_and_submit(dossier, referent, candidate.strength, f"{year}-{candidate.code}")
    # Time passes: applications closed three weeks ago, the jury started two weeks ago.
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=21),
        jury_on=(now - timedelta(days=14)).date(),
        ceremony_on=(now + timedelta(days=20)).date(),
        publication_on=(now + timedelta(days=21)).date(),
    )
    edition.refresh_from_db()
    return edition


__all__ = ["CANDIDATES", "SYSTEM", "Referential", "jury_edition"]
