"""State changes of the territory registry. Each function is one transaction that checks the
permission, saves and writes the audit log; views and commands call these, never `save()`.
Memberships and invitations have theirs in membership_services.py."""

from django.db import transaction
from django.utils.text import slugify

from tnl.core.audit import record
from tnl.core.services import ensure

from . import importer
from .enums import IMPORTED_KINDS, Competence, Kind, default_competences_missing
from .models import RegistryImport, Territory


def import_registry(source, actor, only=None):
    """Import the official data from `source` (a folder or a base URL) and return the `RegistryImport`.

    `only` limits the import to some kinds (a collection of `Kind`); `actor` is `SYSTEM` for the
    `import_territories` command, or a person, who must be a platform admin.
    Side effects: creates, updates and deactivates territories of the imported kinds; saves one
    `RegistryImport` with the counts; writes one audit entry "registry.imported".
    Raises `importer.RegistryDataError` (nothing written) when a file cannot be read or a record is malformed.
    """
    ensure(actor, "territories.import")
    kinds = [kind for kind in IMPORTED_KINDS if only is None or kind in only]
    # Read and check everything first: a download must not hold the write lock.
    parsed = importer.load(source, kinds)
    with transaction.atomic():
        counts = importer.write(parsed)
        run = RegistryImport.objects.create(
            source=str(source)[:500], kinds=[kind.value for kind in kinds], counts=counts
        )
        summary = "; ".join(
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['deactivated']} deactivated"
            for kind, c in counts.items()
        )
        record(actor, "registry.imported", run, f"Registry imported from {source}: {summary}", counts=counts)
    return run


def create_other_body(actor, *, name, subkind, departement, population=None):
    """Add a public body that is not in the official data (syndicate, park, agency…) and return it.

    Its code is "X-" and a slug of its name (made unique); its région is its département's; it
    lacks the school competence until an organiser says otherwise.
    Side effects: saves the territory; writes one audit entry "territory.created".
    """
    ensure(actor, "territories.manage")
    with transaction.atomic():
        body = Territory(
            kind=Kind.OTHER,
            code=_free_other_code(name),
            name=name.strip(),
            subkind=subkind.strip(),
            population=population,
            departement=departement,
            region_id=departement.region_id if departement else None,
            competences_missing=default_competences_missing(Kind.OTHER),
        )
        body.save()
        record(
            actor,
            "territory.created",
            body,
            f"Added {body.name} ({body.subkind})",
            kind=body.kind,
            code=body.code,
            name=body.name,
            subkind=body.subkind,
            population=body.population,
            departement=departement.code if departement else None,
        )
    return body


def _free_other_code(name):
    base = "X-" + (slugify(name)[:50].strip("-") or "body")
    taken = set(Territory.objects.filter(kind=Kind.OTHER, code__startswith=base).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


def update_body_settings(actor, territory, *, competences_missing, email_domains):
    """Set which competences `territory` lacks and the e-mail domains of its agents; return it.

    Lists are stored without duplicates, competences in their declared order, domains lowercase.
    Side effects: saves the territory and writes one audit entry "territory.settings_changed"
    with the values before and after; does nothing when nothing changes.
    """
    ensure(actor, "territories.manage", territory)
    competences = [code for code in Competence.values if code in set(competences_missing)]
    domains = list(dict.fromkeys(domain.strip().lower() for domain in email_domains if domain.strip()))
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        before = {"competences_missing": territory.competences_missing, "email_domains": territory.email_domains}
        after = {"competences_missing": competences, "email_domains": domains}
        if before == after:
            return territory
        territory.competences_missing = competences
        territory.email_domains = domains
        territory.save(update_fields=["competences_missing", "email_domains", "updated_at"])
        record(
            actor,
            "territory.settings_changed",
            territory,
            f"Settings of {territory.display_name} changed",
            before=before,
            after=after,
        )
    return territory
