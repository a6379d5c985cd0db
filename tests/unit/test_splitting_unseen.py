"""Excerpts of real public documents that are not in the shared corpus, each reproducing a misfiling found by
reading their outline, kept as the general rule it stands for.

- Law on Fees and Charges, No. 97/2015/QH13 (Annex 01: "A. DANH MỤC PHÍ" / "B. DANH MỤC LỆ PHÍ", each a table
  of groups "I", "II" whose rows are numbered from 1 again in each group);
- Government Resolution No. 12/NQ-CP of 07/02/2023 (an action programme after the signature, then an annex
  table of tasks whose group rows are merged across the table: written once per column in Markdown).
"""

from __future__ import annotations

from commentsvc.drafts.citations import parse_citation
from commentsvc.drafts.splitting import split_document
from tests.unit.docx_factory import docx_of_lines

LAW = [
    "QUỐC HỘI",
    "Luật số: 97/2015/QH13",
    "LUẬT",
    "PHÍ VÀ LỆ PHÍ",
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
    "Quốc hội ban hành Luật phí và lệ phí.",
    "Điều 25. Quy định chi tiết",
    "Chính phủ quy định chi tiết các điều, khoản được giao trong Luật.",
    "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII kỳ họp thứ 10 thông qua ngày 25"
    " tháng 11 năm 2015.",
    "CHỦ TỊCH QUỐC HỘI",
    "Nguyễn Sinh Hùng",
    "PHỤ LỤC SỐ 01",
    "DANH MỤC PHÍ, LỆ PHÍ",
    "(Ban hành kèm theo Luật phí và lệ phí số 97/2015/QH13)",
]
FEES = [
    ["STT", "TÊN PHÍ", "CƠ QUAN QUY ĐỊNH"],
    ["I", "PHÍ THUỘC LĨNH VỰC NÔNG NGHIỆP, LÂM NGHIỆP, THỦY SẢN", ""],
    ["1", "Phí kiểm dịch", ""],
    ["1.1", "Phí kiểm dịch động vật, thực vật", "Bộ Tài chính"],
    ["2", "Phí kiểm soát giết mổ động vật", "Bộ Tài chính"],
    ["II", "PHÍ THUỘC LĨNH VỰC CÔNG NGHIỆP, THƯƠNG MẠI, ĐẦU TƯ, XÂY DỰNG", ""],
    ["1", "Phí sử dụng công trình kết cấu hạ tầng trong khu vực cửa khẩu", "Hội đồng nhân dân cấp tỉnh"],
]
CHARGES = [
    ["STT", "TÊN LỆ PHÍ", "CƠ QUAN QUY ĐỊNH"],
    ["I", "LỆ PHÍ QUẢN LÝ NHÀ NƯỚC LIÊN QUAN ĐẾN QUYỀN VÀ NGHĨA VỤ CỦA CÔNG DÂN", ""],
    ["1", "Lệ phí quốc tịch", "Bộ Tài chính"],
]


def _docx(*blocks) -> bytes:
    return docx_of_lines(blocks)


def test_capital_letter_headings_of_an_annex_are_parts_and_keep_their_tables_in_order():
    split = split_document(_docx(*LAW, "A. DANH MỤC PHÍ", FEES, "B. DANH MỤC LỆ PHÍ", CHARGES))
    by_ref = {unit.ref: unit for unit in split.units}
    parts = [unit for unit in split.units if unit.kind == "part"]
    assert [unit.ref for unit in parts] == ["Phần A Phụ lục 01", "Phần B Phụ lục 01"]
    assert all(split.units[unit.parent].ref == "Phụ lục 01" for unit in parts)
    # each table's header row goes with its own part, not both with the annex
    assert parts[1].paragraphs == ["B. DANH MỤC LỆ PHÍ", "STT | TÊN LỆ PHÍ | CƠ QUAN QUY ĐỊNH"]
    assert "B. DANH MỤC LỆ PHÍ" not in " ".join(split.units[parts[0].parent].paragraphs)
    assert by_ref["dòng I Phần B Phụ lục 01"].parent == parts[1].position
    assert split.warnings == []
    assert split.tally.nowhere == []


