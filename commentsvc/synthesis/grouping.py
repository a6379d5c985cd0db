"""Suggest groups of identical or nearly identical comments on the same clause, to be answered once.

Comparison happens only within a clause, so the cost grows with the largest clause, not the whole set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from commentsvc.synthesis.compiler import CommentIn

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalise_comment(text: str) -> str:
    """NFC, case-folded, punctuation dropped, whitespace collapsed: the form comments are compared in."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _score(left: str, right: str, **_kwargs) -> float:
    # token_sort_ratio forgives a changed word order; ratio alone also catches small typing differences.
    return max(fuzz.ratio(left, right), fuzz.token_sort_ratio(left, right))


def _group_clause(comments: Sequence[CommentIn], threshold: int) -> list[list[CommentIn]]:
    groups: list[list[CommentIn]] = []
    representatives: list[str] = []
    exact: dict[str, int] = {}
    for comment in comments:
        text = normalise_comment(comment.text)
        index = exact.get(text)
        if index is None and representatives:
            match = process.extractOne(text, representatives, scorer=_score, score_cutoff=threshold)
            index = match[2] if match else None
        if index is None:
            index = len(groups)
            groups.append([])
            representatives.append(text)
        exact.setdefault(text, index)
        groups[index].append(comment)
    return groups


def group_similar(comments: Sequence[CommentIn], threshold: int = 90) -> list[list[CommentIn]]:
    """Groups per clause, compared with the first comment of each group (score 0–100, >= threshold).

    Deterministic: clauses in the order they first appear, groups in the order of their first comment, and
    comments in input order within a group.
    """
    by_clause: dict[int | None, list[CommentIn]] = {}
    for comment in comments:
        by_clause.setdefault(comment.clause_id, []).append(comment)
    groups: list[list[CommentIn]] = []
    for clause_comments in by_clause.values():
        groups.extend(_group_clause(clause_comments, threshold))
    return groups
