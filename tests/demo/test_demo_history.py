"""What the demo shows of the published past: three editions decided and published through the
real services (tnl/demo/history.py), and the published files built at the end of `load_demo`."""

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tnl.core.models import AuditEntry
from tnl.demo import history
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.publication import paths
from tnl.publication.models import PublishedResult, Release
from tnl.publication.site import current_folder

YEAR = timezone.localdate().year


def levels(year):
    return [
        (result.name, result.level)
        for result in PublishedResult.objects.filter(release__year=year).order_by("-level", "name")
    ]


def test_three_past_editions_are_published_once_each_on_their_ceremony_day(loaded):
    releases = Release.objects.filter(imported=False).order_by("year")
    assert [(r.year, r.number, r.withdrawn_at, r.imported) for r in releases] == [
        (YEAR - 4, 1, None, False),
        (YEAR - 3, 1, None, False),
        (YEAR - 2, 1, None, False),
    ]
    for release in releases:
        assert timezone.localtime(release.published_at).date().isoformat() == f"{release.year}-11-20"
        edition = Edition.objects.get(year=release.year)
        assert edition.phase == Phase.PUBLISHED
        assert edition.published_at == release.published_at
        assert release.facts["dates"]["ceremony_on"] == f"{release.year}-11-20"
    assert [r.facts["participation"] for r in releases] == [6, 7, 9]
    assert [len(history.HISTORY[years]) for years in (4, 3, 2)] == [6, 7, 9]


def test_the_levels_of_each_year(loaded):
    assert levels(YEAR - 4) == [
        ("Strasbourg", 4),
        ("Metz", 3),
        ("Métropole du Grand Nancy", 3),
        ("Nancy", 3),
        ("Épinal", 3),
        ("Vandœuvre-lès-Nancy", 1),
    ]
    assert levels(YEAR - 3) == [
        ("Strasbourg", 5),
        ("Métropole du Grand Nancy", 4),
        ("Nancy", 4),
        ("Metz", 3),
        ("Laxou", 2),
        ("Meurthe-et-Moselle", 2),
        ("Vandœuvre-lès-Nancy", 2),
    ]
    # Thélod took part without reaching a level: counted, never named.
    assert levels(YEAR - 2) == [
        ("Métropole du Grand Nancy", 5),
        ("Nancy", 5),
        ("Strasbourg", 5),
        ("Grand Est", 4),
        ("Metz", 4),
        ("Laxou", 3),
        ("Meurthe-et-Moselle", 3),
        ("Vandœuvre-lès-Nancy", 3),
    ]


def test_nancy_climbs_from_level_3_to_5_with_a_public_line_each_year_and_its_answers_shown(loaded):
    nancy = PublishedResult.objects.filter(kind="commune", code="54395", imported=False).order_by("release__year")
    assert [(r.release.year, r.level) for r in nancy] == [(YEAR - 4, 3), (YEAR - 3, 4), (YEAR - 2, 5)]
    assert [r.highlight for r in nancy] == [
        "Une délibération cadre en faveur du logiciel libre, votée à l’unanimité.",
        "Tous les postes des écoles passés sous un système libre en deux ans.",
        "Une install-party mensuelle à l’hôtel de ville et un guide du libre pour les associations.",
    ]
    assert [[m["code"] for m in r.mentions] for r in nancy] == [[], [], ["promotion"]]
    assert all(r.public_answers for r in nancy)
    assert len({r.credential_id for r in nancy}) == 3


def test_only_the_bodies_that_agreed_show_their_answers(loaded):
    shown = {
        (r.release.year, r.code)
        for r in PublishedResult.objects.select_related("release")
        if r.public_answers  # a list of the answers, empty without consent
    }
    agreed = {(YEAR - years, body.code) for years, bodies in history.HISTORY.items() for body in bodies if body.public}
    assert shown == agreed
    # The consent was given through the service, by a referent, after the submission.
    assert AuditEntry.objects.filter(action="dossier.publicity_changed").count() == len(agreed)
    assert Dossier.objects.filter(public_answers=True).count() == len(agreed)


def test_mentions_and_public_lines_are_published(loaded):
    mentions = {
        (r.release.year, r.name): [m["code"] for m in r.mentions]
        for r in PublishedResult.objects.filter(imported=False).select_related("release")
        if r.mentions
    }
    assert mentions == {
        (YEAR - 4, "Métropole du Grand Nancy"): ["mutualisation"],
        (YEAR - 4, "Strasbourg"): ["promotion"],
        (YEAR - 4, "Épinal"): ["first-application"],
        (YEAR - 3, "Strasbourg"): ["sobriety"],
        (YEAR - 3, "Laxou"): ["first-application"],
        (YEAR - 2, "Nancy"): ["promotion"],
        (YEAR - 2, "Métropole du Grand Nancy"): ["mutualisation"],
        (YEAR - 2, "Grand Est"): ["mutualisation"],
    }
    assert PublishedResult.objects.exclude(highlight="").count() == 10


def test_the_published_files_exist_once_the_demo_is_loaded(loaded, published_root):
    folder = current_folder()
    assert folder is not None and published_root in folder.parents
    for year in (YEAR - 4, YEAR - 3, YEAR - 2):
        for language in ("fr", "en"):
            page = (folder / paths.file_for(paths.results(year, language))).read_text()
            assert "Nancy" in page and "Strasbourg" in page
    assert "Thélod" not in (folder / paths.file_for(paths.results(YEAR - 2, "fr"))).read_text()


def test_the_loader_prints_the_address_of_the_latest_results(loaded, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    url = settings.SITE_URL.rstrip("/") + f"/palmares/{YEAR - 2}/"
    assert out.rstrip().endswith(f"Published results of the past editions: {url}")
    assert Release.objects.count() == 3 + 6  # the second run publishes and imports nothing again


def test_the_years_before_are_imported_from_the_sample_file(loaded):
    imported = Release.objects.filter(imported=True).order_by("year")
    assert [release.year for release in imported] == list(range(2016, YEAR - 4))
    nancy = PublishedResult.objects.filter(code="54395", kind="commune", imported=True).order_by("year")
    assert [(result.year, result.level) for result in nancy][:4] == [(2016, 3), (2017, 4), (2018, 4), (2019, 5)]
