"""Time windows in Ask count what the Deadlines page counts (graph/status's one rule), on a real store of a city's
plan and a district's notice: a recurring duty (每月, 每季度) falls in a window when one of its occurrences does,
and the answer says which; an extended duty falls in the window of its new date, the row shows the new date
beside the printed one, and a window the extension moved it out of says so."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from graph.progress import new_event
from graph.status import of_contract
from queries.ask import answer, render_text

CITY = ("关于印发青岛市2026年制造业数字化转型实施方案的通知\n青政办发〔2026〕5号\n一、重点任务\n"
        "1. 建设工业互联网平台。(牵头单位:市工业和信息化局;完成时限:2026年9月底前)\n"
        "2. 开展数字化转型监测。(牵头单位:市工业和信息化局;责任单位:市统计局;完成时限:每月)\n"
        "3. 加强组织领导。(牵头单位:市工业和信息化局;完成时限:每季度)\n"
        "4. 培育数字化服务商。(牵头单位:市工业和信息化局、市科技局;完成时限:2026年9月底前)\n"
        "5. 推进城市更新。(牵头单位:市城市管理局;完成时限:2026年10月)\n")
JIMO = ("关于做好2026年城市更新重点工作的通知\n即政办发〔2026〕3号\n一、任务\n"
        "1. 老旧小区改造。(牵头单位:区住房城乡建设局;配合单位:区财政局;完成时限:2026年10月底前)\n"
        "2. 背街小巷整治。(牵头单位:区城市管理局;完成时限:2026年8月底前)\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("windows") / "s")
    store.ingest_sources([(CITY.encode(), "city.txt"), (JIMO.encode(), "jimo.txt")])
    return store


@pytest.fixture(scope="module")
def contract(store) -> dict[str, dict]:
    session = store.open_graph()
    try:
        from queries.contract import assignments

        return {f"{a['document']['doc_number'][:3]}{a['task']['label']}": a for a in assignments(session)}
    finally:
        session.close()


def ask(store, question: str, today: str, progress: dict | None = None):
    session = store.open_graph()
    try:
        return answer(session, question, today=today, progress=progress)
    finally:
        session.close()


def keys(result) -> list[str]:
    return sorted(f"{a['document']['doc_number'][:3]}{a['task']['label']}" for a in result.assignments)


def extension(a: dict, to: date, on: date) -> dict:
    return {a["id"]: new_event(a["id"], "extension_requested", "督查科", when=to,
                               at=datetime.combine(on, datetime.min.time(), UTC))}


# -- recurring duties -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "today", "expected", "counted"), [
    ("即将到期", "2026-10-20", ["即政办1", "青政办2", "青政办5"], {"青政办2": ("2026-10-31", 1)}),
    ("upcoming tasks", "2026-10-20", ["即政办1", "青政办2", "青政办5"], {"青政办2": ("2026-10-31", 1)}),
    ("本月到期的任务", "2026-06-10", ["青政办2", "青政办3"], {"青政办2": ("2026-06-30", 1),
                                                          "青政办3": ("2026-06-30", 1)}),
    ("due this month", "2026-06-10", ["青政办2", "青政办3"], {"青政办2": ("2026-06-30", 1),
                                                         "青政办3": ("2026-06-30", 1)}),
    ("第二季度到期的任务", "2026-12-01", ["青政办2", "青政办3"], {"青政办2": ("2026-04-30", 3),
                                                             "青政办3": ("2026-06-30", 1)}),
    ("tasks due in Q2", "2026-12-01", ["青政办2", "青政办3"], {"青政办2": ("2026-04-30", 3),
                                                         "青政办3": ("2026-06-30", 1)}),
    ("9月到期的任务", "2026-12-01", ["青政办1", "青政办2", "青政办3", "青政办4"],
     {"青政办2": ("2026-09-30", 1), "青政办3": ("2026-09-30", 1)}),
    ("11月到期的任务", "2026-12-01", ["青政办2"], {"青政办2": ("2026-11-30", 1)}),
    # 本季度 / 下季度 were not understood (the answer was every duty, with a warning)
    ("本季度到期的任务", "2026-08-05", ["即政办2", "青政办1", "青政办2", "青政办3", "青政办4"],
     {"青政办2": ("2026-07-31", 3), "青政办3": ("2026-09-30", 1)}),
    ("what is due next quarter", "2026-08-05", ["即政办1", "青政办2", "青政办3", "青政办5"],
     {"青政办2": ("2026-10-31", 3), "青政办3": ("2026-12-31", 1)}),
])
def test_a_window_holds_a_recurring_duty_when_one_of_its_occurrences_falls_in_it(store, question, today, expected,
                                                                                 counted):
    """"即将到期" on 2026-10-20 gave two rows while the Deadlines page listed the 每月 duty too; "due this month"
    and "第二季度到期" left out 每月 and 每季度 duties whose occurrence falls in them."""
    result = ask(store, question, today)
    assert keys(result) == expected
    shown = {k: (a["counted"]["date"], a["counted"]["occurrences"]) for k, a in zip(keys(result), sorted(
        result.assignments, key=lambda a: f"{a['document']['doc_number'][:3]}{a['task']['label']}"), strict=True)
        if a["counted"]}
    assert shown == counted
    assert all(a["counted"]["reason"] == "recurring" for a in result.assignments if a["counted"])
    text = render_text(result)
    for day, n in counted.values():
        assert f"→ {day}" in text
        assert (f"共{n}次 {n} in window" in text) is (n > 1)
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str))
    assert {a["counted"]["date"] for a in data["assignments"] if a["counted"]} == {d for d, _ in counted.values()}


@pytest.mark.parametrize("today", ["2026-01-05", "2026-03-15", "2026-06-30", "2026-09-14", "2026-10-20",
                                   "2026-12-20"])
def test_due_within_30_days_is_the_deadlines_page_due_soon(store, contract, today):
    """One rule: Ask's "30天内到期" holds exactly the assignments graph/status calls due soon (the Deadlines
    page's 30天内到期), a monthly duty's occurrence and a quarterly one's included."""
    ref = date.fromisoformat(today)
    soon = sorted(k for k, a in contract.items() if of_contract(a, ref) == "soon")
    assert keys(ask(store, "30天内到期的任务", today)) == soon


