"""Assignment objects in the JSON contract of DESIGN.md, fetched from whichever engine answers the question."""

from __future__ import annotations

from datetime import date

_DETAILS = """
MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
WHERE a.id IN $ids
RETURN a.id, a.document_id, a.action_seq, a.action_name, t.label, t.title, a.seq, a.lead_open,
       a.responsible_open, a.cooperating_open, a.leaders, a.deadline_text, a.due_start, a.due_end, a.text,
       a.span_start, a.span_end, t.seq
"""
_UNITS = """
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) WHERE a.id IN $ids
RETURN a.id AS id, r.role AS role, u.name AS name, r.span_start AS start
"""
_DOCUMENTS = "MATCH (d:Document) RETURN d.id, d.title, d.doc_number"
_ALL = "MATCH (a:Assignment) RETURN a.id"


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def assignments(session, ids: list[str] | None = None) -> list[dict]:
    """Contract objects for ``ids`` (all when None), in document order."""
    if ids is None:
        ids = [row[0] for row in session.query(_ALL)[1]]
    if not ids:
        return []
    documents = {r[0]: {"id": r[0], "title": r[1], "doc_number": r[2]} for r in session.query(_DOCUMENTS)[1]}
    units: dict[str, dict[str, list]] = {}
    for aid, role, name, _start in sorted(session.query(_UNITS, {"ids": ids})[1], key=lambda r: (r[0], r[3] or 0)):
        units.setdefault(aid, {}).setdefault(role, []).append(name)
    rows = sorted(session.query(_DETAILS, {"ids": ids})[1], key=lambda r: (r[1], r[17], r[6]))
    return [_contract(row, documents, units.get(row[0], {})) for row in rows]


def _contract(row: list, documents: dict, units: dict) -> dict:
    (aid, doc_id, action_seq, action_name, label, title, seq, lead_open, responsible_open, _coop_open, leaders,
     deadline_text, due_start, due_end, text, start, end, _task_seq) = row
    deadline = None
    if deadline_text:
        deadline = {"text": deadline_text, "start": _iso(due_start), "end": _iso(due_end)}
    return {
        "id": aid,
        "document": documents.get(doc_id, {"id": doc_id, "title": "", "doc_number": ""}),
        "action": {"seq": action_seq, "name": action_name} if action_seq else None,
        "task": {"label": label, "title": title},
        "seq": seq,
        "lead": units.get("lead", []),
        "responsible": units.get("responsible", []),
        "cooperating": units.get("cooperating", []),
        "lead_open": bool(lead_open),
        "responsible_open": bool(responsible_open),
        "leaders": list(leaders or []),
        "deadline": deadline,
        "text": text,
        "span": [start, end],
    }
