"""图谱 Graph: the neighbourhood of one unit or one task, read from the store with capped Cypher. Centre marked,
edges coloured by role, a fixed layout; every node links to its own neighbourhood.
``/graph?kind=unit&unit=…`` or ``/graph?kind=task&doc=…&task=…`` reproduces it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from . import data, ego
from .common import Ctx, current, links_for, url_pick, url_radio
from .task import pick_document, pick_task
from .views import esc

TITLE = "图谱 Graph"
CAPTION = ("一个单位或一项任务的邻域;点节点转到它的邻域。The neighbourhood of a unit or a task; click a node to "
           "centre on it.")


def render(ctx: Ctx) -> None:
    c1, c2 = st.columns([2, 2])
    kind = url_radio(c1, "中心 Centre on", ["unit", "task"], "kind",
                     format_func=lambda k: "单位 Unit" if k == "unit" else "任务 Task")
    links = links_for(ctx)
    if kind == "unit":
        depth = url_radio(c2, "范围 Depth", [1, 2], "depth",
                          format_func=lambda d: "1 步:任务 tasks" if d == 1 else "2 步:及合作单位 and partners")
        names, _ = data.unit_names(ctx)
        if not unit_link_read(ctx, names, links):
            return
        unit = url_pick(st, "单位 Unit", names, "unit")
        view = ego.unit_ego(ctx, unit, depth, ctx.scope, links)
        page_link = links.a("units", f"打开单位页 Open {unit} in Units", "", unit=unit)
    else:
        doc = pick_document(ctx, "graph")
        task = pick_task(ctx, doc["id"], "任务 Task") if doc else None
        if task is None:
            return
        view = ego.task_ego(ctx, doc["id"], task, links)
        page_link = links.a("task", "打开任务页 Open the task view", "pk-tasklink", doc=doc["id"], task=task["key"])
    if view is None:
        st.info("没有找到。Not found.")
        return
    show(view, page_link)


def unit_link_read(ctx: Ctx, names: list[str], links) -> bool:
    """``?unit=`` read as the Units and Deadlines pages read it (a short name once the store holds several
    places, an alias, a Traditional form): /graph?unit=即墨区 drew the first unit listed (青岛市功能区) as if it
    were 即墨区. False: the link names no unit the store holds, said so, and nothing is drawn."""
    from queries.ask import lexicon_for

    from .unit_links import show_note, unit_from_link

    found = unit_from_link(names, lexicon_for(ctx.session), data.labels_by_name(ctx), links, "graph")
    show_note()
    wanted = st.query_params.get("unit")
    if found and (not wanted or wanted in names or current("unit") in names):
        return True
    # a name two places hold, or none: neither is drawn in its stead
    st.markdown(f"[选择单位 Choose a unit](graph?{urlencode({'kind': 'unit', **links.shared})})")
    return False


def show(view: ego.Ego, page_link: str) -> None:
    if view.cut:
        st.warning(f"邻域较大:只画出前 {ego.NODE_CAP} 个节点(共 {view.total} 个任务)。The neighbourhood is large: "
                   f"the first {ego.NODE_CAP} nodes are drawn ({view.total} tasks in all).")
    left, right = st.columns([3, 1])
    left.html(ego.legend(view) + svg_box(ego.svg(view)), unsafe_allow_javascript=True)
    with right:
        details(view, page_link)


def svg_box(svg: str) -> str:
    """st.html's sanitiser keeps HTML only and drops inline SVG, so the drawing (every text in it escaped by
    ``ego.svg``) is put in place by a line of script, as a JSON string that cannot close the script tag."""
    payload = json.dumps(svg).replace("<", "\\u003c").replace(">", "\\u003e")
    return ('<div class="pk-graph-box" id="pk-graph"></div>'
            f'<script>(() => {{ const box = document.getElementById("pk-graph"); box.innerHTML = {payload};'
            "box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2; })();</script>")  # a phone: centre in view


def details(view: ego.Ego, page_link: str) -> None:
    """The centre's user-facing facts (no internal ids or offsets) and its neighbours by kind."""
    centre = view.centre
    facts = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in centre.details.items())
    neighbours: dict[str, int] = {}
    for n in view.nodes:
        neighbours[n.kind] = neighbours.get(n.kind, 0) + 1
    counts = "".join(f"<tr><th>邻居 {esc(ego.KIND_ZH[k])}</th><td>{v}</td></tr>" for k, v in neighbours.items())
    st.html(f'<div class="pk-card"><div class="pk-card-head">中心 Centre · {esc(ego.KIND_ZH[centre.kind])}</div>'
            f'<h4 class="pk-title">{esc(centre.caption)}</h4><table class="pk-facts">{facts}{counts}</table>'
            f"<p>{page_link}</p></div>")
