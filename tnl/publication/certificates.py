"""The certificates: one PDF per published result and language, A4 landscape, tagged (PDF/UA-1),
with the address where anyone checks it (`/verifier/<credential_id>/`).

The certificates of a release are laid out as one document per language and each page written as
its own PDF: one layout for fifty bodies instead of fifty (bench/pdf_certificates.py)."""

import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from tnl.core.texts import localized

from . import paths, printing
from .site import LANGUAGES


def verification_url(result):
    """Where the certificate and the credential of a result are checked (one address for every
    language: it is printed on paper)."""
    return printing.site_url(f"verifier/{result.credential_id}/")


def certificates_html(release, results, language):
    """The HTML of the certificates of `results` in `language`, one page each."""
    with translation.override(language):
        certificates = [
            {
                "result": result,
                "level": localized(result.level_label, language),
                "mentions": [localized(mention["label"], language) for mention in result.mentions],
                "verify_url": verification_url(result),
            }
            for result in results
        ]
        return render_to_string(
            "publication/print/certificates.html",
            {
                "release": release,
                "certificates": certificates,
                "language": language,
                "title": certificate_title(release, results[0], language)
                if len(results) == 1
                else gettext("%(label)s %(year)s certificates")
                % {"label": settings.TNL_LABEL_NAME, "year": release.year},
                "published_on": printing.publication_date(release),
                "LABEL_NAME": settings.TNL_LABEL_NAME,
                "ORGANISER_NAME": settings.TNL_ORGANISER_NAME,
                "print_css": printing.print_css(),
            },
        )


def certificate_title(release, result, language):
    with translation.override(language):
        return gettext("%(label)s %(year)s certificate: %(body)s") % {
            "label": settings.TNL_LABEL_NAME,
            "year": release.year,
            "body": result.display_name,
        }


def certificates(release, results, language, folder):
    """[(result, PDF bytes)] of `results` in `language`."""
    if not results:
        return []
    document = printing.render_pages(certificates_html(release, results, language), folder)
    if len(document.pages) != len(results):
        # A certificate ran over its page (a very long name): lay each one out alone rather than
        # give a body another's page.
        return [(result, printing.pdf(certificates_html(release, [result], language), folder)) for result in results]
    author = settings.TNL_ORGANISER_NAME
    return [
        (result, printing.page_pdf(document, page, certificate_title(release, result, language), author=author))
        for result, page in zip(results, document.pages, strict=True)
    ]


def write(build):
    """Each result's certificate in each language; an unchanged release's are taken from the
    previous build (laying out certificates is the slowest part of a build)."""
    for release in build.releases:
        for language in LANGUAGES:
            path = functools.partial(paths.certificate, release.year, language=language)
            missing = [
                result
                for result in release.published_results
                if not build.reuse(release, path(result.kind, result.code))
            ]
            for result, data in certificates(release, missing, language, build.folder):
                build.write(path(result.kind, result.code), data)
