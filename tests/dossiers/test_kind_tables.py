"""A question kind is declared once (tnl.referentials.kinds: its value check and its scoring); the
dossier pages add its widget and its words. A kind missing from either table fails here, so a new
kind cannot reach the pages half-done."""

from tnl.dossiers.forms import VALUE_FIELDS
from tnl.dossiers.words import WORDS
from tnl.referentials.kinds import KIND_SPECS, QuestionKind


def test_every_kind_has_a_check_and_a_scoring_entry():
    assert set(KIND_SPECS) == set(QuestionKind)


def test_every_kind_has_its_words_on_the_dossier_pages():
    assert set(WORDS) == {kind.value for kind in QuestionKind}


def test_every_kind_but_file_has_a_value_field():
    # A file question's answer is its evidence block: it has no value field.
    assert set(VALUE_FIELDS) == {kind.value for kind in QuestionKind} - {QuestionKind.FILE.value}
