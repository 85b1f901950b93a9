"""The property graph as RDF: one mapping onto the policykg ontology, serialised, validated and queried.

Built from the ``PropertyGraph`` only, like every writer. Plain literal properties come from the ``rdf`` names in
``graph/schema.py``; structure (selectors, deadlines, roles, provenance, SKOS) is mapped here. Every node the
writer makes has an IRI derived from a stable graph id, selectors and deadlines included, so the same document
always yields the same triples and two exports compare by plain set equality as well as by isomorphism.
"""

from __future__ import annotations

import datetime as dt
import heapq
import io
import itertools
import json
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import pyshacl
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DefinedNamespace
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Identifier, Node

import ontology
from ingest.errors import QueryError, UnknownNameError
from ontology.terms import (
    ELI,
    INDUSTRY_SCHEME,
    OA,
    ORG,
    OWL,
    PKG,
    PKGID,
    PROV,
    RDF,
    RDFS,
    ROLE_TERMS,
    SCHEMA,
    SH,
    SKOS,
    TIME,
    UNIT_KIND_CLASS,
    XSD,
)

from . import schema
from .build import PropertyGraph

Triple = tuple[Node, Node, Node]

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "pkg": PKG, "pkgid": PKGID, "eli": ELI, "org": ORG, "prov": PROV, "time": TIME, "oa": OA, "skos": SKOS,
    "schema": SCHEMA, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}

# What each relationship type becomes. Sections, actions and tasks also get eli:has_part from their document.
REL_PREDICATES: dict[str, URIRef] = {
    "HAS_SECTION": PKG.hasSection, "HAS_ACTION": PKG.hasAction, "HAS_TASK": PKG.hasTask,
    "HAS_ASSIGNMENT": PKG.hasAssignment, "HAS_GOAL": PKG.hasGoal, "LEADS": ROLE_TERMS["lead"][1],
    "RESPONSIBLE_FOR": ROLE_TERMS["responsible"][1], "COOPERATES_ON": ROLE_TERMS["cooperating"][1],
    "MEMBER_OF": PKG.memberOf, "CONCERNS": PKG.concerns, "SETS_TARGET": PKG.setsTarget,
    "BROADER": SKOS.broader, "HAS_TASK_FORCE": PKG.chainTaskForce,
}
REVERSED_RELS = {"LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"}  # the assignment is the subject in RDF
ROLE_OF_REL = {rel: role for role, rel in schema.ROLE_RELS.items()}

# Schema properties with an ``rdf`` name that literal_props leaves out: mapped by hand below, or not stated.
SPAN_RDF = ("oa:start", "oa:end")  # on the node's oa:TextPositionSelector, not on the node
MAPPED_BY_HAND = {
    ("Document", "doc_number"): "eli:id_local, omitted when empty",
    ("Assignment", "note"): "pkg:note, omitted when empty",
    ("Assignment", "deadline_text"): "pkg:deadlineText on the assignment's pkg:deadline interval",
    ("Assignment", "recurring"): "pkg:recurrence on the assignment's pkg:deadline interval, omitted when empty",
    ("Assignment", "due_day"): "pkg:dueDay on the assignment's pkg:deadline interval, omitted when 0",
    ("Assignment", "due_day_month"): "pkg:dueMonth on the assignment's pkg:deadline interval, omitted when 0",
}

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


def iri(node_id: str, *suffix: str) -> URIRef:
    """``https://policykg.dev/id/`` + the graph id, percent-encoded; ``suffix`` names parts of the node."""
    return PKGID[quote("/".join((node_id, *suffix)), safe="/:")]


@cache
def literal_props(label: str) -> tuple[tuple[schema.Prop, URIRef], ...]:
    """(property, predicate) for the schema properties of ``label`` that become plain literals."""
    out = []
    for p in schema.node(label).props:
        if not p.rdf or p.rdf in SPAN_RDF or (label, p.name) in MAPPED_BY_HAND:
            continue
        out.append((p, resolve(p.rdf)))
    return tuple(out)


