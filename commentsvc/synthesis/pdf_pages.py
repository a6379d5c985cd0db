"""Joining the separately rendered parts of a long PDF and printing its page numbers, with pypdf.

The synthesis table is laid out in parts, possibly in parallel processes (see export_pdf), so no part knows on which
page it starts. The parts are rendered without page numbers; once they are joined, every page but the first gets
its number drawn as WeasyPrint draws one: a probe document, rendered by WeasyPrint from the same @page rules, prints
PROBE_TEXT in the page-number box of each page size, and its content stream is replayed on each page with the digits
of that page's number instead, shifted to stay centred where WeasyPrint centred the probe. The digits are placed at
their own widths, so the probe must not kern or space them (it is refused if it does).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

PROBE_TEXT = "0123456789"
# Resource names of the number's font and graphics states on every page; WeasyPrint never uses these names.
FONT_NAME = "/PageNumberFont"
STATE_PREFIX = "/PageNumberState"


class ProbeError(ValueError):
    """The probe document is not the one line of digits per page that the stamping expects."""


@dataclass(frozen=True)
class PageNumberStyle:
    """How the page number is drawn on pages of one size, read from the probe's page of that size."""

    before: bytes  # the probe's content stream up to the text-showing operator
    after: bytes  # and after it
    codes: dict[str, bytes]  # each digit's glyph code in the probe's font
    widths: dict[str, float]  # each digit's advance, in thousandths of the font size
    probe_width: float  # the advance of the whole probe text
    font: IndirectObject  # the probe's font (a subset holding the digits)
    states: dict[str, object]  # graphics states the stream uses (references or dictionaries), by their new names

    def stream(self, number: int) -> bytes:
        """The content stream that draws `number` centred where the probe text was, leaving the page's state as is."""
        digits = str(number)
        shift = (self.probe_width - sum(self.widths[digit] for digit in digits)) / 2
        codes = b"".join(self.codes[digit] for digit in digits).hex().encode()
        # In a TJ array a negative number moves the next glyph right, in thousandths of the font size.
        show = b"[%s <%s>] TJ\n" % (f"{-shift:.3f}".encode(), codes)
        return b"q\n" + self.before + show + self.after + b"Q\n"


def page_size(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def read_probe(probe: bytes) -> dict[tuple[float, float], PageNumberStyle]:
    """The page-number style of each page size in the probe document, by (width, height) in points."""
    reader = PdfReader(io.BytesIO(probe))
    return {page_size(page): _style(page, reader) for page in reader.pages}


def _style(page, reader: PdfReader) -> PageNumberStyle:
    operations = ContentStream(page.get_contents(), reader).operations
    shows = [index for index, (_, operator) in enumerate(operations) if operator in (b"TJ", b"Tj", b"'", b'"')]
    if len(shows) != 1 or operations[shows[0]][1] != b"TJ":
        raise ProbeError(f"expected one TJ operator, found {len(shows)} text operators")
    resources = page["/Resources"].get_object()
    fonts, states, renamed = [], {}, []
    for operands, operator in operations:
        if operator == b"Tf":
            fonts.append(resources["/Font"].get_object()[operands[0]])
            operands = [NameObject(FONT_NAME), operands[1]]
        elif operator == b"gs":
            name = NameObject(f"{STATE_PREFIX}{len(states)}")
            states[name] = resources["/ExtGState"].get_object()[operands[0]]
            operands = [name]
        elif operator in (b"Do", b"sh", b"BDC", b"DP", b"cs", b"CS", b"scn", b"SCN"):
            raise ProbeError(f"unexpected operator {operator!r} in the probe")
        renamed.append((operands, operator))
    if len(fonts) != 1:
        raise ProbeError(f"expected one font, found {len(fonts)}")
    text, adjusted = _shown_codes(operations[shows[0]][0][0])
    if adjusted:
        raise ProbeError("the probe text must be drawn without kerning or letter spacing")
    font = fonts[0].get_object()
    widths = _widths(font)
    if len(text) != 2 * len(PROBE_TEXT):
        raise ProbeError("expected one two-byte glyph code per probe character")
    codes = {char: text[2 * i : 2 * i + 2] for i, char in enumerate(PROBE_TEXT)}
    digit_widths = {char: widths(code) for char, code in codes.items()}
    return PageNumberStyle(
        before=_serialise(renamed[: shows[0]], reader),
        after=_serialise(renamed[shows[0] + 1 :], reader),
        codes=codes,
        widths=digit_widths,
        probe_width=sum(digit_widths.values()),
        font=fonts[0],
        states=states,
    )


def _shown_codes(array: ArrayObject) -> tuple[bytes, bool]:
    """The glyph codes a TJ array shows, and whether it moves any glyph from its place."""
    codes, adjusted = b"", False
    for item in array:
        if isinstance(item, NumberObject | float):
            adjusted = adjusted or float(item) != 0
        else:  # a string, which pypdf may have decoded as text: its bytes as written
            codes += item.original_bytes
    return codes, adjusted


def _widths(font: DictionaryObject):
    """A function giving a glyph code's advance (thousandths of the font size) in a Type0 font with a /W array."""
    descendant = font["/DescendantFonts"][0].get_object()
    default = float(descendant.get("/DW", 1000))
    table: dict[int, float] = {}
    items = list(descendant.get("/W", ArrayObject()))
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1].get_object()
        if isinstance(following, ArrayObject):  # first [w1 w2 …]
            table.update({first + offset: float(width) for offset, width in enumerate(following)})
            index += 2
        else:  # first last w
            table.update({cid: float(items[index + 2]) for cid in range(first, int(following) + 1)})
            index += 3
    return lambda code: table.get(int.from_bytes(code, "big"), default)


