"""Hostile text is text in every export format.

``tests/documents/hostile.txt`` carries HTML, Markdown, template, Graphviz-label and formula payloads in its
task text; a second document generated here puts formulas at the *start* of cells (task text, a section
heading used as a task label). Both go through a real store, every format of the exporter registry is
produced, read back with a real reader (rdflib, lxml, networkx, openpyxl, icalendar, csv, markdown-it) and
checked: nothing markup or code runs (no script, no event handler, no javascript: link, no external image, no
live formula) and every payload is still there, character for character, as text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile

import markdown as python_markdown
import networkx as nx
import openpyxl
import pytest
import rdflib
from conftest import ROOT
from icalendar import Calendar
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from graph import analysis, exporters, maps
from graph.build import PropertyGraph

HOSTILE = ROOT / "tests" / "documents" / "hostile.txt"
FORMULAS = """关于公式单元格的通知
青政办发〔2024〕98号
一、公式行动
1. =HYPERLINK("http://127.0.0.1:9/x","y")推进工作。（牵头单位：市财政局；完成时限：2024年6月）
2. +cmd|' /C calc'!A0 推进工作。（牵头单位：市商务局；完成时限：2024年7月）
3. @SUM(1+1) 推进工作。（牵头单位：市发展改革委；完成时限：2024年8月）
4. -2+3 推进工作。（牵头单位：市工业和信息化局；完成时限：2024年9月）
5. <I>斜体</I>（牵头单位：市财政局；完成时限：2024年11月）
二、=1+1保障措施
（牵头单位：市财政局；完成时限：2024年10月）
"""
# Payloads from the task text of hostile.txt, as printed there (the title's are the parser's business).
PAYLOADS = (
    "[点我](javascript:alert(4))",
    '=HYPERLINK("http://127.0.0.1:9/x","y")',
    "<<B>x</B>> 推进<I>斜体</I>项目 {{7*7}} ${7*7}",
    "![track](http://127.0.0.1:9/pixel.png)",
    "@SUM(1+1)与+cmd|' /C calc'!A0 及 -2+3",
    "落实</textarea><iframe src=javascript:alert(7)></iframe>措施 & <!-- 注释 --> \\n END",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# what a rendered brief may contain: structure of our own, never an element from the text
BRIEF_TAGS = {"html", "head", "meta", "title", "style", "body", "section", "div", "h1", "h2", "h3", "h4", "p",
              "strong", "blockquote"}
SVG_NS, XLINK_TITLE = "http://www.w3.org/2000/svg", "{http://www.w3.org/1999/xlink}title"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("hostile") / "store")
    results = store.ingest_sources([(HOSTILE.read_bytes(), HOSTILE.name), (FORMULAS.encode(), "formulas.txt")])
    assert [r.added for r in results] == [True, True]
    return store


@pytest.fixture(scope="module")
def hostile_graph(hostile_store) -> PropertyGraph:
    return hostile_store.graph()


@pytest.fixture(scope="module")
def texts(hostile_graph) -> list[str]:
    """Every assignment's text: each must survive each format that carries clause text."""
    return [a.text for a in analysis.assignments(hostile_graph)]


def _present(texts: list[str]) -> set[str]:
    return set(texts) - {""}  # the attribution under a heading governs no text


def test_the_documents_carry_the_payloads(texts):
    joined = "\n".join(texts)
    assert all(p in joined for p in PAYLOADS)
    assert {t[:1] for t in texts} >= {"=", "+", "@", "-"}
    assert "<I>斜体</I>" in texts  # a whole task title shaped like a Graphviz HTML label


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value)


# -- one check per format ---------------------------------------------------------------------------------

