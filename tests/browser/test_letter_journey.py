"""The team reads an agency's reply letter in a real browser: upload, review and correct, record."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor
from tests.letter_factory import to_docx
from tests.letters import PROSE_POINTS
from tests.web.test_letter_replies import DECREE_CLAUSES

pytestmark = pytest.mark.browser


def test_team_reads_a_letter_corrects_it_and_records_it(live_server, new_page, factory, db, tmp_path):
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    consultation = factory.consultation(version=factory.draft_version(clauses=DECREE_CLAUSES), agencies=[justice])
    consultation.letter_number = "412/BKHCN-CĐS"
    db.session.commit()
    drafter = factory.drafter(consultation.drafting_unit)
    letter = tmp_path / "cong-van-btp.docx"
    letter.write_bytes(to_docx(PROSE_POINTS))

    visitor = Visitor(new_page(), live_server)
    visitor.logs_in(drafter.username)
    visitor.go(f"/consultations/{consultation.id}/paper-replies/new")
    page = visitor.page
    page.get_by_label("Cơ quan gửi công văn").select_option(label="Bộ Tư pháp")
    page.get_by_label("Công văn góp ý (PDF có lớp chữ hoặc Word .docx)").set_input_files(str(letter))
    visitor.presses("Đọc công văn")
    assert visitor.heading() == "Kiểm tra công văn góp ý của Bộ Tư pháp"
    assert visitor.value_of("Số văn bản góp ý") == "1582/BTP-PLDSKT"
    first = page.locator("#item-0-clause option:checked").inner_text().strip()
    assert first == "khoản 2 Điều 5"
    screenshot(page, "letter-review", full_page=False)

    page.locator("#item-7-action").select_option(label="Xóa ý kiến này")  # "Chương III: …"
    visitor.presses("Cập nhật danh sách ý kiến")
    assert page.locator("fieldset.review-item").count() == 8
    texts = page.locator("fieldset.review-item textarea").evaluate_all("areas => areas.map(area => area.value)")
    assert "Chương III: đề nghị bổ sung điều khoản chuyển tiếp." not in texts
    assert "Các Điều 7, 8, 9 nên quy định rõ trách nhiệm của người đứng đầu." in texts

    visitor.presses("Ghi nhận văn bản góp ý")
    assert visitor.heading() == "Văn bản góp ý của Bộ Tư pháp"
    assert "Đã ghi nhận văn bản góp ý của Bộ Tư pháp từ công văn." in visitor.flashes()
    assert "Không có chữ ký số" in visitor.text()
    assert visitor.problems == []
