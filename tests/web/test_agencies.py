"""The agency directory: shipped file, counts per group, Vietnamese order, editing, re-import."""

from __future__ import annotations

import re

import sqlalchemy as sa

from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.config import ROOT


def _import_shipped(runner):
    result = runner.invoke(args=["agencies", "import", str(ROOT / "data" / "agencies.csv")])
    assert result.exit_code == 0, result.output
    return result


def test_shipped_directory_has_todays_agencies(runner, db):
    result = _import_shipped(runner)
    assert "Thêm 56" in result.output
    counts = dict(db.session.execute(sa.select(Agency.group, sa.func.count()).group_by(Agency.group)).all())
    assert counts == {AgencyGroup.MINISTRY: 17, AgencyGroup.GOVERNMENT_AGENCY: 5, AgencyGroup.PROVINCE: 34}
    names = set(db.session.scalars(sa.select(Agency.name)))
    assert {
        "Bộ Khoa học và Công nghệ",
        "Ngân hàng Nhà nước Việt Nam",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    } <= names
    assert "Bộ Thông tin và Truyền thông" not in names  # merged into the Ministry of Science and Technology in 2025


def test_directory_page_counts_and_vietnamese_order(runner, client, factory, login):
    _import_shipped(runner)
    login(factory.drafter())
    page = client.get("/agencies/").get_data(as_text=True)
    assert 'Tỉnh, thành phố trực thuộc trung ương <span class="count">(34)</span>' in page
    assert 'Bộ, cơ quan ngang bộ <span class="count">(' in page
    provinces = page.split("Tỉnh, thành phố trực thuộc trung ương")[1]
    order = re.findall(r"<td>Ủy ban nhân dân (?:tỉnh|thành phố|Thành phố) ([^<]+)</td>", provinces)
    assert order[:4] == ["An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng"]
    assert order.index("Điện Biên") > order.index("Đà Nẵng") > order.index("Cần Thơ")  # đ after d
    assert order.index("Đồng Tháp") < order.index("Gia Lai")


def test_reimport_updates_and_deactivates_but_never_deletes(runner, db, tmp_path):
    _import_shipped(runner)
    smaller = tmp_path / "agencies.csv"
    lines = (ROOT / "data" / "agencies.csv").read_text(encoding="utf-8").splitlines()
    kept = [line.replace("Bộ Tư pháp,Bộ Tư pháp", "Bộ Tư pháp,BTP") for line in lines if not line.startswith("BQP,")]
    smaller.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = runner.invoke(args=["agencies", "import", str(smaller)])
    assert "cập nhật 1, ngừng hoạt động 1" in result.output
    quoc_phong = db.session.scalar(sa.select(Agency).where(Agency.code == "BQP"))
    assert quoc_phong is not None and not quoc_phong.is_active
    assert db.session.scalar(sa.select(Agency.short_name).where(Agency.code == "BTP")) == "BTP"


def test_bad_directory_file_is_refused_whole(runner, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,short_name,group\nBQP,Bộ Quốc phòng,,ministry\nX Y,Sai mã,,ministry\n", encoding="utf-8")
    result = runner.invoke(args=["agencies", "import", str(bad)])
    assert result.exit_code != 0
    assert "Dòng 3: mã cơ quan" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Agency.id))) == 0


def test_admin_edits_and_deactivates_an_agency(client, factory, login, db):
    agency = factory.agency(code="BYT", name="Bộ Y tế")
    login(factory.admin())
    response = client.post(
        f"/agencies/{agency.id}",
        data={
            "code": "BYT",
            "name": "Bộ Y tế",
            "short_name": "Bộ Y tế",
            "group": "ministry",
            "email": "byt@example.com",
        },
    )
    assert response.status_code == 302
    db.session.refresh(agency)
    assert agency.email == "byt@example.com" and not agency.is_active


def test_admin_upload_import_reports_a_bad_file(client, factory, login):
    import io

    login(factory.admin())
    response = client.post(
        "/agencies/import",
        data={"file": (io.BytesIO(b"\xff\xfe\x00bad"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "UTF-8" in response.get_data(as_text=True)
