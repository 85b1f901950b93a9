"""Recurring deadlines (每月, 每季度, 2024年每季度): parsed with their period, kept by the stored document, in
LadybugDB, a real Neo4j, RDF valid against the shapes, the JSON contract, an iCalendar RRULE read back and
expanded, the one colour rule (judged by the period holding the reference date), the ledger and Ask."""

from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, date, datetime

import msgspec
import pytest
from conftest import ROOT, asked, contract_by_label, neo4j_holding
from dateutil.rrule import rrulestr
from icalendar import Calendar
from openpyxl import load_workbook
from rdflib import Graph, Literal
from test_app import chart_rows, metric, record_progress, start, table_column

import ontology
from graph import analysis, exporters, ledger, rdf, recurrence
from graph.neo4j_store import Connection
from graph.progress import new_event
from graph.status import StatusContext, category, chases, days_overdue, of_contract
from graph.store import Store
from graph.supervision import record
from ingest.deadlines import _PERIODS, find_recurring, resolve_deadline
from ingest.errors import PolicyKGError
from ingest.model import RECURRENCE_PERIODS
from ingest.normalize import unspaced
from ingest.serialize import decode_document, encode_document
from ontology.terms import PKG, SH
from queries.ask import answer
from queries.contract import assignments as contract_assignments

DOCUMENT = ROOT / "tests" / "documents" / "recurring.txt"
IN_BODY = ROOT / "tests" / "documents" / "recurring_body.txt"  # recurring duties in the task text
# task label → (deadline text, period, end): as tests/documents/recurring.json reads them
RECURRING = {"1": ("每月", "month", None), "2": ("每季度", "quarter", None), "3": ("全年每月", "month", "2024-12-31"),
             "4": ("2024年每季度", "quarter", "2024-12-31"), "5": ("每半年", "half-year", None),
             "6": ("每年12月底前", "year", None)}
D = date


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("recurring") / "s")
    store.ingest_paths([DOCUMENT])
    return store


@pytest.fixture(scope="module")
def contract(store) -> dict[str, dict]:
    return contract_by_label(store)


# -- parsing ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "period", "start", "end"), [
    ("每月", "month", D(2024, 1, 1), None), ("每季度", "quarter", D(2024, 1, 1), None),
    ("每个季度", "quarter", D(2024, 1, 1), None), ("每半年", "half-year", D(2024, 1, 1), None),
    ("每年12月底前", "year", D(2024, 1, 1), None), ("每旬", "xun", D(2024, 1, 1), None),
    ("每月10日前", "month", D(2024, 1, 1), None), ("完成时限：每周", "week", D(2024, 1, 1), None),
    ("2024年每季度", "quarter", D(2024, 1, 1), D(2024, 12, 31)), ("全年每月", "month", D(2024, 1, 1), D(2024, 12, 31)),
    ("年内每季度", "quarter", D(2024, 1, 1), D(2024, 12, 31)), ("2025年内，每月", "month", D(2025, 1, 1), D(2025, 12, 31)),
])
def test_recurring_forms_resolve_with_their_period(text, period, start, end):
    got = resolve_deadline(text, 2024)
    assert (got.recurring, got.start, got.end, got.open_ended) == (period, start, end, end is None)


def test_prose_that_mentions_every_month_is_no_deadline():
    assert resolve_deadline("每月召开一次调度会议并形成会议纪要报送市政府", 2024) is None


@pytest.mark.parametrize(("text", "found"), [
    ("每月开展一次专项检查", ["每月"]), ("每月通报通关时效", ["每月"]), ("每月调度资金拨付进度", ["每月"]),
    ("按季度通报项目进展", ["按季度"]), ("按月报送", ["按月"]), ("每月10日前报送上月工作台账", ["每月10日前"]),
    ("每季度向市政府报送工作进展", ["每季度"]), ("每半年至少开展一次评估", ["每半年"]), ("全年每月调度", ["全年每月"]),
    ("2024年每季度组织一次会商", ["2024年每季度"]), ("每周调度重点企业用工情况", ["每周"]),
    ("每年组织培训不少于2期", ["每年"]),
    # a week's duty naming its weekday is weekly
    ("每周五调度项目进展", ["每周五"]), ("每周一前报送上周工作台账", ["每周一前"]), ("每周三集中开展巡查", ["每周三"]),
    # a target, an amount, a plan: no duty recurs
    ("每月新增城镇就业1000人", []), ("人均每月补贴500元", []), ("户均每年增收2000元", []), ("按年度计划推进", []),
    ("每季度GDP增长5%", []), ("按月发放补贴", []),
])
def test_a_recurring_duty_is_found_in_task_text_by_its_verb(text, found):
    assert [text[s:e] for s, e in find_recurring(text)] == found


@pytest.mark.parametrize(("text", "period"), [("按季度", "quarter"), ("按月", "month"), ("完成时限：按半年", "half-year")])
def test_a_period_said_with_per_is_recurring_too(text, period):
    got = resolve_deadline(text, 2024)
    assert (got.recurring, got.end) == (period, None)


def test_a_recurring_duty_in_the_task_text_is_the_deadline_where_the_attribution_gives_none(resources):
    from bench.parse_eval import parse_file

    doc = parse_file(IN_BODY, resources)
    got = {t.label: (a.deadline.text, a.deadline.recurring, a.deadline.in_task_text) if a.deadline else None
           for t, a in doc.assignments}
    assert got == {"1": ("每月", "month", True), "2": ("每月", "month", True), "3": ("按季度", "quarter", True),
                   "4": ("每月10日前", "month", True), "5": None, "6": None,
                   # a date in the text or a deadline in the attribution wins over a period in the text
                   "7": ("2025年9月底前", "", True), "8": ("2025年12月底前", "", False),
                   "9": ("每年", "year", True), "10": ("每周", "week", True)}
    for _, a in doc.assignments:
        assert a.deadline is None or unspaced(a.deadline.span.slice(doc.text)) == a.deadline.text


