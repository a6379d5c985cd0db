"""A fixed clock for journeys that cross deadlines, and a scene of four agencies with one extension."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from commentsvc.core import clock
from commentsvc.core.deadlines import deadline_from_local

# "Nhận ý kiến trước ngày 17/12/2026": the deadline is the end of 16 December, Hà Nội time.
DEADLINE = deadline_from_local(date(2026, 12, 17))
EXTENDED = deadline_from_local(date(2026, 12, 21))  # "hết ngày 20/12/2026"
OPENS = DEADLINE - timedelta(days=15)


class FixedClock:
    """Every ``now_utc`` the package imported answers ``self.now``; ``at`` moves it."""

    def __init__(self, monkeypatch, now: datetime) -> None:
        self.now = now
        original = clock.now_utc
        for name, module in list(sys.modules.items()):
            if name.startswith("commentsvc") and getattr(module, "now_utc", None) is original:
                monkeypatch.setattr(module, "now_utc", self._now)

    def _now(self) -> datetime:
        return self.now

    def at(self, moment: datetime) -> datetime:
        self.now = moment
        return moment


@dataclass
class Scene:
    consultation: object
    unit: object
    team: object
    replied: object  # submitted on time, with a comment
    extended: object  # given until "hết ngày 20/12/2026", no reply
    silent: object  # never opened
    drafting: object  # wrote a comment, never sent it


def four_agencies(factory, *, clause_comment: str = "Đề nghị làm rõ phạm vi dữ liệu mở.") -> Scene:
    """A consultation open since OPENS, deadline DEADLINE, four agencies; one replied, one extended to EXTENDED."""
    unit = factory.unit()
    version = factory.draft_version(unit)
    agencies = [factory.agency(name=name) for name in ("Bộ Tư pháp", "Bộ Tài chính", "Bộ Công an", "Bộ Y tế")]
    consultation = factory.consultation(
        version=version, agencies=agencies, opens_at=OPENS, deadline_at=DEADLINE, silence_is_agreement=True
    )
    clause = version.clauses[1]
    factory.reply(consultation, agencies[0], comments=[(clause.id, clause_comment)])
    factory.reply(consultation, agencies[3], submitted=False, comments=[(None, "Chưa xong.")])
    extended = next(r for r in consultation.recipients if r.agency_id == agencies[1].id)
    extended.extended_until = EXTENDED
    factory.db.session.commit()
    return Scene(consultation, unit, factory.drafter(unit), *agencies)
