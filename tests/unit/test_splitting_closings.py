"""A paragraph that closes a list of points belongs to the khoản (or Điều) that holds the points, not to the last
point; a paragraph that goes on with the last point stays with it (commentsvc/drafts/closings.py)."""

from __future__ import annotations

import pytest

from commentsvc.drafts.corrections import change_kind, merge_into_previous, split_off
from commentsvc.drafts.forms import UNIT_KIND_LABELS
from commentsvc.drafts.splitting import split_bytes, split_path_document
from tests.unit.corpus import CORPUS
from tests.unit.docx_factory import DocxFactory

HEAD = ["Căn cứ Luật Lưu trữ;", "Điều 5. Tài liệu hạn chế sử dụng"]
INTRO = "2. Tài liệu hạn chế sử dụng có một trong các đặc điểm sau đây:"
CLOSED = [INTRO, "a) Tài liệu có nội dung nhạy cảm;", "b) Tài liệu bị hư hỏng nặng;", "c) Tài liệu đang được xử lý."]
AFTER = ["3. Việc sử dụng tài liệu được thực hiện theo quy định."]


def _units(lines: list[str]):
    return split_bytes("\n".join(lines).encode())


def _docx_units(lines: list[str]):
    factory = DocxFactory()
    for line in lines:
        factory.para(line)
    return split_bytes(factory.to_bytes())


def _by_ref(units):
    return {unit.ref: unit for unit in units}


def _outline(units):
    return [(unit.kind, unit.ref, unit.parent) for unit in units]


@pytest.mark.parametrize("read", [_units, _docx_units], ids=["text", "docx"])
def test_paragraph_after_a_closed_list_of_points_closes_the_khoan(read):
    closing = "Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng."
    units = read([*HEAD, "1. Tài liệu được sử dụng rộng rãi.", *CLOSED, closing, *AFTER])
    by_ref = _by_ref(units)
    khoan = by_ref["khoản 2 Điều 5"]
    assert [(kind, ref) for kind, ref, _ in _outline(units)][3:] == [
        ("clause", "khoản 2 Điều 5"),
        ("point", "điểm a khoản 2 Điều 5"),
        ("point", "điểm b khoản 2 Điều 5"),
        ("point", "điểm c khoản 2 Điều 5"),
        ("closing", "đoạn thứ hai khoản 2 Điều 5"),  # after the points, in the document's order
        ("clause", "khoản 3 Điều 5"),
    ]
    unit = by_ref["đoạn thứ hai khoản 2 Điều 5"]
    assert unit.paragraphs == [closing]
    assert unit.parent == khoan.position and unit.depth == khoan.depth + 1
    assert by_ref["điểm c khoản 2 Điều 5"].paragraphs == ["c) Tài liệu đang được xử lý."]
    assert by_ref["khoản 3 Điều 5"].parent == by_ref["Điều 5"].position


def test_paragraph_referring_back_to_the_points_closes_the_khoan_whatever_the_punctuation():
    closing = "Việc xử lý tài liệu quy định tại các điểm a, b và c khoản này do người đứng đầu cơ quan quyết định."
    lines = [INTRO, "a) Tài liệu có nội dung nhạy cảm;", "b) Tài liệu bị hư hỏng nặng;", "c) Tài liệu đang xử lý;"]
    units = _units([*HEAD, *lines, closing, *AFTER])
    assert _by_ref(units)["đoạn thứ hai khoản 2 Điều 5"].paragraphs == [closing]
    # a reference to the khoản as a whole, or a range of points, does too
    for text in ("Danh mục tài liệu quy định tại khoản này do Bộ Nội vụ ban hành.", "Các điểm a đến điểm c áp dụng."):
        assert _by_ref(_units([*HEAD, *lines, text]))["đoạn thứ hai khoản 2 Điều 5"].paragraphs == [text]


def test_every_paragraph_after_the_closing_one_is_a_closing_paragraph_of_its_own():
    first, second = "Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng.", "Người đứng đầu quyết định việc sử dụng."
    units = _units([*HEAD, *CLOSED, first, second, *AFTER])
    by_ref = _by_ref(units)
    assert by_ref["đoạn thứ hai khoản 2 Điều 5"].paragraphs == [first]
    assert by_ref["đoạn thứ ba khoản 2 Điều 5"].paragraphs == [second]
    assert by_ref["đoạn thứ ba khoản 2 Điều 5"].parent == by_ref["khoản 2 Điều 5"].position


