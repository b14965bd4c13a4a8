"""The print version of a dossier in headless Chromium: 0 axe violations, in French and English."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.dossiers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]


@pytest.fixture
def filled(dossier, contributor, pdf_bytes):
    services.save_answer(contributor, dossier, "STR-01", True, comment="Délibération du 3 mars.\nVoir l’annexe.")
    services.save_answer(contributor, dossier, "STR-04", ["sovereignty", "cost"])
    services.save_answer(contributor, dossier, "STR-06", Decimal("62.5"))
    services.save_answer(contributor, dossier, "INT-01", "https://nancy.example.org/interop")
    services.add_evidence_link(contributor, dossier, "STR-01", "https://nancy.example.org/deliberation")
    services.add_evidence_file(contributor, dossier, "STR-01", SimpleUploadedFile("annexe.pdf", pdf_bytes))
    return dossier


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_print_page_has_no_axe_violation(page, live_server, filled, elected, language):
    log_in(page, live_server, elected)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(reverse("dossiers:print", kwargs={"pk": filled.pk}))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text().startswith("Nancy")
    # The inline print stylesheet is allowed by the page's CSP: it applies.
    assert page.evaluate("getComputedStyle(document.querySelector('.question')).borderTopStyle") == "solid"
    assert axe_violations(page) == []
    screenshot(page, f"dossier-print-{language}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_refused_upload_is_explained_next_to_the_field(page, live_server, filled, technical, pdf_bytes, language):
    log_in(page, live_server, technical)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(reverse("dossiers:axis", kwargs={"pk": filled.pk, "code": "STR"}))
    assert axe_violations(page) == []
    page.set_input_files("#q-STR-03-file", files=[{"name": "plan.png", "mimeType": "image/png", "buffer": pdf_bytes}])
    page.locator("#q-STR-03-evidence .upload-form button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#q-STR-03-file-error")
    assert "plan.png" in error.inner_text()
    assert page.locator("#q-STR-03-file").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    screenshot(page, f"dossier-upload-error-{language}")
    # A good file: it is listed with a link that downloads it.
    page.set_input_files("#q-STR-03-file", files=[{"name": "plan.pdf", "mimeType": "x/y", "buffer": pdf_bytes}])
    page.locator("#q-STR-03-evidence .upload-form button[type=submit]").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.locator("#q-STR-03-evidence").get_by_role("link", name="plan.pdf").click()
    assert download.value.suggested_filename == "plan.pdf"
