"""The Streamlit app page by page through ``streamlit.testing`` (no browser), each test on its own copy of the
sample store, passed as POLICYKG_STORE the way ``policykg serve`` passes ``--store``. Pages are opened the way
a link opens them: a fresh session, the page's path and its query parameters."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from urllib.parse import quote

import pytest
from conftest import ROOT, SAMPLE
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from graph import analysis

APP = str(ROOT / "app.py")
HOSTILE = ROOT / "tests" / "documents" / "hostile.txt"
FLAGSHIP = "which tasks does 市工业和信息化局 lead that are due in September"
PAGES = ("ask", "units", "task", "document", "deadlines", "graph", "analyst", "upload", "exports")
SMALL_DOC = """关于推进数据共享工作的通知
青测发〔2024〕7号
一、重点任务
1. 推进数据共享。建立全市数据共享平台,年内接入部门50个以上。(牵头单位:市大数据局,责任单位:市数据测试办;完成时限:2024年10月)
2. 加强督查通报。按季度通报进展情况。(牵头单位:市政府办公厅,配合单位:市工信局;完成时限:另行通知)
"""


def start(store, monkeypatch, page: str = "ask", **params) -> AppTest:
    """A fresh browser session opening ``/page?params``."""
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=120)
    at._page_hash = calc_hash(page)  # what the browser asks for when it opens /page
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def store_copy(sample_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store.root, copy)
    return copy


@pytest.fixture()
def app(store_copy, monkeypatch) -> AppTest:
    return start(store_copy, monkeypatch)


def goto(at: AppTest, page: str) -> AppTest:
    """A click in the navigation: same session, another page, and the address as the browser sends it then: the
    page's path with only the parameters bound to a widget (the sidebar's ?ref=), never the last page's filters
    (Streamlit's frontend drops them: the page's view comes from the session, what it showed last)."""
    at._page_hash = calc_hash(page)
    at.query_params = {k: v for k, v in at.query_params.items() if k == "ref"}
    at.run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    """Every st.html body; the graph's SVG travels as a JSON string in a script, decoded here."""
    body = "\n".join(h.proto.body for h in at.get("html"))
    return re.sub(r'box.innerHTML = ("(?:[^"\\]|\\.)*");', lambda m: json.loads(m.group(1)), body)


def table_column(at: AppTest, index: int = 0, css: str = "pk-c-task", kind: str = "pk-answer") -> list[str]:
    """The text of one column (by its class) of the ``index``-th HTML table of a kind, tags stripped."""
    tables = [h.proto.body for h in at.get("html") if f'<table class="pk-table {kind}' in h.proto.body]
    if len(tables) <= index:
        return []
    cells = re.findall(rf'<td class="{css}">(.*?)</td>', tables[index])
    return [shown_text(c) for c in cells]


def shown_text(cell: str) -> str:
    """A cell's text as a wide screen shows it: tags stripped, without the document other screens show under a
    task's name (``pk-doc-inline``, hidden there: the wide screen has a document column)."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<a class="pk-doc-inline"[^>]*>.*?</a>', "", cell))


def record_progress(root, *records: tuple) -> None:
    """Progress recorded on the store at ``root`` as ``policykg progress set`` records it: each record is the
    arguments of graph.supervision.record after the log and the session, keywords in a trailing dict; ``at`` among
    them: the day it was recorded, for a page read at an earlier reference date than today (only the reports
    recorded by its end count there, graph/progress ``current(as_of=)``)."""
    from datetime import UTC, datetime, time

    import msgspec

    from graph.store import Store
    from graph.supervision import make_event, record, resolve, targets

    store = Store(root)
    session = store.open_graph()
    try:
        for *args, options in (r if isinstance(r[-1], dict) else (*r, {}) for r in records):
            options = dict(options)
            day = options.pop("at", None)
            if day is None:
                record(store.progress(), session, *args, **options)
                continue
            log = store.progress()
            target = resolve(args[0], targets(session), log.moves(), log.current())
            event = make_event(target, *args[1:], **options, latest=log.current().get(target.id))
            log.record([msgspec.structs.replace(event, at=datetime.combine(day, time(4), UTC))])
    finally:
        session.close()


def chart_rows(at: AppTest) -> list[dict]:
    """The rows of the page's one chart, as the browser receives them (Arrow IPC)."""
    import pyarrow as pa

    [chart] = [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]
    [dataset] = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


def answer_tasks(at: AppTest) -> list[str]:
    tables = [h.proto.body for h in at.get("html") if "pk-answer" in h.proto.body]
    return [shown_text(c) for c in re.findall(r'<td class="pk-c-task">(.*?)</td>', tables[0])] if tables else []


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if label in m.label)


# -- Ask --------------------------------------------------------------------------------------------------

def test_ask_flagship_question_from_the_url_gives_the_three_assignments_with_highlighted_source(
        store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q=FLAGSHIP)
    assert answer_tasks(at) == ["19.2", "21.2", "保障措施.3"]
    html = html_of(at)
    assert html.count('<td class="pk-c-due">2024年9月</td>') == 3
    assert "Read as" in html and "市工业和信息化局" in html
    assert html.count('class="pk-src pk-clause"') == 3
    assert 'class="pk-attr pk-lead" title="牵头 Lead: 市工业和信息化局">市工业和信息化局</mark>' in html
    assert html.count(">2024年9月</mark>") >= 3
    assert any("MATCH" in c.value for c in at.code), "the generated Cypher is shown"


def test_ask_an_english_bureau_name_answers_as_its_chinese_name(store_copy, monkeypatch):
    """The bureau's English name was "Not understood" and every unit's September duties answered."""
    at = start(store_copy, monkeypatch, "ask", q="which tasks does the Municipal Bureau of Industry and Information "
                                                  "Technology lead that are due in September")
    assert answer_tasks(at) == ["19.2", "21.2", "保障措施.3"]
    assert "Not understood" not in html_of(at) and "English name" in html_of(at)


def test_ask_an_english_unit_name_nothing_reads_is_said_not_applied_and_not_answered(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="which tasks does the Bureau of Magic Affairs lead")
    assert not answer_tasks(at)
    assert "Unit filter NOT applied: &#x27;Bureau of Magic Affairs&#x27;" in html_of(at) or \
        "Unit filter NOT applied: 'Bureau of Magic Affairs'" in html_of(at)


def test_ask_answer_links_to_task_views_and_units(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q=FLAGSHIP, ref="2024-07-15")
    html = html_of(at)
    assert re.search(r'href="task\?doc=[0-9a-f]+&amp;task=19&amp;ref=2024-07-15"', html), "task → task view"
    assert 'href="units?unit=%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80' in html
    assert "参考日期 reference date 2024-07-15" in html


def test_ask_target_question_shows_the_named_query_table(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="第九项行动有哪些量化指标?")
    assert not answer_tasks(at)
    assert "targets_of_action" in html_of(at) and "5G基站" in html_of(at)


def test_ask_example_button_fills_the_box_and_the_url(app, sample_graph):
    """The examples are the store's (queries/examples.py): on the sample the first asks what the unit leading most
    dated clauses leads in its busiest month, and the answer is every such clause, counted here from the graph."""
    example = app.button(key="example-0").label
    assert example == "市工业和信息化局牵头哪些12月到期的任务?"
    app.button(key="example-0").click().run()
    assert app.text_input(key="q").value == example
    expected = [f"{v.task_key}.{v.seq}" for v in analysis.assignments(sample_graph)
                if "市工业和信息化局" in v.lead and v.due_end is not None and v.due_end.month == 12]
    assert len(expected) > 10 and answer_tasks(app) == expected
    assert app.query_params["q"] in (example, [example])


def test_ask_examples_come_after_the_answer(store_copy, monkeypatch):
    """On a phone the answer must be in view first: the examples fold below it once a question is asked."""
    at = start(store_copy, monkeypatch, "ask", q=FLAGSHIP)
    blocks = [type(e).__name__ + ":" + getattr(e, "label", "") for e in at.main]
    expander = next(e for e in at.expander if "示例问题" in e.label)
    assert expander.proto.expanded is False
    assert blocks.index(next(b for b in blocks if "示例问题" in b)) > 0


def test_ask_unreadable_question_shows_help_and_examples_not_an_empty_table(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="what is the weather like")
    assert not answer_tasks(at)
    warning = at.warning[-1].value
    buttons = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    assert "Try for example" in warning and buttons[0] in warning and len(buttons) == 8


def test_ask_question_text_is_escaped(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="<script>alert(1)</script> 市财政局牵头哪些任务")
    assert "<script>alert" not in html_of(at).replace("<style>", "")
    assert "<script>alert" not in "".join(m.value for m in at.markdown)


def test_ask_typo_warns_above_the_answer_and_offers_the_other_readings_as_links(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="市财正局负责哪些任务?", ref="2024-07-15")
    bodies = [h.proto.body for h in at.get("html")]
    warn = next(i for i, b in enumerate(bodies) if "pk-warn" in b)
    assert "您是否要找“市财政局”" in bodies[warn] and warn < next(i for i, b in enumerate(bodies) if "pk-answer" in b)
    html = html_of(at)
    assert "按任意角色理解" in html, "the note on how 负责 was read"
    narrow = "ask?q=" + quote("市财正局负责哪些任务(仅限责任单位)")
    assert narrow in html and "ask?q=" + quote("市财政局负责哪些任务?") in html, "alternative and spelling"
    assert len(answer_tasks(at)) == 4


def test_ask_warnings_quote_the_question_escaped(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="市财正局<img src=x onerror=alert(1)>负责哪些任务")
    assert "<img src=x" not in html_of(at) and "&lt;img" in html_of(at)


def test_ask_relative_answer_names_its_reference_date(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="本月到期的任务", ref="2024-09-10")
    assert "pk-relative" in html_of(at) and "2024-09-10" in html_of(at)
    plain = start(store_copy, monkeypatch, "ask", q=FLAGSHIP)
    assert "pk-relative" not in html_of(plain)


def test_ask_ranking_is_a_unit_ranking_table(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "ask", q="哪个单位牵头的任务最多?")
    assert "单位排名 Unit ranking" in [s.value for s in at.subheader]
    assert table_column(at, 0, "pk-c-unit", "pk-ranking")[0] == "市工业和信息化局"
    assert answer_tasks(at), "the assignments follow as evidence"


def test_a_ranking_s_rows_are_the_first_unit_s(store_copy, monkeypatch):
    """"which unit leads the most tasks" on a 400-document store listed all 13,637 assignments under the top-10
    table, in document order, the top unit's nowhere first: the rows under a ranking are its first unit's, in the
    role counted (37 led by 市工业和信息化局 of the sample's 40), said so above them."""
    at = start(store_copy, monkeypatch, "ask", q="which unit leads the most tasks")
    assert "37 项分工" in html_of(at) and "40 项分工" not in html_of(at)
    leads = table_column(at, 0, "pk-c-lead")
    assert len(leads) == 37 and all("市工业和信息化局" in lead for lead in leads), "every row led by the first unit"
    assert any("市工业和信息化局" in s.value and "排名第一" in s.value for s in at.subheader)


def test_ask_box_takes_at_most_the_question_limit(app):
    from queries.question import MAX_QUESTION_CHARS

    assert app.text_input(key="q").max_chars == MAX_QUESTION_CHARS


# -- Units ------------------------------------------------------------------------------------------------

def test_units_from_the_url_finance_bureau_leads_four_assignments(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "units", unit="市财政局", role="lead")
    assert at.selectbox(key="unit").value == "市财政局" and at.selectbox(key="role").value == "lead"
    assert metric(at, "牵头 Lead") == "4" and metric(at, "合计 Total") == "4"
    assert table_column(at, 0) == ["8.1", "9.1", "15.1", "保障措施.1"] or len(table_column(at, 0)) == 4


def test_units_alias_resolves_through_the_lexicon(app):
    goto(app, "units")
    app.text_input(key="unit_alias").set_value("市工信局").run()
    assert app.selectbox(key="unit").value == "市工业和信息化局"
    assert any("市工信局" in i.value and "市工业和信息化局" in i.value for i in app.info)
    assert metric(app, "牵头 Lead") == "37"


def test_units_district_sees_what_reaches_it_through_collectives(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "units", unit="即墨区")
    assert metric(at, "合计 Total") == "0"
    assert metric(at, "含集体单位 Incl. collectives") == "14", "a district's workload includes 各区(市)'s"
    assert "Reached through 各区(市)" in html_of(at)
    assert len(table_column(at, 0)) == 14
    assert at.selectbox(key="export_for").options == ["各区(市)(集体单位 collective)"]


@pytest.fixture()
def places_units_store(tmp_path):
    """A city's notice and two districts' (test_ask_places): 城市管理局 in 青岛市 and 即墨区 only."""
    from test_ask_places import CITY, JIMO, LAOSHAN

    from graph.store import Store

    store = Store(tmp_path / "places")
    store.ingest_sources([(CITY.encode(), "city.txt"), (JIMO.encode(), "jimo.txt"), (LAOSHAN.encode(), "laoshan.txt")])
    return store.root


