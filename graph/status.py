"""The one rule for a supervision colour (督办红黄绿): recorded status + deadline + reference date.

已办结 is green whatever the date. 延期申请 is judged against its new date. Otherwise the deadline's end against
the reference date: passed → overdue (red), within ``SOON_DAYS`` → soon (yellow), later → green. An open-ended
deadline (长期/持续) and one that could not be read have no colour. The app, the exports and the ledger all ask
here; none of them compares dates itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

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
STATUS_ZH = {"overdue": "逾期", "soon": "即将到期", "later": "未到期", "done": "已办结", "open": "长期/持续",
             "none": "无时限"}


def effective_due(due_end: date | None, event: Event | None) -> date | None:
    """The date that counts: the new deadline of an extension request, else the document's."""
    if event is not None and event.state == "extension_requested" and event.date is not None:
        return event.date
    return due_end


def category(due_end: date | None, has_deadline: bool, ref: date, event: Event | None = None) -> str:
    if event is not None and event.state == "done":
        return "done"
    end = effective_due(due_end, event)
    if end is None:
        return "open" if has_deadline else "none"
    days = (end - ref).days
    return "overdue" if days < 0 else "soon" if days <= SOON_DAYS else "later"


def days_overdue(due_end: date | None, ref: date, event: Event | None = None) -> int:
    """Days past the deadline that counts at ``ref``; 0 when done, not yet due or undated."""
    end = effective_due(due_end, event)
    if end is None or (event is not None and event.state == "done"):
        return 0
    return max(0, (ref - end).days)


def light(key: str) -> str | None:
    """The traffic light of a category (督办红黄绿), None for open-ended and unread deadlines."""
    return LIGHT[key]


def of_contract(a: dict, ref: date, event: Event | None = None) -> str:
    """The category of an assignment in the JSON contract (``a["deadline"]["end"]`` an ISO date)."""
    end = a["deadline"]["end"] if a.get("deadline") else None
    return category(date.fromisoformat(end) if end else None, bool(a.get("deadline")), ref, event)


def of_view(a, ref: date, event: Event | None = None) -> str:
    """The category of an ``analysis.AssignmentView``."""
    return category(a.due_end, bool(a.deadline_text) or a.open_ended, ref, event)


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

    def event(self, assignment_id: str) -> Event | None:
        return self.current.get(assignment_id)

    def of_view(self, a) -> str:
        return of_view(a, self.ref, self.event(a.id))

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
        parts = [STATE_ZH[e.state] + (f" {e.date.isoformat()}" if e.date else ""), e.note,
                 f"{e.by} {e.at.date().isoformat()}"]
        return ";".join(p for p in parts if p)
