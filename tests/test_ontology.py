"""The vocabulary files parse, the Python constants match them, and the shapes accept good data and name what
is wrong with bad data."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

import ontology
from ingest.model import Role, UnitKind
from ontology import terms
from ontology.terms import OA, PKG, PROV, ROLE_TERMS, SH_PKG, UNIT_KIND_CLASS

ID = Namespace("https://policykg.dev/id/")
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)

VALID = """
@base <https://policykg.dev/id/> .
@prefix pkg: <https://policykg.dev/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<doc/d1> a pkg:PolicyDocument ;
    eli:title "青岛市2024年工业稳增长工作方案"@zh ;
    eli:id_local "青政办字〔2024〕7号" ;
    eli:date_document "2024-03-01"^^xsd:date ;
    eli:passed_by <unit/shizhengfu> ;
    pkg:contentHash "9f2c" ;
    pkg:extractionVersion "policykg-ingest/1" ;
    eli:has_part <doc/d1/action/1> , <doc/d1/task/1> ;
    pkg:hasAction <doc/d1/action/1> .

<doc/d1/action/1> a pkg:Action ;
    pkg:seq 1 ; pkg:label "(一)" ; pkg:name "工业强市提振行动" ;
    prov:wasDerivedFrom <doc/d1> ;
    pkg:sourceSelector [ a oa:TextPositionSelector ;
        oa:start "40"^^xsd:nonNegativeInteger ; oa:end "52"^^xsd:nonNegativeInteger ] ;
    pkg:hasTask <doc/d1/task/1> .

<doc/d1/task/1> a pkg:Task ;
    pkg:label "1" ; pkg:title "新增全国重点实验室" ;
    prov:wasDerivedFrom <doc/d1> ;
    pkg:sourceSelector <doc/d1/task/1/span> ;
    pkg:concerns <concept/jichengdianlu> ;
    pkg:setsTarget <doc/d1/task/1/target/1> ;
    pkg:hasAssignment <doc/d1/task/1/a/1> .

<doc/d1/task/1/span> a oa:TextPositionSelector ;
    oa:start "60"^^xsd:nonNegativeInteger ; oa:end "120"^^xsd:nonNegativeInteger .

<doc/d1/task/1/a/1> a pkg:Assignment ;
    pkg:seq 1 ;
    prov:wasInfluencedBy <doc/d1> ;
    pkg:sourceSelector [ a oa:TextPositionSelector ;
        oa:start "60"^^xsd:nonNegativeInteger ; oa:end "110"^^xsd:nonNegativeInteger ] ;
    pkg:attributionSelector [ a oa:TextPositionSelector ;
        oa:start "110"^^xsd:nonNegativeInteger ; oa:end "120"^^xsd:nonNegativeInteger ] ;
    pkg:leadUnit <unit/shigongxinju> ;
    prov:qualifiedAssociation <doc/d1/task/1/a/1/lead/shigongxinju> ;
    pkg:leadOpen false ;
    pkg:deadline <doc/d1/task/1/a/1/deadline> .

<doc/d1/task/1/a/1/lead/shigongxinju> a prov:Association ;
    prov:agent <unit/shigongxinju> ; prov:hadRole pkg:LeadRole .

<doc/d1/task/1/a/1/deadline> a time:Interval ;
    pkg:deadlineText "2024年9月底前" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "2024-09-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "2024-09-30"^^xsd:date ] .

<doc/d1/task/1/target/1> a pkg:Indicator ;
    prov:wasDerivedFrom <doc/d1> ;
    pkg:sourceSelector [ a oa:TextPositionSelector ;
        oa:start "70"^^xsd:nonNegativeInteger ; oa:end "85"^^xsd:nonNegativeInteger ] ;
    pkg:metric "新增全国重点实验室" ;
    schema:value 2.0e0 ;
    schema:unitText "家" ;
    pkg:comparator ">=" ;
    pkg:growth false .

<unit/shigongxinju> a pkg:Unit , pkg:GovernmentDepartment ;
    skos:prefLabel "市工业和信息化局"@zh ; skos:altLabel "市工信局"@zh ;
    pkg:unitKind "government_department" .

<unit/shizhengfu> a pkg:Unit , pkg:GovernmentDepartment ;
    skos:prefLabel "市政府"@zh ; pkg:unitKind "government_department" .

<concept/jichengdianlu> a skos:Concept , pkg:Industry ;
    skos:prefLabel "集成电路"@zh ; skos:inScheme <scheme/industries> .

