import pytest

from tnl.territories.enums import Kind
from tnl.territories.models import Territory
from tnl.territories.normalize import query_words, search_key
from tnl.territories.search import search_territories


def names(query, **options):
    return [territory.display_name for territory in search_territories(query, **options)]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Vandœuvre-lès-Nancy", "vandoeuvre les nancy"),
        ("Saint-Dié-des-Vosges", "saint die des vosges"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Provence-Alpes-Côte d’Azur", "provence alpes cote d azur"),
        ("St-Avold", "saint avold"),
        ("  ÉPINAL ", "epinal"),
    ],
)
def test_search_key_folds_accents_ligatures_punctuation_and_saint(name, key):
    assert search_key(name) == key


def test_a_lone_st_stays_a_prefix_but_st_followed_by_a_word_means_saint():
    assert (query_words("St"), query_words("st dié"), query_words("Ste-Geneviève")) == (
        ["st"],
        ["saint", "die"],
        ["sainte", "genevieve"],
    )


NANCY_RESULTS = [
    "Nancy (54)",  # exact name
    "Métropole du Grand Nancy",  # a word starts with "nancy"; then by population
    "Vandœuvre-lès-Nancy (54)",
    "Villers-lès-Nancy (54)",
    "Essey-lès-Nancy (54)",
    "Laneuveville-devant-Nancy (54)",
    "Saulxures-lès-Nancy (54)",
    "Fléville-devant-Nancy (54)",
]


@pytest.mark.parametrize("query", ["nancy", "NANCY", " Nancy "])
def test_name_search_ignores_case_and_ranks_exact_then_word_start_then_population(registry, query):
    assert names(query) == NANCY_RESULTS


@pytest.mark.parametrize("query", ["vandoeuvre", "Vandœuvre-lès-Nancy", "VANDOEUVRE LES", "nancy vandoeuvre"])
def test_accents_ligatures_and_word_order_do_not_matter(registry, query):
    assert names(query) == ["Vandœuvre-lès-Nancy (54)"]


def test_prefix_matches_come_before_matches_inside_the_name(registry):
    assert names("saint") == [
        "Saint-Dié-des-Vosges (88)",
        "Saint-Max (54)",
        "Saint-Nicolas-de-Port (54)",
        "Sainte-Geneviève (54)",
        "Lay-Saint-Christophe (54)",
        "Pont-Saint-Vincent (54)",
    ]


@pytest.mark.parametrize("query", ["st die", "St-Dié", "saint die des vosges"])
def test_saint_may_be_abbreviated(registry, query):
    assert names(query) == ["Saint-Dié-des-Vosges (88)"]


def test_short_queries_only_match_word_starts(registry):
    assert names("jo") == ["Jœuf (54)"]


def test_insee_code_exact(registry):
    assert names("54395") == ["Nancy (54)"]


def test_insee_code_prefix_puts_the_exact_code_first_then_population(registry):
    assert names("54", limit=4) == ["Meurthe-et-Moselle (54)", "Nancy (54)", "Vandœuvre-lès-Nancy (54)", "Laxou (54)"]


def test_region_code(registry):
    assert names("44") == ["Grand Est"]


@pytest.mark.parametrize(
    ("siren", "expected"), [("215403957", ["Nancy (54)"]), ("245 400 676", ["Métropole du Grand Nancy"])]
)
def test_siren(registry, siren, expected):
    assert names(siren) == expected


def test_postal_code_finds_every_commune_it_serves(registry):
    assert names("54130") == ["Saint-Max (54)", "Dommartemont (54)"]
    assert names("54100") == ["Nancy (54)"]


def test_kinds_filter(registry):
    assert names("nancy", kinds=[Kind.EPCI]) == ["Métropole du Grand Nancy"]


def test_inactive_bodies_are_not_found(registry):
    Territory.objects.filter(code="54395").update(is_active=False)

    assert names("54395") == []
    assert "Nancy (54)" not in names("nancy")


def test_limit_and_empty_queries(registry):
    assert len(names("54", limit=5)) == 5
    assert names("") == names("  -  ") == names("xyzzy") == []


@pytest.mark.parametrize("query", ["nancy", "54", "54130", "215403957", "xyzzy"])
def test_one_query_whatever_the_number_of_results(registry, django_assert_num_queries, query):
    with django_assert_num_queries(1):
        for territory in search_territories(query):
            str(territory.departement)
