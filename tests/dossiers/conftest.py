"""The dossier tests use the cast of tests/conftest.py: Nancy with its elected referent, technical
referent and contributor, another body's member, the edition's juror, the outsider, organiser and
admin; `edition` is open and uses the default referential; `dossier` is Nancy's draft."""

import pytest


@pytest.fixture(autouse=True)
def _media(media):
    """Uploaded files go to a temporary folder, with the default size caps (see `media`)."""
    return media
