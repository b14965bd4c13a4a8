"""The certificates written at publication: one tagged PDF per labelled body and language."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tnl.publication import paths, printing
from tnl.publication.models import PublishedResult
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder

from .pdf import pdf_info, pdf_lines, pdf_objects, pdf_structure, published_bytes
from .publishing import deliberated


@pytest.fixture
def published(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        release = publish_edition(organiser, edition)
    return release


def day(release, language):
    with translation.override(language):
        return date_format(timezone.localtime(release.published_at), "j F Y")


def test_each_labelled_body_gets_a_certificate_in_each_language(published, nancy, settings):
    result = PublishedResult.objects.get()
    year = published.year
    check = f"{settings.SITE_URL}/verifier/{result.credential_id}/"

    assert pdf_lines(paths.certificate(year, "commune", nancy.code, "fr")) == [
        f"Territoire Numérique Libre {year}",
        "Certificat de labellisation",
        "décerné à",
        "Nancy (54)",
        "Niveau 1 — Découverte",
        "Mention spéciale : Mutualisation",
        f"Publié le {day(published, 'fr')}",
        "Décerné par Adullact",
        f"Vérifier ce certificat : {check}",
    ]
    assert pdf_lines(paths.certificate(year, "commune", nancy.code, "en")) == [
        f"Territoire Numérique Libre {year}",
        "Label certificate",
        "awarded to",
        "Nancy (54)",
        "Level 1 — Discovery",
        "Special mention: Pooling",
        f"Published on {day(published, 'en')}",
        "Awarded by Adullact",
        f"Check this certificate: {check}",
    ]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Certificat Territoire Numérique Libre {year} : Nancy (54)"),
        ("en", "Territoire Numérique Libre {year} certificate: Nancy (54)"),
    ],
)
def test_the_certificate_is_a_tagged_a4_landscape_pdf_with_its_title(published, nancy, language, title):
    path = paths.certificate(published.year, "commune", nancy.code, language)
    info = pdf_info(path)
    assert info["Title"] == title.format(year=published.year)
    assert (info["Author"], info["Pages"], info["Tagged"]) == ("Adullact", "1", "yes")
    assert info["Page size"].startswith("841.89 x 595.276")  # A4 landscape
    data = pdf_objects(published_bytes(path))
    assert b"/StructTreeRoot" in data and b"/Marked true" in data
    assert f"/Lang ({language})".encode() in data
    assert b'pdfuaid:part="1"' in data  # declared PDF/UA-1
    structure = pdf_structure(path).splitlines()
    assert structure[0] == "Document" and "    H1 (block)" in structure


def test_the_body_without_a_level_gets_no_certificate(published, nancy):
    files = sorted(path.name for path in (current_folder() / f"certificats/{published.year}").iterdir())
    assert files == [f"commune-{nancy.code}.en.pdf", f"commune-{nancy.code}.fr.pdf"]


def test_withdrawing_removes_the_certificates(published, organiser, edition, nancy, django_capture_on_commit_callbacks):
    path = paths.certificate(published.year, "commune", nancy.code, "fr")
    assert published_bytes(path).startswith(b"%PDF-")
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, "A score was wrong")
    assert published_bytes(path) is None
    assert not (current_folder() / "certificats").exists()


def test_the_pdfs_fetch_nothing_but_the_files_of_their_build(tmp_path):
    folder = tmp_path / "build"
    (folder / "badges").mkdir(parents=True)
    (folder / "badges" / "b.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = printing._fetcher(folder)
    for url in (
        "https://example.org/tracker.png",
        "http://127.0.0.1:1/secret",
        "file:///etc/passwd",
        (tmp_path / "secret.txt").as_uri(),
        "file://" + str(folder / "badges") + "/../../secret.txt",
        (folder / "badges" / "missing.svg").as_uri(),
        "file://elsewhere" + str(folder / "badges" / "b.svg"),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch((folder / "badges" / "b.svg").as_uri())
    assert (response.read(), response.content_type) == (b"<svg/>", "image/svg+xml")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
