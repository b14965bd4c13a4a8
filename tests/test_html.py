"""The page reader of the tests (tests/html.py) reads what users see."""

import pytest

from tests.html import Page

HTML = """<!doctype html><html><head><title>Nancy (54)</title></head><body>
<nav><a href="/">Accueil</a></nav>
<main>
  <div class="messages"><p class="message message-success">Réponse enregistrée.</p></div>
  <h1>Nancy   (54)</h1>
  <table class="members"><caption>Membres</caption><tbody>
    <tr><td>Élise Élue</td><td>référente élue</td></tr>
    <tr><td>Théo Technicien</td><td>référent technique</td></tr>
  </tbody></table>
  <p id="score">Score global : 47,8&nbsp;%</p>
  <form><input type="hidden" name="csrfmiddlewaretoken" value="x">
    <input name="email" value="paul@nancy.fr"><textarea name="comment">
Voir l’annexe.</textarea>
    <select name="role"><option value="contributor" selected>contributeur</option><option value="x">y</option></select>
    <button>Inviter</button></form>
  <a href="/territoires/commune/54395/membres/">Voir les membres</a>
</main></body></html>"""


@pytest.fixture
def page():
    return Page(HTML)


def test_selectors_read_texts_inside_main(page):
    assert page.title == "Nancy (54)"
    assert page.select("h1") == ["Nancy (54)"]
    assert page.select("table.members td") == ["Élise Élue", "référente élue", "Théo Technicien", "référent technique"]
    # Text as the DOM's textContent: cells written without white space between them run together.
    assert page.select("tbody > tr") == ["Élise Élueréférente élue", "Théo Technicienréférent technique"]
    assert page.select("main > a") == ["Voir les membres"]
    assert page.select("form > a") == []
    assert page.text("#score") == "Score global : 47,8\u00a0%"
    assert page.select("input[name=email]") == [""]
    assert page.links("Accueil") == []  # outside <main>
    with pytest.raises(LookupError):
        page.text("h2")


def test_forms_links_messages_and_tables(page):
    assert page.fields() == ["email", "comment", "role"]
    assert (page.field_value("email"), page.field_value("comment"), page.field_value("role")) == (
        "paul@nancy.fr",
        "Voir l’annexe.",
        ["contributor"],
    )
    assert page.buttons() == ["Inviter"]
    assert page.links("Voir les membres") == ["/territoires/commune/54395/membres/"]
    assert page.messages() == [("success", "Réponse enregistrée.")]
    assert page.tables() == [("Membres", [["Élise Élue", "référente élue"], ["Théo Technicien", "référent technique"]])]