@pytest.mark.parametrize("wanted", ["平度市城市管理局", "李沧区城市管理局"])
def test_units_link_to_a_place_holding_no_such_unit_says_so_and_keeps_the_link(places_units_store, monkeypatch,
                                                                                 wanted):
    """/units?unit=平度市城市管理局 showed "→ 青岛市城市管理局" with its duties and rewrote the link to it
    (李沧区城市管理局 → 即墨区城市管理局): the first unit found inside the text, its place ignored."""
    at = start(places_units_store, monkeypatch, "units", unit=wanted)
    place = wanted[:3]
    [warning] = [w.value for w in at.warning]
    assert f"{place} has no 城市管理局 in the store" in warning and f"库中{place}没有城市管理局" in warning
    assert "[即墨区城市管理局](units?unit=%E5%8D%B3%E5%A2%A8%E5%8C%BA" in warning
    assert "[青岛市城市管理局](units?unit=%E9%9D%92%E5%B2%9B%E5%B8%82" in warning
    assert at.query_params["unit"] in (wanted, [wanted]), "the shared link is not rewritten to another unit"
    assert not at.info and not at.metric and "unit" not in [b.key for b in at.selectbox], "no other unit is shown"


def test_deadlines_link_with_a_short_name_shows_that_unit_not_every_unit(places_units_store, monkeypatch):
    """/deadlines?unit=市商务局 (the README's form) showed every unit's deadlines once the store held several places,
    whose units the filter lists by full name: the link is read as the Units page reads it."""
    at = start(places_units_store, monkeypatch, "deadlines", unit="市商务局", ref="2024-07-15")
    assert at.selectbox(key="unit").value == "青岛市商务局"
    assert any("市商务局" in i.value and "青岛市商务局" in i.value for i in at.info)
    assert [re.sub(r"\s.*", "", d) for d in table_column(at, 0, "pk-c-date")] == ["2024-08-31"]
    at = start(places_units_store, monkeypatch, "deadlines", unit="平度市城市管理局", ref="2024-07-15")
    [warning] = [w.value for w in at.warning]
    assert "平度市 has no 城市管理局 in the store" in warning and "(deadlines?unit=" in warning
    assert not at.metric and "unit" not in [b.key for b in at.selectbox], "no other unit's deadlines are shown"
    at = start(places_units_store, monkeypatch, "deadlines", unit="区商务局", ref="2024-07-15")
    assert "unit" not in [b.key for b in at.selectbox] and not at.metric, "neither place's unit, nor every unit's"
    [warning] = [w.value for w in at.warning]
    assert f"[即墨区商务局](deadlines?unit={quote('即墨区商务局')}" in warning and \
        f"[崂山区商务局](deadlines?unit={quote('崂山区商务局')}" in warning, "a name two places hold: both are links"


@pytest.mark.parametrize("page", ["deadlines", "units"])
def test_a_link_to_a_unit_no_document_names_shows_no_other_unit(places_units_store, monkeypatch, page):
    """/deadlines?unit=市民政局 once its only document was removed said "No unit" and then showed every unit's
    deadlines (the Units page: the busiest unit's duties) under it."""
    at = start(places_units_store, monkeypatch, page, unit="市民政局", ref="2024-07-15")
    [warning] = [w.value for w in at.warning]
    assert "No unit called '市民政局'" in warning
    assert not at.metric and "unit" not in [b.key for b in at.selectbox], "no other unit is shown"
    assert at.query_params["unit"] in ("市民政局", ["市民政局"]), "the shared link is kept as it is"


def test_units_alias_box_says_a_place_holds_no_such_unit_and_keeps_the_unit_shown(places_units_store, monkeypatch):
    at = start(places_units_store, monkeypatch, "units", unit="即墨区城市管理局")
    at.text_input(key="unit_alias").set_value("平度市城市管理局").run()
    assert at.selectbox(key="unit").value == "即墨区城市管理局"
    assert any("平度市 has no 城市管理局 in the store" in w.value for w in at.warning)
    assert at.query_params["unit"] in ("即墨区城市管理局", ["即墨区城市管理局"])


@pytest.mark.parametrize(("typed", "unit"), [("即墨區城市管理局", "即墨区城市管理局"),
                                              ("青岛市城市管理局", "青岛市城市管理局")])
def test_units_alias_box_takes_the_place_written_and_traditional_characters(places_units_store, monkeypatch,
                                                                           typed, unit):
    at = start(places_units_store, monkeypatch, "units", unit="崂山区商务局")
    at.text_input(key="unit_alias").set_value(typed).run()
    assert at.selectbox(key="unit").value == unit and metric(at, "牵头 Lead") == "1"


def test_units_export_this_unit_as_a_brief(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "units", unit="市财政局")
    at.selectbox(key="export_unit_fmt").set_value("md")
    at.button(key="export_unit_go").click().run()
    assert not at.exception and not at.error
    button = at.get("download_button")[0]
    assert "policykg-市财政局.md" in button.proto.label


def test_units_export_this_unit_as_a_workbook(store_copy, monkeypatch):
    """The page offered Excel 工作簿 for one unit and the xlsx exporter took no unit: an error on the page."""
    import io

    import openpyxl

    at = start(store_copy, monkeypatch, "units", unit="市财政局")
    at.selectbox(key="export_unit_fmt").set_value("xlsx")
    at.button(key="export_unit_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    made = at.session_state["unit_export"]
    assert made[:2] == ("市财政局", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(made[3]))
    assert wb.sheetnames[-1] == "市财政局" and wb["矩阵 Matrix"].max_row == 2


def test_units_page_keeps_its_unit_when_the_user_comes_back(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "units")
    at.selectbox(key="unit").set_value("市科技局").run()
    goto(at, "ask")
    goto(at, "units")
    assert at.selectbox(key="unit").value == "市科技局"


def history(at: AppTest, page: str, **params) -> AppTest:
    """The browser's back or forward button: same session, the page at an address it had (its parameters as they
    were then)."""
    at._page_hash = calc_hash(page)
    at.query_params = {k: str(v) for k, v in params.items()}
    at.run()
    assert not at.exception, at.exception
    return at


def chosen(at: AppTest, *keys: str) -> dict:
    """The page's pickers by key: the value each shows, and the value its URL parameter holds."""
    def url(key):
        value = at.query_params.get(key)
        return value[-1] if isinstance(value, list) else value

    return {k: (at.selectbox(key=k).value if k in [b.key for b in at.selectbox] else at.radio(key=k).value, url(k))
            for k in keys}


def test_each_page_comes_back_with_its_own_view_not_the_last_page_s(store_copy, monkeypatch):
    """deadlines?unit=…&status=soon&role=lead, then Units, then Deadlines: Deadlines came back with the unit Units
    showed and without role=lead (both pages' pickers were one session key, ``unit`` and ``role``, remembered
    once for every page). Each page's view is its own: from the navigation a page shows what it showed last in
    the session, or its default."""
    link = {"unit": "市财政局", "status": "overdue", "role": "lead", "ref": "2024-07-15"}
    at = start(store_copy, monkeypatch, "deadlines", **link)
    deadlines = {"unit": ("市财政局", "市财政局"), "role": ("lead", "lead"), "status": ("overdue", "overdue")}
    assert chosen(at, "unit", "role", "status") == deadlines
    rows = table_column(at, 0)
    assert rows
    goto(at, "units")
    busiest = at.selectbox(key="unit").options[0]
    assert busiest != "市财政局"
    assert chosen(at, "unit", "role") == {"unit": (busiest, busiest), "role": ("any", None)}, "Units' own default"
    at.selectbox(key="unit").set_value("市科技局").run()
    goto(at, "deadlines")
    assert chosen(at, "unit", "role", "status") == deadlines
    assert table_column(at, 0) == rows, "市财政局's overdue lead duties, as the link showed them"
    goto(at, "units")
    assert chosen(at, "unit", "role") == {"unit": ("市科技局", "市科技局"), "role": ("any", None)}
    goto(at, "exports")
    at.selectbox(key="fmt").set_value("svg").run()
    assert chosen(at, "unit", "kind") == {"unit": ("__all__", None), "kind": ("map", None)}, "not Units' unit"
    at.radio(key="kind").set_value("co").run()
    goto(at, "graph")
    assert chosen(at, "kind", "unit") == {"kind": ("unit", None), "unit": (busiest, busiest)}, "not Exports' map kind"
    goto(at, "exports")
    assert chosen(at, "fmt", "unit", "kind") == {"fmt": ("svg", "svg"), "unit": ("__all__", None), "kind": ("co", "co")}


def test_the_task_document_and_graph_pages_each_keep_their_own_task(store_copy, monkeypatch):
    """The Task, Document and Graph pages shared their ``doc`` and ``task`` pickers: a task opened on one page
    was what the next page opened on, and that page's choice came back to the first."""
    at = start(store_copy, monkeypatch, "task", task="19")
    assert at.selectbox(key="task").value == "19"
    goto(at, "document")
    first = at.selectbox(key="task").options[0]
    assert at.selectbox(key="task").index == 0 and first != "19", "the Document page's own default"
    at.selectbox(key="task").set_value("8").run()
    goto(at, "graph")
    at.radio(key="kind").set_value("task").run()
    assert at.selectbox(key="task").index == 0
    goto(at, "task")
    assert at.selectbox(key="task").value == "19" and at.query_params["task"] in ("19", ["19"])
    goto(at, "document")
    assert at.selectbox(key="task").value == "8"


def test_back_and_forward_show_the_view_of_the_address_not_the_last_one(store_copy, monkeypatch):
    """Back to /deadlines?unit=…&role=lead after its role was changed and another page was opened: the address's
    view, exactly (a link's parameters win over what the session remembers, and a parameter it lacks is the
    default, not the remembered value)."""
    at = start(store_copy, monkeypatch, "deadlines", unit="市财政局", role="lead")
    at.selectbox(key="role").set_value("responsible").run()
    at.selectbox(key="status").set_value("overdue").run()
    goto(at, "units")
    history(at, "deadlines", unit="市财政局", role="lead")
    assert chosen(at, "unit", "role", "status") == {"unit": ("市财政局", "市财政局"), "role": ("lead", "lead"),
                                                    "status": ("__all__", None)}
    goto(at, "units")
    goto(at, "deadlines")
    assert chosen(at, "role")["role"] == ("lead", "lead"), "the navigation brings back what it showed last"


# -- Task view and Document -------------------------------------------------------------------------------

def test_task_view_shows_every_assignment_unit_and_deadline(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "task", task="19", ref="2024-07-15")
    html = html_of(at)
    assert html.count('<div class="pk-card-head">分工 19.') == 3
    assert html.count('class="pk-src pk-clause"') == 3
    assert 'href="units?unit=' in html and "在文件中的位置" in html
    assert re.search(r'href="document\?doc=[0-9a-f]+&amp;task=19&amp;ref=2024-07-15"', html)
    assert "pk-status-later" in html


def card_status(at: AppTest, label: str) -> str:
    card = re.search(rf'data-assignment="{re.escape(label)}".*?pk-status pk-status-(\w+)', html_of(at), re.S)
    return card.group(1) if card else ""


def test_task_view_records_progress_and_the_colour_follows(store_copy, monkeypatch):
    """At today's date (no ?ref=) the report counts at once; at an earlier reference date it does not, as the
    ledger dated then does not show it (graph/progress ``current(as_of=)``), and the page says so."""
    at = start(store_copy, monkeypatch, "task", task="19")
    other = card_status(at, "19.1")
    assert card_status(at, "19.2") == "overdue" and "还没有进展记录" in "".join(c.value for c in at.caption)
    at.selectbox(key="progress_assignment").set_value("19.2")
    at.selectbox(key="progress_state").set_value("已办结")
    at.text_area(key="progress_note").set_value("<b>已兑现</b>")
    at.button(key="progress_record").click().run()
    assert "填报人" in at.error[0].value, "a name is required when nobody is signed in"
    at.text_input(key="progress_by").set_value("李四")
    at.button(key="progress_record").click().run()
    assert not at.exception and not at.error, at.error
    assert card_status(at, "19.2") == "done" and card_status(at, "19.1") == other
    history = table_column(at, 0, "pk-c-note", "pk-history")
    assert history == ["&lt;b&gt;已兑现&lt;/b&gt;"] and "已办结" in html_of(at)
    at = start(store_copy, monkeypatch, "task", task="19", ref="2024-07-15")
    assert card_status(at, "19.2") == "later" and table_column(at, 0, "pk-c-note", "pk-history") == history
    assert any("1 条在参考日期 2024-07-15 之后记录" in c.value for c in at.caption)
    from graph.store import Store

    [event] = Store(store_copy).progress().events()
    assert (event.state, event.by, event.note) == ("done", "李四", "<b>已兑现</b>")


def test_done_is_green_on_the_deadlines_page(store_copy, monkeypatch):
    from datetime import date


    made = date(2024, 7, 1)  # recorded before the reference date: the reports recorded by then count
    record_progress(store_copy, ("19.2", "done", "李四", {"at": made}),
                    ("8.1", "延期申请", "李四", {"when": "2024-12-31", "today": made, "at": made}))
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15")
    assert metric(at, "已办结") == "1" and metric(at, "逾期") == "3", "8.1 is judged by its new date"
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15", status="done")
    assert answer_tasks(at) == ["19.2"]
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15", status="overdue")
    assert "8.1" not in answer_tasks(at)


def test_an_extension_moves_its_duty_in_the_deadlines_chart_and_order(store_copy, monkeypatch):
    """The chart's month and the table's order read the date that counts, as the status colour and the due
    cell do: 8.1 (printed 2024年6月底, overdue on 2024-07-15) extended to 2024-12-31 leaves June's overdue bar
    for December's later one, and is listed among December's duties."""
    from collections import Counter
    from datetime import date


    def bars(at):
        return Counter({(r["月份 Month"], r["状态 Status"]): r["分工 Assignments"] for r in chart_rows(at)})

    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15", status="later")
    before, chart_before = answer_tasks(at), bars(at)
    record_progress(store_copy, ("8.1", "延期申请", "李四", {"when": "2024-12-31", "today": date(2024, 7, 1),
                                                         "at": date(2024, 7, 1)}))
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15", status="later")
    after, dues = answer_tasks(at), table_column(at, 0, "pk-c-date")
    assert "8.1" not in before and "8.1" in after
    assert dues[after.index("8.1")].startswith("2024-12-31 (延期 extended")
    assert [d[:10] for d in dues] == sorted(d[:10] for d in dues), "soonest first by the date that counts"
    moved = bars(at)
    moved.subtract(chart_before)
    assert {k: n for k, n in moved.items() if n} == {("2024-06", "逾期 Overdue"): -1, ("2024-12", "未到期 Later"): 1}


def test_ask_and_units_tables_show_the_recorded_status(store_copy, monkeypatch):
    from datetime import date

    record_progress(store_copy, ("19.2", "done", "李四", {"at": date(2024, 9, 20)}))  # by the reference date
    at = start(store_copy, monkeypatch, "ask", q=FLAGSHIP, ref="2024-10-01")
    assert answer_tasks(at) == ["19.2", "21.2", "保障措施.3"]
    assert table_column(at, 0, "pk-c-status") == ["已办结 Done", "逾期 Overdue", "逾期 Overdue"]
    at = start(store_copy, monkeypatch, "units", unit="市工业和信息化局", ref="2024-10-01")
    tasks, states = table_column(at, 0), table_column(at, 0, "pk-c-status")
    assert dict(zip(tasks, states, strict=True))["19.2"] == "已办结 Done"
    assert dict(zip(tasks, states, strict=True))["21.2"] == "逾期 Overdue"
    from graph.store import Store

    doc = Store(store_copy).manifest()[0].id
    at = start(store_copy, monkeypatch, "document", doc=doc, task="19", ref="2024-10-01")
    items = re.findall(r"<li>(19\.\d) — .*?pk-status-(\w+)", html_of(at))
    assert items == [("19.1", "later"), ("19.2", "done"), ("19.3", "later")], items


def test_document_outline_links_every_task_and_highlights_the_picked_one(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "document", task="19")
    assert metric(at, "任务 Tasks") == "29" and metric(at, "分工 Assignments") == "40"
    outline = [h.proto.body for h in at.get("html") if "pk-outline" in h.proto.body][0]
    assert outline.count('class="pk-tasklink"') == 29
    html = html_of(at)
    selected = html[html.index('id="pk-selected"'):]
    assert "19. 加快产业转型升级" in selected[:200]
    assert selected.count('pk-lead"') >= 3 and ">2024年9月</mark>" in selected
    assert "19.2 — 牵头 Lead:" in re.sub(r"<[^>]+>", "", html) and "期限 Deadline:" in html  # in both languages


def test_document_lists_parse_warnings_with_line_and_column(store_copy, monkeypatch):
    from graph.store import Store

    doc_id = Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])[0].document.id
    at = start(store_copy, monkeypatch, "document", doc=doc_id)
    assert metric(at, "解析警告 Warnings") == "2"
    assert table_column(at, 0, "pk-c-pos", "pk-warnings") == ["4:51", "5:49"]
    html = html_of(at)
    assert "units-not-in-gazetteer" in html and "unresolved-deadline" in html and "【市数据测试办】" in html
    assert 'pk-issue" title="4:51 units-not-in-gazetteer' in html, "underlined where it occurred"
    assert "名录外单位 units-not-in-gazetteer" in html and "无法解析的期限 unresolved-deadline" in html, "Chinese first"


