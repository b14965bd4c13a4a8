"""The review page and its posts, per role: the assigned juror works on it (with htmx or plain
posts), an organiser reads it and may reopen it, an invited expert writes an opinion; everyone
else (conflicted juror, other jurors, outsiders, the candidate, visitors) gets a 404."""

import pytest
from django.urls import reverse

from tests.html import Page, client_for, fragment, messages_of
from tests.jury.reviewing import give, review_url
from tnl.jury import review_services as services
from tnl.jury.enums import ReviewStatus, Rubric
from tnl.jury.models import Assignment, QuestionNote, QuestionReview, Review

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def answered(assignment):
    """Nancy's dossier with COM-01 (a url question, 8 points) answered with one link of evidence."""
    give(
        assignment.dossier,
        "COM-01",
        "https://nancy.example.org/contact",
        comment="Formulaire de contact",
        links=["https://nancy.example.org/preuve"],
    )
    return assignment


def assign(user, dossier, calibration=False):
    return Assignment.objects.create(
        dossier=dossier, member=user.jurymember_set.get(edition=dossier.edition), calibration=calibration
    )


def reading_url(assignment, code="COM-01"):
    return review_url(assignment, "review_save_reading", code=code)


# The page, per role ----------------------------------------------------------------------------


def test_the_juror_sees_each_question_with_the_answer_the_evidence_and_the_agreed_reading(client, juror, answered):
    QuestionNote.objects.create(edition=answered.dossier.edition, question="COM-01", text="Un formulaire suffit.")
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.texts("h1") == [f"Évaluation du dossier {answered.dossier.edition.year} de Nancy (54)"]
    assert page.text("#reviewed-percent") == page.text("#declared-percent")
    assert page.text("#q-COM-01-answer").startswith("https://nancy.example.org/contact")
    assert page.text("#q-COM-01-comment") == "Formulaire de contact"
    assert page.text("#q-COM-01-note").endswith("Un formulaire suffit.")
    link = next(page.main.select_one("#q-COM-01-evidence").find_all("a"))
    assert (link.attrs["href"], link.attrs["target"], link.attrs["rel"]) == (
        "https://nancy.example.org/preuve",
        "_blank",
        "noopener noreferrer",
    )
    assert page.checked("rubric") == []
    assert {"rubric", "corrected_points", "correction_reason", "comment"} <= set(page.fields())
    assert page.text("#review-shortcuts")


def test_the_page_of_an_unanswered_question_says_so(client, juror, answered):
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.text("#q-STR-10-answer") == page.text("#q-STR-09-answer")


@pytest.mark.parametrize(
    "role", ["conflicted_juror", "second_juror", "declared_juror", "expert", "outsider", "elected", "technical"]
)
def test_anyone_else_gets_a_404(request, role, answered):
    client = client_for(request.getfixturevalue(role))
    assert client.get(review_url(answered)).status_code == 404
    assert client.post(reading_url(answered), {"rubric": "3"}).status_code == 404
    assert client.post(review_url(answered, "review_submit")).status_code == 404
    evidence = answered.dossier.evidence.get()
    assert (
        client.post(
            review_url(answered, "review_check_evidence", evidence_pk=evidence.pk), {"is_valid": "0"}
        ).status_code
        == 404
    )
    assert not Review.objects.exists()


def test_a_visitor_gets_a_404(client, answered):
    assert client.get(review_url(answered)).status_code == 404


def test_a_wrong_year_is_a_404(client, juror, answered):
    client.force_login(juror)
    url = reverse("jury:review", kwargs={"year": answered.dossier.edition.year + 1, "pk": answered.pk})
    assert client.get(url).status_code == 404


def test_an_organiser_reads_the_review_without_forms(client, organiser, juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.ONE_THIRD, comment="À revoir")
    client.force_login(organiser)
    page = Page(client.get(review_url(answered)))
    assert page.fields() == []
    assert page.text("#read-only-reason") == (
        "Lecture seule : vous lisez cette évaluation en tant qu’organisateur ; seul son membre du jury peut la modifier."
    )
    assert page.text("#q-COM-01-reading")
    assert client.post(reading_url(answered), {"rubric": "3"}).status_code == 404
    assert QuestionReview.objects.get().rubric == Rubric.ONE_THIRD


