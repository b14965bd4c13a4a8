from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentialsConfig(AppConfig):
    name = "tnl.referentials"
    label = "referentials"
    verbose_name = _("Referentials")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
