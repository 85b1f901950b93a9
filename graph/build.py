"""PolicyDocuments → one property graph (rows per node label and relationship type), with stable ids.

Every writer (LadybugDB, Neo4j, RDF, networkx, CSV) takes this ``PropertyGraph``; none of them looks at the
ingest model, so the mapping from model to graph lives here only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.jurisdiction import city_unknown, printed_name
from ingest.model import Assignment, PolicyDocument, Role, Task, UnitKind, UnitMention
from ingest.resources import Resources
from ingest.unit_identity import full_name
from ingest.units import names_places_below

from . import schema

# What the graph of the same stored documents depends on beside the schema and the gazetteers (resources.graph_stamp):
# changed when the graph names what it names otherwise, so a store's graph built before is built again, and Neo4j
# loaded again. places-by-city: a place the data does not list is known by the place printed above it (济南市市中区
# and 枣庄市市中区 are two, ingest.jurisdiction.identified), stored documents read before included. places-below: a
# collective of the places under its own (济南市's 各区县人民政府) has the store's places under it as members too, not
# only those the data lists (济南市历下区, read from its issuer: ``_places_under``). county-named-by-city: a county
# of unknown city that one city's notices give duties by name is under that city (``named_by_one_city``).
RULES = "places-by-city/places-below/county-named-by-city"  # one word: the stamp is split on spaces


@dataclass(frozen=True, slots=True)
class Rel:
    type: str
    src_label: str
    src: str
    dst_label: str
    dst: str
    props: dict = field(default_factory=dict, hash=False, compare=False)


def _merge_into(rows: dict[str, dict], row: dict) -> None:
    """A node's row added to its label's rows: a new id is kept as it is; a known one is merged, the first
    non-empty value of each property winning, so a unit shared by documents keeps a stable record."""
    existing = rows.get(row["id"])
    if existing is None:
        rows[row["id"]] = row
        return
    for key, value in row.items():
        if existing.get(key) in (None, "", []) and value not in (None, "", []):
            existing[key] = value


@dataclass
class PropertyGraph:
    nodes: dict[str, dict[str, dict]] = field(default_factory=lambda: {n.label: {} for n in schema.NODES})
    rels: dict[tuple, Rel] = field(default_factory=dict)
    # (name, place, kind, known) of every unit mention added: the same mention again merges nothing new
    units_added: set[tuple] = field(default_factory=set, repr=False, compare=False)

    def add_node(self, label: str, props: dict) -> str:
        node = schema.node(label)
        if not node.prop_set.issuperset(props):
            unknown = sorted(set(props) - node.prop_set)
            raise ValueError(f"{label} has undeclared properties {unknown}; declare them in graph/schema.py")
        row = dict.fromkeys(node.prop_names)  # every declared property, in order; missing ones None
        row.update(props)
        _merge_into(self.nodes[label], row)
        return row["id"]

    def add_rel(self, rel: Rel) -> None:
        if (rel.src_label, rel.dst_label) not in schema.REL_BY_TYPE[rel.type].pairs:
            raise ValueError(f"{rel.type} does not connect {rel.src_label} to {rel.dst_label}")
        self.rels.setdefault((rel.type, rel.src, rel.dst, rel.props.get("span_start")), rel)

    def add_graph(self, other: PropertyGraph) -> None:
        """Every node and relationship of ``other`` added as ``add_node`` and ``add_rel`` add them, in its order:
        the graph of documents added one by one is that of each document's own graph added in turn. ``other``'s
        rows become this graph's: it is not to be used after."""
        for label, rows in other.nodes.items():
            mine = self.nodes[label]
            for row in rows.values():
                _merge_into(mine, row)
        for key, rel in other.rels.items():
            self.rels.setdefault(key, rel)
        self.units_added |= other.units_added

    def rows(self, label: str) -> list[dict]:
        return [self.nodes[label][k] for k in sorted(self.nodes[label])]

    def rel_rows(self, rel_type: str, pair: tuple[str, str] | None = None) -> list[Rel]:
        """``pair``: only those from a ``(source label, target label)``."""
        return sorted((r for r in self.rels.values() if r.type == rel_type
                       and (pair is None or (r.src_label, r.dst_label) == pair)), key=rel_order)

    def rels_by_type(self) -> dict[str, list[Rel]]:
        """Every relationship type's rows in ``rel_rows`` order, in one pass (a writer of every type would
        otherwise scan all relationships once per type)."""
        out: dict[str, list[Rel]] = {r.type: [] for r in schema.RELS}
        for rel in self.rels.values():
            out[rel.type].append(rel)
        return {rel_type: sorted(rows, key=rel_order) for rel_type, rows in out.items()}

    def counts(self) -> dict[str, int]:
        out = {label: len(rows) for label, rows in self.nodes.items()}
        out.update({rel_type: len(rows) for rel_type, rows in self.rels_by_type().items()})
        return out


