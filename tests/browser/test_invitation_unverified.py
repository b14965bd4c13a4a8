"""The invitation page for someone whose address is not verified yet: it says what to do, offers
no button to accept, and has no axe violation, in French and English, at 360 and 1280 px."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.accounts.models import User
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipRole
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Membership, Territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "fr": "Confirmez votre adresse électronique paul@nancy.fr avant d’accepter : suivez le lien que nous vous "
    "avons envoyé par courriel. Renvoyer le lien",
    "en": "Confirm your e-mail address paul@nancy.fr before you accept: follow the link we sent you by e-mail. "
    "Send the link again",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_unverified_address_is_told_to_confirm_it_first(page, live_server, settings, language):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    call_command("import_territories", str(EXTRACT_DIR))
    nancy = Territory.objects.get(kind="commune", code="54395")
    referent = User.objects.create_user(email="elue@nancy.fr", password="x" * 12, full_name="Élise Élue")
    Membership.objects.create(user=referent, territory=nancy, role=MembershipRole.ELECTED_REFERENT, status="confirmed")
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", MembershipRole.TECHNICAL_REFERENT)
    paul = User.objects.create_user(email="paul@nancy.fr", password="x" * 12, full_name="Paul Agent")
    log_in(page, live_server, paul)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(invitation.get_absolute_url())
        assert (
            page.locator("main .message-warning").inner_text().replace("\u202f", " ").replace("\xa0", " ")
            == (TEXT[language])
        )
        assert page.locator("main button").count() == 0
        assert axe_violations(page) == []
        screenshot(page, f"invitation-unverified-{language}-{width}")
