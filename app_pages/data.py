"""The app's reads, each bounded by its answer: counts and month totals aggregated by the engine, tables a page
at a time, neighbourhoods capped. Parameterised Cypher only (the subset LadybugDB and Neo4j share); nothing
here loads every document or every assignment. No Streamlit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from graph.analysis import as_date, unit_label
from graph.status import SOON_DAYS
from graph.task_label import task_names
from queries.contract import assignments as contract_assignments
from queries.contract import places_shown

ROLE_MATCH = "(u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)"


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
    entries = ctx.store.manifest()
    rows = [{"id": e.id, "title": e.title, "doc_number": e.doc_number, "source": file_name(e.source_name),
             "jurisdiction": e.jurisdiction, "read_earlier": e.read_by != current} for e in entries]
    told_apart_versions(ctx, rows, entries)
    return sorted(rows, key=lambda r: (r["title"] or "", r["id"]))


def told_apart_versions(ctx, rows: list[dict], entries) -> None:
    """Each row gets ``apart``: what tells it apart from another stored document the pages would name alike
    (graph.analysis.told_apart: its file name, then when it was added), "" for most; and of two or more stored
    with one 文号 (versions of a notice kept side by side), ``added``, ``newer`` (True for the newest) and its file
    name as ``apart`` even where the titles differ (a PDF's "落实 2026年" beside a page's "落实2026年" looked alike)."""
    from graph.analysis import file_stem, told_apart

    from .views import doc_label

    by_id = {e.id: e for e in entries}
    labels = {r["id"]: doc_label(r["title"], r["doc_number"], r["source"]) for r in rows}
    shared = {label for label, n in Counter(labels.values()).items() if n > 1}
    numbers = Counter(r["doc_number"] for r in rows if r["doc_number"])
    added = {r["id"]: ctx.store.added_on(by_id[r["id"]]) for r in rows
             if labels[r["id"]] in shared or numbers[r["doc_number"]] > 1}
    apart = told_apart(labels, {r["id"]: r["source"] for r in rows},
                       {i: f"{when[:10]} 加入" for i, when in added.items() if when})
    versions: dict[str, list] = {}
    for r in rows:
        r["apart"] = apart[r["id"]]
        if numbers.get(r["doc_number"], 0) > 1:
            r["apart"] = r["apart"] or file_stem(r["source"])
            r["added"] = added[r["id"]]
            versions.setdefault(r["doc_number"], []).append(by_id[r["id"]])
    newest = {ctx.store.newest(group) for group in versions.values()}
    for r in rows:
        if "added" in r:
            r["newer"] = r["id"] in newest


def versions_said(ctx, rows: list[dict]) -> list[dict]:
    """Contract rows whose document is one of several stored versions of a notice, its ``version`` (what tells it
    apart: its file name) saying which is the newer, as the Upload page says it (``told_apart_versions``):
    "…清单（修订稿） · 较新 newer". Rows no other stored document would be named alike with are as they were."""
    if not any(a["document"].get("version") for a in rows):
        return rows
    from .views import newer_word

    kept = {d["id"]: d for d in documents(ctx) if "newer" in d}
    out = []
    for a in rows:
        d = kept.get(a["document"]["id"])
        version = " · ".join(x for x in (a["document"].get("version"), d and newer_word(d)) if x)
        out.append({**a, "document": {**a["document"], "version": version}} if d else a)
    return out


def documents_with_tasks(ctx) -> set[str]:
    """The ids of the documents in which tasks were read."""
    return {row[0] for row in ctx.query("MATCH (t:Task) RETURN DISTINCT t.document_id")[1]}


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


_FULL_NAMES: dict[tuple, bool] = {}  # (store, version, unit) → by_full_name: asked once per unit and store version


def by_full_name(ctx, unit: str) -> bool:
    """Whether ``unit`` (as the pages show and link it) names one unit by its full name: in a store of several
    places every unit is shown by its full name, and the one of a document of unknown place by its short name,
    which every place's unit of that name shares (区财政局 must not add up 即墨区's, 城阳区's … and its own)."""
    key = (getattr(ctx, "root", None), getattr(ctx, "version", None), unit)
    if key not in _FULL_NAMES:
        if len(_FULL_NAMES) > 512:
            _FULL_NAMES.clear()
        places = ctx.query("MATCH (u:Unit) WHERE u.place IS NOT NULL AND u.place <> '' RETURN DISTINCT u.place "
                           "LIMIT 2")[1]
        _FULL_NAMES[key] = len(places) > 1 and bool(
            ctx.query("MATCH (u:Unit) WHERE u.full_name = $unit RETURN u.id LIMIT 1", {"unit": unit})[1])
    return _FULL_NAMES[key]


