"""The README's command lines work as written right after `make run`.

A temporary folder stands in for the repository: links to manage.py, tnl/, the Makefile and
.venv, its own var/ (database) and its own .env, written by the Makefile's `dotenv` target as
`make run` writes it. The demo data is loaded as `make run` does, then each README line runs in a
subprocess with the environment of a fresh shell (no DJANGO_*/TNL_* variables but the folders).
"""

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANAGE_PREFIX = ".venv/bin/python manage.py "

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def readme_command_lines():
    """The `.venv/bin/python manage.py …` lines of the README's shell blocks, comments removed."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(MANAGE_PREFIX)]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checkout")
    for name in ["manage.py", "tnl", "Makefile", ".venv", "requirements.txt", "requirements-dev.txt"]:
        (folder / name).symlink_to(ROOT / name)
    (folder / "var").mkdir()
    done = subprocess.run(["make", "--no-print-directory", "dotenv", "PORT=8123"], cwd=folder, capture_output=True)
    assert done.returncode == 0, done.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TNL_", "DATABASE_URL"))}
    # settings.py finds ./.env next to itself (the real repository); point it at this folder's.
    env.update(TNL_ENV_FILE=str(folder / ".env"), TNL_VAR_DIR=str(folder / "var"))
    for command in ["migrate --noinput", "load_demo"]:
        run(folder, env, MANAGE_PREFIX + command)
    return folder, env


def run(folder, env, line):
    done = subprocess.run(shlex.split(line), cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
    return done


def test_make_run_writes_a_private_env_file_with_the_served_address(checkout):
    folder, _env = checkout
    env_file = folder / ".env"
    values = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if not line.startswith("#"))
    assert sorted(values) == ["DJANGO_DEBUG", "DJANGO_SECRET_KEY", "TNL_SITE_URL"]
    assert (values["DJANGO_DEBUG"], values["TNL_SITE_URL"]) == ("1", "http://127.0.0.1:8123")
    assert len(values["DJANGO_SECRET_KEY"]) >= 50
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600


def test_make_run_again_keeps_the_key_and_follows_the_port(checkout):
    folder, _env = checkout
    before = (folder / ".env").read_text()
    subprocess.run(["make", "--no-print-directory", "dotenv", "PORT=8124"], cwd=folder, check=True)
    after = (folder / ".env").read_text()
    subprocess.run(["make", "--no-print-directory", "dotenv", "PORT=8123"], cwd=folder, check=True)
    assert after == before.replace("http://127.0.0.1:8123", "http://127.0.0.1:8124")


def test_the_readme_shows_the_commands():
    names = [line.removeprefix(MANAGE_PREFIX).split()[0] for line in readme_command_lines()]
    assert names == [
        "score",
        "export_referential",
        "diff_referentials",
        "import_referential",
        "import_territories",
        "load_demo",
        "db_worker",
        "verify_audit_log",
    ]


def test_every_readme_command_line_works_as_written(checkout):
    folder, env = checkout
    outputs = {line: run(folder, env, line) for line in readme_command_lines()}
    # A glance at what each one did, beyond its exit status.
    score = outputs[readme_command_lines()[0]].stdout
    assert '"level": 5' in score
    assert (folder / "var" / "tnl-default.yaml").read_text().count("code: tnl-default") == 1
    assert outputs[readme_command_lines()[3]].stdout.startswith("Imported tnl-default (version 2,")
    assert outputs[readme_command_lines()[-1]].stdout.startswith("Audit log intact: ")


def make_clean(tmp_path, answer, *args):
    (tmp_path / "Makefile").symlink_to(ROOT / "Makefile")
    for name in [".venv/bin/python", "var/db.sqlite3", "var/media/evidence/1.pdf", ".env"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kept?")
    return subprocess.run(
        ["make", "--no-print-directory", "clean", *args], cwd=tmp_path, input=answer, capture_output=True, text=True
    )


def remaining(folder):
    return sorted(
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file() and path.name != "Makefile"
    )


def test_make_clean_asks_before_deleting_the_database_and_the_evidence(tmp_path):
    done = make_clean(tmp_path, "n\n")
    assert done.returncode != 0
    assert done.stdout == (
        "This deletes .venv, .env and var/: the database and the uploaded evidence files. Continue? [y/N] "
        "Nothing deleted.\n"
    )
    assert remaining(tmp_path) == [".env", ".venv/bin/python", "var/db.sqlite3", "var/media/evidence/1.pdf"]


def test_make_clean_deletes_them_when_told_yes(tmp_path):
    assert make_clean(tmp_path, "y\n").returncode == 0
    assert remaining(tmp_path) == []


def test_make_clean_force_does_not_ask(tmp_path):
    done = make_clean(tmp_path, "", "FORCE=1")
    assert (done.returncode, "Continue?" in done.stdout, remaining(tmp_path)) == (0, False, [])
