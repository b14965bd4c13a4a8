"""The clarification pages per role: the jury's thread page of a dossier, the candidate's page of
one question, the actions (ask, answer, close), the e-mails, the before/after of reopened
questions, and a reopened question changed through the real dossier page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.html import Page, client_for, count_queries, links_in, messages_of
from tests.jury.clarifying import in_review
from tnl.accounts.models import User
from tnl.core.formatting import when
from tnl.core.models import AuditEntry
from tnl.dossiers import services as dossier_services
from tnl.jury.clarification_services import answer_clarification, ask_clarification
from tnl.jury.enums import ClarificationStatus
from tnl.jury.models import Assignment, Clarification

LATER = timedelta(days=5)


@pytest.fixture
def submitted(dossier, elected, juror):
    return in_review(dossier, elected, juror)


@pytest.fixture
def asked(submitted, juror):
    return ask_clarification(
        juror, submitted, "Pouvez-vous joindre la délibération ?", ["STR-01"], timezone.now() + LATER
    )


def jury_url(dossier):
    return reverse("jury:clarifications", kwargs={"year": dossier.edition.year, "pk": dossier.pk})


def thread_url(clarification):
    return reverse("jury:clarification", args=[clarification.dossier_id, clarification.pk])


def close_url(clarification):
    dossier = clarification.dossier
    return reverse("jury:close_clarification", args=[dossier.edition.year, dossier.pk, clarification.pk])


# The jury's page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role,form", [("organiser", True), ("juror", True), ("second_juror", False)])
def test_the_jury_reads_the_thread(role, form, asked, user_for):
    page = Page(client_for(user_for(role)).get(jury_url(asked.dossier)))
    assert page.texts("h1") == ["Questions au candidat – Nancy (54), dossier 2026"]
    assert page.select(f"#clarification-{asked.pk} .thread p")[1:] == ["Pouvez-vous joindre la délibération ?"]
    assert page.select(f"#clarification-{asked.pk}-status") == ["En attente du candidat"]
    assert bool(page.select("#ask-title")) is form


def test_an_assigned_expert_reads_but_does_not_ask(asked, expert):
    Assignment.objects.create(dossier=asked.dossier, member=expert.jurymember_set.get())
    page = Page(client_for(expert).get(jury_url(asked.dossier)))
    assert page.select("#ask-title") == []
    assert page.select(f"#clarification-{asked.pk} form") == []


@pytest.mark.parametrize(
    "role",
    ["conflicted_juror", "declared_juror", "expert", "elected", "contributor", "member_of_other_body", "outsider"],
)
def test_the_jury_page_is_not_found_for_others(role, asked, user_for):
    assert client_for(user_for(role)).get(jury_url(asked.dossier)).status_code == 404


def test_a_visitor_is_asked_to_log_in(asked, client):
    response = client.get(jury_url(asked.dossier))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_draft_dossier_has_no_jury_page(dossier, organiser):
    assert client_for(organiser).get(jury_url(dossier)).status_code == 404


def test_the_jury_page_in_another_year_is_not_found(asked, organiser):
    url = reverse("jury:clarifications", kwargs={"year": asked.dossier.edition.year + 1, "pk": asked.dossier.pk})
    assert client_for(organiser).get(url).status_code == 404


def test_the_queries_do_not_grow_with_the_questions(submitted, juror, organiser):
    client = client_for(organiser)
    ask_clarification(juror, submitted, "Une", ["STR-01"], timezone.now() + LATER)
    one = count_queries(client, jury_url(submitted))
    for text in ("Deux", "Trois"):
        clarification = ask_clarification(juror, submitted, text, ["STR-01", "STR-02"], timezone.now() + LATER)
    answer_clarification(submitted.territory.memberships.first().user, clarification, "Réponse")
    assert count_queries(client, jury_url(submitted)) == one


# Asking ------------------------------------------------------------------------------------------


def test_the_juror_asks_and_the_members_are_told_in_their_language(
    submitted, juror, technical, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=technical.pk).update(language="en")
    until = (timezone.localtime() + LATER).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(juror).post(
            jury_url(submitted),
            {"text": "Merci de préciser.", "questions": ["STR-01"], "open_until": until.strftime("%Y-%m-%dT%H:%M")},
        )
    clarification = Clarification.objects.get()
    assert response.status_code == 302
    assert response.url == jury_url(submitted) + f"#clarification-{clarification.pk}"
    assert messages_of(response) == [
        ("success", "La question est envoyée : les membres de l’organisme en sont avertis par courriel.")
    ]
    assert (clarification.questions, clarification.open_until, clarification.asked_by) == (["STR-01"], until, juror)
    mails = {message.to[0]: message for message in mail.outbox}
    assert sorted(mails) == ["agent@nancy.fr", "elue@nancy.fr", "tech@nancy.fr"]
    year = submitted.edition.year
    assert mails["elue@nancy.fr"].subject == f"Nancy: une question du jury sur le dossier {year}"
    assert mails["tech@nancy.fr"].subject == f"Nancy: a question from the jury about the {year} dossier"
    assert "Merci de préciser." in mails["tech@nancy.fr"].body
    assert "The jury reopened question STR-01 of the dossier" in mails["tech@nancy.fr"].body
    assert "Le jury a rouvert la question STR-01 du dossier" in mails["elue@nancy.fr"].body
    assert links_in(mails["elue@nancy.fr"]) == [f"{settings.SITE_URL}{thread_url(clarification)}"]


def test_a_refused_question_is_shown_with_what_was_typed(submitted, juror):
    response = client_for(juror).post(jury_url(submitted), {"text": "Texte gardé", "questions": ["STR-01"]})
    page = Page(response)
    assert response.status_code == 200
    assert page.select("#error-summary li") == [
        "Indiquez la date jusqu’à laquelle les questions rouvertes peuvent être corrigées."
    ]
    assert page.field_value("text") == "Texte gardé"
    assert not Clarification.objects.exists()


@pytest.mark.parametrize("role", ["second_juror", "expert", "conflicted_juror", "elected", "outsider"])
def test_others_cannot_ask(role, submitted, user_for):
    response = client_for(user_for(role)).post(jury_url(submitted), {"text": "Question"})
    assert response.status_code == 404
    assert not Clarification.objects.exists()


# The candidate's page ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elected", "technical", "contributor"])
def test_members_read_the_question(role, asked, user_for):
    page = Page(client_for(user_for(role)).get(thread_url(asked)))
    assert page.texts("h1") == ["Question du jury"]
    assert page.select("#thread .thread p")[1:] == ["Pouvez-vous joindre la délibération ?"]
    assert page.select("#thread .thread strong") == ["Le jury"]
    assert page.select("#reopened-until") == [
        f"Vous pouvez corriger les réponses et les justificatifs de ces questions jusqu’au {when(asked.open_until)}. "
        "Les modifications s’enregistrent comme d’habitude, et le jury voit ce qui a changé."
    ]
    assert page.links("STR-01 " + page.select("#reopened-questions a")[0].split(" ", 1)[1])
    assert page.select("#answer-title") == ["Répondre au jury"]


@pytest.mark.parametrize(
    "role", ["organiser", "juror", "conflicted_juror", "expert", "member_of_other_body", "outsider"]
)
def test_the_candidate_page_is_not_found_for_others(role, asked, user_for):
    assert client_for(user_for(role)).get(thread_url(asked)).status_code == 404


def test_the_candidate_page_asks_a_visitor_to_log_in(asked, client):
    assert client.get(thread_url(asked)).status_code == 302


def test_the_candidate_page_of_another_dossier_is_not_found(asked, elected):
    url = reverse("jury:clarification", args=[asked.dossier_id + 1, asked.pk])
    assert client_for(elected).get(url).status_code == 404


def test_a_member_answers_and_the_asker_alone_is_told(asked, contributor, juror, django_capture_on_commit_callbacks):
    User.objects.filter(pk=juror.pk).update(language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(contributor).post(thread_url(asked), {"text": "La voici."})
    assert response.status_code == 302
    assert messages_of(response) == [("success", "Votre réponse est transmise au jury.")]
    asked.refresh_from_db()
    assert asked.status == ClarificationStatus.ANSWERED
    assert [m.to for m in mail.outbox] == [["jure@example.org"]]
    assert mail.outbox[0].subject == f"Nancy answered your question about the {asked.dossier.edition.year} dossier"
    assert links_in(mail.outbox[0]) == [f"{settings.SITE_URL}{jury_url(asked.dossier)}"]


def test_a_closed_question_shows_no_answer_form(asked, juror, elected):
    client_for(juror).post(close_url(asked))
    page = Page(client_for(elected).get(thread_url(asked)))
    assert page.select("#no-answer") == ["Cette question ne peut plus recevoir de réponse."]
    assert page.select("#clarification-status") == ["Clos"]


# Closing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["juror", "organiser"])
def test_the_asker_or_an_organiser_closes(role, asked, user_for):
    response = client_for(user_for(role)).post(close_url(asked))
    assert messages_of(response) == [("success", "La question est close.")]
    asked.refresh_from_db()
    assert asked.status == ClarificationStatus.CLOSED


@pytest.mark.parametrize("role", ["second_juror", "conflicted_juror", "expert", "elected", "outsider"])
def test_others_do_not_close(role, asked, user_for):
    user = user_for(role)
    if role == "second_juror":  # assigned too, but did not ask
        Assignment.objects.create(dossier=asked.dossier, member=user.jurymember_set.get())
    assert client_for(user).post(close_url(asked)).status_code == 404
    asked.refresh_from_db()
    assert asked.status == ClarificationStatus.OPEN


def test_only_the_asker_sees_the_close_button(asked, second_juror):
    Assignment.objects.create(dossier=asked.dossier, member=second_juror.jurymember_set.get())
    page = Page(client_for(second_juror).get(jury_url(asked.dossier)))
    assert page.select(f"#clarification-{asked.pk} form") == []


# Before and after, through the dossier page ------------------------------------------------------


def test_a_reopened_question_changes_through_the_dossier_page_and_the_jury_sees_it(asked, contributor, organiser):
    dossier = asked.dossier
    client = client_for(contributor)
    detail = Page(client.get(reverse("dossiers:detail", args=[dossier.pk])))
    assert detail.select("#clarifications-title") == ["Questions du jury"]
    assert detail.select("#reopened-summary") == [
        f"Rouvert pour correction : STR-01 (jusqu’au {when(asked.open_until)})"
    ]
    assert detail.links(f"Question du {when(asked.created_at)}") == [thread_url(asked)]
    axis = Page(client.get(reverse("dossiers:axis", args=[dossier.pk, "STR"])))
    assert axis.select("#read-only-reason") == [
        "Lecture seule : Le dossier est déposé. Le jury a rouvert STR-01 pour correction : seules ces "
        "questions peuvent changer, jusqu’à la date indiquée à côté de chacune."
    ]
    assert axis.select("#q-STR-01 form.answer-form")
    assert axis.select("#q-STR-02 form.answer-form") == []
    assert axis.select("#q-STR-01-reopened") == [
        f"Rouverte par le jury : vous pouvez corriger cette réponse et ses justificatifs jusqu’au {when(asked.open_until)}."
    ]

    save = reverse("dossiers:save_answer", args=[dossier.pk, "STR-01"])
    response = client.post(save, {"value": "true", "comment": "Délibération jointe", "version": "1"})
    assert messages_of(response) == [("success", "La réponse à STR-01 est enregistrée.")]
    client.post(reverse("dossiers:add_link", args=[dossier.pk, "STR-01"]), {"url": "https://nancy.fr/deliberation"})
    refused = client.post(
        reverse("dossiers:save_answer", args=[dossier.pk, "STR-02"]), {"value": "both", "comment": "", "version": "1"}
    )
    assert messages_of(refused)[-1][0] == "error"  # after the link's success, not yet shown
    assert dossier.answers.get(question="STR-02").value != "both"
    assert AuditEntry.objects.filter(action="answer.saved").latest("id").data["question"] == "STR-01"

    page = Page(client_for(organiser).get(jury_url(dossier)))
    assert page.select(f"#change-{asked.pk}-STR-01 td") == [
        "Non aucun justificatif",
        "Oui https://nancy.fr/deliberation",
        "modifié",
    ]


def test_an_unchanged_question_says_so(asked, organiser):
    page = Page(client_for(organiser).get(jury_url(asked.dossier)))
    assert page.select(f"#change-{asked.pk}-STR-01 td")[2] == "inchangé"
    assert page.select(f"#clarification-{asked.pk}-reopening") == [
        f"Ouvert à la correction jusqu’au {when(asked.open_until)}."
    ]


def test_after_its_date_a_reopened_question_is_read_only_again(asked, contributor):
    Clarification.objects.filter(pk=asked.pk).update(open_until=timezone.now() - timedelta(minutes=1))
    client = client_for(contributor)
    axis = Page(client.get(reverse("dossiers:axis", args=[asked.dossier_id, "STR"])))
    assert axis.select("#q-STR-01 form.answer-form") == []
    response = client.post(
        reverse("dossiers:save_answer", args=[asked.dossier_id, "STR-01"]),
        {"value": "true", "comment": "", "version": "1"},
    )
    assert messages_of(response)[0][0] == "error"
    assert dossier_services.reopened_questions(asked.dossier) == {}


def test_the_pages_in_english(asked, juror, elected):
    year = asked.dossier.edition.year
    jury = Page(client_for(juror, "en").get(jury_url(asked.dossier)))
    assert jury.select("h1") == [f"Questions to the candidate – Nancy (54), {year} dossier"]
    assert jury.select(f"#change-{asked.pk}-STR-01 td")[2] == "unchanged"
    labels = jury.select("#id_questions label")
    assert labels[0].startswith("STR-01 — ")
    candidate = Page(client_for(elected, "en").get(thread_url(asked)))
    assert candidate.select("h1") == ["Question from the jury"]
    assert candidate.select("#thread .thread strong") == ["The jury"]


def test_the_organiser_goes_from_the_dossier_page_to_the_jury_page(asked, organiser):
    page = Page(client_for(organiser).get(reverse("dossiers:detail", args=[asked.dossier_id])))
    assert page.links(f"Question du {when(asked.created_at)}") == [
        jury_url(asked.dossier) + f"#clarification-{asked.pk}"
    ]


def test_a_dossier_without_questions_has_no_jury_block(submitted, contributor):
    page = Page(client_for(contributor).get(reverse("dossiers:detail", args=[submitted.pk])))
    assert page.select("#clarifications-title") == []


def test_the_organiser_finds_the_questions_from_the_edition_page(asked, elected, organiser):
    url = reverse("editions:detail", args=[asked.dossier.edition.year])
    page = Page(client_for(organiser).get(url))
    assert page.select("#open-clarifications li") == ["Nancy (54) — 1 en attente de réponse, 0 avec réponse"]
    assert page.links("Nancy (54)") == [jury_url(asked.dossier)]
    answer_clarification(elected, asked, "Réponse")
    assert Page(client_for(organiser).get(url)).select("#open-clarifications li") == [
        "Nancy (54) — 0 en attente de réponse, 1 avec réponse"
    ]
    client_for(organiser).post(close_url(asked))
    assert Page(client_for(organiser).get(url)).select("#open-clarifications-title") == []
