"""The guides: every page has its help, every label a guide quotes exists, every link leads somewhere."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.test_translations import parse_po, po_path
from tnl.help.guides import BY_SLUG, GUIDES, rendered
from tnl.help.pages import HELP_FOR_PAGE, NO_HELP_NEEDED
from tnl.help.rendering import render

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or None
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


NAMED = {name for name in url_names() if not name.startswith("admin:")}


def test_every_named_page_has_help_or_is_listed_as_needing_none():
    assert sorted(NAMED - set(HELP_FOR_PAGE) - set(NO_HELP_NEEDED)) == []


def test_the_help_table_names_only_existing_pages_and_each_once():
    assert sorted((set(HELP_FOR_PAGE) | set(NO_HELP_NEEDED)) - NAMED) == []
    assert sorted(set(HELP_FOR_PAGE) & set(NO_HELP_NEEDED)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_help_link_points_at_a_heading_of_its_guide(language):
    missing = []
    for view_name, (slug, anchor) in HELP_FOR_PAGE.items():
        anchors = {heading.anchor for heading in rendered(BY_SLUG[slug], language).headings}
        if anchor is not None and anchor not in anchors:
            missing.append((view_name, slug, anchor))
    assert missing == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_a_guide_has_the_same_anchors_in_every_language(guide):
    anchors = {
        language: [(heading.level, heading.anchor) for heading in rendered(guide, language).headings]
        for language in LANGUAGES
    }
    assert anchors["en"] == anchors["fr"]


def interface_strings(language):
    """The strings the interface shows in `language`: the French texts, or the English source texts."""
    entries = parse_po(po_path(language))
    if language == "fr":
        return {text for entry in entries.values() for text in entry["msgstr"]}
    return {msgid for _context, msgid in entries}


def as_pattern(text):
    """An interface string as a pattern where %(name)s and %s stand for any text (a year, a code)."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", text)
    return re.compile(".+".join(re.escape(part) for part in parts))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_a_guide_quotes_is_in_the_interface(language):
    strings = interface_strings(language)
    patterns = [as_pattern(text) for text in strings if "%" in text]
    unknown = []
    for guide in GUIDES:
        for label in rendered(guide, language).ui_labels:
            if label not in strings and not any(pattern.fullmatch(label) for pattern in patterns):
                unknown.append((guide.slug, label))
    assert unknown == []


def test_a_label_the_interface_does_not_have_is_caught():
    strings = interface_strings("fr")
    assert "Déposer le dossier auprès du jury" in strings
    assert "Déposer le dossier" not in strings  # what a guide might wrongly quote


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_of_a_guide_leads_to_a_page_or_a_section(language):
    broken = []
    for guide in GUIDES:
        for href in rendered(guide, language).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                broken.append((guide.slug, href))
                continue
            if match.view_name == "help:guide" and parts.fragment:
                target = rendered(BY_SLUG[match.kwargs["slug"]], language)
                if parts.fragment not in {heading.anchor for heading in target.headings}:
                    broken.append((guide.slug, href))
    assert broken == []


def test_guides_quote_labels_and_link_pages():
    page = rendered(BY_SLUG["candidats"], "fr")
    assert len(page.ui_labels) > 40
    assert "/mes-organismes/" in page.links


def test_raw_html_is_shown_as_text_and_labels_are_bold():
    page = render('# T\n\n## Part {#part}\n\nClick [[Save]] <script>alert("x")</script>\n')
    assert page.html == (
        '<h2 id="part">Part</h2>\n'
        '<p>Click <strong class="ui-label">Save</strong> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n'
    )
    assert (page.title, page.headings[0].anchor, page.ui_labels) == ("T", "part", ["Save"])


def test_a_heading_without_an_anchor_gets_one_from_its_words():
    page = render("# T\n\n## Déposer le dossier\n\n## Déposer le dossier\n")
    assert [heading.anchor for heading in page.headings] == ["deposer-le-dossier", "deposer-le-dossier-2"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_pattern_matches_any_label(language):
    patterns = [as_pattern(text) for text in interface_strings(language) if "%" in text]
    assert [pattern.pattern for pattern in patterns if pattern.fullmatch("Nothing like this label")] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_guide_sends_anyone_to_the_admin_site(language):
    sources = {guide.slug: guide.path(language).read_text(encoding="utf-8") for guide in GUIDES}
    assert [slug for slug, source in sources.items() if "/admin" in source] == []
