"""Refuse hostile .docx (and other Office Open XML) files before any XML is parsed.

A .docx is a zip archive of XML parts. Checks, all on the zip's central directory so they cost nothing:
too many entries, too large once uncompressed, an entry compressed suspiciously well (a zip bomb), paths
escaping the archive. Then :func:`inspect_package`, the one inspection every upload point runs (draft import and
every other reading of a .docx through ``docx_reader``, reply letters kept as they are, uploaded workbooks): every XML
part, read or not ([Content_Types].xml, docProps/core.xml, customXml…), is refused if it declares a DOCTYPE or
entities (XXE, "billion laughs"), and the package is refused if a relationship makes Word fetch something from
another machine when the file is opened (a remote template, linked picture or object: tracking, NTLM hashes, remote
template injection). Hyperlinks, which only a click follows, and links to local files are kept. The lxml parser used
afterwards also never loads DTDs or resolves entities.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from commentsvc.drafts.model import (
    MSG_CORRUPT,
    MSG_ENCRYPTED,
    MSG_EXTERNAL_LINK,
    MSG_UNSAFE_XML,
    MSG_ZIP_BOMB,
    SplitError,
)

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


XML_SUFFIXES = (".xml", ".rels", ".vml")
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def check_package(data: bytes) -> None:
    """Refuse a package kept as it is (a reply letter): the archive checks, then :func:`inspect_package`."""
    with open_zip(data) as archive:
        inspect_package(archive)


def inspect_package(archive: zipfile.ZipFile) -> None:
    """Every XML part without DTD or entities, no relationship fetched from elsewhere on opening, else SplitError.

    Whoever opens the file later (Word, LibreOffice, openpyxl) gets a package the splitter would have accepted.
    """
    for info in archive.infolist():
        name = info.filename.lower()
        if not name.endswith(XML_SUFFIXES):
            continue
        part = read_part(archive, info.filename) or b""
        if declares_dtd(part):
            raise SplitError(MSG_UNSAFE_XML)
        if name.endswith(".rels") and any(_fetched_on_opening(rel) for rel in parse_xml(part)):
            raise SplitError(MSG_EXTERNAL_LINK)


def _fetched_on_opening(relationship: etree._Element) -> bool:
    if relationship.tag != RELATIONSHIPS_NS + "Relationship" or relationship.get("TargetMode") != "External":
        return False
    if relationship.get("Type", "").endswith("/hyperlink"):
        return False  # followed only when the reader clicks it
    return _is_remote(relationship.get("Target", ""))


def _is_remote(target: str) -> bool:
    """True for a target on another machine: a URL other than a local file, a file URL with a host, a UNC path."""
    target = target.strip().replace("\\", "/")
    scheme, colon, rest = target.partition(":")
    if colon and len(scheme) > 1:  # a URL ("C:/..." is a drive letter)
        if scheme.lower() != "file":
            return True
        target = rest
        if target.startswith("//"):
            host, _, path = target[2:].partition("/")
            if host.lower() not in ("", "localhost"):
                return True  # file://server/share/x.dotm
            target = "/" + path
    return target.startswith("//")  # \\server\share\x.dotm, file:////server/share


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML part safely (no DTD, no entities, no network) or raise :class:`SplitError`."""
    if declares_dtd(data):
        raise SplitError(MSG_UNSAFE_XML)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SplitError(MSG_CORRUPT) from exc
