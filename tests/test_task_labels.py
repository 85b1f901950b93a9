"""Task numbers that restart in a later section (二、重点任务 1–3, then 三、保障措施 1–2) name each task once,
with its section, wherever a user sees or types a task: the contract, the CLI, ask, progress set, the exports,
the Task, Document and Graph pages. A document whose numbers do not repeat is named exactly as printed (the
sample's expectations elsewhere stay), and an unnumbered task, whose label is its title, prints it once."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import ROOT
from openpyxl import load_workbook
from test_app import html_of, start, table_column
from test_cli import run

from graph.task_label import qualifiers, task_heading, task_key, with_title

DOCS = ROOT / "tests" / "documents"
RESTART = DOCS / "section_restart.txt"  # 青政办发〔2026〕31号: 重点任务 1–3, 保障措施 1–2
UNNUMBERED = DOCS / "unnumbered_titles.txt"  # 即政办发〔2026〕12号: 一、河道清淤疏浚 over its duty (label = title)


# -- the rule ----------------------------------------------------------------------------------------------

def test_where_a_label_repeats_every_numbered_task_of_a_section_takes_its_section():
    sections = [(10, "重点任务"), (100, "保障措施")]
    tasks = [("t1", "1", 20), ("t2", "2", 40), ("t3", "3", 60), ("t4", "1", 110), ("t5", "2", 130)]
    assert qualifiers(tasks, sections) == {"t1": "重点任务", "t2": "重点任务", "t3": "重点任务", "t4": "保障措施",
                                           "t5": "保障措施"}, "one document is named one way: not a bare 3"
    assert [task_key(label, q) for (_, label, _), q in zip(tasks, qualifiers(tasks, sections).values(),
                                                           strict=True)] \
        == ["重点任务.1", "重点任务.2", "重点任务.3", "保障措施.1", "保障措施.2"]
    assert qualifiers([("t1", "1", 20), ("t2", "2", 40), ("t3", "3", 110)], sections) \
        == {"t1": "", "t2": "", "t3": ""}, "where nothing repeats every task stays as printed"
    heading = [("t1", "1", 20, True), ("t2", "1", 110, True), ("h", "保障措施", 150, False), ("t3", "5", 5, True)]
    assert qualifiers(heading, sections) == {"t1": "重点任务", "t2": "保障措施", "h": "", "t3": ""}, \
        "an unnumbered task, and a task under no heading, stay as printed"
    assert task_heading("2", True, "保障措施") == "保障措施 任务2" and task_heading("19", True) == "任务19"
    assert task_heading("保障措施", False) == "保障措施" and task_key("19") == "19"


def test_numbering_that_restarts_inside_one_section_or_outside_any_counts_its_runs():
    inside = qualifiers([("a", "1", 5), ("b", "1", 9), ("c", "2", 12)], [(0, "保障措施")])
    assert inside == {"a": "保障措施(1)", "b": "保障措施(2)", "c": "保障措施"}
    assert qualifiers([("a", "1", 5), ("b", "1", 9)], []) == {"a": "第1组", "b": "第2组"}
    assert qualifiers([("a", "1", 5), ("b", "2", 9)], []) == {"a": "", "b": ""}


def test_tasks_named_by_their_own_section_s_heading_are_counted_in_it():
    """The rows of a table under 二、保障措施 with no 序号 column are tasks named by the heading: they were keyed
    保障措施(1).保障措施 and 保障措施(2).保障措施 (clauses 保障措施(2).保障措施.1); each is its section's first, second."""
    sections = [(10, "重点任务"), (100, "保障措施")]
    tasks = [("t1", "1", 20, True), ("t2", "2", 40, True), ("r1", "保障措施", 110, False), ("r2", "保障措施", 130, False)]
    quals = qualifiers(tasks, sections)
    assert [task_key(label, quals[tid]) for tid, label, _s, _n in tasks] \
        == ["重点任务.1", "重点任务.2", "保障措施.1", "保障措施.2"]
    assert [task_heading(label, n, quals[tid]) for tid, label, _s, n in tasks] \
        == ["重点任务 任务1", "重点任务 任务2", "保障措施 第1项", "保障措施 第2项"]
    assert task_key("1", "保障措施(2)") == "保障措施(2).1", "a restarted numbering keeps its run count"


