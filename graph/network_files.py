"""GraphML and GEXF written as the graph's rows are read, for yEd, Gephi and networkx.

The files networkx writes of ``analysis.to_networkx`` (the same nodes, edges, keys and attributes: a file read back
with ``nx.read_graphml`` or ``nx.read_gexf`` gives that graph), written from a PropertyGraph or a GraphPages (a
store's graph a page at a time) through lxml's incremental writer. networkx holds the whole graph, then the whole
XML tree, to write it: 3 GB to write a 1,000-document corpus's GEXF, and more past it. Here the attribute keys come
from the schema (graph/schema.py declares every property's type), so nothing is read twice and no more than a
document's tasks are held (to name them as every page does, graph/task_label.py).

Edges are written by relationship type, nodes by label: the order differs from networkx's (which groups edges by
their source node), the graph does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import BinaryIO

from lxml import etree

from . import analysis, schema

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{{{XSI_NS}}}schemaLocation"
# schema type → (GraphML attr.type, GEXF attribute type); dates and lists are written as strings (analysis._plain)
_XML_TYPES = {schema.INT: ("long", "long"), schema.FLOAT: ("double", "double"), schema.BOOL: ("boolean", "boolean")}
_STRING = ("string", "string")
GEXF_RESERVED = ("start", "end", "pid", "viz")  # GEXF reads these as time spells, parents, visuals


def _node_attrs(label: str, row: dict) -> dict:
    """A node's attributes as ``analysis.to_networkx`` gives them: its properties, its own ``label`` property as
    ``label_text``, the node label as ``label``."""
    attrs = analysis._attrs(row, schema.node(label).props)
    if "label" in attrs:
        attrs["label_text"] = attrs.pop("label")
    attrs["label"] = label
    return attrs


def _text(value) -> str:
    """A value as XML text: booleans as XML Schema spells them (networkx reads both spellings)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _declared() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(node attributes, edge attributes): name → (GraphML type, GEXF type), from the schema, in its order."""
    nodes: dict[str, tuple[str, str]] = {}
    for n in schema.NODES:
        for p in n.props:
            name = "label_text" if p.name == "label" else p.name
            nodes.setdefault(name, _XML_TYPES.get(p.type, _STRING))
    nodes["label"] = _STRING
    edges: dict[str, tuple[str, str]] = {}
    for r in schema.RELS:
        for p in r.props:
            edges.setdefault(p.name, _XML_TYPES.get(p.type, _STRING))
    edges["type"] = _STRING
    return nodes, edges


def _edges(graph) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, key, attributes) of every relationship, keyed as ``analysis.to_networkx`` keys them: the
    type, then "TYPE-2", "TYPE-3" for repeats between the same nodes (adjacent: rows come by source, target)."""
    for r in schema.RELS:
        last, repeat = None, 0
        for rel in graph.rel_rows(r.type):
            pair = (rel.src, rel.dst)
            repeat = repeat + 1 if pair == last else 1
            last = pair
            key = r.type if repeat == 1 else f"{r.type}-{repeat}"
            yield rel.src, rel.dst, key, {**analysis._attrs(rel.props, r.props), "type": r.type}


def write_graphml(graph, out: BinaryIO) -> None:
    node_keys, edge_keys = _declared()
    ids = {("node", k): f"d{i}" for i, k in enumerate(node_keys)}
    ids.update({("edge", k): f"d{len(node_keys) + i}" for i, k in enumerate(edge_keys)})
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{GRAPHML_NS}}}graphml", {_SCHEMA_LOCATION: f"{GRAPHML_NS} "
                        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"}, nsmap={None: GRAPHML_NS, "xsi": XSI_NS}):
            for scope, keys in (("node", node_keys), ("edge", edge_keys)):
                for name, (graphml_type, _) in keys.items():
                    xf.write("\n")
                    _empty(xf, f"{{{GRAPHML_NS}}}key", {"id": ids[scope, name], "for": scope, "attr.name": name,
                                                        "attr.type": graphml_type})
            xf.write("\n")
            with xf.element(f"{{{GRAPHML_NS}}}graph", edgedefault="directed"):
                for n in schema.NODES:
                    for row in graph.rows(n.label):
                        _graphml_element(xf, "node", {"id": row["id"]}, _node_attrs(n.label, row), ids)
                for src, dst, key, attrs in _edges(graph):
                    _graphml_element(xf, "edge", {"source": src, "target": dst, "id": key}, attrs, ids)
                xf.write("\n")
            xf.write("\n")


def _graphml_element(xf, kind: str, attrib: dict, attrs: dict, ids: dict) -> None:
    xf.write("\n")
    with xf.element(f"{{{GRAPHML_NS}}}{kind}", attrib):
        for name, value in attrs.items():
            with xf.element(f"{{{GRAPHML_NS}}}data", key=ids[kind, name]):
                xf.write(_text(value))


def _empty(xf, tag: str, attrib: dict) -> None:
    """An element with no content, in the namespace its parent declared (``xf.write`` of an Element declares it
    again on every one)."""
    with xf.element(tag, attrib):
        pass


