"""The laureates search page (/laureats/): filters, sorting, pagination, bad input, only what
is published, and a number of queries that does not grow with the results."""

import pytest
from django.urls import reverse

from tests.html import Page, client_for, count_queries
from tnl.publication.services import publish_edition, unpublish_edition

from .laureates_data import laureate, many, release
from .publishing import deliberated

URL = "/laureats/"


@pytest.fixture
def published(db):
    """Two live editions and a withdrawn one."""
    latest, older = release(2026), release(2025)
    laureate(latest, "Nancy", "54395", level=3, mentions=["mutualisation"], size_class="large")
    laureate(latest, "Saint-Dié-des-Vosges", "88413", level=1, departement=("88", "Vosges"))
    laureate(latest, "Région Grand Est", "44", level=4, kind="region", departement=None, size_class="")
    laureate(older, "Nancy", "54395", level=2)
    laureate(release(2024, withdrawn=True), "Toul", "54528", level=5)  # never shown: withdrawn
    return latest


def rows(response):
    ((_caption, body),) = Page(response).tables()
    return [(row[0], row[3], row[4]) for row in body]


def caption(response):
    return Page(response).tables()[0][0]


def test_every_live_laureate_is_listed_latest_edition_first(client, published):
    response = client.get(URL)
    assert rows(response) == [
        ("Région Grand Est", "Niveau 4 — Excellence", "2026"),
        ("Nancy (54) Mutualisation", "Niveau 3 — Engagement", "2026"),
        ("Saint-Dié-des-Vosges (88)", "Niveau 1 — Découverte", "2026"),
        ("Nancy (54)", "Niveau 2 — Progression", "2025"),
    ]
    assert caption(response) == "4 lauréats"
    page = Page(response)
    assert page.links("Nancy (54)") == ["/label/commune/54395/", "/label/commune/54395/"]
    assert page.links("Région Grand Est") == ["/label/region/44/"]


def test_the_links_go_to_the_english_body_pages_in_english(published):
    page = Page(client_for(None, "en").get(URL))
    assert page.links("Saint-Dié-des-Vosges (88)") == ["/en/label/commune/88413/"]
    assert page.tables()[0][0] == "4 laureates"


def test_the_filter_choices_come_from_the_published_data(client, published):
    page = Page(client.get(URL))
    assert page.select("#id_year option") == ["Toutes les éditions", "2026", "2025"]
    assert page.select("#id_level option") == [
        "Tous les niveaux",
        "Niveau 1 — Découverte",
        "Niveau 2 — Progression",
        "Niveau 3 — Engagement",
        "Niveau 4 — Excellence",
    ]
    assert page.select("#id_kind option") == ["Tous les types", "Commune", "Région"]
    assert page.select("#id_size_class option") == [
        "Toutes les tailles",
        "Moins de 3 500 habitants",
        "Plus de 100 000 habitants",
    ]
    assert page.select("#id_region option") == ["Toutes les régions", "Grand Est"]
    assert page.select("#id_departement option") == ["Tous les départements", "Meurthe-et-Moselle (54)", "Vosges (88)"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2025", ["Nancy (54)"]),
        ("level=3", ["Nancy (54) Mutualisation"]),
        ("kind=region", ["Région Grand Est"]),
        ("size_class=large", ["Nancy (54) Mutualisation"]),
        ("departement=88", ["Saint-Dié-des-Vosges (88)"]),
        (
            "region=44&year=2026&sort=name",
            ["Nancy (54) Mutualisation", "Région Grand Est", "Saint-Dié-des-Vosges (88)"],
        ),
        ("q=st+die", ["Saint-Dié-des-Vosges (88)"]),
        ("q=SAINT-DIE", ["Saint-Dié-des-Vosges (88)"]),
        ("q=nancy&year=2026", ["Nancy (54) Mutualisation"]),
    ],
)
def test_filters(client, published, query, expected):
    response = client.get(f"{URL}?{query}")
    assert [row[0] for row in rows(response)] == expected
    count = len(expected)
    assert caption(response) == (
        f"{count} lauréat correspond aux filtres" if count == 1 else f"{count} lauréats correspondent aux filtres"
    )


def test_the_form_keeps_the_chosen_filters(client, published):
    page = Page(client.get(f"{URL}?year=2026&level=3&q=nan&sort=name"))
    assert (page.field_value("year"), page.field_value("level"), page.field_value("q")) == (["2026"], ["3"], "nan")
    assert page.field_value("sort") == ["name"]
    assert page.select("#id_sort option")[:3] == [
        "Édition la plus récente d’abord",
        "Édition la plus ancienne d’abord",
        "Niveau le plus haut d’abord",
    ]


def test_nothing_matches(client, published):
    page = Page(client.get(f"{URL}?q=strasbourg"))
    assert page.tables() == []
    assert page.select("p[role=status]") == ["Aucun lauréat ne correspond à ces filtres. Voir tous les lauréats"]


def test_sorting_by_a_column_header(client, published):
    response = client.get(f"{URL}?year=2026&sort=name")
    assert [row[0] for row in rows(response)] == [
        "Nancy (54) Mutualisation",
        "Région Grand Est",
        "Saint-Dié-des-Vosges (88)",
    ]
    page = Page(response)
    headers = {node.text.rstrip(" ▲▼"): node.attrs.get("aria-sort") for node in page.main.select("thead th")}
    assert headers == {"Organisme": "ascending", "Type": None, "Département": None, "Niveau": None, "Édition": None}
    # The current column reverses; the others start in their natural direction; filters stay.
    assert page.links("Organisme ▲") == ["?year=2026&sort=-name"]
    assert page.links("Niveau") == ["?year=2026&sort=-level"]
    descending = client.get(f"{URL}?year=2026&sort=-level")
    assert [row[1] for row in rows(descending)] == [
        "Niveau 4 — Excellence",
        "Niveau 3 — Engagement",
        "Niveau 1 — Découverte",
    ]
    assert Page(descending).main.select_one("th[aria-sort]").text == "Niveau ▼"


