"""OIDC is configured by environment variables, off by default, and refuses half a configuration."""

from tests.test_settings import run_manage

PRINT = "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS[-1], settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS)"
ENDPOINTS = {
    "OIDC_RP_CLIENT_ID": "client",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.org/jwks",
}


def test_oidc_is_off_by_default(tmp_path):
    result = run_manage("shell", "-v", "0", "-c", PRINT, DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path))
    assert result.stdout.strip() == "allauth.account.auth_backends.AuthenticationBackend {}"


def test_turning_oidc_on_adds_its_backend_and_acr_values(tmp_path):
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        PRINT,
        DJANGO_DEBUG="1",
        TNL_VAR_DIR=str(tmp_path),
        TNL_OIDC_ENABLED="true",
        TNL_OIDC_ACR_VALUES="eidas1",
        **ENDPOINTS,
    )
    assert result.stdout.strip() == "tnl.accounts.oidc.OIDCBackend {'acr_values': 'eidas1'}", result.stderr


def test_turning_oidc_on_without_its_endpoints_names_what_is_missing(tmp_path):
    result = run_manage(
        "check", DJANGO_DEBUG="1", TNL_VAR_DIR=str(tmp_path), TNL_OIDC_ENABLED="true", OIDC_RP_CLIENT_ID="client"
    )
    assert result.returncode != 0
    assert (
        "TNL_OIDC_ENABLED is on but these are not set: OIDC_RP_CLIENT_SECRET, OIDC_OP_AUTHORIZATION_ENDPOINT, "
        "OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT"
    ) in result.stderr
