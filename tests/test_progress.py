"""Supervision (督办): the progress event log outside the graph, the one colour rule, recording and importing
progress with every row checked, status in answers (LadybugDB and a real Neo4j), the ledger and the exports."""

import io
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import SAMPLE
from openpyxl import load_workbook

from graph import exporters, ledger
from graph.progress import Event, ProgressLog, new_event, parse_state
from graph.status import STATUS, StatusContext, category, days_overdue, light, of_contract
from graph.store import Store
from graph.supervision import ImportRejected, Row, apply_import, record, targets
from ingest.errors import PolicyKGError, StoreError
from queries.ask import answer

REF = date(2024, 10, 1)
TODAY = date(2026, 1, 1)  # the day progress is reported: after the sample's year, so its dates are in range


@pytest.fixture()
def store(sample_store, tmp_path):
    """A private copy of the sample store, to record progress in."""
    shutil.copytree(sample_store.root, tmp_path / "s")
    return Store(tmp_path / "s")


def labels(result) -> set[str]:
    return {f"{a['task']['label']}.{a['seq']}" for a in result.assignments}


def overdue_labels(store: Store, ref: date = REF) -> set[str]:
    session = store.open_graph()
    try:
        return labels(answer(session, "哪些任务已经逾期", today=ref, progress=store.progress().current()))
    finally:
        session.close()


def mark(store: Store, reference: str, state: str, by: str = "张三", when=None, note: str = "") -> Event:
    session = store.open_graph()
    try:
        return record(store.progress(), session, reference, state, by, note, when, today=TODAY)
    finally:
        session.close()


# -- the colour rule ---------------------------------------------------------------------------------------

def event(state: str, when: date | None = None) -> Event:
    return new_event("x", state, "tester", when=when)


@pytest.mark.parametrize(("due", "expected"), [
    (REF - timedelta(days=1), "overdue"), (REF, "soon"), (REF + timedelta(days=30), "soon"),
    (REF + timedelta(days=31), "later"), (None, "open")])
def test_colour_at_boundary_dates(due, expected):
    assert category(due, True, REF) == expected
    assert category(due, True, REF, event("in_progress")) == expected
    assert light(expected) == {"overdue": "red", "soon": "yellow", "later": "green", "open": None}[expected]
    assert expected in STATUS


def test_done_is_green_whatever_the_date_and_an_extension_uses_its_new_date():
    long_ago = REF - timedelta(days=400)
    assert category(long_ago, True, REF, event("done")) == "done"
    assert days_overdue(long_ago, REF, event("done")) == 0
    assert category(long_ago, True, REF, event("extension_requested", REF)) == "soon"
    assert category(long_ago, True, REF, event("extension_requested", REF - timedelta(days=1))) == "overdue"
    assert days_overdue(long_ago, REF, event("extension_requested", REF - timedelta(days=3))) == 3
    assert category(REF + timedelta(days=60), True, REF, event("extension_requested", REF - timedelta(days=1))) \
        == "overdue"
    assert category(None, False, REF) == "none" and category(None, False, REF, event("done")) == "done"
    contract = {"deadline": {"text": "2024年9月", "start": "2024-09-01", "end": "2024-09-30"}}
    assert of_contract(contract, REF) == "overdue" and of_contract(contract, date(2024, 9, 30)) == "soon"


def test_state_names_in_chinese_and_english():
    assert [parse_state(s) for s in ("未启动", "推进中", "已办结", "延期申请", "暂缓")] == \
        ["not_started", "in_progress", "done", "extension_requested", "on_hold"]
    assert parse_state("DONE") == "done" and parse_state("extension_requested") == "extension_requested"
    # a returned ledger or a Traditional-character office writes 推進中, 已辦結 (refused as "unknown status")
    assert [parse_state(s) for s in ("推進中", "已辦結", "延期申請", "暫緩")] == \
        ["in_progress", "done", "extension_requested", "on_hold"]
    with pytest.raises(PolicyKGError, match="unknown status 'finished'; valid: .*已办结"):
        parse_state("finished")


