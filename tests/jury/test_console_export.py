"""The console's CSV export: a header row and one row per dossier, the table's filters and
sort, UTF-8 with a byte order mark, every cell safe from spreadsheet formulas."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.html import client_for
from tnl.dossiers.models import Dossier
from tnl.jury.console_services import safe_cell
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import Review

FRENCH_HEADER = [
    "Organisme",
    "Code officiel",
    "Type",
    "Population",
    "État",
    "Niveau déclaré",
    "Score déclaré (%)",
    "Évaluations remises",
    "Évaluations attribuées",
    "Dernière modification",
]


def export(client, edition, **query):
    response = client.get(reverse("jury:console_export", args=[edition.year]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tnl-{edition.year}-dossiers.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def changed(*moments):
    return timezone.localtime(max(moments)).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def formula_dossier(review_edition):
    """A draft dossier of a body whose name a spreadsheet would run as a formula."""
    body = factories.OtherBodyFactory(name='=HYPERLINK("http://evil.example";"clic")', code="X99999")
    dossier = Dossier.objects.create(edition=review_edition, territory=body)
    # Last changed three days ago: the export gives that moment, not the time of the export.
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now() - timedelta(days=3))
    dossier.refresh_from_db()
    return dossier


def test_the_export_is_the_table(
    review_edition, assignment, submitted, other_submitted, formula_dossier, organiser, login
):
    review = Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED)
    rows = export(login(organiser), review_edition)
    assert rows == [
        FRENCH_HEADER,
        [
            '\'=HYPERLINK("http://evil.example";"clic")',
            "X99999",
            "Autre organisme public",
            "",
            "Brouillon",
            "0",
            "0.0",
            "0",
            "0",
            changed(formula_dossier.updated_at),
        ],
        [
            "Nancy (54)",
            "54395",
            "Commune",
            "103671",
            "Évalué",
            "0",
            "0.0",
            "1",
            "1",
            changed(submitted.updated_at, assignment.created_at, review.updated_at),
        ],
        [
            "Vandœuvre-lès-Nancy (54)",
            "54547",
            "Commune",
            "29942",
            "Déposé",
            "0",
            "0.0",
            "0",
            "0",
            changed(other_submitted.updated_at),
        ],
    ]


def test_the_export_follows_the_filters_and_the_sort(review_edition, assignment, formula_dossier, organiser, login):
    rows = export(login(organiser), review_edition, kind="commune", sort="-population")
    assert [row[0] for row in rows] == ["Organisme", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]
    rows = export(login(organiser), review_edition, state="draft")
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://evil.example";"clic")']


def test_the_export_speaks_the_page_language(review_edition, organiser):
    rows = export(client_for(organiser, "en"), review_edition)
    assert rows[0] == [
        "Body",
        "Official code",
        "Kind",
        "Population",
        "State",
        "Declared level",
        "Declared score (%)",
        "Reviews submitted",
        "Reviews assigned",
        "Last change",
    ]
    assert rows[1][2:5] == ["Commune", "103671", "Submitted"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nancy (54)", "Nancy (54)"),
        ("a=b", "a=b"),
        (12, "12"),
        (None, ""),
    ],
)
def test_cells_are_safe_from_formulas(value, cell):
    assert safe_cell(value) == cell
