"""QuerySpec → one parameterised Cypher query that LadybugDB and Neo4j both run.

User text only ever reaches the engine as a parameter value; the query text is assembled from fixed pieces.
"""

from __future__ import annotations

from .question import QuerySpec
from .status_filter import Dues, overdue_condition, state_conditions

# QuerySpec field → the condition it adds, with the field's value as the parameter of the same name.
_SIMPLE = (
    ("due_month", "a.due_month = $due_month"),
    ("due_year", "a.due_year = $due_year"),
    ("due_from", "a.due_end >= date($due_from)"),
    ("due_to", "a.due_end <= date($due_to)"),
    ("action_seq", "a.action_seq = $action_seq"),
    ("action_name", "a.action_name = $action_name"),
    ("task_label", "a.task_label = $task_label"),
)
ROLE_REL = {"lead": "LEADS", "responsible": "RESPONSIBLE_FOR", "cooperating": "COOPERATES_ON"}


_DATE_FIELDS = ("due_month", "due_year", "due_from", "due_to")


def compile_spec(spec: QuerySpec, progress: dict | None = None,
                 recurring: dict[str, bool] | None = None, states: dict | None = None,
                 dues: Dues | None = None, only: list[str] | None = None) -> tuple[str, dict]:
    """The selection (MATCH … WHERE … WITH DISTINCT a) for a spec, and its parameters; ``progress``
    (assignment id → latest event) answers what the question asks of recorded status, and ``recurring``
    (``status_filter.recurring_verdicts``) whether each recurring duty with progress is overdue; ``states`` is
    the progress the question's recorded states are read from (``status_filter.in_its_period``; default
    ``progress``); ``dues`` (``status_filter.dues``) the dates month and date questions read instead of the
    printed ones: extensions' new dates and recurring duties' occurrences, as the Deadlines page counts them;
    ``only`` keeps the assignments of those ids.

    Units are matched as patterns from the unit, not as EXISTS subqueries over every assignment: the engine
    starts from the few assignments a unit is linked to. Task fields are read from the assignment's own copies
    (``a.task_label``, ``a.task_title``): joining every match to its task and making (task, assignment) pairs
    distinct doubled the time of a large answer's page and count.
    """
    where, params, patterns = [], {}, []
    groups = ([(spec.units, spec.roles)] if spec.any_unit and spec.units
              else [((g,), g.roles or spec.roles) for g in spec.units])
    for i, (members, roles) in enumerate(groups):
        key, names = _key_values(members)
        rels = "|".join(ROLE_REL[r] for r in (roles or tuple(ROLE_REL)))
        patterns.append(f"MATCH (u{i}:Unit)-[:{rels}]->(a:Assignment)")
        params[f"units{i}"] = list(dict.fromkeys(names))
        where.append(f"u{i}.{key} IN $units{i}")
    if spec.roles and not spec.units:  # a role of no unit in particular: the assignments some unit holds in it
        patterns.append(f"MATCH (:Unit)-[:{'|'.join(ROLE_REL[r] for r in spec.roles)}]->(a:Assignment)")
    overdue = overdue_condition(spec, progress or {}, recurring)
    dated = []  # the date conditions an extension's new deadline answers instead of the printed one
    for field, condition in _SIMPLE:
        value = getattr(spec, field)
        if value is not None:
            if field == "due_to" and overdue:
                condition, extra = overdue
                params.update(extra)
            elif dues and field in _DATE_FIELDS:
                dated.append(condition)
                condition = None
            if condition:
                where.append(condition)
            params[field] = value.isoformat() if hasattr(value, "isoformat") else value
    if dated:
        where.append(_dated(spec, dues, dated, params, overdue is not None))
    if spec.documents:  # every document the question names, not the last one read
        where.append("a.document_id IN $documents")
        params["documents"] = list(spec.documents)
    if only is not None:
        where.append("a.id IN $kept")
        params["kept"] = sorted(only)
    status_where, status_params = state_conditions(spec, (progress if states is None else states) or {})
    where += status_where
    params.update(status_params)
    if spec.open_ended:
        where.append("a.open_ended = true")
    if spec.recurring == "any":
        where.append("a.recurring IS NOT NULL AND a.recurring <> ''")
    elif spec.recurring:
        where.append("a.recurring = $recurring")
        params["recurring"] = spec.recurring
    for i, (_label, names) in enumerate(spec.concepts):
        params[f"concept{i}"] = list(names)
        where.append(f"any(w IN $concept{i} WHERE a.text CONTAINS w OR a.task_title CONTAINS w)")
    for i, word in enumerate(spec.keywords):
        params[f"keyword{i}"] = word
        where.append(f"(a.text CONTAINS $keyword{i} OR a.task_title CONTAINS $keyword{i})")
    lines = patterns or ["MATCH (a:Assignment)"]
    if where:
        lines.append("WHERE " + "\n  AND ".join(where))
    lines.append("WITH DISTINCT a")
    return "\n".join(lines), params


def _dated(spec: QuerySpec, dues: Dues, dated: list[str], params: dict, overdue: bool) -> str:
    """The printed date conditions, or a kind of recurrence with an occurrence in the window (by its period,
    start, end, due day and its month: no id lists), unless the date that counts is another (``dues.extended``, ``dues.own``)."""
    either = [f"({' AND '.join(dated)})"]
    for i, (period, start, end, due_day, due_day_month) in enumerate(dues.kinds):
        params[f"rec{i}"], params[f"rec{i}_on"], params[f"rec{i}_in"] = period, due_day, due_day_month
        parts = [f"a.recurring = $rec{i}", f"a.due_day = $rec{i}_on", f"a.due_day_month = $rec{i}_in"]
        for key, day in (("start", start), ("end", end)):
            if day is None:
                parts.append(f"a.due_{key} IS NULL")
            else:
                params[f"rec{i}_{key}"] = day.isoformat()
                parts.append(f"a.due_{key} = date($rec{i}_{key})")
        either.append(f"({' AND '.join(parts)})")
    params["moved"] = sorted({*dues.extended, *dues.own})
    params["moved_in"] = sorted({*(i for i, day in dues.extended.items() if _on(spec, day, overdue)),
                                 *(i for i, inside in dues.own.items() if inside)})
    return f"((({' OR '.join(either)}) AND NOT a.id IN $moved) OR a.id IN $moved_in)"


def printed_on(spec: QuerySpec, day) -> bool:
    """Whether a printed end date answers the question's date conditions (its month is the date's month)."""
    return _on(spec, day, False)


def _on(spec: QuerySpec, day, overdue: bool) -> bool:
    """Whether a new deadline answers the question's date conditions (an overdue question's own is apart)."""
    return ((spec.due_month is None or day.month == spec.due_month)
            and (spec.due_year is None or day.year == spec.due_year)
            and (spec.due_from is None or day >= spec.due_from)
            and (spec.due_to is None or overdue or day <= spec.due_to))


def _key_values(groups) -> tuple[str, tuple[str, ...]]:
    """(property, values) of one unit pattern: ids where the units' place is known (a unit is its name in its
    place), names otherwise; "A or B" is one pattern."""
    if all(g.ids for g in groups):
        return "id", tuple(i for g in groups for i in g.ids)
    return "name", tuple(n for g in groups for n in g.names)
