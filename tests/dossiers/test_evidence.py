"""Evidence files: accepted by content, capped in size, stored under server-made names, served
only to those who may see the dossier, as attachments; and the pages that add and remove them.

Messages are asserted in English (`override("en")`, or the language cookie for pages)."""

import hashlib
import io
import zipfile
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import override
from PIL import Image

from tests import factories
from tests.html import messages_of
from tnl.core.models import AuditEntry
from tnl.dossiers import filetypes, services
from tnl.dossiers.models import Dossier, Evidence
from tnl.editions import services as edition_services

ACCEPTED = "PDF, OpenDocument (ODT, ODS, ODP, ODG), PNG, JPEG, GIF, WebP images or CSV"
MB = 1024 * 1024


def odf_bytes(
    media_type="application/vnd.oasis.opendocument.text", mimetype_first=True, stored=True, mimetype_name="mimetype"
):
    buffer = io.BytesIO()
    mimetype = (mimetype_name, media_type, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    entries = [
        ("content.xml", '<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED),
        ("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>', zipfile.ZIP_DEFLATED),
    ]
    entries.insert(0 if mimetype_first else 1, mimetype)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text, compress in entries:
            archive.writestr(zipfile.ZipInfo(name), text, compress_type=compress)
    return buffer.getvalue()


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (11, 90, 74)).save(buffer, format=image_format)
    return buffer.getvalue()


CSV_TEXT = "commune;logiciel;depuis\nNancy;LibreOffice;2019\n« Vandœuvre »;Nextcloud;2021\n"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/x-trust-me")


def add(user, dossier, name, content, code="STR-01"):
    return services.add_evidence_file(user, dossier, code, upload(name, content))


def refusal(user, dossier, name, content, code="STR-01"):
    with override("en"), pytest.raises(ValidationError) as error:
        add(user, dossier, name, content, code)
    return error.value.messages


# --- Accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, make, content_type, extension",
    [
        ("délibération.pdf", lambda pdf: pdf, "application/pdf", "pdf"),
        ("plan.odt", lambda pdf: odf_bytes(), "application/vnd.oasis.opendocument.text", "odt"),
        (
            "budget.ods",
            lambda pdf: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
            "ods",
        ),
        (
            "slides.odp",
            lambda pdf: odf_bytes("application/vnd.oasis.opendocument.presentation"),
            "application/vnd.oasis.opendocument.presentation",
            "odp",
        ),
        (
            "schema.odg",
            lambda pdf: odf_bytes("application/vnd.oasis.opendocument.graphics"),
            "application/vnd.oasis.opendocument.graphics",
            "odg",
        ),
        ("photo.png", lambda pdf: image_bytes("PNG"), "image/png", "png"),
        ("photo.jpeg", lambda pdf: image_bytes("JPEG"), "image/jpeg", "jpg"),
        ("PHOTO.JPG", lambda pdf: image_bytes("JPEG"), "image/jpeg", "jpg"),
        ("anim.gif", lambda pdf: image_bytes("GIF"), "image/gif", "gif"),
        ("photo.webp", lambda pdf: image_bytes("WEBP"), "image/webp", "webp"),
        ("inventaire.csv", lambda pdf: CSV_TEXT.encode("utf-8"), "text/csv", "csv"),
        ("inventaire-excel.csv", lambda pdf: CSV_TEXT.encode("cp1252"), "text/csv", "csv"),
        ("une-colonne.csv", lambda pdf: b"logiciel\r\nLibreOffice\r\nFirefox\r\n", "text/csv", "csv"),
        ("avec-bom.csv", lambda pdf: b'\xef\xbb\xbfa,"b, c"\n1,2\n', "text/csv", "csv"),
        ("sans-fin-de-ligne.csv", lambda pdf: b"commune;logiciel\nNancy;LibreOffice", "text/csv", "csv"),
        (
            "mimetype-100.odt",
            lambda pdf: odf_bytes("application/vnd.oasis.opendocument.text".ljust(100)),
            "application/vnd.oasis.opendocument.text",
            "odt",
        ),
    ],
)
def test_every_accepted_type_is_stored_under_a_server_made_name(
    dossier, contributor, pdf_bytes, media, name, make, content_type, extension
):
    content = make(pdf_bytes)
    evidence = add(contributor, dossier, name, content)
    evidence.refresh_from_db()
    assert (evidence.kind, evidence.question, evidence.original_name) == ("file", "STR-01", name)
    assert (evidence.content_type, evidence.size) == (content_type, len(content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.added_by == contributor
    stem = name.rsplit(".", 1)[0]
    assert evidence.file.name == f"evidence/{dossier.pk}/{evidence.stored_name}"
    assert stem not in evidence.file.name and stem.lower() not in evidence.file.name
    token, stored_extension = evidence.stored_name.split(".")
    assert (len(token), stored_extension) == (32, extension)
    assert int(token, 16) >= 0  # hexadecimal
    assert (media / evidence.file.name).read_bytes() == content
    entry = AuditEntry.objects.get(action="evidence.added")
    assert (entry.actor, entry.summary) == (contributor, f"STR-01: {name}")
    assert entry.data == {
        "question": "STR-01",
        "evidence": evidence.pk,
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert evidence.reference() == f"file:{evidence.pk}:{name}"


def test_the_client_content_type_and_folders_in_the_name_are_ignored(dossier, contributor, pdf_bytes):
    evidence = add(contributor, dossier, "..\\..\\C:\\tmp/../dé\x00libé\nration.pdf", pdf_bytes)
    assert (evidence.original_name, evidence.content_type) == ("délibération.pdf", "application/pdf")


@pytest.mark.parametrize(
    "name, shown",
    [
        (None, ""),
        ("", ""),
        ("dossiers/2026/budget.pdf", "budget.pdf"),
        ("C:\\Users\\mairie\\budget.pdf", "budget.pdf"),
        ("partage\\2026/budget\\rapport.pdf", "rapport.pdf"),
        ("Xavier et Xénia.pdfX", "Xavier et Xénia.pdfX"),
        ("..X.pdf.", "X.pdf"),
    ],
)
def test_the_shown_name_is_the_last_part_of_the_path(name, shown):
    assert filetypes.display_name(name) == shown


@pytest.mark.parametrize(
    "name, shown",
    [
        ("a" * 255, "a" * 255),
        ("a" * 251 + ".pdf", "a" * 251 + ".pdf"),
        ("a" * 256, "a" * 255),
        ("a" * 300, "a" * 255),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
        ("rapport.v2." + "a" * 300 + ".pdf", ("rapport.v2." + "a" * 300)[:251] + ".pdf"),
        ("a" * 300 + "." + "b" * 10, "a" * 244 + "." + "b" * 10),
        ("a" * 300 + "." + "b" * 11, "a" * 255),
        ("a" * 300 + "." + "b" * 20, "a" * 255),
    ],
)
def test_a_long_name_is_cut_to_255_characters_keeping_a_short_extension(name, shown):
    assert filetypes.display_name(name) == shown


def test_a_name_with_several_dots_is_typed_by_its_last_extension(dossier, contributor, pdf_bytes):
    evidence = add(contributor, dossier, "rapport.v2.pdf", pdf_bytes)
    assert (evidence.original_name, evidence.content_type) == ("rapport.v2.pdf", "application/pdf")


def test_a_name_that_is_only_an_extension_has_no_type(pdf_bytes):
    with override("en"), pytest.raises(ValidationError) as error:
        filetypes.check_file(upload(".pdf", pdf_bytes), ".pdf", 0)
    assert (error.value.messages, error.value.code) == ([f"“.pdf” is not an accepted type: {ACCEPTED}."], "type")


def test_two_files_with_the_same_name_are_both_kept(dossier, contributor, pdf_bytes):
    first = add(contributor, dossier, "scan.pdf", pdf_bytes)
    second = add(contributor, dossier, "scan.pdf", pdf_bytes)
    assert first.file.name != second.file.name
    assert [e.original_name for e in dossier.evidence.all()] == ["scan.pdf", "scan.pdf"]


# --- Refused -------------------------------------------------------------------------------------


def test_a_pdf_named_png_is_refused(dossier, contributor, pdf_bytes):
    assert refusal(contributor, dossier, "photo.png", pdf_bytes) == [
        "“photo.png” is named as a PNG image, but its content is a PDF document."
    ]


def test_a_png_named_jpg_is_refused(dossier, contributor):
    assert refusal(contributor, dossier, "photo.jpg", image_bytes("PNG")) == [
        "“photo.jpg” is named as a JPEG image, but its content is a PNG image."
    ]


def test_a_program_renamed_pdf_is_refused(dossier, contributor):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4
    assert refusal(contributor, dossier, "setup.pdf", program) == [
        "“setup.pdf” is named as a PDF document, but its content is not of any accepted type."
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n",
        b"  <html>\n<body>a,b</body>\n</html>\n",
        b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>\n",
        b"\xef\xbb\xbf<html>\n<script>alert(1)</script>\n</html>\n",  # after a UTF-8 byte order mark
    ],
)
def test_markup_named_csv_is_refused(dossier, contributor, content):
    assert refusal(contributor, dossier, "page.csv", content) == [
        "“page.csv” is named as a CSV table, but its content is not of any accepted type."
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"a,b,c\n1,2\n",  # rows of different widths
        b"a,b\n1,2,3",  # the same, the last row without a line end
        b"a,b\n1,\x002\n",  # NUL byte
        b"a,b\n1,\x072\n",  # control character
        b'a,b\n"1,2\n',  # unterminated quote
        b"\n\n",  # no row
    ],
)
def test_text_that_is_not_a_consistent_table_is_refused_as_csv(dossier, contributor, content):
    assert refusal(contributor, dossier, "table.csv", content) == [
        "“table.csv” is named as a CSV table, but its content is not of any accepted type."
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_a_text_file_named_pdf_is_called_a_text_file(dossier, contributor, encoding):
    content = "Compte rendu de la réunion.\nÀ relire.\n".encode(encoding)
    assert refusal(contributor, dossier, "notes.pdf", content) == [
        "“notes.pdf” is named as a PDF document, but its content is a text file."
    ]


def test_text_with_a_control_character_is_no_text_file(dossier, contributor):
    assert refusal(contributor, dossier, "notes.pdf", b"Compte rendu\x07 de la r\xe9union.\n") == [
        "“notes.pdf” is named as a PDF document, but its content is not of any accepted type."
    ]


def test_a_file_whose_last_character_is_cut_is_read_as_latin_1(dossier, contributor):
    # Whole, it is UTF-8 text with a byte order mark and a quoted "Nancy, Meurthe": two columns.
    # Cut in its last character it is no UTF-8; read as Latin-1, the mark is three letters and
    # the quotes no longer enclose the comma: the first row has three columns, the others two.
    whole = '\ufeff"Nancy, Meurthe",54\nMetz,57\nToul,Lorraine é'.encode()
    assert add(contributor, dossier, "communes.csv", whole).content_type == "text/csv"
    assert refusal(contributor, dossier, "communes-coupé.csv", whole[:-1]) == [
        "“communes-coupé.csv” is named as a CSV table, but its content is not of any accepted type."
    ]


@pytest.mark.parametrize(
    "content, columns",
    [
        (b"commune;logiciel\nNancy;LibreOffice\n", 2),  # semicolons, as a French spreadsheet writes
        (b"commune\tlogiciel\nNancy\tLibreOffice\n", 2),  # tabs
        (b"a;b;c,d\te\n1;2;3\n", 3),  # the separator the first line holds most
        (b"\ta\tb\n\t1\t2\n", 3),  # a first column left empty
        (b'\xef\xbb\xbf"a,b",c\n1,2\n', 2),  # the byte order mark is not part of the first field
        (b"X<a>,b\n1,2\n", 2),  # text that does not start with "<" is no markup
    ],
)
def test_the_columns_of_a_table_are_counted_with_its_separator(dossier, contributor, content, columns):
    with override("en"), pytest.raises(ValidationError) as error:
        add(contributor, dossier, "table.pdf", content)
    assert error.value.messages == ["“table.pdf” is named as a PDF document, but its content is a CSV table."]
    assert filetypes.csv_columns(upload("table.csv", content)) == columns


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf<a>,<b>\n<c>,<d>\n",  # markup after a byte order mark
        b" <a>,<b>\n<c>,<d>\n",  # markup after a space
        b'X"a,b",c\n1,2\n',  # an X before a quote: the quote is part of the field, three columns
        b'a,"b"c\n1,2\n',  # text after a closing quote
    ],
)
def test_markup_and_misquoted_tables_are_no_csv(dossier, contributor, content):
    assert refusal(contributor, dossier, "table.csv", content) == [
        "“table.csv” is named as a CSV table, but its content is not of any accepted type."
    ]


def test_a_table_of_one_column_named_csv_is_accepted(dossier, contributor):
    evidence = add(contributor, dossier, "communes.csv", b"commune\nNancy\nLaxou\n")
    assert (evidence.original_name, evidence.content_type) == ("communes.csv", "text/csv")


def test_a_zip_that_is_not_opendocument_is_refused(dossier, contributor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    assert refusal(contributor, dossier, "archive.odt", buffer.getvalue()) == [
        "“archive.odt” is named as an OpenDocument text, but its content is not of any accepted type."
    ]
    # An ODF-looking zip whose mimetype entry is compressed, or not first, or only starts with
    # "mimetype", or holds over 100 bytes (here the media type and spaces: 101), is no ODF either.
    for content in (
        odf_bytes(stored=False),
        odf_bytes(mimetype_first=False),
        odf_bytes(mimetype_name="mimetype2"),
        odf_bytes("application/vnd.oasis.opendocument.text".ljust(101)),
    ):
        assert refusal(contributor, dossier, "archive.odt", content) == [
            "“archive.odt” is named as an OpenDocument text, but its content is not of any accepted type."
        ]


def test_an_odt_named_ods_is_refused(dossier, contributor):
    assert refusal(contributor, dossier, "budget.ods", odf_bytes()) == [
        "“budget.ods” is named as an OpenDocument spreadsheet, but its content is an OpenDocument text."
    ]


@pytest.mark.parametrize("name", ["budget.xlsx", "setup.exe", "sans-extension", "page.html", ".pdf"])
def test_a_name_outside_the_accepted_extensions_is_refused(dossier, contributor, pdf_bytes, name):
    shown = name.strip(".")
    assert refusal(contributor, dossier, name, pdf_bytes) == [f"“{shown}” is not an accepted type: {ACCEPTED}."]


def test_an_empty_file_is_refused(dossier, contributor):
    assert refusal(contributor, dossier, "vide.pdf", b"") == ["“vide.pdf” is empty."]


def test_a_file_over_the_cap_is_refused(dossier, contributor, pdf_bytes, settings):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 1
    big = pdf_bytes + b"\n%" + b"0" * (int(1.25 * MB) - len(pdf_bytes) - 2)
    assert refusal(contributor, dossier, "scan.pdf", big) == ["“scan.pdf” is 1.3 MB; files are limited to 1 MB."]
    just_under = pdf_bytes + b"\n%" + b"0" * (MB - len(pdf_bytes) - 2)
    assert add(contributor, dossier, "scan.pdf", just_under).size == MB


def test_a_file_that_would_take_the_dossier_over_its_cap_is_refused(dossier, contributor, pdf_bytes, settings):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 1
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 2
    padded = pdf_bytes + b"\n%" + b"0" * (int(0.9 * MB) - len(pdf_bytes) - 2)
    add(contributor, dossier, "a.pdf", padded)
    add(contributor, dossier, "b.pdf", padded, code="STR-03")
    services.add_evidence_link(contributor, dossier, "STR-01", "https://example.org/deliberation")  # counts 0
    assert refusal(contributor, dossier, "c.pdf", padded) == [
        "“c.pdf” cannot be added: the dossier's files would total 2.7 MB; the limit is 2 MB."
    ]
    assert Evidence.objects.filter(dossier=dossier, kind="file").count() == 2


def test_the_dossier_total_counts_only_its_own_files(
    dossier, contributor, edition, vandoeuvre, member_of_other_body, pdf_bytes
):
    assert filetypes.dossier_files_size(dossier) == 0
    other = factories.DossierFactory(edition=edition, territory=vandoeuvre, actor=member_of_other_body)
    add(member_of_other_body, other, "autre.pdf", pdf_bytes)
    assert filetypes.dossier_files_size(dossier) == 0
    add(contributor, dossier, "a.pdf", pdf_bytes)
    add(contributor, dossier, "b.pdf", pdf_bytes + b"\n%%")
    assert filetypes.dossier_files_size(dossier) == 2 * len(pdf_bytes) + 3


def pdf_of(size):
    return b"%PDF-1.4\n" + b"0" * (size - 9)


@pytest.mark.parametrize(
    "name, content, stored, code",
    [
        ("budget.xlsx", pdf_of(10), 0, "type"),
        ("vide.pdf", b"", 0, "empty"),
        ("scan.pdf", pdf_of(MB + 1), 0, "file_size"),
        ("scan.pdf", pdf_of(MB), MB + 1, "dossier_size"),
        ("scan.pdf", b"\x00\x01binary", 0, "content"),
        ("scan.png", pdf_of(10), 0, "mismatch"),
    ],
)
def test_each_refusal_of_a_file_has_its_code(settings, name, content, stored, code):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 1
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 2
    with pytest.raises(ValidationError) as error:
        filetypes.check_file(upload(name, content), name, stored)
    assert error.value.code == code


def test_a_file_that_fills_the_dossier_exactly_to_its_cap_is_accepted(settings):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 1
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 2
    assert filetypes.check_file(upload("plein.pdf", pdf_of(MB)), "plein.pdf", MB) is filetypes.PDF


def test_a_file_whose_row_cannot_be_saved_is_deleted_again(dossier, contributor, pdf_bytes, media):
    """The database refuses the evidence row (a disk full, a lost connection): the file already
    written to the storage is deleted, and the error reaches the caller."""

    def refuse_evidence_rows(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "dossiers_evidence"'):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_evidence_rows), pytest.raises(DatabaseError):
        add(contributor, dossier, "plan.pdf", pdf_bytes)
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_nothing_is_stored_when_a_file_is_refused(dossier, contributor, pdf_bytes, media):
    refusal(contributor, dossier, "photo.png", pdf_bytes)
    assert not Evidence.objects.exists()
    assert not (media / "evidence").exists() or not any((media / "evidence").rglob("*.*"))


def test_the_caps_are_shown_in_french_with_a_decimal_comma(dossier, contributor, pdf_bytes, settings):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 1
    big = pdf_bytes + b"\n%" + b"0" * (int(1.25 * MB) - len(pdf_bytes) - 2)
    with override("fr"):
        assert filetypes.megabytes(len(big)) == "1,3"
        assert filetypes.megabytes(103 * MB) == "103"


# --- State and permission ------------------------------------------------------------------------


def test_only_the_body_members_may_add_files(dossier, organiser, outsider, other_member, juror, pdf_bytes):
    for user in (organiser, outsider, other_member, juror, None):
        with pytest.raises(PermissionDenied):
            add(user, dossier, "scan.pdf", pdf_bytes)


def test_no_file_is_added_after_the_deadline(dossier, organiser, contributor, pdf_bytes):
    edition_services.update_dates(
        organiser,
        dossier.edition,
        opens_at=dossier.edition.opens_at,
        closes_at=timezone.now() - timedelta(minutes=1),
        jury_on=dossier.edition.jury_on,
    )
    assert refusal(contributor, dossier, "scan.pdf", pdf_bytes) == [
        f"Applications to the {dossier.edition.year} edition are closed: nothing can change any more."
    ]


def test_no_file_is_added_to_a_submitted_dossier(dossier, contributor, pdf_bytes):
    Dossier.objects.filter(pk=dossier.pk).update(status="submitted")
    assert refusal(contributor, dossier, "scan.pdf", pdf_bytes) == [
        "The dossier is submitted: a referent must reopen it before it can change."
    ]


def test_a_file_for_an_unknown_question_is_refused(dossier, contributor, pdf_bytes):
    assert refusal(contributor, dossier, "scan.pdf", pdf_bytes, code="NOPE-99") == [
        "This edition's referential has no question NOPE-99."
    ]


# --- Download ------------------------------------------------------------------------------------


@pytest.fixture
def stored(dossier, contributor, pdf_bytes):
    return add(contributor, dossier, "Délibération n°12 du 3 mars.pdf", pdf_bytes)


def file_url(evidence, evidence_pk=None):
    return reverse(
        "dossiers:evidence_file", kwargs={"pk": evidence.dossier_id, "evidence_pk": evidence_pk or evidence.pk}
    )


@pytest.mark.parametrize("role", ["elected", "technical", "contributor", "organiser"])
def test_the_body_and_the_organisers_download_the_file_as_an_attachment(request, login, stored, pdf_bytes, role):
    response = login(request.getfixturevalue(role)).get(file_url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''D%C3%A9lib%C3%A9ration%20n%C2%B012%20du%203%20mars.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert sorted(response["Content-Security-Policy"].split("; ")) == ["default-src 'none'", "sandbox"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(pdf_bytes))


def test_the_stored_type_is_sent_not_one_guessed_from_the_name(login, dossier, contributor):
    evidence = add(contributor, dossier, "inventaire.csv", CSV_TEXT.encode())
    response = login(contributor).get(file_url(evidence))
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="inventaire.csv"'


@pytest.mark.parametrize("role", ["other_member", "outsider", "juror", None])
def test_others_get_the_same_404_as_for_a_missing_file(request, client, login, stored, media, role):
    user = request.getfixturevalue(role) if role else None
    forbidden = login(user).get(file_url(stored))
    missing = login(user).get(file_url(stored, evidence_pk=stored.pk + 1000))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert "Content-Disposition" not in forbidden


def test_a_file_gone_from_the_storage_is_a_plain_404(login, stored, elected):
    never_stored = login(elected).get(file_url(stored, evidence_pk=stored.pk + 1000))
    default_storage.delete(stored.file.name)
    response = login(elected).get(file_url(stored))
    assert response.status_code == 404
    assert response.content == never_stored.content


def test_a_file_is_not_reached_through_another_dossier(login, stored, other_body, other_member, edition):
    other = services.create_dossier(other_member, edition, other_body)
    response = login(other_member).get(
        reverse("dossiers:evidence_file", kwargs={"pk": other.pk, "evidence_pk": stored.pk})
    )
    assert response.status_code == 404


def test_media_files_are_not_served_publicly(client, stored, settings):
    assert client.get(settings.MEDIA_URL + stored.file.name).status_code == 404


# --- Pages: add and remove -----------------------------------------------------------------------


def question_url(dossier, code, axis):
    """The question on its axis page, asking for the messages next to its evidence too."""
    url = reverse("dossiers:axis", kwargs={"pk": dossier.pk, "code": axis})
    return url + f"?evidence={code}#q-{code}"


def post_file(client, dossier, code, name, content):
    client.cookies["django_language"] = "en"
    url = reverse("dossiers:evidence_upload", kwargs={"pk": dossier.pk, "code": code})
    return client.post(url, {"file": upload(name, content)})


def test_a_member_uploads_a_file_and_goes_back_to_the_question(login, dossier, technical, pdf_bytes):
    response = post_file(login(technical), dossier, "STR-03", "plan.pdf", pdf_bytes)
    assert response.status_code == 302
    assert response.url == question_url(dossier, "STR-03", "STR")
    assert messages_of(response) == [("success", "“plan.pdf” is added as evidence for STR-03.")]
    assert [(e.question, e.original_name) for e in dossier.evidence.all()] == [("STR-03", "plan.pdf")]


def test_a_large_upload_goes_through_a_temporary_file(login, dossier, technical, pdf_bytes, media, settings):
    big = pdf_bytes + b"\n%" + b"7" * (3 * MB - len(pdf_bytes) - 2)
    assert len(big) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    post_file(login(technical), dossier, "STR-03", "scan.pdf", big)
    evidence = dossier.evidence.get()
    assert (evidence.size, evidence.sha256) == (len(big), hashlib.sha256(big).hexdigest())
    assert (media / evidence.file.name).read_bytes() == big


def test_a_refused_upload_goes_back_with_the_reason(login, dossier, technical, pdf_bytes):
    response = post_file(login(technical), dossier, "STR-03", "plan.png", pdf_bytes)
    assert response.url == question_url(dossier, "STR-03", "STR")
    assert messages_of(response) == [
        ("error", "“plan.png” is named as a PNG image, but its content is a PDF document.")
    ]
    assert not dossier.evidence.exists()


def test_an_upload_without_a_file_asks_for_one(login, dossier, technical):
    client = login(technical)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("dossiers:evidence_upload", kwargs={"pk": dossier.pk, "code": "STR-03"}))
    assert messages_of(response) == [("error", "Choose a file to add as evidence for STR-03.")]


def test_an_upload_after_the_deadline_is_refused_with_a_message(login, dossier, organiser, technical, pdf_bytes):
    edition_services.update_dates(
        organiser,
        dossier.edition,
        opens_at=dossier.edition.opens_at,
        closes_at=timezone.now() - timedelta(minutes=1),
        jury_on=dossier.edition.jury_on,
    )
    response = post_file(login(technical), dossier, "STR-03", "plan.pdf", pdf_bytes)
    assert messages_of(response) == [
        ("error", f"Applications to the {dossier.edition.year} edition are closed: nothing can change any more.")
    ]


def test_outsiders_cannot_upload_and_organisers_may_only_look(login, dossier, outsider, organiser, pdf_bytes):
    assert post_file(login(outsider), dossier, "STR-03", "plan.pdf", pdf_bytes).status_code == 404
    assert post_file(login(organiser), dossier, "STR-03", "plan.pdf", pdf_bytes).status_code == 404
    assert not dossier.evidence.exists()


def test_uploading_needs_post(login, dossier, technical):
    url = reverse("dossiers:evidence_upload", kwargs={"pk": dossier.pk, "code": "STR-03"})
    assert login(technical).get(url).status_code == 405


def delete_url(evidence):
    return reverse("dossiers:remove_evidence", kwargs={"pk": evidence.dossier_id, "evidence_pk": evidence.pk})


def test_a_member_deletes_a_file_and_the_stored_file_goes_on_commit(
    login, stored, contributor, media, django_capture_on_commit_callbacks
):
    client = login(contributor)
    client.cookies["django_language"] = "en"
    path_on_disk = media / stored.file.name
    assert path_on_disk.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(stored))
    assert response.url == question_url(stored.dossier, "STR-01", "STR")
    assert messages_of(response) == [("success", "“Délibération n°12 du 3 mars.pdf” is removed from STR-01.")]
    assert not Evidence.objects.filter(pk=stored.pk).exists()
    assert not path_on_disk.exists()
    assert AuditEntry.objects.filter(action="evidence.removed").count() == 1


def test_others_cannot_delete_a_file(login, stored, outsider, other_member, organiser, media):
    for user in (outsider, other_member):
        assert login(user).post(delete_url(stored)).status_code == 404
    assert login(organiser).post(delete_url(stored)).status_code == 404
    assert Evidence.objects.filter(pk=stored.pk).exists()
    assert (media / stored.file.name).exists()


def test_a_submitted_dossier_keeps_its_files(login, stored, contributor):
    submitted_at = timezone.make_aware(datetime(2026, 11, 29, 15, 46), timezone.get_fixed_timezone(60))
    Dossier.objects.filter(pk=stored.dossier_id).update(
        status="submitted", submitted_at=submitted_at, submitted_by=contributor
    )
    client = login(contributor)
    client.cookies["django_language"] = "en"
    response = client.post(delete_url(stored))
    assert messages_of(response) == [
        (
            "error",
            f"The dossier was submitted on 29 November 2026, 15:46 by {contributor}. A referent can reopen it "
            "until the deadline to change it.",
        )
    ]
    assert Evidence.objects.filter(pk=stored.pk).exists()


# --- The evidence block on the axis page ---------------------------------------------------------


def axis_page(client, dossier, axis="STR", query=""):
    try:
        url = reverse("dossiers:axis", kwargs={"pk": dossier.pk, "code": axis})
    except NoReverseMatch:
        pytest.skip("the axis pages are not there yet")
    client.cookies["django_language"] = "en"
    return client.get(url + query).content.decode()


def test_the_axis_page_lists_files_with_a_download_link_and_offers_an_upload(login, stored, technical):
    html = axis_page(login(technical), stored.dossier)
    assert f'<a href="{file_url(stored)}">Délibération n°12 du 3 mars.pdf</a>' in html
    with override("en"):
        assert f"(PDF, {filesizeformat(stored.size)}" in html
    upload_url = reverse("dossiers:evidence_upload", kwargs={"pk": stored.dossier_id, "code": "STR-01"})
    assert f'action="{upload_url}" enctype="multipart/form-data"' in html
    assert '<input type="file" name="file" id="q-STR-01-file"' in html
    assert 'accept=".pdf,.odt,.ods,.odp,.odg,.png,.jpg,.jpeg,.gif,.webp,.csv' in html


def test_the_file_field_says_what_is_accepted_from_the_settings(login, dossier, technical, settings):
    settings.TNL_EVIDENCE_MAX_FILE_MB = 5
    settings.TNL_EVIDENCE_MAX_DOSSIER_MB = 50
    html = axis_page(login(technical), dossier)
    assert (
        '<span class="help" id="q-STR-03-file-hint">Accepted: PDF, OpenDocument (ODT, ODS, ODP, ODG), PNG, JPEG, '
        "GIF, WebP images or CSV. At most 5 MB per file and 50 MB for all the dossier's files.</span>"
    ) in html
    assert f'accept="{filetypes.ACCEPT}"' in html


def test_a_successful_upload_is_told_next_to_the_question(login, dossier, technical, pdf_bytes):
    client = login(technical)
    response = post_file(client, dossier, "STR-03", "plan.pdf", pdf_bytes)
    html = axis_page(client, dossier, query="?" + response.url.split("?", 1)[1].split("#")[0])
    assert (
        '<div class="evidence-notice" id="q-STR-03-evidence-notice" role="status"><p class="message '
        'message-success">“plan.pdf” is added as evidence for STR-03.</p></div>'
    ) in html
    assert '<div class="evidence-notice" id="q-STR-01-evidence-notice" role="status"></div>' in html


def test_a_refused_upload_shows_its_reason_next_to_the_field(login, dossier, technical, pdf_bytes):
    client = login(technical)
    response = post_file(client, dossier, "STR-03", "plan.png", pdf_bytes)
    html = axis_page(client, dossier, query="?" + response.url.split("?", 1)[1].split("#")[0])
    error = '<div id="q-STR-03-file-error"><p class="field-error">“plan.png” is named as a PNG image, but its content'
    assert error in html
    assert 'aria-describedby="q-STR-03-file-hint q-STR-03-file-error" aria-invalid="true"' in html


def test_people_who_only_look_see_files_but_no_forms(login, stored, organiser):
    html = axis_page(login(organiser), stored.dossier)
    assert f'<a href="{file_url(stored)}">' in html
    assert 'type="file"' not in html


@pytest.mark.parametrize(
    "content, expected",
    [
        (odf_bytes(), "odt"),
        (odf_bytes(mimetype_name="mimetype2"), None),
        (b"commune;population\nNancy;104000\n", "csv"),
        ("Délibération du conseil municipal\n".encode("latin-1"), "txt"),
        (b"\x00\x01binary", None),
        (b"GIF87a\x01\x00\x01\x00\x00\x00\x00", "gif"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 \x00", "webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt \x00", None),  # a sound, also a RIFF container
        (b"RIFX\x24\x00\x00\x00WEBPVP8 \x00", None),
    ],
)
def test_detecting_the_type_leaves_the_file_at_its_start(content, expected):
    uploaded = SimpleUploadedFile("upload.bin", content)
    found = filetypes.detect_type(uploaded)
    assert (getattr(found, "extension", None) if found else None, uploaded.tell()) == (expected, 0)
