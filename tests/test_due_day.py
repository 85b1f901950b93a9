"""A recurring duty that names its day (每月10日前, 每周五): due on that day of each period, not on the period's
last day, in every place a date is judged (status colours, the ledger, Ask's windows, the calendar, RDF, Neo4j)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from conftest import asked, contract_by_label, neo4j_holding, notice_store
from dateutil.rrule import rrulestr
from icalendar import Calendar
from rdflib import Literal

from graph import exporters, ledger, rdf, recurrence
from graph.neo4j_store import Connection
from graph.progress import new_event
from graph.status import StatusContext, category
from graph.store import Store
from ingest.deadlines import resolve_deadline
from ontology.terms import PKG
from queries.ask import answer
from queries.contract import assignments as contract_assignments

D = date
# A district office's notice in the style of real ones: a day of the month, a weekday, no day, a start and a day.
NOTICE = """青岛市崂山区人民政府办公室关于建立重点工作调度机制的通知

崂政办发〔2024〕5号

各街道办事处，区政府各部门：
为推动年度重点工作落地见效，经区政府同意，现就建立重点工作调度机制通知如下。

一、工作任务
1. 报送重点项目推进情况。各责任单位按月报送重点项目推进情况和存在问题。（牵头单位：区发展和改革局；责任单位：区财政局；完成时限：每月10日前）
2. 召开专班调度会。每周集中调度一次重点企业生产经营情况。（牵头单位：区工业和信息化局；完成时限：每周五）
3. 更新企业服务台账。（牵头单位：区商务局；完成时限：每月）
4. 报送稳增长政策兑现情况。（牵头单位：区财政局；完成时限：自2024年7月起每月15日前）

