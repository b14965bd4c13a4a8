"""The verification page of a credential (/verifier/<id>/) and the check form (/verifier/), for
everyone: valid, revoked, unknown."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.html import client_for
from tnl.publication import paths
from tnl.publication.models import PublishedResult

from .issued import published_file, withdraw

ROLES = ["visitor", "outsider", "elected", "juror", "organiser"]
SITE = "https://label.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def text_of(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def page_of(result):
    return reverse("publication:verify", args=[result.credential_id])


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_a_valid_credential(role, published, request):
    user = None if role == "visitor" else request.getfixturevalue(role)
    response = client_for(user).get(page_of(published))
    text = text_of(response)
    year = published.year
    assert text.startswith(
        f"Vérification d’une attestation Valide — Nancy (54) détient le label Territoire Numérique Libre {year} : "
        "Niveau 1 — Découverte."
    )
    assert "Niveau Niveau 1 — Découverte Édition " + str(year) in text
    assert "Délivrée par Adullact" in text
    html = response.content.decode()
    badge = f"/badges/{year}/commune-54395.svg"
    assert f'<img class="credential-badge" src="{badge}" alt="Territoire Numérique Libre {year} — niveau 1"' in html
    assert f'href="/credentials/{year}/commune-54395.jwt" download' in html
    assert f'href="/badges/{year}/commune-54395.png" download' in html
    snippet = (
        f'<a href="{SITE}/verifier/{published.credential_id}/"><img src="{SITE}{badge}" '
        f'alt="Territoire Numérique Libre {year} — niveau 1" width="360" height="120"></a>'
    )
    assert (
        f'<textarea id="snippet" class="snippet" rows="4" readonly spellcheck="false">{escape(snippet)}</textarea>'
        in html
    )
    assert '<script src="/static/tnl/copy.js" defer></script>' in html or "tnl/copy" in html
    assert "<script>" not in html  # no inline script


def test_the_page_reads_in_english(published):
    text = text_of(client_for(None, "en").get(page_of(published)))
    assert text.startswith(
        f"Credential check Valid — Nancy (54) holds the label Territoire Numérique Libre {published.year}: "
        "Level 1 — Discovery."
    )


def test_the_files_it_offers_exist(published):
    for path in (
        paths.credential(published.year, "commune", "54395"),
        paths.badge(published.year, "commune", "54395", "svg"),
        paths.badge(published.year, "commune", "54395", "png"),
    ):
        assert published_file(path)


@pytest.mark.parametrize("role", ROLES)
def test_a_revoked_credential_says_so(role, published, organiser, edition, django_capture_on_commit_callbacks, request):
    withdraw(organiser, edition, django_capture_on_commit_callbacks, reason="Un score était faux")
    user = None if role == "visitor" else request.getfixturevalue(role)
    text = text_of(client_for(user).get(page_of(published)))
    assert re.match(r"Vérification d’une attestation Révoquée le \d+ \w+ \d{4} \(Un score était faux\)\.", text)
    assert "Valide" not in text
    assert f"Édition {published.year} Organisme Commune 54395" in text


@pytest.mark.parametrize("role", ROLES)
def test_an_unknown_credential_is_not_found(role, published, request):
    user = None if role == "visitor" else request.getfixturevalue(role)
    response = client_for(user).get(reverse("publication:verify", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_the_page_reads_the_snapshot_only(published, django_assert_num_queries):
    client = client_for(None)
    with django_assert_num_queries(1):
        client.get(page_of(published))
    for number in range(5):  # more results published: still one query
        PublishedResult.objects.create(
            release=published.release,
            year=published.year,
            kind="commune",
            code=f"5400{number}",
            name=f"Body {number}",
            display_name=f"Body {number} (54)",
            level=2,
            level_label={"fr": "Niveau 2"},
        )
    with django_assert_num_queries(1):
        assert "Nancy (54)" in text_of(client.get(page_of(published)))


# The check form ------------------------------------------------------------------------------------


def test_a_pasted_credential_is_checked(published):
    token = published_file(paths.credential(published.year, "commune", "54395")).decode()
    text = text_of(client_for(None).post(reverse("publication:check"), {"token": token}))
    assert "Attestation valide" in text
    assert "Nancy (54), édition " + str(published.year) in text
    assert "Réussi : La signature correspond à la clé de l’émetteur." in text


def test_an_uploaded_credential_is_checked(published, organiser, edition, django_capture_on_commit_callbacks):
    token = published_file(paths.credential(published.year, "commune", "54395"))
    withdraw(organiser, edition, django_capture_on_commit_callbacks, reason="Erreur")
    upload = SimpleUploadedFile("nancy.jwt", token, content_type="application/octet-stream")
    text = text_of(client_for(None).post(reverse("publication:check"), {"file": upload}))
    assert "Attestation révoquée" in text
    assert "Échoué : Révoquée le " in text


def test_the_check_form_refuses_nonsense(db):
    client = client_for(None)
    text = text_of(client.post(reverse("publication:check"), {"token": "hello"}))
    assert "Attestation non valide" in text
    assert "Échoué : Ce n’est pas une attestation signée (un JWT sous forme compacte)." in text
    empty = text_of(client.post(reverse("publication:check"), {}))
    assert "Collez une attestation ou choisissez son fichier." in empty
    big = SimpleUploadedFile("big.jwt", b"a" * (64 * 1024 + 1))
    assert "Le fichier est trop gros pour être une attestation (64 ko au plus)." in text_of(
        client.post(reverse("publication:check"), {"file": big})
    )
