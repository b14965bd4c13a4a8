"""Reading and writing referential and dossier text: JSON and YAML, numbers never as float.

`parse_text` turns bytes or text into plain Python (dict, list, str, int, Decimal, bool,
None) or raises FormatError; `to_json` and `_write` turn a document back into text.
Validation and the canonical key order live in tnl.referentials.format.
"""

import json
import os
import re
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from tnl.referentials.answers import shown
from tnl.referentials.errors import FormatError
from tnl.referentials.shared import ReadOnlyDict, ReadOnlyList

# --- Bounds --------------------------------------------------------------------------------

# A referential is some tens of kilobytes; these bounds are far above any real file and far
# below what would keep a request (and the database write lock) busy.
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50  # the deepest field of the contract is 9 levels down
MAX_NODES = 200_000  # values (a mapping's keys count), each use of a YAML alias counting its whole copy


def _too_big(size):
    return _("a file of at most %(limit)s bytes (this one has %(size)s)") % {"limit": MAX_BYTES, "size": size}


def _too_deep(where):
    return _("a document nested at most %(limit)s levels deep (deeper at %(where)s)") % {
        "limit": MAX_DEPTH,
        "where": where,
    }


def _too_many(where):
    return _(
        "a document of at most %(limit)s values, each use of a YAML alias counting its whole copy "
        "(the limit is passed at %(where)s)"
    ) % {"limit": MAX_NODES, "where": where}


def _at(line, column):
    return _("line %(line)s, column %(column)s") % {"line": line, "column": column}


def read_file(path, source=None):
    """The bytes of a file, or FormatError when it is larger than MAX_BYTES (read no further).

    OSError (missing, unreadable) is left to the caller."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise FormatError(source or str(path), "", _too_big(max(size, len(data))))
    return data


# --- Reading YAML (1.2 core schema, bounded) -------------------------------------------------


class _SyntaxProblem(ValueError):
    pass


class _LimitProblem(yaml.YAMLError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


_NULL_TAG, _BOOL_TAG, _INT_TAG, _FLOAT_TAG, _MERGE_TAG = (
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "merge")
)


try:  # libyaml's scanner and parser, when PyYAML was built with it; composition stays in Python
    from yaml._yaml import CParser as _CParser

    _PARSER = (_CParser,)
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _CParser = None
    _PARSER = (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser)


class _Loader(yaml.composer.Composer, *_PARSER, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """YAML read with the YAML 1.2 core schema's meanings, bounded, numbers never float.

    Only null/Null/NULL/~ (and nothing) are null, only true/false (any case as in 1.2) are
    booleans (so a choice coded `no` or `on` stays a string), 010 is ten, 1_000 and 1:30 are
    text, dates stay text; floats become Decimal from their literal text. 0x/0o numbers, .inf
    and .nan are refused (plain numbers only). Composition is bounded: depth, number of values,
    and every alias counts the values it copies, so nested aliases ("billion laughs") stop at
    once. Merge keys (<<) are still read. libyaml parses when available; the composer is
    PyYAML's Python one, where the bounds live.
    """

    def __init__(self, stream):
        if _CParser is not None:
            _CParser.__init__(self, stream)
        else:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = self._deepest = self._nodes = 0
        self._extent = {}  # anchor -> (values, height) of the node it names

    def _mark(self):
        mark = self.peek_event().start_mark
        return _at(mark.line + 1, mark.column + 1)

    def compose_node(self, parent, index):
        event = self.peek_event()
        self._depth += 1
        outer_deepest, self._deepest = self._deepest, self._depth
        start = self._nodes
        if self._depth > MAX_DEPTH:
            raise _LimitProblem(_too_deep(self._mark()))
        if isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
            if event.anchor not in self._extent:
                raise _LimitProblem(_("no alias inside the node it names (at %(where)s)") % {"where": self._mark()})
            values, height = self._extent[event.anchor]
            self._nodes += values
            self._deepest = self._depth + height - 1
            if self._deepest > MAX_DEPTH:
                raise _LimitProblem(_too_deep(self._mark()))
        else:
            self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _LimitProblem(_too_many(self._mark()))
        node = super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            self._extent[anchor] = (self._nodes - start, self._deepest - self._depth + 1)
        self._deepest = max(outer_deepest, self._deepest)
        self._depth -= 1
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                if (key_node.tag, key_node.value) in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, _("duplicate key %(key)s") % {"key": shown(key_node.value)}, key_node.start_mark
                    )
                seen.add((key_node.tag, key_node.value))
        return super().construct_mapping(node, deep=deep)


# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), plus merge keys.
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(_NULL_TAG, _CORE_NULL, ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_BOOL_TAG, _CORE_BOOL, list("tTfF"))
_Loader.add_implicit_resolver(_INT_TAG, _CORE_INT, list("-+0123456789"))
_Loader.add_implicit_resolver(_FLOAT_TAG, _CORE_FLOAT, list("-+0123456789."))
_Loader.add_implicit_resolver(_MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])


def _not_plain(node, text):
    problem = _("plain numbers only, not %(value)s") % {"value": text}
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text[:2] in ("0o", "0x"):
        raise _not_plain(node, text)
    # A long run of digits stays a Decimal: the validator refuses it with its field path.
    return int(text) if len(text) <= 30 else Decimal(text)


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node)
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        raise _not_plain(node, text)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise _not_plain(node, text) from None


_Loader.add_constructor(_INT_TAG, _construct_int)
_Loader.add_constructor(_FLOAT_TAG, _construct_decimal)
# "<<" is a merge key as a key; anywhere else it is just text.
_Loader.add_constructor(_MERGE_TAG, yaml.constructor.SafeConstructor.construct_yaml_str)


def _yaml_problem(exc):
    if isinstance(exc, _LimitProblem):
        return exc.message
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return _("YAML syntax error: %(problem)s") % {"problem": problem}
    return _("YAML syntax error at line %(line)s, column %(column)s: %(problem)s") % {
        "line": mark.line + 1,
        "column": mark.column + 1,
        "problem": problem,
    }


def _load_yaml(text):
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# --- Reading JSON (bounded) ------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_problem(text):
    """Where a JSON text nests deeper than MAX_DEPTH (checked before parsing: no recursion)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                return _too_deep(_at(line, start - (text.rfind("\n", 0, start) + 1) + 1))
        elif token in "]}":
            depth -= 1
    return None