def test_rows_numbered_again_in_each_group_are_cited_with_their_group_row():
    split = split_document(_docx(*LAW, "A. DANH MỤC PHÍ", FEES))
    refs = [unit.ref for unit in split.units if unit.kind == "table_row"]
    assert refs == [
        "dòng I Phần A Phụ lục 01",
        "dòng 1 dòng I Phần A Phụ lục 01",
        "dòng 1.1 dòng I Phần A Phụ lục 01",
        "dòng 2 dòng I Phần A Phụ lục 01",
        "dòng II Phần A Phụ lục 01",
        "dòng 1 dòng II Phần A Phụ lục 01",
    ]
    assert parse_citation(refs[2]) == [("dòng", "1.1"), ("dòng", "I"), ("Phần", "A"), ("Phụ lục", "01")]
    assert not [w for w in split.warnings if w.kind in ("duplicate", "restart")]


def test_a_capital_letter_before_a_sentence_is_not_a_part():
    split = split_document(
        _docx(
            "Căn cứ Luật Tổ chức Chính phủ;",
            "Điều 1. Phạm vi điều chỉnh",
            "1. Nghị định này quy định:",
            "A. Nguyễn Văn Bình, chuyên viên, được giao theo dõi.",
        )
    )
    assert not [unit for unit in split.units if unit.kind == "part"]
    assert split.units[-1].paragraphs[-1].startswith("A. Nguyễn Văn Bình")


PROGRAMME_MD = """CHÍNH PHỦ

Số: 12/NQ-CP

NGHỊ QUYẾT

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;

QUYẾT NGHỊ:

Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động của Chính phủ.

Điều 2. Nghị quyết này có hiệu lực thi hành từ ngày ký ban hành./.

TM. CHÍNH PHỦ

THỦ TƯỚNG

PHỤ LỤC

NHIỆM VỤ, DỰ ÁN CỤ THỂ CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ

(Kèm theo Nghị quyết 12/NQ-CP ngày 07 tháng 02 năm 2023 của Chính phủ)

| TT | Nhiệm vụ, đề án, dự án | Cơ quan chủ trì thực hiện | Thời gian trình |
|---|---|---|---|
| I | Hoàn thiện pháp luật về Thủ đô | Hoàn thiện pháp luật về Thủ đô | Hoàn thiện pháp luật về Thủ đô |
| 1 | Báo cáo tổng kết thi hành Luật Thủ đô | Bộ Tư pháp | 2022 |
| 2 | Hồ sơ đề nghị xây dựng Luật Thủ đô (sửa đổi) | Bộ Tư pháp | 2022 |
| II | Phát triển văn hóa, giáo dục | Phát triển văn hóa, giáo dục | Phát triển văn hóa, giáo dục |
| 1 | Đề án cơ cấu lại hệ thống các cơ sở nghiên cứu khoa học | Bộ Khoa học và Công nghệ | 2023 |
| 2 | Báo cáo | Bộ Y tế | Bộ Y tế |
"""


def test_markdown_group_row_merged_across_the_table_is_read_once():
    split = split_document(PROGRAMME_MD.encode(), "nghi-quyet.md")
    by_ref = {unit.ref: unit for unit in split.units}
    assert by_ref["dòng I Phụ lục"].paragraphs == ["I | Hoàn thiện pháp luật về Thủ đô"]
    assert by_ref["dòng II Phụ lục"].paragraphs == ["II | Phát triển văn hóa, giáo dục"]
    assert by_ref["dòng 1 dòng II Phụ lục"].text.startswith("1 | Đề án cơ cấu lại")
    # a task row whose last two cells happen to be equal keeps both
    assert by_ref["dòng 2 dòng II Phụ lục"].paragraphs == ["2 | Báo cáo | Bộ Y tế | Bộ Y tế"]
    assert split.tally.nowhere == []


