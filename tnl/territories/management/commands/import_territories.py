"""`manage.py import_territories SOURCE [--only communes,epci,departements,regions]`"""

from django.core.management.base import BaseCommand, CommandError

from tnl.core.services import SYSTEM
from tnl.territories.importer import KIND_OPTIONS, RegistryDataError
from tnl.territories.services import import_registry

# Exit status for bad input, as in the brief: 1 stays for Django's own errors.
EXIT_BAD_DATA = 2


class Command(BaseCommand):
    help = (
        "Import communes, EPCI, départements and régions from the JSON files of the npm package "
        "@etalab/decoupage-administratif (its data/ folder, or a base URL serving the same files)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            help="folder holding regions.json, departements.json, epci.json, communes.json, or an http(s) base URL",
        )
        parser.add_argument(
            "--only",
            default="",
            help=f"comma-separated kinds to import among {', '.join(KIND_OPTIONS)} (default: all)",
        )

    def handle(self, source, only, **options):
        kinds = None
        if only:
            names = [name.strip() for name in only.split(",") if name.strip()]
            unknown = [name for name in names if name not in KIND_OPTIONS]
            if unknown:
                raise CommandError(
                    f"--only: unknown kind {', '.join(unknown)} (choose among {', '.join(KIND_OPTIONS)})"
                )
            kinds = {KIND_OPTIONS[name] for name in names}
        try:
            run = import_registry(source, SYSTEM, only=kinds)
        except RegistryDataError as exc:
            raise CommandError(f"{exc}\nNothing was imported.", returncode=EXIT_BAD_DATA) from None
        self.stdout.write(f"Imported from {source} (registry import #{run.pk}):")
        for option, kind in KIND_OPTIONS.items():
            counts = run.counts.get(kind.value)
            if counts is not None:
                self.stdout.write(
                    f"  {option}: {counts['created']} created, {counts['updated']} updated, "
                    f"{counts['unchanged']} unchanged, {counts['deactivated']} deactivated"
                )