<scheme/industries> a skos:ConceptScheme .
"""

ASSIGNMENT = ID["doc/d1/task/1/a/1"]
TASK_SPAN = ID["doc/d1/task/1/span"]
INDICATOR = ID["doc/d1/task/1/target/1"]
DEADLINE = ID["doc/d1/task/1/a/1/deadline"]


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    return Graph().parse(ontology.ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return Graph().parse(ontology.shapes_path(), format="turtle")


def declared(graph: Graph, namespace: str) -> set[URIRef]:
    return {
        s
        for kind in DECLARATION_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(namespace)
    }


def mentioned(graph: Graph, namespace: str) -> set[URIRef]:
    return {
        node for triple in graph for node in triple if isinstance(node, URIRef) and node.startswith(namespace)
    }


def messages(data: Graph, ontology_graph: Graph, shapes_graph: Graph) -> tuple[bool, set[str]]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=ontology_graph, inference="none", allow_warnings=False
    )
    return conforms, {str(m) for m in report.objects(None, SH.resultMessage)}


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


# --- files and constants ---------------------------------------------------------------------------------


def test_files_parse(ontology_graph: Graph, shapes_graph: Graph) -> None:
    assert len(ontology_graph) > 300
    assert len(shapes_graph) > 300
    assert ontology.read_data("policykg.ttl").startswith("# policykg ontology")


def test_every_pkg_constant_is_declared_and_every_declaration_has_a_constant(ontology_graph: Graph) -> None:
    assert declared(ontology_graph, str(PKG)) == set(dir(PKG))


def test_ontology_mentions_no_undeclared_pkg_term(ontology_graph: Graph, shapes_graph: Graph) -> None:
    assert mentioned(ontology_graph, str(PKG)) <= set(dir(PKG))
    assert mentioned(shapes_graph, str(PKG)) <= set(dir(PKG))


def test_every_term_is_documented(ontology_graph: Graph) -> None:
    for term in dir(PKG):
        langs = {label.language for label in ontology_graph.objects(term, RDFS.label)}
        assert {"en", "zh"} <= langs, term
        assert (term, RDFS.comment, None) in ontology_graph, term
        kinds = set(ontology_graph.objects(term, RDF.type))
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert (term, RDFS.domain, None) in ontology_graph, term
            assert (term, RDFS.range, None) in ontology_graph, term


def test_shape_constants_match_shapes_file(shapes_graph: Graph) -> None:
    shapes = {s for s in shapes_graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert shapes == set(dir(SH_PKG))


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = PKG.leadUnits


def test_mappings_cover_the_model_enums() -> None:
    assert set(UNIT_KIND_CLASS) == {kind.value for kind in UnitKind}
    assert set(ROLE_TERMS) == {role.value for role in Role}


def test_unit_kind_pattern_accepts_exactly_the_model_kinds(shapes_graph: Graph) -> None:
    (pattern,) = {
        str(p)
        for prop in shapes_graph.subjects(SH.path, PKG.unitKind)
        for p in shapes_graph.objects(prop, SH.pattern)
    }
    assert all(re.fullmatch(pattern, kind.value) for kind in UnitKind)
    assert not re.fullmatch(pattern, "ministry")


def test_data_paths() -> None:
    assert ontology.shapes_path().name == "shapes.ttl"
    assert ontology.industries_tsv_path() == ontology.ONTOLOGY_DIR / "industries" / "industries.tsv"
    paths = ontology.units_tsv_paths()
    assert paths == sorted(paths) and all(p.suffix == ".tsv" for p in paths)
    with pytest.raises(ValueError):
        ontology.read_data("../pyproject.toml")


def test_every_folder_of_installed_data_is_a_package_setuptools_is_told_of() -> None:
    """setuptools warns (a BuildBackendWarning screenful on every ``make setup``) for each folder inside a package
    whose files install but which the ``packages`` list does not name, and a later setuptools will leave them
    out; the data must still install: each such folder's files are in package-data."""
    import tomllib
    from fnmatch import fnmatch

    root = Path(ontology.__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages, data = set(config["packages"]), config["package-data"]
    for package in sorted(packages):
        folder = root / package.replace(".", "/")
        for sub in folder.iterdir():
            files = [f for f in sub.iterdir() if f.is_file()] if sub.is_dir() and sub.name != "__pycache__" else []
            if files:
                name = f"{package}.{sub.name}"
                assert name in packages, f"{name} holds files but is not in [tool.setuptools] packages"
                assert all(any(fnmatch(f.name, p) for p in data.get(name, ())) for f in files), name


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_installs_the_system_packages_before_the_venv_that_needs_one_of_them(target: str) -> None:
    """On a fresh Debian ``python3 -m venv`` fails until python3-venv is installed (tools/system-deps.sh does)."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(ontology.__file__).resolve().parents[1]
    lines = subprocess.run(["make", "-n", "-B", target], cwd=root, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    system = next(i for i, line in enumerate(lines) if "tools/system-deps.sh" in line)
    venv = next(i for i, line in enumerate(lines) if " -m venv " in line)
    assert system < venv, lines[: venv + 1]
    assert "python3-venv" in (root / "tools" / "system-deps.sh").read_text(encoding="utf-8")


# --- shapes ----------------------------------------------------------------------------------------------


def test_shapes_graph_is_valid_shacl(ontology_graph: Graph, shapes_graph: Graph) -> None:
    conforms, _, text = pyshacl.validate(
        valid_graph(), shacl_graph=shapes_graph, ont_graph=ontology_graph, meta_shacl=True
    )
    assert conforms, text


def test_valid_instance_conforms(ontology_graph: Graph, shapes_graph: Graph) -> None:
    conforms, found = messages(valid_graph(), ontology_graph, shapes_graph)
    assert conforms, found


def test_valid_instance_conforms_from_an_oxigraph_store(ontology_graph: Graph, shapes_graph: Graph) -> None:
    """Oxigraph types plain strings as xsd:string and folds xsd:nonNegativeInteger into xsd:integer."""
    data = Graph(store="Oxigraph").parse(data=VALID, format="turtle")
    conforms, found = messages(data, ontology_graph, shapes_graph)
    assert conforms, found


def without_units(g: Graph) -> None:
    for association in list(g.objects(ASSIGNMENT, PROV.qualifiedAssociation)):
        g.remove((association, None, None))
    g.remove((ASSIGNMENT, PROV.qualifiedAssociation, None))
    g.remove((ASSIGNMENT, PKG.leadUnit, None))


def start_after_end(g: Graph) -> None:
    g.set((TASK_SPAN, OA.start, Literal(130, datatype=terms.XSD.nonNegativeInteger)))


def without_unit_text(g: Graph) -> None:
    g.remove((INDICATOR, terms.SCHEMA.unitText, None))


def shortcut_without_association(g: Graph) -> None:
    g.remove((ASSIGNMENT, PROV.qualifiedAssociation, None))


def deadline_without_end(g: Graph) -> None:
    g.remove((DEADLINE, terms.TIME.hasEnd, None))


def association_with_bad_role(g: Graph) -> None:
    association = next(g.objects(ASSIGNMENT, PROV.qualifiedAssociation))
    g.set((association, PROV.hadRole, BNode()))


NO_UNIT = "Assignment names no unit: it needs at least one pkg:leadUnit, pkg:responsibleUnit or pkg:cooperatingUnit."
START_AFTER_END = "Source span starts after it ends: oa:start must be <= oa:end."
NO_UNIT_TEXT = "Indicator has no unit: it needs exactly one non-empty schema:unitText (家, 个, %, 亿元, ...)."
ROLES_DISAGREE = (
    "Role shortcut and qualified association disagree for unit https://policykg.dev/id/unit/shigongxinju: "
    "every pkg:leadUnit/responsibleUnit/cooperatingUnit needs a prov:qualifiedAssociation with that prov:agent "
    "and the matching prov:hadRole, and vice versa."
)
NO_END = "Deadline has no end: give time:hasEnd, pkg:openEnded true for 长期/持续, or pkg:recurrence for 每季度/每月."
BAD_ROLE = (
    "A qualified association needs exactly one prov:hadRole: pkg:LeadRole, pkg:ResponsibleRole or "
    "pkg:CooperatingRole."
)

BROKEN = {
    "no unit": (without_units, {NO_UNIT}),
    "start > end": (start_after_end, {START_AFTER_END}),
    "no unit text": (without_unit_text, {NO_UNIT_TEXT}),
    "shortcut only": (shortcut_without_association, {ROLES_DISAGREE}),
    "no end": (deadline_without_end, {NO_END}),
    "bad role": (association_with_bad_role, {BAD_ROLE, ROLES_DISAGREE}),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_instance_fails_with_its_message(
    case: str, ontology_graph: Graph, shapes_graph: Graph
) -> None:
    breaks, expected = BROKEN[case]
    data = valid_graph()
    breaks(data)
    conforms, found = messages(data, ontology_graph, shapes_graph)
    assert not conforms
    assert found == expected


def test_open_ended_deadline_needs_no_end(ontology_graph: Graph, shapes_graph: Graph) -> None:
    data = valid_graph()
    deadline_without_end(data)
    data.remove((DEADLINE, terms.TIME.hasBeginning, None))
    data.add((DEADLINE, PKG.openEnded, Literal(True)))
    conforms, found = messages(data, ontology_graph, shapes_graph)
    assert conforms, found
