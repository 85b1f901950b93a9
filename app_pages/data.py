"""The app's reads, each bounded by its answer: counts and month totals aggregated by the engine, tables a page
at a time, neighbourhoods capped. Parameterised Cypher only (the subset LadybugDB and Neo4j share); nothing
here loads every document or every assignment. No Streamlit."""

from __future__ import annotations

from datetime import date, timedelta

from graph.analysis import unit_label
from graph.status import SOON_DAYS
from queries.contract import assignments as contract_assignments
from queries.contract import places_shown
from queries.status_filter import recurring_categories

ROLE_MATCH = "(u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)"
# graph/status.category in the engine, so counts and pages stay aggregated there. Assignments whose recorded
# state decides their colour (已办结; 延期申请 with its new date) are judged by graph/status in Python first and
# passed in as id lists; the rest by their deadline here.
RECORDED = ("done", "overdue", "soon", "later")
STATUS_EXPR = """CASE WHEN a.id IN $rec_done THEN 'done'
     WHEN a.id IN $rec_overdue THEN 'overdue'
     WHEN a.id IN $rec_soon THEN 'soon'
     WHEN a.id IN $rec_later THEN 'later'
     WHEN a.deadline_text IS NULL OR a.deadline_text = '' THEN 'none'
     WHEN a.due_end IS NULL THEN 'open'
     WHEN a.due_end < date($ref) THEN 'overdue'
     WHEN a.due_end <= date($soon) THEN 'soon'
     ELSE 'later' END"""


def _scope(scope: str | None, params: dict) -> str:
    if scope is None:
        return ""
    params["doc"] = scope
    return " AND a.document_id = $doc"


def documents(ctx) -> list[dict]:
    """id, title, number, file name and jurisdiction of every stored document, from the store's manifest (kept
    by every write; no document is parsed)."""
    from graph.resources import reading_fingerprint

    from .views import file_name

    current = reading_fingerprint()
    rows = [{"id": e.id, "title": e.title, "doc_number": e.doc_number, "source": file_name(e.source_name),
             "jurisdiction": e.jurisdiction, "read_earlier": e.read_by != current} for e in ctx.store.manifest()]
    return sorted(rows, key=lambda r: (r["title"] or "", r["id"]))


def document_count(ctx) -> int:
    return ctx.query("MATCH (d:Document) RETURN count(d)")[1][0][0]


def by_ids(ctx, ids: list[str]) -> list[dict]:
    """Contract objects for ``ids``, in the order of ``ids``."""
    found = {a["id"]: a for a in contract_assignments(ctx.session, ids=list(ids))}
    return [found[i] for i in ids if i in found]


# -- units -----------------------------------------------------------------------------------------------

def unit_names(ctx) -> tuple[list[str], dict[str, int]]:
    """Canonical unit names, busiest first (named query workload_ranking), then the rest (districts…). When the
    store holds units of several places, their full names (青岛市财政局; graph.analysis's one rule), so two
    places' 市财政局 are two choices."""
    from queries.ask import lexicon_for

    labels = unit_labels(ctx)
    if any(label != name for label, name in labels.values()):
        return placed_unit_names(ctx, {uid: label for uid, (label, _name) in labels.items()})
    totals = {r["unit"]: r["total"] for r in ctx.named("workload_ranking")}
    rest = sorted(set(lexicon_for(ctx.session).unit_names) - set(totals))
    return list(totals) + rest, totals


def unit_labels(ctx) -> dict[str, tuple[str, str]]:
    """Unit id → (label, name): the label is the full name when the store holds several places."""
    from graph.analysis import labels_of_units

    rows = ctx.rows("MATCH (u:Unit) RETURN u.id AS id, u.name AS name, u.place AS place, u.full_name AS full_name")
    labels = labels_of_units(rows)
    return {r["id"]: (labels[r["id"]], r["name"]) for r in rows}


def labels_by_name(ctx) -> dict[str, list[str]]:
    """Short name → how its units are shown: one label, or one full name per place holding the name."""
    out: dict[str, set[str]] = {}
    for label, name in unit_labels(ctx).values():
        out.setdefault(name, set()).add(label)
    return {name: sorted(labels) for name, labels in out.items()}


