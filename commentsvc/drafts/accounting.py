"""Where every character of a draft went: into units, or into the parts that are deliberately not units.

The splitter reads the whole file; each piece of text it reads is tallied once, in one of :data:`CATEGORIES`.
Text that fits none of them (a long sentence after the signature that opens no annex, a table before anything
it could belong to) is "nowhere": it is kept, in order, so that the preview can show it to the drafting team
before they accept the split. Characters are counted after whitespace clean-up (what the reader sees).
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
    "nowhere": "Không thuộc mục nào",
}
NOT_CONTENT = ("letterhead", "signature", "recipients", "toc", "separators", "table_headers")
MAX_LISTED = 200  # pieces of "nowhere" text kept for the preview; the count covers all of them


@dataclass
class Tally:
    characters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    nowhere: list[str] = field(default_factory=list)
    nowhere_pieces: int = 0

    def add(self, category: str, text: str) -> None:
        self.characters[category] += len(text)
        if category == "nowhere" and text:
            self.nowhere_pieces += 1
            if len(self.nowhere) < MAX_LISTED:
                self.nowhere.append(text)

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
        }

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        characters = dict.fromkeys(CATEGORIES, 0) | {
            key: int(value) for key, value in data.get("characters", {}).items() if key in CATEGORIES
        }
        return cls(characters, list(data.get("nowhere", [])), int(data.get("nowhere_pieces", 0)))
