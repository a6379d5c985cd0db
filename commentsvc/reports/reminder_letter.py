"""The report request's reminder letter (công văn đôn đốc báo cáo): its subject and body; the Decree 30 layout, the
heading and the signature block are core/reminder_letter.py's, shared with consultations. Silence is never agreement
here: the letter asks for the report, it never says "xin hiểu là đã nhất trí"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from commentsvc.core.reminder_letter import LetterHead, deadline_sentence, head_values, request_phrase
from commentsvc.reports import queries


@dataclass(frozen=True, kw_only=True)
class ReportReminderLetter(LetterHead):
    title: str
    period_label: str

    @property
    def subject_line(self) -> str:
        title = self.title.strip()
        if title.lower().startswith("báo cáo"):
            title = title[len("báo cáo") :].strip()
        return f"V/v đôn đốc báo cáo {title} ({self.period_label})".replace("  ", " ")

    def paragraphs(self) -> list[str]:
        when, request = request_phrase(self)
        paragraphs = [
            f"{when}{self.unit_name} đã có {request} đề nghị Quý Cơ quan báo cáo {self.title}, kỳ "
            f"{self.period_label}; thời hạn gửi báo cáo {deadline_sentence(self)}.",
            f"Đến nay, {self.unit_name} chưa nhận được báo cáo của Quý Cơ quan. Để kịp thời tổng hợp, {self.unit_name} "
            "đề nghị Quý Cơ quan quan tâm, nhập số liệu và gửi báo cáo kèm công văn qua Hệ thống trong thời gian sớm "
            "nhất.",
        ]
        if self.contact:
            paragraphs.append(f"Thông tin chi tiết xin liên hệ: {self.contact}.")
        paragraphs.append("Trân trọng cảm ơn sự phối hợp của Quý Cơ quan./.")
        return paragraphs


def letter_for(request, agencies: list[tuple[str, datetime]], on: date) -> ReportReminderLetter:
    """The letter to the agencies that have not reported (in the order given), each with its own deadline."""
    return ReportReminderLetter(
        **head_values(request, agencies, on), title=request.title, period_label=queries.period_of(request).label
    )
