"""The committed sample drafts split into exactly the units a reader sees (expected lists written by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentsvc.drafts.splitting import split_path, units_to_json

DRAFTS = Path(__file__).resolve().parents[2] / "drafts"


def _clauses(parent: str, count: int) -> list[tuple[str, str]]:
    return [("clause", f"khoản {n} {parent}") for n in range(1, count + 1)]


def _points(parent: str, letters: str) -> list[tuple[str, str]]:
    return [("point", f"điểm {letter} {parent}") for letter in letters.split()]


def _dashes(parent: str, ordinals: str) -> list[tuple[str, str]]:
    return [("bullet", f"gạch đầu dòng thứ {word} {parent}") for word in ordinals.split(",")]


STRATEGY = [
    ("preamble", "Phần mở đầu"),
    ("article", "Điều 1"),
    ("heading", "Mục I Điều 1"),
    *_clauses("Mục I Điều 1", 4),
    ("heading", "Mục II Điều 1"),
    ("clause", "khoản 1 Mục II Điều 1"),
    ("clause", "khoản 2 Mục II Điều 1"),
    ("point", "điểm a khoản 2 Mục II Điều 1"),
    *_dashes("điểm a khoản 2 Mục II Điều 1", "nhất,hai,ba,tư"),
    ("point", "điểm b khoản 2 Mục II Điều 1"),
    *_dashes("điểm b khoản 2 Mục II Điều 1", "nhất,hai,ba"),
    ("point", "điểm c khoản 2 Mục II Điều 1"),
    ("heading", "Mục III Điều 1"),
    ("clause", "khoản 1 Mục III Điều 1"),
    *_points("khoản 1 Mục III Điều 1", "a b"),
    ("clause", "khoản 2 Mục III Điều 1"),
    *_points("khoản 2 Mục III Điều 1", "a b c"),
    ("clause", "khoản 3 Mục III Điều 1"),
    *_points("khoản 3 Mục III Điều 1", "a b"),
    *_dashes("điểm b khoản 3 Mục III Điều 1", "nhất,hai"),
    ("clause", "khoản 4 Mục III Điều 1"),
    *_points("khoản 4 Mục III Điều 1", "a b"),
    ("clause", "khoản 5 Mục III Điều 1"),
    ("clause", "khoản 6 Mục III Điều 1"),
    *_points("khoản 6 Mục III Điều 1", "a b"),
    ("heading", "Mục IV Điều 1"),
    ("clause", "khoản 1 Mục IV Điều 1"),
    *_points("khoản 1 Mục IV Điều 1", "a b c"),
    *_clauses("Mục IV Điều 1", 4)[1:],
    ("article", "Điều 2"),
    ("article", "Điều 3"),
]

DECREE = [
    ("preamble", "Phần mở đầu"),
    ("chapter", "Chương I"),
    ("article", "Điều 1"),
    ("article", "Điều 2"),
    *_clauses("Điều 2", 3),
    ("article", "Điều 3"),
    *_clauses("Điều 3", 4),
    ("article", "Điều 4"),  # khoản numbered automatically
    *_clauses("Điều 4", 4),
    ("article", "Điều 5"),  # automatic list restarted by a startOverride
    ("clause", "khoản 1 Điều 5"),
    *_points("khoản 1 Điều 5", "a b c"),
    ("clause", "khoản 2 Điều 5"),
    ("clause", "khoản 3 Điều 5"),
    ("article", "Điều 5a"),
    *_clauses("Điều 5a", 2),
    ("chapter", "Chương II"),
    ("section", "Mục 1 Chương II"),
    ("article", "Điều 6"),
    ("clause", "khoản 1 Điều 6"),
    *_points("khoản 1 Điều 6", "a b c d đ e"),
    ("clause", "khoản 2 Điều 6"),
    ("article", "Điều 7"),
    ("clause", "khoản 1 Điều 7"),
    *_points("khoản 1 Điều 7", "a a1 b"),
    ("clause", "khoản 2 Điều 7"),
    ("section", "Mục 2 Chương II"),
    ("article", "Điều 8"),
    *_clauses("Điều 8", 2),
    *_points("khoản 2 Điều 8", "a b"),
    ("article", "Điều 9"),
    *_clauses("Điều 9", 2),
    *_points("khoản 2 Điều 9", "a b"),
    *_dashes("điểm b khoản 2 Điều 9", "nhất,hai"),
    ("chapter", "Chương III"),
    ("article", "Điều 10"),
    *_clauses("Điều 10", 3),
    ("article", "Điều 11"),
    *_clauses("Điều 11", 2),
    ("article", "Điều 12"),
    ("article", "Điều 13"),
]

METHODOLOGY = [
    ("heading", "Mục I"),
    ("clause", "khoản 1 Mục I"),
    *_points("khoản 1 Mục I", "a b"),
    ("clause", "khoản 2 Mục I"),
    *_points("khoản 2 Mục I", "a b c"),
    ("heading", "Mục II"),
    ("clause", "khoản 1 Mục II"),
    ("item", "tiểu mục 1.1 Mục II"),
    ("item", "tiểu mục 1.2 Mục II"),
    ("item", "tiểu mục 1.3 Mục II"),
    ("clause", "khoản 2 Mục II"),
    ("heading", "Mục III"),
    *[
        ("table_row", f"dòng {n} Mục III")
        for n in ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2"]
    ],
    ("heading", "Mục IV"),
    ("clause", "khoản 1 Mục IV"),
    *_dashes("khoản 1 Mục IV", "nhất,hai,ba"),
    ("clause", "khoản 2 Mục IV"),
    *_points("khoản 2 Mục IV", "a b"),
    ("clause", "khoản 3 Mục IV"),
    *_dashes("khoản 3 Mục IV", "nhất,hai,ba"),
    ("heading", "Mục V"),
    *_clauses("Mục V", 2),
]

CIRCULAR = [
    ("preamble", "Phần mở đầu"),
    ("chapter", "Chương I"),
    ("article", "Điều 1"),
    *_clauses("Điều 1", 2),
    ("article", "Điều 2"),
    *_clauses("Điều 2", 2),
    ("chapter", "Chương II"),
    ("article", "Điều 3"),
    ("clause", "khoản 1 Điều 3"),
    *_points("khoản 1 Điều 3", "a b c"),
    *_dashes("điểm c khoản 1 Điều 3", "nhất,hai"),
    ("clause", "khoản 2 Điều 3"),
    ("article", "Điều 4"),
    *_clauses("Điều 4", 2),
    ("chapter", "Chương III"),
    ("article", "Điều 5"),
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("chien-luoc-chuyen-doi-so.docx", STRATEGY),
        ("nghi-dinh-du-lieu-mo.docx", DECREE),
        ("phuong-phap-danh-gia.docx", METHODOLOGY),
        ("thong-tu-mau.md", CIRCULAR),
    ],
)
def test_sample_splits_into_expected_units(name, expected):
    units = split_path(DRAFTS / name)
    assert [(unit.kind, unit.ref) for unit in units] == expected


def test_strategy_sizes_and_texts():
    units = split_path(DRAFTS / "chien-luoc-chuyen-doi-so.docx")
    assert 40 <= len(units) <= 90
    by_ref = {unit.ref: unit for unit in units}
    preamble = by_ref["Phần mở đầu"]
    assert preamble.paragraphs[0].startswith("Căn cứ Luật Tổ chức Chính phủ")
    assert preamble.paragraphs[-1] == "QUYẾT ĐỊNH:"
    assert by_ref["khoản 1 Mục II Điều 1"].paragraphs == [
        "1. Mục tiêu tổng quát",
        "Xây dựng nền hành chính số hiện đại, minh bạch, vận hành dựa trên dữ liệu, phục vụ người dân và "
        "doanh nghiệp tốt hơn, góp phần nâng cao năng lực cạnh tranh quốc gia.",
    ]
    assert by_ref["gạch đầu dòng thứ hai điểm b khoản 2 Mục II Điều 1"].text.startswith("- 95% người dân")
    everything = " ".join(unit.text for unit in units)
    for dropped in ("CỘNG HÒA XÃ HỘI", "Nơi nhận", "PHÓ THỦ TƯỚNG", "Nguyễn Văn An", "DỰ THẢO"):
        assert dropped not in everything


def test_decree_automatic_numbers_are_shown_in_the_text():
    units = split_path(DRAFTS / "nghi-dinh-du-lieu-mo.docx")
    assert 60 <= len(units) <= 150
    by_ref = {unit.ref: unit for unit in units}
    assert by_ref["Điều 4"].text == "Điều 4. Nguyên tắc cung cấp dữ liệu mở"
    assert by_ref["khoản 1 Điều 5"].text == "1. Lợi dụng việc khai thác dữ liệu mở để:"
    assert by_ref["điểm c khoản 1 Điều 5"].text == "c) Gây mất an toàn thông tin mạng."
    assert by_ref["Chương II"].paragraphs == ["Chương II", "DANH MỤC DỮ LIỆU MỞ"]
    assert by_ref["điểm đ khoản 1 Điều 6"].text == "đ) Tần suất cập nhật;"
    assert by_ref["Phần mở đầu"].paragraphs[-1].startswith("Chính phủ ban hành Nghị định")
    assert "Nơi nhận" not in " ".join(unit.text for unit in units)


def test_methodology_table_rows_and_json():
    units = split_path(DRAFTS / "phuong-phap-danh-gia.docx")
    rows = [unit for unit in units if unit.kind == "table_row"]
    assert rows[1].text == "1.1 | Ban hành kế hoạch chuyển đổi số hằng năm | 10"
    assert units[rows[1].parent].label == "1"  # 1.1 sits under row 1 in the outline
    # the header and total rows are no units, but their text stays with the unit that introduced the table
    owner = units[rows[0].parent]
    assert owner.kind != "table_row"
    assert any("Điểm tối đa" in paragraph for paragraph in owner.paragraphs)
    assert not any("Tổng cộng" in row.text or "Điểm tối đa" in row.text for row in rows)
    data = units_to_json(units)
    assert set(data[0]) == {"kind", "label", "ref", "depth", "text", "parent", "position"}
    assert [item["position"] for item in data] == list(range(len(units)))
    assert all(item["depth"] == 0 for item in data if item["parent"] is None)
    assert all(item["depth"] == data[item["parent"]]["depth"] + 1 for item in data if item["parent"] is not None)
