"""Where each published file lives: its path in the published folder is its URL path.

French, the site's default language, is at the unprefixed path; English under `/en/`. One
function per kind of file, used by the writers, the templates (through the build's context) and
the tests; a web server maps the URL path to the file and never asks Django."""

import re

# Codes of bodies are INSEE codes, SIREN numbers or "X-<slug>": safe in a path. Anything else is
# refused rather than written (a path must never climb out of the folder).
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")


def safe(part):
    part = str(part)
    if not _SAFE.fullmatch(part):
        raise ValueError(f"unsafe part in a published path: {part!r}")
    return part


def _localized(language, fr, en):
    return fr if language == "fr" else f"en/{en}"


def results(year, language):
    return _localized(language, f"palmares/{int(year)}/", f"results/{int(year)}/")


def body(kind, code, language):
    return _localized(language, f"label/{safe(kind)}/{safe(code)}/", f"label/{safe(kind)}/{safe(code)}/")


def statistics(language):
    return _localized(language, "statistiques/", "statistics/")


def feed(language):
    """The Atom feed of the published results."""
    return _localized(language, "resultats.atom", "results.atom")


SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def open_data_index(language):
    return _localized(language, "donnees/", "open-data/")


_FILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.[a-z0-9]{1,8}")


def open_data(year, name):
    """`results.csv`, `results.json`, `datapackage.json` of one year."""
    if not _FILE_NAME.fullmatch(name):
        raise ValueError(f"unsafe file name in a published path: {name!r}")
    return f"donnees/{int(year)}/{name}"


def open_data_all(name):
    """The files of every edition at once: `results-all.csv`."""
    if not _FILE_NAME.fullmatch(name):
        raise ValueError(f"unsafe file name in a published path: {name!r}")
    return f"donnees/{name}"


def badge(year, kind, code, extension):
    return f"badges/{int(year)}/{safe(kind)}-{safe(code)}.{extension}"


def certificate(year, kind, code, language):
    return f"certificats/{int(year)}/{safe(kind)}-{safe(code)}.{language}.pdf"


def booklet(year, language):
    """The results booklet for the ceremony and the press: a page, one level per screen."""
    return _localized(language, f"palmares/{int(year)}/livret/", f"results/{int(year)}/booklet/")


def booklet_pdf(year, language):
    return _localized(language, f"palmares/{int(year)}/livret.pdf", f"results/{int(year)}/booklet.pdf")


def press_release(year, language):
    return _localized(language, f"palmares/{int(year)}/communique/", f"results/{int(year)}/press-release/")


def press_release_pdf(year, language):
    return _localized(language, f"palmares/{int(year)}/communique.pdf", f"results/{int(year)}/press-release.pdf")


def credential(year, kind, code):
    return f"credentials/{int(year)}/{safe(kind)}-{safe(code)}.jwt"


def url(path):
    """The URL path of a published file: "/" + its path in the folder."""
    return "/" + path


def file_for(path):
    """The file that answers a URL path ending in "/": its index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


# Badges and credentials: besides one badge and one credential per result (above), the images and
# descriptions of each year's levels, and the issuer's files that verifiers fetch.


def level_badge(year, level, extension):
    return f"badges/{int(year)}/level-{int(level)}.{extension}"


def achievement(year, level):
    return f"credentials/{int(year)}/level-{int(level)}.json"


def issuer_profile():
    return "credentials/issuer.json"


def key_set():
    return "credentials/jwks.json"


_THUMBPRINT = re.compile(r"[A-Za-z0-9_-]{43}")  # RFC 7638: base64url of a SHA-256 digest


def public_key(thumbprint):
    if not _THUMBPRINT.fullmatch(thumbprint):
        raise ValueError(f"not a key thumbprint: {thumbprint!r}")
    return f"credentials/keys/{thumbprint}.json"


def revocation_list():
    return "credentials/revoked.json"


def context(name):
    if not _FILE_NAME.fullmatch(name):
        raise ValueError(f"unsafe file name in a published path: {name!r}")
    return f"credentials/contexts/{name}"
