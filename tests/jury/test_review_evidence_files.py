"""Evidence files of a submitted dossier open for the jury as it may read the dossier
(`jury.see_dossier`): jurors of the edition who are not conflicted, an invited expert on a dossier
assigned to them, organisers. A conflicted juror gets the 404 an outsider gets; nobody of the jury
opens the files of a dossier still in draft."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.html import client_for
from tnl.dossiers.enums import EvidenceKind
from tnl.dossiers.models import Evidence
from tnl.jury.models import Assignment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def file_evidence(dossier, code="STR-09"):
    evidence = Evidence(
        dossier=dossier,
        question=code,
        kind=EvidenceKind.FILE,
        stored_name="0" * 32 + ".pdf",
        original_name="bilan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    evidence.file.save(evidence.stored_name, ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def file_url(evidence):
    return reverse("dossiers:evidence_file", kwargs={"pk": evidence.dossier_id, "evidence_pk": evidence.pk})


def status(user, evidence):
    return client_for(user).get(file_url(evidence)).status_code


@pytest.fixture
def pdf(media, review_edition, submitted):
    return file_evidence(submitted)


@pytest.mark.parametrize("role", ["juror", "second_juror", "organiser", "elected"])
def test_those_who_may_read_the_submitted_dossier_open_the_file(request, role, pdf):
    response = client_for(request.getfixturevalue(role)).get(file_url(pdf))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)


@pytest.mark.parametrize("role", ["conflicted_juror", "declared_juror", "expert", "outsider", "member_of_other_body"])
def test_the_conflicted_and_the_others_get_a_404(request, role, pdf):
    assert status(request.getfixturevalue(role), pdf) == 404


def test_a_visitor_gets_a_404(client, pdf):
    assert client.get(file_url(pdf)).status_code == 404


def test_an_expert_opens_the_files_of_a_dossier_assigned_to_them(expert, pdf):
    Assignment.objects.create(dossier=pdf.dossier, member=expert.jurymember_set.get())
    assert status(expert, pdf) == 200


def test_a_conflicted_juror_assigned_by_mistake_still_gets_a_404(conflicted_juror, pdf):
    Assignment.objects.create(dossier=pdf.dossier, member=conflicted_juror.jurymember_set.get())
    assert status(conflicted_juror, pdf) == 404


def test_the_jury_does_not_open_the_files_of_a_draft_dossier(media, dossier, juror, organiser):
    draft = file_evidence(dossier)
    assert (status(juror, draft), status(organiser, draft)) == (404, 200)
