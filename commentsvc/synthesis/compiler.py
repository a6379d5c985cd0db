"""Compile a consultation's replies and comments into the synthesis table.

The synthesis table is the "bản tổng hợp, tiếp thu, giải trình ý kiến góp ý". Pure: the inputs are plain
frozen dataclasses filled from the database by the caller; the output is a `Synthesis` that the exporters
turn into DOCX, PDF or XLSX.

Counting rules (the opening summary):
- every recipient is consulted; a recipient has at most one reply;
- a reply is on time, late and used, or late and not used (the team decides); positions (agree entirely,
  agree with comments, disagree) are counted over the used replies only, so they add up to on time + late
  used;
- a recipient without a submitted reply is silent once its own deadline (extension included) has passed or
  the team closed the consultation (consultations.rules.silence_outcome, the rule of the tracking page and of
  closing); a silent recipient is counted as agreeing when the consultation says silence is agreement, otherwise
  it is listed as not counted. Before its deadline it is pending: listed apart, never counted as agreeing, and
  the synthesis is provisional while any agency may still reply on time. Without ``now`` the compiler takes
  every deadline as passed (a finished consultation);
- comments count only when their agency's reply is used; comments of late replies that are not used are
  counted apart and left out of the table; comments of agencies without a submitted reply (drafts) are
  ignored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING

from commentsvc.consultations import rules
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.synthesis import wording

if TYPE_CHECKING:
    from commentsvc.synthesis.previous_round import PreviousRound

GROUPS = ("ministry", "government_agency", "province", "other")
POSITIONS = ("agree_entirely", "agree_with_comments", "disagree")
DECISION_LABELS = {
    "accepted": "Tiếp thu",
    "partly_accepted": "Tiếp thu một phần",
    "explained": "Giải trình",
    "noted": "Ghi nhận",
}
UNDECIDED_LABEL = "Chưa xử lý"
AGREED_TEXT = "Nhất trí"
GENERAL_REF = "Góp ý chung"


# The inputs and rows come by the ten thousand: with slots each is one object (no __dict__), half the objects the
# garbage collector counts and walks while a page is built.
@dataclass(frozen=True, slots=True)
class ClauseIn:
    id: int
    position: int
    kind: str
    label: str
    ref: str  # citation, e.g. "điểm a khoản 2 Điều 5"
    text: str
    depth: int = 0


@dataclass(frozen=True, slots=True)
class AgencyIn:
    id: int
    code: str
    name: str
    short_name: str
    group: str  # one of GROUPS
    sort_key: str | None = None  # overrides the name for ordering
    window: rules.Window | None = None  # this recipient's deadline window; required when compiling with ``now``

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True, slots=True)
class ReplyIn:
    agency_id: int
    position: str  # one of POSITIONS
    submitted_at: datetime
    is_late: bool = False
    is_used: bool = True  # only meaningful for late replies
    letter_number: str = ""
    letter_date: date | None = None
    entered_by_team: bool = False
    reason: str = ""

    @property
    def counts(self) -> bool:
        return not self.is_late or self.is_used


@dataclass(frozen=True, slots=True)
class CommentIn:
    id: int
    agency_id: int
    clause_id: int | None  # None: a comment on the draft as a whole
    text: str
    proposed_wording: str = ""
    disposition_id: int | None = None


@dataclass(frozen=True, slots=True)
class DispositionIn:
    id: int
    decision: str | None  # None or a key of DECISION_LABELS
    explanation: str = ""


@dataclass(frozen=True)
class Heading:
    """What the synthesis says of its consultation: title, draft, round, letter, deadline, issuing unit, signer."""

    title: str
    draft_title: str
    draft_kind: str
    round_number: int
    letter_number: str
    deadline_at: datetime | None
    silence_is_agreement: bool
    issuing_parent: str
    issuing_unit: str
    unit_code: str
    signer_title: str
    signer_name: str
    place: str

    def heading_values(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(Heading)}


@dataclass(frozen=True)
class ConsultationIn(Heading):
    recipients: Sequence[AgencyIn] = ()
    clauses: Sequence[ClauseIn] = ()
    replies: Sequence[ReplyIn] = ()
    comments: Sequence[CommentIn] = ()
    dispositions: Sequence[DispositionIn] = ()


@dataclass(frozen=True)
class GroupCount:
    group: str
    label: str
    count: int


@dataclass(frozen=True)
class ClauseCount:
    clause_id: int | None
    ref: str
    count: int


@dataclass(frozen=True)
class Summary:
    consulted: int
    consulted_by_group: tuple[GroupCount, ...]
    replied_on_time: int
    replied_late_used: int
    replied_late_unused: int
    agreed_entirely: int
    agreed_with_comments: int
    disagreed: int
    silent_agreeing: tuple[AgencyIn, ...]  # no reply, counted as agreement (the annex)
    silent_not_counted: tuple[AgencyIn, ...]  # no reply, silence does not count
    pending: tuple[AgencyIn, ...]  # no reply yet, its deadline not passed: not counted as agreeing (provisional)
    comments_total: int
    comments_excluded_late: int
    comments_by_clause: tuple[ClauseCount, ...]  # draft order, general first, only clauses with comments
    comments_by_group: tuple[GroupCount, ...]
    # no reply, and the team closed before its own deadline ("chưa hết hạn khi kết thúc"): never counted as agreeing
    cut_short: tuple[AgencyIn, ...] = ()

    @property
    def replied(self) -> int:
        return self.replied_on_time + self.replied_late_used + self.replied_late_unused

    @property
    def replies_used(self) -> int:
        return self.replied_on_time + self.replied_late_used


@dataclass(frozen=True, slots=True)
class RowComment:
    agency_name: str
    text: str
    proposed_wording: str


@dataclass(frozen=True, slots=True)
class SynthesisRow:
    number: int  # STT
    clause_id: int | None
    ref: str
    clause_text: str
    is_general: bool
    is_agreed: bool  # a clause nobody commented on
    agency_names: tuple[str, ...]
    comments: tuple[RowComment, ...]
    disposition_id: int | None
    decision: str | None
    decision_label: str
    explanation: str

    @property
    def agencies(self) -> str:
        return ", ".join(self.agency_names)


@dataclass(frozen=True)
class Synthesis(Heading):
    generated_on: date
    summary: Summary
    rows: tuple[SynthesisRow, ...]
    is_provisional: bool = False  # some agency may still reply on time: the figures will change
    # Part II of a later round (how the previous round's comments were handled); the caller attaches it.
    previous_round: PreviousRound | None = None
    # The whole table's rows, and those with comments and no decision yet (the official table prints "Chưa xử lý"
    # there): ``rows`` may be a page of it (compile_synthesis's ``page``).
    row_count: int = 0
    undecided: int = 0

    @property
    def heading_title(self) -> str:
        return wording.TITLE

    @property
    def draft_line(self) -> str:
        return wording.draft_line(self.draft_title, self.round_number)

    @property
    def date_line(self) -> str:
        return wording.date_line(self.place, self.generated_on)

    @property
    def summary_points(self) -> tuple[str, ...]:
        return wording.summary_points(self)

    @property
    def provisional_note(self) -> str:
        return wording.PROVISIONAL_NOTE if self.is_provisional else ""


class _Context:
    """Lookups shared by the compile steps, built once (the compiler must stay linear in the comments)."""

    def __init__(self, consultation: ConsultationIn):
        self.consultation = consultation
        self.agencies = {agency.id: agency for agency in consultation.recipients}
        self.agency_keys = {
            agency.id: vietnamese_sort_key(agency.sort_key or agency.display_name) for agency in consultation.recipients
        }
        self.clauses = {clause.id: clause for clause in consultation.clauses}
        self.dispositions = {disposition.id: disposition for disposition in consultation.dispositions}
        self.replies = _index_replies(consultation.replies, self.agencies)
        self.used_comments, self.excluded_late = self._split_comments()

    def _split_comments(self) -> tuple[list[CommentIn], int]:
        used: list[CommentIn] = []
        excluded = 0
        for comment in self.consultation.comments:
            _check_comment(comment, self)
            reply = self.replies.get(comment.agency_id)
            if reply is None:
                continue
            if reply.counts:
                used.append(comment)
            else:
                excluded += 1
        return used, excluded

    def agencies_in_order(self, agencies) -> tuple[AgencyIn, ...]:
        return tuple(sorted(agencies, key=lambda agency: (GROUPS.index(agency.group), self.agency_keys[agency.id])))


def _index_replies(replies: Sequence[ReplyIn], agencies: dict[int, AgencyIn]) -> dict[int, ReplyIn]:
    indexed: dict[int, ReplyIn] = {}
    for reply in replies:
        if reply.agency_id not in agencies:
            raise ValueError(f"Văn bản trả lời của cơ quan không có trong danh sách lấy ý kiến (id {reply.agency_id}).")
        if reply.agency_id in indexed:
            raise ValueError(f"Một cơ quan có nhiều hơn một văn bản trả lời (id {reply.agency_id}).")
        if reply.position not in POSITIONS:
            raise ValueError(f"Ý kiến không hợp lệ: {reply.position!r}.")
        indexed[reply.agency_id] = reply
    return indexed


def _check_comment(comment: CommentIn, context: _Context) -> None:
    if comment.agency_id not in context.agencies:
        raise ValueError(f"Góp ý {comment.id} của cơ quan không có trong danh sách lấy ý kiến.")
    if comment.clause_id is not None and comment.clause_id not in context.clauses:
        raise ValueError(f"Góp ý {comment.id} gắn với điều khoản không có trong dự thảo.")


def _check_groups(recipients: Sequence[AgencyIn]) -> None:
    for agency in recipients:
        if agency.group not in GROUPS:
            raise ValueError(f"Nhóm cơ quan không hợp lệ: {agency.group!r} ({agency.name}).")


def _group_counts(counter: Counter) -> tuple[GroupCount, ...]:
    return tuple(GroupCount(group, wording.GROUP_LABELS[group], counter.get(group, 0)) for group in GROUPS)


def _silence(agency: AgencyIn, now: datetime | None, silence_is_agreement: bool) -> rules.RecipientState | None:
    """What an agency without a submitted reply counts as: rules.silence_outcome, or None while it is pending."""
    if now is None:  # a finished consultation: every deadline has passed
        return rules.RecipientState.IMPLICIT_AGREEMENT if silence_is_agreement else rules.RecipientState.NO_REPLY
    if agency.window is None:
        raise ValueError(f"Thiếu thời hạn góp ý của cơ quan {agency.name}.")
    return rules.silence_outcome(agency.window, now, is_submitted=False)


def _without_reply(context: _Context, now: datetime | None) -> dict[rules.RecipientState | None, list[AgencyIn]]:
    """Recipients without a submitted reply by what they count as (None: pending)."""
    consultation = context.consultation
    by_outcome: dict[rules.RecipientState | None, list[AgencyIn]] = defaultdict(list)
    for agency in consultation.recipients:
        if agency.id not in context.replies:
            by_outcome[_silence(agency, now, consultation.silence_is_agreement)].append(agency)
    return by_outcome


def _summary(context: _Context, clauses_in_order: Sequence[ClauseIn], now: datetime | None) -> Summary:
    consultation = context.consultation
    used = [reply for reply in context.replies.values() if reply.counts]
    positions = Counter(reply.position for reply in used)
    without_reply = _without_reply(context, now)
    per_clause = Counter(comment.clause_id for comment in context.used_comments)
    return Summary(
        consulted=len(consultation.recipients),
        consulted_by_group=_group_counts(Counter(agency.group for agency in consultation.recipients)),
        replied_on_time=sum(1 for reply in used if not reply.is_late),
        replied_late_used=sum(1 for reply in used if reply.is_late),
        replied_late_unused=len(context.replies) - len(used),
        agreed_entirely=positions["agree_entirely"],
        agreed_with_comments=positions["agree_with_comments"],
        disagreed=positions["disagree"],
        silent_agreeing=context.agencies_in_order(without_reply[rules.RecipientState.IMPLICIT_AGREEMENT]),
        silent_not_counted=context.agencies_in_order(without_reply[rules.RecipientState.NO_REPLY]),
        pending=context.agencies_in_order(without_reply[None]),
        cut_short=context.agencies_in_order(without_reply[rules.RecipientState.CUT_SHORT]),
        comments_total=len(context.used_comments),
        comments_excluded_late=context.excluded_late,
        comments_by_clause=_clause_counts(per_clause, clauses_in_order),
        comments_by_group=_group_counts(
            Counter(context.agencies[comment.agency_id].group for comment in context.used_comments)
        ),
    )


def _clause_counts(per_clause: Counter, clauses_in_order: Sequence[ClauseIn]) -> tuple[ClauseCount, ...]:
    counts = [ClauseCount(None, GENERAL_REF, per_clause[None])] if per_clause.get(None) else []
    counts += [
        ClauseCount(clause.id, clause.ref, per_clause[clause.id])
        for clause in clauses_in_order
        if per_clause.get(clause.id)
    ]
    return tuple(counts)


def _comment_groups(context: _Context) -> dict[int | None, list[list[CommentIn]]]:
    """Per clause: lists of comments answered together, in the agencies' alphabetical order."""

    def order(comment: CommentIn) -> tuple:
        return (context.agency_keys[comment.agency_id], comment.id)

    by_clause: dict[int | None, dict[object, list[CommentIn]]] = defaultdict(dict)
    for comment in sorted(context.used_comments, key=order):
        # An ungrouped comment is a group of its own.
        key = ("d", comment.disposition_id) if comment.disposition_id is not None else ("c", comment.id)
        by_clause[comment.clause_id].setdefault(key, []).append(comment)
    return {clause_id: list(groups.values()) for clause_id, groups in by_clause.items()}


