"""Every export format, read back with a real reader and checked for content.

Facts from the sample document (data/samples/qingdao-2024-industry-nine-actions.txt), read by hand:
- 任务19 has three attributions, all 牵头单位:市工业和信息化局, 责任单位 市发展改革委 (+ chain task forces).
- 市财政局 is 牵头 in exactly four attributions: 任务8 (完成时限:2024年6月), 任务14 2nd clause (2024年11月), and
  the 3rd (2024年9月) and 4th (全年) attribution under 保障措施; it is never 责任 or 配合.
- The document is dated 2024-04-03 (the web page's date line), which fixes every timestamp a format needs.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import struct
import zipfile
from datetime import date, datetime, timedelta

import networkx as nx
import openpyxl
import pytest
from icalendar import Calendar
from lxml import etree
from lxml import html as lxml_html

from graph import analysis, exporters, schema
from graph.build import PropertyGraph, unit_id
from graph.workbook import sheet_title
from ingest.errors import PolicyKGError, UnknownNameError

MIIT, NDRC, FINANCE = "市工业和信息化局", "市发展改革委", "市财政局"
FINANCE_ID = unit_id(FINANCE, "青岛市")  # a unit is its name in its place
FINANCE_DUE = {("任务8", date(2024, 6, 30)), ("任务14", date(2024, 11, 30)), ("保障措施", date(2024, 9, 30)),
               ("保障措施", date(2024, 12, 31))}
SVG = "{http://www.w3.org/2000/svg}"
ALL_FORMATS = ["ttl", "jsonld", "nt", "graphml", "gexf", "cypher", "csv", "neo4j-csv", "xlsx", "svg", "png", "ics",
               "md", "html", "ledger-html", "ledger-xlsx"]


@pytest.fixture(scope="module")
def out(sample_graph):
    """Exports of the sample, made once per (format, options)."""
    cache: dict = {}

    def get(fmt: str, **options) -> bytes:
        key = (fmt, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = exporters.export(fmt, sample_graph, **options)
        return cache[key]

    return get


def finance_clauses(graph: PropertyGraph) -> dict[str, str]:
    """市财政局's assignments straight from the relationships (not through graph.analysis)."""
    ids = {r.dst for t in schema.ROLE_RELS.values() for r in graph.rel_rows(t) if r.src == FINANCE_ID}
    return {row["id"]: row["text"] for row in graph.rows("Assignment") if row["id"] in ids}


# -- the registry ------------------------------------------------------------------------------------------

def test_registry_has_every_format_described():
    assert set(exporters.EXPORTERS) == set(ALL_FORMATS)
    for name, e in exporters.EXPORTERS.items():
        assert e.name == name and e.description and "/" in e.media_type and e.suffix.startswith(".")


def test_unknown_format_lists_the_valid_ones(sample_graph):
    with pytest.raises(UnknownNameError) as err:
        exporters.export("docx", sample_graph)
    assert sorted(err.value.valid) == sorted(ALL_FORMATS)
    assert "unknown export format 'docx'" in str(err.value) and "graphml" in str(err.value)


def test_options_a_format_does_not_take_are_refused(sample_graph):
    with pytest.raises(PolicyKGError, match="csv export does not take the option 'unit'"):
        exporters.export("csv", sample_graph, unit=FINANCE)
    with pytest.raises(UnknownNameError, match="colour"):
        exporters.export("svg", sample_graph, colour="red")
    assert exporters.export("csv", sample_graph, kind="map", unit=None)  # defaults count as not given


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_same_input_gives_same_bytes(fmt, sample_graph, sample_store):
    first = exporters.export(fmt, sample_graph)
    assert first == exporters.export(fmt, sample_graph)
    assert first == exporters.export(fmt, sample_store.graph()), "a rebuilt graph must export identically"


@pytest.mark.parametrize("fmt,options", [("svg", {"unit": FINANCE}), ("png", {"kind": "co"}),
                                         ("ics", {"unit": FINANCE}), ("html", {"unit": FINANCE})])
def test_same_input_gives_same_bytes_with_options(fmt, options, sample_graph):
    assert exporters.export(fmt, sample_graph, **options) == exporters.export(fmt, sample_graph, **options)


# -- networkx formats ----------------------------------------------------------------------------------------

def test_graphml_reads_back_with_the_same_nodes_and_edges(out, sample_graph):
    g = nx.read_graphml(io.BytesIO(out("graphml")))
    expected = analysis.to_networkx(sample_graph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert isinstance(g, nx.MultiDiGraph)
    node = g.nodes[FINANCE_ID]
    assert (node["label"], node["name"]) == ("Unit", FINANCE)
    assert sorted(node["aliases"].split("|")) == sorted(["青岛市财政局", "财政局"])
    due = {d["due_end"] for _, d in g.nodes(data=True) if d["label"] == "Assignment"}
    assert {"2024-03-31", "2024-12-31"} <= due


def test_graphml_and_gexf_are_the_graph_networkx_writes(tmp_path):
    """GraphML and GEXF are written as the graph's rows are read (graph/network_files.py), where networkx held the
    whole graph and its XML (3 GB of GEXF at 1,000 documents). Read back by networkx, on documents of several
    layouts (numbering restarting per part, a table, a province's plan), each file is the graph networkx wrote of
    ``analysis.to_networkx``: every node with every attribute, every edge with its key and attributes. GEXF's
    renames are networkx's: the node label is ``node_type``, the relationship type ``rel_type``, the key
    ``networkx_key``; its GEXF label is the name every page shows."""
    from conftest import ROOT, SAMPLE

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, *(ROOT / "tests" / "documents" / n for n in (
        "section_restart.txt", "anhui-province-trade.txt", "articles.txt", "action_parts.txt"))])
    graph = store.graph()
    expected = analysis.to_networkx(graph)
    assert len(graph.rows("Document")) == 5 and expected.number_of_edges() > 500

    g = nx.read_graphml(io.BytesIO(exporters.export("graphml", graph)))
    assert dict(g.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)} == \
        {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)}
    assert any(k.endswith("-2") for _, _, k in g.edges(keys=True)), "a repeat between two nodes keeps its key"

    g = nx.read_gexf(io.BytesIO(exporters.export("gexf", graph)))
    assert set(g.nodes) == set(expected.nodes)
    for node, data in expected.nodes(data=True):
        read = dict(g.nodes[node])
        assert read.pop("node_type") == data["label"] and read.pop("label")
        assert read == {k: v for k, v in data.items() if k not in ("id", "label")}, node
    edges = {(u, v, k): dict(d) for u, v, k, d in g.edges(keys=True, data=True)}  # networkx_key read as the key
    for d in edges.values():
        d["type"] = d.pop("rel_type")
        d.pop("id", None)
    assert edges == {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)}


