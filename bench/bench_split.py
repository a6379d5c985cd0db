"""Benchmark the splitter on a ~300-page draft against a bare python-docx loop over the same file.

    .venv/bin/python bench/bench_split.py [--chapters 40]

Builds (in a temporary directory) a decree with 40 chapters × 12 articles × 5 khoản × 4 điểm, articles, khoản and
điểm numbered automatically (numbering.xml), and a scoring table per chapter; then prints e.g.
"split: 0.62 s, bare python-docx loop: 1.05 s, ratio 0.59, peak memory 85 MB, units 12,481".
Target: split < 2 s and at most 1.5 × the bare loop.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from commentsvc.drafts.docx_numbering import roman  # noqa: E402
from commentsvc.drafts.splitting import split_path  # noqa: E402
from tests.unit.docx_factory import DocxFactory, Lvl, document_xml, replace_part  # noqa: E402

SUBJECTS = ("cơ quan nhà nước", "tổ chức", "doanh nghiệp", "đơn vị sự nghiệp công lập", "Ủy ban nhân dân cấp tỉnh")
VERBS = ("xây dựng", "cập nhật", "công bố", "kết nối", "chia sẻ", "bảo đảm an toàn", "đánh giá")


def _para(text: str, num: int | None = None, level: int = 0) -> str:
    num_pr = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return f'<w:p>{num_pr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _sentence(*numbers: int) -> str:
    seed = sum(n * 7**i for i, n in enumerate(numbers))
    subject, verb = SUBJECTS[seed % len(SUBJECTS)], VERBS[seed % len(VERBS)]
    return (
        f"{subject.capitalize()} có trách nhiệm {verb} dữ liệu số {'.'.join(map(str, numbers))} thuộc phạm vi "
        f"quản lý theo quy định tại Nghị định này và hướng dẫn của Bộ Khoa học và Công nghệ trước ngày "
        f"{seed % 28 + 1:02d} tháng {seed % 12 + 1:02d} hằng năm;"
    )


def _table(chapter: int) -> str:
    rows = [("STT", "Tiêu chí", "Điểm tối đa")]
    for group in (1, 2):
        rows.append((f"{group}", f"Nhóm tiêu chí {group} của chương {chapter}", "20"))
        rows += [(f"{group}.{i}", f"Tiêu chí {group}.{i} của chương {chapter}", "5") for i in range(1, 4)]
    rows += [("", "Tổng cộng", "100")]
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{_para(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def _chapter(factory: DocxFactory, chapter: int, articles: int, clauses_list: int) -> list[str]:
    out = [_para(f"Chương {roman(chapter)}"), _para(f"QUY ĐỊNH VỀ NHÓM DỮ LIỆU SỐ {chapter}")]
    for article in range(1, 13):
        out.append(_para(f"Nội dung điều về dữ liệu nhóm {chapter}.{article}", articles, 0))
        # each article restarts its khoản: a new w:num with a startOverride, as Word writes "Restart at 1"
        clauses = factory.num(clauses_list, {0: 1})
        for clause in range(1, 6):
            out.append(_para(_sentence(chapter, article, clause), clauses, 0))
            out.extend(_para(_sentence(chapter, article, clause, point), clauses, 1) for point in range(1, 5))
    out.append(_para("Bảng điểm đánh giá của chương như sau:"))
    out.append(_table(chapter))
    return out


def build(path: Path, chapters: int) -> None:
    factory = DocxFactory()
    articles = factory.num(factory.abstract_num(Lvl("Điều %1.")))
    clauses_list = factory.abstract_num(Lvl("%1."), Lvl("%2)", fmt="lowerLetter"))
    body = [_para("Căn cứ Luật Dữ liệu ngày 30 tháng 11 năm 2024;")]
    for chapter in range(1, chapters + 1):
        body.extend(_chapter(factory, chapter, articles, clauses_list))
    path.write_bytes(replace_part(factory.to_bytes(), "word/document.xml", document_xml("".join(body))))


def _timed(function) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _bare_loop(path: Path) -> None:
    for paragraph in Document(str(path)).paragraphs:
        paragraph.text  # noqa: B018 - the work being measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "du-thao-lon.docx"
        build(path, args.chapters)
        units = split_path(path)
        split_time = _timed(lambda: split_path(path))
        bare_time = _timed(lambda: _bare_loop(path))
        tracemalloc.start()
        split_path(path)
        python_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss_split, rss_import = _peak_rss(path, split=True), _peak_rss(path, split=False)
        size = path.stat().st_size
    print(
        f"split: {split_time:.2f} s, bare python-docx loop: {bare_time:.2f} s, ratio {split_time / bare_time:.2f}, "
        f"peak memory {rss_split:.0f} MB, units {len(units):,}"
    )
    print(
        f"(file {size / 2**20:.2f} MB; peak memory = peak RSS of a fresh interpreter splitting it once, lxml "
        f"included; {rss_import:.0f} MB of it is the interpreter and the splitter's imports; "
        f"Python objects alone peak at {python_peak / 2**20:.0f} MB; "
        f"last unit: {units[-1].ref}, {units[-1].text!r})"
    )


_RSS_PROBE = """
import re, sys, types
# The package's __init__ builds the Flask app factory; the splitter needs none of it, so skip it here.
package = types.ModuleType("commentsvc")
package.__path__ = [{root!r} + "/commentsvc"]
sys.modules["commentsvc"] = package
from commentsvc.drafts.splitting import split_path
if {split!r}:
    split_path({path!r})
# VmHWM (peak RSS, kB) belongs to this process image; ru_maxrss would include the parent's peak at fork.
print(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
"""


def _peak_rss(path: Path, split: bool) -> float:
    """Peak RSS (MB) of a fresh interpreter that imports the splitter and, if ``split``, splits the file once."""
    code = _RSS_PROBE.format(root=str(ROOT), path=str(path), split=split)
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(output.strip()) / 1024


if __name__ == "__main__":
    main()
