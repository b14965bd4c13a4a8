"""Bad values of the environment name the variable and what is allowed; ./.env fills in the rest."""

import json

import pytest

from tests.test_settings import run_manage

PRINT = "from django.conf import settings as s; print(s.SITE_URL, s.DEBUG, s.TIME_ZONE, s.LOGGING['root']['level'])"


def shell(tmp_path, code=PRINT, **env):
    return run_manage("shell", "-v", "0", "-c", code, TNL_VAR_DIR=str(tmp_path), **env)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TNL_EMAIL_VERIFICATION",
            "always",
            "TNL_EMAIL_VERIFICATION must be one of mandatory, optional, none, not 'always'",
        ),
        (
            "TNL_TIME_ZONE",
            "Europe/Nancy",
            "TNL_TIME_ZONE must be a time zone name such as Europe/Paris or America/Cayenne, not 'Europe/Nancy'",
        ),
        ("TNL_LOG_LEVEL", "LOUD", "TNL_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'"),
    ],
)
def test_a_bad_choice_names_the_variable_and_the_allowed_values(tmp_path, name, value, message):
    result = run_manage("check", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path), **{name: value})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_good_choices_are_read_whatever_their_case(tmp_path):
    result = shell(
        tmp_path,
        "from django.conf import settings as s; "
        "print(s.ACCOUNT_EMAIL_VERIFICATION, s.TIME_ZONE, s.LOGGING['root']['level'])",
        DJANGO_DEBUG="1",
        TNL_EMAIL_VERIFICATION="Optional",
        TNL_TIME_ZONE="America/Cayenne",
        TNL_LOG_LEVEL="warning",
    )
    assert (result.stdout.strip(), result.stderr) == ("optional America/Cayenne WARNING", "")


def test_tls_and_ssl_together_are_refused(tmp_path):
    result = run_manage(
        "check", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path), DJANGO_EMAIL_USE_TLS="true", DJANGO_EMAIL_USE_SSL="true"
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL cannot both "
        "be true: use TLS for STARTTLS (usually port 587) or SSL for implicit TLS (usually port 465)"
    )


def test_either_tls_or_ssl_alone_is_fine(tmp_path):
    code = "from django.conf import settings as s; print(s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    tls = shell(tmp_path, code, DJANGO_DEBUG="1", DJANGO_EMAIL_USE_TLS="true")
    ssl = shell(tmp_path, code, DJANGO_DEBUG="1", DJANGO_EMAIL_USE_SSL="yes")
    assert (tls.stdout.strip(), ssl.stdout.strip()) == ("True False", "False True")


def test_the_env_file_fills_in_what_the_environment_does_not_set(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# written by make run\n"
        "DJANGO_SECRET_KEY='a-local-key-0123456789abcdefghijklmnopqrstuvwxyz'\n"
        "DJANGO_DEBUG=1\n"
        "\n"
        'TNL_SITE_URL="http://127.0.0.1:8123"\n'
        "TNL_TIME_ZONE=Europe/Paris\n"
    )
    result = shell(tmp_path, TNL_ENV_FILE=str(env_file), TNL_TIME_ZONE="Indian/Reunion")
    # The real environment wins over the file (TNL_TIME_ZONE); the file gives the rest.
    assert (result.stdout.strip(), result.stderr) == ("http://127.0.0.1:8123 True Indian/Reunion INFO", "")


def test_without_the_env_file_only_the_environment_is_read(tmp_path):
    result = shell(tmp_path, TNL_ENV_FILE=str(tmp_path / "absent.env"))
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_a_malformed_env_file_line_is_named(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nthis is not a setting\n")
    result = shell(tmp_path, TNL_ENV_FILE=str(env_file))
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {env_file}, line 2: "
        "expected NAME=value, not 'this is not a setting'"
    )


STORAGE = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES['default'], sort_keys=True))"