def test_gexf_reads_back_with_the_same_nodes_and_edges(out, sample_graph):
    g = nx.read_gexf(io.BytesIO(out("gexf")))
    expected = analysis.to_networkx(sample_graph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (expected.number_of_nodes(), expected.number_of_edges())
    node = g.nodes[FINANCE_ID]
    assert (node["label"], node["node_type"]) == (FINANCE, "Unit")
    rel_types = {d["rel_type"] for _, _, d in g.edges(data=True)}
    assert {"LEADS", "RESPONSIBLE_FOR", "HAS_ASSIGNMENT"} <= rel_types
    assert b'lastmodifieddate="2024-04-03"' in out("gexf")


def test_gexf_names_tasks_and_assignments_as_every_page_does(tmp_path):
    """In Gephi a task showed its title alone and an assignment its id ("d4a1…/t5/1"): where numbers restart per
    section the two task 2s are "重点任务 任务2 …" and "保障措施 任务2 …", their assignments 重点任务.2.1 and 保障措施.2.1."""
    from conftest import ROOT

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([ROOT / "tests" / "documents" / "section_restart.txt"])
    g = nx.read_gexf(io.BytesIO(exporters.export("gexf", store.graph())))
    shown = {d["node_type"]: set() for _, d in g.nodes(data=True)}
    for _, d in g.nodes(data=True):
        shown[d["node_type"]].add(d["label"])
    assert {"重点任务 任务2 建设智慧港口", "保障措施 任务2 强化资金保障"} <= shown["Task"]
    assert shown["Assignment"] == {"重点任务.1.1", "重点任务.2.1", "重点任务.3.1", "保障措施.1.1", "保障措施.2.1"}


def test_markdown_brief_cites_each_document_on_its_own_line(tmp_path):
    """A unit's brief over two documents rendered its 来源 lines as one run-on paragraph."""
    from conftest import ROOT, SAMPLE
    from markdown_it import MarkdownIt

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt"])
    text = exporters.export("md", store.graph(), unit="市财政局").decode("utf-8")
    cited = [p for p in re.findall(r"<p>(.*?)</p>", MarkdownIt().render(text), re.S) if "来源" in p]
    assert len(cited) == 2 and all(p.count("来源") == 1 for p in cited), cited


# -- Cypher ----------------------------------------------------------------------------------------------------

def test_cypher_script_is_constraints_then_one_merge_per_node_and_relationship(out, sample_graph):
    lines = out("cypher").decode("utf-8").splitlines()
    body = [ln for ln in lines if not ln.startswith("//")]
    assert all(ln.endswith(";") for ln in body)
    schema_lines = [ln for ln in body if ln.startswith("CREATE ")]
    assert body[: len(schema_lines)] == schema_lines, "constraints and indexes come first"
    assert {f"FOR (n:{n.label}) REQUIRE n.id IS UNIQUE" in " ".join(schema_lines) for n in schema.NODES} == {True}
    merges = body[len(schema_lines):]
    assert all(ln.startswith(("MERGE (n:", "MATCH (a:")) and "MERGE" in ln for ln in merges)
    assert len(merges) == sum(len(label) for label in sample_graph.nodes.values()) + len(sample_graph.rels)
    finance = next(ln for ln in merges if ln.startswith(f"MERGE (n:Unit {{id: '{FINANCE_ID}'}})"))
    assert f"n.name = '{FINANCE}'" in finance
    assert "n.due_end = date('2024-09-30')" in "\n".join(merges)


def test_cypher_literals_are_escaped():
    graph = PropertyGraph()
    graph.add_node("Unit", {"id": "unit:x", "name": "O'Neil \\ 局\n二\x01", "kind": "unknown", "aliases": ["a'b"],
                            "known": False})
    script = exporters.cypher_script(graph)
    assert ("MERGE (n:Unit {id: 'unit:x'}) SET n.name = 'O\\'Neil \\\\ 局\\n二\\u0001', n.kind = 'unknown', "
            "n.aliases = ['a\\'b'], n.known = false;") in script.splitlines()


@pytest.mark.neo4j
def test_cypher_script_recreates_the_graph_in_neo4j(neo4j_sample, sample_graph):
    from conftest import replace_neo4j_graph

    conn = neo4j_sample.conn
    statements = [ln[:-1] for ln in exporters.cypher_script(sample_graph).splitlines() if not ln.startswith("//")]
    with conn.driver() as driver, driver.session(database=conn.database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
        for s in (s for s in statements if s.startswith("CREATE ")):
            session.run(s).consume()
        for _ in range(2):  # twice: the second run must change nothing
            with session.begin_transaction() as tx:
                for s in (s for s in statements if not s.startswith("CREATE ")):
                    tx.run(s).consume()
                tx.commit()
            assert neo4j_sample.counts() == sample_graph.counts()
        due = session.run("MATCH (a:Assignment {id: $id}) RETURN a.due_end",
                          id=next(iter(finance_clauses(sample_graph)))).single()[0]
        assert due.to_native().year == 2024
        scripted = _everything(session)
    replace_neo4j_graph(conn, sample_graph)  # leave the database as the fixture made it: emptied, then loaded
    assert neo4j_sample.counts() == sample_graph.counts()
    with conn.driver() as driver, driver.session(database=conn.database) as session:
        loaded = _everything(session)
    for part, a, b in (("nodes", scripted[0], loaded[0]), ("relationships", scripted[1], loaded[1])):
        differ = [(x, y) for x, y in zip(a, b, strict=False) if x != y][:2]
        assert len(a) == len(b) and not differ, (part, differ)


def _everything(session) -> tuple[list, list]:
    """Every node and relationship with its properties; load-neo4j's stamp of the schema it loaded under (a
    server's bookkeeping, graph/neo4j_store.STAMP) left out."""
    from graph.neo4j_store import STAMP

    nodes = sorted((sorted(r["labels"]), r["id"], sorted((k, repr(v)) for k, v in r["props"].items() if k != STAMP))
                   for r in session.run("MATCH (n) RETURN labels(n) AS labels, n.id AS id, properties(n) AS props"))
    rels = sorted((r["type"], r["a"], r["b"], sorted((k, repr(v)) for k, v in r["props"].items()))
                  for r in session.run("MATCH (x)-[r]->(y) RETURN type(r) AS type, x.id AS a, y.id AS b, "
                                       "properties(r) AS props"))
    return nodes, rels


# -- CSV ------------------------------------------------------------------------------------------------------

def test_matrix_csv_has_one_row_per_unit_with_assignments(out, sample_graph):
    data = out("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header == ["单位", *(f"任务{i}" for i in range(1, 29)), "保障措施"]
    assert [r[0] for r in body] == [w["unit"] for w in analysis.workload(sample_graph)]
    assert len(body) == len({r.src for t in schema.ROLE_RELS.values() for r in sample_graph.rel_rows(t)})
    cell = {(r[0], h): v for r in body for h, v in zip(header, r, strict=True)}
    assert (cell[(MIIT, "任务19")], cell[(NDRC, "任务19")]) == ("牵头", "责任")
    assert cell[(MIIT, "任务17")] == "牵头/责任"
    assert {h for (u, h), v in cell.items() if u == FINANCE and v and h != "单位"} == {"任务8", "任务14", "保障措施"}


def test_neo4j_admin_import_files(out, sample_graph, tmp_path):
    with zipfile.ZipFile(io.BytesIO(out("neo4j-csv"))) as zf:
        files = {name: zf.read(name).decode("utf-8") for name in zf.namelist()}
    units = list(csv.reader(io.StringIO(files["nodes-Unit.csv"])))
    assert units[0] == ["id:ID(Unit)", "name:string", "place:string", "full_name:string", "kind:string",
                        "aliases:string[]", "known:boolean", ":LABEL"]
    assert len(units) - 1 == sample_graph.counts()["Unit"]
    miit = next(r for r in units if r[1] == MIIT)
    assert "市工信局" in miit[units[0].index("aliases:string[]")].split(";")
    assignment_header = next(csv.reader(io.StringIO(files["nodes-Assignment.csv"])))
    assert {"seq:int", "due_end:date", "leaders:string[]", "open_ended:boolean"} <= set(assignment_header)
    leads = list(csv.reader(io.StringIO(files["rels-LEADS-Unit-Assignment.csv"])))
    assert leads[0][:3] == [":START_ID(Unit)", ":END_ID(Assignment)", ":TYPE"]
    assert len(leads) - 1 == sample_graph.counts()["LEADS"]
    assert all(f"--nodes={n}" in files["import.sh"] for n in files if n.startswith("nodes-"))
    written = exporters.neo4j_import_csv(sample_graph, tmp_path)
    assert {p.name for p in written} == set(files)
    assert (tmp_path / "nodes-Unit.csv").read_text(encoding="utf-8") == files["nodes-Unit.csv"]


# -- xlsx -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(out):
    return openpyxl.load_workbook(io.BytesIO(out("xlsx")))


def test_matrix_sheet_cells_and_layout(workbook):
    ws = workbook["矩阵 Matrix"]
    header = [c.value for c in ws[1]]
    row_of = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    col19 = header.index("任务19") + 1
    assert ws.cell(row_of[MIIT], col19).value == "牵头 Lead"
    assert ws.cell(row_of[NDRC], col19).value == "责任 Responsible"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{ws.max_row}"
    lead_fill = ws.cell(row_of[MIIT], col19).fill.fgColor.rgb
    assert lead_fill != ws.cell(row_of[NDRC], col19).fill.fgColor.rgb
    assert ws.column_dimensions["A"].width >= 2 * len("国家金融监管总局青岛监管局")


def test_unit_sheet_lists_exactly_its_assignments(workbook, sample_graph):
    ws = workbook[FINANCE]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert {(r["任务 Task"], date.fromisoformat(r["截止日期 Due date"])) for r in rows} == FINANCE_DUE
    assert len(rows) == 4 and {r["角色 Role"] for r in rows} == {"牵头 Lead"}
    assert sorted(r["条款内容 Clause"] for r in rows) == sorted(finance_clauses(sample_graph).values())
    assert ws.freeze_panes == "A2"


def test_summary_and_deadline_sheets(workbook):
    ws = workbook["汇总 Summary"]
    total_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "合计 Total")
    miit = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == MIIT)
    assert [ws.cell(2, total_col + i).value for i in range(3)] == ["牵头 Lead", "责任 Responsible", "配合 Cooperating"]
    assert (ws.cell(miit, total_col).value, ws.cell(miit, total_col + 1).value) == (37, 1)
    months = [r[0] for r in workbook["按月截止 Deadlines by month"].iter_rows(min_row=2, values_only=True)]
    assert len(months) == 40 and months == sorted(months) and months[0] == "2024-03"
    assert workbook.properties.created == workbook.properties.modified == datetime(2024, 4, 3)


def test_deadline_sheet_names_each_assignment_as_every_page_does(tmp_path):
    """The 按月截止 sheet's 任务 column said 任务19 for both 19.1 and 19.2 (and 任务2 for 重点任务.2.1 and
    保障措施.2.1): each row now carries the assignment's name (queries/contract.assignment_name), its document in
    front when the workbook holds several, so no two rows read alike."""
    from conftest import ROOT, SAMPLE

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt"])
    graph = store.graph()
    ws = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", graph)))["按月截止 Deadlines by month"]
    header = [c.value for c in ws[1]]
    names = [row[header.index("任务 Task")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert len(names) == len(set(names)) == len(graph.rows("Assignment"))
    docs = {d["title"]: d.get("doc_number") or d["title"][:12] for d in graph.rows("Document")}
    sample = next(v for k, v in docs.items() if "九大" in k or "产业" in k)
    restart = next(v for v in docs.values() if v != sample)
    assert {f"{sample} 19.1", f"{sample} 19.2", f"{restart} 重点任务.2.1", f"{restart} 保障措施.2.1"} <= set(names)
    assert not any(n.split(" ")[-1].startswith("任务") for n in names)


def test_a_plan_in_parts_groups_its_tasks_under_its_parts_as_the_document_page_does(tmp_path):
    """A plan written in parts (二、重点任务, 三、保障措施) with no 行动 had every task under one heading 行动之外
    ("outside any action") in the workbook's summary and in the map: they are grouped under their parts, as the
    Document page's outline shows them; beside a plan of 行动, its actions come first and what stands outside
    them (its 保障措施) last."""
    from conftest import ROOT, SAMPLE

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([ROOT / "tests" / "documents" / "section_restart.txt"])
    graph = store.graph()
    summary = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", graph)))["汇总 Summary"]
    groups = [c.value for c in summary[1][1:] if c.value]
    assert groups == ["二、重点任务", "三、保障措施", "合计 Total"]
    ocean = next(r for r in range(3, summary.max_row + 1) if summary.cell(r, 1).value == "市海洋发展局")
    assert [summary.cell(ocean, c).value for c in range(2, 8)] == [1, 1, None, 1, 1, None], \
        "牵头 1 and 责任 1 under each part"
    texts = svg_texts(exporters.export("svg", graph))
    assert "二、重点任务" in texts and "三、保障措施" in texts and not any(t.startswith("行动之外") for t in texts)
    store.ingest_paths([SAMPLE])
    summary = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", store.graph())))["汇总 Summary"]
    groups = [c.value for c in summary[1][1:] if c.value]
    # two documents: each group named by its document's 文号 (the sample's 青办发〔2024〕3号)
    assert groups[9:] == ["青办发〔2024〕3号 行动之外 Outside actions", "青政办发〔2026〕31号 二、重点任务",
                          "青政办发〔2026〕31号 三、保障措施", "合计 Total"]
    assert all(g.startswith("青办发〔2024〕3号 ") and g.endswith("行动") for g in groups[:9]), groups


def _copies(one: PropertyGraph, n: int) -> PropertyGraph:
    """``n`` copies of a one-document graph, ids renamed: its documents, sections, actions, tasks and
    assignments, the units shared, as n documents of one place would be stored (their assignments' role
    relationships and HAS_ASSIGNMENT copied; what the workbook reads)."""
    import dataclasses

    from graph.build import Rel

    (doc,) = [d["id"] for d in one.rows("Document")]
    graph = PropertyGraph()
    graph.nodes["Unit"] = dict(one.nodes["Unit"])
    for k in range(n):
        def moved(value, k=k):
            return value.replace(doc, f"{doc}{k:03d}") if isinstance(value, str) and doc in value else value
        for label in ("Document", "Section", "Action", "Task", "Assignment"):
            for row in one.rows(label):
                copy_ = {key: moved(v) for key, v in row.items()}
                graph.nodes[label][copy_["id"]] = copy_
        for key, rel in one.rels.items():
            if rel.type in ("HAS_ASSIGNMENT", *schema.ROLE_RELS.values()):
                graph.rels[(key, k)] = dataclasses.replace(rel, src=moved(rel.src), dst=moved(rel.dst))
    assert isinstance(next(iter(graph.rels.values())), Rel)
    return graph


def test_a_corpus_of_more_actions_than_excel_has_columns_gets_a_summary_a_row_per_unit_and_action(sample_graph):
    """At 1,000 documents of nine actions the summary needed three columns an action, 27,000; openpyxl refused
    the workbook past 18,278 ("internal error (ValueError: Invalid column index 18279)" from ``export xlsx``).
    The sample copied as 610 documents (5,490 actions, 16,471 columns): a row per unit and action it has a role
    in, with its three counts, then the unit's total, the counts those of the sample times 610."""
    graph = _copies(sample_graph, 610)
    wb = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", graph)), read_only=True)
    summary = list(wb["汇总 Summary"].iter_rows(values_only=True))
    assert summary[0] == ("单位 Unit", "行动 Action", "牵头 Lead", "责任 Responsible", "配合 Cooperating")
    assert wb["汇总 Summary"].max_column == 5
    one = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", sample_graph)), read_only=True)
    head, roles, *sample = list(one["汇总 Summary"].iter_rows(values_only=True))
    total = head.index("合计 Total")
    expected = {row[0]: tuple(610 * (v or 0) for v in row[total:total + 3]) for row in sample}
    totals = {row[0]: tuple(v or 0 for v in row[2:]) for row in summary[1:] if row[1] == "合计 Total"}
    assert totals == expected and len(totals) == len(analysis.units_with_assignments(sample_graph))
    (miit_sample,) = [row[1:total] for row in sample if row[0] == MIIT]
    actions = sum(1 for i in range(0, len(miit_sample), 3) if any(miit_sample[i:i + 3]))
    miit = [row for row in summary[1:] if row[0] == MIIT and row[1] != "合计 Total"]
    assert len(miit) == 610 * actions and sum(row[2] or 0 for row in miit) == 610 * 37
    assert wb["矩阵 Matrix"].max_column <= 16_384  # 610 × 29 tasks: turned too


def test_a_matrix_wider_than_excel_both_ways_says_so_in_its_sheet(sample_graph, monkeypatch):
    """More tasks and more units than Excel has columns (some 16,400 of each, a corpus of many places) leave no
    way to lay out the grid: the sheet says so and what to export instead, and the other sheets are written.
    Excel's width lowered to 20 so the sample (29 tasks, more than 20 units) is that corpus."""
    from graph import workbook

    monkeypatch.setattr(workbook, "EXCEL_COLUMNS", 20)
    assert len(analysis.units_with_assignments(sample_graph)) > 20
    wb = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", sample_graph)), read_only=True)
    (note,) = list(wb["矩阵 Matrix"].iter_rows(values_only=True))
    assert note[0].startswith("矩阵过大：29 个任务 × ") and "one unit's workbook" in note[0]
    assert wb["汇总 Summary"].max_column == 5 and len(list(wb["按月截止 Deadlines by month"].iter_rows())) == 41


def test_a_corpus_of_more_tasks_than_excel_has_columns_gets_its_matrix_turned(tmp_path):
    """At 1,000 documents (29 tasks each) the units × tasks matrix needed 29,000 columns; Excel has 16,384 and
    openpyxl refused to write the workbook past 18,278 ("Invalid column index"). One real document of 999 tasks, stored and
    read back, then copied as 17 documents (ids renamed; 16,983 tasks, columns Excel cannot open): the matrix
    has a task a row and the units across."""
    from graph.store import Store

    text = ["青岛市关于推进重点工作的通知", "青政发〔2024〕9号", "", "一、重点任务"]
    units = ["市财政局", "市商务局", "市科技局"]
    text += [f"  {i}. 推进第{i}项工作。(牵头单位:{units[i % 3]};完成时限:2024年{i % 12 + 1}月)" for i in range(1, 1000)]
    (tmp_path / "wide.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_paths([tmp_path / "wide.txt"])
    graph = _copies(store.graph(), 17)
    assert len(graph.rows("Task")) == 17 * 999 > 16_384
    wb = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", graph)), read_only=True)
    matrix = list(wb["矩阵 Matrix"].iter_rows(values_only=True))
    assert wb["矩阵 Matrix"].max_column <= 16_384
    assert matrix[0] == ("任务 Task", *analysis.units_with_assignments(graph))
    assert len(matrix) == 1 + 17 * 999
    assert sum(1 for row in matrix[1:] for cell in row[1:] if cell == "牵头 Lead") == 17 * 999


def test_one_units_workbook_holds_its_own_assignments_only(out, sample_graph):
    """The Units page offers a unit's workbook and the CLI refused ``export xlsx --unit``: the same sheets now,
    over the unit's own assignments (named by its alias here)."""
    wb = openpyxl.load_workbook(io.BytesIO(out("xlsx", unit="市财政局")))
    assert wb.sheetnames == ["汇总 Summary", "矩阵 Matrix", "按月截止 Deadlines by month", FINANCE]
    summary = [ws_row[0] for ws_row in wb["汇总 Summary"].iter_rows(min_row=3, values_only=True)]
    assert summary == [FINANCE]
    matrix = wb["矩阵 Matrix"]
    assert [matrix.cell(r, 1).value for r in range(2, matrix.max_row + 1)] == [FINANCE]
    assert matrix.max_column - 1 == len({t for t, _ in FINANCE_DUE}), "the tasks it has a role in, no others"
    assert all(matrix.cell(2, c).value for c in range(2, matrix.max_column + 1))
    deadlines = list(wb["按月截止 Deadlines by month"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[-1] for r in deadlines) == sorted(finance_clauses(sample_graph).values())
    with pytest.raises(PolicyKGError, match="unit"):
        exporters.export("xlsx", sample_graph, unit="市不存在局")


def test_a_corpus_export_reads_the_store_and_is_the_file_its_documents_build(tmp_path):
    """Exporting the corpus rebuilt the whole property graph from every stored document (a workbook at 1,000
    documents read all of them for the seventh of the graph it shows): it now reads from the store's graph what
    the format needs (``Exporter.reads``). Three real documents: every format's file, whole and for one unit, is
    byte for byte the one the rebuilt graph gives, and the formats about assignments read no goals, indicators
    or concepts."""
    from conftest import ROOT, SAMPLE

    from graph.sessions import export_graph
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt",
                        ROOT / "tests" / "documents" / "anhui-province-trade.txt"])
    built = store.graph()
    for fmt, exporter in exporters.EXPORTERS.items():
        read = export_graph(fmt, store)
        if exporter.reads is None:
            assert read.counts() == built.counts(), fmt
        else:
            assert not read.rows("Indicator") and not read.rows("Goal") and built.rows("Indicator"), fmt
            assert set(analysis.VIEW[0]) <= {label for label, n in read.counts().items() if n}, fmt
        assert exporters.export(fmt, read) == exporters.export(fmt, built), fmt
        if "unit" in exporter.options:
            assert exporters.export(fmt, read, unit=FINANCE) == exporters.export(fmt, built, unit=FINANCE), fmt
    doc = store.manifest()[0].id
    assert export_graph("xlsx", store, document_id=doc).counts() == store.graph(doc).counts()


def test_ntriples_are_written_without_an_rdf_graph_and_are_the_same_lines(tmp_path):
    """A 1,000-document corpus's RDF took 6.7 GB in rdflib's graph: N-Triples are written from the triples as
    they are made, the file line for line what rdflib's writer gave, on three real documents with text that
    needs escaping (quotes, backslashes, a line separator)."""
    from conftest import ROOT, SAMPLE

    from graph import rdf
    from graph.store import Store

    (tmp_path / "odd.txt").write_text(
        "青岛市关于推进重点工作的通知\n青政发〔2024〕9号\n\n一、重点任务\n"
        "  1. 推进\"数字\\经济\"\u2028发展。(牵头单位:市财政局;完成时限:2024年5月)\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt", tmp_path / "odd.txt"])
    graph = store.graph()
    data = exporters.export("nt", graph)
    assert data.decode("utf-8") == rdf.serialize(rdf.to_rdf(graph), "nt")
    assert len(data.splitlines()) > 4000 and "\\\\" in data.decode("utf-8")


STREAMED = ("nt", "cypher", "neo4j-csv", "graphml", "gexf")


def test_streamed_exports_are_the_held_files_byte_for_byte(tmp_path):
    """N-Triples, the Cypher script, the neo4j-admin files, GraphML and GEXF are written to their file as the store's
    graph is read
    a page at a time (graph/readback.GraphPages), the N-Triples sorted through runs on disk: on three real
    documents each file is byte for byte the one made from the whole graph held, whatever the page (two rows: pages
    end inside a task's several mentions of one industry, which are then read whole) and however few lines a run
    of N-Triples holds; rdflib reads the N-Triples back."""
    from conftest import ROOT, SAMPLE
    from rdflib import Graph

    from graph import rdf
    from graph.readback import GraphPages
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt",
                        ROOT / "tests" / "documents" / "anhui-province-trade.txt"])
    graph = store.graph()
    mentions = [(r.src, r.dst) for r in graph.rel_rows("CONCERNS")]
    assert len(mentions) > len(set(mentions)), "a task names one industry twice: a pair of nodes spans pages"
    held = {fmt: exporters.export(fmt, graph) for fmt in STREAMED}
    session = store.open_graph()
    try:
        for page in (2, 9, 10_000):
            for fmt in ("cypher", "neo4j-csv", "graphml", "gexf"):
                path = tmp_path / f"{page}.{fmt}"
                assert exporters.write_file(fmt, GraphPages(session, page), path) == len(held[fmt])
                assert path.read_bytes() == held[fmt], (fmt, page)
        out = io.BytesIO()
        rdf.write_ntriples(GraphPages(session, 50), out, run=300)
        assert out.getvalue() == held["nt"]
        assert out.getvalue().count(b"\n") > 10 * 300, "ten runs and more merged"
    finally:
        session.close()
    assert len(Graph().parse(data=held["nt"].decode("utf-8"), format="nt")) == held["nt"].count(b"\n")
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.neo4j
def test_streamed_exports_from_a_neo4j_server_are_the_store_s(neo4j_sample, sample_store, sample_graph, tmp_path,
                                                              monkeypatch):
    """``export nt|cypher|neo4j-csv --neo4j-uri`` reads the server's graph a page at a time as well (keyset pages
    in Cypher, pages of seven rows here): the files are byte for byte those of the store's graph."""
    from graph.sessions import write_export

    monkeypatch.setenv("POLICYKG_EXPORT_BATCH", "7")
    for fmt in STREAMED:
        path = tmp_path / f"n{exporters.get(fmt).suffix}"
        write_export(fmt, sample_store, path, neo4j_sample)
        assert path.read_bytes() == exporters.export(fmt, sample_graph), fmt


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """A store of 200 synthetic documents (bench/synth.py), built once for this module."""
    from bench.synth import corpus
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("corpus") / "store")
    store.ingest_sources([(data, name) for name, data in corpus(200)])
    return store


