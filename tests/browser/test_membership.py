"""The membership pages in headless Chromium: axe-core finds 0 violations in French and English,
for every role that sees them, and a person joins a body using the keyboard only."""

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.factories import UserFactory
from tnl.accounts.models import User
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipRole, MembershipStatus
from tnl.territories.models import Membership, Territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NANCY = "/territoires/commune/54395/"
MEMBERS = "/territoires/commune/54395/membres/"


def person(email, name):
    return UserFactory(email=email, full_name=name)


@pytest.fixture
def nancy_team(registry, organiser):
    """Nancy with an elected referent, a contributor, a former member, a pending request and an invitation."""
    nancy = Territory.objects.get(kind="commune", code="54395")
    referent = person("elue@nancy.fr", "Élise Élue")
    now = timezone.now()
    for user, role in [
        (referent, MembershipRole.ELECTED_REFERENT),
        (person("agent@nancy.fr", "Camille Contributrice"), MembershipRole.CONTRIBUTOR),
        (person("ancien@nancy.fr", "Ange Ancien"), MembershipRole.CONTRIBUTOR),
    ]:
        Membership.objects.create(
            user=user, territory=nancy, role=role, status=MembershipStatus.CONFIRMED, confirmed_at=now
        )
    services.leave_body(
        User.objects.get(email="ancien@nancy.fr"), Membership.objects.get(user__email="ancien@nancy.fr")
    )
    services.request_membership(person("jean@example.org", "Jean Demandeur"), nancy, MembershipRole.CONTRIBUTOR)
    services.request_membership(
        person("vic@example.org", "Victor Voisin"),
        Territory.objects.get(kind="commune", code="54547"),
        MembershipRole.TECHNICAL_REFERENT,
    )
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", MembershipRole.TECHNICAL_REFERENT)
    return {"referent": referent, "invitation": invitation, "nancy": nancy}


def check(page, pages, language):
    for name, url in pages:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], name
        screenshot(page, f"{name}-{language}")


def set_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_referent_pages_have_no_axe_violation(page, live_server, nancy_team, language):
    log_in(page, live_server, nancy_team["referent"])
    set_language(page, live_server, language)
    request = Membership.objects.get(user__email="jean@example.org")
    own = Membership.objects.get(user=nancy_team["referent"])
    contributor = Membership.objects.get(user__email="agent@nancy.fr")
    check(
        page,
        [
            ("my-bodies", "/mes-organismes/"),
            ("my-bodies-search", "/mes-organismes/?q=nancy"),
            ("my-bodies-no-result", "/mes-organismes/?q=zzzz"),
            ("members", MEMBERS),
            ("body-as-member", NANCY),
            ("change-role", f"{MEMBERS}{contributor.pk}/role/"),
            ("decline", f"{MEMBERS}{request.pk}/refuser/"),
            ("leave-blocked", f"{MEMBERS}{own.pk}/quitter/"),
        ],
        language,
    )
    # The invite form with errors: summary and messages next to the fields.
    page.goto(MEMBERS)
    page.fill("#id_email", "paul@")
    with page.expect_navigation():
        page.locator("form:has(#id_email) button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.input_value("#id_email") == "paul@"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == [], "members-invite-error"
    screenshot(page, f"members-invite-error-{language}")
    # The role form refusing to remove the last elected referent.
    page.goto(f"{MEMBERS}{own.pk}/role/")
    page.locator("input[name=role][value=contributor]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert axe_violations(page) == [], "change-role-error"
    screenshot(page, f"change-role-error-{language}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_organiser_and_outsider_pages_have_no_axe_violation(page, live_server, nancy_team, organiser, language):
    log_in(page, live_server, organiser)
    set_language(page, live_server, language)
    check(page, [("membership-requests", "/organisation/adhesions/"), ("members-as-organiser", MEMBERS)], language)

    page.context.clear_cookies()
    set_language(page, live_server, language)
    token = nancy_team["invitation"].token
    check(
        page,
        [("body-as-visitor", NANCY), ("invitation-logged-out", f"/invitations/{token}/")],
        language,
    )

    log_in(page, live_server, person("outsider@example.org", "Oscar Outsider"))
    check(
        page,
        [
            ("my-bodies-empty", "/mes-organismes/"),
            ("body-as-outsider", NANCY),
            ("join", f"{NANCY}rejoindre/"),
            ("invitation-other-address", f"/invitations/{token}/"),
        ],
        language,
    )

    log_in(page, live_server, person("paul@nancy.fr", "Paul Agent"))
    check(page, [("invitation-open", f"/invitations/{token}/")], language)

    log_in(page, live_server, User.objects.get(email="jean@example.org"))
    request = Membership.objects.get(user__email="jean@example.org")
    check(page, [("withdraw", f"{MEMBERS}{request.pk}/quitter/")], language)


def test_a_person_joins_a_body_by_keyboard(page, live_server, nancy_team):
    outsider = person("outsider@example.org", "Oscar Outsider")
    log_in(page, live_server, outsider)
    set_language(page, live_server, "en")
    page.goto("/mes-organismes/")

    # Search the registry from "My bodies".
    page.locator("#id_q").focus()
    page.keyboard.type("vandoeuvre")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    join = page.get_by_role("link", name="Join")
    join.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Act for Vandœuvre-lès-Nancy (54)"

    # Sending without a role: the error summary takes the focus.
    page.get_by_role("button", name="Send my request").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "error-summary"

    # Choose a role with the keyboard and send.
    page.locator("#id_role_0").focus()
    page.keyboard.press("ArrowDown")  # moves to, and checks, the technical referent
    assert page.locator("#id_role_1").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send my request"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text() == "My bodies"
    assert "Your request to act for Vandœuvre-lès-Nancy (54) was sent." in page.locator(".messages").inner_text()
    membership = Membership.objects.get(user=outsider)
    assert (membership.status, membership.role) == (MembershipStatus.PENDING, MembershipRole.TECHNICAL_REFERENT)
    assert axe_violations(page) == []
