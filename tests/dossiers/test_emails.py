"""The dossier e-mails (created, submitted, reopened) go out in each recipient's language, in
the same action; French e-mails put no space before ":"."""

from django.core import mail

from tests.dossiers.answering import answer_all_required
from tnl.accounts.models import User
from tnl.core.formatting import plain_number
from tnl.dossiers import services
from tnl.dossiers.scoring import dossier_state


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_each_member_gets_the_dossier_e_mails_in_their_language(
    edition, nancy, elected, technical, contributor, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=technical.pk).update(language="en")
    year = edition.year
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.create_dossier(contributor, edition, nancy)
    created = by_address()
    assert created["tech@nancy.fr"].subject == f"Nancy: the {year} dossier is started"
    assert created["elue@nancy.fr"].subject == f"Nancy: le dossier {year} est commencé"
    assert created["agent@nancy.fr"].subject == f"Nancy: le dossier {year} est commencé"
    assert created["elue@nancy.fr"].body.startswith(
        f"Bonjour,\n\nCamille Contributrice a commencé le dossier de Nancy pour l’édition {year} du label "
        "Territoire Numérique Libre.\nFormulaire choisi: questionnaire complet."
    )
    assert "reprise" not in created["elue@nancy.fr"].body
    assert "Form chosen: full questionnaire." in created["tech@nancy.fr"].body

    answer_all_required(dossier, contributor)
    percent = dossier_state(dossier).result.global_percent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(elected, dossier)
    submitted = by_address()
    english, french = submitted["tech@nancy.fr"], submitted["elue@nancy.fr"]
    assert english.subject == f"Receipt: the {year} dossier of Nancy is submitted"
    assert french.subject == f"Accusé de réception: le dossier {year} de Nancy est déposé"
    number = plain_number(percent, 1)
    assert f"- Declared score: {number} %\n" in english.body
    assert f"- Score déclaré: {number.replace('.', ',')}\u00a0%\n" in french.body
    assert " :" not in french.body and "\u00a0:" not in french.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_dossier(elected, dossier)
    reopened = by_address()
    assert reopened["tech@nancy.fr"].subject == f"Nancy: the {year} dossier is reopened"
    assert reopened["agent@nancy.fr"].subject == f"Nancy: le dossier {year} est rouvert"
    assert "Il n’est plus déposé: pensez à le déposer de nouveau avant le " in reopened["agent@nancy.fr"].body
