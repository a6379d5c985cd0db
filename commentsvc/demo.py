"""Demo data for a newcomer: the agency directory, one drafting team, demo accounts, sample drafts.

Idempotent: each step looks for what it would create and keeps what is there.
"""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.accounts import operations as accounts
from commentsvc.accounts.models import DraftingUnit, Role, User
from commentsvc.agencies import operations as agencies
from commentsvc.agencies.directory import parse_directory
from commentsvc.agencies.models import Agency
from commentsvc.config import ROOT
from commentsvc.consultations.demo import load_open_consultation
from commentsvc.core.db import db
from commentsvc.drafts.demo import load_sample_drafts
from commentsvc.reports.demo import load_demo_reports
from commentsvc.synthesis.demo import load_demo_consultation

DEMO_PASSWORD = "demo-lay-y-kien-2026"  # noqa: S105 - printed for the newcomer; demo databases only

DEMO_UNIT = {
    "code": "CĐS",
    "name": "Cục Chuyển đổi số quốc gia",
    "parent_code": "BKHCN",
    "parent_name": "Bộ Khoa học và Công nghệ",
    "place": "Hà Nội",
    "signer_title": "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
    "signer_name": "Nguyễn Văn An",
}

# username, full name, role, agency code, may sign (an agency's reply; a drafter: publish the synthesis), description
DEMO_USERS = (
    ("quantri", "Quản trị hệ thống", Role.ADMIN, None, False, "quản trị: tài khoản, đơn vị, cơ quan, nhật ký"),
    (
        "soanthao",
        "Trần Thị Bình",
        Role.DRAFTER,
        None,
        False,
        "tổ soạn thảo: theo dõi đợt đang mở, tổng hợp đợt đã xong",
    ),
    (
        "cds.lanhdao",
        "Nguyễn Văn An",
        Role.DRAFTER,
        None,
        True,
        "lãnh đạo Cục Chuyển đổi số quốc gia: phê duyệt, công bố kết quả tiếp thu, giải trình",
    ),
    ("btp.canbo", "Lê Văn Cường", Role.AGENCY, "BTP", False, "Bộ Tư pháp, soạn ý kiến (có ý kiến đang soạn)"),
    ("btp.lanhdao", "Phạm Thị Dung", Role.AGENCY, "BTP", True, "Bộ Tư pháp, ký và gửi văn bản góp ý"),
    (
        "btc.lanhdao",
        "Hoàng Văn Em",
        Role.AGENCY,
        "BTC",
        True,
        "Bộ Tài chính, gửi văn bản (chưa mở đợt đang lấy ý kiến)",
    ),
    (
        "hanoi.lanhdao",
        "Vũ Thị Giang",
        Role.AGENCY,
        "UBND-HNI",
        True,
        "UBND TP Hà Nội, gửi văn bản (được gia hạn 5 ngày)",
    ),
)


def load() -> list[tuple[str, str, str]]:
    """Run every demo step; returns the demo logins to print."""
    load_directory()
    unit = ensure_drafting_unit()
    logins = ensure_users(unit)
    for step in EXTRA_STEPS:
        step(unit)
    db.session.flush()
    return logins


def load_directory() -> None:
    if db.session.scalar(sa.select(sa.func.count(Agency.id))):
        return
    agencies.import_directory(parse_directory((ROOT / "data" / "agencies.csv").read_bytes()))
    for agency in db.session.scalars(sa.select(Agency)):
        agency.email = agency.email or f"vanthu.{agency.code.lower()}@example.com"


def ensure_drafting_unit() -> DraftingUnit:
    unit = db.session.scalar(sa.select(DraftingUnit).where(DraftingUnit.code == DEMO_UNIT["code"]))
    if unit is None:
        unit = DraftingUnit(**DEMO_UNIT)
        db.session.add(unit)
        db.session.flush()
    return unit


def ensure_users(unit: DraftingUnit) -> list[tuple[str, str, str]]:
    logins = []
    for username, full_name, role, agency_code, can_submit, description in DEMO_USERS:
        if db.session.scalar(sa.select(User).where(User.username == username)) is None:
            agency = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code)) if agency_code else None
            accounts.create_user(
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                role=role,
                email=f"{username}@example.com",
                drafting_unit=unit,
                agency=agency,
                can_submit=can_submit,  # "may sign": an agency's reply, or (a drafter) publishing the synthesis
                can_publish=can_submit,
            )
        logins.append((username, DEMO_PASSWORD, description))
    return logins


# Steps of the other concepts, in order: sample drafts, then a closed consultation with replies on one of them, and
# an open one with comments in progress on another; then report requests (quarterly figures over two periods, a
# task list).
EXTRA_STEPS = (load_sample_drafts, load_demo_consultation, load_open_consultation, load_demo_reports)
