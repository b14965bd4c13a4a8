"""import_results (service and command): past results from a CSV file, all or nothing.

The service speaks the active language (French in the tests); the command speaks English."""

import csv
import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import MINI_REFERENTIAL
from tnl.core.exceptions import NotAllowed, Refused
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.publication import paths
from tnl.publication.import_file import MAX_BYTES, read_rows
from tnl.publication.importing import import_results
from tnl.publication.models import PublishedResult, Release, RevokedCredential
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder
from tnl.referentials.services import import_referential
from tnl.territories.services import create_other_body

from .publishing import deliberated

SAMPLE = Path(__file__).resolve().parents[2] / "tnl" / "publication" / "data" / "past-results-sample.csv"
GOOD = (
    "year,code,level,mentions,name\n"
    "2019,54395,5,Mutualisation; Open hardware club,Nancy\n"
    "2019,245400676,3,,Métropole du Grand Nancy\n"
    "2018,54395,4,promotion,\n"
)


@pytest.fixture
def world(registry, default_referential):
    return registry


def rows(text, encoding="utf-8"):
    return read_rows(text.encode(encoding), "past.csv")


def refused(text, **options):
    with pytest.raises(Refused) as caught:
        import_results(SYSTEM, rows(text), "past.csv", **options)
    assert not Release.objects.exists() or options.get("replace")
    return caught.value.messages


def test_a_good_file_imports_one_release_per_year(world, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        releases = import_results(organiser, rows(GOOD), "past.csv")
    assert [(release.year, release.imported, release.number) for release in releases] == [
        (2018, True, 1),
        (2019, True, 1),
    ]
    nancy = PublishedResult.objects.get(year=2019, code="54395")
    assert (nancy.kind, nancy.level, nancy.imported, nancy.global_percent, nancy.axes) == (
        "commune",
        5,
        True,
        None,
        [],
    )
    assert nancy.level_label == {"fr": "Niveau 5 — Excellence", "en": "Level 5 — Excellence"}
    assert nancy.mentions == [
        {"code": "mutualisation", "label": {"fr": "Mutualisation", "en": "Pooling"}},
        {"code": "open-hardware-club", "label": {"fr": "Open hardware club", "en": "Open hardware club"}},
    ]
    assert (nancy.display_name, nancy.departement_name, nancy.region_name) == (
        "Nancy (54)",
        "Meurthe-et-Moselle",
        "Grand Est",
    )
    metropole = PublishedResult.objects.get(code="245400676")
    assert (metropole.kind, metropole.level, metropole.mentions) == ("epci", 3, [])
    release = Release.objects.get(year=2019)
    assert release.facts["participation"] is None and release.facts["axes"] == []
    assert [level["level"] for level in release.facts["levels"]] == [1, 2, 3, 4, 5]
    assert [(release.published_by, release.published_at is not None) for release in releases] == [
        (organiser, True),
        (organiser, True),
    ]
    assert release.facts["mentions"] == nancy.mentions
    entries = AuditEntry.objects.filter(action="release.imported").order_by("id")
    assert [(entry.actor, entry.object_id, entry.summary, entry.data) for entry in entries] == [
        (
            organiser,
            str(releases[0].pk),
            "1 résultat importé pour 2018",
            {"year": 2018, "results": 1, "source": "past.csv", "replaced": None},
        ),
        (
            organiser,
            str(releases[1].pk),
            "2 résultats importés pour 2019",
            {"year": 2019, "results": 2, "source": "past.csv", "replaced": None},
        ),
    ]
    # The site is rebuilt: the imported year has its page and its open data.
    page = (current_folder() / paths.file_for(paths.results(2019, "fr"))).read_text(encoding="utf-8")
    assert "Nancy (54)" in page and "Niveau 5 — Excellence" in page
    data = (current_folder() / paths.open_data(2019, "results.csv")).read_bytes().decode()
    table = list(csv.DictReader(io.StringIO(data)))
    assert [(row["code"], row["level"], row["imported"], row["global_percent"]) for row in table] == [
        ("54395", "5", "true", ""),
        ("245400676", "3", "true", ""),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "year,code,level\n2019,99999,3\n",
            "past.csv, ligne 2, colonne code : aucun organisme du répertoire n’a le code « 99999 ».",
        ),
        ("year,code,level\n2019,54395,6\n", "past.csv, ligne 2, colonne level : « 6 » n’est pas un niveau de 1 à 5."),
        ("year,code,level\n2019,54395,0\n", "past.csv, ligne 2, colonne level : « 0 » n’est pas un niveau de 1 à 5."),
        (
            "year,code,level\n2019,54395,high\n",
            "past.csv, ligne 2, colonne level : « high » n’est pas un niveau de 1 à 5.",
        ),
        (
            "year,code,level\n1890,54395,3\n",
            "past.csv, ligne 2, colonne year : « 1890 » n’est pas une année passée (de 2000 à ",
        ),
        (
            "year,code,level\n2019,54395,3\n2019,54395,4\n",
            "past.csv, ligne 3, colonne code : Nancy (54) figure déjà ligne 2 pour 2019.",
        ),
        (
            "year,code,level,name\n2019,54395,3,Metz\n",
            "past.csv, ligne 2, colonne name : le code « 54395 » est celui de Nancy (54), pas de « Metz ».",
        ),
        (
            "year,code,level,kind\n2019,54395,3,city\n",
            "past.csv, ligne 2, colonne kind : « city » n’est pas un type d’organisme (commune, epci, departement, region, other).",
        ),
        ("year,code,level\n2019,,3\n", "past.csv, ligne 2, colonne code : le code manque."),
        (
            "year,code,level\ndeux mille,54395,3\n",
            "past.csv, ligne 2, colonne year : « deux mille » n’est pas une année passée (de 2000 à ",
        ),
    ],
)
def test_a_bad_line_refuses_the_whole_file(world, text, message):
    good_line = "2018,57463,2\n"
    messages = refused(text + good_line)
    assert len(messages) == 1 and messages[0].startswith(message)
    assert not PublishedResult.objects.exists() and not AuditEntry.objects.filter(action="release.imported").exists()


