"""The span a recurring duty is owed over: from the period holding its document's date (no report owed before the
notice existed), to the end of the year a plan is for (a 2026 清单's 每月 is not owed in 2027) unless its phrase
says it goes on; said in the calendar (DTSTART, UNTIL, 周期) and in Ask, and judged so by the colours (review 15:
a notice of 8 October got an .ics event from 31 January with no end, Ask counted 共12次 by December, and a 2026
plan's duties were overdue in 2027)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import asked, contract_by_label, notice_store
from icalendar import Calendar

from graph import exporters, rdf, recurrence
from graph.progress import new_event
from graph.status import category, chases, of_contract
from graph.store import Store
from ingest.deadlines import plan_years, resolve_deadline
from queries.contract import deadline_reads

D = date
# A district's fourth-quarter list, issued on 8 October.
Q4_LIST = """芝罘区人民政府办公室
关于印发芝罘区2026年第四季度重点工作督办清单的通知
芝政办发〔2026〕30号

区政府各部门：
现将第四季度重点工作督办清单印发给你们，请认真抓好落实。
一、重点工作
1.调度企业用电用气保障情况。（牵头单位：区工业和信息化局；完成时限：每月）
2.通报重点项目建设进展。（牵头单位：区发展和改革局；完成时限：每季度）
3.报送安全生产隐患排查台账。（牵头单位：区应急管理局；完成时限：每月10日前）
4.开展河道巡查。（牵头单位：区水务局；完成时限：每月，长期坚持）
5.完成重点项目入统。（牵头单位：区统计局；完成时限：2026年12月20日前）

芝罘区人民政府办公室
2026年10月20日
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return notice_store(tmp_path_factory.mktemp("span"), Q4_LIST)


@pytest.fixture(scope="module")
def contract(store) -> dict[str, dict]:
    return contract_by_label(store)


@pytest.mark.parametrize(("text", "issued", "plan", "start", "end"), [
    ("每月", D(2026, 10, 8), (2026, 2026), D(2026, 10, 8), D(2026, 12, 31)),  # a 2026 plan's: ends with 2026
    ("每月", D(2026, 10, 8), None, D(2026, 10, 8), None),  # a standing mechanism's: no end
    ("每月", None, None, D(2026, 1, 1), None),  # no date: its year's start, as before
    ("每季度，长期坚持", D(2026, 3, 1), (2026, 2026), D(2026, 3, 1), None),  # the phrase says it goes on
    ("每季度，直至2027年底", D(2026, 3, 1), (2026, 2026), D(2026, 3, 1), D(2027, 12, 31)),
    ("每年，至2028年", D(2026, 3, 1), (2026, 2026), D(2026, 3, 1), D(2028, 12, 31)),
    ("全年每月", D(2026, 3, 1), None, D(2026, 3, 1), D(2026, 12, 31)),  # bounded by its text, owed from March
    ("2027年每季度", D(2026, 12, 20), None, D(2027, 1, 1), D(2027, 12, 31)),  # next year's: from its start
    ("每月", D(2026, 12, 20), (2027, 2027), D(2027, 1, 1), D(2027, 12, 31)),  # a 2027 plan issued in December
    ("2026年7月起每季度", D(2026, 3, 1), (2024, 2026), D(2026, 7, 1), D(2026, 12, 31)),  # a plan for 2024-2026
])
def test_a_recurring_duty_is_owed_from_its_document_s_date_to_its_plan_s_end(text, issued, plan, start, end):
    got = resolve_deadline(text, 2026, issued, plan)
    assert (got.start, got.end, got.open_ended) == (start, end, end is None)


@pytest.mark.parametrize(("title", "plan"), [
    ("关于印发芝罘区2026年第四季度重点工作督办清单的通知", (2026, 2026)),
    ("关于印发《青岛市2024—2026年数字经济三年行动方案》的通知", (2024, 2026)),
    ("关于做好今年防汛工作的通知", (2025, 2025)),
    ("关于建立重点工作调度机制的通知", None),  # a standing mechanism
    ("关于建立年度重点工作报告制度的通知", None),  # 年度: every year, no one year
    ("关于2025年工作总结和2026年工作要点的通知", None),  # two years apart: neither alone
])
def test_a_plan_s_years_are_read_from_its_title(title, plan):
    assert plan_years(title, 2025) == plan


