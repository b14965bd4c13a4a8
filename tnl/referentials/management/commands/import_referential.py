from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from tnl.core.services import SYSTEM
from tnl.referentials.format import FormatError, read_file
from tnl.referentials.services import import_referential


class Command(BaseCommand):
    help = "Import a tnl-referential/1 file (YAML or JSON). All-or-nothing; a malformed file exits with status 2."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the referential file")
        parser.add_argument(
            "--update", action="store_true", help="replace the referential with the same code (draft editions only)"
        )

    @no_translations
    def handle(self, file, update, **options):
        path = Path(file)
        try:
            text = read_file(path, path.name)
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file ({error.strerror})", returncode=2) from error
        except FormatError as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            referential = import_referential(SYSTEM, text, path.name, update=update)
        except FormatError as error:
            raise CommandError(str(error), returncode=2) from error
        except ValidationError as error:
            raise CommandError(f"{path.name}: {' '.join(error.messages)}", returncode=2) from error
        self.stdout.write(
            f"Imported {referential.code} (version {referential.version}, {referential.question_count} questions)"
        )
