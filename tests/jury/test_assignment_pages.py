"""The jury's membership, conflicts and assignment pages, one test per (page or action, role), and
what each shows."""

import pytest

from tests import factories
from tests.html import Page, client_for, count_queries, messages_of
from tests.jury.assigning import move_to_review, publish, review, seat_of
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.models import JuryMember
from tnl.jury.models import Assignment, CalibrationSample, Conflict
from tnl.territories.models import Territory

pytestmark = pytest.mark.django_db

NOT_ORGANISERS = ["visitor", "outsider", "elected", "juror", "conflicted_juror", "expert"]


def members_url(edition):
    return f"/organisation/editions/{edition.year}/jury/membres/"


def assignments_url(edition):
    return f"/organisation/editions/{edition.year}/jury/attributions/"


def home_url(edition):
    return f"/jury/{edition.year}/"


def conflicts_url(edition):
    return f"/jury/{edition.year}/conflits/"


def organiser_pages(edition, member):
    return [
        members_url(edition),
        f"{members_url(edition)}{member.pk}/conflits/",
        assignments_url(edition),
    ]


def organiser_actions(edition, member, dossier, assignment):
    base = assignments_url(edition)
    return [
        f"{members_url(edition)}{member.pk}/retirer/",
        f"{members_url(edition)}{member.pk}/conflits/",
        members_url(edition),
        f"{base}automatique/",
        f"{base}reglages/",
        f"{base}dossiers/{dossier.pk}/",
        f"{base}{assignment.pk}/retirer/",
    ]


# Who sees what -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_organiser_pages_and_actions_are_404_for_everyone_else(
    role, review_edition, assignment, conflicted_juror, expert, user_for, login
):
    client = login(user_for(role))
    member = assignment.member
    for url in organiser_pages(review_edition, member):
        assert client.get(url).status_code == 404, url
    for url in organiser_actions(review_edition, member, assignment.dossier, assignment):
        assert client.post(url, {"member": member.pk, "email": "x@example.org", "role": "juror"}).status_code == 404
    assert JuryMember.objects.count() == 3 and Assignment.objects.count() == 1


def test_the_organiser_sees_the_organiser_pages(review_edition, assignment, organiser, login):
    client = login(organiser)
    for url in organiser_pages(review_edition, assignment.member):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["juror", "conflicted_juror", "declared_juror", "expert"])
def test_jury_members_see_their_pages(role, review_edition, user_for, login):
    client = login(user_for(role))
    assert client.get(home_url(review_edition)).status_code == 200
    assert client.get(conflicts_url(review_edition)).status_code == 200


@pytest.mark.parametrize("role", ["outsider", "elected", "organiser"])
def test_people_without_a_seat_get_404_on_the_jury_pages(role, review_edition, juror, user_for, login):
    client = login(user_for(role))
    assert client.get(home_url(review_edition)).status_code == 404
    assert client.get(conflicts_url(review_edition)).status_code == 404
    assert client.post(conflicts_url(review_edition), {"action": "declare"}).status_code == 404


