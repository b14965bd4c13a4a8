"""The help pages, in French and English, for every role; and the "Help for this page" link."""

import re
from html import unescape

import pytest

LANGUAGE_COOKIE = "django_language"


def text(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def links(html):
    return [(href, text(label)) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)]


def main(html):
    return html.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def header(html):
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


@pytest.fixture(params=["visitor", "outsider", "organiser"])
def anyone(request, client, login):
    user = None if request.param == "visitor" else request.getfixturevalue(request.param)
    return login(user)


def test_the_index_lists_the_three_guides_in_french(anyone):
    page = main(anyone.get("/aide/").content.decode())
    assert "<h1>Aide</h1>" in page
    assert [link for link in links(page) if link[0].startswith("/aide/")] == [
        ("/aide/candidats/", "Guide des candidats"),
        ("/aide/jury/", "Guide du jury"),
        ("/aide/organisation/", "Guide des organisateurs"),
    ]
    assert "Agents et élus d’un organisme" in text(page)


def test_the_index_in_english_follows_the_language_cookie(anyone):
    anyone.cookies[LANGUAGE_COOKIE] = "en"
    page = main(anyone.get("/aide/").content.decode())
    assert "<h1>Help</h1>" in page
    assert [link for link in links(page) if link[0].startswith("/aide/")] == [
        ("/aide/candidats/", "Guide for candidates"),
        ("/aide/jury/", "Guide for the jury"),
        ("/aide/organisation/", "Guide for organisers"),
    ]


def test_a_guide_has_its_title_a_table_of_contents_and_bold_labels(anyone):
    page = main(anyone.get("/aide/candidats/").content.decode())
    assert "<h1>Guide des candidats</h1>" in page
    contents = page.split('<nav class="help-toc', 1)[1].split("</nav>", 1)[0]
    assert links(contents)[:4] == [
        ("#le-label", "Le label en bref"),
        ("#criteres", "Lire les critères d’une édition"),
        ("#laureats", "Chercher parmi les lauréats"),
        ("#compte", "Créer un compte et se connecter"),
    ]
    assert '<h2 id="deposer">Déposer le dossier</h2>' in page
    assert '<strong class="ui-label">Déposer le dossier auprès du jury</strong>' in page


def test_a_guide_in_english_keeps_the_same_anchors(client):
    client.cookies[LANGUAGE_COOKIE] = "en"
    page = main(client.get("/aide/candidats/").content.decode())
    assert "<h1>Guide for candidates</h1>" in page
    assert '<h2 id="deposer">Submit the dossier</h2>' in page
    assert '<strong class="ui-label">Submit the dossier to the jury</strong>' in page


def test_an_unknown_guide_is_not_found(client):
    assert client.get("/aide/nothing/").status_code == 404


def test_the_header_links_to_the_help(client):
    assert ("/aide/", "Aide") in links(header(client.get("/territoires/").content.decode()))


def test_a_page_links_to_the_section_that_explains_it(client):
    page = header(client.get("/territoires/").content.decode())
    assert links(page)[-1] == ("/aide/candidats/#rejoindre", "Aide pour cette page")


def test_an_organiser_page_links_to_the_organisers_guide(client, organiser):
    client.force_login(organiser)
    client.cookies[LANGUAGE_COOKIE] = "en"
    page = header(client.get("/organisation/adhesions/").content.decode())
    assert links(page)[-1] == ("/aide/organisation/#demandes-adhesion", "Help for this page")


def test_the_help_pages_have_no_help_link_to_themselves(client):
    assert "Aide pour cette page" not in client.get("/aide/candidats/").content.decode()
