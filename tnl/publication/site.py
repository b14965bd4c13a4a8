"""Writing the published files: every page, badge, certificate and export that changes only at
publication, into a new folder, then one switch.

    TNL_PUBLISHED_ROOT/
        builds/g000007-3f2a…/   one complete build per publication, withdrawal or import
        current -> builds/g000007-3f2a…   (a symbolic link, replaced in one rename)

A visitor never sees half an edition: the folder is complete before `current` points at it, and
`os.replace` of a link is atomic. A withdrawn edition leaves no stale file, since each build
starts from an empty folder and older builds are deleted after the switch.

Builds run in the background worker (`rebuild_site`, queued when a publication commits) and by
`manage.py build_site`. Each one records the generation (`SiteGeneration`) it read; a build that
finishes after a newer one is thrown away instead of replacing it.

A build reuses what has not changed. A release is fixed once published (a correction withdraws it
and makes a new one), so the files that depend on one release alone (each result's certificates,
credential and badges) are hard-linked from the current build when the release, the code and the
settings are those it was written with: `manifests/<build>.json` records a fingerprint of each.
Publishing the eleventh edition renders that edition's certificates, not ten years of them.
`build_site(full=True)` (`manage.py build_site --full`) writes everything again.

What goes into the folder is decided by the writers: modules listed in `WRITERS`, each with a
`write(build)` function."""

import fcntl
import functools
import hashlib
import importlib
import json
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from django_tasks import task

from . import paths
from .models import PublishedResult, Release, SiteGeneration

