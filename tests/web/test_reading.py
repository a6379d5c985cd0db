"""The agency's reading page through HTTP: one form, the no-JavaScript "Góp ý", the filters of round 2."""

from __future__ import annotations

import re

from commentsvc.drafts.splitting import split_bytes
from tests.web.revisions_helpers import clause, round_two


def _shown_refs(html: str) -> list[str]:
    return re.findall(r'<p class="ref">([^<]*)</p>', html)


def test_one_form_and_goy_y_without_javascript(client, factory, login):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    page = client.get(f"/agency/consultations/{consultation.id}").get_data(as_text=True)
    assert page.count('method="post"') == 2  # the new-comment form and the logout button
    assert (
        page.count('id="comment-form"') == 1
        and page.count('class="say"') == len(consultation.draft_version.clauses) + 1
    )
    target = consultation.draft_version.clauses[2]
    opened = client.get(f"/agency/consultations/{consultation.id}?comment={target.id}").get_data(as_text=True)
    section = opened.split(f'id="c-{target.id}"', 1)[1].split("</section>", 1)[0]
    assert 'id="comment-form"' in section and f'name="clause_id" value="{target.id}"' in section
    assert opened.count('id="comment-form"') == 1


def test_round_two_filters_changed_clauses_and_ours(client, factory, login, db):
    agency = factory.agency()
    _first, second, new = round_two(factory, db, agency)
    factory.reply(second, agency, comments=[(clause(db, new, "khoản 1 Điều 4").id, "Giữ nguyên.")], submitted=False)
    login(factory.member(agency))
    url = f"/agency/consultations/{second.id}"
    full = client.get(url).get_data(as_text=True)
    assert "Chỉ điều khoản đã sửa so với lần 1" in full and 'data-changed="1"' in full
    changed = _shown_refs(client.get(url + "?changed=1").get_data(as_text=True))
    assert "khoản 1 Điều 1" not in changed  # the same words as in round 1
    assert {"Điều 2", "khoản 1 Điều 2", "khoản 3 Điều 3", "khoản 2 Điều 4"} <= set(changed)
    assert _shown_refs(client.get(url + "?mine=1").get_data(as_text=True)) == ["Điều 4", "khoản 1 Điều 4"]
    outline = full.split('aria-label="Mục lục dự thảo"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r"Điều 4\. Trách nhiệm công bố dữ liệu mở</a> <span class=\"o-count\"[^>]*>1<", outline)


def test_closing_paragraph_of_a_khoan_is_read_after_its_points(client, factory, login):
    """The agency reads the khoản's closing paragraph where the document has it: after the last point."""
    lines = ["Căn cứ Luật Lưu trữ;", "Điều 5. Tài liệu", "2. Tài liệu có các đặc điểm sau đây:", "a) Mật;", "b) Hỏng."]
    closing = "Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng."
    units = split_bytes("\n".join([*lines, closing, "3. Khoản ba."]).encode())
    version = factory.draft_version(clauses=[(u.kind, u.label, u.ref, u.text, u.depth) for u in units])
    agency = factory.agency()
    consultation = factory.consultation(version=version, agencies=[agency])
    login(factory.member(agency))
    page = client.get(f"/agency/consultations/{consultation.id}").get_data(as_text=True)
    refs = _shown_refs(page)
    expected = ["điểm b khoản 2 Điều 5", "đoạn thứ hai khoản 2 Điều 5", "khoản 3 Điều 5"]
    assert refs[refs.index(expected[0]) : refs.index(expected[0]) + 3] == expected
    assert page.index("b) Hỏng.") < page.index(closing) < page.index("3. Khoản ba.")
