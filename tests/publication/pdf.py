"""Reading the published PDFs in the tests: their text (pdftotext) and their properties (pdfinfo),
as a reader's PDF viewer shows them."""

import os
import re
import shutil
import subprocess
import zlib

import pytest

from tnl.publication import paths
from tnl.publication.site import current_folder

PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


def published_bytes(path):
    folder = current_folder()
    target = folder / paths.file_for(path) if folder else None
    return target.read_bytes() if target and target.is_file() else None


def _poppler(tool):
    if not tool:
        if os.environ.get("CI"):
            pytest.fail("poppler-utils is not installed: .ci/run should have installed it")
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed")


def pdf_lines(path, folder=None):
    """The non-empty lines of a published PDF's text, white space collapsed, page by page (in the
    current build, or in `folder`)."""
    _poppler(PDFTOTEXT)
    target = (folder or current_folder()) / path
    text = subprocess.run([PDFTOTEXT, str(target), "-"], capture_output=True, check=True, text=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def pdf_text(path):
    """The whole text of a published PDF on one line (line breaks of the layout removed)."""
    return " ".join(pdf_lines(path))


def pdf_info(path):
    _poppler(PDFINFO)
    target = current_folder() / path
    info = subprocess.run([PDFINFO, str(target)], capture_output=True, check=True, text=True).stdout
    return {
        key.strip(): value.strip() for key, value in (line.split(":", 1) for line in info.splitlines() if ":" in line)
    }


def pdf_structure(path):
    """The tag tree of a published PDF (pdfinfo -struct): one line per element, indented."""
    _poppler(PDFINFO)
    target = current_folder() / path
    return subprocess.run([PDFINFO, "-struct", str(target)], capture_output=True, check=True, text=True).stdout


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def pdf_objects(data):
    """A PDF's bytes with its compressed streams (object streams included) inflated: what to look
    for the catalog's entries in."""
    parts = [data]
    for match in _STREAM.finditer(data):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)
