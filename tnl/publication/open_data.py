"""The open data: each live release's results as CSV and JSON with a Frictionless Data Package,
a file of every edition at once, and the page that lists them (fr `donnees/`, en `en/open-data/`).

Everything comes from the build's snapshot (`build.releases`, read in one transaction), so the
files of a build describe one state. Files are written row by row to the disk: a large edition
never becomes one string in memory. CSV: UTF-8 without byte order mark, comma, RFC 4180 quoting,
CRLF line ends, cells made formula-safe (a leading apostrophe before = + - @, tab, CR). The JSON
keeps the text as it is (a program reads it, not a spreadsheet)."""

import csv
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tnl.core.spreadsheet import safe_cell

from . import paths
from .site import LANGUAGES

LICENSE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence 2.0",
}
KINDS = ["commune", "epci", "departement", "region", "other"]
SEPARATOR = "; "  # between the mentions of one body
MAX_LEVEL = 5


def _field(name, type_, title, description, **extra):
    field = {"name": name, "type": type_, "title": str(title), "description": str(description)}
    field.update(extra)
    return field


def _fields_before_axes():
    return [
        _field("year", "integer", _("Year"), _("The edition's year."), constraints={"required": True}),
        _field("kind", "string", _("Kind"), _("Kind of public body."), constraints={"required": True, "enum": KINDS}),
        _field(
            "code",
            "string",
            _("Code"),
            _("INSEE code of a commune, département or région; SIREN of an EPCI; a generated code for other bodies."),
            constraints={"required": True},
        ),
        _field(
            "siren",
            "string",
            _("SIREN"),
            _("SIREN number of the body, when known."),
            constraints={"pattern": "[0-9]{9}"},
        ),
        _field("name", "string", _("Name"), _("Official name at publication."), constraints={"required": True}),
        _field("display_name", "string", _("Display name"), _("Name as shown on the site, with the département code.")),
        _field("departement_code", "string", _("Département code"), _("INSEE code of the body's département.")),
        _field("departement_name", "string", _("Département"), _("Name of the body's département.")),
        _field("region_code", "string", _("Région code"), _("INSEE code of the body's région.")),
        _field("region_name", "string", _("Région"), _("Name of the body's région.")),
        _field("size_class", "string", _("Size class"), _("Size class of the referential (by population).")),
        _field("population", "integer", _("Population"), _("Population at publication."), constraints={"minimum": 0}),
        _field(
            "level",
            "integer",
            _("Level"),
            _("Level awarded, 1 (lowest) to 5 (highest)."),
            constraints={"required": True, "minimum": 1, "maximum": MAX_LEVEL},
        ),
        _field("level_label_fr", "string", _("Level label (French)"), _("The level in words, in French.")),
        _field("level_label_en", "string", _("Level label (English)"), _("The level in words, in English.")),
        _field(
            "global_percent",
            "number",
            _("Global score (%)"),
            _("Global score of the jury's reading, in percent; empty for imported past results."),
            constraints={"minimum": 0, "maximum": 100},
        ),
    ]


def _fields_after_axes():
    return [
        _field("mention_codes", "string", _("Mentions (codes)"), _('Special mentions, codes separated by "; ".')),
        _field(
            "mention_labels_fr", "string", _("Mentions (French)"), _('Special mentions in French, separated by "; ".')
        ),
        _field(
            "mention_labels_en", "string", _("Mentions (English)"), _('Special mentions in English, separated by "; ".')
        ),
        _field(
            "imported",
            "boolean",
            _("Imported"),
            _("true for results imported from the records of an edition run before the platform."),
            constraints={"required": True},
        ),
        _field(
            "credential_id",
            "string",
            _("Credential identifier"),
            _("Identifier of the body's verifiable credential for this result."),
            format="uuid",
            constraints={"required": True, "unique": True},
        ),
    ]


def axis_column(code):
    return f"axis_{code.lower()}_percent"


def schema(axes, all_years=False, language="en"):
    """The Table Schema of a results file; `axes` [{"code", "title"}] gives one column per axis.
    Titles and descriptions in `language` (English in the data package, the page's language on
    the open-data page)."""
    with translation.override(language):
        axis_fields = [
            _field(
                axis_column(axis["code"]),
                "number",
                f"{axis['code']} (%)",
                _("Score of the axis “%(axis)s” in percent.")
                % {"axis": (axis.get("title") or {}).get(language) or axis["code"]},
                constraints={"minimum": 0, "maximum": 100},
            )
            for axis in axes
        ]
        fields = _fields_before_axes() + axis_fields + _fields_after_axes()
    return {
        "fields": fields,
        "primaryKey": ["year", "kind", "code"] if all_years else ["kind", "code"],
        "missingValues": [""],
    }


def _number(value):
    return None if value in (None, "") else float(Decimal(str(value)))