def unit_where(ctx, unit: str, params: dict, var: str = "u") -> str:
    """The one rule the pages match a unit by, as they show it: its full name when that names one unit, else its
    name or full name (a one-place store shows short names)."""
    return _unit_where(unit, params, by_full_name(ctx, unit), var)


def _unit_where(unit: str, params: dict, full: bool, var: str = "u") -> str:
    params["unit"] = unit
    return f"{var}.full_name = $unit" if full else f"({var}.name = $unit OR {var}.full_name = $unit)"


def unit_selection(ctx, unit: str, roles: tuple[str, ...], scope: str | None) -> tuple[str, dict]:
    """A unit's assignments in ``roles`` (``unit_where``)."""
    params = {"roles": list(roles)}
    where = f"WHERE {unit_where(ctx, unit, params)} AND r.role IN $roles{_scope(scope, params)}"
    return f"MATCH {ROLE_MATCH}\n{where}\n", params


def unit_role_counts(ctx, unit: str, scope: str | None) -> dict[str, int]:
    """Assignments per role, and ``total`` distinct assignments."""
    selection, params = unit_selection(ctx, unit, ("lead", "responsible", "cooperating"), scope)
    counts = {r["role"]: r["n"] for r in ctx.rows(selection + "RETURN r.role AS role, count(*) AS n", params)}
    counts["total"] = ctx.query(selection + "RETURN count(DISTINCT a.id)", params)[1][0][0]
    return counts


def unit_months(ctx, unit: str, scope: str | None) -> list[dict]:
    selection, params = unit_selection(ctx, unit, ("lead", "responsible", "cooperating"), scope)
    return ctx.rows(selection + "AND a.due_month IS NOT NULL RETURN a.due_year AS year, a.due_month AS month, "
                                "r.role AS role, count(*) AS n ORDER BY year, month", params)


def unit_undated(ctx, unit: str, scope: str | None) -> tuple[int, int, int]:
    """(open-ended, recurring, no deadline read) among the unit's assignments without an end date."""
    selection, params = unit_selection(ctx, unit, ("lead", "responsible", "cooperating"), scope)
    rows = ctx.query(selection + "AND a.due_end IS NULL WITH DISTINCT a RETURN "
                                 "a.deadline_text IS NULL OR a.deadline_text = '' AS no_deadline, "
                                 "a.recurring IS NOT NULL AND a.recurring <> '' AS recurs, count(*)", params)[1]
    counts = {(bool(none), bool(recurs)): n for none, recurs, n in rows}
    return counts.get((False, False), 0), counts.get((False, True), 0), counts.get((True, False), 0)


def unit_page(ctx, unit: str, roles: tuple[str, ...], scope: str | None, page: int, size: int) -> list[dict]:
    selection, params = unit_selection(ctx, unit, roles, scope)
    ids = [r[0] for r in ctx.query(selection + f"WITH DISTINCT a RETURN a.id ORDER BY a.order_key "
                                               f"SKIP {int(page) * int(size)} LIMIT {int(size)}", params)[1]]
    return by_ids(ctx, ids)


def unit_role_of(ctx, unit: str, ids: list[str]) -> dict[str, list[str]]:
    params = {"ids": ids}
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE {unit_where(ctx, unit, params)} AND a.id IN $ids RETURN a.id, r.role",
                     params)[1]
    out: dict[str, list[str]] = {}
    for aid, role in rows:
        out.setdefault(aid, []).append(role)
    return out


def collectives_of(ctx, unit: str, scope: str | None) -> dict[str, int]:
    """Collective → number of its assignments, for each collective ``unit`` belongs to (各区(市) for a district)."""
    params: dict = {}
    member = unit_where(ctx, unit, params, "m")
    scope_clause = _scope(scope, params)
    rows = ctx.query("MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) "
                     f"WHERE {member}{scope_clause} "
                     "RETURN c.name, c.full_name, count(DISTINCT a.id) ORDER BY c.name, c.full_name", params)[1]
    several = places_shown(ctx.session)
    return {unit_label(via, full, several): n for via, full, n in rows}


