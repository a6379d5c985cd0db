"""Word-level diff of two versions of a clause."""

from __future__ import annotations

import random
import unicodedata

import pytest

from commentsvc.revisions.wordiff import Segment, diff_words, render_html, tokenise


def old_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "insert")


def new_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "delete")


def test_a_tone_mark_is_a_changed_word():
    assert diff_words("Mục tiêu tổng quát", "Mục tiếu tổng quát") == [
        Segment("equal", "Mục "),
        Segment("delete", "tiêu"),
        Segment("insert", "tiếu"),
        Segment("equal", " tổng quát"),
    ]


def test_inserted_words_only():
    assert diff_words(
        "Các bộ, ngành gửi ý kiến bằng văn bản.",
        "Các bộ, ngành gửi ý kiến bằng văn bản điện tử.",
    ) == [
        Segment("equal", "Các bộ, ngành gửi ý kiến bằng văn bản"),
        Segment("insert", " điện tử"),
        Segment("equal", "."),
    ]


def test_deleted_words_only():
    assert diff_words(
        "Ủy ban nhân dân cấp tỉnh chủ trì, phối hợp triển khai.",
        "Ủy ban nhân dân cấp tỉnh chủ trì triển khai.",
    ) == [
        Segment("equal", "Ủy ban nhân dân cấp tỉnh chủ trì"),
        Segment("delete", ", phối hợp"),
        Segment("equal", " triển khai."),
    ]


def test_neighbouring_changed_words_form_one_change_and_dates_are_one_word():
    assert diff_words(
        "Gửi ý kiến trước ngày 09/3/2021 cho Bộ Thông tin và Truyền thông;",
        "Gửi ý kiến trước ngày 15/3/2021 cho Bộ Khoa học và Công nghệ.",
    ) == [
        Segment("equal", "Gửi ý kiến trước ngày "),
        Segment("delete", "09/3/2021"),
        Segment("insert", "15/3/2021"),
        Segment("equal", " cho Bộ "),
        Segment("delete", "Thông tin"),
        Segment("insert", "Khoa học"),
        Segment("equal", " và "),
        Segment("delete", "Truyền thông;"),
        Segment("insert", "Công nghệ."),
    ]


def test_changed_punctuation_leaves_the_word_alone():
    assert diff_words("bảo đảm an toàn;", "bảo đảm an toàn.") == [
        Segment("equal", "bảo đảm an toàn"),
        Segment("delete", ";"),
        Segment("insert", "."),
    ]


def test_whitespace_is_kept_exactly():
    segments = diff_words("a  b\tc\n", "a  x\tc\n")
    assert segments == [
        Segment("equal", "a  "),
        Segment("delete", "b"),
        Segment("insert", "x"),
        Segment("equal", "\tc\n"),
    ]


def test_identical_and_empty_texts():
    assert diff_words("Giữ nguyên.", "Giữ nguyên.") == [Segment("equal", "Giữ nguyên.")]
    assert diff_words("", "") == []
    assert diff_words("", "Mới") == [Segment("insert", "Mới")]
    assert diff_words("Cũ", "") == [Segment("delete", "Cũ")]


def test_decomposed_input_is_compared_as_nfc():
    decomposed = unicodedata.normalize("NFD", "Mục tiêu")
    assert diff_words(decomposed, "Mục tiêu") == [Segment("equal", "Mục tiêu")]


def test_tokens_keep_numbers_and_symbols_whole():
    assert tokenise("Nghị định 30/2020/NĐ-CP, 1.000 đồng;") == [
        "Nghị",
        " ",
        "định",
        " ",
        "30/2020/NĐ-CP",
        ",",
        " ",
        "1.000",
        " ",
        "đồng",
        ";",
    ]


WORDS = ["mục", "tiêu", "tiếu", "chuyển", "đổi", "số", "Bộ", "Tài", "chính", ",", ";", ".", "2025", "đ", "<b>"]


@pytest.mark.parametrize("seed", range(40))
def test_round_trip_rebuilds_both_texts(seed):
    rng = random.Random(seed)

    def text() -> str:
        return "".join(rng.choice(WORDS) + rng.choice([" ", " ", "  ", "\n", ""]) for _ in range(rng.randint(0, 25)))

    old, new = text(), text()
    segments = diff_words(old, new)
    assert (old_text(segments), new_text(segments)) == (old, new)
    assert all(segment.text for segment in segments)
    ops = [segment.op for segment in segments]
    assert all(a != b for a, b in zip(ops, ops[1:], strict=False)), "runs are coalesced"
    assert "insert" not in [a for a, b in zip(ops, ops[1:], strict=False) if b == "delete"], "deletion first"


def test_render_html_marks_changes_and_escapes_everything():
    segments = diff_words("Giữ <script>alert(1)</script> & cũ", "Giữ <b>mới</b> & mới")
    html = render_html(segments)
    assert "<script>" not in html and "<b>" not in html
    # "<", ">" and "</" are punctuation tokens common to both texts, so they stay unmarked.
    assert str(html) == (
        "Giữ &lt;<del>script</del><ins>b</ins>&gt;<del>alert(1)</del><ins>mới</ins>&lt;/<del>script</del>"
        "<ins>b</ins>&gt; &amp; <del>cũ</del><ins>mới</ins>"
    )


def test_render_html_of_plain_segments():
    html = render_html([Segment("equal", "a "), Segment("delete", "b"), Segment("insert", "c")])
    assert html == "a <del>b</del><ins>c</ins>"
    assert html.__html__() == html
