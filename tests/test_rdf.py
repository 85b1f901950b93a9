"""The sample as RDF: valid against the shapes, equal to the golden file, carrying every fact of the property graph,
stable through every format, and answering the SPARQL twins of the named Cypher queries with the same rows."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import GOLDEN
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import rdf, schema
from ingest.errors import QueryError
from ontology import terms
from ontology.terms import ELI, OA, PKG, PROV, RDF, SKOS
from queries.named import all_queries, get

GOLDEN_TTL = GOLDEN / "sample.ttl"
FLAGSHIP_UNIT = "市工业和信息化局"
REQUIRED_TWINS = {"tasks_led_by_unit", "due_in_month", "workload_ranking", "open_list_attributions"}
PARSE_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
NO_UNIT = "Assignment names no unit: it needs at least one pkg:leadUnit, pkg:responsibleUnit or pkg:cooperatingUnit."


@pytest.fixture(scope="module")
def sample_rdf(sample_graph) -> Graph:
    return rdf.to_rdf(sample_graph)


@pytest.fixture(scope="module")
def sample_ox(sample_rdf) -> Graph:
    return rdf.oxigraph_graph(sample_rdf)


@pytest.fixture(scope="module")
def flagship(sample_graph) -> dict:
    """Task 19's second assignment, the one 市工业和信息化局 leads."""
    rows = [a for a in sample_graph.rows("Assignment") if a["task_label"] == "19" and a["seq"] == 2]
    assert len(rows) == 1
    return rows[0]


def triples_of_class(g: Graph, cls: URIRef, predicate: URIRef) -> int:
    return sum(1 for s in g.subjects(RDF.type, cls) for _ in g.objects(s, predicate))


# --- (1) SHACL ---------------------------------------------------------------------------------------------

def test_sample_conforms_to_the_shapes(sample_rdf: Graph) -> None:
    conforms, report, violations = rdf.validate(sample_rdf)
    assert conforms, report
    assert violations == []


def test_broken_assignment_is_reported_with_its_focus_node(sample_rdf: Graph, flagship: dict) -> None:
    broken = rdf.new_graph()
    broken += sample_rdf
    assignment = rdf.iri(flagship["id"])
    for shortcut in (PKG.leadUnit, PKG.responsibleUnit, PKG.cooperatingUnit):
        broken.remove((assignment, shortcut, None))
    for association in list(broken.objects(assignment, PROV.qualifiedAssociation)):
        broken.remove((association, None, None))
    broken.remove((assignment, PROV.qualifiedAssociation, None))

    conforms, report, violations = rdf.validate(broken)

    assert not conforms
    assert {"focus": str(assignment), "path": "", "message": NO_UNIT} in violations, report
    assert {v["focus"] for v in violations} == {str(assignment)}


# --- (2) golden file ---------------------------------------------------------------------------------------

def test_sample_rdf_matches_the_golden_file(sample_rdf: Graph) -> None:
    if os.environ.get("POLICYKG_UPDATE_GOLDEN"):
        GOLDEN_TTL.write_text(rdf.serialize(sample_rdf, "ttl"), encoding="utf-8")
    expected = Graph().parse(GOLDEN_TTL, format="turtle")
    missing, extra = set(expected) - set(sample_rdf), set(sample_rdf) - set(expected)
    assert isomorphic(sample_rdf, expected), (sorted(missing)[:5], sorted(extra)[:5])


def test_flagship_assignment_in_rdf(sample_rdf: Graph, sample_doc, flagship: dict) -> None:
    a = rdf.iri(flagship["id"])
    task = next(sample_rdf.subjects(PKG.hasAssignment, a))
    assert sample_rdf.value(task, PKG.label) == Literal("19")
    assert sample_rdf.value(a, PKG.seq) == Literal(2)
    leads = {sample_rdf.value(u, SKOS.prefLabel) for u in sample_rdf.objects(a, PKG.leadUnit)}
    assert Literal(FLAGSHIP_UNIT) in leads
    end = sample_rdf.value(sample_rdf.value(sample_rdf.value(a, PKG.deadline), terms.TIME.hasEnd), terms.TIME.inXSDDate)
    assert end == Literal(dt.date(2024, 9, 30))
    selector = sample_rdf.value(a, PKG.sourceSelector)
    start, stop = (sample_rdf.value(selector, p).toPython() for p in (OA.start, OA.end))
    assert (start, stop) == (flagship["span_start"], flagship["span_end"])
    assert sample_doc.text[start:stop] == str(sample_rdf.value(a, PKG.sourceText))
    assert sample_rdf.value(a, PROV.wasInfluencedBy) == rdf.iri(flagship["document_id"])


