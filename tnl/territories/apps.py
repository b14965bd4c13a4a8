from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "tnl.territories"
    label = "territories"
    verbose_name = _("Territories")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