def test_a_short_line_is_refused_for_its_missing_cells(world):
    assert refused("year,level,code\n2019,3\n2018,2,57463\n") == ["past.csv, ligne 2, colonne code : le code manque."]
    assert refused("year,code,level\n2019,54395\n2018,57463,2\n") == [
        "past.csv, ligne 2, colonne level : «  » n’est pas un niveau de 1 à 5."
    ]
    year = timezone.now().year
    assert refused("code,level,year\n54395,3\n57463,2,2018\n") == [
        f"past.csv, ligne 2, colonne year : «  » n’est pas une année passée (de 2000 à {year})."
    ]


def test_the_name_may_be_the_display_name(world):
    import_results(SYSTEM, rows("year,code,level,name\n2019,54395,3,Nancy (54)\n"), "past.csv")
    assert PublishedResult.objects.get().display_name == "Nancy (54)"


def test_the_first_and_last_years_are_accepted(world):
    year = timezone.now().year
    releases = import_results(SYSTEM, rows(f"year,code,level\n2000,54395,3\n{year},54395,4\n"), "past.csv")
    assert [(release.year, release.results.get().level) for release in releases] == [(2000, 3), (year, 4)]


def test_a_file_without_rows_is_refused(world):
    assert refused("year,code,level\n") == ["past.csv : le fichier ne contient aucune ligne de résultat."]


def test_at_most_50_problems_are_listed(world):
    messages = refused("year,code,level\n" + "2019,54395,9\n" * 52)
    assert messages[:50] == [
        f"past.csv, ligne {line}, colonne level : « 9 » n’est pas un niveau de 1 à 5." for line in range(2, 52)
    ]
    assert messages[50:] == ["… et 2 autres problèmes."]
    assert refused("year,code,level\n" + "2019,54395,9\n" * 51)[50:] == ["… et 1 autre problème."]
    assert len(refused("year,code,level\n" + "2019,54395,9\n" * 50)) == 50


def test_the_facts_list_each_mention_of_the_year_once(world):
    text = "year,code,level,mentions\n2019,54395,3,Mutualisation;promotion\n2019,54547,2,promotion;Pionnier\n"
    [release] = import_results(SYSTEM, rows(text), "past.csv")
    assert [mention["code"] for mention in release.facts["mentions"]] == ["mutualisation", "promotion", "pionnier"]