def placed_unit_names(ctx, labels: dict[str, str]) -> tuple[list[str], dict[str, int]]:
    rows = ctx.query(f"MATCH {ROLE_MATCH} RETURN u.id, count(r) AS n ORDER BY n DESC, u.id")[1]
    totals: dict[str, int] = {}
    for uid, n in rows:
        totals[labels[uid]] = totals.get(labels[uid], 0) + n
    busiest = sorted(totals, key=lambda label: -totals[label])
    return busiest + sorted(set(labels.values()) - set(totals)), totals


def by_full_name(ctx, unit: str) -> bool:
    """Whether ``unit`` (as the pages show and link it) names one unit by its full name: in a store of several
    places every unit is shown by its full name, and the one of a document of unknown place by its short name,
    which every place's unit of that name shares (区财政局 must not add up 即墨区's, 城阳区's … and its own)."""
    places = ctx.query("MATCH (u:Unit) WHERE u.place IS NOT NULL AND u.place <> '' RETURN DISTINCT u.place LIMIT 2")[1]
    return len(places) > 1 and bool(ctx.query("MATCH (u:Unit) WHERE u.full_name = $unit RETURN u.id LIMIT 1",
                                              {"unit": unit})[1])


def _unit_where(unit: str, params: dict, full: bool) -> str:
    params["unit"] = unit
    return "u.full_name = $unit" if full else "(u.name = $unit OR u.full_name = $unit)"


def unit_selection(unit: str, roles: tuple[str, ...], scope: str | None, full: bool = False) -> tuple[str, dict]:
    """A unit by its name, or by its full name (青岛市财政局) when the store holds several places; ``full``
    (``by_full_name``): by its full name only."""
    params = {"roles": list(roles)}
    where = f"WHERE {_unit_where(unit, params, full)} AND r.role IN $roles{_scope(scope, params)}"
    return f"MATCH {ROLE_MATCH}\n{where}\n", params


def unit_role_counts(ctx, unit: str, scope: str | None) -> dict[str, int]:
    """Assignments per role, and ``total`` distinct assignments."""
    selection, params = unit_selection(unit, ("lead", "responsible", "cooperating"), scope, by_full_name(ctx, unit))
    counts = {r["role"]: r["n"] for r in ctx.rows(selection + "RETURN r.role AS role, count(*) AS n", params)}
    counts["total"] = ctx.query(selection + "RETURN count(DISTINCT a.id)", params)[1][0][0]
    return counts


def unit_months(ctx, unit: str, scope: str | None) -> list[dict]:
    selection, params = unit_selection(unit, ("lead", "responsible", "cooperating"), scope, by_full_name(ctx, unit))
    return ctx.rows(selection + "AND a.due_month IS NOT NULL RETURN a.due_year AS year, a.due_month AS month, "
                                "r.role AS role, count(*) AS n ORDER BY year, month", params)


def unit_undated(ctx, unit: str, scope: str | None) -> tuple[int, int, int]:
    """(open-ended, recurring, no deadline read) among the unit's assignments without an end date."""
    selection, params = unit_selection(unit, ("lead", "responsible", "cooperating"), scope, by_full_name(ctx, unit))
    rows = ctx.query(selection + "AND a.due_end IS NULL WITH DISTINCT a RETURN "
                                 "a.deadline_text IS NULL OR a.deadline_text = '' AS no_deadline, "
                                 "a.recurring IS NOT NULL AND a.recurring <> '' AS recurs, count(*)", params)[1]
    counts = {(bool(none), bool(recurs)): n for none, recurs, n in rows}
    return counts.get((False, False), 0), counts.get((False, True), 0), counts.get((True, False), 0)


def unit_page(ctx, unit: str, roles: tuple[str, ...], scope: str | None, page: int, size: int) -> list[dict]:
    selection, params = unit_selection(unit, roles, scope, by_full_name(ctx, unit))
    ids = [r[0] for r in ctx.query(selection + f"WITH DISTINCT a RETURN a.id ORDER BY a.order_key "
                                               f"SKIP {int(page) * int(size)} LIMIT {int(size)}", params)[1]]
    return by_ids(ctx, ids)