# Law on Environmental Protection Tax, No. 57/2010/QH12: Điều 3 ends with a paragraph of the Điều itself after
# its last khoản, and Điều 8 holds a table of rates whose rows are numbered again under each group "I", "II".
TAX_LAW = [
    "LUẬT",
    "THUẾ BẢO VỆ MÔI TRƯỜNG",
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992; Quốc hội ban hành Luật thuế bảo vệ môi trường,",
    "Điều 3. Đối tượng chịu thuế",
    "1. Xăng, dầu, mỡ nhờn, bao gồm:",
    "a) Xăng, trừ etanol;",
    "b) Nhiên liệu bay.",
    "8. Thuốc khử trùng kho thuộc loại hạn chế sử dụng.",
    "9. Trường hợp xét thấy cần thiết phải bổ sung đối tượng chịu thuế khác cho phù hợp với từng thời kỳ thì Ủy ban"
    " thường vụ Quốc hội xem xét, quy định.",
    "Chính phủ quy định chi tiết Điều này.",
    "Điều 8. Biểu khung thuế",
    "1. Mức thuế tuyệt đối được quy định theo Biểu khung thuế dưới đây:",
    [
        ["Số thứ tự", "Hàng hóa", "Đơn vị tính", "Mức thuế (đồng/1 đơn vị hàng hóa)"],
        ["I", "Xăng, dầu, mỡ nhờn", "", ""],
        ["1", "Xăng, trừ etanol", "Lít", "1.000-4.000"],
        ["2", "Nhiên liệu bay", "Lít", "1.000-3.000"],
        ["II", "Than đá", "", ""],
        ["1", "Than nâu", "Tấn", "10.000-30.000"],
    ],
    "2. Căn cứ vào Biểu khung thuế quy định tại Khoản 1 Điều này, Ủy ban thường vụ Quốc hội quy định mức thuế cụ thể.",
    "Mức thuế được xác định theo mức độ gây tác động xấu đến môi trường của hàng hóa.",
]


def test_a_paragraph_naming_the_article_after_its_last_clause_closes_the_article():
    split = split_document(_docx(*TAX_LAW))
    by_ref = {unit.ref: unit for unit in split.units}
    closing = by_ref["đoạn thứ hai Điều 3"]
    assert closing.kind == "closing" and closing.paragraphs == ["Chính phủ quy định chi tiết Điều này."]
    assert split.units[closing.parent].ref == "Điều 3"
    assert by_ref["khoản 9 Điều 3"].paragraphs[-1].endswith("xem xét, quy định.")
    # a further paragraph of the last khoản that does not name the Điều stays the khoản's own
    assert by_ref["khoản 2 Điều 8"].paragraphs[-1].startswith("Mức thuế được xác định")
    assert "dòng 1 dòng II khoản 1 Điều 8" in by_ref and "dòng 1 dòng I khoản 1 Điều 8" in by_ref
    assert [w.ref for w in split.warnings] == ["khoản 8 Điều 3", "Điều 8"]  # what the excerpt leaves out
    assert split.tally.nowhere == []


# Law on Planning, No. 21/2017/QH14, as plain text where each table cell is a line: the annex's group numbers
# "I", "II" stand alone above their title in capitals.
PLANNING_TAIL = """PHỤ LỤC I
DANH MỤC CÁC QUY HOẠCH NGÀNH QUỐC GIA
TT
TÊN QUY HOẠCH
I
KẾT CẤU HẠ TẦNG
1.
Quy hoạch mạng lưới đường bộ
27.
Quy hoạch hệ thống trung tâm giáo dục quốc phòng và an ninh
II
SỬ DỤNG TÀI NGUYÊN
28.
Quy hoạch tổng thể khai thác, sử dụng bền vững tài nguyên vùng bờ
"""


def test_a_roman_number_alone_above_a_title_in_capitals_is_a_heading():
    head = "\n".join(TAX_LAW[:7]) + "\n"
    split = split_document((head + PLANNING_TAIL).encode(), "luat.txt")
    by_ref = {unit.ref: unit for unit in split.units}
    assert by_ref["Mục II Phụ lục I"].paragraphs == ["II", "SỬ DỤNG TÀI NGUYÊN"]
    assert by_ref["khoản 27 Mục I Phụ lục I"].paragraphs[-1].startswith("Quy hoạch hệ thống trung tâm")
    assert split.units[by_ref["khoản 28 Mục II Phụ lục I"].parent].ref == "Mục II Phụ lục I"
    # a group number before a line that is not a title in capitals stays text of the unit above
    rates = split_document((head + "1. Mức thuế:\nI\nXăng, dầu, mỡ nhờn\n1\nXăng, trừ etanol\n").encode(), "l.txt")
    assert [unit.kind for unit in rates.units].count("heading") == 0
    assert rates.units[-1].paragraphs[1:3] == ["I", "Xăng, dầu, mỡ nhờn"]