def _disposition(context: _Context, comments: list[CommentIn]) -> DispositionIn | None:
    """The group's disposition (its comments share it), its decision checked."""
    disposition_id = comments[0].disposition_id
    disposition = context.dispositions.get(disposition_id) if disposition_id is not None else None
    if disposition is not None and disposition.decision is not None and disposition.decision not in DECISION_LABELS:
        raise ValueError(f"Kết quả xử lý không hợp lệ: {disposition.decision!r}.")
    return disposition


def _row(context: _Context, number: int, clause: ClauseIn | None, comments: list[CommentIn]) -> SynthesisRow:
    disposition_id = comments[0].disposition_id
    disposition = _disposition(context, comments)
    decision = disposition.decision if disposition else None
    agencies = [context.agencies[comment.agency_id] for comment in comments]
    names = tuple(dict.fromkeys(agency.display_name for agency in agencies))
    return SynthesisRow(
        number=number,
        clause_id=clause.id if clause else None,
        ref=clause.ref if clause else GENERAL_REF,
        clause_text=clause.text if clause else "",
        is_general=clause is None,
        is_agreed=False,
        agency_names=names,
        comments=tuple(
            RowComment(context.agencies[c.agency_id].display_name, c.text, c.proposed_wording) for c in comments
        ),
        disposition_id=disposition_id,
        decision=decision,
        decision_label=DECISION_LABELS[decision] if decision else UNDECIDED_LABEL,
        explanation=disposition.explanation if disposition else "",
    )


