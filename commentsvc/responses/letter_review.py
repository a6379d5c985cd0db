"""What the review page of a read letter shows besides its form: the letter's text, the clause picker's choices,
the signature verdict and the warnings (a letter for another request or another draft, another agency's letter)."""

from __future__ import annotations

import re
import unicodedata

from commentsvc.responses import letter_import as reading_ops


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def letter_warnings(consultation, recipient, record: dict) -> list[str]:
    """Why the team should look twice before recording this letter for this consultation and agency."""
    found = []
    letter = record["letter"]
    asked = consultation.letter_number or ""
    if letter["answers"] and asked and _plain(letter["answers"]) != _plain(asked):
        found.append(
            f"Công văn trả lời văn bản số {letter['answers']}, không phải văn bản xin ý kiến số {asked} của đợt "
            "lấy ý kiến này: có thể công văn góp ý cho dự thảo khác."
        )
    if record["unresolved"]:
        cited = ", ".join(f"“{citation}”" for citation in record["unresolved"])
        found.append(
            f"Dự thảo không có {cited} mà công văn nêu: các ý kiến đó được để ở phần ý kiến chung; có thể công văn "
            "góp ý cho dự thảo khác hoặc phiên bản khác."
        )
    if letter["agency"] and _plain(letter["agency"]) not in (_plain(recipient.agency.name), ""):
        found.append(f"Công văn do {letter['agency']} ban hành, không phải {recipient.agency.name}.")
    if not record["items"] and record["general"]:
        found.append("Không ý kiến nào gắn được với điều, khoản của dự thảo; các ý kiến được giữ ở phần ý kiến chung.")
    return found


def review_context(consultation, row, record: dict, items, notes: list[str]) -> dict:
    clauses = consultation.draft_version.clauses
    return {
        "consultation": consultation,
        "reading": row,
        "recipient": row.recipient,
        "record": record,
        "review_items": items,
        "notes": notes,
        "choices": [(clause.id, clause.ref or "Đoạn", clause.depth) for clause in clauses if clause.ref],
        "verdict": reading_ops.verdict_of(row),
        "warnings": letter_warnings(consultation, row.recipient, record),
        "position_read": record["position"],
    }
