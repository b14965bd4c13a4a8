"""Published snapshots written directly, for the laureates page and the API: what publishing
leaves behind (a live `Release` and its `PublishedResult` rows), without running a jury.

    release(2026)                                # a live release with the facts the pages read
    laureate(release, "Nancy", "54395", level=3) # one labelled body of that release
    many(release, 30)                            # 30 communes "Commune 001" … "Commune 030"
"""

from django.utils import timezone

from tnl.publication.models import PublishedResult, Release

LEVEL_WORDS = {1: "Découverte", 2: "Progression", 3: "Engagement", 4: "Excellence", 5: "Référence"}
LEVEL_WORDS_EN = {1: "Discovery", 2: "Progress", 3: "Commitment", 4: "Excellence", 5: "Reference"}
SIZE_CLASSES = [
    {"code": "small", "label": {"fr": "Moins de 3 500 habitants", "en": "Under 3,500 inhabitants"}},
    {"code": "large", "label": {"fr": "Plus de 100 000 habitants", "en": "Over 100,000 inhabitants"}},
]


def level_label(level):
    return {"fr": f"Niveau {level} — {LEVEL_WORDS[level]}", "en": f"Level {level} — {LEVEL_WORDS_EN[level]}"}


def release(year, number=1, withdrawn=False):
    return Release.objects.create(
        year=year,
        number=number,
        published_at=timezone.now(),
        withdrawn_at=timezone.now() if withdrawn else None,
        facts={
            "year": year,
            "dates": {"opens_at": f"{year}-01-15T09:00:00+00:00", "closes_at": None, "ceremony_on": f"{year}-11-20"},
            "levels": [{"level": level, "label": level_label(level)} for level in range(1, 6)],
            "size_classes": SIZE_CLASSES,
            "participation": 12,
        },
    )


def laureate(
    release,
    name,
    code,
    level=1,
    kind="commune",
    departement=("54", "Meurthe-et-Moselle"),
    region=("44", "Grand Est"),
    size_class="small",
    mentions=(),
):
    return PublishedResult.objects.create(
        release=release,
        year=release.year,
        kind=kind,
        code=code,
        name=name,
        display_name=f"{name} ({departement[0]})" if kind == "commune" and departement else name,
        siren="",
        population=1000,
        size_class=size_class,
        departement_code=departement[0] if departement else "",
        departement_name=departement[1] if departement else "",
        region_code=region[0] if region else "",
        region_name=region[1] if region else "",
        level=level,
        level_label=level_label(level),
        global_percent="62.5",
        axes=[{"code": "STR", "title": {"fr": "Stratégie", "en": "Strategy"}, "percent": "62.5"}],
        mentions=[{"code": code_, "label": {"fr": code_.capitalize(), "en": code_.capitalize()}} for code_ in mentions],
        highlight="",
    )


def many(release, count, level=2):
    return [laureate(release, f"Commune {index:03d}", f"99{index:03d}", level=level) for index in range(1, count + 1)]
