"""The organiser's console of an edition (/organisation/editions/<year>/console/): who sees it,
what it shows (dossiers by state, the table with its filters and sort, reviews per jury member,
the calendar), and a number of queries that does not grow with the dossiers."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.factories import ELECTED
from tests.html import Page
from tests.jury.conftest import move_to_review
from tnl.core.formatting import when
from tnl.jury.console_services import juror_workload
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import Assignment, Decision, Review

ALL_ROLES = ["visitor", "outsider", "elected", "juror", "conflicted_juror", "expert", "organiser", "admin_user"]
ORGANISERS = {"organiser", "admin_user"}


def console_url(edition, **query):
    url = reverse("jury:console", args=[edition.year])
    return url + ("?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else "")


def seat_of(user, edition):
    return user.jurymember_set.get(edition=edition)


@pytest.fixture
def epci_draft(edition, grand_nancy):
    """The Métropole du Grand Nancy's dossier, left in draft."""
    return factories.DossierFactory(edition=edition, territory=grand_nancy)


@pytest.fixture
def console_edition(edition, submitted, other_submitted, epci_draft, juror, second_juror):
    """Nancy under review (Jules submitted his review, Jeanne's is in progress), Vandœuvre
    submitted and not assigned, the Grand Nancy in draft; the edition in the jury review phase."""
    move_to_review(edition)
    first = Assignment.objects.create(dossier=submitted, member=seat_of(juror, edition))
    Review.objects.create(assignment=first, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now())
    second = Assignment.objects.create(dossier=submitted, member=seat_of(second_juror, edition))
    Review.objects.create(assignment=second, status=ReviewStatus.IN_PROGRESS)
    return edition


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_organisers_and_admins_see_the_console(role, console_edition, user_for, login):
    client = login(user_for(role))
    for url in [console_url(console_edition), reverse("jury:console_export", args=[console_edition.year])]:
        assert client.get(url).status_code == (200 if role in ORGANISERS else 404), url


def test_an_unknown_edition_is_404(organiser, login):
    assert login(organiser).get(reverse("jury:console", args=[1999])).status_code == 404


def last_change(dossier):
    moments = [dossier.updated_at]
    for assignment in dossier.assignments.all():
        moments.append(assignment.created_at)
        if hasattr(assignment, "review"):
            moments.append(assignment.review.updated_at)
    return when(max(moments))


def test_the_console_shows_the_edition_at_a_glance(
    console_edition, submitted, other_submitted, epci_draft, organiser, login
):
    page = Page(login(organiser).get(console_url(console_edition)))
    assert page.texts("h1") == [f"Console de l’édition {console_edition.year}"]
    assert page.select("p > span.tag") == ["Examen par le jury"]
    assert page.select("dl.console-counts dt") == [
        "Brouillon",
        "Déposé",
        "En évaluation",
        "Évalué",
        "Décidé",
        "Tous les dossiers",
    ]
    assert page.select("dl.console-counts dd") == ["1", "1", "1", "0", "0", "3"]
    assert page.main.select_one("dl.console-counts dt a").attrs["href"] == "?state=draft"
    closes = when(console_edition.closes_at)
    assert page.select("section[aria-labelledby=calendar-title] dd")[:2] == [when(console_edition.opens_at), closes]
    assert page.tables() == [
        (
            "3 dossiers",
            [
                row(epci_draft, "Intercommunalité (EPCI)", "258\u00a0208", "Brouillon", "0 sur 0"),
                row(submitted, "Commune", "103\u00a0671", "En évaluation", "1 sur 2"),
                row(other_submitted, "Commune", "29\u00a0942", "Déposé", "0 sur 0"),
            ],
        ),
        (
            "Évaluations des dossiers attribués (hors calibrage)",
            [["Jeanne Jurée", "Juré", "1", "0", "1", "0"], ["Jules Juré", "Juré", "1", "1", "0", "0"]],
        ),
    ]
    assert page.links("Nancy (54)") == [reverse("dossiers:detail", args=[submitted.pk])]
    assert page.links("Rappels avant la date limite") == [reverse("jury:reminders", args=[console_edition.year])]
    assert page.links("Télécharger le tableau (CSV)") == [reverse("jury:console_export", args=[console_edition.year])]


def row(dossier, kind, population, state, reviews):
    return [dossier.territory.display_name, kind, population, state, "0", "0,0\u00a0%", reviews, last_change(dossier)]


def bodies(page):
    return [cells[0] for cells in page.tables()[0][1]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "draft"}, ["Métropole du Grand Nancy"]),
        ({"state": "under_review"}, ["Nancy (54)"]),
        ({"kind": "commune"}, ["Nancy (54)", "Vandœuvre-lès-Nancy (54)"]),
        ({"kind": "commune", "state": "submitted"}, ["Vandœuvre-lès-Nancy (54)"]),
        (
            {"state": "nonsense", "kind": "planet"},
            ["Métropole du Grand Nancy", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"],
        ),
    ],
)
def test_filters(console_edition, organiser, login, query, expected):
    page = Page(login(organiser).get(console_url(console_edition, **query)))
    assert bodies(page) == expected


def test_filters_keep_the_sort_and_say_how_many_match(console_edition, organiser, login):
    page = Page(login(organiser).get(console_url(console_edition, kind="commune", sort="-population")))
    assert page.tables()[0][0] == "2 dossiers correspondent aux filtres"
    assert page.field_value("kind") == ["commune"]
    assert page.field_value("sort") == "-population"
    export = reverse("jury:console_export", args=[console_edition.year])
    assert page.links("Télécharger ces dossiers (CSV)") == [f"{export}?kind=commune&sort=-population"]
    assert page.links("Afficher tous les dossiers") == [console_url(console_edition)]


