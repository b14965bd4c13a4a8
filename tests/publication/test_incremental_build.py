"""A build reuses the files of the releases that have not changed since the current build (hard
links), and writes again everything that may differ: a new or republished release, changed data,
another code or setting, a full build asked for."""

import base64
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tnl.publication import paths
from tnl.publication.models import PublishedResult
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import Build, build_site, current_folder

from .laureates_data import laureate, release
from .other_year import imported_2025
from .publishing import deliberated

# Per result: a certificate in each of the two languages, its credential, its SVG and PNG badges.
FILES_PER_RESULT = 5
# Per release: the results booklet's PDF in each language.
FILES_PER_RELEASE = 2
# Per body: its page in each language, reused while the releases it reads are unchanged.
PAGES_PER_BODY = 2
REUSED = FILES_PER_RESULT + FILES_PER_RELEASE + PAGES_PER_BODY  # a release of one result


@pytest.fixture
def published(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        return publish_edition(organiser, edition)


def result_files(result):
    return [
        paths.certificate(result.year, result.kind, result.code, "fr"),
        paths.certificate(result.year, result.kind, result.code, "en"),
        paths.credential(result.year, result.kind, result.code),
        paths.badge(result.year, result.kind, result.code, "svg"),
        paths.badge(result.year, result.kind, result.code, "png"),
    ]


def credential_text(folder, result):
    """The decoded claims of the result's credential file (a compact JWS), as text."""
    token = (folder / paths.file_for(paths.credential(result.year, result.kind, result.code))).read_text()
    claims = token.split(".")[1]
    return base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)).decode()


def inodes(folder, result):
    return [(folder / paths.file_for(path)).stat().st_ino for path in result_files(result)]


def contents(folder, result):
    return [(folder / paths.file_for(path)).read_bytes() for path in result_files(result)]


def test_an_unchanged_release_s_files_are_linked_from_the_current_build(published, nancy):
    result = PublishedResult.objects.get()
    before, old_inodes, old_contents = (
        current_folder(),
        inodes(current_folder(), result),
        contents(current_folder(), result),
    )
    booklets = [paths.file_for(paths.booklet_pdf(result.year, language)) for language in ("fr", "en")]
    old_booklets = [(before / booklet).stat().st_ino for booklet in booklets]

    build = build_site()

    assert current_folder() == build.folder != before
    assert build.reused == REUSED
    assert inodes(build.folder, result) == old_inodes  # the same files, not copies
    assert contents(build.folder, result) == old_contents
    assert [(build.folder / booklet).stat().st_ino for booklet in booklets] == old_booklets
    assert not before.exists()  # the previous build is gone, its linked files live on


def test_only_the_new_release_is_written_when_another_year_is_published(published, nancy):
    result = PublishedResult.objects.get()
    old_inodes = inodes(current_folder(), result)
    imported = imported_2025()

    build = build_site()

    assert build.reused == REUSED
    assert inodes(build.folder, result) == old_inodes
    for other in imported.results.all():
        assert all((build.folder / paths.file_for(path)).is_file() for path in result_files(other))


def test_a_full_build_writes_everything_again(published, nancy):
    result = PublishedResult.objects.get()
    old_inodes = inodes(current_folder(), result)

    build = build_site(full=True)

    assert build.reused == 0
    assert not set(inodes(build.folder, result)) & set(old_inodes)


def test_build_site_full_from_the_command_line(published, nancy, capsys):
    call_command("build_site", "--full")
    assert capsys.readouterr().out.endswith(", 0 of them taken from the previous build\n")

    call_command("build_site")
    assert capsys.readouterr().out.endswith(f", {REUSED} of them taken from the previous build\n")


def test_a_republished_release_is_written_again(published, edition, organiser, django_capture_on_commit_callbacks):
    old = PublishedResult.objects.get()
    old_contents = contents(current_folder(), old)
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, reason="A mistake in a level")
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, edition)
    new = PublishedResult.objects.get()

    # Every file carries the new credential (its identifier, its signature): none is the old one.
    new_contents = contents(current_folder(), new)
    assert [after != before for after, before in zip(new_contents, old_contents, strict=True)] == [True] * 5
    assert str(new.credential_id) in credential_text(current_folder(), new)