def test_an_ambiguous_code_needs_a_kind(world):
    from tnl.territories.models import Territory

    Territory.objects.create(kind="departement", code="44", name="Loire-Atlantique")
    assert refused("year,code,level\n2019,44,2\n") == [
        "past.csv, ligne 2, colonne code : le code « 44 » est celui de plusieurs organismes (departement, region) : ajoutez une colonne kind."
    ]
    import_results(SYSTEM, rows("year,code,level,kind\n2019,44,2,region\n"), "past.csv")
    assert PublishedResult.objects.get().name == "Grand Est"


def test_every_problem_is_listed(world):
    messages = refused("year,code,level\n2019,99999,3\n2019,54395,7\n2019,57463,2\n2019,57463,3\n2019,54395,0\n")
    assert [message.split(":")[0] for message in messages] == [
        "past.csv, ligne 2, colonne code ",
        "past.csv, ligne 3, colonne level ",
        "past.csv, ligne 5, colonne code ",
        "past.csv, ligne 6, colonne level ",
    ]


def test_a_year_published_by_the_platform_is_refused(
    world, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, deliberated(edition, organiser, submitted, other_submitted))
    year = edition.year
    with pytest.raises(Refused) as caught:
        import_results(SYSTEM, rows(f"year,code,level\n{year},57463,2\n"), "past.csv", replace=True)
    assert caught.value.messages == [
        f"past.csv, ligne 2, colonne year : les résultats {year} sont publiés par la plateforme : un fichier ne peut pas les remplacer."
    ]
    assert Release.objects.filter(imported=True).count() == 0


def test_a_year_of_an_edition_run_by_the_platform_is_refused(world, edition):
    year = edition.year
    assert refused(f"year,code,level\n{year},57463,2\n", replace=True) == [
        f"past.csv, ligne 2, colonne year : la plateforme gère l’édition {year} : ses résultats sont publiés depuis la plateforme."
    ]
    assert not Release.objects.exists()


def test_a_year_whose_platform_results_were_withdrawn_is_still_the_platforms(
    world, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, deliberated(edition, organiser, submitted, other_submitted))
        unpublish_edition(organiser, edition, "Erreur de saisie")
    year = edition.year
    with pytest.raises(Refused) as caught:
        import_results(SYSTEM, rows(f"year,code,level\n{year},57463,2\n"), "past.csv", replace=True)
    assert caught.value.messages == [
        f"past.csv, ligne 2, colonne year : la plateforme gère l’édition {year} : ses résultats sont publiés depuis la plateforme."
    ]
    assert not Release.objects.filter(imported=True).exists()


def test_another_imported_year_is_neither_in_the_way_nor_replaced(world):
    [other] = import_results(SYSTEM, rows("year,code,level\n2018,54395,4\n"), "a.csv")
    [release] = import_results(SYSTEM, rows("year,code,level\n2019,54395,5\n"), "b.csv")
    assert (release.year, release.number) == (2019, 1)
    [again] = import_results(SYSTEM, rows("year,code,level\n2019,54395,3\n"), "c.csv", replace=True)
    assert (again.year, again.number) == (2019, 2)
    other.refresh_from_db()
    assert other.withdrawn_at is None
    assert list(PublishedResult.objects.order_by("year").values_list("year", "level")) == [(2018, 4), (2019, 3)]


def test_mentions_codes_and_free_labels(world):
    """Known mentions by code or label, free labels kept as text with a code of at most 50
    characters ("mention" when the label has no letter or digit); empty parts skipped."""
    long = "Pionnier du logiciel libre dans les services techniques"
    import_results(
        SYSTEM, rows(f"year,code,level,mentions\n2019,54395,3,;sobriété numérique;;★;{long}|promotion\n"), "past.csv"
    )
    assert PublishedResult.objects.get().mentions == [
        {"code": "sobriety", "label": {"fr": "Sobriété numérique", "en": "Digital sobriety"}},
        {"code": "mention", "label": {"fr": "★", "en": "★"}},
        {"code": "pionnier-du-logiciel-libre-dans-les-services-techn", "label": {"fr": long, "en": long}},
        {
            "code": "promotion",
            "label": {
                "fr": "Promotion et sensibilisation au logiciel libre",
                "en": "Promotion of and awareness about free software",
            },
        },
    ]


