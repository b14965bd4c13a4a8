"""Moved to tests/html.py (kept so that older imports keep working)."""

from tests.html import Page  # noqa: F401
