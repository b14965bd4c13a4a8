"""The registry pages, read as a permission table: visitor, logged-in outsider, confirmed member, organiser."""

import pytest

from tests.html import Page
from tnl.core.models import AuditEntry
from tnl.territories import views
from tnl.territories.enums import Kind, MembershipRole, MembershipStatus
from tnl.territories.models import Membership, Territory

NBSP = "\xa0"  # French thousands separator

SEARCH = "/territoires/"
NANCY = "/territoires/commune/54395/"
GRAND_NANCY = "/territoires/epci/245400676/"
CREATE = "/territoires/organismes/nouveau/"
NANCY_SETTINGS = "/territoires/commune/54395/parametres/"


# Search page -------------------------------------------------------------------------------------


def test_search_page_without_query_explains_what_to_type(client, registry):
    page = Page(client.get(SEARCH))

    assert page.texts("h1") == ["Territoires"]
    assert page.tables() == []
    assert page.field_value("q") is None
    assert page.texts("p")[-1] == (
        "Le répertoire contient les communes, intercommunalités, départements et régions des données officielles, "
        "ainsi que les autres organismes publics ajoutés par les organisateurs."
    )


def test_search_results_table(client, registry):
    page = Page(client.get(SEARCH, {"q": "vandoeuvre"}))

    assert page.tables() == [
        (
            "1 résultat pour « vandoeuvre »",
            [
                [
                    "Vandœuvre-lès-Nancy",
                    "Commune",
                    "Meurthe-et-Moselle (54)",
                    f"29{NBSP}942",
                    "INSEE 54547, SIREN 215405473",
                ]
            ],
        )
    ]
    assert page.field_value("q") == "vandoeuvre"


def test_search_results_link_to_each_body_and_show_epci_types(client, registry):
    page = Page(client.get(SEARCH, {"q": "nancy", "kind": "epci"}))

    assert page.tables() == [
        (
            "1 résultat pour « nancy »",
            [
                [
                    "Métropole du Grand Nancy",
                    "Intercommunalité (EPCI) – métropole",
                    "Meurthe-et-Moselle (54)",
                    f"258{NBSP}208",
                    "SIREN 245400676",
                ]
            ],
        )
    ]
    assert [a.attrs["href"] for a in page.main.find_all("a") if a.text == "Métropole du Grand Nancy"] == [GRAND_NANCY]