def unit_role_of(ctx, unit: str, ids: list[str]) -> dict[str, list[str]]:
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE (u.name = $unit OR u.full_name = $unit) AND a.id IN $ids RETURN a.id, r.role",
                     {"unit": unit, "ids": ids})[1]
    out: dict[str, list[str]] = {}
    for aid, role in rows:
        out.setdefault(aid, []).append(role)
    return out


def collectives_of(ctx, unit: str, scope: str | None) -> dict[str, int]:
    """Collective → number of its assignments, for each collective ``unit`` belongs to (各区(市) for a district)."""
    params = {"unit": unit}
    scope_clause = _scope(scope, params)
    rows = ctx.query("MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) "
                     f"WHERE (m.name = $unit OR m.full_name = $unit){scope_clause} "
                     "RETURN c.name, c.full_name, count(DISTINCT a.id) ORDER BY 1, 2", params)[1]
    several = places_shown(ctx.session)
    return {unit_label(via, full, several): n for via, full, n in rows}


def unit_documents(ctx, unit: str) -> list[str]:
    """The documents a unit has assignments in (itself or through its collectives): what its exports read."""
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE (u.name = $unit OR u.full_name = $unit) RETURN DISTINCT a.document_id", {"unit": unit})[1]
    return sorted(r[0] for r in rows)


def unit_partners(ctx, unit: str, limit: int = 10) -> list[dict]:
    """The named query's rows, each partner shown by the store's one rule (青岛市财政局 among several places)."""
    several = places_shown(ctx.session)
    return [{**r, "partner": unit_label(r["partner"], r["partner_full_name"], several)}
            for r in ctx.named("unit_partners", unit=unit)[:limit]]


# -- deadlines -------------------------------------------------------------------------------------------

def deadline_selection(unit: str | None, role: str | None, action: int | None, scope: str | None,
                       ref: date, status: str | None = None,
                       recorded: dict[str, list[str]] | None = None,
                       extended: dict[str, date] | None = None, full: bool = False) -> tuple[str, dict]:
    params: dict = {"ref": ref.isoformat(), "soon": (ref + timedelta(days=SOON_DAYS)).isoformat(),
                    **{f"rec_{key}": list((recorded or {}).get(key, [])) for key in RECORDED}}
    if unit or role:
        params["roles"] = [role] if role else ["lead", "responsible", "cooperating"]
        where = ["r.role IN $roles"]
        if unit:
            where.append(_unit_where(unit, params, full))
        head = f"MATCH {ROLE_MATCH}\nWHERE " + " AND ".join(where)
    else:
        head = "MATCH (a:Assignment)\nWHERE true"
    if action:
        params["action"] = int(action)
        head += " AND a.action_seq = $action"
    head += _scope(scope, params)
    text = f"{head}\nWITH DISTINCT a\nWITH a, {STATUS_EXPR} AS status\n"
    if status:
        params["status"] = status
        text += "WHERE status = $status\n"
    return text + _due_columns(extended or {}, params), params


def _due_columns(extended: dict[str, date], params: dict) -> str:
    """``due``, ``due_year`` and ``due_month``: the date that counts, which the chart groups by and the table
    orders by. An extension's new date (``status_filter.extended_dates``) replaces the printed one, as in the
    status colour, the due cell, Ask, the ledger and the calendar; one CASE branch per new date (a few), the ids
    as parameters."""
    by_day: dict[date, list[str]] = {}
    for aid, day in extended.items():
        by_day.setdefault(day, []).append(aid)
    if not by_day:
        return "WITH a, status, a.due_end AS due, a.due_year AS due_year, a.due_month AS due_month\n"
    branches = {"due": [], "due_year": [], "due_month": []}
    for i, (day, ids) in enumerate(sorted(by_day.items())):
        params.update({f"ext{i}": sorted(ids), f"ext{i}_day": day.isoformat(), f"ext{i}_year": day.year,
                       f"ext{i}_month": day.month})
        branches["due"].append(f"WHEN a.id IN $ext{i} THEN date($ext{i}_day)")
        branches["due_year"].append(f"WHEN a.id IN $ext{i} THEN $ext{i}_year")
        branches["due_month"].append(f"WHEN a.id IN $ext{i} THEN $ext{i}_month")
    printed = {"due": "a.due_end", "due_year": "a.due_year", "due_month": "a.due_month"}
    columns = [f"CASE {' '.join(whens)} ELSE {printed[name]} END AS {name}" for name, whens in branches.items()]
    return "WITH a, status, " + ", ".join(columns) + "\n"


