"""Every export format, keyed by name: the one registry the CLI and the app read (STYLE practice 4).

``export(fmt, graph, **options)`` → bytes; ``write_file(fmt, source, path, **options)`` writes the file, and a
format that streams (``Exporter.stream``: nt, cypher, neo4j-csv, graphml, gexf) writes it as it goes from a
``PropertyGraph`` or from a session's graph read a page at a time (graph/readback.GraphPages), so that neither the
graph nor the file is held. Same graph, same options → same bytes, whichever way: timestamps a format needs (xlsx properties, ics
DTSTAMP, GEXF meta, ZIP entries) come from ``analysis.stamp(graph)``, not the clock.
Format modules are imported when used, so listing the formats needs neither graphviz nor rdflib.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

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
    # (most nodes and relationships, what to do instead) for a file held whole in memory, which takes minutes and
    # gigabytes past it: by its writer (ttl, jsonld, graphml, gexf), or, for a format that streams, as bytes (the
    # app's download); refused at once with the advice rather than run. A streamed file (write_file) has none.
    limit: tuple[int, str] | None = None
    # (graph or GraphPages, options, binary file): writes the file as it goes, holding a page of rows at a time
    stream: Callable[[object, dict, BinaryIO], None] | None = None


# status: a graph/status.StatusContext (progress log, reference date); window: (due from, due to) dates
OPTION_DEFAULTS = {"unit": None, "action": None, "kind": "map", "status": None, "window": None}


def export(fmt: str, graph: PropertyGraph, **options) -> bytes:
    """An option left at its default (None; kind="map") counts as not given; one the format does not take
    is an error rather than silently dropped (a unit= on the csv would otherwise look like a filtered file)."""
    exporter, given = _given(fmt, options)
    check_limit(fmt, sum(len(rows) for rows in graph.nodes.values()) + len(graph.rels))
    return exporter.write(graph, given)


def write_file(fmt: str, source, path: Path | str, **options) -> int:
    """Write the export to ``path`` (through ``path.part``, renamed when complete: a failed export leaves no
    half file); returns its size. ``source``: a PropertyGraph, or, for a format that streams, a GraphPages (the
    corpus's graph read a page at a time), which it writes from as it reads, with no limit."""
    exporter, given = _given(fmt, options)

    def fill(out: BinaryIO) -> None:
        if exporter.stream is not None:
            exporter.stream(source, given, out)
        else:
            out.write(export(fmt, source, **options))

    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/stdout, a pipe: written in place
        with open(path, "wb") as out:
            fill(out)
        return 0
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as out:
            fill(out)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path.stat().st_size


def _given(fmt: str, options: dict) -> tuple[Exporter, dict]:
    exporter = get(fmt)
    unknown = sorted(set(options) - set(OPTION_DEFAULTS))
    if unknown:
        raise UnknownNameError("export option", unknown[0], list(OPTION_DEFAULTS))
    given = {k: v for k, v in options.items() if v is not None and v != OPTION_DEFAULTS[k]}
    extra = sorted(set(given) - set(exporter.options))
    if extra:
        takes = ", ".join(exporter.options) or "none"
        raise PolicyKGError(f"{fmt} export does not take the option {extra[0]!r}; it takes: {takes}")
    return exporter, given


def _held(stream: Callable[[object, dict, BinaryIO], None]) -> Callable[[PropertyGraph, dict], bytes]:
    """A streamed format's bytes: what it writes to a file, written to memory."""
    def write(graph: PropertyGraph, options: dict) -> bytes:
        buf = io.BytesIO()
        stream(graph, options, buf)
        return buf.getvalue()

    return write


def write_lines(lines: Iterable[str], out: BinaryIO, chunk: int = 1 << 20) -> None:
    """Each line and a newline, UTF-8, written about a megabyte at a time."""
    held: list[str] = []
    size = 0
    for line in lines:
        held.append(line)
        size += len(line) + 1
        if size >= chunk:
            out.write(("\n".join(held) + "\n").encode("utf-8"))
            held, size = [], 0
    if held:
        out.write(("\n".join(held) + "\n").encode("utf-8"))


def check_limit(fmt: str, rows: int) -> None:
    """A format whose file is held whole refuses a graph of more ``rows`` (nodes and relationships) than its
    ``limit``, saying what to export instead. graph/sessions.export_graph asks before reading the graph."""
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

        return rdf.serialize(rdf.to_rdf(graph), fmt).encode("utf-8")

    return write


def nt(graph, options: dict, out: BinaryIO) -> None:
    from . import rdf

    rdf.write_ntriples(graph, out)


# -- networkx (graph/network_files.py) ---------------------------------------------------------------------

def graphml(graph, options: dict, out: BinaryIO) -> None:
    from .network_files import write_graphml

    write_graphml(graph, out)


def gexf(graph, options: dict, out: BinaryIO) -> None:
    from .network_files import write_gexf

    write_gexf(graph, out)


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


def cypher_lines(graph) -> Iterator[str]:
    """Constraints and indexes, then one MERGE per node and per relationship, values as escaped literals; made
    as ``graph`` (a PropertyGraph or a GraphPages) gives its rows, every node before any relationship.

    Idempotent like ``load_neo4j``: nodes merge on id, relationships on their endpoints (and mention offset).
    """
    from .neo4j_store import constraint_statements, index_statements

    yield "// policykg graph as a Cypher script: cypher-shell -f FILE (running it twice changes nothing)"
    yield from (s + ";" for s in constraint_statements() + index_statements())
    for n in schema.NODES:
        for row in graph.rows(n.label):
            yield f"MERGE (n:{n.label} {{id: {cypher_literal(row['id'])}}})" + _sets("n", row, n.props, ("id",)) + ";"
    for r in schema.RELS:
        for rel in graph.rel_rows(r.type):
            start = rel.props.get(MENTION_KEY)
            key = f" {{{MENTION_KEY}: {cypher_literal(start)}}}" if start is not None else ""
            yield (f"MATCH (a:{rel.src_label} {{id: {cypher_literal(rel.src)}}}), "
                   f"(b:{rel.dst_label} {{id: {cypher_literal(rel.dst)}}}) "
                   f"MERGE (a)-[r:{r.type}{key}]->(b)" + _sets("r", rel.props, r.props, (MENTION_KEY,)) + ";")


def cypher_script(graph: PropertyGraph) -> str:
    return "".join(f"{line}\n" for line in cypher_lines(graph))


def cypher(graph, options: dict, out: BinaryIO) -> None:
    write_lines(cypher_lines(graph), out)


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


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> bool:
    """The CSV at ``path`` when there are rows (written as they come); False, and no file, when there are none."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return False
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerow([_admin_value(v) for v in first])
        writer.writerows([_admin_value(v) for v in row] for row in rows)
    return True


def neo4j_import_csv(graph, directory: Path | str) -> list[Path]:
    """Write the CSVs for ``neo4j-admin database import full`` into ``directory``, each as ``graph`` (a
    PropertyGraph or a GraphPages) gives its rows, then ``import.sh`` with the command line; returns their paths.

    One ID space per label (``id:ID(Unit)``), so relationship files name both ends' spaces. Labels and types
    with no rows get no file.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for n in schema.NODES:
        header = [f"id:ID({n.label})", *(f"{p.name}:{ADMIN_TYPES[p.type]}" for p in n.props[1:]), ":LABEL"]
        rows = ([row[p.name] for p in n.props] + [n.label] for row in graph.rows(n.label))
        if _write_csv(directory / f"nodes-{n.label}.csv", header, rows):
            names.append(f"nodes-{n.label}.csv")
    for r in schema.RELS:
        for src, dst in r.pairs:
            header = [f":START_ID({src})", f":END_ID({dst})", ":TYPE", *(f"{p.name}:{ADMIN_TYPES[p.type]}" for p in r.props)]
            rows = ([x.src, x.dst, r.type, *(x.props.get(p.name) for p in r.props)]
                    for x in graph.rel_rows(r.type, (src, dst)))
            if _write_csv(directory / f"rels-{r.type}-{src}-{dst}.csv", header, rows):
                names.append(f"rels-{r.type}-{src}-{dst}.csv")
    (directory / "import.sh").write_bytes(_import_script(names).encode("utf-8"))
    return [directory / name for name in [*names, "import.sh"]]


def _import_script(files: list[str]) -> str:
    args = [f"  --nodes={name}" for name in files if name.startswith("nodes-")]
    args += [f"  --relationships={name}" for name in files if name.startswith("rels-")]
    return ("#!/bin/sh\n# Load into an empty database (stop it first); run from this directory.\n"
            f"neo4j-admin database import full --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true \\\n"
            + " \\\n".join(args) + " \\\n  ${1:-neo4j}\n")


def neo4j_csv(graph, options: dict, out: BinaryIO) -> None:
    """The import files in a ZIP, entries in name order: each CSV is written to a temporary folder first, so
    that its entry is made from a file of known size, as from bytes (graph/workbook.StampedZip.write)."""
    from .workbook import StampedZip

    with tempfile.TemporaryDirectory(prefix="policykg-neo4j-csv-") as folder:
        paths = neo4j_import_csv(graph, folder)
        with StampedZip(out, analysis.stamp(graph)) as zf:
            for path in sorted(paths, key=lambda p: p.name):
                zf.write(path, path.name)


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
# N-Triples, the Cypher script and the neo4j-admin files stream to a file (write_file, the command line) with no
# limit; held whole as bytes (the app's download), they keep one.
STREAMED = "the command line writes it to a file as it goes, with no limit: policykg export {fmt} -o FILE"
NT_LIMIT = (700_000, "the file is held to be downloaded (512 MB at 1,000 documents); " + STREAMED.format(fmt="nt")
            + ", or export one document at a time (--document)")
NETWORK_LIMIT = (600_000, "the file is held to be downloaded (285 MB of GEXF at 1,000 documents); "
                 + STREAMED.format(fmt="graphml or gexf") + "; or export one document at a time (--document)")
DATABASE_LIMIT = (1_500_000, "the file is held to be downloaded (153 MB of Cypher at 1,000 documents); "
                   + STREAMED.format(fmt="cypher or neo4j-csv") + "; or load the store into Neo4j a document at a time "
                   "(policykg load-neo4j), or export one document at a time (--document)")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAP_OPTIONS = ("unit", "action", "kind")

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("ttl", "RDF 图谱,Turtle 格式 RDF, Turtle", "text/turtle", ".ttl", _rdf("ttl"), limit=RDF_LIMIT),
    Exporter("jsonld", "RDF 图谱,JSON-LD 格式 RDF, JSON-LD", "application/ld+json", ".jsonld", _rdf("jsonld"),
             limit=RDF_LIMIT),
    Exporter("nt", "RDF 图谱,N-Triples 格式 RDF, N-Triples", "application/n-triples", ".nt", _held(nt),
             limit=NT_LIMIT, stream=nt),
    Exporter("graphml", "整个图谱,GraphML(yEd、Gephi、networkx)the whole graph as GraphML", "application/graphml+xml",
             ".graphml", _held(graphml), limit=NETWORK_LIMIT, stream=graphml),
    Exporter("gexf", "整个图谱,GEXF(Gephi)the whole graph as GEXF", "application/gexf+xml", ".gexf", _held(gexf),
             limit=NETWORK_LIMIT, stream=gexf),
    Exporter("cypher", "在 Neo4j 中重建图谱的 Cypher 脚本(先约束,后 MERGE)a Cypher script that recreates the graph in Neo4j",
             "text/plain", ".cypher", _held(cypher), limit=DATABASE_LIMIT, stream=cypher),
    Exporter("csv", "分工矩阵:单位 × 任务(牵头/责任/配合),UTF-8 带 BOM; responsibility matrix, units × tasks", "text/csv", ".csv",
             matrix_csv, ("status",), analysis.VIEW),
    Exporter("neo4j-csv", "neo4j-admin 导入用 CSV 与命令行(ZIP)neo4j-admin import CSVs and the command line", "application/zip",
             ".zip", _held(neo4j_csv), limit=DATABASE_LIMIT, stream=neo4j_csv),
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