def place_members(ctx, unit: str, lexicon) -> tuple[str, ...]:
    """The ids of the units placed in ``unit`` when it is a place (即墨区's 区财政局 …): what Ask reaches for a
    district named as the subject beside itself and its collectives (one rule: ``Lexicon.place_members``)."""
    params: dict = {}
    rows = ctx.query(f"MATCH (u:Unit) WHERE {unit_where(ctx, unit, params)} RETURN DISTINCT u.name, u.place",
                     params)[1]
    return tuple(dict.fromkeys(i for name, place in rows for i in lexicon.place_members(
        lexicon.place_named(name, place or ""))))


def member_counts(ctx, ids: tuple[str, ...], scope: str | None) -> list[tuple[str, int]]:
    """(label, assignments) of each of ``ids`` holding any, busiest first."""
    params: dict = {"ids": list(ids)}
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE u.id IN $ids{_scope(scope, params)} "
                     "RETURN u.name, u.full_name, count(DISTINCT a.id) AS n ORDER BY n DESC, u.name", params)[1]
    several = places_shown(ctx.session)
    return [(unit_label(name, full, several), n) for name, full, n in rows]


def members_total(ctx, ids: tuple[str, ...], scope: str | None) -> int:
    params: dict = {"ids": list(ids)}
    return ctx.query(f"MATCH {ROLE_MATCH} WHERE u.id IN $ids{_scope(scope, params)} RETURN count(DISTINCT a.id)",
                     params)[1][0][0]


def members_page(ctx, ids: tuple[str, ...], scope: str | None, page: int, size: int) -> list[dict]:
    params: dict = {"ids": list(ids)}
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE u.id IN $ids{_scope(scope, params)} WITH DISTINCT a "
                     f"RETURN a.id ORDER BY a.order_key SKIP {int(page) * int(size)} LIMIT {int(size)}", params)[1]
    return by_ids(ctx, [r[0] for r in rows])


def members_on(ctx, ids: tuple[str, ...], rows: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Assignment id → (unit label, role) of each of ``ids`` on it: which unit brings it to the place."""
    params = {"ids": list(ids), "rows": list(rows)}
    found = ctx.query(f"MATCH {ROLE_MATCH} WHERE u.id IN $ids AND a.id IN $rows "
                      "RETURN a.id, u.name, u.full_name, r.role ORDER BY u.name", params)[1]
    several = places_shown(ctx.session)
    out: dict[str, list[tuple[str, str]]] = {}
    for aid, name, full, role in found:
        out.setdefault(aid, []).append((unit_label(name, full, several), role))
    return out


def reach_ids(ctx, unit: str, members: tuple[str, ...]) -> tuple[str, ...]:
    """The ids of ``unit``, the collectives it belongs to and ``members``: whose duties are a place's (Ask's
    "即墨区有哪些任务"; the Units page's count and the Deadlines page's rows of a place)."""
    params: dict = {}
    own = unit_where(ctx, unit, params)
    ids = [r[0] for r in ctx.query(f"MATCH (u:Unit) WHERE {own} RETURN u.id", params)[1]]
    ids += [r[0] for r in ctx.query(f"MATCH (u:Unit)-[:MEMBER_OF]->(c:Unit) WHERE {own} RETURN c.id", params)[1]]
    return tuple(dict.fromkeys([*ids, *members]))


def reach_total(ctx, unit: str, members: tuple[str, ...], scope: str | None) -> int:
    """The distinct assignments of ``reach_ids``: Ask's count of "即墨区有哪些任务"."""
    return members_total(ctx, reach_ids(ctx, unit, members), scope)


def unit_documents(ctx, unit: str) -> list[str]:
    """The documents a unit has assignments in (itself or through its collectives): what its exports read."""
    params: dict = {}
    rows = ctx.query(f"MATCH {ROLE_MATCH} WHERE {unit_where(ctx, unit, params)} RETURN DISTINCT a.document_id",
                     params)[1]
    return sorted(r[0] for r in rows)


def unit_partners(ctx, unit: str, limit: int = 10) -> list[dict]:
    """The named query's rows, each partner shown by the store's one rule (青岛市财政局 among several places)."""
    several = places_shown(ctx.session)
    return [{**r, "partner": unit_label(r["partner"], r["partner_full_name"], several)}
            for r in ctx.named("unit_partners", unit=unit)[:limit]]