@cache
def span_props(label: str) -> tuple[str, str] | None:
    """Names of the properties holding ``label``'s source span (those the schema maps to oa:start, oa:end)."""
    names = {p.rdf: p.name for p in schema.node(label).props if p.rdf in SPAN_RDF}
    return (names["oa:start"], names["oa:end"]) if len(names) == 2 else None


def resolve(prefixed: str) -> URIRef:
    """``pkg:seq`` → the term; an unknown prefix or a term the vocabulary lacks is an error, not a typo in RDF."""
    prefix, _, local = prefixed.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"{prefixed}: unknown prefix {prefix!r}; known: {', '.join(sorted(PREFIXES))}")
    return PREFIXES[prefix][local]


def _literal(value, prop_type: str) -> Literal:
    if prop_type == schema.FLOAT:
        return Literal(float(value), datatype=XSD.double)
    if prop_type == schema.DATE and not isinstance(value, dt.date):
        return Literal(str(value), datatype=XSD.date)
    return Literal(value)


def _literals(subject: URIRef, label: str, row: dict) -> Iterator[Triple]:
    for prop, predicate in literal_props(label):
        value = row.get(prop.name)
        values = value if prop.type == schema.STRINGS else [value]
        for v in values or ():
            if v is not None:
                yield subject, predicate, _literal(v, schema.STRING if prop.type == schema.STRINGS else prop.type)


def _selector(subject: URIRef, predicate: URIRef, node: URIRef, start, end) -> Iterator[Triple]:
    yield subject, predicate, node
    yield node, RDF.type, OA.TextPositionSelector
    yield node, OA.start, Literal(int(start), datatype=XSD.nonNegativeInteger)
    yield node, OA.end, Literal(int(end), datatype=XSD.nonNegativeInteger)


def _derived(label: str, row: dict, provenance: URIRef = PROV.wasDerivedFrom) -> Iterator[Triple]:
    """Type, literals, document link and source span of a document element."""
    s = iri(row["id"])
    yield s, RDF.type, resolve(schema.node(label).rdf_class)
    yield from _literals(s, label, row)
    yield s, provenance, iri(row["document_id"])
    span = span_props(label)
    if span and row.get(span[0]) is not None:
        yield from _selector(s, PKG.sourceSelector, iri(row["id"], "sel"), row[span[0]], row[span[1]])


def _document(row: dict) -> Iterator[Triple]:
    s = iri(row["id"])
    yield s, RDF.type, PKG.PolicyDocument
    yield s, PKG.contentHash, Literal(row["id"])
    yield from _literals(s, "Document", row)
    if row.get("doc_number"):
        yield s, ELI.id_local, Literal(row["doc_number"])
    # eli:passed_by is not stated: issuers are strings here, and the shapes require a pkg:Unit with a unitKind.


def _assignment(row: dict) -> Iterator[Triple]:
    s = iri(row["id"])
    yield from _derived("Assignment", row, PROV.wasInfluencedBy)
    if row.get("attribution_start") is not None:
        yield from _selector(s, PKG.attributionSelector, iri(row["id"], "attribution"),
                             row["attribution_start"], row["attribution_end"])
    if row.get("note"):
        yield s, PKG.note, Literal(row["note"])
    yield from _deadline(s, row)


