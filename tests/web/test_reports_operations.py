"""Report requests through their verbs: forms per group, filling, submission once, consolidation, next period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commentsvc.core.errors import Conflict, UserError
from commentsvc.reports import operations, queries
from tests.web.reports_helpers import LETTER, build_report_scene


@pytest.fixture
def scene(db, factory):
    """See build_report_scene; as a tuple for these tests."""
    built = build_report_scene(db, factory)
    return built.request, built.team, (built.ministry, built.other, built.province), built.members, built.now


def test_unknown_lead_agencies_are_reported(scene):
    tasks = scene[0].forms[2]
    assert [task.lead_agency_id is None for task in tasks.tasks] == [False, False, True]


def recipient(request, agency):
    return queries.recipient_for_agency(request.id, agency.id)


def test_each_agency_gets_its_groups_form_and_its_own_tasks(scene):
    request, _, (ministry, other, province), _, _ = scene
    assert [f.code for f in queries.forms_for(recipient(request, ministry))] == ["01", "NV"]
    assert [f.code for f in queries.forms_for(recipient(request, other))] == ["01"]
    assert [f.code for f in queries.forms_for(recipient(request, province))] == ["03"]
    tasks = queries.forms_for(recipient(request, ministry))[1]
    assert [row.key for row in tasks.layout_for(ministry.id).rows] == ["t1", "t2"]


def test_typed_values_are_kept_even_when_wrong_and_block_submission(db, scene):
    request, _, (ministry, *_), members, now = scene
    mine = recipient(request, ministry)
    form = queries.forms_for(mine)[0]
    errors = operations.save_cells(
        mine, form, {("r1", "share"): "120", ("r1", "count"): "5"}, user=members[ministry.id], now=now
    )
    assert errors == {
        ("r1", "share"): "Dòng “Thủ tục hành chính”, cột “Tỷ lệ trực tuyến (%)”: tỷ lệ phải từ 0 đến 100."
    }
    cells = queries.cells_of(mine.submission, form)
    assert cells[("r1", "share")].raw == "120" and cells[("r1", "share")].value == ""
    with pytest.raises(UserError, match="chưa hợp lệ"):
        operations.submit_report(mine, LETTER, user=members[ministry.id], now=now)
    tasks = queries.forms_for(mine)[1]
    operations.save_cells(mine, form, {("r1", "share"): "45"}, user=members[ministry.id], now=now)
    with pytest.raises(UserError, match="Tình trạng"):
        operations.submit_report(mine, LETTER, user=members[ministry.id], now=now)
    operations.save_cells(
        mine, tasks, {("t1", "status"): "Hoàn thành", ("t2", "status"): "Quá hạn"}, user=members[ministry.id], now=now
    )
    assert operations.submit_report(mine, LETTER, user=members[ministry.id], now=now)
    assert not operations.submit_report(mine, LETTER, user=members[ministry.id], now=now)
    with pytest.raises(Conflict, match="đã gửi báo cáo"):
        operations.save_cells(mine, form, {("r1", "count"): "6"}, user=members[ministry.id], now=now)


def test_a_blank_form_cannot_be_submitted_as_a_report(db, scene):
    """A report sent back with nothing typed would count as "Đã báo cáo" on the board and in the consolidation."""
    request, _, (_, other, _), members, now = scene
    mine = recipient(request, other)
    with pytest.raises(UserError, match="Biểu mẫu 01: chưa nhập số liệu nào"):
        operations.submit_report(mine, LETTER, user=members[other.id], now=now)
    assert mine.submission is None or not mine.submission.is_submitted
    operations.save_cells(mine, queries.forms_for(mine)[0], {("r1", "count"): "0"}, user=members[other.id], now=now)
    assert operations.submit_report(mine, LETTER, user=members[other.id], now=now)  # a zero is a figure


def test_consolidation_counts_submitted_reports_only(db, scene):
    request, _, (ministry, other, province), members, now = scene
    for agency, count in ((ministry, "10"), (other, "32"), (province, "7")):
        mine = recipient(request, agency)
        form = queries.forms_for(mine)[0]
        operations.save_cells(mine, form, {("r1", "count"): count}, user=members[agency.id], now=now)
    mine = recipient(request, other)
    operations.submit_report(mine, LETTER, user=members[other.id], now=now)
    db.session.commit()
    result = queries.consolidation(request)
    first, third, tasks = result.tables
    assert first.stats[("r1", "count")].total == 32 and first.stats[("r1", "count")].count == 1
    assert [a.name for a in first.not_reported] == ["Bộ Tư pháp"]
    assert third.stats[("r1", "count")].count == 0
    assert tasks.status_counts["Chưa báo cáo"] == 2


def test_the_next_period_copies_forms_tasks_recipients_and_shows_last_values(db, scene):
    request, team, (ministry, other, _), members, now = scene
    mine = recipient(request, other)
    form = queries.forms_for(mine)[0]
    operations.save_cells(mine, form, {("r1", "count"): "32"}, user=members[other.id], now=now)
    operations.submit_report(mine, LETTER, user=members[other.id], now=now)
    following = operations.next_period(request, now, user=team)
    assert queries.period_of(following).label == "quý IV/2019"
    assert [f.code for f in following.forms] == ["01", "03", "NV"]
    assert len(following.forms[2].tasks) == 3 and len(following.recipients) == 3
    operations.open_request(following, now, user=team)
    db.session.commit()
    theirs = recipient(following, other)
    assert queries.last_values(theirs, queries.forms_for(theirs)[0]) == {("r1", "count"): "32"}
    assert queries.last_values(recipient(following, ministry), following.forms[0]) == {}


def test_late_reports_and_closing(db, scene):
    request, team, (ministry, *_), members, now = scene
    later = now + timedelta(days=11)
    mine = recipient(request, ministry)
    operations.save_cells(
        mine, queries.forms_for(mine)[0], {("r1", "count"): "1"}, user=members[ministry.id], now=later
    )
    operations.close_request(request, later, user=team)
    with pytest.raises(Conflict, match="đã kết thúc"):
        operations.save_cells(
            mine, queries.forms_for(mine)[0], {("r1", "count"): "2"}, user=members[ministry.id], now=later
        )