def test_a_duty_stated_in_a_sentence_takes_the_period_of_its_own_sentence_only(parse):
    doc = parse("关于明确2024年河湖管护各单位职责的通知\n现将各单位职责明确如下：\n区农业农村局负责全区河湖管护的统筹协调。\n"
                "区生态环境局要加强污水处理设施运维监管，按季度通报运行情况，负责督查黑臭水体整治。\n"
                "区水务局牵头，各街道按职责分工负责，每月开展一次河道巡查。\n")
    got = [((a.lead or a.responsible)[0].name, a.deadline and a.deadline.text)
           for _, a in doc.assignments]
    assert got == [("区农业农村局", None), ("区生态环境局", "按季度"), ("区水务局", "每月")]


def test_every_period_has_a_reading_a_rule_and_a_shape_value():
    assert set(recurrence.PERIOD_ZH) == set(recurrence.PERIOD_EN) == set(RECURRENCE_PERIODS)
    for period in RECURRENCE_PERIODS:
        assert recurrence.rrule(period, None)["freq"]
    shapes = Graph().parse(ontology.shapes_path(), format="turtle")
    (values,) = [list(shapes.items(lst)) for prop in shapes.subjects(SH.path, PKG.recurrence)
                 for lst in shapes.objects(prop, SH["in"])]
    assert sorted(str(v) for v in values) == sorted(RECURRENCE_PERIODS)
    assert set(_PERIODS.values()) == set(RECURRENCE_PERIODS), "the words name exactly the model's periods"
    with pytest.raises(ValueError, match="unknown recurrence period 'fortnight'"):
        recurrence.period_of("fortnight", D(2024, 1, 1))


@pytest.mark.parametrize(("period", "day", "expected"), [
    ("month", D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 29))),
    ("quarter", D(2024, 7, 15), (D(2024, 7, 1), D(2024, 9, 30))),
    ("quarter", D(2024, 12, 31), (D(2024, 10, 1), D(2024, 12, 31))),
    ("half-year", D(2024, 6, 30), (D(2024, 1, 1), D(2024, 6, 30))),
    ("year", D(2024, 5, 5), (D(2024, 1, 1), D(2024, 12, 31))),
    ("xun", D(2024, 2, 25), (D(2024, 2, 21), D(2024, 2, 29))), ("xun", D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 10))),
    ("week", D(2024, 7, 17), (D(2024, 7, 15), D(2024, 7, 21))),
])
def test_calendar_periods(period, day, expected):
    assert recurrence.period_of(period, day) == expected


def test_documents_stored_before_recurring_was_recorded_stay_readable(store):
    (path,) = (store.root / "documents").glob("*.json")
    raw = path.read_bytes()
    doc = decode_document(raw, "doc.json")
    assert decode_document(encode_document(doc), "again.json") == doc
    old = msgspec.json.decode(raw)
    for task in old["document"]["tasks"]:
        for a in task["assignments"]:
            if a.get("deadline"):
                a["deadline"].pop("recurring", None)
    older = decode_document(msgspec.json.encode(old), "old.json")
    assert {a.deadline.recurring for _t, a in older.assignments if a.deadline} == {""}
    assert {a.deadline.recurring for _t, a in doc.assignments if a.deadline} == {"", "month", "quarter", "half-year",
                                                                                 "year"}


# -- graph, contract, engines -------------------------------------------------------------------------------

def test_contract_deadline_says_the_period(contract):
    for label, (text, period, end) in RECURRING.items():  # owed from the notice's date, 15 January 2024
        assert contract[label]["deadline"] == {"text": text, "start": "2024-01-15", "end": end, "recurring": period}
    assert contract["7"]["deadline"]["recurring"] is None and contract["8"]["deadline"]["recurring"] is None


def test_ladybug_holds_the_period_and_does_not_call_it_open_ended(store):
    session = store.open_graph()
    try:
        rows = session.query("MATCH (a:Assignment) RETURN a.task_label, a.recurring, a.open_ended "
                             "ORDER BY a.order_key")[1]
    finally:
        session.close()
    assert [tuple(r) for r in rows] == [(label, RECURRING[label][1], False) for label in RECURRING] + \
        [("7", "", False), ("8", "", True)]


@pytest.mark.neo4j
def test_neo4j_gives_the_same_contract(store, contract, neo4j_uri, sample_graph):
    with neo4j_holding(Connection(neo4j_uri), store.graph(), sample_graph) as session:
        got = {a["task"]["label"]: a for a in contract_assignments(session)}
        quarterly = session.query("MATCH (a:Assignment) WHERE a.recurring = $p RETURN a.task_label "
                                  "ORDER BY a.task_label", {"p": "quarter"})[1]
        asked = answer(session, "每季度报送的任务", today=D(2024, 7, 15))
    assert got == contract
    assert [r[0] for r in quarterly] == ["2", "4"]
    assert sorted(a["task"]["label"] for a in asked.assignments) == ["2", "4"]


# -- RDF ----------------------------------------------------------------------------------------------------

def test_rdf_states_the_recurrence_and_conforms(store):
    g = rdf.to_rdf(store.graph())
    conforms, report, violations = rdf.validate(g)
    assert conforms, report
    assert violations == []
    periods = sorted(str(o) for o in g.objects(None, PKG.recurrence))
    assert periods == sorted(p for _t, p, _e in RECURRING.values())
    for interval in g.subjects(PKG.recurrence, None):
        assert (interval, PKG.openEnded, None) not in g
    assert len(list(g.subjects(PKG.openEnded, Literal(True)))) == 1  # 长期坚持 only