def test_pagination_keeps_the_filters(client, db):
    many(release(2026), 120)
    first = client.get(f"{URL}?year=2026&sort=name")
    assert len(rows(first)) == 50
    assert caption(first) == "120 lauréats correspondent aux filtres · page 1 sur 3"
    assert Page(first).links("Page suivante") == ["?year=2026&sort=name&page=2"]
    assert Page(first).links("Dernière page") == ["?year=2026&sort=name&page=3"]
    last = client.get(f"{URL}?year=2026&sort=name&page=3")
    assert [row[0] for row in rows(last)][0] == "Commune 101 (54)"
    assert len(rows(last)) == 20
    assert Page(last).links("Page précédente") == ["?year=2026&sort=name&page=2"]
    assert Page(last).links("Première page") == ["?year=2026&sort=name"]
    assert Page(last).links("Page suivante") == []


def test_a_page_past_the_end(client, published):
    page = Page(client.get(f"{URL}?page=7"))
    assert page.tables() == []
    assert page.select("p[role=status]") == ["Cette page est au-delà de la fin de la liste. Première page"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("level=" + "9" * 200, "Le niveau est un nombre de 1 à 5."),
        ("year=" + "2" * 200, "Choisissez une édition dans la liste."),
        ("sort=population", "Ordre de tri inconnu\u00a0; les résultats sont triés par édition."),
        ("page=-1", "La page est un nombre positif."),
        ("page=" + "1" * 200, "La page est un nombre positif."),
        ("kind=planet", "Choisissez un type d’organisme dans la liste."),
        ("departement=%00", "Un code de département a 1 à 3 lettres ou chiffres."),
        ("q=" + "a" * 101, "Cherchez avec 100 caractères au plus."),
    ],
)
def test_bad_filters_are_explained_and_left_out(client, published, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = Page(response)
    assert page.select("div[role=alert] li") == [message]
    assert len(rows(response)) == 4  # the bad filter is ignored


def test_a_huge_page_size_is_capped(client, db):
    many(release(2026), 120)
    assert len(rows(client.get(f"{URL}?page_size=" + "9" * 200))) == 100
    assert len(rows(client.get(f"{URL}?page_size=10"))) == 10


def test_nothing_published_yet(client, db):
    page = Page(client.get(URL))
    assert page.select("p[role=status]") == ["Aucun résultat n’est encore publié."]


@pytest.mark.parametrize("role", ["visitor", "outsider", "member", "organiser"])
def test_everyone_sees_the_same_list_and_the_menu_link(published, user_for, role):
    response = client_for(user_for(role)).get(URL)
    assert [row[0] for row in rows(response)][:1] == ["Région Grand Est"]
    menu = Page(response).root.select_one("nav.main-nav")
    link = next(a for a in menu.find_all("a") if a.text == "Lauréats")
    assert (link.attrs["href"], link.attrs.get("aria-current")) == (reverse("publication:laureates"), "page")


def test_the_home_page_and_the_footer_link_to_it(client, db):
    page = Page(client.get("/"))
    assert page.links("Rechercher les organismes labellisés de toutes les éditions publiées") == [URL]
    footer = page.root.select_one("footer")
    assert [a.attrs["href"] for a in footer.find_all("a") if a.text == "API publique"] == ["/api/v1/docs"]


@pytest.mark.parametrize("count", [1, 30])
def test_a_constant_number_of_queries(client, db, count, django_assert_num_queries):
    live = release(2026)
    many(live, count)
    client.get(URL)  # the first visit after a publication reads the filters' values once
    with django_assert_num_queries(4):
        response = client.get(f"{URL}?sort=name")
    assert len(rows(response)) == count
    with django_assert_num_queries(5):  # the name search reads the names once
        response = client.get(f"{URL}?q=commune")
    assert len(rows(response)) == count


def test_only_published_results_are_shown(
    client, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    ready = deliberated(edition, organiser, submitted, other_submitted)
    assert rows_or_none(client.get(URL)) is None  # decided, not published: nothing
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    assert [row[0] for row in rows(client.get(URL))] == ["Nancy (54) Mutualisation"]  # Vandœuvre: level 0
    ready.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, ready, "A score was wrong")
    assert rows_or_none(client.get(URL)) is None
    assert Page(client.get(URL)).select("#id_year option") == ["Toutes les éditions"]


def rows_or_none(response):
    tables = Page(response).tables()
    return tables[0][1] if tables else None


def test_the_page_count(client, published):
    client.get(URL)
    assert count_queries(client, URL) == 4


def test_the_filters_values_are_read_once_per_published_state(client, published, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(4) as queries:
        client.get(f"{URL}?year=2025")
    assert not [query for query in queries.captured_queries if "DISTINCT" in query["sql"]]

    # A new release is another state: its values are read and offered at once.
    laureate(release(2027), "Conseil départemental des Vosges", "88", level=5, kind="departement", departement=None)
    page = Page(client.get(URL))
    assert page.select("#id_year option") == ["Toutes les éditions", "2027", "2026", "2025"]
    assert "Département" in page.select("#id_kind option")
    assert page.select("#id_level option")[-1] == "Niveau 5 — Référence"