# -- the event log -----------------------------------------------------------------------------------------

def test_the_log_is_append_only_and_a_correction_is_a_new_event(tmp_path):
    log = ProgressLog(tmp_path / "progress")
    first = new_event("a/1", "done", "张三", "写错了", date(2024, 9, 20))
    log.record([first])
    log.record([new_event("a/1", "in_progress", "张三", "更正:尚在推进")])
    raw = log.path.read_bytes()
    assert raw.count(b"\n") == 2
    assert [e.state for e in log.events()] == ["done", "in_progress"]
    assert log.events()[0] == first  # the first event is kept as it was
    assert log.current()["a/1"].state == "in_progress"
    assert ProgressLog(log.folder).events("a/1") == log.events()  # another reader sees the same


def test_a_name_is_required_and_a_damaged_line_is_reported(tmp_path):
    with pytest.raises(PolicyKGError, match="needs a name"):
        new_event("a/1", "done", "  ")
    log = ProgressLog(tmp_path / "progress")
    log.record([new_event("a/1", "done", "张三")])
    with open(log.path, "ab") as f:
        f.write(b'{"assignment": "a/2", "state": "done"}\n')
    with pytest.raises(StoreError, match=r"events.jsonl:2: not a progress event"):
        ProgressLog(log.folder).events()


def test_the_log_survives_reingest_rebuild_and_removal(store):
    mark(store, "19.2", "已办结", when="2024-09-20")
    before = store.progress().events()
    store.ingest_paths([SAMPLE])  # the same document again
    store.rebuild()  # a full rebuild
    for name in ("documents", "sources", "graph.lbug", "graph.schema"):  # removal: all but the progress folder
        path = store.root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    again = Store(store.root)
    assert again.progress().events() == before
    assert again.ingest_paths([SAMPLE])[0].added
    assert again.progress().events() == before
    assert "19.2" not in overdue_labels(again)


# -- recording against the store ----------------------------------------------------------------------------

def test_recording_checks_the_assignment_the_state_and_the_date(store):
    with pytest.raises(PolicyKGError, match="unknown assignment '99.9'"):
        mark(store, "99.9", "done")
    with pytest.raises(PolicyKGError, match="unknown status"):
        mark(store, "19.2", "finished")
    with pytest.raises(PolicyKGError, match="out of range: expected 2024-01-01 to 2026-01-01"):
        mark(store, "19.2", "done", when="2026-01-02")
    with pytest.raises(PolicyKGError, match="new deadline 2024-08-31 is out of range"):
        mark(store, "19.2", "延期申请", when="2024-08-31")
    with pytest.raises(PolicyKGError, match="not a date of the form YYYY-MM-DD"):
        mark(store, "19.2", "done", when="2024-9-31")
    with pytest.raises(PolicyKGError, match="^延期申请须以新的期限为日期;.*needs the new deadline as its date"):
        mark(store, "19.2", "延期申请")  # the page shows it as it is: its Chinese beside it
    assert store.progress().events() == []
    recorded = mark(store, "0f7309a939e3b6bf/t19/2", "done", when="2024-09-20")
    assert recorded.assignment == "0f7309a939e3b6bf/t19/2" and recorded.at.tzinfo == UTC


def test_goal_overdue_means_due_and_not_done(store):
    before = overdue_labels(store)
    assert {"19.2", "21.2", "保障措施.3"} <= before
    mark(store, "19.2", "已办结", when="2024-09-20")
    after = overdue_labels(store)
    assert after == before - {"19.2"}
    session = store.open_graph()
    try:
        due = {f"{t.label}" for t in targets(session).values() if t.due_end and t.due_end < REF}
    finally:
        session.close()
    assert after == due - {"19.2"}  # everything due before October that is not done


