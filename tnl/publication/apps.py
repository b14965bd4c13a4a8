from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "tnl.publication"
    label = "publication"
    verbose_name = _("Publication")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
