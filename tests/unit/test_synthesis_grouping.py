"""Grouping similar comments per clause, and export file names."""

from __future__ import annotations

from datetime import date

from commentsvc.synthesis.compiler import CommentIn
from commentsvc.synthesis.grouping import group_similar, normalise_comment
from commentsvc.synthesis.naming import export_filename


def _comment(comment_id: int, text: str, clause_id: int | None = 1) -> CommentIn:
    return CommentIn(comment_id, agency_id=comment_id, clause_id=clause_id, text=text)


def _ids(groups) -> list[list[int]]:
    return [[comment.id for comment in group] for group in groups]


def test_normalise_comment():
    decomposed = "Đề nghị  LÀM RÕ\tkhái nie\u0302\u0323m: “dữ liệu mở”!"
    assert normalise_comment(decomposed) == "đề nghị làm rõ khái niệm dữ liệu mở"


def test_identical_after_normalising_form_one_group():
    comments = [
        _comment(1, "Đề nghị làm rõ khái niệm dữ liệu mở."),
        _comment(2, "đề nghị làm rõ khái niệm “DỮ LIỆU MỞ”"),
    ]
    assert _ids(group_similar(comments)) == [[1, 2]]


def test_nearly_identical_join_and_different_stay_apart():
    comments = [
        _comment(1, "Đề nghị làm rõ khái niệm dữ liệu mở tại khoản này."),
        _comment(2, "Đề nghị bổ sung quy định chuyển tiếp cho các dự án đang triển khai."),
        _comment(3, "Đề nghị làm rõ khái niệm dữ liệu mở tại khoản nay."),  # one tone mark lost
        _comment(4, "Khái niệm dữ liệu mở đề nghị làm rõ tại khoản này."),  # same words, another order
    ]
    assert _ids(group_similar(comments)) == [[1, 3, 4], [2]]


def test_threshold_is_adjustable():
    comments = [_comment(1, "Đề nghị làm rõ khái niệm dữ liệu mở."), _comment(2, "Đề nghị làm rõ khái niệm dữ liệu.")]
    assert _ids(group_similar(comments, threshold=99)) == [[1], [2]]
    assert _ids(group_similar(comments, threshold=80)) == [[1, 2]]


def test_groups_never_cross_clauses_and_keep_first_appearance_order():
    comments = [
        _comment(1, "Đề nghị làm rõ.", clause_id=7),
        _comment(2, "Đề nghị làm rõ.", clause_id=None),
        _comment(3, "Đề nghị làm rõ.", clause_id=7),
        _comment(4, "Đề nghị làm rõ.", clause_id=3),
    ]
    assert _ids(group_similar(comments)) == [[1, 3], [2], [4]]
    assert _ids(group_similar(comments)) == _ids(group_similar(list(comments)))


def test_export_filename_is_ascii_slug():
    name = export_filename("Dự thảo Nghị định dữ liệu mở", 1, date(2026, 11, 23), "docx")
    assert name == "tong-hop-y-kien_du-thao-nghi-dinh-du-lieu-mo_lan-1_2026-11-23.docx"


def test_export_filename_drops_path_characters():
    name = export_filename("../../etc/ĐƯỜNG BỘ Ấy", 2, date(2026, 1, 5), ".XLSX")
    assert name == "tong-hop-y-kien_etc-duong-bo-ay_lan-2_2026-01-05.xlsx"
    assert name.isascii() and "/" not in name
