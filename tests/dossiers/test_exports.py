"""The dossier file (tnl-dossier/1), the print page and the PDF: same numbers as the web pages and
the `score` command, shown only to those who may see the dossier."""

import io
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from tnl.dossiers import exports, services
from tnl.dossiers.scoring import dossier_state
from tnl.dossiers.words import answer_words
from tnl.referentials.engine import format_percent, result_to_json
from tnl.referentials.format import dump_referential, load_dossier

PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


@pytest.fixture
def filled(dossier, elected, contributor, pdf_bytes):
    """Answers of every kind, links, a file, a comment and evidence without an answer."""
    answers = {
        "STR-01": True,
        "STR-02": "both",
        "STR-03": True,
        "STR-04": ["sovereignty", "cost"],
        "STR-06": Decimal("62.5"),
        "STR-08": 3,
        "STR-10": "Une stratégie votée en 2021.",
        "INT-01": "https://nancy.example.org/interop",
        "LOG-01": True,
        "LOG-03": Decimal("40"),
        "DON-01": False,
    }
    for code, value in answers.items():
        services.save_answer(
            contributor, dossier, code, value, comment="Voir la délibération." if code == "STR-02" else ""
        )
    services.add_evidence_link(contributor, dossier, "STR-01", "https://nancy.example.org/deliberation-2021")
    services.add_evidence_file(
        elected, dossier, "STR-03", SimpleUploadedFile("plan d'action.pdf", pdf_bytes, content_type="text/html")
    )
    services.add_evidence_link(contributor, dossier, "STR-05", "https://nancy.example.org/marches")
    return dossier


# --- The dossier file ----------------------------------------------------------------------------


def test_the_dossier_file_holds_every_answer_and_evidence(filled, settings):
    document = exports.dossier_document(filled)
    file_evidence = filled.evidence.get(kind="file")
    assert document["format"] == "tnl-dossier/1"
    assert document["referential"] == filled.edition.referential.code
    assert document["territory"] == {
        "kind": "commune",
        "code": "54395",
        "name": "Nancy",
        "population": filled.territory.population,
        "competences_missing": list(filled.territory.competences_missing or []),
    }
    answers = document["answers"]
    assert answers["STR-01"] == {"value": True, "evidence": ["https://nancy.example.org/deliberation-2021"]}
    assert answers["STR-02"] == {"value": "both", "evidence": [], "comment": "Voir la délibération."}
    assert answers["STR-03"] == {
        "value": True,
        "evidence": [f"{settings.SITE_URL}/dossiers/{filled.pk}/pieces/{file_evidence.pk}/"],
    }
    assert answers["STR-05"] == {"value": None, "evidence": ["https://nancy.example.org/marches"]}
    assert answers["STR-06"]["value"] == Decimal("62.5")
    assert list(answers) == [
        "STR-01", "STR-02", "STR-03", "STR-04", "STR-05", "STR-06", "STR-08", "STR-10", "INT-01", "LOG-01", "LOG-03",
        "DON-01",
    ]  # fmt: skip
    assert (document["x-edition"], document["x-status"]) == (filled.edition.year, "draft")


def test_the_dossier_file_validates_against_the_editions_referential(filled):
    text = exports.dossier_json(filled)
    assert load_dossier(text, filled.edition.referential.document, "dossier.json") == exports.dossier_document(filled)


def test_the_score_command_gives_the_web_pages_result(filled, tmp_path):
    referential_file = tmp_path / "referential.json"
    referential_file.write_text(dump_referential(filled.edition.referential.document, "json"), encoding="utf-8")
    dossier_file = tmp_path / exports.dossier_filename(filled, "json")
    dossier_file.write_text(exports.dossier_json(filled), encoding="utf-8")
    out = io.StringIO()
    call_command("score", str(referential_file), str(dossier_file), "--json", stdout=out)
    web = result_to_json(dossier_state(filled).result)
    assert json.loads(out.getvalue()) == web
    assert web["questions"]["STR-03"]["status"] == "scored"  # the file counts as evidence
    assert web["level"] >= 1