@pytest.mark.parametrize(
    ("last_point", "paragraph"),
    [
        # a title point: its body follows it
        ("c) Đăng ký văn bản bằng Hệ thống", "Văn bản được đăng ký bằng Hệ thống phải được in ra giấy."),
        # the point announces what follows, or its sentence goes on
        ("c) Hồ sơ gồm các tài liệu sau:", "Tờ trình, báo cáo và danh mục tài liệu."),
        ("c) Tài liệu đang được xử lý,", "Trừ tài liệu đã được giải mật."),
        # a paragraph starting in lower case continues the point
        ("c) Tài liệu đang được xử lý.", "trường hợp này do người đứng đầu quyết định."),
        # the paragraph says it is part of the point
        ("c) Tài liệu đang được xử lý.", "Thời hạn quy định tại điểm này không quá 30 ngày."),
    ],
)
def test_paragraph_that_goes_on_with_the_last_point_stays_in_it(last_point, paragraph):
    units = _units([*HEAD, *CLOSED[:-1], last_point, paragraph, *AFTER])
    assert "closing" not in {unit.kind for unit in units}
    assert _by_ref(units)["điểm c khoản 2 Điều 5"].paragraphs == [last_point, paragraph]


def test_points_with_paragraphs_of_their_own_keep_the_last_points_next_paragraph():
    """A resolution whose every point has its example: the example after the last point is that point's."""
    lines = [
        INTRO,
        "a) Mức lãi suất không vượt quá giới hạn;",
        "Ví dụ 1: Ông A cho bà B vay với lãi suất 18%/năm.",
        "b) Lãi suất được thỏa thuận.",
        "Ví dụ 2: Ông A cho bà B vay không có lãi.",
    ]
    units = _units([*HEAD, *lines, *AFTER])
    assert "closing" not in {unit.kind for unit in units}
    assert _by_ref(units)["điểm b khoản 2 Điều 5"].paragraphs[-1] == "Ví dụ 2: Ông A cho bà B vay không có lãi."
    # a paragraph of the last point that refers to another point is the point's too, in such a list
    lines[-1] = "Ví dụ 2: Trường hợp quy định tại điểm a khoản này không áp dụng."
    assert "closing" not in {unit.kind for unit in _units([*HEAD, *lines, *AFTER])}
    # but one referring back to the points as a whole closes the khoản
    lines.append("Việc áp dụng các điểm a và b khoản này do Tòa án quyết định.")
    assert _by_ref(_units([*HEAD, *lines, *AFTER]))["đoạn thứ hai khoản 2 Điều 5"].paragraphs == [lines[-1]]


def test_points_ending_in_full_stops_keep_a_further_paragraph_unless_it_refers_back():
    lines = [INTRO, "a) Tài liệu có nội dung nhạy cảm.", "b) Tài liệu đang được xử lý."]
    units = _units([*HEAD, *lines, "Tài liệu được trình bày tại ô số 5b.", *AFTER])
    assert "closing" not in {unit.kind for unit in units}
    units = _units([*HEAD, *lines, "Trường hợp quy định tại điểm a thì không được sao chụp.", *AFTER])
    assert _by_ref(units)["đoạn thứ hai khoản 2 Điều 5"].kind == "closing"
    # the khoản named as a whole closes it, even after points with paragraphs of their own
    for text in ("Chính phủ quy định chi tiết khoản này.", "Bộ trưởng hướng dẫn thi hành khoản này."):
        units = _units([*HEAD, lines[0], lines[1], "Ví dụ: tài liệu mật.", lines[2], text, *AFTER])
        assert _by_ref(units)["đoạn thứ hai khoản 2 Điều 5"].paragraphs == [text]
    # points of another khoản are not this list: "điểm a, b khoản 1 Điều 7" is a cross-reference
    units = _units([*HEAD, *lines, "Tài liệu thuộc điểm a, b khoản 1 Điều 7 được sử dụng.", *AFTER])
    assert "closing" not in {unit.kind for unit in units}


def test_points_directly_under_an_article_and_dashes_under_a_khoan_are_closed_too():
    lines = [
        "Căn cứ Luật Lưu trữ;",
        "Điều 6. Hồ sơ nộp lưu",
        "Hồ sơ nộp lưu gồm:",
        "a) Mục lục hồ sơ;",
        "b) Hồ sơ, tài liệu nộp lưu.",
        "Hồ sơ quy định tại Điều này được lập thành hai bộ.",
        "Điều 7. Thời hạn",
        "1. Tài liệu gồm:",
        "- Tài liệu giấy;",
        "- Tài liệu điện tử.",
        "Tài liệu được nộp lưu trong 10 năm.",
        "2. Khoản hai.",
    ]
    by_ref = _by_ref(_units(lines))
    assert by_ref["đoạn thứ ba Điều 6"].parent == by_ref["Điều 6"].position  # after "Điều 6. …", "Hồ sơ … gồm:"
    assert by_ref["đoạn thứ hai khoản 1 Điều 7"].parent == by_ref["khoản 1 Điều 7"].position
    assert by_ref["gạch đầu dòng thứ hai khoản 1 Điều 7"].paragraphs == ["- Tài liệu điện tử."]