def test_an_extension_is_overdue_by_its_new_date(store):
    mark(store, "21.2", "延期申请", when="2024-12-31")
    mark(store, "14.2", "延期申请", when="2024-12-31")  # due 2024-11 originally
    assert "21.2" not in overdue_labels(store)
    assert "14.2" in overdue_labels(store, date(2025, 1, 1))
    assert "14.2" not in overdue_labels(store, date(2024, 12, 31))


def test_an_extension_moves_the_duty_to_its_new_month_in_every_answer(store, monkeypatch):
    """An extension's new date was used by the ledger only: "9月到期" still listed a duty extended to October,
    "10月到期" left it out, the calendar kept the printed day and the Deadlines page showed the printed date
    beside a status judged by the new one. One date counts everywhere: the extension's."""
    from graph.exporters import export
    from graph.status import StatusContext

    mark(store, "19.2", "延期申请", when="2024-10-20")  # printed: 2024年9月底前
    session = store.open_graph()
    current = store.progress().current()
    try:
        september = answer(session, "9月到期的任务", today=REF, progress=current)
        october = answer(session, "10月到期的任务", today=REF, progress=current)
        plain = answer(session, "9月到期的任务", today=REF)
    finally:
        session.close()
    assert "19.2" in labels(plain) and "19.2" not in labels(september) and "19.2" in labels(october)
    assert labels(september) == labels(plain) - {"19.2"}
    status = StatusContext(current, REF, TODAY)
    calendar = export("ics", store.graph(), unit="市工业和信息化局", status=status).decode("utf-8")
    from graph import analysis
    from graph.calendar import uids

    views = analysis.assignments(store.graph())
    uid = uids(store.graph(), views)[next(a.id for a in views if a.id.endswith("19/2"))]
    event = next(e for e in calendar.split("BEGIN:VEVENT")[1:] if f"UID:{uid}" in e)
    assert "DTSTART;VALUE=DATE:20241020" in event and "延期至 Extended to: 2024-10-20" in event.replace("\r\n ", "")
    from app_pages.deadlines import due_cell

    [flagship] = [a for a in october.assignments if f"{a['task']['label']}.{a['seq']}" == "19.2"]
    assert due_cell(flagship, REF, current[flagship["id"]]).startswith("2024-10-20 (延期 extended; 原 was 2024-09-30")


def test_status_in_answers_and_questions_about_progress(store):
    mark(store, "19.2", "done", when="2024-09-20", note="计划已印发")
    mark(store, "8.1", "推进中")
    session = store.open_graph()
    current = store.progress().current()
    try:
        done = answer(session, "已办结的任务", today=REF, progress=current)
        open_ = answer(session, "市财政局还有哪些没办完", today=REF, progress=current)
        in_progress = answer(session, "which tasks are in progress", today=REF, progress=current)
        every = answer(session, "市财政局牵头哪些任务?", today=REF, progress=current)
    finally:
        session.close()
    assert labels(done) == {"19.2"} and "进展:已办结" in done.spec.reading
    status = done.assignments[0]["status"]
    assert status["state"] == "done" and status["date"] == "2024-09-20" and status["by"] == "张三"
    assert status["note"] == "计划已印发" and set(status) == {"state", "note", "date", "by", "at"}
    assert labels(open_) == labels(every) and "8.1" in labels(open_)
    assert labels(in_progress) == {"8.1"}
    assert all(a["status"] is None for a in every.assignments if a["task"]["label"] != "8")


@pytest.mark.parametrize("question", ["市工业和信息化局完成了哪些任务", "what has 市工业和信息化局 completed",
                                      "how many tasks has 市工业和信息化局 finished", "which tasks are finished",
                                      "which tasks are completed"])
def test_completed_asks_what_is_done(store, question):
    """完成了 / "has X completed" / "are finished" were read as nothing: the answer listed every duty of the
    unit, done or not, without a word. "Completed by September" still asks a deadline."""
    mark(store, "19.2", "done", when="2024-09-20")
    session = store.open_graph()
    current = store.progress().current()
    try:
        done = answer(session, question, today=REF, progress=current)
        by_date = answer(session, "which tasks of 市工业和信息化局 must be completed by September", today=REF,
                         progress=current)
    finally:
        session.close()
    assert labels(done) == {"19.2"} and done.spec.states == ("done",)
    assert by_date.spec.states == () and len(labels(by_date)) > 1


