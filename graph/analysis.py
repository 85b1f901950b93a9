"""Who carries what: a flat view of assignments, workload per unit, the co-responsibility network, centrality.

Every exporter that talks about units and tasks (matrix, workbook, maps, calendar, brief) reads the graph
through ``assignments()`` here, so "what does 市财政局 have to do" is answered in one place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import combinations
from typing import TYPE_CHECKING

from ingest.errors import PolicyKGError, UnknownNameError

from . import recurrence, schema
from .build import PropertyGraph
from .task_label import in_parts, names_of, part_name, with_title

if TYPE_CHECKING:  # networkx is imported where a network is built: the query path reads only the label rule
    import networkx as nx

ROLES = ("lead", "responsible", "cooperating")
ROLE_ZH = {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}
ROLE_EN = {"lead": "Lead", "responsible": "Responsible", "cooperating": "Cooperating"}
# The role words every reader sees, Chinese then English as the app labels everything ("牵头 Lead"): the pages, the
# workbook, the calendar and the maps read them here.
ROLE_LABEL = {role: f"{ROLE_ZH[role]} {ROLE_EN[role]}" for role in ROLES}
ROLE_UNITS = {role: f"{ROLE_ZH[role]}单位 {ROLE_EN[role]} units" for role in ROLES}  # a list's key: 牵头单位 Lead units
OUTSIDE_ACTIONS = "行动之外 Outside actions"  # what an export groups the tasks of no 行动 and no part under
ROLE_OF_REL = {rel: role for role, rel in schema.ROLE_RELS.items()}
# What ``assignments`` and the rest of this view read of a graph (node labels, relationship types): exports made
# from it need no more of the store (graph/readback.read_graph's ``reads``). Every Unit row counts: whether units
# are shown by their full names depends on the places of all of them (``unit_labels``).
# MEMBER_OF: which collectives a place is one of (即墨区 of 青岛市各区(市)), for a place's ledger (units_of_place)
VIEW = (("Document", "Section", "Task", "Assignment", "Unit"),
        ("HAS_ASSIGNMENT", *schema.ROLE_RELS.values(), "MEMBER_OF"))


@dataclass(frozen=True)
class AssignmentView:
    """One assignment with everything a reader needs next to it: task, action, deadline, units by role."""

    id: str
    document_id: str
    task_id: str
    task: str  # column label: 任务19, 保障措施
    task_title: str
    task_order: tuple  # (document id, task seq): document order
    seq: int
    action_seq: int  # 0 outside actions
    action_name: str
    text: str
    deadline_text: str
    due_end: date | None
    open_ended: bool
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    due_start: date | None = None
    recurring: str = ""  # the period of a recurring deadline (graph/recurrence.py), "" when it does not recur
    due_day: int = 0  # the day of each period it falls due on (每月10日前 → 10); 0: the period's last day
    due_day_month: int = 0  # the month of a year that day is in (每年6月底前 → 6); 0: January
    task_label: str = ""  # as printed: "19", or the heading an unnumbered task is named by (then also its title)
    task_key: str = ""  # "19", "保障措施.2" where the number repeats in its document (graph/task_label.py)
    document_label: str = ""  # its document in front of a name when the graph holds several, else ""
    part_seq: int = 0  # in a plan written in parts with no 行动 (task_label.in_parts), the part its task is in
    part: str = ""  # that part as printed ("二、重点任务"); "" in a plan of 行动 or outside any part

    @property
    def group(self) -> tuple[int, int, str]:
        """What the exports group tasks under, in the order they list the groups: its 行动 (0, seq, name), else
        its part (1, seq, "二、重点任务") as the Document page's outline has it, else nothing (2, 0, "")."""
        if self.action_seq:
            return 0, self.action_seq, self.action_name
        return (1, self.part_seq, self.part) if self.part else (2, 0, "")

    @property
    def group_key(self) -> tuple[str, int, int, str]:
        """``group`` within its document (document id first): two notices' 一、重点任务 are two groups, in document
        order as the matrix's columns are."""
        return (self.task_order[0], *self.group)

    @property
    def group_name(self) -> str:
        """The group as an export heads it: its 行动 or part ("一、重点任务"), else ``OUTSIDE_ACTIONS``; its document
        (文号, else the title's start: ``document_label``) in front when the graph holds several, else one could
        not tell whose 一、重点任务 a column counts."""
        name = self.group[2] or OUTSIDE_ACTIONS
        return f"{self.document_label} {name}" if self.document_label else name

    @property
    def name(self) -> str:
        """The assignment as every page names it ("19.2", "保障措施.2.1": queries/contract.assignment_name),
        its document in front when the graph holds several: 任务19 has two clauses, 19.1 and 19.2."""
        own = f"{self.task_key}.{self.seq}" if self.task_key else str(self.seq)
        return f"{self.document_label} {own}" if self.document_label else own

    def units(self, role: str) -> tuple[str, ...]:
        return getattr(self, role)

    @property
    def deadline_reads(self) -> str:
        """The deadline as printed, marked when it recurs (每季度(↻ 周期 quarterly))."""
        return recurrence.reads(self.deadline_text, self.recurring) if self.recurring else self.deadline_text

    @property
    def task_line(self) -> str:
        """The task and its title in one line, the title once: "任务19 加快…", "背街小巷整治"."""
        return with_title(self.task, self.task_title, self.task_label)

    def all_units(self) -> set[str]:
        return {u for role in ROLES for u in self.units(role)}

    def roles_of(self, unit: str) -> tuple[str, ...]:
        return tuple(role for role in ROLES if unit in self.units(role))

    def co_units(self, unit: str) -> dict[str, tuple[str, ...]]:
        """The other units by role: who the unit works with on this assignment."""
        return {role: tuple(u for u in self.units(role) if u != unit) for role in ROLES}


