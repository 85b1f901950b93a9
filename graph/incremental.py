"""Which part of the graph belongs to one document, and which part documents share — derived from the schema.

A node whose type has a ``document_id`` (and the Document itself) belongs to one document: adding or removing
that document adds or removes it. Every other node (units, industries …) is shared. A full build is
``build_graph(docs)``: every document's own part, the shared nodes they mention, and ``close_shared`` over those
mentions. An incremental store keeps exactly that: after each change it recomputes ``close_shared`` over the
mentions still stored and brings the shared nodes and relationships in line, so adds and removes in any order
give the graph a full rebuild gives (``tests/test_incremental.py`` runs every named query on both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ingest.resources import Resources

from . import schema
from .build import PropertyGraph, close_shared

DOCUMENT = "Document"


def document_scoped(label: str) -> bool:
    return label == DOCUMENT or "document_id" in schema.node(label).prop_names


DOC_LABELS = tuple(n.label for n in schema.NODES if document_scoped(n.label))
SHARED_LABELS = tuple(n.label for n in schema.NODES if not document_scoped(n.label))
# Relationships between shared nodes only: close_shared makes them.
SHARED_RELS = tuple(r.type for r in schema.RELS
                    if all(not document_scoped(a) and not document_scoped(b) for a, b in r.pairs))


def mention_patterns() -> list[tuple[str, str, str, bool]]:
    """(rel type, shared label, document label, shared node is the source) for every way a document's own
    node mentions a shared one (a unit leading an assignment, a task concerning an industry)."""
    out = []
    for r in schema.RELS:
        for src, dst in r.pairs:
            if document_scoped(src) != document_scoped(dst):
                shared_is_src = not document_scoped(src)
                out.append((r.type, src if shared_is_src else dst, dst if shared_is_src else src, shared_is_src))
    return out


def mention_query(rel_type: str, shared: str, doc_label: str, shared_is_src: bool) -> str:
    props = ", ".join(f"s.{p}" for p in schema.node(shared).prop_names)
    pattern = f"(s:{shared})-[:{rel_type}]->(d:{doc_label})" if shared_is_src else \
        f"(d:{doc_label})-[:{rel_type}]->(s:{shared})"
    return f"MATCH {pattern} RETURN DISTINCT {props}"


def closed_shared(query: Callable[[str], list[list]], added: PropertyGraph, resources: Resources) -> PropertyGraph:
    """The shared part the stored mentions (read with ``query``) plus the added documents' mentions imply."""
    graph = PropertyGraph()
    for pattern in mention_patterns():
        names = schema.node(pattern[1]).prop_names
        for row in query(mention_query(*pattern)):
            graph.add_node(pattern[1], dict(zip(names, row, strict=True)))
    for label in SHARED_LABELS:
        for row in added.rows(label):
            graph.add_node(label, row)
    close_shared(graph, resources)
    return graph


def own_part(graph: PropertyGraph) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Node labels and relationship types to copy for the documents' own part (everything not shared)."""
    return DOC_LABELS, tuple(r.type for r in schema.RELS if r.type not in SHARED_RELS)


def shared_rel_keys(graph: PropertyGraph) -> dict[str, set[tuple[str, str, str, str]]]:
    out: dict[str, set] = {t: set() for t in SHARED_RELS}
    for t in SHARED_RELS:
        for rel in graph.rel_rows(t):
            out[t].add((rel.src_label, rel.src, rel.dst_label, rel.dst))
    return out


def ids(values: Iterable) -> list[str]:
    return sorted({str(v) for v in values})