def record(result, axes):
    """One result as the schema's fields, with JSON types (None when missing)."""
    by_axis = {axis["code"]: axis.get("percent") for axis in result.axes}
    labels = result.level_label or {}
    row = {
        "year": result.year,
        "kind": result.kind,
        "code": result.code,
        "siren": result.siren or None,
        "name": result.name,
        "display_name": result.display_name,
        "departement_code": result.departement_code or None,
        "departement_name": result.departement_name or None,
        "region_code": result.region_code or None,
        "region_name": result.region_name or None,
        "size_class": result.size_class or None,
        "population": result.population,
        "level": result.level,
        "level_label_fr": labels.get("fr") or None,
        "level_label_en": labels.get("en") or None,
        "global_percent": _number(result.global_percent),
    }
    for axis in axes:
        row[axis_column(axis["code"])] = _number(by_axis.get(axis["code"]))
    row["mention_codes"] = SEPARATOR.join(mention["code"] for mention in result.mentions) or None
    for language in ("fr", "en"):
        texts = [(mention.get("label") or {}).get(language) or mention["code"] for mention in result.mentions]
        row[f"mention_labels_{language}"] = SEPARATOR.join(texts) or None
    row["imported"] = result.imported
    row["credential_id"] = str(result.credential_id)
    return row


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.1f}"
    return safe_cell(value)


def _write_csv(build, path, releases, axes, all_years=False):
    """Write `releases`' results as CSV row by row; returns the number of rows."""
    names = [field["name"] for field in schema(axes, all_years)["fields"]]
    count = 0
    with build.open(path) as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(names)
        for release in releases:
            for result in release.published_results:
                row = record(result, axes)
                writer.writerow([csv_cell(row[name]) for name in names])
                count += 1
    return count


def _write_json(build, path, release, axes):
    with build.open(path) as file:
        head = {
            "license": LICENSE,
            "year": release.year,
            "publication": release.number,
            "published_at": release.published_at.isoformat(),
            "imported": release.imported,
            "schema": "datapackage.json",
        }
        file.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "results": [')
        for index, result in enumerate(release.published_results):
            file.write(("," if index else "") + "\n  " + json.dumps(record(result, axes), ensure_ascii=False))
        file.write("\n ]\n}\n")


def _stats(build, path):
    """(bytes, "sha256:…") of a written file, read back in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(build.target(path), "rb") as file:
        while block := file.read(1 << 16):
            digest.update(block)
            size += len(block)
    return size, f"sha256:{digest.hexdigest()}"


def _site(path):
    return settings.SITE_URL.rstrip("/") + paths.url(path)


def datapackage(release, table, csv_stats, json_stats):
    label = settings.TNL_LABEL_NAME
    return {
        "profile": "data-package",
        "name": f"tnl-results-{release.year}",
        "title": f"{label} {release.year}: results",
        "description": (
            f"The public bodies labelled by {label} in {release.year}, with their level, scores and special mentions."
            + (" Imported from the records of an edition run before the platform." if release.imported else "")
        ),
        "homepage": _site(paths.open_data_index("en")),
        "version": str(release.number),
        "created": release.published_at.isoformat(),
        "licenses": [LICENSE],
        "sources": [{"title": label, "path": _site(paths.results(release.year, "en"))}],
        "resources": [
            {
                "name": "results",
                "path": "results.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
                "bytes": csv_stats[0],
                "hash": csv_stats[1],
                "licenses": [LICENSE],
                "schema": table,
            },
            {
                "name": "results-json",
                "path": "results.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "The same rows as results.csv, as JSON objects in the member `results`.",
                "bytes": json_stats[0],
                "hash": json_stats[1],
                "licenses": [LICENSE],
                "schema": table,
            },
        ],
    }


def _file(name, path, size, rows):
    return {"name": name, "url": paths.url(path), "bytes": size, "rows": rows, "absolute": _site(path)}


def write(build):
    editions = []
    for release in build.releases:
        axes = release.facts.get("axes") or []
        table = schema(axes)
        csv_path = paths.open_data(release.year, "results.csv")
        json_path = paths.open_data(release.year, "results.json")
        package_path = paths.open_data(release.year, "datapackage.json")
        rows = _write_csv(build, csv_path, [release], axes)
        _write_json(build, json_path, release, axes)
        csv_stats, json_stats = _stats(build, csv_path), _stats(build, json_path)
        package = datapackage(release, table, csv_stats, json_stats)
        build.write(package_path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
        editions.append(
            {
                "release": release,
                "rows": rows,
                "files": [
                    _file("results.csv", csv_path, csv_stats[0], rows),
                    _file("results.json", json_path, json_stats[0], rows),
                    _file("datapackage.json", package_path, _stats(build, package_path)[0], None),
                ],
            }
        )
    everything = None
    if build.releases:
        axes = []
        for release in build.releases:
            for axis in release.facts.get("axes") or []:
                if axis["code"] not in {known["code"] for known in axes}:
                    axes.append(axis)
        all_path = paths.open_data_all("results-all.csv")
        rows = _write_csv(build, all_path, build.releases, axes, all_years=True)
        everything = _file("results-all.csv", all_path, _stats(build, all_path)[0], rows)
    latest_axes = (build.releases[0].facts.get("axes") or []) if build.releases else []
    alternates = {language: paths.open_data_index(language) for language in LANGUAGES}
    for language in LANGUAGES:
        context = {
            "editions": editions,
            "everything": everything,
            "any_imported": any(release.imported for release in build.releases),
            "license": LICENSE,
            "columns": schema(latest_axes, language=language)["fields"],
            "language": language,
        }
        build.page(alternates[language], "publication/published/open_data.html", context, language, alternates)
