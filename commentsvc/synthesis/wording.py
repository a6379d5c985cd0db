"""The synthesis document's Vietnamese wording, shared by the three exporters so they say the same thing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commentsvc.synthesis.compiler import Synthesis, SynthesisRow

TITLE = "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RESULTS_INTRO = "Kết quả cụ thể như sau:"
GENERAL_SECTION = "I. GÓP Ý CHUNG"
CLAUSE_SECTION = "II. GÓP Ý CỤ THỂ"
TABLE_HEADINGS = ("STT", "Điều, khoản", "Cơ quan góp ý", "Nội dung góp ý", "Nội dung tiếp thu, giải trình")
ANNEX_AGREEING = "Phụ lục: Danh sách cơ quan không có ý kiến (được hiểu là nhất trí)"
ANNEX_NOT_COUNTED = "Phụ lục: Danh sách cơ quan không có văn bản trả lời"
ANNEX_PROVISIONAL = "Phụ lục: Danh sách cơ quan chưa có văn bản trả lời"
PROVISIONAL = "Bản tổng hợp tạm thời"
PROVISIONAL_NOTE = (
    f"{PROVISIONAL}: đợt lấy ý kiến chưa kết thúc, số liệu còn thay đổi. Cơ quan chưa trả lời khi chưa hết hạn "
    "góp ý không được tính là nhất trí."
)
PENDING = "chưa trả lời (chưa hết hạn)"
CUT_SHORT = "chưa hết hạn khi kết thúc, không tính là nhất trí"
SILENT_AGREEING = "không trả lời, được hiểu là nhất trí"
SILENT_NOT_COUNTED = "không có văn bản trả lời"
PROPOSAL_PREFIX = "Đề xuất sửa đổi: "
GROUP_LABELS = {
    "ministry": "Bộ, cơ quan ngang Bộ",
    "government_agency": "Cơ quan thuộc Chính phủ",
    "province": "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương",
    "other": "Cơ quan, tổ chức khác",
}
# The same groups inside a sentence ("gồm 17 bộ, cơ quan ngang bộ; …").
GROUP_PHRASES = {
    "ministry": "bộ, cơ quan ngang bộ",
    "government_agency": "cơ quan thuộc Chính phủ",
    "province": "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
    "other": "cơ quan, tổ chức khác",
}
EXCERPT_LENGTH = 400


def date_line(place: str, on: date) -> str:
    """E.g. "Hà Nội, ngày 05 tháng 01 năm 2026": a leading 0 for days below 10 and months 1 and 2."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def draft_line(draft_title: str, round_number: int) -> str:
    title = " ".join(draft_title.split())
    if not title.casefold().startswith("dự thảo"):
        title = f"Dự thảo {title}"
    return f"{title} (lần {round_number})" if round_number >= 2 else title


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The start of ``text``, its paragraphs kept apart (one per line), spaces inside each collapsed."""
    text = "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def paragraphs(lines: list[str]) -> list[str]:
    """Each line's own paragraphs as lines of their own: a comment typed in three paragraphs stays three."""
    return [part.strip("\r") for line in lines for part in line.split("\n") if part.strip()]


def comment_lines(row: SynthesisRow) -> list[str]:
    """The "Nội dung góp ý" cell: one comment as is; several (a group) each after its agency's name."""
    if len(row.comments) == 1:
        comment = row.comments[0]
        lines = [comment.text]
        if comment.proposed_wording:
            lines.append(PROPOSAL_PREFIX + comment.proposed_wording)
        return paragraphs(lines)
    lines = []
    for comment in row.comments:
        lines.append(f"- {comment.agency_name}: {comment.text}")
        if comment.proposed_wording:
            lines.append(PROPOSAL_PREFIX + comment.proposed_wording)
    return paragraphs(lines)


def disposition_lines(row: SynthesisRow) -> list[str]:
    lines = [row.decision_label] if row.decision_label else []
    if row.explanation:
        lines.append(row.explanation)
    return paragraphs(lines)


def clause_lines(row: SynthesisRow, with_text: bool = True) -> list[str]:
    return [row.ref, *excerpt(row.clause_text).split("\n")] if with_text and row.clause_text else [row.ref]


