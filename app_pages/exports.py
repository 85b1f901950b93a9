"""导出 Exports: pick a format, generate it, download it. The property graph is read only when asked to
generate (never to draw this page): the scope's document's, or what the format reads of the store's graph. The
page says how big the export is before it is made (counted in the store), and draws a map in the page only up to
``PREVIEW_NODES``: a corpus's map (13 MB of SVG at 156 documents) is a download, with what to narrow to see one
here. A map over ``graph/maps.MAX_NODES``, or a whole graph past its format's limit, is said and not offered."""

from __future__ import annotations

import streamlit as st

from . import data, views
from .common import ALL, Ctx, url_radio, url_select
from .views import esc

TITLE = "导出 Exports"
CAPTION = "选择格式,生成后下载;按需生成。Pick a format, generate it, download it."
MAP_KINDS = {"map": "分工图 responsibility", "co": "协作图 co-responsibility"}
# What each format is for, in Chinese and English as every label of the app (the Units page offers four of them)
FORMAT_LABEL = {"ttl": "RDF 图谱(Turtle) RDF graph, Turtle", "jsonld": "RDF 图谱(JSON-LD) RDF graph, JSON-LD",
                "nt": "RDF 图谱(N-Triples) RDF graph, N-Triples", "graphml": "整个图谱(GraphML) Whole graph, GraphML",
                "gexf": "整个图谱(GEXF,Gephi) Whole graph, GEXF for Gephi",
                "cypher": "Neo4j 导入脚本 Neo4j import script",
                "csv": "责任矩阵(单位×任务) Responsibility matrix, units × tasks",
                "neo4j-csv": "Neo4j 批量导入文件 Neo4j bulk-import files", "xlsx": "Excel 工作簿 Excel workbook",
                "svg": "分工图(SVG) Responsibility map, SVG", "png": "分工图(PNG) Responsibility map, PNG",
                "ics": "期限日历(.ics) Deadline calendar", "md": "单位简报(Markdown) Unit brief, Markdown",
                "html": "单位简报(HTML,可打印) Unit brief, printable HTML",
                "ledger-html": "督办台账(HTML,可打印) Supervision ledger, printable HTML",
                "ledger-xlsx": "督办台账(Excel,各单位填报后导回) Supervision ledger, Excel, filled in and returned"}
MAPS = ("svg", "png")
PREVIEW_NODES = 400  # units and tasks a map drawn in the page may have; above it, a download only
# What narrows a map, in the order the page offers them: (name as graph.maps.NARROWERS has it, 中文, English)
NARROWERS = (("unit", "选一个单位", "pick a unit"), ("action", "选一个行动", "pick an action"),
             ("document", "在侧栏选一份文件", "pick one document in the sidebar"))


def narrow(ctx: Ctx, options: dict) -> str:
    """How to make a map small enough to preview, leaving out what is chosen already; empty when all are."""
    used = {k for k in ("unit", "action") if options.get(k)} | ({"document"} if ctx.scope is not None else set())
    left = [(zh, en) for name, zh, en in NARROWERS if name not in used]
    if not left:
        return ""
    return ("或".join(zh for zh, _ in left) + ",图就能在页面预览。" + " or ".join(en for _, en in left).capitalize()
            + " to see the map here.")


