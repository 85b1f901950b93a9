"""A PropertyGraph read back from any session (LadybugDB or Neo4j), so exports can come from a server.

Generic over the schema: every node type and relationship pair is read with one query. For one document the
result is what ``build_graph([doc])`` gives: its own nodes, the shared nodes it mentions, and ``close_shared``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import nullcontext

from ingest.resources import Resources

from . import incremental, schema
from .build import PropertyGraph, Rel, close_shared, rel_order


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


class GraphPages:
    """A session's whole graph read a page at a time, for the exports that write as they go (``Exporter.stream``):
    ``rows(label)`` and ``rel_rows(type, pair)`` give the rows ``read_graph`` would, in ``PropertyGraph``'s order
    (nodes by id; relationships by source, target, mention offset), holding at most ``page`` rows of the engine's
    answer. A page is the next ``page`` rows after the last one read (keyset paging, ``WHERE n.id > $after
    ORDER BY n.id LIMIT page``): each page costs the engine a scan and a top-``page`` sort, never a sort of the
    whole table, which LadybugDB's buffer pool could not hold at 10,000 documents."""

    def __init__(self, session, page: int | None = None) -> None:
        from ingest.settings import get

        self.session = session
        self.page = int(page or get("export_batch"))

    def _query(self, cypher: str, params: dict) -> list[list]:
        """One page: on a connection of its own where the engine has them (LadybugGraph.reader), closed before the
        page's rows are handed on, so that no connection is held between pages (nor by a write that failed)."""
        reader = getattr(self.session, "reader", None)
        with reader() if reader is not None else nullcontext(self.session.query) as query:
            return query(cypher, params)[1]

    def rows(self, label: str) -> Iterator[dict]:
        names = schema.node(label).prop_names
        at = names.index("id")
        cypher = (f"MATCH (n:{label}) WHERE n.id > $after RETURN {_props('n', label)} ORDER BY n.id "
                  f"LIMIT {self.page}")
        after = ""
        while True:
            rows = self._query(cypher, {"after": after})
            yield from (dict(zip(names, row, strict=True)) for row in rows)
            if len(rows) < self.page:
                return
            after = rows[-1][at]

    def rel_rows(self, rel_type: str, pair: tuple[str, str] | None = None) -> Iterator[Rel]:
        """Of every pair of labels the type connects (merged in ``rel_order``), or of one ``pair``."""
        r = schema.REL_BY_TYPE[rel_type]
        streams = [self._pair_rows(r, src, dst) for src, dst in ([pair] if pair else r.pairs)]
        return streams[0] if len(streams) == 1 else heapq.merge(*streams, key=rel_order)

    def _pair_rows(self, r: schema.RelType, src: str, dst: str) -> Iterator[Rel]:
        """Paged by (source id, target id): a page ends before the relationships of its last pair of nodes, which
        the next page starts with, so that two mentions of a unit in one clause are never split or lost."""
        names = tuple(p.name for p in r.props)
        ret = "RETURN a.id, b.id" + "".join(f", r.{p}" for p in names) + " ORDER BY a.id, b.id" + \
            (", coalesce(r.span_start, 0)" if "span_start" in names else "")  # as build.rel_order
        after = ("", "")
        while True:
            rows = self._query(f"MATCH (a:{src})-[r:{r.type}]->(b:{dst}) WHERE a.id > $a OR (a.id = $a AND "
                               f"b.id > $b) {ret} LIMIT {self.page}", {"a": after[0], "b": after[1]})
            full = len(rows) == self.page
            if full:
                last = (rows[-1][0], rows[-1][1])
                rows = [x for x in rows if (x[0], x[1]) != last]
                if not rows:  # a page of relationships between one pair of nodes: that pair's, whole
                    rows = self._query(f"MATCH (a:{src} {{id: $a}})-[r:{r.type}]->(b:{dst} {{id: $b}}) {ret}",
                                       {"a": last[0], "b": last[1]})
                    after = last
                else:
                    after = (rows[-1][0], rows[-1][1])
            yield from (Rel(r.type, src, x[0], dst, x[1], dict(zip(names, x[2:], strict=True))) for x in rows)
            if not full:
                return