def test_a_recurring_duty_extended_within_its_period_falls_in_the_window_of_its_new_date(store, contract):
    ref = date(2026, 10, 20)
    progress = extension(contract["青政办2"], date(2026, 11, 25), ref)  # October's report moved to 25 November
    assert of_contract(contract["青政办2"], ref, progress[contract["青政办2"]["id"]]) == "later"
    soon = ask(store, "即将到期", "2026-10-20", progress)
    november = ask(store, "本月到期的任务", "2026-11-10", progress)
    assert "青政办2" not in keys(soon)
    assert "青政办2" in keys(november)


def test_a_question_without_a_window_marks_no_occurrence(store):
    result = ask(store, "市工业和信息化局牵头的任务", "2026-06-10")
    assert keys(result) == ["青政办1", "青政办2", "青政办3", "青政办4"]
    assert not any(a["counted"] for a in result.assignments)


def test_overdue_still_judges_a_recurring_duty_by_the_period_holding_now(store):
    """Every month end before now is an occurrence, but "overdue" is the Deadlines page's colour: a 每月 duty
    with nothing recorded is not overdue."""
    result = ask(store, "哪些任务已经逾期", "2026-10-20")
    assert keys(result) == ["即政办2", "青政办1", "青政办4"]


# -- extensions ---------------------------------------------------------------------------------------------
@pytest.fixture()
def extended(contract) -> dict:
    """培育数字化服务商 (printed 2026年9月底前) extended to 2026-10-31."""
    return extension(contract["青政办4"], date(2026, 10, 31), date(2026, 9, 20))


def test_a_window_an_extension_moved_a_duty_out_of_says_so(store, extended):
    """"市工业和信息化局牵头的9月到期任务" said nothing of the duty extended to October: it now says one was."""
    result = ask(store, "市工业和信息化局牵头的9月到期任务", "2026-09-25", extended)
    assert "青政办4" not in keys(result) and "青政办1" in keys(result)
    [note] = [n for n in result.spec.notes if "延期" in n]
    assert note == "另有1条分工按原定期限在此范围内,已申请延期至范围外:青政办发〔2026〕5号 4.1 延期至2026-10-31(原2026年9月底前)"
    assert note in render_text(result)
    english = ask(store, "tasks due in September", "2026-09-25", extended)
    assert any(n.startswith("1 more assignment(s) fell in this window by their printed deadline and were extended "
                            "out of it: 青政办发〔2026〕5号 4.1 to 2026-10-31") for n in english.spec.notes)


def test_the_note_counts_only_what_the_question_asks(store, extended):
    result = ask(store, "市城市管理局9月到期的任务", "2026-09-25", extended)
    assert not any("延期" in n for n in result.spec.notes)
    august = ask(store, "8月到期的任务", "2026-09-25", extended)
    assert not any("延期" in n for n in august.spec.notes)


