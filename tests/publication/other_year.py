"""A second published year for the statistics, the sitemap and the feed: a release imported from
the records of 2025 (participation not known), written as the snapshot rows public code reads.

2025: Strasbourg level 3, Paris level 2, Métropole du Grand Nancy level 2, Vandœuvre level 1."""

from datetime import UTC, datetime

from tnl.publication.models import PublishedResult, Release

LEVELS = [
    {"level": 1, "label": {"fr": "Niveau 1 — Découverte", "en": "Level 1 — Discovery"}},
    {"level": 2, "label": {"fr": "Niveau 2 — Initiative", "en": "Level 2 — Initiative"}},
    {"level": 3, "label": {"fr": "Niveau 3 — Engagement", "en": "Level 3 — Commitment"}},
]
SIZES = [
    {"code": "M", "label": {"fr": "De 20 000 à 99 999 habitants", "en": "20,000 to 99,999 inhabitants"}},
    {"code": "L", "label": {"fr": "100 000 habitants et plus", "en": "100,000 inhabitants and more"}},
]
BODIES = [
    # kind, code, name, size, département, région, level
    ("commune", "67482", "Strasbourg", "L", ("67", "Bas-Rhin"), ("44", "Grand Est"), 3),
    ("commune", "75056", "Paris", "L", ("75", "Paris"), ("11", "Île-de-France"), 2),
    ("epci", "245400676", "Métropole du Grand Nancy", "L", ("54", "Meurthe-et-Moselle"), ("44", "Grand Est"), 2),
    ("commune", "54547", "Vandœuvre-lès-Nancy", "M", ("54", "Meurthe-et-Moselle"), ("44", "Grand Est"), 1),
]
PUBLISHED_AT = datetime(2025, 12, 1, 10, 0, tzinfo=UTC)


def imported_2025():
    release = Release.objects.create(
        year=2025,
        number=1,
        imported=True,
        published_at=PUBLISHED_AT,
        facts={"year": 2025, "levels": LEVELS, "size_classes": SIZES, "participation": None},
    )
    for kind, code, name, size, (dep_code, dep_name), (reg_code, reg_name), level in BODIES:
        PublishedResult.objects.create(
            release=release,
            year=2025,
            kind=kind,
            code=code,
            name=name,
            display_name=name,
            size_class=size,
            departement_code=dep_code,
            departement_name=dep_name,
            region_code=reg_code,
            region_name=reg_name,
            level=level,
            level_label=next(item["label"] for item in LEVELS if item["level"] == level),
            imported=True,
        )
    return release
