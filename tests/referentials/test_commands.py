"""import_referential, export_referential and diff_referentials, as an administrator runs them."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tnl.core.models import AuditEntry
from tnl.referentials.format import dump_referential, load_referential
from tnl.referentials.models import Referential

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "mini-referential.yaml"


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_the_referential_and_logs_it(db):
    out, _ = run("import_referential", str(MINI))
    assert out == "Imported mini-2026 (version 1, 3 questions)\n"
    referential = Referential.objects.get(code="mini-2026")
    assert referential.document == load_referential(MINI.read_bytes(), "mini")
    entry = AuditEntry.objects.get(action="referential.imported")
    assert (entry.actor, entry.summary) == (None, "mini-2026 from mini-referential.yaml")


def test_a_second_import_of_the_same_code_needs_update_and_then_bumps_the_version(db, tmp_path):
    run("import_referential", str(MINI))
    with pytest.raises(CommandError) as error:
        run("import_referential", str(MINI))
    assert error.value.returncode == 2
    assert str(error.value) == (
        "mini-referential.yaml: A referential with the code mini-2026 already exists; "
        "import it as an update to replace it."
    )
    changed = MINI.read_text().replace(
        "points: 10\n        evidence: required", "points: 12\n        evidence: required"
    )
    (tmp_path / "mini.yaml").write_text(changed)
    out, _ = run("import_referential", str(tmp_path / "mini.yaml"), "--update")
    assert out == "Imported mini-2026 (version 2, 3 questions)\n"
    assert AuditEntry.objects.get(action="referential.replaced").data["changes"] == [
        "Question STR-01: points changed from 10 to 12"
    ]


def test_a_malformed_file_exits_2_naming_file_path_and_expectation_and_imports_nothing(db, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(MINI.read_text().replace("kind: single", "kind: singel"))
    with pytest.raises(CommandError) as error:
        run("import_referential", str(bad))
    assert error.value.returncode == 2
    assert str(error.value).startswith("broken.yaml: axes[0].questions[1].kind: ")
    assert "singel" in str(error.value)
    assert not Referential.objects.exists()


def test_a_missing_file_exits_2(db, tmp_path):
    with pytest.raises(CommandError) as error:
        run("import_referential", str(tmp_path / "nowhere.yaml"))
    assert error.value.returncode == 2
    assert "nowhere.yaml: cannot read the file" in str(error.value)


def test_export_by_code_or_edition_year_gives_the_canonical_file(organiser, mini_referential, tmp_path):
    from tnl.editions.services import create_edition

    create_edition(organiser, 2027, mini_referential)
    out, _ = run("export_referential", "mini-2026")
    assert out == dump_referential(mini_referential.document, "yaml")
    run("export_referential", "2027", "--format", "json", "-o", str(tmp_path / "out.json"))
    exported = load_referential((tmp_path / "out.json").read_bytes(), "out.json")
    assert exported["code"] == "mini-2027"
    with pytest.raises(CommandError) as error:
        run("export_referential", "nope")
    assert (error.value.returncode, str(error.value)) == (
        2,
        "no referential with the code 'nope' (nor an edition of that year)",
    )


def test_diff_between_a_database_referential_and_a_file(mini_referential, tmp_path):
    changed = MINI.read_text().replace(
        "points: 10\n        evidence: required", "points: 12\n        evidence: required"
    )
    (tmp_path / "next.yaml").write_text(changed)
    out, err = run("diff_referentials", "mini-2026", str(tmp_path / "next.yaml"))
    assert out == "Question STR-01: points changed from 10 to 12\n"
    assert err == "1 change(s)\n"
    out, _ = run("diff_referentials", str(MINI), str(MINI))
    assert out == ""
