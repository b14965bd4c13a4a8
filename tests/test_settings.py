"""Settings are read from the environment; production settings pass the deployment check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TNL_", "DATABASE_URL"))}
    base["TNL_ENV_FILE"] = ""  # a developer's ./.env (written by `make run`) must not leak in
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warning(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="k3#Jx9-production-like-secret-key-with-enough-entropy-Qw8zL2",
        DJANGO_ALLOWED_HOSTS="label.example.org",
        TNL_SITE_URL="https://label.adullact.org",
        DJANGO_DEFAULT_FROM_EMAIL="Territoire Numérique Libre <label@adullact.org>",
        TNL_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_missing_secret_key_in_production_is_a_clear_error(tmp_path):
    result = run_manage("check", TNL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_a_malformed_boolean_names_the_variable(tmp_path):
    result = run_manage("check", DJANGO_DEBUG="maybe", TNL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean (true/false, 1/0), not 'maybe'" in result.stderr


def test_models_and_migrations_are_in_step(tmp_path):
    result = run_manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No changes detected"


def test_a_fresh_clone_gets_its_sqlite_folder_created(tmp_path):
    var = tmp_path / "not-yet" / "var"
    result = run_manage("migrate", "--noinput", DJANGO_DEBUG="1", TNL_VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    assert (var / "db.sqlite3").is_file()


def test_production_cookies_are_secure_and_same_site(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY, s.CACHES['default']['BACKEND'])"
    )
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        code,
        DJANGO_SECRET_KEY="k3#Jx9-production-like-secret-key-with-enough-entropy-Qw8zL2",
        DJANGO_ALLOWED_HOSTS="label.example.org",
        TNL_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "Lax",
        "True",
        "django.core.cache.backends.db.DatabaseCache",
    ]


def test_a_bad_trusted_proxy_names_the_variable(tmp_path):
    result = run_manage("check", DJANGO_DEBUG="1", TNL_TRUSTED_PROXIES="127.0.0.1,nginx", TNL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert (
        "TNL_TRUSTED_PROXIES must list IP addresses or networks (e.g. 127.0.0.1,10.0.0.0/8), not 'nginx'"
        in result.stderr
    )


def test_migrate_creates_the_cache_table_of_the_login_limits(tmp_path):
    import sqlite3

    result = run_manage("migrate", "--noinput", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'tnl_cache'").fetchall() == [("tnl_cache",)]