def rel_order(rel: Rel) -> tuple:
    """The order of a type's relationships (``rel_rows``): by source, target, mention offset; a streamed read
    (graph/readback.GraphPages) pages them in the same order."""
    return (rel.src, rel.dst, rel.props.get("span_start") or 0)


def unit_id(name: str, place: str = "") -> str:
    """A unit is its name in its place: 青岛市's 市财政局 and 广州市's are two units, never merged."""
    return f"unit:{place}/{name}" if place else f"unit:{name}"


def concept_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def task_id(doc: PolicyDocument, index: int) -> str:
    return f"{doc.id}/t{index}"


def assignment_id(doc: PolicyDocument, task_index: int, seq: int) -> str:
    """Stable across re-ingest: the document's content id, the task's place (from 1) and the clause number."""
    return f"{task_id(doc, task_index)}/{seq}"


def task_of_assignment(assignment_id: str) -> str:
    """The id of an assignment's task (``assignment_id`` is the task's id and the clause number)."""
    return assignment_id.rsplit("/", 1)[0]


def order_key(doc: PolicyDocument, task_index: int, seq: int) -> str:
    """One string that sorts assignments as the contract lists them: by document, task, clause. An engine sorts
    by one fixed-width string much faster than by three properties from two nodes."""
    return f"{doc.id}/{task_index:06d}/{seq:04d}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def build_graph(docs: Iterable[PolicyDocument], resources: Resources | None = None, *,
                closed: bool = True) -> PropertyGraph:
    """The graph of the documents. ``closed=False`` leaves out what ``close_shared`` adds, so an incremental
    store can close the union of what every stored document mentions (graph/incremental.py)."""
    graph = PropertyGraph()
    for doc in docs:
        add_document(graph, doc, resources)
    if resources is not None and closed:
        close_shared(graph, resources)
    return graph


def close_shared(graph: PropertyGraph, resources: Resources) -> None:
    """Add what the mentioned units and concepts imply: members and collectives, task forces, broader concepts.
    Depends only on the shared nodes already in ``graph``, never on the documents."""
    _add_unit_memberships(graph, resources)
    _add_task_forces(graph, resources)
    _add_concept_hierarchy(graph, resources)


def add_document(graph: PropertyGraph, doc: PolicyDocument, resources: Resources | None) -> None:
    """One document's part of ``build_graph``, for a caller that adds documents as they arrive."""
    m = doc.metadata
    graph.add_node("Document", {
        "id": doc.id, "title": m.title, "doc_number": m.doc_number, "issuers": list(m.issuers), "date": m.date,
        "year": m.year, "source_name": doc.source_name, "media_type": doc.media_type,
        "extraction_version": doc.extraction_version, "jurisdiction": m.jurisdiction or None,
        "places": _chain(m.jurisdiction, m.jurisdiction_above, resources),
    })
    for s in doc.sections:
        sid = graph.add_node("Section", {"id": f"{doc.id}/s{s.seq}", "seq": s.seq, "label": s.label,
                                         "title": s.title, "span_start": s.span.start, "span_end": s.span.end,
                                         "document_id": doc.id})
        graph.add_rel(Rel("HAS_SECTION", "Document", doc.id, "Section", sid))
    for a in doc.actions:
        aid = graph.add_node("Action", {"id": f"{doc.id}/a{a.seq}", "seq": a.seq, "label": a.label, "name": a.name,
                                        "span_start": a.span.start, "span_end": a.span.end, "document_id": doc.id})
        graph.add_rel(Rel("HAS_ACTION", "Document", doc.id, "Action", aid))
    for g_index, goal in enumerate(doc.goals, start=1):
        gid = graph.add_node("Goal", {"id": f"{doc.id}/g{g_index}", "area": goal.area, "span_start": goal.span.start,
                                      "span_end": goal.span.end, "document_id": doc.id})
        graph.add_rel(Rel("HAS_GOAL", "Document", doc.id, "Goal", gid))
        _add_targets(graph, doc, "Goal", gid, goal.targets)
    for index, task in enumerate(doc.tasks, start=1):
        _add_task(graph, doc, index, task, resources)