def test_shapes_refuse_an_unknown_period(store):
    g = rdf.to_rdf(store.graph())
    interval = next(g.subjects(PKG.recurrence, Literal("quarter")))
    g.remove((interval, PKG.recurrence, None))
    g.add((interval, PKG.recurrence, Literal("fortnight")))
    conforms, _report, violations = rdf.validate(g)
    assert not conforms
    assert {v["message"] for v in violations} == {
        "pkg:recurrence is at most one period: year, half-year, quarter, month, xun or week."}
    g.remove((interval, PKG.recurrence, None))
    conforms, _report, violations = rdf.validate(g)
    if any(True for _ in g.objects(interval, rdf.TIME.hasEnd)):
        assert conforms
    else:
        assert "Deadline has no end" in " ".join(v["message"] for v in violations)


# -- iCalendar ----------------------------------------------------------------------------------------------

def test_ics_has_one_recurring_event_per_recurring_deadline(store):
    cal = Calendar.from_ical(exporters.export("ics", store.graph()))
    assert str(cal["X-POLICYKG-SKIPPED-OPEN-ENDED"]) == "1" and str(cal["X-POLICYKG-SKIPPED-UNDATED"]) == "0"
    events = {str(ev["summary"]).split()[0]: ev for ev in cal.walk("VEVENT")}
    assert sorted(events) == [f"任务{n}" for n in "1234567"]
    assert "RRULE" not in events["任务7"] and events["任务7"].decoded("dtstart") == D(2024, 6, 30)

    def dates(ev, count=None):
        start = datetime.combine(ev.decoded("dtstart"), datetime.min.time())
        rule = rrulestr(ev["RRULE"].to_ical().decode(), dtstart=start)
        return [d.date() for d in (rule if count is None else rule[:count])]

    assert events["任务4"]["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYMONTHDAY=-1"
    assert dates(events["任务4"]) == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    assert dates(events["任务3"]) == [recurrence.period_of("month", D(2024, m, 1))[1] for m in range(1, 13)]
    assert dates(events["任务1"], 14)[-3:] == [D(2024, 12, 31), D(2025, 1, 31), D(2025, 2, 28)]
    assert dates(events["任务2"], 5) == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31),
                                       D(2025, 3, 31)]
    assert dates(events["任务5"], 3) == [D(2024, 6, 30), D(2024, 12, 31), D(2025, 6, 30)]
    assert dates(events["任务6"], 2) == [D(2024, 12, 31), D(2025, 12, 31)]
    assert "完成时限 Deadline: 每季度(↻ 周期 quarterly)" in str(events["任务2"]["description"])


# -- the colour rule ------------------------------------------------------------------------------------------

RECORDED = D(2024, 7, 2)


def event(state: str, when: date | None = None, at: date = RECORDED):
    return new_event("x", state, "tester", when=when, at=datetime.combine(at, datetime.min.time(), UTC))


QUARTERLY = {"recurring": "quarter", "due_start": D(2024, 1, 1)}


@pytest.mark.parametrize(("ref", "expected"), [
    (D(2023, 12, 1), "later"),  # before the document's year: the first quarter counts
    (D(2024, 4, 1), "later"),  # the first quarter has passed: not overdue, the second is due 30 June
    (D(2024, 5, 31), "soon"), (D(2024, 6, 30), "soon"), (D(2024, 7, 1), "later"), (D(2025, 2, 1), "later"),
])
def test_a_recurring_deadline_is_judged_by_the_period_holding_the_reference_date(ref, expected):
    assert category(None, True, ref, **QUARTERLY) == expected
    assert days_overdue(None, ref, **QUARTERLY) == 0
    assert category(None, True, ref) == "open"  # the same deadline not known to recur: no colour


def test_done_counts_for_the_period_it_was_done_in():
    ref = D(2024, 7, 15)
    assert category(None, True, ref, event("done", at=D(2024, 7, 2)), **QUARTERLY) == "done"
    assert category(None, True, ref, event("done", at=D(2024, 6, 28)), **QUARTERLY) == "later"
    # the completion date counts, not the day it was recorded
    assert category(None, True, ref, event("done", D(2024, 6, 30), at=D(2024, 7, 2)), **QUARTERLY) == "later"
    assert category(None, True, D(2024, 10, 1), event("done", D(2024, 9, 30)), **QUARTERLY) == "later"


def test_a_report_for_the_period_just_ended_does_not_make_this_period_done():
    """The second quarter's report made on 3 July counted as the third quarter's (a reviewer's supervision
    office saw Q3 green all summer): a report names its period when it is not the one its date falls in."""
    ref = D(2024, 7, 15)
    late = new_event("x", "done", "tester", when=D(2024, 7, 3), period=D(2024, 4, 1),
                     at=datetime.combine(D(2024, 7, 3), datetime.min.time(), UTC))
    assert category(None, True, ref, late, **QUARTERLY) == "later"
    assert category(None, True, D(2024, 6, 20), late, **QUARTERLY) == "done"  # as of June, Q2 was reported
    assert late.status_json()["period"] == "2024-04-01"
    assert "period" not in event("done", D(2024, 7, 3)).status_json()  # the contract is unchanged otherwise


