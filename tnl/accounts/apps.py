from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using="default", **kwargs):
    """`migrate` also creates the database cache's table (where allauth counts login attempts):
    one command sets up a database, in `make run`, CI, tests and upgrades alike."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "tnl.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="tnl.accounts.create_cache_table")