def test_a_streamed_export_of_a_corpus_holds_a_page_not_the_corpus(corpus_store, tmp_path, monkeypatch):
    """At 1,000 documents the held N-Triples took 3.1 GB and the Cypher script 1.4 GB, and 10,000 were refused.
    Written as the command line writes them (graph/sessions.write_export), from 200 synthetic documents with pages
    of 500 rows and runs of 5,000 lines, the Python memory each takes at most (tracemalloc's peak) is a small part
    of what the whole graph alone takes, which the held files took on top; the script is the held one."""
    import gc
    import tracemalloc

    import rdflib.plugins.serializers.nt  # noqa: F401  (imported by the exports: not what they hold)

    import graph.neo4j_store  # noqa: F401
    import graph.workbook  # noqa: F401
    from graph import rdf
    from graph.sessions import write_export

    monkeypatch.setenv("POLICYKG_EXPORT_BATCH", "500")
    monkeypatch.setattr(rdf, "NT_RUN", 5_000)
    peaks = {}
    for fmt in STREAMED:
        gc.collect()
        tracemalloc.start()
        try:
            write_export(fmt, corpus_store, tmp_path / f"out{exporters.get(fmt).suffix}")
            peaks[fmt] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    gc.collect()
    tracemalloc.start()
    try:
        graph = corpus_store.graph()
        held = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(len(rows) for rows in graph.nodes.values()) + len(graph.rels) > 100_000
    assert all(peak < held / 5 for peak in peaks.values()), (peaks, held)
    assert (tmp_path / "out.cypher").read_bytes() == exporters.export("cypher", graph)


