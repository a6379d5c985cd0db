"""Benchmark map_versions on two generated 3,000-clause versions of a decree-like draft.

The revision inserts and deletes articles, khoản and điểm, rewords about 10% of the clauses, splits,
merges and moves a few; the generator records what it did, so the mapping is scored against that
ground truth (precision and recall over (old id, new id, relation) links).

Run from the repository root: .venv/bin/python -m bench.bench_mapping [--clauses 3000] [--seed 2026]
[--max-edits 2]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from commentsvc.revisions.mapping import RELATIONS, ClauseRef, Link, map_versions, summarise

PHRASES = (
    "cơ quan nhà nước",
    "chuyển đổi số",
    "dữ liệu số",
    "hạ tầng số",
    "chính phủ số",
    "kinh tế số",
    "xã hội số",
    "dịch vụ công trực tuyến",
    "cơ sở dữ liệu quốc gia",
    "an toàn thông tin mạng",
    "nền tảng số",
    "định danh điện tử",
    "chữ ký số",
    "thanh toán không dùng tiền mặt",
    "nguồn nhân lực",
    "kỹ năng số",
    "doanh nghiệp công nghệ",
    "trung tâm dữ liệu",
    "điện toán đám mây",
    "trí tuệ nhân tạo",
    "Bộ Khoa học và Công nghệ",
    "Bộ Tài chính",
    "Bộ Nội vụ",
    "Văn phòng Chính phủ",
    "Ủy ban nhân dân cấp tỉnh",
    "các bộ, ngành",
    "các địa phương",
    "người dân",
    "doanh nghiệp",
    "cán bộ, công chức, viên chức",
    "có trách nhiệm",
    "chủ trì, phối hợp",
    "xây dựng",
    "triển khai",
    "hướng dẫn",
    "kiểm tra, giám sát",
    "đánh giá",
    "báo cáo",
    "tổng hợp",
    "bảo đảm",
    "thúc đẩy",
    "hoàn thiện",
    "kết nối, chia sẻ",
    "theo quy định của pháp luật",
    "hằng năm",
    "định kỳ",
    "trong phạm vi chức năng, nhiệm vụ",
    "giai đoạn 2026 - 2030",
    "tầm nhìn đến năm 2045",
    "kế hoạch",
    "chương trình",
    "đề án",
    "thể chế",
    "quy chuẩn kỹ thuật",
    "tiêu chuẩn",
    "chỉ số đánh giá",
    "kinh phí",
    "ngân sách nhà nước",
    "xã hội hóa",
    "đồng bộ",
    "hiện đại",
    "an toàn",
    "hiệu quả",
    "thống nhất",
    "công khai, minh bạch",
    "kịp thời",
    "trên môi trường số",
    "thủ tục hành chính",
    "hồ sơ điện tử",
    "Cổng Dịch vụ công quốc gia",
)
TITLES = (
    "Phạm vi điều chỉnh",
    "Đối tượng áp dụng",
    "Giải thích từ ngữ",
    "Nguyên tắc",
    "Trách nhiệm",
    "Kinh phí",
    "Tổ chức thực hiện",
    "Kiểm tra, giám sát",
    "Chế độ báo cáo",
    "Quyền và nghĩa vụ",
    "Chia sẻ dữ liệu",
)
BOILERPLATE = "Bộ trưởng Bộ Khoa học và Công nghệ quy định chi tiết Điều này."
LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN = (("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(number: int) -> str:
    digits = ""
    for letters, value in ROMAN:
        count, number = divmod(number, value)
        digits += letters * count
    return digits


@dataclass(eq=False)
class Node:
    """A unit of the generated draft; `origin` names the old nodes it comes from, `op` how."""

    kind: str
    text: str
    children: list[Node] = field(default_factory=list)
    parts: int = 1  # sentences joined by "; " (a khoản with 2 parts can be split)
    origin: list[Node] = field(default_factory=list)
    op: str = "new"


class Generator:
    def __init__(self, seed: int, max_edits: int = 2) -> None:
        self.rng = random.Random(seed)
        self.max_edits = max_edits

    def sentence(self, words: int) -> str:
        text = " ".join(self.rng.choice(PHRASES) for _ in range(words))
        return text[0].upper() + text[1:]

    def khoan(self) -> Node:
        parts = 2 if self.rng.random() < 0.4 else 1
        text = "; ".join(self.sentence(self.rng.randint(5, 9)) for _ in range(parts)) + "."
        node = Node("clause", text, parts=parts)
        if self.rng.random() < 0.3:
            node.text = text[:-1] + ":"
            node.children = [
                Node("point", self.sentence(self.rng.randint(4, 8)) + ";") for _ in range(self.rng.randint(2, 5))
            ]
        return node

    def article(self) -> Node:
        title = f"{self.rng.choice(TITLES)} {self.sentence(2).lower()}"
        node = Node("article", title, [self.khoan() for _ in range(self.rng.randint(1, 5))])
        if self.rng.random() < 0.15:
            node.children.append(Node("clause", BOILERPLATE))
        return node

    def document(self, clauses: int) -> list[Node]:
        chapters: list[Node] = []
        while count(chapters) < clauses:
            chapter = Node(
                "chapter", self.sentence(3).upper(), [self.article() for _ in range(self.rng.randint(20, 40))]
            )
            chapters.append(chapter)
        return chapters

    def reword(self, text: str) -> str:
        # Small edits only, so that the truth "changed" (similarity ≥ 0.6) is honest.
        reworded = text
        while reworded == text or fuzz.ratio(text, reworded) < 65:
            reworded = self._edit(text)
        return reworded

    def _edit(self, text: str) -> str:
        words = text.split(" ")
        for _ in range(self.rng.randint(1, self.max_edits)):
            at = self.rng.randrange(len(words))
            action = self.rng.choice(("replace", "insert", "delete"))
            if action == "replace":
                words[at] = self.rng.choice(PHRASES).split(" ")[0]
            elif action == "insert":
                words.insert(at, self.rng.choice(PHRASES))
            elif len(words) > 6:
                del words[at]
        return " ".join(words)


def count(nodes: list[Node]) -> int:
    return sum(1 + count(node.children) for node in nodes)


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


def copy_tree(nodes: list[Node]) -> list[Node]:
    return [Node(n.kind, n.text, copy_tree(n.children), n.parts, [n], "keep") for n in nodes]


def revise(old: list[Node], gen: Generator) -> list[Node]:
    """The revised draft; every new node remembers its old origins."""
    rng = gen.rng
    new = copy_tree(old)
    articles = lambda: [(c, a) for c in new for a in c.children]  # noqa: E731
    for _ in range(8):
        chapter = rng.choice(new[:2])
        chapter.children.insert(rng.randrange(len(chapter.children)), gen.article())
    for _ in range(6):
        chapter, article = rng.choice(articles())
        chapter.children.remove(article)
    plain = lambda: [(a, k) for _c, a in articles() for k in a.children if k.op == "keep" and not k.children]  # noqa: E731
    for article, khoan in rng.sample(plain(), 10):
        article.children.remove(khoan)
    for _ in range(10):
        _chapter, article = rng.choice(articles())
        article.children.insert(rng.randrange(len(article.children) + 1), gen.khoan())
    split_khoan(new, rng)
    merge_khoan(new, rng)
    move_points(new, rng)
    reword_some(new, gen)
    return new


def split_khoan(new: list[Node], rng: random.Random) -> None:
    candidates = [(a, k) for a in walk(new) for k in a.children if k.op == "keep" and k.parts == 2 and not k.children]
    for article, khoan in rng.sample(candidates, 12):
        first, second = khoan.text[:-1].split("; ")
        pieces = [
            Node("clause", f"{first}.", origin=khoan.origin, op="split"),
            Node("clause", f"{second}.", origin=khoan.origin, op="split"),
        ]
        at = article.children.index(khoan)
        article.children[at : at + 1] = pieces


def merge_khoan(new: list[Node], rng: random.Random) -> None:
    pairs = [
        (a, i)
        for a in walk(new)
        if a.kind == "article"
        for i in range(len(a.children) - 1)
        if all(k.op == "keep" and not k.children and k.text != BOILERPLATE for k in a.children[i : i + 2])
    ]
    done: set[int] = set()
    for article, i in rng.sample(pairs, 20):
        if id(article) in done or len(done) == 12:
            continue
        done.add(id(article))
        first, second = article.children[i : i + 2]
        text = f"{first.text[:-1]}; {second.text[0].lower()}{second.text[1:]}"
        article.children[i : i + 2] = [Node("clause", text, origin=first.origin + second.origin, op="merged")]


def move_points(new: list[Node], rng: random.Random) -> None:
    articles = [a for a in walk(new) if a.kind == "article"]
    neighbours = [pair for a in articles for pair in zip(a.children, a.children[1:], strict=False)]
    pairs = [(k1, k2) for k1, k2 in neighbours if k1.children and k2.children]
    for k1, k2 in rng.sample(pairs, 10):
        if len(k1.children) > 1 and k1.children[-1].op == "keep":
            point = k1.children.pop()
            point.op = "moved"
            k2.children.append(point)


def reword_some(new: list[Node], gen: Generator) -> None:
    for node in walk(new):
        if node.op == "keep" and node.text != BOILERPLATE and len(node.text.split()) >= 8 and gen.rng.random() < 0.1:
            node.text, node.op = gen.reword(node.text), "changed"
            node.parts = 0


def flatten(chapters: list[Node], first_id: int) -> tuple[list[ClauseRef], dict[Node, ClauseRef]]:
    clauses: list[ClauseRef] = []
    placed: dict[Node, ClauseRef] = {}

    def add(node: Node, label: str, ref: str, text: str, parent: ClauseRef | None) -> ClauseRef:
        clause = ClauseRef(first_id + len(clauses), len(clauses), node.kind, label, ref, text, parent and parent.id)
        clauses.append(clause)
        placed[node] = clause
        return clause

    number = 0
    for c, chapter in enumerate(chapters):
        label = roman(c + 1)
        parent = add(chapter, label, f"Chương {label}", f"Chương {label}. {chapter.text}", None)
        for article in chapter.children:
            number += 1
            art = add(article, str(number), f"Điều {number}", f"Điều {number}. {article.text}", parent)
            for k, khoan in enumerate(article.children, start=1):
                ref = f"khoản {k} Điều {number}"
                kh = add(khoan, str(k), ref, f"{k}. {khoan.text}", art)
                for letter, point in zip(LETTERS, khoan.children, strict=False):
                    add(point, letter, f"điểm {letter} {ref}", f"{letter}) {point.text}", kh)
    return clauses, placed


def ground_truth(old_placed: dict, new_placed: dict) -> set[tuple]:
    truth = set()
    used = set()
    for node, clause in new_placed.items():
        for origin in node.origin:
            old_clause = old_placed[origin]
            used.add(old_clause.id)
            relation = node.op
            if relation == "keep":
                relation = "same" if old_clause.ref == clause.ref else "renumbered"
            truth.add((old_clause.id, clause.id, relation))
        if not node.origin:
            truth.add((None, clause.id, "new"))
    truth |= {(c.id, None, "deleted") for c in old_placed.values() if c.id not in used}
    return truth


def score(links: list[Link], truth: set[tuple]) -> tuple[float, float, Counter]:
    found = {(link.old_id, link.new_id, link.relation) for link in links}
    right = found & truth
    missed = Counter(relation for _o, _n, relation in truth - found)
    return len(right) / len(found), len(right) / len(truth), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-edits", type=int, default=2, help="word edits per reworded clause, at most")
    args = parser.parse_args()
    gen = Generator(args.seed, args.max_edits)
    old_nodes = gen.document(args.clauses)
    new_nodes = revise(old_nodes, gen)
    old, old_placed = flatten(old_nodes, 1)
    new, new_placed = flatten(new_nodes, 1_000_001)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        links = map_versions(old, new)
        timings.append(time.perf_counter() - started)
    truth = ground_truth(old_placed, new_placed)
    precision, recall, missed = score(links, truth)
    expected = Counter(relation for _o, _n, relation in truth)
    print(f"old clauses: {len(old)}, new clauses: {len(new)}, links: {len(links)}")
    print(f"mapping time: best {min(timings):.3f} s, median {statistics.median(timings):.3f} s ({args.runs} runs)")
    got = summarise(links)
    print("relation     found  truth  missed")
    for relation in RELATIONS:
        print(f"{relation:<12}{got[relation]:>6}{expected[relation]:>7}{missed[relation]:>8}")
    print(f"correct links: precision {precision:.4f}, recall {recall:.4f}")


if __name__ == "__main__":
    main()
