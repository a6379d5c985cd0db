"""Factories that build real rows for tests. Each method's docstring says what it makes."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from commentsvc.accounts import operations as accounts
from commentsvc.accounts.models import DraftingUnit, Role, User
from commentsvc.agencies.models import Agency, AgencyGroup

_counter = itertools.count(1)


class Factory:
    def __init__(self, db, password: str) -> None:
        self.db = db
        self.password = password

    def agency(
        self,
        code: str | None = None,
        name: str | None = None,
        group: AgencyGroup = AgencyGroup.MINISTRY,
        **kwargs,
    ) -> Agency:
        """An active agency (a ministry unless ``group`` says otherwise)."""
        number = next(_counter)
        code = code or f"CQ{number}"
        agency = Agency(
            code=code,
            name=name or f"Bộ Thử nghiệm {number}",
            short_name=kwargs.pop("short_name", None) or name or f"Bộ Thử nghiệm {number}",
            group=group,
            email=kwargs.pop("email", f"{code.lower()}@example.com"),
            is_active=kwargs.pop("is_active", True),
            **kwargs,
        )
        self.db.session.add(agency)
        self.db.session.commit()
        return agency

    def unit(self, code: str | None = None) -> DraftingUnit:
        """A drafting unit of the Ministry of Science and Technology."""
        number = next(_counter)
        unit = DraftingUnit(
            code=code or f"DV{number}",
            name=f"Cục Thử nghiệm {number}",
            parent_code="BKHCN",
            parent_name="Bộ Khoa học và Công nghệ",
            place="Hà Nội",
            signer_title="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
            signer_name="Nguyễn Văn An",
        )
        self.db.session.add(unit)
        self.db.session.commit()
        return unit

    def user(
        self,
        role: Role = Role.AGENCY,
        *,
        agency: Agency | None = None,
        unit: DraftingUnit | None = None,
        can_submit: bool = False,
        username: str | None = None,
    ) -> User:
        """An account with the test password; agency members get a new agency and drafters a new unit if none given."""
        if role is Role.AGENCY and agency is None:
            agency = self.agency()
        if role is Role.DRAFTER and unit is None:
            unit = self.unit()
        user = accounts.create_user(
            username=username or f"user{next(_counter)}",
            full_name=f"Người dùng {next(_counter)}",
            password=self.password,
            role=role,
            email=f"u{next(_counter)}@example.com",
            agency=agency,
            drafting_unit=unit,
            can_submit=can_submit,
        )
        self.db.session.commit()
        return user

    def admin(self) -> User:
        """An administrator."""
        return self.user(Role.ADMIN)

    def drafter(self, unit: DraftingUnit | None = None) -> User:
        """A drafting-team member (of a new unit unless given)."""
        return self.user(Role.DRAFTER, unit=unit)

    def member(self, agency: Agency | None = None, *, can_submit: bool = False) -> User:
        """An agency member (of a new agency unless given)."""
        return self.user(Role.AGENCY, agency=agency, can_submit=can_submit)

    def count(self, model) -> int:
        return self.db.session.scalar(sa.select(sa.func.count()).select_from(model))

    # --- drafts, consultations, replies -------------------------------------------------------------------------

    def draft_version(
        self,
        unit: DraftingUnit | None = None,
        clauses: list[tuple[str, str, str, str]] | None = None,
        title: str = "Dự thảo Nghị định về dữ liệu mở",
    ):
        """A draft with one version and its clauses, given as (kind, label, ref, text) in order (a default decree);
        a fifth element gives the depth, else it follows the kind (article 0, clause 1, point 2)."""
        from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion

        unit = unit or self.unit()
        clauses = clauses or DEFAULT_CLAUSES
        draft = Draft(title=title, kind=DraftKind.DECREE, drafting_unit=unit)
        version = DraftVersion(
            draft=draft,
            number=1,
            filename="du-thao.docx",
            checksum="0" * 64,
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            original_file=b"PK",
        )
        self.db.session.add_all([draft, version])
        self.db.session.flush()
        parents: dict[int, Clause] = {}
        for position, (kind, label, ref, text, *given) in enumerate(clauses):
            depth = given[0] if given else {"article": 0, "clause": 1, "point": 2}.get(kind, 0)
            clause = Clause(
                version=version,
                position=position,
                kind=kind,
                label=label,
                ref=ref,
                text=text,
                depth=depth,
                parent_id=parents[depth - 1].id if depth and depth - 1 in parents else None,
            )
            self.db.session.add(clause)
            self.db.session.flush()
            parents[depth] = clause
        self.db.session.commit()
        return version

    def consultation(
        self,
        *,
        version=None,
        unit: DraftingUnit | None = None,
        agencies: list[Agency] | None = None,
        opens_at=None,
        deadline_at=None,
        status=None,
        accepts_late: bool = False,
        silence_is_agreement: bool = True,
        created_by: User | None = None,
    ):
        """A sent consultation (open now, deadline in 7 days unless given) on ``version`` for ``agencies``."""
        from datetime import timedelta

        from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
        from commentsvc.core.clock import now_utc

        version = version or self.draft_version(unit)
        unit = unit or version.draft.drafting_unit
        now = now_utc()
        consultation = Consultation(
            draft_version=version,
            drafting_unit=unit,
            title=f"Lấy ý kiến {version.draft.title}",
            round_number=1,
            letter_number="123/BKHCN-CĐS",
            contact_name="Trần Thị Bình",
            contact_phone="024 3943 0000",
            contact_email="binh@example.com",
            opens_at=opens_at or now - timedelta(days=1),
            deadline_at=deadline_at or now + timedelta(days=7),
            status=status or ConsultationStatus.OPEN,
            accepts_late=accepts_late,
            silence_is_agreement=silence_is_agreement,
            created_by_id=getattr(created_by, "id", None),
        )
        self.db.session.add(consultation)
        for agency in agencies if agencies is not None else [self.agency(), self.agency()]:
            self.db.session.add(Recipient(consultation=consultation, agency=agency))
        self.db.session.commit()
        return consultation

    def reply(
        self,
        consultation,
        agency: Agency,
        *,
        comments: list[tuple[int | None, str]] = (),
        submitted: bool = True,
        position=None,
        is_late: bool = False,
        by: User | None = None,
    ):
        """A reply of ``agency`` with comments [(clause_id or None, text)], submitted unless told otherwise."""
        from commentsvc.consultations.models import Recipient
        from commentsvc.core.clock import now_utc
        from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyStatus

        recipient = self.db.session.scalar(
            sa.select(Recipient).where(Recipient.consultation_id == consultation.id, Recipient.agency_id == agency.id)
        )
        reply = Reply(recipient=recipient, status=ReplyStatus.SUBMITTED if submitted else ReplyStatus.DRAFTING)
        if submitted:
            reply.position = position or (
                ReplyPosition.AGREE_WITH_COMMENTS if comments else ReplyPosition.AGREE_ENTIRELY
            )
            reply.submitted_at = now_utc()
            reply.submitted_by_id = getattr(by, "id", None)
            reply.is_late = is_late
            reply.letter_number = f"{len(comments) + 1}/{agency.code}-VP"
        for clause_id, text in comments:
            reply.comments.append(Comment(clause_id=clause_id, text=text, created_by_id=getattr(by, "id", None)))
        self.db.session.add(reply)
        self.db.session.commit()
        return reply


DEFAULT_CLAUSES = [
    ("article", "1", "Điều 1", "Điều 1. Phạm vi điều chỉnh"),
    ("clause", "1", "khoản 1 Điều 1", "1. Nghị định này quy định về dữ liệu mở của cơ quan nhà nước."),
    ("clause", "2", "khoản 2 Điều 1", "2. Nghị định này không áp dụng đối với dữ liệu thuộc bí mật nhà nước."),
    ("article", "2", "Điều 2", "Điều 2. Giải thích từ ngữ"),
    ("clause", "1", "khoản 1 Điều 2", "1. Dữ liệu mở là dữ liệu được công bố rộng rãi cho mọi tổ chức, cá nhân."),
    ("point", "a", "điểm a khoản 1 Điều 2", "a) Dữ liệu phải ở định dạng máy đọc được;"),
    ("point", "b", "điểm b khoản 1 Điều 2", "b) Dữ liệu được cập nhật định kỳ."),
]
