"""Recorded progress as query conditions: the progress log lives outside the graph, so what a question asks of
it ("overdue" = due and not done, "已办结的", "没办完") reaches the engine as lists of assignment ids, passed as
parameters. Both engines run the same conditions; with nothing recorded, the query is the one it always was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from graph.progress import STATES, Event
from graph.status import category

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


_RECURRING_WITH_PROGRESS = ("MATCH (a:Assignment) WHERE a.id IN $ids AND a.recurring IS NOT NULL AND "
                            "a.recurring <> '' RETURN a.id, a.recurring, a.due_start, a.due_end")


def recurring_verdicts(session, spec: QuerySpec, progress: Mapping[str, Event]) -> dict[str, bool]:
    """For an "overdue" question: whether each recurring duty with recorded progress is overdue, by the colour
    rule (graph/status). Its period decides which completion or extension counts, which no plain date
    condition can say; without this the filter counted an extension dated in an earlier period."""
    if not (spec.overdue and spec.due_to and progress):
        return {}
    rows = session.query(_RECURRING_WITH_PROGRESS, {"ids": sorted(progress)})[1]
    return {aid: category(_day(end), True, spec.due_to, progress[aid], recurring=recurring,
                          due_start=_day(start)) == "overdue"
            for aid, recurring, start, end in rows}


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


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