@pytest.mark.neo4j
def test_status_when_answering_from_neo4j(store, neo4j_sample):
    mark(store, "19.2", "已办结", when="2024-09-20")
    current = store.progress().current()
    on_neo4j = answer(neo4j_sample, "哪些任务已经逾期", today=REF, progress=current)
    assert {"21.2", "保障措施.3"} <= labels(on_neo4j) and "19.2" not in labels(on_neo4j)
    assert labels(on_neo4j) == overdue_labels(store)
    done = answer(neo4j_sample, "已办结的任务", today=REF, progress=current)
    assert [a["status"]["by"] for a in done.assignments] == ["张三"]


# -- the ledger and its round trip --------------------------------------------------------------------------

def returned(data: bytes, fill: dict[str, tuple]) -> bytes:
    """A unit filling in its sheet: task label → (填报状态, 填报日期, 办理情况)."""
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=ledger.HEADER_ROW + 1):
            if row[2].value in fill:
                row[10].value, row[11].value, row[12].value = fill[row[2].value]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ledger_bytes(store: Store, fmt: str = "ledger-xlsx", **options) -> bytes:
    ctx = StatusContext(store.progress().current(), REF, date(2024, 10, 2))
    return exporters.export(fmt, store.graph(), status=ctx, **options)


def test_ledger_pages_status_days_overdue_and_a_blank_column(store):
    mark(store, "19.2", "done", when="2024-09-20", note="<script>alert(1)</script>")
    page = ledger_bytes(store, "ledger-html", unit="市工信局").decode()
    assert page.count("<section class=\"unit\">") == 1 and "督办台账:市工业和信息化局" in page
    assert "参考日期 2024-10-01" in page and "生成日期 2024-10-02" in page and "page-break-after:always" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<td class=\"blank\" data-label=\"办理情况\"></td>" in page
    every = ledger_bytes(store, "ledger-html", window=(None, date(2024, 9, 30))).decode()
    assert every.count("<section class=\"unit\">") > 5 and "<td class=\"num\" data-label=\"逾期天数\">93</td>" in every  # 8.1: June


def test_import_with_one_bad_row_records_nothing(store):
    sheet = ledger_bytes(store, unit="市财政局")
    bad = returned(sheet, {"任务8.1": ("已办结", "2024-06-28", "已兑现"), "保障措施.3": ("完成了", None, ""),
                           "任务14.2": ("延期申请", "2023-01-01", "设备未到")})
    rows = ledger.read_returned(bad, "back.xlsx")
    session = store.open_graph()
    try:
        with pytest.raises(ImportRejected) as rejected:
            apply_import(store.progress(), session, rows, "李四", today=TODAY)
        assert store.progress().events() == []
        problems = rejected.value.problems
        assert len(problems) == 2 and problems[0].startswith("back.xlsx 市财政局!7: 填报状态“完成了”无法识别")
        assert "unknown status '完成了'" in problems[0]  # said in Chinese, then in English
        assert "back.xlsx 市财政局!8: a new deadline 2023-01-01 is out of range" in problems[1]
        good = returned(sheet, {"任务8.1": ("已办结", "2024-06-28", "已兑现"), "任务14.2": ("推进中", None, "")})
        events, unchanged, skipped = apply_import(store.progress(), session, ledger.read_returned(good, "b.xlsx"),
                                                  "李四", today=TODAY)
        assert [(e.state, e.by) for e in events] == [("done", "李四"), ("in_progress", "李四")] and not unchanged
        assert skipped == []
        again = apply_import(store.progress(), session, ledger.read_returned(good, "b.xlsx"), "李四", today=TODAY)
        assert again == ([], ["b.xlsx 市财政局!6", "b.xlsx 市财政局!8"], [])  # nothing recorded twice
    finally:
        session.close()
    assert len(store.progress().events()) == 2


