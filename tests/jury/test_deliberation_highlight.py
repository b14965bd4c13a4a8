"""The public line of a decision (`Decision.highlight`) on the decision page: saved with the
level, shown back, and a line too long refused with what was typed kept."""

import pytest

from tests.html import Page, client_for
from tests.jury.test_deliberation_views import decision_url, deliberating, reviewed  # noqa: F401 (fixtures)
from tnl.jury.models import Decision

pytestmark = pytest.mark.django_db

LINE = "Un portail de données ouvertes partagé avec les communes voisines."


def test_the_field_says_it_is_public_once_published(deliberating, other_submitted, organiser, login):  # noqa: F811
    page = Page(login(organiser).get(decision_url(other_submitted)))
    assert page.text("label[for=id_highlight]") == (
        "Ce que l’organisme a bien fait (publié avec les résultats) (facultatif)"
    )
    assert page.text("#id_highlight_helptext") == (
        "Une phrase, 300 caractères au plus. Elle devient publique avec les résultats : le palmarès et la page "
        "publique de l’organisme l’affichent."
    )
    assert page.facts()["Phrase publique"] == "—"
    english = Page(client_for(organiser, "en").get(decision_url(other_submitted)))
    assert english.text("label[for=id_highlight]") == "What the body did well (published with the results) (optional)"
    assert english.text("#id_highlight_helptext") == (
        "One line, at most 300 characters. It becomes public with the results: the results booklet and the body's "
        "public page show it."
    )


def test_the_organiser_saves_the_public_line_and_sees_it_again(deliberating, other_submitted, organiser, login):  # noqa: F811
    client = login(organiser)
    response = client.post(
        decision_url(other_submitted),
        {"level": "1", "highlight": "  " + LINE.replace(" ouvertes ", "\n  ouvertes   ") + " "},
    )
    assert response.status_code == 302
    assert Decision.objects.get().highlight == LINE  # the spaces tidied
    page = Page(client.get(decision_url(other_submitted)))
    assert page.facts()["Phrase publique"] == LINE
    assert page.field_value("highlight") == LINE


def test_a_public_line_too_long_shows_the_error_and_keeps_what_was_typed(
    deliberating,  # noqa: F811
    other_submitted,
    organiser,
    login,
):
    typed = "Une démarche exemplaire. " * 13  # 325 characters, 324 once the spaces are tidied
    response = login(organiser).post(
        decision_url(other_submitted), {"level": "1", "reason": "", "mentions": ["sobriety"], "highlight": typed}
    )
    assert response.status_code == 200
    page = Page(response)
    message = "La phrase publique est trop longue : 300 caractères au plus (ici 324)."
    assert page.errors()[1] == [message]
    assert page.field_value("highlight") == typed  # as typed
    assert page.checked("mentions") == ["sobriety"]
    assert not Decision.objects.exists()


def test_changing_only_the_public_line_changes_the_decision(deliberating, other_submitted, organiser, login):  # noqa: F811
    client = login(organiser)
    client.post(decision_url(other_submitted), {"level": "1", "highlight": LINE})
    client.post(decision_url(other_submitted), {"level": "1", "highlight": ""})
    assert Decision.objects.get().highlight == ""
