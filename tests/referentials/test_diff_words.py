"""The differences page's words: field names and kinds as organisers say them, texts compared word by word."""

from django.core.management import call_command
from django.utils import translation

from tnl.editions.models import Edition
from tnl.referentials.diff import Change, ChangeInWords, change_in_words, diff_referentials, word_diff
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


def test_the_demo_draft_edition_shows_its_real_changes_in_words(db):
    call_command("load_demo", verbosity=0)
    # The demo's editions end with this year's (open) and next year's (draft); the published past
    # editions and last year's (jury) come before.
    *_past, current, upcoming = Edition.objects.order_by("year").select_related("referential")
    changes = [
        change_in_words(change, "fr")
        for change in diff_referentials(current.referential.document, upcoming.referential.document)
    ]
    by_field = {(c.subject, c.field): c for c in changes}
    help_change = by_field[("Question STR-01", "Aide (français)")]
    assert help_change.words[-1] == ("insert", "Une délibération de moins de six ans est attendue.")
    assert [op for op, _text in help_change.words] == ["equal", "insert"]
    threshold = by_field[("Niveau 2", "Seuil global")]
    assert (threshold.before, threshold.after) == ("30", "32")
    added = next(c for c in changes if c.kind == "added")
    assert added.sentence.startswith("Ajout (Oui / non, 5 points) : ")


def test_the_differences_page_marks_removed_and_added_words(db, client):
    from django.urls import reverse

    from tnl.accounts.models import User

    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(email="organisation@demo.example.org"))
    html = client.get(reverse("editions:referential_diff", args=[2027])).content.decode()
    assert "Question STR-01</strong> · Aide (français)" in html
    assert (
        '<ins><span class="visually-hidden">ajouté : </span>Une délibération de moins de six ans est attendue.</ins>'
        in html
    )
    assert (
        '<del><span class="visually-hidden">supprimé : </span>2026</del><ins><span class="visually-hidden">ajouté : </span>2027</ins>'
        in html
    )
    assert "Niveau 2</strong> · Seuil global" in html
    assert "help.fr" not in html and "min_global" not in html and "yes_no" not in html