def test_a_whole_graph_too_big_for_its_writer_is_refused_with_what_to_export(sample_store, monkeypatch, tmp_path):
    """rdflib holds and sorts every triple to write Turtle or JSON-LD (12 minutes and 6.7 GB at 1,000 documents),
    and N-Triples, the Cypher script, the neo4j-admin files, GraphML and GEXF held as bytes (the app's download) are
    held whole: past the format's ``limit`` (here lowered under the sample's graph) the export says so at once,
    naming what to export instead, before the store's graph is read. Written to a file (the command line), every
    one but Turtle and JSON-LD streams: no limit."""
    import dataclasses

    from graph.sessions import export_graph

    graph = sample_store.graph()
    for fmt, instead in (("ttl", r"N-Triples \(nt\).*--document"), ("jsonld", "nt"), ("gexf", "policykg export graphml or gexf -o FILE.*--document"),
                         ("graphml", "-o FILE.*--document"), ("nt", "policykg export nt -o FILE.*--document"),
                         ("cypher", "policykg export cypher or neo4j-csv -o FILE.*load-neo4j.*--document"),
                         ("neo4j-csv", "-o FILE.*load-neo4j")):
        exporter = exporters.EXPORTERS[fmt]
        monkeypatch.setitem(exporters.EXPORTERS, fmt, dataclasses.replace(exporter, limit=(100, exporter.limit[1])))
        with pytest.raises(PolicyKGError, match=rf"more than the 100 a {fmt} file .*{instead}"):
            exporters.export(fmt, graph)
        with pytest.raises(PolicyKGError, match="more than the 100"):
            export_graph(fmt, sample_store)
    monkeypatch.undo()
    held = {fmt: exporters.export(fmt, graph) for fmt in STREAMED}
    assert held["nt"].count(b"\n") > 100
    from graph.sessions import write_export

    for fmt in exporters.EXPORTERS:
        monkeypatch.setitem(exporters.EXPORTERS, fmt, dataclasses.replace(exporters.EXPORTERS[fmt], limit=(100, "x")))
    for fmt in STREAMED:  # written to a file as the graph is read: no limit (the command line, policykg export)
        assert write_export(fmt, sample_store, tmp_path / f"out.{fmt}") == len(held[fmt])
        assert (tmp_path / f"out.{fmt}").read_bytes() == held[fmt]
    with pytest.raises(PolicyKGError, match="more than the 100"):
        write_export("ttl", sample_store, tmp_path / "out.ttl")
    assert not list(tmp_path.glob("out.ttl*")), "a refused export leaves no file, whole or half"
    monkeypatch.undo()
    limited = {fmt for fmt, e in exporters.EXPORTERS.items() if e.limit is not None}
    assert limited == {"ttl", "jsonld", "nt", "gexf", "graphml", "cypher", "neo4j-csv"}, "the people's formats: none"
    assert all(e.limit[0] >= 100_000 for e in exporters.EXPORTERS.values() if e.limit), "150 documents: any format"


