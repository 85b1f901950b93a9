"""Recorded progress as query conditions: the progress log lives outside the graph, so what a question asks of
it ("overdue" = due and not done, "已办结的", "没办完") reaches the engine as lists of assignment ids, passed as
parameters. Both engines run the same conditions; with nothing recorded, the query is the one it always was.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.analysis import as_date
from graph.progress import STATES, Event
from graph.status import category, chases, counting_period, dates_in_window, last_report, report_for

from .question import QuerySpec

OVERDUE_DATE = "a.due_end <= date($due_to)"


def state_conditions(spec: QuerySpec, progress: Mapping[str, Event]) -> tuple[list[str], dict]:
    """Conditions for the states a question asks for. No record counts as not_started, so a wanted set that
    includes it is written as "not one of the others"."""
    wanted = set(spec.states or STATES) - set(spec.not_states)
    if not spec.states and not spec.not_states:
        return [], {}
    if "not_started" in wanted:
        return ["NOT a.id IN $state_other"], {"state_other": sorted(i for i, e in progress.items()
                                                                     if e.state not in wanted)}
    return ["a.id IN $state_in"], {"state_in": sorted(i for i, e in progress.items() if e.state in wanted)}


_RECURRING = ("MATCH (a:Assignment) WHERE a.recurring IS NOT NULL AND a.recurring <> '' {only}"
              "RETURN a.id, a.recurring, a.due_start, a.due_end, a.due_day, a.due_day_month")


def recurring_categories(session, ref: date, progress: Mapping[str, Event],
                         ids: Iterable[str] | None = None) -> dict[str, str]:
    """Each recurring assignment's category at ``ref`` (only those of ``ids`` when given), by graph/status's one
    rule: the period holding ``ref`` decides which completion or extension counts, which the engine's date
    comparison cannot say."""
    only = None if ids is None else sorted(ids)
    rows = session.query(_RECURRING.format(only="" if only is None else "AND a.id IN $ids "),
                         {} if only is None else {"ids": only})[1]
    chased = chases(progress)
    return {aid: category(as_date(end), True, ref, progress.get(aid), recurring=period, due_start=as_date(start),
                          chase=chased(aid), due_day=day or 0, due_day_month=month or 0)
            for aid, period, start, end, day, month in rows}


def recurring_rows(session) -> list[list]:
    """(id, period, due start, due end, due day, its month) of every recurring assignment."""
    return session.query(_RECURRING.format(only=""))[1]


# -- a question's window and the dates that count in it (the Deadlines page's rule: graph/status.counted_due) --

@dataclass(frozen=True)
class Dues:
    """Where a question's window reads other dates than the printed deadline, as the Deadlines page does: an
    extension's new date (``extended``, by id), and a recurring duty's occurrences: the kinds of recurrence
    (period, start, end, due day, its month) with one in the window (``kinds``: a few, whatever the store's size), and the
    recurring duties with an extension, judged one by one (``own``: id → in the window)."""

    extended: dict[str, date] = field(default_factory=dict)
    kinds: tuple[tuple[str, date | None, date | None, int, int], ...] = ()
    own: dict[str, bool] = field(default_factory=dict)
    printed: dict[str, date | None] = field(default_factory=dict)  # the extended duties' printed ends

    def __bool__(self) -> bool:
        return bool(self.extended or self.kinds or self.own)


def has_window(spec: QuerySpec) -> bool:
    """A window of dates (9月, 第二季度, 30天内, 本月); "overdue" is judged by the period holding now instead."""
    return not spec.overdue and bool(spec.due_from or spec.due_to or spec.due_month)


def window(spec: QuerySpec, start: date | None) -> tuple[date | None, date | None] | None:
    """The question's window for a duty starting on ``start``: 9月 is September of the duty's own year (its
    start's, as each document's year reads a printed month)."""
    lo, hi = spec.due_from, spec.due_to
    if spec.due_month:
        year = spec.due_year or (start.year if start else None)
        if year is None:
            return None
        first = date(year, spec.due_month, 1)
        last = date(year, spec.due_month, calendar.monthrange(year, spec.due_month)[1])
        lo, hi = max(lo, first) if lo else first, min(hi, last) if hi else last
    return lo, hi


OCCURRENCES_SHOWN = 100  # a window holding more occurrences says "100+"


def occurrences(spec: QuerySpec, period: str, start: date | None, end: date | None, due_day: int = 0,
                due_day_month: int = 0, today: date | None = None, event: Event | None = None,
                limit: int = OCCURRENCES_SHOWN) -> list[date]:
    """The dates a recurring duty falls due on within the question's window (graph/status.dates_in_window, the
    ledger's rule too); with ``event`` (an extension) the date that counts at ``today`` replaces its period's due
    date, as on the Deadlines page."""
    bounds = window(spec, start) if has_window(spec) else None
    if bounds is None:
        return []
    return dates_in_window(*bounds, today, event if today is not None else None, recurring=period, due_start=start,
                           due_end=end, due_day=due_day, due_day_month=due_day_month, limit=limit)


_ASKED = ("MATCH (a:Assignment) WHERE a.id IN $ids "
          "RETURN a.id, a.recurring, a.due_start, a.due_end, a.due_day, a.due_day_month")
_KINDS = ("MATCH (a:Assignment) WHERE a.recurring IS NOT NULL AND a.recurring <> '' "
          "RETURN DISTINCT a.recurring, a.due_start, a.due_end, a.due_day, a.due_day_month")


def dues(session, spec: QuerySpec, today: date, progress: Mapping[str, Event] | None) -> Dues:
    """The dates that count for the question's window besides the printed ones (``Dues``): one read of the
    extended duties that recur, and the kinds of recurrence, kept on the session (a reopened store reads again)."""
    asked = {aid: e for aid, e in (progress or {}).items() if e.state == "extension_requested" and e.date}
    found = session.query(_ASKED, {"ids": sorted(asked)})[1] if asked else []
    rows = [row for row in found if row[1]]
    extended = {aid: asked[aid].date for aid, period, *_ in found if not period}
    printed = {aid: as_date(end) for aid, period, _s, end, *_ in found if not period}
    if not has_window(spec):
        return Dues(extended, printed=printed)
    if not hasattr(session, "_policykg_recurrences"):
        kinds = {(p, as_date(s), as_date(e), d or 0, m or 0) for p, s, e, d, m in session.query(_KINDS)[1]}
        # in one order whatever the engine's (the question's parameters are numbered in it: ask --json shows them)
        session._policykg_recurrences = tuple(sorted(kinds, key=lambda k: (k[0], k[1] or date.min, k[2] or date.min,
                                                                           k[3], k[4])))
    kinds = tuple(k for k in session._policykg_recurrences if occurrences(spec, *k, limit=1))
    own = {aid: bool(occurrences(spec, period, as_date(start), as_date(end), day or 0, month or 0, today, asked[aid],
                                 limit=1))
           for aid, period, start, end, day, month in rows}
    return Dues(extended, kinds, own, printed)


def in_its_period(session, ref: date, progress: Mapping[str, Event]) -> Mapping[str, Event]:
    """``progress`` as a question at ``ref`` reads recorded states: a recurring duty's record is the report for
    the period holding ``ref`` (graph/status's rule: done in March is not done in April, and the second quarter's
    report made after the third's does not stand for the third); with none for that period it counts as not
    started, as the ledger and the Deadlines page count it. A pending extension request stays the record."""
    if not progress:
        return progress
    rows = session.query(_RECURRING.format(only="AND a.id IN $ids "), {"ids": sorted(progress)})[1]
    out = dict(progress)
    chased = chases(progress)
    for aid, period, start, end, day, month in rows:
        latest = progress[aid]
        first = counting_period(as_date(start), as_date(end), ref, period, day or 0, chased(aid), month or 0)
        if latest.state == "extension_requested" or (first is None and end is None):
            continue
        # ended (a 2026 plan's in 2027): its last period's report stands, as the colour has it
        report = report_for(latest, period, first[0]) if first else last_report(latest, period, as_date(end))
        if report is None:
            del out[aid]
        else:
            out[aid] = report
    return out


def recurring_verdicts(session, spec: QuerySpec, progress: Mapping[str, Event]) -> dict[str, bool]:
    """For an "overdue" question: whether each recurring duty is overdue by the colour rule (a plain date
    condition counted an extension dated in an earlier period, and cannot see a period's report outstanding):
    once progress is recorded, every recurring duty is chased for the period just ended (``status.chases``).
    Judged at the reference date, as the colours are, never at the question's cut-off (the day before it): on
    the 1st that day is in the month before, whose own previous month was then chased, and a 每月 duty
    reported for last month was listed as overdue while its status said 30天内到期."""
    if not (spec.overdue and spec.due_to and progress):
        return {}
    ref = spec.reference_date or spec.due_to + timedelta(days=1)
    return {aid: key == "overdue" for aid, key in recurring_categories(session, ref, progress).items()}


def overdue_condition(spec: QuerySpec, progress: Mapping[str, Event],
                      recurring: Mapping[str, bool] | None = None) -> tuple[str, dict] | None:
    """Replaces the plain deadline condition of an "overdue" question once progress exists: done is never
    overdue, and an extension (延期申请) is judged by its new date; a recurring duty with progress is as
    ``recurring`` (``recurring_verdicts``) judged it."""
    if not (spec.overdue and spec.due_to and progress):
        return None
    recurring = recurring or {}
    plain = {i: e for i, e in progress.items() if i not in recurring}
    cleared = sorted([i for i, e in plain.items() if e.state == "done" or
                      (e.state == "extension_requested" and e.date and e.date > spec.due_to)]
                     + [i for i, overdue in recurring.items() if not overdue])
    late = sorted([i for i, e in plain.items() if e.state == "extension_requested" and e.date
                   and e.date <= spec.due_to] + [i for i, overdue in recurring.items() if overdue])
    condition = f"({OVERDUE_DATE} AND NOT a.id IN $overdue_cleared)"
    params = {"overdue_cleared": cleared}
    if late:
        condition = f"({condition} OR a.id IN $overdue_late)"
        params["overdue_late"] = late
    return condition, params