def test_visitors_are_sent_to_log_in_from_the_jury_pages(review_edition, client):
    for url in (home_url(review_edition), conflicts_url(review_edition)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_a_seat_of_another_year_is_no_seat(review_edition, juror, login):
    assert login(juror).get(f"/jury/{review_edition.year + 1}/").status_code == 404


# The menu and the edition page ---------------------------------------------------------------------


def test_the_menu_links_a_juror_to_their_jury_page(edition, juror, client):
    client.force_login(juror)
    page = Page(client.get("/aide/"))
    links = [a.attrs["href"] for a in page.root.select("nav#main-menu a") if a.text == "Jury"]
    assert links == [home_url(edition)]


def test_the_menu_prefers_a_jury_at_work_to_a_later_edition_open_for_applications(
    review_edition, juror, default_referential, client
):
    later = factories.EditionFactory(year=review_edition.year + 1, open=True, referential=default_referential)
    factories.JuryMemberFactory(edition=later, user=juror)
    client.force_login(juror)
    page = Page(client.get("/aide/"))
    links = [a.attrs["href"] for a in page.root.select("nav#main-menu a") if a.text == "Jury"]
    assert links == [home_url(review_edition)]


@pytest.mark.parametrize("role", ["outsider", "organiser"])
def test_the_menu_has_no_jury_link_without_a_seat(role, edition, juror, user_for, client):
    client.force_login(user_for(role))
    page = Page(client.get("/aide/"))
    assert [a.text for a in page.root.select("nav#main-menu a") if a.text == "Jury"] == []


def test_no_menu_link_for_a_seat_in_a_draft_edition(organiser, default_referential, client):
    seat = factories.JuryMemberFactory(edition=factories.EditionFactory(year=2031, referential=default_referential))
    client.force_login(seat.user)
    page = Page(client.get("/aide/"))
    assert [a.text for a in page.root.select("nav#main-menu a") if a.text == "Jury"] == []


def test_the_edition_page_links_to_the_jury_pages(edition, organiser, login):
    page = Page(login(organiser).get(f"/organisation/editions/{edition.year}/"))
    assert page.links("Membres du jury et leurs conflits d’intérêts") == [members_url(edition)]
    assert page.links("Attribution des dossiers") == [assignments_url(edition)]


# Members -------------------------------------------------------------------------------------------


def test_the_members_page_lists_each_member_with_counts(
    review_edition, assignment, declared_juror, expert, organiser, login
):
    JuryMember.objects.filter(user=expert).update(organisation="April")
    page = Page(login(organiser).get(members_url(review_edition)))
    (_caption, rows), *_ = page.tables()
    assert [row[:6] for row in rows] == [
        ["Emma Experte", "expert@example.org", "Expert invité", "April", "0", "0"],
        ["Delphine Déclarée", "declare@example.org", "Juré", "—", "0", "1"],
        ["Jules Juré", "jure@example.org", "Juré", "—", "1", "0"],
    ]


def test_an_organiser_adds_a_member_by_address(edition, organiser, outsider, login):
    client = login(organiser)
    response = client.post(
        members_url(edition), {"email": "OUTSIDER@example.org", "role": "expert", "organisation": "Adullact"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [("success", "Oscar Outsider rejoint le jury comme expert invité.")]
    member = JuryMember.objects.get(user=outsider)
    assert (member.role, member.organisation) == ("expert", "Adullact")


def test_an_unknown_address_is_refused_next_to_the_field_keeping_what_was_typed(edition, organiser, login):
    page = Page(
        login(organiser).post(
            members_url(edition), {"email": "nobody@example.org", "role": "juror", "organisation": "X"}
        )
    )
    _summary, errors = page.errors()
    assert errors == [
        "Aucun compte n’utilise l’adresse nobody@example.org. Demandez à la personne de créer un compte avec cette "
        "adresse (« Créer un compte »), puis ajoutez-la."
    ]
    assert (page.field_value("email"), page.checked("role"), page.field_value("organisation")) == (
        "nobody@example.org",
        ["juror"],
        "X",
    )


def test_an_organiser_removes_a_member(edition, juror, organiser, login):
    member = seat_of(juror, edition)
    response = login(organiser).post(f"{members_url(edition)}{member.pk}/retirer/")
    assert messages_of(response) == [("success", "Jules Juré ne fait plus partie du jury.")]
    assert not JuryMember.objects.filter(pk=member.pk).exists()


def test_removing_a_member_who_submitted_a_review_says_why(review_edition, assignment, organiser, login):
    review(assignment, submitted=True)
    response = login(organiser).post(f"{members_url(review_edition)}{assignment.member.pk}/retirer/")
    assert messages_of(response) == [
        ("error", "Jules Juré a déjà déposé une évaluation : cette personne reste dans le jury.")
    ]
    assert JuryMember.objects.filter(pk=assignment.member.pk).exists()


# Conflicts -----------------------------------------------------------------------------------------


def test_a_conflicted_juror_sees_why_for_each_dossier(review_edition, conflicted_juror, login):
    page = Page(login(conflicted_juror).get(conflicts_url(review_edition)))
    assert page.select("ul.automatic-conflicts li") == [
        "Nancy (54) — Agit pour Métropole du Grand Nancy, qui contient Nancy",
        "Vandœuvre-lès-Nancy (54) — Agit pour Métropole du Grand Nancy, qui contient Vandœuvre-lès-Nancy",
    ]
    assert page.select("ul.declared-conflicts li") == []


def test_a_declared_conflict_is_listed_once_with_a_button_to_withdraw_it(review_edition, declared_juror, login):
    page = Page(login(declared_juror).get(conflicts_url(review_edition)))
    assert page.select("ul.automatic-conflicts li") == []
    assert page.select("ul.declared-conflicts li") == [
        "Nancy (54) — Ancienne agente de la ville Retirer le conflit avec Nancy (54)"
    ]


def test_a_juror_finds_a_body_and_declares_a_conflict(review_edition, juror, login):
    client = login(juror)
    page = Page(client.get(conflicts_url(review_edition), {"q": "vandoeuvre"}))
    vandoeuvre = Territory.objects.get(kind="commune", code="54547")
    assert str(vandoeuvre.pk) in [node.attrs["value"] for node in page.main.select("input[name=territory]")]
    response = client.post(
        conflicts_url(review_edition),
        {"action": "declare", "q": "vandoeuvre", "territory": vandoeuvre.pk, "reason": "Mon ancienne commune"},
    )
    assert messages_of(response) == [("success", "Conflit avec Vandœuvre-lès-Nancy (54) déclaré.")]
    assert Conflict.objects.get().reason == "Mon ancienne commune"


def test_declaring_takes_back_an_assigned_dossier_and_says_so(review_edition, assignment, juror, nancy, login):
    response = login(juror).post(
        conflicts_url(review_edition), {"action": "declare", "q": "nancy", "territory": nancy.pk, "reason": ""}
    )
    assert messages_of(response) == [
        ("success", "Conflit avec Nancy (54) déclaré."),
        ("warning", "Son dossier n’est plus attribué à Jules Juré."),
    ]
    assert not Assignment.objects.exists()


def test_a_refused_declaration_keeps_the_choice_and_the_reason(review_edition, assignment, juror, nancy, login):
    review(assignment, submitted=True)
    page = Page(
        login(juror).post(
            conflicts_url(review_edition),
            {"action": "declare", "q": "nancy", "territory": nancy.pk, "reason": "Mon employeur"},
        )
    )
    summary, _errors = page.errors()
    assert summary == [
        "Ce membre du jury a déjà déposé une évaluation du dossier de Nancy (54) : demandez à un organisateur "
        "de traiter ce conflit lors de la délibération."
    ]
    assert (page.checked("territory"), page.field_value("reason")) == ([str(nancy.pk)], "Mon employeur")


def test_declaring_without_choosing_a_body_says_so(review_edition, juror, login):
    page = Page(login(juror).post(conflicts_url(review_edition), {"action": "declare", "q": "nancy", "reason": "x"}))
    assert page.errors()[1] == ["Choisissez un organisme dans les résultats."]


def test_a_juror_withdraws_a_declared_conflict(review_edition, declared_juror, login):
    conflict = Conflict.objects.get()
    response = login(declared_juror).post(
        conflicts_url(review_edition), {"action": "withdraw", "conflict": conflict.pk}
    )
    assert messages_of(response) == [("success", "Le conflit avec Nancy (54) est retiré.")]
    assert not Conflict.objects.exists()


def test_a_juror_cannot_withdraw_another_members_conflict(review_edition, declared_juror, juror, login):
    conflict = Conflict.objects.get()
    response = login(juror).post(conflicts_url(review_edition), {"action": "withdraw", "conflict": conflict.pk})
    assert response.status_code == 404
    assert Conflict.objects.exists()


def test_withdrawing_something_that_is_no_conflict_is_404(review_edition, declared_juror, login):
    client = login(declared_juror)
    for value in ("x", "", "999999"):
        assert client.post(conflicts_url(review_edition), {"action": "withdraw", "conflict": value}).status_code == 404
    assert Conflict.objects.exists()


def test_an_organiser_declares_a_conflict_for_a_member(review_edition, juror, nancy, organiser, login):
    member = seat_of(juror, review_edition)
    url = f"{members_url(review_edition)}{member.pk}/conflits/"
    page = Page(login(organiser).get(url))
    assert page.texts("h1") == ["Conflits d’intérêts de Jules Juré"]
    response = login(organiser).post(url, {"action": "declare", "q": "nancy", "territory": nancy.pk, "reason": "Élu"})
    assert response["Location"] == url
    assert Conflict.objects.get().declared_by == organiser


# Assignment ----------------------------------------------------------------------------------------


def test_the_assignment_table_shows_each_dossier_with_its_reviewers(
    review_edition, assignment, second_juror, conflicted_juror, expert, organiser, login
):
    review(assignment)
    page = Page(login(organiser).get(assignments_url(review_edition)))
    (_caption, rows), *_ = page.tables()
    assert [row[:2] for row in rows] == [
        ["Nancy (54) 1 juré manquant", "Jules Juré — en cours Retirer Jules Juré du dossier de Nancy (54)"],
        ["Vandœuvre-lès-Nancy (54) 2 jurés manquants", "Personne pour l’instant"],
    ]
    nancy_options = page.main.select(f"select#member-{assignment.dossier_id} option")
    assert [option.text for option in nancy_options] == [
        "Choisir…",
        "Emma Experte (expert invité)",
        "Corentin Conflit — en conflit",
        "Jeanne Jurée",
    ]


def test_the_button_assigns_automatically(review_edition, juror, second_juror, organiser, login):
    response = login(organiser).post(f"{assignments_url(review_edition)}automatique/")
    assert messages_of(response) == [("success", "4 attributions faites.")]
    assert Assignment.objects.count() == 4


def test_automatic_assignment_says_which_dossiers_lack_jurors(review_edition, conflicted_juror, organiser, login):
    response = login(organiser).post(f"{assignments_url(review_edition)}automatique/")
    assert messages_of(response) == [
        ("success", "Chaque dossier avait déjà ses évaluateurs : rien n’a changé."),
        ("warning", "Il manque 2 évaluateurs à Nancy (54) : trop peu de jurés sont sans conflit avec cet organisme."),
        (
            "warning",
            "Il manque 2 évaluateurs à Vandœuvre-lès-Nancy (54) : trop peu de jurés sont sans conflit avec cet "
            "organisme.",
        ),
    ]


def test_automatic_assignment_is_refused_while_applications_are_open(edition, juror, organiser, login):
    response = login(organiser).post(f"{assignments_url(edition)}automatique/")
    assert messages_of(response) == [
        (
            "error",
            "Les dossiers sont attribués une fois les candidatures closes et jusqu’au début de la délibération ; "
            f"l’édition {edition.year} est dans la phase « Ouverte aux candidatures ».",
        )
    ]
    page = Page(login(organiser).get(assignments_url(edition)))
    assert "Attribuer automatiquement" not in page.buttons()


def test_an_organiser_adds_a_reviewer_by_hand(review_edition, submitted, expert, organiser, login):
    member = seat_of(expert, review_edition)
    response = login(organiser).post(
        f"{assignments_url(review_edition)}dossiers/{submitted.pk}/", {"member": member.pk}
    )
    assert messages_of(response) == [("success", "Emma Experte évalue désormais le dossier de Nancy (54).")]
    assert response["Location"] == f"{assignments_url(review_edition)}#dossier-{submitted.pk}"
    assert Assignment.objects.get().member == member


def test_a_conflicted_reviewer_is_refused_next_to_the_form(
    review_edition, submitted, conflicted_juror, organiser, login
):
    member = seat_of(conflicted_juror, review_edition)
    page = Page(
        login(organiser).post(f"{assignments_url(review_edition)}dossiers/{submitted.pk}/", {"member": member.pk})
    )
    assert page.text(f"#member-{submitted.pk}-error") == (
        "Corentin Conflit ne peut pas évaluer le dossier de Nancy (54) : "
        "Agit pour Métropole du Grand Nancy, qui contient Nancy."
    )
    select = page.main.select_one(f"select#member-{submitted.pk}")
    assert [o.attrs["value"] for o in select.find_all("option") if "selected" in o.attrs] == [str(member.pk)]
    assert not Assignment.objects.exists()


def test_adding_without_choosing_says_so(review_edition, submitted, second_juror, organiser, login):
    page = Page(login(organiser).post(f"{assignments_url(review_edition)}dossiers/{submitted.pk}/", {"member": ""}))
    assert page.text(f"#member-{submitted.pk}-error") == "Choisissez un membre du jury."


def test_an_organiser_removes_an_assignment(review_edition, assignment, organiser, login):
    response = login(organiser).post(f"{assignments_url(review_edition)}{assignment.pk}/retirer/")
    assert messages_of(response) == [("success", "Jules Juré n’évalue plus le dossier de Nancy (54).")]
    assert not Assignment.objects.exists()


def test_a_submitted_review_has_no_remove_button_and_is_refused(review_edition, assignment, organiser, login):
    review(assignment, submitted=True)
    page = Page(login(organiser).get(assignments_url(review_edition)))
    assert page.tables()[0][1][0][1] == "Jules Juré — déposée"
    response = login(organiser).post(f"{assignments_url(review_edition)}{assignment.pk}/retirer/")
    assert messages_of(response) == [
        ("error", "Jules Juré a déjà déposé l’évaluation de ce dossier : l’attribution reste.")
    ]


def test_the_settings_form_saves_and_shows_errors(review_edition, organiser, login):
    client = login(organiser)
    url = f"{assignments_url(review_edition)}reglages/"
    response = client.post(url, {"reviewers_per_dossier": "3"})
    assert messages_of(response) == [("success", "Réglages du jury enregistrés.")]
    review_edition.refresh_from_db()
    assert (review_edition.reviewers_per_dossier, review_edition.reviews_hidden_until_submitted) == (3, False)
    page = Page(client.post(url, {"reviewers_per_dossier": "40", "reviews_hidden_until_submitted": "on"}))
    assert page.errors()[1] == ["Assurez-vous que cette valeur est inférieure ou égale à 15."]
    assert page.field_value("reviewers_per_dossier") == "40"


def _more_dossiers(edition, count):
    """Draft dossiers of `count` other communes (while applications are open)."""
    communes = Territory.objects.filter(kind="commune").exclude(code__in=["54395", "54547"]).order_by("code")[:count]
    return [factories.DossierFactory(edition=edition, territory=commune) for commune in communes]


def test_the_assignment_table_queries_do_not_grow_with_the_dossiers(
    edition, submitted, other_submitted, juror, second_juror, conflicted_juror, expert, organiser, login
):
    client = login(organiser)
    jurors = [seat_of(person, edition) for person in (juror, second_juror, expert)]
    more = _more_dossiers(edition, 6)
    move_to_review(edition)
    review(Assignment.objects.create(dossier=submitted, member=jurors[0]))
    few = count_queries(client, assignments_url(edition))
    Dossier.objects.filter(pk__in=[d.pk for d in more]).update(status=DossierStatus.SUBMITTED)
    for number, dossier in enumerate(more):
        review(Assignment.objects.create(dossier=dossier, member=jurors[number % len(jurors)]))
    page = Page(client.get(assignments_url(edition)))
    assert len(page.tables()[0][1]) == 8
    assert Assignment.objects.count() == 7
    assert count_queries(client, assignments_url(edition)) == few


def test_the_members_page_queries_do_not_grow(edition, submitted, juror, second_juror, expert, organiser, login):
    client = login(organiser)
    few = count_queries(client, members_url(edition))
    for _number in range(5):
        factories.JuryMemberFactory(edition=edition)
    assert count_queries(client, members_url(edition)) == few


# A jury member's home ------------------------------------------------------------------------------


def test_a_juror_sees_their_dossiers_with_a_link_to_review_each(review_edition, assignment, juror, login):
    page = Page(login(juror).get(home_url(review_edition)))
    (_caption, rows), *_ = page.tables()
    population = f"{assignment.dossier.territory.population:,}".replace(",", "\xa0")
    assert rows == [["Nancy (54)", "Commune", population, "pas commencée"]]
    assert page.links("Nancy (54)") == [f"/jury/{review_edition.year}/evaluations/{assignment.pk}/"]
    assert page.links("Mes conflits d’intérêts") == [conflicts_url(review_edition)]


def test_a_juror_is_led_to_the_calibration_and_the_deliberation_table_an_expert_is_not(
    review_edition, submitted, juror, expert, login
):
    page = Page(login(juror).get(home_url(review_edition)))
    assert page.links("Calibrage : l’accord du jury") == []  # no calibration dossier yet
    CalibrationSample.objects.create(edition=review_edition, dossier=submitted)
    page = Page(login(juror).get(home_url(review_edition)))
    assert page.links("Calibrage : l’accord du jury") == [f"/jury/{review_edition.year}/calibrage/"]
    assert page.links("Tableau de délibération") == [f"/jury/{review_edition.year}/deliberation/"]
    page = Page(login(expert).get(home_url(review_edition)))
    assert page.links("Calibrage : l’accord du jury") == page.links("Tableau de délibération") == []


def test_the_review_state_follows_the_review(review_edition, assignment, juror, login):
    review(assignment, submitted=True)
    page = Page(login(juror).get(home_url(review_edition)))
    assert page.tables()[0][1][0][3] == "déposée"


def test_an_assignment_the_juror_became_conflicted_with_is_hidden(review_edition, assignment, juror, nancy, login):
    factories.MembershipFactory(user=juror, territory=nancy, role=factories.CONTRIBUTOR)
    page = Page(login(juror).get(home_url(review_edition)))
    assert page.tables() == []
    assert page.select("p.muted") == [
        "1 dossier qui vous est attribué est masqué, car vous êtes en conflit avec son organisme ; "
        "les organisateurs le confieront à un autre juré."
    ]


def test_a_juror_without_dossiers_is_told_so(review_edition, second_juror, login):
    page = Page(login(second_juror).get(home_url(review_edition)))
    assert page.texts("h1") == [f"Jury {review_edition.year}"]
    assert "Aucun dossier ne vous est encore attribué" in page.select("section[aria-labelledby=mine-title] p")[0]


def test_the_jury_pages_queries_do_not_grow_with_the_dossiers(edition, submitted, juror, conflicted_juror, login):
    more = _more_dossiers(edition, 5)
    move_to_review(edition)
    member = seat_of(juror, edition)
    review(Assignment.objects.create(dossier=submitted, member=member))
    pages = {"home": home_url(edition), "conflicts": conflicts_url(edition)}
    few = {name: count_queries(login(juror), url) for name, url in pages.items()}
    few["conflicted"] = count_queries(login(conflicted_juror), conflicts_url(edition))
    Dossier.objects.filter(pk__in=[d.pk for d in more]).update(status=DossierStatus.SUBMITTED)
    for dossier in more:
        review(Assignment.objects.create(dossier=dossier, member=member))
    many = {name: count_queries(login(juror), url) for name, url in pages.items()}
    many["conflicted"] = count_queries(login(conflicted_juror), conflicts_url(edition))
    assert len(Page(login(juror).get(home_url(edition))).tables()[0][1]) == 6
    assert many == few


def test_the_pages_read_in_english(review_edition, assignment, conflicted_juror, organiser, juror):
    page = Page(client_for(organiser, "en").get(assignments_url(review_edition)))
    assert page.texts("h1") == [f"Assignment of the {review_edition.year} dossiers"]
    assert [row[:2] for row in page.tables()[0][1]] == [
        ["Nancy (54) 1 juror missing", "Jules Juré — not started Remove Jules Juré from the dossier of Nancy (54)"],
        ["Vandœuvre-lès-Nancy (54) 2 jurors missing", "Nobody yet"],
    ]
    page = Page(client_for(juror, "en").get(home_url(review_edition)))
    assert page.tables()[0][1][0][3] == "not started"
    page = Page(client_for(conflicted_juror, "en").get(conflicts_url(review_edition)))
    assert page.select("ul.automatic-conflicts li")[0] == (
        "Nancy (54) — Acts for Métropole du Grand Nancy, which contains Nancy"
    )


def test_a_published_edition_shows_its_jury_without_forms(review_edition, assignment, declared_juror, organiser, login):
    publish(review_edition)
    client = login(organiser)
    assert Page(client.get(members_url(review_edition))).fields() == []
    assert Page(client.get(assignments_url(review_edition))).fields() == []
    page = Page(login(declared_juror).get(conflicts_url(review_edition)))
    assert (page.fields(), page.buttons()) == ([], [])