def described(data: bytes) -> dict:
    """Everything a reader of the workbook sees, cell by cell: values and their types, fonts, fills, alignment,
    quote prefixes; per sheet its panes, filter, merges, column widths and size; the workbook's properties."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out: dict = {"sheets": wb.sheetnames, "properties": (wb.properties.title, wb.properties.creator,
                                                          wb.properties.created, wb.properties.modified)}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                cells[c.coordinate] = (c.value, c.data_type, c.font.b, c.font.color and c.font.color.rgb,
                                       c.fill.fill_type, c.fill.fgColor.rgb, c.alignment.wrap_text,
                                       c.alignment.vertical, c.quotePrefix, c.number_format)
        out[ws.title] = {"cells": cells, "panes": ws.freeze_panes, "filter": ws.auto_filter.ref,
                         "merged": sorted(str(m) for m in ws.merged_cells.ranges),
                         "validations": sorted((str(v.sqref), v.type, v.formula1, v.allow_blank, v.showErrorMessage,
                                                v.error) for v in ws.data_validations.dataValidation),
                         "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
                         "size": (ws.max_row, ws.max_column)}
    read_only = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out["dimensions"] = [ws.calculate_dimension() for ws in read_only.worksheets]
    return out


def test_streamed_workbook_is_the_workbook_every_cell_held_writes(tmp_path):
    """The workbook and the 督办台账 are streamed (openpyxl's write-only mode: a 1,000-document workbook took
    1.7 GB holding every cell). Three real documents stored and read back, with a clause that reads as a formula
    and progress shown: the streamed file, opened with openpyxl, is cell for cell, style for style, the one
    openpyxl's normal mode writes from the same rows, whole and for one unit."""
    from conftest import ROOT, SAMPLE

    from graph.status import StatusContext
    from graph.store import Store
    from graph.workbook import ExcelWriter, build_workbook

    (tmp_path / "formula.txt").write_text(
        "青岛市关于推进重点工作的通知\n青政发〔2024〕9号\n\n一、重点任务\n"
        "  1. =HYPERLINK(\"http://x\")推进工作。(牵头单位:市财政局;配合单位:市商务局;完成时限:2024年5月)\n"
        "  2. @SUM(A1)开展评估。(责任单位:市商务局;完成时限:每季度)\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE, ROOT / "tests" / "documents" / "section_restart.txt", tmp_path / "formula.txt"])
    graph = store.graph()
    status = StatusContext(ref=date(2024, 7, 1))
    for options in ({}, {"status": status}, {"unit": FINANCE}):
        streamed = exporters.export("xlsx", graph, **options)
        buf = io.BytesIO()
        ExcelWriter(build_workbook(graph, write_only=False, **options), zipfile.ZipFile(buf, "w")).save()
        held, made = described(buf.getvalue()), described(streamed)
        assert made == held
        assert len(made["sheets"]) >= 4 and any(v[8] for v in made["按月截止 Deadlines by month"]["cells"].values())
    from graph.ledger import workbook_bytes as ledger_bytes

    for unit in (None, FINANCE):  # the 督办台账 the same way: dates, fills of the columns to fill in, validations
        held, made = (described(ledger_bytes(graph, status, unit, write_only=flag)) for flag in (False, True))
        assert made == held
        sheet = made[FINANCE]
        assert sheet["validations"] and any(v[0] == datetime(2024, 6, 30) and v[9] == "yyyy-mm-dd"
                                            for v in sheet["cells"].values())


def test_sheet_titles_follow_excel_rules():
    taken: set[str] = set()
    assert sheet_title("a/b:c*d?e[f]g\\h", taken) == "a_b_c_d_e_f_g_h"
    long = "国家金融监督管理总局青岛监管局派出机构" * 2
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) == len(second) == 31 and first != second


