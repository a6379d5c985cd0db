"""Refuse hostile .docx files before any XML is parsed.

A .docx is a zip archive of XML parts. Checks, all on the zip's central directory so they cost nothing:
too many entries, too large once uncompressed, an entry compressed suspiciously well (a zip bomb), paths
escaping the archive. XML parts are then read with a size cap and refused if they declare a DOCTYPE or
entities (XXE, "billion laughs"); the lxml parser used afterwards also never loads DTDs or resolves entities.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from commentsvc.drafts.model import MSG_CORRUPT, MSG_ENCRYPTED, MSG_UNSAFE_XML, MSG_ZIP_BOMB, SplitError

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024  # small parts may compress very well without being bombs
MAX_PART_SIZE = 64 * 1024 * 1024  # a 300-page draft has ~5-15 MB of document.xml

_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_blank_text=False
)


def _check_name(name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise SplitError(MSG_ZIP_BOMB)


def check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives that would take too much to unpack, judged by their declared sizes."""
    if len(infos) > MAX_ENTRIES:
        raise SplitError(MSG_ZIP_BOMB)
    total = 0
    for info in infos:
        _check_name(info.filename)
        total += info.file_size
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SplitError(MSG_ZIP_BOMB)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise SplitError(MSG_ZIP_BOMB)


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise SplitError(MSG_CORRUPT) from exc
    check_entries(archive.infolist())
    return archive


def read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of one part, or None when absent; never more than :data:`MAX_PART_SIZE` are inflated."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise SplitError(MSG_ENCRYPTED)
    if info.file_size > MAX_PART_SIZE:
        raise SplitError(MSG_ZIP_BOMB)
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_SIZE + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise SplitError(MSG_CORRUPT) from exc
    if len(data) > MAX_PART_SIZE:
        raise SplitError(MSG_ZIP_BOMB)
    return data


def declares_dtd(data: bytes) -> bool:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    lowered = data.lower()
    return b"<!doctype" in lowered or b"<!entity" in lowered


def check_package(data: bytes) -> None:
    """Refuse a .docx kept as it is (a reply letter): the archive checks, then no XML part may declare a DTD.

    Nothing here parses the XML; whoever opens the file later (Word, LibreOffice) gets a package the splitter
    would have accepted.
    """
    with open_zip(data) as archive:
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels")) and declares_dtd(read_part(archive, info.filename)):
                raise SplitError(MSG_UNSAFE_XML)


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML part safely (no DTD, no entities, no network) or raise :class:`SplitError`."""
    if declares_dtd(data):
        raise SplitError(MSG_UNSAFE_XML)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SplitError(MSG_CORRUPT) from exc
