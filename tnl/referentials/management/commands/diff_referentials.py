from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from tnl.referentials.diff import diff_referentials, format_change
from tnl.referentials.format import FormatError, load_referential, read_file

from .export_referential import find_referential


class Command(BaseCommand):
    help = (
        "List what changed from referential A to referential B, question by question. "
        "Each of A and B is a file (YAML/JSON) or a referential code or edition year in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("a")
        parser.add_argument("b")
        parser.add_argument("--language", default="en", choices=["fr", "en"])

    @no_translations
    def handle(self, a, b, language, **options):
        changes = diff_referentials(self._document(a), self._document(b))
        for change in changes:
            self.stdout.write(format_change(change, language))
        self.stderr.write(f"{len(changes)} change(s)")

    def _document(self, ref):
        path = Path(ref)
        if path.is_file():
            try:
                return load_referential(read_file(path, path.name), path.name)
            except FormatError as error:
                raise CommandError(str(error), returncode=2) from error
        return find_referential(ref).document
