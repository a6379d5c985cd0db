"""Demo step: a closed consultation with replies and some dispositions, so a newcomer sees a synthesis at once.

Built on the unit's sample decree (any of its drafts otherwise); does nothing when the unit has no draft yet.
Idempotent: the consultation is found by its title and left as it is.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.consultations import demo
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient, SilenceOutcome
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause, DraftKind, DraftVersion
from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyStatus
from commentsvc.synthesis import operations
from commentsvc.synthesis.models import Decision

DEMO_TITLE = "Lấy ý kiến dự thảo (dữ liệu mẫu, đã kết thúc)"
SIMILAR = (
    "Đề nghị làm rõ khái niệm “dữ liệu mở”, phân biệt với dữ liệu dùng chung và dữ liệu chia sẻ.",
    "Đề nghị làm rõ khái niệm dữ liệu mở, phân biệt với dữ liệu dùng chung và dữ liệu chia sẻ",
)
# agency code -> (days after opening it replied, comments as (citation or None for general, text, proposed wording))
REPLIES = {
    "BTP": (
        12,
        [
            (
                None,
                "Đề nghị rà soát tổng thể dự thảo, bảo đảm thống nhất với Luật Dữ liệu và các nghị định hướng dẫn.",
                "",
            ),
            ("khoản 1 Điều 3", SIMILAR[0], ""),
        ],
    ),
    "BCA": (
        14,
        [
            ("khoản 1 Điều 3", SIMILAR[1], ""),
            (
                "khoản 3 Điều 4",
                "Đề nghị bổ sung dữ liệu thuộc phạm vi bí mật công tác vào nhóm dữ liệu không được cung cấp.",
                "3. Không cung cấp dữ liệu thuộc bí mật nhà nước, bí mật công tác, dữ liệu cá nhân khi chưa được phép.",
            ),
        ],
    ),
    "BTC": (
        15,
        [
            (
                "khoản 1 Điều 4",
                "Đề nghị cân nhắc quy định “miễn phí” đối với mọi dữ liệu mở; bổ sung ngoại lệ theo pháp luật "
                "về phí và lệ phí đối với dữ liệu có chi phí thu thập, xử lý lớn.",
                "",
            )
        ],
    ),
    "BYT": (10, []),
    "BNG": (16, []),
    "UBND-HNI": (
        13,
        [
            (
                "khoản 2 Điều 5a",
                "Đề nghị quy định cụ thể tiêu chí tự đánh giá chất lượng dữ liệu mở để các địa phương thực hiện "
                "thống nhất.",
                "2. Định kỳ hằng năm, cơ quan công bố dữ liệu mở tự đánh giá chất lượng dữ liệu theo bộ tiêu chí "
                "do Bộ Khoa học và Công nghệ ban hành.",
            )
        ],
    ),
    "UBND-DNG": (11, []),
}
LATE = (
    "UBND-HCM",
    3,
    "khoản 2 Điều 4",
    "Đề nghị bổ sung yêu cầu cung cấp giao diện lập trình ứng dụng (API) để khai thác dữ liệu mở theo thời gian thực.",
)
DECISIONS = {
    SIMILAR[0]: (
        Decision.ACCEPTED,
        "Tiếp thu, đã bổ sung khoản 1 Điều 3 phân biệt dữ liệu mở với dữ liệu dùng chung, dữ liệu chia sẻ.",
    ),
    REPLIES["BTC"][1][0][1]: (
        Decision.EXPLAINED,
        "Xin giải trình: Luật Dữ liệu quy định dữ liệu mở được cung cấp miễn phí; các dịch vụ dữ liệu có "
        "giá trị gia tăng được điều chỉnh tại văn bản khác.",
    ),
}


def load_demo_consultation(unit) -> None:
    """Create the closed demo consultation on a sample draft of ``unit`` (idempotent)."""
    draft = demo.sample_draft(unit, DraftKind.DECREE) or demo.sample_draft(unit, None)
    if draft is None or demo.existing(unit, DEMO_TITLE) is not None:
        return
    now = now_utc()
    version = draft.latest_version
    consultation = _consultation(unit, version, now)
    clauses = _clauses_by_ref(version)
    replied = set()
    for code, (day, comments) in REPLIES.items():
        if _reply(consultation, code, consultation.opens_at + timedelta(days=day), comments, clauses):
            replied.add(code)
    code, days_late, ref, text = LATE
    if _reply(consultation, code, consultation.deadline_at + timedelta(days=days_late), [(ref, text, "")], clauses):
        replied.add(code)
    _record_silence(consultation, replied)
    db.session.flush()
    operations.regroup(consultation)
    _decide_some(consultation, now)


def _consultation(unit, version: DraftVersion, now) -> Consultation:
    opens_at = now - timedelta(days=30)
    groups = (AgencyGroup.MINISTRY, AgencyGroup.PROVINCE)
    agencies = db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True), Agency.group.in_(groups)))
    consultation = demo.new_consultation(
        unit,
        version,
        title=DEMO_TITLE,
        number=1268,
        opens_at=opens_at,
        deadline_at=opens_at + timedelta(days=20),
        agencies=agencies,
    )
    consultation.status, consultation.closed_at = ConsultationStatus.CLOSED, consultation.deadline_at
    return consultation


def _clauses_by_ref(version: DraftVersion) -> dict[str, Clause]:
    clauses = {clause.ref: clause for clause in version.clauses}
    # Another draft than the sample decree: the comments go to its first clauses instead.
    fallback = [clause for clause in version.clauses if clause.kind in ("clause", "point", "article")]
    wanted = [ref for _, comments in REPLIES.values() for ref, _, _ in comments if ref] + [LATE[2]]
    for index, ref in enumerate(dict.fromkeys(wanted)):
        if ref not in clauses and fallback:
            clauses[ref] = fallback[index % len(fallback)]
    return clauses


def _reply(consultation: Consultation, code: str, at, comments, clauses: dict[str, Clause]) -> bool:
    recipient = next((r for r in consultation.recipients if r.agency.code == code), None)
    if recipient is None:
        return False
    reply = Reply(
        recipient=recipient,
        status=ReplyStatus.SUBMITTED,
        position=ReplyPosition.AGREE_WITH_COMMENTS if comments else ReplyPosition.AGREE_ENTIRELY,
        letter_number=f"{100 + len(code) * 7}/{code}-VP",
        letter_date=at.date(),
        letter_signer="Thứ trưởng" if not code.startswith("UBND") else "Phó Chủ tịch",
        submitted_at=at,
        is_late=at > consultation.deadline_at,
    )
    for ref, text, proposed in comments:
        clause = clauses.get(ref) if ref else None
        reply.comments.append(Comment(clause_id=clause.id if clause else None, text=text, proposed_wording=proposed))
    db.session.add(reply)
    return True


def _record_silence(consultation: Consultation, replied: set[str]) -> None:
    for recipient in consultation.recipients:
        if recipient.agency.code not in replied:
            recipient.silence_outcome = SilenceOutcome.IMPLICIT_AGREEMENT
            recipient.silence_recorded_at = consultation.closed_at


def _decide_some(consultation: Consultation, now) -> None:
    comments = db.session.scalars(
        sa.select(Comment).join(Reply).join(Recipient).where(Recipient.consultation_id == consultation.id)
    )
    for comment in comments:
        answer = DECISIONS.get(comment.text)
        if answer and comment.disposition is not None and comment.disposition.decision is None:
            decision, explanation = answer
            operations.decide(comment.disposition, decision, explanation, comment.disposition.version, now=now)