def test_a_signer_name_above_signed_is_not_text_of_the_last_article():
    """Law No. 102-SL/L-004 of 20 May 1957 on the right of association, as published: the signer's name, then
    "(Đã ký)", with no title or "Nơi nhận" between the last article and them."""
    text = "\n".join(
        [
            "LUẬT",
            "QUY ĐỊNH QUYỀN LẬP HỘI",
            "Điều 11.",
            "Tất cả luật lệ nào trái với luật này đều bãi bỏ.",
            "Điều 12.",
            "Chính phủ quy định những chi tiết thi hành luật này.",
            "Hồ Chí Minh",
            "(Đã ký)",
        ]
    )
    split = split_document(text.encode(), "luat.txt")
    assert split.units[-1].ref == "Điều 12"
    assert split.units[-1].paragraphs == ["Điều 12.", "Chính phủ quy định những chi tiết thi hành luật này."]
    assert split.tally.characters["signature"] == len("Hồ Chí Minh") + len("(Đã ký)")
    # a last article whose own last line merely looks like a name keeps it when nothing is signed after it
    kept = split_document(text.rsplit("\n", 1)[0].encode(), "luat.txt")
    assert kept.units[-1].paragraphs[-1] == "Hồ Chí Minh"


# Decision No. 63/2006/QĐ-UBND of the People's Committee of Bình Thuận province: signed "TM. ỦY BAN NHÂN DÂN"
# (a capital with a diacritic after "TM."), then the attached regulation noted "(Ban hành theo Quyết định …)".
PROVINCIAL = [
    "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
    "Số: 63/2006/QĐ-UBND",
    "QUYẾT ĐỊNH",
    "BAN HÀNH QUY ĐỊNH VỀ HOẠT ĐỘNG CỦA CÔNG BÁO TỈNH BÌNH THUẬN",
    "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;",
    "Theo đề nghị của Chánh Văn phòng UBND tỉnh,",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này “Quy định về hoạt động của Công báo tỉnh Bình Thuận”.",
    "Điều 2. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký ban hành.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "QUY ĐỊNH",
    "VỀ HOẠT ĐỘNG CỦA CÔNG BÁO TỈNH BÌNH THUẬN",
    "(Ban hành theo Quyết định số 63/ 2006/QĐ - UBND, ngày 26 tháng 7 năm 2006 của UBND tỉnh Bình Thuận)",
    "Điều 1. Đối tượng, phạm vi điều chỉnh",
    "Quy định này quy định vị trí, chức năng của Công báo tỉnh Bình Thuận; thủ tục gửi, tiếp nhận và đăng văn bản"
    " pháp luật trên Công báo.",
]


def test_provincial_signature_and_a_regulation_issued_by_the_decision_ban_hanh_theo():
    for data, name in ((_docx(*PROVINCIAL), "qd.docx"), ("\n".join(PROVINCIAL).encode(), "qd.txt")):
        split = split_document(data, name)
        by_ref = {unit.ref: unit for unit in split.units}
        assert by_ref["Điều 2"].paragraphs == ["Điều 2. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký ban hành."]
        regulation = by_ref["Quy định"]
        assert regulation.kind == "annex" and regulation.paragraphs[0] == "QUY ĐỊNH"
        assert by_ref["Điều 1 Quy định"].paragraphs[1].startswith("Quy định này quy định")
        assert split.tally.characters["signature"] == len("TM. ỦY BAN NHÂN DÂN") + len("CHỦ TỊCH")
        assert split.tally.nowhere == []


