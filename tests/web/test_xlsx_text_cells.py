"""The tracking workbook as downloaded: letter numbers the agencies typed stay text, never formulas."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from commentsvc.consultations.tracking_xlsx import ROWS_SHEET

RISKY = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")


def test_downloaded_tracking_xlsx_keeps_letter_numbers_as_text(client, login, db, factory):
    unit = factory.unit()
    agencies = [factory.agency(name=f"Bộ Thử nghiệm chữ {letter}") for letter in "ABCD"]
    consultation = factory.consultation(unit=unit, agencies=agencies)
    for agency, text in zip(agencies, RISKY, strict=True):
        factory.reply(consultation, agency).letter_number = text
    db.session.commit()
    login(factory.drafter(unit))
    response = client.get(f"/consultations/{consultation.id}/tracking.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))[ROWS_SHEET]
    cells = {row[1].value: row[6] for row in sheet.iter_rows(min_row=4)}
    for agency, text in zip(agencies, RISKY, strict=True):
        cell = cells[agency.name]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
