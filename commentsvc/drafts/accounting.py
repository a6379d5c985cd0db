"""Where every character of a draft went: into units, or into the parts that are deliberately not units.

The splitter reads the whole file; each piece of text it reads is tallied once, in one of :data:`CATEGORIES`.
Text that fits none of them (a long sentence after the signature that opens no annex, a table before anything
it could belong to) is "nowhere": it is kept, in order, so that the preview can show it to the drafting team
before they accept the split. Characters are counted after whitespace clean-up (what the reader sees).

A .docx also holds text outside its body: page headers and footers (page numbers, "Dự thảo", the agency's name),
counted as such, and the comments of Word's review pane, counted and kept (author and text) so that the preview can
say that they are not part of any unit (:meth:`Tally.comments_warning`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from commentsvc.core.text import thousands

__all__ = ["CATEGORIES", "NOT_CONTENT", "Tally", "thousands"]

# Category → how the preview names it. "units" is what agencies can comment on; "nowhere" must be shown.
CATEGORIES = {
    "units": "Trong các mục để góp ý",
    "letterhead": "Tiêu đề, quốc hiệu, số và ngày văn bản",
    "signature": "Chữ ký, câu thông qua",
    "recipients": "Nơi nhận",
    "toc": "Mục lục tự động",
    "separators": "Đường kẻ, dòng chấm",
    "table_headers": "Dòng tiêu đề bảng lặp lại",
    "headers_footers": "Đầu trang, chân trang",
    "comments": "Chú thích (comment) của Word",
    "nowhere": "Không thuộc mục nào",
}
NOT_CONTENT = (
    "letterhead",
    "signature",
    "recipients",
    "toc",
    "separators",
    "table_headers",
    "headers_footers",
    "comments",
)
MSG_WORD_COMMENTS = "Tệp có {count} chú thích (comment) của Word, không đưa vào điều khoản"
MAX_LISTED = 200  # pieces of "nowhere" text kept for the preview; the count covers all of them


@dataclass
class Tally:
    characters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    nowhere: list[str] = field(default_factory=list)
    nowhere_pieces: int = 0
    comments: list[dict[str, str]] = field(default_factory=list)  # {"author": …, "text": …}, the first MAX_LISTED
    comment_count: int = 0

    def add(self, category: str, text: str) -> None:
        self.characters[category] += len(text)
        if category == "nowhere" and text:
            self.nowhere_pieces += 1
            if len(self.nowhere) < MAX_LISTED:
                self.nowhere.append(text)

    def add_comment(self, author: str, text: str) -> None:
        """A Word comment: its characters counted, the comment kept for the preview."""
        self.characters["comments"] += len(text)
        self.comment_count += 1
        if len(self.comments) < MAX_LISTED:
            self.comments.append({"author": author, "text": text})

    def comments_warning(self) -> str | None:
        """What the preview says when the file has Word comments, or None."""
        return MSG_WORD_COMMENTS.format(count=thousands(self.comment_count)) if self.comment_count else None

    @property
    def total(self) -> int:
        return sum(self.characters.values())

    def share_in_units(self, outside: tuple[str, ...] = NOT_CONTENT) -> float:
        """Share of the text in units, out of all text except ``outside`` (1.0 for an empty document).

        By default the letterhead, signature and recipients are left out, and so are the parts that hold no
        text of their own: rules and dotted lines, a TOC (it repeats the headings), repeated table headers.
        """
        counted = self.total - sum(self.characters[category] for category in outside)
        return self.characters["units"] / counted if counted else 1.0

    def to_json(self) -> dict:
        return {
            "characters": dict(self.characters),
            "total": self.total,
            "share_in_units": round(self.share_in_units(), 4),
            "nowhere": list(self.nowhere),
            "nowhere_pieces": self.nowhere_pieces,
            "comments": [dict(comment) for comment in self.comments],
            "comment_count": self.comment_count,
        }

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        characters = dict.fromkeys(CATEGORIES, 0) | {
            key: int(value) for key, value in data.get("characters", {}).items() if key in CATEGORIES
        }
        comments = [
            {"author": str(item.get("author", "")), "text": str(item.get("text", ""))}
            for item in data.get("comments", [])
            if isinstance(item, dict)
        ]
        return cls(
            characters,
            list(data.get("nowhere", [])),
            int(data.get("nowhere_pieces", 0)),
            comments,
            int(data.get("comment_count", len(comments))),
        )
