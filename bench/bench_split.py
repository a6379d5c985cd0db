"""Benchmark the splitter on two big drafts against a bare python-docx loop over the same file.

    .venv/bin/python bench/bench_split.py [--chapters 40]

1. A Civil Code-sized document made of the shared corpus's real texts (tests/corpus): the decree 30/2020 followed,
   after its signature, by the whole of decrees 21/2021, 19/2019 and 30/2020 three times over and annexes II and VI,
   each under a "Phụ lục N" heading — about 2,700 units, the size of the Civil Code (689 articles, ~2,500
   units). Besides the split, a fresh interpreter imports it through the web app (upload, then the preview page)
   to measure the peak memory of the whole journey (target: under 300 MB).
2. A synthetic ~300-page decree with 40 chapters × 12 articles × 5 khoản × 4 điểm, articles, khoản and điểm
   numbered automatically (numbering.xml), and a scoring table per chapter.

For each it prints e.g. "split: 0.62 s, bare python-docx loop: 1.05 s, ratio 0.59, peak memory 85 MB, units 12,481",
then the same ratio in CPU time of the process, which a loaded machine does not inflate.
Target: split at most 1.5 × the bare loop.
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
from tests.unit.corpus import with_annexes  # noqa: E402
from tests.unit.docx_factory import DocxFactory, Lvl, document_xml, replace_part  # noqa: E402

CODE_PARTS = (
    *("nghi_dinh_21_2021_ND_CP.docx", "nghi_dinh_19_2019_ND_CP.docx", "nd30-2020_30_2020_ND_CP.docx") * 3,
    "nd30-2020_Phuluc2.docx",
    "nd30-2020_Phuluc6.docx",
)


def build_code_sized(path: Path) -> None:
    path.write_bytes(with_annexes("nd30-2020_30_2020_ND_CP.docx", *CODE_PARTS, headed=True))


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


def _timed(function) -> tuple[float, float]:
    """Best of three (wall seconds, CPU seconds of this process): on a loaded machine the wall time waits for a CPU,
    the CPU time does not."""
    wall = cpu = float("inf")
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu


def _bare_loop(path: Path) -> None:
    for paragraph in Document(str(path)).paragraphs:
        paragraph.text  # noqa: B018 - the work being measured


def measure(name: str, path: Path) -> None:
    units = split_path(path)
    (split_time, split_cpu), (bare_time, bare_cpu) = _timed(lambda: split_path(path)), _timed(lambda: _bare_loop(path))
    tracemalloc.start()
    split_path(path)
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_split, rss_import = _peak_rss(path, split=True), _peak_rss(path, split=False)
    size = path.stat().st_size
    print(f"{name}:")
    print(
        f"  split: {split_time:.2f} s, bare python-docx loop: {bare_time:.2f} s, ratio {split_time / bare_time:.2f}, "
        f"peak memory {rss_split:.0f} MB, units {len(units):,}"
    )
    print(
        f"  CPU time: split {split_cpu:.2f} s, bare loop {bare_cpu:.2f} s, ratio {split_cpu / bare_cpu:.2f} "
        "(the figure to trust on a loaded machine)"
    )
    print(
        f"  (file {size / 2**20:.2f} MB; peak memory = peak RSS of a fresh interpreter splitting it once, lxml "
        f"included; {rss_import:.0f} MB of it is the interpreter and the splitter's imports; "
        f"Python objects alone peak at {python_peak / 2**20:.0f} MB; "
        f"last unit: {units[-1].ref}, {units[-1].text[:60]!r})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=40)
    parser.add_argument("--huge", type=int, default=560_000, help="paragraphs of the file that must be refused")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        code = Path(folder) / "bo-luat-co-lon.docx"
        build_code_sized(code)
        measure("Civil Code-sized document of real texts (corpus)", code)
        print("  " + _import_and_preview(code, Path(folder)))
        path = Path(folder) / "du-thao-lon.docx"
        build(path, args.chapters)
        measure(f"Synthetic ~300-page draft ({args.chapters} chapters)", path)
        huge = Path(folder) / "qua-lon.docx"
        build_huge(huge, args.huge)
        print(f"A file of {args.huge:,} short paragraphs ({huge.stat().st_size / 2**20:.1f} MB):")
        print("  " + _refusal(huge))


def build_huge(path: Path, paragraphs: int) -> None:
    """Many short, different paragraphs (so that the file compresses like a real one and passes the zip checks)."""
    body = "".join(_para(f"Dòng {n * 7919 % 1_000_003} của văn bản {n}") for n in range(paragraphs))
    path.write_bytes(replace_part(DocxFactory().to_bytes(), "word/document.xml", document_xml(body)))


_REFUSAL_PROBE = """
import re, sys, time, types
package = types.ModuleType("commentsvc")
package.__path__ = [{root!r} + "/commentsvc"]
sys.modules["commentsvc"] = package
from commentsvc.drafts.splitting import SplitError, split_path
started = time.perf_counter()
try:
    split_path({path!r})
    outcome = "accepted"