def test_the_contract_says_the_span(contract):
    assert contract["1"]["deadline"] == {"text": "每月", "start": "2026-10-20", "end": "2026-12-31",
                                         "recurring": "month"}
    assert contract["4"]["deadline"]["end"] is None  # 长期坚持
    assert deadline_reads(contract["1"]["deadline"]) == "每月(↻ 周期 monthly)(至 2026-12-31)"


def test_the_calendar_starts_with_the_first_period_owed_and_ends_with_the_plan(store):
    cal = Calendar.from_ical(exporters.export("ics", store.graph()))
    events = {str(ev["summary"]).split()[0]: ev for ev in cal.walk("VEVENT")}
    monthly, quarterly, tenth, river = events["任务1"], events["任务2"], events["任务3"], events["任务4"]
    assert monthly.decoded("dtstart") == D(2026, 10, 31)
    assert monthly["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20261231;BYMONTHDAY=-1"
    assert "周期 Recurs: 首次 2026-10-31,至 2026-12-31" in str(monthly["description"])
    assert quarterly.decoded("dtstart") == D(2026, 12, 31)
    # issued on the 20th: October's 10th had passed, the first report owed is November's
    assert tenth.decoded("dtstart") == D(2026, 11, 10)
    assert b"UNTIL" not in river["RRULE"].to_ical() and "不设终止" in str(river["description"])


def test_ask_counts_the_occurrences_owed_and_says_the_end(store):
    result = asked(store, "12月底前到期的任务", today=D(2026, 12, 1))
    counted = {a["task"]["label"]: a["counted"] for a in result.assignments if a["counted"]}
    assert counted["1"]["date"] == "2026-10-31" and counted["1"]["occurrences"] == 3  # Oct, Nov, Dec; not 12
    assert counted["3"]["date"] == "2026-11-10" and counted["3"]["occurrences"] == 2
    later = asked(store, "2027年3月到期的任务", today=D(2027, 2, 1))
    assert {a["task"]["label"] for a in later.assignments} == {"4"}  # the plan's duties are not due in 2027


def report(aid: str, first: date, made: date, state: str = "done"):
    return new_event(aid, state, "王芳", when=made, period=first, at=datetime.combine(made, datetime.min.time(), UTC))


def test_a_plan_s_duty_is_judged_by_its_last_period_once_the_year_is_over(contract):
    quarterly = contract["2"]
    aid = quarterly["id"]
    assert of_contract(quarterly, D(2027, 1, 5), None, chase=True) == "overdue"  # Q4 owed since 31 December
    q3 = report(aid, D(2026, 7, 1), D(2026, 10, 25))
    assert of_contract(quarterly, D(2027, 4, 1), q3, chase=True) == "overdue", "Q3's report does not close Q4"
    q4 = report(aid, D(2026, 10, 1), D(2026, 12, 28))
    assert of_contract(quarterly, D(2027, 4, 1), q4, chase=True) == "done"
    january = report(aid, D(2027, 1, 1), D(2027, 1, 8))  # made after the end for no named period: the last one
    assert of_contract(quarterly, D(2027, 4, 1), january, chase=True) == "done"


@pytest.mark.parametrize(("first", "made", "done"), [(D(2026, 7, 1), D(2026, 10, 25), False),
                                                     (D(2026, 10, 1), D(2026, 12, 28), True)])
def test_ask_counts_an_ended_duty_done_by_its_last_period_s_report(store, contract, first, made, done):
    aid = contract["2"]["id"]
    progress = {aid: report(aid, first, made)}
    finished = asked(store, "已办结的任务", today=D(2027, 4, 1), progress=progress)
    late = asked(store, "逾期的任务", today=D(2027, 4, 1), progress=progress)
    assert ("2" in {a["task"]["label"] for a in finished.assignments}) is done
    assert ("2" in {a["task"]["label"] for a in late.assignments}) is not done


def test_no_period_before_the_document_is_owed(store, contract):
    """Issued on 20 October, 每月10日前: October's report was due before the notice existed; on 25 October in an
    office recording progress it is not overdue, and November has no 上期 to report for."""
    tenth = contract["3"]
    progress = {contract["5"]["id"]: new_event(contract["5"]["id"], "in_progress", "王芳",
                                                at=datetime(2026, 10, 21, tzinfo=UTC))}
    assert chases(progress)(tenth["id"])
    assert of_contract(tenth, D(2026, 10, 25), None, chase=True) == "soon"  # due 10 November
    result = asked(store, "逾期的任务", today=D(2026, 10, 25), progress=progress)
    assert "3" not in {a["task"]["label"] for a in result.assignments}
    assert not recurrence.has_previous("month", D(2026, 10, 20), D(2026, 11, 5), 10)
    assert recurrence.has_previous("month", D(2026, 10, 20), D(2026, 12, 5), 10)
    assert category(None, True, D(2026, 11, 12), None, recurring="month", due_start=D(2026, 10, 20), chase=True,
                    due_day=10) == "overdue"  # November's passed unreported


def test_the_span_is_valid_rdf(store):
    conforms, _report, violations = rdf.validate(rdf.to_rdf(store.graph()))
    assert conforms, violations


def test_the_named_month_query_says_it_leaves_recurring_duties_to_ask(store):
    """due_in_month listed a bounded recurrence in its last month only (a 2026 plan's 每月 in December, never in
    October) and said nothing of the others (review 15 item 16: 8 rows where Ask gave 14). The engines cannot build a
    month's dates from the year and month asked, so it leaves every recurring duty out and says so, naming Ask."""
    from queries.named import get

    query = get("due_in_month")
    assert "recurring duties (每月, 每季度 …) are left out" in query.answers and "本月到期的任务" in query.answers
    assert "left out" in get("due_in_month", "sparql").answers
    session = store.open_graph()
    try:
        rows = session.query(query.text, {"year": 2026, "month": 12})[1]
    finally:
        session.close()
    assert sorted(r[0] for r in rows) == ["5"]
    asked_rows = asked(store, "2026年12月到期的任务", today=D(2026, 12, 1)).assignments
    assert {a["task"]["label"] for a in asked_rows} == {"1", "2", "3", "4", "5"}


def test_the_ledger_offers_no_earlier_period_before_the_first_one_owed(store):
    """Issued on 20 October, 每月10日前 owes November's report first: a ledger of 5 November has no 上期 column
    value to offer for it, one of 5 December has (November's)."""
    from graph import analysis, ledger
    from graph.status import StatusContext

    tenth = next(a for a in analysis.assignments(store.graph()) if a.task_label == "3")
    assert not ledger._takes_period(tenth, StatusContext({}, D(2026, 11, 5)))
    assert ledger._takes_period(tenth, StatusContext({}, D(2026, 12, 5)))


def test_the_task_page_offers_the_previous_period_only_when_it_is_owed_on_the_duty_s_day(store, tmp_path,
                                                                                          monkeypatch):
    """The Task page judged whether 上期 is one of a duty's periods by the periods' last days: a notice of 20
    October whose duty falls due 每月10日前 owes November first (10 October was past), yet on 15 November the form
    offered 上期, October, which the store then refused. Its day is passed: 上期 is offered from December, and is
    November."""
    import shutil

    from test_app import start

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "task", task="3", ref="2026-11-15")
    assert not at.radio, "no earlier period is owed: nothing to name"
    at.text_input(key="progress_by").set_value("李四")
    at.button(key="progress_record").click().run()
    assert not at.error, at.error
    at = start(copy, monkeypatch, "task", task="3", ref="2026-12-05")
    at.radio(key="progress_period").set_value("上期 The previous period")
    at.text_input(key="progress_by").set_value("李四")
    at.button(key="progress_record").click().run()
    assert not at.exception and not at.error, at.error
    assert [e.period for e in Store(copy).progress().events()] == [None, D(2026, 11, 1)]
    assert "(报告期 2026年11月 (2026-11))" in at.success[0].value