def _add_task(graph: PropertyGraph, doc: PolicyDocument, index: int, task: Task, resources: Resources | None):
    tid = task_id(doc, index)
    action = doc.action(task.action_seq)
    graph.add_node("Task", {"id": tid, "label": task.label, "title": task.title, "seq": index,
                            "numbered": task.numbered, "action_seq": task.action_seq or 0,
                            "section_seq": task.section_seq or 0,
                            "text": task.span.slice(doc.text), "span_start": task.span.start, "span_end": task.span.end,
                            "document_id": doc.id})
    if action is not None:
        graph.add_rel(Rel("HAS_TASK", "Action", f"{doc.id}/a{action.seq}", "Task", tid))
    else:
        graph.add_rel(Rel("HAS_TASK", "Document", doc.id, "Task", tid))
    for a in task.assignments:
        _add_assignment(graph, doc, index, task, action, a, resources)
    for mention in task.mentions:
        label = schema.CONCEPT_KIND_LABEL.get(mention.kind)
        if label is None:
            continue
        cid = _add_concept(graph, label, mention.kind, mention.name, resources)
        graph.add_rel(Rel("CONCERNS", "Task", tid, label, cid,
                          {"surface": mention.surface, "span_start": mention.span.start, "span_end": mention.span.end}))
    _add_targets(graph, doc, "Task", tid, task.targets)


def _add_assignment(graph, doc, index, task, action, a: Assignment, resources) -> None:
    tid = task_id(doc, index)
    aid = assignment_id(doc, index, a.seq)
    d = a.deadline
    graph.add_node("Assignment", {
        "id": aid, "seq": a.seq, "text": a.text_span.slice(doc.text), "span_start": a.text_span.start,
        "span_end": a.text_span.end, "attribution_start": a.attribution_span.start,
        "attribution_end": a.attribution_span.end, "deadline_text": d.text if d else "",
        "due_start": d.start if d else None, "due_end": d.end if d else None,
        "due_year": d.end.year if d and d.end else None, "due_month": d.end.month if d and d.end else None,
        "open_ended": bool(d and d.open_ended), "recurring": d.recurring if d else "",
        "due_day": d.due_day if d else 0, "due_day_month": d.due_day_month if d else 0,
        "deadline_in_text": bool(d and d.in_task_text),
        "lead_open": a.lead_open, "responsible_open": a.responsible_open, "cooperating_open": a.cooperating_open,
        "leaders": list(a.leaders), "note": a.note, "task_label": task.label, "task_title": task.title,
        "action_seq": action.seq if action else 0, "action_name": action.name if action else "",
        "document_id": doc.id, "order_key": order_key(doc, index, a.seq),
    })
    graph.add_rel(Rel("HAS_ASSIGNMENT", "Task", tid, "Assignment", aid))
    for role, rel_type in _ROLE_RELS:
        for unit in a.units(role):
            uid = _add_unit(graph, unit, resources)
            graph.add_rel(Rel(rel_type, "Unit", uid, "Assignment", aid,
                              {"role": role.value, "surface": unit.surface, "span_start": unit.span.start, "span_end": unit.span.end}))


_ROLE_RELS = tuple((role, schema.ROLE_RELS[role.value]) for role in Role)  # iterating the enum costs per clause


