"""The open-data files of each live release (CSV, JSON, Data Package) and the page that lists them."""

import csv
import io
import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from tnl.publication import paths
from tnl.publication.models import PublishedResult, Release
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import Build, build_site, current_folder
from tnl.territories.models import Territory

from .publishing import deliberated

HEADER = (
    "year,kind,code,siren,name,display_name,departement_code,departement_name,region_code,region_name,"
    "size_class,population,level,level_label_fr,level_label_en,global_percent,"
    "axis_str_percent,axis_int_percent,axis_log_percent,axis_don_percent,axis_com_percent,"
    "mention_codes,mention_labels_fr,mention_labels_en,imported,credential_id"
)
LICENSE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence 2.0",
}


@pytest.fixture
def published(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    ready = deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    return ready


def read(path, mode="r"):
    target = current_folder() / paths.file_for(path)
    data = target.read_bytes()
    return data if mode == "rb" else data.decode("utf-8")


def exists(path):
    folder = current_folder()
    return folder is not None and (folder / paths.file_for(path)).is_file()


def test_the_csv_has_one_row_per_labelled_body(published, nancy):
    result = PublishedResult.objects.get()
    text = read(paths.open_data(published.year, "results.csv"))
    lines = text.split("\r\n")
    assert lines[0] == HEADER
    assert lines[2:] == [""]  # one row, then the final line end; no byte order mark
    axes = {axis["code"]: axis["percent"] for axis in result.axes}
    expected = [
        str(published.year),
        "commune",
        "54395",
        nancy.siren or "",
        "Nancy",
        "Nancy (54)",
        "54",
        result.departement_name,
        result.region_code,
        result.region_name,
        result.size_class,
        str(nancy.population),
        "1",
        "Niveau 1 — Découverte",
        "Level 1 — Discovery",
        str(result.global_percent),
        *[axes[code] for code in ("STR", "INT", "LOG", "DON", "COM")],
        "mutualisation",
        "Mutualisation",
        "Pooling",
        "false",
        str(result.credential_id),
    ]
    assert next(csv.reader(io.StringIO(lines[1]))) == expected
    assert "Vandœuvre" not in text  # level 0: never named


def test_the_json_holds_the_same_rows_and_the_licence(published):
    result = PublishedResult.objects.get()
    document = json.loads(read(paths.open_data(published.year, "results.json")))
    assert document["license"] == LICENSE
    assert (document["year"], document["publication"], document["imported"]) == (published.year, 1, False)
    assert document["schema"] == "datapackage.json"
    [row] = document["results"]
    assert row["code"] == "54395" and row["level"] == 1 and row["imported"] is False
    assert row["global_percent"] == float(result.global_percent)
    assert row["mention_codes"] == "mutualisation"
    assert row["population"] == result.population
    assert list(row) == HEADER.split(",")


def _parse(field, text):
    """A cell read by the rules of Table Schema for the types we use (empty is missing)."""
    if text == "":
        assert not field.get("constraints", {}).get("required"), field["name"]
        return None
    kind = field["type"]
    if kind == "integer":
        value = int(text)
    elif kind == "number":
        value = Decimal(text)
    elif kind == "boolean":
        assert text in ("true", "false")
        return text == "true"
    else:
        value = text
        if field.get("format") == "uuid":
            uuid.UUID(text)
    constraints = field.get("constraints", {})
    if "minimum" in constraints:
        assert value >= constraints["minimum"]
    if "maximum" in constraints:
        assert value <= constraints["maximum"]
    if "enum" in constraints:
        assert value in constraints["enum"]
    return value


def test_the_datapackage_describes_the_files(published):
    package = json.loads(read(paths.open_data(published.year, "datapackage.json")))
    assert package["licenses"] == [LICENSE]
    assert package["profile"] == "data-package" and package["name"] == f"tnl-results-{published.year}"
    resource = package["resources"][0]
    assert (resource["path"], resource["format"], resource["encoding"]) == ("results.csv", "csv", "utf-8")
    table = resource["schema"]
    assert [field["name"] for field in table["fields"]] == HEADER.split(",")
    assert table["primaryKey"] == ["kind", "code"]
    level = next(field for field in table["fields"] if field["name"] == "level")
    assert level["constraints"] == {"required": True, "minimum": 1, "maximum": 5}
    assert all(field["title"] and field["description"] for field in table["fields"])
    data = read(paths.open_data(published.year, "results.csv"), "rb")
    assert resource["bytes"] == len(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == [field["name"] for field in table["fields"]]
    for row in rows[1:]:
        for field, text in zip(table["fields"], row, strict=True):
            _parse(field, text)
    assert package["resources"][1]["path"] == "results.json"


def test_the_all_editions_file_and_the_page(published):
    text = read(paths.open_data_all("results-all.csv"))
    assert text.split("\r\n")[0] == HEADER
    assert text.count("\r\n") == 2
    french = read(paths.open_data_index("fr"))
    english = read(paths.open_data_index("en"))
    assert f'href="/donnees/{published.year}/results.csv"' in french
    assert "Licence Ouverte / Open Licence 2.0" in french and "Licence Ouverte / Open Licence 2.0" in english
    assert f'<th scope="row">{published.year}</th>' in french and f'<th scope="row">{published.year}</th>' in english
    assert "level_label_fr" in french and "Niveau attribué, de 1 (le plus bas) à 5 (le plus haut)." in french
    assert f"results of the {published.year} edition, Licence Ouverte / Open Licence 2.0, http" in english
    assert 'href="/en/open-data/"' in french and 'href="/donnees/"' in english  # language switch


def test_formula_cells_are_neutralised(db, registry):
    body = Territory.objects.create(kind="other", code="X-formula", name='=HYPERLINK("http://evil.example","x")')
    release = Release.objects.create(year=2019, imported=True, published_at=timezone.now())
    PublishedResult.objects.create(
        release=release,
        year=2019,
        territory=body,
        kind="other",
        code=body.code,
        name=body.name,
        display_name=body.name,
        level=2,
        level_label={"fr": "Niveau 2", "en": "Level 2"},
        mentions=[{"code": "x", "label": {"fr": "+cmd", "en": "@sum"}}],
        imported=True,
    )
    build_site()
    rows = list(csv.reader(io.StringIO(read(paths.open_data(2019, "results.csv")))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert (row["mention_labels_fr"], row["mention_labels_en"]) == ("'+cmd", "'@sum")
    assert (row["imported"], row["global_percent"]) == ("true", "")
    assert not [name for name in rows[0] if name.startswith("axis_")]  # imported: no axis scores
    document = json.loads(read(paths.open_data(2019, "results.json")))
    assert document["results"][0]["name"] == body.name  # JSON keeps the text as it is


def test_the_files_go_with_a_withdrawal(published, organiser, django_capture_on_commit_callbacks):
    year = published.year
    assert exists(paths.open_data(year, "results.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, published, "A wrong level")
    for name in ("results.csv", "results.json", "datapackage.json"):
        assert not exists(paths.open_data(year, name))
    assert not exists(paths.open_data_all("results-all.csv"))
    assert "Aucun résultat n’est encore publié." in read(paths.open_data_index("fr"))


def test_the_footer_links_to_the_open_data(client):
    assert 'href="/donnees/">Données ouvertes</a>' in client.get("/aide/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'href="/en/open-data/">Open data</a>' in client.get("/aide/").content.decode()


@pytest.mark.parametrize("path", ["", "index.html"])
def test_no_build_writes_a_root_index(db, tmp_path, path):
    # "/" is the dynamic home page: nginx's try_files must never find a file for it.
    with pytest.raises(ValueError, match="no root index.html"):
        Build(tmp_path, 0).write(path, "<p>home</p>")
    assert not (tmp_path / "index.html").exists()