def _serialise(operations: list, reader: PdfReader) -> bytes:
    stream = ContentStream(None, reader)
    stream.operations = operations
    return stream.get_data()


def join(parts: list[bytes], probe: bytes, *, first_numbered: int = 2) -> bytes:
    """One PDF of the parts' pages in order, numbered from page `first_numbered` on (the first page carries none).

    The document information and language are the first part's."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(part)) for part in parts]
    for reader in readers:
        writer.append(reader)
    writer.add_metadata(readers[0].metadata or {})
    language = readers[0].trailer["/Root"].get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    _number_pages(writer, read_probe(probe), first_numbered)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _number_pages(writer: PdfWriter, styles: dict[tuple[float, float], PageNumberStyle], first_numbered: int) -> None:
    # The probe's font and graphics states, copied into the output once and shared by every page.
    copied: dict[int, tuple[IndirectObject, dict[str, IndirectObject]]] = {}
    for number, page in enumerate(writer.pages, start=1):
        if number < first_numbered:
            continue
        style = styles.get(page_size(page))
        if style is None:
            raise ProbeError(f"no page-number style for a page of size {page_size(page)}")
        if id(style) not in copied:
            copied[id(style)] = (
                _copy(style.font, writer),
                {name: _copy(state, writer) for name, state in style.states.items()},
            )
        font, states = copied[id(style)]
        resources = _own(page, "/Resources")  # pypdf's reader gives every page its inherited resources
        _own(resources, "/Font")[NameObject(FONT_NAME)] = font
        if states:
            _own(resources, "/ExtGState").update({NameObject(name): state for name, state in states.items()})
        stamp = DecodedStreamObject()
        stamp.set_data(style.stream(number))
        contents = page.get("/Contents")
        previous = [] if contents is None else _contents_array(contents)
        # Drawn first, so that the page's own stream (which leaves its coordinate system flipped) runs unchanged.
        # (pypdf has no public way to add a new stream object; _add_object is what its own page methods use.)
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(stamp.flate_encode()), *previous])


def _copy(value, writer: PdfWriter):
    """`value` cloned into the writer: a reference to the copy if it was an indirect object, else the copy itself."""
    copy = value.get_object().clone(writer)
    return getattr(copy, "indirect_reference", None) or copy


def _own(holder: DictionaryObject, key: str) -> DictionaryObject:
    """`holder[key]` as a shallow copy of its own, so that dictionaries shared with other pages stay as they are."""
    current = holder.get(key)
    own = DictionaryObject(current.get_object()) if current is not None else DictionaryObject()
    holder[NameObject(key)] = own
    return own


def _contents_array(contents) -> list:
    value = contents.get_object()
    return list(value) if isinstance(value, ArrayObject) else [contents]
