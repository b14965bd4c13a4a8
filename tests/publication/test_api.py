"""The public JSON API (/api/v1/): editions, results with the page's filters, a body's labels,
JSON errors, the rate limit, only published data, and constant query counts."""

import pytest

from tests.html import Page
from tnl.publication.services import publish_edition, unpublish_edition

from .laureates_data import laureate, many, release
from .publishing import HIGHLIGHT, deliberated

LICENCE = "Licence Ouverte 2.0 (Etalab), https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@pytest.fixture
def published(db):
    latest, older = release(2026), release(2025)
    laureate(latest, "Nancy", "54395", level=3, mentions=["mutualisation"], size_class="large")
    laureate(latest, "Saint-Dié-des-Vosges", "88413", level=1, departement=("88", "Vosges"))
    laureate(latest, "Région Grand Est", "44", level=4, kind="region", departement=None, size_class="")
    laureate(older, "Nancy", "54395", level=2)
    laureate(release(2024, withdrawn=True), "Toul", "54528", level=5)
    return latest


def names(response):
    return [item["display_name"] for item in response.json()["results"]]


def test_editions_lists_the_live_releases(client, published):
    response = client.get("/api/v1/editions")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["count"] == 2 and data["licence"] == LICENCE
    latest = data["results"][0]
    assert (latest["year"], latest["publication"], latest["participation"], latest["laureates"]) == (2026, 1, 12, 3)
    assert latest["dates"] == {"opens_at": "2026-01-15T09:00:00+00:00", "closes_at": None, "ceremony_on": "2026-11-20"}
    assert [(item["level"], item["label"]["fr"], item["count"]) for item in latest["levels"]] == [
        (4, "Niveau 4 — Excellence", 1),
        (3, "Niveau 3 — Engagement", 1),
        (1, "Niveau 1 — Découverte", 1),
    ]
    assert latest["links"] == {
        "results": "/api/v1/editions/2026/results",
        "page_fr": "/palmares/2026/",
        "page_en": "/en/results/2026/",
        "laureates": "/laureats/?year=2026",
    }
    assert [item["year"] for item in data["results"]] == [2026, 2025]


def test_results_of_an_edition(client, published):
    data = client.get("/api/v1/editions/2026/results").json()
    assert (data["year"], data["count"], data["page"], data["pages"], data["page_size"]) == (2026, 3, 1, 1, 50)
    assert (data["next"], data["previous"]) == (None, None)
    assert names(client.get("/api/v1/editions/2026/results")) == [
        "Région Grand Est",
        "Nancy (54)",
        "Saint-Dié-des-Vosges (88)",
    ]
    nancy = data["results"][1]
    assert nancy == {
        "year": 2026,
        "kind": "commune",
        "code": "54395",
        "name": "Nancy",
        "display_name": "Nancy (54)",
        "siren": "",
        "population": 1000,
        "size_class": "large",
        "departement": {"code": "54", "name": "Meurthe-et-Moselle"},
        "region": {"code": "44", "name": "Grand Est"},
        "level": 3,
        "level_label": {"fr": "Niveau 3 — Engagement", "en": "Level 3 — Commitment"},
        "global_percent": 62.5,
        "axes": [{"code": "STR", "title": {"fr": "Stratégie", "en": "Strategy"}, "percent": 62.5}],
        "mentions": [{"code": "mutualisation", "label": {"fr": "Mutualisation", "en": "Mutualisation"}}],
        "highlight": "",
        "links": {
            "page_fr": "/label/commune/54395/",
            "page_en": "/en/label/commune/54395/",
            "api": "/api/v1/bodies/commune/54395",
        },
    }
    assert data["results"][0]["departement"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=3", ["Nancy (54)"]),
        ("kind=region", ["Région Grand Est"]),
        ("size_class=large", ["Nancy (54)"]),
        ("departement=88", ["Saint-Dié-des-Vosges (88)"]),
        ("region=44&sort=name", ["Nancy (54)", "Région Grand Est", "Saint-Dié-des-Vosges (88)"]),
        ("q=st%20die", ["Saint-Dié-des-Vosges (88)"]),
        ("sort=-name", ["Saint-Dié-des-Vosges (88)", "Région Grand Est", "Nancy (54)"]),
        ("sort=level", ["Saint-Dié-des-Vosges (88)", "Nancy (54)", "Région Grand Est"]),
    ],
)
def test_results_filters_and_sorting(client, published, query, expected):
    assert names(client.get(f"/api/v1/editions/2026/results?{query}")) == expected


