"""Read what a user sees on a page, without a browser: headings, texts by selector, links, tables,
facts, form fields, error lists and the messages shown above the content.

    page = Page(client.get(url))          # reads inside <main> (page.root for the whole document)
    page.texts("h1")                      # ["Nancy (54)"]
    page.select("table.members td")       # text of each element matching a small CSS selector
    page.links("Voir les membres")        # targets of the links with that text
    page.field_value("email")             # what a form field holds, as the browser would send it
    page.messages()                       # [("success", "…")]: the messages shown on the page
    page.errors()                         # (error summary entries, errors next to fields)
    fragment(response)                    # an htmx answer (no <main>) read as a page
    messages_of(response)                 # the messages queued for the next page (Django's messages)
    links_in(email)                       # the addresses in a plain e-mail body
    client_for(user, "en")                # a new client logged in as user, reading English
    count_queries(client, url)            # how many queries the page takes

Text is white space collapsed as a browser shows it; no-break spaces (thousands separators, before
"%" or ":" in French) are kept, so literals write them as "\\u00a0" or "\\u202f".
"""

import re
from html.parser import HTMLParser

_SPACES = re.compile(r"[ \t\n\r\f]+")
_VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "base", "wbr"}
# One compound selector: tag, #id, .class and [attr] / [attr=value] parts, in any order after the tag.
_COMPOUND = re.compile(
    r"^(?P<tag>[a-z][a-z0-9-]*|\*)?(?P<rest>(?:[#.][\w-]+|\[[\w-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\]]*))?\])*)$"
)
_PART = re.compile(r"[#.][\w-]+|\[([\w-]+)(?:=(\"[^\"]*\"|'[^']*'|[^\]]*))?\]")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self):
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        # Collapse HTML white space but keep no-break spaces (thousands separators) as users see them.
        return _SPACES.sub(" ", "".join(parts)).strip(" ")

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag=None, **attrs):
        """Descendants with this tag and these attributes (`class_` matches one of the classes)."""
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(
                    value in child.classes if name == "class_" else child.attrs.get(name) == value
                    for name, value in attrs.items()
                ):
                    yield child
                yield from child.find_all(tag, **attrs)

    def select(self, selector):
        """Descendants matching a small CSS selector: compounds of tag, #id, .class, [attr], [attr=value],
        joined by spaces (descendant) or ">" (child). E.g. "table.members tbody > tr", "input[name=email]"."""
        steps = _parse(selector)
        return [node for node in self._descendants() if _matches(node, steps)]

    def select_one(self, selector):
        found = self.select(selector)
        if not found:
            raise LookupError(f"nothing matches {selector!r}")
        return found[0]

    def _descendants(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child._descendants()


def _parse(selector):
    tokens = selector.replace(">", " > ").split()
    steps, combinator = [], " "
    for token in tokens:
        if token == ">":
            combinator = ">"
            continue
        match = _COMPOUND.match(token)
        if not match:
            raise ValueError(f"unsupported selector {token!r}")
        conditions = []
        for part in _PART.finditer(match["rest"]):
            text = part.group(0)
            if text[0] == "#":
                conditions.append(("id", text[1:]))
            elif text[0] == ".":
                conditions.append(("class", text[1:]))
            else:
                value = part.group(2)
                conditions.append(("attr", part.group(1), None if value is None else value.strip("\"'")))
        steps.append((combinator, match["tag"] if match["tag"] not in (None, "*") else None, conditions))
        combinator = " "
    return steps


def _compound_matches(node, tag, conditions):
    if tag is not None and node.tag != tag:
        return False
    for condition in conditions:
        if condition[0] == "id" and node.attrs.get("id") != condition[1]:
            return False
        if condition[0] == "class" and condition[1] not in node.classes:
            return False
        if condition[0] == "attr":
            _, name, value = condition
            if name not in node.attrs or (value is not None and node.attrs[name] != value):
                return False
    return True


def _matches(node, steps):
    """Whether `node` matches the last step and its ancestors match the steps before, right to left."""
    combinator, tag, conditions = steps[-1]
    if not isinstance(node, Node) or node.tag == "root" or not _compound_matches(node, tag, conditions):
        return False
    if len(steps) == 1:
        return True
    parent = node.parent
    if combinator == ">":
        return parent is not None and _matches(parent, steps[:-1])
    while parent is not None:
        if _matches(parent, steps[:-1]):
            return True
        parent = parent.parent
    return False


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("root", [], None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    """The document tree of an HTML string (a `Node` whose tag is "root")."""
    builder = _Builder()
    builder.feed(html)
    return builder.root


class Page:
    """A response (or an HTML string) as read by a user; the queries look inside <main>."""

    def __init__(self, response):
        html = response if isinstance(response, str) else response.content.decode()
        self.root = parse(html)
        self.main = next(self.root.find_all("main"))

    @property
    def title(self):
        return next(self.root.find_all("title")).text

    def texts(self, tag, **attrs):
        return [node.text for node in self.main.find_all(tag, **attrs)]

    def select(self, selector):
        """The text of each element of <main> matching a small CSS selector (see `Node.select`)."""
        return [node.text for node in self.main.select(selector)]

    def text(self, selector):
        """The text of the first element of <main> matching `selector` (LookupError when none)."""
        return self.main.select_one(selector).text

    def tables(self):
        """[(caption, [[cell text, …] per body row])]"""
        result = []
        for table in self.main.find_all("table"):
            caption = next(table.find_all("caption")).text
            rows = [
                [cell.text for cell in row.children if isinstance(cell, Node)]
                for row in next(table.find_all("tbody")).find_all("tr")
            ]
            result.append((caption, rows))
        return result

    def facts(self):
        """{term: definition} of every <dl class="facts">."""
        facts = {}
        for dl in self.main.find_all("dl", class_="facts"):
            terms = [node for node in dl.children if isinstance(node, Node)]
            facts.update({dt.text: dd.text for dt, dd in zip(terms[::2], terms[1::2], strict=True)})
        return facts

    def field_value(self, name):
        for node in self.main.find_all(name=name):
            if node.tag == "textarea":
                # Browsers drop the newline that opens a textarea.
                return "".join(c for c in node.children if isinstance(c, str)).removeprefix("\n")
            if node.tag == "select":
                return [opt.attrs.get("value") for opt in node.find_all("option") if "selected" in opt.attrs]
            return node.attrs.get("value")
        raise KeyError(name)

    def fields(self):
        """The names of the form fields of <main>, in page order (hidden ones and the CSRF token left out)."""
        names = []
        for node in self.main._descendants():
            if node.tag in ("input", "select", "textarea") and node.attrs.get("type") != "hidden":
                name = node.attrs.get("name")
                if name and name not in names:
                    names.append(name)
        return names

    def checked(self, name):
        return [node.attrs["value"] for node in self.main.find_all("input", name=name) if "checked" in node.attrs]

    def links(self, text=None):
        """The targets of the links whose text is `text`; with no text, [(text, target)] of every link."""
        if text is None:
            return [(a.text, a.attrs.get("href")) for a in self.main.find_all("a")]
        return [a.attrs["href"] for a in self.main.find_all("a") if a.text == text]

    def buttons(self):
        return [button.text for button in self.main.find_all("button")]

    def messages(self):
        """[(level, text)] of the messages shown above the content ("success", "info", "warning", "error")."""
        shown = []
        for node in self.main.find_all("p", class_="message"):
            levels = [c.removeprefix("message-") for c in node.classes if c.startswith("message-")]
            shown.append((levels[0] if levels else "", node.text))
        return shown

    def errors(self):
        """(entries of the error summary, errors shown next to the fields)"""
        summary = [li.text for div in self.main.find_all("div", id="error-summary") for li in div.find_all("li")]
        return summary, self.texts("ul", class_="errorlist")


def fragment(response):
    """An htmx answer has no <main>: read it as a page whose main is the whole fragment."""
    return Page("<main>" + response.content.decode() + "</main>")


def messages_of(response):
    """[(level, text)] of the messages queued by the request (shown on the next page)."""
    from django.contrib.messages import get_messages

    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def links_in(message):
    """The web addresses in the plain-text body of an e-mail."""
    return re.findall(r"https?://\S+", message.body)


def client_for(user, language=None):
    """A new client, logged in as `user` (unless None), reading pages in `language` (the site's default if None)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def count_queries(client, url):
    """How many database queries showing `url` takes (the page must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