# -- maps -----------------------------------------------------------------------------------------------------

def svg_texts(data: bytes) -> list[str]:
    return [t.text for t in etree.fromstring(data).iter(f"{SVG}text") if t.text]


def svg_edges(data: bytes) -> list:
    return [g for g in etree.fromstring(data).iter(f"{SVG}g") if g.get("class") == "edge"]


def test_svg_map_has_units_tasks_and_one_edge_per_unit_task_role(out, sample_graph):
    data = out("svg")
    texts = svg_texts(data)
    assert MIIT in texts and "任务19" in texts and "保障措施" in texts
    expected = {(u, a.task_id, role) for a in analysis.assignments(sample_graph) for u in a.all_units()
                for role in a.roles_of(u)}
    assert len(svg_edges(data)) == len(expected)
    styles = {p.get("stroke-dasharray") for g in svg_edges(data) for p in g.iter(f"{SVG}path")}
    assert styles == {None}, "the sample has no 配合: no dashed edges"


def test_a_map_too_big_to_draw_is_refused_at_once_with_what_to_narrow(sample_graph, monkeypatch):
    """A 1,000-document corpus's map (29,000 tasks) ran Graphviz for hours: a map over ``maps.MAX_NODES`` (here
    lowered under the sample's) is refused before Graphviz starts, saying what to narrow; a narrower map and the
    co-responsibility map (units only) are drawn."""
    from graph import maps

    monkeypatch.setattr(maps, "MAX_NODES", 40)
    items = analysis.assignments(sample_graph)
    assert maps.map_nodes(items) > 40
    with pytest.raises(PolicyKGError, match=r"more than the 40 .*--unit.*--action.*xlsx or csv"):
        exporters.export("svg", sample_graph)  # one document: not told to narrow to one
    assert "--document" in maps.narrow_hint()  # a corpus's graph is
    with pytest.raises(PolicyKGError, match="more than the 40"):
        exporters.export("png", sample_graph)
    assert FINANCE in svg_texts(exporters.export("svg", sample_graph, unit=FINANCE))
    assert MIIT in svg_texts(exporters.export("svg", sample_graph, kind="co"))