def table_items(synthesis: Synthesis) -> list[tuple[str | None, SynthesisRow | None, bool]]:
    """The printed table's lines: (group heading, None, False) or (None, row, first row of its clause).

    Group headings ("I. GÓP Ý CHUNG", "II. GÓP Ý CỤ THỂ") appear only when there are general comments. The
    clause's text is printed once, on its first row; the next rows repeat only the citation, which keeps a
    10,000-comment table to a readable (and renderable) length.
    """
    items: list[tuple[str | None, SynthesisRow | None, bool]] = []
    has_general = any(row.is_general for row in synthesis.rows)
    previous = None
    for row in synthesis.rows:
        if has_general and previous is None:
            items.append((GENERAL_SECTION, None, False))
        if has_general and not row.is_general and (previous is None or previous.is_general):
            items.append((CLAUSE_SECTION, None, False))
        items.append((None, row, previous is None or previous.clause_id != row.clause_id))
        previous = row
    return items


def _groups_phrase(synthesis: Synthesis) -> str:
    parts = [
        f"{count.count} {GROUP_PHRASES[count.group]}" for count in synthesis.summary.consulted_by_group if count.count
    ]
    return "; ".join(parts)


def summary_points(synthesis: Synthesis) -> tuple[str, ...]:
    summary = synthesis.summary
    asked = (
        f"1. Cơ quan chủ trì soạn thảo đã có văn bản số {synthesis.letter_number} lấy ý kiến đối với "
        f"{synthesis.draft_line} gửi {summary.consulted} cơ quan, gồm: {_groups_phrase(synthesis)}."
    )
    replied = (
        f"2. Đã nhận được văn bản trả lời của {summary.replied} cơ quan "
        f"({summary.replied_on_time} cơ quan trả lời đúng hạn; "
        f"{summary.replied_late_used} cơ quan trả lời quá hạn được tổng hợp; "
        f"{summary.replied_late_unused} cơ quan trả lời quá hạn không được tổng hợp). "
        f"Trong số {summary.replies_used} văn bản được tổng hợp: "
        f"{summary.agreed_entirely} cơ quan nhất trí hoàn toàn; "
        f"{summary.agreed_with_comments} cơ quan nhất trí và có ý kiến góp ý; "
        f"{summary.disagreed} cơ quan không nhất trí; "
        f"tổng số {summary.comments_total} ý kiến góp ý."
    )
    points = (asked, replied, _silence_sentence(synthesis), RESULTS_INTRO)
    # The exporters print these points, the PDF template included: the warning travels with them.
    return (PROVISIONAL_NOTE, *points) if synthesis.is_provisional else points


def _silence_sentence(synthesis: Synthesis) -> str:
    summary = synthesis.summary
    pending = (
        f"{len(summary.pending)} cơ quan chưa trả lời và chưa hết hạn góp ý, chưa được tính là nhất trí; "
        if summary.pending
        else ""
    )
    if summary.cut_short:
        pending += (
            f"{len(summary.cut_short)} cơ quan chưa trả lời và chưa hết hạn góp ý khi kết thúc lấy ý kiến, "
            "không được tính là nhất trí; "
        )
    if synthesis.silence_is_agreement:
        return (
            f"{pending}{len(summary.silent_agreeing)} cơ quan không có văn bản trả lời, "
            "được hiểu là nhất trí với dự thảo (danh sách tại Phụ lục)."
        )
    return f"{pending}{len(summary.silent_not_counted)} cơ quan không có văn bản trả lời (danh sách tại Phụ lục)."


def annex(synthesis: Synthesis) -> tuple[str, list[tuple[str, list[str]]]]:
    """The annex's title and the silent agencies by group (full names, already in order).

    While some agencies are still pending, the annex lists them too, each group saying which they are, so no one
    reads a pending agency as agreeing.
    """
    summary = synthesis.summary
    agreeing = synthesis.silence_is_agreement
    silent = summary.silent_agreeing if agreeing else summary.silent_not_counted
    if not summary.pending and not summary.cut_short:
        return (ANNEX_AGREEING if agreeing else ANNEX_NOT_COUNTED), _by_group(silent)
    silent_label = SILENT_AGREEING if agreeing else SILENT_NOT_COUNTED
    groups = [(f"{label} - {PENDING}", names) for label, names in _by_group(summary.pending)]
    groups += [(f"{label} - {CUT_SHORT}", names) for label, names in _by_group(summary.cut_short)]
    groups += [(f"{label} - {silent_label}", names) for label, names in _by_group(silent)]
    return ANNEX_PROVISIONAL, groups


def _by_group(agencies) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for agency in agencies:
        groups.setdefault(GROUP_LABELS[agency.group], []).append(agency.name)
    return list(groups.items())