# -- Deadlines --------------------------------------------------------------------------------------------

def test_deadlines_four_overdue_on_2024_07_15(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15")
    assert metric(at, "逾期 Overdue") == "4" and metric(at, "未到期 Later") == "36"
    assert table_column(at, 0)[:4] == ["3.1", "8.1", "9.1", "17.3"] or \
        sorted(table_column(at, 0)[:4]) == ["17.3", "3.1", "8.1", "9.1"]
    at2 = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15", status="overdue")
    assert sorted(table_column(at2, 0)) == ["17.3", "3.1", "8.1", "9.1"]
    at3 = start(store_copy, monkeypatch, "deadlines", ref="2024-09-05")
    assert metric(at3, "30天内到期 Due ≤ 30 days") == "3"


def test_deadlines_filter_by_unit_role_and_action(store_copy, monkeypatch, ladybug_session):
    from queries.contract import assignments

    at = start(store_copy, monkeypatch, "deadlines", unit="市财政局", role="responsible")
    assert at.info and not table_column(at, 0), "市财政局 is never responsible, only lead"
    at.selectbox(key="role").set_value("lead").run()
    assert len(table_column(at, 0)) == 4
    ninth = [a for a in assignments(ladybug_session) if a["action"] and a["action"]["seq"] == 9]
    at = start(store_copy, monkeypatch, "deadlines", action=9, role="lead")
    assert sorted(table_column(at, 0)) == sorted(f"{a['task']['label']}.{a['seq']}" for a in ninth if a["lead"])


def test_one_reference_date_serves_every_page(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "deadlines", ref="2024-07-15")
    goto(at, "ask")
    from datetime import date

    assert at.date_input(key="ref").value == date(2024, 7, 15), "kept while moving between pages"
    at.text_input(key="q").set_value("Which tasks are overdue?").run()
    assert sorted(answer_tasks(at)) == ["17.3", "3.1", "8.1", "9.1"]
    goto(at, "deadlines")
    assert metric(at, "逾期 Overdue") == "4"


def test_no_deadline_read_is_not_called_open_ended(store_copy, monkeypatch):
    from graph.store import Store

    Store(store_copy).ingest_sources([(SMALL_DOC.encode(), "small.txt")])  # task 2: 另行通知, not a deadline
    at = start(store_copy, monkeypatch, "deadlines")
    assert metric(at, "无可识别时限 No deadline read") == "1"
    assert metric(at, "长期/无截止 Open-ended") == "0"


# -- Graph ------------------------------------------------------------------------------------------------

def test_graph_unit_neighbourhood_is_drawn_with_its_centre_and_role_colours(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "graph", unit="市财政局")
    html = html_of(at)
    assert html.count('class="pk-graph"') == 1 and "pk-centre" in html
    tasks = len(re.findall(r'class="pk-node-task"', html))
    assert tasks == 3 and html.count("<circle") == 1 + tasks, "centre and the 3 tasks of its 4 assignments"
    assert 'stroke="#d62728"' in html, "lead edges in the lead colour"
    assert "牵头 lead" in html and "责任 responsible" in html, "a legend of the role colours"
    assert 'href="graph?kind=task&amp;doc=' in html, "each task links to its own neighbourhood"
    for internal in ("span_start", "order_key", "document_id"):
        assert internal not in html


def test_graph_task_neighbourhood_from_the_url(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "graph", kind="task", task="19")
    html = html_of(at)
    assert "<h4 class=\"pk-title\">任务19</h4>" in html and "加快产业转型升级" in html
    assert "市工业和信息化局" in html and "集成电路" in html or "产业/平台" in html
    assert at.radio(key="kind").value == "task"


def test_graph_depth_two_adds_the_partners(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "graph", unit="市工业和信息化局", depth=2)
    html = html_of(at)
    assert html.count('class="pk-node-unit"') >= 5 and 'href="graph?kind=unit&amp;unit=' in html
    partners = re.findall(r'<g class="pk-node-unit">.*?<text [^>]*>(.*?)</text>', html)
    assert partners == sorted(partners), "the partners by name: where the cap cuts, the first names are drawn"


def test_graph_task_concepts_come_by_name(store_copy, monkeypatch):
    """`ORDER BY 1` is no order in Cypher (it sorts by the constant 1): the concepts came in each engine's own
    order, so the Neo4j app drew others than the embedded one once the cap cut."""
    html = html_of(start(store_copy, monkeypatch, "graph", kind="task", task="19"))
    concepts = re.findall(r'<g class="pk-node-concept">.*?<text [^>]*>(.*?)</text>', html)
    assert len(concepts) >= 5 and concepts == sorted(concepts)


# -- Analyst ----------------------------------------------------------------------------------------------

def test_analyst_runs_a_named_query(app):
    goto(app, "analyst")
    app.selectbox(key="named").set_value("workload_ranking").run()
    assert "MATCH (u:Unit)" in app.text_area(key="query").value
    frame = app.dataframe[0].value
    assert frame["unit"][0] == "市工业和信息化局" and frame["total"][0] == 38
    assert app.get("download_button"), "the result can be downloaded as CSV"


def test_analyst_query_from_the_url_runs(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "analyst", query="MATCH (u:Unit) WHERE u.name = $unit RETURN u.kind",
               params="unit=市财政局")
    assert at.dataframe[0].value["u.kind"][0] == "government_department"


def test_analyst_named_query_parameters_are_filled_and_used(app):
    goto(app, "analyst")
    app.selectbox(key="named").set_value("tasks_led_by_unit").run()
    assert app.text_area(key="params").value == "unit=市工业和信息化局"
    app.text_area(key="params").set_value("unit=市财政局")
    app.button(key="run_cypher").click().run()
    assert len(app.dataframe[0].value) == 4
    app.text_area(key="params").set_value("")
    app.button(key="run_cypher").click().run()
    assert "missing parameter(s): unit" in app.error[0].value and not app.dataframe, "not an empty answer"


def test_analyst_named_query_reads_a_unit_given_by_an_alias(app):
    goto(app, "analyst")
    app.selectbox(key="named").set_value("tasks_led_by_unit").run()
    app.text_area(key="params").set_value("unit=市发改委")
    app.button(key="run_cypher").click().run()
    assert len(app.dataframe[0].value) == 13 and "“市发改委”按“市发展改革委”查询" in html_of(app)


def test_analyst_named_query_parameters_are_typed_by_their_declaration(app):
    """task=25 is the label "25" for targets_of_task (guessing would make it the number 25 and fail)."""
    goto(app, "analyst")
    app.selectbox(key="named").set_value("targets_of_task").run()
    app.text_area(key="params").set_value("task=10")
    app.button(key="run_cypher").click().run()
    assert not app.error and set(app.dataframe[0].value["task"]) == {"10"}
    app.text_area(key="params").set_value("task=10\nunit=x")
    app.button(key="run_cypher").click().run()
    assert "unknown parameter 'unit'" in app.error[0].value


@pytest.mark.parametrize("query", ["CREATE (u:Unit {id: 'x', name: 'x'})", "MATCH (u:Unit) DETACH DELETE u",
                                   "MATCH (u:Unit RETURN u", "MATCH (x:NoSuchLabel) RETURN x"])
def test_analyst_refused_and_broken_queries_are_messages(store_copy, monkeypatch, query):
    at = start(store_copy, monkeypatch, "analyst", query=query)
    assert at.error and "refused or failed" in at.error[0].value
    if "CREATE" in query or "DELETE" in query:
        assert "read-only" in at.error[0].value


def test_analyst_shows_nodes_as_tables_without_engine_ids(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "analyst",
               query="MATCH (a:Assignment) RETURN a, a.due_end AS due, a.leaders ORDER BY a.order_key LIMIT 2")
    assert not at.error
    frame = at.dataframe[0].value
    assert frame["due"][0] == "2024-12-31" and frame["a.task_label"][0] == "1" and frame["a:label"][0] == "Assignment"
    assert not any("_ID" in c for c in frame.columns) and not any("_ID" in str(v) for v in frame.iloc[0])


def test_analyst_dialect_schema_and_history(app):
    goto(app, "analyst")
    assert any("label(r)" in m.value and "type(r)" in m.value for m in app.markdown)
    assert ":Assignment" in html_of(app) and "LEADS" in html_of(app) and "due_end DATE" in html_of(app)
    for q in ("MATCH (u:Unit) RETURN count(u)", "MATCH (t:Task) RETURN count(t)"):
        app.text_area(key="query").set_value(q)
        app.button(key="run_cypher").click().run()
    assert [b.key for b in app.button if b.key and b.key.startswith("history-")] == ["history-0", "history-1"]
    app.button(key="history-1").click().run()
    assert app.text_area(key="query").value == "MATCH (u:Unit) RETURN count(u)"


def test_analyst_bad_parameter_line_is_a_message(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "analyst", query="MATCH (u:Unit) RETURN u.name", params="unit 市财政局")
    assert "key=value" in at.error[0].value


# -- Upload -----------------------------------------------------------------------------------------------

def test_upload_adds_a_document_and_the_next_read_sees_it(app):
    goto(app, "upload")
    app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception and not app.error
    html = html_of(app)
    assert "关于推进数据共享工作的通知" in html and "警告 warnings 2" in html
    assert "units-not-in-gazetteer" in html and "unresolved-deadline" in html
    assert any("数据共享" in o for o in app.sidebar.selectbox(key="scope").options)
    assert "存储中的文件 Documents in the store(2)" in [s.value for s in app.subheader]
    goto(app, "ask")
    app.text_input(key="q").set_value("市数据测试办负责哪些任务?").run()
    assert answer_tasks(app) == ["1.1"], "the reopened session and a fresh lexicon"


def test_upload_of_a_folder_adds_its_documents_and_names_the_other_files(app):
    goto(app, "upload")
    app.toggle(key="upload_folder").set_value(True).run()
    uploader = app.file_uploader[0]
    assert uploader.proto.multiple_files and "文件夹" in uploader.label
    for name, content in (("通知/small.txt", SMALL_DOC.encode("utf-8")), ("通知/照片.jpg", b"\xff\xd8\xff"),
                          ("通知/.DS_Store", b"\x00"), ("通知/~$small.docx", b"lock")):
        uploader.upload(name, content, "application/octet-stream")
    uploader.run()
    app.button(key="ingest").click().run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "照片.jpg" in errors[0], "the other kind is named; hidden and lock files are not"
    assert "存储中的文件 Documents in the store(2)" in [s.value for s in app.subheader]


def test_upload_twice_reopens_the_store_each_time_and_closes_the_old_session(store_copy, monkeypatch):
    from graph.store import Store

    opened = []
    open_graph = Store.open_graph
    monkeypatch.setattr(Store, "open_graph", lambda self: opened.append(open_graph(self)) or opened[-1])
    app = start(store_copy, monkeypatch, "upload")
    for n, text in enumerate((SMALL_DOC, SMALL_DOC.replace("7号", "8号").replace("数据共享", "数据开放"))):
        app.file_uploader[0].upload(f"doc{n}.txt", text.encode("utf-8"), "text/plain").run()
        app.button(key="ingest").click().run()
        assert not app.exception and not app.error
        assert len(app.sidebar.selectbox(key="scope").options) == n + 3
        mine = [s for s in opened if str(s.path).startswith(str(store_copy))]
        assert all(s.closed for s in mine[:-1]), "only the newest may be open (the scope list reads the manifest)"
    goto(app, "ask")
    app.text_input(key="q").set_value("市数据测试办负责哪些任务?").run()
    mine = [s for s in opened if str(s.path).startswith(str(store_copy))]
    assert [s.closed for s in mine] == [True] * (len(mine) - 1) + [False], "only the newest is open"
    assert answer_tasks(app) == ["1.1", "1.1"], "both uploads are read by the new session"
    goto(app, "upload")
    app.file_uploader[0].upload("again.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert "已在存储中 Already in the store" in html_of(app)


def test_a_session_closed_by_another_tab_is_reopened_not_shown_as_an_error(store_copy, monkeypatch):
    """Tabs share one session; another tab's upload closes it (the store is reopened). This tab's next run
    must open the new one rather than query the closed one."""
    from graph.store import Store

    opened = []
    open_graph = Store.open_graph
    monkeypatch.setattr(Store, "open_graph", lambda self: opened.append(open_graph(self)) or opened[-1])
    app = start(store_copy, monkeypatch, "ask", q=FLAGSHIP)
    assert answer_tasks(app) == ["19.2", "21.2", "保障措施.3"]
    for session in opened:
        session.close()  # what the other tab's upload does to the cached session
    app.text_input(key="q").set_value("市财政局牵头哪些任务?").run()
    assert not app.exception and not app.error, app.error
    assert len(answer_tasks(app)) == 4 and not opened[-1].closed


def test_upload_removes_a_document_after_a_confirmation(app):
    goto(app, "upload")
    app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert len(app.sidebar.selectbox(key="scope").options) == 3
    [key] = [b.key for b in app.button if b.key and b.key.startswith("remove-")
             and "数据共享" in app.session_state["upload_results"][0]["title"]
             and b.key == f"remove-{app.session_state['upload_results'][0]['id']}"]
    app.button(key=key).click().run()
    assert "确认移除《关于推进数据共享工作的通知》" in app.warning[0].value
    app.button(key="remove_cancel").click().run()
    assert not app.warning and len(app.sidebar.selectbox(key="scope").options) == 3, "cancel keeps it"
    app.button(key=key).click().run()
    app.button(key="remove_confirm").click().run()
    assert not app.exception and not app.error
    assert "已移除" in app.success[0].value and len(app.sidebar.selectbox(key="scope").options) == 2
    goto(app, "ask")
    app.text_input(key="q").set_value("市数据测试办负责哪些任务?").run()
    assert answer_tasks(app) == [], "the graph no longer holds it"


def test_upload_with_a_jurisdiction_keeps_two_places_units_apart(store_copy, monkeypatch):
    app = start(store_copy, monkeypatch, "upload")
    assert app.selectbox(key="upload_jurisdiction").value == "__document__", "read from the document by default"
    app.selectbox(key="upload_jurisdiction").set_value("广州市")
    app.file_uploader[0].upload("gz.txt", SMALL_DOC.replace("市大数据局", "市财政局").encode("utf-8"),
                                "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception and not app.error, app.error
    doc_id = app.session_state["upload_results"][0]["id"]
    assert "<td class=\"\">广州市</td>" in html_of(app), "the jurisdiction column of the stored documents"
    at = start(store_copy, monkeypatch, "document", doc=doc_id)
    assert "行政区划 广州市(上传时指定 given at upload)" in html_of(at)
    units = start(store_copy, monkeypatch, "units")
    options = units.selectbox(key="unit").options
    assert "青岛市财政局" in options and "广州市财政局" in options and "市财政局" not in options
    gz = start(store_copy, monkeypatch, "units", unit="广州市财政局", role="lead")
    assert metric(gz, "牵头 Lead") == "1", "only 广州市's 市财政局"
    qd = start(store_copy, monkeypatch, "units", unit="青岛市财政局", role="lead")
    assert metric(qd, "牵头 Lead") == "4"


def test_a_busy_store_is_a_message_on_upload_and_remove(store_copy, monkeypatch):
    from graph import lock

    app = start(store_copy, monkeypatch, "upload")
    with lock.write_lock(store_copy):  # another writer (a CLI ingest) holds the store
        app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
        app.button(key="ingest").click().run()
        assert not app.exception and not app.error
        assert "The store is busy" in app.warning[0].value and str(store_copy) not in app.warning[0].value
        [key] = [b.key for b in app.button if b.key and b.key.startswith("remove-")]
        app.button(key=key).click().run()
        app.button(key="remove_confirm").click().run()
        assert not app.exception and any("The store is busy" in w.value for w in app.warning)
    assert len(app.sidebar.selectbox(key="scope").options) == 2, "nothing was added or removed"


def test_upload_refuses_the_wrong_kind_and_oversized_files(app):
    from graph.store import MAX_BYTES

    goto(app, "upload")
    app.file_uploader[0].upload("tool.exe", b"MZ\x90\x00", "application/octet-stream").run()
    app.button(key="ingest").click().run()
    assert not app.exception and "unsupported kind of file" in app.error[0].value
    goto(app, "upload")
    app.file_uploader[0].upload("huge.txt", b" " * (MAX_BYTES + 1), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception and "20 MB" in app.error[0].value
    assert len(app.sidebar.selectbox(key="scope").options) == 2, "nothing was added"


def test_upload_a_refused_file_is_named_and_the_others_are_added(app):
    goto(app, "upload")
    app.file_uploader[0].upload("tool.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "text/plain")
    app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception
    assert len(app.error) == 1 and "tool.txt" in app.error[0].value and "not a document" in app.error[0].value
    assert "关于推进数据共享工作的通知" in html_of(app), "the good file went in"
    assert len(app.sidebar.selectbox(key="scope").options) == 3


def test_upload_a_file_that_cannot_be_parsed_is_named_and_the_others_are_added(app):
    """It passes the gate (a .txt with no program's signature) and fails only when read: the others go in."""
    goto(app, "upload")
    app.file_uploader[0].upload("garbage.txt", bytes(range(256)) * 8, "text/plain")
    app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["没有加入 Not added — garbage.txt: looks like binary data, not text"]
    assert "已加入 Added" in html_of(app) and "关于推进数据共享工作的通知" in html_of(app)
    assert len(app.sidebar.selectbox(key="scope").options) == 3


def test_upload_of_many_files_is_one_line_of_totals_and_a_table_with_the_warnings_folded(app):
    goto(app, "upload")
    for n in range(5):
        app.file_uploader[0].upload(f"n{n}.txt", SMALL_DOC.replace("7号", f"{n + 10}号").encode("utf-8"), "text/plain")
    app.file_uploader[0].run()
    app.button(key="ingest").click().run()
    assert not app.exception and not app.error
    html = html_of(app)
    assert "已加入 Added 5</b>,已在存储中 already in the store 0,警告 warnings 10" in html
    table = html.split('pk-uploads">')[1].split("</table>")[0]
    assert table.count("<tr>") == 6 and "青测发〔2024〕14号" in table and "n4.txt" in table
    assert html.count("class=\"pk-result pk-ok\"") == 1, "no box per file"
    [folded] = [e for e in app.expander if e.label.startswith("警告 Warnings")]
    assert folded.label == "警告 Warnings(10)" and "unresolved-deadline" in html
    assert len(app.sidebar.selectbox(key="scope").options) == 7


def test_upload_offers_to_read_again_what_an_earlier_version_read(store_copy, monkeypatch):
    import msgspec

    manifest = store_copy / "manifest.json"  # as an earlier version left it: every entry from before this one
    listed = msgspec.json.decode(manifest.read_bytes())
    for entry in listed["documents"]:
        entry["read_by"] = "0123456789abcdef"
    manifest.write_bytes(msgspec.json.encode(listed))
    app = start(store_copy, monkeypatch, "upload")
    count = len(listed["documents"])
    assert any(f"{count} document(s) were read by an earlier version" in i.value for i in app.info)
    app.button(key="reread").click().run()
    assert not app.exception and not app.error
    assert f"Read {count} document(s) again; 0 now read differently." in app.success[0].value
    assert not any("earlier version" in i.value for i in app.info), "all read by this version now"


def test_upload_messages_show_a_file_name_as_it_is_not_as_markdown(app):
    goto(app, "upload")
    app.file_uploader[0].upload("[点我](http://evil.example) *急*.txt", bytes(range(256)) * 8, "text/plain").run()
    app.button(key="ingest").click().run()
    [error] = [e.value for e in app.error]
    assert r"\[点我\](http://evil.example) \*急\*.txt" in error, "escaped: no link, no emphasis"


def test_upload_unreadable_document_is_a_message(app):
    goto(app, "upload")
    app.file_uploader[0].upload("broken.docx", b"not a zip file", "application/octet-stream").run()
    app.button(key="ingest").click().run()
    assert not app.exception and app.error


def returned_ledger(store_copy, fill: dict[str, tuple]) -> bytes:
    from datetime import date

    from graph import exporters
    from graph.status import StatusContext
    from graph.store import Store

    data = exporters.export("ledger-xlsx", Store(store_copy).graph(), unit="市财政局",
                            status=StatusContext({}, date(2024, 7, 15), date(2024, 7, 16)))
    from test_progress import returned

    return returned(data, fill)


def test_upload_a_returned_ledger_records_its_rows_or_lists_every_problem(store_copy, monkeypatch):
    from graph.store import Store

    at = start(store_copy, monkeypatch, "upload")
    bad = returned_ledger(store_copy, {"任务8.1": ("已办结", "2024-06-28", "已兑现"), "保障措施.3": ("完成了", None, "")})
    at.file_uploader(key="ledger-0").upload("back_filled.xlsx", bad, "application/octet-stream").run()
    at.text_input(key="ledger_by").set_value("李四")
    at.button(key="ledger_import").click().run()
    assert not at.exception and "Nothing imported: 1 row(s)" in at.error[0].value
    [problem] = table_column(at, 0, "pk-c-clause", "pk-warnings")
    assert "unknown status" in problem
    assert "back_filled.xlsx" in problem, "an HTML cell shows the name as it is (Markdown's escape showed there)"
    assert Store(store_copy).progress().events() == []
    good = returned_ledger(store_copy, {"任务8.1": ("已办结", "2024-06-28", "已兑现")})
    at.file_uploader(key="ledger-0").upload("back.xlsx", good, "application/octet-stream").run()
    at.button(key="ledger_import").click().run()
    assert not at.error and "Recorded 1 report(s)" in at.success[0].value
    assert [(e.state, e.by) for e in Store(store_copy).progress().events()] == [("done", "李四")]


def test_a_table_whose_every_column_a_phone_leaves_out_keeps_them(store_copy, monkeypatch):
    """The import's list of bad rows is one pk-c-clause column, which the phone style hid: the page said "1 行有误"
    over nothing (review 45). views.table marks such a table pk-whole, and the style hides no column of it; a
    table with other columns still leaves its clause to the desktop."""
    from app_pages import views

    assert "pk-whole" in views.table([("pk-c-clause", "问题 Problem")], [["x"]])
    assert "pk-whole" in views.table([("pk-c-resp", "责任"), ("pk-c-doc", "文件")], [["x", "y"]])
    assert "pk-whole" not in views.table([("pk-c-task", "任务"), ("pk-c-clause", "条文")], [["1", "x"]])
    at = start(store_copy, monkeypatch, "upload")
    bad = returned_ledger(store_copy, {"保障措施.3": ("完成了", None, "")})
    at.file_uploader(key="ledger-0").upload("back.xlsx", bad, "application/octet-stream").run()
    at.text_input(key="ledger_by").set_value("李四")
    at.button(key="ledger_import").click().run()
    assert '<table class="pk-table pk-warnings pk-whole">' in html_of(at)


def stranded_sample(store_copy, task: str = "8.1"):
    """The sample notice removed with progress recorded on ``task`` (SMALL_DOC stays, so the store is not empty):
    its record is left on no stored duty. Returns the sample document's id."""
    from graph.store import Store

    store = Store(store_copy)
    [sample] = store.ids()
    record_progress(store_copy, (task, "推进中", {"by": "督查室"}))
    store.ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])
    store.remove([sample], force=True)
    return sample


def test_not_recorded_rows_show_a_file_name_as_it_is(store_copy, monkeypatch):
    """A returned ledger whose rows name a removed notice's duties: the "未记录 Not recorded" list (HTML) showed
    m2\\_公安分局\\_回.xlsx, Markdown's escapes in an HTML cell (review 45)."""
    filled = returned_ledger(store_copy, {"任务8.1": ("已办结", "2024-06-28", "已兑现")})
    stranded_sample(store_copy, "19.2")
    at = start(store_copy, monkeypatch, "upload")
    at.file_uploader(key="ledger-0").upload("m2_公安分局_回.xlsx", filled, "application/octet-stream").run()
    at.text_input(key="ledger_by").set_value("李四")
    at.button(key="ledger_import").click().run()
    assert not at.exception and not at.error, at.error
    [row] = table_column(at, 0, "pk-c-clause", "pk-warnings")
    assert row.startswith("m2_公安分局_回.xlsx "), row


def test_removed_and_place_messages_escape_markdown(store_copy, monkeypatch):
    """Markdown messages quoting a title or what was typed escape it, as every other message does: the removal's
    已移除 line and the jurisdiction box's error."""
    from graph.store import Store

    app = uploaded(start(store_copy, monkeypatch, "upload"), "star.txt", SMALL_DOC.replace("数据", "*数据*", 1))
    doc = next(e.id for e in Store(store_copy).manifest() if e.source_name == "star.txt")
    app.button(key=f"remove-{doc}").click().run()
    app.button(key="remove_confirm").click().run()
    assert r"《关于推进\*数据\*共享工作的通知》" in app.success[0].value, app.success[0].value
    box = app.selectbox(key="upload_jurisdiction")
    box.options.append("**不是地方**")  # typed: the box takes new options (accept_new_options)
    box.set_value("**不是地方**").run()
    assert r"\*\*不是地方\*\*" in app.error[0].value, app.error[0].value


def test_progress_left_on_no_duty_is_folded_with_its_count(store_copy, monkeypatch):
    """The list of records a removed notice left stood open on the Upload page month after month: it is folded,
    its label counting them."""
    stranded_sample(store_copy)
    at = start(store_copy, monkeypatch, "upload")
    [panel] = [e for e in at.expander if "Progress left on no stored duty" in e.label]
    assert panel.label.endswith("(1)") and not panel.proto.expanded


# -- Exports ----------------------------------------------------------------------------------------------

WITHDRAWAL = ("即墨区安全生产委员会办公室关于撤回《关于开展2026年秋冬季安全生产大排查大整治的通知》的通知\n即安办发〔2026〕14号\n"
              "各镇人民政府、街道办事处:\n我办印发的《关于开展2026年秋冬季安全生产大排查大整治的通知》予以撤回。\n")


def test_exports_count_the_documents_the_sidebar_counts(store_copy, monkeypatch):
    """A 撤回 notice holds no task: the Exports page said "4 份文件" where the sidebar said 5 (review 45). Both count
    the stored documents now, the export saying how many hold no assignment; with a unit chosen, the documents
    holding its assignments, said so."""
    from graph.store import Store

    Store(store_copy).ingest_sources([(WITHDRAWAL.encode("utf-8"), "withdrawal.txt")])
    at = start(store_copy, monkeypatch, "exports", fmt="csv")
    assert "2 份文件 document(s)" in [c.value for c in at.sidebar.caption]
    [scope] = [c.value for c in at.caption if c.value.startswith("范围 Scope")]
    assert "2 份文件 documents(其中 1 份没有分工 1 with no assignments)" in scope, scope
    at = start(store_copy, monkeypatch, "exports", fmt="ledger-xlsx", unit="市财政局")
    [scope] = [c.value for c in at.caption if c.value.startswith("范围 Scope")]
    assert "1 份文件含所选分工 documents with the chosen assignments" in scope, scope


def test_exports_generate_xlsx_gives_a_download_button(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "exports", fmt="xlsx")
    assert not at.get("download_button"), "nothing is generated before asking"
    at.button(key="export_go").click().run()
    assert not at.exception
    assert "policykg.xlsx" in at.get("download_button")[0].proto.label


def test_exports_with_a_status_option_carry_the_recorded_progress(store_copy, monkeypatch):
    """As recorded by the reference date's end (graph/status.StatusContext.of_log, the CLI's rule too): a ledger
    dated before the report was made does not show it."""
    from datetime import date

    record_progress(store_copy, ("19.2", "done", "李四", "已兑现<i>"))
    today = date.today().isoformat()  # the record was made today
    at = start(store_copy, monkeypatch, "exports", fmt="ledger-html", ref=today)
    at.button(key="export_go").click().run()
    assert not at.exception and not at.error
    page = at.session_state["export_made"][1].decode("utf-8")
    assert f"参考日期 {today}" in page and "已兑现&lt;i&gt;" in page and "李四" in page
    at = start(store_copy, monkeypatch, "exports", fmt="ledger-html", ref="2024-07-15")
    at.button(key="export_go").click().run()
    page = at.session_state["export_made"][1].decode("utf-8")
    assert "参考日期 2024-07-15" in page and "已兑现" not in page, "recorded after the reference date"


def test_the_app_s_export_is_the_cli_s_file_before_and_after_progress(store_copy, monkeypatch, tmp_path):
    """The app's csv, xlsx and ics carried a status column before anything was recorded, the CLI's did not (a
    reviewer's 35,028 against 32,782 bytes): one rule (graph/exporters.shows_status) for both."""
    import subprocess
    import sys


    def both(fmt: str) -> tuple[bytes, bytes]:
        at = start(store_copy, monkeypatch, "exports", fmt=fmt, ref="2024-07-15")
        at.button(key="export_go").click().run()
        out = tmp_path / f"cli.{fmt}"
        subprocess.run([sys.executable, "-c", "import cli; cli.main()", "--store", str(store_copy), "export", fmt,
                        "-o", str(out), "--today", "2024-07-15"], cwd=ROOT, check=True, capture_output=True)
        return at.session_state["export_made"][1], out.read_bytes()

    app_csv, cli_csv = both("csv")
    assert app_csv == cli_csv and "状态".encode() not in app_csv
    record_progress(store_copy, ("19.2", "done", "李四"))
    app_csv, cli_csv = both("csv")
    assert app_csv == cli_csv and "状态".encode() in app_csv


def test_the_monthly_ledger_is_made_in_the_app_for_a_due_window(store_copy, monkeypatch):
    """The Exports page offered the 督办台账 without a Chinese label and without the date range
    `progress ledger --from/--to` has, so a monthly ledger could not be made in the app."""
    from datetime import date

    at = start(store_copy, monkeypatch, "exports", fmt="ledger-html", ref="2024-07-15")
    assert "督办台账" in at.selectbox(key="fmt").format_func("ledger-html")
    at.button(key="export_go").click().run()
    every = at.session_state["export_made"][1].decode("utf-8")
    at.date_input(key="export_window").set_value((date(2024, 9, 1), date(2024, 9, 30))).run()
    at.button(key="export_go").click().run()
    assert not at.exception and not at.error
    september = at.session_state["export_made"][1].decode("utf-8")
    assert "policykg-2024-09-01_2024-09-30.html" in at.get("download_button")[0].proto.label
    assert 0 < september.count("2024-09-30") and september.count("<tr") < every.count("<tr")
    assert "2024-06-30" in every and "2024-06-30" not in september


def test_exports_map_for_one_unit(store_copy, monkeypatch):
    at = start(store_copy, monkeypatch, "exports", fmt="svg")
    at.selectbox(key="unit").set_value("市财政局").run()
    at.button(key="export_go").click().run()
    assert not at.exception
    assert "policykg-市财政局.svg" in at.get("download_button")[0].proto.label
    at.selectbox(key="unit").set_value("市科技局").run()
    assert not at.get("download_button"), "other options need a new Generate"


def test_exports_options_are_read_from_and_kept_in_the_url(store_copy, monkeypatch):
    """/exports?fmt=svg&unit=… opened the map of every unit: the app's state lives in the URL, the options too."""
    at = start(store_copy, monkeypatch, "exports", fmt="svg", unit="市财政局", kind="co")
    assert at.selectbox(key="unit").value == "市财政局" and at.radio(key="kind").value == "co"
    at.selectbox(key="unit").set_value("市科技局").run()
    assert at.query_params["unit"] in ("市科技局", ["市科技局"]) and at.query_params["kind"] in ("co", ["co"])


def test_exports_map_preview_is_bounded_and_says_what_to_narrow(store_copy, monkeypatch):
    """A 156-document store's map was drawn in the page as 13 MB of SVG: the page says how big an export is
    before making it, draws a map only up to its node limit (here lowered under the sample's map) and otherwise
    says so, with the size, and what to narrow; a narrower map is drawn."""
    from app_pages import exports

    monkeypatch.setattr(exports, "PREVIEW_NODES", 25)
    at = start(store_copy, monkeypatch, "exports", fmt="svg")
    captions = " ".join(c.value for c in at.caption)
    assert "1 份文件" in captions and "项分工" in captions and "个节点" in captions
    nodes = int(re.search(r"图上 ([\d,]+) 个节点", captions).group(1).replace(",", ""))
    assert nodes > 25 and any("超过页面预览的上限 25" in i.value for i in at.info), "said before it is made"
    at.button(key="export_go").click().run()
    assert not at.exception and at.get("download_button")
    assert not at.get("image"), "no preview of a map over the limit"
    assert any("未在页面预览" in i.value and "KB" in i.value and "选一个单位" in i.value for i in at.info)
    at.selectbox(key="unit").set_value("市财政局").run()
    assert not any("超过页面预览" in i.value for i in at.info)
    at.button(key="export_go").click().run()
    assert not at.exception and at.get("image"), "a map within the limit is drawn in the page"


def test_exports_map_too_big_to_draw_is_not_offered_and_says_what_to_narrow(store_copy, monkeypatch):
    """A 1,000-document corpus's map ran Graphviz for hours behind a spinner: over ``maps.MAX_NODES`` (here
    lowered under the sample's map) the page says so before anything is made, with what to narrow, and offers no
    Generate; the co-responsibility map (units only) and a narrower map are offered."""
    from graph import maps

    monkeypatch.setattr(maps, "MAX_NODES", 25)
    at = start(store_copy, monkeypatch, "exports", fmt="svg")
    assert any("超过可绘制的上限 25" in w.value and "narrow it" in w.value for w in at.warning)
    assert at.button(key="export_go").disabled
    at.radio(key="kind").set_value("co").run()
    assert not at.warning and not at.button(key="export_go").disabled
    at.radio(key="kind").set_value("map").run()
    at.selectbox(key="unit").set_value("市财政局").run()
    assert not at.warning and not at.button(key="export_go").disabled
    at.button(key="export_go").click().run()
    assert not at.exception and at.get("image"), "a map within the limit is drawn in the page"


def test_exports_map_still_too_big_asks_only_for_what_is_not_chosen(store_copy, monkeypatch):
    """Narrowed to one unit and still over the limit, the page asked to pick a unit again: it asks only for what
    is left (an action, a document), and in the sidebar's one document, only for what is left of those."""
    from graph import maps

    monkeypatch.setattr(maps, "MAX_NODES", 5)
    at = start(store_copy, monkeypatch, "exports", fmt="svg")
    at.selectbox(key="unit").set_value("市工业和信息化局").run()
    [warning] = at.warning
    assert "选一个行动" in warning.value and "在侧栏选一份文件" in warning.value
    assert "选一个单位" not in warning.value and "pick a unit" not in warning.value.lower()
    assert "Pick an action or pick one document in the sidebar" in warning.value
    at.selectbox(key="action").set_value(1).run()
    assert "选一个" not in at.warning[0].value and "在侧栏选一份文件" in at.warning[0].value


def test_exports_whole_graph_too_big_for_its_writer_is_not_offered(store_copy, monkeypatch):
    """Turtle of a 1,000-document store ran 12 minutes in 6.7 GB behind a spinner: past the format's limit (here
    lowered under the sample's graph) the page says so before anything is made, with what to export instead, and
    offers no Generate; N-Triples are offered."""
    import dataclasses

    from graph import exporters

    ttl = exporters.EXPORTERS["ttl"]
    monkeypatch.setitem(exporters.EXPORTERS, "ttl", dataclasses.replace(ttl, limit=(100, ttl.limit[1])))
    at = start(store_copy, monkeypatch, "exports", fmt="ttl")
    assert any("无法一次写成 ttl" in w.value and "N-Triples (nt)" in w.value for w in at.warning)
    assert at.button(key="export_go").disabled
    at = start(store_copy, monkeypatch, "exports", fmt="nt")
    assert not at.warning and not at.button(key="export_go").disabled
    at.button(key="export_go").click().run()
    assert not at.exception and at.get("download_button")


# -- the whole app ----------------------------------------------------------------------------------------

def test_empty_store_points_at_upload(tmp_path, monkeypatch):
    at = start(tmp_path / "empty", monkeypatch)
    for page in PAGES:
        goto(at, page)
        if page == "upload":
            assert at.file_uploader and not at.info
        else:
            assert "Upload" in at.info[0].value and 'href="upload"' in html_of(at)


def test_every_page_works_with_several_documents_and_a_scope(store_copy, monkeypatch):
    from graph.store import Store

    doc_id = Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])[0].document.id
    at = start(store_copy, monkeypatch, "ask", q=FLAGSHIP)
    assert '<th class="pk-c-doc">文件 Document</th>' not in html_of(at), "one document answers: no column"
    assert len(answer_tasks(at)) == 3
    for scope in ("__all__", doc_id):
        at.sidebar.selectbox(key="scope").set_value(scope).run()
        for page in PAGES:
            goto(at, page)
            assert not at.error, (page, scope, [e.value for e in at.error])
    at = start(store_copy, monkeypatch, "deadlines", scope=doc_id)
    assert len(table_column(at, 0)) == 2, "only the scoped document's assignments"


def test_task_and_unit_links_name_their_document_and_unit_even_when_it_is_the_first(store_copy, monkeypatch):
    """The first option of a picker stayed out of the URL, so the link to the first document's task 1 read
    /task?task=1: once a document sorting before it was added, the same link opened that document's task 1.
    A link naming a task but no document now says so instead of choosing silently."""
    from graph.store import Store

    at = start(store_copy, monkeypatch, "task")
    first = at.selectbox(key="doc").value
    assert at.query_params["doc"] in (first, [first]) and at.query_params["task"] in ("1", ["1"])
    at = start(store_copy, monkeypatch, "units")
    assert at.query_params["unit"] in (at.selectbox(key="unit").value, [at.selectbox(key="unit").value])
    Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])
    at = start(store_copy, monkeypatch, "task", task="2")
    assert "no document" in at.warning[0].value
    at = start(store_copy, monkeypatch, "task", doc=first, task="2")
    assert not at.warning and at.selectbox(key="doc").value == first


