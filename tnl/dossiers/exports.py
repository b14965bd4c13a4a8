"""The dossier as a file (tnl-dossier/1, the format the `score` command reads) and as a printable
document (HTML for the browser, PDF through WeasyPrint, both from the same template)."""

import base64
import hashlib
import mimetypes
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy

from tnl.core import formatting
from tnl.core.texts import localized
from tnl.referentials.format import DOSSIER_FORMAT, dump_dossier, validate_dossier

from .enums import EvidenceKind
from .scoring import answer_value, dossier_state, territory_context
from .words import answer_words

STATUS_LABELS = {
    "scored": gettext_lazy("counted"),
    "unanswered": gettext_lazy("not answered"),
    "not_applicable": gettext_lazy("not applicable"),
    "evidence_missing": gettext_lazy("evidence missing"),
}


# --- The dossier file -------------------------------------------------------------------------


def evidence_file_url(evidence, request=None):
    """The absolute address of the access-checked download of an evidence file."""
    path = reverse("dossiers:evidence_file", kwargs={"pk": evidence.dossier_id, "evidence_pk": evidence.pk})
    base = (settings.SITE_URL or "").rstrip("/")
    if not base and request is not None:
        return request.build_absolute_uri(path)
    return base + path


def evidence_reference(evidence, request=None):
    """How a piece of evidence is written in the dossier file: its URL, or the address of the file."""
    return evidence.url if evidence.kind == EvidenceKind.URL else evidence_file_url(evidence, request)


def dossier_document(dossier, request=None, state=None):
    """The dossier as a validated tnl-dossier/1 document: the referential's code, the body as the
    engine sees it, and every answer and piece of evidence stored for a question of the edition's
    referential (so that `score` on this file gives what the dossier pages show)."""
    state = state or dossier_state(dossier)
    answers = {}
    for code in state.questions:
        answer = state.answers.get(code)
        evidence = state.evidence.get(code, [])
        if answer is None and not evidence:
            continue
        entry = {
            "value": answer_value(
                state.questions[code], answer, evidence, lambda item: evidence_reference(item, request)
            )
        }
        if evidence:
            entry["evidence"] = [evidence_reference(item, request) for item in evidence]
        if answer is not None and answer.comment:
            entry["comment"] = answer.comment
        answers[code] = entry
    document = {
        "format": DOSSIER_FORMAT,
        "referential": state.document["code"],
        "territory": territory_context(dossier.territory),
        "answers": answers,
        "x-edition": dossier.edition.year,
        "x-status": dossier.status,
    }
    return validate_dossier(document, state.document, dossier_filename(dossier, "json"))


def dossier_filename(dossier, extension):
    """tnl-2026-nancy-54395.json: the referential's code, the body's name and official code."""
    territory = dossier.territory
    parts = [dossier.edition.referential.code, slugify(territory.name), slugify(territory.code or "")]
    return "-".join(part for part in parts if part) + f".{extension}"


def dossier_json(dossier, request=None):
    return dump_dossier(dossier_document(dossier, request))


# --- The printable document ------------------------------------------------------------------


# A run of characters without a space longer than this gets break opportunities in print.
LONG_RUN = re.compile(r"\S{31,}")


def _pieces(text, size):
    return [text[index : index + size] for index in range(0, len(text), size)]