# -- deadlines -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counted:
    """What the engine needs to judge every assignment by the date that counts at the reference date (graph/status's
    one rule), kept small whatever the store: the period end each kind of recurrence counts (每月 → the month's
    end), the few assignments whose date is another (an extension's new date; a recurring duty not yet begun),
    and the few done now."""

    periods: dict[tuple[str, int, int], date]  # (period, due day, its month) → the date most such duties count
    exceptions: dict[str, date]
    done: list[str]


def counted(ctx, ref: date) -> Counted:
    from collections import Counter

    from graph.status import chases, counted_due, is_done
    from queries.status_filter import recurring_rows

    current = ctx.store.progress().current(as_of=ref)
    chased = chases(current)
    # a kind of recurrence: its period and the day of it it falls due on (每月 and 每月10日前 are two; 每年 and
    # 每年6月底前 too)
    rows = [(aid, (period, day or 0, month or 0), as_date(start), as_date(end))
            for aid, period, start, end, day, month in recurring_rows(ctx.session)]
    periods = {kind: counted_due(None, ref, recurring=kind[0], due_day=kind[1], due_day_month=kind[2])
               for kind in {row[1] for row in rows}}
    due_of = {aid: counted_due(end, ref, current.get(aid), recurring=kind[0], due_start=start, chase=chased(aid),
                               due_day=kind[1], due_day_month=kind[2])
              for aid, kind, start, end in rows}
    if chased:  # most duties of a kind count one date (last period's, while its reports are outstanding)
        for kind in periods:
            common = Counter(due_of[aid] for aid, k, _s, end in rows
                             if k == kind and (end is None or ref <= end) and due_of[aid] is not None).most_common(1)
            if common:
                periods[kind] = common[0][0]
    exceptions: dict[str, date] = {}
    recurs = {}
    for aid, kind, start, end in rows:
        recurs[aid] = (kind, start, end)
        due = due_of[aid]
        generic = periods[kind] if end is None or ref <= end else end
        if due is not None and due != generic:
            exceptions[aid] = due
    done = []
    for aid, event in current.items():
        (kind, day, month), start, end = recurs.get(aid, (("", 0, 0), None, None))
        if is_done(event, ref, recurring=kind, due_start=start, due_end=end, chase=chased(aid), due_day=day,
                   due_day_month=month):
            done.append(aid)
        elif not kind and event.state == "extension_requested" and event.date is not None:
            exceptions[aid] = event.date
    return Counted(periods, exceptions, sorted(done))


# graph/status.category in the engine over the date that counts (``due``), so counts and pages stay aggregated
# there; only the few assignments done now are passed in as ids.
STATUS_EXPR = """CASE WHEN a.id IN $done THEN 'done'
     WHEN due IS NULL AND (a.deadline_text IS NULL OR a.deadline_text = '') THEN 'none'
     WHEN due IS NULL THEN 'open'
     WHEN due < date($ref) THEN 'overdue'
     WHEN due <= date($soon) THEN 'soon'
     ELSE 'later' END"""


def export_size(ctx, unit: str | None = None, action: int | None = None, place: bool = False) -> dict[str, int]:
    """What an export over the page's scope (and a unit, an action) holds, counted in the store without building
    anything: documents, assignments, and the tasks and units a map of them draws. ``place``: ``unit`` is a place,
    whose ledger holds its units' duties and those of the collectives it is one of (graph.analysis.units_of_place)."""
    params: dict = {}
    if unit and place:
        params["place"] = unit
        params["ids"] = [r[0] for r in ctx.query(
            "MATCH (u:Unit)-[:MEMBER_OF]->(c:Unit) WHERE u.name = $place AND u.kind = 'district' RETURN c.id",
            {"place": unit})[1]]
        head = f"MATCH {ROLE_MATCH}\nWHERE (u.place = $place OR u.id IN $ids)"
    else:
        head = (f"MATCH {ROLE_MATCH}\nWHERE {unit_where(ctx, unit, params)}" if unit
                else "MATCH (a:Assignment)\nWHERE true")
    if action:
        params["action"] = int(action)
        head += " AND a.action_seq = $action"
    head += _scope(ctx.scope, params)
    row = ctx.query(f"{head}\nWITH DISTINCT a\nMATCH (t:Task)-[:HAS_ASSIGNMENT]->(a)\n"
                    "OPTIONAL MATCH (x:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a)\n"
                    "RETURN count(DISTINCT a.document_id), count(DISTINCT a), count(DISTINCT t), count(DISTINCT x)",
                    params)[1][0]
    return dict(zip(("documents", "assignments", "tasks", "units"), row, strict=True))


