"""The dossier cast: a body (Nancy) with an elected referent, a technical referent and a
contributor; another body's member; a juror of the edition; plus the shared cast (visitor,
outsider, organiser, admin). The edition is open and uses the default referential."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import DEFAULT_REFERENTIAL, UserFactory
from tnl.core.services import SYSTEM
from tnl.editions import services as edition_services
from tnl.editions.models import JuryMember
from tnl.referentials.services import import_referential
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Membership, Territory


@pytest.fixture
def registry(db):
    call_command("import_territories", str(EXTRACT_DIR), verbosity=0)


@pytest.fixture
def nancy(registry):
    return Territory.objects.get(kind="commune", code="54395")


@pytest.fixture
def other_body(registry):
    return Territory.objects.get(kind="commune", code="54547")  # Vandœuvre-lès-Nancy


def member_of(territory, role, email):
    user = UserFactory(email=email)
    Membership.objects.create(
        user=user, territory=territory, role=role, status="confirmed", confirmed_at=timezone.now()
    )
    return user


@pytest.fixture
def elected(nancy):
    return member_of(nancy, "elected_referent", "elue@nancy.example.org")


@pytest.fixture
def technical(nancy):
    return member_of(nancy, "technical_referent", "technique@nancy.example.org")


@pytest.fixture
def contributor(nancy):
    return member_of(nancy, "contributor", "agent@nancy.example.org")


@pytest.fixture
def other_member(other_body):
    return member_of(other_body, "elected_referent", "elu@vandoeuvre.example.org")


@pytest.fixture
def default_referential(db):
    return import_referential(SYSTEM, DEFAULT_REFERENTIAL.read_bytes(), DEFAULT_REFERENTIAL.name)


@pytest.fixture
def edition(organiser, default_referential):
    now = timezone.now()
    return edition_services.create_edition(
        organiser,
        now.year,
        default_referential,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=20),
        jury_on=(now + timedelta(days=25)).date(),
    )


@pytest.fixture
def juror(edition):
    user = UserFactory(email="jure@example.org")
    JuryMember.objects.create(edition=edition, user=user, role="juror")
    return user


@pytest.fixture
def dossier(edition, nancy, elected, technical, contributor):
    from tnl.dossiers.services import create_dossier

    return create_dossier(elected, edition, nancy)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, with the default size caps."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TNL_EVIDENCE_MAX_FILE_MB = 10
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 100
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def pdf_bytes():
    from weasyprint import HTML

    return HTML(string="<p>Délibération du conseil municipal</p>").write_pdf()
