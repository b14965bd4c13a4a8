"""The published files shared through object storage (TNL_PUBLISHED_STORAGE=s3), against a local
S3 server (moto): the worker's build goes to the bucket by content, and another app server copies
it into its own folder, reusing what it has, and switches to it as a build does."""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.s3 import body, client, keys, s3_bucket, s3_endpoint, storage  # noqa: F401
from tnl.publication import distribution, paths, site
from tnl.publication.models import PublishedResult
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import build_site, current_folder

from .publishing import deliberated

PREFIX = "label/published/"


@dataclass
class Bucket:
    endpoint: str
    name: str

    def names(self, part=""):
        return [key for key in keys(self.endpoint, self.name) if part in key]

    def json(self, name):
        return json.loads(body(self.endpoint, self.name, PREFIX + name))

    def current(self):
        return self.json("current.json")["build"]


@pytest.fixture
def bucket(settings, s3_endpoint, s3_bucket):  # noqa: F811
    """The "published" storage is the bucket, as settings.py builds it for TNL_PUBLISHED_STORAGE=s3."""
    location = PREFIX.rstrip("/")
    settings.STORAGES = {
        **settings.STORAGES,
        "published": storage(s3_endpoint, s3_bucket, location, file_overwrite=True),
    }
    return Bucket(s3_endpoint, s3_bucket)


@pytest.fixture
def published(bucket, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, edition)
    return PublishedResult.objects.get()


def tree(folder):
    """{relative path: bytes} of every file under `folder`."""
    files = {}
    for directory, _folders, names in os.walk(folder):
        for name in names:
            path = Path(directory) / name
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


@pytest.fixture
def other_server(settings, tmp_path):
    """Switch to another app server: its own, empty published folder."""

    def switch():
        settings.TNL_PUBLISHED_ROOT = tmp_path / "other-server"
        return settings.TNL_PUBLISHED_ROOT

    return switch


def test_a_build_goes_to_the_bucket_by_content(published, bucket):
    folder = current_folder()
    files = tree(folder)

    assert bucket.json("current.json") == {"build": folder.name}
    listing = bucket.json(f"builds/{folder.name}.json")
    assert listing["build"] == folder.name
    assert listing["files"] == {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    assert {key.removeprefix(PREFIX + "objects/") for key in bucket.names() if "/objects/" in key} == set(
        listing["files"].values()
    )
    certificate = paths.file_for(paths.certificate(published.year, published.kind, published.code, "fr"))
    assert body(bucket.endpoint, bucket.name, PREFIX + "objects/" + listing["files"][certificate]) == files[certificate]


def test_the_objects_are_private(published, bucket):
    import urllib.error
    import urllib.request

    key = next(key for key in bucket.names() if "/objects/" in key)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{bucket.endpoint}/{bucket.name}/{key}")
    assert refused.value.code == 403


def test_another_server_copies_the_current_build_and_serves_it(published, other_server, capsys):
    worker_folder = current_folder()
    worker_files = tree(worker_folder)
    other_server()
    assert current_folder() is None

    call_command("sync_published")

    assert (
        capsys.readouterr().out == f"Switched to the storage's current build: {len(worker_files)} files downloaded.\n"
    )
    assert current_folder().name == worker_folder.name
    assert tree(current_folder()) == worker_files
    call_command("sync_published")
    assert capsys.readouterr().out == "The current build is already served here.\n"


def test_a_next_build_uploads_nothing_that_did_not_change(published, bucket, other_server):
    before = bucket.names()

    build = build_site()

    assert build.uploaded == 0
    after = bucket.names()
    lists = sorted(key for key in after if "/builds/" in key)
    assert [key for key in after if "/objects/" in key] == [key for key in before if "/objects/" in key]
    assert len(lists) == 2  # the current build's list and the previous one's, which a server may still copy

    other_server()
    assert distribution.sync() == len(tree(build.folder))
    assert current_folder().name == build.folder.name == bucket.current()


def test_a_server_reuses_its_own_copy_of_unchanged_files(
    published,
    bucket,
    settings,
    other_server,
    tmp_path,
):
    worker_root = settings.TNL_PUBLISHED_ROOT
    other_root = other_server()
    assert distribution.sync() > 0
    first = current_folder()
    first_inodes = {path: (first / path).stat().st_ino for path in tree(first)}
    tree_before = tree(first)

    settings.TNL_PUBLISHED_ROOT = worker_root
    build_site()  # nothing changed: a new build with the same files
    settings.TNL_PUBLISHED_ROOT = other_root

    assert distribution.sync() == 0  # every file linked from the server's previous copy
    second = current_folder()
    assert second != first and not first.exists()
    # Each file is one the server had (files of the same content may share one).
    assert tree(second) == tree_before
    assert {(second / path).stat().st_ino for path in tree(second)} <= set(first_inodes.values())


def test_a_withdrawn_edition_leaves_the_other_servers(
    published,
    edition,
    organiser,
    settings,
    other_server,
    django_capture_on_commit_callbacks,
    bucket,
):
    worker_root = settings.TNL_PUBLISHED_ROOT
    other_root = other_server()
    distribution.sync()
    certificate = paths.file_for(paths.certificate(published.year, published.kind, published.code, "fr"))
    assert (current_folder() / certificate).is_file()

    settings.TNL_PUBLISHED_ROOT = worker_root
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, "A score was wrong")
    settings.TNL_PUBLISHED_ROOT = other_root
    distribution.sync()

    assert not (current_folder() / certificate).exists()
    # The withdrawn certificate's object left the bucket once no kept build lists it.
    settings.TNL_PUBLISHED_ROOT = worker_root
    build_site()
    listed = set()
    for key in bucket.names():
        if "/builds/" in key:
            listed |= set(json.loads(body(bucket.endpoint, bucket.name, key))["files"].values())
    objects = {key.rsplit("/", 1)[1] for key in bucket.names() if "/objects/" in key}
    assert objects == listed


