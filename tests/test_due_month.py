"""A yearly duty due in a named month (每年6月底前, 每年3月31日前) falls due then each year, not on 31 December: the
month is read in attributions and in task text, carried by the contract, RDF and the calendar, and judged by the
colour, the ledger, Ask's windows and Neo4j alike."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from conftest import asked, contract_by_label, neo4j_holding, notice_store
from dateutil.rrule import rrulestr
from icalendar import Calendar
from rdflib import Literal

from graph import exporters, ledger, rdf
from graph.neo4j_store import Connection
from graph.progress import new_event
from graph.status import StatusContext, category
from graph.store import Store
from ontology.terms import PKG
from queries.ask import answer
from queries.contract import assignments as contract_assignments

# A county office's notice in the style of real ones: a yearly report due in June, one due by 31 March written in
# the task, one due in January (no month needed) and one due at the year's end.
NOTICE = """平阴县人民政府办公室关于建立年度重点工作报告制度的通知

平政办字〔2024〕8号

各镇人民政府、街道办事处，县政府各部门：
为加强年度重点工作统筹，经县政府同意，现将有关事项通知如下。

一、工作任务
1. 报送上半年经济运行分析。（牵头单位：县统计局；责任单位：县发展和改革局；完成时限：每年6月底前）
2. 总结上年度重点项目建设情况，每年3月31日前报送县政府。（牵头单位：县发展和改革局）
3. 报送上年度财政预算执行情况。（牵头单位：县财政局；完成时限：每年1月底前）
4. 开展年度安全生产考核。（牵头单位：县应急管理局；完成时限：每年）

平阴县人民政府办公室
2024年2月20日
"""
# task label → (period, due_day, due_day_month) as the contract gives them (absent keys as 0)
DUE = {"1": ("year", 31, 6), "2": ("year", 31, 3), "3": ("year", 31, 0), "4": ("year", 0, 0)}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return notice_store(tmp_path_factory.mktemp("due_month"), NOTICE)


@pytest.fixture(scope="module")
def contract(store) -> dict[str, dict]:
    return contract_by_label(store)


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def test_the_contract_carries_the_month_only_when_printed(contract):
    got = {label: (a["deadline"]["recurring"], a["deadline"].get("due_day", 0), a["deadline"].get("due_day_month", 0))
           for label, a in contract.items()}
    assert got == DUE
    assert "due_day_month" not in contract["3"]["deadline"], "January needs no month"
    assert not {"due_day", "due_day_month"} & set(contract["4"]["deadline"]), "the year's end needs neither"
    assert contract["2"]["deadline"]["text"] == "每年3月31日前", "read from the task text"


def test_the_colour_counts_the_month():
    june = {"recurring": "year", "due_start": date(2024, 1, 1), "due_day": 31, "due_day_month": 6}
    assert category(None, True, date(2024, 6, 10), **june) == "soon", "due on 30 June, not 31 December"
    assert category(None, True, date(2024, 3, 1), **june) == "later"
    # not chased: past 30 June the next year's counts; chased, June's report is outstanding
    assert category(None, True, date(2024, 7, 10), **june) == "later"
    assert category(None, True, date(2024, 7, 10), chase=True, **june) == "overdue"
    done = new_event("x", "done", "李四", at=_at(date(2024, 6, 20)))
    assert category(None, True, date(2024, 7, 10), done, chase=True, **june) == "done"


def test_the_ledger_dates_each_duty_in_its_month(store):
    lines = {x.a.task: x for page in ledger.pages(store.graph(), StatusContext({}, date(2024, 3, 5)))
             for x in page.lines}
    assert lines["任务1"].due == date(2024, 6, 30)
    assert (lines["任务2"].due, lines["任务2"].category) == (date(2024, 3, 31), "soon")
    assert lines["任务3"].due == date(2025, 1, 31), "January's has passed"
    assert lines["任务4"].due == date(2024, 12, 31)


@pytest.mark.parametrize(("question", "labels"), [
    ("2024年6月到期的任务", ["1"]),
    ("2024年3月到期的任务", ["2"]),
    ("2024年12月到期的任务", ["4"]),
    ("2025年1月到期的任务", ["3"]),
])
def test_ask_windows_hold_the_month_named(store, question, labels):
    result = asked(store, question, today=date(2024, 3, 5))
    assert sorted(a["task"]["label"] for a in result.assignments) == labels
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str))
    if labels == ["1"]:
        assert [a["counted"]["date"] for a in data["assignments"]] == ["2024-06-30"]


def test_ics_repeats_in_the_month(store):
    cal = Calendar.from_ical(exporters.export("ics", store.graph()))
    events = {str(ev["summary"]).split()[0]: ev for ev in cal.walk("VEVENT")}

    def dates(ev, count):
        rule = rrulestr(ev["RRULE"].to_ical().decode(),
                        dtstart=datetime.combine(ev.decoded("dtstart"), datetime.min.time()))
        return [d.date() for d in rule[:count]]

    assert dates(events["任务1"], 2) == [date(2024, 6, 30), date(2025, 6, 30)]
    assert dates(events["任务2"], 2) == [date(2024, 3, 31), date(2025, 3, 31)]
    # the notice of 20 February 2024 owes no report for January 2024: its first is due 31 January 2025 (review 15)
    assert dates(events["任务3"], 2) == [date(2025, 1, 31), date(2026, 1, 31)]


def test_rdf_states_the_month_and_conforms(store):
    g = rdf.to_rdf(store.graph())
    conforms, report, _violations = rdf.validate(g)
    assert conforms, report
    assert sorted(int(o) for o in g.objects(None, PKG.dueMonth)) == [3, 6]
    interval = next(g.subjects(PKG.dueMonth, Literal(6)))
    g.set((interval, PKG.dueMonth, Literal(13)))
    conforms, _report, violations = rdf.validate(g)
    assert not conforms and any("pkg:dueMonth" in v["message"] for v in violations)


@pytest.mark.neo4j
def test_neo4j_gives_the_same_months(store, contract, neo4j_uri, sample_graph):
    with neo4j_holding(Connection(neo4j_uri), store.graph(), sample_graph) as session:
        got = {a["task"]["label"]: a for a in contract_assignments(session)}
        asked = answer(session, "2024年6月到期的任务", today=date(2024, 3, 5))
    assert got == contract
    assert [a["task"]["label"] for a in asked.assignments] == ["1"]
