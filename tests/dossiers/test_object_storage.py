"""Evidence files in S3-compatible object storage (`TNL_FILE_STORAGE=s3`), against a local server
that speaks the S3 protocol (tests/s3.py): the same pages, the same private-download rules as with
a folder, and nothing readable from the bucket without the platform's keys."""

import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from tests import s3
from tests.dossiers.test_evidence import add, delete_url, file_url, post_file
from tests.s3 import s3_bucket, s3_endpoint  # noqa: F401 (fixtures)
from tnl.dossiers.models import Evidence

PREFIX = "tnl-evidence"


@pytest.fixture
def bucket(settings, s3_endpoint, s3_bucket):  # noqa: F811
    """The default storage is the bucket, as settings.py builds it for TNL_FILE_STORAGE=s3."""
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage(s3_endpoint, s3_bucket, PREFIX)}
    return Bucket(s3_endpoint, s3_bucket)


class Bucket:
    def __init__(self, endpoint, name):
        self.endpoint, self.name = endpoint, name

    def keys(self):
        return s3.keys(self.endpoint, self.name)

    def body(self, name):
        """The stored bytes of the storage name `name` (the prefix added)."""
        return s3.body(self.endpoint, self.name, f"{PREFIX}/{name}")

    def delete(self, name):
        s3.client(self.endpoint).delete_object(Bucket=self.name, Key=f"{PREFIX}/{name}")


def test_an_uploaded_file_goes_to_the_bucket_under_a_server_made_name(login, bucket, dossier, contributor, pdf_bytes):
    response = post_file(login(contributor), dossier, "STR-01", "Délibération.pdf", pdf_bytes)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file.name == f"evidence/{dossier.pk}/{evidence.stored_name}"
    assert bucket.keys() == [f"{PREFIX}/evidence/{dossier.pk}/{evidence.stored_name}"]
    assert bucket.body(evidence.file.name) == pdf_bytes
    assert evidence.original_name == "Délibération.pdf"


@pytest.mark.parametrize("role", ["elected", "contributor", "organiser"])
def test_who_may_see_the_dossier_downloads_the_file_from_the_bucket(request, login, bucket, dossier, pdf_bytes, role):
    evidence = add(request.getfixturevalue("contributor"), dossier, "Délibération.pdf", pdf_bytes)
    response = login(request.getfixturevalue(role)).get(file_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''D%C3%A9lib%C3%A9ration.pdf"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["other_member", "outsider", "juror", None])
def test_others_get_a_404_and_no_redirect_to_the_bucket(request, login, bucket, dossier, contributor, pdf_bytes, role):
    evidence = add(contributor, dossier, "Délibération.pdf", pdf_bytes)
    response = login(request.getfixturevalue(role) if role else None).get(file_url(evidence))
    assert response.status_code == 404
    assert "Location" not in response
    assert bucket.endpoint.encode() not in response.content


def test_the_bucket_answers_no_one_without_the_platforms_keys(bucket, dossier, contributor, pdf_bytes):
    evidence = add(contributor, dossier, "Délibération.pdf", pdf_bytes)
    address = f"{bucket.endpoint}/{bucket.name}/{PREFIX}/{evidence.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address, timeout=10)
    assert refused.value.code == 403


def test_a_removed_file_leaves_the_bucket_on_commit(
    login, bucket, dossier, contributor, pdf_bytes, django_capture_on_commit_callbacks
):
    evidence = add(contributor, dossier, "Délibération.pdf", pdf_bytes)
    kept = add(contributor, dossier, "Annexe.pdf", pdf_bytes, code="STR-02")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(contributor).post(delete_url(evidence))
    assert response.status_code == 302
    assert bucket.keys() == [f"{PREFIX}/{kept.file.name}"]


def test_a_file_gone_from_the_bucket_is_a_plain_404(login, bucket, dossier, contributor, elected, pdf_bytes):
    evidence = add(contributor, dossier, "Délibération.pdf", pdf_bytes)
    never_stored = login(elected).get(file_url(evidence, evidence_pk=evidence.pk + 1000))
    bucket.delete(evidence.file.name)
    response = login(elected).get(file_url(evidence))
    assert response.status_code == 404
    assert response.content == never_stored.content


def test_the_same_name_twice_never_overwrites_a_stored_file(bucket, dossier, contributor, pdf_bytes):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    first = default_storage.save("evidence/same.pdf", ContentFile(b"first"))
    second = default_storage.save("evidence/same.pdf", ContentFile(b"second"))
    assert first == "evidence/same.pdf"
    assert second != first
    assert bucket.body(first) == b"first"


def test_the_upload_page_still_refuses_what_it_refuses_and_stores_nothing(login, bucket, dossier, contributor):
    response = post_file(login(contributor), dossier, "STR-01", "rapport.pdf", b"not a PDF at all")
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert bucket.keys() == []
    assert reverse("dossiers:axis", kwargs={"pk": dossier.pk, "code": "STR"}) in response.url
