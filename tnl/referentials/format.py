"""Referential and dossier files: the public entry points for reading, validation and writing.

The contract is docs/referential-format.md (formats tnl-referential/1 and
tnl-dossier/1). Validation is all or nothing: a document either comes back whole and
normalised (defaults filled in, numbers as int or Decimal, never float) or a FormatError
names the file, the field path and what was expected (in the active language).

This module is the one the rest of the code imports; the work is done in:
textio (JSON/YAML text, bounded), errors (FormatError), schema_messages (JSON Schema
errors in words), checks (meaning checks and the plain copy), canonical (key order, writing).
"""

from django.utils.translation import gettext as _

from tnl.referentials.answers import check_value, shown
from tnl.referentials.canonical import canonical_referential, dump_dossier, dump_referential, ordered_dossier
from tnl.referentials.checks import (
    DEFAULT_SIZE_CLASSES,
    iter_questions,
    plain_copy,
    raise_errors,
    referential_errors,
    unknown_code,
    with_defaults,
)
from tnl.referentials.errors import FormatError, format_path
from tnl.referentials.schema_messages import DOSSIER_FORMAT, REFERENTIAL_FORMAT, load_schema, schema_errors
from tnl.referentials.textio import decimal_text, parse_text, read_file, to_json

__all__ = [  # the public names, including those defined in the modules above
    "DEFAULT_SIZE_CLASSES",
    "DOSSIER_FORMAT",
    "REFERENTIAL_FORMAT",
    "FormatError",
    "canonical_referential",
    "decimal_text",
    "dump_dossier",
    "dump_referential",
    "format_path",
    "iter_questions",
    "load_dossier",
    "load_referential",
    "load_schema",
    "parse_text",
    "read_file",
    "to_json",
    "validate_dossier",
    "validate_referential",
]


def _schema_valid(doc, source, name, fields):
    """A plain copy of a parsed document that passes the schema, or FormatError."""
    errors = []
    doc = plain_copy(doc, (), errors)
    if not errors and not isinstance(doc, dict):
        expected = _("a mapping of fields (%(fields)s), got %(value)s") % {"fields": fields, "value": shown(doc)}
        raise FormatError(source, "", expected)
    raise_errors(source, errors or schema_errors(name, doc))
    return doc


def validate_referential(doc, source):
    """Check a parsed referential (schema, then meaning); return it normalised, or raise FormatError."""
    doc = with_defaults(_schema_valid(doc, source, "referential", "format, code, title, axes, levels…"))
    raise_errors(source, referential_errors(doc))
    return canonical_referential(doc)


def load_referential(text, source):
    return validate_referential(parse_text(text, source), source)


# --- Dossier ----------------------------------------------------------------------------


def validate_dossier(doc, referential_doc, source):
    """Check a parsed dossier against the schema and against its referential; return it
    normalised (every answer has "value" and "evidence"), or raise FormatError."""
    doc = _schema_valid(doc, source, "dossier", "format, referential, territory, answers")
    if doc["referential"] != referential_doc["code"]:
        expected = _(
            'the code of the referential used to score it: this dossier answers "%(answered)s", '
            'the referential is "%(code)s"'
        ) % {"answered": doc["referential"], "code": referential_doc["code"]}
        raise FormatError(source, "referential", expected)
    questions = {question["code"]: question for *_position, question in iter_questions(referential_doc)}
    errors = []
    for code, entry in doc["answers"].items():
        if code not in questions:
            errors.append((["answers", code], unknown_code(code, questions)))
            continue
        try:
            check_value(questions[code], entry.get("value"))
        except ValueError as exc:
            errors.append((["answers", code, "value"], str(exc)))
    raise_errors(source, errors)
    doc["territory"].setdefault("competences_missing", [])
    for entry in doc["answers"].values():
        entry.setdefault("value", None)
        entry.setdefault("evidence", [])
    return ordered_dossier(doc, questions)


def load_dossier(text, referential_doc, source):
    return validate_dossier(parse_text(text, source), referential_doc, source)
