"""The synthesis compiler: every count of the opening summary and the order and content of the rows.

The expected figures are counted by hand from synthesis_data (see the comments next to each).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from commentsvc.consultations.rules import Window
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.synthesis import wording
from commentsvc.synthesis.compiler import CommentIn, ReplyIn, compile_synthesis
from tests.unit.synthesis_data import GENERATED_ON, INJECTION, consultation


@pytest.fixture
def synthesis():
    """The synthesis of the fixed consultation, silence counted as agreement, uncommented clauses shown."""
    return compile_synthesis(consultation(), generated_on=GENERATED_ON)


def _by_group(counts) -> dict[str, int]:
    return {count.group: count.count for count in counts}


def test_consulted_agencies_total_and_per_group(synthesis):
    assert synthesis.summary.consulted == 9
    assert _by_group(synthesis.summary.consulted_by_group) == {
        "ministry": 4,
        "government_agency": 1,
        "province": 3,
        "other": 1,
    }


def test_replies_on_time_and_late(synthesis):
    summary = synthesis.summary
    assert summary.replied_on_time == 4  # BTP, BCA, VPCP, An Giang (two of them entered by the team)
    assert summary.replied_late_used == 1  # Bộ Y tế
    assert summary.replied_late_unused == 1  # Đắk Lắk
    assert summary.replied == 6
    assert summary.replies_used == 5


def test_positions_are_counted_over_used_replies(synthesis):
    summary = synthesis.summary
    assert (summary.agreed_entirely, summary.agreed_with_comments, summary.disagreed) == (1, 3, 1)


def test_silent_agencies_count_as_agreement_in_group_order(synthesis):
    names = [agency.name for agency in synthesis.summary.silent_agreeing]
    assert names == ["Đài Truyền hình Việt Nam", "Ủy ban nhân dân thành phố Đà Nẵng", "Hiệp hội Internet Việt Nam"]
    assert synthesis.summary.silent_not_counted == ()


def test_silence_not_agreement_lists_agencies_apart():
    synthesis = compile_synthesis(consultation(silence_is_agreement=False), generated_on=GENERATED_ON)
    assert synthesis.summary.silent_agreeing == ()
    assert [agency.code for agency in synthesis.summary.silent_not_counted] == ["THVN", "DNG", "VIA"]
    assert "được hiểu là nhất trí" not in " ".join(synthesis.summary_points)


def test_comment_counts_total_per_clause_and_per_group(synthesis):
    summary = synthesis.summary
    assert summary.comments_total == 8  # Đắk Lắk's late comment and Đà Nẵng's unsent draft are left out
    assert summary.comments_excluded_late == 1
    assert [(count.ref, count.count) for count in summary.comments_by_clause] == [
        ("Góp ý chung", 2),
        ("Điều 1", 1),
        ("khoản 1 Điều 2", 2),
        ("điểm a khoản 2 Điều 2", 3),
    ]
    assert _by_group(summary.comments_by_group) == {"ministry": 6, "government_agency": 0, "province": 2, "other": 0}


def test_rows_follow_the_draft_with_general_comments_first(synthesis):
    assert [(row.number, row.ref) for row in synthesis.rows] == [
        (1, "Góp ý chung"),
        (2, "Góp ý chung"),
        (3, "Điều 1"),
        (4, "khoản 1 Điều 2"),
        (5, "khoản 1 Điều 2"),
        (6, "điểm a khoản 2 Điều 2"),
        (7, "Điều 3"),
    ]
    assert [row.is_general for row in synthesis.rows] == [True, True] + [False] * 5


def test_comments_sharing_a_disposition_form_one_row(synthesis):
    row = synthesis.rows[5]
    assert row.agencies == "Bộ Tư pháp, Bộ Y tế, UBND tỉnh An Giang"
    assert [comment.agency_name for comment in row.comments] == ["Bộ Tư pháp", "Bộ Y tế", "UBND tỉnh An Giang"]
    assert (row.decision_label, row.explanation) == ("Tiếp thu một phần", "Đã chỉnh sửa khái niệm tại khoản 3 Điều 2.")
    assert row.clause_text.startswith("a) Cơ quan nhà nước")


def test_decision_labels_and_undecided(synthesis):
    labels = [row.decision_label for row in synthesis.rows]
    assert labels == ["Chưa xử lý", "Ghi nhận", "Tiếp thu", "Chưa xử lý", "Giải trình", "Tiếp thu một phần", ""]


def test_uncommented_clause_is_an_agreed_row(synthesis):
    row = synthesis.rows[-1]
    assert row.is_agreed and row.comments[0].text == "Nhất trí" and row.agency_names == ()


def test_hide_uncommented_drops_agreed_rows():
    synthesis = compile_synthesis(consultation(), hide_uncommented=True, generated_on=GENERATED_ON)
    assert [row.ref for row in synthesis.rows][-1] == "điểm a khoản 2 Điều 2"
    assert not any(row.is_agreed for row in synthesis.rows)
    assert [row.number for row in synthesis.rows] == list(range(1, 7))


def test_late_unused_reply_is_counted_but_not_in_rows(synthesis):
    texts = [comment.text for row in synthesis.rows for comment in row.comments]
    assert "Ý kiến gửi quá hạn, không được sử dụng." not in texts
    assert "Bản nháp chưa gửi của Đà Nẵng." not in texts
    assert INJECTION in texts  # the compiler keeps text as is; escaping is the exporters' job


def test_using_the_late_reply_brings_its_comment_back():
    data = consultation()
    replies = [dataclasses.replace(r, is_used=True) if r.agency_id == 6 else r for r in data.replies]
    synthesis = compile_synthesis(dataclasses.replace(data, replies=replies), generated_on=GENERATED_ON)
    assert synthesis.summary.replied_late_used == 2 and synthesis.summary.replied_late_unused == 0
    assert synthesis.summary.comments_total == 9
    assert "UBND tỉnh Đắk Lắk" in [row.agencies for row in synthesis.rows]


def test_header_lines(synthesis):
    assert synthesis.date_line == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert synthesis.draft_line == "Dự thảo Nghị định quy định về dữ liệu mở"
    second = compile_synthesis(consultation(round_number=2), generated_on=GENERATED_ON)
    assert second.draft_line == "Dự thảo Nghị định quy định về dữ liệu mở (lần 2)"


def test_summary_points_carry_the_counts(synthesis):
    first, second, silence, results = synthesis.summary_points
    assert first.startswith("1. ") and "gửi 9 cơ quan" in first and "4 bộ, cơ quan ngang bộ" in first
    assert second.startswith("2. ") and "của 6 cơ quan" in second and "tổng số 8 ý kiến" in second
    assert silence.startswith("3 cơ quan không có văn bản trả lời")
    assert results == "Kết quả cụ thể như sau:"


def test_unknown_agency_or_clause_is_refused():
    data = consultation()
    with pytest.raises(ValueError, match="cơ quan"):
        compile_synthesis(
            dataclasses.replace(data, replies=[*data.replies, ReplyIn(99, "agree_entirely", data.deadline_at)]),
            generated_on=GENERATED_ON,
        )
    with pytest.raises(ValueError, match="điều khoản"):
        compile_synthesis(
            dataclasses.replace(data, comments=[*data.comments, CommentIn(50, 1, 999, "x")]),
            generated_on=GENERATED_ON,
        )


def test_vietnamese_sort_key_orders_letters_then_tones():
    words = ["Đà Nẵng", "Cần Thơ", "Dân", "An Giang", "Anh", "mạ", "ma", "mã", "mà", "mả", "má", "Ưu", "Uy"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "An Giang",
        "Anh",
        "Cần Thơ",
        "Dân",
        "Đà Nẵng",
        "ma",
        "mà",
        "má",
        "mả",
        "mã",
        "mạ",
        "Uy",
        "Ưu",
    ]


def test_compiler_output_is_deterministic():
    first = compile_synthesis(consultation(), generated_on=GENERATED_ON)
    reversed_input = consultation(
        comments=tuple(reversed(consultation().comments)), clauses=tuple(reversed(consultation().clauses))
    )
    assert compile_synthesis(reversed_input, generated_on=GENERATED_ON) == first


# --- the clock: who is silent, who may still reply -------------------------------------------------------------


def _with_windows(extended: dict[str, timedelta] | None = None, **changes):
    """The fixed consultation with each recipient's window; ``extended`` gives agencies (by code) more time."""
    data = consultation(**changes)
    extended = extended or {}

    def window(agency):
        extension = extended.get(agency.code)
        return Window(
            is_sent=True,
            is_closed_by_team=False,
            opens_at=data.deadline_at - timedelta(days=20),
            deadline_at=data.deadline_at,
            extended_until=data.deadline_at + extension if extension else None,
            accepts_late=True,
            silence_is_agreement=data.silence_is_agreement,
        )

    return dataclasses.replace(
        data, recipients=tuple(dataclasses.replace(a, window=window(a)) for a in data.recipients)
    )