def test_evidence_files_go_to_a_folder_by_default(tmp_path):
    result = shell(tmp_path, STORAGE, DJANGO_DEBUG="1")
    assert json.loads(result.stdout) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_storage_is_built_from_its_variables(tmp_path):
    result = shell(
        tmp_path,
        STORAGE,
        DJANGO_DEBUG="1",
        TNL_FILE_STORAGE="S3",
        TNL_S3_BUCKET="tnl-evidence",
        TNL_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        TNL_S3_REGION="fr-par",
        TNL_S3_ACCESS_KEY_ID="key",
        TNL_S3_SECRET_ACCESS_KEY="secret",
        TNL_S3_PREFIX="/label/",
        TNL_S3_ADDRESSING_STYLE="Path",
    )
    assert json.loads(result.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "tnl-evidence",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "region_name": "fr-par",
            "access_key": "key",
            "secret_key": "secret",
            "location": "label",
            "addressing_style": "path",
            # Private objects, never replaced by a file of the same name, read only through the platform.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def test_s3_storage_leaves_the_keys_to_boto3_when_they_are_not_set(tmp_path):
    result = shell(tmp_path, STORAGE, DJANGO_DEBUG="1", TNL_FILE_STORAGE="s3", TNL_S3_BUCKET="tnl")
    options = json.loads(result.stdout)["OPTIONS"]
    assert [options[name] for name in ("endpoint_url", "region_name", "access_key", "secret_key", "location")] == [
        None,
        None,
        None,
        None,
        "",
    ]
    assert options["addressing_style"] is None


PUBLISHED = (
    "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES.get('published'), sort_keys=True))"
)


def test_published_files_have_no_storage_by_default(tmp_path):
    assert json.loads(shell(tmp_path, PUBLISHED, DJANGO_DEBUG="1").stdout) is None


def test_the_published_files_storage_is_a_folder_of_the_bucket(tmp_path):
    result = shell(
        tmp_path,
        PUBLISHED,
        DJANGO_DEBUG="1",
        TNL_PUBLISHED_STORAGE="S3",
        TNL_S3_BUCKET="tnl-files",
        TNL_S3_PREFIX="/label/",
        TNL_S3_ADDRESSING_STYLE="path",
    )
    assert json.loads(result.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "tnl-files",
            "endpoint_url": None,
            "region_name": None,
            "access_key": None,
            "secret_key": None,
            "location": "label/published",
            "addressing_style": "path",
            "default_acl": "private",
            "querystring_auth": True,
            # Objects are named by their content: writing one again writes the same bytes.
            "file_overwrite": True,
        },
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"TNL_PUBLISHED_STORAGE": "s3"},
            "TNL_PUBLISHED_STORAGE is s3 but TNL_S3_BUCKET is not set (see docs/configuration.md)",
        ),
        (
            {"TNL_PUBLISHED_STORAGE": "nfs"},
            "TNL_PUBLISHED_STORAGE must be empty or s3, not 'nfs'",
        ),
        (
            {"TNL_FILE_STORAGE": "s3"},
            "TNL_FILE_STORAGE is s3 but TNL_S3_BUCKET is not set (see docs/configuration.md)",
        ),
        (
            {"TNL_FILE_STORAGE": "s3", "TNL_S3_BUCKET": "  "},
            "TNL_FILE_STORAGE is s3 but TNL_S3_BUCKET is not set (see docs/configuration.md)",
        ),
        (
            {"TNL_FILE_STORAGE": "minio"},
            "TNL_FILE_STORAGE must be one of filesystem, s3 or a storage class path, not 'minio'",
        ),
        (
            {"TNL_FILE_STORAGE": "s3", "TNL_S3_BUCKET": "tnl", "TNL_S3_ADDRESSING_STYLE": "dns"},
            "TNL_S3_ADDRESSING_STYLE must be one of path, virtual, not 'dns'",
        ),
    ],
)
def test_a_bad_storage_setting_is_named(tmp_path, env, message):
    result = run_manage("check", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path), **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_making_a_pdf_logs_nothing_at_the_default_level(tmp_path):
    # WeasyPrint reports each step of each PDF at INFO: `make run` printed about 700 such lines.
    result = shell(
        tmp_path,
        "from tnl.publication.printing import pdf; print(pdf('<html lang=fr><title>Nancy</title><p>Nancy</p></html>', '.')[:5])",
        DJANGO_DEBUG="1",
    )
    assert (result.stdout.strip(), result.stderr) == ("b'%PDF-'", "")