except SplitError as error:
    outcome = str(error)
elapsed = time.perf_counter() - started
print(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1), elapsed, outcome)
"""


def _refusal(path: Path) -> str:
    """Split the huge file with the default limits in a fresh interpreter: outcome, time and peak RSS."""
    code = _REFUSAL_PROBE.format(root=str(ROOT), path=str(path))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    peak, elapsed, outcome = output.strip().split(" ", 2)
    return f"{outcome} ({float(elapsed):.2f} s, peak memory {int(peak) / 1024:.0f} MB)"


_APP_PROBE = """
import io, re, sys, time
sys.path.insert(0, {root!r})
from flask_migrate import upgrade
from commentsvc import create_app
from commentsvc.extensions import db
from tests.factories import Factory
config = {{"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "x" * 40, "SERVER_NAME": "localhost",
          "SQLALCHEMY_DATABASE_URI": "sqlite:///{folder}/bench.sqlite3", "MAIL_OUTBOX_DIR": "{folder}/outbox",
          "DIRECT_IMPORT_MAX_BYTES": 64 * 1024 * 1024}}  # split in the request (above 256 KB the worker splits it)
app = create_app(config)
with app.app_context():
    upgrade()
    user = Factory(db, "mat-khau-bench-1").drafter()
    db.session.commit()
    username = user.username
client = app.test_client()
client.post("/login", data={{"username": username, "password": "mat-khau-bench-1"}})
before = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
data = open({path!r}, "rb").read()
started = time.perf_counter()
form = {{"title": "Bộ luật", "kind": "decree", "file": (io.BytesIO(data), "code.docx")}}
response = client.post("/drafts/new", data=form, content_type="multipart/form-data")
assert response.status_code == 302, response.status_code
uploaded = time.perf_counter() - started
started = time.perf_counter()
page = client.get(response.headers["Location"])
shown = time.perf_counter() - started
assert page.status_code == 200
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(before, peak, uploaded, shown, len(page.data), page.data.count(b'class="ref"'))
"""


def _import_and_preview(path: Path, folder: Path) -> str:
    """Upload through the web app and open the preview in a fresh interpreter; its peak RSS and timings."""
    code = _APP_PROBE.format(root=str(ROOT), path=str(path), folder=str(folder))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        return f"import and preview failed: {done.stderr.strip().splitlines()[-1:]}"
    before, peak, uploaded, shown, size, refs = done.stdout.split()
    return (
        f"import + preview through the web app: peak memory {int(peak) / 1024:.0f} MB "
        f"(app ready: {int(before) / 1024:.0f} MB), upload {float(uploaded):.2f} s, preview page {float(shown):.2f} s, "
        f"{int(size) / 2**20:.1f} MB of HTML showing {refs} units (target: under 300 MB)"
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
