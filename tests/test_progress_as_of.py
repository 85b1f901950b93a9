"""One rule decides which progress counts at a reference date: the reports recorded by the end of that day
(graph/progress ``ProgressLog.current(as_of=)``), every one at today's date. The reviewer's 1.1, 已办结 but recorded
months after the reference date, was overdue in the ledger and done in ask and on the pages: the CLI ask, the
ledger and the Ask, Deadlines, Units, Task and Document pages must say the same at that date, and without one."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from test_app import answer_tasks, card_status, html_of, start, table_column
from test_cli import run

NOTICE = ("郏县人民政府办公室关于印发2024年优化营商环境重点任务分工的通知\n郏政办〔2024〕8号\n\n"
          "一、编制年度优化营商环境工作方案。（牵头单位：县发展改革委；完成时限：2024年3月底前）\n"
          "二、开展涉企收费专项检查。（牵头单位：县市场监管局；完成时限：2024年9月底前）\n\n"
          "郏县人民政府办公室\n2024年2月1日\n")
PAST, AFTER = "2024-07-15", "2024-12-01"  # before the 已办结 was recorded (20 November), and after


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.progress import ProgressLog, new_event

    folder = tmp_path_factory.mktemp("as_of")
    notice = folder / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    store = folder / "store"
    run("ingest", str(notice), store=store)
    [first] = [a["id"] for a in json.loads(run("assignments", "--json", store=store).stdout)
               if a["id"].endswith("/t1/1")]
    noon = datetime.time(4)  # 04:00 UTC: the same day in Beijing and in UTC
    ProgressLog(store / "progress").record([
        new_event(first, "in_progress", "刘科长", "方案已起草",
                  at=datetime.datetime.combine(datetime.date(2024, 3, 10), noon, datetime.UTC)),
        new_event(first, "done", "刘科长", "方案已印发", when=datetime.date(2024, 3, 28),
                  at=datetime.datetime.combine(datetime.date(2024, 11, 20), noon, datetime.UTC))], checked=False)
    return store


def asked(store, *today: str) -> dict[str, str | None]:
    data = json.loads(run("ask", "县发展改革委逾期任务", "--json", *today, store=store).stdout)
    return {f"{a['task']['label']}.{a['seq']}": (a["status"] or {}).get("state") for a in data["assignments"]}


def test_cli_ask_and_the_ledger_count_the_reports_recorded_by_the_reference_day(store, tmp_path):
    assert asked(store, "--today", PAST) == {"一.1": "in_progress"}, "its 已办结 was recorded on 20 November"
    assert asked(store, "--today", AFTER) == {}
    assert asked(store) == {}, "today's date: every report"
    for today, shown in ((PAST, "逾期"), (AFTER, "已办结")):
        out = tmp_path / f"ledger-{today}.html"
        run("progress", "ledger", "--unit", "县发展改革委", "--today", today, "-o", str(out), store=store)
        row = re.sub(r"<[^>]+>", " ", re.search(r"<tr[^>]*>(?:(?!</tr>).)*编制年度优化营商环境工作方案.*?</tr>",
                                                 out.read_text(encoding="utf-8"), re.S).group(0))
        assert shown in row and ("106" in row) == (today == PAST), row


def test_the_pages_show_at_a_past_reference_date_what_the_ledger_shows(store, monkeypatch):
    at = start(store, monkeypatch, "deadlines", unit="县发展改革委", ref=PAST)
    assert dict(zip(answer_tasks(at), table_column(at, 0, "pk-c-status"), strict=True)) == {"一.1": "逾期 Overdue"}
    at = start(store, monkeypatch, "deadlines", unit="县发展改革委")
    assert dict(zip(answer_tasks(at), table_column(at, 0, "pk-c-status"), strict=True)) == {"一.1": "已办结 Done"}

    at = start(store, monkeypatch, "ask", q="县发展改革委牵头哪些任务", ref=PAST)
    assert table_column(at, 0, "pk-c-status") == ["逾期 Overdue"]
    at = start(store, monkeypatch, "ask", q="县发展改革委逾期任务", ref=PAST)
    assert answer_tasks(at) == ["一.1"]
    at = start(store, monkeypatch, "units", unit="县发展改革委", ref=PAST)
    assert table_column(at, 0, "pk-c-status") == ["逾期 Overdue"]

    from graph.store import Store

    doc = Store(store).manifest()[0].id
    at = start(store, monkeypatch, "task", doc=doc, task="1", ref=PAST)
    assert card_status(at, "一.1") == "overdue"
    assert "方案已起草" in re.search(r"进展 Progress</th><td>(.*?)</td>", html_of(at)).group(1)
    assert any("1 条在参考日期 2024-07-15 之后记录" in c.value for c in at.caption), "the history still lists it"
    at = start(store, monkeypatch, "task", doc=doc, task="1")
    assert card_status(at, "一.1") == "done" and not any("之后记录" in c.value for c in at.caption)
    at = start(store, monkeypatch, "document", doc=doc, task="1", ref=PAST)
    assert re.findall(r"<li>(一\.\d) — .*?pk-status-(\w+)", html_of(at)) == [("一.1", "overdue")]
    at = start(store, monkeypatch, "document", doc=doc, task="1", ref=AFTER)
    assert re.findall(r"<li>(一\.\d) — .*?pk-status-(\w+)", html_of(at)) == [("一.1", "done")]