def render(ctx: Ctx) -> None:
    from graph.exporters import EXPORTERS

    fmt = url_select(st, "格式 Format", list(EXPORTERS), "fmt",
                     format_func=lambda f: f"{FORMAT_LABEL.get(f, f)} · {f}:{EXPORTERS[f].description}")
    exporter = EXPORTERS[fmt]
    options = export_options(ctx, exporter.options)
    key = (ctx.version, ctx.scope, fmt, options)
    unit = dict(options).get("unit")
    size = data.export_size(ctx, unit, dict(options).get("action"),
                            place=bool(unit) and unit in ledger_places(ctx, exporter.options))
    nodes = size["units"] if dict(options).get("kind") == "co" else size["tasks"] + size["units"]
    narrowed = bool(dict(options).get("unit") or dict(options).get("action"))
    st.caption(size_line(fmt, size, nodes, None if narrowed else in_scope(ctx)))
    from graph.maps import MAX_NODES  # above it no map is drawn at all: the page says what to narrow

    hint = narrow(ctx, dict(options))
    too_big = fmt in MAPS and dict(options).get("kind") != "co" and nodes > MAX_NODES
    refused = whole_graph_refusal(ctx, fmt)
    if refused:
        st.warning(f"整个图谱太大,无法一次写成 {fmt}:请在侧栏选一份文件,或换一种格式(见下)。 {refused}")
    elif too_big:
        st.warning(f"这张图有 {nodes:,} 个节点,超过可绘制的上限 {MAX_NODES:,}(Graphviz 要画很多分钟)。{hint}"
                   "也可以画协作图,或导出 Excel 工作簿 / CSV 看整个矩阵。"
                   f" This map has {nodes:,} nodes, more than the {MAX_NODES:,} a map is drawn with (Graphviz would "
                   "take many minutes): narrow it, draw the co-responsibility map, or export the xlsx or csv matrix.")
    elif fmt in MAPS and nodes > PREVIEW_NODES:
        st.info(f"这张图有 {nodes:,} 个节点,超过页面预览的上限 {PREVIEW_NODES}:生成较慢,生成后只提供下载。{hint}"
                f" This map has {nodes:,} nodes, over the page's preview limit of {PREVIEW_NODES}: it takes a while "
                "to draw and is offered as a download only.")
    if st.button("生成 Generate", type="primary", key="export_go", disabled=too_big or bool(refused)):
        with st.spinner("正在生成 Generating…"):
            st.session_state["export_made"] = (key, export_bytes(ctx, fmt, options))
    made = st.session_state.get("export_made")
    if not made or made[0] != key:
        formats_table(EXPORTERS)
        return
    payload = made[1]
    name = "policykg" + "".join(f"-{_in_name(v)}" for _k, v in options) + exporter.suffix
    st.download_button(f"下载 Download {name}({file_size(len(payload))})", payload, file_name=name,
                       mime=exporter.media_type, on_click="ignore", key="export_download")
    if fmt in MAPS and nodes > PREVIEW_NODES:
        st.info(f"未在页面预览:{nodes:,} 个节点、{file_size(len(payload))},请下载查看。{hint}"
                f" Not drawn here: {nodes:,} nodes, {file_size(len(payload))}; download it to view.")
        return
    export_preview(fmt, payload)


def whole_graph_refusal(ctx: Ctx, fmt: str) -> str:
    """The export's refusal, said before Generate, when the format's writer cannot take the whole store's graph
    (graph/exporters.check_limit, counted in the store); "" when it can, or a document is picked."""
    from graph.exporters import EXPORTERS, check_limit
    from graph.sessions import graph_rows
    from ingest.errors import PolicyKGError

    if ctx.scope is not None or EXPORTERS[fmt].limit is None:
        return ""
    try:
        check_limit(fmt, graph_rows(ctx.session))
    except PolicyKGError as exc:
        return str(exc)
    return ""


def in_scope(ctx: Ctx) -> int:
    """The stored documents the sidebar's scope holds, counted as the sidebar counts them (the manifest)."""
    return 1 if ctx.scope is not None else len(ctx.store.manifest())


def size_line(fmt: str, size: dict[str, int], nodes: int, stored: int | None = None) -> str:
    """How much the export covers, before it is made: "范围:156 份文件 · 8,040 项分工 · 图上 5,900 个节点".
    ``stored``: the documents in the sidebar's scope, when no unit or action narrows the export; those holding no
    assignment (a 撤回 notice) are among them and said apart (they were left out: "4 份文件" beside the sidebar's
    5). With a unit or an action, the documents holding the chosen assignments, said so."""
    held = size["documents"]
    if stored is None:
        docs = f"{held:,} 份文件含所选分工 documents with the chosen assignments"
    elif stored > held:
        docs = (f"{stored:,} 份文件 documents(其中 {stored - held:,} 份没有分工 {stored - held:,} with no "
                "assignments)")
    else:
        docs = f"{stored:,} 份文件 documents"
    line = f"范围 Scope:{docs} · {size['assignments']:,} 项分工 assignments"
    return line + (f" · 图上 {nodes:,} 个节点 nodes" if fmt in MAPS else "")


def file_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n // 1024 or 1} KB"


def _in_name(value) -> str:
    """An option as part of the file's name: a date window as its days (2026-12-01_2026-12-31)."""
    if isinstance(value, tuple):
        return "_".join(d.isoformat() if d else "" for d in value)
    return str(value)