def _chain(place: str, above: tuple[str, ...], resources: Resources | None) -> list[str]:
    """The jurisdiction and every place above it, so a query can ask what reaches a district from its city; a
    place the data does not list has those its document prints above it (历下区, 济南市, 山东省)."""
    if not place:
        return []
    return resources.places.chain_of(place, above) if resources is not None else [place, *above]


def _unit_row(name: str, place: str, kind: str, known: bool, resources: Resources | None) -> dict:
    hit = resources.resolver.entry(place, name) if resources and resources.resolver else None
    return {"id": unit_id(name, place), "name": name, "place": place or None, "full_name": full_name(place, name),
            "kind": kind, "aliases": sorted(hit[0].aliases) if hit else [], "known": known}


def _add_unit(graph: PropertyGraph, unit: UnitMention, resources: Resources | None) -> str:
    key = (unit.name, unit.place, unit.kind.value, unit.known)
    if key in graph.units_added:  # a unit named again the same way adds nothing: skip building its row
        return unit_id(unit.name, unit.place)
    graph.units_added.add(key)
    return graph.add_node("Unit", _unit_row(unit.name, unit.place, unit.kind.value, unit.known, resources))


def _add_unit_memberships(graph: PropertyGraph, resources: Resources) -> None:
    """Collectives get their members (a district sees what reaches it through 各区(市) of its own city only);
    units their parents. Members and collectives are read from the file of the unit's own place."""
    resolver = resources.resolver
    if resolver is None:
        return
    rows = graph.rows("Unit")
    known = sorted({row["place"] for row in rows if row["place"] and row["place"] not in resources.places})
    named = named_by_one_city(rows, known, resources.places)
    for row in rows:
        hit = resolver.entry(row["place"] or "", row["name"])
        if (row["kind"] == UnitKind.COLLECTIVE.value and not (hit and hit[0].members) and row["place"]
                and names_places_below(row["name"])):
            _add_places_below(graph, row, resources, known, named)
        if hit is None:
            continue
        entry, home = hit
        for member in entry.members:
            member_hit = resolver.entry(resolver.place_of(member, home), member)
            kind = member_hit[0].kind.value if member_hit else "unknown"
            mid = graph.add_node("Unit", _unit_row(member, resolver.place_of(member, home), kind, True, resources))
            graph.add_rel(Rel("MEMBER_OF", "Unit", mid, "Unit", row["id"]))
        for g in (g for g in resolver.files if g.place == home and entry.name in g):
            for collective in g.collectives_of(entry.name):
                cid = unit_id(collective, resolver.place_of(collective, home))
                if cid in graph.nodes["Unit"]:
                    graph.add_rel(Rel("MEMBER_OF", "Unit", row["id"], "Unit", cid))


def _add_places_below(graph: PropertyGraph, collective: dict, resources: Resources, known: list[str],
                      named: dict[str, str]) -> None:
    """A collective of the places under its own (a province's 各市人民政府, a city's 各区县人民政府) has the places
    under it as members, each a unit of the issuer's place named as the issuer prints it (青岛市 of 山东省, 历下区 of
    济南市), so a question about 青岛市 reaches the province's duties for each city as a district reaches its city's
    各区(市), and 济南市历下区 its city's 各区县人民政府. ``known``: the places the store's units are placed in that
    the data does not list; ``named``: those of unknown city one city's notices name (``named_by_one_city``)."""
    place = collective["place"]
    for child in _places_under(place, resources, known, named):
        mid = graph.add_node("Unit", _unit_row(printed_name(child, place), place, UnitKind.DISTRICT.value, True,
                                               resources))
        graph.add_rel(Rel("MEMBER_OF", "Unit", mid, "Unit", collective["id"]))


def _places_under(place: str, resources: Resources, known: list[str], named: dict[str, str]) -> list[str]:
    """The places directly under ``place``: those the data lists (places.tsv), then those of ``known`` that are
    known by its name (济南市历下区 under 济南市, read from a district's issuer: a place the data does not list
    printed under a city is known by the city's name, ``ingest.jurisdiction.identified``), or that its notices give
    duties by name (``named_by_one_city``). Read from the units, never from the documents, so an incremental store
    closes over what a full build does."""
    return [*resources.places.children(place), *(p for p in known if p != place and printed_name(p, place) != p),
            *(p for p, city in named.items() if city == place)]


