"""The cast of the suite, defined once: every test names the people and bodies it needs.

| fixture                | who / what                                   | e-mail, name                          |
|------------------------|----------------------------------------------|---------------------------------------|
| (None, "visitor")      | not logged in                                |                                       |
| outsider               | logged in, no role that matters              | outsider@example.org, Oscar Outsider  |
| organiser              | runs the label (is_organiser)                | organiser@example.org, Olga Organisatrice |
| admin_user             | platform admin (superuser, staff)            | admin@example.org, Ada Admin          |
| registry               | the shipped extract: 5 régions, 8 départements, 4 EPCI, 85 communes |                |
| nancy                  | commune 54395, "Nancy (54)", in grand_nancy  |                                       |
| grand_nancy            | EPCI 245400676, Métropole du Grand Nancy     |                                       |
| vandoeuvre (other_body)| commune 54547, Vandœuvre-lès-Nancy           |                                       |
| elected (referent)     | confirmed elected referent of Nancy          | elue@nancy.fr, Élise Élue             |
| technical              | confirmed technical referent of Nancy        | tech@nancy.fr, Théo Technicien        |
| contributor (member)   | confirmed contributor of Nancy               | agent@nancy.fr, Camille Contributrice |
| member_of_other_body (other_member) | confirmed elected referent of Vandœuvre | elu@vandoeuvre.fr, Victor Voisin |
| default_referential    | tnl/referentials/data/tnl-default.yaml, imported |                                   |
| mini_referential       | tests/data/mini-referential.yaml, imported   |                                       |
| edition                | this year's edition, open, default referential, created by organiser |      |
| juror                  | juror of `edition`                           | jure@example.org, Jules Juré          |
| dossier                | Nancy's draft dossier for `edition`, created by elected (with technical and contributor) | |

Names in brackets are aliases kept for older tests. The people read e-mails in `cast_language`
("fr"; tests/territories overrides it to "en" for the tests that use `english_site`). Extra
people and bodies: tests/factories.py. Reading pages: tests/html.py. Helpers:
`user_for(role)` gives the cast member named `role` (None for "visitor"), `login(user)` the test's
client logged in as `user`; tests.html.client_for(user, language) a new client reading `language`.
"""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import factories
from tests.factories import CONTRIBUTOR, ELECTED, TECHNICAL, UserFactory, member_of

DATA = factories.MINI_REFERENTIAL.parent

# Hypothesis: fewer examples on a developer's machine ("dev") than in CI ("ci", chosen by CI=true);
# HYPOTHESIS_PROFILE=ci runs the CI amount locally. Tests set only what differs (health checks).
hypothesis_settings.register_profile("dev", max_examples=30, deadline=None)
hypothesis_settings.register_profile(
    "ci", max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI", "").lower() in ("1", "true") else "dev")
)


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True)
def _published_root(settings, tmp_path_factory):
    # Each test writes its published files into a folder of its own, never into var/.
    settings.TNL_PUBLISHED_ROOT = tmp_path_factory.mktemp("published")


@pytest.fixture(scope="session")
def _credential_key_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("credential-key")


@pytest.fixture(autouse=True)
def _credential_key(settings, _credential_key_folder):
    # The key that signs credentials: one per test session (made on first use), never in var/.
    settings.TNL_CREDENTIAL_KEY_FILE = _credential_key_folder / "credential-key.pem"
    settings.TNL_CREDENTIAL_RETIRED_KEYS = []


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Tests create many people; PBKDF2 would spend most of the suite's time hashing passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# People without a body ---------------------------------------------------------------------------


@pytest.fixture
def cast_language():
    """The language the cast reads its e-mails in."""
    return "fr"


@pytest.fixture
def organiser(db, cast_language):
    return UserFactory(
        email="organiser@example.org", full_name="Olga Organisatrice", organiser=True, language=cast_language
    )


