from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from tnl.referentials.models import Referential
from tnl.referentials.services import export_referential


class Command(BaseCommand):
    help = "Write a referential of the database in the tnl-referential/1 format (YAML or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the referential's code, or an edition's year")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    @no_translations
    def handle(self, code, format, output, **options):
        referential = find_referential(code)
        text = export_referential(referential, fmt=format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {referential.code} to {output}")
        else:
            self.stdout.write(text, ending="")


def find_referential(code):
    referential = Referential.objects.filter(code=code).first()
    if referential is None and code.isdigit():
        referential = Referential.objects.filter(edition__year=int(code)).first()
    if referential is None:
        raise CommandError(f"no referential with the code {code!r} (nor an edition of that year)", returncode=2)
    return referential
