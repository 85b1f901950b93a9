"""The one rule for a supervision colour (督办红黄绿): recorded status + deadline + reference date.

已办结 is green whatever the date. 延期申请 is judged against its new date. Otherwise the deadline's end against
the reference date: passed → overdue (red), within ``SOON_DAYS`` → soon (yellow), later → green. An open-ended
deadline (长期/持续) and one that could not be read have no colour. The app, the exports and the ledger all ask
here; none of them compares dates itself.

A recurring deadline (每月, 每季度; graph/recurrence.py) is judged by the period holding the reference date, never
by its first period: the date that counts is that period's end (the next one due), or the day of it the duty
names (``due_day``: 每月10日前 → the 10th); once that day has passed the next period's counts, unless the duty is
chased, when the passed day without a 已办结 report is overdue. Once the store records
progress (督办 in use, ``chases``), the period just ended is chased too: while no 已办结 report was made for it,
the duty is overdue since that period's end, as a one-off duty past its deadline is; earlier periods are not.
A store that records no progress is not chased, so an analyst's store is not red with every 每月 duty. 已办结 counts for the period it names (``Event.period``: the second
quarter's report made on 3 July), else the period its date (else the day it was recorded) falls in: done this
period is green, done last period is not done now. A 延期申请 whose new date lies
in this period replaces the period's end, and can make it overdue. Once a bounded recurrence (2024年每季度) has
ended, it is judged like any deadline by its last day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import islice

from . import recurrence
from .progress import STATE_ZH, Event

SOON_DAYS = 30
# category → (label shown in the app, colour): the app's categories, plus done
STATUS = {
    "overdue": ("逾期 Overdue", "#d62728"),
    "soon": (f"{SOON_DAYS}天内到期 Due ≤ {SOON_DAYS} days", "#f2b705"),
    "later": ("未到期 Later", "#2ca02c"),
    "done": ("已办结 Done", "#1b7837"),
    "open": ("长期/无截止 Open-ended", "#9e9e9e"),
    "none": ("无可识别时限 No deadline read", "#6d4c41"),
}
LIGHT = {"overdue": "red", "soon": "yellow", "later": "green", "done": "green", "open": None, "none": None}
STATUS_MD = {"overdue": "red", "soon": "orange", "later": "green", "done": "green", "open": "gray",
             "none": "violet"}
# The Chinese words alone (ledger cells, calendar lines): the app's words, so a ledger and the page it was
# made from say the same (the ledger said 即将到期 and 无时限 where the pages say 30天内到期 and 无可识别时限).
STATUS_ZH = {key: label.split(" ", 1)[0] for key, (label, _colour) in STATUS.items()}


def effective_due(due_end: date | None, event: Event | None) -> date | None:
    """The date that counts: the new deadline of an extension request, else the document's."""
    if event is not None and event.state == "extension_requested" and event.date is not None:
        return event.date
    return due_end


def counting_period(due_start: date | None, due_end: date | None, ref: date, recurring: str, due_day: int = 0,
                    chase: bool = False, due_day_month: int = 0):
    """The period of a recurring deadline that counts at ``ref``; None when it does not recur or has ended. A duty
    due on a day of its period (``due_day``, in ``due_day_month`` of a year) whose day has passed counts the next
    period's, unless ``chase``: a store recording progress keeps the passed one until it is reported."""
    if not recurring or (due_end is not None and ref > due_end):
        return None
    period = recurrence.period_at(recurring, due_start, due_end, ref, due_day, due_day_month)
    if due_day and not chase and recurrence.due(recurring, period, due_day, due_day_month) < ref:
        after = recurrence.period_of(recurring, period[1] + timedelta(days=1))
        if due_end is None or after[0] <= due_end:
            return after
    return period


def missed_period(event: Event | None, ref: date, *, recurring: str, due_start: date | None,
                  due_end: date | None, due_day: int = 0, due_day_month: int = 0) -> tuple[date, date] | None:
    """The period just before the one holding ``ref`` when it is one of the duty's and no 已办结 report was made
    for it (``Event.period``, else the report's date): the report that is outstanding. None otherwise, and
    for a duty that does not recur or has ended."""
    period = counting_period(due_start, due_end, ref, recurring, due_day, chase=True, due_day_month=due_day_month)
    if period is None:
        return None
    before = recurrence.previous(recurring, period[0])
    if due_start is not None and before[0] < recurrence.first_period(recurring, due_start, due_day, due_day_month)[0]:
        return None
    report = report_for(event, recurring, before[0])
    return None if report is not None and report.state == "done" else before


