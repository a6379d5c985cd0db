"""Unseen drafts of the three kinds, built inline: recognition, citations, letterhead and signature dropping."""

from __future__ import annotations

import unicodedata

import pytest

from commentsvc.drafts.citations import ordinal
from commentsvc.drafts.splitting import split_bytes
from commentsvc.drafts.structure import classify
from tests.unit.docx_factory import DocxFactory


def _docx(lines: list[str]) -> bytes:
    factory = DocxFactory()
    for line in lines:
        factory.para(line)
    return factory.to_bytes()


def _refs(data: bytes) -> list[tuple[str, str]]:
    return [(unit.kind, unit.ref) for unit in split_bytes(data)]


def test_unseen_law_with_parts_sections_subsections_and_inserted_provisions():
    lines = [
        "QUỐC HỘI",
        "Luật số:      /2026/QH15",
        "LUẬT",
        "CÔNG NGHIỆP CÔNG NGHỆ SỐ",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Quốc hội ban hành Luật Công nghiệp công nghệ số.",
        "PHẦN THỨ NHẤT",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Chương I",
        "PHẠM VI ĐIỀU CHỈNH",
        "Mục 1. QUY ĐỊNH CHUNG",
        "Tiểu mục 1. PHẠM VI",
        "Điều 5. Phạm vi điều chỉnh",
        "1. Luật này quy định:",
        "a) Hoạt động công nghiệp công nghệ số;",
        "a1) Sản phẩm công nghệ số trọng điểm;",
        "b) Chính sách ưu đãi.",
        "Điều 5a. Điều được bổ sung",
        "Nội dung điều bổ sung.",
        "Phần thứ hai",
        "Chương II. QUẢN LÝ NHÀ NƯỚC",
        "Điều 6. Nội dung quản lý",
        "1. Ban hành chính sách.",
        "Nơi nhận:",
        "- Như trên;",
    ]
    assert _refs(_docx(lines)) == [
        ("preamble", "Phần mở đầu"),
        ("part", "Phần thứ nhất"),
        ("chapter", "Chương I"),
        ("section", "Mục 1 Chương I"),
        ("subsection", "Tiểu mục 1 Mục 1 Chương I"),
        ("article", "Điều 5"),
        ("clause", "khoản 1 Điều 5"),
        ("point", "điểm a khoản 1 Điều 5"),
        ("point", "điểm a1 khoản 1 Điều 5"),
        ("point", "điểm b khoản 1 Điều 5"),
        ("article", "Điều 5a"),
        ("part", "Phần thứ hai"),
        ("chapter", "Chương II"),
        ("article", "Điều 6"),
        ("clause", "khoản 1 Điều 6"),
    ]


def test_unseen_strategy_decision_without_signature_table():
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch chuyển đổi số năm 2026",
        "Căn cứ Nghị quyết số 57-NQ/TW;",
        "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ,",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành Kế hoạch với các nội dung sau:",
        "I. MỤC TIÊU",
        "1. Mục tiêu chung",
        "2. Chỉ tiêu cụ thể",
        "- Tỷ lệ hồ sơ trực tuyến đạt 80%;",
        "– Tỷ lệ người dân có chữ ký số đạt 50%;",
        "II. GIẢI PHÁP",
        "1. Thể chế",
        "Điều 2. Hiệu lực thi hành.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert _refs(_docx(lines)) == [
        ("preamble", "Phần mở đầu"),
        ("article", "Điều 1"),
        ("heading", "Mục I Điều 1"),
        ("clause", "khoản 1 Mục I Điều 1"),
        ("clause", "khoản 2 Mục I Điều 1"),
        ("bullet", "gạch đầu dòng thứ nhất khoản 2 Mục I Điều 1"),
        ("bullet", "gạch đầu dòng thứ hai khoản 2 Mục I Điều 1"),
        ("heading", "Mục II Điều 1"),
        ("clause", "khoản 1 Mục II Điều 1"),
        ("article", "Điều 2"),
    ]


def test_signer_title_without_nearby_recipients_ends_the_draft():
    lines = ["Điều 1. Hiệu lực", "Thông tư này có hiệu lực từ ngày ký./.", "BỘ TRƯỞNG", "Nguyễn Văn Bình"]
    units = split_bytes(_docx(lines))
    assert [unit.paragraphs for unit in units] == [["Điều 1. Hiệu lực", "Thông tư này có hiệu lực từ ngày ký./."]]


