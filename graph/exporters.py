"""Every export format, keyed by name: the one registry the CLI and the app read (STYLE practice 4).

``export(fmt, graph, **options)`` → bytes. Same graph, same options → same bytes: timestamps a format needs
(xlsx properties, ics DTSTAMP, GEXF meta, ZIP entries) come from ``analysis.stamp(graph)``, not the clock.
Format modules are imported when used, so listing the formats needs neither graphviz nor rdflib.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from ingest.errors import PolicyKGError, UnknownNameError

from . import analysis, schema
from .build import PropertyGraph
from .cells import csv_cell


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    media_type: str
    suffix: str  # with the dot: ".ttl"
    write: Callable[[PropertyGraph, dict], bytes]
    options: tuple[str, ...] = ()  # the options it takes, of unit, action, kind, status, window
    # (node labels, relationship types) it reads of a corpus's graph; None: all of it (graph/sessions.export_graph)
    reads: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    # (most nodes and relationships, what to do instead) for a writer that holds the whole file in memory, and
    # takes minutes and gigabytes past it: refused at once with the advice rather than run
    limit: tuple[int, str] | None = None


# status: a graph/status.StatusContext (progress log, reference date); window: (due from, due to) dates
OPTION_DEFAULTS = {"unit": None, "action": None, "kind": "map", "status": None, "window": None}


def export(fmt: str, graph: PropertyGraph, **options) -> bytes:
    """An option left at its default (None; kind="map") counts as not given; one the format does not take
    is an error rather than silently dropped (a unit= on the csv would otherwise look like a filtered file)."""
    exporter = get(fmt)
    unknown = sorted(set(options) - set(OPTION_DEFAULTS))
    if unknown:
        raise UnknownNameError("export option", unknown[0], list(OPTION_DEFAULTS))
    given = {k: v for k, v in options.items() if v is not None and v != OPTION_DEFAULTS[k]}
    extra = sorted(set(given) - set(exporter.options))
    if extra:
        takes = ", ".join(exporter.options) or "none"
        raise PolicyKGError(f"{fmt} export does not take the option {extra[0]!r}; it takes: {takes}")
    check_limit(fmt, sum(len(rows) for rows in graph.nodes.values()) + len(graph.rels))
    return exporter.write(graph, given)


def check_limit(fmt: str, rows: int) -> None:
    """A format whose writer holds the whole file refuses a graph of more ``rows`` (nodes and relationships)
    than its ``limit``, saying what to export instead. graph/sessions.export_graph asks before reading the graph."""
    if get(fmt).limit is not None and rows > get(fmt).limit[0]:
        most, instead = get(fmt).limit
        raise PolicyKGError(f"the graph has {rows:,} nodes and relationships, more than the {most:,} a {fmt} file is "
                            f"written from: {instead}")


def shows_status(fmt: str, progress_recorded: bool) -> bool:
    """Whether an export of ``fmt`` carries a status column: the ledgers always; the other formats that take one
    once progress is recorded (before that, a file stays as the document's facts alone). The CLI and the app's
    Exports page both ask here, so the same export is the same file from either."""
    return "status" in get(fmt).options and (progress_recorded or fmt.startswith("ledger"))


def get(fmt: str) -> Exporter:
    if fmt not in EXPORTERS:
        raise UnknownNameError("export format", fmt, list(EXPORTERS))
    return EXPORTERS[fmt]


# -- RDF (graph/rdf.py) ----------------------------------------------------------------------------------

def _rdf(fmt: str) -> Callable[[PropertyGraph, dict], bytes]:
    def write(graph: PropertyGraph, options: dict) -> bytes:
        from . import rdf

        if fmt == "nt":
            return rdf.ntriples(graph).encode("utf-8")
        return rdf.serialize(rdf.to_rdf(graph), fmt).encode("utf-8")

    return write


# -- networkx --------------------------------------------------------------------------------------------

def graphml(graph: PropertyGraph, options: dict) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(analysis.to_networkx(graph), buf, encoding="utf-8")
    return buf.getvalue()


GEXF_RESERVED = ("start", "end", "pid", "viz")  # GEXF reads these as time spells, parents, visuals


def _gexf_attrs(data: dict, drop: tuple[str, ...]) -> dict:
    return {(f"attr_{k}" if k in GEXF_RESERVED else k): v for k, v in data.items() if k not in drop}


def _task_names(g: nx.MultiDiGraph) -> dict[str, str]:
    """Task and assignment nodes named as every page names them (graph/task_label.py): "保障措施 任务2 强化资金保障"
    and "保障措施.2.1", where Gephi showed a title alone and an assignment's id ("d4a1…/t5/1")."""
    from .build import task_of_assignment
    from .task_label import names_of, with_title

    nodes = g.nodes(data=True)
    heads: dict[str, list[tuple]] = {}
    for _n, d in nodes:
        if d["label"] == "Section":
            heads.setdefault(d.get("document_id"), []).append((d.get("span_start"), d.get("title")))
    names = names_of([(d.get("document_id"), n, d.get("label_text"), d.get("span_start"), d.get("numbered"),
                       d.get("seq")) for n, d in nodes if d["label"] == "Task"], heads)
    out = {n: with_title(name["heading"], nodes[n].get("title") or "", name["label"]) for n, name in names.items()}
    for n, d in nodes:
        task = names.get(task_of_assignment(n)) if d["label"] == "Assignment" else None
        if task is not None:
            out[n] = f"{task['key']}.{d.get('seq')}"
    return out


def for_gexf(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF gives some attribute names a meaning of its own (node ``label`` is the display name, edge ``type``
    is directed/undirected): each node gets its name as GEXF label and its node label as ``node_type``,
    each edge its relationship type as ``rel_type``; reserved names get an ``attr_`` prefix."""
    out = nx.MultiDiGraph()
    shown = _task_names(g)
    for node, data in g.nodes(data=True):
        text = shown.get(node) or data.get("name") or data.get("title") or data.get("metric") or data.get("area") \
            or node
        out.add_node(node, **_gexf_attrs(data, ("id", "label")), label=str(text), node_type=data["label"])
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **_gexf_attrs(data, ("type",)), rel_type=data["type"])
    return out


def gexf(graph: PropertyGraph, options: dict) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(for_gexf(analysis.to_networkx(graph)), buf, encoding="utf-8")
    day = analysis.stamp(graph).date().isoformat()
    return re.sub(rb'lastmodifieddate="[0-9-]+"', f'lastmodifieddate="{day}"'.encode(), buf.getvalue(), count=1)


# -- Cypher script -------------------------------------------------------------------------------------------

MENTION_KEY = "span_start"  # relationships with mentions merge on it, as in neo4j_store.rel_merge
_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    text = "".join(_CYPHER_ESCAPES.get(ch, ch if ch >= " " else f"\\u{ord(ch):04x}") for ch in str(value))
    return f"'{text}'"


def _typed(value, prop_type: str):
    """Dates as dates even when a row holds them as ISO strings."""
    if prop_type == schema.DATE and isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value


def _sets(var: str, props: dict, declared: tuple[schema.Prop, ...], skip: tuple[str, ...]) -> str:
    types = {p.name: p.type for p in declared}
    parts = [f"{var}.{k} = {cypher_literal(_typed(v, types.get(k, '')))}"
             for k, v in props.items() if v is not None and k not in skip]
    return " SET " + ", ".join(parts) if parts else ""


def cypher_script(graph: PropertyGraph) -> str:
    """Constraints and indexes, then one MERGE per node and per relationship, values as escaped literals.

    Idempotent like ``load_neo4j``: nodes merge on id, relationships on their endpoints (and mention offset).
    """
    from .neo4j_store import constraint_statements, index_statements

    lines = ["// policykg graph as a Cypher script: cypher-shell -f FILE (running it twice changes nothing)"]
    lines += [s + ";" for s in constraint_statements() + index_statements()]
    for n in schema.NODES:
        for row in graph.rows(n.label):
            lines.append(f"MERGE (n:{n.label} {{id: {cypher_literal(row['id'])}}})"
                         + _sets("n", row, n.props, ("id",)) + ";")
    for r in schema.RELS:
        for rel in graph.rel_rows(r.type):
            start = rel.props.get(MENTION_KEY)
            key = f" {{{MENTION_KEY}: {cypher_literal(start)}}}" if start is not None else ""
            lines.append(f"MATCH (a:{rel.src_label} {{id: {cypher_literal(rel.src)}}}), "
                         f"(b:{rel.dst_label} {{id: {cypher_literal(rel.dst)}}}) "
                         f"MERGE (a)-[r:{r.type}{key}]->(b)" + _sets("r", rel.props, r.props, (MENTION_KEY,)) + ";")
    return "\n".join(lines) + "\n"


def cypher(graph: PropertyGraph, options: dict) -> bytes:
    return cypher_script(graph).encode("utf-8")


# -- CSV: the responsibility matrix, and neo4j-admin import files ---------------------------------------

def matrix_csv(graph: PropertyGraph, options: dict) -> bytes:
    """Units × tasks, cells 牵头/责任/配合; UTF-8 with a BOM so Excel opens the Chinese right. A file for
    spreadsheets: unit names and task labels that would run as formulas are neutralised (graph/cells.py)."""
    columns, rows = analysis.responsibility_matrix(graph)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_cell(x) for x in ["单位", *(label for _, label in columns)]])
    for unit, cells in rows:
        writer.writerow([csv_cell(x) for x in [unit, *(analysis.roles_zh(c) for c in cells)]])
    if options.get("status") is not None:
        writer.writerow([csv_cell(x) for x in ["状态", *task_status(graph, options["status"],
                                                                   [task for task, _ in columns])]])
    return buf.getvalue().encode("utf-8-sig")


def task_status(graph: PropertyGraph, status, task_ids: list[str]) -> list[str]:
    """Per task column: the status of each of its assignments ("19.1 未到期;19.2 已办结")."""
    by_task: dict[str, list[str]] = {}
    for a in analysis.assignments(graph):
        by_task.setdefault(a.task_id, []).append(f"{a.seq} {status.label(a)}")
    return [";".join(by_task.get(task, [])) for task in task_ids]


ADMIN_TYPES = {schema.STRING: "string", schema.INT: "int", schema.FLOAT: "double", schema.BOOL: "boolean",
               schema.DATE: "date", schema.STRINGS: "string[]"}
ARRAY_DELIMITER = ";"


def _admin_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_admin_value(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")


def neo4j_import_files(graph: PropertyGraph) -> dict[str, bytes]:
    """File name → CSV for ``neo4j-admin database import full``, plus ``import.sh`` with the command line.

    One ID space per label (``id:ID(Unit)``), so relationship files name both ends' spaces. Labels and types
    with no rows get no file.
    """
    files: dict[str, bytes] = {}
    for n in schema.NODES:
        rows = graph.rows(n.label)
        if rows:
            header = [f"id:ID({n.label})", *(f"{p.name}:{ADMIN_TYPES[p.type]}" for p in n.props[1:]), ":LABEL"]
            files[f"nodes-{n.label}.csv"] = _csv_bytes(
                header, [[row[p.name] for p in n.props] + [n.label] for row in rows])
    for r in schema.RELS:
        for src, dst in r.pairs:
            rels = [x for x in graph.rel_rows(r.type) if (x.src_label, x.dst_label) == (src, dst)]
            if rels:
                header = [f":START_ID({src})", f":END_ID({dst})", ":TYPE",
                          *(f"{p.name}:{ADMIN_TYPES[p.type]}" for p in r.props)]
                files[f"rels-{r.type}-{src}-{dst}.csv"] = _csv_bytes(
                    header, [[x.src, x.dst, r.type, *(x.props.get(p.name) for p in r.props)] for x in rels])
    files["import.sh"] = _import_script(files).encode("utf-8")
    return files


def _import_script(files: dict[str, bytes]) -> str:
    args = [f"  --nodes={name}" for name in files if name.startswith("nodes-")]
    args += [f"  --relationships={name}" for name in files if name.startswith("rels-")]
    return ("#!/bin/sh\n# Load into an empty database (stop it first); run from this directory.\n"
            f"neo4j-admin database import full --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true \\\n"
            + " \\\n".join(args) + " \\\n  ${1:-neo4j}\n")


def neo4j_import_csv(graph: PropertyGraph, directory: Path | str) -> list[Path]:
    """Write the neo4j-admin import files into ``directory``; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in neo4j_import_files(graph).items():
        (directory / name).write_bytes(data)
        paths.append(directory / name)
    return paths


def neo4j_csv(graph: PropertyGraph, options: dict) -> bytes:
    from .workbook import zip_bytes

    return zip_bytes(sorted(neo4j_import_files(graph).items()), analysis.stamp(graph))


# -- documents for people: workbook, maps, calendar, brief ------------------------------------------------

def xlsx(graph: PropertyGraph, options: dict) -> bytes:
    from .workbook import workbook_bytes

    return workbook_bytes(graph, status=options.get("status"), unit=options.get("unit"))


def _map(fmt: str) -> Callable[[PropertyGraph, dict], bytes]:
    def write(graph: PropertyGraph, options: dict) -> bytes:
        from .maps import render

        return render(graph, fmt, **options)

    return write


def ics(graph: PropertyGraph, options: dict) -> bytes:
    from .calendar import calendar_bytes

    return calendar_bytes(graph, **options)


def _brief(fmt: str) -> Callable[[PropertyGraph, dict], bytes]:
    def write(graph: PropertyGraph, options: dict) -> bytes:
        from . import brief

        text = brief.markdown(graph, **options) if fmt == "md" else brief.html(graph, **options)
        return text.encode("utf-8")

    return write


def _ledger(fmt: str) -> Callable[[PropertyGraph, dict], bytes]:
    """The 督办台账; without a status context, nothing recorded and the document date as reference."""
    def write(graph: PropertyGraph, options: dict) -> bytes:
        from . import ledger
        from .status import StatusContext

        status = options.get("status") or StatusContext(ref=analysis.stamp(graph).date())
        args = (graph, status, options.get("unit"), options.get("window"))
        return ledger.html(*args).encode("utf-8") if fmt == "html" else ledger.workbook_bytes(*args)

    return write


# A corpus of 1,000 documents is 541,000 nodes and relationships. Each whole-graph writer holds its whole file (and
# the graph) in memory: a limit keeps it within about 4 GB, or, for Turtle and JSON-LD, a couple of minutes.
RDF_LIMIT = (100_000, "rdflib holds and sorts every triple to write it (12 minutes and 6.7 GB at 1,000 documents); "
                      "export N-Triples (nt), written as the triples are made, or one document at a time (--document)")
NT_LIMIT = (700_000, "its sorted lines are held to be written (3.2 GB at 1,000 documents); export one document at a "
                     "time (--document)")
NETWORK_LIMIT = (600_000, "networkx holds the whole graph and its XML to write it (3 GB of GEXF at 1,000 documents); "
                          "export one document at a time (--document), or the graph for a database (cypher, neo4j-csv)")
DATABASE_LIMIT = (1_500_000, "the script or files are held to be written (1.4 GB of Cypher at 1,000 documents); load "
                             "the store into Neo4j a document at a time (policykg load-neo4j), or export one document "
                             "at a time (--document)")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAP_OPTIONS = ("unit", "action", "kind")

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("ttl", "RDF 图谱,Turtle 格式 RDF, Turtle", "text/turtle", ".ttl", _rdf("ttl"), limit=RDF_LIMIT),
    Exporter("jsonld", "RDF 图谱,JSON-LD 格式 RDF, JSON-LD", "application/ld+json", ".jsonld", _rdf("jsonld"),
             limit=RDF_LIMIT),
    Exporter("nt", "RDF 图谱,N-Triples 格式 RDF, N-Triples", "application/n-triples", ".nt", _rdf("nt"),
             limit=NT_LIMIT),
    Exporter("graphml", "整个图谱,GraphML(yEd、Gephi、networkx)the whole graph as GraphML", "application/graphml+xml",
             ".graphml", graphml, limit=NETWORK_LIMIT),
    Exporter("gexf", "整个图谱,GEXF(Gephi)the whole graph as GEXF", "application/gexf+xml", ".gexf", gexf,
             limit=NETWORK_LIMIT),
    Exporter("cypher", "在 Neo4j 中重建图谱的 Cypher 脚本(先约束,后 MERGE)a Cypher script that recreates the graph in Neo4j",
             "text/plain", ".cypher", cypher, limit=DATABASE_LIMIT),
    Exporter("csv", "分工矩阵:单位 × 任务(牵头/责任/配合),UTF-8 带 BOM; responsibility matrix, units × tasks", "text/csv", ".csv",
             matrix_csv, ("status",), analysis.VIEW),
    Exporter("neo4j-csv", "neo4j-admin 导入用 CSV 与命令行(ZIP)neo4j-admin import CSVs and the command line", "application/zip",
             ".zip", neo4j_csv, limit=DATABASE_LIMIT),
    Exporter("xlsx", "工作簿:汇总、分工矩阵、每单位一页、按月期限; workbook: summary, matrix, a sheet per unit, deadlines by month", XLSX_TYPE, ".xlsx", xlsx,
             ("unit", "status"), analysis.VIEW),
    Exporter("svg", "单位分工图(kind=co:协作图)organisation-responsibility map (kind=co: co-responsibility)", "image/svg+xml", ".svg",
             _map("svg"), MAP_OPTIONS, analysis.VIEW),
    Exporter("png", "单位分工图 PNG(kind=co:协作图)organisation-responsibility map as PNG", "image/png",
             ".png", _map("png"), MAP_OPTIONS, analysis.VIEW),
    Exporter("ics", "期限日历(iCalendar):每项有期限的分工一个全天事件; deadlines, one all-day event per dated assignment", "text/calendar",
             ".ics", ics, ("unit", "status"), analysis.VIEW),
    Exporter("md", "各单位任务清单,Markdown; per-unit brief, Markdown", "text/markdown", ".md", _brief("md"), ("unit", "status"),
             analysis.VIEW),
    Exporter("html", "各单位任务清单,独立 HTML(可打印,每单位一页)per-unit brief, self-contained HTML", "text/html", ".html", _brief("html"),
             ("unit", "status"), analysis.VIEW),
    Exporter("ledger-html", "督办台账: status, days overdue, blank 办理情况, one printed page per unit", "text/html",
             ".html", _ledger("html"), ("unit", "status", "window"), analysis.VIEW),
    Exporter("ledger-xlsx", "督办台账 workbook, one sheet per unit: the form units fill in and return "
             "(policykg progress import)", XLSX_TYPE, ".xlsx", _ledger("xlsx"), ("unit", "status", "window"),
             analysis.VIEW),
)}
