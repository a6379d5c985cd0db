"""Map the clauses of an old draft version to those of the revised one (second round, lần 2).

The matching runs in stages, each one only over what the previous stages left:

1. exact anchors: an order-preserving alignment (difflib over the sequence of normalised texts,
   keyed by kind too), so an inserted article shifts nothing and duplicate texts pair up in order;
2. exact texts occurring once in each version, wherever they are: a clause moved out of order
   (a điểm moved to another khoản) keeps its counterpart;
3. inside each gap between two anchors, within a band of positions: splits (one old clause ≈ 2–4
   consecutive new ones), merges (the reverse) and fuzzy one-to-one pairs, best score first;
4. fuzzy one-to-one over the leftovers whose text occurs once, when they are few (a clause both
   moved far and reworded); such a pair needs a similarity of at least 0.8 whatever the threshold,
   and an article or khoản moved far must have taken some of its content along;
5. clauses edited in place: an old and a new clause of the same kind and citation, lying between
   the same paired neighbours, are one clause with a few words changed, even a short one whose
   similarity falls under the threshold ("2. Yêu cầu" → "2. Yêu cầu chung"); only a near-total
   rewrite (similarity under 0.45) of a clause whose content did not stay under it stays
   "deleted" + "new".

Fuzzy work is bounded by the gaps and the band, never the whole cross product. The relation of a
one-to-one pair is decided afterwards, in this order: "same" (identical text and citation),
"moved" (its enclosing clause is not the counterpart of the old one's), "renumbered" (identical
text, another citation), "changed" (reworded). A moved clause is reported as "moved" even when it
was also reworded or renumbered; its similarity tells the rest. Texts are compared without their
leading label ("Điều 5.", "2.", "a)", "-"), NFC, whitespace collapsed; matching also ignores case.
Similarity is rapidfuzz's ratio (difflib-like, 0..1); 1.0 means identical text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

RELATIONS = ("same", "renumbered", "changed", "moved", "split", "merged", "deleted", "new")

_BAND = 40  # how far (in unmatched clauses) from its expected place a fuzzy counterpart is looked for
_GROUP_BAND = 12  # the pieces of a split lie close to where the whole was
_MAX_PARTS = 4  # most pieces a clause is split into, or merged from
_PART_CONTAINMENT = 0.75  # share of a piece's words that must come from the whole for a split/merge
_GROUP_MARGIN = 0.05  # how much better the joined pieces must match than the best single piece
_GLOBAL_PAIRS = 60_000  # leftover old × new below which stage 4 compares everything
# Unrelated sentences of the same draft share much wording (≈0.6), so far from its place a
# counterpart must be clearly the same clause.
_FAR_SIMILARITY = 0.8
# Same place, same number: the position is the evidence, the text only has to show it is not a rewrite.
_IN_PLACE_SIMILARITY = 0.45


@dataclass(frozen=True)
class ClauseRef:
    """A clause as the mapping sees it; `ref` is the citation innermost first ("điểm a khoản 2 Điều 5")."""

    id: int
    position: int
    kind: str
    label: str
    ref: str
    text: str
    parent_id: int | None = None


@dataclass(frozen=True)
class Link:
    """One edge between versions; old_id is None for "new", new_id is None for "deleted"."""

    old_id: int | None
    new_id: int | None
    relation: str
    similarity: float


@dataclass(frozen=True)
class _Match:
    olds: tuple[int, ...]  # indexes into the old side
    news: tuple[int, ...]
    score: float


_KIND_WORD = re.compile(r"^(?:phần|chương|mục|tiểu mục|điều|khoản|điểm)\s+", re.IGNORECASE)
_END_AFTER_KIND = re.compile(r"\s*[.:)]\s*|\s+|$")  # "Điều 5. …", "Điều 5 …" but not "Điều 50"
_END_BARE = re.compile(r"\s*[.:)]\s*")  # "2. …", "a) …", "1.1. …"
_BULLET = re.compile(r"^[-+•–—*]\s*")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _strip_label(text: str, label: str) -> str:
    """Drop "Điều 5a.", "2.", "a)", "I." or a dash in front of the text; the citation carries the number."""
    text = text.strip()
    kind_word = _KIND_WORD.match(text)
    tries = [(text, _END_BARE)]
    if kind_word:
        tries.insert(0, (text[kind_word.end() :], _END_AFTER_KIND))
    for rest, end_pattern in tries:
        if label and rest[: len(label)].casefold() == label.casefold():
            end = end_pattern.match(rest, len(label))
            if end:
                return rest[end.end() :]
    return _BULLET.sub("", text, count=1)


def _strict_text(clause: ClauseRef) -> str:
    text = unicodedata.normalize("NFC", clause.text)
    return _SPACES.sub(" ", _strip_label(text, unicodedata.normalize("NFC", clause.label))).strip()


class _Side:
    """One version's clauses in document order with their comparison forms."""

    def __init__(self, clauses: list[ClauseRef]) -> None:
        self.clauses = sorted(clauses, key=lambda clause: clause.position)
        self.strict = [_strict_text(clause) for clause in self.clauses]
        self.norm = [text.casefold() for text in self.strict]
        self.words = [frozenset(_WORD.findall(text)) for text in self.norm]
        self.index = {clause.id: i for i, clause in enumerate(self.clauses)}
        self.counts = Counter(self.norm)
        self.children: dict[int, list[int]] = defaultdict(list)
        for i, clause in enumerate(self.clauses):
            if clause.parent_id in self.index:
                self.children[self.index[clause.parent_id]].append(i)


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