def counted_due(due_end: date | None, ref: date, event: Event | None = None, *, recurring: str = "",
                due_start: date | None = None, chase: bool = False, due_day: int = 0,
                due_day_month: int = 0) -> date | None:
    """The date that counts at ``ref``: for a recurring deadline the day the period that counts falls due on
    (``counting_period``; its end, or its ``due_day``), or an extension's new date within it — or, when
    ``chase``, that of the period just before it while that period's report is outstanding
    (``missed_period``) — else the new date of an extension request, else the document's end."""
    span = counted_period(due_start, due_end, ref, event, recurring=recurring, chase=chase, due_day=due_day,
                          due_day_month=due_day_month)
    if span is None:
        return effective_due(due_end, event)
    if event is not None and event.state == "extension_requested" and event.date and event.date >= span[0]:
        return event.date
    return recurrence.due(recurring, span, due_day, due_day_month)


def counted_period(due_start: date | None, due_end: date | None, ref: date, event: Event | None = None, *,
                   recurring: str, chase: bool = False, due_day: int = 0,
                   due_day_month: int = 0) -> tuple[date, date] | None:
    """The period of a recurring deadline whose due date counts at ``ref`` (``counted_due``): the one that counts
    (``counting_period``), or, when ``chase``, the one just before it while its report is outstanding
    (``missed_period``); None when it does not recur or has ended."""
    period = counting_period(due_start, due_end, ref, recurring, due_day, chase, due_day_month)
    if period is None:
        return None
    missed = missed_period(event, ref, recurring=recurring, due_start=due_start, due_end=due_end,
                           due_day=due_day, due_day_month=due_day_month) if chase else None
    return missed or period


def dates_in_window(lo: date | None, hi: date | None, ref: date | None, event: Event | None = None, *, recurring: str,
                    due_start: date | None, due_end: date | None, chase: bool = False, due_day: int = 0,
                    due_day_month: int = 0, limit: int | None = None) -> list[date]:
    """The dates a recurring duty falls due on within ``lo``..``hi`` (either open; ``recurrence.due_dates``), in
    order, at most ``limit``: a window holds a recurring duty when it holds one of these (每月25日前 is due in
    December whatever is outstanding from November). The date that counts at ``ref`` (``counted_due``: an
    extension's new date; ``ref`` None: none) stands in for the due date of the period it replaces. The one rule
    of Ask's windows and the ledger's."""
    found = recurrence.due_dates(recurring, due_start, due_end, lo, hi, due_day, due_day_month)
    dates = list(islice(found, None if limit is None else limit + 1))
    when = {"recurring": recurring, "due_start": due_start, "chase": chase, "due_day": due_day,
            "due_day_month": due_day_month}
    span = None if ref is None else counted_period(due_start, due_end, ref, event, recurring=recurring, chase=chase,
                                                   due_day=due_day, due_day_month=due_day_month)
    if span is not None:
        counted = counted_due(due_end, ref, event, **when)
        generic = recurrence.due(recurring, span, due_day, due_day_month)
        if counted is not None and counted != generic:
            inside = (lo is None or counted >= lo) and (hi is None or counted <= hi)
            dates = sorted({d for d in dates if d != generic} | ({counted} if inside else set()))
    return dates if limit is None else dates[:limit]


def reported_period(event: Event, recurring: str) -> date:
    """The first day of the period a recurring duty's report is for: the one it names, else the one its date
    (else the day it was recorded) falls in."""
    return event.period or recurrence.period_of(recurring, event.date or event.at.date())[0]


def report_for(event: Event | None, recurring: str, first: date) -> Event | None:
    """The report that stands for the period starting ``first``: of the reports on the duty (``Latest.reports``,
    else the one event given), the last made for that period. An extension request is no period's report."""
    found = None
    for e in getattr(event, "reports", None) or ((event,) if event is not None else ()):
        if e.state != "extension_requested" and reported_period(e, recurring) == first:
            found = e
    return found


def is_done(event: Event | None, ref: date, *, recurring: str = "", due_start: date | None = None,
            due_end: date | None = None, chase: bool = False, due_day: int = 0, due_day_month: int = 0) -> bool:
    """已办结; for a recurring deadline, the report for the period that counts at ``ref`` is 已办结 (and, when
    ``chase``, no earlier period's report is outstanding)."""
    period = counting_period(due_start, due_end, ref, recurring, due_day, chase, due_day_month)
    if period is None and recurring and due_end is not None:
        return _last_reported(event, recurring, due_end)
    if period is None:
        return event is not None and event.state == "done"
    report = report_for(event, recurring, period[0])
    return report is not None and report.state == "done" and not (
        chase and missed_period(event, ref, recurring=recurring, due_start=due_start, due_end=due_end,
                                due_day=due_day, due_day_month=due_day_month))


