"""The text a reader sees on a page, as a browser's innerText gives it: block elements start new lines."""

from __future__ import annotations

import re

import lxml.html

BLOCKS = {
    "p", "div", "br", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "table", "caption",
    "section", "ul", "ol", "blockquote", "thead", "tbody", "main", "header", "nav", "form", "fieldset", "legend",
}  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f]+")


def rendered_text(html: str) -> str:
    """Whitespace inside text collapsed as in normal flow; a line break around every block element."""
    root = lxml.html.fromstring(html)
    for hidden in root.xpath("//script|//style|//head|//*[contains(@class, 'visually-hidden')]"):
        hidden.drop_tree()
    pieces: list[str] = []

    def walk(element) -> None:
        block = isinstance(element.tag, str) and element.tag in BLOCKS
        if block:
            pieces.append("\n")
        if element.text:
            pieces.append(_SPACES.sub(" ", element.text))
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(_SPACES.sub(" ", child.tail))
        if block:
            pieces.append("\n")

    walk(root)
    lines = (line.strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)
