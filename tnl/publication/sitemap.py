"""`sitemap.xml` and `robots.txt` at the root of the published folder.

The sitemap lists every page the writers before it wrote (each language version with its
alternates, as `xhtml:link`), the home page and the criteria pages of the published editions
(pages Django renders). It is the last writer of `site.WRITERS`. No robots.txt is served
elsewhere (no file, no view, no web-server rule): the one written here only points to the
sitemap and forbids nothing."""

from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse

from . import paths

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def _absolute(url_path):
    return settings.SITE_URL.rstrip("/") + url_path


def entries(build):
    """[(url path, {language: url path})]: every page to list, each language version once."""
    listed = [(reverse("home"), {})]
    for release in build.releases:
        if release.edition_id is not None:  # an imported year has no criteria page
            listed.append((reverse("publication:criteria", args=[release.year]), {}))
    for path, alternates in build.pages:
        listed.append((paths.url(path), {language: paths.url(other) for language, other in alternates.items()}))
    seen, unique = set(), []
    for url_path, alternates in listed:
        if url_path not in seen:
            seen.add(url_path)
            unique.append((url_path, alternates))
    return unique


def sitemap(build):
    ElementTree.register_namespace("", SITEMAP)
    ElementTree.register_namespace("xhtml", XHTML)
    root = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    for url_path, alternates in entries(build):
        url = ElementTree.SubElement(root, f"{{{SITEMAP}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP}}}loc").text = _absolute(url_path)
        if len(alternates) > 1:
            for language, other in alternates.items():
                ElementTree.SubElement(
                    url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": language, "href": _absolute(other)}
                )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def robots():
    return f"User-agent: *\nDisallow:\n\nSitemap: {_absolute(paths.url(paths.SITEMAP))}\n"


def write(build):
    build.write(paths.SITEMAP, sitemap(build))
    build.write(paths.ROBOTS, robots())
