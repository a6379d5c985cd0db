"""Mapping an old draft version's clauses to the revised one."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from commentsvc.drafts.splitting import split_bytes
from commentsvc.revisions.mapping import RELATIONS, ClauseRef, Link, map_versions, summarise

POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ids = itertools.count(1)


def build(articles: list[tuple[str, list]]) -> list[ClauseRef]:
    """Clauses of a decree-like draft: [(article title, [khoản text | (khoản text, [điểm texts])])]."""
    clauses: list[ClauseRef] = []

    def add(kind: str, label: str, ref: str, text: str, parent: ClauseRef | None) -> ClauseRef:
        clause = ClauseRef(next(_ids), len(clauses), kind, label, ref, text, parent.id if parent else None)
        clauses.append(clause)
        return clause

    for number, (title, items) in enumerate(articles, start=1):
        article = add("article", str(number), f"Điều {number}", f"Điều {number}. {title}", None)
        for k, item in enumerate(items, start=1):
            text, points = item if isinstance(item, tuple) else (item, [])
            ref = f"khoản {k} Điều {number}"
            khoan = add("clause", str(k), ref, f"{k}. {text}", article)
            for letter, point in zip(POINT_LETTERS, points, strict=False):
                add("point", letter, f"điểm {letter} {ref}", f"{letter}) {point}", khoan)
    return clauses


def by_ref(clauses: list[ClauseRef]) -> dict[str, int]:
    return {clause.ref: clause.id for clause in clauses}


def links_of(links: list[Link], old_id: int | None = None, new_id: int | None = None) -> list[Link]:
    return [
        link
        for link in links
        if (old_id is None or link.old_id == old_id) and (new_id is None or link.new_id == new_id)
    ]


def only_link(links: list[Link], old_id: int | None = None, new_id: int | None = None) -> Link:
    found = links_of(links, old_id, new_id)
    assert len(found) == 1, found
    return found[0]


def assert_covers(old: list[ClauseRef], new: list[ClauseRef], links: list[Link]) -> None:
    assert {link.old_id for link in links} - {None} == {c.id for c in old}
    assert {link.new_id for link in links} - {None} == {c.id for c in new}
    assert all(link.relation in RELATIONS and 0.0 <= link.similarity <= 1.0 for link in links)


def article(n: int) -> tuple[str, list]:
    """A plain article whose texts differ from every other article's."""
    return (
        f"Trách nhiệm của cơ quan thứ {n}",
        [
            f"Cơ quan thứ {n} chủ trì xây dựng kế hoạch chuyển đổi số giai đoạn {2020 + n}.",
            f"Cơ quan thứ {n} báo cáo kết quả thực hiện trước ngày {n} tháng 12 hằng năm.",
        ],
    )


def test_inserted_article_shifts_later_numbers():
    old = build([article(n) for n in range(1, 11)])
    inserted = ("Nguyên tắc chia sẻ dữ liệu", ["Dữ liệu được chia sẻ mặc định giữa các cơ quan nhà nước."])
    new_articles = [article(n) for n in range(1, 11)]
    new = build([*new_articles[:2], inserted, *new_articles[2:]])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    for n in range(1, 11):
        shifted = n + 1 if n >= 3 else n
        expected = "renumbered" if n >= 3 else "same"
        for suffix in ("", " khoản 1", " khoản 2"):
            old_ref = f"{suffix.strip()} Điều {n}".strip()
            new_ref = f"{suffix.strip()} Điều {shifted}".strip()
            link = only_link(links, old_id=old_refs[old_ref])
            assert (link.new_id, link.relation, link.similarity) == (new_refs[new_ref], expected, 1.0)
    for ref in ("Điều 3", "khoản 1 Điều 3"):
        assert only_link(links, new_id=new_refs[ref]).relation == "new"
    assert summarise(links) == dict.fromkeys(RELATIONS, 0) | {"same": 6, "renumbered": 24, "new": 2}


