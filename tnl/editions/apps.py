from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "tnl.editions"
    label = "editions"
    verbose_name = _("Editions")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
