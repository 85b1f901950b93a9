"""QuerySpec → one parameterised Cypher query that LadybugDB and Neo4j both run.

User text only ever reaches the engine as a parameter value; the query text is assembled from fixed pieces.
"""

from __future__ import annotations

from .question import QuerySpec

ROLE_REL = {"lead": "LEADS", "responsible": "RESPONSIBLE_FOR", "cooperating": "COOPERATES_ON"}


def compile_spec(spec: QuerySpec) -> tuple[str, dict]:
    where, params = [], {}
    for i, group in enumerate(spec.units):
        rels = "|".join(ROLE_REL[r] for r in (spec.roles or tuple(ROLE_REL)))
        params[f"units{i}"] = list(group.names)
        where.append(f"EXISTS {{ MATCH (u{i}:Unit)-[:{rels}]->(a) WHERE u{i}.name IN $units{i} }}")
    if spec.any_unit and len(spec.units) > 1:
        where = ["(" + " OR ".join(where) + ")"]
    if spec.due_month is not None:
        where.append("a.due_month = $due_month")
        params["due_month"] = spec.due_month
    if spec.due_year is not None:
        where.append("a.due_year = $due_year")
        params["due_year"] = spec.due_year
    if spec.due_from is not None:
        where.append("a.due_end >= date($due_from)")
        params["due_from"] = spec.due_from.isoformat()
    if spec.due_to is not None:
        where.append("a.due_end <= date($due_to)")
        params["due_to"] = spec.due_to.isoformat()
    if spec.open_ended:
        where.append("a.open_ended = true")
    if spec.action_seq is not None:
        where.append("a.action_seq = $action_seq")
        params["action_seq"] = spec.action_seq
    if spec.action_name is not None:
        where.append("a.action_name = $action_name")
        params["action_name"] = spec.action_name
    if spec.document_id is not None:
        where.append("a.document_id = $document_id")
        params["document_id"] = spec.document_id
    if spec.task_label is not None:
        where.append("t.label = $task_label")
        params["task_label"] = spec.task_label
    for i, (_label, names) in enumerate(spec.concepts):
        params[f"concept{i}"] = list(names)
        where.append(f"any(w IN $concept{i} WHERE a.text CONTAINS w OR t.title CONTAINS w)")
    for i, word in enumerate(spec.keywords):
        params[f"keyword{i}"] = word
        where.append(f"(a.text CONTAINS $keyword{i} OR t.title CONTAINS $keyword{i})")
    clause = ("\nWHERE " + "\n  AND ".join(where)) if where else ""
    cypher = (f"MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment){clause}\n"
              "RETURN a.id AS id\nORDER BY a.document_id, t.seq, a.seq")
    return cypher, params