def test_deleted_khoan_renumbers_the_next_one():
    old = build([("Phạm vi", ["Khoản giữ nguyên.", "Khoản sẽ bị bỏ hẳn khỏi dự thảo.", "Khoản cuối cùng."])])
    new = build([("Phạm vi", ["Khoản giữ nguyên.", "Khoản cuối cùng."])])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    dropped = old_refs["khoản 2 Điều 1"]
    assert only_link(links, old_id=dropped) == Link(dropped, None, "deleted", 0.0)
    link = only_link(links, old_id=old_refs["khoản 3 Điều 1"])
    assert (link.new_id, link.relation) == (new_refs["khoản 2 Điều 1"], "renumbered")
    assert only_link(links, old_id=old_refs["khoản 1 Điều 1"]).relation == "same"


def test_reworded_khoan_is_changed_with_its_similarity():
    before = "Các bộ, ngành gửi ý kiến góp ý bằng văn bản trước ngày 09 tháng 3 năm 2021."
    after = "Các bộ, ngành gửi ý kiến góp ý bằng văn bản điện tử trước ngày 15 tháng 3 năm 2021."
    old = build([("Góp ý", [before, "Quá thời hạn, cơ quan không trả lời được hiểu là đã nhất trí."])])
    new = build([("Góp ý", [after, "Quá thời hạn, cơ quan không trả lời được hiểu là đã nhất trí."])])
    links = map_versions(old, new)
    old_refs, new_refs = by_ref(old), by_ref(new)
    link = only_link(links, old_id=old_refs["khoản 1 Điều 1"])
    assert (link.new_id, link.relation) == (new_refs["khoản 1 Điều 1"], "changed")
    assert 0.8 < link.similarity < 1.0
    assert only_link(links, old_id=old_refs["khoản 2 Điều 1"]).relation == "same"


def test_rewrite_below_threshold_is_deleted_and_new():
    old = build([("Hiệu lực", ["Nghị định này có hiệu lực kể từ ngày ký ban hành."])])
    new = build([("Hiệu lực", ["Bộ trưởng các bộ chịu trách nhiệm thi hành Quyết định."])])
    links = map_versions(old, new, threshold=0.6)
    old_refs, new_refs = by_ref(old), by_ref(new)
    assert only_link(links, old_id=old_refs["khoản 1 Điều 1"]).relation == "deleted"
    assert only_link(links, new_id=new_refs["khoản 1 Điều 1"]).relation == "new"
    relaxed = map_versions(old, new, threshold=0.1)
    assert only_link(relaxed, old_id=old_refs["khoản 1 Điều 1"]).relation == "changed"


def test_khoan_split_in_two():
    whole = (
        "Cơ quan chủ trì tổng hợp ý kiến góp ý của các bộ, ngành và địa phương; báo cáo Thủ tướng Chính phủ "
        "kết quả tiếp thu, giải trình trước ngày 30 tháng 6 hằng năm."
    )
    first = "Cơ quan chủ trì tổng hợp ý kiến góp ý của các bộ, ngành và địa phương."
    second = "Cơ quan chủ trì báo cáo Thủ tướng Chính phủ kết quả tiếp thu, giải trình trước ngày 30 tháng 6 hằng năm."
    last = "Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện."
    old = build([("Tổ chức thực hiện", [whole, last])])
    new = build([("Tổ chức thực hiện", [first, second, last])])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    split = links_of(links, old_id=old_refs["khoản 1 Điều 1"])
    assert {(link.new_id, link.relation) for link in split} == {
        (new_refs["khoản 1 Điều 1"], "split"),
        (new_refs["khoản 2 Điều 1"], "split"),
    }
    assert all(link.similarity >= 0.8 for link in split)
    link = only_link(links, old_id=old_refs["khoản 2 Điều 1"])
    assert (link.new_id, link.relation) == (new_refs["khoản 3 Điều 1"], "renumbered")


