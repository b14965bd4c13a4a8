"""The candidate's journey through the pages: apply (full or badge form, from the last
dossier or not), switch form, submit with a receipt, reopen, and the deadline."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import html
from tests.dossiers.answering import answer_all_required
from tests.html import Page, messages_of
from tnl.core.models import AuditEntry
from tnl.dossiers import services
from tnl.dossiers.enums import DossierForm, DossierStatus
from tnl.dossiers.models import Answer, Dossier
from tnl.dossiers.scoring import dossier_state
from tnl.editions import services as edition_services
from tnl.referentials.engine import format_percent

BADGE = ["STR-01", "STR-02", "INT-01", "INT-04", "LOG-01", "LOG-03", "LOG-08", "DON-02", "COM-01", "COM-04"]


def client_for(user):
    return html.client_for(user, "en")


def apply_url(territory):
    return reverse("dossiers:apply", args=[territory.kind, territory.code])


def detail_url(dossier):
    return reverse("dossiers:detail", args=[dossier.pk])


def question_codes(client, dossier):
    codes = []
    for axis in ["STR", "INT", "LOG", "DON", "COM"]:
        response = client.get(reverse("dossiers:axis", args=[dossier.pk, axis]))
        if response.status_code == 200:
            codes += [n.attrs["id"][2:] for n in Page(response).main.find_all("section", class_="question")]
    return codes


# Apply -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elected", "technical", "contributor"])
def test_members_see_the_apply_page(role, edition, nancy, request):
    page = Page(client_for(request.getfixturevalue(role)).get(apply_url(nancy)))
    assert page.texts("h1") == ["Apply for the label: Nancy (54)"]
    assert [n.attrs["value"] for n in page.main.find_all("input", name="form")] == ["full", "badge"]
    assert list(page.main.find_all("input", name="start_from_previous")) == []  # no previous dossier


@pytest.mark.parametrize("role", ["other_member", "outsider", "juror", "organiser", "visitor"])
def test_the_apply_page_is_404_for_everyone_else(role, edition, nancy, request):
    user = None if role == "visitor" else request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(apply_url(nancy)).status_code == 404
    assert client.post(apply_url(nancy), {"form": "full"}).status_code == 404
    assert not Dossier.objects.exists()


def test_an_unknown_body_is_404(edition, elected):
    assert client_for(elected).get(reverse("dossiers:apply", args=["commune", "00000"])).status_code == 404
    assert client_for(elected).get(reverse("dossiers:apply", args=["planet", "54395"])).status_code == 404


def test_a_member_starts_the_full_dossier_and_the_members_are_told(
    edition, nancy, elected, technical, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(contributor).post(apply_url(nancy), {"form": "full"})
    dossier = Dossier.objects.get()
    assert response.url == detail_url(dossier)
    assert (dossier.form, dossier.created_by, dossier.previous) == (DossierForm.FULL, contributor, None)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "agent@nancy.fr",
        "elue@nancy.fr",
        "tech@nancy.fr",
    ]
    assert AuditEntry.objects.filter(action="dossier.created").count() == 1


def test_the_apply_page_leads_to_the_existing_dossier(dossier, contributor):
    response = client_for(contributor).get(apply_url(dossier.territory))
    assert response.url == detail_url(dossier)


def test_without_an_open_edition_nothing_can_be_started(edition, nancy, elected, organiser):
    edition_services.update_dates(
        organiser, edition, opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=9)
    )
    client = client_for(elected)
    page = Page(client.get(apply_url(nancy)))
    assert "No edition is open for applications at the moment" in page.main.text
    client.post(apply_url(nancy), {"form": "full"})
    assert not Dossier.objects.exists()


def test_the_badge_form_shows_only_the_ten_badge_questions(edition, nancy, elected):
    client = client_for(elected)
    client.post(apply_url(nancy), {"form": "badge"})
    dossier = Dossier.objects.get()
    assert dossier.form == DossierForm.BADGE
    assert question_codes(client, dossier) == BADGE
    page = Page(client.get(detail_url(dossier)))
    assert page.texts("span", id="progress-total-text") == ["0 of 10 questions answered"]
    assert page.facts()["Form"] == "short badge form"


def test_switching_form_keeps_answers(dossier, contributor):
    services.save_answer(contributor, dossier, "STR-03", True)
    client = client_for(contributor)
    response = client.post(reverse("dossiers:set_form", args=[dossier.pk]), {"form": "badge"})
    assert messages_of(response) == [
        ("success", "You now fill in the short badge form. Answers to the other questions are kept.")
    ]
    assert question_codes(client, dossier) == BADGE
    client.post(reverse("dossiers:set_form", args=[dossier.pk]), {"form": "full"})
    assert len(question_codes(client, dossier)) == 57
    assert Answer.objects.get(dossier=dossier, question="STR-03").value is True


# Start from the previous dossier ----------------------------------------------------------------


@pytest.fixture
def following_edition(dossier, organiser, contributor):
    """Last year's dossier with answers, and this year's open edition."""
    services.save_answer(contributor, dossier, "LOG-01", True)
    services.save_answer(contributor, dossier, "STR-02", "both")
    now = timezone.now()
    edition_services.update_dates(
        organiser, dossier.edition, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30)
    )
    return edition_services.create_edition(
        organiser,
        dossier.edition.year + 1,
        dossier.edition.referential,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )


def test_starting_from_the_last_dossier_marks_answers_to_review(following_edition, dossier, nancy, technical):
    client = client_for(technical)
    page = Page(client.get(apply_url(nancy)))
    assert page.texts("label", **{"for": "id_start_from_previous"}) == [
        f"Start from our {dossier.edition.year} dossier"
    ]
    client.post(apply_url(nancy), {"form": "full", "start_from_previous": "on"})
    new = Dossier.objects.get(edition=following_edition)
    assert new.previous == dossier
    overview = Page(client.get(detail_url(new)))
    review = [li.text for li in next(overview.main.find_all("ul", id="to-review")).find_all("li")]
    assert [line.split(" ")[:3] for line in review] == [["To", "review", "STR-02"], ["To", "review", "LOG-01"]]
    axis = Page(client.get(reverse("dossiers:axis", args=[new.pk, "STR"])))
    assert axis.texts("p", id="q-STR-02-review") == [
        f"To review: this answer comes from your {dossier.edition.year} dossier. Check it, change it if needed, "
        "and save it to confirm it."
    ]
    assert axis.texts("p", id="q-STR-01-review") == []
    # Saving it unchanged confirms it.
    client.post(reverse("dossiers:save_answer", args=[new.pk, "STR-02"]), {"value": "both", "version": "1"})
    assert Answer.objects.get(dossier=new, question="STR-02").needs_review is False
    review = [
        li.text for li in next(Page(client.get(detail_url(new))).main.find_all("ul", id="to-review")).find_all("li")
    ]
    assert len(review) == 1


def test_without_the_box_ticked_the_dossier_starts_empty(following_edition, nancy, technical):
    client_for(technical).post(apply_url(nancy), {"form": "full"})
    new = Dossier.objects.get(edition=following_edition)
    assert (new.previous, new.answers.count()) == (None, 0)


# Submit and reopen -------------------------------------------------------------------------------


def submit_url(dossier):
    return reverse("dossiers:submit", args=[dossier.pk])


def test_submitting_with_blockers_lists_them(dossier, elected):
    response = client_for(elected).post(submit_url(dossier))
    assert response.url == detail_url(dossier)
    errors = [message for level, message in messages_of(response) if level == "error"]
    assert errors[:2] == ["STR-01 is not answered.", "STR-02 is not answered."]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


@pytest.mark.parametrize("role", ["elected", "technical"])
def test_a_referent_submits_and_every_member_gets_a_receipt(
    role, dossier, contributor, request, django_capture_on_commit_callbacks
):
    answer_all_required(dossier, contributor, choice=-1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(role)).post(submit_url(dossier))
    assert messages_of(response) == [
        ("success", "The dossier is submitted. A receipt was sent by e-mail to every member of the body.")
    ]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == [
        "agent@nancy.fr",
        "elue@nancy.fr",
        "tech@nancy.fr",
    ]
    percent = format_percent(dossier_state(dossier).result.global_percent).replace(".", ",")
    assert f"- Score déclaré: {percent}\u00a0%\n" in mail.outbox[0].body  # French, no space before ":"
    # The same number as a literal (the answers of answer_everything_required on tnl-default.yaml).
    assert "- Score déclaré: 16,3\u00a0%\n" in mail.outbox[0].body
    assert detail_url(dossier) in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="dossier.submitted").count() == 1


def test_a_contributor_cannot_submit(dossier, contributor):
    answer_all_required(dossier, contributor, choice=-1)
    assert client_for(contributor).post(submit_url(dossier)).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


@pytest.fixture
def submitted(dossier, contributor, technical):
    answer_all_required(dossier, contributor, choice=-1)
    return services.submit_dossier(technical, dossier)


def test_a_submitted_dossier_is_read_only_with_a_reopen_button_for_referents(submitted, elected, contributor):
    page = Page(client_for(elected).get(detail_url(submitted)))
    assert page.texts("p", id="read-only-reason")[0].startswith("Read only: The dossier was submitted on ")
    # The consent to public answers can still change (tests/dossiers/test_public_answers.py).
    assert [b.text for b in page.main.find_all("button")] == ["Reopen the dossier", "Save this choice"]
    axis = client_for(contributor).get(reverse("dossiers:axis", args=[submitted.pk, "STR"]))
    assert b"answer-form" not in axis.content and b"link-form" not in axis.content
    assert [b.text for b in Page(client_for(contributor).get(detail_url(submitted))).main.find_all("button")] == []


def test_saving_into_a_submitted_dossier_says_why_and_changes_nothing(submitted, contributor):
    url = reverse("dossiers:save_answer", args=[submitted.pk, "LOG-01"])
    response = client_for(contributor).post(url, {"value": "true", "version": "1"})
    assert [level for level, _ in messages_of(response)] == ["error"]
    assert messages_of(response)[0][1].startswith("The dossier was submitted on ")
    response = client_for(contributor).post(url, {"value": "true", "version": "1"}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    assert Answer.objects.get(dossier=submitted, question="LOG-01").value is False


@pytest.mark.parametrize("role", ["elected", "technical"])
def test_a_referent_reopens_and_the_members_are_told(role, submitted, request, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(role)).post(reverse("dossiers:reopen", args=[submitted.pk]))
    assert messages_of(response) == [
        ("success", "The dossier is reopened: remember to submit it again before the deadline.")
    ]
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.DRAFT
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.filter(action="dossier.reopened").count() == 1


def test_a_contributor_cannot_reopen(submitted, contributor):
    assert client_for(contributor).post(reverse("dossiers:reopen", args=[submitted.pk])).status_code == 404


# After the deadline ------------------------------------------------------------------------------


@pytest.fixture
def closed(dossier, organiser):
    edition_services.update_dates(
        organiser,
        dossier.edition,
        opens_at=dossier.edition.opens_at,
        closes_at=timezone.now() - timedelta(minutes=1),
        jury_on=dossier.edition.jury_on,
    )
    return dossier


def test_after_the_deadline_every_page_is_read_only_and_says_why(closed, elected):
    client = client_for(elected)
    page = Page(client.get(detail_url(closed)))
    [reason] = page.texts("p", id="read-only-reason")
    assert reason.startswith(f"Read only: Applications to the {closed.edition.year} edition closed on ")
    assert reason.endswith(": the dossier can no longer change.")
    assert [b.text for b in page.main.find_all("button")] == []
    assert "The dossier was not submitted before the deadline." in page.main.text
    axis = client.get(reverse("dossiers:axis", args=[closed.pk, "STR"]))
    assert Page(axis).texts("p", id="read-only-reason") == [reason]
    assert b'<form method="post" action="/dossiers/' not in axis.content
    assert b"htmx" not in axis.content


def test_after_the_deadline_nothing_can_be_posted(closed, elected, contributor):
    client = client_for(elected)
    client.post(reverse("dossiers:save_answer", args=[closed.pk, "LOG-01"]), {"value": "true", "version": ""})
    client.post(reverse("dossiers:add_link", args=[closed.pk, "STR-01"]), {"url": "https://nancy.example.org/"})
    response = client.post(reverse("dossiers:set_form", args=[closed.pk]), {"form": "badge"})
    assert messages_of(response)[-1] == (
        "error",
        f"Applications to the {closed.edition.year} edition are closed: nothing can change any more.",
    )
    client.post(submit_url(closed))
    closed.refresh_from_db()
    assert (closed.answers.count(), closed.evidence.count(), closed.form, closed.status) == (
        0,
        0,
        DossierForm.FULL,
        DossierStatus.DRAFT,
    )