def test_the_organiser_reopens_a_submitted_review(client, organiser, juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    services.submit_review(juror, answered)
    juror_client = client_for(juror)
    assert juror_client.post(review_url(answered, "review_reopen")).status_code == 404
    client.force_login(organiser)
    assert len(Page(client.get(review_url(answered))).main.select("form")) == 1
    response = client.post(review_url(answered, "review_reopen"))
    assert response.status_code == 302
    assert Review.objects.get().status == ReviewStatus.IN_PROGRESS
    assert "rubric" in Page(juror_client.get(review_url(answered))).fields()


def test_the_expert_writes_an_opinion_and_gives_no_scores(client, expert, submitted, review_edition):
    give(submitted, "COM-01", "https://nancy.example.org/contact", links=["https://nancy.example.org/preuve"])
    assignment = assign(expert, submitted)
    client.force_login(expert)
    page = Page(client.get(review_url(assignment)))
    assert page.fields() == ["opinion"]
    response = client.post(review_url(assignment, "review_opinion"), {"opinion": "Dossier sérieux."})
    assert response.status_code == 302
    assert response["Location"] == review_url(assignment) + "#opinion"
    assert Page(client.get(review_url(assignment))).field_value("opinion") == "Dossier sérieux."
    assert client.post(review_url(assignment, "review_submit")).status_code == 302
    page = Page(client.get(review_url(assignment)))
    assert (page.fields(), page.text("#opinion-read")) == ([], "Dossier sérieux.")
    assert client.post(reading_url(assignment), {"rubric": "3"}).status_code == 400
    assert not QuestionReview.objects.exists()


def test_an_opinion_too_long_comes_back_with_the_text(client, expert, submitted, review_edition):
    assignment = assign(expert, submitted)
    client.force_login(expert)
    response = client.post(review_url(assignment, "review_opinion"), {"opinion": "y" * 10_001})
    assert response.status_code == 400
    page = Page(response)
    assert page.field_value("opinion") == "y" * 10_001
    assert page.text("#opinion-error")


# Saving a reading ------------------------------------------------------------------------------


def test_with_htmx_a_reading_comes_back_with_the_score(client, juror, answered):
    client.force_login(juror)
    before = Page(client.get(review_url(answered))).text("#reviewed-percent")
    response = client.post(reading_url(answered), {"rubric": "0", "comment": "Lien mort"}, **HTMX)
    assert response.status_code == 200
    page = fragment(response)
    assert page.checked("rubric") == ["0"]
    assert page.field_value("comment") == "Lien mort"
    assert page.text("#q-COM-01-reviewed").startswith("0 / 8")
    assert page.text("#reviewed-percent") != before
    assert page.main.select_one("#review-score").attrs["hx-swap-oob"] == "true"
    assert page.text("#review-announcer")
    assert QuestionReview.objects.get().rubric == Rubric.NONE


def test_without_js_a_reading_redirects_to_the_question(client, juror, answered):
    client.force_login(juror)
    response = client.post(reading_url(answered), {"rubric": "2", "comment": ""})
    assert response.status_code == 302
    assert response["Location"] == review_url(answered) + "#q-COM-01"
    assert [level for level, _text in messages_of(response)] == ["success"]
    page = Page(client.get(response["Location"]))
    assert "checked" in page.main.select_one("#q-COM-01-rubric-2").attrs


def test_a_refused_reading_keeps_what_was_typed(client, juror, answered):
    client.force_login(juror)
    posted = {"rubric": "1", "corrected_points": "1" * 200, "correction_reason": "Pourquoi pas", "comment": "Note"}
    response = client.post(reading_url(answered), posted)
    assert response.status_code == 400
    page = Page(response)
    assert page.text("#q-COM-01-error").startswith("COM-01")
    assert (
        page.main.select_one("#q-COM-01-points").attrs["value"],
        page.text("#q-COM-01-reason"),
        page.text("#q-COM-01-private"),
    ) == ("1" * 200, "Pourquoi pas", "Note")
    assert "checked" in page.main.select_one("#q-COM-01-rubric-1").attrs
    response = client.post(reading_url(answered), posted, **HTMX)
    page = fragment(response)
    assert (response.status_code, page.field_value("comment")) == (200, "Note")
    assert page.text("#q-COM-01-error").startswith("COM-01")
    assert not QuestionReview.objects.exists()


def test_an_unknown_question_is_a_404(client, juror, answered):
    client.force_login(juror)
    assert client.post(reading_url(answered, "NOPE-01"), {"rubric": "1"}).status_code == 404


# Evidence ----------------------------------------------------------------------------------------


def test_evidence_is_marked_not_valid_with_htmx_and_without(client, juror, answered):
    evidence = answered.dossier.evidence.get()
    url = review_url(answered, "review_check_evidence", evidence_pk=evidence.pk)
    client.force_login(juror)
    page = fragment(client.post(url, {"is_valid": "0"}, **HTMX))
    assert page.text(f"#evidence-{evidence.pk}-check") == "✗ non valide"
    # COM-01 does not require evidence: its answer still counts until the juror sets the rubric.
    assert page.text("#q-COM-01-reviewed") == "8 / 8 points"
    response = client.post(url, {"is_valid": "1"})
    assert response["Location"] == review_url(answered) + "#q-COM-01"
    assert answered.review.evidence_checks.get().is_valid is True


def test_evidence_of_another_dossier_is_a_404(client, juror, answered, other_submitted):
    (other,) = give(other_submitted, "COM-01", "https://v.example.org", links=["https://v.example.org/p"])
    client.force_login(juror)
    url = review_url(answered, "review_check_evidence", evidence_pk=other.pk)
    assert client.post(url, {"is_valid": "0"}).status_code == 404


# Submitting --------------------------------------------------------------------------------------


def test_submitting_names_the_questions_without_rubric_then_makes_the_page_read_only(client, juror, answered):
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.links("COM-01") == ["#q-COM-01"]
    response = client.post(review_url(answered, "review_submit"))
    assert response["Location"] == review_url(answered) + "#submit"
    assert [(level, "COM-01" in text) for level, text in messages_of(response)] == [("error", True)]
    client.post(reading_url(answered), {"rubric": "3"})
    response = client.post(review_url(answered, "review_submit"))
    assert response["Location"] == review_url(answered)
    page = Page(client.get(review_url(answered)))
    assert page.fields() == []
    assert Review.objects.get().is_submitted


# The other reviews ------------------------------------------------------------------------------


@pytest.fixture
def second_review(answered, second_juror):
    other = assign(second_juror, answered.dossier)
    services.save_reading(second_juror, other, "COM-01", rubric=Rubric.ONE_THIRD)
    services.submit_review(second_juror, other)
    return other


def test_other_reviews_are_hidden_until_the_juror_submits(client, juror, answered, second_review):
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.select("#q-COM-01-others") == []
    assert page.select("#others") == []
    assert page.text("#others-hidden")
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    services.submit_review(juror, answered)
    page = Page(client.get(review_url(answered)))
    assert "Jeanne Jurée" in page.text("#q-COM-01-others")
    assert [rows[0][0] for caption, rows in page.tables() if rows and rows[0][0] == "Jeanne Jurée"] == ["Jeanne Jurée"]


def test_other_reviews_are_shown_at_once_when_the_edition_does_not_hide_them(client, juror, answered, second_review):
    edition = answered.dossier.edition
    type(edition).objects.filter(pk=edition.pk).update(reviews_hidden_until_submitted=False)
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert "Jeanne Jurée" in page.text("#q-COM-01-others")
    assert page.select("#others-hidden") == []


def test_the_expert_does_not_see_the_jurors_reviews(client, expert, answered, second_review):
    assignment = assign(expert, answered.dossier)
    client.force_login(expert)
    page = Page(client.get(review_url(assignment)))
    assert page.select("#q-COM-01-others") == []


# Queries -----------------------------------------------------------------------------------------


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_takes_the_same_queries_whatever_the_number_of_questions_answered(
    client, juror, answered, second_review
):
    client.force_login(juror)
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    services.check_evidence(juror, answered, answered.dossier.evidence.get(), True)
    few = queries(client, review_url(answered))
    for code in ("STR-10", "DON-02", "COM-10", "DON-09"):
        (evidence,) = give(answered.dossier, code, f"https://nancy.example.org/{code}", links=[f"https://e.org/{code}"])
        services.save_reading(juror, answered, code, rubric=Rubric.ONE_THIRD, comment="vu")
        services.check_evidence(juror, answered, evidence, False)
    QuestionNote.objects.create(edition=answered.dossier.edition, question="DON-02", text="Portail ouvert")
    assert queries(client, review_url(answered)) == few


def test_evidence_not_valid_on_a_required_evidence_question_shows_it_scores_0(client, juror, assignment):
    (evidence,) = give(assignment.dossier, "STR-03", True, links=["https://nancy.example.org/plan"])
    client.force_login(juror)
    url = review_url(assignment, "review_check_evidence", evidence_pk=evidence.pk)
    page = fragment(client.post(url, {"is_valid": "0"}, **HTMX))
    assert page.text("#q-STR-03-declared") == "12 / 12 points"
    assert page.text("#q-STR-03-reviewed") == "0 / 12 points — aucun justificatif valide"
    assert page.text("#review-announcer") == (
        "STR-03 : le justificatif est marqué non valide. Score global examiné : 0,0\u00a0%, aucun niveau atteint pour l’instant."
    )


def test_outside_the_review_phases_the_page_is_read_only_and_says_why(client, juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    edition = answered.dossier.edition
    type(edition).objects.filter(pk=edition.pk).update(
        published_at=edition.closes_at + (edition.closes_at - edition.opens_at)
    )
    client.force_login(juror)
    page = Page(client.get(review_url(answered)))
    assert page.fields() == []
    assert page.text("#read-only-reason").startswith("Lecture seule : l’édition est dans la phase « ")
    assert page.select("#q-COM-01-reading dd") == ["1 — pleinement atteint"]


def test_a_conflicted_juror_assigned_by_mistake_gets_a_404(conflicted_juror, submitted, review_edition):
    assignment = assign(conflicted_juror, submitted)
    client = client_for(conflicted_juror)
    assert client.get(review_url(assignment)).status_code == 404
    assert client.post(reading_url(assignment), {"rubric": "3"}).status_code == 404
    assert not Review.objects.exists()


def test_the_page_reads_in_english(juror, answered):
    page = Page(client_for(juror, "en").get(review_url(answered)))
    assert page.texts("h1") == [f"Review of the {answered.dossier.edition.year} dossier of Nancy (54)"]
    assert page.text("#review-shortcuts") == (
        "Keyboard: in a question, keys 0, 1, 2 and 3 set its rubric to 0, ⅓, ⅔ or 1 and save it "
        "(not while typing in a field)."
    )
