"""Settings for the label platform: one file, read from the environment.

Every setting that differs between a laptop and production comes from an
environment variable documented in docs/configuration.md. The defaults need no
service: SQLite in ./var, console e-mail, files in ./var/media.
"""

import ipaddress
import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path):
    """The KEY=VALUE lines of a local settings file (`make run` writes ./.env).

    Blank lines and lines starting with # are skipped; quotes around a value are removed.
    """
    values = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not name.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value, not {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


# A local, git-ignored ./.env (written by `make run`) fills in the variables the real environment
# does not set; a real environment variable always wins. Production has no such file and reads only
# the real environment. TNL_ENV_FILE names another file, or none when empty.
ENV_FILE = os.environ.get("TNL_ENV_FILE", str(BASE_DIR / ".env"))
FILE_ENV = read_env_file(ENV_FILE) if ENV_FILE and Path(ENV_FILE).is_file() else {}


def env_raw(name):
    value = os.environ.get(name)
    return FILE_ENV.get(name) if value is None else value


def env_str(name, default=None):
    raw = env_raw(name)
    return default if raw is None else raw


def env_bool(name, default=False):
    raw = env_raw(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0), not {raw!r}")


def env_int(name, default):
    raw = env_raw(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default=()):
    raw = env_raw(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name, default, choices):
    """One of `choices` (compared without case); the error names the variable and the choices."""
    raw = env_raw(name)
    if raw is None or raw.strip() == "":
        return default
    by_key = {choice.lower(): choice for choice in choices}
    value = by_key.get(raw.strip().lower())
    if value is None:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value


def env_time_zone(name, default):
    """An IANA time zone name such as Europe/Paris."""
    raw = env_str(name, "").strip()
    if not raw:
        return default
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as Europe/Paris or America/Cayenne, not {raw!r}"
        ) from None
    return raw


VAR_DIR = Path(env_str("TNL_VAR_DIR", str(BASE_DIR / "var")))


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see docs/configuration.md)")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("TNL_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "tnl.core",
    "tnl.accounts",
    "tnl.territories",
    "tnl.referentials",
    "tnl.editions",
    "tnl.dossiers",
    "tnl.jury",
    "tnl.demo",
    "tnl.help",
    "tnl.publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "tnl.core.middleware.PrivatePagesMiddleware",
    # Last: a published file answers before any view, as nginx's try_files does in production.
    "tnl.publication.serve.PublishedFilesMiddleware",
]

ROOT_URLCONF = "tnl.urls"
WSGI_APPLICATION = "tnl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tnl" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tnl.core.context_processors.platform",
                "tnl.help.context_processors.page_help",
            ],
        },
    },
]

# Database: SQLite in ./var by default, anything dj-database-url reads otherwise
# (postgres://user@host:5432/name in production and CI).
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    # The embedded default: a fresh clone has no ./var yet, and SQLite will not create folders.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
# A connection kept for a minute and checked before reuse: opening one per request cost the
# PostgreSQL pages about three quarters of their throughput when measured. SQLite opens a file.
_is_sqlite = DATABASE_URL.startswith("sqlite:")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if _is_sqlite else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the db_worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_choice("TNL_EMAIL_VERIFICATION", "mandatory", ["mandatory", "optional", "none"])
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
# A person who signs up and follows the link in the e-mail (same browser) is logged in at once.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True

# Internationalisation: French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tnl" / "locale"]
TIME_ZONE = env_time_zone("TNL_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "tnl" / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# The files written at publication (results pages, badges, certificates, open data): each build
# goes into a new folder under `builds/`, then the symbolic link `current` switches to it. nginx
# serves `current/` directly (deploy/nginx.conf); Django serves the same folder otherwise.
TNL_PUBLISHED_ROOT = Path(env_str("TNL_PUBLISHED_ROOT", str(VAR_DIR / "published")))
# The private key that signs the Open Badges credentials (RSA, PEM): created with mode 0600 on
# first use, never in the repository; back it up (docs/credentials.md). Public keys of retired
# keys (PEM files) stay in the published key set so older credentials still verify.
TNL_CREDENTIAL_KEY_FILE = Path(env_str("TNL_CREDENTIAL_KEY_FILE", str(VAR_DIR / "credential-key.pem")))
TNL_CREDENTIAL_RETIRED_KEYS = [Path(item) for item in env_list("TNL_CREDENTIAL_RETIRED_KEYS")]
# Evidence files: a local folder (MEDIA_ROOT) by default; "s3" puts them in S3-compatible object
# storage (AWS, MinIO, Garage, Scaleway, OVHcloud…) shared by several app servers. Objects are
# private and never overwritten; the platform streams them to who may read them, as with a folder.
_FILE_STORAGES = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
}
_file_storage = env_str("TNL_FILE_STORAGE", "").strip() or "filesystem"
_default_storage = {"BACKEND": _FILE_STORAGES.get(_file_storage.lower(), _file_storage)}
if "." not in _default_storage["BACKEND"]:
    raise ImproperlyConfigured(
        f"TNL_FILE_STORAGE must be one of {', '.join(_FILE_STORAGES)} or a storage class path, not {_file_storage!r}"
    )


