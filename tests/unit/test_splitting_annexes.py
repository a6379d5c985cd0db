"""Unseen documents built inline: what follows the signature is read (annexes, attached programmes, forms), each
pattern of the real documents as a general rule, and the citation grammar read back."""

from __future__ import annotations

import pytest

from commentsvc.drafts.citations import CITATION, parse_citation
from commentsvc.drafts.splitting import split_document
from commentsvc.drafts.structure import annex_opening
from tests.unit.docx_factory import (
    DRAWING_NAMESPACES,
    docx_of_body,
    docx_of_lines,
    raw_paragraph,
    replace_part,
    text_box,
)

DECISION = [
    "THỦ TƯỚNG CHÍNH PHỦ",
    "Số: 123/QĐ-TTg",
    "QUYẾT ĐỊNH",
    "Phê duyệt Chiến lược dữ liệu quốc gia",
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
    "QUYẾT ĐỊNH:",
    "Điều 1. Phê duyệt Chiến lược với các nội dung chủ yếu sau:",
    "I. QUAN ĐIỂM",
    "1. Dữ liệu là tài nguyên.",
    "Điều 2. Ban hành kèm theo Quyết định này Chương trình hành động.",
    "Điều 3. Quyết định này có hiệu lực từ ngày ký.",
]
SIGNATURE = ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KGVX.", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Nguyễn Văn A"]


def _split(lines, tables=None):
    return split_document(docx_of_lines(lines))


def test_programme_after_the_signature_is_an_annex_with_its_task_table():
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["I", "Nhóm thể chế", ""]]
    rows += [[str(n), f"Nhiệm vụ số {n} về dữ liệu", "Bộ Công an"] for n in range(1, 121)]
    split = _split(
        [
            *DECISION,
            *SIGNATURE,
            "CHƯƠNG TRÌNH HÀNH ĐỘNG",
            "THỰC HIỆN CHIẾN LƯỢC DỮ LIỆU QUỐC GIA",
            "(Ban hành kèm theo Quyết định số 123/QĐ-TTg ngày 05 tháng 01 năm 2026)",
            "I. MỤC TIÊU",
            "1. Hoàn thành cơ sở dữ liệu.",
            "II. NHIỆM VỤ",
            rows,
            "Phụ lục II",
            "DANH MỤC CƠ SỞ DỮ LIỆU",
            "1. Cơ sở dữ liệu dân cư.",
            "Mẫu số 01",
            "BÁO CÁO TÌNH HÌNH THỰC HIỆN",
            "Nơi nhận:",
            "- Bộ Khoa học và Công nghệ.",
        ]
    )
    refs = [unit.ref for unit in split.units]
    assert "Điều 3" in refs and "Chương trình hành động" in refs
    annex = next(unit for unit in split.units if unit.ref == "Chương trình hành động")
    assert annex.kind == "annex" and annex.paragraphs[2].startswith("(Ban hành kèm theo")
    assert "khoản 1 Mục I Chương trình hành động" in refs
    assert "dòng 105 Mục II Chương trình hành động" in refs  # rows of 100 and more are units too
    assert "dòng 1 dòng I Mục II Chương trình hành động" not in refs
    assert "khoản 1 Phụ lục II" in refs
    assert "Mẫu số 01 Phụ lục II" in refs
    # the form's own "Nơi nhận" is content of the form, not the end of the document
    form = next(unit for unit in split.units if unit.ref == "Mẫu số 01 Phụ lục II")
    assert "Nơi nhận:" in form.paragraphs
    assert split.units[-1].ref == "gạch đầu dòng thứ nhất Mẫu số 01 Phụ lục II"
    last_article = next(unit for unit in split.units if unit.ref == "Điều 3")
    assert last_article.paragraphs == ["Điều 3. Quyết định này có hiệu lực từ ngày ký."]
    assert split.tally.nowhere == []
    assert split.tally.characters["recipients"] == sum(map(len, ("Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KGVX.")))


def test_text_after_the_signature_that_opens_nothing_is_listed_as_nowhere():
    stray = (
        "Các bộ, ngành có trách nhiệm gửi báo cáo kết quả thực hiện về Bộ Khoa học và Công nghệ trước ngày 15 tháng 12."
    )
    split = _split([*DECISION, *SIGNATURE, stray])
    assert split.tally.nowhere == [stray]
    assert split.tally.share_in_units() < 1


def test_adoption_sentence_and_signer_end_the_last_article():
    split = _split(
        [
            "QUỐC HỘI",
            "LUẬT DỮ LIỆU",
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Điều 1. Phạm vi",
            "Luật này quy định về dữ liệu.",
            "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 thông qua "
            "ngày 30 tháng 11 năm 2024.",
            "CHỦ TỊCH QUỐC HỘI",
            "Trần Thanh Mẫn",
        ]
    )
    assert split.units[-1].paragraphs == ["Điều 1. Phạm vi", "Luật này quy định về dữ liệu."]
    assert split.tally.characters["signature"] > 100 and split.tally.nowhere == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Phần thứ nhất bao gồm từ “Kính gửi”, sau đó là tên các cơ quan", None),
        ("Phần thứ nhất", "part"),
        ("m)Dữ liệu mở là dữ liệu được công bố", "point"),
        ("3.Các cơ quan có trách nhiệm", "clause"),
        ("------------------", None),
    ],
)
def test_general_rules_for_openings(line, kind):
    split = _split(["Căn cứ Luật Dữ liệu;", "Điều 1. Phạm vi", "1. Khoản một:", line, "Điều 2. Hiệu lực"])
    found = [unit.kind for unit in split.units if unit.paragraphs[0] == line]
    assert found == ([kind] if kind else [])