def test_a_link_s_short_document_id_opens_it_and_a_wrong_one_or_missing_task_is_said(store_copy, monkeypatch):
    """`ingest` prints a document's id cut to 12 characters: a link with it opened the first document instead,
    and a task the document lacks silently showed its first task. What a link says reaches the page escaped."""
    from graph.store import Store

    small = Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])[0].document.id
    at = start(store_copy, monkeypatch, "task", doc=small[:12], task="2")
    assert at.selectbox(key="doc").value == small and at.selectbox(key="task").value == "2" and not at.warning
    at = start(store_copy, monkeypatch, "task", doc=small, task="9")
    assert "has no task 9" in at.warning[0].value and at.selectbox(key="task").value == "1"
    hostile = "![x](http://evil.example/p.png)"
    for page, params in (("task", {"doc": hostile, "task": "1"}), ("units", {"unit": hostile})):
        at = start(store_copy, monkeypatch, page, **params)
        shown = " ".join(w.value for w in at.warning)
        assert "\\[x\\]" in shown and "![x](" not in shown, (page, shown)


def test_the_action_filter_asks_for_a_document_when_several_hold_actions(synthetic_store, monkeypatch):
    """An action is a number within its document: across 200 documents "action 2" named one document's action
    and matched every document's second one. Without a scope the filter is off and says why; with one it lists
    that document's actions by their names."""
    from graph.store import Store

    at = start(synthetic_store, monkeypatch, "deadlines")
    action = at.selectbox(key="action")
    assert action.options == ["全部 All"] and action.disabled
    doc = Store(synthetic_store).document(sorted(Store(synthetic_store).ids())[0])
    at = start(synthetic_store, monkeypatch, "deadlines", scope=doc.id, action=doc.actions[-1].seq)
    action = at.selectbox(key="action")
    assert not action.disabled and action.options[1:] == [f"{a.seq}. {a.name}" for a in doc.actions]
    assert action.value == doc.actions[-1].seq and not at.error


