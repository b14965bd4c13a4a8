"""Fixtures of the territory and membership tests. The cast (Nancy, grand_nancy, vandoeuvre, the
organiser, outsider, elected/referent, technical, contributor/member, other_member) is in
tests/conftest.py; the helpers are in tests/territories/membership.py (re-exported here for
older imports)."""

import shutil

import pytest

from tests.territories.membership import (  # noqa: F401 (names kept for `from .conftest import ...`)
    CONTRIBUTOR,
    ELECTED,
    MEMBERS,
    MEMBERSHIP_ROLES,
    MY_BODIES,
    NANCY_URL,
    PASSWORD,
    SITE,
    TECHNICAL,
    actions,
    make_membership,
    make_user,
    member_url,
    sent,
    status_of,
    today,
    verify_email,
)
from tnl.territories.enums import MembershipRole
from tnl.territories.importer import EXTRACT_DIR


@pytest.fixture
def cast_language(request):
    """The membership tests read e-mails in English (`english_site`); the others in French."""
    return "en" if "english_site" in request.fixturenames else "fr"


@pytest.fixture
def english_site(settings):
    """Membership tests read pages and e-mails in English, so that they hold before and after the
    French catalogue is filled in; e-mail links start with a known address."""
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = SITE


@pytest.fixture
def request_from(nancy, referent):
    """A pending request of Jean Demandeur to act for Nancy as a contributor, waiting for its referent."""
    from tnl.territories.membership_services import request_membership

    return request_membership(make_user("jean@example.org", "Jean Demandeur"), nancy, MembershipRole.CONTRIBUTOR)


@pytest.fixture
def extract_copy(tmp_path):
    """A copy of the shipped registry extract, to edit before importing it."""
    folder = tmp_path / "data"
    shutil.copytree(EXTRACT_DIR, folder, ignore=shutil.ignore_patterns("README.md"))
    return folder
