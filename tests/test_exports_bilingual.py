"""The exports an English-reading researcher opens: the workbook, the calendar and the map, and the Exports and
Units pages, label everything in Chinese and English as the app does ("牵头 Lead"), and the workbook's summary
names whose action each column group counts in a store of several documents. Each file is read back with a real
reader (openpyxl, icalendar, the SVG's XML, the page through streamlit's AppTest)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from icalendar import Calendar
from lxml import etree

from graph import exporters
from graph.analysis import ROLE_LABEL, ROLES

CJK, LATIN = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[A-Za-z]{3}")
SVG = "{http://www.w3.org/2000/svg}"

DIGITAL = """青岛市人民政府办公厅关于推进数字经济发展的通知
青政办发〔2024〕11号
各区、市人民政府，市政府各部门：
一、算力提升行动
1. 建设城市算力中心。（牵头单位：市大数据局；配合单位：市财政局；完成时限：2024年6月底前）
2. 培育数据要素市场。（牵头单位：市大数据局；责任单位：市工业和信息化局；完成时限：每季度）
二、保障措施
1. 加强资金保障。（牵头单位：市财政局；完成时限：2024年12月底前）
青岛市人民政府办公厅
2024年3月1日
"""
RENEWAL = """青岛市人民政府办公厅关于加强城市更新工作的通知
青政办字〔2024〕7号
各区、市人民政府，市政府各部门：
一、重点任务
1. 推进老旧小区改造。（牵头单位：市住房城乡建设局；配合单位：市大数据局；完成时限：2024年10月底前）
2. 完善城市更新政策。（牵头单位：市住房城乡建设局；责任单位：市财政局；完成时限：2024年8月底前）
二、保障措施
1. 强化督导考核。（牵头单位：市住房城乡建设局；完成时限：2024年11月底前）
青岛市人民政府办公厅
2024年4月1日
"""
TRADE = """青岛市人民政府办公厅关于促进外贸稳定增长的通知
青政办字〔2024〕9号
各区、市人民政府，市政府各部门：
一、重点任务
1. 组织企业参加境外展会。（牵头单位：市商务局；配合单位：市财政局；完成时限：2024年7月底前）
二、保障措施
1. 落实出口退税政策。（牵头单位：市商务局；完成时限：2024年9月底前）
青岛市人民政府办公厅
2024年5月1日
"""


def store_of_three(folder):
    """A store of three notices, two of them with a part named 一、重点任务."""
    from graph.store import Store

    paths = []
    for name, text in (("digital.txt", DIGITAL), ("renewal.txt", RENEWAL), ("trade.txt", TRADE)):
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    store = Store(folder / "store")
    store.ingest_paths(paths)
    return store


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    return store_of_three(tmp_path_factory.mktemp("three"))


@pytest.fixture(scope="module")
def graph(three):
    return three.graph()


@pytest.fixture(scope="module")
def workbook(graph):
    return openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", graph)))


def bilingual(text: str) -> bool:
    return bool(CJK.search(text) and LATIN.search(text))


# -- the workbook ---------------------------------------------------------------------------------------------

def test_workbook_sheets_and_headers_are_chinese_and_english(workbook):
    """The sheets were 汇总/矩阵/按月截止 and every header Chinese only (单位, 牵头, 月份, 条款内容 …)."""
    assert workbook.sheetnames[:3] == ["汇总 Summary", "矩阵 Matrix", "按月截止 Deadlines by month"]
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in workbook.sheetnames)
    summary = workbook["汇总 Summary"]
    assert summary.cell(1, 1).value == "单位 Unit"
    assert [summary.cell(2, c).value for c in range(2, 5)] == [ROLE_LABEL[r] for r in ROLES]
    assert ROLE_LABEL["lead"] == "牵头 Lead"
    months = [c.value for c in workbook["按月截止 Deadlines by month"][1]]
    assert months[:2] == ["月份 Month", "截止日期 Due date"] and months[-1] == "条款内容 Clause"
    assert "牵头单位 Lead units" in months and all(bilingual(h) for h in months)
    matrix = workbook["矩阵 Matrix"]
    assert matrix.cell(1, 1).value == "单位 Unit"
    cells = {c.value for row in matrix.iter_rows(min_row=2, min_col=2) for c in row if c.value}
    assert cells and all(set(v.split("/")) <= set(ROLE_LABEL.values()) for v in cells), cells
    unit = workbook["市财政局"]
    header = [c.value for c in unit[1]]
    assert all(bilingual(h) for h in header) and "角色 Role" in header
    roles = {row[header.index("角色 Role")] for row in unit.iter_rows(min_row=2, values_only=True)}
    assert roles == {"牵头 Lead", "配合 Cooperating", "责任 Responsible"}
    recurring = next(r for r in workbook["按月截止 Deadlines by month"].iter_rows(min_row=2, values_only=True)
                     if r[0] and r[0].startswith("周期"))
    assert recurring[0] == "周期 Recurring"


def test_summary_names_the_document_of_each_action(workbook):
    """Two notices' 一、重点任务 were one column group headed 一、重点任务, their counts added together: each
    document's groups are apart and named by its 文号."""
    summary = workbook["汇总 Summary"]
    groups = [c.value for c in summary[1][1:] if c.value]
    assert sorted(groups[:-1]) == sorted(["青政办发〔2024〕11号 算力提升行动", "青政办发〔2024〕11号 行动之外 Outside actions",
                                          "青政办字〔2024〕7号 一、重点任务", "青政办字〔2024〕7号 二、保障措施",
                                          "青政办字〔2024〕9号 一、重点任务", "青政办字〔2024〕9号 二、保障措施"])
    at = {g: i for i, g in enumerate(groups)}
    assert at["青政办发〔2024〕11号 行动之外 Outside actions"] == at["青政办发〔2024〕11号 算力提升行动"] + 1
    assert at["青政办字〔2024〕7号 二、保障措施"] == at["青政办字〔2024〕7号 一、重点任务"] + 1, "a document's groups together"
    assert groups[-1] == "合计 Total"
    column = {c.value: c.column for c in summary[1] if c.value}
    finance = next(r for r in range(3, summary.max_row + 1) if summary.cell(r, 1).value == "市财政局")

    def counts(group: str) -> list:
        return [summary.cell(finance, column[group] + i).value for i in range(3)]

    assert counts("青政办字〔2024〕7号 一、重点任务") == [None, 1, None], "责任 on 城市更新 2"
    assert counts("青政办字〔2024〕9号 一、重点任务") == [None, None, 1], "配合 on the trade fair"


