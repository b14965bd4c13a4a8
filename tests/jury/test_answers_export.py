"""The organiser's export of every answer of an edition (/organisation/editions/<year>/console/answers.csv):
who may download it, one row per stored answer by dossier then in the referential's order, the
header in the page's language, cells safe from spreadsheet formulas, the link on the console, and
a streamed response whose number of queries does not grow with the dossiers."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.html import Page, client_for
from tnl.dossiers import services as dossier_services
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Answer, Dossier, Evidence

ALL_ROLES = ["visitor", "outsider", "elected", "juror", "organiser", "admin_user"]
ORGANISERS = {"organiser", "admin_user"}

FRENCH_HEADER = [
    "Édition",
    "Numéro du dossier",
    "Code officiel",
    "Organisme",
    "Type",
    "Statut du dossier",
    "Code de la question",
    "Question",
    "Réponse",
    "Commentaire",
    "Justificatifs (nombre)",
    "Dernière modification",
]
ENGLISH_HEADER = [
    "Edition",
    "Dossier number",
    "Official code",
    "Body",
    "Kind",
    "Dossier status",
    "Question code",
    "Question",
    "Answer",
    "Comment",
    "Evidence (number)",
    "Last change",
]


def answers_url(edition):
    return reverse("jury:answers_export", args=[edition.year])


def read(response):
    """The rows of a streamed CSV export, after checking how it is sent."""
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def export(client, edition):
    response = client.get(answers_url(edition))
    assert response["Content-Disposition"] == f'attachment; filename="tnl-{edition.year}-answers.csv"'
    return read(response)


@pytest.fixture
def answered(dossier, elected, edition):
    """Nancy's draft dossier with answers of every kind, saved out of the referential's order,
    two links as evidence for STR-01, and an answer to a question the referential does not have."""
    save = dossier_services.save_answer
    save(elected, dossier, "INT-01", "https://nancy.fr/accessibilite")
    save(elected, dossier, "STR-10", "=SUM(A1)", comment="-5 % de coûts, voir le bilan")
    save(elected, dossier, "STR-08", 3)
    save(elected, dossier, "STR-06", Decimal("62.5"))
    save(elected, dossier, "STR-04", ["sovereignty", "cost"])
    save(elected, dossier, "STR-02", "both")
    save(elected, dossier, "STR-01", True, comment="Délibération du 12 mars 2026")
    for url in ["https://nancy.fr/deliberation.pdf", "https://nancy.fr/charte"]:
        dossier_services.add_evidence_link(elected, dossier, "STR-01", url)
    Answer.objects.create(dossier=dossier, question="OLD-01", value_json='"Ancienne réponse"')
    return dossier


@pytest.fixture
def formula_dossier(edition):
    """A submitted dossier of a body whose name a spreadsheet would run as a formula, one answer."""
    body = factories.OtherBodyFactory(name='=HYPERLINK("http://evil.example";"clic")', code="X99999")
    dossier = Dossier.objects.create(edition=edition, territory=body, status=DossierStatus.SUBMITTED)
    Answer.objects.create(dossier=dossier, question="STR-01", value_json="false")
    return dossier


@pytest.fixture
def export_edition(edition, answered, formula_dossier, vandoeuvre):
    """`edition` with Nancy's answered dossier, the formula body's submitted one, and Vandœuvre's
    dossier without any answer; another year's edition has an answer that must not show."""
    factories.DossierFactory(edition=edition, territory=vandoeuvre)
    other_year = factories.EditionFactory(year=edition.year - 1)
    older = Dossier.objects.create(edition=other_year, territory=answered.territory)
    Answer.objects.create(dossier=older, question="STR-01", value_json="true")
    return edition


def question_text(edition, code):
    questions = {q["code"]: q for axis in edition.referential.document["axes"] for q in axis["questions"]}
    return questions[code]["text"]["fr"]


def changed(dossier, code):
    moment = Answer.objects.get(dossier=dossier, question=code).updated_at
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_organisers_and_admins_download_the_answers(role, export_edition, user_for, login):
    response = login(user_for(role)).get(answers_url(export_edition))
    assert response.status_code == (200 if role in ORGANISERS else 404)


def test_a_candidate_body_member_gets_the_outsiders_404(export_edition, member_of_other_body, contributor, login):
    for person in (member_of_other_body, contributor):
        assert login(person).get(answers_url(export_edition)).status_code == 404


