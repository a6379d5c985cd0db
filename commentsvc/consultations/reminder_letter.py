"""The consultation's reminder letter (công văn đôn đốc góp ý): its subject and body; the Decree 30 layout, the
heading and the signature block are core/reminder_letter.py's, shared with report requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from commentsvc.core.reminder_letter import LetterHead, deadline_sentence, head_values, request_phrase
from commentsvc.core.reminder_letter import to_docx as to_docx  # noqa: PLC0414 - the views' and jobs' name


@dataclass(frozen=True, kw_only=True)
class ReminderLetter(LetterHead):
    draft_title: str
    silence_is_agreement: bool

    @property
    def subject_line(self) -> str:
        title = self.draft_title.strip()
        if title.lower().startswith("dự thảo"):
            return "V/v đôn đốc góp ý d" + title[1:]
        return f"V/v đôn đốc góp ý dự thảo {title}"

    def paragraphs(self) -> list[str]:
        return body_paragraphs(self)


def letter_for(consultation, agencies: list[tuple[str, datetime]], on: date) -> ReminderLetter:
    """The letter's data from a consultation and the agencies still to reply (in the order given), each with its own
    deadline: an agency whose deadline was extended is reminded of that deadline, never of the common one."""
    return ReminderLetter(
        **head_values(consultation, agencies, on),
        draft_title=consultation.draft_version.draft.title,
        silence_is_agreement=consultation.silence_is_agreement,
    )


def body_paragraphs(letter: ReminderLetter) -> list[str]:
    when, request = request_phrase(letter)
    paragraphs = [
        f"{when}{letter.unit_name} đã có {request} đề nghị Quý Cơ quan góp ý đối với {letter.draft_title}; "
        f"thời hạn gửi ý kiến {deadline_sentence(letter)}.",
        f"Đến nay, {letter.unit_name} chưa nhận được ý kiến góp ý của Quý Cơ quan. Để kịp thời tổng hợp, hoàn thiện "
        f"dự thảo, {letter.unit_name} đề nghị Quý Cơ quan quan tâm, gửi ý kiến góp ý qua Hệ thống lấy ý kiến dự thảo "
        "hoặc bằng văn bản trong thời gian sớm nhất.",
    ]
    if letter.silence_is_agreement:
        paragraphs.append(
            "Quá thời hạn nêu trên, nếu Quý Cơ quan không có ý kiến, xin hiểu là Quý Cơ quan đã nhất trí với Dự thảo."
        )
    if letter.contact:
        paragraphs.append(f"Thông tin chi tiết xin liên hệ: {letter.contact}.")
    paragraphs.append("Trân trọng cảm ơn sự phối hợp của Quý Cơ quan./.")
    return paragraphs
