"""Markdown guides to HTML: raw HTML off, stable heading anchors, a table of contents, UI labels.

Two additions to CommonMark, both small:

- `## Title {#anchor}`: the heading's anchor, written by hand so that it stays the same when the
  title is reworded, and the same in every language (the per-page help links point at them).
  A heading without one gets an anchor made from its words.
- `[[Label]]`: the label of a button, menu or link exactly as the interface shows it, rendered
  in bold. The tests check every such label exists among the interface's strings.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")
UI_LABEL = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    title: str
    headings: list  # of Heading, levels 2 and 3: the table of contents
    ui_labels: list  # of str, in the order they appear
    links: list  # of str, every link target


def slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def ui_label_rule(state, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = UI_LABEL.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("ui_label", "strong", 0)
        token.content = match.group(1).strip()
    state.pos = match.end()
    return True


def render_ui_label(self, tokens, idx, options, env):
    from markdown_it.common.utils import escapeHtml

    return f'<strong class="ui-label">{escapeHtml(tokens[idx].content)}</strong>'


def heading_anchors(state):
    """Give every heading an id: its `{#anchor}` (removed from the text), or one from its words."""
    used = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        match = ANCHOR.search(inline.content)
        if match:
            anchor = match.group(1)
            inline.content = inline.content[: match.start()]
            last = inline.children[-1] if inline.children else None
            if last is not None and last.type == "text":
                last.content = ANCHOR.sub("", last.content)
        else:
            anchor = slugify(inline.content)
        base, number = anchor, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        token.attrSet("id", anchor)


@cache
def parser():
    """The guides' Markdown parser, made when a guide is first rendered (markdown-it is not loaded
    in a worker that never shows one)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.inline.ruler.before("link", "ui_label", ui_label_rule)
    md.add_render_rule("ui_label", render_ui_label)
    md.core.ruler.push("heading_anchors", heading_anchors)
    return md


def plain_text(inline):
    parts = []
    for child in inline.children or []:
        if child.type in {"text", "code_inline"} or child.type == "ui_label":
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return "".join(parts).strip()


def render(source):
    md = parser()
    tokens = md.parse(source)
    title, headings, labels, links = "", [], [], []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            text = plain_text(tokens[index + 1])
            if level == 1 and not title:
                title = text
            elif level in (2, 3):
                headings.append(Heading(level, token.attrGet("id"), text))
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "ui_label":
                    labels.append(child.content)
                elif child.type == "link_open":
                    links.append(child.attrGet("href"))
    # The title is the page's <h1>, written by the template above the table of contents.
    body = tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            body = tokens[:index] + tokens[index + 3 :]
            break
    return Rendered(md.renderer.render(body, md.options, {}), title, headings, labels, links)