def breakable(text):
    """A person's long text (a comment, a text answer) as HTML for the print version: escaped,
    and every run of more than 30 characters without a space given a break opportunity (a
    zero-width space) every 10 characters, in spans of 200 characters.

    WeasyPrint lays a line out by looking for the next space in the rest of the text box: in a
    box without spaces it rescans the whole rest for every line, so one 10,000-character word
    took seconds (and overflowed the page). Short boxes with break opportunities keep the
    layout linear, and the word wraps instead of running off the page."""

    def run(match):
        return "".join(
            "<span>" + "\u200b".join(escape(piece) for piece in _pieces(part, 10)) + "</span>\u200b"
            for part in _pieces(match.group(0), 200)
        )

    text = str(text or "")
    parts, last = [], 0
    for match in LONG_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(run(match))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def print_context(dossier, request=None):
    """Everything the print template shows, from one scoring of the dossier."""
    state = dossier_state(dossier)
    result = state.result
    axes = []
    for axis in state.document["axes"]:
        axis_result = result.axes[axis["code"]]
        questions = []
        for question in state.form_questions(axis):
            code = question["code"]
            item = result.questions[code]
            answer = state.answers.get(code)
            words = answer_words(question, answer.value if answer is not None else None)
            questions.append(
                {
                    "code": code,
                    "text": localized(question["text"]),
                    "kind": question["kind"],
                    "words": words,
                    "is_list": isinstance(words, list),
                    "is_link": question["kind"] == "url" and words is not None,
                    "comment": breakable(answer.comment) if answer is not None and answer.comment else "",
                    "words_html": breakable(words) if isinstance(words, str) else "",
                    "evidence": [
                        {"item": evidence, "url": evidence_reference(evidence, request)}
                        for evidence in state.evidence.get(code, [])
                    ],
                    "status": item.status,
                    "status_label": STATUS_LABELS[item.status],
                    "points": formatting.number(item.points),
                    "potential": formatting.number(item.potential),
                }
            )
        axes.append(
            {
                "code": axis["code"],
                "title": localized(axis["title"]),
                "points": formatting.number(axis_result.points),
                "potential": formatting.number(axis_result.potential),
                "potential_words": formatting.points(axis_result.potential),
                "percent": formatting.percent(axis_result.percent),
                "questions": questions,
            }
        )
    _done, (answered, to_answer) = state.progress()
    return {
        "dossier": dossier,
        "territory": dossier.territory,
        "edition": dossier.edition,
        "state": state,
        "axes": axes,
        "global_points": formatting.number(result.points),
        "global_potential": formatting.number(result.potential),
        "global_percent": formatting.percent(result.global_percent),
        "level": result.level,
        "level_label": localized(result.level_label) if result.level_label else "",
        "answered": answered,
        "to_answer": to_answer,
        "generated_at": timezone.localtime(),
        "language": (get_language() or settings.LANGUAGE_CODE).split("-")[0],
        "LABEL_NAME": settings.TNL_LABEL_NAME,
        "print_css": render_to_string("dossiers/print/print.css"),
    }


def print_html(dossier, request=None):
    """(HTML text, context) of the print version; the same HTML feeds the PDF."""
    context = print_context(dossier, request)
    return render_to_string("dossiers/print/dossier.html", context, request=request), context


def style_hash(css):
    """The CSP source that allows exactly this inline stylesheet."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


# --- PDF ---------------------------------------------------------------------------------------


def _static_bytes(path):
    """A static file's bytes by its path under STATIC_URL (finders in development, the collected
    files otherwise), or None."""
    if not path or path.startswith("/") or "\\" in path or ".." in path.split("/"):
        return None
    try:
        found = finders.find(path)
    except SuspiciousFileOperation:
        return None
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    try:
        with staticfiles_storage.open(path) as handle:
            return handle.read()
    except (OSError, ValueError, SuspiciousFileOperation):
        return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves our own static files and data: URLs; refuses everything else, so that
        rendering a dossier never touches the network or the file system beyond static/."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            site = urlsplit(settings.SITE_URL or "")
            static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
            if (parts.scheme, parts.netloc) == (site.scheme, site.netloc) and parts.path.startswith(static):
                path = parts.path[len(static) :]
                body = _static_bytes(path)
                if body is not None:
                    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": content_type})
            raise ValueError(f"not fetched: {url}")

    return StaticOnlyFetcher


def static_only_fetcher():
    return _fetcher_class()()


def dossier_pdf(html):
    """The PDF bytes of the print HTML: A4, page numbers, tagged for assistive technology."""
    from weasyprint import HTML

    base_url = (settings.SITE_URL or "http://localhost").rstrip("/") + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher())
    return document.write_pdf(pdf_tags=True)
