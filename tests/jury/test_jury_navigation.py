"""The jury's pages link to one another: what a juror, an expert and an organiser find from the
page they come from."""

from django.urls import reverse

from tests.html import Page
from tests.jury.calibrating import read
from tnl.jury import calibration_services
from tnl.jury.models import Assignment


def home_url(edition):
    return reverse("jury:home", args=[edition.year])


def test_a_jurors_home_links_to_conflicts_dossiers_and_deliberation(review_edition, assignment, juror, login):
    page = Page(login(juror).get(home_url(review_edition)))
    assert page.texts("h2") == ["Conflits d’intérêts", "Mes dossiers à évaluer", "Délibération"]
    assert page.links("Mes conflits d’intérêts") == [reverse("jury:conflicts", args=[review_edition.year])]
    assert page.links("Nancy (54)") == [reverse("jury:review", args=[review_edition.year, assignment.pk])]
    assert page.links("Tableau de délibération") == [reverse("jury:deliberation", args=[review_edition.year])]


def test_a_jurors_home_links_to_the_calibration_and_their_calibration_reviews(
    organiser, edition, submitted, juror, login
):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    read(juror, submitted)
    page = Page(login(juror).get(home_url(edition)))
    assert page.texts("h2") == ["Conflits d’intérêts", "Calibrage", "Mes dossiers à évaluer", "Délibération"]
    assert page.links("Calibrage : l’accord du jury") == [reverse("jury:calibration", args=[edition.year])]
    own = Assignment.objects.get(member__user=juror, calibration=True)
    assert page.links("Mon évaluation de calibrage de Nancy (54)") == [
        reverse("jury:review", args=[edition.year, own.pk])
    ]
    assert page.select("#my-calibration li") == ["Mon évaluation de calibrage de Nancy (54) — en cours"]
    assert page.tables() == []  # no real dossier assigned


def test_an_experts_home_has_neither_calibration_nor_deliberation(organiser, edition, submitted, expert, login):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    page = Page(login(expert).get(home_url(edition)))
    assert page.texts("h2") == ["Conflits d’intérêts", "Mes dossiers à évaluer"]
    assert page.links("Tableau de délibération") == []


def test_the_review_page_links_to_the_questions_and_back_to_the_jury_home(review_edition, assignment, juror, login):
    page = Page(login(juror).get(reverse("jury:review", args=[review_edition.year, assignment.pk])))
    assert page.links(f"Jury {review_edition.year}") == [home_url(review_edition)]
    assert page.links("Questions au candidat sur ce dossier") == [
        reverse("jury:clarifications", args=[review_edition.year, assignment.dossier_id])
    ]


def test_an_organiser_reading_a_review_goes_back_to_the_assignment_table(review_edition, assignment, organiser, login):
    page = Page(login(organiser).get(reverse("jury:review", args=[review_edition.year, assignment.pk])))
    assert page.links("Attribution des dossiers") == [reverse("jury:assignments", args=[review_edition.year])]
    assert page.links("Questions au candidat sur ce dossier") == [
        reverse("jury:clarifications", args=[review_edition.year, assignment.dossier_id])
    ]
    assert page.links(f"Jury {review_edition.year}") == []


def test_the_assignment_table_links_each_reviewer_to_the_review(review_edition, assignment, organiser, login):
    page = Page(login(organiser).get(reverse("jury:assignments", args=[review_edition.year])))
    assert page.links("Jules Juré") == [reverse("jury:review", args=[review_edition.year, assignment.pk])]
    assert page.links("Nancy (54)") == [reverse("dossiers:detail", args=[assignment.dossier_id])]


def test_the_console_links_reviews_to_the_assignment_table_while_dossiers_are_assigned(
    review_edition, assignment, organiser, login
):
    page = Page(login(organiser).get(reverse("jury:console", args=[review_edition.year])))
    table = reverse("jury:assignments", args=[review_edition.year])
    assert page.links("0 sur 1") == [f"{table}#dossier-{assignment.dossier_id}"]


def test_the_edition_page_lists_the_jury_work_in_order(review_edition, organiser, login):
    page = Page(login(organiser).get(reverse("editions:detail", args=[review_edition.year])))
    year = review_edition.year
    steps = page.main.select_one("#jury-steps")
    assert [a.attrs["href"] for a in steps.find_all("a")] == [
        reverse("jury:members", args=[year]),
        reverse("jury:calibration_samples", args=[year]),
        reverse("jury:assignments", args=[year]),
        reverse("jury:console", args=[year]),
        reverse("jury:reminders", args=[year]),
        reverse("jury:deliberation", args=[year]),
        reverse("jury:outbox", args=[year]),
        reverse("publication:manage", args=[year]),
    ]
