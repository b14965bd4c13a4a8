"""Uploaded evidence files: what is accepted, and what a file is, read from its content.

A file is accepted when three things agree: its extension is one we take, its first bytes (or,
for CSV, its whole text) are those of a type we take, and the extension belongs to that type.
The client's declared content type is never read. The service that stores a file
(services.add_evidence_file) names it with a random token plus the canonical extension of the
detected type: nothing the uploader chose reaches the storage path.
"""

import codecs
import csv
import hashlib
import math
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import EvidenceKind
from .models import Evidence

MB = 1024 * 1024
HEAD_SIZE = 8192  # enough for every magic number below and for a zip's first local header
CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str  # canonical, used for the stored name
    extensions: tuple  # every extension accepted for this type
    described: object  # "a PDF document", lazily translated


PDF = FileType("application/pdf", "pdf", ("pdf",), gettext_lazy("a PDF document"))
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", ("odt",), gettext_lazy("an OpenDocument text"))
ODS = FileType(
    "application/vnd.oasis.opendocument.spreadsheet", "ods", ("ods",), gettext_lazy("an OpenDocument spreadsheet")
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation", "odp", ("odp",), gettext_lazy("an OpenDocument presentation")
)
ODG = FileType("application/vnd.oasis.opendocument.graphics", "odg", ("odg",), gettext_lazy("an OpenDocument drawing"))
PNG = FileType("image/png", "png", ("png",), gettext_lazy("a PNG image"))
JPEG = FileType("image/jpeg", "jpg", ("jpg", "jpeg"), gettext_lazy("a JPEG image"))
GIF = FileType("image/gif", "gif", ("gif",), gettext_lazy("a GIF image"))
WEBP = FileType("image/webp", "webp", ("webp",), gettext_lazy("a WebP image"))
CSV = FileType("text/csv", "csv", ("csv",), gettext_lazy("a CSV table"))
# Plain text that is no table: never accepted, but named for what it is when it is refused.
TEXT = FileType("text/plain", "txt", (), gettext_lazy("a text file"))

FILE_TYPES = (PDF, ODT, ODS, ODP, ODG, PNG, JPEG, GIF, WEBP, CSV)
ODF_TYPES = {file_type.content_type: file_type for file_type in (ODT, ODS, ODP, ODG)}
BY_EXTENSION = {extension: file_type for file_type in FILE_TYPES for extension in file_type.extensions}
# For the `accept` attribute of the upload field: extensions and media types.
ACCEPT = ",".join(
    [f".{extension}" for extension in BY_EXTENSION] + [file_type.content_type for file_type in FILE_TYPES]
)


def accepted_types_text():
    return _("PDF, OpenDocument (ODT, ODS, ODP, ODG), PNG, JPEG, GIF, WebP images or CSV")


def max_file_mb():
    return settings.TNL_EVIDENCE_MAX_FILE_MB


def max_dossier_mb():
    return settings.TNL_EVIDENCE_MAX_DOSSIER_MB


def upload_context():
    """What the upload field shows: its `accept` attribute, the accepted types in words and the
    caps, in MB."""
    return {
        "accept": ACCEPT,
        "types": accepted_types_text(),
        "max_file_mb": max_file_mb(),
        "max_dossier_mb": max_dossier_mb(),
    }


def megabytes(size):
    """A size in bytes as MB for people, rounded up to a tenth so that anything over a limit
    never reads as equal to it ("10.1", "103"); localised decimal separator."""
    tenths = math.ceil(Decimal(size) * 10 / MB)
    return floatformat(Decimal(tenths) / 10, -1)


# --- Content checks ----------------------------------------------------------------------


def _read_head(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_SIZE)
    uploaded_file.seek(0)
    return head


def _odf_type(uploaded_file):
    """The ODF type of a zip whose first entry is an uncompressed "mimetype" naming an ODF
    media type (as the OpenDocument standard requires), else None."""
    head = _read_head(uploaded_file)
    # The first local header names "mimetype" at offset 30; checked on the bytes, because
    # zipfile reads the central directory, which a crafted file can make disagree.
    if head[30:38] != b"mimetype":
        return None
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            if not entries or entries[0].filename != "mimetype" or entries[0].file_size > 100:
                return None
            if entries[0].compress_type != zipfile.ZIP_STORED:
                return None
            declared = archive.read(entries[0]).decode("ascii").strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, OSError, EOFError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    return ODF_TYPES.get(declared)


