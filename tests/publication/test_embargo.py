"""The embargo, end to end: unique marker strings are planted in everything that must stay private
(answers' comments, reviews, readings, agreed readings, clarifications, decisions' reasons,
personal data) and in what is published only at publication (the decision's public line, the
answers of a body that agreed to show them); then every public surface is read as a visitor —
every file of the published folder, every page reachable by links from the home page, the API —
before publication, after it, and after the results are withdrawn."""

import base64
import contextlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import member_of
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import (
    Assignment,
    Clarification,
    ClarificationMessage,
    QuestionNote,
    QuestionReview,
    Review,
)
from tnl.jury.rules import seat
from tnl.publication.models import PublishedResult
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder

from .publishing import deliberated

# Never public, whatever happens.
PRIVATE = {
    "answer comment": "ZQXPRIVCOMMENT1",
    "review opinion": "ZQXPRIVOPINION2",
    "reading comment": "ZQXPRIVREADING3",
    "correction reason": "ZQXPRIVCORRECT4",
    "agreed reading": "ZQXPRIVNOTE5",
    "clarification": "ZQXPRIVCLARIF6",
    "decision reason": "ZQXPRIVREASON7",
    "member's name": "ZQXPRIVPERSON8",
    "member's address": "zqxprivmail9@example.org",
    "text answer without consent": "ZQXPRIVANSWER10",
}
# Public from the publication on, and only while published.
AT_PUBLICATION = {
    "public line": "ZQXPUBHIGHLIGHT11",
}
START = ["/", "/laureats/", "/statistiques/", "/donnees/", "/en/statistics/", "/en/open-data/"]
API = ["api:index", "api:editions", "api:openapi-json", "api_docs"]
SKIP = ("/accounts/", "/admin/", "/i18n/", "/static/", "/media/", "/aide/")
MAX_URLS = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _text_of(path, data):
    if path.endswith(".pdf"):
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is needed to read the PDFs")
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    if path.endswith(".jwt"):
        payload = data.decode().split(".")[1]
        return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    if path.endswith(".png"):
        return ""
    return data.decode("utf-8", errors="replace")


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def public_texts(client):
    """{where: text} of every public surface: the files of the published folder and the pages
    reachable from the home page (and the API), read as a visitor."""
    texts = {}
    folder = current_folder()
    if folder is not None:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                relative = "/" + str(file.relative_to(folder))
                texts[f"file {relative}"] = _text_of(relative, file.read_bytes())
    seen, queue = set(), list(START)
    for name in API:
        with contextlib.suppress(NoReverseMatch):  # the API's routes, once it exists
            queue.append(reverse(name))
    while queue and len(seen) < MAX_URLS:
        url = queue.pop(0).split("#")[0]
        if not url.startswith("/") or url.startswith("//") or url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200:
            continue
        data = _body(response)
        text = _text_of(url.split("?")[0], data)
        texts[f"page {url}"] = text
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(text)
            queue.extend(link for link in parser.links if link not in seen)
        elif "json" in response.get("Content-Type", ""):
            queue.extend(re.findall(r'"(/api/v1/[^"?#]*)"', text))
    return texts


def found(texts, markers):
    return sorted(
        {(label, where) for where, text in texts.items() for label, marker in markers.items() if marker in text}
    )


@pytest.fixture
def planted(edition, organiser, submitted, other_submitted, juror, nancy):
    """The deliberated edition with a marker in every private place."""
    member_of(nancy, "contributor", PRIVATE["member's address"], full_name=PRIVATE["member's name"])
    answer = submitted.answers.first()
    type(answer).objects.filter(pk=answer.pk).update(comment=PRIVATE["answer comment"])
    edition = deliberated(edition, organiser, submitted, other_submitted)
    # A text answer of Nancy, who did not agree to show its answers.
    type(answer).objects.create(
        dossier=submitted, question="STR-10", value_json=f'"{PRIVATE["text answer without consent"]}"'
    )
    assignment = Assignment.objects.create(dossier=submitted, member=seat(juror, edition))
    review = Review.objects.create(
        assignment=assignment, status=ReviewStatus.SUBMITTED, opinion=PRIVATE["review opinion"]
    )
    QuestionReview.objects.create(
        review=review,
        question="LOG-01",
        comment=PRIVATE["reading comment"],
        correction_reason=PRIVATE["correction reason"],
    )
    QuestionNote.objects.create(edition=edition, question="LOG-01", text=PRIVATE["agreed reading"])
    clarification = Clarification.objects.create(dossier=submitted, asked_by=organiser)
    ClarificationMessage.objects.create(clarification=clarification, author=organiser, text=PRIVATE["clarification"])
    decision = submitted.decision
    type(decision).objects.filter(pk=decision.pk).update(
        reason=PRIVATE["decision reason"], highlight=AT_PUBLICATION["public line"]
    )
    return edition


def test_nothing_private_is_public_before_during_and_after_publication(
    planted, organiser, client, django_capture_on_commit_callbacks
):
    before = public_texts(client)
    assert found(before, PRIVATE | AT_PUBLICATION) == []

    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, planted)
    during = public_texts(client)
    assert found(during, PRIVATE) == []
    shown = found(during, AT_PUBLICATION)
    assert {where for _label, where in shown} >= {f"file /palmares/{planted.year}/index.html"}
    # The crawl reached every kind of public surface.
    year, credential = planted.year, PublishedResult.objects.get().credential_id
    assert {
        f"page /api/v1/editions/{year}/results",
        "page /api/v1/bodies/commune/54395",
        f"page /verifier/{credential}/",
        "page /label/commune/54395/",
        f"page /certificats/{year}/commune-54395.fr.pdf",
        f"page /credentials/{year}/commune-54395.jwt",
        f"page /donnees/{year}/results.csv",
        f"page /palmares/{year}/livret.pdf",
        "page /laureats/",
        "page /statistiques/",
    } <= set(during)

    planted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, planted, "Erreur")
    after = public_texts(client)
    assert found(after, PRIVATE | AT_PUBLICATION) == []
    assert not [where for where in after if where.startswith("file ")] or Path(current_folder()).exists()


def test_consented_answers_are_public_only_while_published(
    planted, organiser, submitted, client, django_capture_on_commit_callbacks
):
    type(submitted).objects.filter(pk=submitted.pk).update(public_answers=True)
    consented = {"text answer with consent": PRIVATE["text answer without consent"]}
    assert found(public_texts(client), consented) == []
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, planted)
    assert found(public_texts(client), consented) != []
    planted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, planted, "Erreur")
    assert found(public_texts(client), consented) == []