def test_last_point_with_dashes_then_a_closing_paragraph():
    dashes = ["b) Tài liệu gồm:", "- bản giấy;", "- bản điện tử."]
    lines = [*HEAD, INTRO, "a) Tài liệu mật;", *dashes, "Danh mục do Bộ ban hành."]
    by_ref = _by_ref(_units(lines))
    assert by_ref["đoạn thứ hai khoản 2 Điều 5"].paragraphs == ["Danh mục do Bộ ban hành."]
    assert by_ref["gạch đầu dòng thứ hai điểm b khoản 2 Điều 5"].paragraphs == ["- bản điện tử."]


def test_reviewer_can_move_a_paragraph_between_the_point_and_the_khoan():
    closing = "Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng."
    units = _units([*HEAD, *CLOSED, closing, *AFTER])
    index = next(unit.position for unit in units if unit.kind == "closing")
    # back into point c: merged, or made a plain paragraph (which belongs to the unit above it)
    merged = merge_into_previous(units, index)
    assert _by_ref(merged)["điểm c khoản 2 Điều 5"].paragraphs[-1] == closing
    plain = change_kind(units, index, "paragraph")
    assert plain[index].ref == "đoạn thứ hai điểm c khoản 2 Điều 5"
    # and the other way: a paragraph split off point c, then marked as closing the khoản
    split = split_off(merged, index - 1, 1)
    assert split[index].ref == "đoạn thứ hai điểm c khoản 2 Điều 5"
    closed = change_kind(split, index, "closing", "c")
    unit = closed[index]
    assert (unit.kind, unit.label, unit.ref) == ("closing", "", "đoạn thứ hai khoản 2 Điều 5")
    assert UNIT_KIND_LABELS["closing"].startswith("Đoạn kết")


def test_corpus_law_khoan_closing_paragraphs_and_points_with_paragraphs_of_their_own():
    """Law on Archives 2011: Điều 30 khoản 2 has two closing paragraphs after a closed list; in Điều 27 khoản 3 and
    Điều 28 khoản 2 each point has a second paragraph, so the last point's keeps its own."""
    by_ref = _by_ref(split_path_document(CORPUS / "Luat-luu-tru-2011.txt").units)
    khoan = by_ref["khoản 2 Điều 30"]
    assert by_ref["đoạn thứ hai khoản 2 Điều 30"].text.startswith("Bộ Nội vụ ban hành Danh mục")
    assert by_ref["đoạn thứ ba khoản 2 Điều 30"].text.startswith("Người đứng đầu Lưu trữ lịch sử")
    assert by_ref["đoạn thứ ba khoản 2 Điều 30"].parent == khoan.position
    assert len(by_ref["điểm c khoản 2 Điều 30"].paragraphs) == 1
    assert by_ref["điểm c khoản 3 Điều 27"].paragraphs[1].startswith("Cơ quan quản lý nhà nước về lưu trữ cấp huyện")
    assert by_ref["điểm b khoản 2 Điều 28"].paragraphs[1].startswith("Hội đồng thẩm tra")


@pytest.mark.parametrize(
    ("name", "ref", "paragraphs"),
    [
        ("nd30-2020_30_2020_ND_CP.docx", "điểm b khoản 2 Điều 16", 2),  # "b) Đăng ký văn bản bằng Hệ thống"
        ("nd30-2020_30_2020_ND_CP.docx", "điểm b khoản 3 Điều 30", 3),
        ("nd30-2020_Phuluc1.docx", "điểm b khoản 5 Mục II Phần I Phụ lục I", 2),
        ("nd30-2020_Phuluc1.docx", "điểm đ khoản 7 Mục II Phần I Phụ lục I", 3),
        ("nd30-2020_Phuluc1.docx", "điểm d khoản 9 Mục II Phần I Phụ lục I", 3),  # "… bao gồm:"
        ("nghi_quyet_01_2019_NQ_HDTP.docx", "điểm c khoản 1 Điều 2", 7),  # every point has its examples
        ("nghi_quyet_01_2019_NQ_HDTP.docx", "điểm c khoản 2 Điều 5", 2),  # every point has its formula
    ],
)
def test_corpus_paragraphs_that_belong_to_the_last_point_stay_there(name, ref, paragraphs):
    units = split_path_document(CORPUS / name).units
    assert len(_by_ref(units)[ref].paragraphs) == paragraphs
    assert "closing" not in {unit.kind for unit in units}