def test_two_khoan_merged_into_one():
    first = "Bộ Tài chính bố trí kinh phí thường xuyên để thực hiện Chiến lược."
    second = "Các địa phương bố trí kinh phí từ ngân sách địa phương theo phân cấp."
    merged = (
        "Bộ Tài chính bố trí kinh phí thường xuyên để thực hiện Chiến lược; các địa phương bố trí kinh phí "
        "từ ngân sách địa phương theo phân cấp."
    )
    kept = "Khuyến khích huy động nguồn lực xã hội hóa."
    old = build([("Kinh phí", [first, second, kept])])
    new = build([("Kinh phí", [merged, kept])])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    merged_links = links_of(links, new_id=new_refs["khoản 1 Điều 1"])
    assert {(link.old_id, link.relation) for link in merged_links} == {
        (old_refs["khoản 1 Điều 1"], "merged"),
        (old_refs["khoản 2 Điều 1"], "merged"),
    }
    assert only_link(links, old_id=old_refs["khoản 3 Điều 1"]).relation == "renumbered"


POINTS_1 = [
    "Hoàn thiện thể chế về chuyển đổi số;",
    "Phát triển hạ tầng số đồng bộ, hiện đại;",
    "Bảo đảm an toàn, an ninh mạng cho hệ thống thông tin;",
]
POINTS_2 = ["Đào tạo kỹ năng số cho cán bộ, công chức;", "Phổ cập dịch vụ công trực tuyến toàn trình;"]


@pytest.mark.parametrize(
    ("new_points_2", "expected_ref"),
    [
        ([*POINTS_2, POINTS_1[2]], "điểm c khoản 2 Điều 1"),  # moved to the end of khoản 2
        ([POINTS_1[2], *POINTS_2], "điểm a khoản 2 Điều 1"),  # moved to the front of khoản 2
    ],
)
def test_point_moved_to_another_khoan(new_points_2, expected_ref):
    old = build([("Nhiệm vụ", [("Về thể chế:", POINTS_1), ("Về con người:", POINTS_2)])])
    new = build([("Nhiệm vụ", [("Về thể chế:", POINTS_1[:2]), ("Về con người:", new_points_2)])])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    link = only_link(links, old_id=old_refs["điểm c khoản 1 Điều 1"])
    assert (link.new_id, link.relation, link.similarity) == (new_refs[expected_ref], "moved", 1.0)
    for ref in ("Điều 1", "khoản 1 Điều 1", "khoản 2 Điều 1", "điểm a khoản 1 Điều 1"):
        assert only_link(links, old_id=old_refs[ref]).relation == "same"
    assert summarise(links)["moved"] == 1


def test_moved_and_reworded_point_is_moved_with_similarity():
    old = build([("Nhiệm vụ", [("Về thể chế:", POINTS_1), ("Về con người:", POINTS_2)])])
    reworded = "Bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin quan trọng;"
    new = build([("Nhiệm vụ", [("Về thể chế:", POINTS_1[:2]), ("Về con người:", [*POINTS_2, reworded])])])
    links = map_versions(old, new)
    link = only_link(links, old_id=by_ref(old)["điểm c khoản 1 Điều 1"])
    assert (link.new_id, link.relation) == (by_ref(new)["điểm c khoản 2 Điều 1"], "moved")
    assert 0.6 <= link.similarity < 1.0


def test_repeated_texts_follow_document_order():
    boilerplate = "Bộ trưởng Bộ Khoa học và Công nghệ quy định chi tiết Điều này."
    articles = [(f"Nội dung số {n}", [f"Quy định riêng của điều số {n}.", boilerplate]) for n in range(1, 6)]
    old = build(articles)
    new = build([articles[0], ("Điều mới", ["Một quy định hoàn toàn mới.", boilerplate]), *articles[1:]])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    for n in range(2, 6):
        link = only_link(links, old_id=old_refs[f"khoản 2 Điều {n}"])
        assert (link.new_id, link.relation) == (new_refs[f"khoản 2 Điều {n + 1}"], "renumbered")
    assert only_link(links, new_id=new_refs["khoản 2 Điều 2"]).relation == "new"


