"""Reading the published files in the tests: publish or withdraw through the services with the
rebuild run, then read a written page as a visitor's browser would (tests/html.py `Page`).

    publish(organiser, edition, django_capture_on_commit_callbacks)
    page = published_page(paths.body("commune", "54395", "fr"))   # None when no such file
    every_published_text()                                         # all the files, for "never named" checks
"""

from decimal import Decimal

from django.utils import timezone

from tests.html import Page
from tnl.publication import paths
from tnl.publication.models import PublishedResult, Release
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder

# What a build holds when nothing is published: the sitemap (the home page and the open-data page),
# robots.txt, the empty feeds, the open-data page listing nothing, and the issuer's files (its
# profile, public keys, the revocation list and the JSON-LD contexts; "credentials/keys/*.json" stands
# for the key files, named after each key).
SITE_WIDE_FILES = {
    "sitemap.xml",
    "robots.txt",
    "resultats.atom",
    "en/results.atom",
    "donnees/index.html",
    "en/open-data/index.html",
    "credentials/issuer.json",
    "credentials/jwks.json",
    "credentials/revoked.json",
    "credentials/contexts/ob-v3p0-context-3_0_3.json",
    "credentials/contexts/credentials-v2.jsonld",
    "credentials/keys/*.json",
}


def files_left():
    """The paths of every file of the current build (key files as "credentials/keys/*.json")."""
    folder = current_folder()
    return {
        "credentials/keys/*.json" if path.parent.name == "keys" else str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file()
    }


def publish(organiser, edition, capture):
    with capture(execute=True):
        release = publish_edition(organiser, edition)
    edition.refresh_from_db()
    return release


def withdraw(organiser, edition, capture, reason="A level was wrong"):
    with capture(execute=True):
        unpublish_edition(organiser, edition, reason)
    edition.refresh_from_db()


def published_text(path):
    folder = current_folder()
    target = folder / paths.file_for(path) if folder else None
    return target.read_text(encoding="utf-8") if target and target.is_file() else None


def published_page(path):
    text = published_text(path)
    return Page(text) if text is not None else None


def every_published_text():
    folder = current_folder()
    return "".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.html")) if folder else ""


def head_meta(page):
    """{property or name: content} of the <meta> tags of a page's <head>."""
    return {
        node.attrs.get("property") or node.attrs.get("name"): node.attrs.get("content")
        for node in page.root.find_all("meta")
        if node.attrs.get("property") or node.attrs.get("name")
    }


def imported_release(year, bodies):
    """A live release of an edition run before the platform, with one result per
    (kind, code, display name, level): rows as the import writes them."""
    release = Release.objects.create(
        year=year,
        imported=True,
        published_at=timezone.now(),
        facts={"levels": [{"level": n, "label": {"fr": f"Niveau {n}", "en": f"Level {n}"}} for n in range(1, 6)]},
    )
    for kind, code, display_name, level in bodies:
        PublishedResult.objects.create(
            release=release,
            year=year,
            kind=kind,
            code=code,
            name=display_name.split(" (")[0],
            display_name=display_name,
            departement_code="54",
            departement_name="Meurthe-et-Moselle",
            level=level,
            level_label={"fr": f"Niveau {level}", "en": f"Level {level}"},
            global_percent=Decimal("48.5"),
            axes=[{"code": "STR", "title": {"fr": "Stratégie", "en": "Strategy"}, "percent": "48.5"}],
            imported=True,
        )
    return release
