"""Assignment objects in the JSON contract of DESIGN.md, fetched from whichever engine answers the question."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from graph import recurrence
from graph.analysis import several_places, short_document, told_apart, unit_label, with_apart
from graph.build import task_of_assignment
from graph.task_label import task_heading, task_names

# A selection is the MATCH … WHERE … WITH DISTINCT a that picks assignments; the queries below continue it, so
# a large answer never travels back to the engine as a list of ids.
ALL = "MATCH (a:Assignment)\nWITH DISTINCT a"
BY_IDS = "MATCH (a:Assignment)\nWHERE a.id IN $ids\nWITH DISTINCT a"
_DETAILS = """
RETURN a.id, a.document_id, a.action_seq, a.action_name, a.task_label, a.task_title, a.seq, a.lead_open,
       a.responsible_open, a.cooperating_open, a.leaders, a.deadline_text, a.due_start, a.due_end, a.text,
       a.span_start, a.span_end, a.order_key, a.recurring, a.due_day, a.due_day_month
"""
_UNITS = """
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a)
RETURN a.id AS id, r.role AS role, u.name AS name, r.span_start AS start, u.place AS place,
       u.full_name AS full_name
"""
# A page in two steps: the ids of the first ``limit`` in document order (the sort carries one string per
# assignment), then those assignments and their units, looked up by id. One query that sorted whole nodes
# made the engine carry every property of every match through the sort.
_PAGE_IDS = "\nRETURN a.id ORDER BY a.order_key SKIP {skip} LIMIT {limit}"
_PAGE = """
UNWIND $ids AS id
MATCH (a:Assignment) WHERE a.id = id
OPTIONAL MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a)
RETURN a.id, a.document_id, a.action_seq, a.action_name, a.task_label, a.task_title, a.seq, a.lead_open,
       a.responsible_open, a.cooperating_open, a.leaders, a.deadline_text, a.due_start, a.due_end, a.text,
       a.span_start, a.span_end, a.order_key, a.recurring, a.due_day, a.due_day_month, r.role, u.name,
       r.span_start, u.place, u.full_name
