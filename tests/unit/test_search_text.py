from __future__ import annotations

import unicodedata

from commentsvc.search.text import Query, fold, highlight


def test_fold_drops_every_vietnamese_mark_and_d_stroke():
    assert fold("Đề nghị TIẾP THU ý kiến ưu tiên Ượng") == "de nghi tiep thu y kien uu tien uong"
    assert fold(unicodedata.normalize("NFD", "khái niệm")) == "khai niem"


def test_query_syntax_is_safe_for_both_databases():
    query = Query.parse('tiếp "thu" OR NEAR(a) -x*')
    assert query.terms == ("tiep", "thu", "or", "near", "a", "x")
    assert query.fts5() == '"tiep" "thu" "or" "near" "a" "x"*'
    assert query.tsquery() == "tiep & thu & or & near & a & x:*"
    assert not Query.parse(" ... ")


def test_highlight_marks_matches_with_their_marks_and_escapes():
    query = Query.parse("tiep th")
    assert str(highlight("<b>Tiếp thu</b>, tiếp tục", query)) == (
        "&lt;b&gt;<mark>Tiếp</mark> <mark>thu</mark>&lt;/b&gt;, <mark>tiếp</mark> tục"
    )
    long = "mở đầu " * 100 + "tiếp thu" + " kết thúc" * 100
    window = str(highlight(long, query, width=80))
    assert window.startswith("…") and window.endswith("…") and "<mark>tiếp</mark>" in window and len(window) < 200


def test_query_found_in_a_title_needs_every_word():
    title = "Lấy ý kiến Thông tư hướng dẫn kết nối dữ liệu"
    assert Query.parse("KET NOI du").found_in(title)
    assert Query.parse(unicodedata.normalize("NFD", "thông tư")).found_in(title)
    assert not Query.parse("ket noi mo").found_in(title)
    assert not Query.parse("ket").found_in("Nghị định về dữ liệu mở")
    assert Query.parse("").found_in(title)