崂山区人民政府办公室
2024年3月1日
"""
DUE_DAY = {"1": ("month", 10), "2": ("week", 5), "3": ("month", 0), "4": ("month", 15)}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return notice_store(tmp_path_factory.mktemp("due_day"), NOTICE)


@pytest.fixture(scope="module")
def contract(store) -> dict[str, dict]:
    return contract_by_label(store)


@pytest.mark.parametrize(("text", "period", "day"), [
    ("每月10日前", "month", 10), ("每月5号前", "month", 5), ("每月25日", "month", 25), ("每月上旬", "month", 10),
    ("每月中旬", "month", 20), ("每月底前", "month", 0), ("每月", "month", 0), ("每月31日前", "month", 31),
    ("每周五", "week", 5), ("每周一前", "week", 1), ("每周日", "week", 7), ("每季度", "quarter", 0),
    ("2024年每月10日前", "month", 10), ("自7月起每月10日前", "month", 10), ("自2024年3月起每周五", "week", 5),
    ("每月１０日前", "month", 10), ("每月十日前", "month", 10),
    # a report due after each period: in the first days of the next one (5个工作日 is a week)
    ("每季度结束后10日内", "quarter", 10), ("每季度首月10日前", "quarter", 10), ("每月结束后5个工作日内", "month", 7),
    ("每半年结束后15日内", "half-year", 15), ("每月次月5日前", "month", 5),
    # a yearly duty due in January is due then (the year's first month needs no month: see below)
    ("每年1月底前", "year", 31), ("每年1月20日前", "year", 20), ("每年12月底前", "year", 0),
])
def test_a_recurring_deadline_reads_its_day(text, period, day):
    got = resolve_deadline(text, 2024)
    assert (got.recurring, got.due_day, got.due_day_month) == (period, day, 0)


@pytest.mark.parametrize(("text", "day", "month"), [
    ("每年6月底前", 31, 6), ("每年3月31日前", 31, 3), ("每年六月底前", 31, 6), ("每年6月", 31, 6), ("每年6月份", 31, 6),
    ("每年度9月15日前", 15, 9), ("每年上半年", 31, 6), ("每年第三季度", 31, 9), ("2024年每年11月底前", 31, 11),
    ("每年2月底前", 31, 2),
])
def test_a_yearly_deadline_reads_its_month(text, day, month):
    """每年6月底前 was due on 31 December, so a duty due in June stayed green all autumn: a yearly duty that names a
    later month than January is due on that day of it (the month's last when no day is said)."""
    got = resolve_deadline(text, 2024)
    assert (got.recurring, got.due_day, got.due_day_month) == ("year", day, month)


def test_a_yearly_duty_falls_due_in_its_month_each_year():
    assert list(recurrence.due_dates("year", date(2024, 1, 1), None, None, date(2026, 12, 31), 31, 6)) == [
        date(2024, 6, 30), date(2025, 6, 30), date(2026, 6, 30)]
    assert list(recurrence.due_dates("year", date(2024, 1, 1), None, None, date(2025, 12, 31), 31, 2)) == [
        date(2024, 2, 29), date(2025, 2, 28)], "the 31st is a short month's last day, leap years included"
    assert recurrence.first_due("year", date(2024, 7, 15), 31, 6) == date(2025, 6, 30), "June 2024 was before it began"
    assert recurrence.rrule("year", None, 31, 6) == {"freq": "yearly", "bymonth": 6, "bymonthday": [28, 29, 30, 31],
                                                      "bysetpos": -1}
    assert recurrence.rrule("year", None, 15, 9)["bymonth"] == 9


def test_the_contract_carries_the_day(contract):
    got = {label: (a["deadline"]["recurring"], a["deadline"].get("due_day", 0)) for label, a in contract.items()}
    assert got == DUE_DAY
    assert "due_day" not in contract["3"]["deadline"], "the contract grows only where a day is printed"


def test_the_due_dates_are_the_days_named():
    assert list(recurrence.due_dates("month", date(2024, 1, 1), None, date(2024, 1, 1), date(2024, 3, 31), 10)) == \
        [date(2024, 1, 10), date(2024, 2, 10), date(2024, 3, 10)]
    assert list(recurrence.due_dates("month", date(2024, 1, 1), None, date(2024, 1, 15), date(2024, 4, 30), 31)) == \
        [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert list(recurrence.due_dates("week", date(2024, 1, 1), None, date(2024, 1, 1), date(2024, 1, 14), 5)) == \
        [date(2024, 1, 5), date(2024, 1, 12)]
    assert recurrence.first_due("month", date(2024, 7, 15), 10) == date(2024, 8, 10)
    assert list(recurrence.due_dates("quarter", date(2024, 1, 1), date(2024, 12, 31), due_day=10)) == \
        [date(2024, 1, 10), date(2024, 4, 10), date(2024, 7, 10), date(2024, 10, 10)]


@pytest.mark.parametrize(("text", "found", "day"), [
    ("每季度结束后10日内报送进展情况", "每季度结束后10日内", 10), ("每月结束后5个工作日内上报数据", "每月结束后5个工作日内", 7),
    ("每月10日前报送台账", "每月10日前", 10), ("每周五调度进展", "每周五", 5), ("每季度向市政府报送", "每季度", 0),
])
def test_a_day_written_in_the_task_text_is_read(text, found, day):
    from ingest.deadlines import find_recurring

    [(s, e)] = find_recurring(text)
    assert (text[s:e], resolve_deadline(text[s:e], 2024).due_day) == (found, day)


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def test_the_colour_counts_the_day_of_the_period():
    monthly = {"recurring": "month", "due_start": date(2024, 1, 1), "due_day": 10}
    # not chased (no progress in the store): before the 10th the 10th counts, after it next month's
    assert category(None, True, date(2024, 5, 5), **monthly) == "soon"
    assert category(None, True, date(2024, 5, 20), **monthly) == "soon"
    # chased: the 10th passed without May's report is overdue; May's report made on the 8th is done
    assert category(None, True, date(2024, 5, 20), chase=True, **monthly) == "overdue"
    may = new_event("x", "done", "李四", at=_at(date(2024, 5, 8)))
    april = new_event("x", "done", "李四", at=_at(date(2024, 4, 9)))
    from graph.progress import Latest

    both = Latest(**{k: getattr(may, k) for k in ("assignment", "state", "by", "at", "note", "date", "period")},
                  reports=(april, may))
    assert category(None, True, date(2024, 5, 20), both, chase=True, **monthly) == "done"
    # May's report alone leaves April's outstanding: overdue since 10 April
    from graph.status import days_overdue

    assert days_overdue(None, date(2024, 5, 20), may, chase=True, **monthly) == 40


def test_the_ledger_dates_each_duty_by_its_day(store):
    lines = {x.a.task: x for page in ledger.pages(store.graph(), StatusContext({}, date(2024, 5, 5))) for x in page.lines}
    assert lines["任务1"].due == date(2024, 5, 10)
    assert lines["任务2"].due == date(2024, 5, 10)  # Friday
    assert lines["任务3"].due == date(2024, 5, 31)
    assert lines["任务4"].due == date(2024, 7, 15)  # from July on
    # progress recorded on another duty of the same notice: its duties are chased (graph/status.Chased)
    other = lines["任务3"].a.id
    ctx = StatusContext({other: new_event(other, "in_progress", "李四", at=_at(date(2024, 5, 1)))}, date(2024, 5, 20))
    lines = {x.a.task: x for page in ledger.pages(store.graph(), ctx) for x in page.lines}
    assert (lines["任务1"].due, lines["任务1"].category) == (date(2024, 4, 10), "overdue"), "April's report is outstanding"


@pytest.mark.parametrize(("question", "today", "labels"), [
    ("10天内到期的任务", date(2024, 5, 5), ["1", "2"]),  # the 10th and Friday the 10th; the month's end is not
    ("本月到期的任务", date(2024, 5, 5), ["1", "2", "3"]),
    ("2024年7月到期的任务", date(2024, 5, 5), ["1", "2", "3", "4"]),
])
def test_ask_windows_hold_the_days_named(store, question, today, labels):
    result = asked(store, question, today=today)
    assert sorted(a["task"]["label"] for a in result.assignments) == labels
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str))
    first = {a["task"]["label"]: a["counted"]["date"] for a in data["assignments"] if a.get("counted")}
    if question.startswith("10天"):
        assert first == {"1": "2024-05-10", "2": "2024-05-10"}


