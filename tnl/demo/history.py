"""The demo's published past: the editions of four, three and two years ago, decided and published,
so that the public pages (each year's results, a body's page with its history) show real data.

Each edition is built through the real services, as people would have done it: the organiser
creates it with the default referential and seats three jurors, the bodies answer and submit,
some referents agree to show their answers, the deliberation decides each level (the proposed
one: nobody reviewed these dossiers) with a few special mentions and public lines, and the
organiser publishes. Only the dates are moved afterwards, to the year of the edition, as the
calendar would have set them. A few bodies come back every year and climb (Nancy from level 3 to
level 5), others come once.

The answers follow each body's strength with a salt that names how many years ago the edition
was, not the year itself: the same levels whatever the year the demo is loaded in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from tnl.dossiers import services as dossier_services
from tnl.dossiers.enums import DossierForm
from tnl.dossiers.models import Dossier
from tnl.editions import services as edition_services
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition
from tnl.jury import assignment_services, deliberation_services
from tnl.jury.scoring import jury_results
from tnl.publication.import_file import read_rows
from tnl.publication.importing import import_results
from tnl.publication.models import Release
from tnl.publication.services import publish_edition
from tnl.territories.models import Territory

from .jury import (
    DECLARING_JUROR,
    EXTRA_PEOPLE,
    JUROR,
    OTHER_JUROR,
    _candidate,
    _confirm,
    _fresh,
    _person,
    answer_for,
)


@dataclass(frozen=True)
class Past:
    """One body's dossier of a past edition and what the jury decided."""

    kind: str
    code: str
    strength: float  # see tnl/demo/jury.py: levels follow strength
    public: bool = False  # the referents agreed to show the answers
    mentions: tuple = ()
    highlight: str = ""
    form: str = DossierForm.FULL

    @property
    def candidate(self):
        """Its referents: Nancy's are the logins the demo prints, the others the jury demo's."""
        if self.code == "54395":
            return _candidate(
                self.kind, self.code, self.strength, "elue@demo.example.org", "technique@demo.example.org"
            )
        return _candidate(self.kind, self.code, self.strength)


NANCY, METROPOLE, STRASBOURG = ("commune", "54395"), ("epci", "245400676"), ("commune", "67482")

# {years ago: the bodies that applied}. Most come back the next year and climb (Nancy: level 3,
# 4, then 5); some join later, Épinal comes once. The levels follow (see tests/demo/test_demo_history.py).
HISTORY = {
    4: [
        Past(*NANCY, 0.6, public=True, highlight="Une délibération cadre en faveur du logiciel libre, votée à l’unanimité."),
        Past(*METROPOLE, 0.55, mentions=("mutualisation",),
             highlight="Un socle de services numériques libres proposé aux vingt communes de la Métropole."),
        Past(*STRASBOURG, 0.6, public=True, mentions=("promotion",),
             highlight="Des ateliers ouverts aux habitants dans chaque médiathèque pour découvrir les logiciels libres."),
        Past("commune", "57463", 0.55),  # Metz
        Past("commune", "54547", 0.35),  # Vandœuvre-lès-Nancy
        Past("commune", "88160", 0.45, mentions=("first-application",),
             highlight="Une première candidature très structurée, portée par l’élue au numérique."),  # Épinal
    ],
    3: [
        Past(*NANCY, 0.8, public=True, highlight="Tous les postes des écoles passés sous un système libre en deux ans."),
        Past(*METROPOLE, 0.65, public=True),
        Past(*STRASBOURG, 0.85, mentions=("sobriety",), highlight="La durée de vie des ordinateurs des agents portée à huit ans."),
        Past("commune", "57463", 0.7),  # Metz
        Past("commune", "54547", 0.45),  # Vandœuvre-lès-Nancy
        Past("commune", "54304", 0.35, mentions=("first-application",)),  # Laxou
        Past("departement", "54", 0.5, highlight="Un catalogue de logiciels libres partagé avec les collèges."),
    ],
    2: [
        Past(*NANCY, 0.9, public=True, mentions=("promotion",),
             highlight="Une install-party mensuelle à l’hôtel de ville et un guide du libre pour les associations."),
        Past(*METROPOLE, 0.85, public=True, mentions=("mutualisation",),
             highlight="Une plateforme de données ouvertes commune à la Métropole et à ses communes."),
        Past(*STRASBOURG, 0.9, public=True),
        Past("commune", "57463", 0.75, highlight="Un plan de migration des postes publié et suivi chaque trimestre."),
        Past("commune", "54547", 0.5, public=True),  # Vandœuvre-lès-Nancy
        Past("commune", "54304", 0.5),  # Laxou
        Past("departement", "54", 0.6),  # Meurthe-et-Moselle
        Past("region", "44", 0.65, mentions=("mutualisation",)),  # Grand Est
        Past("commune", "54515", 0.15, form=DossierForm.BADGE),  # Thélod: no level yet
    ],
}  # fmt: skip

JURY = [(JUROR, "April"), (DECLARING_JUROR, "Adullact"), (OTHER_JUROR, "DINUM")]