def _deadline(assignment: URIRef, row: dict) -> Iterator[Triple]:
    """An interval with dated instants; no end means open-ended (长期, 持续), as the shapes require, unless the
    deadline recurs (每季度: pkg:recurrence), which is not open-ended."""
    if not row.get("deadline_text") and row.get("due_end") is None and not row.get("open_ended"):
        return
    d = iri(row["id"], "deadline")
    yield assignment, PKG.deadline, d
    yield d, RDF.type, TIME.Interval
    yield d, PKG.deadlineText, Literal(row.get("deadline_text") or "")
    for key, predicate, name in (("due_start", TIME.hasBeginning, "start"), ("due_end", TIME.hasEnd, "end")):
        if row.get(key) is not None:
            instant = iri(row["id"], "deadline", name)
            yield d, predicate, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, _literal(row[key], schema.DATE)
    if row.get("recurring"):
        yield d, PKG.recurrence, Literal(row["recurring"])
        if row.get("due_day"):
            yield d, PKG.dueDay, _literal(row["due_day"], schema.INT)
        if row.get("due_day_month"):
            yield d, PKG.dueMonth, _literal(row["due_day_month"], schema.INT)
    if row.get("open_ended") or (row.get("due_end") is None and not row.get("recurring")):
        yield d, PKG.openEnded, Literal(True)


def _unit(row: dict) -> Iterator[Triple]:
    s = iri(row["id"])
    yield s, RDF.type, PKG.Unit
    yield s, RDF.type, UNIT_KIND_CLASS.get(row.get("kind") or "unknown", PKG.Unit)
    yield from _literals(s, "Unit", row)
    for alias in row.get("aliases") or ():
        yield s, SKOS.altLabel, Literal(alias)


def _concept(label: str, row: dict) -> Iterator[Triple]:
    s = iri(row["id"])
    yield s, RDF.type, SKOS.Concept
    yield s, RDF.type, resolve(schema.node(label).rdf_class)
    yield s, SKOS.inScheme, INDUSTRY_SCHEME
    yield from _literals(s, label, row)
    if row.get("concept_id"):
        yield s, SKOS.notation, Literal(row["concept_id"])
    for alias in row.get("aliases") or ():
        yield s, SKOS.altLabel, Literal(alias)


def _indicator(row: dict) -> Iterator[Triple]:
    s = iri(row["id"])
    yield from _derived("Indicator", row)
    yield s, RDF.type, SCHEMA.QuantitativeValue
    if row.get("value_max") is not None:
        yield s, SCHEMA.maxValue, _literal(row["value_max"], schema.FLOAT)


def _nodes(graph: PropertyGraph) -> Iterator[Triple]:
    for row in graph.rows("Document"):
        yield from _document(row)
    for label in ("Section", "Action", "Task", "Goal"):
        for row in graph.rows(label):
            yield from _derived(label, row)
            if label != "Goal":
                yield iri(row["document_id"]), ELI.has_part, iri(row["id"])
    for row in graph.rows("Assignment"):
        yield from _assignment(row)
    for row in graph.rows("Indicator"):
        yield from _indicator(row)
    for row in graph.rows("Unit"):
        yield from _unit(row)
    concepts = False  # rows may be a stream (graph/readback.GraphPages): seen as they pass, not asked twice
    for label in schema.CONCEPT_LABELS:
        for row in graph.rows(label):
            concepts = True
            yield from _concept(label, row)
    if concepts:
        yield INDUSTRY_SCHEME, RDF.type, SKOS.ConceptScheme


def _rels(graph: PropertyGraph) -> Iterator[Triple]:
    for rel_type, predicate in REL_PREDICATES.items():
        for rel in graph.rel_rows(rel_type):
            src, dst = iri(rel.src), iri(rel.dst)
            if rel_type in REVERSED_RELS:
                yield from _role(dst, rel.src, ROLE_OF_REL[rel_type], rel.dst)
            else:
                yield src, predicate, dst
            if rel_type == "BROADER":
                yield dst, SKOS.narrower, src


def _role(assignment: URIRef, unit_id: str, role: str, assignment_id: str) -> Iterator[Triple]:
    """The shortcut triple and the qualified association it abbreviates; the shapes require both."""
    role_term, shortcut, _ = ROLE_TERMS[role]
    association = iri(assignment_id, role, unit_id)
    yield assignment, shortcut, iri(unit_id)
    yield assignment, PROV.qualifiedAssociation, association
    yield association, RDF.type, PROV.Association
    yield association, PROV.agent, iri(unit_id)
    yield association, PROV.hadRole, role_term


