"""Fixed consultation data for the synthesis tests: small enough to count every figure by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from commentsvc.synthesis.compiler import (
    AgencyIn,
    ClauseIn,
    CommentIn,
    ConsultationIn,
    DispositionIn,
    ReplyIn,
)

GENERATED_ON = date(2026, 1, 5)
INJECTION = '<img src="file:///etc/passwd"> <b>x</b>'

AGENCIES = (
    AgencyIn(1, "BTP", "Bộ Tư pháp", "Bộ Tư pháp", "ministry"),
    AgencyIn(2, "BCA", "Bộ Công an", "Bộ Công an", "ministry"),
    AgencyIn(3, "BYT", "Bộ Y tế", "Bộ Y tế", "ministry"),
    AgencyIn(4, "VPCP", "Văn phòng Chính phủ", "Văn phòng Chính phủ", "ministry"),
    AgencyIn(5, "THVN", "Đài Truyền hình Việt Nam", "Đài THVN", "government_agency"),
    AgencyIn(6, "DLK", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk", "province"),
    AgencyIn(7, "AG", "Ủy ban nhân dân tỉnh An Giang", "UBND tỉnh An Giang", "province"),
    AgencyIn(8, "DNG", "Ủy ban nhân dân thành phố Đà Nẵng", "UBND thành phố Đà Nẵng", "province"),
    AgencyIn(9, "VIA", "Hiệp hội Internet Việt Nam", "Hiệp hội Internet Việt Nam", "other"),
)

# Ids deliberately out of the draft's order: rows must follow `position`.
CLAUSES = (
    ClauseIn(
        10,
        1,
        "article",
        "Điều 1",
        "Điều 1",
        "Điều 1. Phạm vi điều chỉnh: Nghị định này quy định về dữ liệu mở.",
        0,
    ),
    ClauseIn(12, 2, "clause", "1.", "khoản 1 Điều 2", "1. Dữ liệu mở là dữ liệu được công bố rộng rãi.", 1),
    ClauseIn(
        11,
        3,
        "point",
        "a)",
        "điểm a khoản 2 Điều 2",
        "a) Cơ quan nhà nước có trách nhiệm công bố dữ liệu mở.",
        2,
    ),
    ClauseIn(13, 4, "article", "Điều 3", "Điều 3", "Điều 3. Hiệu lực thi hành.", 0),
)


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 12, day, hour, 0, tzinfo=UTC)


REPLIES = (
    ReplyIn(1, "agree_with_comments", _at(1), letter_number="123/BTP-PLDSKT", letter_date=date(2025, 12, 1)),
    ReplyIn(2, "agree_entirely", _at(2)),
    ReplyIn(3, "agree_with_comments", _at(20), is_late=True, is_used=True),
    ReplyIn(4, "disagree", _at(3), entered_by_team=True, reason="Chưa phù hợp với Luật Dữ liệu."),
    ReplyIn(6, "agree_with_comments", _at(22), is_late=True, is_used=False),
    ReplyIn(7, "agree_with_comments", _at(4), entered_by_team=True),
)

COMMENTS = (
    CommentIn(1, 1, None, "Đề nghị rà soát tổng thể dự thảo, bảo đảm thống nhất với Luật Dữ liệu."),
    CommentIn(2, 1, 11, "Đề nghị làm rõ khái niệm dữ liệu mở.", disposition_id=100),
    CommentIn(3, 3, 11, "Đề nghị làm rõ khái niệm “dữ liệu mở”.", disposition_id=100),
    CommentIn(4, 7, 11, "Đề nghị làm rõ khái niệm dữ liệu mở tại điểm này.", disposition_id=100),
    CommentIn(5, 4, 10, "Không nhất trí với phạm vi điều chỉnh quá rộng.", disposition_id=101),
    CommentIn(6, 6, 12, "Ý kiến gửi quá hạn, không được sử dụng."),
    CommentIn(7, 1, 12, "=1+1", proposed_wording="+84 912 345 678"),
    CommentIn(8, 7, None, INJECTION, disposition_id=102),
    CommentIn(9, 8, 10, "Bản nháp chưa gửi của Đà Nẵng."),
    CommentIn(10, 3, 12, "-abc", disposition_id=103),
)

DISPOSITIONS = (
    DispositionIn(100, "partly_accepted", "Đã chỉnh sửa khái niệm tại khoản 3 Điều 2."),
    DispositionIn(101, "accepted", "Đã thu hẹp phạm vi điều chỉnh."),
    DispositionIn(102, "noted", ""),
    DispositionIn(103, "explained", "@x"),
)


def consultation(*, silence_is_agreement: bool = True, round_number: int = 1, **changes) -> ConsultationIn:
    values = {
        "title": "Lấy ý kiến dự thảo Nghị định về dữ liệu mở",
        "draft_title": "Nghị định quy định về dữ liệu mở",
        "draft_kind": "decree",
        "round_number": round_number,
        "letter_number": "05/BKHCN-CĐS",
        "deadline_at": datetime(2025, 12, 15, 17, 0, tzinfo=UTC),
        "silence_is_agreement": silence_is_agreement,
        "issuing_parent": "Bộ Khoa học và Công nghệ",
        "issuing_unit": "Cục Chuyển đổi số quốc gia",
        "unit_code": "CĐS",
        "signer_title": "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
        "signer_name": "Nguyễn Văn An",
        "place": "Hà Nội",
        "recipients": AGENCIES,
        "clauses": CLAUSES,
        "replies": REPLIES,
        "comments": COMMENTS,
        "dispositions": DISPOSITIONS,
    }
    values.update(changes)
    return ConsultationIn(**values)