def test_a_word_table_without_numbers_under_a_heading_names_its_rows_first_and_second(tmp_path):
    """End to end: a .docx whose 保障措施 table has no 序号 column, read from the file, asked and recorded on."""
    from docx import Document

    d = Document()
    for line in ("青岛市关于推进重点工作的通知", "青政发〔2024〕9号", "一、重点任务",
                 "1. 推进甲事项。(牵头单位:市财政局;完成时限:2024年6月)", "二、保障措施"):
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate([("工作内容", "责任单位", "完成时限"), ("加强组织领导,建立工作机制。", "市发展改革委", "2024年6月底前"),
                             ("强化资金保障,落实扶持政策。", "市财政局", "2024年9月底前")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    d.save(tmp_path / "rows.docx")
    store = str(tmp_path / "s")
    run("--store", store, "ingest", str(tmp_path / "rows.docx"))
    answer = run("--store", store, "ask", "市财政局的任务").stdout
    assert "保障措施.2.1\t强化资金保障" in answer and "保障措施(" not in answer
    recorded = run("--store", store, "progress", "set", "保障措施.2.1", "--status", "in_progress", "--by", "王科长")
    assert re.search(r"recorded: \w+/t3/1 推进中", recorded.stdout)


def test_an_unnumbered_task_s_title_is_printed_once():
    assert with_title("即政办发〔2026〕3号 背街小巷整治", "背街小巷整治", "背街小巷整治") \
        == "即政办发〔2026〕3号 背街小巷整治"
    assert with_title("任务19", "加快产业转型升级", "19") == "任务19 加快产业转型升级"


# -- the store, the CLI and the exports --------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("labels") / "store"
    run("ingest", str(RESTART), str(UNNUMBERED), store=path)
    return path


def contract(store) -> list[dict]:
    return json.loads(run("assignments", "--json", store=store).stdout)


def test_the_contract_and_the_cli_name_each_task_with_its_section(store):
    by_text = {a["task"]["title"]: a for a in contract(store)}
    assert by_text["强化资金保障"]["task"] | {"section": None} == {
        "label": "2", "title": "强化资金保障", "section": None, "key": "保障措施.2", "heading": "保障措施 任务2"}
    assert by_text["建设智慧港口"]["task"]["key"] == "重点任务.2"
    assert by_text["发展海洋文旅"]["task"] | {"section": None} == {
        "label": "3", "title": "发展海洋文旅", "section": None, "key": "重点任务.3", "heading": "重点任务 任务3"}
    assert by_text["河道清淤疏浚"]["task"]["key"] == "河道清淤疏浚"
    names = [line.split("\t")[0] for line in run("assignments", store=store).stdout.splitlines()]
    assert {"重点任务.1.1", "重点任务.2.1", "重点任务.3.1", "保障措施.1.1", "保障措施.2.1"} <= set(names)
    assert len(names) == len(set(names)), "no two assignments share a name"


def test_ask_names_the_two_tasks_2_apart(store):
    out = run("ask", "青政办发〔2026〕31号 任务2", store=store).stdout
    rows = [line.split("\t")[0] for line in out.splitlines()[1:]]
    assert sorted(rows) == ["保障措施.2.1", "重点任务.2.1"]


@pytest.mark.parametrize(("question", "rows"), [
    ("保障措施.2谁牵头", ["保障措施.2.1"]), ("保障措施 任务2 谁牵头", ["保障措施.2.1"]),
    ("who leads 重点任务.2", ["重点任务.2.1"]), ("重点任务.3.1", ["重点任务.3.1"]),
])
def test_ask_takes_back_the_names_it_prints(store, question, rows):
    """保障措施.2谁牵头 was not understood and 保障措施 任务2 answered every task 2 of the store: a task named as the
    answers print it is that task."""
    out = run("ask", question, store=store).stdout
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines[1:]] == rows
    assert "未能理解" not in out and "not understood" not in out.lower()


def test_progress_set_takes_the_section_name_and_lists_choices_with_titles(tmp_path, store):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    ids = {a["task"]["key"]: a["id"] for a in contract(copy)}
    out = run("progress", "set", "保障措施.2", "--status", "推进中", "--by", "督查室", store=copy)
    assert ids["保障措施.2"] in out.stdout, "a task of one clause is named by the task's name"
    out = run("progress", "set", "保障措施.1.1", "--status", "推进中", "--by", "督查室", store=copy)
    assert ids["保障措施.1"] in out.stdout
    wrong = run("progress", "set", "2.1", "--status", "推进中", "--by", "督查室", store=copy, check=False)
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1
    message = wrong.stderr
    assert ids["重点任务.2"] in message and ids["保障措施.2"] in message
    assert "重点任务.2.1 建设智慧港口" in message and "保障措施.2.1 强化资金保障" in message
    logged = [json.loads(line)["assignment"] for line in
              (copy / "progress" / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert logged == [ids["保障措施.2"], ids["保障措施.1"]], "the ambiguous name recorded nothing"


def test_exports_carry_the_section_and_print_an_unnumbered_title_once(store, tmp_path):
    files = {}
    for fmt, ext in (("csv", "csv"), ("xlsx", "xlsx"), ("ics", "ics"), ("md", "md"), ("ledger-xlsx", "xlsx"),
                     ("ledger-html", "html"), ("svg", "svg")):
        files[fmt] = tmp_path / f"out-{fmt}.{ext}"
        run("export", fmt, "-o", str(files[fmt]), store=store)
    header = next(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    restart = [c for c in header if c.startswith("青政办发〔2026〕31号")]
    assert restart == ["青政办发〔2026〕31号 重点任务 任务1", "青政办发〔2026〕31号 重点任务 任务2",
                       "青政办发〔2026〕31号 重点任务 任务3", "青政办发〔2026〕31号 保障措施 任务1",
                       "青政办发〔2026〕31号 保障措施 任务2"]
    assert "即政办发〔2026〕12号 河道清淤疏浚" in header
    matrix = load_workbook(files["xlsx"])["矩阵 Matrix"]
    columns = [c.value for c in matrix[1]]
    assert len(columns) == len(set(columns)) and "青政办发〔2026〕31号 保障措施 任务2" in columns
    ledger = load_workbook(files["ledger-xlsx"])
    tasks = [row[2] for ws in ledger.worksheets for row in ws.iter_rows(values_only=True)
             if row and isinstance(row[2], str) and "31号" in row[2]]
    assert "青政办发〔2026〕31号 保障措施 任务2.1" in tasks and "青政办发〔2026〕31号 重点任务 任务2.1" in tasks
    for fmt in ("ics", "md", "ledger-html"):
        text = files[fmt].read_text(encoding="utf-8").replace("\n ", "")  # an ics line folds at 75 octets
        assert "河道清淤疏浚 河道清淤疏浚" not in text, fmt
        assert "河道清淤疏浚" in text, fmt
    assert "保障措施 任务2 强化资金保障" in files["ics"].read_text(encoding="utf-8").replace("\n ", "")
    svg = files["svg"].read_text(encoding="utf-8")
    assert "保障措施 任务2" in svg and "重点任务 任务2" in svg


@pytest.mark.neo4j
def test_neo4j_names_the_tasks_as_ladybug_does(store, neo4j_sample, sample_graph):
    """The names are read through any session: the same Cypher on Neo4j gives the same keys and headings."""
    from conftest import neo4j_holding

    from graph.store import Store
    from queries.contract import assignments

    held = Store(store)
    ladybug = held.open_graph()
    try:
        expected = assignments(ladybug)
    finally:
        ladybug.close()
    with neo4j_holding(neo4j_sample.conn, held.graph(), sample_graph) as session:
        got = assignments(session)
    assert got == expected and "保障措施.2" in {a["task"]["key"] for a in got}


# -- the app -----------------------------------------------------------------------------------------------

def doc_id(store, number: str) -> str:
    return next(a["document"]["id"] for a in contract(store) if a["document"]["doc_number"] == number)


@pytest.fixture()
def app_store(store, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    return copy


def test_the_task_page_addresses_and_names_the_second_task_2(app_store, monkeypatch):
    doc = doc_id(app_store, "青政办发〔2026〕31号")
    at = start(app_store, monkeypatch, "task", doc=doc, task="保障措施.2", ref="2026-02-15")
    html = html_of(at)
    assert '<h3 class="pk-title">保障措施 任务2 · 强化资金保障</h3>' in html
    assert '<div class="pk-card-head">分工 保障措施.2.1</div>' in html and "市财政局" in html
    assert "重点任务.2.1" not in html and "建设智慧港口" not in html
    picker = at.selectbox(key="task")
    assert picker.value == "保障措施.2"
    assert picker.options == ["重点任务 任务1 · 壮大海洋装备产业", "重点任务 任务2 · 建设智慧港口",
                              "重点任务 任务3 · 发展海洋文旅",
                              "保障措施 任务1 · 加强统筹调度", "保障措施 任务2 · 强化资金保障"]
    assert at.selectbox(key="progress_assignment").options == ["保障措施.2.1"]
    assert re.search(r'href="graph\?kind=task&amp;doc=[0-9a-f]+&amp;task=%E4%BF%9D', html), "the key in links"
    at.selectbox(key="progress_state").set_value("推进中")
    at.text_input(key="progress_by").set_value("督查室")
    at.text_area(key="progress_note").set_value("资金已下达")
    at.button(key="progress_record").click().run()
    assert not at.exception and not at.error, at.error
    assert table_column(at, 0, "", "pk-history")[:1] == ["保障措施.2.1"]
    from graph.store import Store

    [event] = Store(app_store).progress().events()
    assert event.assignment.endswith("/t5/1"), "recorded on the fifth task, 保障措施 2, not 重点任务 2"


def test_a_link_with_a_repeated_number_alone_says_which_tasks_have_it(app_store, monkeypatch):
    doc = doc_id(app_store, "青政办发〔2026〕31号")
    at = start(app_store, monkeypatch, "task", doc=doc, task="2")
    warning = at.warning[0].value
    assert "重点任务.2 建设智慧港口" in warning and "保障措施.2 强化资金保障" in warning
    assert at.selectbox(key="task").value == "重点任务.2"
    assert '<h3 class="pk-title">重点任务 任务2 · 建设智慧港口</h3>' in html_of(at)
    at = start(app_store, monkeypatch, "task", doc=doc, task="3")
    assert not at.warning and '<h3 class="pk-title">重点任务 任务3 · 发展海洋文旅</h3>' in html_of(at)


def test_document_and_graph_pages_name_tasks_with_their_section(app_store, monkeypatch):
    doc = doc_id(app_store, "青政办发〔2026〕31号")
    at = start(app_store, monkeypatch, "document", doc=doc, task="保障措施.1")
    html = html_of(at)
    assert "<li>保障措施.1.1 — " in html
    assert table_column(at, 0, "pk-c-task", "pk-outline") == ["重点任务.1", "重点任务.2", "重点任务.3", "保障措施.1",
                                                               "保障措施.2"]
    # a plan in parts with no 行动 said "行动 Actions 0" and a column of dashes: its parts are shown instead
    assert [(m.label, m.value) for m in at.metric][1] == ("部分 Parts", "2")
    assert table_column(at, 0, "pk-c-part", "pk-outline") == ["二、重点任务"] * 3 + ["三、保障措施"] * 2
    at = start(app_store, monkeypatch, "graph", kind="task", doc=doc, task="保障措施.2")
    html = html_of(at)
    assert '<h4 class="pk-title">保障措施 任务2</h4>' in html and "强化资金保障" in html
    at = start(app_store, monkeypatch, "graph", kind="unit", unit="青岛市海洋发展局")
    html = html_of(at)
    assert ">重点任务 任务1<" in html and ">保障措施 任务1<" in html and "保障措施.2.1" in html


def test_an_old_link_to_a_replaced_version_opens_the_current_one_or_says_it_is_gone(app_store, monkeypatch):
    from graph.store import Store

    store = Store(app_store)
    old = doc_id(app_store, "青政办发〔2026〕31号")
    run("progress", "set", "保障措施.2", "--status", "推进中", "--by", "督查室", store=app_store)
    text = RESTART.read_text(encoding="utf-8").replace("统筹安排专项资金", "统筹安排专项资金2亿元")
    [result] = store.ingest_sources([(text.encode("utf-8"), RESTART.name)])
    new = result.document.id
    assert new != old and old in result.replaced
    at = start(app_store, monkeypatch, "task", doc=old, task="保障措施.2")
    assert "replaced by a newer version" in at.info[0].value and not at.warning
    assert at.selectbox(key="doc").value == new and at.selectbox(key="task").value == "保障措施.2"
    assert "统筹安排专项资金2亿元" in html_of(at)
    at = start(app_store, monkeypatch, "task", doc="0123456789abcdef", task="1")
    assert "is not in the store" in at.warning[0].value
    assert "<div class=\"pk-card\"" not in html_of(at) and "Choose a document" in html_of(at), "no other task"
    for key in ("doc", "task", "progress_assignment"):
        with pytest.raises(KeyError):
            at.selectbox(key=key)


# -- names that changed: a new version, a second section of one name, Traditional text, equal names -------------

SECOND_SECTION = ("四、保障措施\n  1. 加强宣传引导。开展政策解读。（牵头单位：市委宣传部；完成时限：2026年7月底前）\n"
                  "  2. 营造良好氛围。宣传典型案例。（牵头单位：市委宣传部；完成时限：2026年8月底前）\n\n青岛市人民政府办公厅")


def new_version(text: str) -> str:
    """The sample's next version: 重点任务 2 is dropped (3 becomes 2) and a second 保障措施 section is added."""
    text = re.sub(r"  2\. 建设智慧港口[^\n]*\n  3\.", "  2.", text)
    return text.replace("青岛市人民政府办公厅\n2026年2月1日", SECOND_SECTION + "\n2026年2月1日")


def test_an_old_link_follows_its_duties_to_the_renumbered_task_and_a_shared_name_lists_its_tasks(
        app_store, monkeypatch):
    from graph.store import Store

    old = doc_id(app_store, "青政办发〔2026〕31号")
    for name in ("重点任务.3", "保障措施.2"):
        run("progress", "set", name, "--status", "推进中", "--by", "督查室", store=app_store)
    [result] = Store(app_store).ingest_sources([(new_version(RESTART.read_text(encoding="utf-8")).encode("utf-8"),
                                                 RESTART.name)])
    new = result.document.id
    keys = {a["task"]["title"]: a["task"]["key"] for a in contract(app_store)}
    assert keys["发展海洋文旅"] == "重点任务.2" and keys["强化资金保障"] == "保障措施(1).2"
    at = start(app_store, monkeypatch, "task", doc=old[:12], task="3")
    assert "replaced by a newer version" in at.info[0].value and not at.warning
    assert at.selectbox(key="task").value == "重点任务.2", "the old task 3 is the new task 2, not the first task"
    assert '<h3 class="pk-title">重点任务 任务2 · 发展海洋文旅</h3>' in html_of(at)
    at = start(app_store, monkeypatch, "task", doc=old[:12], task="保障措施.2")
    assert not at.warning and at.selectbox(key="task").value == "保障措施(1).2", "the duty map says which"
    at = start(app_store, monkeypatch, "task", doc=new, task="保障措施.2")
    html = html_of(at)
    assert "2 tasks named 保障措施.2" in at.warning[0].value
    assert "保障措施(1) 任务2 · 强化资金保障" in html and "保障措施(2) 任务2 · 营造良好氛围" in html
    assert "task=%E4%BF%9D%E9%9A%9C%E6%8E%AA%E6%96%BD%282%29.2" in html, "each candidate is a link"
    assert '<div class="pk-card"' not in html, "no task is shown for a name two tasks share"
    wrong = run("progress", "set", "保障措施.2.1", "--status", "推进中", "--by", "督查室", store=app_store,
                check=False)
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1
    assert "保障措施(1).2.1 强化资金保障" in wrong.stderr and "保障措施(2).2.1 营造良好氛围" in wrong.stderr
    assert "use the id or the name" in wrong.stderr and f"{new}/t4/1" in wrong.stderr


def test_the_progress_form_starts_at_the_duty_s_latest_state(app_store, monkeypatch):
    doc = doc_id(app_store, "青政办发〔2026〕31号")
    run("progress", "set", "保障措施.2", "--status", "推进中", "--by", "督查室", "--note", "已下达",
        store=app_store)
    at = start(app_store, monkeypatch, "task", doc=doc, task="保障措施.2")
    assert at.selectbox(key="progress_state").value == "推进中"
    assert at.date_input(key="progress_date").value is None and at.text_area(key="progress_note").value == ""
    at.selectbox(key="task").set_value("保障措施.1").run()
    assert at.selectbox(key="progress_state").value == "未启动", "another duty starts at its own state"


def test_a_traditional_document_s_names_are_taken_as_printed(tmp_path, monkeypatch):
    import opencc

    source = tmp_path / "traditional_restart.txt"
    source.write_text(opencc.OpenCC("s2t").convert(RESTART.read_text(encoding="utf-8")), encoding="utf-8")
    assert "重點任務" in source.read_text(encoding="utf-8")
    path = tmp_path / "store"
    run("ingest", str(source), store=path)
    out = run("progress", "set", "重點任務.1.1", "--status", "推进中", "--by", "督查室", store=path)
    assert "/t1/1" in out.stdout
    doc = contract(path)[0]["document"]["id"]
    at = start(path, monkeypatch, "task", doc=doc, task="重點任務.2")
    assert not at.warning and at.selectbox(key="task").value == "重点任务.2"


def test_equal_names_in_two_documents_ask_for_the_id_with_titles_and_documents(tmp_path):
    text = RESTART.read_text(encoding="utf-8").split("三、保障措施")[0]  # nothing repeats: names stay bare
    files = []
    for number in ("41", "42"):
        files.append(tmp_path / f"plan{number}.txt")
        files[-1].write_text(text.replace("31号", f"{number}号").replace("海洋经济", f"海洋经济{number}"),
                             encoding="utf-8")
    path = tmp_path / "store"
    run("ingest", *map(str, files), store=path)
    ids = sorted(a["id"] for a in contract(path) if a["task"]["key"] == "3")
    assert len(ids) == 2
    wrong = run("progress", "set", "3.1", "--status", "推进中", "--by", "督查室", store=path, check=False)
    assert wrong.returncode != 0 and "use the id of the one meant" in wrong.stderr
    assert "use the id or the name" not in wrong.stderr, "both are named 3.1: only the id tells them apart"
    assert all(aid in wrong.stderr for aid in ids)
    assert "3.1 发展海洋文旅 (青政办发〔2026〕41号)" in wrong.stderr and "(青政办发〔2026〕42号)" in wrong.stderr


def test_the_graph_page_tells_apart_two_documents_tasks_of_one_number(tmp_path, monkeypatch):
    """A unit leading 任务1 of two notices was drawn with two nodes both captioned 任务1; a phone has no hover text
    to tell them apart, so each takes its notice's number."""
    from graph.store import Store

    for name, number, title in (("a.txt", "12", "推进河道清淤"), ("b.txt", "30", "建设污水管网")):
        (tmp_path / name).write_text(
            f"青岛市人民政府办公厅关于印发2026年重点工作的通知\n青政办发〔2026〕{number}号\n\n"
            f"  1. {title}。年内完成。（牵头单位：市水务管理局；完成时限：2026年6月底前）\n"
            f"  2. 加强资金保障。（牵头单位：市财政局；完成时限：2026年3月底前）\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    at = start(store.root, monkeypatch, "graph", kind="unit", unit="市水务管理局")
    labels = re.findall(r'<text [^>]*>([^<]*)</text>', html_of(at))
    assert "任务1·〔2026〕12号" in labels and "任务1·〔2026〕30号" in labels, labels
    at = start(store.root, monkeypatch, "graph", kind="unit", unit="市财政局")
    assert "任务2·〔2026〕12号" in re.findall(r'<text [^>]*>([^<]*)</text>', html_of(at))
