"""Write the published files again (after a deployment that changed templates, for instance)."""

from django.core.management.base import BaseCommand

from tnl.publication.site import build_site


class Command(BaseCommand):
    help = "Write every published file into a new folder and switch to it."

    def handle(self, *args, **options):
        build = build_site()
        self.stdout.write(f"{build.files} files written (generation {build.generation}) in {build.folder}")