def recorded_status(ctx, ref: date) -> dict[str, list[str]]:
    """Category → ids of the assignments judged by graph/status's one rule in Python: those whose recorded state
    decides it (已办结, and 延期申请 judged by its new date), and every recurring one (每季度: by the period holding
    ``ref``, which the engine's date comparison cannot say)."""
    from graph.status import category

    current = ctx.store.progress().current()
    out: dict[str, list[str]] = {}
    recurring = recurring_categories(ctx, ref, current)
    for aid, key in recurring.items():
        out.setdefault(key, []).append(aid)
    for aid, event in current.items():
        if aid not in recurring and (event.state == "done" or (event.state == "extension_requested"
                                                               and event.date is not None)):
            out.setdefault(category(None, True, ref, event), []).append(aid)
    return out


def extended(ctx, ref: date) -> dict[str, date]:
    """Assignment id → the new date of its extension request, which the chart and the order read."""
    from queries.status_filter import extended_dates

    return extended_dates(ctx.session, ref, ctx.store.progress().current())


def status_counts(ctx, selection: str, params: dict) -> dict[str, int]:
    return {s: n for s, n in ctx.query(selection + "RETURN status, count(*)", params)[1]}


def month_counts(ctx, selection: str, params: dict) -> list[dict]:
    return ctx.rows(selection + "WITH status, due_year, due_month WHERE due_month IS NOT NULL "
                                "RETURN due_year AS year, due_month AS month, status, count(*) AS n "
                                "ORDER BY year, month", params)


def deadline_page(ctx, selection: str, params: dict, page: int, size: int) -> list[tuple[dict, str]]:
    """(assignment, status), soonest first; no end date last."""
    rows = ctx.query(selection + "RETURN a.id, status ORDER BY coalesce(due, date('9999-12-31')), "
                                 f"a.order_key SKIP {int(page) * int(size)} LIMIT {int(size)}", params)[1]
    status = dict(rows)
    return [(a, status[a["id"]]) for a in by_ids(ctx, [r[0] for r in rows])]


ACTION_NEEDS_DOCUMENT = ("行动按文件编号:先在侧栏选择一份文件。Actions are numbered within a document: choose one in the "
                         "sidebar first.")


def actions(ctx, scope: str | None) -> list[tuple[int, str]]:
    """(number, name) of the actions of the document in ``scope``, or of the store's only document with actions.
    An action is a number within its document: across several documents "action 7" names seven different
    things, so without a scope there is nothing to choose (the filter asks for a document first)."""
    if scope is None:
        holders = [r[0] for r in ctx.query("MATCH (x:Action) RETURN DISTINCT x.document_id LIMIT 2")[1]]
        if len(holders) != 1:
            return []
        scope = holders[0]
    rows = ctx.query("MATCH (x:Action) WHERE x.document_id = $doc RETURN x.seq, x.name ORDER BY x.seq LIMIT 100",
                     {"doc": scope})[1]
    return [(seq, name) for seq, name in rows]


# -- tasks -----------------------------------------------------------------------------------------------

def tasks_of(ctx, doc_id: str) -> list[dict]:
    return ctx.rows("MATCH (t:Task) WHERE t.document_id = $doc RETURN t.id AS id, t.label AS label, "
                    "t.title AS title, t.seq AS seq ORDER BY seq", {"doc": doc_id})


def task_assignments(ctx, doc_id: str, label: str) -> list[dict]:
    ids = [r[0] for r in ctx.query("MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment) WHERE t.document_id = $doc "
                                   "AND t.label = $task RETURN a.id ORDER BY a.order_key",
                                   {"doc": doc_id, "task": label})[1]]
    return by_ids(ctx, ids)