def test_recitals_written_as_dashes_are_the_preamble_and_a_typed_rule_is_no_unit():
    split = _split(
        ["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "THÔNG TƯ", "-------", "- Căn cứ Luật Dữ liệu;", "- Căn cứ Nghị định 1/2025;"]
        + ["Điều 1. Phạm vi"]
    )
    assert [unit.kind for unit in split.units] == ["preamble", "article"]
    assert split.units[0].paragraphs == ["- Căn cứ Luật Dữ liệu;", "- Căn cứ Nghị định 1/2025;"]
    assert split.tally.characters["separators"] == 7


def test_table_header_and_total_rows_stay_with_the_unit_that_introduced_the_table():
    split = _split(
        [
            "Căn cứ Luật;",
            "Điều 1. Bảng điểm",
            [["STT", "Tiêu chí", "Điểm"], ["1", "Thể chế", "10"], ["", "Tổng cộng", "10"]],
        ]
    )
    article = split.units[1]
    assert article.paragraphs == ["Điều 1. Bảng điểm", "STT | Tiêu chí | Điểm", "Tổng cộng | 10"]
    assert split.units[2].ref == "dòng 1 Điều 1"


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("khoản 2 Mục I Phụ lục II", [("khoản", "2"), ("Mục", "I"), ("Phụ lục", "II")]),
        ("dòng 12 Phụ lục I", [("dòng", "12"), ("Phụ lục", "I")]),
        ("Mẫu số 01 Phụ lục", [("Mẫu số", "01"), ("Phụ lục", "")]),
        ("điểm d (thứ hai) khoản 1 Điều 5", [("điểm", "d (thứ hai)"), ("khoản", "1"), ("Điều", "5")]),
        (
            "gạch đầu dòng thứ ba điểm a khoản 2 Điều 5",
            [("gạch đầu dòng", "thứ ba"), ("điểm", "a"), ("khoản", "2"), ("Điều", "5")],
        ),
        ("Điều 5 Quy chế", [("Điều", "5"), ("Quy chế", "")]),
        ("Đề nghị sửa", None),
    ],
)
def test_parse_citation(text, pairs):
    assert parse_citation(text) == pairs


def test_every_ref_the_splitter_writes_is_read_back_by_the_citation_grammar():
    test_programme_after_the_signature_is_an_annex_with_its_task_table()  # builds without failing
    split = _split([*DECISION, *SIGNATURE, "Phụ lục I", "1. Một.", "a) A;", "- gạch;", [["1", "x"], ["1.1", "y"]]])
    for unit in split.units:
        assert CITATION.fullmatch(unit.ref), unit.ref
        assert parse_citation(unit.ref) is not None, unit.ref


def test_word_table_of_contents_is_counted_as_toc_and_text_boxes_are_read_once():
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Điều 1. Phạm vi 1</w:t></w:r></w:p>"
        + raw_paragraph("Điều 2. Hiệu lực 2", inner='<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        + raw_paragraph("Điều 3. Tổ chức thực hiện 3", style="TOC1")
    )
    second = raw_paragraph("Nội dung", inner=text_box("Ô chú thích trong bảng"))
    cell = f"<w:tbl><w:tr><w:tc>{raw_paragraph('1')}</w:tc><w:tc>{second}</w:tc></w:tr></w:tbl>"
    body = (
        raw_paragraph("Căn cứ Luật Dữ liệu;")
        + toc
        + raw_paragraph("Điều 1. Phạm vi", inner=text_box("Ghi chú trong hộp văn bản"))
        + raw_paragraph("Điều 2. Hiệu lực")
        + cell
    )
    split = split_document(docx_of_body(body))
    assert [unit.ref for unit in split.units] == ["Phần mở đầu", "Điều 1", "Điều 2", "dòng 1 Điều 2"]
    assert split.units[1].paragraphs == ["Điều 1. Phạm vi", "Ghi chú trong hộp văn bản"]
    assert split.units[3].text == "1 | Nội dung Ô chú thích trong bảng"  # once, not twice
    assert split.tally.characters["toc"] == sum(
        map(len, ("Điều 1. Phạm vi 1", "Điều 2. Hiệu lực 2", "Điều 3. Tổ chức thực hiện 3"))
    )
    assert split.tally.nowhere == []