def test_search_says_when_results_are_cut(client, registry, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_RESULTS", 3)

    page = Page(client.get(SEARCH, {"q": "54"}))

    [(caption, rows)] = page.tables()
    assert (caption, len(rows)) == ("3 résultats pour « 54 »", 3)
    assert page.texts("p", class_="muted") == [
        "Seuls les 3 premiers résultats sont affichés ; ajoutez des mots ou un code pour affiner la recherche."
    ]


def test_search_without_result_says_so(client, registry):
    page = Page(client.get(SEARCH, {"q": "Atlantis"}))

    assert page.tables() == []
    assert page.texts("p", role="status") == [
        "Aucun territoire ne correspond à « Atlantis ». Vérifiez l’orthographe, ou essayez un code postal ou un code INSEE."
    ]


@pytest.mark.parametrize("query", ["xyzzy", "nancy", "54"])
def test_search_page_queries_do_not_grow_with_results(client, registry, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(1):
        assert client.get(SEARCH, {"q": query}).status_code == 200


def test_organisers_get_a_link_to_add_a_body(organiser_client, registry):
    assert Page(organiser_client.get(SEARCH)).texts("a", href=CREATE) == ["Ajouter un autre organisme public"]


def test_visitors_get_no_link_to_add_a_body(client, registry):
    assert Page(client.get(SEARCH)).texts("a", href=CREATE) == []


# Body pages --------------------------------------------------------------------------------------


def test_commune_page_shows_public_facts_only(client, nancy):
    Territory.objects.filter(pk=nancy.pk).update(email_domains=["nancy.fr"])

    page = Page(client.get(NANCY))

    assert page.texts("h1") == ["Nancy (54)"]
    assert page.facts() == {
        "Type": "Commune",
        "Code INSEE": "54395",
        "SIREN": "215403957",
        "Population": f"103{NBSP}671",
        "Codes postaux": "54000, 54100",
        "Intercommunalité": "Métropole du Grand Nancy",
        "Département": "Meurthe-et-Moselle (54)",
        "Région": "Grand Est",
    }
    assert "nancy.fr" not in page.main.text
    assert page.texts("h2") == ["Informations"]


def test_epci_page_lists_its_member_communes(client, grand_nancy):
    page = Page(client.get(GRAND_NANCY))

    [(caption, rows)] = page.tables()
    assert caption == "20 communes membres"
    assert rows[:2] == [["Art-sur-Meurthe", "54025", f"1{NBSP}700"], ["Dommartemont", "54165", "566"]]
    assert len(rows) == 20


def test_epci_member_communes_are_paginated(client, grand_nancy, monkeypatch):
    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 8)

    page = Page(client.get(GRAND_NANCY, {"page": 3}))

    [(caption, rows)] = page.tables()
    assert caption == "20 communes membres – page 3 sur 3"
    assert [row[0] for row in rows] == ["Seichamps", "Tomblaine", "Vandœuvre-lès-Nancy", "Villers-lès-Nancy"]
    assert page.texts("a", href="?page=2#communes") == ["Page précédente"]


@pytest.mark.parametrize("path", [NANCY, GRAND_NANCY, "/territoires/departement/54/", "/territoires/region/44/"])
def test_body_pages_use_a_fixed_number_of_queries(client, registry, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(3):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/territoires/commune/99999/", "/territoires/town/54395/", "/territoires/epci/54395/"]
)
def test_unknown_bodies_are_404(client, registry, path):
    assert client.get(path).status_code == 404


def test_inactive_body_page_stays_with_a_notice(client, nancy):
    Territory.objects.filter(pk=nancy.pk).update(is_active=False)

    page = Page(client.get(NANCY))

    assert page.texts("p", class_="message-warning") == [
        "Cet organisme ne figure plus dans les données officielles (il a fusionné ou a été dissous). "
        "Sa page est conservée pour mémoire."
    ]


def test_confirmed_members_see_members_and_domains_but_cannot_edit(client, outsider, nancy):
    Territory.objects.filter(pk=nancy.pk).update(email_domains=["nancy.fr"])
    Membership.objects.create(
        user=outsider, territory=nancy, role=MembershipRole.TECHNICAL_REFERENT, status=MembershipStatus.CONFIRMED
    )
    client.force_login(outsider)

    page = Page(client.get(NANCY))

    assert page.facts()["Domaines de messagerie"] == "nancy.fr"
    assert page.tables() == [
        ("Personnes qui agissent pour cet organisme", [["Oscar Outsider", "référent technique", "confirmé"]])
    ]
    assert page.texts("a", href=NANCY_SETTINGS) == []


def test_pending_members_and_outsiders_see_public_facts_only(outsider_client, outsider, nancy):
    Membership.objects.create(user=outsider, territory=nancy, role=MembershipRole.CONTRIBUTOR)

    page = Page(outsider_client.get(NANCY))

    assert page.texts("h2") == ["Informations"]


def test_organisers_see_settings_and_an_edit_link(organiser_client, nancy):
    page = Page(organiser_client.get(NANCY))

    assert page.texts("h2") == ["Informations", "Membres et paramètres"]
    assert page.facts()["Compétences qu’il n’exerce pas"] == "aucune"
    assert page.texts("a", href=NANCY_SETTINGS) == ["Modifier les compétences et les domaines de messagerie"]


# Organiser pages: 404 for everyone else ----------------------------------------------------------


@pytest.mark.parametrize("path", [CREATE, NANCY_SETTINGS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_visitors_get_404_on_organiser_pages(client, nancy, path, method):
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.parametrize("path", [CREATE, NANCY_SETTINGS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_non_organisers_get_404_on_organiser_pages(outsider_client, nancy, path, method):
    assert getattr(outsider_client, method)(path).status_code == 404
    assert AuditEntry.objects.exclude(action="registry.imported").count() == 0


def test_organiser_adds_another_public_body(organiser_client, organiser, registry):
    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")

    response = organiser_client.post(
        CREATE,
        {
            "name": " Syndicat mixte du Parc de Lorraine ",
            "subkind": "syndicat mixte",
            "departement": meuse.pk,
            "population": "12000",
        },
    )

    body = Territory.objects.get(kind=Kind.OTHER)
    assert response.status_code == 302
    assert response["Location"] == "/territoires/other/X-syndicat-mixte-du-parc-de-lorraine/"
    assert (body.code, body.name, body.subkind, body.population, body.departement, body.region.code) == (
        "X-syndicat-mixte-du-parc-de-lorraine",
        "Syndicat mixte du Parc de Lorraine",
        "syndicat mixte",
        12000,
        meuse,
        "44",
    )
    assert (body.competences_missing, body.email_domains, body.search_name, body.is_active) == (
        ["schools"],
        [],
        "syndicat mixte du parc de lorraine",
        True,
    )
    entry = AuditEntry.objects.get(action="territory.created")
    assert (entry.actor, entry.object_id, entry.data) == (
        organiser,
        str(body.pk),
        {
            "kind": "other",
            "code": "X-syndicat-mixte-du-parc-de-lorraine",
            "name": "Syndicat mixte du Parc de Lorraine",
            "subkind": "syndicat mixte",
            "population": 12000,
            "departement": "55",
        },
    )
    page = Page(organiser_client.get(response["Location"]))
    assert page.texts("p", class_="message-success") == [
        "L’organisme Syndicat mixte du Parc de Lorraine a été ajouté au répertoire."
    ]
    assert page.texts("h1") == ["Syndicat mixte du Parc de Lorraine"]


def test_two_bodies_with_close_names_get_distinct_codes(organiser, registry):
    from tnl.territories.services import create_other_body

    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")
    vosges = Territory.objects.get(kind=Kind.DEPARTEMENT, code="88")
    first = create_other_body(organiser, name="SDIS", subkind="service", departement=meuse)
    second = create_other_body(organiser, name="SDIS", subkind="service", departement=vosges)

    assert (first.code, second.code) == ("X-sdis", "X-sdis-2")


def test_form_errors_are_shown_next_to_fields_and_keep_what_was_typed(organiser_client, registry):
    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")

    response = organiser_client.post(
        CREATE, {"name": "", "subkind": "parc naturel", "departement": meuse.pk, "population": "-5"}
    )

    page = Page(response)
    assert response.status_code == 200
    assert (
        page.title == "Erreur : Ajouter un autre organisme public · Territoire Numérique Libre"
    )  # "Error:" comes from the platform's catalogue
    summary = next(page.main.find_all("div", class_="error-summary"))
    assert [li.text for li in summary.find_all("li")] == [
        "Nom : Ce champ est obligatoire.",
        "Population : Assurez-vous que cette valeur est supérieure ou égale à 0.",
    ]
    assert page.texts("ul", id="id_name_error") == ["Ce champ est obligatoire."]
    assert page.texts("ul", id="id_population_error") == ["Assurez-vous que cette valeur est supérieure ou égale à 0."]
    assert (page.field_value("subkind"), page.field_value("departement"), page.field_value("population")) == (
        "parc naturel",
        [str(meuse.pk)],
        "-5",
    )
    assert not Territory.objects.filter(kind=Kind.OTHER).exists()


def test_a_body_cannot_be_added_twice_in_a_departement(organiser_client, registry):
    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")
    data = {"name": "SDIS de la Meuse", "subkind": "service départemental", "departement": meuse.pk}
    organiser_client.post(CREATE, data)

    page = Page(organiser_client.post(CREATE, {**data, "name": "SDIS de la meuse"}))

    assert page.texts("ul", id="id_name_error") == [
        "Un organisme public portant ce nom existe déjà dans ce département."
    ]
    assert Territory.objects.filter(kind=Kind.OTHER).count() == 1


def test_organiser_edits_competences_and_email_domains(organiser_client, organiser, nancy):
    page = Page(organiser_client.get(NANCY_SETTINGS))
    assert (page.checked("competences_missing"), page.field_value("email_domains")) == ([], "")

    response = organiser_client.post(
        NANCY_SETTINGS,
        {"competences_missing": ["schools"], "email_domains": "Mairie-Nancy.fr\r\n@nancy.fr\r\nnancy.fr\r\n"},
    )

    assert (response.status_code, response["Location"]) == (302, NANCY)
    nancy.refresh_from_db()
    assert (nancy.competences_missing, nancy.email_domains) == (["schools"], ["mairie-nancy.fr", "nancy.fr"])
    entry = AuditEntry.objects.get(action="territory.settings_changed")
    assert (entry.actor, entry.object_id, entry.data) == (
        organiser,
        str(nancy.pk),
        {
            "before": {"competences_missing": [], "email_domains": []},
            "after": {"competences_missing": ["schools"], "email_domains": ["mairie-nancy.fr", "nancy.fr"]},
        },
    )
    page = Page(organiser_client.get(NANCY))
    assert page.facts()["Domaines de messagerie"] == "mairie-nancy.fr, nancy.fr"
    assert (
        page.facts()["Compétences qu’il n’exerce pas"]
        == "Établissements scolaires (bâtiments et équipements des écoles, collèges ou lycées)"
    )


def test_settings_form_error_keeps_what_was_typed(organiser_client, nancy):
    response = organiser_client.post(
        NANCY_SETTINGS, {"competences_missing": ["schools"], "email_domains": "nancy.fr\r\nnot a domain"}
    )

    page = Page(response)
    assert response.status_code == 200
    assert page.texts("ul", id="id_email_domains_error") == ["Nom de domaine non valide : not a domain"]
    assert (page.checked("competences_missing"), page.field_value("email_domains")) == (
        ["schools"],
        "nancy.fr\r\nnot a domain",
    )
    nancy.refresh_from_db()
    assert nancy.email_domains == []
    assert not AuditEntry.objects.filter(action="territory.settings_changed").exists()


def test_saving_unchanged_settings_writes_no_audit_entry(organiser_client, nancy):
    organiser_client.post(NANCY_SETTINGS, {"email_domains": ""})

    assert not AuditEntry.objects.filter(action="territory.settings_changed").exists()