def test_our_errors_are_messages_not_tracebacks(store_copy, monkeypatch):
    (store_copy / "documents" / "zz.json").write_text('{"format": 99, "document": {}}', encoding="utf-8")
    at = start(store_copy, monkeypatch, "task")
    assert "another policykg version" in at.error[0].value and str(store_copy) not in at.error[0].value


def test_server_paths_are_never_shown(store_copy, monkeypatch):
    """Neither the store's path nor the folder a document was ingested from (the sample: an absolute path)."""
    for page in PAGES:
        at = start(store_copy, monkeypatch, page, task="19")
        shown = html_of(at) + "".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.error])
        assert str(store_copy) not in shown and str(SAMPLE.parent) not in shown, page
        if page in ("document", "upload"):
            assert SAMPLE.name in shown, "the file's own name is shown"


@pytest.mark.neo4j
def test_every_page_shows_the_same_on_neo4j(store_copy, monkeypatch, neo4j_sample):
    """``policykg serve --neo4j-uri`` (POLICYKG_NEO4J_URI): every page reads the server and shows what it shows
    on the embedded store, tables, counts, charts and messages alike."""
    import streamlit as st

    visits = [("ask", {"q": FLAGSHIP, "ref": "2024-10-01"}), ("ask", {"q": "市财政局牵头的逾期任务", "ref": "2024-10-01"}),
              ("units", {"unit": "市工业和信息化局", "ref": "2024-10-01"}), ("task", {"task": "19"}),
              ("document", {"task": "4"}), ("deadlines", {"ref": "2024-07-15"}),
              ("deadlines", {"ref": "2024-07-15", "status": "overdue", "unit": "市财政局"}),
              ("graph", {"unit": "市财政局"}), ("graph", {"kind": "task", "task": "19"}),
              ("graph", {"unit": "市工业和信息化局", "depth": "2"}), ("analyst", {}), ("upload", {}), ("exports", {})]

    def shown(page, params):
        st.cache_resource.clear()
        at = start(store_copy, monkeypatch, page, **params)
        texts = [(e.type, str(getattr(e, "value", ""))) for e in [*at.error, *at.warning, *at.info, *at.metric]]
        charts = [e.proto.spec for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]
        return html_of(at), texts, charts, chart_rows(at) if charts else []

    embedded = [shown(page, params) for page, params in visits]
    monkeypatch.setenv("POLICYKG_NEO4J_URI", neo4j_sample.conn.uri)
    try:
        for (page, params), want in zip(visits, embedded, strict=True):
            got = shown(page, params)
            assert got == want, (page, params)
            assert "pk-table" in got[0] or page in ("upload", "exports", "analyst"), (page, "shows something")
        st.cache_resource.clear()
        at = start(store_copy, monkeypatch, "ask")
        assert any("Neo4j" in c.value for c in at.sidebar.caption) and not at.warning
        assert neo4j_sample.conn.uri not in str(at.sidebar) + html_of(at), "never the server's address"
        from graph.store import Store

        Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])
        st.cache_resource.clear()
        st.cache_data.clear()
        at = start(store_copy, monkeypatch, "ask")
        [warning] = at.main.warning  # on the page, not in the sidebar a phone folds away
        assert "load-neo4j" in warning.value and "2 here" in warning.value
        with neo4j_sample.conn.driver() as driver:  # the server mirrors another store: load-neo4j is no fix
            driver.execute_query("MATCH (d:Document) SET d.policykg_store = 'another-store'")
        try:
            st.cache_data.clear()
            at = start(store_copy, monkeypatch, "ask")
            [warning] = at.main.warning
            assert "mirrors another store" in warning.value and "load-neo4j" not in warning.value
        finally:
            with neo4j_sample.conn.driver() as driver:
                driver.execute_query("MATCH (d:Document) REMOVE d.policykg_store")
        from app_pages.common import Ctx
        from app_pages.exports import export_graph
        from graph.store import Store as Stored

        exported = export_graph(Ctx(str(store_copy), Stored(store_copy).version()), "ttl")
        assert len(exported.nodes["Document"]) == 1, "the app exports what the server holds, as export --neo4j-uri"
        st.cache_resource.clear()
        at = start(store_copy.parent / "no-store-here", monkeypatch, "units")
        assert "No store here" in at.info[0].value and "The store is empty" not in at.info[0].value
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_with_the_neo4j_server_down_upload_works_on_the_store_and_other_pages_say_so_at_once(store_copy,
                                                                                            monkeypatch):
    """``serve --neo4j-uri`` with the server stopped: /upload was the one red "cannot be reached" message, so the
    clerk could neither add documents nor see the store's list (both in the store), and each page took 7–14 s to
    say it (the driver's retries, asked three times a page). Upload works on the store, warning to run load-neo4j;
    the other pages say the one message within seconds (one quick connection attempt), never the address."""
    import time

    import streamlit as st

    import graph.neo4j_store  # noqa: F401 — the driver's import, once: not what a page waits for
    from graph.store import Store

    down = "bolt://127.0.0.1:1"  # a server stopped: the port refuses the connection
    start(store_copy, monkeypatch, "ask", q=FLAGSHIP)  # the app's imports, once
    monkeypatch.setenv("POLICYKG_NEO4J_URI", down)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        for page, params in (("ask", {"q": FLAGSHIP}), ("units", {"unit": "市财政局"}), ("deadlines", {})):
            began = time.monotonic()
            at = start(store_copy, monkeypatch, page, **params)
            assert time.monotonic() - began < 5, (page, "the message comes at once, not after retries")
            [error] = at.main.error
            assert "cannot be reached" in error.value and down not in error.value, error.value
        at = start(store_copy, monkeypatch, "upload")
        assert not at.error, [e.value for e in at.error]
        assert any("load-neo4j" in w.value and "cannot be reached" in w.value for w in at.main.warning)
        assert SAMPLE.name in html_of(at) + str(at.main), "the store's documents are listed"
        at.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
        at.button(key="ingest").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert len(Store(store_copy).ids()) == 2, "the document went into the store"
        assert any("load-neo4j" in w.value for w in at.main.warning), "the server is to be loaded once back"
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


