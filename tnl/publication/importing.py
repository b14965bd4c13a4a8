"""Importing the results of editions run before the platform, from a CSV file.

The file has one row per labelled body and year: `year`, `code` (INSEE code of a commune,
département or région, SIREN of an EPCI), `level` (1–5), `mentions` (codes or free labels
separated by ";"), and optionally `kind` (when a code is ambiguous) and `name` (only checked
against the registry). Each year becomes an imported `Release` with its `PublishedResult`s (no
scores: the past editions published levels only).

`import_file.read_rows` turns the file's bytes into rows (encoding, size, columns); `import_results` checks
every row and writes nothing when one is wrong: `Refused` lists every problem, each naming its
line and column."""

import re
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tnl.core import audit
from tnl.core.services import Refused, ensure
from tnl.editions.models import Edition
from tnl.referentials.engine import size_class_for
from tnl.referentials.models import Referential
from tnl.territories.models import Territory
from tnl.territories.normalize import search_key

from .models import PublishedResult, Release, RevokedCredential
from .site import queue_rebuild, raise_generation
from .snapshot import LANGUAGES, _texts, level_labels

MAX_ERRORS = 50  # listed; the rest are counted
DEFAULT_REFERENTIAL = "tnl-default"
FIRST_YEAR = 2000
MAX_LEVEL = 5
KINDS = ("commune", "epci", "departement", "region", "other")


def _default_referential():
    return Referential.objects.filter(code=DEFAULT_REFERENTIAL).first()


def _mentions_by_word(document):
    """{folded code or label: {"code", "label"}} of the referential's mentions."""
    known = {}
    for item in (document or {}).get("mentions", ()):
        mention = {"code": item["code"], "label": _texts(item.get("label") or item["code"])}
        known[search_key(item["code"])] = mention
        for text in mention["label"].values():
            known[search_key(text)] = mention
    return known


def _mentions(cell, known):
    mentions = []
    for word in (part.strip() for part in re.split(r"[;|]", cell or "")):
        if not word:
            continue
        mention = known.get(search_key(word)) or {
            "code": slugify(word)[:50] or "mention",
            "label": dict.fromkeys(LANGUAGES, word),  # a free label, kept as text
        }
        if mention["code"] not in {item["code"] for item in mentions}:
            mentions.append(mention)
    return mentions


def _bodies(rows):
    """{code: [territories]} for the codes of `rows` (codes of communes, départements, régions,
    other bodies, and EPCI by their SIREN, which is their code)."""
    codes = sorted({row.get("code", "") for _line, row in rows if row.get("code")})
    found = defaultdict(list)
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        query = Territory.objects.filter(code__in=chunk).select_related("departement", "region")
        for territory in query:
            found[territory.code].append(territory)
    return found


class _Checker:
    """Reads every row, keeps the problems (line, column, message) and the good rows."""

    def __init__(self, source, replace):
        self.source = source
        self.replace = replace
        self.problems = []
        self.years = defaultdict(list)  # year: [(line, territory, level, mentions)]
        self.seen = {}  # (year, kind, code): line

    def problem(self, line, column, message):
        self.problems.append(
            _("%(source)s, line %(line)s, column %(column)s: %(message)s")
            % {"source": self.source, "line": line, "column": column, "message": message}
        )

    def year(self, line, text):
        try:
            year = int(text)
        except ValueError:
            year = None
        if year is None or not FIRST_YEAR <= year <= timezone.now().year:
            self.problem(
                line,
                "year",
                _("“%(value)s” is not a past year (%(first)s to %(last)s).")
                % {"value": text, "first": FIRST_YEAR, "last": timezone.now().year},
            )
            return None
        return year

    def level(self, line, text):
        if not re.fullmatch(r"[1-9]", text or ""):
            self.problem(line, "level", _("“%(value)s” is not a level from 1 to 5.") % {"value": text})
            return None
        level = int(text)
        if level > MAX_LEVEL:
            self.problem(line, "level", _("“%(value)s” is not a level from 1 to 5.") % {"value": text})
            return None
        return level

    def body(self, line, row, bodies):
        code, kind = row.get("code", ""), row.get("kind", "").lower()
        if not code:
            self.problem(line, "code", _("the code is missing."))
            return None
        if kind and kind not in KINDS:
            self.problem(
                line,
                "kind",
                _("“%(value)s” is not a kind of body (%(kinds)s).") % {"value": row["kind"], "kinds": ", ".join(KINDS)},
            )
            return None
        candidates = [territory for territory in bodies.get(code, []) if not kind or territory.kind == kind]
        if not candidates:
            self.problem(line, "code", _("no body of the registry has the code “%(code)s”.") % {"code": code})
            return None
        if len(candidates) > 1:
            self.problem(
                line,
                "code",
                _("the code “%(code)s” is that of several bodies (%(kinds)s): add a column kind.")
                % {"code": code, "kinds": ", ".join(sorted(territory.kind for territory in candidates))},
            )
            return None
        territory = candidates[0]
        name = row.get("name", "")
        if name and search_key(name) not in (search_key(territory.name), search_key(territory.display_name)):
            self.problem(
                line,
                "name",
                _("the code “%(code)s” is that of %(body)s, not “%(name)s”.")
                % {"code": code, "body": territory.display_name, "name": name},
            )
            return None
        return territory

    def check(self, rows, known_mentions):
        bodies = _bodies(rows)
        for line, row in rows:
            year = self.year(line, row.get("year", ""))
            level = self.level(line, row.get("level", ""))
            territory = self.body(line, row, bodies)
            if year is None or level is None or territory is None:
                continue
            key = (year, territory.kind, territory.code)
            if key in self.seen:
                self.problem(
                    line,
                    "code",
                    _("%(body)s is already on line %(other)s for %(year)s.")
                    % {"body": territory.display_name, "other": self.seen[key], "year": year},
                )
                continue
            self.seen[key] = line
            self.years[year].append((line, territory, level, _mentions(row.get("mentions"), known_mentions)))
        for year in sorted(self.years):
            self.check_year(year)

    def check_year(self, year):
        line = self.years[year][0][0]
        live = Release.objects.filter(year=year, withdrawn_at=None).first()
        if live is not None and not live.imported:
            self.problem(
                line,
                "year",
                _("the results of %(year)s are published by the platform: they cannot be replaced by a file.")
                % {"year": year},
            )
        elif live is not None and not self.replace:
            self.problem(
                line,
                "year",
                _("results of %(year)s were already imported: import again with --replace to replace them.")
                % {"year": year},
            )
        elif Edition.objects.filter(year=year).exists():
            self.problem(
                line,
                "year",
                _("the platform runs the %(year)s edition: its results are published from the platform.")
                % {"year": year},
            )