_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def _text_lines(uploaded_file, encoding):
    """The file's text, line by line (split on LF only), decoded strictly chunk by chunk;
    ValueError at the first control character other than tab, CR and LF."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending = ""
    uploaded_file.seek(0)
    for chunk in [*uploaded_file.chunks(CHUNK_SIZE), b""]:
        pending += decoder.decode(chunk, final=not chunk)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield _checked(line + "\n")
    if pending:
        yield _checked(pending)


def _checked(line):
    if not _CONTROL.isdisjoint(line):
        raise ValueError("control character")
    return line


def _csv_columns_in(uploaded_file, encoding):
    lines = _text_lines(uploaded_file, encoding)
    try:
        first = next(lines, "")
        if first.lstrip("\ufeff \t\r\n").startswith("<"):
            return None  # markup (HTML, XML, SVG), not a table
        delimiter = max((",", ";", "\t"), key=first.count) if any(sep in first for sep in ",;\t") else ","
        rows = csv.reader(_chain(first.lstrip("\ufeff"), lines), delimiter=delimiter, strict=True)
        widths = {len(row) for row in rows if row}
        return widths.pop() if len(widths) == 1 else None
    except UnicodeDecodeError:
        raise  # not in this encoding: the caller tries another
    except (ValueError, csv.Error):
        return None
    finally:
        uploaded_file.seek(0)


def _chain(first, rest):
    yield first
    yield from rest


def csv_columns(uploaded_file):
    """The number of columns when the file is a CSV table, else None: UTF-8 text (Latin-1 text
    when it is no UTF-8) without NUL or other control characters, not markup, that the csv module
    reads with the same number of columns on every row. A UTF-8 file that is no table is not
    read again as Latin-1: that reading would see its byte order mark as three letters, and
    markup after the mark would no longer start with "<"."""
    if b"\x00" in _read_head(uploaded_file):
        return None
    try:
        return _csv_columns_in(uploaded_file, "utf-8")
    except UnicodeDecodeError:
        return _csv_columns_in(uploaded_file, "latin-1")  # every byte is a Latin-1 character


def _is_text_in(uploaded_file, encoding):
    try:
        for _line in _text_lines(uploaded_file, encoding):
            pass
    except (UnicodeDecodeError, ValueError):
        return False
    finally:
        uploaded_file.seek(0)
    return True


def is_text(uploaded_file):
    """UTF-8 (or Latin-1) text without NUL or other control characters than tab, CR and LF."""
    if b"\x00" in _read_head(uploaded_file):
        return False
    return _is_text_in(uploaded_file, "utf-8") or _is_text_in(uploaded_file, "latin-1")


def detect_type(uploaded_file):
    """The FileType the content shows (TEXT for text that is no table of several columns), or
    None. Reads the file; leaves it at position 0."""
    head = _read_head(uploaded_file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _odf_type(uploaded_file)
    if (csv_columns(uploaded_file) or 0) >= 2:
        return CSV
    if is_text(uploaded_file):
        return TEXT  # a table of one column is read as CSV by check_file when named .csv
    return None


def display_name(name):
    """The uploader's file name, safe to show and to send back in Content-Disposition: no
    folders, no control characters, NFC, at most 255 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = stem[: 254 - len(extension)] + dot + extension if dot and len(extension) <= 10 else name[:255]
    return name


def _extension(name):
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def check_file(uploaded_file, name, already_stored):
    """The FileType of an acceptable upload, or ValidationError naming the file and the reason.
    `already_stored` is the dossier's current total of file sizes, in bytes."""
    expected = BY_EXTENSION.get(_extension(name))
    if expected is None:
        raise ValidationError(
            _("“%(name)s” is not an accepted type: %(types)s.") % {"name": name, "types": accepted_types_text()},
            code="type",
        )
    size = uploaded_file.size
    if not size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if size > max_file_mb() * MB:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; files are limited to %(limit)s MB.")
            % {"name": name, "size": megabytes(size), "limit": max_file_mb()},
            code="file_size",
        )
    if already_stored + size > max_dossier_mb() * MB:
        raise ValidationError(
            _("“%(name)s” cannot be added: the dossier's files would total %(total)s MB; the limit is %(limit)s MB.")
            % {"name": name, "total": megabytes(already_stored + size), "limit": max_dossier_mb()},
            code="dossier_size",
        )
    found = detect_type(uploaded_file)
    if found is TEXT and expected is CSV:
        found = CSV if csv_columns(uploaded_file) == 1 else None
    if found is None:
        raise ValidationError(
            _("“%(name)s” is named as %(expected)s, but its content is not of any accepted type.")
            % {"name": name, "expected": expected.described},
            code="content",
        )
    if found != expected:
        raise ValidationError(
            _("“%(name)s” is named as %(expected)s, but its content is %(found)s.")
            % {"name": name, "expected": expected.described, "found": found.described},
            code="mismatch",
        )
    return found


def digest(uploaded_file):
    """(sha256 hex, size in bytes), read in chunks."""
    digest, size = hashlib.sha256(), 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), size


def dossier_files_size(dossier):
    return Evidence.objects.filter(dossier=dossier, kind=EvidenceKind.FILE).aggregate(total=Sum("size"))["total"] or 0
