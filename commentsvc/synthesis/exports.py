"""The synthesis files of a consultation: bytes from the exporters, named by naming.py (views and CLI share it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from commentsvc.consultations.models import Consultation
from commentsvc.core import clock
from commentsvc.synthesis.export_docx import to_docx
from commentsvc.synthesis.export_pdf import to_pdf
from commentsvc.synthesis.export_xlsx import to_xlsx
from commentsvc.synthesis.loading import synthesis_for
from commentsvc.synthesis.naming import export_filename

FORMATS = {
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (to_pdf, "application/pdf"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def today() -> date:
    """The date printed on the synthesis: today in Asia/Ho_Chi_Minh."""
    return clock.to_local(clock.now_utc()).date()


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    filename: str
    media_type: str
    undecided: int = 0  # rows printed "Chưa xử lý": whoever hands the file out warns about them


def export_synthesis(
    consultation: Consultation,
    fmt: str,
    *,
    on: date,
    hide_uncommented: bool = False,
    with_previous: bool | None = None,
    user=None,
) -> ExportFile:
    """The synthesis as ``fmt`` (docx, pdf or xlsx) dated ``on``: the same data and date give the same bytes.

    ``with_previous``: part II on the previous round's comments (None: when that round had any). It may store
    the clause mapping, so the caller commits.
    """
    exporter, media_type = FORMATS[fmt]
    synthesis = synthesis_for(
        consultation, on=on, hide_uncommented=hide_uncommented, with_previous=with_previous, user=user
    )
    filename = export_filename(synthesis.draft_title, synthesis.round_number, on, fmt)
    return ExportFile(exporter(synthesis), filename, media_type, synthesis.undecided)


def content_disposition(filename: str) -> str:
    """Attachment header with an ASCII name and its RFC 5987 twin (names from naming.py are ASCII already)."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
