"""Fill a separate database with national-scale data, reproducibly from a seed.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_data.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_data.py
    .venv/bin/python bench/national_data.py --editions 2 --dossiers 30 --registry extract   # a small run

What it writes (the defaults): the full territory registry (about 36,000 bodies, fetched with
`npm pack` as bench/import_territories.py does), ten past editions (2016 to 2025), each with
2,000 submitted dossiers of about 55 answers, two jurors' submitted reviews per dossier, a decision
per dossier (the level the answers reach) and the publication, through the platform's own
services from the deliberation on. Bodies come back from one edition to the next (a pool of
bodies, most of them communes) and grow stronger, as in the label. The same seed gives the same
bodies, answers and levels. It refuses a database that already holds editions: use a new one
(never the demo's or production's).

The published files are not built (`--build` builds them at the end: the worker's job, timed).
Every dossier is written with bulk inserts; the answers follow the demo's rule (tnl/demo/jury.py
`answer_for`), so the levels spread from none to 5."""

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
# DEBUG off: Django would keep every query in memory.
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")

FIRST_YEAR = 2016
JURORS = 24
BATCH = 5000


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2016, help="the same seed gives the same data (default 2016)")
    parser.add_argument("--editions", type=int, default=10, help="past editions, from 2016 (default 10)")
    parser.add_argument("--dossiers", type=int, default=2000, help="submitted dossiers per edition (default 2000)")
    parser.add_argument(
        "--registry",
        choices=["full", "extract"],
        default="full",
        help="full: the official registry (npm); extract: the small extract the tests use",
    )
    parser.add_argument("--build", action="store_true", help="build the published files at the end")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing (and succeed) when the database already holds editions"
    )
    return parser.parse_args(argv)


def _moment(day, hour):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def load_registry(kind):
    from django.core.management import call_command

    if kind == "extract":
        from tnl.demo.loader import TERRITORY_EXTRACT

        call_command("import_territories", str(TERRITORY_EXTRACT), verbosity=0)
        return
    from bench.import_territories import download
    from tnl.core.services import SYSTEM
    from tnl.territories.services import import_registry

    import_registry(download(), SYSTEM)


def body_pool(rng, size):
    """The bodies that apply over the years: mostly communes, then EPCI, départements, régions."""
    from tnl.territories.models import Territory

    by_kind = {}
    for pk, kind in Territory.objects.filter(is_active=True).order_by("pk").values_list("pk", "kind"):
        by_kind.setdefault(kind, []).append(pk)
    shares = {"commune": 0.8, "epci": 0.15, "departement": 0.03, "region": 0.02}
    pool = []
    for kind, share in shares.items():
        candidates = by_kind.get(kind, [])
        pool += rng.sample(candidates, min(len(candidates), round(size * share)))
    others = [pk for kind, pks in by_kind.items() if kind not in shares for pk in pks]
    pool += rng.sample(others, min(len(others), size - len(pool)))
    if len(pool) < size:  # a small registry: every body
        pool = [pk for pks in by_kind.values() for pk in pks]
    rng.shuffle(pool)
    return pool


def questions_of(referential):
    return [question for axis in referential.document["axes"] for question in axis["questions"]]