# The modules whose `write(build)` fills a build, in order.
WRITERS = [
    "tnl.publication.results_pages",
    "tnl.publication.body_pages",
    "tnl.publication.statistics_pages",
    "tnl.publication.feeds",
    "tnl.publication.badges",
    "tnl.publication.credential_files",
    "tnl.publication.certificates",
    "tnl.publication.booklet",
    "tnl.publication.press",
    "tnl.publication.open_data",
    "tnl.publication.sitemap",  # last: it lists the pages the writers before it wrote
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
_BUILD_NAME = re.compile(r"g(\d{6,})-[0-9a-f]{8}")
# Raise to make every build after a deployment write everything again.
REUSE_FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent


def root():
    return Path(settings.TNL_PUBLISHED_ROOT)


def current_folder():
    """The folder `current` points at, or None before the first build."""
    link = root() / "current"
    return link.resolve() if link.is_symlink() else None


def _generation_of(folder):
    match = _BUILD_NAME.fullmatch(folder.name) if folder else None
    return int(match[1]) if match else -1


def _manifest_path(folder):
    return root() / "manifests" / f"{folder.name}.json"


@functools.cache
def code_digest():
    """A digest of the platform's code, templates, styles and messages (and WeasyPrint's version):
    after an upgrade that changes any of them, nothing is reused."""
    import weasyprint

    digest = hashlib.sha256(f"{REUSE_FORMAT} {weasyprint.__version__}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment_digest():
    """What every file may depend on besides the data: the code, and the settings that are
    printed in the files or sign them (site address, names, languages, the credential key)."""
    from . import keys

    values = {
        "code": code_digest(),
        "languages": LANGUAGES,
        "settings": {name: repr(getattr(settings, name)) for name in dir(settings) if name.startswith("TNL_")}
        | {"SITE_URL": settings.SITE_URL},
        "key": keys.thumbprint(keys.issuer_key().public_key()),
    }
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def release_digest(release):
    """A fingerprint of a release and its results, as a build reads them."""
    fields = [field.attname for field in PublishedResult._meta.concrete_fields]
    values = [release.pk, release.year, release.number, release.published_at.isoformat(), release.facts]
    values += [[str(getattr(result, name)) for name in fields] for result in release.published_results]
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def raise_generation():
    """Called inside every transaction that changes what is published: the next build must run."""
    state, _created = SiteGeneration.objects.select_for_update().get_or_create(pk=1)
    state.generation += 1
    state.save(update_fields=["generation"])
    return state.generation


class Build:
    """One build: the live releases and their results, and where to write them."""

    def __init__(self, folder, generation, full=True):
        self.folder = folder
        self.generation = generation
        self.releases = list(Release.objects.filter(withdrawn_at=None).order_by("-year"))
        by_release = {}
        for result in PublishedResult.objects.filter(release__withdrawn_at=None).order_by("-level", "name", "code"):
            by_release.setdefault(result.release_id, []).append(result)
        for release in self.releases:
            release.published_results = by_release.get(release.pk, [])
        self.files = 0
        self.reused = 0
        self.uploaded = None  # files put in the object storage (distribution.py), when there is one
        self.pages = []  # [(path, {language: path})] of every page written, for the sitemap
        self.manifest = {
            "environment": environment_digest() if self.releases else "",
            "releases": {str(release.pk): release_digest(release) for release in self.releases},
            "pages": {},  # {key: digest} of the pages that read several releases (`reuse_page`)
        }
        self.previous, self._unchanged, self._previous_pages = None, set(), {}
        if not full:
            self._compare_with(current_folder())

    def _compare_with(self, previous):
        """Note the releases whose files `previous` (a build) holds as this build would write them."""
        try:
            manifest = json.loads(_manifest_path(previous).read_text(encoding="utf-8")) if previous else None
        except (OSError, ValueError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("environment") != self.manifest["environment"]:
            return
        self.previous = previous
        before = manifest.get("releases") or {}
        self._unchanged = {int(pk) for pk, digest in self.manifest["releases"].items() if before.get(pk) == digest}
        pages = manifest.get("pages")
        self._previous_pages = pages if isinstance(pages, dict) else {}

    def release_digest(self, release):
        return self.manifest["releases"][str(release.pk)]

    def unchanged(self, release):
        """True when the previous build wrote this release's files from the same data and code."""
        return release.pk in self._unchanged

    def reuse(self, release, path):
        """Take the file at `path` from the previous build when `release` is unchanged (a hard
        link: no copy). Returns False when it has to be written."""
        return self.unchanged(release) and self._link(path)

    def reuse_page(self, key, digest, path, alternates):
        """Take a page that reads several releases from the previous build when it was written
        from the same `digest` of what it reads (recorded under `key` for the next build); the
        page is listed for the sitemap either way. Returns False when it has to be written."""
        self.manifest["pages"][key] = digest
        if self._previous_pages.get(key) != digest or not self._link(path):
            return False
        self.pages.append((path, dict(alternates)))
        return True

    def _link(self, path):
        if self.previous is None:
            return False
        target = self._new_file(path)
        source = self.previous / target.relative_to(self.folder)
        if not source.is_file() or source.is_symlink():
            return False
        try:
            os.link(source, target)
        except FileNotFoundError:  # a newer build replaced the previous one meanwhile
            return False
        except OSError:  # another file system, or hard links not allowed: a copy
            shutil.copyfile(source, target)
        self.files += 1
        self.reused += 1
        return True

    def target(self, path):
        """The file of a URL path in this build, its folder created. Never outside the folder, and
        never the root's index.html: "/" is the home page, always answered by Django."""
        relative = paths.file_for(path)
        if relative == "index.html":
            raise ValueError("the published folder has no root index.html: / is the dynamic home page")
        target = self.folder / relative
        if self.folder.resolve() not in target.resolve().parents:
            raise ValueError(f"published path outside the folder: {path!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _new_file(self, path):
        """`target`, emptied: a file taken from the previous build is a hard link to the live
        one, never written into."""
        target = self.target(path)
        target.unlink(missing_ok=True)
        return target

    def write(self, path, content):
        """Write one file at its URL path (a path ending in "/" gets its index.html)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self._new_file(path).write_bytes(data)
        self.files += 1

    @contextmanager
    def open(self, path):
        """A text file (UTF-8) open for writing at `path`, for files written row by row."""
        with open(self._new_file(path), "w", encoding="utf-8", newline="") as file:
            yield file
        self.files += 1

    def page(self, path, template, context, language, alternates):
        """Render a page as a visitor reads it in `language`; `alternates` {language: path} of the
        same page in each language (the language switch and the hreflang links)."""
        with translation.override(language):
            request = RequestFactory().get(paths.url(path))
            request.user = AnonymousUser()
            request.LANGUAGE_CODE = language
            context = {
                **context,
                "published_page": True,
                "canonical_path": paths.url(path),
                "alternates": [(code, paths.url(alternates[code])) for code in LANGUAGES if code in alternates],
                "SITE_URL": settings.SITE_URL.rstrip("/"),
                "feed_path": paths.url(paths.feed(language)),
            }
            self.write(path, render_to_string(template, context, request=request))
        self.pages.append((path, dict(alternates)))


@contextmanager
def _switch_lock():
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _switch(folder):
    """Point `current` at `folder` unless a newer generation is already there; remove the builds
    that are neither current nor this one. Returns True when `folder` became current."""
    with _switch_lock():
        current = current_folder()
        if _generation_of(folder) < _generation_of(current):
            shutil.rmtree(folder, ignore_errors=True)
            return False
        temporary = root() / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(Path("builds") / folder.name, temporary)
        os.replace(temporary, root() / "current")
        for old in (root() / "builds").iterdir():
            if old.name != folder.name:
                shutil.rmtree(old, ignore_errors=True)
        for manifest in (root() / "manifests").glob("*.json"):
            if not manifest.name.startswith(f"{folder.name}."):
                manifest.unlink(missing_ok=True)
        return True


def build_site(full=False):
    """Write the published files into a new folder and switch to it, reusing the unchanged
    releases' files of the current build unless `full`. Returns the build."""
    with transaction.atomic():
        state, _created = SiteGeneration.objects.get_or_create(pk=1)
        generation = state.generation
        folder = root() / "builds" / f"g{generation:06d}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        build = Build(folder, generation, full=full)  # reads the snapshot in one transaction: one state
    manifest = _manifest_path(folder)
    try:
        for name in WRITERS:
            importlib.import_module(name).write(build)
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(build.manifest, indent=1), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        manifest.unlink(missing_ok=True)
        raise
    from . import distribution

    if distribution.enabled():
        distribution.record(folder)  # the files' hashes, before the current build goes
    if not _switch(folder):  # a newer build is current: this one and its lists go
        for stale in manifest.parent.glob(f"{folder.name}.*"):
            stale.unlink(missing_ok=True)
        return build
    SiteGeneration.objects.filter(pk=1, built__lt=generation).update(built=generation, built_at=timezone.now())
    if distribution.enabled():
        build.uploaded = distribution.publish(folder, generation)
    return build


@task()
def rebuild_site():
    build_site()


def queue_rebuild():
    """Queue a build once the current transaction commits (publication, withdrawal, import)."""
    transaction.on_commit(rebuild_site.enqueue)
