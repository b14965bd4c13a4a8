from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "tnl.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