def test_a_file_of_more_than_500_bodies(world):
    """The bodies are looked up 500 codes at a time: the 501st is found, and found once."""
    from tnl.territories.models import Territory

    codes = [f"X-body-{number:03}" for number in range(501)]
    for code in codes:
        Territory.objects.create(kind="other", code=code, name=code)
    text = "year,code,level\n" + "".join(f"2019,{code},2\n" for code in codes)
    [release] = import_results(SYSTEM, rows(text), "past.csv")
    assert sorted(release.results.values_list("code", flat=True)) == codes


def test_the_queries_of_an_import_do_not_grow_with_its_rows(world):
    import_results(SYSTEM, rows("year,code,level\n2017,54395,2\n"), "past.csv")  # caches filled
    with CaptureQueriesContext(connection) as one:
        import_results(SYSTEM, rows("year,code,level\n2018,54395,2\n"), "past.csv")
    with CaptureQueriesContext(connection) as three:
        import_results(SYSTEM, rows("year,code,level\n2019,54395,2\n2019,54547,3\n2019,57463,1\n"), "past.csv")
    assert PublishedResult.objects.filter(year=2019).count() == 3
    assert len(three) == len(one)


def test_an_imported_year_is_replaced_only_when_asked(world):
    [first] = import_results(SYSTEM, rows("year,code,level\n2019,54395,4\n"), "a.csv")
    credential = PublishedResult.objects.get().credential_id
    with pytest.raises(Refused) as caught:
        import_results(SYSTEM, rows("year,code,level\n2019,54395,5\n"), "past.csv")
    assert caught.value.messages == [
        "past.csv, ligne 2, colonne year : des résultats 2019 ont déjà été importés : importez de nouveau avec --replace pour les remplacer."
    ]
    [second] = import_results(SYSTEM, rows("year,code,level\n2019,54395,5\n"), "past.csv", replace=True)
    first.refresh_from_db()
    assert (first.withdrawn_at, first.withdrawal_reason) == (second.published_at, "Remplacé par un import de past.csv.")
    assert second.number == 2
    assert list(PublishedResult.objects.values_list("year", "level")) == [(2019, 5)]
    assert list(
        RevokedCredential.objects.values_list("credential_id", "year", "kind", "code", "revoked_at", "reason")
    ) == [(credential, 2019, "commune", "54395", second.published_at, "Remplacé par un import de past.csv.")]
    entry = AuditEntry.objects.filter(action="release.imported").latest("id")
    assert entry.data["replaced"] == 1
    # Replaced again: the live release (the second) is withdrawn, not the first again.
    [third] = import_results(SYSTEM, rows("year,code,level\n2019,54395,3\n"), "c.csv", replace=True)
    assert list(Release.objects.filter(withdrawn_at=None).values_list("number", flat=True)) == [3]
    assert AuditEntry.objects.filter(action="release.imported").latest("id").data["replaced"] == 2


def test_encodings_and_separators(world):
    text = "année;code;niveau;nom\n2019;54547;2;Vandœuvre-lès-Nancy\n"
    for data in (
        text.encode("utf-8"),
        "\ufeff".encode() + text.encode("utf-8"),
        text.replace("œ", "oe").encode("cp1252"),
    ):
        parsed = read_rows(data, "past.csv")
        assert parsed[0][1]["code"] == "54547" and parsed[0][1]["name"].startswith("Vand")
    parsed = read_rows("year,code,level,name\n2019,54395,3,Énergie\n".encode("cp1252"), "past.csv")
    assert parsed[0][1]["name"] == "Énergie"


def test_formula_looking_cells_are_kept_as_text(world):
    import_results(SYSTEM, rows('year,code,level,mentions\n2019,54395,3,"=HYPERLINK(""x"")"\n'), "past.csv")
    assert PublishedResult.objects.get().mentions[0]["label"]["fr"] == '=HYPERLINK("x")'