def _json_object(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _SyntaxProblem(_("JSON with unique keys (%(key)s appears twice in one object)") % {"key": shown(key)})
        result[key] = value
    return result


def _json_constant(name):
    raise _SyntaxProblem(_("plain numbers only, not %(value)s") % {"value": name})


def _json_int(text):
    return int(text) if len(text) <= 30 else Decimal(text)


def _count_values(doc):
    count, stack = 0, [doc]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)  # the keys
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _load_json(text):
    problem = _json_depth_problem(text)
    if problem:
        raise _SyntaxProblem(problem)
    doc = json.loads(
        text, parse_float=Decimal, parse_int=_json_int, parse_constant=_json_constant, object_pairs_hook=_json_object
    )
    if _count_values(doc) > MAX_NODES:
        raise _SyntaxProblem(_too_many(_("the end of the file")))
    return doc


def parse_text(text, source):
    """Parse a JSON or YAML document; numbers come back as int or Decimal, never float.

    Bounded: a file larger than MAX_BYTES, nested deeper than MAX_DEPTH or holding more than
    MAX_NODES values (YAML aliases counted as the copies they make) raises FormatError at once.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            raise FormatError(source, "", _too_big(len(text)))
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            expected = _("UTF-8 text (invalid byte at offset %(offset)s)") % {"offset": exc.start}
            raise FormatError(source, "", expected) from None
    elif len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise FormatError(source, "", _too_big(len(text.encode("utf-8", "surrogatepass"))))
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
                    doc = _load_yaml(text)
                except _LimitProblem as limit:
                    raise FormatError(source, "", limit.message) from None
                except yaml.YAMLError:
                    raise FormatError(source, "", problem) from None
        else:
            try:
                doc = _load_yaml(text)
            except yaml.YAMLError as exc:
                raise FormatError(source, "", _yaml_problem(exc)) from None
    except _SyntaxProblem as exc:
        raise FormatError(source, "", str(exc)) from None
    except RecursionError:
        raise FormatError(source, "", _too_deep(_("an unknown place"))) from None
    except ValueError as exc:
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


# Text that YAML 1.2 would read as a number, a boolean or null is quoted (on top of 1.1's).
_Dumper.add_implicit_resolver(_NULL_TAG, _CORE_NULL, ["~", "n", "N", ""])
_Dumper.add_implicit_resolver(_BOOL_TAG, _CORE_BOOL, list("tTfF"))
_Dumper.add_implicit_resolver(_INT_TAG, _CORE_INT, list("-+0123456789"))
_Dumper.add_implicit_resolver(_FLOAT_TAG, _CORE_FLOAT, list("-+0123456789."))
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowList, _represent_flow_list)
# A stored referential's document is read-only (tnl/referentials/shared.py): written as a dict and a list.
_Dumper.add_representer(ReadOnlyDict, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(ReadOnlyList, yaml.SafeDumper.represent_list)


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
