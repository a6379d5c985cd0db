"""Word-level diff of two versions of a clause, for showing what the revision changed.

Tokens: a word is a run of letters and digits, kept whole across inner ".", ",", "/", ":" or "-" so that
numbers, dates and symbols ("1.000", "09/3/2021", "30/2020/NĐ-CP") change as one token; any other
punctuation mark is a token of its own ("mục tiêu;" → "mục", " ", "tiêu", ";"), so a changed ";" does
not mark the word before it; each run of whitespace is a token too. A word differing only by a tone
mark ("tiêu" / "tiếu") is a different word. Both texts are NFC-normalised first: joining the "equal"
and "delete" segments gives the (NFC) old text exactly, "equal" and "insert" the new text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

Op = Literal["equal", "insert", "delete"]

_TOKEN = re.compile(r"\w+(?:[.,/:\-]\w+)*|\s+|[^\w\s]", re.UNICODE)


_CHANGE_HTML = {"insert": Markup("<ins>{}</ins>"), "delete": Markup("<del>{}</del>")}


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


def tokenise(text: str) -> list[str]:
    """Words, single punctuation marks and whitespace runs; joined back they give `text`."""
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> list[Segment]:
    """Equal, deleted and inserted runs turning `old` into `new`; in a change, the deletion comes first."""
    old_tokens = tokenise(unicodedata.normalize("NFC", old))
    new_tokens = tokenise(unicodedata.normalize("NFC", new))
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(new_tokens[j1:j2])))
    return _coalesce(_absorb_lone_spaces(raw))


def _absorb_lone_spaces(segments: list[Segment]) -> list[Segment]:
    """A bare space kept equal between two changes splits one edit in two; count it as changed."""
    result = []
    for k, segment in enumerate(segments):
        between_changes = 0 < k < len(segments) - 1 and "equal" not in (segments[k - 1].op, segments[k + 1].op)
        if segment.op == "equal" and between_changes and not segment.text.strip():
            result += [Segment("delete", segment.text), Segment("insert", segment.text)]
        else:
            result.append(segment)
    return result


def _coalesce(segments: list[Segment]) -> list[Segment]:
    """Merge each run of changes into one deletion followed by one insertion."""
    result: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for segment in [*segments, Segment("equal", "")]:
        if segment.op == "delete":
            deleted.append(segment.text)
        elif segment.op == "insert":
            inserted.append(segment.text)
        else:
            if deleted:
                result.append(Segment("delete", "".join(deleted)))
            if inserted:
                result.append(Segment("insert", "".join(inserted)))
            deleted, inserted = [], []
            if segment.text:
                result.append(segment)
    return result


def render_html(segments: list[Segment]) -> Markup:
    """Segments as HTML: <del> for removed text, <ins> for added text, everything escaped."""
    parts = []
    for segment in segments:
        if segment.op == "equal":
            parts.append(escape(segment.text))
        else:
            parts.append(_CHANGE_HTML[segment.op].format(segment.text))
    return Markup("").join(parts)
