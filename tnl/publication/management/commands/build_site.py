"""Write the published files again (after a deployment that changed templates, for instance)."""

from django.core.management.base import BaseCommand

from tnl.publication.site import build_site


class Command(BaseCommand):
    help = (
        "Write the published files into a new folder and switch to it. The files of the releases "
        "that have not changed are taken from the current build, unless --full."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="write every file again, reusing nothing from the current build"
        )

    def handle(self, *args, **options):
        build = build_site(full=options["full"])
        self.stdout.write(
            f"{build.files} files written in {build.folder} (generation {build.generation}), "
            f"{build.reused} of them taken from the previous build"
        )
