"""What each kind of job makes: its title, who may read it, and how a worker prepares it.

`prepare` runs in the worker with the database at hand and returns a `Prepared`: the file's name and type, the
fingerprint of the content it will show ("" when not worth caching) and either `render` (the whole file in one go)
or `parts` (a PDF laid out in parts that workers render separately and the last one joins).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for

from commentsvc.accounts.models import User
from commentsvc.consultations.models import Consultation
from commentsvc.core.db import db
from commentsvc.jobs import imports
from commentsvc.jobs.models import Job

PDF_FORMAT_VERSION = "1"  # bump when the joining or numbering of parts changes, so stored results are not reused


@dataclass(frozen=True)
class Prepared:
    filename: str
    media_type: str
    fingerprint: str = ""
    render: Callable[[], bytes] | None = None
    parts: list[str] | None = None  # the HTML documents of a PDF's parts, in order


def team_reads(user, job: Job) -> bool:
    """The drafting team's jobs: drafters of the job's drafting unit."""
    return bool(getattr(user, "is_drafter", False)) and user.drafting_unit_id == job.drafting_unit_id


def _consultation_page(job: Job) -> tuple[str, str]:
    consultation = _consultation(job)
    endpoint = "synthesis.index" if job.kind.startswith("synthesis.") else "tracking.board"
    return url_for(endpoint, consultation_id=consultation.id), consultation.title


@dataclass(frozen=True)
class Kind:
    title: str  # what is being made, shown on the job page
    extension: str
    prepare: Callable[[Job], Prepared] | None = None
    # A cheap fingerprint of everything the file is made from (read by SQL, nothing laid out): the same one as an
    # earlier job's serves that job's stored file without calling `prepare`.
    source: Callable[[Job], str] | None = None
    may_read: Callable[[object, Job], bool] = team_reads  # who may see the job and its result
    page: Callable[[Job], tuple[str, str]] = _consultation_page  # the page it was asked from, and what it is about
    # An import: `run` makes its result in the worker and returns its reference (Job.result_ref), and `landing`
    # gives the page of that result, where the job page leads when it is done; `prepare` is then unused.
    run: Callable[[Job], str] | None = None
    landing: Callable[[Job], str] | None = None


def digest(*texts: str) -> str:
    hasher = hashlib.sha256()
    for text in texts:
        hasher.update(text.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def may_read(user, job: Job) -> bool:
    return KINDS[job.kind].may_read(user, job)


def _consultation(job: Job) -> Consultation:
    return db.session.get(Consultation, job.consultation_id)


def _synthesis(job: Job):
    from commentsvc.synthesis.loading import synthesis_for

    params = job.params
    return synthesis_for(
        _consultation(job),
        on=date.fromisoformat(params["on"]),
        hide_uncommented=bool(params.get("hide")),
        with_previous=params.get("previous"),
        user=db.session.get(User, job.user_id) if job.user_id else None,
    )


def _synthesis_file(fmt: str) -> Callable[[Job], Prepared]:
    def prepare(job: Job) -> Prepared:
        from commentsvc.synthesis import export_pdf
        from commentsvc.synthesis.exports import FORMATS
        from commentsvc.synthesis.naming import export_filename

        synthesis = _synthesis(job)
        exporter, media_type = FORMATS[fmt]
        filename = export_filename(synthesis.draft_title, synthesis.round_number, synthesis.generated_on, fmt)
        if fmt == "pdf":
            parts = export_pdf.part_htmls(synthesis, current_app.config["PDF_CHUNK_ROWS"])
            fingerprint = digest("pdf", PDF_FORMAT_VERSION, *(digest(html) for html in parts))
            return Prepared(filename, media_type, fingerprint, parts=parts)
        # The synthesis is frozen dataclasses all the way down: its repr is the content, in order.
        return Prepared(filename, media_type, digest(fmt, repr(synthesis)), render=lambda: exporter(synthesis))

    return prepare


def _synthesis_source(fmt: str) -> Callable[[Job], str]:
    def source(job: Job) -> str:
        from commentsvc.core.clock import now_utc
        from commentsvc.synthesis.fingerprint import source_fingerprint
        from commentsvc.synthesis.loading import previous_round_of

        consultation = _consultation(job)
        user = db.session.get(User, job.user_id) if job.user_id else None
        previous = previous_round_of(consultation, include=job.params.get("previous"), user=user)
        options = json.dumps(job.params, sort_keys=True)
        layout = f"{PDF_FORMAT_VERSION}:{current_app.config['PDF_CHUNK_ROWS']}"
        return source_fingerprint(consultation, now_utc(), fmt, options, layout, repr(previous))

    return source


def _tracking_workbook(job: Job) -> Prepared:
    from commentsvc.consultations import tracking
    from commentsvc.consultations.tracking_xlsx import to_xlsx
    from commentsvc.core.clock import now_utc

    consultation = _consultation(job)
    board = tracking.board(consultation, now_utc())
    return Prepared(
        f"theo-doi-tra-loi-{consultation.id}.xlsx", XLSX_TYPE, render=lambda: to_xlsx(board, consultation.title)
    )


def _reminder_letter(job: Job) -> Prepared:
    from commentsvc.consultations import tracking
    from commentsvc.consultations.reminder_letter import letter_for, to_docx
    from commentsvc.core.clock import now_utc

    consultation = _consultation(job)
    addressees = tracking.letter_addressees(consultation, now_utc())
    letter = letter_for(consultation, addressees, date.fromisoformat(job.params["on"]))
    return Prepared(f"cong-van-don-doc-{consultation.id}.docx", DOCX_TYPE, render=lambda: to_docx(letter))


def _report_request(job: Job):
    from commentsvc.reports.models import ReportRequest

    return db.session.get(ReportRequest, job.report_request_id)


def _report_file(fmt: str) -> Callable[[Job], Prepared]:
    def prepare(job: Job) -> Prepared:
        from commentsvc.reports import results

        request = _report_request(job)
        made_of = results.contents(request)  # read now, before the runner checks that the sources did not change
        on = date.fromisoformat(job.params["on"])
        return Prepared(
            results.filename(request, fmt),
            results.MEDIA_TYPES[fmt],
            render=lambda: results.render(request, made_of, fmt, on),
        )

    return prepare


def _report_source(fmt: str) -> Callable[[Job], str]:
    def source(job: Job) -> str:
        from commentsvc.core.clock import now_utc
        from commentsvc.reports.fingerprint import source_fingerprint

        return source_fingerprint(
            _report_request(job), now_utc(), f"report.{fmt}", json.dumps(job.params, sort_keys=True)
        )

    return source


def _report_page(job: Job) -> tuple[str, str]:
    request = _report_request(job)
    return url_for("report_results.consolidation", request_id=request.id), request.title


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

KINDS = {
    "synthesis.pdf": Kind("Bản tổng hợp ý kiến (PDF)", "pdf", _synthesis_file("pdf"), _synthesis_source("pdf")),
    "synthesis.docx": Kind("Bản tổng hợp ý kiến (Word)", "docx", _synthesis_file("docx"), _synthesis_source("docx")),
    "synthesis.xlsx": Kind("Bản tổng hợp ý kiến (Excel)", "xlsx", _synthesis_file("xlsx"), _synthesis_source("xlsx")),
    "tracking.xlsx": Kind("Bảng theo dõi trả lời (Excel)", "xlsx", _tracking_workbook),
    "tracking.letter": Kind("Công văn đôn đốc (Word)", "docx", _reminder_letter),
    "report.xlsx": Kind(
        "Tổng hợp báo cáo (Excel)", "xlsx", _report_file("xlsx"), _report_source("xlsx"), page=_report_page
    ),
    "report.docx": Kind(
        "Tổng hợp báo cáo (Word)", "docx", _report_file("docx"), _report_source("docx"), page=_report_page
    ),
    "report.pdf": Kind("Tổng hợp báo cáo (PDF)", "pdf", _report_file("pdf"), _report_source("pdf"), page=_report_page),
    "draft.import": Kind(
        "Đọc và tách dự thảo", "", run=imports.split_draft, landing=imports.draft_preview, page=imports.draft_page
    ),
    "letter.read": Kind(
        "Đọc công văn góp ý",
        "",
        run=imports.read_team_letter,
        landing=imports.team_letter_review,
        page=imports.team_letter_page,
    ),
    "letter.read_agency": Kind(
        "Đọc công văn góp ý",
        "",
        run=imports.read_agency_letter,
        landing=imports.agency_letter_review,
        page=imports.agency_letter_page,
        may_read=imports.agency_reads,
    ),
}
