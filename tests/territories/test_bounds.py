"""Values the database or the next step cannot take are refused with a clear message: huge
populations in the organisers' forms and in the registry files, over-long texts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.territories.extract import edit_json
from tnl.core.models import AuditEntry
from tnl.territories.enums import MAX_POPULATION, Kind
from tnl.territories.models import Territory

from .page import Page

pytestmark = pytest.mark.django_db

CREATE = "/territoires/organismes/nouveau/"
NANCY_SETTINGS = "/territoires/commune/54395/parametres/"


TOO_LARGE = "Assurez-vous que cette valeur est inférieure ou égale à 100000000."


@pytest.mark.parametrize(
    ("population", "error"),
    [
        (str(10**20), TOO_LARGE),
        (str(MAX_POPULATION + 1), TOO_LARGE),
        ("9" * 5000, "Saisissez un nombre entier."),  # too long for Python to read as a number
    ],
)
def test_a_huge_population_is_refused_on_the_other_body_form(organiser_client, registry, population, error):
    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")

    response = organiser_client.post(
        CREATE, {"name": "SDIS", "subkind": "service", "departement": meuse.pk, "population": population}
    )

    assert response.status_code == 200
    assert Page(response).texts("ul", id="id_population_error") == [error]
    assert not Territory.objects.filter(kind=Kind.OTHER).exists()


def test_the_largest_population_allowed_is_saved(organiser_client, registry):
    meuse = Territory.objects.get(kind=Kind.DEPARTEMENT, code="55")
    organiser_client.post(
        CREATE, {"name": "SDIS", "subkind": "service", "departement": meuse.pk, "population": str(MAX_POPULATION)}
    )
    assert Territory.objects.get(kind=Kind.OTHER).population == MAX_POPULATION


def test_over_long_e_mail_domains_are_refused(organiser_client, nancy):
    domains = "\r\n".join(f"mairie-{number:04}.fr" for number in range(200))  # 3,000 characters

    page = Page(organiser_client.post(NANCY_SETTINGS, {"email_domains": domains}))

    assert page.texts("ul", id="id_email_domains_error") == [
        f"Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement {len(domains)})."
    ]
    nancy.refresh_from_db()
    assert nancy.email_domains == []


# The registry import ---------------------------------------------------------------------------------


def assert_refused(source, message):
    with pytest.raises(CommandError) as error:
        call_command("import_territories", str(source), stdout=StringIO())
    assert (error.value.returncode, str(error.value)) == (2, f"{message}\nNothing was imported.")
    assert Territory.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def set_epci_population(value):
    def change(records):
        next(r for r in records if r["code"] == "245400676")["populationMunicipale"] = value

    return change


def test_a_huge_population_in_the_files_is_refused(extract_copy):
    edit_json(extract_copy / "epci.json", set_epci_population(10**20))

    assert_refused(
        extract_copy,
        "epci.json, record 4 (code '245400676'): field 'populationMunicipale' is larger than 100,000,000: "
        "100000000000000000000",
    )


def test_a_number_of_hundreds_of_digits_is_named_by_its_size(extract_copy):
    edit_json(extract_copy / "epci.json", set_epci_population(10**300))

    assert_refused(
        extract_copy,
        "epci.json, record 4 (code '245400676'): field 'populationMunicipale' is larger than 100,000,000: "
        "a number of 301 digits",
    )


def test_a_number_too_long_for_python_is_refused(extract_copy):
    path = extract_copy / "regions.json"
    path.write_text('[{"code": "44", "nom": "Grand Est", "population": ' + "9" * 5000 + "}]", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_territories", str(extract_copy), stdout=StringIO())

    assert error.value.returncode == 2
    assert str(error.value).startswith("regions.json: not valid JSON (Exceeds the limit (4300 digits)")
    assert Territory.objects.count() == 0


def test_a_huge_population_of_an_epci_member_is_refused(extract_copy):
    def change(records):
        next(r for r in records if r["code"] == "245400676")["membres"][0]["populationMunicipale"] = 10**20

    edit_json(extract_copy / "epci.json", change)

    assert_refused(
        extract_copy,
        "epci.json, record 4 (code '245400676'): field 'populationMunicipale' is larger than 100,000,000: "
        "100000000000000000000",
    )


def test_deeply_nested_json_is_refused(extract_copy):
    (extract_copy / "departements.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    assert_refused(extract_copy, "departements.json: not a registry file (arrays or objects nested too deeply)")


def test_a_deeply_nested_field_is_quoted_short(extract_copy):
    def change(records):
        records[0]["nom"] = [[[[[[[["Grand Est" * 50]]]]]]]]

    edit_json(extract_copy / "regions.json", change)

    with pytest.raises(CommandError) as error:
        call_command("import_territories", str(extract_copy), stdout=StringIO())
    message = str(error.value)
    assert message.startswith("regions.json, record 1 (code '01'): field 'nom' must be a non-empty text, not [[[[[[[[")
    assert message.endswith("Grand…\nNothing was imported.")
    assert len(message) < 200
