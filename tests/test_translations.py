"""French (the default) and English catalogues are complete, compiled, and hold every string
the code marks for translation. Needs GNU gettext (msgfmt, xgettext): .ci/run installs it."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "tnl" / "locale"
LANGUAGES = ["fr", "en"]

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"), reason="GNU gettext is not installed"
)


def po_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def parse_po(path):
    """{(msgctxt, msgid): {"msgstr": [...], "fuzzy": bool}} for every entry but the header.

    Entries are separated by blank lines, as makemessages and msgen write them."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, field, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#"):
                fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            elif line.startswith('"'):
                fields[field] += ast.literal_eval(line)
            elif line.strip():
                field, _, value = line.partition(" ")
                fields[field] = ast.literal_eval(value)
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries[(fields.get("msgctxt"), fields["msgid"])] = {"msgstr": strings, "fuzzy": fuzzy}
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(po_path(language))
    assert len(entries) > 300
    untranslated = [key[1] for key, entry in entries.items() if not all(entry["msgstr"])]
    fuzzy = [key[1] for key, entry in entries.items() if entry["fuzzy"]]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_the_compiled_po_file(language, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po_path(language))], check=True)
    with compiled.open("rb") as fresh, (po_path(language).with_suffix(".mo")).open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog


def test_the_catalogue_holds_every_string_marked_in_the_code(tmp_path):
    """Extract the marked strings from a copy of the code (so the real catalogue is untouched)."""
    copy = tmp_path / "tnl"
    shutil.copytree(ROOT / "tnl", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (tmp_path / "extract_settings.py").write_text("from tnl.settings import *  # noqa\nLOCALE_PATHS = []\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)]),
        "DJANGO_SETTINGS_MODULE": "extract_settings",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "fr", "--no-location", "--ignore", "migrations/*"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = set(parse_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = set(parse_po(po_path("fr")))
    assert sorted(k[1] for k in extracted - committed) == [], "run `make messages` and translate the new strings"
    assert sorted(k[1] for k in committed - extracted) == [], "run `make messages` to drop obsolete strings"
