"""A plain XLSX written straight as XML (pure): many rows of values, fast, no formulas ever.

openpyxl spends about 30 µs per cell; a consolidation of 90 agencies × 200 rows × 10 columns has a quarter of a
million cells. Here a row is one string join. Text is an inline string (``t="inlineStr"``), so nothing an agency
typed can become a formula; text that looks like one also gets Excel's quote prefix (see core/xlsx.py), so editing
the cell in Excel does not turn it into one. Numbers are numbers, dates are dates (dd/mm/yyyy), None is no cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from commentsvc.core.text import xml_safe
from commentsvc.core.xlsx import EXCEL_CELL_LIMIT, looks_like_formula
from commentsvc.synthesis.ooxml import StampedZip

PLAIN, BOLD, DATE, QUOTED = 0, 1, 2, 3
_EPOCH = date(1899, 12, 30).toordinal()


@dataclass
class Sheet:
    title: str
    rows: list[str] = field(default_factory=list)  # finished <row> elements
    widths: Sequence[float] = ()

    def append(self, values: Iterable, bold: bool = False) -> None:
        number = len(self.rows) + 1
        cells = [_cell(f"{get_column_letter(index)}{number}", value, bold) for index, value in enumerate(values, 1)]
        self.rows.append(f'<row r="{number}">{"".join(cell for cell in cells if cell)}</row>')


def _cell(ref: str, value, bold: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{BOLD if bold else PLAIN}"><v>{value!r}</v></c>'
    if isinstance(value, date | datetime):
        day = value.date() if isinstance(value, datetime) else value
        return f'<c r="{ref}" s="{DATE}"><v>{day.toordinal() - _EPOCH}</v></c>'
    text = xml_safe(str(value))[:EXCEL_CELL_LIMIT]
    style = BOLD if bold else (QUOTED if looks_like_formula(text) else PLAIN)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font>'
    '<font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _sheet_xml(sheet: Sheet) -> str:
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>' for n, width in enumerate(sheet.widths, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
        + "".join(sheet.rows)
        + "</sheetData></worksheet>"
    )


def to_bytes(sheets: Sequence[Sheet], on: date, title: str = "") -> bytes:
    """The workbook of ``sheets`` (titles unique, at most 31 characters), every zip entry stamped ``on``."""
    output = io.BytesIO()
    with StampedZip(output, on) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' + overrides + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/></Relationships>',
        )
        stamp = f"{on.isoformat()}T00:00:00Z"
        archive.writestr(
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(xml_safe(title))}</dc:title>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
        )
        names = "".join(
            f'<sheet name={quoteattr(xml_safe(sheet.title)[:31])} sheetId="{n}" r:id="rId{n}"/>'
            for n, sheet in enumerate(sheets, 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{names}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        styles_id = len(sheets) + 1
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">{relations}'
            f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", _sheet_xml(sheet).encode("utf-8"))
    return output.getvalue()
