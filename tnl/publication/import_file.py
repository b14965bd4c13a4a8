"""Reading a file of past results: its bytes become rows, or `ImportFileError` says why not.

UTF-8 (with or without byte order mark), else Windows-1252 (what spreadsheets often save), else
Latin-1; comma or semicolon separated; at most `MAX_BYTES` and `MAX_ROWS`. The header names the
columns (English or French names, in any order); empty lines are skipped."""

import csv
import io

from django.utils.translation import gettext as _

from tnl.core.services import Refused

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
# Column names accepted in the header (lowercase), French ones too.
COLUMNS = {
    "year": ("year", "annee", "année"),
    "code": ("code", "body code", "code insee", "siren", "code officiel"),
    "kind": ("kind", "type"),
    "level": ("level", "niveau"),
    "mentions": ("mentions", "mention"),
    "name": ("name", "nom"),
}
REQUIRED = ("year", "code", "level")


class ImportFileError(Refused):
    """The file cannot be read as a table at all (encoding, size, header)."""


def decode(data):
    """The text of `data`: UTF-8 (with or without byte order mark), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a Latin-1 character


def read_rows(data, source="file"):
    """[(line number, {column: text})] from the bytes of a CSV file (comma or semicolon)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("%(source)s: the file is too large (%(size)s bytes; at most %(limit)s).")
            % {"source": source, "size": len(data), "limit": MAX_BYTES}
        )
    if b"\x00" in data:
        raise ImportFileError(_("%(source)s: this is not a text file (CSV).") % {"source": source})
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("%(source)s: the file is empty.") % {"source": source}) from None
    names = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    columns = [names.get(cell.strip().lower()) for cell in header]
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise ImportFileError(
            _("%(source)s, line 1: the header lacks the column(s): %(columns)s (it needs year, code, level).")
            % {"source": source, "columns": ", ".join(missing)}
        )
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    _("%(source)s: too many rows (at most %(limit)s).") % {"source": source, "limit": MAX_ROWS}
                )
            row = {column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column}
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFileError(
            _("%(source)s, line %(line)s: %(error)s") % {"source": source, "line": reader.line_num, "error": error}
        ) from error
    return rows
