import pytest
from django.core import mail

from tnl.accounts.models import User
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.territories.enums import Kind, MembershipRole, MembershipStatus
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Membership, Territory
from tnl.territories.services import import_registry

PASSWORD = "correct horse battery staple"


@pytest.fixture
def registry(db):
    """The shipped extract: 5 régions, 8 départements, 4 EPCI, 85 communes."""
    return import_registry(EXTRACT_DIR, SYSTEM)


@pytest.fixture
def nancy(registry):
    return Territory.objects.get(kind=Kind.COMMUNE, code="54395")


@pytest.fixture
def grand_nancy(registry):
    return Territory.objects.get(kind=Kind.EPCI, code="245400676")


@pytest.fixture
def organiser(db):
    return User.objects.create_user(email="organiser@example.org", password=PASSWORD, is_organiser=True)


@pytest.fixture
def outsider(db):
    return User.objects.create_user(email="outsider@example.org", password=PASSWORD)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


# Memberships -------------------------------------------------------------------------------------
# The cast of the membership tables, around Nancy: visitor (None), outsider (logged in, no
# membership), member (confirmed contributor), referent (confirmed elected referent), technical
# (confirmed technical referent), other_member (confirmed elected referent of another body) and
# organiser.

SITE = "https://label.example.org"
NANCY_URL = "/territoires/commune/54395/"
MEMBERS = "/territoires/commune/54395/membres/"
MY_BODIES = "/mes-organismes/"
MEMBERSHIP_ROLES = ["visitor", "outsider", "member", "referent", "other_member", "organiser"]


@pytest.fixture
def english_site(settings, organiser, outsider):
    """Membership tests read pages and e-mails in English, so that they hold before and after the
    French catalogue is filled in; e-mail links start with a known address."""
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = SITE
    User.objects.filter(pk__in=[organiser.pk, outsider.pk]).update(language="en")
    organiser.language = outsider.language = "en"


def make_user(email, full_name="", **fields):
    """A person who reads the site and e-mails in English (see `english_site`)."""
    fields.setdefault("language", "en")
    return User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **fields)


def make_membership(user, territory, role, status=MembershipStatus.CONFIRMED):
    from django.utils import timezone

    confirmed_at = timezone.now() if status == MembershipStatus.CONFIRMED else None
    return Membership.objects.create(
        user=user, territory=territory, role=role, status=status, confirmed_at=confirmed_at
    )


def verify_email(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def vandoeuvre(registry):
    return Territory.objects.get(kind=Kind.COMMUNE, code="54547")


@pytest.fixture
def referent(nancy):
    user = make_user("elue@nancy.fr", "Élise Élue")
    make_membership(user, nancy, MembershipRole.ELECTED_REFERENT)
    return user


@pytest.fixture
def technical(nancy):
    user = make_user("tech@nancy.fr", "Théo Technicien")
    make_membership(user, nancy, MembershipRole.TECHNICAL_REFERENT)
    return user


@pytest.fixture
def member(nancy):
    user = make_user("agent@nancy.fr", "Camille Contributrice")
    make_membership(user, nancy, MembershipRole.CONTRIBUTOR)
    return user


@pytest.fixture
def other_member(vandoeuvre):
    user = make_user("elu@vandoeuvre.fr", "Victor Voisin")
    make_membership(user, vandoeuvre, MembershipRole.ELECTED_REFERENT)
    return user


@pytest.fixture
def user_for(request):
    def _user(role):
        return None if role == "visitor" else request.getfixturevalue(role)

    return _user


@pytest.fixture
def request_from(nancy, referent):
    """A pending request of Jean Demandeur to act for Nancy as a contributor, waiting for its referent."""
    from tnl.territories.membership_services import request_membership

    return request_membership(make_user("jean@example.org", "Jean Demandeur"), nancy, MembershipRole.CONTRIBUTOR)


def member_url(membership, action):
    """The page of an action on one membership of Nancy: "role", "quitter", "confirmer", "refuser"."""
    return f"{MEMBERS}{membership.pk}/{action}/"


def today():
    """Today as the English pages write it."""
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    with translation.override("en"):
        return date_format(timezone.localtime(), "j F Y")


# Helpers shared by the membership tests.

ELECTED, TECHNICAL, CONTRIBUTOR = (
    MembershipRole.ELECTED_REFERENT,
    MembershipRole.TECHNICAL_REFERENT,
    MembershipRole.CONTRIBUTOR,
)


def sent():
    return [(message.to, message.subject) for message in mail.outbox]


def actions(obj):
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def status_of(membership):
    membership.refresh_from_db()
    return membership.status, membership.role