def test_recording_a_report_period_is_checked_against_the_duty(store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    log, session = Store(copy).progress(), Store(copy).open_graph()
    try:
        late = record(log, session, "2.1", "done", "李四", when="2024-07-03", today=D(2024, 7, 10), period="上期")
        assert late.period == D(2024, 4, 1)
        # (a note of its own: the same report twice the same day is recorded once)
        named = record(log, session, "2.1", "done", "李四", "补充材料", when="2024-07-03", today=D(2024, 7, 10),
                       period="2024-05-20")
        assert named.period == D(2024, 4, 1)
        assert record(log, session, "2.1", "in_progress", "李四", today=D(2024, 7, 10), period="current").period \
            == D(2024, 7, 1)
        problems = {
            "7.1": "does not recur",  # a deadline of 2024-06-30, not a recurring one
            "2.1": "has not begun",
        }
        with pytest.raises(PolicyKGError, match=problems["7.1"]):
            record(log, session, "7.1", "done", "李四", when="2024-07-03", today=D(2024, 7, 10), period="上期")
        with pytest.raises(PolicyKGError, match=problems["2.1"]):
            record(log, session, "2.1", "done", "李四", when="2024-07-03", today=D(2024, 7, 10), period="2024-10-01")
        with pytest.raises(PolicyKGError, match="not one of this duty's"):
            record(log, session, "2.1", "done", "李四", when="2024-01-03", today=D(2024, 7, 10), period="上期")
        with pytest.raises(PolicyKGError, match="expected 上期"):
            record(log, session, "2.1", "done", "李四", when="2024-07-03", today=D(2024, 7, 10), period="last one")
        with pytest.raises(PolicyKGError, match="names its new deadline"):
            record(log, session, "2.1", "extension_requested", "李四", when="2024-10-15", today=D(2024, 7, 10),
                   period="上期")
    finally:
        session.close()
    assert [e.period for e in log.events()] == [D(2024, 4, 1), D(2024, 4, 1), D(2024, 7, 1)]


def test_the_cli_records_and_lists_a_report_period(store, tmp_path):
    from test_cli import run

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    out = run("progress", "set", "2.1", "--status", "已办结", "--date", "2024-07-03", "--period", "previous", "--by",
              "李四", store=copy)
    # one wording of a report's period everywhere (recurrence.report_period_words): the CLI's set and log too
    assert "(报告期 2024年第二季度 (2024 Q2))" in out.stdout
    logged = json.loads(run("progress", "log", "--json", store=copy).stdout)
    assert [e["period"] for e in logged] == ["2024-04-01"]
    assert "(报告期 2024年第二季度 (2024 Q2))" in run("progress", "log", store=copy).stdout
    wrong = run("progress", "set", "7.1", "--status", "已办结", "--period", "上期", "--by", "李四", store=copy,
                check=False)
    assert wrong.returncode != 0 and "does not recur" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_task_page_records_the_previous_periods_report(store, tmp_path, monkeypatch):
    from test_app import html_of

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "task", task="7", ref="2024-07-10")
    assert not at.radio, "a duty that does not recur has no report period"
    at = start(copy, monkeypatch, "task", task="2", ref="2024-07-10")
    at.radio(key="progress_period").set_value("上期 The previous period")
    at.text_input(key="progress_by").set_value("李四")
    at.button(key="progress_record").click().run()
    # with no date, 上期 is that of the page's reference date (10 July 2024), not of the server's clock
    [first] = Store(copy).progress().events()
    assert (first.state, first.period) == ("not_started", D(2024, 4, 1))
    assert "(报告期 2024年第二季度 (2024 Q2))" in at.success[0].value
    at.selectbox(key="progress_state").set_value("已办结")
    at.date_input(key="progress_date").set_value(D(2024, 7, 3))
    at.radio(key="progress_period").set_value("上期 The previous period")
    at.button(key="progress_record").click().run()
    assert not at.exception and not at.error, at.error
    logged = Store(copy).progress().events()[-1]
    assert (logged.state, logged.period) == ("done", D(2024, 4, 1))
    assert "(报告期 2024年第二季度 (2024 Q2))" in html_of(at)
    assert 'pk-status pk-status-done' not in html_of(at), "the second quarter's report leaves the third quarter due"


def test_the_task_page_offers_the_period_owed_first_and_this_period(store, tmp_path, monkeypatch):
    """The form's default was the period of the report's date, so 已办结 on 1 December went to a December not yet
    due while November was owed; it is now the period owed, and 本期 is said explicitly (of the page's date)."""
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "task", task="2", ref="2024-07-10")
    assert at.radio(key="progress_period").options == ["待报周期 The period owed", "本期 This period",
                                                       "上期 The previous period"]
    assert at.radio(key="progress_period").value == "待报周期 The period owed"
    at.radio(key="progress_period").set_value("本期 This period")
    at.text_input(key="progress_by").set_value("李四")
    at.button(key="progress_record").click().run()
    [first] = Store(copy).progress().events()
    assert first.period == D(2024, 7, 1), "this period of the page's date (10 July 2024), not the server's clock"