def _gexf_name(name: str) -> str:
    return f"attr_{name}" if name in GEXF_RESERVED else name


def _named_nodes(graph) -> Iterator[tuple[str, dict, str]]:
    """(id, attributes, the name Gephi shows) of every node. Tasks and assignments are named as every page names
    them ("保障措施 任务2 强化资金保障", "保障措施.2.1"), where Gephi showed a title alone and an assignment's id: a
    document's tasks are named together (their rows are adjacent, ids begin with the document's), so at most one
    document's tasks and every task's short key are held."""
    from .build import task_of_assignment
    from .task_label import names_of, with_title

    heads: dict[str, list[tuple]] = {}
    keys: dict[str, str] = {}
    for n in schema.NODES:
        if n.label == "Task":
            for doc_id, rows in groupby(graph.rows("Task"), key=lambda row: row.get("document_id")):
                rows = list(rows)
                names = names_of([(doc_id, r["id"], r.get("label"), r.get("span_start"), r.get("numbered"),
                                   r.get("seq")) for r in rows], {doc_id: heads.pop(doc_id, [])})
                for row in rows:
                    name = names[row["id"]]
                    keys[row["id"]] = name["key"]
                    yield row["id"], _node_attrs("Task", row), with_title(name["heading"], row.get("title") or "",
                                                                          name["label"])
            continue
        for row in graph.rows(n.label):
            if n.label == "Section":
                heads.setdefault(row.get("document_id"), []).append((row.get("span_start"), row.get("title")))
            key = keys.get(task_of_assignment(row["id"])) if n.label == "Assignment" else None
            shown = f"{key}.{row.get('seq')}" if key is not None else \
                row.get("name") or row.get("title") or row.get("metric") or row.get("area") or row["id"]
            yield row["id"], _node_attrs(n.label, row), str(shown)


def write_gexf(graph, out: BinaryIO) -> None:
    """GEXF 1.2 as ``nx.write_gexf`` writes it of ``analysis.to_networkx``: a node's GEXF label is its name and its
    node label is ``node_type``; an edge's relationship type is ``rel_type`` (GEXF reads ``type`` as directed or
    undirected) and its networkx key ``networkx_key``; reserved names get an ``attr_`` prefix."""
    node_keys, edge_keys = _declared()
    node_keys = {("node_type" if k == "label" else _gexf_name(k)): t for k, t in node_keys.items() if k != "id"}
    edge_keys = {("rel_type" if k == "type" else _gexf_name(k)): t for k, t in edge_keys.items()}
    edge_keys["networkx_key"] = _STRING
    node_ids = {k: str(i) for i, k in enumerate(node_keys)}
    edge_ids = {k: str(len(node_keys) + i) for i, k in enumerate(edge_keys)}
    day = analysis.stamp(graph).date().isoformat()
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{GEXF_NS}}}gexf", {_SCHEMA_LOCATION: f"{GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd",
                                               "version": "1.2"}, nsmap={None: GEXF_NS, "xsi": XSI_NS}):
            xf.write("\n")
            with xf.element(f"{{{GEXF_NS}}}meta", lastmodifieddate=day):
                with xf.element(f"{{{GEXF_NS}}}creator"):
                    xf.write("policykg")
            xf.write("\n")
            with xf.element(f"{{{GEXF_NS}}}graph", defaultedgetype="directed", mode="static", name=""):
                for cls, keys, ids in (("node", node_keys, node_ids), ("edge", edge_keys, edge_ids)):
                    xf.write("\n")
                    with xf.element(f"{{{GEXF_NS}}}attributes", mode="static", **{"class": cls}):
                        for name, (_, gexf_type) in keys.items():
                            xf.write("\n")
                            _empty(xf, f"{{{GEXF_NS}}}attribute", {"id": ids[name], "title": name, "type": gexf_type})
                xf.write("\n")
                with xf.element(f"{{{GEXF_NS}}}nodes"):
                    for node, attrs, shown in _named_nodes(graph):
                        values = {("node_type" if k == "label" else _gexf_name(k)): v for k, v in attrs.items()
                                  if k != "id"}
                        _gexf_element(xf, "node", {"id": node, "label": shown}, values, node_ids)
                xf.write("\n")
                with xf.element(f"{{{GEXF_NS}}}edges"):
                    for i, (src, dst, key, attrs) in enumerate(_edges(graph)):
                        values = {("rel_type" if k == "type" else _gexf_name(k)): v for k, v in attrs.items()}
                        values["networkx_key"] = key
                        _gexf_element(xf, "edge", {"source": src, "target": dst, "id": str(i)}, values, edge_ids)
                xf.write("\n")
            xf.write("\n")


def _gexf_element(xf, kind: str, attrib: dict, values: dict, ids: dict) -> None:
    xf.write("\n")
    with xf.element(f"{{{GEXF_NS}}}{kind}", attrib):
        with xf.element(f"{{{GEXF_NS}}}attvalues"):
            for name, value in values.items():
                _empty(xf, f"{{{GEXF_NS}}}attvalue", {"for": ids[name], "value": _text(value)})
