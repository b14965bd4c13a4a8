"""Hostile or odd input: files that would hang the reader, YAML 1.2 meanings, huge numbers.

Each bound is checked through `parse_text`, through the commands (exit status 2) and through
the import service (nothing saved, no transaction held while reading)."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.referentials import FIXTURES, minimal_doc
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.referentials import services
from tnl.referentials.format import (
    FormatError,
    dump_referential,
    load_dossier,
    load_referential,
    parse_text,
    read_file,
    validate_referential,
)
from tnl.referentials.models import Referential
from tnl.referentials.textio import MAX_BYTES, MAX_DEPTH, MAX_NODES

MINI = Path(__file__).resolve().parents[1] / "data" / "mini-referential.yaml"
REFERENTIAL, DOSSIER = FIXTURES / "small.yaml", FIXTURES / "nancy.json"

# Nine times nine times … nine "lol": 9**9 (387 million) values from 300 bytes.
BILLION_LAUGHS = 'format: tnl-referential/1\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
TOO_MANY = (
    f"a document of at most {MAX_NODES} values, each use of a YAML alias counting its whole copy "
    "(the limit is passed at line 7, column 12)"
)


def expected_of(text, source="ref.yaml"):
    with pytest.raises(FormatError) as info:
        parse_text(text, source)
    return info.value.expected


def run(*args):
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


def command_error(*args):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    return str(info.value)


# --- Aliases, depth, size ---------------------------------------------------------------------


def test_nested_aliases_are_refused_where_the_limit_is_passed():
    assert len(BILLION_LAUGHS) < 500
    assert expected_of(BILLION_LAUGHS) == TOO_MANY


def test_a_few_aliases_and_merge_keys_still_read():
    text = "base: &base {min: 1, points: 5}\nlist: [*base, {<<: *base, points: 6}]\nlater: <<\n"
    assert parse_text(text, "r.yaml") == {
        "base": {"min": 1, "points": 5},
        "list": [{"min": 1, "points": 5}, {"min": 1, "points": 6}],
        "later": "<<",
    }


def test_an_alias_inside_the_node_it_names_is_refused():
    assert expected_of("a: &a [1, *a]\n") == "no alias inside the node it names (at line 1, column 11)"


def test_an_alias_counts_its_depth():
    deep = "a: &a " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\nb: [[[*a]]]\n"
    assert expected_of(deep) == f"a document nested at most {MAX_DEPTH} levels deep (deeper at line 2, column 7)"


@pytest.mark.parametrize(
    ("text", "source", "where"),
    [
        ("[" * 100_000, "deep.json", "line 1, column 51"),
        ('{"a":\n' + '{"a": ' * 100_000, "deep.json", "line 2, column 295"),
        ("[" * 100_000, "deep.yaml", "line 1, column 51"),  # JSON text first, whatever the name
        (
            "a:\n" + "".join("  " * depth + "- \n" for depth in range(60)),
            "deep.yaml",
            "line 51, column 99",
        ),
    ],
)
def test_deep_nesting_is_refused_with_where(text, source, where):
    assert expected_of(text, source) == f"a document nested at most {MAX_DEPTH} levels deep (deeper at {where})"


def test_deep_yaml_beyond_the_parser_limit_is_a_clear_error():
    assert expected_of("x:\n" + "[" * 100_000).startswith("YAML syntax error at line 2, column 1000:")


def test_a_json_document_with_too_many_values_is_refused():
    text = json.dumps({"x": [0] * (MAX_NODES + 1)})
    assert expected_of(text, "big.json") == (
        f"a document of at most {MAX_NODES} values, each use of a YAML alias counting its whole copy "
        "(the limit is passed at the end of the file)"
    )


def test_a_huge_file_is_refused_before_reading_it(tmp_path):
    huge = b"#" * (MAX_BYTES + 1)
    expected = f"a file of at most {MAX_BYTES} bytes (this one has {MAX_BYTES + 1})"
    assert expected_of(huge) == expected
    assert expected_of(huge.decode()) == expected
    path = tmp_path / "huge.yaml"
    path.write_bytes(huge)
    with pytest.raises(FormatError) as info:
        read_file(path, "huge.yaml")
    assert str(info.value) == f"huge.yaml: (root): {expected}"


# --- YAML 1.2 meanings ------------------------------------------------------------------------


def test_yaml_reads_numbers_booleans_and_null_as_yaml_1_2():
    text = "a: 010\nb: 190:20:30\nc: yes\nd: on\ne: 1_000\nf: ~\ng:\nh: +5\ni: .5\nj: 1e3\nk: True\nl: 0o17x\n"
    parsed = parse_text(text, "r.yaml")
    assert parsed == {
        "a": 10,
        "b": "190:20:30",
        "c": "yes",
        "d": "on",
        "e": "1_000",
        "f": None,
        "g": None,
        "h": 5,
        "i": Decimal("0.5"),
        "j": Decimal("1e3"),
        "k": True,
        "l": "0o17x",
    }


@pytest.mark.parametrize("value", ["0x1F", "0o17", ".inf", "-.Inf", ".NaN"])
def test_hexadecimal_octal_and_infinite_numbers_are_refused(value):
    assert expected_of(f"a: {value}\n") == f"YAML syntax error at line 1, column 4: plain numbers only, not {value}"


def test_the_canonical_export_quotes_text_that_yaml_1_2_would_read_otherwise():
    doc = minimal_doc()
    odd = ["010", "0o17", "0x1F", "yes", "on", "1_000", "1e3", ".inf", "null", "~", "True", "190:20:30", "-.5"]
    doc["x-odd"] = odd
    doc["axes"][0]["questions"][2]["choices"][1]["code"] = "010"
    text = dump_referential(validate_referential(doc, "t"))
    back = load_referential(text, "t.yaml")
    assert back["x-odd"] == odd
    assert back["axes"][0]["questions"][2]["choices"][1]["code"] == "010"


# --- Huge numbers -----------------------------------------------------------------------------


def dossier_with(value):
    doc = json.loads(DOSSIER.read_text())
    doc["answers"]["DON-03"] = {"value": value}
    return doc


@pytest.mark.parametrize(
    ("literal", "shown"),
    [
        ("1" * 200, "1.111E+199"),
        ("1" * 16, "1111111111111111"),
        ("0.0000000000000001", "0.0000000000000001"),
        ("12345678.123456789", "12345678.123456789"),
        ("1e400", "1.000E+400"),
    ],
)
def test_a_dossier_number_beyond_15_digits_is_refused_with_its_path(literal, shown):
    referential = load_referential(REFERENTIAL.read_bytes(), "small.yaml")
    text = DOSSIER.read_text().replace('"DON-03": {"value": 80}', f'"DON-03": {{"value": {literal}}}')
    assert literal in text
    with pytest.raises(FormatError) as info:
        load_dossier(text, referential, "d.json")
    assert info.value.errors == [("answers.DON-03.value", f"a number of at most 15 digits (got {shown})")]


def test_a_number_of_15_digits_is_accepted():
    referential = load_referential(REFERENTIAL.read_bytes(), "small.yaml")
    for literal in ("999999999999999", "0.000000000000001", "12345678.1234567"):
        text = DOSSIER.read_text().replace('"DON-03": {"value": 80}', f'"DON-03": {{"value": {literal}}}')
        assert load_dossier(text, referential, "d.json")["answers"]["DON-03"]["value"] == Decimal(literal)


@pytest.mark.parametrize(
    ("path", "literal"),
    [
        (["axes", 0, "questions", 0, "points"], "1" * 200),
        (["axes", 0, "questions", 1, "brackets", 0, "min"], "1e-20"),
        (["levels", 0, "min_global"], "33.3333333333333333"),
    ],
)
def test_referential_numbers_beyond_15_digits_are_refused(path, literal):
    doc = minimal_doc()
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = Decimal(literal)
    with pytest.raises(FormatError) as info:
        validate_referential(doc, "t.yaml")
    where = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
    assert info.value.path == where
    assert info.value.expected.startswith("a number of at most 15 digits (got ")


# --- The commands and the service -------------------------------------------------------------


def test_score_refuses_nested_aliases_with_exit_2(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    assert command_error("score", str(path), str(DOSSIER)) == f"{path}: (root): {TOO_MANY}"


def test_score_refuses_deep_json_and_huge_files_with_exit_2(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    message = command_error("score", str(REFERENTIAL), str(deep))
    assert message == f"{deep}: (root): a document nested at most {MAX_DEPTH} levels deep (deeper at line 1, column 51)"
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b" " * (MAX_BYTES + 10))
    message = command_error("score", str(huge), str(DOSSIER))
    assert message == f"{huge}: (root): a file of at most {MAX_BYTES} bytes (this one has {MAX_BYTES + 10})"


def test_score_refuses_a_200_digit_answer_with_exit_2(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(DOSSIER.read_text().replace('"DON-03": {"value": 80}', '"DON-03": {"value": ' + "9" * 200 + "}"))
    assert command_error("score", str(REFERENTIAL), str(path)) == (
        f"{path}: answers.DON-03.value: a number of at most 15 digits (got 1.000E+200)"
    )


@pytest.mark.django_db
def test_import_command_refuses_nested_aliases_deep_and_huge_files(tmp_path):
    laughs, deep, huge = tmp_path / "laughs.yaml", tmp_path / "deep.json", tmp_path / "huge.yaml"
    laughs.write_text(BILLION_LAUGHS)
    deep.write_text("[" * 100_000)
    huge.write_bytes(b" " * (MAX_BYTES + 1))
    assert command_error("import_referential", str(laughs)) == f"laughs.yaml: (root): {TOO_MANY}"
    assert command_error("import_referential", str(deep)) == (
        f"deep.json: (root): a document nested at most {MAX_DEPTH} levels deep (deeper at line 1, column 51)"
    )
    assert command_error("import_referential", str(huge)) == (
        f"huge.yaml: (root): a file of at most {MAX_BYTES} bytes (this one has {MAX_BYTES + 1})"
    )
    assert not Referential.objects.exists()


@pytest.mark.django_db
def test_import_command_refuses_a_200_digit_point(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(MINI.read_text().replace("points: 10\n", "points: " + "1" * 200 + "\n", 1))
    message = command_error("import_referential", str(path))
    assert message.startswith("big.yaml: axes[0].questions[0].points: a number of at most 15 digits (got ")
    assert not Referential.objects.exists()


@pytest.mark.django_db
def test_import_service_refuses_nested_aliases_and_saves_nothing(django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(FormatError) as info:
        services.import_referential(SYSTEM, BILLION_LAUGHS.encode(), "laughs.yaml")
    assert info.value.expected == TOO_MANY
    assert not Referential.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_replace_service_reads_the_file_before_any_query(django_assert_num_queries):
    referential = services.import_referential(SYSTEM, MINI.read_bytes(), "mini.yaml")
    with django_assert_num_queries(0), pytest.raises(FormatError) as info:
        services.replace_referential(SYSTEM, referential, ("[" * 100_000).encode(), "deep.json")
    assert info.value.expected == f"a document nested at most {MAX_DEPTH} levels deep (deeper at line 1, column 51)"
    referential.refresh_from_db()
    assert referential.version == 1