def _agreed_row(number: int, clause: ClauseIn) -> SynthesisRow:
    return SynthesisRow(
        number=number,
        clause_id=clause.id,
        ref=clause.ref,
        clause_text=clause.text,
        is_general=False,
        is_agreed=True,
        agency_names=(),
        comments=(RowComment("", AGREED_TEXT, ""),),
        disposition_id=None,
        decision=None,
        decision_label="",
        explanation="",
    )


def _plan(context: _Context, clauses_in_order: Sequence[ClauseIn], hide_uncommented: bool) -> list[tuple]:
    """The table's rows in order, unbuilt: (clause or None for general comments, its comments or None if agreed)."""
    groups = _comment_groups(context)
    plan: list[tuple[ClauseIn | None, list[CommentIn] | None]] = [(None, comments) for comments in groups.get(None, [])]
    for clause in clauses_in_order:
        clause_groups = groups.get(clause.id)
        if clause_groups:
            plan.extend((clause, comments) for comments in clause_groups)
        elif not hide_uncommented:
            plan.append((clause, None))
    return plan


def _undecided(context: _Context, plan: list[tuple]) -> int:
    """Rows with comments whose group has no decision (every group's decision checked, built or not)."""
    decisions = [_disposition(context, comments) for _clause, comments in plan if comments is not None]
    return sum(1 for disposition in decisions if disposition is None or disposition.decision is None)


