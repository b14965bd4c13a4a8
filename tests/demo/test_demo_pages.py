"""What the demo shows, read from one load shared by this module's tests (tests/demo/conftest.py):
the printed logins work, next year's referential shows its changes, Nancy's dossier is under way."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tnl.accounts.models import User
from tnl.demo import loader as demo
from tnl.dossiers.models import Dossier
from tnl.dossiers.scoring import dossier_state
from tnl.editions.models import Edition
from tnl.referentials.diff import change_in_words, diff_referentials


def test_demo_users_can_log_in_with_the_printed_password(loaded, client):
    response = client.post("/accounts/login/", {"login": "organisation@demo.example.org", "password": demo.PASSWORD})
    assert response.status_code == 302
    assert client.get("/organisation/editions/").status_code == 200


def test_the_demo_draft_edition_shows_real_changes_on_the_diff_page(loaded, client):
    client.force_login(User.objects.get(email="organisation@demo.example.org"))
    upcoming = Edition.objects.order_by("year").last()
    html = client.get(f"/organisation/editions/{upcoming.year}/referentiel/differences/").content.decode()
    assert "COM-11" in html
    assert "Niveau 2</strong> · Seuil global" in html
    assert "<dt>Avant</dt><dd>30</dd>" in html and "<dt>Après</dt><dd>32</dd>" in html
    assert "STR-01" in html


def test_the_demo_has_a_dossier_under_way_for_nancy_even_after_a_second_run(loaded):
    call_command("load_demo", verbosity=0)
    dossier = Dossier.objects.get(edition__year=timezone.localdate().year)
    assert (dossier.territory.code, dossier.status) == ("54395", "draft")
    state = dossier_state(dossier)
    assert sorted(state.answers) == ["COM-01", "DON-02", "LOG-01", "LOG-03", "STR-01", "STR-02"]
    assert state.result.level == 1


def test_the_demo_draft_edition_shows_its_real_changes_in_words(loaded):
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


def test_the_differences_page_marks_removed_and_added_words(loaded, client):
    client.force_login(User.objects.get(email="organisation@demo.example.org"))
    html = client.get(reverse("editions:referential_diff", args=[timezone.localdate().year + 1])).content.decode()
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
