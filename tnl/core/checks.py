"""System checks run by `manage.py check --deploy`: production must not keep development defaults.

Without TNL_SITE_URL the e-mails link to 127.0.0.1, and without DJANGO_DEFAULT_FROM_EMAIL they come
from example.org; neither is caught by Django's own deployment checks.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
PLACEHOLDER_DOMAINS = {"example.org", "example.com", "example.net", "localhost"}


def site_url_errors(site_url):
    parts = urlsplit(site_url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [
            Error(
                f"TNL_SITE_URL must be the site's public address, such as https://label.example.fr, not {site_url!r}.",
                hint="Set TNL_SITE_URL: the platform's e-mails link to it (see docs/configuration.md).",
                id="tnl.E001",
            )
        ]
    if parts.hostname in LOCAL_HOSTS or parts.hostname.endswith(".localhost"):
        return [
            Error(
                f"TNL_SITE_URL points to this machine ({site_url}): e-mails would link to it.",
                hint="Set TNL_SITE_URL to the site's public address, such as https://label.example.fr.",
                id="tnl.E001",
            )
        ]
    return []


def from_email_errors(from_email):
    address = parseaddr(from_email or "")[1]
    domain = address.rpartition("@")[2].lower()
    if not domain or domain in PLACEHOLDER_DOMAINS or domain.endswith((".example", ".invalid", ".localhost")):
        return [
            Error(
                f"DJANGO_DEFAULT_FROM_EMAIL is a placeholder address ({from_email!r}).",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL to the address the platform's e-mails come from, "
                "such as 'Territoire Numérique Libre <label@your-domain.fr>'.",
                id="tnl.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_public_address_and_sender(app_configs, **kwargs):
    return site_url_errors(settings.SITE_URL) + from_email_errors(settings.DEFAULT_FROM_EMAIL)
