"""Reading the official JSON files of @etalab/decoupage-administratif and writing them into the registry.

The files (regions.json, departements.json, epci.json, communes.json, as in the package's `data/`
folder) are read from a folder or a base URL, checked completely, then written kind by kind in
the order of their links: régions, départements, EPCI, communes. Writing is done in bulk against a
dict of the existing rows, so a second run only touches what changed. The caller
(`services.import_registry`) holds the transaction and writes the audit entry.

What is imported:
- communes: only the `commune-actuelle` records. Communes déléguées and associées, and the
  arrondissements municipaux of Paris, Lyon and Marseille, are parts of a commune, not bodies that
  apply; some share their code with their commune (Briey and Val de Briey are both 54099).
- a commune's EPCI comes from the `membres` of epci.json; its département and région from its codes.
- an EPCI's département is the one holding most of its population (an EPCI may straddle two);
  its région is that département's.
- rows that disappear from the data are marked inactive, never deleted (dossiers refer to them);
  they become active again if they come back.
"""

import json
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

from django.utils import timezone

from .enums import IMPORTED_KINDS, MAX_POPULATION, EpciType, Kind, default_competences_missing
from .models import Territory
from .normalize import search_key

EXTRACT_DIR = Path(__file__).resolve().parent / "data" / "extract"
FILE_NAMES = {
    Kind.REGION: "regions.json",
    Kind.DEPARTEMENT: "departements.json",
    Kind.EPCI: "epci.json",
    Kind.COMMUNE: "communes.json",
}
# Names accepted by `--only`, as in the file names.
KIND_OPTIONS = {"regions": Kind.REGION, "departements": Kind.DEPARTEMENT, "epci": Kind.EPCI, "communes": Kind.COMMUNE}
FETCH_TIMEOUT = 30  # seconds; communes.json is about 9 MB
WRITE_BATCH = 1000
# Fields the data owns; everything else (competences, e-mail domains) belongs to organisers.
SOURCE_FIELDS = (
    "name",
    "siren",
    "population",
    "postal_codes",
    "epci_type",
    "departement_id",
    "region_id",
    "epci_id",
    "search_name",
    "is_active",
)


class RegistryDataError(Exception):
    """The source cannot be read or a record is malformed; the message names the file and the record."""


# Reading -----------------------------------------------------------------------------------------


def is_url(source):
    return str(source).startswith(("http://", "https://"))


def read_source(source, names):
    """Return {file name: parsed JSON} for `names`, from a folder (or its `data/`) or a base URL."""
    if is_url(source):
        base = str(source).rstrip("/")
        return {name: _parse(name, _fetch(f"{base}/{name}")) for name in names}
    folder = Path(source)
    if not folder.is_dir():
        raise RegistryDataError(f"{source}: neither a folder nor an http(s) URL")
    if not (folder / names[0]).exists() and (folder / "data").is_dir():
        folder = folder / "data"  # the unpacked npm package itself
    data = {}
    for name in names:
        try:
            raw = (folder / name).read_bytes()
        except OSError as exc:
            raise RegistryDataError(f"{name}: cannot be read from {folder} ({exc.strerror})") from None
        data[name] = _parse(name, raw)
    return data


