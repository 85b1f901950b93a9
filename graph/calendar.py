"""Deadlines as iCalendar (RFC 5545): one all-day VEVENT per assignment that has a due date.

The event falls on ``due_end`` (全年 → 31 December, 2024年6月 → 30 June). A recurring deadline (每月, 每季度) is
one recurring event: on its first due date (in the first period it owes from the document's date,
graph/recurrence.py) with an RRULE (每月 FREQ=MONTHLY;BYMONTHDAY=-1, 每季度 FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1,
每年 FREQ=YEARLY), ending (UNTIL) on its last day when it ends (2024年每季度, a 2026 plan's 每月), its description
saying the span (周期: 首次 …,至 …). Open-ended (长期/持续) and undated assignments
get no event; the calendar says how many were left out in ``X-POLICYKG-SKIPPED-OPEN-ENDED`` and
``X-POLICYKG-SKIPPED-UNDATED``. DTSTAMP is ``analysis.stamp`` (the document date), so the file is stable. An
event's UID names the duty by its document's 文号 (else title), task and clause, not by the document's content id,
so a new version of a notice updates its events in a calendar that imported the last one (``uids``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import timedelta

from icalendar import Calendar, Event

from . import analysis, recurrence
from .analysis import ROLE_LABEL, ROLE_UNITS, ROLES, AssignmentView, roles_label
from .build import PropertyGraph

PRODID = "-//policykg//policy deadlines//ZH"
# The description's keys, Chinese and English as the app labels them (role words: analysis.ROLE_LABEL/ROLE_UNITS)
DEADLINE, EXTENDED, RECURS = "完成时限 Deadline", "延期至 Extended to", "周期 Recurs"
STATUS, LATEST = "状态 Status", "最新进展 Latest progress"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # RFC 5545 TEXT allows no control character but tab


def text(value: str) -> str:
    """Document text for a TEXT property: icalendar escapes , ; \\ and line breaks; control characters, which
    the format forbids and some readers take as line ends, become spaces."""
    return _CONTROL.sub(" ", value)


def calendar_bytes(graph: PropertyGraph, *, unit: str | None = None, status=None) -> bytes:
    return build_calendar(graph, unit=unit, status=status).to_ical()


def build_calendar(graph: PropertyGraph, *, unit: str | None = None, status=None) -> Calendar:
    """All assignments, or with ``unit`` those where the unit has any role (name or alias)."""
    every = analysis.assignments(graph)
    name = analysis.resolve_unit(graph, unit, every) if unit is not None else None
    items = [a for a in every if name is None or name in a.all_units()]
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", text(f"{name} 任务时限 Deadlines") if name else "任务时限 Deadlines")
    undated = [a for a in items if not _first_due(a, status)]
    cal.add("x-policykg-skipped-open-ended", str(sum(1 for a in undated if a.open_ended)))
    cal.add("x-policykg-skipped-undated", str(sum(1 for a in undated if not a.open_ended)))
    stamp = analysis.stamp(graph)
    dated = sorted((a for a in items if _first_due(a, status)), key=lambda a: (_first_due(a, status), a.task_order,
                                                                               a.seq))
    uid = uids(graph, dated)
    for a in dated:
        cal.add_component(event(a, name, stamp, status, uid[a.id]))
    return cal


def uids(graph: PropertyGraph, items: list[AssignmentView]) -> dict[str, str]:
    """Each assignment's event UID: its document's place and 文号 (else title), its task and clause, hashed, so a
    new version of a notice keeps its duties' UIDs and a calendar re-importing the file updates them instead of
    adding copies. Two stored versions of one notice would share them: those fall back to the assignment id."""
    docs = graph.nodes["Document"]

    def key(a: AssignmentView) -> str:
        d = docs.get(a.document_id) or {}
        named = d.get("doc_number") or d.get("title") or a.document_id
        text = "\x1f".join([d.get("jurisdiction") or "", named, a.task_key or a.task_label, str(a.seq)])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]

    keys = {a.id: key(a) for a in items}
    shared = Counter(keys.values())
    return {aid: f"{k if shared[k] == 1 else aid}@policykg" for aid, k in keys.items()}


def _recurs(a: AssignmentView) -> bool:
    """A recurring deadline with a start to count its periods from (the document's year)."""
    return bool(a.recurring and a.due_start)


def _first_due(a: AssignmentView, status=None):
    """The day the event falls on: the first due date of a recurring deadline, else the date that
    counts (an extension's new date once recorded, as the ledger has it), else ``due_end``."""
    if _recurs(a):
        return recurrence.first_due(a.recurring, a.due_start, a.due_day, a.due_day_month)
    return (status.due(a) if status is not None else None) or a.due_end


def summary(a: AssignmentView, unit: str | None) -> str:
    """"任务19 加快产业转型升级 (牵头 Lead)" for a unit; without one, the lead units (else the first role held)."""
    head = a.task_line
    if unit is not None:
        return f"{head} ({roles_label(a.roles_of(unit))})"
    for role in ROLES:
        if a.units(role):
            return f"{head} ({ROLE_LABEL[role]}: {'、'.join(a.units(role))})"
    return head


def description(a: AssignmentView, unit: str | None) -> str:
    others = a.co_units(unit) if unit else {r: a.units(r) for r in ROLES}
    lines = [a.text, ""]
    lines += [f"{ROLE_UNITS[r]}: {'、'.join(units)}" for r, units in others.items() if units]
    lines.append(f"{DEADLINE}: {a.deadline_reads or a.due_end.isoformat()}")
    if _recurs(a):  # the RRULE's span in words: a reader sees when it starts and whether it ends
        lines.append(f"{RECURS}: {recurrence.span_reads(a.recurring, a.due_start, a.due_end, a.due_day, a.due_day_month)}")
    return "\n".join(lines)


def event(a: AssignmentView, unit: str | None, stamp, status=None, uid: str | None = None) -> Event:
    """With ``status`` (a status.StatusContext), the description says the status and the latest report,
    and X-POLICYKG-STATUS carries the colour category."""
    ev = Event()
    ev.add("uid", uid or f"{a.id}@policykg")
    ev.add("dtstamp", stamp)
    day = _first_due(a, status)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    if _recurs(a):
        ev.add("rrule", recurrence.rrule(a.recurring, a.due_end, a.due_day, a.due_day_month))
    ev.add("summary", text(summary(a, unit)))
    details = description(a, unit)
    if not _recurs(a) and a.due_end and day != a.due_end:
        details += f"\n{EXTENDED}: {day.isoformat()}"
    if status is not None:
        latest = status.progress_line(a)
        details += f"\n{STATUS}: {status.label(a)}" + (f"\n{LATEST}: {latest}" if latest else "")
        ev.add("x-policykg-status", status.of_view(a))
    ev.add("description", text(details))
    ev.add("categories", [ROLE_LABEL[r] for r in (a.roles_of(unit) if unit else ROLES) if a.units(r)])
    ev.add("transp", "TRANSPARENT")
    return ev