"""
# Two places are enough to know units are shown by full name (graph.analysis.several_places).
_PLACES = "MATCH (u:Unit) WHERE u.place IS NOT NULL AND u.place <> '' RETURN DISTINCT u.place LIMIT 2"
_DOCUMENTS = "MATCH (d:Document) RETURN d.id, d.title, d.doc_number, d.jurisdiction, d.source_name"
# A task's section is the last section heading before its assignment: numbering restarts in each part.
_SECTIONS = "MATCH (s:Section) WHERE s.document_id IN $ids RETURN s.document_id, s.span_start, s.seq, s.label, s.title"
# The documents wanted and every other one that could share their label (another version of the notice).
_DOCUMENTS_BY_ID = ("MATCH (d:Document) WHERE d.id IN $ids OR d.doc_number IN $numbers "
                    "OR d.title IN $titles RETURN d.id, d.title, d.doc_number, d.jurisdiction, d.source_name")
_NUMBERS = "MATCH (d:Document) WHERE d.id IN $ids RETURN d.doc_number, d.title"


def deadline_reads(deadline: dict | None, empty: str = "-") -> str:
    """A contract ``deadline`` as a line reads it: as printed, marked when it recurs (每季度(↻ 周期 quarterly)),
    with its end when it has one (a 2026 plan's 每月 ends with 2026: (至 2026-12-31), as the pages say it)."""
    if not deadline:
        return empty
    period = deadline.get("recurring")
    if not period:
        return deadline["text"]
    return recurrence.reads(deadline["text"], period) + (f"(至 {deadline['end']})" if deadline.get("end") else "")


def counted_reads(text: str, counted: dict | None) -> str:
    """A deadline as printed (``text``) with the date that counts in an answer's window when that is another:
    an extension's new date, the printed one beside it; a recurring duty's occurrence, and how many the window
    holds (每月(↻ 周期 monthly) → 2026-10-31)."""
    if not counted:
        return text
    if counted["reason"] == "extension":
        return f"{counted['date']}(延期 extended; 原 was {text})"
    n = counted.get("occurrences") or 0
    many = f",共{n}{'+' if counted.get('more') else ''}次 {n}{'+' if counted.get('more') else ''} in window" \
        if n > 1 else ""
    return f"{text} → {counted['date']}{many}"


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def places_shown(session) -> bool:
    """Whether the store holds units of several places, so units are shown by full name (青岛市财政局); kept on
    the session like the question lexicon (a changed store is a new session)."""
    shown = getattr(session, "_policykg_places_shown", None)
    if shown is None:
        shown = several_places(row[0] for row in session.query(_PLACES)[1])
        session._policykg_places_shown = shown
    return shown


def shown(a: dict, role: str) -> list[str]:
    """A contract object's units of one role as tables show them (``label``: the store's one rule)."""
    if "units" not in a:  # an object built by hand, not read from a store
        return list(a[role])
    return [u["label"] for u in a["units"] if u["role"] == role]


def assignment_name(a: dict) -> str:
    """"19.2", "保障措施.3", "保障措施.2.1" (a repeated number, graph/task_label.py): what a user sees and types."""
    key = a["task"].get("key", a["task"]["label"])
    return f"{key}.{a['seq']}" if key else str(a["seq"])


def details_query(selection: str) -> str:
    return selection + _DETAILS


def document_short(document: dict) -> str:
    """A contract's document in one short cell (a table column, a CLI row): graph.analysis.short_document, with
    what tells it apart from another stored document of that label (``version``: its file name) after it."""
    return with_apart(short_document(document.get("doc_number"), document.get("title")),
                      document.get("version", ""))


# What would end a record or part its fields inside a field: tabs and every line break str.splitlines knows.
_RECORD_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def tsv_line(fields: Iterable[object]) -> str:
    """One record of the CLI's tab-separated output (assignments, ask, query, cypher, progress): its fields parted
    by tabs, None as empty, a date in ISO. A tab or line break inside a field (a task's text as a PDF broke it,
    a note typed with a newline) is read as a space, so a record is one line and its columns stay in place
    whatever a document printed."""
    return "\t".join(_RECORD_BREAKS.sub(" ", "" if v is None else v.isoformat() if isinstance(v, date) else str(v))
                     for v in fields)


def count(session, selection: str, params: dict) -> int:
    return session.query(selection + "\nRETURN count(*)", params)[1][0][0]


def count_tasks(session, selection: str, params: dict) -> int:
    """The tasks the selected assignments belong to: "how many tasks" counts a task with two clauses once."""
    return session.query(selection + "\nMATCH (t:Task)-[:HAS_ASSIGNMENT]->(a)\nRETURN count(DISTINCT t)",
                         params)[1][0][0]


def assignments(session, ids: list[str] | None = None, selection: str | None = None,
                params: dict | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Contract objects, in document order: those with ``ids``, those a ``selection`` picks, or all; with
    ``limit``, ``limit`` of them from ``offset`` on (a page), fetched without building the rest."""
    if ids is not None:
        if not ids:
            return []
        selection, params = BY_IDS, {"ids": ids}
    selection, params = selection or ALL, params or {}
    if limit is not None:
        return _page(session, selection, params, int(limit), int(offset))
    rows = sorted(session.query(details_query(selection), params)[1], key=lambda r: r[17])  # order_key
    if not rows:
        return []
    documents = _documents(session.query(_DOCUMENTS)[1])
    units: dict[str, list] = {}
    for aid, role, name, _start, place, full_name in sorted(session.query(selection + _UNITS, params)[1],
                                                            key=lambda r: (r[0], r[3] or 0)):
        units.setdefault(aid, []).append((role, name, place, full_name))
    several = places_shown(session)
    sections = _sections(session, {row[1] for row in rows})
    names = task_names(session, {row[1] for row in rows})
    return [_contract(row, documents, _units(units.get(row[0], []), several), sections, names) for row in rows]


def _sections(session, document_ids: set[str]) -> dict[str, list[tuple]]:
    """Each document's section headings, in order: (span_start, seq, label, title)."""
    found: dict[str, list[tuple]] = {}
    for doc_id, start, seq, label, title in session.query(_SECTIONS, {"ids": sorted(document_ids)})[1]:
        found.setdefault(doc_id, []).append((start, seq, label, title))
    return {doc_id: sorted(rows) for doc_id, rows in found.items()}


def _section_of(sections: list[tuple], offset: int) -> dict | None:
    before = [row for row in sections if row[0] <= offset]
    if not before:
        return None
    _, seq, label, title = before[-1]
    return {"seq": seq, "label": label, "title": title}


def _page(session, selection: str, params: dict, limit: int, offset: int = 0) -> list[dict]:
    """``limit`` assignments from ``offset`` on, each with its units (one without units: one row of nulls)."""
    ids = [row[0] for row in session.query(selection + _PAGE_IDS.format(skip=offset, limit=limit), params)[1]]
    if not ids:
        return []
    details: dict[str, list] = {}
    units: dict[str, list] = {}
    for row in sorted(session.query(_PAGE, {"ids": ids})[1], key=lambda r: (r[17], r[23] or 0)):
        details.setdefault(row[0], row[:21])
        if row[22] is not None:
            units.setdefault(row[0], []).append((row[21], row[22], row[24], row[25]))
    several = places_shown(session)
    wanted = sorted({row[1] for row in details.values()})
    documents = _documents_of(session, wanted)
    sections = _sections(session, set(wanted))
    names = task_names(session, wanted)
    return [_contract(row, documents, _units(units.get(aid, []), several), sections, names)
            for aid, row in details.items()]


def _task_name(name: dict | None, label) -> dict:
    if name is None:  # an assignment whose task was not read: named as printed
        return {"key": str(label or ""), "heading": task_heading(label, str(label or "").isdigit())}
    return {"key": name["key"], "heading": name["heading"]}


def _units(found: list[tuple], several: bool) -> list[dict]:
    """An assignment's units, lead then responsible then cooperating, each role in the order printed."""
    order = {"lead": 0, "responsible": 1, "cooperating": 2}
    return [{"role": role, "name": name, "place": place or "", "full_name": full_name or name,
             "label": unit_label(name, full_name, several)}
            for role, name, place, full_name in sorted(found, key=lambda u: order.get(u[0], 3))]


def _document(row: list, version: str = "") -> dict:
    """``jurisdiction`` is the issuing government's place (青岛市), "" when the document does not say;
    ``version`` what tells it apart from another stored document of the same 文号 or title (graph.analysis.
    told_apart: its file name), "" when no other has it."""
    return {"id": row[0], "title": row[1], "doc_number": row[2], "jurisdiction": row[3] or "", "version": version}


def _documents(rows: list[list]) -> dict[str, dict]:
    """Document rows (id, title, 文号, place, source name) as contract documents, by id, each told apart from
    the others of ``rows`` that share its label."""
    apart = told_apart({r[0]: short_document(r[2], r[1]) for r in rows}, {r[0]: r[4] or "" for r in rows})
    return {r[0]: _document(r, apart[r[0]]) for r in rows}


def _documents_of(session, ids: list[str]) -> dict[str, dict]:
    """``_documents`` of the documents ``ids``, told apart from every stored one of the same 文号 or title."""
    known = session.query(_NUMBERS, {"ids": ids})[1]
    numbers, titles = sorted({n for n, _t in known if n}), sorted({t for n, t in known if not n and t})
    return _documents(session.query(_DOCUMENTS_BY_ID, {"ids": ids, "numbers": numbers, "titles": titles})[1])


def _contract(row: list, documents: dict, units: list[dict], sections: dict[str, list[tuple]],
              names: dict[str, dict]) -> dict:
    """``task.key`` names the task where a user sees or types it: its label, or "保障措施.2" when the number
    repeats in its document (graph/task_label.py); ``task.heading`` is "任务2", "保障措施 任务2", "保障措施"."""
    (aid, doc_id, action_seq, action_name, label, title, seq, lead_open, responsible_open, _coop_open, leaders,
     deadline_text, due_start, due_end, text, start, end, _sort_key, recurring, due_day,
     due_day_month) = row
    deadline = None
    if deadline_text:
        deadline = {"text": deadline_text, "start": _iso(due_start), "end": _iso(due_end),
                    "recurring": recurring or None}
        if recurring and due_day:  # the day of each period it falls due on (每月10日前 → 10); only when printed
            deadline["due_day"] = due_day
            if due_day_month:  # and the month of a year it is in, when not January (每年6月底前 → 6)
                deadline["due_day_month"] = due_day_month
    return {
        "id": aid,
        "document": documents.get(doc_id, {"id": doc_id, "title": "", "doc_number": "", "jurisdiction": "",
                                           "version": ""}),
        "action": {"seq": action_seq, "name": action_name} if action_seq else None,
        "task": {"label": label, "title": title, "section": _section_of(sections.get(doc_id, []), start),
                 **_task_name(names.get(task_of_assignment(aid)), label)},
        "seq": seq,
        "lead": [u["name"] for u in units if u["role"] == "lead"],
        "responsible": [u["name"] for u in units if u["role"] == "responsible"],
        "cooperating": [u["name"] for u in units if u["role"] == "cooperating"],
        "lead_open": bool(lead_open),
        "responsible_open": bool(responsible_open),
        "leaders": list(leaders or []),
        "deadline": deadline,
        "text": text,
        "span": [start, end],
        "units": units,
    }