def new_graph(store: str = "default") -> Graph:
    g = Graph(store=store, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace if isinstance(namespace, Namespace) else namespace._NS)
    return g


NT_RUN = 200_000  # distinct lines the N-Triples writer holds (about 60 MB); past it, sorted runs go to disk


def ntriples(graph: PropertyGraph) -> str:
    """``serialize(to_rdf(graph), "nt")`` line for line (``write_ntriples``)."""
    buf = io.BytesIO()
    write_ntriples(graph, buf)
    return buf.getvalue().decode("utf-8")


def write_ntriples(graph, out: BinaryIO, run: int | None = None) -> None:
    """``serialize(to_rdf(graph), "nt")`` line for line, sorted and without repeats, written to ``out`` from the
    triples as they are made, ``graph`` a PropertyGraph or a GraphPages (a store's graph a page at a time): no rdflib
    graph holds them (a 1,000-document corpus's took 6.7 GB and 12 minutes to write as Turtle). At most ``run``
    lines are held: each ``run`` is sorted into a temporary file and the files merged (an external sort), so a
    corpus of any size gives the file the whole set of lines sorted at once would. ``run``: ``NT_RUN``."""
    from rdflib.plugins.serializers.nt import _nt_row  # the line rdflib's N-Triples writer makes of a triple

    from .exporters import write_lines

    run = run or NT_RUN
    with tempfile.TemporaryDirectory(prefix="policykg-nt-") as folder:
        runs: list[Path] = []
        lines: set[str] = set()
        for triple in itertools.chain(_nodes(graph), _rels(graph)):
            lines.update(_nt_row(triple).splitlines())
            if len(lines) >= run:
                runs.append(Path(folder) / f"{len(runs)}.nt")
                runs[-1].write_text("".join(f"{line}\n" for line in sorted(lines)), encoding="utf-8", newline="\n")
                lines = set()
        if not runs:
            write_lines((line for line in sorted(lines) if line.strip()), out)
            return
        held = (f"{line}\n" for line in sorted(lines))
        files = [open(path, encoding="utf-8", newline="\n") for path in runs]  # noqa: SIM115 (closed below)
        try:
            # compared without the newline, as sorted() compared them: a line may hold a tab, which sorts before it
            merged = heapq.merge(held, *files, key=lambda x: x[:-1])
            write_lines((line[:-1] for line, _ in itertools.groupby(merged) if line.strip()), out)
        finally:
            for f in files:
                f.close()


def to_rdf(graph: PropertyGraph) -> Graph:
    g = new_graph()
    for triple in _nodes(graph):
        g.add(triple)
    for triple in _rels(graph):
        g.add(triple)
    return g


# -- serialisation ---------------------------------------------------------------------------------------------

def context() -> dict[str, str]:
    """The JSON-LD @context: our prefixes, nothing else."""
    return {p: str(ns if isinstance(ns, Namespace) else ns._NS) for p, ns in sorted(PREFIXES.items())}


def serialize(rdf_graph: Graph, fmt: str) -> str:
    """Turtle, JSON-LD or N-Triples, sorted: the same triples always give the same text."""
    if fmt not in FORMATS:
        raise UnknownNameError("RDF format", fmt, list(FORMATS))
    if fmt == "nt":
        lines = rdf_graph.serialize(format="nt").splitlines()
        return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())
    source = new_graph()
    for triple in rdf_graph:
        source.add(triple)
    if fmt == "ttl":
        return source.serialize(format="turtle")
    data = json.loads(source.serialize(format="json-ld", context=context(), auto_compact=True))
    return json.dumps(_sorted_jsonld(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted_jsonld(data: dict) -> dict:
    def key(item) -> str:
        return json.dumps(item, ensure_ascii=False, sort_keys=True)

    def norm(value):
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=key)
        if isinstance(value, dict):
            return {k: norm(v) if k != "@context" else v for k, v in value.items()}
        return value

    if "@graph" not in data:  # a single node is written without @graph
        ctx = data.pop("@context", None)
        data = {"@context": ctx, "@graph": [data] if data else []}
    return norm(data)


# -- validation ------------------------------------------------------------------------------------------------

@cache
def _shapes() -> Graph:
    return Graph().parse(ontology.shapes_path(), format="turtle")


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology.ontology_path(), format="turtle")


