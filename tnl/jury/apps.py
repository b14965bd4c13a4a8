from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "tnl.jury"
    verbose_name = _("Jury")

    def ready(self):
        from . import (
            assignment_menu,  # noqa: F401  (the menu's jury link, kept in the session at login)
            rules,  # noqa: F401  (declares the jury permissions)
        )