def check_rdf(fmt: str):
    def check(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
        g = rdflib.Graph().parse(data=data.decode("utf-8"), format={"ttl": "turtle", "nt": "nt"}.get(fmt, fmt))
        literals = {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}
        assert _present(texts) <= literals
        for term in {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}:
            assert not re.search(r"[\s<>\"{}|\\^`]", term) and not term.lower().startswith("javascript:"), term
    return check


def _xml_texts(root) -> set[str]:
    return {x for e in root.iter() for x in (e.text, *e.attrib.values()) if x}


def check_graphml(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    root = etree.fromstring(data)
    assert {etree.QName(e).namespace for e in root.iter()} == {"http://graphml.graphdrawing.org/xmlns"}
    assert _present(texts) <= _xml_texts(root)
    g = nx.read_graphml(io.BytesIO(data))
    assert _present(texts) <= {d.get("text") for _, d in g.nodes(data=True)}


def check_gexf(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    root = etree.fromstring(data)
    assert {etree.QName(e).namespace for e in root.iter()} <= {"http://gexf.net/1.2", "http://www.gexf.net/1.2draft",
                                                              "http://gexf.net/1.3"}
    assert _present(texts) <= _xml_texts(root)


_CYPHER_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'")


def check_cypher(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    """Every piece of document text sits inside a closed string literal: outside them, only the script's
    own keywords and names; one statement per line."""
    script = data.decode("utf-8")
    lines = script.splitlines()
    assert all(line.startswith("//") or line.endswith(";") for line in lines)
    outside = _CYPHER_LITERAL.sub("''", script)
    assert not re.search(r"[<>!@$|]|javascript|HYPERLINK|alert", outside.replace("]->(", ""))
    unescaped = {re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), m[1])
                 for m in _CYPHER_LITERAL.finditer(script)}
    assert _present(texts) <= unescaped


def check_csv(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    """The responsibility matrix has no clause text; unit names and task labels are its document text."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if _formula_like(c)]
    labels = {a.task for a in analysis.assignments(graph)}
    assert {c[1:] if c.startswith("'") else c for c in rows[0][1:]} == labels  # neutralised, not dropped


def check_neo4j_csv(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    """Files for neo4j-admin, not for a spreadsheet: kept exact, or Neo4j would hold altered text."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        cells = {c for name in zf.namelist() if name.endswith(".csv")
                 for row in csv.reader(io.StringIO(zf.read(name).decode("utf-8"))) for c in row}
    assert _present(texts) <= cells


def check_xlsx(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)  # no formula element anywhere
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if _formula_like(c.value)]
    assert {c.value[0] for c in risky} >= {"=", "+", "@", "-"}
    assert all(c.quotePrefix and c.data_type == "s" for c in risky)
    assert _present(texts) <= {c.value for c in cells}
    assert any(isinstance(c.value, int) for c in cells)  # counts stay numbers


def _svg_inert(root) -> None:
    tags = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
    assert not tags & {"script", "foreignObject", "image", "iframe", "use", "animate", "set"}
    attrs = [(k, v) for e in root.iter() if isinstance(e.tag, str) for k, v in e.attrib.items()]
    assert not [k for k, _ in attrs if etree.QName(k).localname.lower().startswith("on")]
    assert not [v for k, v in attrs if etree.QName(k).localname == "href"]


def check_svg(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    root = etree.fromstring(data)
    _svg_inert(root)
    titles = {a.task_title for a in analysis.assignments(graph)}
    assert titles <= {e.get(XLINK_TITLE) for e in root.iter(f"{{{SVG_NS}}}a")}
    shown = {e.text for e in root.iter(f"{{{SVG_NS}}}text")}
    assert "<<B>x</B>> 推进…" in shown  # the short label, as characters


def check_png(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) > 10_000


def check_ics(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert [c.name for c in cal.subcomponents] == ["VEVENT"] * len(events)
    assert len(events) == len(texts)  # every assignment of these documents has a deadline
    allowed = {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "CATEGORIES", "DESCRIPTION", "TRANSP"}
    assert all(set(ev.keys()) == allowed for ev in events)  # nothing injected (URL, ATTACH, ALARM…)
    descriptions = [str(ev["DESCRIPTION"]) for ev in events]
    assert all(any(d.startswith(t + "\n\n") for d in descriptions) for t in texts)
    assert all(a.due_end for a in analysis.assignments(graph))


def _html_inert(root) -> str:
    tags = {e.tag for e in root.iter() if isinstance(e.tag, str)}
    assert tags <= BRIEF_TAGS, tags - BRIEF_TAGS
    attrs = [(k, v) for e in root.iter() if isinstance(e.tag, str) for k, v in e.attrib.items()]
    assert not [k for k, _ in attrs if k.lower().startswith("on") or k.lower() in ("href", "src", "srcset")]
    return root.text_content()


def check_html(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    page = data.decode("utf-8")
    root = lxml_html.document_fromstring(page)
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]
    shown = _html_inert(root)
    assert all(t in shown for t in _present(texts))


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# CommonMark (markdown-it, as GitHub and Streamlit read it) and Python-Markdown (no backslash escape for <)
RENDERERS = {"commonmark": MARKDOWN.render, "python-markdown": python_markdown.markdown}


def check_md(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    """Rendered as viewers render it, raw HTML allowed: only the brief's own structure comes out."""
    tokens = [t for t in MARKDOWN.parse(data.decode("utf-8")) for t in (t, *(t.children or ()))]
    assert not [t.type for t in tokens if t.type in ("html_inline", "html_block", "link_open", "image")]
    for render in RENDERERS.values():
        rendered = render(data.decode("utf-8"))
        shown = _html_inert(lxml_html.document_fromstring(f"<html><body>{rendered}</body></html>"))
        assert all(t in shown for t in _present(texts))


LEDGER_TAGS = BRIEF_TAGS | {"table", "thead", "tbody", "tr", "th", "td", "span", "colgroup", "col", "br"}


def check_ledger_html(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    root = lxml_html.document_fromstring(data.decode("utf-8"))
    tags = {e.tag for e in root.iter() if isinstance(e.tag, str)}
    assert tags <= LEDGER_TAGS, tags - LEDGER_TAGS
    attrs = [(k, v) for e in root.iter() if isinstance(e.tag, str) for k, v in e.attrib.items()]
    assert not [k for k, _ in attrs if k.lower().startswith("on") or k.lower() in ("href", "src", "srcset")]
    assert all(t in root.text_content() for t in _present(texts))


def check_ledger_xlsx(data: bytes, graph: PropertyGraph, texts: list[str]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if _formula_like(c.value)]
    assert risky and all(c.quotePrefix and c.data_type == "s" for c in risky)
    assert _present(texts) <= {c.value for c in cells}


CHECKS = {
    "ledger-html": check_ledger_html, "ledger-xlsx": check_ledger_xlsx,
    "ttl": check_rdf("ttl"), "jsonld": check_rdf("json-ld"), "nt": check_rdf("nt"), "graphml": check_graphml,
    "gexf": check_gexf, "cypher": check_cypher, "csv": check_csv, "neo4j-csv": check_neo4j_csv,
    "xlsx": check_xlsx, "svg": check_svg, "png": check_png, "ics": check_ics, "md": check_md, "html": check_html,
}


def test_every_format_has_a_hostile_check():
    assert set(CHECKS) == set(exporters.EXPORTERS)


@pytest.mark.parametrize("fmt", sorted(exporters.EXPORTERS))
def test_hostile_text_stays_text(fmt, hostile_graph, texts):
    CHECKS[fmt](exporters.export(fmt, hostile_graph), hostile_graph, texts)


def test_csv_label_starting_like_a_formula_is_neutralised(hostile_store):
    """With one document, task labels are unprefixed: the section heading =1+1保障措施 starts a cell."""
    doc = next(d for d in hostile_store.documents() if d.source_name == "formulas.txt")
    graph = hostile_store.graph(doc.id)
    data = exporters.export("csv", graph)
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "'=1+1保障措施" in header
    check_csv(data, graph, [])


@pytest.mark.parametrize("fmt", ["md", "html", "ics"])
def test_per_unit_exports_are_as_safe(fmt, hostile_graph):
    mine = [a.text for a in analysis.assignments(hostile_graph) if "市财政局" in a.all_units()]
    CHECKS[fmt](exporters.export(fmt, hostile_graph, unit="市财政局"), hostile_graph, mine)


# -- Graphviz labels ---------------------------------------------------------------------------------------

LABELS = ("<<B>x</B>>", "<I>斜体</I>", "\\N \\G \\n", 'a"b\\', "<b>粗</b>")


@pytest.mark.parametrize("name", LABELS)
def test_map_labels_are_never_graphviz_markup(name, hostile_graph):
    """An action name or task title shaped like an HTML-like label is drawn as its characters; it once
    rendered as markup or made the whole map fail to draw."""
    items = [dataclasses.replace(a, action_seq=1, action_name=name, task_title=name, lead=(name,))
             for a in analysis.assignments(hostile_graph)][:1]
    dot = maps.responsibility_map(items)
    root = etree.fromstring(maps.pipe(dot, "svg"))
    _svg_inert(root)
    assert {e.text for e in root.iter(f"{{{SVG_NS}}}text")} >= {name}  # cluster label and unit box
    assert name in {e.get(XLINK_TITLE) for e in root.iter(f"{{{SVG_NS}}}a")}  # the task's tooltip
    assert maps.pipe(maps.co_map(items * 2, name), "png").startswith(b"\x89PNG")


def test_markdown_escape_leaves_plain_chinese_alone():
    from graph.brief import md_escape

    assert md_escape("2024年6月底前完成(一)任务,牵头单位:市财政局。") == "2024年6月底前完成(一)任务,牵头单位:市财政局。"
    assert md_escape("- 1. # x") == "\\- 1. # x"


@pytest.mark.parametrize("line", ["# 标题", "- 项", "+ 项", "1. 项", "3) 项", "===", "> 引", "    代码", "| a | b |",
                                  "~~删~~", "`code`", "**粗**", "<div>块</div>", "&amp; &#60;", "a\\*b"])
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_markdown_lines_render_as_their_characters(line, renderer):
    from graph.brief import md_escape

    rendered = RENDERERS[renderer]("> " + md_escape(line))
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    assert {e.tag for e in root.iter()} <= {"div", "blockquote", "p", "pre", "code"}  # indented: code, as text
    assert root.text_content().strip() == line.strip()


def test_formula_rule_keeps_numbers():
    from graph.cells import csv_cell, formula_like

    assert [csv_cell(v) for v in ("-2", "+3.5", "1e5", "=1+1", "-2+3", "@A1", "\tx", "文本", 7)] == [
        "-2", "+3.5", "1e5", "'=1+1", "'-2+3", "'@A1", "'\tx", "文本", 7]
    assert not formula_like(None)


def test_ics_text_has_no_control_characters():
    from graph.calendar import text

    assert text("a\x0bb\x0cc\x1bd\te\nf\rg") == "a b c d\te\nf g"


# -- characters no export can write ------------------------------------------------------------------------

PAGE_BREAKS = ("关于分页符的通知\n青政办发〔2024〕99号\n一、重点任务\n"
               "1.推进\x0b智慧港口建设。（牵头单位：市交通运输局；完成时限：2024年6月）\n\x0c"
               "2.强化资金\ufffe保障\uffff。（牵头单位：市财政局；完成时限：2024年9月）\n")


@pytest.fixture(scope="module")
def page_break_graph(tmp_path_factory) -> PropertyGraph:
    """A text copied out of a PDF keeps its form feeds and vertical tabs, and a broken converter leaves
    noncharacters: XML 1.0 and spreadsheets refuse all four, so the reader makes them blanks and U+FFFD."""
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("page-breaks") / "store")
    store.ingest_sources([(PAGE_BREAKS.encode(), "page-breaks.txt")])
    return store.graph()


def test_page_breaks_and_noncharacters_are_read_as_blanks(page_break_graph):
    texts = [a.text for a in analysis.assignments(page_break_graph)]
    assert "推进 智慧港口建设。" in texts and "强化资金\ufffd保障\ufffd。" in texts


@pytest.mark.parametrize("fmt", sorted(exporters.EXPORTERS))
def test_every_format_writes_a_document_with_page_breaks(fmt, page_break_graph):
    data = exporters.export(fmt, page_break_graph)
    assert data
    if fmt in ("graphml", "gexf", "svg", "ledger-html", "html"):
        parse = etree.fromstring if fmt in ("graphml", "gexf", "svg") else lxml_html.document_fromstring
        text = "".join(parse(data).itertext()) if fmt != "graphml" else data.decode("utf-8")
        assert "\x0b" not in text and "\x0c" not in text and "\ufffe" not in text
    if fmt.endswith("xlsx"):
        cells = [c.value for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets
                 for row in ws.iter_rows() for c in row]
        assert "推进 智慧港口建设。" in cells or any("智慧港口" in str(c) for c in cells if c)
