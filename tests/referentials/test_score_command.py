import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.referentials import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
REFERENTIAL, DOSSIER = str(FIXTURES / "small.yaml"), str(FIXTURES / "nancy.json")


def run(*args):
    out = io.StringIO()
    call_command("score", *args, stdout=out)
    return out.getvalue()


def bad_dossier(tmp_path):
    doc = json.loads(Path(DOSSIER).read_text())
    doc["answers"]["STR-02"]["value"] = "maybe"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    return path


def test_json_output_is_the_result_object():
    assert json.loads(run(REFERENTIAL, DOSSIER, "--json")) == json.loads((FIXTURES / "nancy.result.json").read_text())


def test_json_output_in_the_contract_shape():
    data = json.loads(run(REFERENTIAL, DOSSIER, "--json"))
    assert list(data) == [
        "referential", "size_class", "level", "level_label", "global_percent", "axes", "questions", "next_level",
    ]  # fmt: skip
    assert (data["level"], data["global_percent"], data["next_level"]) == (
        2,
        "70.6",
        {"level": 3, "missing": ["requires COM-10"]},
    )
    assert data["axes"]["DON"] == {"points": "17.5", "potential": "25", "percent": "70.0"}
    assert data["questions"]["COM-12"] == {"points": "0", "potential": "0", "status": "not_applicable"}


def test_table_output():
    with translation.override("en"):
        lines = run(REFERENTIAL, DOSSIER).splitlines()
    assert "Level: 2 (Engagement)" in lines
    assert "Global: 44.5 / 63 = 70.6 %" in lines
    assert "Missing for level 3: requires COM-10" in lines
    assert "DON  Données          17.5         25  70.0 %" in lines
    assert "  COM-10                 0          6  unanswered" in lines


def test_malformed_dossier_exits_2_naming_file_and_path(tmp_path):
    path = bad_dossier(tmp_path)
    with pytest.raises(CommandError) as info:
        run(REFERENTIAL, str(path))
    assert info.value.returncode == 2
    assert str(info.value) == f'{path}: answers.STR-02.value: one of: none, elected, technical, both (got "maybe")'


def test_malformed_referential_exits_2(tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(
        Path(REFERENTIAL).read_text().replace("points: 15\n        evidence", "point: 15\n        evidence")
    )
    with pytest.raises(CommandError) as info:
        run(str(path), DOSSIER)
    assert info.value.returncode == 2
    assert str(info.value).startswith(f"{path}: axes[0].questions[0].point: unknown field")


def test_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as info:
        run(REFERENTIAL, str(tmp_path / "nope.json"))
    assert info.value.returncode == 2
    assert str(info.value) == f"{tmp_path / 'nope.json'}: no such file"


def manage(*args):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # nothing listens there
        "DJANGO_SECRET_KEY": "a-key-for-this-test-only-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "tnl.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "score", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_command_needs_no_database():
    done = manage(REFERENTIAL, DOSSIER, "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == json.loads((FIXTURES / "nancy.result.json").read_text())


def test_command_line_exit_status_and_stderr_on_a_malformed_file(tmp_path):
    path = bad_dossier(tmp_path)
    done = manage(REFERENTIAL, str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert f"{path}: answers.STR-02.value: one of: none, elected, technical, both" in done.stderr
