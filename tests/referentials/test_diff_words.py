"""The differences page's words: field names and kinds as organisers say them, texts compared word by word."""

from django.utils import translation

from tnl.referentials.diff import Change, ChangeInWords, change_in_words, word_diff
from tnl.referentials.wording import field_label


def test_field_names_in_words():
    with translation.override("fr"):
        assert field_label("help.fr") == "Aide (français)"
        assert field_label("min_global") == "Seuil global"
        assert field_label("text.en") == "Question (anglais)"
        assert field_label("x-source") == "x-source"
    with translation.override("en"):
        assert field_label("help.fr") == "Help (French)"


def test_a_kind_change_is_shown_in_words():
    change = Change("changed", "question", "COM-11", "kind", "yes_no", "url")
    assert change_in_words(change, "fr") == ChangeInWords(
        "Question COM-11", "changed", "Type de réponse", "Oui / non", "Adresse web"
    )


def test_choices_and_brackets_are_shown_with_their_labels_and_points():
    change = Change(
        "changed",
        "question",
        "STR-02",
        "choices",
        [{"code": "none", "label": {"fr": "Personne"}, "points": 0}],
        [
            {"code": "none", "label": {"fr": "Personne"}, "points": 0},
            {"code": "both", "label": {"fr": "Les deux"}, "points": 8},
        ],
    )
    words = change_in_words(change, "fr")
    assert (words.field, words.before, words.after) == (
        "Choix",
        "Personne (0 pts)",
        "Personne (0 pts); Les deux (8 pts)",
    )
    change = Change(
        "changed",
        "question",
        "DON-01",
        "brackets",
        [{"min": 1, "points": 5}],
        {"XS": [{"min": 1, "points": 5}], "default": [{"min": 3, "points": 5}]},
    )
    words = change_in_words(change, "fr")
    assert (words.field, words.before, words.after) == (
        "Paliers",
        "à partir de 1 : 5 pts",
        "XS — à partir de 1 : 5 pts; default — à partir de 3 : 5 pts",
    )


def test_a_changed_text_is_compared_word_by_word():
    before = "Une délibération est attendue."
    after = "Une délibération de moins de six ans est attendue."
    assert word_diff(before, after) == (
        ("equal", "Une délibération "),
        ("insert", "de moins de six ans"),
        ("equal", " "),
        ("equal", "est attendue."),
    )
    assert word_diff("Bonjour le monde", "Bonsoir le monde") == (
        ("delete", "Bonjour"),
        ("insert", "Bonsoir"),
        ("equal", " "),
        ("equal", "le monde"),
    )
