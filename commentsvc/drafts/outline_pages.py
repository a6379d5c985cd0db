"""The outline shown a page at a time: a 3,000-clause draft on one page, a 20,000-unit code on seven.

Rendering every unit with its correction forms costs about 2 kB of HTML each; pages keep the preview's memory and
the browser's work proportional to a page, not to the document. Counts, warnings and the "went nowhere" list are
computed on the whole draft, and each warning links to the page that holds its unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentsvc.drafts.model import Unit


@dataclass
class OutlinePager:
    units: list[Unit]
    size: int = 3000
    number: int = 1

    def __post_init__(self) -> None:
        self.size = max(self.size, 1)
        self.number = min(max(self.number, 1), self.pages)

    @property
    def pages(self) -> int:
        return max((len(self.units) + self.size - 1) // self.size, 1)

    @property
    def shown(self) -> list[Unit]:
        start = (self.number - 1) * self.size
        return self.units[start : start + self.size]

    @property
    def total(self) -> int:
        return len(self.units)

    def page_of(self, position: int) -> int:
        return max(position, 0) // self.size + 1