def as_date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def task_labels(graph: PropertyGraph) -> dict[str, str]:
    """Task id → "任务19" or the heading ("保障措施"), with its section where its number repeats in its document
    ("保障措施 任务2", graph/task_label.py); prefixed by the document when the graph holds several."""
    return {tid: f"{prefix} {name['heading']}" if prefix else name["heading"]
            for tid, (name, prefix) in _task_names(graph).items()}


def _task_names(graph: PropertyGraph) -> dict[str, tuple[dict, str]]:
    """Task id → (its names, graph/task_label.names_of; its document's label when the graph holds several)."""
    docs = {row["id"]: row for row in graph.rows("Document")}
    shown = document_names(list(docs.values()), lambda d: d.get("doc_number") or (d.get("title") or "")[:12]
                           or d["id"][:8])
    heads: dict[str, list[tuple]] = {}
    for row in graph.rows("Section"):
        heads.setdefault(row.get("document_id"), []).append((row.get("span_start"), row.get("title")))
    names = names_of([(row.get("document_id"), row["id"], row.get("label"), row.get("span_start"), row.get("numbered"),
                       row.get("seq")) for row in graph.rows("Task")], heads)
    out = {}
    for tid, name in names.items():
        prefix = ""
        if len(docs) > 1:
            prefix = shown.get(name["document_id"]) or tid[:8]
        out[tid] = (name, prefix)
    return out


def unit_labels(graph: PropertyGraph) -> dict[str, str]:
    """Unit id → its name, or its place-qualified name (青岛市财政局) when the graph holds units of several places,
    so two places' 市财政局 are never counted as one."""
    return labels_of_units(graph.rows("Unit"))


def labels_of_units(rows: list[dict]) -> dict[str, str]:
    """``unit_labels`` over Unit rows (id, name, place, full_name) read from any engine (the app's sessions)."""
    several = several_places(row.get("place") for row in rows)
    return {row["id"]: unit_label(row["name"], row.get("full_name"), several) for row in rows}



