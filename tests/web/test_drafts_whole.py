"""The import preview of a whole document: where every character went, text that went nowhere shown before
saving, numbering warnings linked to their place, long outlines in pages, and limits on huge files."""

from __future__ import annotations

import html

import pytest

from commentsvc.drafts.model import MSG_TOO_MANY_PARAGRAPHS, MSG_TOO_MANY_UNITS
from commentsvc.drafts.models import DraftImport
from tests.unit.corpus import with_annexes
from tests.unit.docx_factory import DocxFactory
from tests.unit.margins_draft import HEADER, NOTE, REPLY, margins_draft
from tests.web.drafts_helpers import (
    SAMPLES,
    clauses_of,
    pending_import,
    preview_token_of,
    refs_on,
    stored_counts,
    upload,
)

STRAY = "Các bộ, ngành gửi báo cáo kết quả thực hiện về Bộ Khoa học và Công nghệ trước ngày 15 tháng 12 hằng năm."


@pytest.fixture(autouse=True)
def _drafter_signed_in(factory, login):
    login(factory.drafter())


def _docx(lines: list[str]) -> bytes:
    factory = DocxFactory()
    for line in lines:
        factory.para(line)
    return factory.to_bytes()


def _page(client, token: str, **args) -> str:
    response = client.get(f"/drafts/imports/{token}", query_string=args)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_preview_of_a_decree_with_annexes_after_the_signature(client, db):
    data = with_annexes("nd30-2020_30_2020_ND_CP.docx", "nd30-2020_Phuluc2.docx")
    token = preview_token_of(upload(client, data, "nd30.docx"))
    page = _page(client, token)
    refs = refs_on(page)
    assert "Phụ lục II" in refs and "điểm a khoản 1 Mục II Phụ lục II" in refs and len(refs) == 261 + 42
    assert "không có đoạn nào bị bỏ sót" in page
    assert "Nơi nhận" in page and "Chữ ký, câu thông qua" in page  # the tally's rows
    assert 'role="alert"' not in page


def test_preview_shows_text_that_went_nowhere_before_saving(client, db):
    lines = ["Căn cứ Luật Dữ liệu;", "Điều 1. Phạm vi", "Nội dung.", "Nơi nhận:", "- Như trên;", "BỘ TRƯỞNG", STRAY]
    token = preview_token_of(upload(client, _docx(lines), "du-thao.docx"))
    page = _page(client, token)
    alert = page.index('role="alert"')
    assert "Có 1 đoạn văn bản không thuộc mục nào" in page
    assert page.index(STRAY, alert) < page.index("Lưu thành phiên bản 1")  # shown before the save button
    assert pending_import(db, token).split_summary  # kept with the import


def test_preview_lists_word_comments_and_counts_headers_and_footers(client, db):
    token = preview_token_of(upload(client, margins_draft(), "du-thao.docx"))
    page = _page(client, token)
    warning = page.index('id="word-comments"')
    assert page.index("Tệp có 2 chú thích (comment) của Word, không đưa vào điều khoản", warning) < page.index(
        "Lưu thành phiên bản 1"
    )
    assert NOTE in page[warning:] and REPLY in page[warning:] and "Nguyễn Văn An" in page[warning:]
    assert '<th scope="row">Đầu trang, chân trang</th>' in page
    assert '<th scope="row">Chú thích (comment) của Word</th>' in page
    assert HEADER not in page and "không có đoạn nào bị bỏ sót" in page  # counted, in no unit
    assert '"comment_count": 2' in pending_import(db, token).split_summary  # kept with the import


def test_preview_warns_of_repeated_labels_and_gaps_with_links(client, db):
    lines = ["Căn cứ Luật;", "Điều 1. Phạm vi", "1. Khoản:", "a) A;", "b) B;", "b) B lặp lại;", "3. Khoản ba."]
    token = preview_token_of(upload(client, _docx(lines), "du-thao.docx"))
    page = _page(client, token)
    assert "2 cảnh báo về số thứ tự" in page
    assert 'href="#u-5">điểm b (thứ hai) khoản 1 Điều 1</a>' in page  # the unit is on this page
    assert 'href="#u-6">khoản 3 Điều 1</a>' in page
    assert 'id="u-5"' in page