JIMO_DOC = ("即墨区人民政府办公室关于印发即墨区2024年数字经济重点工作安排的通知\n即政办发〔2024〕11号\n一、重点工作\n"
            "1. 建设即墨区算力中心。(牵头单位:区大数据局,责任单位:区发展改革局;完成时限:2024年10月底前)\n")


@contextlib.contextmanager
def app_on_neo4j(tmp_path, monkeypatch, conn):
    """A store holding the sample, loaded into the test Neo4j, and the app run on that server (as
    ``serve --neo4j-uri``) with fresh caches before and after: yields the store."""
    import streamlit as st

    from graph.neo4j_store import sync_neo4j
    from graph.resources import load_gazetteers
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_sources([(SAMPLE.read_bytes(), SAMPLE.name)])
    sync_neo4j(store, conn, load_gazetteers())
    monkeypatch.setenv("POLICYKG_NEO4J_URI", conn.uri)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        yield store
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


@pytest.mark.neo4j
def test_the_app_on_neo4j_reads_again_what_load_neo4j_changed(tmp_path, monkeypatch, neo4j_to_restore):
    """``serve --neo4j-uri`` kept what it had read from the server (the lexicon of units, the years, the kinds of
    recurrence) for as long as the store did not change: a document ingested, its page opened before load-neo4j
    (warned, rightly), then loaded, and 区大数据局 was still read as 市大数据局 — 40 rows of another unit, with
    no warning left — until the app restarted."""
    import time

    from app_pages.common import SERVER_LOOK_S
    from graph.neo4j_store import sync_neo4j
    from graph.resources import load_gazetteers

    with app_on_neo4j(tmp_path, monkeypatch, neo4j_to_restore) as store:
        store.ingest_sources([(JIMO_DOC.encode("utf-8"), "jimo.txt")])
        at = start(store.root, monkeypatch, "ask", q="区大数据局牵头哪些任务", ref="2024-07-15")
        assert any("load-neo4j" in w.value for w in at.main.warning)
        # the server's graph holds no 区 unit of that body: asked which unit, never 市大数据局's rows in its stead
        assert not answer_tasks(at) and any("青岛市大数据局" in w.value for w in at.main.warning)
        sync_neo4j(store, neo4j_to_restore, load_gazetteers())
        time.sleep(SERVER_LOOK_S + 0.5)  # the app looks at the server again after a few seconds, not every query
        at = start(store.root, monkeypatch, "ask", q="区大数据局牵头哪些任务", ref="2024-07-15")
        assert not at.main.warning
        assert "即墨区" in html_of(at) and answer_tasks(at) == ["1.1"]


@pytest.mark.neo4j
def test_an_upload_and_a_removal_on_neo4j_reach_the_server(tmp_path, monkeypatch, neo4j_to_restore):
    """Under ``serve --neo4j-uri`` an upload went into the store alone: staff asking about the notice they had
    just added got 市大数据局's 40 rows for 区大数据局, under a banner telling them to run `policykg load-neo4j` on
    the server machine; a removed document kept answering. The page now brings the server in line itself."""
    from graph.neo4j_store import Neo4jGraph

    with app_on_neo4j(tmp_path, monkeypatch, neo4j_to_restore) as store:
        app = start(store.root, monkeypatch, "upload")
        app.file_uploader[0].upload("jimo.txt", JIMO_DOC.encode("utf-8"), "text/plain").run()
        app.button(key="ingest").click().run()
        assert not app.exception and not app.error and not app.main.warning
        assert any("Neo4j" in i.value for i in app.info), "says the server holds it too"
        goto(app, "ask")
        app.text_input(key="q").set_value("区大数据局牵头哪些任务").run()
        assert not app.main.warning and answer_tasks(app) == ["1.1"]
        goto(app, "upload")
        [doc] = [r for r in app.session_state["upload_results"]]
        app.button(key=f"remove-{doc['id']}").click().run()
        app.button(key="remove_confirm").click().run()
        assert not app.exception and not app.error and "已移除" in app.success[0].value
        server = Neo4jGraph(neo4j_to_restore)
        try:
            assert server.query("MATCH (d:Document) RETURN d.id")[1] == [[i] for i in store.ids()]
            assert server.query("MATCH (u:Unit {name: '区大数据局'}) RETURN count(u)")[1] == [[0]]
        finally:
            server.close()