def test_a_map_refused_when_narrowed_suggests_only_what_is_left(sample_graph, monkeypatch):
    """Narrowed to one unit and still too big, the refusal named --unit again: it names only what is left, and
    a graph of one document (the CLI's --document) is not told to narrow to one document."""
    from graph import maps

    monkeypatch.setattr(maps, "MAX_NODES", 5)
    with pytest.raises(PolicyKGError) as unit_given:
        exporters.export("svg", sample_graph, unit=MIIT)
    assert "--unit" not in str(unit_given.value) and "--action" in str(unit_given.value)
    assert "--document" not in str(unit_given.value), "the sample graph is one document"
    with pytest.raises(PolicyKGError) as both_given:
        exporters.export("svg", sample_graph, unit=MIIT, action=1)
    assert "--" not in str(both_given.value).split("drawn with")[1]
    assert "co-responsibility map (kind co)" in str(both_given.value)
    assert maps.narrow_hint(frozenset({"unit"})).startswith("narrow it to one document (--document) or action")


def test_a_map_draws_a_task_longer_than_graphviz_takes(sample_graph):
    """Graphviz refuses a string over 16,384 bytes: a task whose title is a whole flattened paragraph (6,000
    characters) broke the map of the whole store with no message. Labels and tooltips are cut."""
    long = copy.deepcopy(sample_graph)
    row = next(iter(long.nodes["Assignment"].values()))
    row["task_title"] = "推进工业互联网平台建设和应用推广，" * 400
    data = exporters.export("svg", long)
    titles = [t.text for t in etree.fromstring(data).iter(f"{SVG}title") if t.text] + \
        [a.get("{http://www.w3.org/1999/xlink}title") for a in etree.fromstring(data).iter(f"{SVG}a")]
    assert any(t and t.startswith("推进工业互联网平台建设") and t.endswith("…") for t in titles)
    assert max(len(t or "") for t in titles) <= 400


def test_svg_map_for_one_unit_and_for_one_action(out):
    finance = svg_texts(out("svg", unit=FINANCE))
    assert {t for t in finance if t.startswith("任务") or t == "保障措施"} == {"任务8", "任务14", "保障措施"}
    action7 = svg_texts(out("svg", action=7))
    assert {t for t in action7 if t.startswith("任务")} == {"任务19", "任务20", "任务21"}
    assert "产业结构提档行动" in action7 and MIIT in action7


def test_svg_co_responsibility_map(out, sample_graph):
    data = out("svg", kind="co")
    g = analysis.co_responsibility(sample_graph)
    assert len(svg_edges(data)) == g.number_of_edges()
    labels = [t.text for e in svg_edges(data) for t in e.iter(f"{SVG}text")]
    assert sorted(labels, key=int) == sorted((str(d["weight"]) for _, _, d in g.edges(data=True)), key=int)
    assert MIIT in svg_texts(data)