# --- (3) same facts as the property graph --------------------------------------------------------------------

def test_every_schema_property_and_relationship_has_a_mapping() -> None:
    for n in schema.NODES:
        rdf.literal_props(n.label)  # resolves every rdf name, or raises
    for label, name in rdf.MAPPED_BY_HAND:
        assert schema.node(label).props[schema.node(label).prop_names.index(name)].rdf, (label, name)
    assert set(rdf.REL_PREDICATES) == {r.type for r in schema.RELS}


@pytest.mark.parametrize("label", [n.label for n in schema.NODES])
def test_one_resource_per_node(sample_rdf: Graph, sample_graph, label: str) -> None:
    cls = rdf.resolve(schema.node(label).rdf_class)
    typed = set(sample_rdf.subjects(RDF.type, cls))
    assert typed == {rdf.iri(row["id"]) for row in sample_graph.rows(label)}


@pytest.mark.parametrize("label", [n.label for n in schema.NODES])
def test_one_triple_per_literal_value(sample_rdf: Graph, sample_graph, label: str) -> None:
    cls = rdf.resolve(schema.node(label).rdf_class)
    rows = sample_graph.rows(label)
    for prop, predicate in rdf.literal_props(label):
        values = [v for row in rows for v in (row[prop.name] if prop.type == schema.STRINGS else [row[prop.name]])
                  if v is not None]
        assert triples_of_class(sample_rdf, cls, predicate) == len(values), prop.name


@pytest.mark.parametrize("rel_type", [r.type for r in schema.RELS])
def test_one_triple_per_relationship(sample_rdf: Graph, sample_graph, rel_type: str) -> None:
    pairs = {(rdf.iri(r.src), rdf.iri(r.dst)) for r in sample_graph.rel_rows(rel_type)}
    predicate = rdf.REL_PREDICATES[rel_type]
    if rel_type in rdf.REVERSED_RELS:
        pairs = {(dst, src) for src, dst in pairs}
    assert set(sample_rdf.subject_objects(predicate)) == pairs
    if rel_type == "BROADER":
        assert {(o, s) for s, o in sample_rdf.subject_objects(SKOS.narrower)} == pairs


def test_structure_counts(sample_rdf: Graph, sample_graph) -> None:
    counts = sample_graph.counts()
    role_pairs = {(r.type, r.src, r.dst) for t in rdf.REVERSED_RELS for r in sample_graph.rel_rows(t)}
    assignments = sample_graph.rows("Assignment")
    with_span = sum(counts[label] for label in ("Section", "Action", "Task", "Assignment", "Goal", "Indicator"))
    assert len(set(sample_rdf.subject_objects(ELI.has_part))) == counts["Section"] + counts["Action"] + counts["Task"]
    assert len(set(sample_rdf.subjects(RDF.type, PROV.Association))) == len(role_pairs)
    assert len(set(sample_rdf.subjects(RDF.type, OA.TextPositionSelector))) == with_span + len(assignments)
    with_deadline = [a for a in assignments if a["deadline_text"] or a["due_end"] or a["open_ended"]]
    assert len(set(sample_rdf.subjects(RDF.type, terms.TIME.Interval))) == len(with_deadline)
    assert len(list(sample_rdf.subject_objects(terms.TIME.hasEnd))) == sum(1 for a in assignments if a["due_end"])
    assert len(list(sample_rdf.subjects(PKG.openEnded, Literal(True)))) == sum(
        1 for a in with_deadline if a["open_ended"] or a["due_end"] is None)
    derived = sum(counts[label] for label in ("Section", "Action", "Task", "Goal", "Indicator"))
    assert len(list(sample_rdf.subject_objects(PROV.wasDerivedFrom))) == derived
    assert len(list(sample_rdf.subject_objects(PROV.wasInfluencedBy))) == counts["Assignment"]


# --- (4) round trips and determinism -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(PARSE_FORMATS))
def test_round_trip(sample_rdf: Graph, fmt: str) -> None:
    text = rdf.serialize(sample_rdf, fmt)
    parsed = Graph().parse(data=text, format=PARSE_FORMATS[fmt])
    assert isomorphic(parsed, sample_rdf)
    assert rdf.serialize(parsed, fmt) == text