def test_before_the_deadline_nobody_is_taken_to_agree():
    data = _with_windows()
    synthesis = compile_synthesis(data, generated_on=GENERATED_ON, now=data.deadline_at - timedelta(hours=1))
    summary = synthesis.summary
    assert summary.silent_agreeing == () and summary.silent_not_counted == ()
    assert [agency.code for agency in summary.pending] == ["THVN", "DNG", "VIA"]
    assert synthesis.is_provisional and synthesis.provisional_note == wording.PROVISIONAL_NOTE
    note, first, second, silence, results = synthesis.summary_points
    assert note.startswith("Bản tổng hợp tạm thời: đợt lấy ý kiến chưa kết thúc")
    assert silence.startswith("3 cơ quan chưa trả lời và chưa hết hạn góp ý, chưa được tính là nhất trí; 0 cơ quan")
    title, groups = wording.annex(synthesis)
    assert title == "Phụ lục: Danh sách cơ quan chưa có văn bản trả lời"
    assert [label for label, _ in groups] == [
        "Cơ quan thuộc Chính phủ - chưa trả lời (chưa hết hạn)",
        "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương - chưa trả lời (chưa hết hạn)",
        "Cơ quan, tổ chức khác - chưa trả lời (chưa hết hạn)",
    ]


def test_an_extended_agency_is_pending_until_its_own_deadline():
    data = _with_windows({"DNG": timedelta(days=3)})
    synthesis = compile_synthesis(data, generated_on=GENERATED_ON, now=data.deadline_at + timedelta(days=1))
    summary = synthesis.summary
    assert [agency.code for agency in summary.silent_agreeing] == ["THVN", "VIA"]
    assert [agency.code for agency in summary.pending] == ["DNG"]
    assert synthesis.is_provisional
    _, groups = wording.annex(synthesis)
    assert groups[0] == (
        "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương - chưa trả lời (chưa hết hạn)",
        ["Ủy ban nhân dân thành phố Đà Nẵng"],
    )
    assert groups[1][0] == "Cơ quan thuộc Chính phủ - không trả lời, được hiểu là nhất trí"


