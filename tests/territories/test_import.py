import functools
import http.server
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import connections

from tests.territories.extract import edit_json
from tnl.core.models import AuditEntry
from tnl.territories.enums import Kind
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import RegistryImport, Territory

pytestmark = pytest.mark.django_db

FIRST_RUN = """Imported from {source} (registry import #{number}):
  regions: 5 created, 0 updated, 0 unchanged, 0 deactivated
  departements: 8 created, 0 updated, 0 unchanged, 0 deactivated
  epci: 4 created, 0 updated, 0 unchanged, 0 deactivated
  communes: 85 created, 0 updated, 0 unchanged, 0 deactivated
"""
SECOND_RUN = """Imported from {source} (registry import #{number}):
  regions: 0 created, 0 updated, 5 unchanged, 0 deactivated
  departements: 0 created, 0 updated, 8 unchanged, 0 deactivated
  epci: 0 created, 0 updated, 4 unchanged, 0 deactivated
  communes: 0 created, 0 updated, 85 unchanged, 0 deactivated
"""


def run_import(source, *args):
    out = StringIO()
    call_command("import_territories", str(source), *args, stdout=out)
    return out.getvalue()


def counts_by_kind():
    return {kind: Territory.objects.filter(kind=kind).count() for kind in Kind.values}


def test_import_of_the_extract_prints_the_counts_per_kind():
    output = run_import(EXTRACT_DIR)

    run = RegistryImport.objects.get()
    assert output == FIRST_RUN.format(source=EXTRACT_DIR, number=run.pk)
    assert counts_by_kind() == {"commune": 85, "epci": 4, "departement": 8, "region": 5, "other": 0}


def test_nancy_is_imported_with_its_links():
    run_import(EXTRACT_DIR)

    nancy = Territory.objects.select_related("epci", "departement", "region").get(kind=Kind.COMMUNE, code="54395")
    assert (nancy.name, nancy.display_name, nancy.siren, nancy.population) == (
        "Nancy",
        "Nancy (54)",
        "215403957",
        103671,
    )
    assert nancy.postal_codes == ["54000", "54100"]
    assert (nancy.epci.code, nancy.departement.code, nancy.region.code) == ("245400676", "54", "44")
    assert (nancy.search_name, nancy.competences_missing, nancy.email_domains, nancy.is_active) == (
        "nancy",
        [],
        [],
        True,
    )


def test_epci_departement_and_region_records():
    run_import(EXTRACT_DIR)

    metropole = Territory.objects.get(kind=Kind.EPCI, code="245400676")
    assert (metropole.name, metropole.siren, metropole.epci_type, metropole.population) == (
        "Métropole du Grand Nancy",
        "245400676",
        "METRO",
        258208,
    )
    assert (metropole.departement.code, metropole.region.code) == ("54", "44")
    assert metropole.competences_missing == ["schools"]
    assert metropole.member_communes.count() == 20
    departement = Territory.objects.get(kind=Kind.DEPARTEMENT, code="54")
    assert (departement.display_name, departement.region.name, departement.population, departement.siren) == (
        "Meurthe-et-Moselle (54)",
        "Grand Est",
        None,
        None,
    )
    assert departement.competences_missing == []


def test_only_current_communes_are_imported():
    run_import(EXTRACT_DIR)

    # 54099 is both Val de Briey (commune actuelle) and Briey (commune déléguée) in the data.
    val_de_briey = Territory.objects.get(kind=Kind.COMMUNE, code="54099")
    assert (val_de_briey.name, val_de_briey.epci) == ("Val de Briey", None)
    assert not Territory.objects.filter(code__in=["54341", "75101"]).exists()  # déléguée, arrondissement


def test_import_writes_one_audit_entry_by_the_system():
    run_import(EXTRACT_DIR)

    entry = AuditEntry.objects.get()
    run = RegistryImport.objects.get()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "registry.imported",
        None,
        "territories.registryimport",
        str(run.pk),
    )
    assert entry.data["counts"]["commune"] == {
        "created": 85,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
    }


def test_second_run_changes_nothing():
    run_import(EXTRACT_DIR)
    before = dict(Territory.objects.values_list("pk", "updated_at"))

    output = run_import(EXTRACT_DIR)

    assert output == SECOND_RUN.format(source=EXTRACT_DIR, number=RegistryImport.objects.first().pk)
    assert counts_by_kind() == {"commune": 85, "epci": 4, "departement": 8, "region": 5, "other": 0}
    assert dict(Territory.objects.values_list("pk", "updated_at")) == before


