"""Recipients: picked by group with checkboxes, the drafting ministry never preselected, saved lists reused."""

from __future__ import annotations

import re

import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations.models import Consultation, ConsultationStatus, RecipientList
from tests.web.recipients_helpers import recipient_codes


def _new_consultation_data(version, **extra) -> dict:
    return {
        "draft_version_id": version.id,
        "round_number": 1,
        "deadline_date": "31/12/2030",
        "silence_is_agreement": "y",
        "accepts_late": "y",
        "reminder_days": "3,1",
        **extra,
    }


def test_saved_recipient_list_is_reused(client, factory, login, db):
    unit = factory.unit()
    drafter = factory.drafter(unit)
    provinces = [factory.agency(f"T{n}", f"Ủy ban nhân dân tỉnh Thử {n}", AgencyGroup.PROVINCE) for n in range(3)]
    factory.agency("BTP", "Bộ Tư pháp")
    first = factory.consultation(unit=unit, agencies=provinces, status=ConsultationStatus.DRAFT)
    login(drafter)
    saved = client.post(f"/consultations/{first.id}/recipients/save-list", data={"list_name": " 34  tỉnh "})
    assert saved.status_code == 302
    assert "Đã lưu danh sách “34 tỉnh” (3 cơ quan)" in client.get(saved.headers["Location"]).get_data(as_text=True)

    # A new consultation starts from the saved list ...
    version = factory.draft_version(unit)
    form = client.get("/consultations/new").get_data(as_text=True)
    listed = re.search(r'<option value="(\d+)">34 tỉnh \(3 cơ quan\)</option>', form)
    assert listed
    created = client.post("/consultations/new", data=_new_consultation_data(version, recipient_list=listed.group(1)))
    assert created.status_code == 302, created.get_data(as_text=True)
    second = db.session.scalars(sa.select(Consultation).order_by(Consultation.id.desc())).first()
    assert recipient_codes(db, second.id) == {"T0", "T1", "T2"}

    # ... and another adds it on its page; another unit's list is not reachable.
    third = factory.consultation(unit=unit, agencies=[], status=ConsultationStatus.DRAFT)
    page = client.get(f"/consultations/{third.id}").get_data(as_text=True)
    assert "Thêm từ danh sách đã lưu" in page
    list_id = int(listed.group(1))
    added = client.post(f"/consultations/{third.id}/recipients/from-list", data={"list_id": list_id})
    assert added.status_code == 302
    assert recipient_codes(db, third.id) == {"T0", "T1", "T2"}
    client.post("/logout", data={})
    other = factory.consultation(agencies=[], status=ConsultationStatus.DRAFT)
    login(factory.drafter(other.drafting_unit))
    refused = client.post(f"/consultations/{other.id}/recipients/from-list", data={"list_id": list_id})
    assert refused.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecipientList)) == 1


def test_picker_by_group_leaves_out_the_drafting_ministry(client, factory, login, db):
    unit = factory.unit()  # a unit of the Ministry of Science and Technology (BKHCN)
    own = factory.agency("BKHCN", "Bộ Khoa học và Công nghệ")
    others = [
        factory.agency("BYT", "Bộ Y tế"),
        factory.agency("BCA", "Bộ Công an"),
        factory.agency("BTC", "Bộ Tài chính"),
    ]
    consultation = factory.consultation(unit=unit, agencies=[], status=ConsultationStatus.DRAFT)
    login(factory.drafter(unit))
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    names = re.findall(r'<label for="pick-agency-\d+">([^<]+)', page)
    assert names == ["Bộ Công an", "Bộ Khoa học và Công nghệ ", "Bộ Tài chính", "Bộ Y tế"]  # Vietnamese order
    assert "checked" not in page.split('class="picker"', 1)[1].split("</form>", 1)[0]  # nothing preselected
    response = client.post(
        f"/consultations/{consultation.id}/recipients/add", data={"whole_group": "ministry", "agency_ids": []}
    )
    assert response.status_code == 302
    assert recipient_codes(db, consultation.id) == {a.code for a in others}
    assert own.code not in recipient_codes(db, consultation.id)
    empty = client.post(f"/consultations/{consultation.id}/recipients/add", data={})
    assert empty.status_code == 400 and "Vui lòng chọn ít nhất một cơ quan." in empty.get_data(as_text=True)
    # A refused submission shows the picker again with what was ticked.
    foreign = client.post(
        f"/consultations/{consultation.id}/recipients/add", data={"agency_ids": [own.id, 999999]}
    ).get_data(as_text=True)
    assert f'id="pick-agency-{own.id}" checked' in foreign