def test_to_rdf_is_deterministic(sample_graph, sample_rdf: Graph) -> None:
    again = rdf.to_rdf(sample_graph)
    assert isomorphic(again, sample_rdf)
    assert rdf.serialize(again, "nt") == rdf.serialize(sample_rdf, "nt")
    assert rdf.serialize(again, "ttl") == rdf.serialize(sample_rdf, "ttl")


def test_jsonld_uses_our_prefixes(sample_rdf: Graph) -> None:
    import json

    data = json.loads(rdf.serialize(sample_rdf, "jsonld"))
    assert data["@context"]["pkg"] == str(PKG._NS)
    assert any(node.get("@id", "").startswith("pkgid:") for node in data["@graph"])


def test_unknown_format_lists_the_valid_ones(sample_rdf: Graph) -> None:
    with pytest.raises(KeyError, match="jsonld, nt, ttl"):
        rdf.serialize(sample_rdf, "rdfxml")


def fold(triple):
    """What Oxigraph stores for a literal: plain strings typed xsd:string, integer subtypes as xsd:integer."""
    s, p, o = triple
    if isinstance(o, Literal) and o.datatype in (terms.XSD.string, terms.XSD.nonNegativeInteger):
        o = Literal(o.toPython())
    return s, p, o


def test_oxigraph_graph_holds_the_same_triples(sample_rdf: Graph, sample_ox: Graph) -> None:
    assert len(sample_ox) == len(sample_rdf)
    assert {fold(t) for t in sample_ox} == {fold(t) for t in sample_rdf}
    conforms, report, _ = rdf.validate(sample_ox)  # the shapes accept what the store made of the literals
    assert conforms, report


# --- (5) SPARQL twins of the Cypher queries ------------------------------------------------------------------

def normalise(rows: list[list]) -> list[list]:
    return [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows]


def test_required_twins_exist() -> None:
    assert REQUIRED_TWINS <= set(all_queries("sparql"))
    assert set(all_queries("sparql")) <= set(all_queries("cypher"))


@pytest.mark.parametrize("name", sorted(all_queries("sparql")))
def test_sparql_twin_returns_the_cypher_rows(name: str, sample_rdf: Graph, sample_ox: Graph, ladybug_session) -> None:
    rq, cypher = get(name, "sparql"), get(name, "cypher")
    assert rq.param_names == cypher.param_names and rq.example == cypher.example
    columns, rows = ladybug_session.query(cypher.text, cypher.example)
    expected = (columns, normalise(rows))
    assert rows, "the example should make the query say something on the sample"
    for engine in (sample_ox, sample_rdf):  # Oxigraph, then rdflib's own engine
        got_columns, got_rows = rdf.sparql(engine, rq.text, rq.example)
        assert (got_columns, normalise(got_rows)) == expected


def test_sparql_errors_are_query_errors(sample_ox: Graph) -> None:
    with pytest.raises(QueryError, match="SPARQL"):
        rdf.sparql(sample_ox, "SELECT WHERE {")
    with pytest.raises(QueryError, match="only SELECT"):
        rdf.sparql(sample_ox, "ASK { ?s ?p ?o }")


def test_sparql_parameters_are_bound_not_spliced(sample_ox: Graph) -> None:
    query = get("tasks_led_by_unit", "sparql").text
    assert rdf.sparql(sample_ox, query, {"unit": '" } ; DROP ALL ; #'}) == (
        ["task", "seq", "title", "deadline", "due_end", "id", "document", "place"], [])


@pytest.mark.parametrize("name", ["unit_assignments", "tasks_led_by_unit", "unit_partners"])
def test_sparql_twin_takes_a_full_name_too(name: str, sample_ox: Graph, sample_rdf: Graph) -> None:
    """青岛市工业和信息化局 is the sample's 市工业和信息化局: the same rows, as on the property-graph engines."""
    rq = get(name, "sparql")
    short = rdf.sparql(sample_ox, rq.text, rq.example)
    full = {"unit": "青岛市" + rq.example["unit"].removeprefix("市")}
    assert short[1] and rdf.sparql(sample_ox, rq.text, full) == short == rdf.sparql(sample_rdf, rq.text, full)
