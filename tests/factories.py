"""Test data builders (factory_boy): people, territories, memberships, editions, jury seats, dossiers.

The fixed cast of the suite (Nancy, its referents, the organiser...) is in tests/conftest.py and
built with these factories; use them directly for the extra people and bodies a test needs:

    MembershipFactory(territory=nancy, role=ELECTED, user__email="paul@nancy.fr")
    MembershipFactory(territory=nancy, pending=True)          # a request waiting for a referent
    EditionFactory(year=2027, open=True)                       # default referential, open now
    DossierFactory(territory=nancy, edition=edition)           # created by the body's referent

Editions and dossiers go through the services (create_edition, create_dossier), as users would
create them, so that they hold what the services write (the referential copy, the audit log).
"""

from datetime import timedelta
from pathlib import Path

import factory
from django.utils import timezone

from tnl.accounts.models import User
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition, JuryMember
from tnl.territories.enums import Kind, MembershipRole, MembershipStatus
from tnl.territories.models import Membership, Territory

DEFAULT_REFERENTIAL = Path(__file__).resolve().parent.parent / "tnl" / "referentials" / "data" / "tnl-default.yaml"
MINI_REFERENTIAL = Path(__file__).resolve().parent / "data" / "mini-referential.yaml"
PASSWORD = "correct-horse-battery-staple"

try:  # the explicit actor of what no person asks for (None before tnl.core.services had one)
    from tnl.core.services import SYSTEM
except ImportError:  # pragma: no cover
    SYSTEM = None

ELECTED, TECHNICAL, CONTRIBUTOR = (
    MembershipRole.ELECTED_REFERENT,
    MembershipRole.TECHNICAL_REFERENT,
    MembershipRole.CONTRIBUTOR,
)


class UserFactory(factory.django.DjangoModelFactory):
    """A person signed up as the site does it (create_user: the address in lower case) with the
    password PASSWORD, reading the site in French unless `language` says otherwise."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = PASSWORD

    class Params:
        organiser = factory.Trait(is_organiser=True)
        admin = factory.Trait(is_superuser=True, is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


def verified(user):
    """Mark the user's address as verified (allauth), as after clicking the link of the sign-up e-mail."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# Territories ------------------------------------------------------------------------------------
# Standalone bodies, for tests that need no registry (tests/conftest.py `registry` imports the
# shipped extract, with Nancy and its EPCI, département and région).


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Kind.REGION
    code = "44"
    name = "Grand Est"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Kind.DEPARTEMENT
    code = "54"
    name = "Meurthe-et-Moselle"
    region = factory.SubFactory(RegionFactory)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    kind = Kind.EPCI
    code = factory.Sequence(lambda n: f"2{n:08d}")  # a SIREN-like code
    siren = factory.SelfAttribute("code")
    name = factory.Sequence(lambda n: f"Communauté de communes n° {n}")
    epci_type = "CC"
    competences_missing = factory.LazyFunction(lambda: ["schools"])


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of Meurthe-et-Moselle (54), e.g. CommuneFactory(name="Laxou", code="54304")."""

    class Meta:
        model = Territory

    kind = Kind.COMMUNE
    code = factory.Sequence(lambda n: f"549{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")
    population = 1000


class OtherBodyFactory(factory.django.DjangoModelFactory):
    """A public body outside the registry (a syndicate, a park, an agency)."""

    class Meta:
        model = Territory

    kind = Kind.OTHER
    code = factory.Sequence(lambda n: f"X{n:05d}")
    name = factory.Sequence(lambda n: f"Syndicat mixte n° {n}")
    competences_missing = factory.LazyFunction(lambda: ["schools"])


# Memberships ------------------------------------------------------------------------------------


class MembershipFactory(factory.django.DjangoModelFactory):
    """A confirmed contributor by default; `role=ELECTED`/`TECHNICAL`; traits `pending`, `declined`, `left`."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(CommuneFactory)
    role = CONTRIBUTOR
    status = MembershipStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=MembershipStatus.PENDING, confirmed_at=None)
        declined = factory.Trait(
            status=MembershipStatus.DECLINED, confirmed_at=None, declined_at=factory.LazyFunction(timezone.now)
        )
        left = factory.Trait(status=MembershipStatus.LEFT, left_at=factory.LazyFunction(timezone.now))


def member_of(territory, role, email=None, **user_fields):
    """A new person who is a confirmed member of `territory` in `role`."""
    if email is not None:
        user_fields["email"] = email
    return MembershipFactory(territory=territory, role=role, **{f"user__{k}": v for k, v in user_fields.items()}).user


# Referentials, editions, jury, dossiers ---------------------------------------------------------


def _imported(path, code):
    from tnl.referentials.models import Referential
    from tnl.referentials.services import import_referential

    existing = Referential.objects.filter(code=code).first()
    return existing or import_referential(SYSTEM, path.read_bytes(), path.name)


def default_referential():
    """The platform's default referential (tnl/referentials/data/tnl-default.yaml), imported once per test."""
    return _imported(DEFAULT_REFERENTIAL, "tnl-default")


def mini_referential():
    """The small referential of tests/data (2 axes), imported once per test."""
    return _imported(MINI_REFERENTIAL, "mini-2026")


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition created by the organiser from the default referential (create_edition).

    Dates: none (draft) by default; `open=True` opened 10 days ago, closing in 20 days, jury in
    25 days; `closed=True` closed yesterday, jury in 5 days. Or give the dates yourself.
    """

    class Meta:
        model = Edition

    year = factory.LazyFunction(lambda: timezone.now().year)
    referential = None  # the source referential; default_referential() when None
    actor = None  # who creates it; a new organiser when None

    class Params:
        open = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=20)),
            jury_on=factory.LazyFunction(lambda: timezone.localdate(timezone.now() + timedelta(days=25))),
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            jury_on=factory.LazyFunction(lambda: timezone.localdate(timezone.now() + timedelta(days=5))),
        )

    @classmethod
    def _create(cls, model_class, year, referential=None, actor=None, **dates):
        from tnl.editions import services

        actor = actor or UserFactory(organiser=True)
        return services.create_edition(actor, year, referential or default_referential(), **dates)


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    role = JuryRole.JUROR


class DossierFactory(factory.django.DjangoModelFactory):
    """A draft dossier, created (create_dossier) by `actor` or by a new elected referent of the body."""

    class Meta:
        model = "dossiers.Dossier"

    edition = factory.SubFactory(EditionFactory, open=True)
    territory = factory.SubFactory(CommuneFactory)
    actor = None

    @classmethod
    def _create(cls, model_class, edition, territory, actor=None, **options):
        from tnl.dossiers.services import create_dossier

        actor = actor or member_of(territory, ELECTED)
        return create_dossier(actor, edition, territory, **options)
