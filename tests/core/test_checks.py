"""`check --deploy` refuses the development defaults of the public address and the sender."""

from tests.test_settings import run_manage

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3#Jx9-production-like-secret-key-with-enough-entropy-Qw8zL2",
    "DJANGO_ALLOWED_HOSTS": "label.adullact.org",
    "TNL_SITE_URL": "https://label.adullact.org",
    "DJANGO_DEFAULT_FROM_EMAIL": "Territoire Numérique Libre <label@adullact.org>",
}


def check_deploy(tmp_path, **env):
    return run_manage("check", "--deploy", TNL_VAR_DIR=str(tmp_path), **{**PRODUCTION, **env})


def errors(result):
    return [line for line in result.stderr.splitlines() if line.startswith("?: (tnl.")]


def test_real_address_and_sender_pass(tmp_path):
    result = check_deploy(tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


def test_the_default_site_url_is_refused(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k != "TNL_SITE_URL"}
    result = run_manage("check", "--deploy", TNL_VAR_DIR=str(tmp_path), **without)
    assert result.returncode == 1
    assert errors(result) == [
        "?: (tnl.E001) TNL_SITE_URL points to this machine (http://127.0.0.1:8000): e-mails would link to it."
    ]


def test_a_site_url_that_is_not_an_address_is_refused(tmp_path):
    result = check_deploy(tmp_path, TNL_SITE_URL="label.adullact.org")
    assert errors(result) == [
        "?: (tnl.E001) TNL_SITE_URL must be the site's public address, such as https://label.example.fr, "
        "not 'label.adullact.org'."
    ]


def test_the_default_sender_is_refused(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEFAULT_FROM_EMAIL"}
    result = run_manage("check", "--deploy", TNL_VAR_DIR=str(tmp_path), **without)
    assert result.returncode == 1
    assert errors(result) == [
        "?: (tnl.E002) DJANGO_DEFAULT_FROM_EMAIL is a placeholder address "
        "('Territoire Numérique Libre <label@example.org>')."
    ]


def test_the_plain_check_ignores_them(tmp_path):
    result = run_manage("check", TNL_VAR_DIR=str(tmp_path), DJANGO_DEBUG="1")
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")
