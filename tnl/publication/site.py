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

What goes into the folder is decided by the writers: modules listed in `WRITERS`, each with a
`write(build)` function."""

import fcntl
import importlib
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


def root():
    return Path(settings.TNL_PUBLISHED_ROOT)


def current_folder():
    """The folder `current` points at, or None before the first build."""
    link = root() / "current"
    return link.resolve() if link.is_symlink() else None


def _generation_of(folder):
    match = _BUILD_NAME.fullmatch(folder.name) if folder else None
    return int(match[1]) if match else -1


def raise_generation():
    """Called inside every transaction that changes what is published: the next build must run."""
    state, _created = SiteGeneration.objects.select_for_update().get_or_create(pk=1)
    state.generation += 1
    state.save(update_fields=["generation"])
    return state.generation


class Build:
    """One build: the live releases and their results, and where to write them."""

    def __init__(self, folder, generation):
        self.folder = folder
        self.generation = generation
        self.releases = list(Release.objects.filter(withdrawn_at=None).order_by("-year"))
        by_release = {}
        for result in PublishedResult.objects.filter(release__withdrawn_at=None).order_by("-level", "name", "code"):
            by_release.setdefault(result.release_id, []).append(result)
        for release in self.releases:
            release.published_results = by_release.get(release.pk, [])
        self.files = 0
        self.pages = []  # [(path, {language: path})] of every page written, for the sitemap

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

    def write(self, path, content):
        """Write one file at its URL path (a path ending in "/" gets its index.html)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.target(path).write_bytes(data)
        self.files += 1

    @contextmanager
    def open(self, path):
        """A text file (UTF-8) open for writing at `path`, for files written row by row."""
        with open(self.target(path), "w", encoding="utf-8", newline="") as file:
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
        return True


def build_site():
    """Write every published file into a new folder and switch to it. Returns the build."""
    with transaction.atomic():
        state, _created = SiteGeneration.objects.get_or_create(pk=1)
        generation = state.generation
        folder = root() / "builds" / f"g{generation:06d}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        build = Build(folder, generation)  # reads the snapshot in one transaction: one state
    try:
        for name in WRITERS:
            importlib.import_module(name).write(build)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if _switch(folder):
        SiteGeneration.objects.filter(pk=1, built__lt=generation).update(built=generation, built_at=timezone.now())
    return build


@task()
def rebuild_site():
    build_site()


def queue_rebuild():
    """Queue a build once the current transaction commits (publication, withdrawal, import)."""
    transaction.on_commit(rebuild_site.enqueue)