def test_labels_are_not_part_of_the_compared_text():
    old = [ClauseRef(1, 0, "heading", "II", "Mục II", "II. MỤC TIÊU", None)]
    new = [ClauseRef(2, 0, "heading", "III", "Mục III", "III. MỤC TIÊU", None)]
    assert map_versions(old, new) == [Link(1, 2, "renumbered", 1.0)]


def test_case_only_change_is_changed_not_same():
    old = [ClauseRef(1, 0, "heading", "I", "Mục I", "I. QUAN ĐIỂM", None)]
    new = [ClauseRef(2, 0, "heading", "I", "Mục I", "I. Quan điểm", None)]
    [link] = map_versions(old, new)
    assert (link.old_id, link.new_id, link.relation) == (1, 2, "changed")
    assert link.similarity < 1.0


def test_links_come_in_revised_order_with_deletions_in_place():
    old = build([("A", ["Một.", "Hai bị xóa.", "Ba."])])
    new = build([("A", ["Một.", "Ba.", "Bốn mới."])])
    links = map_versions(old, new)
    old_texts = {c.id: c.text for c in old}
    new_texts = {c.id: c.text for c in new}
    shown = [(old_texts.get(link.old_id), new_texts.get(link.new_id), link.relation) for link in links]
    assert shown == [
        ("Điều 1. A", "Điều 1. A", "same"),
        ("1. Một.", "1. Một.", "same"),
        ("2. Hai bị xóa.", None, "deleted"),
        ("3. Ba.", "2. Ba.", "renumbered"),
        (None, "3. Bốn mới.", "new"),
    ]


def test_empty_versions():
    clauses = build([("A", ["Một."])])
    assert map_versions([], []) == []
    assert {link.relation for link in map_versions(clauses, [])} == {"deleted"}
    assert {link.relation for link in map_versions([], clauses)} == {"new"}


def test_repeated_text_of_a_deleted_article_does_not_jump_to_an_inserted_one():
    boilerplate = "Bộ trưởng Bộ Khoa học và Công nghệ quy định chi tiết Điều này."
    kept = [(f"Nội dung số {n}", [f"Quy định riêng của điều số {n}.", boilerplate]) for n in range(1, 4)]
    dropped = ("Điều bị bỏ", ["Quy định sẽ bị bỏ cùng điều.", boilerplate])
    added = ("Điều thêm", ["Quy định được thêm cùng điều mới.", boilerplate])
    old = build([kept[0], dropped, *kept[1:]])
    new = build([*kept[:2], added, kept[2]])
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    assert only_link(links, old_id=old_refs["khoản 2 Điều 2"]).relation == "deleted"
    assert only_link(links, new_id=new_refs["khoản 2 Điều 3"]).relation == "new"
    assert summarise(links)["moved"] == 0


def test_a_retitled_article_follows_its_children():
    children_1 = ["Bố trí kinh phí chi thường xuyên hằng năm.", "Hướng dẫn quyết toán kinh phí."]
    children_2 = ["Tuyển dụng công chức chuyên trách chuyển đổi số.", "Đào tạo kỹ năng số cho công chức."]
    old = build([("Trách nhiệm của Bộ Tài chính", children_1), ("Trách nhiệm của Bộ Nội vụ", children_2)])
    # Article 1's duties now fall to the Ministry of Home Affairs: its new title is article 2's old one.
    new = build(
        [("Trách nhiệm của Bộ Nội vụ", children_1), ("Trách nhiệm của Bộ Nội vụ và các địa phương", children_2)]
    )
    links = map_versions(old, new)
    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    for ref in ("Điều 1", "Điều 2"):
        link = only_link(links, old_id=old_refs[ref])
        assert (link.new_id, link.relation) == (new_refs[ref], "changed")
    assert summarise(links)["same"] == 4


def test_articles_put_under_new_chapter_headings_are_not_moved():
    old = build([article(n) for n in range(1, 4)])
    chapter = ClauseRef(next(_ids), -1, "chapter", "I", "Chương I", "Chương I. QUY ĐỊNH CHUNG", None)
    body = build([article(n) for n in range(1, 4)])
    new = [chapter, *(replace(c, parent_id=chapter.id) if c.kind == "article" else c for c in body)]
    links = map_versions(old, new)
    assert_covers(old, new, links)
    assert summarise(links) == dict.fromkeys(RELATIONS, 0) | {"same": len(old), "new": 1}


