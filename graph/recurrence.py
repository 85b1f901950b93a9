"""Recurring deadlines (每月, 每季度): the periods a duty recurs in, how one reads, and its iCalendar rule.

A recurring duty falls due at the end of each calendar period (每月 → the last day of each month; 每季度 → 31 March,
30 June, 30 September, 31 December; 每旬 → the 10th, the 20th and the last day; 每周 → Sunday), from the first period
it owes (``first_period``: the one holding its start, the document's date, else 1 January of its year; a notice of
8 October owes October's report, never January's) on, and up to its end: the year the text bounds it to (2024年每季度,
全年每月 → 31 December 2024) or the last year of the plan it is in (a 2026年工作要点's 每季度 → 31 December 2026;
ingest/deadlines reads both, and 长期/持续 or 至2027年 after the period); no end otherwise. A duty that names its day (``due_day``: 每月10日前 → the 10th of each month, 每月上旬 →
the 10th, 每周五 → each Friday; 每季度结束后10日内 → the 10th of each quarter's first month: reporting in the first days
of each period) falls due on that day of each period instead (the 31st is a short month's last day); a yearly duty
may name the month too (``due_day_month``: 每年6月底前 → 30 June of each year).
``graph/status.py`` judges it by the period holding the reference date; ``graph/calendar.py`` writes it as one
event with an RRULE.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

from ingest.model import RECURRENCE_PERIODS

PERIOD_ZH = {"year": "每年", "half-year": "每半年", "quarter": "每季度", "month": "每月", "xun": "每旬", "week": "每周"}
PERIOD_EN = {"year": "yearly", "half-year": "half-yearly", "quarter": "quarterly", "month": "monthly",
             "xun": "every ten days", "week": "weekly"}
MARK = "↻"
_MONTHS = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}
# period → RRULE parts after DTSTART on the first due date: quarterly is MONTHLY;INTERVAL=3 on the last day.
_RULES = {"year": {"freq": "yearly"}, "half-year": {"freq": "monthly", "interval": 6, "bymonthday": -1},
          "quarter": {"freq": "monthly", "interval": 3, "bymonthday": -1},
          "month": {"freq": "monthly", "bymonthday": -1}, "xun": {"freq": "monthly", "bymonthday": [10, 20, -1]},
          "week": {"freq": "weekly"}}


def check(period: str) -> str:
    if period not in PERIOD_ZH:
        raise ValueError(f"unknown recurrence period {period!r}; known: {', '.join(RECURRENCE_PERIODS)}")
    return period


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_of(period: str, day: date) -> tuple[date, date]:
    """The calendar period (first day, last day) of ``period`` that holds ``day``."""
    if check(period) in _MONTHS:
        size = _MONTHS[period]
        first = (day.month - 1) // size * size + 1
        return date(day.year, first, 1), _month_end(day.year, first + size - 1)
    if period == "week":  # Monday to Sunday
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    first = min((day.day - 1) // 10, 2) * 10 + 1  # 旬: 1-10, 11-20, 21 to the month's end
    last = first + 9 if first < 21 else _month_end(day.year, day.month).day
    return day.replace(day=first), day.replace(day=last)


def first_period(period: str, start: date, due_day: int = 0, due_day_month: int = 0) -> tuple[date, date]:
    """The first period a duty recurring from ``start`` owes: the one holding it, or the next when the day it
    falls due on in that one was already past (issued on 20 October, 每月10日前: November's, first due 10 November)."""
    span = period_of(period, start)
    if due(period, span, due_day, due_day_month) < start:
        span = period_of(period, span[1] + timedelta(days=1))
    return span


def period_at(period: str, start: date | None, end: date | None, ref: date, due_day: int = 0,
              due_day_month: int = 0) -> tuple[date, date]:
    """The period that counts at ``ref``: the one holding it, or the first it owes (before ``start``), or the
    last (after ``end``, when the recurrence has ended)."""
    day = max(ref, first_period(period, start, due_day, due_day_month)[0]) if start else ref
    return period_of(period, min(day, end) if end else day)


def due(period: str, span: tuple[date, date], due_day: int = 0, due_day_month: int = 0) -> date:
    """The day the occurrence of the period ``span`` (first, last day) falls due on: its last day, or the
    ``due_day`` of its first month (每月10日前: the 10th; 每季度结束后10日内: the 10th of each quarter's first
    month; a short month's last day for the 31st) or of its ``due_day_month`` (每年6月底前: 30 June), or of a week
    (Monday 1)."""
    first, last = span
    if due_day and period in _MONTHS:
        month = min(first.month + max(due_day_month, 1) - 1, last.month)
        return date(first.year, month, min(due_day, _month_end(first.year, month).day))
    if period == "week" and 1 <= due_day <= 7:
        return first + timedelta(days=due_day - 1)
    return last


def due_dates(period: str, start: date | None, end: date | None, lo: date | None = None,
              hi: date | None = None, due_day: int = 0, due_day_month: int = 0) -> Iterator[date]:
    """The dates a duty recurring from ``start`` (up to ``end``) falls due on within ``lo``..``hi`` (either open),
    in order: a window holds a recurring duty when it holds one of these (每月 is due in every month)."""
    begin = max((d for d in (start, lo) if d is not None), default=None)
    if begin is None:
        return
    last = period_of(period, end)[1] if end else None
    span = period_of(period, begin)
    while last is None or span[1] <= last:
        day = due(period, span, due_day, due_day_month)
        if hi is not None and day > hi:
            return
        if day >= begin:
            yield day
        span = period_of(period, span[1] + timedelta(days=1))


def previous(period: str, day: date) -> tuple[date, date]:
    """The period before the one holding ``day``."""
    return period_of(period, period_of(period, day)[0] - timedelta(days=1))


def has_previous(period: str, start: date | None, day: date, due_day: int = 0, due_day_month: int = 0) -> bool:
    """Whether the period before the one holding ``day`` is one a duty recurring from ``start`` owes: a report
    for 上期 is offered only then (not in January for a 每月 duty of the year, nor in November for one of a
    notice of 8 November)."""
    return start is None or previous(period, day)[0] >= first_period(period, start, due_day, due_day_month)[0]


def span_reads(period: str, start: date | None, end: date | None, due_day: int = 0, due_day_month: int = 0) -> str:
    """The span a recurring duty is owed over, as an answer and a calendar say it: 首次 2026-10-31,至 2026-12-31
    (first 2026-10-31, until 2026-12-31), or 不设终止 (no end)."""
    if start is None:
        return ""
    first = first_due(period, start, due_day, due_day_month)
    if end is not None:
        return f"首次 {first.isoformat()},至 {end.isoformat()} (first {first.isoformat()}, until {end.isoformat()})"
    return f"首次 {first.isoformat()},不设终止 (first {first.isoformat()}, no end)"


_QUARTER_ZH = "一二三四"


def name(period: str, first: date) -> str:
    """The period starting ``first`` as a report names it: 2024年第二季度 (2024 Q2), 2024年7月 (2024-07)."""
    if check(period) == "year":
        return f"{first.year}年 ({first.year})"
    if period == "half-year":
        half = "上" if first.month <= 6 else "下"
        return f"{first.year}年{half}半年 ({first.year} H{1 if half == '上' else 2})"
    if period == "quarter":
        q = (first.month - 1) // 3
        return f"{first.year}年第{_QUARTER_ZH[q]}季度 ({first.year} Q{q + 1})"
    if period == "month":
        return f"{first.year}年{first.month}月 ({first:%Y-%m})"
    last = period_of(period, first)[1]
    return f"{first:%Y-%m-%d}至{last:%m-%d} ({first.isoformat()} to {last.isoformat()})"


def report_period_words(period: str, first: date) -> str:
    """How a report's named period reads everywhere (pages, ledger, exports, the CLI): 报告期 2024年第二季度
    (2024 Q2); the period's first day when its duty's period is not known here."""
    if period in PERIOD_ZH:
        return f"报告期 {name(period, first)}"
    return f"报告期自 {first.isoformat()} (period from {first.isoformat()})"


def first_due(period: str, start: date, due_day: int = 0, due_day_month: int = 0) -> date:
    """The first day a duty recurring from ``start`` falls due on (from 15 July, 每月10日前: 10 August)."""
    return next(due_dates(period, start, None, due_day=due_day, due_day_month=due_day_month))


def rrule(period: str, end: date | None, due_day: int = 0, due_day_month: int = 0) -> dict:
    """The RRULE (icalendar's vRecur parts) of a duty recurring from its first due date, until ``end``."""
    rule = dict(_RULES[check(period)])
    if period in _MONTHS and due_day:
        # the day of the period's first month, the 29th-31st of a shorter month its last day (the last of the
        # days up to it that the month has); DTSTART, the first due date, is in a first month
        rule["bymonthday"] = due_day if due_day <= 28 else list(range(28, due_day + 1))
        if due_day > 28:
            rule["bysetpos"] = -1
        if period == "year":
            rule = {"freq": "yearly", "bymonth": max(due_day_month, 1), **{k: v for k, v in rule.items() if k != "freq"}}
    if end is not None:
        rule["until"] = end
    return rule


def reads(text: str, period: str) -> str:
    """How a recurring deadline reads on a page and in an export: as printed, with the mark and its period
    (每季度(↻ 周期 quarterly)), so it is never taken for 长期 open-ended."""
    return f"{text}({MARK} 周期 {PERIOD_EN[check(period)]})"