def test_an_altered_object_stops_the_copy_and_the_server_keeps_its_build(
    published,
    bucket,
    other_server,
    settings,
):
    listing = bucket.json(f"builds/{bucket.current()}.json")
    page = paths.file_for(paths.results(published.year, "fr"))
    client(bucket.endpoint).put_object(
        Bucket=bucket.name, Key=PREFIX + "objects/" + listing["files"][page], Body=b"<p>forged"
    )
    other_server()

    with pytest.raises(CommandError, match=f"{page}: the stored object does not match its hash"):
        call_command("sync_published")

    assert current_folder() is None
    assert not any((Path(settings.TNL_PUBLISHED_ROOT) / "builds").iterdir())  # the half copy is gone


def test_a_missing_object_is_named(published, bucket, other_server):
    listing = bucket.json(f"builds/{bucket.current()}.json")
    page = paths.file_for(paths.results(published.year, "fr"))
    client(bucket.endpoint).delete_object(Bucket=bucket.name, Key=PREFIX + "objects/" + listing["files"][page])
    other_server()

    with pytest.raises(distribution.SyncError, match=f"{page}: its object is missing from the storage"):
        distribution.sync()
    assert current_folder() is None


def test_an_older_build_never_replaces_a_newer_one_in_the_bucket(published, bucket):
    newer = current_folder()
    older = newer.parent / "g000000-0000abcd"
    older.mkdir()
    (older / "robots.txt").write_text("old", encoding="utf-8")

    distribution.publish(older, 0)

    assert bucket.current() == newer.name


def test_without_the_storage_sync_says_so(db):
    with pytest.raises(CommandError, match="TNL_PUBLISHED_STORAGE is not set"):
        call_command("sync_published")
    assert distribution.enabled() is False


def test_a_build_older_than_the_current_one_leaves_nothing(published, bucket, settings):
    root = Path(settings.TNL_PUBLISHED_ROOT)
    newer = root / "builds" / "g999999-0000abcd"
    (newer / "donnees").mkdir(parents=True)
    assert site._switch(newer)  # as if another worker had finished a newer build meanwhile
    published_build = bucket.current()

    build = build_site()

    assert current_folder() == newer
    assert not build.folder.exists()
    assert sorted(path.name for path in (root / "manifests").iterdir()) == []  # neither list nor hashes
    assert bucket.current() == published_build  # the bucket still names the build it had
