"""Read what a user sees on a page: headings, tables, facts, form values, without a browser."""

import re
from html.parser import HTMLParser

_SPACES = re.compile(r"[ \t\n\r\f]+")


class _Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self):
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        # Collapse HTML white space but keep no-break spaces (thousands separators) as users see them.
        return _SPACES.sub(" ", "".join(parts)).strip(" ")

    def find_all(self, tag=None, **attrs):
        for child in self.children:
            if isinstance(child, _Node):
                if (tag is None or child.tag == tag) and all(
                    value in child.attrs.get(name.rstrip("_"), "").split()
                    if name == "class_"
                    else child.attrs.get(name) == value
                    for name, value in attrs.items()
                ):
                    yield child
                yield from child.find_all(tag, **attrs)


_VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "base", "wbr"}


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = _Node("root", [], None)

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


class Page:
    def __init__(self, response):
        builder = _Builder()
        builder.feed(response.content.decode())
        self.root = builder.root
        self.main = next(self.root.find_all("main"))

    @property
    def title(self):
        return next(self.root.find_all("title")).text

    def texts(self, tag, **attrs):
        return [node.text for node in self.main.find_all(tag, **attrs)]

    def tables(self):
        """[(caption, [[cell text, …] per body row])]"""
        result = []
        for table in self.main.find_all("table"):
            caption = next(table.find_all("caption")).text
            rows = [
                [cell.text for cell in row.children if isinstance(cell, _Node)]
                for row in next(table.find_all("tbody")).find_all("tr")
            ]
            result.append((caption, rows))
        return result

    def facts(self):
        """{term: definition} of every <dl class="facts">."""
        facts = {}
        for dl in self.main.find_all("dl", class_="facts"):
            terms = [node for node in dl.children if isinstance(node, _Node)]
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

    def checked(self, name):
        return [node.attrs["value"] for node in self.main.find_all("input", name=name) if "checked" in node.attrs]

    def links(self, text):
        """The targets of the links whose text is `text`."""
        return [a.attrs["href"] for a in self.main.find_all("a") if a.text == text]

    def buttons(self):
        return [button.text for button in self.main.find_all("button")]

    def errors(self):
        """(entries of the error summary, errors shown next to the fields)"""
        summary = [li.text for div in self.main.find_all("div", id="error-summary") for li in div.find_all("li")]
        return summary, self.texts("ul", class_="errorlist")