def _fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "tnl-platform territory import"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise RegistryDataError(f"{url}: HTTP error {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise RegistryDataError(f"{url}: cannot be fetched ({exc.reason})") from None
    except TimeoutError:
        raise RegistryDataError(f"{url}: no answer within {FETCH_TIMEOUT} s") from None


def _parse(name, raw):
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise RegistryDataError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise RegistryDataError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise RegistryDataError(f"{name}: not a registry file (arrays or objects nested too deeply)") from None
    except ValueError as exc:  # e.g. a number of more than 4300 digits
        raise RegistryDataError(f"{name}: not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise RegistryDataError(f"{name}: expected a JSON array of records, found {type(data).__name__}")
    return data


# Checking ----------------------------------------------------------------------------------------


class _Record:
    """One record of a file, with typed field access whose errors name the file and the record."""

    def __init__(self, file_name, number, raw):
        self.file_name, self.number, self.raw = file_name, number, raw
        if not isinstance(raw, dict):
            raise self.error("is not a JSON object")

    def error(self, message):
        code = self.raw.get("code") if isinstance(self.raw, dict) else None
        where = f"record {self.number}" + (f" (code {code!r})" if isinstance(code, str) else "")
        return RegistryDataError(f"{self.file_name}, {where}: {message}")

    def text(self, key, required=True, max_length=200):
        value = self.raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            if value is None:
                raise self.error(f"field {key!r} is missing")
            raise self.error(f"field {key!r} must be a non-empty text, not {_shown(value)}")
        if len(value.strip()) > max_length:
            raise self.error(f"field {key!r} is longer than {max_length} characters")
        return value.strip()

    def code(self, rows):
        """The record's code, refused when an earlier record of the file had it."""
        code = self.text("code", max_length=20)
        if code in rows:
            raise self.error("the same code appears in an earlier record")
        return code

    def count(self, key, raw=None):
        """A population: a whole number from 0 to MAX_POPULATION, or None when absent."""
        value = (self.raw if raw is None else raw).get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(f"field {key!r} must be a whole number, not {_shown(value)}")
        if value > MAX_POPULATION:
            raise self.error(f"field {key!r} is larger than {MAX_POPULATION:,}: {_shown(value)}")
        return value

    def texts(self, key):
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and len(item) <= 20 for item in value):
            raise self.error(f"field {key!r} must be a list of short texts, not {_shown(value)}")
        return value

    def records(self, key):
        value = self.raw.get(key)
        if not isinstance(value, list):
            raise self.error(f"field {key!r} is missing or not a list")
        for item in value:
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                raise self.error(f"an item of {key!r} has no text 'code': {_shown(item)}")
            self.count("populationMunicipale", raw=item)
        return value


def _shown(value, limit=60):
    """A value as an error message quotes it: its repr, cut short (a value may be huge)."""
    text = (
        repr(value)
        if not isinstance(value, int) or value.bit_length() < 200
        else f"a number of {len(str(value))} digits"
    )
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _records(data, kind):
    name = FILE_NAMES[kind]
    for number, raw in enumerate(data[name], start=1):
        yield _Record(name, number, raw)


def _commune_departement(commune_code):
    """Overseas commune codes carry a three-digit département (97105 -> 971)."""
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def parse_regions(data):
    rows = {}
    for rec in _records(data, Kind.REGION):
        rows[rec.code(rows)] = {"name": rec.text("nom")}
    return rows


def parse_departements(data):
    rows = {}
    for rec in _records(data, Kind.DEPARTEMENT):
        rows[rec.code(rows)] = {"name": rec.text("nom"), "region_code": rec.text("region")}
    return rows


def parse_epci(data):
    """EPCI rows, plus {commune code: EPCI code} from their members."""
    rows, member_of = {}, {}
    for rec in _records(data, Kind.EPCI):
        code = rec.code(rows)
        epci_type = rec.text("type")
        if epci_type not in EpciType.values:
            raise rec.error(f"field 'type' must be one of {', '.join(EpciType.values)}, not {epci_type!r}")
        weight = Counter()
        for member in rec.records("membres"):
            population = member.get("populationMunicipale")
            weight[_commune_departement(member["code"])] += population if isinstance(population, int) else 1
            if member_of.get(member["code"], code) != code:
                raise rec.error(f"commune {member['code']!r} is already a member of EPCI {member_of[member['code']]!r}")
            member_of[member["code"]] = code
        # Most populated département first; ties by code so the result never depends on file order.
        main = min(weight, key=lambda dep: (-weight[dep], dep)) if weight else None
        rows[code] = {
            "name": rec.text("nom"),
            "siren": code,
            "population": rec.count("populationMunicipale"),
            "epci_type": epci_type,
            "departement_code": main,
        }
    return rows, member_of


def parse_communes(data, member_of):
    rows = {}
    for rec in _records(data, Kind.COMMUNE):
        if rec.text("type") != "commune-actuelle":
            continue
        code = rec.code(rows)
        rows[code] = {
            "name": rec.text("nom"),
            "siren": rec.text("siren", required=False, max_length=9),
            "population": rec.count("population"),
            "postal_codes": rec.texts("codesPostaux"),
            "departement_code": rec.text("departement"),
            "region_code": rec.text("region"),
            "epci_code": member_of.get(code),
        }
    return rows


# Writing -----------------------------------------------------------------------------------------


def files_for(kinds):
    """The files needed to import `kinds`: communes also need epci.json for their EPCI."""
    names = [FILE_NAMES[kind] for kind in IMPORTED_KINDS if kind in kinds]
    if Kind.COMMUNE in kinds and FILE_NAMES[Kind.EPCI] not in names:
        names.append(FILE_NAMES[Kind.EPCI])
    return names


def load(source, kinds):
    """Read and check everything before any write: {kind: {code: values with parent codes}}."""
    data = read_source(source, files_for(kinds))
    parsed = {}
    if Kind.REGION in kinds:
        parsed[Kind.REGION] = parse_regions(data)
    if Kind.DEPARTEMENT in kinds:
        parsed[Kind.DEPARTEMENT] = parse_departements(data)
    if Kind.EPCI in kinds or Kind.COMMUNE in kinds:
        epci_rows, member_of = parse_epci(data)
        if Kind.EPCI in kinds:
            parsed[Kind.EPCI] = epci_rows
        if Kind.COMMUNE in kinds:
            parsed[Kind.COMMUNE] = parse_communes(data, member_of)
    return parsed


def write(parsed):
    """Write the parsed kinds in link order; return {kind: {created, updated, unchanged, deactivated}}."""
    now = timezone.now()
    counts = {}
    for kind in IMPORTED_KINDS:
        if kind in parsed:
            # Parents are looked up after the previous kind was written, so new ones are found.
            links = _Links(kind)
            rows = {code: _row(values) | links.resolve(values) for code, values in parsed[kind].items()}
            counts[kind.value] = _sync(kind, rows, now)
    return counts


def _row(values):
    return {
        "name": values["name"],
        "siren": values.get("siren"),
        "population": values.get("population"),
        "postal_codes": values.get("postal_codes", []),
        "epci_type": values.get("epci_type", ""),
        "search_name": search_key(values["name"]),
        "is_active": True,
    }


class _Links:
    """Ids of the parents a kind links to, read once per kind: {code: id}."""

    def __init__(self, kind):
        self.kind = kind
        departements = Territory.objects.filter(kind=Kind.DEPARTEMENT).values_list("code", "id", "region_id")
        self.departements = {code: pk for code, pk, _region in departements}
        self.region_of_departement = {code: region for code, _pk, region in departements}
        self.regions = dict(Territory.objects.filter(kind=Kind.REGION).values_list("code", "id"))
        self.epcis = (
            dict(Territory.objects.filter(kind=Kind.EPCI).values_list("code", "id")) if kind == Kind.COMMUNE else {}
        )

    def resolve(self, values):
        # A parent absent from the registry (e.g. `--only communes` on an empty database) stays unlinked.
        departement = values.get("departement_code")
        if self.kind == Kind.EPCI:
            region = self.region_of_departement.get(departement)
        else:
            region = self.regions.get(values.get("region_code"))
        return {
            "departement_id": self.departements.get(departement),
            "region_id": region,
            "epci_id": self.epcis.get(values.get("epci_code")),
        }


def _sync(kind, rows, now):
    existing = {territory.code: territory for territory in Territory.objects.filter(kind=kind)}
    to_create, updated = [], []
    changed_by_field = defaultdict(list)
    for code, values in rows.items():
        current = existing.get(code)
        if current is None:
            to_create.append(
                Territory(kind=kind, code=code, competences_missing=default_competences_missing(kind), **values)
            )
            continue
        changed = [field for field in SOURCE_FIELDS if getattr(current, field) != values[field]]
        for field in changed:
            setattr(current, field, values[field])
            changed_by_field[field].append(current)
        if changed:
            updated.append(current.pk)
    Territory.objects.bulk_create(to_create, batch_size=WRITE_BATCH)
    # bulk_update's cost is per (row, field) it writes, mostly in building its CASE expressions.
    # One call per changed field writes only what changed (a yearly refresh changes the
    # population of most communes and little else), and updated_at, the same for every row and
    # not set by bulk_update, is one plain UPDATE per batch: 40 % faster than writing it in the
    # CASE, at the price of a second row version that autovacuum reclaims (see the benchmarks).
    for field, territories in changed_by_field.items():
        Territory.objects.bulk_update(territories, [field], batch_size=WRITE_BATCH)
    _update_in_batches(updated, updated_at=now)
    gone = [territory.pk for code, territory in existing.items() if code not in rows and territory.is_active]
    _update_in_batches(gone, is_active=False, updated_at=now)
    return {
        "created": len(to_create),
        "updated": len(updated),
        "unchanged": len(rows) - len(to_create) - len(updated),
        "deactivated": len(gone),
    }


def _update_in_batches(pks, **values):
    for start in range(0, len(pks), WRITE_BATCH):
        Territory.objects.filter(pk__in=pks[start : start + WRITE_BATCH]).update(**values)