def test_the_unit_of_a_document_of_unknown_place_is_itself_on_units_and_deadlines(tmp_path, monkeypatch):
    """Picking the 区应急局 of a notice whose place is unknown added up every district's 区应急局 (matched by the
    short name it is shown by): its page and the Deadlines filter show its own duties only."""
    from graph.store import Store

    notice = "关于{t}的通知\n{n}一、任务\n1. {t}事项。(牵头单位:区应急局;完成时限:2024年{m}月)\n"
    store = Store(tmp_path / "s")
    store.ingest_sources([(notice.format(t="甲", n="即政办发〔2024〕3号\n", m=9).encode(), "jimo.txt"),
                          (notice.format(t="丙", n="崂政办发〔2024〕4号\n", m=8).encode(), "laoshan.txt"),
                          (notice.format(t="乙", n="", m=10).encode(), "nowhere.txt")])
    at = start(store.root, monkeypatch, "units", unit="区应急局", ref="2024-07-15")
    assert table_column(at, 0) == ["1.1"] and metric(at, "合计 Total") == "1"
    at = start(store.root, monkeypatch, "deadlines", unit="区应急局", ref="2024-07-15")
    assert [re.sub(r"\s.*", "", d) for d in table_column(at, 0, "pk-c-date")] == ["2024-10-31"]
    at = start(store.root, monkeypatch, "units", unit="即墨区应急局", ref="2024-07-15")
    assert metric(at, "合计 Total") == "1"


# -- hostile text -----------------------------------------------------------------------------------------

@pytest.fixture()
def hostile_store(tmp_path):
    from graph.store import Store

    store = Store(tmp_path / "hostile")
    doc = store.ingest_paths([HOSTILE])[0].document
    return store.root, doc


def test_hostile_document_is_text_on_every_page(hostile_store, monkeypatch):
    root, doc = hostile_store
    visits = [("ask", {"q": "市财政局牵头哪些任务"}), ("units", {"unit": "市财政局"}), ("task", {"task": "1"}),
              ("task", {"task": "2"}), ("document", {"task": "4"}), ("deadlines", {}),
              ("graph", {"unit": "市财政局"}), ("graph", {"kind": "task", "task": "1"}), ("analyst", {}),
              ("upload", {}), ("exports", {})]
    for page, params in visits:
        at = start(root, monkeypatch, page, **params)
        assert not at.error, (page, [e.value for e in at.error])
        html = html_of(at)
        for payload in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover", "<I>斜体"):
            assert payload not in html, (page, payload)
        markdown = "".join(m.value for m in at.markdown)
        for text in ("alert(", "javascript:", "pixel.png", "{{7*7}}"):
            assert text not in markdown, (page, text)
    at = start(root, monkeypatch, "task", task="1")
    assert "&lt;script&gt;alert(5)&lt;/" in html_of(at), "shown as text"


# -- a corpus, not a document -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    """A store of 200 synthetic documents (bench/synth.py), built once for this module."""
    from bench.synth import corpus
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("corpus") / "store")
    store.ingest_sources([(data, name) for name, data in corpus(200)])
    return store.root


def test_every_page_opens_on_a_store_of_two_hundred_documents(synthetic_store, monkeypatch):
    at = start(synthetic_store, monkeypatch, "ask", q="市财政局牵头哪些任务?")
    assert answer_tasks(at)
    for page in PAGES:
        goto(at, page)
        assert not at.error, (page, [e.value for e in at.error])
    assert len(at.sidebar.selectbox(key="scope").options) == 201


def test_a_named_query_answer_on_ask_shows_its_first_page_and_links_the_whole_table(synthetic_store, monkeypatch):
    """"哪些任务没有牵头单位" on 200 documents drew all 200 rows of assignments_without_lead at once (a thousand on
    a thousand documents) where every other answer shows 50 a page; it shows 50, says how many, and links the
    Analyst page that runs the same query with every row."""
    from urllib.parse import unquote

    at = start(synthetic_store, monkeypatch, "ask", q="哪些任务没有牵头单位")
    body = next(h.proto.body for h in at.get("html") if "assignments_without_lead" in h.proto.body)
    assert "200 行 rows" in body and "showing the first 50" in body
    assert body.count("<tr") == 51, "a header and 50 rows"
    link = re.search(r'href="(analyst\?[^"]+)"', body).group(1)
    assert "WHERE NOT EXISTS" in unquote(link.replace("+", " ").replace("&amp;", "&"))


