"""Saving answers from the axis pages: autosave (htmx), the plain form post, conflicts between
two members, bad input, and evidence links."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests import html
from tests.html import Page, fragment, messages_of
from tnl.core.models import AuditEntry
from tnl.dossiers import services
from tnl.dossiers.models import Answer, Evidence
from tnl.dossiers.scoring import dossier_state
from tnl.referentials.engine import format_percent

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user):
    return html.client_for(user, "en")


def save_url(dossier, code):
    return reverse("dossiers:save_answer", args=[dossier.pk, code])


def axis_url(dossier, axis):
    return reverse("dossiers:axis", args=[dossier.pk, axis])


# Autosave and the plain post ---------------------------------------------------------------------


def test_autosave_returns_the_block_with_the_new_version_and_the_new_score(dossier, contributor):
    client = client_for(contributor)
    response = client.post(save_url(dossier, "LOG-03"), {"value": "62,5", "comment": "", "version": ""}, **HTMX)
    assert response.status_code == 200
    answer = Answer.objects.get(dossier=dossier, question="LOG-03")
    assert (answer.value, answer.version, answer.updated_by) == (Decimal("62.5"), 1, contributor)
    page = fragment(response)
    [block] = page.main.find_all("div", id="q-LOG-03-answer")
    assert "hx-swap-oob" not in block.attrs  # the target itself
    assert page.field_value("version") == "1"
    assert page.field_value("value") == "62.5"
    assert page.texts("span", id="q-LOG-03-status") == [f"Saved at {answer.updated_at.astimezone().strftime('%H:%M')}."]
    # Out of band: the question states of the axis and the summary.
    [summary] = page.main.find_all("section", id="dossier-summary")
    assert summary.attrs["hx-swap-oob"] == "true"
    result = dossier_state(dossier).result
    assert page.texts("dd", id="axis-percent") == [f"{format_percent(result.axes['LOG'].percent)} %"]
    assert page.texts("dd", id="axis-percent") == ["8.8 %"]  # by hand: 62.5 % is in the "50 %" bracket, 11 of 125
    [state] = page.main.find_all("div", id="q-LOG-03-state")
    assert (state.attrs["hx-swap-oob"], state.attrs["data-status"]) == ("true", "scored")
    assert len(list(page.main.find_all("div", class_="question-state"))) == 13
    # The next save names version 1 and makes version 2.
    response = client.post(save_url(dossier, "LOG-03"), {"value": "70", "comment": "", "version": "1"}, **HTMX)
    assert fragment(response).field_value("version") == "2"
    answer.refresh_from_db()
    assert (answer.value, answer.version) == (70, 2)
    assert AuditEntry.objects.filter(action="answer.saved").count() == 2


def test_the_autosaved_block_keeps_autosaving(dossier, contributor):
    response = client_for(contributor).post(
        save_url(dossier, "STR-10"), {"value": "Un bilan", "comment": "", "version": ""}, **HTMX
    )
    [form] = fragment(response).main.find_all("form", class_="answer-form")
    assert form.attrs["hx-trigger"] == "submit, change"
    assert form.attrs["hx-target"] == "#q-STR-10-answer"
    [textarea] = fragment(response).main.find_all("textarea", name="value")
    assert textarea.attrs["hx-trigger"] == "input changed delay:800ms"


def test_saving_the_same_answer_again_writes_nothing(dossier, contributor):
    client = client_for(contributor)
    client.post(save_url(dossier, "STR-01"), {"value": "true", "comment": "", "version": ""}, **HTMX)
    response = client.post(save_url(dossier, "STR-01"), {"value": "true", "comment": "", "version": "1"}, **HTMX)
    assert fragment(response).field_value("version") == "1"
    assert AuditEntry.objects.filter(action="answer.saved").count() == 1


def test_a_plain_post_saves_and_goes_back_to_the_question_with_a_message(dossier, technical):
    client = client_for(technical)
    response = client.post(save_url(dossier, "STR-02"), {"value": "both", "comment": "Voté en 2024", "version": ""})
    assert response.status_code == 302
    assert response.url == axis_url(dossier, "STR") + "#q-STR-02"
    assert messages_of(response) == [("success", "The answer to STR-02 is saved.")]
    answer = Answer.objects.get(dossier=dossier, question="STR-02")
    assert (answer.value, answer.comment) == ("both", "Voté en 2024")


def test_each_kind_is_saved_from_its_widget(dossier, contributor):
    client = client_for(contributor)
    posts = {
        "STR-01": {"value": "false"},
        "STR-04": {"value": ["sovereignty", "cost"]},
        "DON-03": {"value": "12"},
        "INT-01": {"value": "https://nancy.example.org/accessibilite"},
        "STR-10": {"value": "Un bilan en conseil"},
    }
    for code, data in posts.items():
        response = client.post(save_url(dossier, code), {"comment": "", "version": "", **data})
        assert response.status_code == 302, (code, response.content[:500])
    values = {a.question: a.value for a in dossier.answers.all()}
    assert values == {
        "STR-01": False,
        "STR-04": ["sovereignty", "cost"],
        "DON-03": 12,
        "INT-01": "https://nancy.example.org/accessibilite",
        "STR-10": "Un bilan en conseil",
    }


def test_clearing_an_answer_saves_it_as_unanswered(dossier, contributor):
    services.save_answer(contributor, dossier, "DON-03", 12)
    client_for(contributor).post(save_url(dossier, "DON-03"), {"value": "", "comment": "", "version": "1"})
    assert Answer.objects.get(dossier=dossier, question="DON-03").value is None


def test_a_file_question_has_no_answer_form(dossier, contributor):
    page = Page(client_for(contributor).get(axis_url(dossier, "STR")))
    assert list(page.main.find_all("div", id="q-STR-09-answer")) == []
    assert len(list(page.main.find_all("div", id="q-STR-09-evidence"))) == 1
    assert client_for(contributor).post(save_url(dossier, "STR-09"), {"version": ""}).status_code == 404


# Conflicts -----------------------------------------------------------------------------------------


def test_two_members_saving_the_same_answer_never_overwrite_each_other(dossier, elected, technical):
    first, second = client_for(elected), client_for(technical)
    # Both open the page while STR-02 has no answer: their forms carry no version.
    for client in (first, second):
        assert Page(client.get(axis_url(dossier, "STR"))).field_value("version") is None
    assert first.post(save_url(dossier, "STR-02"), {"value": "both", "comment": "", "version": ""}).status_code == 302
    response = second.post(save_url(dossier, "STR-02"), {"value": "none", "comment": "", "version": ""})
    assert response.status_code == 200
    answer = Answer.objects.get(dossier=dossier, question="STR-02")
    assert (answer.value, answer.version, answer.updated_by) == ("both", 1, elected)
    page = Page(response)
    time = answer.updated_at.astimezone().strftime("%H:%M")
    assert page.texts("div", id="q-STR-02-conflict")[0] == (
        f"Conflict: Someone else — {elected.full_name} — saved this answer at {time}: their answer is "
        "“Both a lead elected official and a technical lead”, yours was “Nobody is appointed”. Keep theirs, "
        "or save yours again. Nothing was overwritten. Your answer is still in the form below."
    )
    # The typed value is kept, and the form now names the current version.
    block = next(page.main.find_all("div", id="q-STR-02-answer"))
    assert [n.attrs["value"] for n in block.find_all("input", name="value") if "checked" in n.attrs] == ["none"]
    assert "data-conflict" in block.attrs
    assert [n.attrs.get("value") for n in block.find_all("input", name="version")] == ["1"]
    # Saving again is deliberate: it overwrites.
    response = second.post(save_url(dossier, "STR-02"), {"value": "none", "comment": "", "version": "1"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.value, answer.version, answer.updated_by) == ("none", 2, technical)


def test_an_htmx_conflict_is_shown_in_the_block_and_stops_autosave(dossier, elected, technical):
    services.save_answer(elected, dossier, "LOG-03", Decimal("40"))
    response = client_for(technical).post(
        save_url(dossier, "LOG-03"), {"value": "55,5", "comment": "", "version": ""}, **HTMX
    )
    assert response.status_code == 200  # htmx swaps it
    page = fragment(response)
    assert "their answer is “40 %”, yours was “55.5 %”." in page.texts("div", id="q-LOG-03-conflict")[0]
    assert page.field_value("value") == "55,5"
    assert page.field_value("version") == "1"
    [form] = page.main.find_all("form", class_="answer-form")
    assert form.attrs["hx-trigger"] == "submit"
    [field] = page.main.find_all("input", name="value")
    assert "hx-trigger" not in field.attrs
    assert [b.text for b in form.find_all("button")] == ["Save mine again", "Keep theirs"]
    assert Answer.objects.get(dossier=dossier, question="LOG-03").value == 40


def test_keep_theirs_reloads_the_saved_answer(dossier, elected, technical):
    services.save_answer(elected, dossier, "LOG-03", Decimal("40"))
    client = client_for(technical)
    response = client.post(save_url(dossier, "LOG-03"), {"value": "55", "version": "1", "keep": "1"}, **HTMX)
    page = fragment(response)
    assert (page.field_value("value"), page.field_value("version")) == ("40", "1")
    response = client.post(save_url(dossier, "LOG-03"), {"value": "55", "version": "1", "keep": "1"})
    assert response.url == axis_url(dossier, "LOG") + "#q-LOG-03"
    assert Answer.objects.get(dossier=dossier, question="LOG-03").value == 40


def test_the_same_answer_saved_twice_is_no_conflict(dossier, elected, technical):
    services.save_answer(elected, dossier, "STR-01", True)
    response = client_for(technical).post(save_url(dossier, "STR-01"), {"value": "true", "version": ""}, **HTMX)
    assert "data-conflict" not in next(fragment(response).main.find_all("div", id="q-STR-01-answer")).attrs
    assert fragment(response).field_value("version") == "1"


# Bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("LOG-03", "abc", "Please enter a percent between 0 and 100, for example 12 or 12,5."),
        ("LOG-03", "140", "Please enter a percent between 0 and 100, for example 12 or 12,5."),
        ("DON-03", "douze", "Please enter a number >= 0, for example 12 or 12,5."),
        ("INT-01", "ftp://nancy.example.org", "Please enter an http(s) URL, for example https://www.example.org/page."),
    ],
)
def test_bad_input_keeps_the_value_shows_what_is_expected_and_saves_nothing(dossier, contributor, code, typed, message):
    client = client_for(contributor)
    axis = code[:3]
    response = client.post(save_url(dossier, code), {"value": typed, "comment": "", "version": ""})
    assert response.status_code == 200
    page = Page(response)
    assert page.texts("p", id=f"q-{code}-value-error") == [message]
    block = next(page.main.find_all("div", id=f"q-{code}-answer"))
    [field] = block.find_all("input", name="value")
    assert (field.attrs["value"], field.attrs["aria-invalid"]) == (typed, "true")
    assert f"q-{code}-value-error" in field.attrs["aria-describedby"]
    assert page.texts("h1")[0] == Page(client.get(axis_url(dossier, axis))).texts("h1")[0]
    response = client.post(save_url(dossier, code), {"value": typed, "comment": "", "version": ""}, **HTMX)
    assert fragment(response).texts("p", id=f"q-{code}-value-error") == [message]
    assert not Answer.objects.filter(dossier=dossier, question=code).exists()


# Evidence links ------------------------------------------------------------------------------------


def link_url(dossier, code):
    return reverse("dossiers:add_link", args=[dossier.pk, code])


def test_a_member_adds_a_link_and_the_question_counts(dossier, contributor):
    services.save_answer(contributor, dossier, "STR-01", True)
    client = client_for(contributor)
    response = client.post(link_url(dossier, "STR-01"), {"url": "https://nancy.example.org/deliberation.pdf"})
    assert response.url == axis_url(dossier, "STR") + "?evidence=STR-01#q-STR-01"
    assert messages_of(response) == [("success", "The link is added to STR-01.")]
    assert dossier_state(dossier).result.questions["STR-01"].status == "scored"
    page = Page(client.get(axis_url(dossier, "STR")))
    links = next(page.main.find_all("div", id="q-STR-01-evidence")).find_all("a")
    assert [a.attrs["href"] for a in links] == ["https://nancy.example.org/deliberation.pdf"]


def test_an_htmx_link_returns_the_evidence_block_and_the_new_state(dossier, contributor):
    services.save_answer(contributor, dossier, "STR-01", True)
    response = client_for(contributor).post(
        link_url(dossier, "STR-01"), {"url": "https://nancy.example.org/d.pdf"}, **HTMX
    )
    page = fragment(response)
    assert page.texts("li")[0].startswith("https://nancy.example.org/d.pdf")
    [state] = page.main.find_all("div", id="q-STR-01-state")
    assert (state.attrs["data-status"], state.attrs["hx-swap-oob"]) == ("scored", "true")
    assert page.field_value("url") is None  # the form is empty again


def test_a_bad_link_is_refused_with_the_typed_address_kept(dossier, contributor):
    response = client_for(contributor).post(link_url(dossier, "STR-01"), {"url": "javascript:alert(1)"})
    page = Page(response)
    assert page.texts("p", id="q-STR-01-link-error") == [
        "Please enter an http(s) URL, for example https://www.example.org/page."
    ]
    assert page.field_value("url") == "javascript:alert(1)"
    assert not Evidence.objects.exists()


def test_a_member_removes_a_link(dossier, contributor, technical):
    link = services.add_evidence_link(contributor, dossier, "STR-01", "https://nancy.example.org/d.pdf")
    url = reverse("dossiers:remove_evidence", args=[dossier.pk, link.pk])
    response = client_for(technical).post(url)
    assert response.url == axis_url(dossier, "STR") + "?evidence=STR-01#q-STR-01"
    assert messages_of(response) == [("success", "“https://nancy.example.org/d.pdf” is removed from STR-01.")]
    assert not Evidence.objects.exists()


def test_evidence_of_another_dossier_is_404(dossier, contributor, other_member, edition, other_body):
    other = services.create_dossier(other_member, edition, other_body)
    link = services.add_evidence_link(other_member, other, "STR-01", "https://vandoeuvre.example.org/d.pdf")
    url = reverse("dossiers:remove_evidence", args=[dossier.pk, link.pk])
    assert client_for(contributor).post(url).status_code == 404
    assert Evidence.objects.count() == 1


def test_with_htmx_the_added_link_is_told_next_to_the_question(dossier, contributor):
    client = client_for(contributor)
    response = client.post(link_url(dossier, "STR-01"), {"url": "https://nancy.example.org/d.pdf"}, **HTMX)
    page = fragment(response)
    assert page.texts("div", id="q-STR-01-evidence-notice") == ["The link is added to STR-01."]
    link = Evidence.objects.get()
    response = client.post(reverse("dossiers:remove_evidence", args=[dossier.pk, link.pk]), **HTMX)
    assert fragment(response).texts("div", id="q-STR-01-evidence-notice") == [
        "“https://nancy.example.org/d.pdf” is removed from STR-01."
    ]
    assert not Evidence.objects.exists()
