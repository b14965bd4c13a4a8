"""Real-browser fixtures: Playwright driving Debian's chromium (no browser download).

Without chromium the browser tests are skipped on a developer machine, but fail in CI
(CI=true), where .ci/run installs it: a silently skipped accessibility check is no check.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = os.environ.get("TNL_SCREENSHOTS")  # a folder: save one PNG per checked page


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run should have installed it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, user):
    """Give the browser a logged-in session for `user` (the login form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    # Only the violations are wanted: axe then skips gathering every node of the rules that
    # pass or do not apply, and far less comes back over the wire.
    "resultTypes": ["violations"],
}


def axe_violations(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA + best practices) on the page; return the violations.

    axe is injected once per document (again after a navigation), and only what the message
    needs comes back from the browser."""
    from axe_playwright_python.base import AXE_SCRIPT

    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        """options => axe.run(document, options).then(results => results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target),
        })))""",
        AXE_OPTIONS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}" for v in violations]


def screenshot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a <style>, which the Content Security Policy
        # blocks and reports on the console (where some tests look for such reports).
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True, caret="initial")
