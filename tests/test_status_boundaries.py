"""One verdict of "overdue" on a period's first day: Ask, the status a row shows (graph/status's one rule, the
Ask page's and the Task page's cells), the Deadlines page and the ledger agree for 每月/每季度/每年 duties on the
1st, a quarter's start and 1 January, and for one-off duties (a district office's monthly round is on the 1st:
review 15 found a 每月 duty reported for November listed as overdue on 1 December, its own cell 30天内到期)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import asked, contract_by_label
from test_app import record_progress, start, table_column

from graph.status import StatusContext, chases, of_contract
from graph.store import Store

D = date
NOTICE = """芝罘区人民政府办公室
关于建立重点工作调度机制的通知
芝政办字〔2026〕3号

各街道办事处，区政府各部门：
为推动重点工作落实，现就有关事项通知如下。
一、重点任务
1.调度工业经济运行情况。（牵头单位：区工业和信息化局；完成时限：每月）
2.通报重点项目建设进展。（牵头单位：区发展和改革局；完成时限：每季度）
3.开展营商环境评估。（牵头单位：区财政局；完成时限：每年）
4.完成老旧小区改造。（牵头单位：区住房和城乡建设局；完成时限：2026年11月30日前）
5.完成年度统计核查。（牵头单位：区统计局；完成时限：2026年12月31日前）

芝罘区人民政府办公室
2026年1月10日
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """The notice with what an office recorded by 1 December: November's and the third quarter's reports made,
    task 4 under way, each recorded on the day it was made (a reference date counts those recorded by its end)."""
    root = tmp_path_factory.mktemp("boundaries")
    doc = root / "调度机制.txt"
    doc.write_text(NOTICE, encoding="utf-8")
    store = Store(root / "s")
    store.ingest_paths([doc])
    record_progress(store.root, *(
        (ref, state, by, {"when": day.isoformat(), "today": day, "at": day, **({"period": "上期"} if named else {})})
        for ref, state, by, day, named in [("1.1", "done", "王芳", D(2026, 12, 1), True),
                                           ("2.1", "done", "李明", D(2026, 10, 1), True),
                                           ("4.1", "in_progress", "张强", D(2026, 11, 20), False)]))
    return store


def overdue_by_ask(store: Store, ref: date) -> set[str]:
    result = asked(store, "逾期的任务", today=ref, progress=store.progress().current(as_of=ref))
    return {a["task"]["label"] for a in result.assignments}


def overdue_by_colour(store: Store, ref: date) -> set[str]:
    current = store.progress().current(as_of=ref)
    chased = chases(current)
    return {label for label, a in contract_by_label(store).items()
            if of_contract(a, ref, current.get(a["id"]), chase=chased(a["id"])) == "overdue"}


def overdue_in_ledger(store: Store, ref: date) -> set[str]:
    from graph import ledger

    ctx = StatusContext.of_log(store.progress(), ref, ref)
    return {x.a.task_label for page in ledger.pages(store.graph(), ctx) for x in page.lines if x.category == "overdue"}


@pytest.mark.parametrize(("ref", "overdue"), [
    (D(2026, 12, 1), {"4"}),  # the 1st: November reported (1), Q3 reported (2), 2026 not yet due (3)
    (D(2026, 12, 2), {"4"}),
    (D(2026, 11, 30), {"1"}),  # October never reported: owed since 31 October; task 4 due today, not late
    (D(2026, 10, 1), {"1"}),  # a quarter's first day: Q3 reported, so 2 is not chased for Q2; September owed
    (D(2027, 1, 1), {"1", "2", "3", "4", "5"}),  # 1 January: December, Q4 and the year 2026 unreported
])
def test_ask_lists_as_overdue_what_the_colours_the_deadlines_and_the_ledger_call_overdue(store, ref, overdue):
    assert overdue_by_colour(store, ref) == overdue
    assert overdue_by_ask(store, ref) == overdue
    assert overdue_in_ledger(store, ref) == overdue


@pytest.mark.parametrize("ref", ["2026-12-01", "2026-10-01"])
def test_the_deadlines_page_counts_the_same_overdue_duties_on_a_period_s_first_day(store, tmp_path, monkeypatch,
                                                                                    ref):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "deadlines", ref=ref, status="overdue")
    shown = {name.split(".")[0] for name in table_column(at, 0)}
    assert shown == overdue_by_ask(Store(copy), D.fromisoformat(ref))


@pytest.mark.parametrize(("ref", "overdue"), [("2026-12-01", ["4.1"]), ("2026-10-01", ["1.1"])])
def test_the_ask_page_lists_as_overdue_only_rows_whose_status_says_overdue(store, tmp_path, monkeypatch, ref,
                                                                          overdue):
    """The Ask page answered "overdue" with a row whose own status cell said 30天内到期 (review 15 item 1)."""
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    at = start(copy, monkeypatch, "ask", q="逾期的任务", ref=ref)
    assert table_column(at, 0) == overdue
    assert set(table_column(at, 0, "pk-c-status")) == {"逾期 Overdue"}


def test_an_export_s_status_reads_the_recorded_progress_once_not_once_per_duty(monkeypatch):
    """Every duty's colour in an export asked StatusContext whether it is chased, and each asking gathered the
    documents of every recorded report again: an export with status grew with duties × reports (the square of the
    corpus; 16 times the looks for 4 times the documents). The documents are gathered once per context, and
    every duty is still judged by them."""
    from datetime import UTC, datetime

    import graph.status as status
    from graph.progress import new_event

    current = {f"d{n}/t1/1": new_event(f"d{n}/t1/1", "in_progress", "督查室", at=datetime(2026, 5, 1, tzinfo=UTC))
               for n in range(50)}
    ctx = StatusContext(current, D(2026, 6, 1), D(2026, 6, 1))
    looks = []
    real = status.document_of
    monkeypatch.setattr(status, "document_of", lambda aid: looks.append(aid) or real(aid))
    asked = [f"d{n}/t2/1" for n in range(0, 100, 2)]
    assert [ctx.chases(aid) for aid in asked] == [n < 50 for n in range(0, 100, 2)]
    assert len(looks) == len(current) + len(asked), "each report's document read once, then one look per duty"