# A place's government, named in another place's notice (沂南县人民政府 in 临沂市's 责任单位), is that place.
_GOVERNMENT_ENDS = ("人民政府", "政府")


def named_by_one_city(rows: list[dict], known: list[str], places) -> dict[str, str]:
    """county → city, for each district or county of unknown city (``ingest.jurisdiction.city_unknown``: 沂南县
    read from its issuer alone) that exactly one listed city's notices give a duty as one of the city's units (沂南县
    or 沂南县人民政府 a unit of 临沂市): a city gives duties to its own counties, so it is under that city, and the
    city's 各县区人民政府 reach it. Named by two cities (市中区 by 济南市 and 枣庄市), by none: not guessed."""
    unknown = {p for p in known if city_unknown(places, p)}
    cities: dict[str, set[str]] = {}
    for row in rows:
        name, city = row["name"], row["place"] or ""
        county = next((name.removesuffix(end) for end in _GOVERNMENT_ENDS if name.endswith(end)), name)
        if county in unknown and places.is_city(city):
            cities.setdefault(county, set()).add(city)
    return {county: held.pop() for county, held in cities.items() if len(held) == 1}


def _add_task_forces(graph: PropertyGraph, resources: Resources) -> None:
    """A 专班 named after a chain (高端化工产业链专班) is that chain's task force: link them."""
    tagger = resources.tagger
    if tagger is None:
        return
    for row in graph.rows("Unit"):
        name = row["name"]
        if not name.endswith("专班"):
            continue
        concept = tagger.concept(name.removesuffix("专班"))
        if concept is None or concept.kind != "chain":
            continue
        cid = _add_concept(graph, "IndustryChain", "chain", concept.label, resources)
        graph.add_rel(Rel("HAS_TASK_FORCE", "IndustryChain", cid, "Unit", row["id"]))


def _add_concept(graph: PropertyGraph, label: str, kind: str, name: str, resources: Resources | None) -> str:
    cid = concept_id(kind, name)
    if cid in graph.nodes[label]:  # its row is the gazetteer's, the same each time: named again adds nothing
        return cid
    concept = resources.tagger.concept(name) if resources and resources.tagger else None
    graph.add_node(label, {"id": cid, "name": name, "concept_id": getattr(concept, "id", "") or _digest(name),
                           "aliases": sorted(getattr(concept, "aliases", ()) or ())})
    return cid


def _add_concept_hierarchy(graph: PropertyGraph, resources: Resources) -> None:
    """BROADER edges up to the top of each tagged concept's hierarchy, adding the broader concepts."""
    tagger = resources.tagger
    if tagger is None:
        return
    pending = [(label, row["name"]) for label in schema.CONCEPT_LABELS for row in graph.rows(label)]
    while pending:
        label, name = pending.pop()
        concept = tagger.concept(name)
        for parent in tagger.broader(concept.id) if concept else ():
            parent_label = schema.CONCEPT_KIND_LABEL.get(parent.kind, "Industry")
            parent_id = concept_id(parent.kind, parent.label)
            if parent_id not in graph.nodes[parent_label]:
                _add_concept(graph, parent_label, parent.kind, parent.label, resources)
                pending.append((parent_label, parent.label))
            graph.add_rel(Rel("BROADER", label, concept_id(concept.kind, name), parent_label, parent_id))


def _add_targets(graph: PropertyGraph, doc: PolicyDocument, owner_label: str, owner_id: str, targets) -> None:
    for t in targets:
        iid = f"{doc.id}/i{t.span.start}"
        graph.add_node("Indicator", {"id": iid, "metric": t.metric, "value": t.value, "value_max": t.value_max,
                                     "unit": t.unit, "comparator": t.comparator, "growth": t.growth,
                                     "text": t.text, "span_start": t.span.start, "span_end": t.span.end,
                                     "document_id": doc.id})
        graph.add_rel(Rel("SETS_TARGET", owner_label, owner_id, "Indicator", iid))
