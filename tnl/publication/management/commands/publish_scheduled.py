"""Publish the editions whose planned publication moment has come. Run it every minute (cron)."""

from django.core.management.base import BaseCommand

from tnl.publication.services import publish_due


class Command(BaseCommand):
    help = "Publish the editions whose planned publication moment has come (run every minute)."

    def handle(self, *args, **options):
        for edition, release, problem in publish_due():
            if release is not None:
                self.stdout.write(f"{edition.year}: published ({release.results.count()} labelled bodies)")
            else:
                self.stderr.write(f"{edition.year}: not published: {problem}")
