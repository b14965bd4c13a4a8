"""Choices of the territory registry: kinds of bodies, EPCI types, competences, membership roles and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunality (EPCI)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Region")
    OTHER = "other", _("Other public body")


# Kinds whose `code` is an INSEE code (an EPCI's code is its SIREN; other bodies get a generated one).
INSEE_KINDS = (Kind.COMMUNE, Kind.DEPARTEMENT, Kind.REGION)
# Kinds that come from the official data and are refreshed by `import_territories`.
IMPORTED_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE)


class EpciType(models.TextChoices):
    CC = "CC", _("community of communes")
    CA = "CA", _("agglomeration community")
    CU = "CU", _("urban community")
    METRO = "METRO", _("metropolis")
    MET69 = "MET69", _("Metropolis of Lyon")
    EPT = "EPT", _("public territorial establishment")


class Competence(models.TextChoices):
    """Competences a body may lack; the referential's rules make questions non-applicable from them.

    The codes are the ones referentials use in `when: {competence_missing: CODE}`.
    """

    SCHOOLS = "schools", _("Schools (buildings and equipment of écoles, collèges or lycées)")


def default_competences_missing(kind):
    """What a new body of this kind lacks until an organiser says otherwise.

    Communes run the écoles, départements the collèges and régions the lycées; most EPCI and
    other bodies (syndicates, parks, agencies) have no school competence.
    """
    if kind in (Kind.EPCI, Kind.OTHER):
        return [Competence.SCHOOLS.value]
    return []


class MembershipRole(models.TextChoices):
    ELECTED_REFERENT = "elected_referent", _("elected referent")
    TECHNICAL_REFERENT = "technical_referent", _("technical referent")
    CONTRIBUTOR = "contributor", _("contributor")


# A body needs one confirmed member in each of these roles to submit its dossier.
REFERENT_ROLES = (MembershipRole.ELECTED_REFERENT, MembershipRole.TECHNICAL_REFERENT)

# What each role means, shown next to the choice in the join, invite and role forms.
ROLE_DESCRIPTIONS = {
    MembershipRole.ELECTED_REFERENT: _("An elected official who answers for the application and signs it off."),
    MembershipRole.TECHNICAL_REFERENT: _("An agent who coordinates the answers and the evidence."),
    MembershipRole.CONTRIBUTOR: _("A colleague who helps fill in the answers."),
}


class MembershipStatus(models.TextChoices):
    """pending → confirmed → left, or pending → declined; a left or declined person may ask again."""

    PENDING = "pending", _("pending")
    CONFIRMED = "confirmed", _("confirmed")
    LEFT = "left", _("left")
    DECLINED = "declined", _("declined")


# How long the link of an invitation works; inviting the same address again sends a fresh one.
INVITATION_VALID_DAYS = 30
# The largest population a body may have, in forms and imports: above France's (68 million), far
# below what the database column holds (2,147,483,647).
MAX_POPULATION = 100_000_000
