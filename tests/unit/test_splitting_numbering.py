"""Word's automatic numbering gives exactly the units typed numbering gives."""

from __future__ import annotations

from commentsvc.drafts.docx_numbering import format_number, letters, roman
from commentsvc.drafts.splitting import split_bytes, units_to_json
from tests.unit.docx_factory import DocxFactory, Lvl

ARTICLE_LINES = [
    ("article", 0, "Điều 1.", "Phạm vi điều chỉnh"),
    ("clause", 1, "1.", "Nghị định này quy định về dữ liệu mở."),
    ("clause", 1, "2.", "Dữ liệu mở gồm:"),
    ("point", 2, "a)", "Dữ liệu thống kê;"),
    ("bullet", 3, "-", "số liệu theo quý;"),
    ("bullet", 3, "-", "số liệu theo năm;"),
    ("point", 2, "b)", "Dữ liệu địa lý."),
    ("article", 0, "Điều 2.", "Đối tượng áp dụng"),
    ("clause", 1, "1.", "Cơ quan nhà nước."),
    ("point", 2, "a)", "Cấp trung ương;"),
    ("point", 2, "b)", "Cấp tỉnh."),
    ("clause", 1, "2.", "Tổ chức, cá nhân có liên quan."),
]


def _typed() -> bytes:
    factory = DocxFactory()
    factory.para("Căn cứ Luật Dữ liệu ngày 30 tháng 11 năm 2024;")
    for _kind, _level, number, text in ARTICLE_LINES:
        factory.para(f"{number} {text}")
    return factory.to_bytes()


def _automatic() -> bytes:
    factory = DocxFactory()
    levels = factory.abstract_num(Lvl("Điều %1."), Lvl("%2."), Lvl("%3)", fmt="lowerLetter"), Lvl("-", fmt="bullet"))
    num = factory.num(levels)
    factory.para("Căn cứ Luật Dữ liệu ngày 30 tháng 11 năm 2024;")
    for _kind, level, _number, text in ARTICLE_LINES:
        factory.para(text, num=num, level=level)
    return factory.to_bytes()


def _labels(data: bytes) -> list[str]:
    return [unit.paragraphs[0].split(" ")[0] for unit in split_bytes(data)]


def test_automatic_numbering_gives_the_same_units_as_typed_numbering():
    typed = units_to_json(split_bytes(_typed()))
    automatic = units_to_json(split_bytes(_automatic()))
    assert automatic == typed
    assert [item["ref"] for item in automatic][4:7] == [
        "điểm a khoản 2 Điều 1",
        "gạch đầu dòng thứ nhất điểm a khoản 2 Điều 1",
        "gạch đầu dòng thứ hai điểm a khoản 2 Điều 1",
    ]


def test_num_sharing_an_abstract_continues_unless_start_overridden():
    factory = DocxFactory()
    clauses = factory.abstract_num(Lvl("%1."))
    first, continued, restarted = factory.num(clauses), factory.num(clauses), factory.num(clauses, {0: 1})
    factory.para("Điều 1. Một")
    factory.para("khoản", num=first)
    factory.para("khoản", num=first)
    factory.para("Điều 2. Hai")
    factory.para("khoản", num=continued)
    factory.para("Điều 3. Ba")
    factory.para("khoản", num=restarted)
    factory.para("khoản", num=restarted)
    assert _labels(factory.to_bytes()) == ["Điều", "1.", "2.", "Điều", "3.", "Điều", "1.", "2."]


def test_lower_levels_restart_unless_lvl_restart_says_never():
    factory = DocxFactory()
    restarting = factory.num(factory.abstract_num(Lvl("%1."), Lvl("%2)", fmt="lowerLetter")))
    running = factory.num(factory.abstract_num(Lvl("%1."), Lvl("%2)", fmt="lowerLetter", restart=0)))
    for num in (restarting, running):
        factory.para("Điều 1. Một")
        for level in (0, 1, 1, 0, 1):
            factory.para("nội dung", num=num, level=level)
    assert _labels(factory.to_bytes()) == [
        *["Điều", "1.", "a)", "b)", "2.", "a)"],
        *["Điều", "1.", "a)", "b)", "2.", "c)"],
    ]