def test_after_every_deadline_the_synthesis_is_final_and_the_same_as_without_a_clock():
    data = _with_windows({"DNG": timedelta(days=3)}, silence_is_agreement=False)
    synthesis = compile_synthesis(data, generated_on=GENERATED_ON, now=data.deadline_at + timedelta(days=3))
    assert not synthesis.is_provisional and synthesis.provisional_note == ""
    assert [agency.code for agency in synthesis.summary.silent_not_counted] == ["THVN", "DNG", "VIA"]
    assert synthesis.summary.pending == ()
    without_clock = compile_synthesis(data, generated_on=GENERATED_ON)
    assert (synthesis.summary, synthesis.summary_points) == (without_clock.summary, without_clock.summary_points)


def test_compiling_with_a_clock_needs_every_window():
    with pytest.raises(ValueError, match="Thiếu thời hạn góp ý"):
        compile_synthesis(consultation(), generated_on=GENERATED_ON, now=consultation().deadline_at)


@pytest.mark.parametrize("page", [slice(0, 2), slice(2, 5), slice(4, 400), slice(400, 600)])
def test_a_page_of_rows_is_the_whole_tables_slice_with_the_whole_figures(synthesis, page):
    """The on-screen table builds one page of rows: numbered as in the whole table, figures of the whole."""
    paged = compile_synthesis(consultation(), generated_on=GENERATED_ON, page=page)
    assert paged.rows == synthesis.rows[page]
    assert paged.row_count == len(synthesis.rows) and paged.undecided == synthesis.undecided
    assert paged.summary == synthesis.summary
    assert synthesis.undecided == sum(1 for row in synthesis.rows if not row.is_agreed and row.decision is None)


def test_an_unknown_decision_is_refused_outside_the_page_too():
    data = consultation()
    bad = dataclasses.replace(data.dispositions[0], decision="maybe")
    broken = dataclasses.replace(data, dispositions=(bad, *data.dispositions[1:]))
    with pytest.raises(ValueError, match="Kết quả xử lý không hợp lệ"):
        compile_synthesis(broken, generated_on=GENERATED_ON, page=slice(0, 0))
