from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentialsConfig(AppConfig):
    name = "tnl.referentials"
    label = "referentials"
    verbose_name = _("Referentials")

    def ready(self):
        from tnl.core.templatetags.tnl import register

        from . import rules  # noqa: F401  (registers the permissions)
        from .engine import format_percent

        @register.filter
        def percent(value):
            """An exact percent shown with one decimal, rounded half away from zero."""
            return "" if value is None else format_percent(value)
