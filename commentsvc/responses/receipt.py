"""The receipt (phiếu xác nhận) of a submitted reply: shown on screen, downloadable as plain text or DOCX.

Pure: built from a Reply's attributes, imports no Flask.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.shared import Pt

from commentsvc.core.clock import format_local
from commentsvc.core.text import xml_safe
from commentsvc.responses.models import Reply

GENERAL = "Ý kiến chung"


@dataclass(frozen=True)
class ReceiptComment:
    ref: str  # the clause's citation, or GENERAL
    text: str
    proposed_wording: str


@dataclass(frozen=True)
class Receipt:
    consultation_title: str
    round_number: int
    agency_name: str
    submitted_at: datetime
    submitter: str
    entered_by_team: bool
    received_at: datetime | None
    is_late: bool
    position_label: str
    reason: str
    letter_number: str
    letter_date: date | None
    letter_signer: str
    attachment_name: str
    comment_count: int
    general_count: int
    per_clause: tuple[tuple[str, int], ...]  # (citation, number of comments), in the draft's order
    comments: tuple[ReceiptComment, ...] = ()  # every comment sent, general ones first, then in the draft's order

    @property
    def clause_count(self) -> int:
        return len([ref for ref, _ in self.per_clause if ref != GENERAL])


def build_receipt(reply: Reply) -> Receipt:
    """The receipt of a submitted reply (comments counted per clause, general comments first)."""
    consultation = reply.recipient.consultation
    comments = sorted(reply.comments, key=lambda c: (c.clause is not None, c.clause.position if c.clause else 0))
    counts = Counter(comment.clause.ref if comment.clause else GENERAL for comment in comments)
    return Receipt(
        consultation_title=consultation.title,
        round_number=consultation.round_number,
        agency_name=reply.recipient.agency.name,
        submitted_at=reply.submitted_at,
        submitter=reply.submitted_by.full_name if reply.submitted_by else "",
        entered_by_team=reply.entered_by_team,
        received_at=reply.received_at,
        is_late=reply.is_late,
        position_label=reply.position.label if reply.position else "",
        reason=reply.reason,
        letter_number=reply.letter_number,
        letter_date=reply.letter_date,
        letter_signer=reply.letter_signer,
        attachment_name=reply.attachment_name,
        comment_count=len(comments),
        general_count=counts.get(GENERAL, 0),
        per_clause=tuple(counts.items()),
        comments=tuple(
            ReceiptComment(comment.clause.ref if comment.clause else GENERAL, comment.text, comment.proposed_wording)
            for comment in comments
        ),
    )


def lines(receipt: Receipt) -> list[tuple[str, str]]:
    """(label, value) rows shared by the page, the text and the DOCX."""
    rows = [
        ("Đợt lấy ý kiến", f"{receipt.consultation_title} (lần {receipt.round_number})"),
        ("Cơ quan góp ý", receipt.agency_name),
        ("Thời điểm gửi", format_local(receipt.submitted_at)),
        ("Người gửi", receipt.submitter + (" (tổ soạn thảo nhập thay văn bản giấy)" * receipt.entered_by_team)),
    ]
    if receipt.received_at is not None:
        rows.append(("Ngày nhận văn bản", format_local(receipt.received_at)))
    rows += [
        ("Thời hạn", "Gửi muộn (quá hạn)" if receipt.is_late else "Đúng hạn"),
        ("Số văn bản", receipt.letter_number or "—"),
        ("Ngày văn bản", receipt.letter_date.strftime("%d/%m/%Y") if receipt.letter_date else "—"),
        ("Người ký", receipt.letter_signer or "—"),
        ("Ý kiến chung của cơ quan", receipt.position_label),
    ]
    if receipt.reason:
        rows.append(("Lý do không nhất trí", receipt.reason))
    rows += [
        ("Tổng số ý kiến", str(receipt.comment_count)),
        ("Số điều, khoản có ý kiến", str(receipt.clause_count)),
        ("Số ý kiến chung", str(receipt.general_count)),
        ("Văn bản đính kèm", receipt.attachment_name or "Không có"),
    ]
    return rows


def to_text(receipt: Receipt) -> str:
    out = ["PHIẾU XÁC NHẬN GỬI VĂN BẢN GÓP Ý", ""]
    out += [f"{label}: {value}" for label, value in lines(receipt)]
    if receipt.per_clause:
        out += ["", "Số ý kiến theo điều, khoản:"]
        out += [f"- {ref}: {count}" for ref, count in receipt.per_clause]
    if receipt.comments:
        out += ["", "Các ý kiến đã gửi:"]
        for number, comment in enumerate(receipt.comments, start=1):
            out += ["", f"{number}. {comment.ref}", comment.text]
            if comment.proposed_wording:
                out.append(f"Đề xuất sửa thành: {comment.proposed_wording}")
    return "\n".join(out) + "\n"


def to_docx(receipt: Receipt) -> bytes:
    """A one-page DOCX in Times New Roman 13 pt: title, a two-column table, the counts per clause."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    title = document.add_paragraph()
    title.add_run("PHIẾU XÁC NHẬN GỬI VĂN BẢN GÓP Ý").bold = True
    rows = lines(receipt)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    if receipt.per_clause:
        document.add_paragraph("Số ý kiến theo điều, khoản:")
        for ref, count in receipt.per_clause:
            document.add_paragraph(f"{ref}: {count}", style="List Bullet")
    if receipt.comments:
        _comments_table(document, receipt.comments)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _comments_table(document, comments: tuple[ReceiptComment, ...]) -> None:
    """Every comment as sent: STT, clause, text, proposed wording; a text's paragraphs stay paragraphs."""
    document.add_paragraph().add_run("CÁC Ý KIẾN ĐÃ GỬI").bold = True
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(
        table.rows[0].cells, ("STT", "Điều, khoản", "Nội dung góp ý", "Đề xuất sửa thành"), strict=True
    ):
        cell.paragraphs[0].add_run(heading).bold = True
    for number, comment in enumerate(comments, start=1):
        cells = table.add_row().cells
        for cell, value in zip(cells, (str(number), comment.ref, comment.text, comment.proposed_wording), strict=True):
            first, *rest = xml_safe(value).split("\n")
            cell.paragraphs[0].add_run(first)
            for line in rest:
                cell.add_paragraph(line)
