"""Corrections the drafting team makes in the preview when the split is wrong.

Pure functions: each takes a list of units and returns a new list with parents, depths, positions and refs
recomputed (the input list is never modified).
"""

from __future__ import annotations

from dataclasses import replace

from commentsvc.drafts.citations import recompute
from commentsvc.drafts.model import KINDS, Unit
from commentsvc.drafts.structure import guess_label

__all__ = ["change_kind", "merge_into_previous", "recompute", "split_off"]

_UNLABELLED = ("preamble", "paragraph", "closing")


def _check_index(units: list[Unit], index: int, low: int = 0) -> None:
    if not low <= index < len(units):
        raise IndexError(f"no unit at position {index}")


def merge_into_previous(units: list[Unit], index: int) -> list[Unit]:
    """Append unit ``index``'s paragraphs to the unit before it and remove it (its children move up)."""
    _check_index(units, index, low=1)
    previous = units[index - 1]
    merged = replace(previous, paragraphs=[*previous.paragraphs, *units[index].paragraphs])
    return recompute([*units[: index - 1], merged, *units[index + 1 :]])


def split_off(units: list[Unit], index: int, paragraph_index: int) -> list[Unit]:
    """Make paragraph ``paragraph_index`` of unit ``index`` ("Tách đoạn trên thành mục riêng": the paragraph above
    the button) a unit of its own, of kind paragraph, right after the unit. The paragraphs that followed it were not
    asked to move into it: they stay together as the next paragraph unit, so each keeps its citation order."""
    _check_index(units, index)
    unit = units[index]
    if not 1 <= paragraph_index < len(unit.paragraphs):
        raise IndexError(f"unit {index} has no continuation paragraph {paragraph_index}")
    head = replace(unit, paragraphs=unit.paragraphs[:paragraph_index])
    pieces = [unit.paragraphs[paragraph_index : paragraph_index + 1], unit.paragraphs[paragraph_index + 1 :]]
    split = [Unit(kind="paragraph", label="", paragraphs=piece) for piece in pieces if piece]
    return recompute([*units[:index], head, *split, *units[index + 1 :]])


def change_kind(units: list[Unit], index: int, kind: str, label: str | None = None) -> list[Unit]:
    """Give unit ``index`` another kind; its label is ``label``, else read from its text, else kept."""
    _check_index(units, index)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    unit = units[index]
    if kind in _UNLABELLED:
        new_label = ""
    elif label is not None:
        new_label = label
    else:
        new_label = guess_label(kind, unit.paragraphs[0] if unit.paragraphs else "") or unit.label
    changed = replace(unit, kind=kind, label=new_label)
    return recompute([*units[:index], changed, *units[index + 1 :]])