def test_multilevel_items_roman_headings_and_start_values():
    factory = DocxFactory()
    num = factory.num(factory.abstract_num(Lvl("%1.", fmt="upperRoman"), Lvl("%2."), Lvl("%2.%3.")))
    late = factory.num(factory.abstract_num(Lvl("%1.", start=5)))
    for level, text in ((0, "MỤC ĐÍCH"), (1, "Mục đích"), (2, "Chỉ số"), (2, "Chỉ số"), (0, "YÊU CẦU")):
        factory.para(text, num=num, level=level)
    factory.para("nội dung", num=late)
    units = split_bytes(factory.to_bytes())
    assert [(unit.kind, unit.ref) for unit in units] == [
        ("heading", "Mục I"),
        ("clause", "khoản 1 Mục I"),
        ("item", "tiểu mục 1.1 Mục I"),
        ("item", "tiểu mục 1.2 Mục I"),
        ("heading", "Mục II"),
        ("clause", "khoản 5 Mục II"),
    ]


def test_numbering_inherited_from_style_through_based_on_and_switched_off_by_num_id_zero():
    factory = DocxFactory()
    num = factory.num(factory.abstract_num(Lvl("Điều %1.")))
    factory.style("Dieu goc", num=num, level=0)
    factory.style("Dieu", based_on="Dieu goc")
    factory.para("Phạm vi điều chỉnh", style="Dieu")
    off = factory.para("Đoạn không đánh số", style="Dieu")
    num_pr = off._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 0
    factory.para("Đối tượng áp dụng", style="Dieu")
    units = split_bytes(factory.to_bytes())
    assert [unit.paragraphs for unit in units] == [
        ["Điều 1. Phạm vi điều chỉnh", "Đoạn không đánh số"],
        ["Điều 2. Đối tượng áp dụng"],
    ]


def test_style_linked_to_a_list_level_by_p_style():
    factory = DocxFactory()
    abstract = factory.abstract_num(Lvl("%1."), Lvl("%2)", fmt="lowerLetter", style="Diem"))
    num = factory.num(abstract)
    factory.style("Diem", num=num)  # no ilvl: the level is the one whose pStyle names the style
    factory.para("Điều 1. Một")
    factory.para("khoản", num=num, level=0)
    factory.para("điểm", style="Diem")
    assert [unit.ref for unit in split_bytes(factory.to_bytes())] == [
        "Điều 1",
        "khoản 1 Điều 1",
        "điểm a khoản 1 Điều 1",
    ]


def test_plus_bullets_nest_under_dashes():
    factory = DocxFactory()
    num = factory.num(factory.abstract_num(Lvl("-", fmt="bullet"), Lvl("+", fmt="bullet")))
    factory.para("Điều 1. Một")
    factory.para("1. Khoản")
    for level in (0, 1, 1, 0):
        factory.para("ý", num=num, level=level)
    assert [unit.ref for unit in split_bytes(factory.to_bytes())][2:] == [
        "gạch đầu dòng thứ nhất khoản 1 Điều 1",
        "gạch đầu dòng thứ nhất gạch đầu dòng thứ nhất khoản 1 Điều 1",
        "gạch đầu dòng thứ hai gạch đầu dòng thứ nhất khoản 1 Điều 1",
        "gạch đầu dòng thứ hai khoản 1 Điều 1",
    ]


def test_table_numbered_automatically_in_its_stt_column():
    factory = DocxFactory()
    num = factory.num(factory.abstract_num(Lvl("%1."), Lvl("%1.%2.")))
    factory.para("I. BẢNG ĐIỂM")
    rows = [["STT", "Tiêu chí", "Điểm"], ["", "Thể chế", "10"], ["", "Kế hoạch", "5"], ["", "Hạ tầng", "5"]]
    rows += [["", "Tổng cộng", "10"]]
    factory.table(rows, numbered={1: (num, 0), 2: (num, 1), 3: (num, 1)})
    units = split_bytes(factory.to_bytes())
    assert [(unit.ref, unit.text) for unit in units][1:] == [
        ("dòng 1 Mục I", "1. | Thể chế | 10"),
        ("dòng 1.1 Mục I", "1.1. | Kế hoạch | 5"),
        ("dòng 1.2 Mục I", "1.2. | Hạ tầng | 5"),
    ]


def test_number_formats_as_word_shows_them():
    assert [letters(n) for n in (1, 4, 5, 6, 26, 27)] == ["a", "d", "e", "f", "z", "aa"]
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1994)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIV"]
    assert format_number(3, "lowerRoman") == "iii"
    assert format_number(2, "upperLetter") == "B"
    assert format_number(7, "decimalZero") == "07"
