"""JSON Schema validation of referential and dossier documents, explained in the platform's words.

jsonschema finds the errors; `schema_errors` turns each into (field path parts, expected)
pairs in the active language, in the order the fields appear in the file.
"""

import json
import re
from decimal import Decimal
from difflib import get_close_matches
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tnl.referentials.answers import shown

REFERENTIAL_FORMAT = "tnl-referential/1"
DOSSIER_FORMAT = "tnl-dossier/1"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def _is_integer(checker, instance):
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, int)


@cache
def load_schema(name):
    """The shipped JSON Schema, "referential" or "dossier"."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name):
    # jsonschema (about 2.5 MB) is imported when a file is first checked, not in every worker.
    from jsonschema import Draft202012Validator, validators

    validator = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    )
    return validator(load_schema(name))


# Phrases marked for translation here, translated when an error is explained.
_TYPE_PHRASES = {
    "string": gettext_noop("a text (a string)"),
    "integer": gettext_noop("a whole number"),
    "number": gettext_noop("a number"),
    "boolean": gettext_noop("true or false"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("a mapping of fields"),
}
_CODE_PHRASE = gettext_noop("a code: letters, digits, '.', '_' or '-', starting with a letter or a digit")
_PATTERN_PHRASES = {
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": _CODE_PHRASE,
    "^[a-z]{2}$": gettext_noop("a two-letter lowercase language code such as fr or en"),
}
URL_PHRASE = gettext_noop("an http(s) URL")
_BRACKETS_PHRASE = gettext_noop(
    "a list of brackets, or a mapping from size class codes (or default) to lists of brackets"
)
_LIMIT_PHRASES = {
    ("integer", "minimum"): gettext_noop("a whole number >= %(limit)s"),
    ("integer", "maximum"): gettext_noop("a whole number <= %(limit)s"),
    ("number", "minimum"): gettext_noop("a number >= %(limit)s"),
    ("number", "maximum"): gettext_noop("a number <= %(limit)s"),
}
_CONST_PHRASES = {
    DOSSIER_FORMAT: gettext_noop('"%(format)s" (this looks like a dossier) (got %(value)s)'),
    REFERENTIAL_FORMAT: gettext_noop('"%(format)s" (this looks like a referential) (got %(value)s)'),
}
_DEF_PHRASES = {
    "text": gettext_noop('a text by language, such as {fr: "…", en: "…"}'),
    "answer": gettext_noop('an answer, such as {"value": …, "evidence": ["…"]}'),
    "territory": gettext_noop('a territory, such as {"kind": "commune", "population": 1200}'),
}


def got(expected, value):
    """What was expected (already translated) and the value found (already shown): 'a number (got "x")'."""
    return _("%(expected)s (got %(value)s)") % {"expected": expected, "value": value}


def _explain(error, defs):
    """(parts, expected) pairs for one jsonschema error, in the platform's words."""
    parts = list(error.absolute_path)
    schema, instance, kind = error.schema, error.instance, error.validator
    is_text = schema is defs.get("text")
    phrase = next((text for name, text in _DEF_PHRASES.items() if schema is defs.get(name)), None)
    if kind == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                if is_text:
                    yield [*parts, name], _("missing: every text needs its French version (fr)")
                else:
                    yield [*parts, name], _("missing (required)")
    elif kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for name in instance:
            if name in known or any(re.search(pattern, name) for pattern in patterns):
                continue
            close = get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                expected = _('unknown field "%(name)s" (did you mean "%(close)s"? Free extensions start with "x-")')
            else:
                expected = _('unknown field "%(name)s" (expected one of: %(known)s; free extensions start with "x-")')
            yield (
                [*parts, name],
                expected % {"name": name, "close": close[0] if close else "", "known": ", ".join(known)},
            )
    elif kind == "type":
        if phrase:
            yield parts, got(_(phrase), shown(instance))
        elif isinstance(error.validator_value, list):
            yield parts, got(_(_BRACKETS_PHRASE), shown(instance))
        else:
            type_phrase = _TYPE_PHRASES.get(error.validator_value)
            yield parts, got(_(type_phrase) if type_phrase else str(error.validator_value), shown(instance))
    elif kind == "const":
        expected = _(_CONST_PHRASES[instance]) if instance in _CONST_PHRASES else _('"%(format)s" (got %(value)s)')
        yield parts, expected % {"format": error.validator_value, "value": shown(instance)}
    elif kind == "enum":
        codes = ", ".join(str(item) for item in error.validator_value)
        yield parts, got(_("one of: %(codes)s") % {"codes": codes}, shown(instance))
    elif kind == "pattern":
        phrase = _(_PATTERN_PHRASES.get(error.validator_value, URL_PHRASE))
        if "propertyNames" in error.schema_path:
            yield [*parts, instance], phrase
        else:
            yield parts, got(phrase, shown(instance))
    elif kind in ("minimum", "maximum"):
        noun = "integer" if schema.get("type") == "integer" else "number"
        limit = _(_LIMIT_PHRASES[noun, kind]) % {"limit": error.validator_value}
        yield parts, got(limit, shown(instance))
    elif kind == "minItems":
        yield parts, _("a non-empty list")
    elif kind == "minProperties":
        yield parts, _("a mapping with at least one entry")
    elif kind == "minLength":
        yield parts, _("a non-empty text")
    else:
        yield parts, error.message


def _document_order(doc, parts):
    """Sort key putting errors in the order their fields appear in the file."""
    key, node = [], doc
    for part in parts:
        if isinstance(node, dict):
            keys = list(node)
            key.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            key.append(part)
            node = node[part]
        else:
            key.append(0)
            node = None
    return key


def schema_errors(name, doc):
    """(parts, expected) pairs for every schema error of `doc`, in the order of the file."""
    defs = load_schema(name)["$defs"]
    errors = [item for error in _validator(name).iter_errors(doc) for item in _explain(error, defs)]
    return sorted(errors, key=lambda item: _document_order(doc, item[0]))