def test_nothing_matches(console_edition, organiser, login):
    page = Page(login(organiser).get(console_url(console_edition, state="decided")))
    assert page.texts("p", role="status") == ["Aucun dossier ne correspond aux filtres."]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("population", ["Vandœuvre-lès-Nancy (54)", "Nancy (54)", "Métropole du Grand Nancy"]),
        ("-population", ["Métropole du Grand Nancy", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]),
        ("state", ["Métropole du Grand Nancy", "Vandœuvre-lès-Nancy (54)", "Nancy (54)"]),
        ("-body", ["Vandœuvre-lès-Nancy (54)", "Nancy (54)", "Métropole du Grand Nancy"]),
        ("-reviews", ["Nancy (54)", "Métropole du Grand Nancy", "Vandœuvre-lès-Nancy (54)"]),
        ("kind", ["Nancy (54)", "Vandœuvre-lès-Nancy (54)", "Métropole du Grand Nancy"]),
        ("nonsense", ["Métropole du Grand Nancy", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]),
    ],
)
def test_sort(console_edition, organiser, login, sort, expected):
    page = Page(login(organiser).get(console_url(console_edition, sort=sort)))
    assert bodies(page) == expected


def test_a_column_header_sorts_then_reverses(console_edition, organiser, login):
    client = login(organiser)
    headers = Page(client.get(console_url(console_edition, state="submitted"))).main.select(
        "table.console-dossiers th[scope=col]"
    )
    assert [(th.text, th.attrs.get("aria-sort")) for th in headers][:3] == [
        ("Organisme ▲", "ascending"),
        ("Type", None),
        ("Population", None),
    ]
    links = [next(th.find_all("a")).attrs["href"] for th in headers]
    assert links[:3] == [
        "?state=submitted&sort=-body",
        "?state=submitted&sort=kind",
        "?state=submitted&sort=population",
    ]
    headers = Page(client.get(console_url(console_edition, sort="population"))).main.select(
        "table.console-dossiers th[scope=col]"
    )
    assert [(th.text, th.attrs.get("aria-sort")) for th in headers][2] == ("Population ▲", "ascending")
    assert next(headers[2].find_all("a")).attrs["href"] == "?sort=-population"


def test_reviewed_and_decided_dossiers_are_counted(
    console_edition, submitted, other_submitted, second_juror, organiser, login
):
    Review.objects.filter(assignment__member__user=second_juror).update(status=ReviewStatus.SUBMITTED)
    Decision.objects.create(dossier=other_submitted, proposed_level=0, level=0)
    page = Page(login(organiser).get(console_url(console_edition)))
    assert page.select("dl.console-counts dd") == ["1", "0", "0", "1", "1", "3"]


def test_the_edition_page_leads_to_the_console_and_the_reminders(edition, organiser, login):
    page = Page(login(organiser).get(reverse("editions:detail", args=[edition.year])))
    assert page.links("Console : dossiers, évaluations et calendrier") == [console_url(edition)]
    assert page.links("Rappels avant la date limite") == [reverse("jury:reminders", args=[edition.year])]


def test_an_edition_without_dossier_or_jury(edition, organiser, login):
    page = Page(login(organiser).get(console_url(edition)))
    assert page.select("dl.console-counts dd") == ["0", "0", "0", "0", "0", "0"]
    assert "Aucun dossier pour l’instant." in page.texts("p")
    assert "Le jury n’a pas encore de membre." in page.texts("p")


def many_dossiers(edition, number, juror):
    """`number` dossiers of other public bodies, each assigned to the juror with a review."""
    member = seat_of(juror, edition)
    for index in range(number):
        body = factories.OtherBodyFactory(name=f"Syndicat {index}")
        referent = factories.member_of(body, ELECTED, f"ref{index}@example.org")
        dossier = factories.DossierFactory(edition=edition, territory=body, actor=referent)
        assignment = Assignment.objects.create(dossier=dossier, member=member)
        Review.objects.create(assignment=assignment)


@pytest.mark.parametrize("number", [2, 6])
def test_the_console_queries_do_not_grow_with_the_dossiers(
    edition, juror, second_juror, organiser, login, number, django_assert_num_queries
):
    many_dossiers(edition, number, juror)
    client = login(organiser)
    url = console_url(edition)
    client.get(url)  # the referential's compiled form is cached from here on
    # session, user, edition; dossiers (with body and decision), assignments (with review and
    # member), answers, evidence; jury members with their counts
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(reverse("jury:console_export", args=[edition.year])).status_code == 200


def test_the_jury_members_go_by_name_then_address(edition):
    for email, name in [("c@example.org", "Anne Ange"), ("a@example.org", "Zoé Zèbre"), ("b@example.org", "Anne Ange")]:
        factories.JuryMemberFactory(edition=edition, user__email=email, user__full_name=name)
    members = juror_workload(edition)
    assert [member.user.email for member in members] == ["b@example.org", "c@example.org", "a@example.org"]
    assert [(m.assigned, m.submitted, m.in_progress, m.not_started) for m in members] == [(0, 0, 0, 0)] * 3


def test_the_workload_leaves_calibration_out(review_edition, submitted, other_submitted, juror):
    member = seat_of(juror, review_edition)
    for dossier, status in [(submitted, ReviewStatus.SUBMITTED), (other_submitted, ReviewStatus.IN_PROGRESS)]:
        calibration = Assignment.objects.create(dossier=dossier, member=member, calibration=True)
        Review.objects.create(assignment=calibration, status=status)
    (workload,) = [member for member in juror_workload(review_edition) if member.user == juror]
    assert (workload.assigned, workload.submitted, workload.in_progress, workload.not_started) == (0, 0, 0, 0)
