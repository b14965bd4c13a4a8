"""Text answers and comments are limited to 10,000 characters (the service refuses longer ones,
not only the form), and an autosave scores the dossier once."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from tnl.dossiers import scoring, services
from tnl.dossiers.forms import AnswerForm
from tnl.dossiers.models import MAX_TEXT_LENGTH, Answer

HTMX = {"HTTP_HX_REQUEST": "true"}


def text_question(dossier):
    state = scoring.dossier_state(dossier)
    return next(code for code, question in state.questions.items() if question["kind"] == "text")


def test_the_service_refuses_a_comment_over_the_limit(dossier, contributor):
    services.save_answer(contributor, dossier, "STR-02", "both", "é" * MAX_TEXT_LENGTH)  # at the limit: fine
    with override("en"), pytest.raises(ValidationError) as error:
        services.save_answer(contributor, dossier, "STR-02", "none", "é" * (MAX_TEXT_LENGTH + 1), expected_version=1)
    assert error.value.messages == ["The comment is too long: 10,001 characters; at most 10,000 are allowed."]
    assert error.value.code == "too_long"
    assert Answer.objects.get(dossier=dossier, question="STR-02").value == "both"


def test_the_service_refuses_a_text_answer_over_the_limit(dossier, contributor):
    code = text_question(dossier)
    with override("fr"), pytest.raises(ValidationError) as error:
        services.save_answer(contributor, dossier, code, "x" * (MAX_TEXT_LENGTH + 1))
    assert error.value.messages == [
        "La réponse est trop longue\u00a0: 10\u00a0001 caractères, pour 10\u00a0000 au maximum."
    ]
    assert not Answer.objects.filter(dossier=dossier, question=code).exists()


def test_the_form_refuses_a_long_comment_and_shows_a_counter(dossier):
    state = scoring.dossier_state(dossier)
    question = state.questions["STR-02"]
    with override("en"):
        form = AnswerForm(question, {"value": "both", "comment": "x" * (MAX_TEXT_LENGTH + 1), "version": ""})
        assert form.errors["comment"] == ["At most 10,000 characters, please: this text has 10,001."]
        assert form.counters["comment"]["text"] == "10,001 / 10,000 characters"
        assert form.fields["comment"].widget.attrs["maxlength"] == str(MAX_TEXT_LENGTH)


def test_the_axis_page_shows_the_live_counter_next_to_the_comment(dossier, contributor):
    services.save_answer(contributor, dossier, "STR-02", "both", "Douze lettres")
    client = Client()
    client.force_login(contributor)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("dossiers:axis", args=[dossier.pk, "STR"])).content.decode()
    assert (
        '<span class="char-count muted" id="q-STR-02-comment-count" data-counter data-limit="10000" '
        'data-template="{count} / 10\u00a0000 caractères">13 / 10\u00a0000 caractères</span>'
    ) in html


def test_an_autosave_scores_the_dossier_once(dossier, contributor, monkeypatch):
    calls = []
    engine = scoring.score

    def counted(*args, **kwargs):
        calls.append(1)
        return engine(*args, **kwargs)

    monkeypatch.setattr(scoring, "score", counted)  # the pure engine, still doing the work
    client = Client()
    client.force_login(contributor)
    url = reverse("dossiers:save_answer", args=[dossier.pk, "LOG-03"])
    response = client.post(url, {"value": "62,5", "comment": "", "version": ""}, **HTMX)
    assert response.status_code == 200
    assert Answer.objects.get(dossier=dossier, question="LOG-03").version == 1
    assert len(calls) == 1