def _moment(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _calendar(year):
    """The dates of a past edition: applications in spring, the jury in autumn, the ceremony in November."""
    return {
        "opens_at": _moment(date(year, 3, 1), 9),
        "closes_at": _moment(date(year, 6, 30), 23, 59),
        "jury_on": date(year, 9, 15),
        "ceremony_on": date(year, 11, 20),
        "publication_on": date(year, 11, 20),
    }


def past_editions(organiser, referential, people):
    """Create and publish the past editions that do not exist yet; returns their releases.
    `people` maps e-mails to users (the printed logins); the others are created on the way."""
    year = timezone.localdate().year
    releases = []
    for years_ago, bodies in sorted(HISTORY.items(), reverse=True):
        if Edition.objects.filter(year=year - years_ago).exists():
            continue
        for body in bodies:
            for email in (body.candidate.referent, body.candidate.technical):
                if email not in people:
                    people[email] = _person(email, f"Référent {body.code}")
        for email, _organisation in JURY:
            if email not in people:
                people[email] = _person(email, EXTRA_PEOPLE[email])
        releases.append(_published(organiser, referential, year - years_ago, bodies, people))
    return releases


# The answers a body that applied before keeps as they were (its figures of last year): fewer
# saves, and the demo loads in a few seconds.
KEPT_KINDS = {"number", "percent"}


def _answer_and_submit(dossier, referent, strength, salt):
    """Answer as a body of this strength and submit. A body that applied before started from its
    last dossier: it keeps its figures, and saves only the other answers that changed and what it
    newly answers (the same salt every year: a stronger body keeps what it had and
    adds to it)."""
    questions = [q for axis in dossier.edition.referential.document["axes"] for q in axis["questions"]]
    if dossier.form == DossierForm.BADGE:
        questions = [q for q in questions if q.get("badge", False)]
    copied = {answer.question: answer for answer in dossier.answers.all()}
    evidenced = set(dossier.evidence.values_list("question", flat=True))
    for question in questions:
        code = question["code"]
        value, current = answer_for(question, strength, salt), copied.get(code)
        if current is not None and question["kind"] in KEPT_KINDS or (current.value if current else None) == value:
            continue
        version = current.version if current is not None else None
        dossier_services.save_answer(referent, dossier, code, value, expected_version=version)
        if question.get("evidence") == "required" and value not in (False, [], None) and code not in evidenced:
            link = f"https://demo.example.org/{salt}/preuves/{code.lower()}"
            dossier_services.add_evidence_link(referent, dossier, code, link)
    return dossier_services.submit_dossier(referent, dossier)


def _published(organiser, referential, year, bodies, people):
    now = timezone.now()
    # Applications open (for the services, now); the bodies submit.
    edition = edition_services.create_edition(
        organiser, year, referential, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    for email, organisation in JURY:
        assignment_services.add_jury_member(organiser, edition, email, JuryRole.JUROR, organisation)
    dossiers = []
    for body in bodies:
        territory = Territory.objects.get(kind=body.kind, code=body.code)
        referent = people[body.candidate.referent]
        _confirm(referent, territory, "elected_referent", now)
        _confirm(people[body.candidate.technical], territory, "technical_referent", now)
        dossier = dossier_services.create_dossier(
            _fresh(referent.email), edition, territory, form=body.form, start_from_previous=True
        )
        dossier = _answer_and_submit(dossier, _fresh(referent.email), body.strength, f"past-{body.code}")
        if body.public:
            dossier_services.set_public_answers(_fresh(referent.email), dossier, True)
        dossiers.append((body, dossier))

    # The year goes by: the deadline passes, the jury meets, the deliberation decides.
    calendar = _calendar(year)
    Edition.objects.filter(pk=edition.pk).update(**calendar)
    edition.refresh_from_db()
    edition = edition_services.start_deliberation(organiser, edition)
    loaded = Dossier.objects.filter(edition=edition).select_related("territory", "edition__referential")
    results = jury_results(loaded)
    for body, dossier in dossiers:
        deliberation_services.decide_level(
            organiser,
            dossier,
            results[dossier.pk].proposed_level,
            mentions=list(body.mentions),
            highlight=body.highlight,
        )
    release = publish_edition(organiser, edition)

    # Only the dates move, to where the calendar of that year put them.
    published = _moment(calendar["ceremony_on"], 18)
    Edition.objects.filter(pk=edition.pk).update(
        deliberation_started_at=_moment(calendar["ceremony_on"] - timedelta(days=30), 10), published_at=published
    )
    Dossier.objects.filter(edition=edition).update(submitted_at=calendar["closes_at"] - timedelta(days=3))
    Release.objects.filter(pk=release.pk).update(published_at=published)
    return release


SAMPLE = Path(__file__).resolve().parents[1] / "publication" / "data" / "past-results-sample.csv"


def imported_history(organiser):
    """The years before the demo's first edition, imported from the made-up sample file as an
    organiser would import the records of editions run before the platform (`import_results`):
    the public pages then reach back to 2016 and show how imported results are marked. Nothing
    when an imported year exists already."""
    if Release.objects.filter(imported=True).exists():
        return []
    first = Edition.objects.order_by("year").values_list("year", flat=True).first()
    rows = [row for row in read_rows(SAMPLE.read_bytes(), SAMPLE.name) if first is None or int(row[1]["year"]) < first]
    return import_results(organiser, rows, SAMPLE.name) if rows else []
