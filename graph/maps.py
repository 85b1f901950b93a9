"""Maps drawn with Graphviz: the organisation-responsibility map and the co-responsibility map.

Responsibility map: units on the left, tasks on the right in one cluster per action (a plan in parts: per part), one edge per unit, task
and role (lead bold, responsible solid, cooperating dashed). Co-responsibility map: units linked by the
number of assignments they share (networkx, ``analysis.co_responsibility_of``), drawn with neato.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import graphviz

from ingest.errors import PolicyKGError, UnknownNameError

from . import analysis
from .analysis import ROLE_LABEL, AssignmentView
from .build import PropertyGraph

FONT = "Noto Sans CJK SC"
EDGE_STYLE = {
    "lead": {"style": "bold", "penwidth": "2.4", "color": "#1F4E79"},
    "responsible": {"style": "solid", "penwidth": "1.2", "color": "#5B9BD5"},
    "cooperating": {"style": "dashed", "penwidth": "1.2", "color": "#7F7F7F"},
}
# Title and legend in Chinese and English, as the app labels everything (role words: analysis.ROLE_LABEL)
TITLE = "组织责任图 Organisation-responsibility map"
LEGEND = (f"粗实线 thick = {ROLE_LABEL['lead']}    实线 solid = {ROLE_LABEL['responsible']}    "
          f"虚线 dashed = {ROLE_LABEL['cooperating']}")
CO_TITLE = "共同责任图 Co-responsibility map"
CO_LEGEND = "线上数字 = 共同承担的任务条数 The number on a line = assignments the two units share"
KINDS = ("map", "co")
TITLE_CHARS = 14
# Units and tasks a responsibility map is drawn with. Graphviz's layout grows faster than the map: 50 documents'
# 1,500 nodes took 15 s, a 1,000-document corpus's 29,000 would take hours. Past it the export says what to narrow.
MAX_NODES = 2_000
NARROWERS = (("document", "document (--document)"), ("unit", "unit (--unit)"), ("action", "action (--action)"))


def narrow_hint(used: frozenset[str] = frozenset()) -> str:
    """What to narrow a map by, leaving out what ``used`` has narrowed it by already (document, unit, action)."""
    left = [words for name, words in NARROWERS if name not in used]
    if not left:
        return "draw the units' co-responsibility map (kind co), or export the whole matrix as xlsx or csv"
    ways = left[0] if len(left) == 1 else ", ".join(left[:-1]) + " or " + left[-1]
    return (f"narrow it to one {ways}, draw the units' co-responsibility map (kind co), or export the whole matrix as "
            "xlsx or csv")


def render(graph: PropertyGraph, fmt: str, *, unit: str | None = None, action: int | str | None = None,
           kind: str = "map") -> bytes:
    """SVG or PNG bytes of the map; ``unit`` and ``action`` narrow it to the tasks of one unit or action."""
    if kind not in KINDS:
        raise UnknownNameError("map kind", kind, list(KINDS))
    every = analysis.assignments(graph)  # read once: resolving the unit and the action read them again
    focus = analysis.resolve_unit(graph, unit, every) if unit is not None else None
    items = select(graph, focus, action, every)
    if kind == "map":
        used = {"document"} if len(graph.nodes["Document"]) == 1 else set()
        check_size(map_nodes(items), frozenset(used | {k for k, v in (("unit", unit), ("action", action)) if v}))
    scope = "".join(f" · {x}" for x in (focus, items[0].action_name if action is not None and items else "") if x)
    dot = co_map(items, focus, scope) if kind == "co" else responsibility_map(items, focus, scope)
    if fmt == "png":
        dot.graph_attr["dpi"] = "110"
    return pipe(dot, fmt)


def map_nodes(items: list[AssignmentView]) -> int:
    """The responsibility map's nodes: its tasks and units (as the Exports page counts them in the store)."""
    return len({a.task_id for a in items}) + len({u for a in items for u in a.all_units()})


def check_size(nodes: int, used: frozenset[str] = frozenset()) -> None:
    """A map over ``MAX_NODES`` is refused at once, with what to narrow (``used``: narrowed by already), rather
    than drawn for minutes."""
    if nodes > MAX_NODES:
        raise PolicyKGError(f"the map would have {nodes:,} units and tasks, more than the {MAX_NODES:,} a map is "
                            f"drawn with (Graphviz would take many minutes): {narrow_hint(used)}")


def select(graph: PropertyGraph, unit: str | None, action: int | str | None,
           every: list[AssignmentView] | None = None) -> list[AssignmentView]:
    """Assignments of one unit (canonical name) and/or one action; ``every``: the graph's, when read already."""
    items = analysis.assignments(graph) if every is None else every
    if unit is not None:
        items = [a for a in items if unit in a.all_units()]
    if action is not None:
        seq = analysis.check_action(graph, action, every)
        items = [a for a in items if a.action_seq == seq]
    return items


def pipe(dot: graphviz.Graph | graphviz.Digraph, fmt: str) -> bytes:
    if shutil.which(dot.engine) is None:
        raise PolicyKGError(f"drawing maps needs Graphviz's '{dot.engine}' program, which is not on PATH; "
                            "install graphviz (apt install graphviz, brew install graphviz)")
    try:
        return dot.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise PolicyKGError(f"drawing maps needs Graphviz; install graphviz: {exc}") from exc
    except subprocess.CalledProcessError as exc:
        said = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else exc.stderr
        raise PolicyKGError(f"Graphviz failed to draw the map: {(said or str(exc)).strip()[:500]}") from exc
    except OSError as exc:  # it stopped reading the map (a broken pipe): it refused the input
        raise PolicyKGError(f"Graphviz stopped reading the map before its end ({exc}); nothing was drawn") from exc


