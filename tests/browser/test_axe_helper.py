"""The accessibility check every browser test relies on finds what it should, on the first and on
later runs in one document, and again after a navigation (axe is injected once per document)."""

from urllib.parse import quote

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

FLAWED = """<!doctype html><html lang="fr"><head><title>Page</title></head><body><main>
<h1>Titre</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><label>Nom <input></label>
<input type="text" id="nameless"></main></body></html>"""
CLEAN = """<!doctype html><html lang="fr"><head><title>Page</title></head><body><main>
<h1>Titre</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo"></main></body></html>"""


def _ids(violations):
    return sorted(violation.split(" ")[0] for violation in violations)


def test_the_check_names_each_violation_and_where(browser):
    page = browser.new_page()
    page.goto("data:text/html," + quote(FLAWED))
    first = axe_violations(page)
    assert _ids(first) == ["image-alt", "label"]
    assert "image-alt (critical): Images must have alternative text — [['img']]" in first
    assert "label (critical): Form elements must have labels — [['#nameless']]" in first
    # The second run in the same document reuses axe, and sees the page as it is now.
    page.evaluate("document.querySelector('img').alt = 'Logo'")
    assert _ids(axe_violations(page)) == ["label"]
    page.goto("data:text/html," + quote(CLEAN))
    assert page.evaluate("typeof window.axe") == "undefined"
    assert axe_violations(page) == []
    page.goto("data:text/html," + quote(FLAWED))
    assert _ids(axe_violations(page)) == ["image-alt", "label"]
    page.close()
