"""A PropertyGraph read back from any session (LadybugDB or Neo4j), so exports can come from a server.

Generic over the schema: every node type and relationship pair is read with one query. For one document the
result is what ``build_graph([doc])`` gives: its own nodes, the shared nodes it mentions, and ``close_shared``.
"""

from __future__ import annotations

from ingest.resources import Resources

from . import incremental, schema
from .build import PropertyGraph, Rel, close_shared


def read_graph(session, resources: Resources, document_id: str | None = None,
               reads: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> PropertyGraph:
    """``reads``: (node labels, relationship types) to read of the whole graph, every other left out (an
    export's ``Exporter.reads``: the people's formats read ``analysis.VIEW``, a seventh of the rows)."""
    if reads is not None and document_id is not None:
        raise ValueError("a document's graph is read whole (its shared nodes are closed over)")
    labels, types = reads if reads is not None else (None, None)
    graph = PropertyGraph()
    params = {} if document_id is None else {"doc": document_id}
    for n in schema.NODES:
        if (document_id is not None and n.label in incremental.SHARED_LABELS) or (labels and n.label not in labels):
            continue
        cypher = f"MATCH (n:{n.label}){_where('n', n.label, document_id)} RETURN {_props('n', n.label)}"
        for row in session.query(cypher, params)[1]:
            graph.add_node(n.label, dict(zip(n.prop_names, row, strict=True)))
    if document_id is not None:
        for rel_type, shared, doc_label, shared_is_src in incremental.mention_patterns():
            pattern = f"(s:{shared})-[:{rel_type}]->(d:{doc_label})" if shared_is_src else \
                f"(d:{doc_label})-[:{rel_type}]->(s:{shared})"
            cypher = f"MATCH {pattern}{_where('d', doc_label, document_id)} RETURN DISTINCT {_props('s', shared)}"
            for row in session.query(cypher, params)[1]:
                graph.add_node(shared, dict(zip(schema.node(shared).prop_names, row, strict=True)))
    for r in schema.RELS:
        if (document_id is not None and r.type in incremental.SHARED_RELS) or (types and r.type not in types):
            continue
        names = tuple(p.name for p in r.props)
        for src, dst in r.pairs:
            end, label = ("a", src) if src in incremental.DOC_LABELS else ("b", dst)
            cypher = (f"MATCH (a:{src})-[r:{r.type}]->(b:{dst}){_where(end, label, document_id)} RETURN a.id, b.id"
                      + "".join(f", r.{p}" for p in names))
            for row in session.query(cypher, params)[1]:
                graph.add_rel(Rel(r.type, src, row[0], dst, row[1], dict(zip(names, row[2:], strict=True))))
    if document_id is not None:
        close_shared(graph, resources)
    return graph


def _props(var: str, label: str) -> str:
    return ", ".join(f"{var}.{p}" for p in schema.node(label).prop_names)


def _where(var: str, label: str, document_id: str | None) -> str:
    if document_id is None:
        return ""
    return f" WHERE {var}.id = $doc" if label == incremental.DOCUMENT else f" WHERE {var}.document_id = $doc"
