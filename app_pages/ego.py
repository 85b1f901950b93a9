"""The Graph page's neighbourhood: read from the store with capped Cypher (never the whole property graph),
laid out on rings around the centre (the same input always gives the same picture) and drawn as SVG whose nodes
are links to their own neighbourhood. No Streamlit."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from graph.analysis import ROLE_ZH, short_document, unit_label
from graph.task_label import task_names
from queries.contract import places_shown

from .data import unit_where
from .views import ROLE_COLOR, Links, esc

NODE_CAP = 60
KIND_COLOR = {"unit": "#1f77b4", "task": "#ff7f0e", "concept": "#e377c2", "target": "#17becf", "action": "#2ca02c"}
KIND_ZH = {"unit": "单位 Unit", "task": "任务 Task", "concept": "产业/平台 Concept", "target": "指标 Target",
           "action": "行动 Action"}
OTHER_EDGE = "#9e9e9e"


@dataclass
class Node:
    key: str
    kind: str
    caption: str
    href: str = ""
    details: dict = field(default_factory=dict)  # user-facing fields only
    ring: int = 1
    tag: str = ""  # drawn after the caption: the document of a task whose caption another document's task has


@dataclass
class Edge:
    src: str
    dst: str
    role: str  # lead / responsible / cooperating, or "" for structure
    caption: str = ""


@dataclass
class Ego:
    centre: Node
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    total: int = 0  # neighbours before the cap
    cut: bool = False


def _short(text: str, n: int = 14) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def unit_ego(ctx, unit: str, depth: int, scope: str | None, links: Links, cap: int = NODE_CAP) -> Ego:
    """A unit, the tasks it has assignments in (edge colour = its role) and, at depth 2, the units it shares
    them with."""
    params: dict = {}
    centre_unit = unit_where(ctx, unit, params)
    scope_clause = ""
    if scope:
        params["doc"], scope_clause = scope, " AND a.document_id = $doc"
    match = ("MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:HAS_ASSIGNMENT]-(t:Task) "
             f"WHERE {centre_unit}{scope_clause} ")
    total = ctx.query(match + "RETURN count(DISTINCT t.id)", params)[1][0][0]
    rows = ctx.query(match + "RETURN t.id, t.label, t.title, t.document_id, a.seq, r.role, a.deadline_text, a.id "
                             f"ORDER BY a.order_key LIMIT {cap * 3}", params)[1]
    centre = Node(f"unit:{unit}", "unit", unit, links.href("graph", kind="unit", unit=unit),
                  {"类型 Kind": "单位 Unit"})
    ego = Ego(centre, total=total)
    tasks: dict[str, Node] = {}
    assignment_ids = []
    names = task_names(ctx, {row[3] for row in rows})
    documents = _documents(ctx, {row[3] for row in rows})
    for tid, _label, title, doc, seq, role, due, aid in rows:
        name = names[tid]
        if tid not in tasks:
            if len(tasks) >= cap:
                ego.cut = True
                continue
            tasks[tid] = Node(tid, "task", name["heading"], links.href("graph", kind="task", doc=doc, task=name["key"]),
                              {"标题 Title": title, "文件 Document": documents.get(doc, "")})
        assignment_ids.append(aid)
        ego.edges.append(Edge(centre.key, tid, role, f"{ROLE_ZH.get(role, role)} {name['key']}.{seq} {due or ''}"))
    _tell_apart(tasks.values())
    ego.nodes = list(tasks.values())
    if depth >= 2 and assignment_ids:
        _add_partners(ctx, ego, unit, assignment_ids, links, cap)
    return ego


def _tell_apart(tasks) -> None:
    """Tasks of several documents drawn under one name (two notices' 任务1) take their document's number in the
    caption, as a phone, with no hover text, shows it: 任务1·〔2026〕31号 (else the title's start)."""
    counts = Counter(n.caption for n in tasks)
    for n in tasks:
        if counts[n.caption] > 1:
            short = n.details.get("文件 Document", "")
            number = re.search(r"[〔\[(（]\d{4}[〕\])）]\d+号", short)
            n.tag = number.group(0) if number else short[:6]


def _documents(ctx, ids: set[str]) -> dict[str, str]:
    """Document id → its 文号 (or title): a unit's tasks come from many documents, each numbered from 1."""
    rows = ctx.query("MATCH (d:Document) WHERE d.id IN $ids RETURN d.id, d.doc_number, d.title", {"ids": sorted(ids)})[1]
    return {i: short_document(number, title) for i, number, title in rows}


def _tip(n: Node) -> str:
    """A node's hover text: its name and what tells it apart (a task's document and title: 60 nodes named
    "任务8" on a unit of a multi-year corpus could not be told apart)."""
    facts = [str(v) for k, v in n.details.items() if k in ("文件 Document", "标题 Title") and v]
    return " · ".join([n.caption, *facts])


def _add_partners(ctx, ego: Ego, unit: str, ids: list[str], links: Links, cap: int) -> None:
    params = {"ids": ids}
    rows = ctx.query("MATCH (p:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:HAS_ASSIGNMENT]-(t:Task) "
                     f"WHERE a.id IN $ids AND NOT {unit_where(ctx, unit, params, 'p')} "
                     "RETURN DISTINCT p.name, p.full_name, t.id, r.role ORDER BY p.name, p.full_name, t.id, r.role "
                     f"LIMIT {cap * 4}", params)[1]
    several = places_shown(ctx.session)
    partners: dict[str, Node] = {}
    for name, full, tid, role in rows:
        name = unit_label(name, full, several)  # two places' 市财政局 are two nodes
        if name not in partners:
            if len(partners) >= cap:
                ego.cut = True
                continue
            partners[name] = Node(f"unit:{name}", "unit", name, links.href("graph", kind="unit", unit=name),
                                  {"类型 Kind": "单位 Unit"}, ring=2)
        ego.edges.append(Edge(partners[name].key, tid, role, ROLE_ZH.get(role, role)))
    ego.nodes += list(partners.values())


def task_ego(ctx, doc: str, task: dict, links: Links, cap: int = NODE_CAP) -> Ego | None:
    """A task (a row of ``data.tasks_of``), the units on its assignments (edge colour = role), the concepts it
    names, its targets."""
    found = ctx.query("MATCH (t:Task) WHERE t.id = $id RETURN t.id, t.title, t.action_seq LIMIT 1",
                      {"id": task["id"]})[1]
    if not found:
        return None
    tid, title, action_seq = found[0]
    label = task["key"]
    centre = Node(tid, "task", task["heading"], links.href("task", doc=doc, task=label),
                  {"标题 Title": title, "行动 Action": action_seq or "—"})
    ego = Ego(centre)
    units: dict[str, Node] = {}
    rows = ctx.query("MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)<-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-"
                     "(u:Unit) WHERE t.id = $id RETURN u.name, u.full_name, r.role, a.seq, a.deadline_text ORDER BY "
                     f"a.seq, r.span_start LIMIT {cap * 3}", {"id": tid})[1]
    several = places_shown(ctx.session)
    for name, full, role, seq, due in rows:
        name = unit_label(name, full, several)
        if name not in units:
            if len(units) >= cap:
                ego.cut = True
                continue
            units[name] = Node(f"unit:{name}", "unit", name, links.href("graph", kind="unit", unit=name),
                               {"类型 Kind": "单位 Unit"})
        ego.edges.append(Edge(units[name].key, tid, role, f"{ROLE_ZH.get(role, role)} {label}.{seq} {due or ''}"))
    ego.nodes = list(units.values())
    for (name,) in ctx.query("MATCH (t:Task)-[:CONCERNS]->(c) WHERE t.id = $id RETURN DISTINCT c.name ORDER BY c.name "
                             f"LIMIT {cap}", {"id": tid})[1]:
        ego.nodes.append(Node(f"concept:{name}", "concept", name, "", {"类型 Kind": "产业/平台 Concept"}))
        ego.edges.append(Edge(tid, f"concept:{name}", "", "涉及"))
    for i, (metric, comparator, value, unit) in enumerate(ctx.query(
            "MATCH (t:Task)-[:SETS_TARGET]->(i:Indicator) WHERE t.id = $id RETURN i.metric, i.comparator, i.value, "
            f"i.unit ORDER BY i.span_start LIMIT {cap}", {"id": tid})[1]):
        text = f"{metric} {comparator} {value:g}{unit or ''}" if isinstance(value, int | float) else str(metric)
        ego.nodes.append(Node(f"target:{i}", "target", text, "", {"类型 Kind": "指标 Target", "指标 Metric": text}))
        ego.edges.append(Edge(tid, f"target:{i}", "", "指标"))
    ego.total = len(ego.nodes)
    return ego


# -- layout and drawing ----------------------------------------------------------------------------------

WIDTH, HEIGHT = 1000, 760


def layout(ego: Ego) -> dict[str, tuple[float, float]]:
    """Centre in the middle; ring 1 evenly round it in a fixed order (kind, then caption); ring 2 outside,
    each partner near the tasks it shares. Deterministic: same neighbourhood, same picture."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    pos = {ego.centre.key: (cx, cy)}
    inner = sorted((n for n in ego.nodes if n.ring == 1), key=lambda n: (n.kind, n.caption, n.key))
    outer = [n for n in ego.nodes if n.ring == 2]
    r1 = 200 if outer else 260
    for i, n in enumerate(inner):
        angle = 2 * math.pi * i / max(1, len(inner)) - math.pi / 2
        pos[n.key] = (cx + r1 * 1.25 * math.cos(angle), cy + r1 * math.sin(angle))
    if outer:
        angle_of = {n.key: math.atan2((pos[n.key][1] - cy) / r1, (pos[n.key][0] - cx) / (r1 * 1.25)) for n in inner}
        near = {}
        for e in ego.edges:
            if e.src in {n.key for n in outer} and e.dst in angle_of:
                near.setdefault(e.src, []).append(angle_of[e.dst])
        def mean_angle(n: Node) -> float:  # circular mean of the tasks it shares: it sits near them
            angles = near.get(n.key, [0.0])
            return math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles)))

        outer.sort(key=lambda n: (mean_angle(n), n.caption))
        for i, n in enumerate(outer):
            angle = 2 * math.pi * i / len(outer) - math.pi + math.pi / max(2, len(outer))
            pos[n.key] = (cx + 330 * 1.35 * math.cos(angle), cy + 320 * math.sin(angle))
    return pos


def svg(ego: Ego) -> str:
    pos = layout(ego)
    parts = [f'<svg class="pk-graph" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{esc(ego.centre.caption)}"'
             ' xmlns="http://www.w3.org/2000/svg">']
    for e in ego.edges:
        if e.src not in pos or e.dst not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e.src], pos[e.dst]
        color = ROLE_COLOR.get(e.role, OTHER_EDGE)
        width = 2.4 if e.role == "lead" else 1.6
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                     f'stroke-width="{width}" stroke-opacity=".75"><title>{esc(e.caption)}</title></line>')
    for n in [*ego.nodes, ego.centre]:
        x, y = pos[n.key]
        centre = n is ego.centre
        radius = 16 if centre else 9
        ring = ' stroke="#111" stroke-width="4"' if centre else ' stroke="#fff" stroke-width="1.5"'
        label = esc(n.caption if centre else _short(n.caption) + (f"·{n.tag}" if n.tag else ""))
        weight = ' font-weight="700"' if centre else ""
        body = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{KIND_COLOR[n.kind]}"{ring}/>'
                f'<text x="{x:.1f}" y="{y + radius + 15:.1f}" text-anchor="middle" font-size="{17 if centre else 13}"'
                f'{weight}>{label}</text><title>{esc(_tip(n))}</title>')
        if n.href and not centre:
            body = f'<a href="{n.href}" target="_self" class="pk-node">{body}</a>'
        parts.append(f'<g class="pk-node-{n.kind}{" pk-centre" if centre else ""}">{body}</g>')
    parts.append("</svg>")
    return "".join(parts)


def legend(ego: Ego) -> str:
    kinds = dict.fromkeys([ego.centre.kind, *(n.kind for n in ego.nodes)])
    dots = "".join(f'<span class="pk-key"><span class="pk-dot" style="background:{KIND_COLOR[k]}"></span>'
                   f"{KIND_ZH[k]}</span>" for k in kinds)
    lines = "".join(f'<span class="pk-key"><span class="pk-line" style="background:{ROLE_COLOR[r]}"></span>'
                    f"{label}</span>" for r, label in (("lead", "牵头 lead"), ("responsible", "责任 responsible"),
                                                       ("cooperating", "配合 cooperating")))
    centre = '<span class="pk-key"><span class="pk-dot pk-dot-centre"></span>中心 centre</span>'
    return f'<div class="pk-graph-legend">{centre}{dots}{lines}</div>'
