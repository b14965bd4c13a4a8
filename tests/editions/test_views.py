"""Organiser pages, one test per (page or action, role). Everyone but organisers and platform
admins gets a 404 on every one of them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import default_referential
from tests.html import count_queries
from tnl.core.models import AuditEntry
from tnl.editions import services
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.referentials.format import dump_referential

ROLES = ["visitor", "outsider", "organiser", "admin_user"]


@pytest.fixture
def edition(organiser, mini_referential):
    """Here a draft edition of 2027 on the small referential (the cast's `edition` is open, on the default one)."""
    return services.create_edition(organiser, 2027, mini_referential)


def pages(year):
    return [
        reverse("editions:list"),
        reverse("editions:create"),
        reverse("editions:detail", args=[year]),
        reverse("editions:dates", args=[year]),
        reverse("editions:referential", args=[year]),
        reverse("editions:referential_diff", args=[year]),
        reverse("editions:referential_import", args=[year]),
        reverse("editions:referential_export", args=[year, "yaml"]),
        reverse("editions:axis_texts", args=[year, "STR"]),
    ]


@pytest.mark.parametrize("role", ["visitor", "outsider"])
def test_organiser_pages_are_404_for_everyone_else(role, edition, user_for, login):
    client = login(user_for(role))
    for url in pages(edition.year):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("editions:action", args=[edition.year, "open_now"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["organiser", "admin_user"])
def test_organisers_and_admins_see_every_page(role, edition, user_for, login):
    client = login(user_for(role))
    for url in pages(edition.year):
        assert client.get(url).status_code == 200, url


def test_unknown_edition_is_404_even_for_organisers(organiser, login):
    assert login(organiser).get(reverse("editions:detail", args=[1999])).status_code == 404


def test_the_list_shows_each_edition_with_its_phase(edition, organiser, login):
    html = login(organiser).get(reverse("editions:list")).content.decode()
    assert "Territoire Numérique Libre 2027" in html
    assert '<span class="tag badge-phase-draft">Brouillon</span>' in html
    assert "mini-2027" in html


def test_an_organiser_creates_an_edition_from_the_form(organiser, mini_referential, login):
    response = login(organiser).post(
        reverse("editions:create"),
        {
            "year": "2028",
            "source": str(mini_referential.pk),
            "opens_at": "2028-09-01T09:00",
            "closes_at": "2028-10-31T23:59",
            "jury_on": "2028-11-05",
            "ceremony_on": "2028-11-25",
            "publication_on": "2028-11-26",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("editions:detail", args=[2028])
    edition = Edition.objects.get(year=2028)
    assert timezone.localtime(edition.closes_at).strftime("%Y-%m-%d %H:%M") == "2028-10-31 23:59"
    assert edition.referential.code == "mini-2028"


def test_a_bad_form_says_what_is_wrong_and_keeps_what_was_typed(organiser, mini_referential, login):
    response = login(organiser).post(
        reverse("editions:create"),
        {
            "year": "2028",
            "source": str(mini_referential.pk),
            "opens_at": "2028-09-01T09:00",
            "closes_at": "2028-08-01T09:00",
            "ceremony_on": "pas une date",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Les candidatures doivent fermer après leur ouverture." in html
    assert "Saisissez une date valide." in html
    assert 'value="2028-09-01T09:00"' in html
    assert 'value="2028-08-01T09:00"' in html
    assert 'value="pas une date"' in html
    assert not Edition.objects.filter(year=2028).exists()


def test_dates_page_saves_and_the_phase_follows(edition, organiser, login):
    now = timezone.localtime()
    response = login(organiser).post(
        reverse("editions:dates", args=[edition.year]),
        {
            "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.phase == Phase.OPEN


def test_action_buttons_follow_the_phase_and_post_changes_it(edition, organiser, login):
    client = login(organiser)
    services.update_dates(organiser, edition, closes_at=timezone.now() + timedelta(days=5))
    html = client.get(reverse("editions:detail", args=[edition.year])).content.decode()
    assert "Ouvrir les candidatures maintenant" in html
    assert "Clore les candidatures maintenant" not in html
    client.post(reverse("editions:action", args=[edition.year, "open_now"]))
    edition.refresh_from_db()
    assert edition.phase == Phase.OPEN
    html = client.get(reverse("editions:detail", args=[edition.year])).content.decode()
    assert "Clore les candidatures maintenant" in html
    assert "Candidatures ouvertes" in html
    assert "edition.opened" not in html


def test_unknown_action_is_404(edition, organiser, login):
    assert login(organiser).post(reverse("editions:action", args=[edition.year, "explode"])).status_code == 404


def test_export_downloads_the_referential_file(edition, organiser, login):
    response = login(organiser).get(reverse("editions:referential_export", args=[edition.year, "yaml"]))
    assert response["Content-Disposition"] == 'attachment; filename="mini-2027.yaml"'
    assert response.content.decode() == dump_referential(edition.referential.document, "yaml")
    assert login(organiser).get(reverse("editions:referential_export", args=[edition.year, "xml"])).status_code == 404


def test_axis_texts_change_wording_only(edition, organiser, login):
    client = login(organiser)
    url = reverse("editions:axis_texts", args=[edition.year, "STR"])
    form = client.get(url).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data["STR-02__text__en"] = "Who leads the approach?"
    data["STR-01__help__fr"] = "Joignez la délibération signée."
    response = client.post(url, data)
    assert response.status_code == 302
    edition.referential.refresh_from_db()
    questions = {q["code"]: q for axis in edition.referential.document["axes"] for q in axis["questions"]}
    assert questions["STR-02"]["text"] == {"fr": "Qui porte la démarche ?", "en": "Who leads the approach?"}
    assert questions["STR-01"]["help"] == {"fr": "Joignez la délibération signée."}
    assert questions["STR-01"]["points"] == 10
    assert edition.referential.version == 2
    changes = AuditEntry.objects.get(action="referential.texts_changed").data["changes"]
    assert len(changes) == 2
    assert "STR-01" in changes[0] and "help.fr" in changes[0]
    assert "STR-02" in changes[1] and "text.en" in changes[1]


def test_axis_texts_refuse_an_empty_french_question_and_keep_the_input(edition, organiser, login):
    client = login(organiser)
    url = reverse("editions:axis_texts", args=[edition.year, "STR"])
    form = client.get(url).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data["STR-01__text__fr"] = ""
    data["STR-02__text__en"] = "Kept while the error is fixed"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert "Kept while the error is fixed" in html
    edition.referential.refresh_from_db()
    assert edition.referential.version == 1


def test_import_replaces_a_draft_referential_and_reports_errors_with_their_path(edition, organiser, login):
    client = login(organiser)
    url = reverse("editions:referential_import", args=[edition.year])
    bad = b"format: tnl-referential/1\ncode: x\ntitle: {fr: X}\naxes: []\nlevels: []\n"
    response = client.post(url, {"file": SimpleUploadedFile("bad.yaml", bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le fichier n’a pas été importé" in html
    assert "bad.yaml" in html
    edition.referential.refresh_from_db()
    assert edition.referential.version == 1

    document = dict(edition.referential.document)
    document["axes"] = [dict(a) for a in document["axes"]]
    document["axes"][0]["questions"] = [dict(q) for q in document["axes"][0]["questions"]]
    document["axes"][0]["questions"][1]["points"] = 12
    document["axes"][0]["questions"][1]["choices"] = [
        {"code": "none", "label": {"fr": "Personne"}, "points": 0},
        {"code": "both", "label": {"fr": "Un élu et un agent"}, "points": 12},
    ]
    response = client.post(url, {"file": SimpleUploadedFile("new.yaml", dump_referential(document).encode())})
    assert response.status_code == 302
    edition.referential.refresh_from_db()
    assert edition.referential.version == 2
    assert edition.referential.document["axes"][0]["questions"][1]["points"] == 12


def test_diff_page_lists_changes_against_the_source_by_default(edition, organiser, login):
    html = login(organiser).get(reverse("editions:referential_diff", args=[edition.year])).content.decode()
    assert "De mini-2026 à mini-2027" in html
    assert "3 modifications" in html


def test_import_is_closed_once_the_edition_is_open(edition, organiser, login):
    services.update_dates(
        organiser,
        edition,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )
    html = login(organiser).get(reverse("editions:referential_import", args=[edition.year])).content.decode()
    assert "Impossible :" in html
    assert 'type="file"' not in html


def test_the_list_costs_the_same_queries_for_one_or_many_editions(edition, organiser, mini_referential, login):
    client = login(organiser)
    one = count_queries(client, reverse("editions:list"))
    for year in (2030, 2031, 2032):
        services.create_edition(organiser, year, mini_referential)
    assert count_queries(client, reverse("editions:list")) == one


def test_referential_pages_cost_the_same_queries_for_3_or_57_questions(edition, organiser, login):
    client = login(organiser)
    small = {
        name: count_queries(client, reverse(name, args=[edition.year]))
        for name in ("editions:referential", "editions:referential_diff", "editions:detail")
    }
    large = services.create_edition(organiser, 2029, default_referential())
    assert large.referential.question_count == 57
    assert {
        name: count_queries(client, reverse(name, args=[large.year]))
        for name in ("editions:referential", "editions:referential_diff", "editions:detail")
    } == small


def test_import_refuses_nested_yaml_aliases_fast_saying_what_and_where(edition, organiser, login):
    laughs = 'format: tnl-referential/1\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    url = reverse("editions:referential_import", args=[edition.year])
    response = login(organiser).post(url, {"file": SimpleUploadedFile("laughs.yaml", laughs.encode())})
    html = response.content.decode()
    assert "Le fichier n’a pas été importé" in html
    assert (
        "un document d’au plus 200000 valeurs, chaque usage d’un alias YAML comptant toute sa copie "
        "(la limite est dépassée à la ligne 7, colonne 12)"
    ) in html
    edition.referential.refresh_from_db()
    assert edition.referential.version == 1


def test_the_referential_page_names_kinds_and_evidence_in_words(edition, organiser, login):
    html = login(organiser).get(reverse("editions:referential", args=[edition.year])).content.decode()
    assert "<td>Oui / non</td>" in html and "<td>Justificatif obligatoire</td>" in html
    assert "yes_no" not in html and ">required<" not in html
    assert f'href="{reverse("publication:criteria", args=[edition.year])}"' in html


def test_times_sent_back_as_shown_keep_their_seconds(edition, organiser, login):
    """Opened and closed "now" within one minute: saving another date changes only that date."""
    opened = timezone.localtime().replace(second=7, microsecond=250000) - timedelta(days=1)
    closed = opened.replace(second=52)
    services.update_dates(organiser, edition, opens_at=opened, closes_at=closed)
    client = login(organiser)
    page = client.get(reverse("editions:dates", args=[edition.year])).content.decode()
    shown = opened.strftime("%Y-%m-%dT%H:%M")
    assert page.count(f'value="{shown}"') == 2  # both to the minute: the same value

    response = client.post(
        reverse("editions:dates", args=[edition.year]),
        {"opens_at": shown, "closes_at": shown, "jury_on": (opened + timedelta(days=3)).date().isoformat()},
    )

    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.opens_at, edition.closes_at) == (opened, closed)
    entry = AuditEntry.objects.filter(action="edition.dates_changed").latest("pk")
    assert list(entry.data["changes"]) == ["jury_on"]


def test_a_time_moved_to_another_minute_is_saved_to_the_minute(edition, organiser, login):
    opened = timezone.localtime().replace(second=30, microsecond=0) - timedelta(days=2)
    services.update_dates(organiser, edition, opens_at=opened, closes_at=opened + timedelta(days=10))
    later = opened + timedelta(minutes=1)

    login(organiser).post(
        reverse("editions:dates", args=[edition.year]),
        {
            "opens_at": later.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opened + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    edition.refresh_from_db()
    assert edition.opens_at == later.replace(second=0)  # a new minute is a new time, to the minute
    assert edition.closes_at == opened + timedelta(days=10)
