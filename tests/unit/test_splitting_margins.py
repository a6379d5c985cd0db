"""Page headers and footers and Word comments of a .docx: never units, but every character of them accounted for,
and the comments listed for the preview (commentsvc/drafts/docx_reader.py, accounting.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from commentsvc.drafts.accounting import MSG_WORD_COMMENTS, Tally
from commentsvc.drafts.docx_reader import Margins, read_docx
from commentsvc.drafts.model import MSG_CORRUPT, MSG_TOO_MANY_PARAGRAPHS, MSG_UNSAFE_XML, SplitError
from commentsvc.drafts.splitting import Limits, split_document
from tests.unit.docx_factory import DocxFactory, replace_part
from tests.unit.margins_draft import BODY, DRAFT_MARK, FIRST_PAGE, HEADER, NOTE, REPLY, margins_draft


def test_headers_and_footers_are_counted_never_units():
    split = split_document(margins_draft(comments=False))
    texts = " ".join(unit.text for unit in split.units)
    assert [unit.ref for unit in split.units] == ["Phần mở đầu", "Điều 1", "khoản 1 Điều 1", "khoản 2 Điều 1"]
    for text in (HEADER, DRAFT_MARK, FIRST_PAGE, "Trang 1"):
        assert text not in texts
    expected = len(HEADER) + len(DRAFT_MARK) + len(FIRST_PAGE) + len("Trang 1") + len("Số: | 12/2026")
    assert split.tally.characters["headers_footers"] == expected
    assert split.tally.nowhere == [] and split.tally.comment_count == 0
    assert split.tally.share_in_units() == 1.0  # not content: left out of the share, like the letterhead
    assert split.summary()["characters"]["headers_footers"] == expected


def test_word_comments_are_counted_listed_and_never_units():
    split = split_document(margins_draft(headers=False))
    assert NOTE not in " ".join(unit.text for unit in split.units)
    tally = split.tally
    assert tally.comment_count == 2
    assert tally.comments == [
        {"author": "Nguyễn Văn An", "text": NOTE},
        {"author": "Trần Thị Bình", "text": REPLY},
    ]
    assert tally.characters["comments"] == len(NOTE) + len(REPLY)
    assert tally.comments_warning() == "Tệp có 2 chú thích (comment) của Word, không đưa vào điều khoản"
    assert tally.comments_warning() == MSG_WORD_COMMENTS.format(count=2)
    summary = split.summary()
    assert summary["comment_count"] == 2 and summary["comments"][0]["author"] == "Nguyễn Văn An"
    # kept with the import: read back from its JSON, and a summary stored before comments were counted still reads
    assert Tally.from_json(tally.to_json()) == tally
    old = tally.to_json()
    del old["comments"], old["comment_count"]
    assert Tally.from_json(old).comment_count == 0 and Tally.from_json(old).comments_warning() is None


def test_a_draft_without_headers_or_comments_has_none():
    split = split_document(margins_draft(headers=False, comments=False))
    assert split.tally.characters["headers_footers"] == split.tally.characters["comments"] == 0
    assert split.tally.comments_warning() is None


def test_reply_letters_and_other_readers_do_not_read_margins_unless_asked():
    data = margins_draft()
    assert read_docx(data) == read_docx(data, margins=Margins())  # the body's blocks are the same
    margins = Margins()
    read_docx(data, margins=margins)
    assert HEADER in margins.headers_footers and [c.author for c in margins.comments] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]


def _header_part(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return next(name for name in names if name.startswith("word/header"))


def test_hostile_or_huge_header_and_comment_parts_are_refused():
    data = margins_draft()
    header = _header_part(data)
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:hdr/>'
    with pytest.raises(SplitError, match=MSG_UNSAFE_XML):
        split_document(replace_part(data, header, doctype))
    with pytest.raises(SplitError, match=MSG_CORRUPT):
        split_document(replace_part(data, "word/comments.xml", b"<w:comments><w:comment>"))
    # the paragraphs of headers, footers and comments count against the same limit as the body's
    many = "".join("<w:p><w:r><w:t>Dự thảo</w:t></w:r></w:p>" for _ in range(60))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    crowded = replace_part(data, header, f"<w:hdr {ns}>{many}</w:hdr>".encode())
    with pytest.raises(SplitError) as refused:
        split_document(crowded, limits=Limits(max_paragraphs=50))
    assert str(refused.value).startswith(MSG_TOO_MANY_PARAGRAPHS.split("{")[0])
    assert split_document(crowded, limits=Limits(max_paragraphs=100)).tally.characters["headers_footers"] > 60 * 7


def test_a_relationship_pointing_outside_the_package_or_nowhere_is_ignored():
    factory = DocxFactory()
    for line in BODY:
        factory.para(line)
    data = factory.to_bytes()
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/header" Target="../../missing.xml"/></Relationships>'
    )
    split = split_document(replace_part(data, "word/_rels/document.xml.rels", rels.encode()))
    assert split.tally.characters["headers_footers"] == 0 and len(split.units) == 4


def test_comment_anchors_do_not_change_the_body_text():
    with_comments, without = split_document(margins_draft(headers=False)), split_document(margins_draft(False, False))
    assert [unit.text for unit in with_comments.units] == [unit.text for unit in without.units]
