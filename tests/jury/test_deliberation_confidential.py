"""Decisions stay with the jury until the results are published: a candidate's dossier pages and
the public pages are the same before and after a decision (and its result e-mail is prepared)."""

import re

import pytest
from django.urls import reverse

from tests.jury.deliberating import LEVEL_1, start_deliberation, submit_review
from tnl.jury.deliberation_services import decide_level
from tnl.jury.outbox_services import prepare_outbox

pytestmark = pytest.mark.django_db

# What changes at each request whatever happens: the CSRF token, the print version's creation time.
MOVING = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|name="dcterms.created" content="[^"]+"')


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return MOVING.sub("", response.content.decode())


@pytest.mark.parametrize("role", ["elected", "contributor", "visitor", "outsider", "member_of_other_body"])
def test_nothing_of_a_decision_reaches_candidates_or_visitors(
    role, review_edition, submitted, nancy, juror, second_juror, organiser, user_for, login
):
    submit_review(submitted, juror, LEVEL_1)
    submit_review(submitted, second_juror, LEVEL_1)
    start_deliberation(review_edition, organiser)
    client = login(user_for(role))
    urls = [
        reverse("home"),
        reverse("publication:edition", args=[review_edition.year]),
        reverse("publication:criteria", args=[review_edition.year]),
        nancy.get_absolute_url(),
    ]
    if role in ("elected", "contributor"):
        urls += [
            reverse("dossiers:detail", args=[submitted.pk]),
            reverse("dossiers:mine"),
            reverse("dossiers:print", args=[submitted.pk]),
            reverse("dossiers:download", args=[submitted.pk]),
        ]
    before = {url: shown(client, url) for url in urls}
    decide_level(organiser, submitted, 3, "Motif confidentiel du jury", ["sobriety", "promotion"])
    prepare_outbox(organiser, review_edition)
    after = {url: shown(client, url) for url in urls}
    assert after == before
    assert all("Motif confidentiel" not in page for page in after.values())
