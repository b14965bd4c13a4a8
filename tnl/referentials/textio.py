"""Reading and writing referential and dossier text: JSON and YAML, numbers never as float.

`parse_text` turns bytes or text into plain Python (dict, list, str, int, Decimal, bool,
None) or raises FormatError; `to_json` and `_write` turn a document back into text.
Validation and the canonical key order live in tnl.referentials.format.
"""

import json
import re
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from tnl.referentials.answers import shown
from tnl.referentials.errors import FormatError

# --- Reading JSON and YAML -------------------------------------------------------------


class _SyntaxProblem(ValueError):
    pass


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML with JSON-compatible scalars: floats become Decimal from their literal text, only
    true/false are booleans (so a choice coded `no` stays a string) and dates stay strings."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if (key_node.tag, key_node.value) in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, _("duplicate key %(key)s") % {"key": shown(key_node.value)}, key_node.start_mark
                    )
                seen.add((key_node.tag, key_node.value))
        return super().construct_mapping(node, deep=deep)


_BOOL_TAG, _TIMESTAMP_TAG, _FLOAT_TAG = (f"tag:yaml.org,2002:{name}" for name in ("bool", "timestamp", "float"))
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# JSON's spellings that YAML 1.1 reads as text: 1e5, 2.5E3, -.5 (the dumper quotes such strings).
_JSON_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$|^[-+]\.[0-9]+$")
_Loader.add_implicit_resolver(_FLOAT_TAG, _JSON_FLOAT, list("-+0123456789."))


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "").lower()
    if ":" in text or text.lstrip("+-") in (".inf", ".nan"):
        problem = _("plain numbers only, not %(value)s") % {"value": text}
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    try:
        return Decimal(text)
    except InvalidOperation:
        problem = _("not a number: %(value)s") % {"value": text}
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


_Loader.add_constructor(_FLOAT_TAG, _construct_decimal)


def _json_object(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _SyntaxProblem(_("JSON with unique keys (%(key)s appears twice in one object)") % {"key": shown(key)})
        result[key] = value
    return result


def _json_constant(name):
    raise _SyntaxProblem(_("plain numbers only, not %(value)s") % {"value": name})


def _load_json(text):
    return json.loads(text, parse_float=Decimal, parse_constant=_json_constant, object_pairs_hook=_json_object)


def _yaml_problem(exc):
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return _("YAML syntax error: %(problem)s") % {"problem": problem}
    return _("YAML syntax error at line %(line)s, column %(column)s: %(problem)s") % {
        "line": mark.line + 1,
        "column": mark.column + 1,
        "problem": problem,
    }


def parse_text(text, source):
    """Parse a JSON or YAML document; numbers come back as int or Decimal, never float."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            expected = _("UTF-8 text (invalid byte at offset %(offset)s)") % {"offset": exc.start}
            raise FormatError(source, "", expected) from None
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        raise FormatError(source, "", _("a JSON or YAML document, not an empty file"))
    try:
        if stripped[0] in "{[":
            try:
                doc = _load_json(text)
            except json.JSONDecodeError as exc:
                # A YAML flow mapping also starts with "{"; a .json file gets no such leniency.
                problem = _("JSON syntax error at line %(line)s, column %(column)s: %(problem)s") % {
                    "line": exc.lineno,
                    "column": exc.colno,
                    "problem": exc.msg,
                }
                if source.lower().endswith(".json"):
                    raise FormatError(source, "", problem) from None
                try:
                    doc = yaml.load(text, Loader=_Loader)
                except yaml.YAMLError:
                    raise FormatError(source, "", problem) from None
        else:
            try:
                doc = yaml.load(text, Loader=_Loader)
            except yaml.YAMLError as exc:
                raise FormatError(source, "", _yaml_problem(exc)) from None
    except _SyntaxProblem as exc:
        raise FormatError(source, "", str(exc)) from None
    except RecursionError:
        raise FormatError(source, "", _("a document nested less deeply")) from None
    except ValueError as exc:  # e.g. an integer longer than Python's conversion limit
        raise FormatError(source, "", _("a readable document (%(error)s)") % {"error": exc}) from None
    return doc


# --- Writing ------------------------------------------------------------------------------


class _Flow(dict):
    """Written on one line when short, as in the contract: {fr: …}, a bracket, a choice, a condition."""


class _FlowList(list):
    pass


def decimal_text(value):
    """A Decimal as a plain number: Decimal("0.50") -> "0.5", Decimal("1E+1") -> "10"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _represent_decimal(dumper, value):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar(_FLOAT_TAG, decimal_text(value))


def _represent_str(dumper, value):
    # PyYAML folds U+0085 (and friends) into a space unless it escapes them in double quotes.
    style = '"' if any(char in value for char in "\x85\u2028\u2029") else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _one_line_style(data):
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(", ", ": "))
    return len(text) <= 100 and "\\n" not in text


def _represent_flow(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=_one_line_style(data))


def _represent_flow_list(dumper, data):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_one_line_style(data))


_Dumper.add_implicit_resolver(_FLOAT_TAG, _JSON_FLOAT, list("-+0123456789."))
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def to_json(value, level=0):
    """JSON text with Decimals written as plain numbers (the json module cannot)."""
    pad = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            pad + json.dumps(key, ensure_ascii=False) + ": " + to_json(item, level + 1) for key, item in value.items()
        ]
        return "{" + ",".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + ",".join(pad + to_json(item, level + 1) for item in value) + "\n" + "  " * level + "]"
    if isinstance(value, Decimal):
        return decimal_text(value)
    return json.dumps(value, ensure_ascii=False)


def _write(doc, fmt):
    if fmt == "json":
        return to_json(doc) + "\n"
    if fmt == "yaml":
        return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    raise ValueError(f"unknown format {fmt!r}: yaml or json")
