"""The Streamlit app page by page through ``streamlit.testing`` (no browser), each test on its own copy of the
sample store, passed as POLICYKG_STORE the way ``policykg serve`` passes ``--store``."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from queries.ask import EXAMPLES

APP = str(ROOT / "app.py")
FLAGSHIP = "which tasks does 市工业和信息化局 lead that are due in September"
SMALL_DOC = """关于推进数据共享工作的通知
青测发〔2024〕7号
一、重点任务
1. 推进数据共享。建立全市数据共享平台,年内接入部门50个以上。(牵头单位:市大数据局,责任单位:市数据测试办;完成时限:2024年10月)
2. 加强督查通报。按季度通报进展情况。(牵头单位:市政府办公厅,配合单位:市工信局;完成时限:另行通知)
"""


def start(store, monkeypatch) -> AppTest:
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
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
    at.sidebar.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def answer_tasks(at: AppTest) -> list[str]:
    """The first column of the answer table (an HTML table)."""
    tables = [h.proto.body for h in at.get("html") if 'class="pk-table"' in h.proto.body]
    if not tables:
        return []
    rows = tables[0].split("<tbody>")[1].split("<tr>")[1:]
    return [row.split("<td>")[1].split("</td>")[0] for row in rows]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if label in m.label)


# -- Ask --------------------------------------------------------------------------------------------------

def test_ask_flagship_question_gives_the_three_assignments_with_highlighted_source(app):
    app.text_input(key="question").set_value(FLAGSHIP).run()
    assert not app.exception
    assert answer_tasks(app) == ["19.2", "21.2", "保障措施.3"]
    assert html_of(app).count("<td>2024年9月</td>") == 3
    assert any("Read as" in m.value and "市工业和信息化局" in m.value for m in app.markdown)
    html = html_of(app)
    assert html.count('class="pk-src pk-clause"') == 3
    assert 'class="pk-attr pk-lead" title="牵头 Lead: 市工业和信息化局">市工业和信息化局</mark>' in html
    assert html.count(">2024年9月</mark>") >= 3
    assert any("MATCH" in c.value for c in app.code), "the generated Cypher is shown"


def test_ask_target_question_shows_the_named_query_table(app):
    app.text_input(key="question").set_value("第九项行动有哪些量化指标?").run()
    assert not app.exception and not answer_tasks(app)
    assert any("targets_of_action" in m.value for m in app.markdown)
    frame = app.dataframe[0].value
    assert any("5G基站" in str(m) for m in frame["metric"])


def test_ask_example_button_fills_and_submits(app):
    app.button(key="example-0").click().run()
    assert app.text_input(key="question").value == EXAMPLES[0]
    assert answer_tasks(app) == ["19.2", "21.2", "保障措施.3"]


def test_ask_unreadable_question_shows_help_and_examples_not_an_empty_table(app):
    app.text_input(key="question").set_value("what is the weather like").run()
    assert not app.exception and not answer_tasks(app)
    warning = app.warning[0].value
    assert "Try for example" in warning and EXAMPLES[0] in warning
    assert len([b for b in app.button if b.key and b.key.startswith("example-")]) == len(EXAMPLES)


def test_ask_source_text_is_escaped(app):
    app.text_input(key="question").set_value("<script>alert(1)</script> 市财政局牵头哪些任务").run()
    assert not app.exception
    assert "<script>alert" not in "".join(m.value for m in app.markdown)


# -- Units ------------------------------------------------------------------------------------------------

def test_units_finance_bureau_leads_four_assignments(app):
    goto(app, "units")
    app.selectbox(key="unit").set_value("市财政局").run()
    assert not app.exception
    assert metric(app, "牵头 Lead") == "4" and metric(app, "合计 Total") == "4"
    assert any(s.value == "牵头 Lead(4)" for s in app.subheader)
    assert len(app.dataframe[0].value) == 4


def test_units_alias_resolves_through_the_lexicon(app):
    goto(app, "units")
    app.text_input(key="unit_alias").set_value("市工信局").run()
    assert app.selectbox(key="unit").value == "市工业和信息化局"
    assert any("市工信局" in i.value and "市工业和信息化局" in i.value for i in app.info)
    assert metric(app, "牵头 Lead") == "37"


def test_units_district_sees_what_reaches_it_through_collectives(app):
    goto(app, "units")
    app.selectbox(key="unit").set_value("即墨区").run()
    assert not app.exception
    assert metric(app, "合计 Total") == "0"
    assert metric(app, "含集体单位 Incl. collectives") == "14", "a district's workload includes 各区(市)'s"
    assert any(s.value == "通过集体单位承担 Reached through collectives" for s in app.subheader)
    assert any("各区(市)" in m.value and "14" in m.value for m in app.markdown)
    assert len(app.dataframe[-1].value) == 14


# -- Document ---------------------------------------------------------------------------------------------

def test_document_outline_shows_29_tasks_and_highlights_the_picked_one(app):
    goto(app, "document")
    assert metric(app, "任务 Tasks") == "29" and metric(app, "分工 Assignments") == "40"
    outline = next(d.value for d in app.dataframe if "标题 Title" in d.value.columns)
    assert len(outline) == 29
    labels = list(outline["任务 Task"])
    app.selectbox(key=next(s.key for s in app.selectbox if s.key.startswith("task-"))).set_value(
        labels.index("19")).run()
    assert not app.exception
    html = html_of(app)
    selected = html[html.index('id="pk-selected"'):]
    assert "19. 加快产业转型升级" in selected[:200]
    assert selected.count('pk-lead"') >= 3 and ">2024年9月</mark>" in selected
    assert any("19.2" in m.value and "2024年9月" in m.value for m in app.markdown)


def test_document_lists_parse_warnings_with_line_and_column(store_copy, monkeypatch, tmp_path):
    from graph.store import Store

    doc_id = Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])[0].document.id
    at = start(store_copy, monkeypatch)
    goto(at, "document")
    at.selectbox(key="doc_pick").set_value(doc_id).run()
    assert metric(at, "解析警告 Warnings") == "2"
    warnings = next(d.value for d in at.dataframe if "位置 Line:Col" in d.value.columns)
    assert list(warnings["位置 Line:Col"]) == ["4:51", "5:49"]
    assert list(warnings["类型 Code"]) == ["units-not-in-gazetteer", "unresolved-deadline"]
    assert "【市数据测试办】" in warnings["原文 Where"][0]
    assert 'pk-issue" title="4:51 units-not-in-gazetteer' in html_of(at), "underlined where it occurred"


# -- Deadlines --------------------------------------------------------------------------------------------

def test_deadlines_four_overdue_on_2024_07_15(app):
    goto(app, "deadlines")
    app.date_input(key="ref_date").set_value(date(2024, 7, 15)).run()
    assert not app.exception
    assert metric(app, "逾期 Overdue") == "4" and metric(app, "未到期 Later") == "36"
    table = app.dataframe[0].value
    overdue = table[table["状态 Status"] == "逾期 Overdue"]
    assert sorted(overdue["任务 Task"]) == ["17.3", "3.1", "8.1", "9.1"]
    app.date_input(key="ref_date").set_value(date(2024, 9, 5)).run()
    assert metric(app, "30天内到期 Due ≤ 30 days") == "3"


def test_deadlines_filter_by_unit_role_and_action(app, ladybug_session):
    from queries.contract import assignments

    goto(app, "deadlines")
    app.selectbox(key="dl_unit").set_value("市财政局")
    app.selectbox(key="dl_role").set_value("responsible").run()
    assert app.info and not app.dataframe, "市财政局 is never responsible, only lead"
    app.selectbox(key="dl_role").set_value("lead").run()
    assert len(app.dataframe[0].value) == 4
    ninth = [a for a in assignments(ladybug_session) if a["action"] and a["action"]["seq"] == 9]
    app.selectbox(key="dl_action").set_value((9, ninth[0]["action"]["name"]))
    app.selectbox(key="dl_unit").set_value("__all__").run()
    assert not app.exception
    shown = sorted(app.dataframe[0].value["任务 Task"])
    assert shown == sorted(f"{a['task']['label']}.{a['seq']}" for a in ninth if a["lead"])


# -- Graph ------------------------------------------------------------------------------------------------

def test_graph_renders_a_unit_and_a_task_neighbourhood(app):
    goto(app, "graph")
    assert any("市工业和信息化局" in m.value for m in app.markdown)
    app.radio(key="graph_kind").set_value("task").run()
    assert not app.exception
    assert any(m.value.startswith("#### 任务1") for m in app.markdown)
    app.radio(key="graph_depth").set_value(1).run()
    assert not app.exception


# -- Analyst ----------------------------------------------------------------------------------------------

def test_analyst_runs_a_named_query(app):
    goto(app, "analyst")
    app.selectbox(key="named_query").set_value("workload_ranking").run()
    assert "MATCH (u:Unit)" in app.text_area(key="cypher").value
    app.button(key="run_cypher").click().run()
    frame = app.dataframe[0].value
    assert frame["unit"][0] == "市工业和信息化局" and frame["total"][0] == 38
    assert app.download_button, "the result can be downloaded as CSV"


def test_analyst_named_query_parameters_are_filled_and_used(app):
    goto(app, "analyst")
    app.selectbox(key="named_query").set_value("tasks_led_by_unit").run()
    assert app.text_area(key="cypher_params").value == "unit=市工业和信息化局"
    app.text_area(key="cypher_params").set_value("unit=市财政局")
    app.button(key="run_cypher").click().run()
    assert len(app.dataframe[0].value) == 4
    app.text_area(key="cypher_params").set_value("")
    app.button(key="run_cypher").click().run()
    assert "missing parameter(s): unit" in app.error[0].value and not app.dataframe, "not an empty answer"


def test_one_reference_date_serves_every_page(app):
    goto(app, "deadlines")
    app.date_input(key="ref_date").set_value(date(2024, 7, 15)).run()
    goto(app, "ask")
    assert app.date_input(key="ref_date").value == date(2024, 7, 15), "kept while moving between pages"
    app.text_input(key="question").set_value("Which tasks are overdue?").run()
    assert sorted(answer_tasks(app)) == ["17.3", "3.1", "8.1", "9.1"]
    goto(app, "deadlines")
    assert metric(app, "逾期 Overdue") == "4"


def test_no_deadline_read_is_not_called_open_ended(store_copy, monkeypatch):
    from graph.store import Store

    Store(store_copy).ingest_sources([(SMALL_DOC.encode(), "small.txt")])  # task 2: 另行通知, not a deadline
    app = start(store_copy, monkeypatch)
    goto(app, "deadlines")
    assert metric(app, "无可识别时限 No deadline read") == "1"
    assert metric(app, "长期/无截止 Open-ended") == "0"


@pytest.mark.parametrize("query", ["CREATE (u:Unit {id: 'x', name: 'x'})", "MATCH (u:Unit) DETACH DELETE u",
                                   "MATCH (u:Unit RETURN u", "MATCH (x:NoSuchLabel) RETURN x"])
def test_analyst_refused_and_broken_queries_are_messages(app, query):
    goto(app, "analyst")
    app.text_area(key="cypher").set_value(query)
    app.button(key="run_cypher").click().run()
    assert not app.exception
    assert app.error and "refused or failed" in app.error[0].value
    if "CREATE" in query or "DELETE" in query:
        assert "read-only" in app.error[0].value


def test_analyst_shows_nodes_and_dates_as_text(app):
    goto(app, "analyst")
    app.text_area(key="cypher").set_value("MATCH (a:Assignment) RETURN a, a.due_end AS due, a.leaders LIMIT 2")
    app.button(key="run_cypher").click().run()
    assert not app.exception and not app.error
    frame = app.dataframe[0].value
    assert frame["due"][0] == "2024-12-31" and '"task_label": "1"' in frame["a"][0]


def test_analyst_bad_parameter_line_is_a_message(app):
    goto(app, "analyst")
    app.text_area(key="cypher").set_value("MATCH (u:Unit) RETURN u.name")
    app.text_area(key="cypher_params").set_value("unit 市财政局")
    app.button(key="run_cypher").click().run()
    assert not app.exception and "key=value" in app.error[0].value


# -- Upload -----------------------------------------------------------------------------------------------

def test_upload_adds_a_document_and_the_next_read_sees_it(app):
    goto(app, "upload")
    app.file_uploader[0].upload("small.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception and not app.error
    assert any("关于推进数据共享工作的通知" in s.value and "warnings 2" in s.value for s in app.success)
    issues = app.dataframe[0].value
    assert list(issues["类型 Code"]) == ["units-not-in-gazetteer", "unresolved-deadline"]
    assert any("数据共享" in o for o in app.sidebar.selectbox(key="scope").options)
    assert len(app.dataframe[-1].value) == 2, "documents in the store"
    goto(app, "ask")
    app.text_input(key="question").set_value("市数据测试办负责哪些任务?").run()
    assert answer_tasks(app) == ["1.1"], "the reopened session and a fresh lexicon"


def test_upload_twice_reopens_the_store_each_time_and_closes_the_old_session(store_copy, monkeypatch):
    from graph.store import Store

    opened = []
    open_graph = Store.open_graph
    monkeypatch.setattr(Store, "open_graph", lambda self: opened.append(open_graph(self)) or opened[-1])
    app = start(store_copy, monkeypatch)
    goto(app, "upload")
    for n, text in enumerate((SMALL_DOC, SMALL_DOC.replace("7号", "8号").replace("数据共享", "数据开放"))):
        app.file_uploader[0].upload(f"doc{n}.txt", text.encode("utf-8"), "text/plain").run()
        app.button(key="ingest").click().run()
        assert not app.exception and not app.error
        assert len(app.sidebar.selectbox(key="scope").options) == n + 3
        mine = [s for s in opened if str(s.path).startswith(str(store_copy))]
        assert [s._db.is_closed for s in mine] == [True] * (len(mine) - 1) + [False], "only the newest is open"
    app.file_uploader[0].upload("again.txt", SMALL_DOC.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert any("Already in the store" in i.value for i in app.info)


def test_a_session_closed_by_another_tab_is_reopened_not_shown_as_an_error(store_copy, monkeypatch):
    """Tabs share one session; another tab's upload closes it (the store is reopened). This tab's next run
    must open the new one rather than query the closed one."""
    from graph.store import Store

    opened = []
    open_graph = Store.open_graph
    monkeypatch.setattr(Store, "open_graph", lambda self: opened.append(open_graph(self)) or opened[-1])
    app = start(store_copy, monkeypatch)
    app.text_input(key="question").set_value(FLAGSHIP).run()
    assert answer_tasks(app) == ["19.2", "21.2", "保障措施.3"]
    for session in opened:
        session.close()  # what the other tab's upload does to the cached session
    app.text_input(key="question").set_value("市财政局牵头哪些任务?").run()
    assert not app.exception and not app.error, app.error
    assert len(answer_tasks(app)) == 4 and not opened[-1].closed


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


def test_upload_unreadable_document_is_a_message(app):
    goto(app, "upload")
    app.file_uploader[0].upload("broken.docx", b"not a zip file", "application/octet-stream").run()
    app.button(key="ingest").click().run()
    assert not app.exception and app.error


# -- Exports ----------------------------------------------------------------------------------------------

def test_exports_generate_xlsx_gives_a_download_button(app):
    goto(app, "exports")
    assert not app.download_button, "nothing is generated before asking"
    app.selectbox(key="export_fmt").set_value("xlsx").run()
    app.button(key="export_go").click().run()
    assert not app.exception
    assert "policykg.xlsx" in app.download_button[0].label


def test_exports_map_for_one_unit(app):
    goto(app, "exports")
    app.selectbox(key="export_fmt").set_value("svg").run()
    app.selectbox(key="export_unit").set_value("市财政局").run()
    app.button(key="export_go").click().run()
    assert not app.exception
    assert "policykg-市财政局.svg" in app.download_button[0].label
    app.selectbox(key="export_unit").set_value("市科技局").run()
    assert not app.download_button, "other options need a new Generate"


# -- the whole app ----------------------------------------------------------------------------------------

PAGES = ("ask", "units", "document", "deadlines", "graph", "analyst", "upload", "exports")


def test_empty_store_points_at_upload(tmp_path, monkeypatch):
    at = start(tmp_path / "empty", monkeypatch)
    for page in PAGES:
        goto(at, page)
        if page == "upload":
            assert at.file_uploader and not at.info
        else:
            assert "Upload" in at.info[0].value
    goto(at, "ask")
    at.button[0].click().run()
    assert at.sidebar.radio(key="page").value == "upload"


def test_every_page_works_with_several_documents_and_a_scope(store_copy, monkeypatch):
    from graph.store import Store

    doc_id = Store(store_copy).ingest_sources([(SMALL_DOC.encode("utf-8"), "small.txt")])[0].document.id
    at = start(store_copy, monkeypatch)
    at.text_input(key="question").set_value(FLAGSHIP).run()
    assert "<th>文件 Document</th>" in html_of(at) and len(answer_tasks(at)) == 3
    for scope in ("__all__", doc_id):
        at.sidebar.selectbox(key="scope").set_value(scope).run()
        for page in PAGES:
            goto(at, page)
            assert not at.error, (page, scope, [e.value for e in at.error])
    goto(at, "deadlines")
    assert len(at.dataframe[0].value) == 2, "only the scoped document's assignments"


def test_our_errors_are_messages_not_tracebacks(store_copy, monkeypatch):
    (store_copy / "documents" / "zz.json").write_text('{"format": 99, "document": {}}', encoding="utf-8")
    at = start(store_copy, monkeypatch)
    assert "another policykg version" in at.error[0].value
