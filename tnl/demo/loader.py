"""Demo data for `make run`: the territory extract, the default referential, three published
editions of earlier years (see tnl/demo/history.py) with their published files, last year's
edition in deliberation (the jury at work: see tnl/demo/jury.py), an open edition of the current
year, a draft one for next year, and one login per role. Idempotent: a second
run finds what is there and creates nothing twice."""

import copy
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tnl.accounts.models import User
from tnl.core.services import SYSTEM
from tnl.demo import history, jury
from tnl.editions import services as edition_services
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition, JuryMember
from tnl.referentials.format import dump_referential
from tnl.referentials.models import Referential
from tnl.referentials.services import import_referential, replace_referential
from tnl.territories.models import Membership, Territory

DATA = Path(__file__).resolve().parent.parent
TERRITORY_EXTRACT = DATA / "territories" / "data" / "extract"
DEFAULT_REFERENTIAL = DATA / "referentials" / "data" / "tnl-default.yaml"
PASSWORD = "demo-label-2026"


@dataclass
class DemoLogin:
    email: str
    name: str
    role: str
    flags: dict


LOGINS = [
    DemoLogin(
        "admin@demo.example.org", "Alice Administratrice", "platform admin", {"is_superuser": True, "is_staff": True}
    ),
    DemoLogin("organisation@demo.example.org", "Olivier Organisateur", "organiser", {"is_organiser": True}),
    DemoLogin("jure@demo.example.org", "Juliette Jurée", "juror", {}),
    DemoLogin(
        "jure.conflit@demo.example.org", "Camille Conflit", "juror with a conflict of interest (agent of Pompey)", {}
    ),
    DemoLogin("expert@demo.example.org", "Édouard Expert", "invited expert", {}),
    DemoLogin("elue@demo.example.org", "Émilie Élue", "candidate: elected referent of Nancy", {}),
    DemoLogin("technique@demo.example.org", "Thomas Technicien", "candidate: technical referent of Nancy", {}),
]


def next_year_changes(document):
    """What an organiser typically changes for the next edition, so that the demo's
    "what changed" page has something to show: a new question, a stricter level, a rewording."""
    document = copy.deepcopy(document)
    com = next(axis for axis in document["axes"] if axis["code"] == "COM")
    com["questions"].append(
        {
            "code": "COM-11",
            "text": {
                "fr": "La collectivité publie-t-elle la liste des logiciels libres qu’elle utilise ?",
                "en": "Does the body publish the list of free software it uses?",
            },
            "kind": "yes_no",
            "points": 5,
            "evidence": "optional",
            "badge": False,
        }
    )
    level_2 = next(level for level in document["levels"] if level["level"] == 2)
    level_2["min_global"] = 32
    str_01 = next(q for axis in document["axes"] for q in axis["questions"] if q["code"] == "STR-01")
    str_01["help"] = {
        **str_01.get("help", {}),
        "fr": str_01["help"]["fr"] + " Une délibération de moins de six ans est attendue.",
    }
    return document


def _user(login):
    user, created = User.objects.get_or_create(email=login.email, defaults={"full_name": login.name, **login.flags})
    if created:
        user.set_password(PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def load(stdout=None):
    call_command("import_territories", str(TERRITORY_EXTRACT), stdout=stdout)
    with transaction.atomic():
        users = {login.role: _user(login) for login in LOGINS}
        default = Referential.objects.filter(code="tnl-default").first()
        if default is None:
            default = import_referential(SYSTEM, DEFAULT_REFERENTIAL.read_bytes(), DEFAULT_REFERENTIAL.name)
        organiser = users["organiser"]
        today = timezone.now()
        year = timezone.localdate().year
        current = Edition.objects.filter(year=year).first()
        if current is None:
            current = edition_services.create_edition(
                organiser,
                year,
                default,
                opens_at=today - timedelta(days=30),
                closes_at=timezone.localtime(today + timedelta(days=45)).replace(
                    hour=23, minute=59, second=0, microsecond=0
                ),
                jury_on=timezone.localdate(today + timedelta(days=50)),
                ceremony_on=timezone.localdate(today + timedelta(days=70)),
                publication_on=timezone.localdate(today + timedelta(days=71)),
            )
        if not Edition.objects.filter(year=year + 1).exists():
            upcoming = edition_services.create_edition(organiser, year + 1, current.referential)
            replace_referential(
                organiser,
                upcoming.referential,
                dump_referential(next_year_changes(upcoming.referential.document)),
                f"{upcoming.referential.code}.yaml",
            )
        JuryMember.objects.get_or_create(
            edition=current, user=users["juror"], defaults={"role": JuryRole.JUROR, "organisation": "April"}
        )
        JuryMember.objects.get_or_create(
            edition=current, user=users["invited expert"], defaults={"role": JuryRole.EXPERT}
        )
        nancy = Territory.objects.get(kind="commune", code="54395")
        for role_name, member_role in [
            ("candidate: elected referent of Nancy", "elected_referent"),
            ("candidate: technical referent of Nancy", "technical_referent"),
        ]:
            Membership.objects.get_or_create(
                user=users[role_name],
                territory=nancy,
                defaults={"role": member_role, "status": "confirmed", "confirmed_at": today},
            )
        _demo_dossier(current, nancy, users["candidate: elected referent of Nancy"])
        _reminder(organiser, current)
        people = {user.email: user for user in users.values()}
        history.past_editions(organiser, default, people)
        history.imported_history(organiser)
        jury.jury_edition(year - 1, organiser, default, people)
    _build_published_files()
    return LOGINS


def _build_published_files():
    """The published files of the past editions, at once: `make run` shows them before the worker
    has run the rebuilds that publishing queued. Nothing when the current build is up to date."""
    from tnl.publication.models import SiteGeneration
    from tnl.publication.site import build_site, current_folder

    state = SiteGeneration.objects.filter(pk=1).first()
    if state is not None and (current_folder() is None or state.built < state.generation):
        build_site()


def published_results_url():
    """The address of the latest published results, or None before any publication."""
    from django.conf import settings

    from tnl.publication import paths
    from tnl.publication.models import Release

    release = Release.objects.filter(withdrawn_at=None).order_by("-year").first()
    if release is None:
        return None
    return settings.SITE_URL.rstrip("/") + paths.url(paths.results(release.year, "fr"))


def _reminder(organiser, edition):
    """The deadline reminder an organiser sent on demand to the bodies still in draft."""
    from tnl.jury.console_services import manual_key, send_deadline_reminder
    from tnl.jury.models import Reminder

    if edition.is_open and not Reminder.objects.filter(edition=edition).exists():
        send_deadline_reminder(organiser, edition, manual_key())


def _demo_dossier(edition, territory, referent):
    """A dossier under way, so that the candidate pages have something to show."""
    from tnl.dossiers import services as dossier_services
    from tnl.dossiers.models import Dossier

    if Dossier.objects.filter(edition=edition, territory=territory).exists():
        return
    dossier = dossier_services.create_dossier(referent, edition, territory)
    for code, value in [
        ("STR-01", True),
        ("STR-02", "both"),
        ("LOG-01", True),
        ("LOG-03", 85),
        ("DON-02", "https://www.data.gouv.fr/fr/organizations/"),
        ("COM-01", "https://www.nancy.fr/"),
    ]:
        dossier_services.save_answer(referent, dossier, code, value)
    dossier_services.add_evidence_link(referent, dossier, "STR-01", "https://www.nancy.fr/deliberations")