def test_unseen_methodology_with_intro_paragraph_and_scoring_table():
    factory = DocxFactory()
    for line in ("BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP TỈNH", "(Kèm theo Quyết định số 12/QĐ-BKHCN)"):
        factory.para(line)
    factory.para("Bộ chỉ số này dùng để đánh giá hằng năm mức độ chuyển đổi số của các tỉnh, thành phố.")
    factory.para("I. CHỈ SỐ VÀ ĐIỂM")
    factory.table(
        [
            ["TT", "Chỉ số", "Điểm tối đa"],
            ["1", "Nhận thức số", "10"],
            ["1.1", "Nghị quyết chuyên đề", "5"],
            ["", "(gồm cả văn bản của Ban Thường vụ)", ""],
            ["1.2", "Kế hoạch hằng năm", "5"],
            ["2", "Hạ tầng số", "20"],
            ["", "Tổng", "30"],
        ]
    )
    factory.para("Điểm của tỉnh là tổng điểm các chỉ số.")
    factory.para("II. TỔ CHỨC THỰC HIỆN")
    units = split_bytes(factory.to_bytes())
    assert [(unit.kind, unit.ref) for unit in units] == [
        ("paragraph", "đoạn thứ nhất"),
        ("heading", "Mục I"),
        ("table_row", "dòng 1 Mục I"),
        ("table_row", "dòng 1.1 Mục I"),
        ("table_row", "dòng 1.2 Mục I"),
        ("table_row", "dòng 2 Mục I"),
        ("heading", "Mục II"),
    ]
    assert units[3].paragraphs == ["1.1 | Nghị quyết chuyên đề | 5", "(gồm cả văn bản của Ban Thường vụ)"]
    assert units[1].paragraphs[-1] == "Điểm của tỉnh là tổng điểm các chỉ số."  # after the table: back to Mục I


def test_vietnamese_point_letters_in_order_with_d_stroke():
    letters = list("abcdđeghiklmnopqrstuvxy")  # Vietnamese order: no f, j, w, z; đ after d
    lines = ["Điều 1. Giải thích từ ngữ", "1. Các từ ngữ:"] + [f"{letter}) Nội dung;" for letter in letters]
    units = split_bytes(_docx(lines))
    assert [unit.label for unit in units if unit.kind == "point"] == letters
    assert units[6].ref == "điểm đ khoản 1 Điều 1"


def test_dash_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)] == [
        *["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu"],
        *["thứ bảy", "thứ tám", "thứ chín", "thứ mười", "thứ 11", "thứ 12"],
    ]
    lines = ["Điều 5. Nội dung", "1. Khoản một", "2. Khoản hai", "a) Điểm a"] + ["- ý;"] * 11
    units = split_bytes(_docx(lines))
    assert units[5].ref == "gạch đầu dòng thứ hai điểm a khoản 2 Điều 5"
    assert units[-1].ref == "gạch đầu dòng thứ 11 điểm a khoản 2 Điều 5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Điều 12. Hiệu lực", ("article", "12")),
        ("ĐIỀU 3: PHẠM VI", ("article", "3")),
        ("Chương IV. TỔ CHỨC", ("chapter", "IV")),
        ("CHƯƠNG II", ("chapter", "II")),
        ("Mục 2. CÔNG BỐ", ("section", "2")),
        ("PHẦN THỨ BA", ("part", "thứ ba")),
        ("Phần II", ("part", "II")),
        ("IX. KINH PHÍ", ("heading", "IX")),
        ("2.3. Chỉ số", ("item", "2.3")),
        ("2.3 Chỉ số", ("item", "2.3")),
        ("đ) Điểm đ", ("point", "đ")),
        ("+ ý phụ", ("bullet", "+")),
        ("• ý", ("bullet", "-")),
        ("Mục tiêu tổng quát", None),
        ("Phần lớn các cơ quan", None),
        ("Điều kiện sử dụng dữ liệu", None),
        ("2.000 người tham gia", None),
        ("Căn cứ Luật Dữ liệu", None),
        ("Việt Nam thuộc nhóm 50 nước", None),
    ],
)
def test_classify(text, expected):
    assert classify(text) == expected


def test_text_is_nfc_and_whitespace_is_normalised():
    nfd = unicodedata.normalize("NFD", "Điều 1. Phạm vi   điều chỉnh\u00a0của Nghị định")
    units = split_bytes(_docx([nfd, unicodedata.normalize("NFD", "1. Khoản thứ nhất về dữ liệu.")]))
    assert units[0].text == "Điều 1. Phạm vi điều chỉnh của Nghị định"
    assert unicodedata.is_normalized("NFC", units[1].text)
    assert units[1].ref == "khoản 1 Điều 1"


def test_plain_text_utf16_and_markdown_table():
    text = "Điều 1. Phạm vi\n\n1. Khoản một.\n| STT | Tiêu chí |\n|---|---|\n| 1 | Thể chế |\n| Tổng | |\n"
    for data in (text.encode("utf-16"), text.encode("utf-8-sig"), text.encode("utf-8")):
        assert _refs(data) == [
            ("article", "Điều 1"),
            ("clause", "khoản 1 Điều 1"),
            ("table_row", "dòng 1 khoản 1 Điều 1"),
        ]


def test_line_breaks_inside_a_paragraph_split_like_paragraphs():
    factory = DocxFactory()
    factory.para("Điều 1. Phạm vi\n1. Khoản một;\na) Điểm a.")
    assert _refs(factory.to_bytes()) == [
        ("article", "Điều 1"),
        ("clause", "khoản 1 Điều 1"),
        ("point", "điểm a khoản 1 Điều 1"),
    ]