def test_each_period_is_judged_by_the_reports_made_for_it(store, tmp_path):
    """A reviewer's district office: September's report made on the 2nd, then August's on the 4th (上期), and
    ask found nothing done in September; a back-filled report undid the current period's everywhere."""
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    log, session = Store(copy).progress(), Store(copy).open_graph()
    try:
        # (本期 named: left to the rule, a report while August's is owed is August's: test_a_report_fills_the_period_owed)
        record(log, session, "1.1", "done", "李四", when="2024-09-02", today=D(2024, 9, 10), period="本期")
        record(log, session, "1.1", "done", "李四", when="2024-09-04", today=D(2024, 9, 10), period="上期")
        record(log, session, "2.1", "done", "李四", when="2024-07-20", today=D(2024, 9, 10), period="本期")
        record(log, session, "2.1", "done", "李四", when="2024-07-25", today=D(2024, 9, 10),
               period="2024年第二季度")  # a back-filled report for the second quarter
        current = log.current()
        ctx = StatusContext(current, D(2024, 9, 10))
        views = {x.a.task: x.a for page in ledger.pages(Store(copy).graph(), ctx) for x in page.lines}
        assert ctx.of_view(views["任务1"]) == "done" and ctx.of_view(views["任务2"]) == "done"
        assert "报告期 2024年8月 (2024-08)" in ctx.progress_line(views["任务1"])
        done = answer(session, "已办结的任务", today=D(2024, 9, 10), progress=current)
        shown = {a["task"]["label"]: a["status"] for a in done.assignments}
        assert set(shown) >= {"1", "2"}
        assert shown["1"]["date"] == "2024-09-02" and shown["1"].get("period") == "2024-09-01", \
            "the report that stands for now (本期, named)"
        # a report for a later period is no earlier period's: as of July, the October report was not made
        record(log, session, "6.1", "done", "李四", when="2025-01-05", today=D(2025, 1, 10), period="本期")
        assert StatusContext(log.current(), D(2024, 7, 10)).of_view(views["任务6"]) != "done"
        # and 2025's report made on 5 January leaves 2024's outstanding: overdue since the year's end (chased)
        assert StatusContext(log.current(), D(2025, 1, 10)).of_view(views["任务6"]) == "overdue"
    finally:
        session.close()


@pytest.mark.parametrize(("typed", "first"), [
    ("上季度", D(2024, 4, 1)), ("上個月", D(2024, 4, 1)), ("2024年第二季度", D(2024, 4, 1)), ("二季度", D(2024, 4, 1)),
    ("2024-05", D(2024, 4, 1)), ("2024年5月", D(2024, 4, 1)), ("本季度", D(2024, 7, 1)),
])
def test_a_report_period_is_typed_as_people_write_it(store, tmp_path, typed, first):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    session = Store(copy).open_graph()
    try:
        event = record(Store(copy).progress(), session, "2.1", "done", "李四", when="2024-07-03",
                       today=D(2024, 7, 10), period=typed)
    finally:
        session.close()
    assert event.period == first


def test_an_extension_within_the_period_can_make_it_overdue():
    ref = D(2024, 7, 15)
    assert category(None, True, ref, event("extension_requested", D(2024, 7, 10)), **QUARTERLY) == "overdue"
    assert days_overdue(None, ref, event("extension_requested", D(2024, 7, 10)), **QUARTERLY) == 5
    assert category(None, True, ref, event("extension_requested", D(2024, 6, 10)), **QUARTERLY) == "later"


def test_a_bounded_recurrence_that_ended_is_judged_by_its_last_day():
    bounded = {"recurring": "quarter", "due_start": D(2024, 1, 1)}
    end = D(2024, 12, 31)
    assert category(end, True, D(2024, 12, 31), **bounded) == "soon"
    assert category(end, True, D(2025, 1, 10), **bounded) == "overdue"
    assert days_overdue(end, D(2025, 1, 10), **bounded) == 10
    assert category(end, True, D(2025, 1, 10), event("done", D(2024, 12, 20)), **bounded) == "done"


def test_the_contract_and_the_view_get_the_same_colour(store, contract):
    views = {a.task: a for a in analysis.assignments(store.graph())}
    for ref in (D(2024, 4, 1), D(2024, 6, 20), D(2025, 1, 10)):
        ctx = StatusContext({}, ref)
        for label, a in contract.items():
            assert of_contract(a, ref) == ctx.of_view(views[f"任务{label}"]), (label, ref)
    assert of_contract(contract["2"], D(2024, 4, 1)) == "later"
    assert of_contract(contract["4"], D(2025, 1, 10)) == "overdue"
    assert of_contract(contract["8"], D(2025, 1, 10)) == "open"


def test_the_ledger_shows_the_period_due_and_no_overdue_days(store):
    ctx = StatusContext({}, D(2024, 9, 5))
    lines = {x.a.task: x for page in ledger.pages(store.graph(), ctx) for x in page.lines}
    assert (lines["任务2"].due, lines["任务2"].category, lines["任务2"].overdue_days) == (D(2024, 9, 30), "soon", 0)
    assert (lines["任务5"].due, lines["任务5"].category) == (D(2024, 12, 31), "later")
    assert (lines["任务7"].category, lines["任务7"].overdue_days) == ("overdue", 67)
    html = ledger.html(store.graph(), ctx)
    assert "每季度(↻ 周期 quarterly)" in html and "2024-09-30" in html


def test_a_returned_ledger_names_the_period_a_row_reports_on(store, tmp_path):
    """The ledger's 报告期 column (recurring rows only) carries a unit's report for the period just ended."""
    from openpyxl import load_workbook as load

    from graph.supervision import apply_import

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    sheet = exporters.export("ledger-xlsx", Store(copy).graph(), status=StatusContext({}, D(2024, 7, 10)),
                             unit="市财政局")
    wb = load(io.BytesIO(sheet))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[ledger.HEADER_ROW]]
    assert header[-1] == ledger.PERIOD_COLUMN
    col = {name: i for i, name in enumerate(header)}
    rows = {r[col["任务"]].value: r for r in ws.iter_rows(min_row=ledger.HEADER_ROW + 1)}
    assert rows["任务4.1"][col["报告期"]].fill.fgColor.rgb.endswith("FFF8DC"), "a recurring row takes a period"
    for label, period in (("任务4.1", "上期"),):
        r = rows[label]
        r[col["填报状态"]].value, r[col["填报日期"]].value, r[col["报告期"]].value = "已办结", "2024-07-03", period
    buf = io.BytesIO()
    wb.save(buf)
    returned = ledger.read_returned(buf.getvalue(), "back.xlsx")
    assert [r.period for r in returned] == ["上期"]
    session = Store(copy).open_graph()
    try:
        events, _, _ = apply_import(Store(copy).progress(), session, returned, "李四", today=D(2024, 7, 10))
    finally:
        session.close()
    assert [(e.state, e.period) for e in events] == [("done", D(2024, 4, 1))]
    # a ledger issued before the column existed is read as before
    ws.delete_cols(col["报告期"] + 1)
    old = io.BytesIO()
    wb.save(old)
    assert [r.period for r in ledger.read_returned(old.getvalue(), "old.xlsx")] == [None]