def deadline_selection(unit: str | None, role: str | None, action: int | None, scope: str | None,
                       ref: date, status: str | None = None, dues: Counted | None = None,
                       full: bool = False, ids: tuple[str, ...] = ()) -> tuple[str, dict]:
    """The assignments the filters select, each with ``due`` (the date that counts), ``due_year``, ``due_month``
    and ``status``; ``dues`` (``counted``) says what the printed dates cannot. ``ids``: a place's units
    (``reach_ids``), whose duties are the unit's."""
    dues = dues or Counted({}, {}, [])
    params: dict = {"ref": ref.isoformat(), "soon": (ref + timedelta(days=SOON_DAYS)).isoformat(),
                    "done": list(dues.done)}
    if unit or role:
        params["roles"] = [role] if role else ["lead", "responsible", "cooperating"]
        where = ["r.role IN $roles"]
        if ids:
            params["ids"] = list(ids)
            where.append("u.id IN $ids")
        elif unit:
            where.append(_unit_where(unit, params, full))
        head = f"MATCH {ROLE_MATCH}\nWHERE " + " AND ".join(where)
    else:
        head = "MATCH (a:Assignment)\nWHERE true"
    if action:
        params["action"] = int(action)
        head += " AND a.action_seq = $action"
    head += _scope(scope, params)
    text = (f"{head}\nWITH DISTINCT a\n{_due_columns(dues, params)}"
            f"WITH a, due, due_year, due_month, {STATUS_EXPR} AS status\n")
    if status:
        params["status"] = status
        text += "WHERE status = $status\n"
    return text, params


def _due_columns(dues: Counted, params: dict) -> str:
    """``due``, ``due_year`` and ``due_month``: the date that counts, which the status, the chart and the order
    read. An exception's date by its id (one CASE branch per date: a few), a recurring duty's period end by its
    kind (no id lists: a store of many 每月 duties stays fast), else the printed end."""
    by_day: dict[date, list[str]] = {}
    for aid, day in dues.exceptions.items():
        by_day.setdefault(day, []).append(aid)
    whens: list[tuple[str, str]] = []  # (condition, parameter prefix)
    for i, (day, ids) in enumerate(sorted(by_day.items())):
        params[f"ext{i}"] = sorted(ids)
        whens.append((f"a.id IN $ext{i}", f"ext{i}"))
        _day_params(params, f"ext{i}", day)
    for i, ((kind, due_day, due_day_month), day) in enumerate(sorted(dues.periods.items())):
        params[f"per{i}"], params[f"per{i}_on"], params[f"per{i}_in"] = kind, due_day, due_day_month
        whens.append((f"a.recurring = $per{i} AND a.due_day = $per{i}_on AND a.due_day_month = $per{i}_in "
                      "AND (a.due_end IS NULL OR a.due_end >= date($ref))", f"per{i}"))
        _day_params(params, f"per{i}", day)
    if not whens:
        return "WITH a, a.due_end AS due, a.due_year AS due_year, a.due_month AS due_month\n"
    printed = {"due": ("a.due_end", "date(${}_day)"), "due_year": ("a.due_year", "${}_year"),
               "due_month": ("a.due_month", "${}_month")}
    columns = [f"CASE {' '.join(f'WHEN {c} THEN {value.format(k)}' for c, k in whens)} ELSE {else_} END AS {name}"
               for name, (else_, value) in printed.items()]
    return "WITH a, " + ", ".join(columns) + "\n"


def _day_params(params: dict, key: str, day: date) -> None:
    params.update({f"{key}_day": day.isoformat(), f"{key}_year": day.year, f"{key}_month": day.month})


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
    """A document's tasks in order: id, label as printed, title, seq, and ``key``/``heading``, the name a user
    sees and types ("19", or "保障措施.2" where the number repeats; graph/task_label.py)."""
    names = task_names(ctx, [doc_id])
    rows = ctx.rows("MATCH (t:Task) WHERE t.document_id = $doc RETURN t.id AS id, t.label AS label, "
                    "t.title AS title, t.seq AS seq ORDER BY seq", {"doc": doc_id})
    return [{**r, "key": names[r["id"]]["key"], "heading": names[r["id"]]["heading"]} for r in rows]


def task_assignments(ctx, task_id: str) -> list[dict]:
    ids = [r[0] for r in ctx.query("MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment) WHERE t.id = $task "
                                   "RETURN a.id ORDER BY a.order_key", {"task": task_id})[1]]
    return by_ids(ctx, ids)
