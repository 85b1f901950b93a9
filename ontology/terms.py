"""Ontology terms as Python constants, so a misspelt term fails at import or first use, not in a SPARQL query.

``PKG`` mirrors ``policykg.ttl`` and ``SH_PKG`` mirrors the shapes in ``shapes.ttl``; tests/test_ontology.py
keeps each in step with its file. External vocabularies that rdflib ships are re-exported from it; ELI and Web
Annotation, which it does not ship, are closed here over the few terms policykg uses.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD, DefinedNamespace

SCHEMA = SDO  # https://schema.org/

PKGID = Namespace("https://policykg.dev/id/")
"""Instance data: documents, units, concepts. Open on purpose (ids are data, not vocabulary)."""

INDUSTRY_SCHEME = PKGID["scheme/industries"]


class PKG(DefinedNamespace):
    """policykg ontology, https://policykg.dev/ontology#."""

    _NS = Namespace("https://policykg.dev/ontology#")
    _fail = True

    # classes: documents and their parts
    PolicyDocument: URIRef
    Section: URIRef
    Action: URIRef
    Task: URIRef
    Assignment: URIRef
    Goal: URIRef
    Indicator: URIRef
    # classes: units
    Unit: URIRef
    PartyOrgan: URIRef
    GovernmentDepartment: URIRef
    Agency: URIRef
    District: URIRef
    FunctionalZone: URIRef
    TaskForce: URIRef
    Collective: URIRef
    Organisation: URIRef
    # classes: concepts
    Industry: URIRef
    IndustryChain: URIRef
    Cluster: URIRef
    Platform: URIRef
    Park: URIRef
    Plan: URIRef
    Event: URIRef
    # individuals: roles (prov:Role)
    LeadRole: URIRef
    ResponsibleRole: URIRef
    CooperatingRole: URIRef
    # object properties
    hasSection: URIRef
    hasAction: URIRef
    hasTask: URIRef
    hasAssignment: URIRef
    hasGoal: URIRef
    leadUnit: URIRef
    responsibleUnit: URIRef
    cooperatingUnit: URIRef
    memberOf: URIRef
    deadline: URIRef
    sourceSelector: URIRef
    attributionSelector: URIRef
    setsTarget: URIRef
    concerns: URIRef
    chainTaskForce: URIRef
    # datatype properties
    seq: URIRef
    label: URIRef
    title: URIRef
    name: URIRef
    text: URIRef
    contentHash: URIRef
    extractionVersion: URIRef
    sourceText: URIRef
    unitKind: URIRef
    jurisdiction: URIRef
    fullName: URIRef
    openList: URIRef
    leadOpen: URIRef
    responsibleOpen: URIRef
    cooperatingOpen: URIRef
    leader: URIRef
    note: URIRef
    deadlineText: URIRef
    openEnded: URIRef
    recurrence: URIRef
    dueDay: URIRef
    dueMonth: URIRef
    comparator: URIRef
    growth: URIRef
    metric: URIRef


class SH_PKG(DefinedNamespace):  # noqa: N801 - named like the other namespaces
    """policykg SHACL shapes, https://policykg.dev/shapes#; for reading validation reports."""

    _NS = Namespace("https://policykg.dev/shapes#")
    _fail = True

    PolicyDocumentShape: URIRef
    DerivedShape: URIRef
    SelectorShape: URIRef
    SectionShape: URIRef
    ActionShape: URIRef
    TaskShape: URIRef
    GoalShape: URIRef
    AssignmentShape: URIRef
    AssignmentUnitShape: URIRef
    AssignmentRolesShape: URIRef
    AssociationShape: URIRef
    DeadlineShape: URIRef
    DeadlineEndShape: URIRef
    InstantShape: URIRef
    UnitShape: URIRef
    IndicatorShape: URIRef
    ConceptShape: URIRef
    IndustryChainShape: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: only the terms policykg uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    has_part: URIRef
    passed_by: URIRef
    title: URIRef
    id_local: URIRef
    date_document: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: only the terms policykg uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    TextPositionSelector: URIRef
    start: URIRef
    end: URIRef


UNIT_KIND_CLASS: dict[str, URIRef] = {
    "party_organ": PKG.PartyOrgan,
    "government_department": PKG.GovernmentDepartment,
    "agency": PKG.Agency,
    "district": PKG.District,
    "functional_zone": PKG.FunctionalZone,
    "task_force": PKG.TaskForce,
    "collective": PKG.Collective,
    "organisation": PKG.Organisation,
    "unknown": PKG.Unit,
}
"""``ingest.model.UnitKind`` value -> the class a unit of that kind gets (besides pkg:Unit)."""

ROLE_TERMS: dict[str, tuple[URIRef, URIRef, URIRef]] = {
    "lead": (PKG.LeadRole, PKG.leadUnit, PKG.leadOpen),
    "responsible": (PKG.ResponsibleRole, PKG.responsibleUnit, PKG.responsibleOpen),
    "cooperating": (PKG.CooperatingRole, PKG.cooperatingUnit, PKG.cooperatingOpen),
}
"""``ingest.model.Role`` value -> (prov:hadRole individual, shortcut property, open-list flag)."""

__all__ = [
    "ELI",
    "INDUSTRY_SCHEME",
    "OA",
    "ORG",
    "OWL",
    "PKG",
    "PKGID",
    "PROV",
    "RDF",
    "RDFS",
    "ROLE_TERMS",
    "SCHEMA",
    "SDO",
    "SH",
    "SH_PKG",
    "SKOS",
    "TIME",
    "UNIT_KIND_CLASS",
    "XSD",
]