def export_bytes(ctx: Ctx, fmt: str, options: tuple) -> bytes:
    """The file, written as the command line writes it (graph/sessions.write_export: nt, cypher, neo4j-csv, graphml
    and gexf from the session's graph a page at a time, not the whole graph held beside the file), then read for the download.
    A format that shows supervision status gets the recorded progress, judged at the reference date, generated
    today."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from graph.exporters import EXPORTERS, shows_status
    from graph.sessions import write_export
    from graph.status import StatusContext

    extra = {}
    progress = ctx.store.progress()
    if shows_status(fmt, bool(progress.events())):
        extra["status"] = StatusContext.of_log(progress, ctx.ref, date.today())
    with tempfile.TemporaryDirectory(prefix="policykg-export-") as folder:
        path = Path(folder) / f"export{EXPORTERS[fmt].suffix}"
        write_export(fmt, ctx.store, path, ctx.session, ctx.scope, **dict(options), **extra)
        return path.read_bytes()


def export_graph(ctx: Ctx, fmt: str):
    """The graph the pages answer from, as ``export`` reads it (graph/sessions.export_graph): the Neo4j server's
    under ``serve --neo4j-uri``, else the store's; the corpus's from the open session, only what the format reads."""
    from graph.sessions import export_graph as graph_of

    return graph_of(fmt, ctx.store, ctx.session, ctx.scope)


def formats_table(exporters: dict) -> None:
    st.caption("所有格式 All formats")
    st.html(views.table([("", "格式 Format"), ("", "用途 What"), ("pk-c-clause", "说明 Description"),
                         ("", "文件 File"), ("", "选项 Options")],
                        [[f"<code>{esc(name)}</code>", esc(FORMAT_LABEL.get(name, "")), esc(e.description),
                          esc(e.suffix), esc("、".join(e.options) or "—")] for name, e in exporters.items()]))


def ledger_places(ctx: Ctx, takes: tuple[str, ...]) -> list[str]:
    """The places a 督办台账 is made for besides its units (a district's 督查室: its units, and what its city gives
    every district; graph.analysis.units_of_place): the stored documents' places; none for other formats."""
    return sorted({d["jurisdiction"] for d in data.documents(ctx) if d["jurisdiction"]}) if "window" in takes else []


def export_options(ctx: Ctx, takes: tuple[str, ...]) -> tuple:
    """The format's options, each in the URL as the other pages' filters are (``/exports?fmt=svg&unit=…&kind=co``
    opens that map's choices)."""
    options = {}
    cols = st.columns(3)
    if "unit" in takes:
        names, totals = data.unit_names(ctx)
        units = [u for u in names if u in totals]
        places = [p for p in ledger_places(ctx, takes) if p not in units]
        unit = url_select(cols[0], "单位 Unit", [ALL, *places, *units], "unit",
                          format_func=lambda u: "全部 All" if u == ALL else f"{u}(全部单位 all its units)"
                          if u in places else u)
        options["unit"] = None if unit == ALL else unit
    if "action" in takes:
        actions = dict(data.actions(ctx, ctx.scope))
        action = url_select(cols[1], "行动 Action", [0, *actions], "action", disabled=not actions,
                            help=None if actions else data.ACTION_NEEDS_DOCUMENT,
                            format_func=lambda x: "全部 All" if not x else f"{x}. {actions[x]}")
        options["action"] = action or None
    if "window" in takes:  # the monthly ledger: duties due within a window, as `progress ledger --from/--to`
        window = cols[1].date_input("到期日期范围 Due between", value=(), key="export_window", format="YYYY-MM-DD",
                                    help="只列这段时间内到期的分工;留空为全部。Only duties due in this range; "
                                         "empty for every duty.")
        if isinstance(window, tuple) and len(window) == 2:
            options["window"] = tuple(window)
        elif isinstance(window, tuple) and len(window) == 1:
            options["window"] = (window[0], None)
    if "kind" in takes:  # "map" is the default and goes unnamed
        options["kind"] = url_radio(cols[2], "图 Map", ["map", "co"], "kind", format_func=lambda k: MAP_KINDS[k])
    return tuple((k, v) for k, v in options.items() if v is not None and (k, v) != ("kind", "map"))


def export_preview(fmt: str, payload: bytes) -> None:
    if fmt in ("svg", "png"):
        text = payload.decode("utf-8") if fmt == "svg" else ""
        with st.container(height=640, border=True):
            st.image(text[text.find("<svg"):] if fmt == "svg" else payload, width="stretch")
    elif fmt in ("md", "ttl", "nt", "cypher", "ics"):
        with st.expander("预览 Preview (开头 first lines)", expanded=fmt == "md"):
            st.code("\n".join(first_lines(payload, 60)), language=None, wrap_lines=True)


def first_lines(payload: bytes, n: int) -> list[str]:
    """The first ``n`` lines, decoding only as much of the file as they take (a corpus's brief is 15 MB)."""
    end = -1
    for _ in range(n):
        end = payload.find(b"\n", end + 1)
        if end < 0:
            break
    head = payload if end < 0 else payload[:end]
    return head.decode("utf-8", "replace").splitlines()[:n]