LINE_CHARS = 400  # Graphviz refuses a string over 16,384 bytes; one flattened paragraph is a task's whole title


def label(*lines: str) -> str:
    """Document text as one Graphviz string, a line per argument, each cut at ``LINE_CHARS``: never an HTML-like
    label (a name shaped ``<…>`` would be drawn as markup, or break the whole file), backslashes literal (``\\N``
    is not the node's name, ``\\n`` not a line break)."""
    return graphviz.escape("\n".join(_cut(str(line)) for line in lines))


def _cut(line: str) -> str:
    return line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…"


def tooltip(text: str) -> str:
    """A tooltip goes through Graphviz's escape processing once more than a label (``\\\\N`` would still
    become the node's name), so its backslashes are doubled twice."""
    return label(str(text).replace("\\", "\\\\"))


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    text = re.sub(r"[。;;]+$", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _base(cls, name: str, title: str, engine: str = "dot"):
    return cls(name, engine=engine,
               graph_attr={"fontname": FONT, "label": title, "labelloc": "t", "fontsize": "16"},
               node_attr={"fontname": FONT, "fontsize": "11"}, edge_attr={"fontname": FONT, "fontsize": "9"})


def responsibility_map(items: list[AssignmentView], focus: str | None = None, scope: str = "") -> graphviz.Digraph:
    dot = _base(graphviz.Digraph, "responsibility", label(f"{TITLE}{scope}", LEGEND))
    dot.attr(rankdir="LR", nodesep="0.12", ranksep="2.2", newrank="true", remincross="false")
    # Node names are plain indexes: graphviz reads "a:b" in an edge as node a, port b.
    tasks: dict[str, str] = {}
    for i, ((*_, name), in_action) in enumerate(_tasks_by_action(items).items()):
        with dot.subgraph(name=f"cluster_{i}") as cluster:
            cluster.attr(label=label(name), style="rounded", color="#A6A6A6", fontsize="12")
            for task_id, (number, title, titled) in in_action.items():
                tasks[task_id] = f"t{len(tasks)}"
                text = label(number, _short(title)) if titled else label(number)
                cluster.node(tasks[task_id], text, shape="note", tooltip=tooltip(title or number))
    with dot.subgraph(name="tasks") as column:  # one column in document order: flat invisible edges
        column.attr(rank="same")  # (drawn upwards: in LR, dot puts a flat edge's head above its tail)
        nodes = list(tasks.values())
        for a, b in zip(nodes, nodes[1:], strict=False):
            column.edge(b, a, style="invis")
    units = {u: f"u{i}" for i, u in enumerate(sorted({u for a in items for u in a.all_units()}))}
    with dot.subgraph(name="units") as side:
        side.attr(rank="same")
        for u, node in units.items():
            side.node(node, label(u), shape="box", style="filled,rounded",
                      fillcolor="#FFE699" if u == focus else "#F2F2F2")
    edges = sorted({(u, a.task_id, role) for a in items for u in a.all_units() for role in a.roles_of(u)})
    for u, task_id, role in edges:
        dot.edge(units[u], tasks[task_id], tooltip=tooltip(f"{u} {ROLE_LABEL[role]}"), **EDGE_STYLE[role])
    return dot


def _tasks_by_action(items: list[AssignmentView]) -> dict[tuple, dict[str, tuple[str, str, bool]]]:
    """Tasks by action, or by part in a plan in parts, each document's apart, under the name the workbook's
    summary gives them (``AssignmentView.group_name``), those of neither last: (task name, title, whether the title
    is drawn: not when it is the name, an unnumbered task's)."""
    out: dict[tuple, dict[str, tuple[str, str, bool]]] = {}
    for a in sorted(items, key=lambda a: (a.group[0] == 2, a.task_order, a.seq)):
        out.setdefault((*a.group_key, a.group_name), {}).setdefault(
            a.task_id, (a.task, a.task_title, a.task_line != a.task))
    return out


def co_map(items: list[AssignmentView], focus: str | None = None, scope: str = "") -> graphviz.Graph:
    """Units sized by their assignments, edges weighted by assignments shared; with a focus, its ties only."""
    g = analysis.co_responsibility_of(items)
    edges = [(u, v, d["weight"]) for u, v, d in sorted(g.edges(data=True))
             if focus is None or focus in (u, v) or not g.has_node(focus)]
    dot = _base(graphviz.Graph, "co_responsibility", label(f"{CO_TITLE}{scope}", CO_LEGEND),
                engine="neato")
    dot.attr(overlap="false", splines="true", sep="+8", start="1")
    heaviest = max((w for _, _, w in edges), default=1)
    nodes = {u: f"u{i}" for i, u in enumerate(sorted(g))}
    for u, node in nodes.items():
        total = g.nodes[u]["total"]
        dot.node(node, label(u), shape="ellipse", style="filled", fontsize=f"{10 + min(total, 40) / 4:.1f}",
                 fillcolor="#FFE699" if u == focus else "#DDEBF7", tooltip=tooltip(f"{u}: {total} 条"))
    for u, v, w in edges:
        dot.edge(nodes[u], nodes[v], label=str(w), penwidth=f"{1 + 5 * w / heaviest:.2f}", color="#5B9BD5")
    return dot