def _s3_options(variable, folder=""):
    """The S3Storage options of the TNL_S3_* variables (`variable` names the setting that asked,
    for the message), with `folder` inside the prefix. Objects are private."""
    if not env_str("TNL_S3_BUCKET", "").strip():
        raise ImproperlyConfigured(f"{variable} is s3 but TNL_S3_BUCKET is not set (see docs/configuration.md)")
    return {
        "bucket_name": env_str("TNL_S3_BUCKET").strip(),
        "endpoint_url": env_str("TNL_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": env_str("TNL_S3_REGION", "").strip() or None,
        # Empty: boto3 finds the keys itself (AWS_ACCESS_KEY_ID…, a profile, an instance role).
        "access_key": env_str("TNL_S3_ACCESS_KEY_ID", "").strip() or None,
        "secret_key": env_str("TNL_S3_SECRET_ACCESS_KEY", "").strip() or None,
        "location": "/".join(part for part in (env_str("TNL_S3_PREFIX", "").strip().strip("/"), folder) if part),
        "addressing_style": env_choice("TNL_S3_ADDRESSING_STYLE", None, ["path", "virtual"]),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }


if _default_storage["BACKEND"] == _FILE_STORAGES["s3"]:
    _default_storage["OPTIONS"] = _s3_options("TNL_FILE_STORAGE")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env_str(
            "DJANGO_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# The published files shared by several app servers (tnl/publication/distribution.py): empty, each
# server reads TNL_PUBLISHED_ROOT as it is (one server, or a shared folder); "s3": the worker puts
# each build in the bucket of the TNL_S3_* variables (under "published/"), and every app server
# copies it to its own folder with `manage.py sync_published`.
_published_storage = env_str("TNL_PUBLISHED_STORAGE", "").strip().lower()
if _published_storage == "s3":
    STORAGES["published"] = {
        "BACKEND": _FILE_STORAGES["s3"],
        # Objects are named by their content: one that exists is the same file.
        "OPTIONS": _s3_options("TNL_PUBLISHED_STORAGE", "published") | {"file_overwrite": True},
    }
elif _published_storage:
    raise ImproperlyConfigured(f"TNL_PUBLISHED_STORAGE must be empty or s3, not {_published_storage!r}")

# E-mail: printed on the console in development, SMTP by settings.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL cannot both be true: "
        "use TLS for STARTTLS (usually port 587) or SSL for implicit TLS (usually port 465)"
    )
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Territoire Numérique Libre <label@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks with its database backend (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": env_str("TNL_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Security. Production (DEBUG off) gets the strict defaults that `check --deploy` expects;
# each can be relaxed by its variable, e.g. behind a TLS-terminating proxy.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A strict Content-Security-Policy (django-csp): the platform loads nothing from elsewhere and runs
# no inline script. Views that need another policy say so with django-csp's decorators. Django's
# admin uses inline scripts: it keeps its own, looser defaults.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The language cookie follows the session cookie: HTTPS only in production, never sent by
# another site's requests. Pages do not read it from JavaScript.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# The cache holds allauth's rate-limit counters (failed logins, login codes, password resets):
# in the database by default, so that every gunicorn worker counts the same attempts. Its table
# is created by `migrate` (tnl.accounts.apps), so `make run`, CI and upgrades need nothing more.
CACHES = {
    "default": {
        "BACKEND": env_str("TNL_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env_str("TNL_CACHE_LOCATION", "tnl_cache"),
    }
}
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated),
# e.g. "127.0.0.1" for nginx on the same machine. Empty: the client is the connection's address.
TNL_TRUSTED_PROXIES = env_list("TNL_TRUSTED_PROXIES")
for _proxy in TNL_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TNL_TRUSTED_PROXIES must list IP addresses or networks (e.g. 127.0.0.1,10.0.0.0/8), not {_proxy!r}"
        ) from None

# The public API (/api/v1/): requests allowed per client address and window (in seconds),
# counted in the cache above. 0 turns the limit off.
TNL_API_RATE_LIMIT = env_int("TNL_API_RATE_LIMIT", 120)
TNL_API_RATE_WINDOW = env_int("TNL_API_RATE_WINDOW", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("TNL_LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
    },
    # WeasyPrint reports each step of each PDF at INFO (about 700 lines for the demo's files):
    # only its warnings and errors are worth a log line.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Label platform settings.
TNL_ORGANISER_NAME = env_str("TNL_ORGANISER_NAME", "Adullact")
TNL_LABEL_NAME = env_str("TNL_LABEL_NAME", "Territoire Numérique Libre")
TNL_SOURCE_URL = env_str("TNL_SOURCE_URL", "")

# --- Accounts: allauth and optional OIDC (ProConnect-style) ---
# Sign-up, login by password or by one-time code, e-mail verification and password reset
# come from allauth (settings above); the forms, adapter and pages are ours (tnl/accounts).
ACCOUNT_ADAPTER = "tnl.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "tnl.accounts.forms.LoginForm",
    "signup": "tnl.accounts.forms.SignupForm",
    "request_login_code": "tnl.accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "tnl.accounts.forms.ConfirmLoginCodeForm",
    "reset_password": "tnl.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "tnl.accounts.forms.ResetPasswordKeyForm",
    "change_password": "tnl.accounts.forms.ChangePasswordForm",
    "set_password": "tnl.accounts.forms.SetPasswordForm",
    "add_email": "tnl.accounts.forms.AddEmailForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{TNL_LABEL_NAME}] "
# One address per account, changed by verifying the new one: simpler than a list of addresses.
ACCOUNT_CHANGE_EMAIL = True
# Tell people when their password or address changes (someone else may have done it).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Ten minutes rather than three to type a login code: e-mails can be slow to arrive.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
# Failed logins: at most 10 a minute from one address, and 5 in 5 minutes on one account from one
# address (tnl.accounts.adapters keys them by account and address): a stranger elsewhere cannot
# lock the owner out, and the owner can always log in by code or reset the password.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# Optional login with an OpenID Connect provider such as ProConnect (mozilla-django-oidc),
# off by default. The /oidc/ pages answer 404 while it is off.
TNL_OIDC_ENABLED = env_bool("TNL_OIDC_ENABLED", False)
TNL_OIDC_PROVIDER_NAME = env_str("TNL_OIDC_PROVIDER_NAME", "ProConnect")
TNL_OIDC_ACR_VALUES = env_str("TNL_OIDC_ACR_VALUES", "")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email given_name usual_name")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": TNL_OIDC_ACR_VALUES} if TNL_OIDC_ACR_VALUES else {}
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
if TNL_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"TNL_OIDC_ENABLED is on but these are not set: {', '.join(_missing)}")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("tnl.accounts.oidc.OIDCBackend")

# --- Evidence uploads ---
# Caps on the files a dossier's evidence may hold, in MB (1 MB = 1024 × 1024 bytes), checked by
# tnl.dossiers.filetypes. The reverse proxy's own body limit (nginx client_max_body_size) should
# be a little above TNL_EVIDENCE_MAX_FILE_MB.
TNL_EVIDENCE_MAX_FILE_MB = env_int("TNL_EVIDENCE_MAX_FILE_MB", 10)
TNL_EVIDENCE_MAX_DOSSIER_MB = env_int("TNL_EVIDENCE_MAX_DOSSIER_MB", 100)
if TNL_EVIDENCE_MAX_FILE_MB < 1 or TNL_EVIDENCE_MAX_DOSSIER_MB < TNL_EVIDENCE_MAX_FILE_MB:
    raise ImproperlyConfigured(
        "TNL_EVIDENCE_MAX_FILE_MB must be at least 1 and TNL_EVIDENCE_MAX_DOSSIER_MB at least as large"
    )
# Uploads above 2.5 MB go to a temporary file rather than memory (Django's default, made explicit).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Evidence is served only through the access-checked view, never by the web server: the files
# need not be readable by other system users.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