def test_png_map(out):
    data = out("png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100


def test_bad_map_options(sample_graph):
    with pytest.raises(UnknownNameError, match="action"):
        exporters.export("svg", sample_graph, action=12)
    with pytest.raises(UnknownNameError, match="map kind"):
        exporters.export("svg", sample_graph, kind="pie")
    with pytest.raises(UnknownNameError, match="unit"):
        exporters.export("svg", sample_graph, unit="市不存在局")


def test_missing_graphviz_says_what_to_install(sample_graph, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PolicyKGError, match="install graphviz"):
        exporters.export("svg", sample_graph)


# -- calendar -------------------------------------------------------------------------------------------------

def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_ics_for_the_finance_bureau_has_exactly_its_deadlines(out):
    evs = events(out("ics", unit=FINANCE))
    assert {ev.decoded("dtstart") for ev in evs} == {d for _, d in FINANCE_DUE}
    assert len(evs) == 4
    assert {ev.decoded("dtend") - ev.decoded("dtstart") for ev in evs} == {timedelta(days=1)}
    assert "任务8 落实开门红政策激励措施 (牵头 Lead)" in {str(ev["summary"]) for ev in evs}
    assert all(str(ev["uid"]).endswith("@policykg") for ev in evs)
    assert {ev.decoded("dtstamp").isoformat() for ev in evs} == {"2024-04-03T00:00:00+00:00"}


VERSIONED = """青岛市即墨区人民政府办公室关于做好冬季安全生产工作的通知

即政办发〔2024〕21号

各镇人民政府、街道办事处，区政府各部门：
1. 开展燃气安全专项检查。（牵头单位：区住房和城乡建设局；完成时限：2024年12月底前）
2. 组织冬季消防演练。（牵头单位：区应急管理局；完成时限：{deadline}）
3. 排查企业用电隐患。（牵头单位：区工业和信息化局；完成时限：2024年11月底前）

即墨区人民政府办公室
2024年10月8日
"""


def test_ics_uids_stay_with_the_duties_of_a_new_version(tmp_path):
    """A reviewer re-imported the month's .ics after a revised notice arrived and got every event twice: the UIDs
    were the assignment ids, which a new version of the document changes. They now name the duty by its notice's
    文号, task and clause: unchanged duties keep them, and a calendar updates its events."""
    from graph.store import Store

    notice, store = tmp_path / "notice.txt", Store(tmp_path / "s")

    def uids_by_task():
        cal = Calendar.from_ical(exporters.export("ics", store.graph()))
        return {str(ev["summary"]).split()[0]: str(ev["uid"]) for ev in cal.walk("VEVENT")}

    notice.write_text(VERSIONED.format(deadline="2024年11月底前"), encoding="utf-8")
    store.ingest_paths([notice])
    before, ids_before = uids_by_task(), store.ids()
    notice.write_text(VERSIONED.format(deadline="2024年12月15日前"), encoding="utf-8")
    store.ingest_paths([notice])
    after = uids_by_task()
    assert store.ids() != ids_before and len(store.ids()) == 1, "the new version replaced the old"
    assert after == before and len(set(after.values())) == 3
    assert all(re.fullmatch(r"[0-9a-f]{24}@policykg", uid) for uid in after.values())


def test_ics_for_everyone_is_valid_and_counts_what_it_leaves_out(out, sample_graph):
    data = out("ics")
    cal = Calendar.from_ical(data)
    assert (str(cal["version"]), str(cal["x-policykg-skipped-open-ended"])) == ("2.0", "0")
    evs = cal.walk("VEVENT")
    assert len(evs) == 40 and len({str(ev["uid"]) for ev in evs}) == 40
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
    graph = copy.deepcopy(sample_graph)
    row = graph.nodes["Assignment"][next(iter(finance_clauses(graph)))]
    row.update(due_start=None, due_end=None, open_ended=True, deadline_text="长期坚持")
    cal = Calendar.from_ical(exporters.export("ics", graph, unit=FINANCE))
    assert (len(cal.walk("VEVENT")), str(cal["x-policykg-skipped-open-ended"])) == (3, "1")


# -- briefs ---------------------------------------------------------------------------------------------------

def test_markdown_brief_for_the_finance_bureau(out, sample_graph):
    text = out("md", unit=FINANCE).decode("utf-8")
    clauses = finance_clauses(sample_graph)
    assert all(clause in text for clause in clauses.values())
    assert text.startswith(f"# 任务清单:{FINANCE}") and "## 牵头(4)" in text and "## 责任" not in text
    due_order = [text.index(h) for h in ("2024年6月", "2024年9月", "2024年11月", "全年(截至 2024-12-31)")]
    assert due_order == sorted(due_order), "grouped by deadline, earliest first"


def test_markdown_brief_for_everyone_has_a_section_per_unit(out, sample_graph):
    text = out("md").decode("utf-8")
    sections = [ln[3:] for ln in text.splitlines() if ln.startswith("## ")]
    assert sections == analysis.units_with_assignments(sample_graph)


def test_html_brief_is_self_contained_and_escaped(sample_graph):
    graph = copy.deepcopy(sample_graph)
    first = next(iter(finance_clauses(graph)))
    graph.nodes["Assignment"][first]["text"] = "<script>alert('x')</script> & 其他"
    page = exporters.export("html", graph, unit=FINANCE).decode("utf-8")
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//script | //link | //img | //iframe | //@src")
    assert doc.xpath("//style") and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 其他" in page
    texts = " ".join(doc.itertext())
    assert all(text in texts for aid, text in finance_clauses(sample_graph).items() if aid != first)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_format_copes_with_an_empty_graph(fmt):
    assert isinstance(exporters.export(fmt, PropertyGraph()), bytes)


def test_html_brief_prints_one_unit_per_page(sample_graph, tmp_path):
    """Printed in a real Chromium, the all-units brief starts every unit on a new page."""
    import subprocess

    from conftest import chromium_path
    from pypdf import PdfReader

    if chromium_path() is None:
        pytest.skip("no Chromium")
    page = exporters.export("html", sample_graph)
    units = lxml_html.fromstring(page).xpath("//section")
    source, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    source.write_bytes(page)
    subprocess.run([chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", source.as_uri()], check=True, capture_output=True, timeout=120)
    reader = PdfReader(str(pdf))
    lines = [(p.extract_text() or "").split("\n") for p in reader.pages]
    counts = re.compile(r"共 \d+ 条")  # the line under each unit's heading
    at_top = [i for i, page in enumerate(lines) if len(page) > 1 and counts.match(page[1])]
    everywhere = sum(bool(counts.match(line)) for page in lines for line in page)
    assert len(units) > 10 and everywhere == len(units)
    assert len(at_top) == len(units) - 1, "every unit after the first (under the title) opens a page"