def test_changed_population_is_updated_and_organiser_settings_are_kept(extract_copy):
    run_import(extract_copy)
    Territory.objects.filter(code="54395").update(competences_missing=["schools"], email_domains=["nancy.fr"])
    imported_at = Territory.objects.get(kind=Kind.COMMUNE, code="54395").updated_at

    def grow_nancy(records):
        next(r for r in records if r["code"] == "54395")["population"] = 104000

    edit_json(extract_copy / "communes.json", grow_nancy)
    output = run_import(extract_copy)

    assert "  communes: 0 created, 1 updated, 84 unchanged, 0 deactivated\n" in output
    nancy = Territory.objects.get(kind=Kind.COMMUNE, code="54395")
    assert (nancy.population, nancy.competences_missing, nancy.email_domains) == (104000, ["schools"], ["nancy.fr"])
    assert nancy.updated_at > imported_at


def test_a_commune_missing_from_a_new_import_is_deactivated_then_reactivated(extract_copy):
    communes = extract_copy / "communes.json"
    original = communes.read_text(encoding="utf-8")
    run_import(extract_copy)

    edit_json(communes, lambda records: records.remove(next(r for r in records if r["code"] == "54001")))
    output = run_import(extract_copy)

    assert "  communes: 0 created, 0 updated, 84 unchanged, 1 deactivated\n" in output
    abaucourt = Territory.objects.get(kind=Kind.COMMUNE, code="54001")
    assert (abaucourt.name, abaucourt.is_active) == ("Abaucourt", False)

    communes.write_text(original, encoding="utf-8")
    output = run_import(extract_copy)

    assert "  communes: 0 created, 1 updated, 84 unchanged, 0 deactivated\n" in output
    assert Territory.objects.get(kind=Kind.COMMUNE, code="54001").is_active is True


def test_only_option_limits_the_kinds(extract_copy):
    output = run_import(extract_copy, "--only", "departements,regions")

    assert output.splitlines()[1:] == [
        "  regions: 5 created, 0 updated, 0 unchanged, 0 deactivated",
        "  departements: 8 created, 0 updated, 0 unchanged, 0 deactivated",
    ]
    assert counts_by_kind() == {"commune": 0, "epci": 0, "departement": 8, "region": 5, "other": 0}


def test_unknown_only_kind_is_refused():
    with pytest.raises(CommandError) as error:
        run_import(EXTRACT_DIR, "--only", "towns")

    assert str(error.value) == "--only: unknown kind towns (choose among regions, departements, epci, communes)"


# Malformed input: exit status 2, the message names the file and the record, nothing is written.


def assert_refused(source, message):
    with pytest.raises(CommandError) as error:
        run_import(source)
    assert (error.value.returncode, str(error.value)) == (2, f"{message}\nNothing was imported.")
    assert Territory.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_bad_json_is_refused(extract_copy):
    path = extract_copy / "communes.json"
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_import(extract_copy)

    assert error.value.returncode == 2
    assert str(error.value).startswith("communes.json: not valid JSON (")
    assert Territory.objects.count() == 0


def test_missing_field_is_refused_naming_the_record(extract_copy):
    edit_json(extract_copy / "communes.json", lambda records: records[2].pop("nom"))

    assert_refused(extract_copy, "communes.json, record 3 (code '54006'): field 'nom' is missing")


def test_wrong_type_is_refused_naming_the_record(extract_copy):
    def break_population(records):
        next(r for r in records if r["code"] == "245400676")["populationMunicipale"] = "many"

    edit_json(extract_copy / "epci.json", break_population)

    assert_refused(
        extract_copy,
        "epci.json, record 4 (code '245400676'): field 'populationMunicipale' must be a whole number, not 'many'",
    )


def test_duplicate_code_is_refused(extract_copy):
    edit_json(extract_copy / "departements.json", lambda records: records.append(dict(records[1])))

    assert_refused(extract_copy, "departements.json, record 9 (code '54'): the same code appears in an earlier record")


def test_missing_file_is_refused(extract_copy):
    (extract_copy / "epci.json").unlink()

    assert_refused(extract_copy, f"epci.json: cannot be read from {extract_copy} (No such file or directory)")


def test_exit_status_is_2_from_the_command_line(extract_copy, monkeypatch, capsys):
    edit_json(extract_copy / "regions.json", lambda records: records.append("Grand Est"))
    # The command closes the connections when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        call_command_line("import_territories", str(extract_copy))

    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "CommandError: regions.json, record 6: is not a JSON object\nNothing was imported.\n"
    )
    assert Territory.objects.count() == 0


def call_command_line(*argv):
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", *argv, "--skip-checks"]).execute()


# Import from a URL, served by a real HTTP server on a free local port.


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def served_extract():
    handler = functools.partial(_QuietHandler, directory=str(EXTRACT_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_import_from_a_url(served_extract):
    output = run_import(served_extract + "/")

    assert output == FIRST_RUN.format(source=served_extract + "/", number=RegistryImport.objects.get().pk)
    assert Territory.objects.get(kind=Kind.COMMUNE, code="54395").population == 103671


def test_url_without_the_files_is_refused(served_extract):
    assert_refused(f"{served_extract}/nowhere", f"{served_extract}/nowhere/regions.json: HTTP error 404 File not found")