def test_long_outline_is_shown_in_pages(client, db, app):
    app.config["DRAFT_PREVIEW_PAGE_SIZE"] = 10
    token = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "thong-tu.md"))
    first, last = _page(client, token), _page(client, token, page=3)
    assert len(refs_on(first)) == 10 and len(refs_on(last)) == 2
    assert "Trang 1 / 3: mục 1–10 trong 22 mục." in first
    assert "Trang 3 / 3: mục 21–22 trong 22 mục." in last
    assert refs_on(_page(client, token, page=99)) == refs_on(last)  # past the end: the last page
    response = client.post(f"/drafts/imports/{token}/units/15/merge", data={})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert response.headers["Location"].endswith(f"/drafts/imports/{token}?page=2#u-15")
    # a warning on another page links to that page
    client.post(f"/drafts/imports/{token}/units/20/kind", data={"kind": "article", "label": "1"})
    assert f'href="/drafts/imports/{token}?page=3#u-20">' in _page(client, token)


def test_huge_file_is_refused_within_limits_and_the_server_stays_healthy(client, db, app):
    app.config["DRAFT_MAX_PARAGRAPHS"] = 2_000
    factory = DocxFactory()
    for n in range(5_000):
        factory.para(f"Dòng {n}")
    response = upload(client, factory.to_bytes(), "rat-lon.docx")
    assert response.status_code == 400
    message = MSG_TOO_MANY_PARAGRAPHS.format(count="5.000", limit="2.000")
    assert message in html.unescape(response.get_data(as_text=True))
    assert stored_counts(db) == (0, 0, 0, 0)
    # the same process goes on serving: a normal draft is imported right after
    token = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "thong-tu.md"))
    assert len(refs_on(_page(client, token))) == 22


def test_too_many_units_is_refused_with_the_numbers(client, db, app):
    app.config["DRAFT_MAX_UNITS"] = 5
    response = upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "thong-tu.md")
    assert response.status_code == 400
    assert MSG_TOO_MANY_UNITS.format(count="22", limit="5") in html.unescape(response.get_data(as_text=True))
    assert db.session.query(DraftImport).count() == 0


def test_a_saved_version_is_shown_in_pages_too(client, db, app):
    app.config["DRAFT_PREVIEW_PAGE_SIZE"] = 10
    token = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "thong-tu.md"))
    saved = client.post(f"/drafts/imports/{token}/accept", data={})
    version_url = saved.headers["Location"]
    page = html.unescape(client.get(version_url, query_string={"page": 2}).get_data(as_text=True))
    assert len(refs_on(page)) == 10 and "Trang 2 / 3: mục 11–20 trong 22 mục." in page
    response = client.post(f"{version_url}/units/21/merge", data={})
    assert response.headers["Location"].endswith(f"{version_url}?page=3#u-20")


def test_closing_paragraph_of_a_khoan_is_saved_under_the_khoan_in_the_documents_order(client, db):
    closing = "Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng."
    lines = ["Căn cứ Luật Lưu trữ;", "Điều 5. Tài liệu", "2. Tài liệu có các đặc điểm sau đây:", "a) Mật;", "b) Hỏng."]
    text = "\n".join([*lines, closing, "3. Khoản ba."]).encode()
    token = preview_token_of(upload(client, text, "du-thao.txt"))
    page = _page(client, token)
    expected = ["điểm b khoản 2 Điều 5", "đoạn thứ hai khoản 2 Điều 5", "khoản 3 Điều 5"]
    assert refs_on(page)[-3:] == expected
    assert "Đoạn kết của khoản, điều (sau các điểm)" in page  # its kind, and a choice of the kind selector
    version_url = client.post(f"/drafts/imports/{token}/accept", data={}).headers["Location"]
    assert refs_on(html.unescape(client.get(version_url).get_data(as_text=True)))[-3:] == expected
    clauses = {clause.ref: clause for clause in clauses_of(db, pending_import(db, token).version_id)}
    saved = clauses["đoạn thứ hai khoản 2 Điều 5"]
    assert (saved.kind, saved.text, saved.parent_id) == ("closing", closing, clauses["khoản 2 Điều 5"].id)
