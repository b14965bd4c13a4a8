"""The published files shared by several app servers through object storage.

Each app server serves its own copy of the current build (nginx reads a local folder: fast, and
the switch to a new build stays one atomic rename per server). With `TNL_PUBLISHED_STORAGE=s3`
the build goes through the "published" storage (Django's storage API, django-storages):

    objects/<sha256>       every file, named by its content: uploaded once, whatever the build
    builds/<build>.json    a build's list: {"build", "generation", "files": {path: sha256}}
    current.json           {"build": <build>}: the build to serve, written last

The worker publishes a build after switching to it (`publish`): it uploads the files whose
content the storage does not hold yet (a new edition's files; the others were uploaded with an
earlier build), then the build's list, then `current.json`. Each app server runs
`manage.py sync_published` (every minute, by cron): when `current.json` names another build, it
makes a new local folder from the list (a hard link to its own copy of a file it already has, a
download for the others, each checked against its hash) and switches to it as a build does.
What no kept build lists (the current one and the one before, which a server may still be
copying) is deleted after a publication."""

import hashlib
import json
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from . import site

ALIAS = "published"
CURRENT = "current.json"
CHUNK = 1 << 16


class SyncError(Exception):
    """The storage does not hold what its current build lists (a missing or altered object)."""


def enabled():
    return ALIAS in settings.STORAGES


def storage():
    return storages[ALIAS]


def _object(digest):
    return f"objects/{digest}"


def _list_name(build):
    return f"builds/{build}.json"


def _local_list(folder):
    """Where a server keeps the {path: sha256} of one of its builds."""
    return site.root() / "manifests" / f"{folder.name}.files.json"


def _read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(folder, previous=None):
    """{path relative to `folder`: sha256} of every file of a build. A file hard-linked from the
    `previous` build (the same inode) keeps the hash that build's list recorded: not read again."""
    known = {}
    if previous is not None:
        hashes = _read_json(_local_list(previous)) or {}
        for relative, digest in hashes.items():
            try:
                known[(previous / relative).stat().st_ino] = digest
            except OSError:
                continue
    files = {}
    for directory, _folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            files[relative] = known.get(os.stat(path).st_ino) or _sha256(path)
    return dict(sorted(files.items()))


def _save_json(name, document):
    store = storage()
    if store.exists(name):
        store.delete(name)
    store.save(name, ContentFile(json.dumps(document, indent=1).encode("utf-8")))


def _open_json(name):
    with storage().open(name, "rb") as file:
        return json.loads(file.read().decode("utf-8"))


def record(folder):
    """Write the list of a new build's files with their hashes, before it replaces the current
    one (whose list gives the hashes of the files linked from it)."""
    files = file_hashes(folder, site.current_folder())
    _local_list(folder).parent.mkdir(parents=True, exist_ok=True)
    _local_list(folder).write_text(json.dumps(files), encoding="utf-8")
    return files


def publish(folder, generation):
    """Put the build in `folder` (recorded, now current on this machine) in the storage and make
    it the one the app servers serve, unless a newer build is there already. Returns the number
    of files uploaded."""
    store = storage()
    files = _read_json(_local_list(folder))
    if not isinstance(files, dict):
        files = record(folder)
    before = _current_build()
    held = (_listed_hashes(before) if before else None) or set()  # uploaded with the current build
    uploaded = 0
    for relative, digest in files.items():
        if digest in held or store.exists(_object(digest)):
            continue
        with open(folder / relative, "rb") as file:
            store.save(_object(digest), ContentFile(file.read()))
        held.add(digest)
        uploaded += 1
    _save_json(_list_name(folder.name), {"build": folder.name, "generation": generation, "files": files})
    before = _current_build()
    if before is not None and site._generation_of(Path(before)) > generation:
        return uploaded  # a newer build was published meanwhile: it stays
    _save_json(CURRENT, {"build": folder.name})
    _collect_garbage(keep={folder.name, before} - {None})
    return uploaded


def _current_build():
    try:
        return _open_json(CURRENT)["build"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _listed_hashes(build):
    """The hashes a build's list in the storage names, or None when it cannot be read."""
    try:
        return set(_open_json(_list_name(build))["files"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _collect_garbage(keep):
    """Delete the lists of the builds not kept, and the objects no kept build lists."""
    store = storage()
    referenced = set()
    for build in keep:
        hashes = _listed_hashes(build)
        if hashes is None:
            return  # a kept list cannot be read: delete nothing rather than something needed
        referenced |= hashes
    _folders, lists = store.listdir("builds")
    for name in lists:
        if name.endswith(".json") and name.removesuffix(".json") not in keep:
            store.delete(f"builds/{name}")
    _folders, objects = store.listdir("objects")
    for name in objects:
        if name not in referenced:
            store.delete(_object(name))


def sync():
    """Copy the storage's current build to this server's folder and switch to it. Returns the
    number of files downloaded, or None when this server already serves that build."""
    build = _current_build()
    if build is None or not site._BUILD_NAME.fullmatch(build):
        return None
    current = site.current_folder()
    if current is not None and current.name == build:
        return None
    listing = _open_json(_list_name(build))
    files = listing["files"]
    mine = {}
    if current is not None:
        for relative, digest in (_read_json(_local_list(current)) or {}).items():
            mine.setdefault(digest, current / relative)
    folder = site.root() / "builds" / build
    shutil.rmtree(folder, ignore_errors=True)  # an earlier attempt cut short
    downloaded = 0
    try:
        for relative, digest in files.items():
            target = (folder / relative).resolve()
            if folder.resolve() not in target.parents:
                raise SyncError(f"a path outside the build: {relative!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            source = mine.get(digest)
            if source is not None and source.is_file():
                try:
                    os.link(source, target)
                    continue
                except OSError:
                    pass
            try:
                with storage().open(_object(digest), "rb") as file:
                    data = file.read()
            except OSError as error:
                raise SyncError(f"{relative}: its object is missing from the storage ({error})") from error
            if hashlib.sha256(data).hexdigest() != digest:
                raise SyncError(f"{relative}: the stored object does not match its hash")
            target.write_bytes(data)
            downloaded += 1
        _local_list(folder).parent.mkdir(parents=True, exist_ok=True)
        _local_list(folder).write_text(json.dumps(files), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        _local_list(folder).unlink(missing_ok=True)
        raise
    if not site._switch(folder):
        _local_list(folder).unlink(missing_ok=True)
    return downloaded