def test_point_moved_under_a_khoan_of_another_article_is_moved():
    old = build([("Một", [("Về thể chế:", POINTS_1)]), ("Hai", [("Về con người:", POINTS_2)])])
    new = build([("Một", [("Về thể chế:", POINTS_1[:2])]), ("Hai", [("Về con người:", [*POINTS_2, POINTS_1[2]])])])
    links = map_versions(old, new)
    link = only_link(links, old_id=by_ref(old)["điểm c khoản 1 Điều 1"])
    assert (link.new_id, link.relation) == (by_ref(new)["điểm c khoản 1 Điều 2"], "moved")


# --- a real decree edited in place --------------------------------------------------------------------------------

DECREE = Path(__file__).parents[1] / "corpus" / "nd30-2020_30_2020_ND_CP.docx"
REPLACEMENTS = ["thực", "hiện", "theo", "quy", "định"]


def _refs_of(units, first_id: int) -> list[ClauseRef]:
    return [
        ClauseRef(first_id + i, i, u.kind, u.label, u.ref, u.text, None if u.parent is None else first_id + u.parent)
        for i, u in enumerate(units)
    ]


def _edit_in_place(data: bytes, units, words: range, changed: int) -> tuple[bytes, list[str]]:
    """The decree with ten clauses of ``words`` words, spread over it, each with ``changed`` words replaced (the
    number and its place untouched, at most half of the words after it); returns the new .docx and the citations
    of the edited clauses."""
    document = docx.Document(io.BytesIO(data))
    by_first_line = {u.paragraphs[0].strip(): u for u in units if u.kind in ("article", "clause", "point")}
    eligible = [
        p
        for p in document.paragraphs
        if p.text.strip() in by_first_line and len(p.text.split()) in words and _content_words(p.text) >= 2 * changed
    ]
    chosen = eligible[:: len(eligible) // 10][:10]
    assert len(chosen) == 10
    refs = []
    for paragraph in chosen:
        refs.append(by_first_line[paragraph.text.strip()].ref)
        text = paragraph.text.split()
        start = len(text) - _content_words(paragraph.text)
        for k in range(changed):
            text[start + 2 * k] = REPLACEMENTS[k]
        paragraph.runs[0].text = " ".join(text)
        for run in paragraph.runs[1:]:
            run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), refs


def _content_words(line: str) -> int:
    """Words after the number ("Điều 5." or "2." or "a)")."""
    words = line.split()
    return len(words) - (2 if words[0] == "Điều" else 1)


@pytest.mark.parametrize(
    ("words", "changed"),
    [(range(3, 8), 2), (range(4, 11), 3), (range(6, 14), 4), (range(10, 31), 5)],
    ids=["short clauses, two words", "headings and points, three words", "middling, four words", "long, five words"],
)
def test_clauses_edited_in_place_map_as_changed(words, changed):
    data = DECREE.read_bytes()
    before = split_bytes(data, DECREE.name)
    edited, refs = _edit_in_place(data, before, words, changed)
    after = split_bytes(edited, "edited.docx")
    old, new = _refs_of(before, 1), _refs_of(after, 10_000)
    assert [u.ref for u in before] == [u.ref for u in after]  # same numbers, same places

    links = map_versions(old, new)

    assert_covers(old, new, links)
    old_refs, new_refs = by_ref(old), by_ref(new)
    for ref in refs:
        link = only_link(links, old_id=old_refs[ref])
        assert (link.new_id, link.relation) == (new_refs[ref], "changed"), ref
        assert 0.0 < link.similarity < 1.0
    assert summarise(links) | {"changed": 0, "same": 0} == dict.fromkeys(RELATIONS, 0)
    assert summarise(links)["changed"] == 10