def test_a_ledger_in_a_duty_s_first_period_offers_no_earlier_period(store):
    """In the duty's first period (a quarterly duty of 2024, read in February 2024) there is no 上期 to report
    for: the row's 报告期 is no input and takes no list; in July it does."""
    from openpyxl import load_workbook as load

    def period_cell(ref):
        ws = load(io.BytesIO(exporters.export("ledger-xlsx", store.graph(), status=StatusContext({}, ref),
                                              unit="市财政局"))).worksheets[0]
        header = [c.value for c in ws[ledger.HEADER_ROW]]
        col = {name: i for i, name in enumerate(header)}
        row = next(r for r in ws.iter_rows(min_row=ledger.HEADER_ROW + 1) if r[col["任务"]].value == "任务4.1")
        cell = row[col["报告期"]]
        listed = any(cell.coordinate in dv.sqref for dv in ws.data_validations.dataValidation
                     if dv.formula1 == '"上期,本期"')
        return (cell.fill.fgColor.rgb or "").endswith("FFF8DC"), listed

    assert period_cell(D(2024, 2, 10)) == (False, False)
    assert period_cell(D(2024, 7, 10)) == (True, True)

    def instructions(ref):
        ws = load(io.BytesIO(exporters.export("ledger-xlsx", store.graph(), status=StatusContext({}, ref),
                                              unit="市财政局"))).worksheets[0]
        listed = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == '"上期,本期"']
        return ws["A3"].value, bool(listed)

    february, july = instructions(D(2024, 2, 10)), instructions(D(2024, 7, 10))
    assert february[1] is False and "上期" not in february[0], "no row offers 上期: the instructions do not explain it"
    assert july[1] is True and "选择“上期”" in july[0]
    assert "请勿改动" in february[0] and "已办结填办结日期" in february[0]


def test_the_same_words_in_a_later_period_are_a_new_report(store, tmp_path):
    """A monthly duty's 已办结 worded as last month's is this month's report, not a repeat of last month's (a
    returned ledger dropped it as unchanged); the same row returned twice in one period is recorded once."""
    from graph.supervision import Row, apply_import, targets

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    log = Store(copy).progress()
    session = Store(copy).open_graph()
    try:
        duty = next(t for t in targets(session).values() if t.label == "1.1")
        assert duty.recurring == "month"
        log.record([new_event(duty.id, "done", "李四", "已报送", at=datetime(2024, 3, 5, tzinfo=UTC))], checked=False)
        row = Row("back.xlsx 市工业和信息化局!7", duty.id, "已办结", "已报送", None)
        recorded, unchanged, _ = apply_import(log, session, [row], "李四")
        assert (len(recorded), unchanged) == (1, []), "a later month's report is recorded"
        recorded, unchanged, _ = apply_import(log, session, [row], "李四")
        assert (recorded, unchanged) == ([], ["back.xlsx 市工业和信息化局!7"]), "the same period's is not recorded twice"
    finally:
        session.close()


def test_the_same_report_twice_the_same_day_is_recorded_once(store, tmp_path):
    """A form sent twice or a command run again records nothing new, and says so; another note is a new report."""
    from test_cli import run

    from graph.supervision import AlreadyRecorded

    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    args = ("progress", "set", "7.1", "--status", "推进中", "--note", "已开工", "--by", "李四")
    assert run(*args, store=copy).stdout.startswith("recorded:")
    again = run(*args, store=copy)
    assert again.returncode == 0 and "already recorded" in again.stdout and "nothing new" in again.stdout
    assert len(Store(copy).progress().events()) == 1
    session = Store(copy).open_graph()
    try:
        with pytest.raises(AlreadyRecorded):
            record(Store(copy).progress(), session, "7.1", "推进中", "李四", "已开工")
        record(Store(copy).progress(), session, "7.1", "推进中", "李四", "已完成主体施工")
    finally:
        session.close()
    assert [e.note for e in Store(copy).progress().events()] == ["已开工", "已完成主体施工"]


# -- Ask --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "labels", "reading"), [
    ("每季度报送的任务", ["2", "4"], "期限:周期性(每季度)"),
    ("每月调度的任务有哪些", ["1", "3"], "期限:周期性(每月)"),
    ("市工业和信息化局牵头的周期性任务", ["1", "3", "6"], "期限:周期性(任意周期)"),
    ("recurring tasks", ["1", "2", "3", "4", "5", "6"], "deadline: recurring (any period)"),
    ("which quarterly tasks does 市财政局 lead", ["4"], "deadline: recurring (quarterly)"),
    ("每半年开展一次的任务", ["5"], "期限:周期性(每半年)"),
])
def test_ask_reads_recurring_duties(store, question, labels, reading):
    result = asked(store, question, today=D(2024, 7, 15))
    assert sorted(a["task"]["label"] for a in result.assignments) == labels
    assert reading in result.spec.reading
    assert not result.spec.unread and not result.warnings
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str))
    assert all(a["deadline"]["recurring"] for a in data["assignments"])


