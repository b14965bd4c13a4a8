"""The sitemap, robots.txt and the Atom feeds written at publication, and how they are served."""

from xml.etree import ElementTree

import pytest
from django.conf import settings

from tests.html import Page
from tnl.publication import paths
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import build_site

from .other_year import PUBLISHED_AT, imported_2025
from .publishing import deliberated
from .test_publish_service import published_text

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = settings.SITE_URL.rstrip("/")
HOST = settings.SITE_URL.split("//")[1].split(":")[0].split("/")[0]


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


def publish(organiser, edition, capture):
    with capture(execute=True):
        return publish_edition(organiser, edition)


def withdraw(organiser, edition, capture):
    with capture(execute=True):
        unpublish_edition(organiser, edition, "A score was wrong")


def sitemap():
    """{url: {language: alternate url}} of sitemap.xml."""
    root = ElementTree.fromstring(published_text(paths.SITEMAP))
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in root.iter(f"{SITEMAP}url")
    }


def feed(language):
    root = ElementTree.fromstring(published_text(paths.feed(language)))
    assert root.tag == f"{ATOM}feed"
    # Required by RFC 4287: the feed's id, title, updated and an author (here for the whole feed).
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text == settings.TNL_ORGANISER_NAME
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE + paths.url(paths.feed(language))
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text
        entries.append(
            (
                entry.find(f"{ATOM}id").text,
                entry.find(f"{ATOM}title").text,
                entry.find(f"{ATOM}updated").text,
                entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
            )
        )
    return root, entries


def both(fr, en):
    urls = {"fr": SITE + fr, "en": SITE + en}
    return {urls["fr"]: urls, urls["en"]: urls}


def test_the_sitemap_lists_the_published_pages_in_each_language(ready, organiser, django_capture_on_commit_callbacks):
    imported_2025()
    publish(organiser, ready, django_capture_on_commit_callbacks)

    assert sitemap() == {
        SITE + "/": {},
        SITE + f"/editions/{ready.year}/criteres/": {},  # the imported year has no criteria page
        **both("/palmares/2026/", "/en/results/2026/"),
        **both("/palmares/2025/", "/en/results/2025/"),
        **both("/statistiques/", "/en/statistics/"),
        **both("/donnees/", "/en/open-data/"),
        **both("/palmares/2026/livret/", "/en/results/2026/booklet/"),
        **both("/palmares/2025/livret/", "/en/results/2025/booklet/"),
        **both("/palmares/2026/communique/", "/en/results/2026/press-release/"),
        **both("/palmares/2025/communique/", "/en/results/2025/press-release/"),
        # One page per body with a published result, in each language.
        **{
            url: alternates
            for kind, code in [
                ("commune", "54395"),
                ("commune", "67482"),
                ("commune", "75056"),
                ("epci", "245400676"),
                ("commune", "54547"),
            ]
            for url, alternates in both(f"/label/{kind}/{code}/", f"/en/label/{kind}/{code}/").items()
        },
    }
    assert published_text(paths.ROBOTS) == f"User-agent: *\nDisallow:\n\nSitemap: {SITE}/sitemap.xml\n"


def test_a_withdrawn_edition_leaves_the_sitemap(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    withdraw(organiser, ready, django_capture_on_commit_callbacks)

    assert sitemap() == {SITE + "/": {}, **both("/donnees/", "/en/open-data/")}


def test_the_feed_has_one_entry_per_live_release(ready, organiser, django_capture_on_commit_callbacks):
    imported_2025()
    release = publish(organiser, ready, django_capture_on_commit_callbacks)

    root, entries = feed("fr")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.find(f"{ATOM}title").text == "Territoire Numérique Libre : les résultats publiés"
    assert entries == [
        (
            f"tag:{HOST},{release.published_at:%Y-%m-%d}:results/2026/1",
            "Territoire Numérique Libre 2026 : 1 organisme labellisé",
            release.published_at.isoformat(),
            SITE + "/palmares/2026/",
        ),
        (
            f"tag:{HOST},2025-12-01:results/2025/1",
            "Territoire Numérique Libre 2025 : 4 organismes labellisés",
            PUBLISHED_AT.isoformat(),
            SITE + "/palmares/2025/",
        ),
    ]
    assert root.find(f"{ATOM}updated").text == release.published_at.isoformat()
    summaries = [entry.find(f"{ATOM}summary").text for entry in root.iter(f"{ATOM}entry")]
    assert summaries == [
        "Les résultats de l’édition 2026. 2 organismes ont candidaté.",
        "Les résultats de l’édition 2025.",  # participation not known
    ]
    _root, english = feed("en")
    assert [(title, link) for _id, title, _updated, link in english] == [
        ("Territoire Numérique Libre 2026: 1 labelled body", SITE + "/en/results/2026/"),
        ("Territoire Numérique Libre 2025: 4 labelled bodies", SITE + "/en/results/2025/"),
    ]


def test_a_republication_is_a_new_entry(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    withdraw(organiser, ready, django_capture_on_commit_callbacks)
    _root, entries = feed("en")
    assert entries == []  # withdrawn: the entry is gone

    ready.refresh_from_db()
    release = publish(organiser, ready, django_capture_on_commit_callbacks)
    _root, entries = feed("en")
    assert [entry[0] for entry in entries] == [f"tag:{HOST},{release.published_at:%Y-%m-%d}:results/2026/2"]


def test_published_pages_link_to_the_feed_of_their_language(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)

    for path, feed_path in (
        (paths.results(2026, "fr"), "/resultats.atom"),
        (paths.statistics("en"), "/en/results.atom"),
    ):
        links = Page(published_text(path)).root.find_all("link", type="application/atom+xml")
        assert [link.attrs["href"] for link in links] == [feed_path]


def test_other_pages_have_no_feed_link(client, db):
    build_site()
    links = Page(client.get("/")).root.find_all("link", type="application/atom+xml")
    assert list(links) == []


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/resultats.atom", "application/atom+xml"),
        ("/en/results.atom", "application/atom+xml"),
    ],
)
def test_the_files_are_served_with_their_type(client, db, url, content_type):
    build_site()
    response = client.get(url)

    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content).startswith(b"<?xml" if "xml" in content_type else b"User-agent")