def validate(rdf_graph: Graph) -> tuple[bool, str, list[dict]]:
    """SHACL against ontology/shapes.ttl, the ontology supplying the subclass links (pkg:District ⊑ pkg:Unit)."""
    data = rdf_graph if isinstance(rdf_graph.store, Memory) else _copy(rdf_graph)
    with _queries_prepared_once():
        conforms, report, text = pyshacl.validate(data, shacl_graph=_shapes(), ont_graph=_ontology(),
                                                  inference="none", allow_warnings=False)
    return bool(conforms), text, violations(report)


_VALIDATING = threading.Lock()


@contextmanager
def _queries_prepared_once():
    """pyshacl hands rdflib a SPARQL constraint's text once per focus node, and rdflib parses and translates
    it each time: 50 ms an assignment, most of a validation (4 s of a 20 KB notice's 5). Within this block a
    query text is prepared once and run with each node's bindings, as ``prepareQuery`` is meant to be used."""
    from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

    original = SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, tuple(sorted((initNs or {}).items())), base)
            if key not in prepared:
                prepared[key] = prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _VALIDATING:  # one validation at a time patches the processor
        SPARQLProcessor.query = query
        try:
            yield
        finally:
            SPARQLProcessor.query = original


def _copy(rdf_graph: Graph) -> Graph:
    g = new_graph()
    for triple in rdf_graph:
        g.add(triple)
    return g


def violations(report: Graph) -> list[dict]:
    """One dict per sh:ValidationResult: focus node, path (prefixed where possible) and message."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        out.append({"focus": str(report.value(result, SH.focusNode)), "path": _path_text(report, path),
                    "message": str(report.value(result, SH.resultMessage) or "")})
    return sorted(out, key=lambda v: (v["focus"], v["path"], v["message"]))


def _path_text(report: Graph, path) -> str:
    if path is None:
        return ""
    inverse = report.value(path, SH.inversePath) if not isinstance(path, URIRef) else None
    if inverse is not None:
        return "^" + _path_text(report, inverse)
    return new_graph().namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else str(path)


# -- SPARQL ----------------------------------------------------------------------------------------------------

def oxigraph_graph(rdf_graph: Graph) -> Graph:
    """The same triples in an in-memory Oxigraph store (oxrdflib): SPARQL runs in Rust, not in rdflib."""
    g = new_graph(store="Oxigraph")
    g += rdf_graph
    return g


def _term(value) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(value)


def sparql(rdf_graph: Graph, query: str, params: dict | None = None) -> tuple[list[str], list[list]]:
    """Run a SELECT with ``params`` bound through initBindings (never spliced into the text).

    Oxigraph only substitutes variables the query projects, so a query with parameters projects them; their
    columns are dropped here, as they could only ever repeat the parameter.
    """
    params = params or {}
    try:
        result = rdf_graph.query(query, initNs=context(), initBindings={k: _term(v) for k, v in params.items()})
    except Exception as exc:  # rdflib raises pyparsing errors, Oxigraph SyntaxError or RuntimeError
        raise QueryError(f"SPARQL: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    if result.type != "SELECT":
        raise QueryError(f"SPARQL: only SELECT queries answer with rows, not {result.type}")
    names = [str(v) for v in result.vars]
    keep = [i for i, name in enumerate(names) if name not in params]
    rows = [[_python(row[i]) for i in keep] for row in result]
    return [names[i] for i in keep], rows


def _python(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)