def test_ask_finds_a_duty_whose_period_is_written_in_its_text(tmp_path):
    store = Store(tmp_path / "s")
    store.ingest_paths([IN_BODY])
    session = store.open_graph()
    try:
        result = answer(session, "每月调度的任务有哪些", today=D(2025, 7, 15))
    finally:
        session.close()
    assert sorted(a["task"]["label"] for a in result.assignments) == ["1", "2", "4"]


@pytest.mark.parametrize(("extended_to", "ref", "overdue"), [
    # dated in an earlier quarter, the colour rule ignores it; and with progress recorded the third quarter's
    # report is outstanding on 1 October (the period just ended is chased): overdue
    (D(2024, 5, 15), D(2024, 10, 1), True),
    (D(2024, 10, 5), D(2024, 10, 10), True),  # inside the quarter holding the date, and passed
    (D(2024, 11, 20), D(2024, 10, 10), False),  # inside it, not yet passed
])
def test_asking_what_is_overdue_judges_a_recurring_duty_as_its_colour_does(store, contract, extended_to, ref,
                                                                             overdue):
    quarterly = contract["4"]  # 2024年每季度, 市财政局
    progress = {quarterly["id"]: new_event(quarterly["id"], "extension_requested", "tester", when=extended_to,
                                           at=datetime.combine(ref, datetime.min.time(), UTC))}
    assert (of_contract(quarterly, ref, progress[quarterly["id"]], chase=chases(progress)) == "overdue") is overdue
    session = store.open_graph()
    try:
        result = answer(session, "哪些任务已经逾期", today=ref, progress=progress)
    finally:
        session.close()
    assert ("4" in {a["task"]["label"] for a in result.assignments}) is overdue


@pytest.mark.parametrize(("done_on", "ref", "done_now"), [
    (D(2024, 9, 30), D(2024, 12, 1), False),  # done for the third quarter: the fourth is open
    (D(2024, 11, 20), D(2024, 12, 1), True),  # done within the quarter holding the date
])
def test_asking_what_is_done_counts_a_recurring_duty_done_in_its_period_only(store, contract, done_on, ref,
                                                                             done_now):
    """Ask counted a quarterly duty done in September as done in December ("已办结的任务" listed it; "还有哪些
    没办完" left it out) while the ledger and the Deadlines page showed it due: done in March is not done in
    April, in every answer."""
    quarterly = contract["4"]  # 2024年每季度, 市财政局
    progress = {quarterly["id"]: new_event(quarterly["id"], "done", "tester", when=done_on,
                                           at=datetime.combine(done_on, datetime.min.time(), UTC))}
    assert (of_contract(quarterly, ref, progress[quarterly["id"]]) == "done") is done_now
    session = store.open_graph()
    try:
        done = answer(session, "已办结的任务", today=ref, progress=progress)
        open_ = answer(session, "市财政局还有哪些没办完", today=ref, progress=progress)
    finally:
        session.close()
    assert ("4" in {a["task"]["label"] for a in done.assignments}) is done_now
    assert ("4" in {a["task"]["label"] for a in open_.assignments}) is not done_now
    shown = [a["status"] for a in open_.assignments + done.assignments if a["task"]["label"] == "4"]
    assert all((s is not None) is done_now for s in shown), "an earlier period's record is not shown as now"


# -- the app ----------------------------------------------------------------------------------------------------

def test_deadlines_page_shows_recurring_duties_as_recurring_never_overdue(store, tmp_path, monkeypatch):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "deadlines", ref="2024-04-10")
    counts = {key: metric(at, label) for key, label in (("overdue", "逾期"), ("soon", "30天内"), ("later", "未到期"),
                                                        ("open", "长期"), ("done", "已办结"))}
    assert counts == {"overdue": "0", "soon": "2", "later": "5", "open": "1", "done": "0"}
    assert "不因上一周期已过而逾期" in " ".join(c.value for c in at.caption)
    rows = dict(zip(table_column(at, 0), table_column(at, 0, "pk-c-due"), strict=True))
    assert rows["2.1"] == "每季度(↻ 周期 quarterly)" and rows["4.1"] == "2024年每季度(↻ 周期 quarterly)(至 2024-12-31)"
    assert rows["8.1"] == "长期坚持(长期 open-ended)"
    due = dict(zip(table_column(at, 0), table_column(at, 0, "pk-c-date"), strict=True))
    assert (due["1.1"], due["2.1"], due["7.1"]) == ("↻ 2024-04-30", "↻ 2024-06-30", "2024-06-30")
    # ordered and charted by the date that counts (the period's end), as their colour is: a reviewer found
    # monthly duties due within 30 days listed after next year's and missing from their month's bar
    dated = [d.removeprefix("↻ ")[:10] for d in table_column(at, 0, "pk-c-date") if d[:1] in "↻2"]
    assert dated == sorted(dated)
    bars = {(r["月份 Month"], r["状态 Status"]): r["分工 Assignments"] for r in chart_rows(at)}
    assert bars[("2024-04", "30天内到期 Due ≤ 30 days")] == 2
    made = {"today": D(2024, 4, 10), "at": D(2024, 4, 10)}  # recorded by the reference date, so they count there
    record_progress(copy, ("1.1", "done", "李四", {"when": "2024-04-05", "period": "本期", **made}),  # April's report
                    # (left to the rule, it would be March's, owed)
                    ("1.1", "done", "李四", {"when": "2024-04-06", "period": "上期", **made}))  # March's, made in April
    at = start(copy, monkeypatch, "deadlines", ref="2024-04-10", status="done")
    assert table_column(at, 0) == ["1.1"]
    at = start(copy, monkeypatch, "deadlines", ref="2024-05-02")  # a new month: April's report is not May's
    assert metric(at, "已办结") == "0"
    # once progress is recorded, a period just ended without its report is chased (review 8): 1.1 reported
    # April and is due at May's end; 3.1 (全年每月) reported nothing for April and is overdue since 30 April
    due = dict(zip(table_column(at, 0), table_column(at, 0, "pk-c-date"), strict=True))
    assert due["1.1"] == "↻ 2024-05-31" and due["3.1"] == "↻ 2024-04-30"
    at = start(copy, monkeypatch, "deadlines", ref="2024-05-02", status="overdue")
    assert "3.1" in table_column(at, 0) and "1.1" not in table_column(at, 0)
    assert "上一周期未报已办结的即为逾期" in " ".join(c.value for c in at.caption), "the page says the rule it judges by"