def test_pagination_links(client, db):
    many(release(2026), 120)
    first = client.get("/api/v1/editions/2026/results?sort=name&page_size=50&level=2").json()
    assert (first["count"], first["pages"], len(first["results"])) == (120, 3, 50)
    assert first["next"] == "/api/v1/editions/2026/results?level=2&sort=name&page=2"
    assert first["previous"] is None
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [item["name"] for item in last["results"]][:1] == ["Commune 101"]
    assert (last["next"], last["previous"]) == (None, "/api/v1/editions/2026/results?level=2&sort=name&page=2")
    beyond = client.get("/api/v1/editions/2026/results?page=9").json()
    assert (beyond["results"], beyond["previous"], beyond["next"]) == (
        [],
        "/api/v1/editions/2026/results?page=3",
        None,
    )


def test_a_huge_page_size_is_capped(client, db):
    many(release(2026), 120)
    data = client.get("/api/v1/editions/2026/results?page_size=" + "9" * 200).json()
    assert (data["page_size"], len(data["results"])) == (100, 100)
    assert data["next"] == "/api/v1/editions/2026/results?page=2&page_size=100"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=" + "9" * 200, "level"),
        ("level=0", "level"),
        ("sort=population", "sort"),
        ("page=-1", "page"),
        ("page=" + "1" * 200, "page"),
        ("page_size=0", "page_size"),
        ("kind=planet", "kind"),
        ("departement=%00", "departement"),
        ("region=1234", "region"),
        ("q=" + "a" * 101, "q"),
    ],
)
def test_bad_parameters_are_422_with_a_message(client, published, query, parameter):
    response = client.get(f"/api/v1/editions/2026/results?{query}")
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Invalid parameters."
    assert list(data["errors"]) == [parameter]


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/editions/2024/results", "No published edition for 2024."),  # withdrawn
        ("/api/v1/editions/2030/results", "No published edition for 2030."),
        ("/api/v1/editions/" + "2" * 200 + "/results", "No published edition for " + "2" * 200 + "."),
        ("/api/v1/bodies/commune/54528", "No labelled body with this kind and code."),  # withdrawn only
        ("/api/v1/bodies/planet/54395", "No labelled body with this kind and code."),
        ("/api/v1/bodies/commune/..%2F..", "Not Found"),
        ("/api/v1/bodies/commune/%C3%A9%00", "No labelled body with this kind and code."),
        ("/api/v1/nothing", "Not Found"),
    ],
)
def test_unknown_things_are_404_in_json(client, published, url, detail):
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, {"detail": detail})


def test_a_body_and_its_labels(client, published):
    data = client.get("/api/v1/bodies/commune/54395").json()
    assert (data["display_name"], data["departement"], data["licence"]) == (
        "Nancy (54)",
        {"code": "54", "name": "Meurthe-et-Moselle"},
        LICENCE,
    )
    assert [(label["year"], label["level"], [m["code"] for m in label["mentions"]]) for label in data["labels"]] == [
        (2026, 3, ["mutualisation"]),
        (2025, 2, []),
    ]
    assert data["links"]["page_en"] == "/en/label/commune/54395/"