def test_official_letter_subject_and_addressee_are_its_heading():
    """Official letter No. 2728/TCT-DNL of 18/07/2014 of the General Department of Taxation, as copied from a web
    page: the subject broken after "V/v", the addressee, then the letter's text with its dashes."""
    lines = [
        "BỘ TÀI CHÍNH",
        "TỔNG CỤC THUẾ",
        "Số: 2728/TCT-DNL",
        "V/v",
        ": Thực hiện quy định về hóa đơn.",
        "Hà Nội, ngày 18 tháng 07 năm 2014",
        "Kính gửi: Cục thuế tỉnh Đắk Nông.",
        "Trả lời công văn số 636/CT-THNVDT ngày 25/4/2014 của Cục thuế tỉnh Đắk Nông hỏi về sử dụng hóa đơn, Tổng cục"
        " Thuế có ý kiến như sau:",
        "- Về việc lập hóa đơn của VNPT Đắk Nông:",
        "Tại điểm c, Khoản 1, Điều 14 Thông tư số 153/2010/TT-BTC ngày 28/9/2010 của Bộ Tài chính quy định.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, DNL (2b).",
        "KT. TỔNG CỤC TRƯỞNG",
        "PHÓ TỔNG CỤC TRƯỞNG",
        "Cao Anh Tuấn",
    ]
    for data, name in ((_docx(*lines), "cv.docx"), ("\n".join(lines).encode(), "cv.txt")):
        split = split_document(data, name)
        assert split.units[0].kind == "paragraph"
        assert split.units[0].paragraphs == [lines[7]]
        assert [unit.ref for unit in split.units] == ["đoạn thứ nhất", "gạch đầu dòng thứ nhất"]
        heading = sum(len(line) for line in lines[:7])
        assert split.tally.characters["letterhead"] == heading
        assert split.tally.nowhere == []


def test_hard_wrapped_lines_of_a_copied_web_page_are_joined_into_their_sentence():
    """Circular No. 77/2008/TT-BTC as copied from a web page, its lines wrapped in the middle of sentences."""
    text = "\n".join(
        [
            "THÔNG TƯ",
            "HƯỚNG DẪN THI HÀNH MỘT SỐ BIỆN PHÁP XỬ LÝ NỢ ĐỌNG THUẾ",
            "Căn cứ Nghị định số 77/2003/NĐ-CP ngày 1/7/2003 của Chính phủ quy định chức",
            "năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài chính;",
            "I. GIA HẠN NỘP",
            "SỐ NỢ THUẾ",
            "1. Các trường hợp được gia hạn nộp",
            "số nợ thuế",
            "Các doanh nghiệp đang hoạt động",
            "kinh doanh còn nợ thuế do gặp khó khăn về tài chính được xử lý gia hạn gồm:",
            "a) Các doanh nghiệp phải di chuyển",
            "địa điểm kinh doanh ra khỏi nội thành, nội thị theo quy hoạch của Chính phủ;",
            "b) Các doanh nghiệp bị thiệt hại do thiên tai.",
        ]
    )
    split = split_document(text.encode(), "tt.txt")
    by_ref = {unit.ref: unit for unit in split.units}
    assert split.units[0].paragraphs == [
        "Căn cứ Nghị định số 77/2003/NĐ-CP ngày 1/7/2003 của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ"
        " cấu tổ chức của Bộ Tài chính;"
    ]
    assert by_ref["Mục I"].paragraphs == ["I. GIA HẠN NỘP", "SỐ NỢ THUẾ"]
    assert by_ref["khoản 1 Mục I"].paragraphs == [
        "1. Các trường hợp được gia hạn nộp số nợ thuế",
        "Các doanh nghiệp đang hoạt động kinh doanh còn nợ thuế do gặp khó khăn về tài chính được xử lý gia hạn gồm:",
    ]
    assert by_ref["điểm a khoản 1 Mục I"].paragraphs == [
        "a) Các doanh nghiệp phải di chuyển địa điểm kinh doanh ra khỏi nội thành, nội thị theo quy hoạch của Chính"
        " phủ;"
    ]
    assert "điểm b khoản 1 Mục I" in by_ref  # a label in lower case is never a wrapped line
