"""Reading official reply letters into per-clause comments: every field and item of letters written in the styles
agencies use, each read as .docx and as a PDF made from the same content."""

from __future__ import annotations

import pytest

from commentsvc.drafts.splitting import split_path
from commentsvc.responses.cli import directory_names
from commentsvc.responses.letter_errors import MSG_NO_TEXT_LAYER, MSG_NOT_LETTER, LetterError
from commentsvc.responses.letter_reader import read_letter
from commentsvc.responses.letter_refs import clauses_from_units
from commentsvc.responses.letter_text import letter_blocks
from tests.letter_factory import to_docx, to_pdf
from tests.letters import DASH_LIST, DECREE, LETTERS, PROSE_POINTS, STRATEGY
from tests.unit.docx_factory import docx_of_body, raw_paragraph, text_box

_CLAUSES: dict = {}


def clauses_of(draft):
    if draft not in _CLAUSES:
        _CLAUSES[draft] = clauses_from_units(split_path(draft))
    return _CLAUSES[draft]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_read_from_docx(name):
    spec, draft, expected = LETTERS[name]
    reading = read_letter(to_docx(spec), clauses_of(draft), directory_names())
    assert reading.to_json() == expected


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_read_from_pdf_of_the_same_letter(name):
    spec, draft, expected = LETTERS[name]
    reading = read_letter(to_pdf(spec), clauses_of(draft), directory_names())
    assert reading.to_json() == expected


def test_citation_the_draft_lacks_is_reported_and_its_comment_kept_as_general():
    reading = read_letter(to_docx(DASH_LIST), clauses_of(DECREE), directory_names())
    assert reading.unresolved == ["Điều 25"]
    assert "Tại Điều 25 về xử lý vi phạm, đề nghị quy định mức xử phạt cụ thể." in [c.text for c in reading.general]


def test_letter_for_another_draft_keeps_every_comment_as_general():
    reading = read_letter(to_docx(PROSE_POINTS), clauses_of(STRATEGY), directory_names())
    assert reading.items == []
    assert len(reading.general) == 9
    assert {"khoản 2 Điều 5", "Điều 6 (điểm đ khoản 1)"} <= set(reading.unresolved)
    texts = "\n".join(comment.text for comment in reading.general)
    assert "Cố ý công bố dữ liệu sai lệch" not in texts  # the wording is kept apart from the text …
    assert any("Cố ý công bố dữ liệu sai lệch" in c.proposed_wording for c in reading.general)  # … not dropped


def test_agency_outside_the_directory_is_given_as_written():
    reading = read_letter(to_docx(PROSE_POINTS), clauses_of(DECREE), directory=())
    assert reading.letter.agency == "BỘ TƯ PHÁP"


def test_scanned_pdf_without_text_layer_is_refused_with_a_clear_message():
    from weasyprint import HTML

    scan = HTML(string='<div style="width:15cm;height:20cm;background:#ddd"></div>').write_pdf()
    with pytest.raises(LetterError) as error:
        read_letter(scan, clauses_of(DECREE))
    assert str(error.value) == MSG_NO_TEXT_LAYER
    assert "văn bản không có lớp chữ" in str(error.value)


@pytest.mark.parametrize("data", [b"hello", b"", b"PK\x03\x04broken", b"%PDF-1.7\n garbage"])
def test_not_a_letter_is_refused_in_vietnamese(data):
    with pytest.raises(LetterError) as error:
        read_letter(data, clauses_of(DECREE))
    assert str(error.value)
    if data in (b"hello", b""):
        assert str(error.value) == MSG_NOT_LETTER


CORPUS = sorted((DECREE.parent).glob("*.docx")) + sorted((DECREE.parent.parent / "tests" / "corpus").glob("*.docx"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_every_clause_is_found_by_its_own_citation_in_a_sentence(path):
    from commentsvc.responses.letter_refs import ClauseIndex
    from commentsvc.responses.letter_wording import subject

    units = split_path(path)
    index = ClauseIndex(clauses_from_units(units))
    # a label list ("dòng 7a, 7b") or a repeated label ("dòng 1 (thứ hai)") is not something a letter can cite
    citable = [i for i, unit in enumerate(units) if unit.ref and "(" not in unit.ref and "," not in unit.ref]
    assert [i for i in citable if subject(f"Tại {units[i].ref}, đề nghị bỏ.", index, None).indexes != [i]] == []


@pytest.mark.parametrize(
    "hostile",
    [
        b"%PDF-1.7\n1 0 obj\n" + b"[0 " * 50_000 + b"]" * 50_000 + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 900000000 /First 1 /Length 1 >>\nendobj\n%%EOF\n",
    ],
    ids=["deep-nesting", "huge-object-stream"],
)
def test_hostile_pdf_is_refused_before_reading(hostile):
    from commentsvc.responses.letter_errors import MSG_PDF_HOSTILE

    with pytest.raises(LetterError) as error:
        read_letter(hostile, clauses_of(DECREE))
    assert str(error.value) == MSG_PDF_HOSTILE


def test_pdf_reading_that_takes_too_long_is_abandoned(monkeypatch):
    from commentsvc.responses import letter_text
    from commentsvc.responses.letter_errors import MSG_PDF_TOO_SLOW

    monkeypatch.setattr(letter_text, "PDF_SECONDS", 0)
    with pytest.raises(LetterError) as error:
        read_letter(to_pdf(PROSE_POINTS), clauses_of(DECREE))
    assert str(error.value) == MSG_PDF_TOO_SLOW


def test_scan_with_only_a_signature_stamp_as_text_is_refused():
    import base64
    import io

    from PIL import Image
    from weasyprint import HTML

    picture = io.BytesIO()
    Image.new("L", (300, 400), 200).save(picture, format="PNG")
    source = base64.b64encode(picture.getvalue()).decode()
    html = (
        f'<img src="data:image/png;base64,{source}" style="width:15cm">'
        "<p>Người ký: Bộ Tư pháp. Thời gian ký: 12.11.2026 09:15:02 +07:00</p>"
    )
    with pytest.raises(LetterError) as error:
        read_letter(HTML(string=html).write_pdf(), clauses_of(DECREE))
    assert str(error.value) == MSG_NO_TEXT_LAYER


def test_text_box_in_a_letter_table_cell_is_read_once_after_its_paragraph():
    """Word stores a text box twice (DrawingML and its VML fallback): a cell reads it once, as the splitter does."""
    comment = raw_paragraph("Đề nghị bổ sung cơ quan chủ trì.", inner=text_box("Ghi chú của chuyên viên"))
    cells = f"<w:tc>{raw_paragraph('khoản 2 Điều 5')}</w:tc><w:tc>{comment}{raw_paragraph('Lý do: trùng lặp.')}</w:tc>"
    nested = f"<w:tbl><w:tr><w:tc>{raw_paragraph('a')}</w:tc><w:tc>{raw_paragraph('b')}</w:tc></w:tr></w:tbl>"
    body = f"<w:tbl><w:tr>{cells}<w:tc>{nested}</w:tc></w:tr></w:tbl>{raw_paragraph('Sau bảng')}"
    blocks = letter_blocks(docx_of_body(body))
    assert blocks[0].rows == [
        ["khoản 2 Điều 5", "Đề nghị bổ sung cơ quan chủ trì.\nGhi chú của chuyên viên\nLý do: trùng lặp.", "a b"]
    ]
    assert blocks[1:] == ["Sau bảng"]