def write_edition(year, source, organiser, jurors, bodies, strengths, rng, dossiers):
    """One past edition: created, filled with submitted dossiers, reviewed, deliberated, published."""
    from django.db import transaction
    from django.utils import timezone

    from tnl.demo.jury import answer_for
    from tnl.dossiers.enums import DossierStatus, EvidenceKind
    from tnl.dossiers.models import Answer, Dossier, Evidence
    from tnl.editions import services as edition_services
    from tnl.editions.enums import JuryRole
    from tnl.editions.models import Edition, JuryMember
    from tnl.jury.enums import ReviewStatus
    from tnl.jury.models import Assignment, Decision, Review
    from tnl.jury.scoring import jury_results
    from tnl.publication.models import Release
    from tnl.publication.services import publish_edition

    now = timezone.now()
    edition = edition_services.create_edition(
        organiser, year, source, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    questions = questions_of(edition.referential)
    closes = _moment(date(year, 6, 30), 23)
    chosen = rng.sample(bodies, min(dossiers, len(bodies)))
    with transaction.atomic():
        members = JuryMember.objects.bulk_create(
            [JuryMember(edition=edition, user=user, role=JuryRole.JUROR, organisation="Bench") for user in jurors]
        )
        rows = Dossier.objects.bulk_create(
            [
                Dossier(
                    edition=edition,
                    territory_id=pk,
                    status=DossierStatus.SUBMITTED,
                    submitted_at=closes - timedelta(hours=rng.randrange(1, 24 * 60)),
                    public_answers=rng.random() < 0.3,
                )
                for pk in chosen
            ],
            batch_size=BATCH,
        )
        answers, evidence, assignments = [], [], []
        for number, dossier in enumerate(rows):
            # A body grows a little stronger each time it applies.
            strength = strengths[dossier.territory_id] = min(
                1.0, strengths.get(dossier.territory_id, rng.random() * 0.8) + rng.random() * 0.08
            )
            salt = f"{year}-{dossier.territory_id}"
            for question in questions:
                value = answer_for(question, strength, salt)
                if value is None:
                    continue
                answer = Answer(dossier=dossier, question=question["code"])
                answer.value = value
                answers.append(answer)
                if question.get("evidence") == "required" and value not in (False, [], None):
                    url = f"https://bench.example.org/{salt}/{question['code'].lower()}"
                    evidence.append(
                        Evidence(dossier=dossier, question=question["code"], kind=EvidenceKind.URL, url=url)
                    )
            for offset in (0, 1):
                assignments.append(Assignment(dossier=dossier, member=members[(number * 2 + offset) % len(members)]))
            if len(answers) >= BATCH:
                Answer.objects.bulk_create(answers, batch_size=BATCH)
                answers = []
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        Evidence.objects.bulk_create(evidence, batch_size=BATCH)
        assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        Review.objects.bulk_create(
            [
                Review(
                    assignment=assignment,
                    status=ReviewStatus.SUBMITTED,
                    opinion="Dossier lu, preuves vérifiées.",
                    submitted_at=closes + timedelta(days=80),
                )
                for assignment in assignments
            ],
            batch_size=BATCH,
        )
        Edition.objects.filter(pk=edition.pk).update(
            opens_at=_moment(date(year, 3, 1), 9),
            closes_at=closes,
            jury_on=date(year, 9, 15),
            ceremony_on=date(year, 11, 20),
            publication_on=date(year, 11, 20),
        )
    edition.refresh_from_db()
    edition = edition_services.start_deliberation(organiser, edition)
    loaded = list(Dossier.objects.filter(edition=edition).select_related("territory"))
    for dossier in loaded:
        dossier.edition = edition  # as the deliberation table does: one referential object for all
    started = time.perf_counter()
    results = jury_results(loaded)
    scoring = time.perf_counter() - started
    Decision.objects.bulk_create(
        [
            Decision(
                dossier_id=pk,
                proposed_level=result.proposed_level,
                level=result.proposed_level,
                reason="Niveau atteint par les réponses.",
                decided_by=organiser,
            )
            for pk, result in results.items()
        ],
        batch_size=BATCH,
    )
    release = publish_edition(organiser, edition)
    published = _moment(date(year, 11, 20), 18)
    Edition.objects.filter(pk=edition.pk).update(
        deliberation_started_at=_moment(date(year, 10, 20), 10), published_at=published
    )
    Release.objects.filter(pk=release.pk).update(published_at=published)
    return release, scoring


def main(argv=None):
    options = parse(argv)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tnl.accounts.models import User
    from tnl.core.services import SYSTEM
    from tnl.demo.loader import DEFAULT_REFERENTIAL
    from tnl.editions.models import Edition
    from tnl.referentials.models import Referential
    from tnl.referentials.services import import_referential

    started = time.perf_counter()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if Edition.objects.exists():
        if options.if_empty:
            print("This database already holds editions: kept as it is.")
            return
        sys.exit("This database already holds editions: give the generator a new one (DATABASE_URL or TNL_VAR_DIR).")
    rng = random.Random(options.seed)
    step = time.perf_counter()
    load_registry(options.registry)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"registry: {time.perf_counter() - step:.1f} s, peak memory so far {peak:.0f} MB")
    organiser = User.objects.create_user(email="organisation@bench.example.org", full_name="Bench", is_organiser=True)
    jurors = [
        User.objects.create_user(email=f"jure{number}@bench.example.org", full_name=f"Juré {number}")
        for number in range(JURORS)
    ]
    source = Referential.objects.filter(code="tnl-default").first() or import_referential(
        SYSTEM, DEFAULT_REFERENTIAL.read_bytes(), DEFAULT_REFERENTIAL.name
    )
    bodies = body_pool(rng, round(options.dossiers * 1.5))
    strengths = {}
    for year in range(FIRST_YEAR, FIRST_YEAR + options.editions):
        step = time.perf_counter()
        release, scoring = write_edition(year, source, organiser, jurors, bodies, strengths, rng, options.dossiers)
        source = release.edition.referential
        print(
            f"{year}: {release.results.count()} labelled of {options.dossiers} dossiers, "
            f"scored in {scoring:.2f} s, written in {time.perf_counter() - step:.1f} s, "
            f"peak memory so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    if options.build:
        from tnl.publication.site import build_site

        call_command("collectstatic", interactive=False, verbosity=0)  # the pages name the static files
        step = time.perf_counter()
        build = build_site()
        print(f"published files: {build.files} in {time.perf_counter() - step:.1f} s")
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
