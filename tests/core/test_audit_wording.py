"""Every audit action the code records has a sentence in words (pages never show codes)."""

import re
from pathlib import Path

from django.utils import translation

from tnl.core.audit_wording import ACTION_WORDS, action_words
from tnl.editions.services import ACTION_CODES

SOURCE = Path(__file__).resolve().parents[2] / "tnl"
# record(actor, "code", ...) and audit.record(\n    actor,\n    "code", ...)
RECORD = re.compile(r"\brecord\(\s*[\w.]+,\s*f?\"([^\"]+)\"")


def recorded_codes():
    codes = set()
    for path in SOURCE.rglob("*.py"):
        for code in RECORD.findall(path.read_text(encoding="utf-8")):
            if "{" in code:  # f"edition.{action}": the phase actions, listed in ACTION_CODES
                continue
            codes.add(code)
    return codes | set(ACTION_CODES.values())


def test_the_grep_finds_the_codes_it_should():
    codes = recorded_codes()
    assert {"dossier.submitted", "edition.closed", "membership.requested", "user.created"} <= codes


def test_every_recorded_action_has_words():
    missing = sorted(code for code in recorded_codes() if code not in ACTION_WORDS)
    assert missing == []


def test_words_are_translated():
    with translation.override("fr"):
        assert action_words("dossier.submitted") == "Dossier déposé"
        assert action_words("edition.closed") == "Candidatures closes"
    with translation.override("en"):
        assert action_words("edition.closed") == "Applications closed"
    assert action_words("something.unknown") == "something.unknown"