def _facts(year, document, mentions, source):
    levels = [item["level"] for item in (document or {}).get("levels", ())] or list(range(1, MAX_LEVEL + 1))
    return {
        "year": year,
        "label": settings.TNL_LABEL_NAME,
        "referential": None,
        "dates": {"opens_at": None, "closes_at": None, "ceremony_on": None},
        "levels": [{"level": level, "label": level_labels(document or {"levels": []}, level)} for level in levels],
        "axes": [],
        "mentions": mentions,
        "size_classes": [
            {"code": item["code"], "label": _texts(item.get("label") or item["code"])}
            for item in (document or {}).get("size_classes", ())
        ],
        "jury": [],
        "participation": None,
        "source": source,
    }


def _withdraw(release, now, reason):
    results = release.results.all()
    RevokedCredential.objects.bulk_create(
        [
            RevokedCredential(
                credential_id=result.credential_id,
                year=result.year,
                kind=result.kind,
                code=result.code,
                revoked_at=now,
                reason=reason,
            )
            for result in results
        ]
    )
    results.delete()
    release.withdrawn_at = now
    release.withdrawal_reason = reason
    release.save(update_fields=["withdrawn_at", "withdrawal_reason"])


def _result(release, territory, level, mentions, document, compiled):
    departement = territory.departement if territory.kind != "departement" else territory
    region = territory.region if territory.kind != "region" else territory
    return PublishedResult(
        release=release,
        year=release.year,
        territory=territory,
        kind=territory.kind,
        code=territory.code,
        name=territory.name,
        display_name=territory.display_name,
        siren=territory.siren or "",
        population=territory.population,
        size_class=size_class_for(compiled, territory.kind, territory.population or 0) if compiled else "",
        departement_code=departement.code if departement else territory.departement_code,
        departement_name=departement.name if departement else "",
        region_code=region.code if region else "",
        region_name=region.name if region else "",
        level=level,
        level_label=level_labels(document or {"levels": []}, level),
        global_percent=None,
        axes=[],
        mentions=mentions,
        imported=True,
    )


@transaction.atomic
def import_results(actor, rows, source, replace=False):
    """Import past results: `rows` as `read_rows` gives them, `source` the file's name.

    Needs `publication.publish`. Every row is checked first; any problem refuses the whole file
    (`Refused` with one message per problem, naming the line and column) and nothing is written.
    A year the platform published, or an edition the platform runs, is refused; a year already
    imported is refused unless `replace` (its imported release is then withdrawn, its
    credentials revoked). Side effects: one imported `Release` per year with its results, one
    `release.imported` audit entry each, the rebuild of the published files. Returns the
    releases, by year."""
    ensure(actor, "publication.publish")
    referential = _default_referential()
    document = referential.document if referential else None
    compiled = referential.compiled() if referential else None
    checker = _Checker(source, replace)
    if not rows:
        raise Refused(_("%(source)s: the file has no result rows.") % {"source": source})
    checker.check(rows, _mentions_by_word(document))
    if checker.problems:
        shown = checker.problems[:MAX_ERRORS]
        if len(checker.problems) > MAX_ERRORS:
            hidden = len(checker.problems) - MAX_ERRORS
            shown.append(
                ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", hidden) % {"count": hidden}
            )
        raise Refused(shown)
    now = timezone.now()
    releases = []
    for year in sorted(checker.years):
        replaced = Release.objects.select_for_update().filter(year=year, withdrawn_at=None, imported=True).first()
        if replaced is not None:
            _withdraw(replaced, now, _("Replaced by an import of %(source)s.") % {"source": source})
        entries = checker.years[year]
        number = (Release.objects.filter(year=year).aggregate(Max("number"))["number__max"] or 0) + 1
        used = []
        for _line, _territory, _level, mentions in entries:
            used.extend(mention for mention in mentions if mention not in used)
        release = Release.objects.create(
            year=year,
            number=number,
            imported=True,
            facts=_facts(year, document, used, source),
            published_at=now,
            published_by=actor if getattr(actor, "pk", None) else None,
        )
        PublishedResult.objects.bulk_create(
            [
                _result(release, territory, level, mentions, document, compiled)
                for _l, territory, level, mentions in entries
            ],
            batch_size=1000,
        )
        audit.record(
            actor,
            "release.imported",
            release,
            ngettext("%(count)s result imported for %(year)s", "%(count)s results imported for %(year)s", len(entries))
            % {"count": len(entries), "year": year},
            year=year,
            results=len(entries),
            source=source,
            replaced=replaced.number if replaced else None,
        )
        releases.append(release)
    raise_generation()
    queue_rebuild()
    return releases
