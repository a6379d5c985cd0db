"""The shared corpus of real public documents (tests/corpus/, see its README), and a whole decree rebuilt
from it: the decree's body, signature and recipients followed by its annexes, as one .docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def with_annexes(main: str, *annexes: str, headed: bool = False) -> bytes:
    """``main`` with the body of each annex file appended after its signature, as a drafting team sends it.

    The annexes used here number their items by typing them (no numbering.xml references), so their
    paragraphs keep their meaning inside the decree's package. With ``headed``, each appended body is preceded
    by a "Phụ lục N" heading (whole documents attached as annexes, e.g. to build a code-sized draft).
    """
    data = (CORPUS / main).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = root.find(f"{W}body")
    section = body.find(f"{W}sectPr")
    for number, annex in enumerate(annexes, start=1):
        if headed:
            heading = etree.SubElement(etree.Element(f"{W}x"), f"{W}p")
            etree.SubElement(etree.SubElement(heading, f"{W}r"), f"{W}t").text = f"Phụ lục {number}"
            section.addprevious(heading)
        for child in _body((CORPUS / annex).read_bytes()):
            if child.tag != f"{W}sectPr":
                assert child.find(f".//{W}numPr") is None, "annex paragraphs must not rely on numbering.xml"
                section.addprevious(child)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
