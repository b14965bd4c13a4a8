"""The PDFs written at publication (certificates, results booklet, press release): WeasyPrint, as
tagged PDF/UA-1 documents, with fonts named by family only (the bundled fallbacks of the machine
that builds, never a file path), and nothing fetched but the files of the build itself.

Rendering is the slow part: laying out one HTML document costs the same whether it has one page or
fifty, so the certificates of a language are laid out together (`render_pages`) and each page is
then written as its own PDF (`page_pdf`), with its own title."""

import copy
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged (StructTreeRoot, MarkInfo), title shown, XMP metadata


def print_css():
    return render_to_string("publication/print/print.css")


def publication_date(release):
    """ "29 novembre 2026": the day of the publication, local time, in the active language."""
    return date_format(timezone.localtime(release.published_at), "j F Y")


def file_url(build, path):
    """The file URL of a file already written in the build (a badge), or "" when it is not there."""
    target = build.folder / path
    return target.resolve().as_uri() if target.is_file() else ""


def _fetcher(folder):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(folder).resolve()

    class BuildOnlyFetcher(URLFetcher):
        """Serves data: URLs and the files of this build (badges); refuses everything else, so a
        published PDF never touches the network nor the rest of the file system."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and not parts.netloc:
                target = Path(unquote(parts.path)).resolve()
                if root in target.parents and target.is_file():
                    content_type = "image/svg+xml" if target.suffix == ".svg" else "application/octet-stream"
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})
            raise ValueError(f"not fetched: {url}")

    return BuildOnlyFetcher()


def _html(html, folder):
    from weasyprint import HTML

    base_url = Path(folder).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher(folder))


def pdf(html, folder):
    """The PDF bytes of one HTML document (its <title> and lang become the PDF's)."""
    return _html(html, folder).write_pdf(**PDF_OPTIONS)


def render_pages(html, folder):
    """The laid-out document of an HTML text holding several one-page documents."""
    return _html(html, folder).render(**PDF_OPTIONS)


def page_pdf(document, page, title, author=""):
    """One page of a rendered document as a PDF of its own, titled `title`."""
    single = document.copy([page])
    single.metadata = copy.copy(document.metadata)
    single.metadata.title = title
    single.metadata.authors = [author] if author else []
    return single.write_pdf(**PDF_OPTIONS)


def site_url(path):
    """The absolute address of a published path."""
    return settings.SITE_URL.rstrip("/") + "/" + path
