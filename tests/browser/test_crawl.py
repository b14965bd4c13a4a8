"""Crawl every page reachable by links from the home page, per role, on the demo data: each page
has 0 axe-core violations at 1280 px and at 360 px, and does not scroll sideways at 360 px.

Links are followed on the same origin with GET only; logout, downloads, PDF and files are
skipped, and so are further pages of one shape (a second commune page adds nothing); the
crawl stops after MAX_PAGES pages. All problems are collected, then reported together."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, log_in, screenshot
from tnl.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 40
SKIP = re.compile(
    r"/(logout|deconnexion)/|/pdf/|/fichier/|/pieces/\d+|\.(pdf|json|jsonld|yaml|csv|zip|ico|svg|png|jwt|atom|xml|txt)$|/export|^/admin/|^/static/|^/media/|^/i18n/"
    # The API answers JSON, not pages; its documentation page is crawled.
    r"|^/api/v1/(?!docs$)"
)

ROLES = {
    "visitor": None,
    "candidate": "elue@demo.example.org",
    "organiser": "organisation@demo.example.org",
    "admin": "admin@demo.example.org",
    "juror": "jure@demo.example.org",
    # The conflicted juror (jure.conflit@) reaches the juror's page shapes minus some rows; what she
    # may not open is tested in tests/demo/test_demo_jury.py.
    "expert": "expert@demo.example.org",
}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def _shape(path):
    """Pages of one shape: digits and codes in the path replaced, query keys kept, values dropped."""
    parts = urlsplit(path)
    shape = re.sub(r"\d+", "N", parts.path)
    keys = sorted(item.split("=")[0] for item in parts.query.split("&") if item)
    return shape + ("?" + "&".join(keys) if keys else "")


def _links(page, origin):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(parts.path):
            found.append(path)
    return found


def crawl(page, origin, name):
    """Visit pages breadth-first from "/"; return the list of problems found."""
    problems, queue, seen_shapes, visited = [], ["/"], set(), 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        shape = _shape(path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(path)
        visited += 1
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
            continue
        for violation in axe_violations(page):
            problems.append(f"{path} @1280: {violation}")
        links = _links(page, origin)
        if path.startswith("/aide/"):
            # The guides link to every role's pages (organisers' pages for organisers): a guide's
            # reader reaches them by the site's own menus, which the crawl follows elsewhere.
            links = [link for link in links if link.startswith("/aide/")]
        queue.extend(link for link in links if _shape(link) not in seen_shapes)
        page.set_viewport_size({"width": 360, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 361)
                    .filter(e => !e.closest('.table-scroll'))
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
            )
            problems.append(f"{path} @360: scrollWidth {width} ({', '.join(wide)})")
        for violation in axe_violations(page):
            problems.append(f"{path} @360: {violation}")
        screenshot(page, f"crawl-{name}-{visited:02d}")
    return problems, visited


def test_every_page_reached_from_home_passes_axe_and_fits_360_px(browser, live_server, demo):
    # One test for every role: the demo is loaded once (about 30 s), each role browses it in a
    # browser context of its own, and every role's problems are reported together.
    problems, visited = [], {}
    for role, email in ROLES.items():
        context = browser.new_context(locale="fr-FR", base_url=live_server.url)
        page = context.new_page()
        if email:
            log_in(page, live_server, User.objects.get(email=email))
        found, visited[role] = crawl(page, live_server.url, role)
        problems += [f"[{role}] {problem}" for problem in found]
        context.close()
    assert [role for role, count in visited.items() if count < 3] == []
    assert problems == [], "\n".join(problems)


def test_the_logged_in_menu_folds_behind_a_button_at_360_px(page, live_server, organiser):
    log_in(page, live_server, organiser)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/")
    menu_link = page.get_by_role("link", name="Éditions", exact=True)
    toggle = page.get_by_role("button", name="Menu")
    assert not menu_link.is_visible()
    header_height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert header_height < 120
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible()
    assert menu_link.is_visible()
