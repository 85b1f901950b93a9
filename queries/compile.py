"""QuerySpec → one parameterised Cypher query that LadybugDB and Neo4j both run.

User text only ever reaches the engine as a parameter value; the query text is assembled from fixed pieces.
"""

from __future__ import annotations

from .question import QuerySpec

# QuerySpec field → the condition it adds, with the field's value as the parameter of the same name.
_SIMPLE = (
    ("due_month", "a.due_month = $due_month"),
    ("due_year", "a.due_year = $due_year"),
    ("due_from", "a.due_end >= date($due_from)"),
    ("due_to", "a.due_end <= date($due_to)"),
    ("action_seq", "a.action_seq = $action_seq"),
    ("action_name", "a.action_name = $action_name"),
    ("document_id", "a.document_id = $document_id"),
    ("task_label", "t.label = $task_label"),
)
ROLE_REL = {"lead": "LEADS", "responsible": "RESPONSIBLE_FOR", "cooperating": "COOPERATES_ON"}


def compile_spec(spec: QuerySpec) -> tuple[str, dict]:
    where, params = [], {}
    for i, group in enumerate(spec.units):
        rels = "|".join(ROLE_REL[r] for r in (spec.roles or tuple(ROLE_REL)))
        params[f"units{i}"] = list(group.names)
        where.append(f"EXISTS {{ MATCH (u{i}:Unit)-[:{rels}]->(a) WHERE u{i}.name IN $units{i} }}")
    if spec.any_unit and len(spec.units) > 1:
        where = ["(" + " OR ".join(where) + ")"]
    for field, condition in _SIMPLE:
        value = getattr(spec, field)
        if value is not None:
            where.append(condition)
            params[field] = value.isoformat() if hasattr(value, "isoformat") else value
    if spec.open_ended:
        where.append("a.open_ended = true")
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