def test_a_release_whose_data_changed_is_written_again(published, nancy):
    result = PublishedResult.objects.get()
    old_contents = contents(current_folder(), result)
    PublishedResult.objects.filter(pk=result.pk).update(display_name="Nancy la Ducale (54)")

    build = build_site()

    assert build.reused == 0
    assert contents(build.folder, result) != old_contents
    assert "Nancy la Ducale" in credential_text(build.folder, result)


def test_another_setting_writes_everything_again(published, nancy, settings):
    settings.TNL_ORGANISER_NAME = "Association des territoires libres"

    build = build_site()

    assert build.reused == 0


def test_another_site_address_writes_everything_again(published, nancy, settings):
    settings.SITE_URL = "https://label.example.org"

    build = build_site()

    assert build.reused == 0
    credential = (build.folder / paths.file_for(result_files(PublishedResult.objects.get())[2])).read_text()
    assert credential.count(".") == 2  # a compact JWS, issued again


def test_a_missing_or_unreadable_manifest_means_a_full_build(published, nancy, settings):
    manifest = Path(settings.TNL_PUBLISHED_ROOT) / "manifests" / f"{current_folder().name}.json"
    assert json.loads(manifest.read_text())["releases"]  # written by the publication's build

    manifest.write_text("{not json", encoding="utf-8")
    assert build_site().reused == 0

    next_manifest = Path(settings.TNL_PUBLISHED_ROOT) / "manifests" / f"{current_folder().name}.json"
    next_manifest.unlink()
    assert build_site().reused == 0


def test_only_the_current_build_s_manifest_is_kept(published, nancy, settings):
    build_site()
    build_site()

    manifests = sorted(path.name for path in (Path(settings.TNL_PUBLISHED_ROOT) / "manifests").iterdir())
    assert manifests == [f"{current_folder().name}.json"]


def test_writing_over_a_reused_file_never_touches_the_live_one(published, nancy, settings):
    result = PublishedResult.objects.get()
    live = current_folder()
    path = result_files(result)[0]
    live_bytes = (live / paths.file_for(path)).read_bytes()
    folder = Path(settings.TNL_PUBLISHED_ROOT) / "builds" / "g999999-0000abcd"
    folder.mkdir()
    build = Build(folder, 999999, full=False)
    release = build.releases[0]

    assert build.reuse(release, path)
    build.write(path, b"%PDF- another certificate")

    assert (live / paths.file_for(path)).read_bytes() == live_bytes
    assert (folder / paths.file_for(path)).read_bytes() == b"%PDF- another certificate"


def test_a_file_missing_from_the_previous_build_is_written(published, nancy):
    result = PublishedResult.objects.get()
    (current_folder() / paths.file_for(result_files(result)[1])).unlink()

    build = build_site()

    assert build.reused == REUSED - 1
    assert (build.folder / paths.file_for(result_files(result)[1])).read_bytes().startswith(b"%PDF-")


def test_a_withdrawn_release_leaves_nothing_behind(published, edition, organiser, django_capture_on_commit_callbacks):
    result = PublishedResult.objects.get()
    files = result_files(result)
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, reason="A mistake in a level")

    folder = current_folder()
    assert not [path for path in files if (folder / paths.file_for(path)).exists()]


def test_a_body_page_is_written_again_when_the_body_gets_another_label(published, nancy):
    result = PublishedResult.objects.get()
    page = paths.file_for(paths.body(result.kind, result.code, "fr"))
    other_page = (current_folder() / page).stat().st_ino
    laureate(release(2019), "Nancy", result.code, level=2)

    build = build_site()

    # The certificates and badges of the unchanged release are reused, the body's pages are not.
    assert build.reused == FILES_PER_RESULT + FILES_PER_RELEASE
    assert (build.folder / page).stat().st_ino != other_page
    text = (build.folder / page).read_text(encoding="utf-8")
    assert "2019" in text and str(result.year) in text


def test_the_sitemap_lists_the_reused_body_pages(published, nancy):
    result = PublishedResult.objects.get()

    build = build_site()

    sitemap = (build.folder / paths.file_for("sitemap.xml")).read_text(encoding="utf-8")
    assert build.reused == REUSED
    assert f"/label/{result.kind}/{result.code}/" in sitemap
