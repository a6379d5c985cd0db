"""Generate the sample drafts in this folder, reproducibly (fixed timestamps, same bytes on every run).

    .venv/bin/python drafts/build_samples.py

The texts were written for this project. Numbering is typed in some places and Word's automatic numbering
(numbering.xml, built by ``tests/unit/docx_factory.py``) in others, as in real drafts.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from sample_texts import (  # noqa: E402
    DECREE_CHAPTER_1,
    DECREE_CHAPTER_2,
    DECREE_CHAPTER_3,
    METHODOLOGY_AFTER_TABLE,
    METHODOLOGY_BEFORE_TABLE,
    METHODOLOGY_TABLE,
    STRATEGY_BODY,
    STRATEGY_HEAD,
    STRATEGY_TAIL,
)

from tests.unit.docx_factory import DocxFactory, Lvl  # noqa: E402

FIXED_TIME = datetime(2026, 1, 5, 8, 0, 0)


def reproducible(docx: bytes) -> bytes:
    """Re-zip with fixed entry timestamps so that running the script twice gives identical files."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 5, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def _new_factory(title: str) -> DocxFactory:
    factory = DocxFactory()
    props = factory.doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Nhóm soạn thảo", "Nhóm soạn thảo"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return factory


def _typed(factory: DocxFactory, lines: list[str]) -> None:
    for line in lines:
        factory.para(line, bold=line.isupper())


def build_strategy() -> bytes:
    """A strategy decision: letterhead, recitals, Điều 1 with Roman headings, Điều 2–3, signature."""
    factory = _new_factory("Chiến lược chuyển đổi số trong hoạt động của cơ quan nhà nước")
    _typed(factory, STRATEGY_HEAD + STRATEGY_BODY + STRATEGY_TAIL)
    return reproducible(factory.to_bytes())


def _decree_numbering(factory: DocxFactory) -> dict[str, int]:
    """Articles numbered by a style ("Điều %1.", inherited through basedOn); khoản/điểm lists with restarts."""
    articles = factory.abstract_num(Lvl("Điều %1."))
    base = factory.style("Dieu co so", num=factory.num(articles), level=0)
    article_style = factory.style("Dieu", based_on="Dieu co so")
    clauses = factory.abstract_num(Lvl("%1."), Lvl("%2)", fmt="lowerLetter"))
    return {
        "article_style": article_style,
        "base": base,
        "first": factory.num(clauses),
        "again": factory.num(clauses, restart={0: 1}),
        "third": factory.num(clauses, restart={0: 1}),
        "fourth": factory.num(clauses, restart={0: 1}),
    }


def _decree_lines(factory: DocxFactory, lines: list, numbering: dict[str, int]) -> None:
    """Lines are strings (typed) or tuples: ("article", title) / (list name, level, text) for automatic numbers."""
    for line in lines:
        if isinstance(line, str):
            factory.para(line, bold=line.isupper() or line.startswith(("Chương", "Mục", "Điều")))
        elif line[0] == "article":
            factory.para(line[1], style=numbering["article_style"], bold=True)
        else:
            name, level, text = line
            factory.para(text, num=numbering[name], level=level)


def build_decree() -> bytes:
    """A decree: letterhead table, recitals, chapters, sections, articles (automatic and typed), signature table."""
    factory = _new_factory("Nghị định quy định về dữ liệu mở của cơ quan nhà nước")
    numbering = _decree_numbering(factory)
    factory.table([["CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
                   ["Số:      /2026/NĐ-CP", "Hà Nội, ngày      tháng      năm 2026"]])  # fmt: skip
    for chapter in (DECREE_CHAPTER_1, DECREE_CHAPTER_2, DECREE_CHAPTER_3):
        _decree_lines(factory, chapter, numbering)
    factory.table([
        ["Nơi nhận:\n- Ban Bí thư Trung ương Đảng;\n- Thủ tướng, các Phó Thủ tướng Chính phủ;\n- Lưu: VT, KGVX.",
         "TM. CHÍNH PHỦ\nTHỦ TƯỚNG"],
    ])  # fmt: skip
    return reproducible(factory.to_bytes())


def build_methodology() -> bytes:
    """An evaluation methodology: Roman sections, numbered items, a scoring table with header and total rows."""
    factory = _new_factory("Phương pháp đánh giá mức độ chuyển đổi số")
    _typed(factory, METHODOLOGY_BEFORE_TABLE)
    table = factory.table(METHODOLOGY_TABLE)
    table.style = factory.doc.styles["Table Grid"]
    _typed(factory, METHODOLOGY_AFTER_TABLE)
    return reproducible(factory.to_bytes())


SAMPLES = {
    "chien-luoc-chuyen-doi-so.docx": build_strategy,
    "nghi-dinh-du-lieu-mo.docx": build_decree,
    "phuong-phap-danh-gia.docx": build_methodology,
}


def main() -> None:
    for name, build in SAMPLES.items():
        (HERE / name).write_bytes(build())
        print(f"wrote drafts/{name}")


if __name__ == "__main__":
    main()
