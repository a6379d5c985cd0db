"""Carry-over of round-1 comments to the revised draft: dispositions and the clauses they concern now."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from commentsvc.revisions.carryover import DROPPED, GENERAL, UNDECIDED, CommentIn, carry_over, for_agency
from commentsvc.revisions.carryover_export import CarryTitle, carryover_docx, carryover_xlsx
from commentsvc.revisions.comparison import ClauseText, LinkRow

OLD = {
    1: ClauseText(1, 0, "Điều 1", "1", "Điều 1. Phạm vi"),
    2: ClauseText(2, 1, "khoản 1 Điều 1", "1", "1. Khoản sẽ được tách làm hai."),
    3: ClauseText(3, 2, "khoản 2 Điều 1", "2", "2. Khoản bị bỏ."),
    4: ClauseText(4, 3, "Điều 2", "2", "Điều 2. Điều được đánh số lại"),
}
NEW = {
    11: ClauseText(11, 0, "Điều 1", "1", "Điều 1. Phạm vi"),
    12: ClauseText(12, 1, "khoản 1 Điều 1", "1", "1. Khoản sẽ được tách"),
    13: ClauseText(13, 2, "khoản 2 Điều 1", "2", "2. làm hai."),
    14: ClauseText(14, 3, "Điều 3", "3", "Điều 3. Điều được đánh số lại"),
}
LINKS = [
    LinkRow(1, OLD[1], NEW[11], "same", 1.0),
    LinkRow(2, OLD[2], NEW[13], "split", 0.9),  # stored out of order: the targets come back in the new order
    LinkRow(3, OLD[2], NEW[12], "split", 0.9),
    LinkRow(4, OLD[3], None, "deleted", 0.0),
    LinkRow(5, OLD[4], NEW[14], "renumbered", 1.0),
]


def comment(id_, agency_id, agency, clause_id, **kwargs) -> CommentIn:
    return CommentIn(id_, agency_id, agency, clause_id, f"Ý kiến số {id_}", **kwargs)


def test_each_submitted_comment_gets_its_decision_and_new_clauses():
    comments = [
        comment(1, 7, "Bộ Tư pháp", 4, decision="Tiếp thu", explanation="Đã sửa."),
        comment(2, 8, "Bộ Công an", 2, decision="Giải trình", explanation="Giữ như dự thảo."),
        comment(3, 8, "Bộ Công an", 3),
        comment(4, 7, "Bộ Tư pháp", None, decision="Ghi nhận"),
        comment(5, 9, "Bộ Y tế", 2, is_submitted=False),
    ]
    rows = carry_over(comments, OLD, LINKS)
    assert [row.comment_id for row in rows] == [4, 2, 3, 1]  # general first, then the old draft's order
    general, split, dropped, renumbered = rows
    assert (general.old_citation, general.new_citation, general.targets) == (GENERAL, GENERAL, ())
    assert split.new_citation == "khoản 1 Điều 1, khoản 2 Điều 1" and split.relation_label == "Tách"
    assert [t.text for t in split.targets] == ["1. Khoản sẽ được tách", "2. làm hai."]
    assert (split.decision, split.explanation) == ("Giải trình", "Giữ như dự thảo.")
    assert (dropped.new_citation, dropped.decision, dropped.relation) == (DROPPED, UNDECIDED, "deleted")
    assert (renumbered.old_citation, renumbered.new_citation) == ("Điều 2", "Điều 3")


def test_comments_on_the_same_clause_follow_the_vietnamese_alphabet():
    names = ["Ủy ban nhân dân tỉnh An Giang", "Bộ Y tế", "Bộ Công Thương", "Bộ Ngoại giao"]
    rows = carry_over([comment(i, i, name, 4) for i, name in enumerate(names)], OLD, LINKS)
    assert [row.agency_name for row in rows] == ["Bộ Công Thương", "Bộ Ngoại giao", "Bộ Y tế", names[0]]


def test_without_a_revised_version_only_decisions_are_known():
    rows = carry_over([comment(1, 7, "Bộ Tư pháp", 2, decision="Tiếp thu")], OLD, [])
    assert rows[0].targets == () and rows[0].new_citation == DROPPED and rows[0].decision == "Tiếp thu"


def test_an_agency_sees_only_its_own_comments():
    comments = [comment(1, 7, "Bộ Tư pháp", 2), comment(2, 8, "Bộ Công an", 2), comment(3, 7, "Bộ Tư pháp", None)]
    rows = for_agency(carry_over(comments, OLD, LINKS), 7)
    assert sorted(row.comment_id for row in rows) == [1, 3]


def test_the_files_reopen_with_every_row():
    comments = [
        comment(1, 7, "Bộ Tư pháp", 2, decision="Tiếp thu một phần", explanation="Sửa một phần.", proposed_wording="X"),
        comment(2, 8, "Bộ Công an\x07", 3),  # a control character pasted from elsewhere must not break the file
    ]
    rows = carry_over(comments, OLD, LINKS)
    title = CarryTitle("Dự thảo Nghị định về dữ liệu mở", 1, 2)
    document = Document(io.BytesIO(carryover_docx(title, rows)))
    assert document.paragraphs[0].text == "TÌNH HÌNH TIẾP THU, GIẢI TRÌNH Ý KIẾN LẦN 1"
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "Bộ Tư pháp",
        "khoản 1 Điều 1",
        "Ý kiến số 1\nĐề xuất sửa: X",
        "Tiếp thu một phần: Sửa một phần.",
        "khoản 1 Điều 1, khoản 2 Điều 1",
        "1. Khoản sẽ được tách\n2. làm hai.",
    ]
    assert table.rows[2].cells[1].text == "Bộ Công an" and table.rows[2].cells[5].text == DROPPED
    sheet = load_workbook(io.BytesIO(carryover_xlsx(title, rows))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[1] for row in values] == ["Bộ Tư pháp", "Bộ Công an"]
    assert values[1][4] == UNDECIDED and sheet["A1"].value == title.heading