def with_saved_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook as a spreadsheet saves it: the formula in ``cell`` of the first sheet keeps ``value``, the
    value it gave when last computed (openpyxl writes a formula with none)."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body, n = re.subn(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?'.encode(),
                                  lambda m: b'<c r="' + cell.encode() + b'"' + m.group(1) + b' t="str"><f>' + m.group(2)
                                  + b"</f><v>" + value.encode() + b"</v>", body)
                assert n == 1, body[-600:]
            dst.writestr(item, body)
    return out.getvalue()


def test_a_formula_in_a_returned_sheet_is_never_run_and_one_saved_without_its_value_is_a_row_message(store):
    """The reviewer's 办理情况 held =HYPERLINK(…) with no saved value and was recorded as an empty note, silently: a
    formula counts by the value the spreadsheet saved with it, and without one its row is rejected like any bad
    cell, and nothing is recorded."""
    sheet = ledger_bytes(store, unit="市财政局")
    formula = '=HYPERLINK("http://evil.example/x","点此查看")'
    bad = returned(sheet, {"任务8.1": ("已办结", "2024-06-28", formula), "任务14.2": ("推进中", None, "设备已到货")})
    rows = ledger.read_returned(bad, "back.xlsx")
    session = store.open_graph()
    try:
        with pytest.raises(ImportRejected) as rejected:
            apply_import(store.progress(), session, rows, "李四", today=TODAY)
        assert store.progress().events() == [], "all or nothing"
        [problem] = rejected.value.problems
        assert problem.startswith("back.xlsx 市财政局!6: 办理情况 holds a formula saved without its value"), problem
        assert "expected the text or date itself" in problem and "evil" not in problem
        saved = ledger.read_returned(with_saved_value(bad, "M6", "已兑现"), "back.xlsx")
        assert [(r.where, r.note, r.problem) for r in saved][0] == ("back.xlsx 市财政局!6", "已兑现", "")
        events, _unchanged, _skipped = apply_import(store.progress(), session, saved, "李四", today=TODAY)
        assert [(e.state, e.note) for e in events] == [("done", "已兑现"), ("in_progress", "设备已到货")]
    finally:
        session.close()


def test_an_unknown_id_in_a_returned_sheet_is_a_row_message(store):
    session = store.open_graph()
    try:
        with pytest.raises(ImportRejected, match=r"f.xlsx S!9: unknown assignment 'nope/t1/1'"):
            apply_import(store.progress(), session, [Row("f.xlsx S!9", "nope/t1/1", "done", "", None)], "李四",
                         today=TODAY)
    finally:
        session.close()
    with pytest.raises(PolicyKGError, match="no sheet has a header row"):
        ledger.read_returned(exporters.export("xlsx", store.graph()), "plain.xlsx")


def test_status_in_the_exports_is_additive(store):
    graph = store.graph()
    plain = {fmt: exporters.export(fmt, graph) for fmt in ("csv", "md", "ics")}
    assert "状态" not in plain["csv"].decode("utf-8-sig") and "状态" not in plain["md"].decode()
    mark(store, "19.2", "done", when="2024-09-20")
    ctx = StatusContext(store.progress().current(), REF)
    csv = exporters.export("csv", graph, status=ctx).decode("utf-8-sig")
    assert csv.startswith(plain["csv"].decode("utf-8-sig"))
    assert "1 未到期;2 已办结" in csv.splitlines()[-1]
    md = exporters.export("md", graph, unit="市工业和信息化局", status=ctx).decode()
    assert "状态:已办结(最新进展:已办结 2024-09-20;张三" in md and "状态:逾期" in md
    assert "状态:" in exporters.export("html", graph, status=ctx).decode()
    ics = exporters.export("ics", graph, status=ctx).decode()
    assert "X-POLICYKG-STATUS:done" in ics and "X-POLICYKG-STATUS:overdue" in ics
    wb = load_workbook(io.BytesIO(exporters.export("xlsx", graph, status=ctx)))
    header = [c.value for c in wb["按月截止 Deadlines by month"][1]]
    assert header[-2:] == ["状态 Status", "最新进展 Latest progress"]
    states = {(row[3], row[-2]) for row in wb["按月截止 Deadlines by month"].iter_rows(min_row=2, values_only=True)}
    assert ("19.2", "已办结") in states and ("19.1", "已办结") not in states, "rows named by the duty: 19.2 alone done"
    assert any(name.startswith("21.") and state == "逾期" for name, state in states)