def test_a_big_answer_on_ask_is_read_a_page_at_a_time_and_a_scope_pages_its_own_document(synthetic_store,
                                                                                         monkeypatch):
    from graph.store import Store

    at = start(synthetic_store, monkeypatch, "ask", q="市财政局牵头哪些任务?")
    total = int(re.search(r"<b>(\d+) 项分工", html_of(at)).group(1))
    pages = -(-total // 50)
    assert total > 200 and len(answer_tasks(at)) == 50 and at.number_input(key="ask_page").max == pages
    first = answer_tasks(at)
    at.number_input(key="ask_page").set_value(pages).run()
    assert not at.exception and len(answer_tasks(at)) == total - 50 * (pages - 1)
    assert answer_tasks(at) != first[: len(answer_tasks(at))] or total - 50 * (pages - 1) == 0
    at.text_input(key="q").set_value("市工业和信息化局牵头哪些任务?").run()
    assert at.number_input(key="ask_page").value == 1, "another question starts at the first page"
    session = Store(synthetic_store).open_graph()
    try:  # the last document (by id) that has an answer: the synthetic copies shuffle which units lead
        last = session.query("MATCH (u:Unit)-[:LEADS]->(a:Assignment) WHERE u.name = '市工业和信息化局' "
                             "RETURN a.document_id ORDER BY a.document_id DESC LIMIT 1")[1][0][0]
    finally:
        session.close()
    at.sidebar.selectbox(key="scope").set_value(last).run()
    html = html_of(at)
    scoped = int(re.search(r"<b>(\d+) 项分工", html).group(1))
    assert 0 < scoped < 50 and len(answer_tasks(at)) == scoped, "the scope is asked of the store, not of a page"


def test_big_answers_are_paged_and_the_graph_says_where_it_cut(synthetic_store, monkeypatch):
    at = start(synthetic_store, monkeypatch, "deadlines")
    assert len(table_column(at, 0)) == 50 and at.number_input(key="deadlines_page").value == 1
    at.number_input(key="deadlines_page").set_value(3).run()
    assert not at.exception and len(table_column(at, 0)) == 50
    at = start(synthetic_store, monkeypatch, "units", unit="市工业和信息化局")
    assert len(table_column(at, 0)) == 50
    at = start(synthetic_store, monkeypatch, "graph", unit="市工业和信息化局")
    assert any("只画出前" in w.value for w in at.warning)
    assert html_of(at).count("<circle") <= 2 * 60 + 1


def test_graph_link_with_a_short_name_draws_that_unit_not_the_first_one(places_units_store, monkeypatch):
    """/graph?kind=unit&unit=市商务局 once the store held several places (units listed by full name) drew the first
    unit listed as if it were the one asked for, without a word: the link is read as Units and Deadlines read it."""
    at = start(places_units_store, monkeypatch, "graph", kind="unit", unit="市商务局")
    assert at.selectbox(key="unit").value == "青岛市商务局"
    assert any("青岛市商务局" in i.value for i in at.info)
    assert "青岛市商务局" in html_of(at)
    at = start(places_units_store, monkeypatch, "graph", kind="unit", unit="区商务局")
    [warning] = [w.value for w in at.warning]
    assert "即墨区商务局" in warning and "崂山区商务局" in warning
    assert "unit" not in [b.key for b in at.selectbox] and 'id="pk-graph"' not in html_of(at), "no unit drawn in its stead"
    at = start(places_units_store, monkeypatch, "graph", kind="unit", unit="平度市城市管理局")
    assert any("平度市 has no 城市管理局 in the store" in w.value for w in at.warning)
    assert 'id="pk-graph"' not in html_of(at)


def test_analyst_named_query_keeps_to_the_sidebar_scope_and_says_what_does_not(store_copy, monkeypatch):
    """With the sidebar scoped to one document, the Analyst page answered a named query for every document without
    a word; its rows are now those of the scoped document, said, and a query it cannot scope says it reads all."""
    from graph.store import Store
    from queries.named import get

    store = Store(store_copy)
    store.ingest_paths([ROOT / "tests" / "documents" / "section_restart.txt"])
    doc = next(e.id for e in store.manifest() if e.doc_number == "青政办发〔2026〕31号")
    at = start(store_copy, monkeypatch, "analyst", query=get("tasks_led_by_unit").text, params="unit=市财政局",
               scope=doc)
    frame = at.dataframe[0].value
    assert list(frame["task"]) == ["保障措施.2"] and set(frame["document"]) == {"青政办发〔2026〕31号"}
    assert "Rows of the scoped document only (1 of 5)" in html_of(at)
    at = start(store_copy, monkeypatch, "analyst", query="MATCH (t:Task) RETURN count(t) AS n", scope=doc)
    assert "This query reads the whole store, whatever the Documents scope" in html_of(at)
    assert at.dataframe[0].value["n"][0] == 34


def test_graph_of_a_unit_says_which_document_each_task_is_from(tmp_path, monkeypatch):
    """A unit's graph over two years' plans drew two nodes "任务1", nothing telling them apart: each task's
    document is in its hover text and its card."""
    from graph.store import Store

    plan = ("关于印发青岛市{y}年数字经济攻坚行动方案的通知\n青政办字〔{y}〕{n}号\n一、重点任务\n"
            "1. 建设算力基础设施。(牵头单位:市大数据局;完成时限:{y}年9月底前)\n")
    store = Store(tmp_path / "s")
    store.ingest_sources([(plan.format(y=2025, n=12).encode(), "p25.txt"), (plan.format(y=2026, n=7).encode(), "p26.txt")])
    at = start(store.root, monkeypatch, "graph", kind="unit", unit="市大数据局")
    tips = re.findall(r"<title>(任务1[^<]*)</title>", html_of(at))
    assert sorted(tips) == ["任务1 · 建设算力基础设施 · 青政办字〔2025〕12号", "任务1 · 建设算力基础设施 · 青政办字〔2026〕7号"]


# -- two versions of one notice ----------------------------------------------------------------------------

def uploaded(app: AppTest, name: str, text: str) -> AppTest:
    app.file_uploader[0].upload(name, text.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception and not app.error, app.error
    return app


def test_upload_two_versions_of_a_notice_tells_them_apart_and_removes_the_older_here(store_copy, monkeypatch):
    """A revised copy uploaded under another file name (same 文号) is kept beside the first: the page said to run
    'policykg remove ID' with an id it did not show, and the Remove list, the scope list and Ask named both alike.
    Now each names its file, the page says which is the newer and removes the older from a button, confirmed."""
    from test_versions_told_apart import COPY, FIRST, NOTICE, REVISED

    from graph.store import Store

    app = uploaded(uploaded(start(store_copy, monkeypatch, "upload"), FIRST, NOTICE), COPY, REVISED)
    store = Store(store_copy)
    first, copy = ([e.id for e in store.manifest() if e.source_name == n][0] for n in (FIRST, COPY))
    assert not any("policykg" in m.value for m in (*app.info, *app.warning)), "no command line on the page"
    [said] = [w.value for w in app.warning if "现存两个版本" in w.value]
    said = said.replace("\\", "")  # one Chinese sentence, then one English (it said 较新(后加入 added last))
    assert f"《{COPY}》较新(后加入),《{FIRST}》较旧" in said and f"{COPY} is the newer (added last)" in said, said
    rows = [t.value for t in app.text if "烟测办发〔2026〕12号" in t.value]
    assert len(rows) == 2 and rows[0] != rows[1], rows
    assert any("（营商环境重点任务清单（修订稿））" in r and "较新 newer" in r for r in rows), rows
    assert any("（营商环境重点任务清单）" in r and "较旧 older" in r for r in rows), rows
    scopes = [o for o in app.sidebar.selectbox(key="scope").options if "12号" in o]
    assert len(scopes) == 2 and len(set(scopes)) == 2 and any("修订稿" in o for o in scopes), scopes

    ask = start(store_copy, monkeypatch, "ask", q="烟台市行政审批局牵头哪些任务")
    assert answer_tasks(ask) == ["1.1", "1.1"]
    documents = table_column(ask, css="pk-c-doc")
    assert len(set(documents)) == 2 and any("修订稿" in d for d in documents), documents

    app.button(key=f"remove-older-{first}").click().run()
    assert any(w.value.startswith(f"确认移除《关于印发2026年优化营商环境重点任务清单的通知》({FIRST})") for w in app.warning)
    app.button(key="remove_confirm").click().run()
    assert not app.exception and not app.error and "已移除" in app.success[0].value
    assert store.ids() & {first, copy} == {copy}, "the older went, the newer stays"
    assert not any("现存两个版本" in w.value for w in app.warning), "nothing left to tell apart"


def test_two_versions_whose_titles_differ_are_named_by_their_files(store_copy, monkeypatch):
    """A notice stored as the city's PDF and as its web page (one 文号; the PDF's title read "落实 2026年", the page's
    "落实2026年") was listed in the Remove list by two near-identical titles and "较旧/较新" alone: which file to
    remove could not be told. Versions of one 文号 are named by their file names wherever they are listed."""
    from test_versions_told_apart import NOTICE

    from graph.store import Store

    spaced = NOTICE.replace("关于印发2026年", "关于印发 2026年", 1)
    Store(store_copy).ingest_uploads([(NOTICE.encode("utf-8"), "yantai-notice.txt")])
    Store(store_copy).ingest_uploads([(spaced.encode("utf-8"), "yantai-notice-pdf.txt")])
    app = start(store_copy, monkeypatch, "upload")
    rows = [t.value for t in app.text if "烟测办发〔2026〕12号" in t.value]
    assert len(rows) == 2, rows
    assert any("（yantai-notice）" in r and "较旧 older" in r for r in rows), rows
    assert any("（yantai-notice-pdf）" in r and "较新 newer" in r for r in rows), rows


def test_ask_rows_of_two_stored_versions_say_which_is_newer(store_copy, monkeypatch):
    """Ask's rows for a notice stored in two versions named each by its file name alone, so a clerk could not
    tell which row is current: each says it is the newer or the older, as the Upload page says it (the later
    发文日期, else the one stored last)."""
    from test_versions_told_apart import COPY, FIRST, NOTICE, REVISED

    from graph.store import Store

    Store(store_copy).ingest_uploads([(NOTICE.encode("utf-8"), FIRST)])
    Store(store_copy).ingest_uploads([(REVISED.encode("utf-8"), COPY)])
    ask = start(store_copy, monkeypatch, "ask", q="烟台市行政审批局牵头哪些任务")
    assert answer_tasks(ask) == ["1.1", "1.1"]
    documents = sorted(table_column(ask, css="pk-c-doc"))
    assert documents == ["烟测办发〔2026〕12号（营商环境重点任务清单 · 较旧 older）",
                         "烟测办发〔2026〕12号（营商环境重点任务清单（修订稿） · 较新 newer）"], documents
    cards = html_of(ask)
    assert "营商环境重点任务清单（修订稿） · 较新 newer" in cards and "营商环境重点任务清单 · 较旧 older" in cards


def test_upload_a_revision_says_what_changed_and_points_at_the_page_not_the_command_line(store_copy, monkeypatch):
    """The revision under the first version's file name replaces it: the note lists its changes, and the progress
    left on the dropped task is pointed at this page's list and form, not at 'policykg progress move'."""
    from test_versions_told_apart import FIRST, NOTICE, REVISED

    from graph.store import Store

    app = uploaded(start(store_copy, monkeypatch, "upload"), FIRST, NOTICE)
    [first] = [e.id for e in Store(store_copy).manifest() if e.source_name == FIRST]
    record_progress(store_copy, (f"{first}/t4/1", "推进中", {"by": "督查室"}))
    app = uploaded(app, FIRST, REVISED)
    notes = [i.value for i in app.info]
    [changed] = [n for n in notes if "changed from the version it replaces" in n]
    assert "2.1 开展涉企收费专项整治: 期限 deadline 2026年11月底前 → 2027年1月底前" in changed
    assert "3.1 优化用水用气报装服务: 责任单位 responsible + 市自然资源和规划局" in changed
    assert "任务4 删除 dropped" in changed and "任务5 新增 added" in changed
    assert any("无对应分工的进展记录" in n for n in notes), notes
    assert not any("policykg" in n for n in notes), notes


def test_upload_and_remove_notes_say_their_chinese_beside_the_english(store_copy, monkeypatch):
    """The store's notes on progress were shown to clerks in English alone ("the progress recorded on 1 of its
    duties follows them into this version"): each carries its Chinese first, as the page's errors do. The
    revision here is dated before the first version, gives task 2 to a unit of another task, drops task 4."""
    from test_versions_told_apart import FIRST, NOTICE, REVISED

    from graph.store import Store

    app = uploaded(start(store_copy, monkeypatch, "upload"), FIRST, NOTICE)
    [first] = [e.id for e in Store(store_copy).manifest() if e.source_name == FIRST]
    record_progress(store_copy, *((f"{first}/t{n}/1", "推进中", {"by": "督查室"}) for n in (1, 2, 4)))
    earlier = REVISED.replace("2026年3月10日", "2026年3月1日").replace("牵头单位:市市场监管局", "牵头单位:市发展和改革委员会")
    app = uploaded(app, FIRST, earlier)
    notes = [i.value.replace("\\", "") for i in app.info if i.value.startswith("说明 Note")]
    said = {kind: [n for n in notes if words in n] for kind, words in (
        ("dated", "发文日期 2026-03-01 早于所替换的版本(2026-03-10"), ("follows", "1 项分工的进展记录随分工转入此版本;"),
        ("anew", "2.1 开展涉企收费专项整治 改由其他单位承担"), ("left", "1 项有进展记录的分工不在此版本中"))}
    assert all(len(found) == 1 for found in said.values()), "\n".join(notes)
    assert "the progress recorded on 1 of its duties follows them into this version" in said["follows"][0]
    assert "is assigned anew (lead 市市场监管局 → 市发展改革委)" in said["anew"][0]
    assert "无对应分工的进展记录" in said["left"][0] and "policykg" not in "".join(notes), notes
    # the page's own advice in place of the command line: a whole Chinese sentence, then a whole English one
    assert "可用其中的表单移至其他分工。They are listed below under 'Progress left on no stored duty'" in said["left"][0]
    assert "If the new units carry on the same work: move the records of" in said["anew"][0], said["anew"][0]
    assert not re.search(r"[\u4e00-\u9fff] (listed|move) ", "".join(notes)), notes

    [kept] = [e.id for e in Store(store_copy).manifest() if e.source_name == FIRST]
    app.button(key=f"remove-{kept}").click().run()
    app.checkbox(key="remove_force").check().run()
    app.button(key="remove_confirm").click().run()
    assert not app.exception and not app.error, app.error
    done = app.success[0].value.replace("\\", "")
    assert "说明 Note — " in done and "项分工的进展记录以原编号留在日志中;the progress recorded on" in done, done


def test_the_task_page_opens_on_a_document_with_tasks(store_copy, monkeypatch):
    """The sidebar's Task link opened the first document by title, which may hold no task (a 通知 whose duties
    fall on 各单位): '没有识别出任务'. It opens one with tasks."""
    app = uploaded(start(store_copy, monkeypatch, "upload"), "duty.txt",
                   "一月份值班工作的通知\n各单位要安排专人值班,确保信息畅通。\n")
    assert min(o for o in app.sidebar.selectbox(key="scope").options if "全部" not in o).startswith("一月份值班")
    at = start(store_copy, monkeypatch, "task")
    assert not any("没有识别出任务" in i.value for i in at.info)
    assert "一月份值班" not in at.selectbox(key="doc").value and at.get("html")


def test_upload_errors_say_their_chinese_beside_the_english(app):
    """"file is empty" was shown in English alone; such messages carry their Chinese where they are made."""
    goto(app, "upload")
    app.file_uploader[0].upload("empty.txt", b"", "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["没有加入 Not added — empty.txt: 文件是空的;file is empty"]


def test_a_question_too_long_in_the_link_is_said_not_answered_cut(store_copy, monkeypatch):
    """A link's ?q= of 3,000 characters: the box keeps 500 of them, which is not the question asked; the page says
    it is too long in both languages and answers nothing, until another question is asked."""
    asked = "市财政局牵头哪些任务?" + "很" * 3000
    at = start(store_copy, monkeypatch, "ask", q=asked)
    assert [e.value for e in at.error] == [
        f"问题有{len(asked)}个字符,上限为500;请缩短后再问。The question has {len(asked)} characters; the limit is "
        "500: ask a shorter one."]
    assert not answer_tasks(at)
    at.run()  # any rerun of the page: still not answered
    assert len(at.error) == 1 and not answer_tasks(at)
    at.text_input(key="q").set_value("市财政局牵头哪些任务?").run()
    assert not at.error and answer_tasks(at)


def test_every_upload_is_added_or_named_and_shown_names_are_safe_and_short(app):
    """A file chosen on its own is never passed over unsaid (.draft.txt is taken; ../../x.txt is refused, saying
    why), and a name's control and bidi characters never reach the page: a\\x1b[31mred\\u202egnp.txt would show as
    …txt.png. A 300-character name is cut with an ellipsis, whole in its tooltip."""
    def doc(n: int) -> bytes:
        return SMALL_DOC.replace("青测发〔2024〕7号", f"青测发〔2024〕{n + 10}号").encode("utf-8")

    long_name = "关于推进数据共享工作的通知" * 23 + ".txt"
    names = ["../../x.txt", ".draft.txt", "a\x1b[31mred\u202egnp.txt", long_name, "plain.txt", "b\x07.txt"]
    goto(app, "upload")
    for n, name in enumerate(names):
        app.file_uploader[0].upload(name, doc(n), "text/plain")
    app.file_uploader[0].run()
    app.button(key="ingest").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["没有加入 Not added — ../../x.txt: 文件名含有路径,不加入;the file name holds "
                                            "a path, refused"]
    shown = html_of(app) + "".join(e.value for e in (*app.error, *app.warning, *app.info, *app.success))
    assert not any(c in shown for c in "\x1b\x07\u202e")
    assert "a\ufffd[31mred\ufffdgnp.txt" in shown and "b\ufffd.txt" in shown and ".draft.txt" in shown
    assert f'<span title="{long_name}">{long_name[:59]}…</span>' in shown
    assert len(app.sidebar.selectbox(key="scope").options) == 2 + 5, "the five others were added"


def test_a_store_that_lists_its_writers_takes_no_write_from_a_visitor_not_signed_in(store_copy, monkeypatch):
    """With progress/writers.txt, a name typed in a form is anyone's: typing 'alice' records nothing, and an
    upload or a removal is refused too, each saying in both languages that a sign-in is needed."""
    from graph.access import SIGN_IN_NEEDED
    from graph.store import Store

    (store_copy / "progress").mkdir(exist_ok=True)
    (store_copy / "progress" / "writers.txt").write_text("alice\n", encoding="utf-8")
    said = f"没有写入 Not written: {SIGN_IN_NEEDED}"
    at = start(store_copy, monkeypatch, "task", task="19", ref="2024-07-15")
    at.selectbox(key="progress_assignment").set_value("19.2")
    at.text_input(key="progress_by").set_value("alice")
    at.button(key="progress_record").click().run()
    assert [e.value for e in at.error] == [said]
    assert not Store(store_copy).progress().events()
    goto(at, "upload")
    at.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    at.button(key="ingest").click().run()
    assert [e.value for e in at.error] == [said]
    [key] = [b.key for b in at.button if b.key and b.key.startswith("remove-")]
    at.button(key=key).click().run()
    at.button(key="remove_confirm").click().run()
    assert said in [e.value for e in at.error]
    assert len(Store(store_copy).ids()) == 1, "nothing was added or removed"


def test_an_example_naming_an_action_written_as_markdown_is_shown_as_text(tmp_path, monkeypatch):
    """Examples are made of the store's action and unit names, and a button's label is Markdown: an action
    headed ![](//e.cn)行动 made a button whose label was an image the browser fetched."""
    from graph.store import Store

    text = ("青岛市人民政府办公厅关于印发某方案的通知\n青政办字〔2024〕3号\n一、重点任务\n（一）![](//e.cn)行动\n"
            "1.推进智慧港口建设。（牵头单位：市交通运输局；完成时限：2024年6月）\n"
            "2.强化资金保障。（牵头单位：市财政局；完成时限：2024年9月）\n")
    store = Store(tmp_path / "s")
    store.ingest_sources([(text.encode(), "a.txt")])
    at = start(store.root, monkeypatch, "ask")
    labels = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    assert any("e.cn" in label for label in labels), labels
    assert not any("![](" in label for label in labels), labels
    button = next(b for b in at.button if b.key and b.key.startswith("example-") and "e.cn" in b.label)
    button.click().run()
    assert at.session_state["q"] == "![](//e.cn)行动有哪些任务?", "asked as written"


def test_an_upload_of_a_removed_document_adds_it_again_and_says_so(tmp_path, monkeypatch):
    """A folder ingested again leaves a removed notice out (policykg ingest); an upload is a file chosen, so it goes
    in, and the page says it had been removed."""
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_sources([(SAMPLE.read_bytes(), SAMPLE.name)])
    store.remove(list(store.ids()), force=True)
    at = start(store.root, monkeypatch, "upload")
    at.file_uploader[0].upload(SAMPLE.name, SAMPLE.read_bytes(), "text/plain").run()
    at.button(key="ingest").click().run()
    assert not at.exception and not at.error, at.error
    shown = " ".join(str(e.value) for e in (*at.info, *at.warning, *at.markdown, *at.caption))
    assert "added again (it was removed on" in shown.replace("\\", ""), shown[:500]
    assert len(Store(store.root).ids()) == 1


def test_the_exports_page_makes_a_districts_ledger(tmp_path, monkeypatch):
    """A district's 督查室 picks her district on the Exports page: the ledger holds its units' pages and what the
    city gives every district, not the city's own units (review45: the unit list held no place)."""
    from test_ledger_returns import CITY, DISTRICT

    from graph.store import Store

    for name, text in (("city.txt", CITY), ("district.txt", DISTRICT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    Store(tmp_path / "store").ingest_paths([tmp_path / "city.txt", tmp_path / "district.txt"])
    at = start(tmp_path / "store", monkeypatch, "exports", fmt="ledger-html", ref="2026-11-30")
    assert "即墨区(全部单位 all its units)" == at.selectbox(key="unit").format_func("即墨区")
    at.selectbox(key="unit").set_value("即墨区").run()
    assert "范围 Scope:2 份文件含所选分工 documents with the chosen assignments · 2 项分工" in \
        "".join(c.value for c in at.caption)  # what the ledger holds, said before it is made
    at.button(key="export_go").click().run()
    assert not at.exception and not at.error
    page = at.session_state["export_made"][1].decode("utf-8")
    assert re.findall(r"<h1>督办台账:(.*?)</h1>", page) == ["即墨区住房城乡建设局", "即墨区财政局", "青岛市各区(市)"]