def test_file_limits(world):
    with pytest.raises(Refused) as caught:
        read_rows(b"year,code,level\n" + b"2019,54395,3\n" * (MAX_BYTES // 13 + 1), "big.csv")
    assert caught.value.messages[0].startswith("big.csv : le fichier est trop gros")
    with pytest.raises(Refused) as caught:
        read_rows(b"name,level\nNancy,3\n", "past.csv")
    assert caught.value.messages == [
        "past.csv, ligne 1 : il manque à l’en-tête la ou les colonnes : year, code (il faut year, code, level)."
    ]


def test_a_non_organiser_may_not_import(world, outsider):
    with pytest.raises(NotAllowed):
        import_results(outsider, rows(GOOD), "past.csv")
    assert not Release.objects.exists()


def test_the_command_imports_the_sample(world, capsys):
    call_command("import_results", str(SAMPLE))
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Imported 2016: 5 results (publication 1)"
    assert len(out.splitlines()) == 8
    assert PublishedResult.objects.get(year=2019, code="54395").level == 5
    assert Release.objects.filter(imported=True).count() == 8


def test_the_command_exits_with_2_on_a_bad_file(world, tmp_path):
    bad = tmp_path / "past.csv"
    bad.write_text("year,code,level\n2019,54395,9\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_results", str(bad))
    assert caught.value.returncode == 2
    assert str(caught.value) == "past.csv, line 2, column level: “9” is not a level from 1 to 5."
    with pytest.raises(CommandError) as caught:
        call_command("import_results", str(tmp_path / "missing.csv"))
    assert caught.value.returncode == 2 and "cannot read the file" in str(caught.value)
    big = tmp_path / "big.csv"
    big.write_bytes(b"year,code,level\n" + b"2019,54395,3\n" * (MAX_BYTES // 13 + 1))
    with pytest.raises(CommandError) as caught:
        call_command("import_results", str(big))
    size = big.stat().st_size
    assert caught.value.returncode == 2
    assert str(caught.value) == f"big.csv: the file is too large ({size} bytes; at most {MAX_BYTES})."
    assert not Release.objects.exists()


def test_the_facts_of_an_import_without_a_default_referential(registry):
    """No referential: the five levels, named by their number only; the free mentions as given."""
    import_results(SYSTEM, rows("year,code,level,mentions\n2019,54395,2,Pionnier\n"), "past.csv")
    assert Release.objects.get().facts == {
        "year": 2019,
        "label": settings.TNL_LABEL_NAME,
        "referential": None,
        "dates": {"opens_at": None, "closes_at": None, "ceremony_on": None},
        "levels": [
            {"level": level, "label": {"fr": f"Niveau {level}", "en": f"Level {level}"}} for level in range(1, 6)
        ],
        "axes": [],
        "mentions": [{"code": "pionnier", "label": {"fr": "Pionnier", "en": "Pionnier"}}],
        "size_classes": [],
        "jury": [],
        "participation": None,
        "source": "past.csv",
    }
    result = PublishedResult.objects.get()
    assert (result.level_label, result.size_class) == ({"fr": "Niveau 2", "en": "Level 2"}, "")


def _referential_of_two_levels():
    """The default referential replaced by the small one of the tests (two levels, one mention),
    with three size classes: no known population, up to 200,000 inhabitants, and an unbounded one
    with no label."""
    document = yaml.safe_load(MINI_REFERENTIAL.read_text(encoding="utf-8"))
    document["code"] = "tnl-default"
    document["size_classes"] = [
        {"code": "XS", "max_population": 0, "label": {"fr": "Inconnue", "en": "Unknown"}},
        {"code": "S", "max_population": 200000, "label": {"fr": "Petites", "en": "Small"}},
        {"code": "L"},
    ]
    import_referential(SYSTEM, yaml.safe_dump(document, allow_unicode=True).encode(), "tnl-default.yaml")


def test_the_facts_of_an_import_follow_the_default_referential(registry):
    """The default referential's own levels (two here), mentions and size classes (a class with no
    label is named by its code)."""
    _referential_of_two_levels()
    import_results(SYSTEM, rows("year,code,level,mentions\n2019,54395,2,First application\n"), "past.csv")
    assert Release.objects.get().facts == {
        "year": 2019,
        "label": settings.TNL_LABEL_NAME,
        "referential": None,
        "dates": {"opens_at": None, "closes_at": None, "ceremony_on": None},
        "levels": [
            {"level": 1, "label": {"fr": "Niveau 1 — Découverte", "en": "Level 1 — Discovery"}},
            {"level": 2, "label": {"fr": "Niveau 2", "en": "Level 2"}},
        ],
        "axes": [],
        "mentions": [{"code": "first-application", "label": {"fr": "Première candidature", "en": "First application"}}],
        "size_classes": [
            {"code": "XS", "label": {"fr": "Inconnue", "en": "Unknown"}},
            {"code": "S", "label": {"fr": "Petites", "en": "Small"}},
            {"code": "L", "label": {"fr": "L", "en": "L"}},
        ],
        "jury": [],
        "participation": None,
        "source": "past.csv",
    }


RESULT_FIELDS = (
    "year", "territory__code", "kind", "code", "name", "display_name", "siren", "population", "size_class",
    "departement_code", "departement_name", "region_code", "region_name", "level", "level_label",
    "global_percent", "axes", "mentions", "imported",
)  # fmt: skip


def test_the_results_of_an_import_describe_each_body(registry):
    """Each result copies its body as the registry has it: names, SIREN, population, size class,
    département and région (a département or a région is its own), the level's label."""
    _referential_of_two_levels()
    syndicate = create_other_body(SYSTEM, name="Syndicat des eaux", subkind="syndicat mixte", departement=None)
    text = (
        "year,code,level,kind\n"
        "2019,54395,2,\n2019,245400676,1,\n2019,55,2,departement\n2019,44,1,region\n"
        f"2019,{syndicate.code},2,other\n"
    )
    import_results(SYSTEM, rows(text), "past.csv")
    common = {"year": 2019, "global_percent": None, "axes": [], "mentions": [], "imported": True}
    one = {"fr": "Niveau 1 — Découverte", "en": "Level 1 — Discovery"}
    two = {"fr": "Niveau 2", "en": "Level 2"}
    grand_est = {"region_code": "44", "region_name": "Grand Est"}
    meurthe = {"departement_code": "54", "departement_name": "Meurthe-et-Moselle", **grand_est}
    assert list(PublishedResult.objects.order_by("code").values(*RESULT_FIELDS)) == [
        {
            **common,
            "territory__code": "245400676",
            "kind": "epci",
            "code": "245400676",
            "name": "Métropole du Grand Nancy",
            "display_name": "Métropole du Grand Nancy",
            "siren": "245400676",
            "population": 258208,
            "size_class": "L",
            **meurthe,
            "level": 1,
            "level_label": one,
        },
        {
            **common,
            "territory__code": "44",
            "kind": "region",
            "code": "44",
            "name": "Grand Est",
            "display_name": "Grand Est",
            "siren": "",
            "population": None,
            "size_class": "L",
            "departement_code": "",
            "departement_name": "",
            **grand_est,
            "level": 1,
            "level_label": one,
        },
        {
            **common,
            "territory__code": "54395",
            "kind": "commune",
            "code": "54395",
            "name": "Nancy",
            "display_name": "Nancy (54)",
            "siren": "215403957",
            "population": 103671,
            "size_class": "S",
            **meurthe,
            "level": 2,
            "level_label": two,
        },
        {
            **common,
            "territory__code": "55",
            "kind": "departement",
            "code": "55",
            "name": "Meuse",
            "display_name": "Meuse (55)",
            "siren": "",
            "population": None,
            "size_class": "L",
            "departement_code": "55",
            "departement_name": "Meuse",
            **grand_est,
            "level": 2,
            "level_label": two,
        },
        {
            **common,
            "territory__code": "X-syndicat-des-eaux",
            "kind": "other",
            "code": "X-syndicat-des-eaux",
            "name": "Syndicat des eaux",
            "display_name": "Syndicat des eaux",
            "siren": "",
            "population": None,
            "size_class": "XS",
            "departement_code": "",
            "departement_name": "",
            "region_code": "",
            "region_name": "",
            "level": 2,
            "level_label": two,
        },
    ]