def test_ics_repeats_on_the_day(store):
    cal = Calendar.from_ical(exporters.export("ics", store.graph()))
    events = {str(ev["summary"]).split()[0]: ev for ev in cal.walk("VEVENT")}

    def dates(ev, count):
        rule = rrulestr(ev["RRULE"].to_ical().decode(), dtstart=datetime.combine(ev.decoded("dtstart"),
                                                                                  datetime.min.time()))
        return [d.date() for d in rule[:count]]

    # owed from the notice's date (1 March 2024, a Friday), never in the months before it existed (review 15)
    assert dates(events["任务1"], 3) == [date(2024, 3, 10), date(2024, 4, 10), date(2024, 5, 10)]
    assert dates(events["任务2"], 2) == [date(2024, 3, 1), date(2024, 3, 8)]
    assert dates(events["任务4"], 2) == [date(2024, 7, 15), date(2024, 8, 15)]


@pytest.mark.parametrize(("period", "day", "first", "expected"), [
    ("month", 31, date(2024, 1, 31), [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]),  # a short month's last day
    ("quarter", 10, date(2024, 1, 10), [date(2024, 1, 10), date(2024, 4, 10), date(2024, 7, 10)]),
    ("half-year", 15, date(2024, 1, 15), [date(2024, 1, 15), date(2024, 7, 15), date(2025, 1, 15)]),
    ("year", 20, date(2024, 1, 20), [date(2024, 1, 20), date(2025, 1, 20), date(2026, 1, 20)]),
])
def test_the_calendar_rule_repeats_on_the_day(period, day, first, expected):
    from icalendar import vRecur

    text = vRecur(recurrence.rrule(period, None, day)).to_ical().decode()
    assert [d.date() for d in rrulestr(text, dtstart=datetime.combine(first, datetime.min.time()))[:3]] == expected
    assert [recurrence.due(period, recurrence.period_of(period, d), day) for d in expected] == expected


