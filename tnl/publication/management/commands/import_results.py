"""Import the results of editions run before the platform from a CSV file (see
tnl/publication/importing.py for the columns). All-or-nothing; a bad file exits with status 2."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from tnl.core.exceptions import Refused
from tnl.core.services import SYSTEM
from tnl.publication.import_file import MAX_BYTES, read_rows
from tnl.publication.importing import import_results


class Command(BaseCommand):
    help = (
        "Import past results from a CSV file (columns year, code, level, mentions; optional kind, name). "
        "All-or-nothing; a bad file exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument(
            "--replace", action="store_true", help="replace the results of years imported before (never published ones)"
        )

    @no_translations
    def handle(self, file, replace, **options):
        path = Path(file)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)  # never more than the limit in memory
            size = path.stat().st_size
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file ({error.strerror})", returncode=2) from error
        if len(data) > MAX_BYTES:
            raise CommandError(f"{path.name}: the file is too large ({size} bytes; at most {MAX_BYTES}).", returncode=2)
        try:
            releases = import_results(SYSTEM, read_rows(data, path.name), path.name, replace=replace)
        except Refused as error:
            raise CommandError("\n".join(error.messages), returncode=2) from error
        for release in releases:
            self.stdout.write(
                f"Imported {release.year}: {release.results.count()} results (publication {release.number})"
            )