def test_the_new_month_lists_the_extended_duty_with_its_new_date_and_the_printed_one(store, extended):
    result = ask(store, "10月到期的任务", "2026-09-25", extended)
    assert keys(result) == ["即政办1", "青政办2", "青政办4", "青政办5"]
    [row] = [a for a in result.assignments if a["task"]["label"] == "4"]
    assert row["counted"] == {"date": "2026-10-31", "reason": "extension", "printed": "2026-09-30"}
    assert "2026-10-31(延期 extended; 原 was 2026年9月底前)" in render_text(result)
    assert not any("延期至范围外" in n for n in result.spec.notes)


def test_the_ask_page_shows_the_occurrence_and_the_new_date(store, extended, tmp_path, monkeypatch):
    import shutil

    from test_app import record_progress, start, table_column

    root = tmp_path / "store"
    shutil.copytree(store.root, root)
    record_progress(root, ("4.1", "延期申请", "督查科", {"when": date(2026, 10, 31), "today": date(2026, 9, 20),
                                                      "at": date(2026, 9, 20)}))  # recorded by the reference date
    at = start(root, monkeypatch, "ask", q="10月到期的任务", ref="2026-09-25")
    due = table_column(at, css="pk-c-due")
    assert "2026-10-31(延期 extended; 原 was 2026年9月底前)" in due
    assert "每月(↻ 周期 monthly)(至 2026-12-31) → 2026-10-31" in due  # a 2026 plan's 每月 ends with 2026


def test_neo4j_answers_the_windows_as_ladybug_does(store, extended, neo4j_uri, sample_graph):
    """The conditions on a kind of recurrence (its period, start and end) and on moved ids run on both engines."""
    from conftest import neo4j_holding

    from graph.neo4j_store import Connection

    questions = [("即将到期", "2026-10-20"), ("第二季度到期的任务", "2026-12-01"), ("9月底前到期的任务", "2026-12-01"),
                 ("10月到期的任务", "2026-09-25")]
    here = [(keys(ask(store, q, t, extended)), [a["counted"] for a in ask(store, q, t, extended).assignments])
            for q, t in questions]
    with neo4j_holding(Connection(neo4j_uri), store.graph(), sample_graph) as session:
        there = []
        for q, t in questions:
            result = answer(session, q, today=t, progress=extended)
            there.append((keys(result), [a["counted"] for a in result.assignments]))
    assert [sorted(k) for k, _ in there] == [sorted(k) for k, _ in here]
    assert [sorted(map(json.dumps, c)) for _, c in there] == [sorted(map(json.dumps, c)) for _, c in here]


RESTARTED = ("关于印发青岛市2026年数字经济攻坚行动方案的通知\n青政办字〔2026〕7号\n二、重点任务\n"
             "1. 建设算力基础设施。(牵头单位:市大数据局;完成时限:2026年9月底前)\n"
             "2. 推进工业互联网平台。(牵头单位:市工业和信息化局;完成时限:2026年6月底前)\n"
             "三、保障措施\n"
             "1. 加强统筹调度。(牵头单位:市大数据局;完成时限:每季度)\n"
             "2. 强化资金保障。(牵头单位:市财政局;完成时限:2026年4月底前)\n")


def test_the_extended_out_note_names_a_repeated_number_with_its_section(tmp_path):
    """The note built names by hand (label.seq): the 保障措施 task 2 extended out of April was "2.1", the name of
    重点任务 2 in the same document; it is named as every answer names it (queries/contract.assignment_name)."""
    from graph.store import Store
    from queries.contract import assignments

    store = Store(tmp_path / "s")
    store.ingest_sources([(RESTARTED.encode(), "restarted.txt")])
    session = store.open_graph()
    try:
        [fund] = [a for a in assignments(session) if a["task"]["title"].startswith("强化资金保障")]
    finally:
        session.close()
    progress = extension(fund, date(2026, 6, 30), date(2026, 4, 20))
    for question, said in (("4月到期的任务", "青政办字〔2026〕7号 保障措施.2.1 延期至2026-06-30"),
                           ("tasks due in April", "青政办字〔2026〕7号 保障措施.2.1 to 2026-06-30")):
        result = ask(store, question, "2026-04-25", progress)
        [note] = [n for n in result.spec.notes if "2026-06-30" in n]
        assert said in note, note


@pytest.mark.parametrize(("question", "expected"), [
    ("which tasks recur quarterly", ["青政办3"]),
    ("tasks that recur every month", ["青政办2"]),
    ("which duties repeat", ["青政办2", "青政办3"]),
])
def test_recur_and_repeat_read_as_recurring(store, question, expected):
    """"which tasks recur quarterly" answered right but warned that 'recur' was not understood and the answer
    "may be wider than asked"; the verb is the question's point."""
    result = ask(store, question, "2026-05-01")
    assert keys(result) == expected
    assert not result.spec.unread and not result.warnings, (result.spec.unread, result.warnings)
