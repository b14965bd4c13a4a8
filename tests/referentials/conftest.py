import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the validator's messages in their source language; their French
    translations are checked by the catalogue tests and tests/referentials/test_messages.py."""
    with translation.override("en"):
        yield