def test_a_one_document_workbook_names_no_document(three, tmp_path):
    """A workbook of one document has one document to name: its groups read as the document prints them."""
    from graph.store import Store

    (tmp_path / "trade.txt").write_text(TRADE, encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_paths([tmp_path / "trade.txt"])
    summary = openpyxl.load_workbook(io.BytesIO(exporters.export("xlsx", store.graph())))["汇总 Summary"]
    assert [c.value for c in summary[1][1:] if c.value] == ["一、重点任务", "二、保障措施", "合计 Total"]


# -- the calendar ---------------------------------------------------------------------------------------------

def test_calendar_categories_and_description_keys_are_chinese_and_english(graph):
    """CATEGORIES:牵头 and the description's 牵头单位:/完成时限: keys were Chinese only. The file stays valid
    RFC 5545: icalendar reads it back, each line at most 75 octets, the TEXT values escaped."""
    data = exporters.export("ics", graph)
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "RFC 5545 folds lines at 75 octets"
    assert all(not line.startswith(b"CATEGORIES:") or b"\\," not in line for line in lines)
    cal = Calendar.from_ical(data)
    assert str(cal["x-wr-calname"]) == "任务时限 Deadlines"
    events = {str(ev["summary"]).split(" (")[0]: ev for ev in cal.walk("VEVENT")}
    fair = next(ev for s, ev in events.items() if "境外展会" in s)
    assert [str(c) for c in fair["categories"].cats] == ["牵头 Lead", "配合 Cooperating"]
    described = str(fair["description"]).split("\n")
    assert described[0] == "组织企业参加境外展会。"
    assert "牵头单位 Lead units: 市商务局" in described and "配合单位 Cooperating units: 市财政局" in described
    assert "完成时限 Deadline: 2024年7月底前" in described
    assert str(fair["summary"]).endswith("(牵头 Lead: 市商务局)")
    quarterly = next(ev for s, ev in events.items() if "数据要素" in s)
    assert any(line.startswith("周期 Recurs: ") for line in str(quarterly["description"]).split("\n"))
    finance = Calendar.from_ical(exporters.export("ics", graph, unit="市财政局"))
    assert str(finance["x-wr-calname"]) == "市财政局 任务时限 Deadlines"
    assert {str(ev["summary"]).rsplit(" (", 1)[1] for ev in finance.walk("VEVENT")} == {
        "牵头 Lead)", "配合 Cooperating)", "责任 Responsible)"}


# -- the map --------------------------------------------------------------------------------------------------

def svg_texts(data: bytes) -> list[str]:
    return [t.text for t in etree.fromstring(data).iter(f"{SVG}text") if t.text]


def test_map_title_legend_and_groups_are_chinese_and_english(graph):
    """The map's title and legend read 组织责任图 / 粗实线 = 牵头 …, its box of tasks outside any action 行动之外,
    and two notices' 一、重点任务 were one box: each document's boxes are apart and named by its 文号."""
    texts = [t.replace("\xa0", " ") for t in svg_texts(exporters.export("svg", graph))]
    assert texts[0] == "组织责任图 Organisation-responsibility map"
    legend = texts[1]
    assert all(word in legend for word in ("粗实线 thick = 牵头 Lead", "实线 solid = 责任 Responsible",
                                           "虚线 dashed = 配合 Cooperating"))
    assert "青政办发〔2024〕11号 行动之外 Outside actions" in texts
    assert {"青政办字〔2024〕7号 一、重点任务", "青政办字〔2024〕9号 一、重点任务"} <= set(texts)
    assert "一、重点任务" not in texts
    co = [t.replace("\xa0", " ") for t in svg_texts(exporters.export("svg", graph, kind="co"))]
    assert co[0] == "共同责任图 Co-responsibility map" and bilingual(co[1])