def test_ledger_cells_are_never_formulas(store):
    mark(store, "19.2", "推进中", note="=HYPERLINK(\"http://x\",\"y\")")
    wb = load_workbook(io.BytesIO(ledger_bytes(store, unit="市工业和信息化局")))
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("推进中;=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells)


def test_events_are_recorded_at_the_time_they_are_made(tmp_path):
    log = ProgressLog(tmp_path)
    start = datetime.now(UTC).replace(microsecond=0)
    log.record([new_event("a", "on_hold", "王五")])
    assert start <= log.events()[0].at <= datetime.now(UTC)


def test_a_writers_list_limits_who_may_record(tmp_path):
    from graph.access import login_name

    log = ProgressLog(tmp_path / "progress")
    log.record([new_event("a", "done", "anyone")])  # no list: anyone with a name
    (log.folder / "writers.txt").write_text("# 督查室\n张三\nli.si@example.org  # 李四\n", encoding="utf-8")
    log.record([new_event("a", "done", "li.si@example.org")])
    with pytest.raises(PolicyKGError, match="'王五' may not record progress"):
        log.record([new_event("a", "done", "张三"), new_event("b", "done", "王五")])
    assert [e.by for e in log.events()] == ["anyone", "li.si@example.org"]
    assert login_name({"is_logged_in": True, "name": "张三", "email": "z@x"}) == "张三"
    assert login_name({"is_logged_in": False}, {"X-Forwarded-User": " 李四 "}) == "李四"
    assert login_name(None, {}) is None


def test_the_ledger_keeps_formula_like_text_as_text_and_lists_duties_without_a_unit(tmp_path):
    store = Store(tmp_path / "h")
    store.ingest_sources([("一、行动\n1.=HYPERLINK(\"http://x\")做好工作。(牵头单位:市财政局;完成时限:2024年6月)\n"
                           "2.+做好另一项工作。(完成时限:2024年9月)\n".encode(), "h.txt")])
    data = exporters.export("ledger-xlsx", store.graph())
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[-1] == ledger.NO_UNIT
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value[0] in "=+"]
    assert risky and all(c.quotePrefix and c.data_type == "s" for c in risky)


def test_the_app_writes_only_for_a_signed_in_writer_and_believes_proxy_headers_from_this_machine(tmp_path):
    from graph.access import SIGN_IN_NEEDED, check_app_writer, login_name

    folder = tmp_path / "progress"
    folder.mkdir()
    check_app_writer(folder, None)  # no list: the forms' typed names do
    (folder / "writers.txt").write_text("alice\n", encoding="utf-8")
    for nobody in (None, "", " "):
        with pytest.raises(PolicyKGError) as caught:
            check_app_writer(folder, nobody)
        assert str(caught.value) == SIGN_IN_NEEDED and "sign in" in SIGN_IN_NEEDED and "登录" in SIGN_IN_NEEDED
    with pytest.raises(PolicyKGError, match="'mallory' may not"):
        check_app_writer(folder, "mallory")
    check_app_writer(folder, "alice")
    header = {"X-Forwarded-User": "alice"}
    assert [login_name(None, header, peer) for peer in (None, "127.0.0.1", "::1")] == ["alice"] * 3
    assert login_name(None, header, "203.0.113.9") is None, "a browser reaching the app directly sends any header"
    assert login_name({"is_logged_in": True, "email": "a@x"}, {}, "203.0.113.9") == "a@x"