def short_document(doc_number: str | None, title: str | None) -> str:
    """A document in one short cell (a table column, a CLI row, a message): its 文号, else its title's start."""
    title = title or ""
    return doc_number or (title[:16] + ("…" if len(title) > 16 else ""))


def file_stem(source_name: str | None, width: int = 20) -> str:
    """A source's file name without its folders and extension, its end kept when long: what sets a revised copy
    apart is most often at the end (…清单（修订稿）)."""
    name = (source_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    return stem if len(stem) <= width else "…" + stem[-(width - 1):]


def told_apart(labels: dict[str, str], sources: dict[str, str], more: dict[str, str] | None = None
               ) -> dict[str, str]:
    """Document id → what tells it apart from the other documents its label (``labels``) would be shown by too
    (two stored versions of one notice: same 文号, same title): "" for a label no other document has; else its
    file name (``sources``: id → source name), and where that is shared too, ``more`` (the date it was added)
    or its id's start. The one rule for every list, table, sheet and message naming documents side by side."""
    by_label: dict[str, list[str]] = {}
    for doc_id, label in labels.items():
        by_label.setdefault(label, []).append(doc_id)
    out = dict.fromkeys(labels, "")
    for ids in (ids for ids in by_label.values() if len(ids) > 1):
        names = {i: file_stem(sources.get(i)) for i in ids}
        counted = Counter(names.values())
        for i in ids:
            extra = (more or {}).get(i) or i[:8]
            out[i] = names[i] if names[i] and counted[names[i]] == 1 else " ".join(x for x in (names[i], extra) if x)
    return out


def with_apart(label: str, apart: str) -> str:
    """A document's label with what tells it apart (``told_apart``) after it, in brackets: 烟政办发〔2026〕12号（…清单（修订稿））."""
    return f"{label}（{apart}）" if apart else label


def document_names(rows: list[dict], short=None) -> dict[str, str]:
    """Document id → its short label (``short(row)``, else ``short_document``), told apart from the others of
    ``rows`` (Document rows: id, title, doc_number, source_name) that it would share it with."""
    short = short or (lambda r: short_document(r.get("doc_number"), r.get("title")))
    labels = {r["id"]: short(r) for r in rows}
    apart = told_apart(labels, {r["id"]: r.get("source_name") or "" for r in rows})
    return {i: with_apart(label, apart[i]) for i, label in labels.items()}


def several_places(places) -> bool:
    """The one rule of how units are shown: by full name when the units' places (national bodies have none)
    are more than one, by their short name otherwise, so a one-city store reads as its documents print."""
    return len({p for p in places if p}) > 1


def unit_label(name: str, full_name: str | None, several: bool) -> str:
    """A unit as shown: 市财政局 in a one-place store, 青岛市财政局 when the store holds several places."""
    return (full_name or name) if several else name


def assignments(graph: PropertyGraph) -> list[AssignmentView]:
    """Every assignment in document order (task seq, then assignment seq)."""
    unit_names = unit_labels(graph)
    tasks = {row["id"]: row for row in graph.rows("Task")}
    named = _task_names(graph)
    task_of = {r.dst: r.src for r in graph.rel_rows("HAS_ASSIGNMENT")}
    parts = _parts(graph, tasks.values())
    roles: dict[str, dict[str, list[str]]] = {}
    for rel_type, role in ROLE_OF_REL.items():
        for r in sorted(graph.rel_rows(rel_type), key=lambda r: (r.props.get("span_start") or 0, r.src)):
            names = roles.setdefault(r.dst, {k: [] for k in ROLES})[role]
            if unit_names[r.src] not in names:  # units in the order printed
                names.append(unit_names[r.src])
    out = []
    for row in graph.rows("Assignment"):
        task = tasks[task_of[row["id"]]]
        name, prefix = named[task["id"]]
        by_role = roles.get(row["id"], {k: [] for k in ROLES})
        part_seq, part = parts.get(task["id"], (0, ""))
        out.append(AssignmentView(
            id=row["id"], document_id=row.get("document_id") or "", task_id=task["id"],
            task=f"{prefix} {name['heading']}" if prefix else name["heading"],
            task_title=row.get("task_title") or task.get("title") or "",
            task_order=(task.get("document_id") or "", task.get("seq") or 0), seq=row.get("seq") or 0,
            action_seq=row.get("action_seq") or 0, action_name=row.get("action_name") or "",
            text=row.get("text") or "", deadline_text=row.get("deadline_text") or "",
            due_end=as_date(row.get("due_end")), open_ended=bool(row.get("open_ended")),
            due_start=as_date(row.get("due_start")), recurring=row.get("recurring") or "",
            due_day=row.get("due_day") or 0, due_day_month=row.get("due_day_month") or 0,
            task_label=str(task.get("label") or ""), task_key=name["key"], document_label=prefix,
            part_seq=part_seq, part=part,
            **{role: tuple(by_role[role]) for role in ROLES}))
    return sorted(out, key=lambda a: (a.task_order, a.seq))


def _parts(graph: PropertyGraph, tasks) -> dict[str, tuple[int, str]]:
    """Task id → (seq, "二、重点任务") of the part it stands in, for the tasks of documents grouped by their parts
    (``task_label.in_parts``: no task in a 行动)."""
    by_doc: dict[str, list[dict]] = {}
    for task in tasks:
        by_doc.setdefault(task.get("document_id") or "", []).append(task)
    grouped = {doc for doc, found in by_doc.items()
               if in_parts(any(t.get("action_seq") for t in found), (t.get("section_seq") for t in found))}
    names = {(row.get("document_id"), row.get("seq")): part_name(row.get("label") or "", row.get("title") or "")
             for row in graph.rows("Section") if row.get("document_id") in grouped}
    return {t["id"]: (t["section_seq"], names[(doc, t["section_seq"])]) for doc in grouped for t in by_doc[doc]
            if (doc, t.get("section_seq")) in names}


def units_with_assignments(graph: PropertyGraph, items: list[AssignmentView] | None = None) -> list[str]:
    """In workload order; ``items``: the graph's ``assignments`` when the caller has them already."""
    return [row["unit"] for row in _workload(assignments(graph) if items is None else items)]


def resolve_unit(graph: PropertyGraph, name: str, items: list[AssignmentView] | None = None) -> str:
    """A unit with assignments, as ``unit_labels`` shows it, from its name, its full name (青岛市财政局) or an
    alias (市工信局 → 市工业和信息化局). A short name several places hold is an error naming each of them."""
    valid = units_with_assignments(graph, items)
    if name in valid:
        return name
    labels = unit_labels(graph)
    found = sorted({labels[row["id"]] for row in graph.rows("Unit")
                    if name in (row["name"], row.get("full_name"), *(row.get("aliases") or []))
                    and labels[row["id"]] in valid})
    if len(found) == 1:
        return found[0]
    if found:
        raise ambiguous_unit(name, found)
    rows = graph.rows("Unit")
    if any(name == row.get("place") or (name == row["name"] and row.get("kind") == "district") for row in rows):
        held = {labels[row["id"]] for row in rows if row.get("place") == name}
        raise PolicyKGError(_a_place(name, [u for u in valid if u in held]))  # busiest first
    raise UnknownNameError("unit", name, valid)


def units_of_place(graph: PropertyGraph, name: str, items: list[AssignmentView] | None = None) -> list[str] | None:
    """The units with assignments of a place (即墨区, 青岛市: the units placed in it), then the collectives the
    place is a member of (青岛市各区(市) of 即墨区: duties of every district, its own), in workload order; None when
    ``name`` is no place the store holds units of. What a district's 督查室 supervises."""
    rows = graph.rows("Unit")
    labels = unit_labels(graph)
    held = {labels[row["id"]] for row in rows if row.get("place") == name}
    selves = {row["id"] for row in rows if row["name"] == name and row.get("kind") == "district"}
    if not held and not selves:
        return None
    reached = {labels[r.dst] for r in graph.rel_rows("MEMBER_OF") if r.src in selves}
    valid = units_with_assignments(graph, items)
    return [u for u in valid if u in held] + [u for u in valid if u in reached and u not in held]


def ambiguous_unit(name: str, units: Sequence[str]) -> PolicyKGError:
    """A unit's name several units fit (市财政局 of two places), with the names that tell them apart to pass."""
    return PolicyKGError(f"unit {name!r} is ambiguous, in several places: {'、'.join(units)}; name one of them, "
                         f"e.g. --unit {units[0]}")


def _a_place(name: str, units: list[str]) -> str:
    """What to pass for a place (即墨区, 青岛市) where one unit is taken: one of its units, or Ask for them all."""
    listed = "、".join(units[:8]) + ("等" if len(units) > 8 else "")
    return (f"{name} is a place (行政区划), not one unit: pass one of its units"
            + (f" ({listed})" if units else "") + f", or list the duties of them all with: policykg ask "
            f"\"{name}有哪些任务\"")


def check_action(graph: PropertyGraph, action: int | str, items: list[AssignmentView] | None = None) -> int:
    valid = sorted({a.action_seq for a in (assignments(graph) if items is None else items) if a.action_seq})
    try:
        seq = int(action)
    except (TypeError, ValueError):
        seq = None
    if seq not in valid:
        raise UnknownNameError("action", str(action), [str(v) for v in valid])
    return seq


def workload(graph: PropertyGraph) -> list[dict]:
    """Assignments per unit and role; ``total`` counts distinct assignments (a unit with two roles counts once).

    Sorted by total, then lead count (both descending), then name.
    """
    return _workload(assignments(graph))


def _workload(items: list[AssignmentView]) -> list[dict]:
    counts: dict[str, Counter] = {}
    for a in items:
        for unit in a.all_units():
            c = counts.setdefault(unit, Counter())
            c["total"] += 1
            for role in a.roles_of(unit):
                c[role] += 1
    rows = [{"unit": u, **{role: c[role] for role in ROLES}, "total": c["total"]} for u, c in counts.items()]
    return sorted(rows, key=lambda r: (-r["total"], -r["lead"], r["unit"]))


def co_responsibility(graph: PropertyGraph) -> nx.Graph:
    """Units linked when they share assignments (any role); ``weight`` = number of shared assignments.

    Every unit with an assignment is a node (``total`` = its assignment count), even one that never shares.
    """
    return co_responsibility_of(assignments(graph))


def co_responsibility_of(items: list[AssignmentView]) -> nx.Graph:
    """The co-responsibility network of some assignments (one action's, for instance)."""
    import networkx as nx

    g = nx.Graph()
    for row in sorted(_workload(items), key=lambda r: r["unit"]):
        g.add_node(row["unit"], total=row["total"], lead=row["lead"])
    for a in items:
        for u, v in combinations(sorted(a.all_units()), 2):
            weight = g[u][v]["weight"] + 1 if g.has_edge(u, v) else 1
            g.add_edge(u, v, weight=weight)
    return g


def centrality(graph: PropertyGraph, measure: str = "degree") -> dict[str, float]:
    """Centrality of each unit on the co-responsibility network, weighted.

    ``degree`` (default): weighted degree, the number of assignments shared with others summed over partners,
    divided by n - 1 (networkx's degree-centrality normalisation, so an unweighted graph gives the same
    numbers). ``betweenness``: weighted betweenness with distance = 1 / weight, so units sharing much are close.
    """
    g = co_responsibility(graph)
    if measure == "degree":
        scale = 1 / (len(g) - 1) if len(g) > 1 else 0.0
        return {u: d * scale for u, d in sorted(g.degree(weight="weight"))}
    if measure == "betweenness":
        for _u, _v, data in g.edges(data=True):
            data["distance"] = 1 / data["weight"]
        import networkx as nx

        return dict(sorted(nx.betweenness_centrality(g, weight="distance").items()))
    raise UnknownNameError("centrality measure", measure, ["degree", "betweenness"])


def responsibility_matrix(graph: PropertyGraph, items: list[AssignmentView] | None = None
                          ) -> tuple[list[tuple[str, str]], list[tuple[str, list[tuple]]]]:
    """Columns: (task id, label) for every task in document order. Rows: one per unit with assignments, in
    workload order, with the unit's roles on each task (a tuple in lead, responsible, cooperating order).
    ``items``: the graph's ``assignments`` when the caller has them already."""
    items = assignments(graph) if items is None else items
    labels = task_labels(graph)
    columns = [(row["id"], labels[row["id"]])
               for row in sorted(graph.rows("Task"), key=lambda t: (t.get("document_id") or "", t.get("seq") or 0))]
    cells: dict[tuple[str, str], set[str]] = {}
    for a in items:
        for unit in a.all_units():
            cells.setdefault((unit, a.task_id), set()).update(a.roles_of(unit))
    rows = [(unit, [tuple(r for r in ROLES if r in cells.get((unit, tid), ())) for tid, _ in columns])
            for unit in units_with_assignments(graph, items)]
    return columns, rows


def roles_zh(roles) -> str:
    """("lead", "responsible") → "牵头/责任"."""
    return "/".join(ROLE_ZH[r] for r in ROLES if r in roles)


def roles_label(roles, between: str = "/") -> str:
    """("lead", "responsible") → "牵头 Lead/责任 Responsible": the roles with their English words."""
    return between.join(ROLE_LABEL[r] for r in ROLES if r in roles)


# -- the whole graph in networkx --------------------------------------------------------------------------

def _plain(value, prop_type: str | None = None):
    """A value GraphML and GEXF can write: dates as ISO strings, lists joined with "|", schema types kept."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    if prop_type == schema.FLOAT:
        return float(value)
    if prop_type == schema.INT and not isinstance(value, bool):
        return int(value)
    return value


def _attrs(props: dict, declared: tuple[schema.Prop, ...]) -> dict:
    types = {p.name: p.type for p in declared}
    return {k: _plain(v, types.get(k)) for k, v in props.items() if v is not None}


def to_networkx(graph: PropertyGraph) -> nx.MultiDiGraph:
    """One node per graph node, one edge per relationship.

    Node key = its id, attributes = its properties plus ``label`` (the node label: Unit, Task, …); the
    property that is itself called ``label`` (Section, Action, Task: "19", "(一)") is kept as ``label_text``.
    Edge key = the relationship type ("TYPE-2", "TYPE-3" for a repeat between the same nodes, e.g. a concept
    named twice in one task), attributes = its properties plus ``type``.
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in schema.NODES:
        for row in graph.rows(n.label):
            attrs = _attrs(row, n.props)
            if "label" in attrs:
                attrs["label_text"] = attrs.pop("label")
            g.add_node(row["id"], **attrs, label=n.label)
    for r in schema.RELS:
        for rel in graph.rel_rows(r.type):
            key, i = r.type, 1
            while g.has_edge(rel.src, rel.dst, key):
                i += 1
                key = f"{r.type}-{i}"
            g.add_edge(rel.src, rel.dst, key=key, **_attrs(rel.props, r.props), type=r.type)
    return g


def stamp(graph: PropertyGraph) -> datetime:
    """The one timestamp formats must carry (ics DTSTAMP, xlsx created): derived from the data, so stable.

    The latest document date, else 1 January of the latest document year, else 1 January 1980 (the earliest
    time a ZIP entry, hence an xlsx, can carry).
    """
    docs = graph.rows("Document")
    dates = [as_date(d.get("date")) for d in docs if d.get("date")]
    if dates:
        day = max(dates)
    else:
        years = [d["year"] for d in docs if d.get("year")]
        day = date(max(years), 1, 1) if years else date(1980, 1, 1)
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