def test_the_rate_limit(client, published, settings):
    settings.TNL_API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/v1/editions").status_code == 200
    response = client.get("/api/v1/editions/2026/results?level=abc")  # every request counts
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    assert response.json() == {
        "detail": f"Too many requests: try again in {retry_after} seconds.",
        "retry_after": retry_after,
    }
    # Another client address has its own window.
    assert client.get("/api/v1/editions", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_rate_limit_believes_only_trusted_proxies(client, published, settings):
    settings.TNL_API_RATE_LIMIT = 1
    settings.TNL_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/api/v1/editions", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get("/api/v1/editions", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/api/v1/editions", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    # From an untrusted address, X-Forwarded-For is ignored: the address itself is counted.
    untrusted = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/api/v1/editions", HTTP_X_FORWARDED_FOR="1.1.1.1", **untrusted).status_code == 200
    assert client.get("/api/v1/editions", HTTP_X_FORWARDED_FOR="2.2.2.2", **untrusted).status_code == 429


def test_openapi_document_and_docs_page(client, published):
    schema = client.get("/api/v1/openapi.json").json()
    assert sorted(schema["paths"]) == [
        "/api/v1/bodies/{kind}/{code}",
        "/api/v1/editions",
        "/api/v1/editions/{year}/results",
    ]
    page = Page(client.get("/api/v1/docs"))
    assert page.texts("h1") == ["API publique"]
    assert [row[0] for row in page.tables()[0][1]] == [
        "GET /api/v1/editions",
        "GET /api/v1/editions/{year}/results",
        "GET /api/v1/bodies/{kind}/{code}",
    ]
    assert page.links("/api/v1/editions/2026/results?level=3&sort=name") == [
        "/api/v1/editions/2026/results?level=3&sort=name"
    ]
    assert page.links("document OpenAPI") == ["/api/v1/openapi.json"]
    assert client.get("/api/v1/").json()["docs"] == "/api/v1/docs"


@pytest.mark.parametrize("count", [1, 30])
def test_constant_query_counts(client, db, count, django_assert_num_queries, settings):
    settings.TNL_API_RATE_LIMIT = 0  # the counter's own queries (in the database cache) left out
    live = release(2026)
    many(live, count)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/editions").json()["results"]) == 1
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/editions/2026/results").json()["results"]) == count
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/editions/2026/results?q=commune").json()["results"]) == count
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/bodies/commune/99001").json()["labels"]) == 1


def test_only_published_results(
    client, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    ready = deliberated(edition, organiser, submitted, other_submitted)
    year = ready.year
    assert client.get("/api/v1/editions").json() == {"count": 0, "results": [], "licence": LICENCE}
    assert client.get(f"/api/v1/editions/{year}/results").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    data = client.get(f"/api/v1/editions/{year}/results").json()
    assert [(item["display_name"], item["level"], item["highlight"]) for item in data["results"]] == [
        ("Nancy (54)", 1, HIGHLIGHT)
    ]  # Vandœuvre, level 0, is never named
    assert client.get("/api/v1/bodies/commune/54547").status_code == 404
    ready.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, ready, "A score was wrong")
    assert client.get(f"/api/v1/editions/{year}/results").json() == {"detail": f"No published edition for {year}."}
    assert client.get("/api/v1/bodies/commune/54395").status_code == 404
    assert client.get("/api/v1/editions").json()["count"] == 0


def test_the_api_and_the_laureates_page_never_import_dossiers_or_the_jury():
    """Embargo by construction: the modules behind the API and the laureates page import the
    published snapshot, never dossiers, reviews, decisions or editions."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "tnl"
    files = [
        *sorted((root / "api").glob("*.py")),
        root / "publication/laureates.py",
        root / "publication/laureates_views.py",
    ]
    imported = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    forbidden = {
        name for name in imported if name.split(".")[:2] in (["tnl", "dossiers"], ["tnl", "jury"], ["tnl", "editions"])
    }
    assert forbidden == set()
    assert "tnl.publication.models" in imported