def test_an_empty_dossier_exports_too(dossier):
    document = exports.dossier_document(dossier)
    assert document["answers"] == {}


def download_url(dossier, name):
    return reverse(f"dossiers:{name}", kwargs={"pk": dossier.pk})


@pytest.mark.parametrize("role", ["elected", "technical", "contributor", "organiser"])
def test_the_body_and_the_organisers_download_the_dossier_file(request, login, filled, role):
    response = login(request.getfixturevalue(role)).get(download_url(filled, "download"))
    year = filled.edition.year
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tnl-{year}-nancy-54395.json"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8") == exports.dossier_json(filled)


@pytest.mark.parametrize("name", ["download", "print", "pdf"])
@pytest.mark.parametrize("role", ["other_member", "outsider", "juror", None])
def test_others_get_a_404_for_the_file_the_print_and_the_pdf(request, login, dossier, role, name):
    user = request.getfixturevalue(role) if role else None
    response = login(user).get(download_url(dossier, name))
    assert response.status_code == 404
    missing = login(user).get(reverse(f"dossiers:{name}", kwargs={"pk": dossier.pk + 1000}))
    assert response.content == missing.content


# --- Print page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elected", "contributor", "organiser"])
def test_the_print_page_shows_the_whole_dossier(request, login, filled, role):
    client = login(request.getfixturevalue(role))
    client.cookies["django_language"] = "en"
    response = client.get(download_url(filled, "print"))
    assert response.status_code == 200
    html = response.content.decode()
    state = dossier_state(filled)
    assert '<html lang="en">' in html
    assert f"<title>Dossier of Nancy, {filled.edition.year} edition · Territoire Numérique Libre</title>" in html
    assert '<meta name="author" content="Nancy">' in html
    assert f"{format_percent(state.result.global_percent)} %" in html
    for axis in state.document["axes"]:
        assert f'id="axis-{axis["code"]}"' in html
        for question in axis["questions"]:
            assert f'id="q-{question["code"]}"' in html  # the full form: every question
    assert "Both a lead elected official and a technical lead" in html  # choice label
    assert "<li>Sovereignty and control over tools and data</li>" in html
    assert "Voir la délibération." in html
    assert "62.5 %" in html
    assert ">plan d&#x27;action.pdf</a>" in html
    assert "https://nancy.example.org/deliberation-2021</a>" in html
    assert "Evidence missing" not in html.split('id="q-STR-01"')[1].split('id="q-STR-02"')[0]
    csp = response["Content-Security-Policy"]
    assert f"style-src 'self' {exports.style_hash(exports.print_context(filled)['print_css'])}" in csp
    assert "script-src 'self'" in csp


def test_the_print_page_uses_the_dossiers_form(login, filled, elected):
    services.set_form(elected, filled, "badge")
    html = login(elected).get(download_url(filled, "print")).content.decode()
    assert 'id="q-STR-01"' in html and 'id="q-STR-03"' not in html


def test_answers_are_in_words_in_french(filled):
    state = dossier_state(filled)

    def words(code):
        answer = state.answers.get(code)
        return answer_words(state.questions[code], answer.value if answer else None)

    with override("fr"):
        assert words("STR-06") == "62,5\u00a0%"
    with override("en"):
        assert words("STR-06") == "62.5 %"
        assert words("STR-01") == "Yes"
        assert words("DON-01") == "No"
        assert words("STR-02") == "Both a lead elected official and a technical lead"
        assert len(words("STR-04")) == 2
        assert words("STR-09") is None


# --- PDF -----------------------------------------------------------------------------------------