def test_rdf_states_the_day_and_conforms(store):
    g = rdf.to_rdf(store.graph())
    conforms, report, _violations = rdf.validate(g)
    assert conforms, report
    assert sorted(int(o) for o in g.objects(None, PKG.dueDay)) == [5, 10, 15]
    interval = next(g.subjects(PKG.dueDay, Literal(10)))
    g.set((interval, PKG.dueDay, Literal(40)))
    conforms, _report, violations = rdf.validate(g)
    assert not conforms and any("pkg:dueDay" in v["message"] for v in violations)


def test_only_the_documents_reported_on_are_chased(store, tmp_path):
    """A reviewer's provincial store: one report recorded by a district turned every unreported recurring duty of
    the province's and the other places' documents red. A duty is chased only when its document's duties have
    progress recorded."""
    import shutil

    from graph.status import chases
    from graph.supervision import record

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    other = tmp_path / "other.txt"
    other.write_text(NOTICE.replace("崂山区", "即墨区").replace("崂政办发〔2024〕5号", "即政办发〔2024〕9号"),
                     encoding="utf-8")
    Store(copy).ingest_paths([other])
    log, session = Store(copy).progress(), Store(copy).open_graph()
    try:
        views = list({x.a.id: x.a for page in ledger.pages(Store(copy).graph(), StatusContext({}, date(2024, 5, 20)))
                      for x in page.lines if x.a.task_label == "1"}.values())
        assert len(views) == 2, "one 每月10日前 duty in each notice"
        reported = views[0]
        record(log, session, reported.id, "in_progress", "李四", today=date(2024, 5, 20))
        ctx = StatusContext(log.current(), date(2024, 5, 20))
        chased = chases(log.current())
        assert chased(reported.id) and not chased(views[1].id) and bool(chased)
        assert ctx.of_view(reported) == "overdue", "April's report is owed in the notice reported on"
        assert ctx.of_view(views[1]) == "soon", "the other notice's duty is judged by the period holding the date"
        asked = answer(session, "哪些任务已经逾期", today=date(2024, 5, 20), progress=log.current())
        assert [a["id"] for a in asked.assignments if a["task"]["label"] == "1"] == [reported.id]
    finally:
        session.close()


def test_a_report_fills_the_period_owed(store, tmp_path):
    """A reviewer recorded 已办结 on 1 December for a 每月10日前 duty whose November report was missing: it counted
    for December (not due until the 10th), November stayed missed, and the card read 已办结 and 逾期 at once. A
    report that names no period is for the earliest period owed; sent twice, it is recorded once; named, 本期 is
    this period's."""
    import shutil

    from graph.supervision import AlreadyRecorded, record

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    log, session = Store(copy).progress(), Store(copy).open_graph()
    try:
        first = record(log, session, "1.1", "done", "李四", today=date(2024, 12, 1))
        assert first.period == date(2024, 11, 1), "November's, the one owed"
        ctx = StatusContext(log.current(), date(2024, 12, 1))
        view = next(x.a for page in ledger.pages(Store(copy).graph(), ctx) for x in page.lines if x.a.task == "任务1")
        assert ctx.of_view(view) == "soon" and ctx.due(view) == date(2024, 12, 10), "December's is due on the 10th"
        with pytest.raises(AlreadyRecorded):
            record(log, session, "1.1", "done", "李四", today=date(2024, 12, 1))
        assert len(log.events(first.assignment)) == 1
        december = record(log, session, "1.1", "done", "李四", note="12月报表", today=date(2024, 12, 1), period="本期")
        assert december.period == date(2024, 12, 1)
        assert StatusContext(log.current(), date(2024, 12, 1)).of_view(view) == "done"
        # nothing owed: the period its date falls in (January, the duty's first)
        other = record(log, session, "4.1", "done", "李四", today=date(2024, 7, 20))
        assert other.period is None
    finally:
        session.close()