def _rows(context: _Context, plan: list[tuple], page: slice) -> tuple:
    start = page.indices(len(plan))[0]
    return tuple(
        _row(context, number, clause, comments) if comments is not None else _agreed_row(number, clause)
        for number, (clause, comments) in enumerate(plan[page], start=start + 1)
    )


def compile_synthesis(
    consultation: ConsultationIn,
    *,
    hide_uncommented: bool = False,
    generated_on: date,
    now: datetime | None = None,
    page: slice | None = None,
) -> Synthesis:
    """Build the synthesis table: the opening summary's counts and the rows in the draft's order.

    ``now`` decides who is silent and who may still reply (each recipient's ``window``); None compiles a finished
    consultation, every deadline passed. ``page`` (a slice of the whole table) builds only those rows, numbered
    as in the whole table: a page of the on-screen table, whose figures (``summary``, ``row_count``,
    ``undecided``) stay the whole consultation's.
    """
    _check_groups(consultation.recipients)
    context = _Context(consultation)
    clauses_in_order = sorted(consultation.clauses, key=lambda clause: (clause.position, clause.id))
    plan = _plan(context, clauses_in_order, hide_uncommented)
    return Synthesis(
        **consultation.heading_values(),
        generated_on=generated_on,
        summary=_summary(context, clauses_in_order, now),
        rows=_rows(context, plan, page or slice(None)),
        is_provisional=now is not None
        and rules.is_collecting((agency.window for agency in consultation.recipients if agency.window), now),
        row_count=len(plan),
        undecided=_undecided(context, plan),
    )