class _Mapper:
    def __init__(self, old: list[ClauseRef], new: list[ClauseRef], threshold: float) -> None:
        self.old = _Side(old)
        self.new = _Side(new)
        self.threshold = threshold
        self.matches: list[_Match] = []
        self.used_old: set[int] = set()
        self.used_new: set[int] = set()

    def _take(self, olds: tuple[int, ...], news: tuple[int, ...], score: float) -> bool:
        if self.used_old.intersection(olds) or self.used_new.intersection(news):
            return False
        self.matches.append(_Match(olds, news, score))
        self.used_old.update(olds)
        self.used_new.update(news)
        return True

    def anchor_exact(self) -> list[tuple[int, int]]:
        keys_old = [(c.kind, text) for c, text in zip(self.old.clauses, self.old.norm, strict=True)]
        keys_new = [(c.kind, text) for c, text in zip(self.new.clauses, self.new.norm, strict=True)]
        matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        anchors = []
        for i, j, size in matcher.get_matching_blocks():
            for k in range(size):
                self._take((i + k,), (j + k,), 1.0)
                anchors.append((i + k, j + k))
        return anchors

    def match_unique(self) -> None:
        """A text occurring once in each version pairs up wherever it is; a repeated one may not."""
        unique_new = {self.new.norm[j]: j for j in self._free_new() if self.new.counts[self.new.norm[j]] == 1}
        for i in self._free_old():
            text = self.old.norm[i]
            if text and self.old.counts[text] == 1 and text in unique_new:
                self._take((i,), (unique_new[text],), 1.0)

    def _free_old(self) -> list[int]:
        return [i for i in range(len(self.old.clauses)) if i not in self.used_old]

    def _free_new(self) -> list[int]:
        return [j for j in range(len(self.new.clauses)) if j not in self.used_new]

    def gaps(self, anchors: list[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
        """Leftover clauses between consecutive anchors, old and new side."""
        bounds = [(-1, -1), *anchors, (len(self.old.clauses), len(self.new.clauses))]
        result = []
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            olds = [i for i in range(i0 + 1, i1) if i not in self.used_old]
            news = [j for j in range(j0 + 1, j1) if j not in self.used_new]
            if olds and news:
                result.append((olds, news))
        return result

    def match_gap(self, olds: list[int], news: list[int]) -> None:
        candidates = self._pair_candidates(olds, news)
        candidates += self._group_candidates(olds, news, self.old, self.new, split=True)
        candidates += self._group_candidates(news, olds, self.new, self.old, split=False)
        self._take_best(candidates, _Chain())

    def match_leftovers(self) -> None:
        """Clauses moved far away; a text repeated in the draft says nothing about where it went."""
        olds = [i for i in self._free_old() if self.old.counts[self.old.norm[i]] == 1]
        news = [j for j in self._free_new() if self.new.counts[self.new.norm[j]] == 1]
        if olds and news and len(olds) * len(news) <= _GLOBAL_PAIRS:
            cutoff = max(self.threshold, _FAR_SIMILARITY)
            candidates = self._pair_candidates(olds, news, band=None, cutoff=cutoff)
            went = {i: set(m.news) for m in self.matches for i in m.olds}
            self._take_best([c for c in candidates if self._content_follows(c[2], went)])

    def match_in_place(self) -> None:
        """Pair each leftover old clause with the leftover new one of the same kind and citation that lies between
        the counterparts of its nearest paired neighbours (same number, same position: edited in place)."""
        free_new = {(self.new.clauses[j].kind, self.new.clauses[j].ref): j for j in self._free_new()}
        if not free_new:
            return
        first, last = self._images_by_old()
        paired = sorted(first)
        went = {i: set(m.news) for m in self.matches for i in m.olds}
        for i in self._free_old():
            old = self.old.clauses[i]
            j = free_new.get((old.kind, old.ref))
            if j is None or not old.ref:
                continue
            at = bisect.bisect_left(paired, i)
            after_before = last[paired[at - 1]] if at > 0 else -1
            before_after = first[paired[at]] if at < len(paired) else len(self.new.clauses)
            similarity = _ratio(self.old.norm[i], self.new.norm[j])
            # A heading whose content stayed under it is the same heading, however its title was reworded.
            kept_content = bool(self.old.children[i]) and self._content_follows(_Match((i,), (j,), 0), went)
            if after_before < j < before_after and (similarity >= _IN_PLACE_SIMILARITY or kept_content):
                self._take((i,), (j,), similarity)

    def _images_by_old(self) -> tuple[dict[int, int], dict[int, int]]:
        """For each paired old index, the first and last new index it went to."""
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for match in self.matches:
            for i in match.olds:
                first[i] = min(first.get(i, len(self.new.clauses)), *match.news)
                last[i] = max(last.get(i, -1), *match.news)
        return first, last

    def _content_follows(self, match: _Match, went: dict[int, set[int]]) -> bool:
        """A container moved far takes some of its content along (or neither side has any)."""
        old_children, new_children = self.old.children[match.olds[0]], self.new.children[match.news[0]]
        if not old_children and not new_children:
            return True
        return any(went.get(i, set()) & set(new_children) for i in old_children)

    def _take_best(self, candidates: list[tuple[float, float, _Match]], chain: _Chain | None = None) -> None:
        """Best score first; in a gap, a weak pair may not cross the pairs already taken."""
        for score, _tiebreak, match in sorted(candidates, key=lambda item: (-item[0], item[1])):
            in_order = chain is None or score >= _FAR_SIMILARITY or chain.fits(match)
            if in_order and self._take(match.olds, match.news, match.score) and chain is not None:
                chain.add(match)

    def _pair_candidates(
        self, olds: list[int], news: list[int], band: int | None = _BAND, cutoff: float | None = None
    ) -> list[tuple[float, float, _Match]]:
        found = []
        cutoff = (cutoff or self.threshold) * 100
        places = {j: k for k, j in enumerate(news)}
        for rank, i in enumerate(olds):
            window = _window(news, rank, len(olds), band)
            choices = [self.new.norm[j] for j in window]
            hits = process.extract(self.old.norm[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
            for _text, score, k in hits:
                j = window[k]
                # Prefer the same kind, then the nearest place, when scores tie (duplicated texts).
                same_kind = self.old.clauses[i].kind == self.new.clauses[j].kind
                tiebreak = (0 if same_kind else 1) * 1e6 + abs(rank - places[j] * len(olds) / len(news))
                found.append((score / 100.0, tiebreak, _Match((i,), (j,), score / 100.0)))
        return found

    def _group_candidates(
        self, wholes: list[int], parts: list[int], whole_side: _Side, part_side: _Side, *, split: bool
    ) -> list[tuple[float, float, _Match]]:
        """One clause on `whole_side` matching 2+ consecutive leftovers on `part_side` better than any one."""
        found = []
        places = {p: k for k, p in enumerate(parts)}
        for rank, w in enumerate(wholes):
            window = _window(parts, rank, len(wholes), _GROUP_BAND)
            whole_words = whole_side.words[w]
            inside = [p for p in window if _contained(part_side.words[p], whole_words)]
            for run in _runs(inside, places):
                joined = " ".join(part_side.norm[p] for p in run)
                score = _ratio(whole_side.norm[w], joined)
                best_single = max(_ratio(whole_side.norm[w], part_side.norm[p]) for p in run)
                if score >= self.threshold and score >= best_single + _GROUP_MARGIN:
                    olds, news = ((w,), tuple(run)) if split else (tuple(run), (w,))
                    found.append((score, -len(run), _Match(olds, news, score)))
        return found

    def follow_children(self) -> None:
        """A parent goes where most of its children went, when its own text allows it.

        Short titles ("Quyền và nghĩa vụ …") can look more alike across articles than a reworded
        title does with itself; the children, being longer, vote better.
        """
        pairs = {m.olds[0]: m.news[0] for m in self.matches if len(m.olds) == 1 and len(m.news) == 1}
        votes: dict[int, Counter] = defaultdict(Counter)
        for i, j in pairs.items():
            p = self.old.index.get(self.old.clauses[i].parent_id)
            q = self.new.index.get(self.new.clauses[j].parent_id)
            if p is not None and q is not None:
                votes[p][q] += 1
        owners = {j: i for i, j in pairs.items()}
        for p, counter in sorted(votes.items(), key=lambda item: -max(item[1].values())):
            q, count = counter.most_common(1)[0]
            if count < 2 or 2 * count <= counter.total() or pairs.get(p) == q:
                continue
            rival = owners.get(q)
            similarity = _ratio(self.old.norm[p], self.new.norm[q])
            if similarity < self.threshold or (rival is not None and votes[rival][q] >= count):
                continue
            self._unpair(p, pairs, owners)
            if rival is not None:
                self._unpair(rival, pairs, owners)
            if self._take((p,), (q,), similarity):
                pairs[p], owners[q] = q, p

    def _unpair(self, i: int, pairs: dict[int, int], owners: dict[int, int]) -> None:
        j = pairs.pop(i, None)
        if j is None:
            return
        owners.pop(j, None)
        self.matches = [m for m in self.matches if m.olds != (i,)]
        self.used_old.discard(i)
        self.used_new.discard(j)

    def rehome(self) -> None:
        """Swap a pair for a free clause with the same text under a better-fitting parent.

        Repeated texts ("… quy định chi tiết Điều này.") can align with the copy in a neighbouring
        article when an article is inserted or deleted; the copy under the counterpart parent wins.
        """
        self._snapshot()
        free_old = _by_text(self._free_old(), self.old.norm)
        free_new = _by_text(self._free_new(), self.new.norm)
        for k, match in enumerate(self.matches):
            if len(match.olds) != 1 or len(match.news) != 1:
                continue
            i, j = match.olds[0], match.news[0]
            options = [(i, j2) for j2 in free_new[self.old.norm[i]]]
            options += [(i2, j) for i2 in free_old[self.new.norm[j]]]
            best = max(options, key=lambda pair: self._parent_fit(*pair), default=None)
            if best is not None and self._parent_fit(*best) > self._parent_fit(i, j):
                self._swap(k, best, free_old, free_new)

    def _swap(self, k: int, pair: tuple[int, int], free_old: dict, free_new: dict) -> None:
        released = (self.matches[k].olds[0], self.matches[k].news[0])
        for (i, j), taken in ((released, False), (pair, True)):
            _mark(i, taken, self.used_old, free_old[self.old.norm[i]])
            _mark(j, taken, self.used_new, free_new[self.new.norm[j]])
        self.matches[k] = _Match((pair[0],), (pair[1],), 1.0)

    def links(self) -> list[Link]:
        self._snapshot()
        links = [link for match in self.matches for link in self._match_links(match)]
        links += [Link(self.old.clauses[i].id, None, "deleted", 0.0) for i in self._free_old()]
        links += [Link(None, self.new.clauses[j].id, "new", 0.0) for j in self._free_new()]
        return sorted(links, key=self._display_key())

    def _snapshot(self) -> None:
        """Where each old clause went (by id) and which new clauses have an origin, for parent checks."""
        self._images: dict[int, set[int]] = defaultdict(set)
        for match in self.matches:
            for i in match.olds:
                self._images[self.old.clauses[i].id].update(self.new.clauses[j].id for j in match.news)
        self._origins = {j for match in self.matches for j in match.news}

    def _match_links(self, match: _Match) -> list[Link]:
        old_ids = [self.old.clauses[i].id for i in match.olds]
        new_ids = [self.new.clauses[j].id for j in match.news]
        score = round(match.score, 4)
        if len(old_ids) > 1:
            return [Link(old_id, new_ids[0], "merged", score) for old_id in old_ids]
        if len(new_ids) > 1:
            return [Link(old_ids[0], new_id, "split", score) for new_id in new_ids]
        i, j = match.olds[0], match.news[0]
        identical = self.old.strict[i] == self.new.strict[j]
        similarity = 1.0 if identical else round(_ratio(self.old.strict[i], self.new.strict[j]), 4)
        if identical and self.old.clauses[i].ref == self.new.clauses[j].ref:
            relation = "same"
        elif self._parent_fit(i, j) == 0:
            relation = "moved"
        else:
            relation = "renumbered" if identical else "changed"
        return [Link(old_ids[0], new_ids[0], relation, similarity)]

    def _parent_fit(self, i: int, j: int) -> int:
        """2: under the old parent's counterpart; 1: carried under a brand-new parent; 0: moved."""
        old, new = self.old.clauses[i], self.new.clauses[j]
        counterparts = {None} if old.parent_id is None else self._images.get(old.parent_id, set())
        if new.parent_id in counterparts:
            return 2
        brand_new = new.parent_id is not None and self.new.index.get(new.parent_id) not in self._origins
        # A new heading level above top-level clauses, or a new parent replacing a deleted one, is no move.
        return 1 if brand_new and (old.parent_id is None or not counterparts) else 0

    def _display_key(self):
        """Revised order; a deleted clause comes right after the counterpart of the old clause before it."""
        first_image = {}
        for match in self.matches:
            for i in match.olds:
                first_image.setdefault(i, match.news[0])
        new_place: dict[int, float] = {}
        last = -1.0
        for i, clause in enumerate(self.old.clauses):
            if i in first_image:
                last = float(self.new.clauses[first_image[i]].position)
            new_place[clause.id] = last if i in first_image else last + 0.5
        new_positions = {c.id: float(c.position) for c in self.new.clauses}
        old_positions = {c.id: c.position for c in self.old.clauses}

        def key(link: Link) -> tuple[float, int]:
            place = new_positions[link.new_id] if link.new_id is not None else new_place[link.old_id]
            return place, old_positions.get(link.old_id, -1)

        return key


class _Chain:
    """Pairs taken in one gap, kept in order on both sides, to refuse a weak pair that crosses them."""

    def __init__(self) -> None:
        self.olds: list[int] = []  # sorted; self.news[k] belongs with self.olds[k]
        self.news: list[int] = []

    def fits(self, match: _Match) -> bool:
        at = bisect.bisect_left(self.olds, min(match.olds))
        if at != bisect.bisect_right(self.olds, max(match.olds)):
            return False
        before_ok = at == 0 or self.news[at - 1] < min(match.news)
        return before_ok and (at == len(self.olds) or self.news[at] > max(match.news))

    def add(self, match: _Match) -> None:
        if self.fits(match):  # a strong pair out of order (a move) must not block the others
            at = bisect.bisect_left(self.olds, min(match.olds))
            self.olds.insert(at, max(match.olds))
            self.news.insert(at, max(match.news))


def _window(items: list[int], rank: int, count: int, band: int | None) -> list[int]:
    """Items around the place proportional to `rank`, or all of them when the band covers everything."""
    if band is None or len(items) <= 2 * band:
        return items
    centre = rank * len(items) // max(count, 1)
    return items[max(0, centre - band) : centre + band]


def _by_text(indexes: list[int], texts: list[str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for index in indexes:
        grouped[texts[index]].append(index)
    return grouped


def _mark(index: int, taken: bool, used: set[int], free: list[int]) -> None:
    if taken:
        used.add(index)
        free.remove(index)
    else:
        used.discard(index)
        free.append(index)


def _contained(part: frozenset[str], whole: frozenset[str]) -> bool:
    return bool(part) and len(part & whole) >= _PART_CONTAINMENT * len(part)


def _runs(inside: list[int], places: dict[int, int]):
    """Runs of 2.._MAX_PARTS items of `inside` whose places follow one another."""
    for start, first in enumerate(inside):
        run = [first]
        for item in inside[start + 1 :]:
            if places[item] != places[run[-1]] + 1 or len(run) == _MAX_PARTS:
                break
            run.append(item)
            yield list(run)


def map_versions(old: list[ClauseRef], new: list[ClauseRef], *, threshold: float = 0.6) -> list[Link]:
    """Link every old clause and every new clause at least once; links come in the revised version's order."""
    mapper = _Mapper(old, new, threshold)
    anchors = mapper.anchor_exact()
    mapper.match_unique()
    for olds, news in mapper.gaps(anchors):
        mapper.match_gap(olds, news)
    mapper.match_leftovers()
    mapper.match_in_place()
    mapper.follow_children()
    mapper.rehome()
    return mapper.links()


def summarise(links: list[Link]) -> dict[str, int]:
    """Number of links per relation, every relation present (a split into 3 counts 3)."""
    counts = dict.fromkeys(RELATIONS, 0)
    for link in links:
        counts[link.relation] += 1
    return counts
