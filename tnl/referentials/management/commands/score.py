"""`manage.py score REFERENTIAL_FILE DOSSIER_FILE [--json]`: score a dossier from files alone.

For auditors and organisers: no database, no network; the same engine as the web pages.
Exit status 2 when a file is missing or malformed, with the file, the field path and what
was expected on stderr.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tnl.referentials.engine import compile_referential, format_number, format_percent, result_to_json, score_dossier
from tnl.referentials.format import FormatError, parse_text, read_file, validate_dossier, validate_referential


def _read(path):
    try:
        return read_file(Path(path), path)
    except FormatError as exc:
        raise CommandError(exc.describe(), returncode=2) from None
    except FileNotFoundError:
        raise CommandError(_("%(file)s: no such file") % {"file": path}, returncode=2) from None
    except OSError as exc:
        raise CommandError(
            _("%(file)s: cannot read it (%(error)s)") % {"file": path, "error": exc.strerror}, returncode=2
        ) from None


def _text(texts):
    """A {lang: text} map in the current language, French when it has no translation."""
    if not texts:
        return ""
    return texts.get((get_language() or "fr")[:2]) or texts["fr"]


class Command(BaseCommand):
    help = "Score a dossier file against a referential file, without a database."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("referential_file", help="tnl-referential/1 file (YAML or JSON)")
        parser.add_argument("dossier_file", help="tnl-dossier/1 file (JSON)")
        parser.add_argument("--json", action="store_true", help="print the result as one JSON object")

    @no_translations
    def handle(self, referential_file, dossier_file, **options):
        referential_text, dossier_text = _read(referential_file), _read(dossier_file)
        try:
            referential_doc = validate_referential(parse_text(referential_text, referential_file), referential_file)
            dossier_doc = validate_dossier(parse_text(dossier_text, dossier_file), referential_doc, dossier_file)
        except FormatError as exc:
            raise CommandError(exc.describe(), returncode=2) from None
        referential = compile_referential(referential_doc)
        result = score_dossier(referential, dossier_doc)
        if options["json"]:
            self.stdout.write(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.table(referential, dossier_doc, result))

    def table(self, referential, dossier_doc, result):
        territory = dossier_doc["territory"]
        lines = [
            _("Referential: %(code)s (%(title)s)") % {"code": referential.code, "title": _text(referential.title)},
            _("Body: %(name)s, %(kind)s, population %(population)s, size class %(size_class)s")
            % {
                "name": territory.get("name") or territory.get("code") or "-",
                "kind": territory["kind"],
                "population": territory["population"],
                "size_class": result.size_class,
            },
            "",
        ]
        rows = []
        for axis in referential.axes:
            axis_result = result.axes[axis.code]
            rows.append(
                (
                    f"{axis.code}  {_text(axis.title)}",
                    format_number(axis_result.points),
                    format_number(axis_result.potential),
                    format_percent(axis_result.percent) + " %",
                )
            )
            for code in axis.questions:
                item = result.questions[code]
                rows.append((f"  {code}", format_number(item.points), format_number(item.potential), item.status))
        header = (_("Axis / question"), _("Points"), _("Potential"), _("Percent / status"))
        widths = [max(len(row[index]) for row in [header, *rows]) for index in range(4)]
        for row in [header, *rows]:
            lines.append(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}".rstrip())
        lines += [
            "",
            _("Global: %(points)s / %(potential)s = %(percent)s %%")
            % {
                "points": format_number(result.points),
                "potential": format_number(result.potential),
                "percent": format_percent(result.global_percent),
            },
        ]
        if result.level:
            lines.append(
                _("Level: %(level)s (%(label)s)") % {"level": result.level, "label": _text(result.level_label) or "-"}
            )
        else:
            lines.append(_("Level: 0 (the first level is not reached)"))
        if result.next_level is None:
            lines.append(_("Next level: none, the top level is reached"))
        else:
            lines.append(
                _("Missing for level %(level)s: %(missing)s")
                % {
                    "level": result.next_level.level,
                    "missing": "; ".join(item.text for item in result.next_level.missing),
                }
            )
        return "\n".join(lines)