@pytest.fixture
def admin_user(db, cast_language):
    return UserFactory(email="admin@example.org", full_name="Ada Admin", admin=True, language=cast_language)


@pytest.fixture
def outsider(db, cast_language):
    """Logged in, but holds no role that matters here."""
    return UserFactory(email="outsider@example.org", full_name="Oscar Outsider", language=cast_language)


# Bodies and their members -------------------------------------------------------------------------


@pytest.fixture
def registry(db):
    """The shipped extract: 5 régions, 8 départements, 4 EPCI, 85 communes."""
    from tnl.territories.importer import EXTRACT_DIR
    from tnl.territories.services import import_registry

    return import_registry(EXTRACT_DIR, factories.SYSTEM)


def _body(kind, code):
    from tnl.territories.models import Territory

    return Territory.objects.get(kind=kind, code=code)


@pytest.fixture
def nancy(registry):
    return _body("commune", "54395")


@pytest.fixture
def grand_nancy(registry):
    return _body("epci", "245400676")


@pytest.fixture
def vandoeuvre(registry):
    return _body("commune", "54547")


@pytest.fixture
def other_body(vandoeuvre):
    return vandoeuvre


@pytest.fixture
def elected(nancy, cast_language):
    return member_of(nancy, ELECTED, "elue@nancy.fr", full_name="Élise Élue", language=cast_language)


@pytest.fixture
def technical(nancy, cast_language):
    return member_of(nancy, TECHNICAL, "tech@nancy.fr", full_name="Théo Technicien", language=cast_language)


@pytest.fixture
def contributor(nancy, cast_language):
    return member_of(nancy, CONTRIBUTOR, "agent@nancy.fr", full_name="Camille Contributrice", language=cast_language)


@pytest.fixture
def member_of_other_body(vandoeuvre, cast_language):
    return member_of(vandoeuvre, ELECTED, "elu@vandoeuvre.fr", full_name="Victor Voisin", language=cast_language)


@pytest.fixture
def referent(elected):
    return elected


@pytest.fixture
def member(contributor):
    return contributor


@pytest.fixture
def other_member(member_of_other_body):
    return member_of_other_body


# Referentials, edition, jury, dossier -------------------------------------------------------------


@pytest.fixture
def default_referential(db):
    return factories.default_referential()


@pytest.fixture
def mini_referential(db):
    return factories.mini_referential()


@pytest.fixture
def edition(organiser, default_referential):
    return factories.EditionFactory(open=True, actor=organiser, referential=default_referential)


@pytest.fixture
def juror(edition, cast_language):
    seat = factories.JuryMemberFactory(
        edition=edition, user__email="jure@example.org", user__full_name="Jules Juré", user__language=cast_language
    )
    return seat.user


@pytest.fixture
def dossier(edition, nancy, elected, technical, contributor):
    return factories.DossierFactory(edition=edition, territory=nancy, actor=elected)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, with the default size caps."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TNL_EVIDENCE_MAX_FILE_MB = 10
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 100
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def pdf_bytes():
    """A one-page PDF, as a body would upload for evidence."""
    from weasyprint import HTML

    return HTML(string="<p>Délibération du conseil municipal</p>").write_pdf()


# Clients ------------------------------------------------------------------------------------------


@pytest.fixture
def user_for(request):
    """user_for("elected") is the `elected` fixture's person; user_for("visitor") is None."""

    def _user(role):
        return None if role in (None, "visitor") else request.getfixturevalue(role)

    return _user


@pytest.fixture
def login(client):
    """login(user): the test's client, logged in as `user` (as it is for None)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (`make test`), the browser tests share one worker: one Chromium at a time
    on a 2-core machine keeps their timings stable, while the other workers run the rest. The tests
    of a module that shares one load of the demo (tests/demo/conftest.py, about 30 s) run on one
    worker too, or each worker that takes one of them loads the demo again."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(f"demo-{item.module.__name__}"))