def test_duplicate_labels_gaps_and_restarts_are_warned_with_their_place_and_refs_stay_unique():
    split = _split(
        [
            "Căn cứ Luật Dữ liệu;",
            "Điều 1. Phạm vi",
            "1. Khoản một:",
            "a) Điểm a;",
            "b) Điểm b;",
            "d) Điểm d;",
            "d) Điểm d lặp lại;",
            "2. Khoản hai.",
            "4. Khoản bốn.",
            "Điều 2. Hiệu lực",
            "Điều 1. Điều đánh số lại",
            "Điều 3. Tổ chức",
        ]
    )
    refs = [unit.ref for unit in split.units]
    assert len(refs) == len(set(refs))
    assert "điểm d (thứ hai) khoản 1 Điều 1" in refs
    assert [(w.kind, w.ref) for w in split.warnings] == [
        ("gap", "điểm d khoản 1 Điều 1"),
        ("duplicate", "điểm d (thứ hai) khoản 1 Điều 1"),
        ("gap", "khoản 4 Điều 1"),
        ("restart", "Điều 1 (thứ hai)"),
        ("gap", "Điều 3"),
    ]
    assert "“d”" in split.warnings[1].message and "điểm d (thứ hai) khoản 1 Điều 1" in split.warnings[1].message


def test_word_letters_and_inserted_provisions_are_in_order():
    split = _split(
        ["Căn cứ Luật;", "Điều 1. A", "1. K:", "a) a;", "b) b;", "c) c;", "d) d;", "e) e;", "f) f;"]
        + [
            "Điều 1a. Điều chèn",
            "Điều 2. B",
            "1. K:",
            "a) a;",
            "a1) chèn;",
            "b) b;",
            "c) c;",
            "d) d;",
            "đ) đ;",
            "e) e;",
            "g) g.",
        ]
    )
    assert split.warnings == []


def test_an_annex_heading_in_a_small_layout_table_opens_the_annex():
    header = [["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Phụ lục I Danh mục nhiệm vụ (Kèm theo Quyết định số 123/QĐ-TTg)"]]
    split = _split([*DECISION, *SIGNATURE, header, "I. NHIỆM VỤ CHUNG", "1. Xây dựng cơ sở dữ liệu."])
    annex = next(unit for unit in split.units if unit.kind == "annex")
    assert annex.ref == "Phụ lục I"
    assert annex.paragraphs == [header[0][1], header[0][0]]
    assert [unit.ref for unit in split.units][-2:] == ["Mục I Phụ lục I", "khoản 1 Mục I Phụ lục I"]
    assert split.tally.nowhere == []


def test_markdown_italics_recipients_rules_and_list_marks_before_labels():
    text = "\n".join(
        ["# THÔNG TƯ", "---", "Căn cứ Luật Dữ liệu;", "## Điều 1. Phạm vi", "1. Khoản một:", "- a) Điểm a;"]
        + ["- b) Điểm b.", "---", "*Nơi nhận:*", "- Như trên;", "**BỘ TRƯỞNG**"]
    )
    split = split_document(text.encode())
    assert [unit.ref for unit in split.units] == [
        "Phần mở đầu",
        "Điều 1",
        "khoản 1 Điều 1",
        "điểm a khoản 1 Điều 1",
        "điểm b khoản 1 Điều 1",
    ]
    assert split.tally.characters["separators"] == 6 and split.tally.characters["recipients"] > 0
    assert split.tally.nowhere == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Phụ lục I", ("annex", "I")),
        ("PHỤ LỤC", ("annex", "")),
        ("PHỤ LỤC II. DANH MỤC NHIỆM VỤ", ("annex", "II")),
        ("Phụ lục kèm theo", ("annex", "")),
        ("Phụ lục số 03", ("annex", "03")),
        ("Mẫu số 01", ("form", "01")),
        ("Mẫu số 01/BC", ("form", "01")),
        ("Biểu mẫu 02", ("form", "02")),
        ("BIỂU MẪU", ("form", "")),
        ("Phụ lục này được ban hành kèm theo Nghị định", None),
        ("Mẫu số 01 ban hành kèm theo Thông tư này là mẫu báo cáo định kỳ của các bộ, ngành và địa phương.", None),
        ("Mẫu báo cáo được gửi qua Hệ thống", None),
        ("Phụ lục văn bản hành chính giấy", None),
    ],
)
def test_annex_and_form_openings(line, expected):
    assert annex_opening(line) == expected


def test_footnotes_are_read_with_the_unit_that_refers_to_them():
    note = '<w:footnoteReference w:id="2"/>'
    body = (
        raw_paragraph("Căn cứ Luật Dữ liệu;")
        + raw_paragraph("Điều 1. Phạm vi")
        + f"<w:p><w:r><w:t>1. Dữ liệu đặc tả</w:t></w:r><w:r>{note}</w:r><w:r><w:t> được cập nhật.</w:t></w:r></w:p>"
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {DRAWING_NAMESPACES} '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Dữ liệu mô tả dữ liệu.'
        "</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    split = split_document(replace_part(docx_of_body(body), "word/footnotes.xml", footnotes))
    clause = split.units[-1]
    assert clause.ref == "khoản 1 Điều 1"
    assert clause.paragraphs == ["1. Dữ liệu đặc tả[1] được cập nhật.", "[1] Dữ liệu mô tả dữ liệu."]
    assert split.tally.nowhere == []