@pytest.mark.neo4j
def test_neo4j_gives_the_same_days(store, contract, neo4j_uri, sample_graph):
    with neo4j_holding(Connection(neo4j_uri), store.graph(), sample_graph) as session:
        got = {a["task"]["label"]: a for a in contract_assignments(session)}
        asked = answer(session, "10天内到期的任务", today=date(2024, 5, 5))
    assert got == contract
    assert sorted(a["task"]["label"] for a in asked.assignments) == ["1", "2"]


# A county 督查室's notice: a one-off duty and a monthly report, the reviewer's 沂阳 case in words of our own.
MONTHLY_NOTICE = """莒南县人民政府督查室关于开展冬季消防安全检查的督办通知

莒南督字〔2026〕3号

各乡镇人民政府（街道办事处），县直有关部门：
现就冬季消防安全检查工作督办如下。
一、开展人员密集场所消防安全检查。（牵头单位：县消防救援大队；责任单位：县住建局；完成时限：2026年11月20日前）
二、报送检查进展。各责任单位每月25日前将工作进展报县政府督查室。（责任单位：县住建局、县应急局；完成时限：每月25日前）

莒南县人民政府督查室
2026年11月2日
"""


def test_a_monthly_duty_with_last_month_outstanding_is_on_this_month_s_ledger(tmp_path):
    """The reviewer's 沂阳 ledger: December's 督办台账 of 县住建局 left out the 每月25日前 report because November's
    was outstanding (the row was dated 2026-11-25 and filtered on that date alone), while Ask's 12月到期 listed it.
    A window holds a recurring duty when one of its periods falls due in it (graph/status.dates_in_window, Ask's
    rule too); the row shows December's date and still says November's is overdue."""
    store = notice_store(tmp_path, MONTHLY_NOTICE)
    rows = {label: a["id"] for label, a in contract_by_label(store).items()}
    report = rows["二"]
    # progress recorded on the notice (督办 in use): its monthly duty is chased; November's report never came
    progress = {rows["一"]: new_event(rows["一"], "in_progress", "李四", at=_at(date(2026, 11, 10)))}
    ctx = StatusContext(progress, date(2026, 12, 10))
    unit = "县住房城乡建设局"

    def rows_in(lo, hi):
        [page] = ledger.pages(store.graph(), ctx, unit, (lo, hi))
        return {x.a.id: x for x in page.lines}

    december = rows_in(date(2026, 12, 1), date(2026, 12, 31))
    assert report in december, "December's ledger holds the monthly duty"
    line = december[report]
    assert (line.due, line.category, line.overdue_days) == (date(2026, 12, 25), "overdue", 15)
    assert line.status == "逾期(2026-11-25 一期未办结)"
    assert rows["一"] not in december
    november = rows_in(date(2026, 11, 1), date(2026, 11, 30))
    assert (november[report].due, november[report].status) == (date(2026, 11, 25), "逾期")
    html = ledger.html(store.graph(), ctx, unit, (date(2026, 12, 1), date(2026, 12, 31)))
    assert "2026-12-25" in html and "逾期(2026-11-25 一期未办结)" in html
    # one rule with Ask: its 12月到期 holds the same duties of the unit
    asked_ids = {a["id"] for a in asked(store, "县住建局12月到期的任务", today=date(2026, 12, 10),
                                        progress=progress).assignments}
    assert asked_ids == set(december)
    # a duty done for November's period is judged by December's: the date shown is the one that counts
    done = new_event(report, "done", "李四", when=date(2026, 11, 24), at=_at(date(2026, 11, 24)))
    ctx = StatusContext({**progress, report: done}, date(2026, 12, 10))
    line = rows_in(date(2026, 12, 1), date(2026, 12, 31))[report]
    assert (line.due, line.counted, line.category, line.status) == (date(2026, 12, 25), date(2026, 12, 25), "soon",
                                                                     "30天内到期")