def test_asking_what_is_overdue_chases_a_period_just_ended(store, contract):
    """"哪些任务已经逾期" as the colours say once progress is recorded: the quarterly duty 2 never reported is
    overdue on 8 October (the third quarter's report is outstanding); with no progress in the store it is not."""
    quarterly = contract["2"]  # 每季度, no end
    reported = contract["7"]  # a one-off duty with a report: the store records progress
    progress = {reported["id"]: new_event(reported["id"], "in_progress", "tester",
                                          at=datetime(2024, 6, 1, tzinfo=UTC))}
    session = store.open_graph()
    try:
        chased = answer(session, "哪些任务已经逾期", today=D(2024, 10, 8), progress=progress)
        plain = answer(session, "哪些任务已经逾期", today=D(2024, 10, 8), progress={})
    finally:
        session.close()
    assert "2" in {a["task"]["label"] for a in chased.assignments}
    assert "2" not in {a["task"]["label"] for a in plain.assignments}
    assert of_contract(quarterly, D(2024, 10, 8), None, chase=True) == "overdue"


def test_a_missed_period_is_overdue_once_progress_is_recorded():
    """A district office's ledger showed a quarterly duty with no third-quarter report as 未到期 on 8 October
    (review 8). Chased (a store recording progress): overdue since the period's end until its report is made;
    an analyst's store (no progress) judges by the period holding the date, as before."""
    ref = D(2024, 10, 8)
    q2 = new_event("x", "done", "tester", when=D(2024, 7, 3), period=D(2024, 4, 1),
                   at=datetime.combine(D(2024, 7, 3), datetime.min.time(), UTC))
    assert category(None, True, ref, q2, **QUARTERLY) == "later"  # not chased
    assert category(None, True, ref, q2, **QUARTERLY, chase=True) == "overdue"
    assert days_overdue(None, ref, q2, **QUARTERLY, chase=True) == 8
    assert category(None, True, ref, None, **QUARTERLY, chase=True) == "overdue"  # never reported: the same
    q3 = new_event("x", "done", "tester", when=D(2024, 9, 28), at=datetime.combine(D(2024, 9, 28), datetime.min.time(), UTC))
    assert category(None, True, ref, q3, **QUARTERLY, chase=True) == "later"  # reported: due at the year's end
    assert category(None, True, D(2024, 2, 1), None, **QUARTERLY, chase=True) == "later"  # the first period
    extended = new_event("x", "extension_requested", "tester", when=D(2024, 10, 20),
                         at=datetime.combine(D(2024, 10, 2), datetime.min.time(), UTC))
    assert category(None, True, ref, extended, **QUARTERLY, chase=True) == "soon"  # the report's new date


def test_units_page_counts_recurring_duties_apart_from_open_ended_ones(store, tmp_path, monkeypatch):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "units", unit="市工业和信息化局")
    captions = " ".join(c.value for c in at.caption)
    assert "另有 1 项长期/无截止" in captions and "3 项周期性" in captions


def test_brief_and_workbook_name_recurring_duties_as_recurring(store):
    graph = store.graph()
    brief = exporters.export("md", graph, unit="市工业和信息化局").decode()
    headings = [line for line in brief.splitlines() if line.startswith("### ")]
    assert headings == ["### 全年每月(↻ 周期 monthly)(至 2024-12-31)", "### 每年12月底前(↻ 周期 yearly)",
                        "### 每月(↻ 周期 monthly)", "### 长期/持续(长期坚持)", "### 每季度(↻ 周期 quarterly)"]
    assert "未注明时限" not in brief
    sheet = load_workbook(io.BytesIO(exporters.export("xlsx", graph)))["按月截止 Deadlines by month"]
    rows = {r[3]: r[:3] for r in sheet.iter_rows(min_row=2, values_only=True) if r[3]}  # by the duty's name: 2.1
    assert rows["2.1"] == ("周期 Recurring", "↻ 每季度", "每季度(↻ 周期 quarterly)")
    assert rows["4.1"] == ("周期 Recurring", "↻ 每季度 至 2024-12-31", "2024年每季度(↻ 周期 quarterly)")
    assert rows["8.1"] == ("长期/持续 Open-ended", "长期 Open-ended", "长期坚持")


def test_a_weekday_after_a_week_is_weekly_and_a_count_after_it_is_no_weekday():
    got = resolve_deadline("每周五", 2024)
    assert (got.recurring, got.end) == ("week", None)
    assert find_recurring("每周一次调度项目") == []  # 一次 counts times; no weekday, and no verb right after 每周