def last_report(event: Event | None, recurring: str, due_end: date) -> Event | None:
    """The report that stands once a recurrence has ended (a 2026 plan's 每季度 in 2027): the last made for its
    last period or a later one (the fourth quarter's made in January for no named period); an earlier period's
    report does not close it."""
    last = recurrence.period_of(recurring, due_end)[0]
    found = None
    for e in getattr(event, "reports", None) or ((event,) if event is not None else ()):
        if e.state != "extension_requested" and reported_period(e, recurring) >= last:
            found = e
    return found


def _last_reported(event: Event | None, recurring: str, due_end: date) -> bool:
    report = last_report(event, recurring, due_end)
    return report is not None and report.state == "done"


def category(due_end: date | None, has_deadline: bool, ref: date, event: Event | None = None, *,
             recurring: str = "", due_start: date | None = None, chase: bool = False, due_day: int = 0,
             due_day_month: int = 0) -> str:
    when = {"recurring": recurring, "due_start": due_start, "chase": chase, "due_day": due_day,
            "due_day_month": due_day_month}
    if is_done(event, ref, due_end=due_end, **when):
        return "done"
    end = counted_due(due_end, ref, event, **when)
    if end is None:
        return "open" if has_deadline else "none"
    days = (end - ref).days
    return "overdue" if days < 0 else "soon" if days <= SOON_DAYS else "later"


def days_overdue(due_end: date | None, ref: date, event: Event | None = None, *, recurring: str = "",
                 due_start: date | None = None, chase: bool = False, due_day: int = 0, due_day_month: int = 0) -> int:
    """Days past the deadline that counts at ``ref``; 0 when done, not yet due or undated."""
    when = {"recurring": recurring, "due_start": due_start, "chase": chase, "due_day": due_day,
            "due_day_month": due_day_month}
    end = counted_due(due_end, ref, event, **when)
    if end is None or is_done(event, ref, due_end=due_end, **when):
        return 0
    return max(0, (ref - end).days)


def light(key: str) -> str | None:
    """The traffic light of a category (督办红黄绿), None for open-ended and unread deadlines."""
    return LIGHT[key]


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Chased:
    """Which recurring duties are chased for the period just ended (``missed_period``): those of a document
    whose duties have progress recorded (督办 is in use for it). Such a duty whose last period has no 已办结
    report is overdue, as a one-off duty past its deadline is; a duty of a document nobody reports on is judged
    by the period holding the date, so an analyst's store is not red with every 每月 duty after January, nor a
    province's and the districts' documents with every duty of theirs once a city records one report.
    ``chased(assignment_id)``; true of the store (``bool``) when it chases any."""

    def __init__(self, progress: Mapping[str, Event] | None) -> None:
        self._documents = {document_of(aid) for aid in progress or ()}

    def __call__(self, assignment_id: str) -> bool:
        return document_of(assignment_id) in self._documents

    def __bool__(self) -> bool:
        return bool(self._documents)


def document_of(assignment_id: str) -> str:
    """The id of an assignment's document (graph/build.assignment_id: the document's id, the task, the clause)."""
    return assignment_id.split("/", 1)[0]


def chases(progress: Mapping[str, Event] | None) -> Chased:
    """``Chased`` of the recorded progress."""
    return Chased(progress)


def _recurrence_in_contract(d: dict) -> dict:
    """The recurrence of a contract's ``deadline`` as the keywords of ``category`` and ``counted_due``."""
    return {"recurring": d.get("recurring") or "", "due_start": _iso(d.get("start")), "due_day": d.get("due_day") or 0,
            "due_day_month": d.get("due_day_month") or 0}


def of_contract(a: dict, ref: date, event: Event | None = None, *, chase: bool = False) -> str:
    """The category of an assignment in the JSON contract (``a["deadline"]["end"]`` an ISO date)."""
    d = a.get("deadline") or {}
    return category(_iso(d.get("end")), bool(d), ref, event, chase=chase, **_recurrence_in_contract(d))


def due_of_contract(a: dict, ref: date, event: Event | None = None, *, chase: bool = False) -> date | None:
    """The date that counts at ``ref`` for an assignment in the JSON contract (``counted_due``)."""
    d = a.get("deadline") or {}
    return counted_due(_iso(d.get("end")), ref, event, chase=chase, **_recurrence_in_contract(d))


