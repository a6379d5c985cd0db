"""A draft in two versions for the round-2 tests: an inserted article, a deleted khoản, a reworded khoản, a split
khoản and a moved điểm. Clauses are (kind, label, ref, text) as in ``factory.draft_version``."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.consultations.models import ConsultationStatus
from commentsvc.core.clock import now_utc
from commentsvc.drafts.models import Clause, DraftVersion
from commentsvc.synthesis.loading import load_groups
from commentsvc.synthesis.models import Publication
from commentsvc.synthesis.publication import answers_now

OLD = [
    ("article", "1", "Điều 1", "Điều 1. Phạm vi điều chỉnh"),
    ("clause", "1", "khoản 1 Điều 1", "1. Nghị định này quy định về dữ liệu mở của cơ quan nhà nước."),
    ("clause", "2", "khoản 2 Điều 1", "2. Nghị định này không áp dụng đối với dữ liệu thuộc bí mật nhà nước."),
    ("article", "2", "Điều 2", "Điều 2. Giải thích từ ngữ"),
    ("clause", "1", "khoản 1 Điều 2", "1. Dữ liệu mở là dữ liệu được công bố rộng rãi cho mọi tổ chức, cá nhân."),
    ("point", "a", "điểm a khoản 1 Điều 2", "a) Dữ liệu phải ở định dạng máy đọc được;"),
    ("point", "b", "điểm b khoản 1 Điều 2", "b) Dữ liệu được cập nhật định kỳ theo quy định."),
    (
        "clause",
        "2",
        "khoản 2 Điều 2",
        "2. Cơ quan nhà nước lập danh mục dữ liệu mở của cơ quan mình hằng năm; "
        "kế hoạch công bố dữ liệu mở được đăng trên cổng thông tin điện tử của cơ quan.",
    ),
    ("article", "3", "Điều 3", "Điều 3. Trách nhiệm công bố dữ liệu mở"),
    ("clause", "1", "khoản 1 Điều 3", "1. Bộ Khoa học và Công nghệ hướng dẫn việc công bố dữ liệu mở."),
    ("point", "a", "điểm a khoản 1 Điều 3", "a) Định dạng dữ liệu mở thống nhất trên toàn quốc;"),
    (
        "clause",
        "2",
        "khoản 2 Điều 3",
        "2. Ủy ban nhân dân cấp tỉnh tổ chức lấy ý kiến người dân về chất lượng dịch vụ.",
    ),
    ("clause", "3", "khoản 3 Điều 3", "3. Các bộ, ngành bảo đảm chất lượng dữ liệu mở thuộc phạm vi quản lý."),
]

NEW = [
    OLD[0],
    OLD[1],
    OLD[2],
    ("article", "2", "Điều 2", "Điều 2. Nguyên tắc công bố dữ liệu mở"),
    ("clause", "1", "khoản 1 Điều 2", "1. Dữ liệu mở được công bố công khai, miễn phí và không phân biệt đối xử."),
    ("article", "3", "Điều 3", "Điều 3. Giải thích từ ngữ"),
    ("clause", "1", "khoản 1 Điều 3", "1. Dữ liệu mở là dữ liệu được công bố rộng rãi cho mọi tổ chức, cá nhân."),
    ("point", "a", "điểm a khoản 1 Điều 3", "a) Dữ liệu phải ở định dạng máy đọc được;"),
    ("point", "b", "điểm b khoản 1 Điều 3", "b) Dữ liệu được cập nhật định kỳ theo quy định."),
    ("clause", "2", "khoản 2 Điều 3", "2. Cơ quan nhà nước lập danh mục dữ liệu mở của cơ quan mình hằng năm."),
    (
        "clause",
        "3",
        "khoản 3 Điều 3",
        "3. Kế hoạch công bố dữ liệu mở được đăng trên cổng thông tin điện tử của cơ quan.",
    ),
    ("article", "4", "Điều 4", "Điều 4. Trách nhiệm công bố dữ liệu mở"),
    ("clause", "1", "khoản 1 Điều 4", "1. Bộ Khoa học và Công nghệ hướng dẫn việc công bố dữ liệu mở."),
    (
        "clause",
        "2",
        "khoản 2 Điều 4",
        "2. Các bộ, ngành bảo đảm chất lượng, tính kịp thời của dữ liệu mở thuộc phạm vi quản lý.",
    ),
    ("clause", "3", "khoản 3 Điều 4", "3. Ủy ban nhân dân cấp tỉnh công bố dữ liệu mở của địa phương."),
    ("point", "a", "điểm a khoản 3 Điều 4", "a) Định dạng dữ liệu mở thống nhất trên toàn quốc;"),
]


def add_version(db, draft, clauses, number: int = 2) -> DraftVersion:
    """Version ``number`` of ``draft`` with ``clauses`` (parents by depth, as the factory builds them)."""
    version = DraftVersion(
        draft=draft,
        number=number,
        filename=f"du-thao-{number}.docx",
        media_type="application/octet-stream",
        checksum=str(number) * 64,
        original_file=b"PK",
    )
    db.session.add(version)
    db.session.flush()
    parents: dict[int, Clause] = {}
    for position, (kind, label, ref, text) in enumerate(clauses):
        depth = {"article": 0, "clause": 1, "point": 2}.get(kind, 0)
        parent = parents.get(depth - 1) if depth else None
        clause = Clause(
            version=version,
            position=position,
            kind=kind,
            label=label,
            ref=ref,
            text=text,
            depth=depth,
            parent_id=parent.id if parent else None,
        )
        db.session.add(clause)
        db.session.flush()
        parents[depth] = clause
    db.session.commit()
    return version


def two_versions(factory, db, unit=None) -> tuple[DraftVersion, DraftVersion]:
    old = factory.draft_version(unit=unit, clauses=OLD)
    return old, add_version(db, old.draft, NEW)


def round_two(factory, db, agency):
    """A closed round 1 on the first of ``two_versions`` and an open round 2 on the second, both sent to ``agency``;
    returns (round 1, round 2, the second version)."""
    old, new = two_versions(factory, db)
    first = factory.consultation(version=old, unit=old.draft.drafting_unit, agencies=[agency])
    first.status = ConsultationStatus.CLOSED
    second = factory.consultation(version=new, unit=old.draft.drafting_unit, agencies=[agency])
    second.previous_id, second.round_number = first.id, 2
    db.session.commit()
    return first, second, new


def clause(db, version, ref: str) -> Clause:
    return db.session.scalar(sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref))


def publish_as_it_stands(db, consultation) -> None:
    """Publish the consultation's decisions as they are (agencies read their results from a publication)."""
    answers = answers_now(load_groups(consultation))
    db.session.add(Publication(consultation_id=consultation.id, answers=answers, published_at=now_utc()))
    db.session.commit()