def pdf_text(data, tmp_path):
    """The PDF's text by pdftotext, or None when poppler-utils is missing outside CI."""
    if not PDFTOTEXT:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is not installed: .ci/run should have installed poppler-utils")
        return None
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(data)
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def test_the_pdf_of_the_full_form(login, filled, elected, tmp_path):
    client = login(elected)
    client.cookies["django_language"] = "en"
    response = client.get(download_url(filled, "pdf"))
    year = filled.edition.year
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="tnl-{year}-nancy-54395.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    data = response.content
    assert data.startswith(b"%PDF-")
    if os.environ.get("TNL_SCREENSHOTS"):  # keep the PDF to look at, like the browser screenshots
        Path(os.environ["TNL_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["TNL_SCREENSHOTS"]) / "dossier.pdf").write_bytes(data)
    text = pdf_text(data, tmp_path)
    if text is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    state = dossier_state(filled)
    percent = format_percent(state.result.global_percent)  # in English: "12.3"
    assert "Nancy" in text
    assert f"{percent} %" in text
    assert "STR-01" in text and "COM-10" in text
    info = subprocess.run([PDFINFO, str(tmp_path / "dossier.pdf")], capture_output=True, check=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert int(fields["Pages"]) >= 2
    assert fields["Title"].strip() == f"Dossier of Nancy, {year} edition · Territoire Numérique Libre"
    assert fields["Author"].strip() == "Nancy"
    assert fields["Page size"].strip().startswith("595.276 x 841.89")  # A4


@pytest.mark.parametrize("role", ["technical", "contributor", "organiser"])
def test_the_body_and_the_organisers_get_the_pdf(request, login, dossier, elected, role):
    services.set_form(elected, dossier, "badge")  # short: one render per role stays quick
    response = login(request.getfixturevalue(role)).get(download_url(dossier, "pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_the_pdf_never_fetches_anything_but_our_static_files(settings):
    fetcher = exports.static_only_fetcher()
    for url in (
        "https://example.org/tracker.png",
        "http://127.0.0.1:1/secret",
        "file:///etc/passwd",
        f"{settings.SITE_URL}/dossiers/1/pieces/1/",
        f"{settings.SITE_URL}{settings.STATIC_URL}../settings.py",
        f"{settings.SITE_URL}{settings.STATIC_URL}/etc/passwd",
        f"{settings.SITE_URL}{settings.STATIC_URL}%2e%2e/settings.py",
        f"https://elsewhere.example.org{settings.STATIC_URL}tnl/site.css",
        f"{settings.SITE_URL}{settings.STATIC_URL}tnl/nothing-here.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch(f"{settings.SITE_URL}{settings.STATIC_URL}tnl/site.css")
    assert response.read().startswith(b"/* The platform's own small stylesheet")
    assert response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_a_file_question_is_answered_by_its_uploaded_file_on_the_page_and_in_the_file(
    dossier, contributor, media, pdf_bytes, tmp_path
):
    from tests.dossiers.test_evidence import upload

    assert dossier_state(dossier).result.questions["STR-09"].status == "unanswered"
    services.add_evidence_file(contributor, dossier, "STR-09", upload("bilan-2025.pdf", pdf_bytes))
    state = dossier_state(dossier)
    assert (state.result.questions["STR-09"].status, state.result.questions["STR-09"].points) == ("scored", 10)
    document = exports.dossier_document(dossier)
    assert len(document["answers"]["STR-09"]["value"]) == 1
    assert document["answers"]["STR-09"]["value"] == document["answers"]["STR-09"]["evidence"]


def test_long_runs_get_break_opportunities_and_everything_is_escaped():
    assert str(exports.breakable("<b>court</b> texte")) == "&lt;b&gt;court&lt;/b&gt; texte"
    word = "a" * 25 + "<" + "b" * 24  # 50 characters without a space
    assert str(exports.breakable(f"voir {word} fin")) == (
        "voir <span>aaaaaaaaaa\u200baaaaaaaaaa\u200baaaaa&lt;bbbb\u200bbbbbbbbbbb\u200bbbbbbbbbbb</span>\u200b fin"
    )
    long_word = "x" * 10_000
    html = str(exports.breakable(long_word))
    assert html.replace("<span>", "").replace("</span>", "").replace("\u200b", "") == long_word
    assert html.count("<span>") == 50