def of_view(a, ref: date, event: Event | None = None, *, chase: bool = False) -> str:
    """The category of an ``analysis.AssignmentView``."""
    return category(a.due_end, bool(a.deadline_text) or a.open_ended, ref, event, recurring=a.recurring,
                    due_start=a.due_start, chase=chase, due_day=a.due_day, due_day_month=a.due_day_month)


def due_of_view(a, ref: date, event: Event | None = None, *, chase: bool = False) -> date | None:
    """The date that counts for an ``analysis.AssignmentView`` at ``ref`` (a ledger's 截止日期)."""
    return counted_due(a.due_end, ref, event, recurring=a.recurring, due_start=a.due_start, chase=chase,
                       due_day=a.due_day, due_day_month=a.due_day_month)


def overdue_days_of_view(a, ref: date, event: Event | None = None, *, chase: bool = False) -> int:
    return days_overdue(a.due_end, ref, event, recurring=a.recurring, due_start=a.due_start, chase=chase,
                        due_day=a.due_day, due_day_month=a.due_day_month)


def state_zh(event: Event | None) -> str:
    """The recorded state in Chinese; no record reads as 未启动 only when asked, here as empty."""
    return STATE_ZH[event.state] if event is not None else ""


@dataclass(frozen=True, eq=False)
class StatusContext:
    """What an export needs to show status: the latest event per assignment, the reference date the colours
    are judged at, and the day the report is generated (the clock is read by the caller, not here)."""

    current: Mapping[str, Event] = field(default_factory=dict)
    ref: date = date(2000, 1, 1)
    generated: date | None = None

    @classmethod
    def of_log(cls, log, ref: date, generated: date | None = None, late: bool = False) -> StatusContext:
        """The context of a store's progress log (``progress.ProgressLog``) at ``ref``: the recorded progress at
        the reference date, only the events recorded by its end (``progress.known_by``): a ledger or export dated
        5 November shows no report recorded on 2 December, unless ``late``: then a report dated by ``ref`` counts
        whenever it arrived (``ProgressLog.current``). Every export that takes a reference date is made here."""
        return cls(log.current(as_of=ref, late=late), ref, generated)

    def event(self, assignment_id: str) -> Event | None:
        return self.current.get(assignment_id)

    @cached_property
    def chased(self) -> Chased:
        """Made once: asked for every duty of an export, remade each time it grew with duties × reports."""
        return chases(self.current)

    def chases(self, assignment_id: str) -> bool:
        """Whether the duty is chased for the period just ended (``Chased``)."""
        return self.chased(assignment_id)

    def of_view(self, a) -> str:
        return of_view(a, self.ref, self.event(a.id), chase=self.chases(a.id))

    def due(self, a) -> date | None:
        """The date that counts for an ``analysis.AssignmentView`` at the reference date (an extension's)."""
        return counted_due(a.due_end, self.ref, self.event(a.id), recurring=a.recurring, due_start=a.due_start,
                           chase=self.chases(a.id), due_day=a.due_day, due_day_month=a.due_day_month)

    def label(self, a) -> str:
        """"逾期 · 推进中" — the colour category and the recorded state, for a cell or a line."""
        event = self.event(a.id)
        return STATUS_ZH[self.of_view(a)] + (f" · {STATE_ZH[event.state]}" if event and event.state != "done"
                                            else "")

    def progress_line(self, a) -> str:
        """The latest report in one line: state, date, note, who and when; empty when nothing was recorded."""
        e = self.event(a.id)
        if e is None:
            return ""
        named = f"({recurrence.report_period_words(a.recurring, e.period)})" if e.period else ""
        parts = [STATE_ZH[e.state] + (f" {e.date.isoformat()}" if e.date else "") + named + _late(a, e), e.note,
                 f"{e.unit + ' ' if e.unit else ''}{e.by} {e.at.date().isoformat()}", differing(e)]
        return ";".join(p for p in parts if p)


def _late(a, e: Event) -> str:
    """逾期N天办结: a one-off duty done after its deadline, said beside its green 已办结 (a supervisor's 通报 counts
    late completions too)."""
    due = getattr(a, "due_end", None)
    if e.state != "done" or e.date is None or due is None or getattr(a, "recurring", "") or e.date <= due:
        return ""
    return f"(逾期{(e.date - due).days}天办结 done {(e.date - due).days} days late)"


def differing(event) -> str:
    """The units' reports when they disagree (``progress.standing``), in one phrase: 各单位报告不一致:X 推进中、Y 已办结."""
    differs = getattr(event, "differs", ())
    if not differs:
        return ""
    return "各单位报告不一致 reports differ:" + "、".join(f"{e.unit} {STATE_ZH[e.state]}" for e in differs)
