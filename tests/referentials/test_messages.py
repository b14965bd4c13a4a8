"""Error messages are translated when they are built (not at import time), with named
placeholders; the command line tools print English whatever the active language."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, no_translations
from django.utils import translation
from django.utils.translation import trans_real

from tests.referentials import FIXTURES, minimal_doc, question
from tnl.referentials.answers import check_value
from tnl.referentials.format import FormatError, parse_text, validate_referential
from tnl.referentials.management.commands import diff_referentials, export_referential, import_referential, score

# A few French entries, as the .po catalogue will have them (the order of placeholders may change).
FRENCH = {
    "%(expected)s (got %(value)s)": "%(expected)s (reçu %(value)s)",
    "a number >= 0": "un nombre >= 0",
    "one of: %(codes)s": "l'un de : %(codes)s",
    "missing (required)": "manquant (obligatoire)",
    "a JSON or YAML document, not an empty file": "un document JSON ou YAML, pas un fichier vide",
    'a unique question code ("%(code)s" is also %(where)s)': "%(where)s porte déjà le code de question « %(code)s »",
}


@pytest.fixture
def french(monkeypatch):
    catalogue = trans_real.translation("fr")
    english = catalogue.gettext
    monkeypatch.setattr(catalogue, "gettext", lambda message: FRENCH.get(message) or english(message))
    with translation.override("fr"):
        yield


def test_check_value_messages_follow_the_active_language(french):
    with pytest.raises(ValueError) as info:
        check_value(question("Q", "number"), -1)
    assert str(info.value) == "un nombre >= 0 (reçu -1)"
    with translation.override("en"), pytest.raises(ValueError) as info:
        check_value(question("Q", "number"), -1)
    assert str(info.value) == "a number >= 0 (got -1)"


def test_schema_explanations_are_translated(french):
    doc = minimal_doc()
    del doc["axes"][0]["questions"][0]["kind"]
    with pytest.raises(FormatError) as info:
        validate_referential(doc, "ref.yaml")
    assert info.value.errors[0] == ("axes[0].questions[0].kind", "manquant (obligatoire)")


def test_translators_may_reorder_placeholders(french):
    doc = minimal_doc()
    doc["axes"][1]["questions"][0]["code"] = "Q1"
    with pytest.raises(FormatError) as info:
        validate_referential(doc, "ref.yaml")
    assert info.value.errors[0] == (
        "axes[1].questions[0].code",
        "axes[0].questions[0] porte déjà le code de question « Q1 »",
    )


def test_reading_errors_are_translated(french):
    with pytest.raises(FormatError) as info:
        parse_text(b"  \n", "empty.yaml")
    assert info.value.expected == "un document JSON ou YAML, pas un fichier vide"


@pytest.mark.parametrize("module", [score, import_referential, export_referential, diff_referentials])
def test_commands_run_without_translations(module):
    assert module.Command.handle.__code__ is no_translations(lambda: None).__code__


def test_score_prints_english_errors_in_a_french_site(french, tmp_path):
    doc = json.loads((FIXTURES / "nancy.json").read_text())
    doc["answers"]["STR-02"]["value"] = "maybe"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError) as info:
        call_command("score", str(FIXTURES / "small.yaml"), str(path), stdout=io.StringIO())
    assert str(info.value) == f'{path}: answers.STR-02.value: one of: none, elected, technical, both (got "maybe")'
    assert translation.get_language() == "fr"  # the language is given back afterwards


def test_diff_prints_english_errors_in_a_french_site(french, tmp_path):
    path = Path(tmp_path / "empty.yaml")
    path.write_text("")
    with pytest.raises(CommandError) as info:
        call_command("diff_referentials", str(path), str(FIXTURES / "small.yaml"), stdout=io.StringIO())
    assert str(info.value) == "empty.yaml: (root): a JSON or YAML document, not an empty file"