def test_an_unknown_edition_is_404(organiser, login):
    assert login(organiser).get(reverse("jury:answers_export", args=[1999])).status_code == 404


def test_the_export_holds_every_stored_answer(export_edition, answered, formula_dossier, organiser, login):
    edition = export_edition
    year = str(edition.year)

    def row(dossier, body, kind, status, code, answer, comment="", evidence="0"):
        text = question_text(edition, code) if code != "OLD-01" else ""  # OLD-01: not in the referential
        cells = [year, str(dossier.pk), dossier.territory.code, body, kind, status, code, text, answer, comment]
        return [*cells, evidence, changed(dossier, code)]

    def nancy(code, answer, comment="", evidence="0"):
        return row(answered, "Nancy (54)", "Commune", "En cours de rédaction", code, answer, comment, evidence)

    assert export(login(organiser), edition) == [
        FRENCH_HEADER,
        nancy("STR-01", "Oui", "Délibération du 12 mars 2026", "2"),
        nancy("STR-02", "Un élu référent et un référent technique"),
        nancy("STR-04", "Souveraineté et maîtrise des outils et des données; Maîtrise des coûts"),
        nancy("STR-06", "62.5"),
        nancy("STR-08", "3"),
        nancy("STR-10", "'=SUM(A1)", "'-5 % de coûts, voir le bilan"),
        nancy("INT-01", "https://nancy.fr/accessibilite"),
        nancy("OLD-01", "Ancienne réponse"),
        row(
            formula_dossier,
            '\'=HYPERLINK("http://evil.example";"clic")',
            "Autre organisme public",
            "Déposé",
            "STR-01",
            "Non",
        ),
    ]


def test_the_export_speaks_the_page_language(export_edition, answered, organiser):
    rows = export(client_for(organiser, "en"), export_edition)
    assert rows[0] == ENGLISH_HEADER
    questions = {q["code"]: q for axis in export_edition.referential.document["axes"] for q in axis["questions"]}
    assert rows[1][3:9] == [
        "Nancy (54)",
        "Commune",
        "Being written",
        "STR-01",
        questions["STR-01"]["text"]["en"],
        "Yes",
    ]
    assert rows[3][8] == "Sovereignty and control over tools and data; Cost control"


def test_cells_are_safe_from_formulas(export_edition, organiser, login):
    rows = export(login(organiser), export_edition)
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert [cell for row in rows for cell in row if cell.startswith(starts)] == []
    assert [row[3] for row in rows if row[3].startswith("'")] == ['\'=HYPERLINK("http://evil.example";"clic")']


def test_the_console_links_to_the_export(export_edition, organiser, login):
    page = Page(login(organiser).get(reverse("jury:console", args=[export_edition.year])))
    assert page.links("Télécharger toutes les réponses (CSV)") == [answers_url(export_edition)]
    filtered = Page(login(organiser).get(reverse("jury:console", args=[export_edition.year]) + "?state=draft"))
    assert filtered.links("Télécharger toutes les réponses (CSV)") == [answers_url(export_edition)]


def test_an_edition_without_answers_gives_the_header_alone(edition, dossier, organiser, login):
    assert export(login(organiser), edition) == [FRENCH_HEADER]


def test_the_response_is_streamed(export_edition, organiser, login):
    response = login(organiser).get(answers_url(export_edition))
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming is True


def add_dossiers(edition, number):
    """`number` dossiers of other public bodies, each with two answers and a link for one of them."""
    for _index in range(number):
        body = factories.OtherBodyFactory()
        dossier = Dossier.objects.create(edition=edition, territory=body)
        Answer.objects.bulk_create(
            [
                Answer(dossier=dossier, question="STR-01", value_json="true", comment="Voir la délibération"),
                Answer(dossier=dossier, question="STR-06", value_json="40"),
            ]
        )
        Evidence.objects.create(dossier=dossier, question="STR-01", kind="url", url="https://example.org/d")


def queries_for(client, edition):
    """(queries, rows) of downloading the whole export."""
    with CaptureQueriesContext(connection) as captured:
        rows = read(client.get(answers_url(edition)))
    return len(captured), len(rows)


def test_the_queries_do_not_grow_with_the_dossiers(edition, organiser, login):
    client = login(organiser)
    add_dossiers(edition, 1)
    # session, user, edition (with its referential), the answers (with dossier, body, evidence count)
    assert queries_for(client, edition) == (4, 1 + 2)
    add_dossiers(edition, 49)
    assert queries_for(client, edition) == (4, 1 + 50 * 2)
