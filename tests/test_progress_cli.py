"""The supervision commands as scripts use them: progress set/log/import/ledger and status in ask --json."""

import datetime
import io
import json
import shutil

import pytest
from conftest import SAMPLE
from openpyxl import load_workbook
from test_cli import run

# at today's date: a report recorded now counts (at an earlier reference date only those recorded by its end do)
ASK = ("ask", "哪些任务已经逾期", "--json")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "store"
    run("ingest", str(SAMPLE), store=path)
    return path


def overdue(store) -> dict[str, dict | None]:
    data = json.loads(run(*ASK, store=store).stdout)
    return {f"{a['task']['label']}.{a['seq']}": a["status"] for a in data["assignments"]}


def test_goal_marking_19_2_done_before_and_after_removal_and_reingest(store):
    before = overdue(store)
    assert {"19.2", "21.2", "保障措施.3"} <= set(before) and set(before.values()) == {None}
    out = run("progress", "set", "19.2", "--status", "已办结", "--date", "2024-09-20", "--by", "张三",
              "--note", "计划已印发", store=store)
    assert out.stdout.startswith("recorded: ") and "已办结 2024-09-20 by 张三" in out.stdout
    after = overdue(store)
    assert set(after) == set(before) - {"19.2"} and {"21.2", "保障措施.3"} <= set(after)
    doc_id = json.loads(run("progress", "log", "--json", store=store).stdout)[0]["assignment"].split("/")[0]
    refused = run("remove", doc_id, store=store, check=False)  # it would strand the progress: said, not done
    assert refused.returncode == 1 and "has progress recorded on 1 duty" in refused.stderr
    removed = run("remove", doc_id, "--force", store=store)  # the document goes, its progress stays
    assert "stays in the log" in removed.stderr
    assert json.loads(run("cypher", "MATCH (d:Document) RETURN count(d) AS n", "--json", store=store).stdout) \
        == [{"n": 0}]
    assert "added" in run("ingest", str(SAMPLE), store=store).stdout
    assert overdue(store) == after
    for name in ("documents", "sources", "graph.lbug"):  # a store rebuilt from nothing but its sources: same
        path = store / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    assert "added" in run("ingest", str(SAMPLE), store=store).stdout
    assert overdue(store) == after
    log = json.loads(run("progress", "log", "--json", store=store).stdout)
    assert len(log) == 1 and log[0]["by"] == "张三" and log[0]["state"] == "done"
    assert log[0]["assignment"].endswith("/t19/2") and log[0]["date"] == "2024-09-20"
    assert json.loads(run("progress", "log", "--json", "--unit", "市财政局", store=store).stdout) == []
    done = json.loads(run("ask", "已办结的任务", "--json", store=store).stdout)["assignments"]
    assert [a["status"]["note"] for a in done] == ["计划已印发"]


def test_errors_are_one_line_and_change_nothing(store, tmp_path):
    before = (store / "progress" / "events.jsonl").read_bytes() if (store / "progress").exists() else b""
    for args, message in [
        (("progress", "set", "nope", "--status", "done", "--by", "x"), "unknown assignment 'nope'"),
        (("progress", "set", "21.2", "--status", "finished", "--by", "x"), "unknown status 'finished'"),
        (("progress", "set", "21.2", "--status", "done", "--date", "2024-13-01", "--by", "x"),
         "--date: 日期“2024-13-01”无法识别"),
        (("progress", "set", "21.2", "--status", "done", "--by", " "), "needs a name"),
    ]:
        result = run(*args, store=store, check=False)
        assert result.returncode == 1 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    missing = run("progress", "set", "21.2", "--status", "done", store=store, check=False)
    assert missing.returncode == 2 and "--by" in missing.stderr
    sheet = tmp_path / "ledger.xlsx"
    run("progress", "ledger", "-o", str(sheet), "--unit", "市工信局", "--today", "2024-10-01", store=store)
    wb = load_workbook(sheet)
    ws = wb.active
    ws.cell(6, 11, "已办结")
    ws.cell(6, 12, "2024-09-28")
    ws.cell(7, 11, "办好了")
    wb.save(sheet)
    ws.cell(8, 11, "推进中")
    ws.cell(8, 2, "nope/t1/1")
    wb.save(sheet)
    result = run("progress", "import", str(sheet), "--by", "李四", store=store, check=False)
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 3, result.stderr
    assert "市工业和信息化局!7: 填报状态“办好了”无法识别" in lines[0] and "unknown status '办好了'" in lines[0]
    assert "!8:" in lines[1] and "nope/t1/1" in lines[1]
    assert all(line.startswith("policykg: error: ") for line in lines), \
        "one line per bad row (the rows used to be joined into one line)"
    assert lines[-1] == "policykg: error: 2 row(s) rejected (listed above), nothing recorded", \
        "the rows first, the verdict last (the count came first, then the row's error under it)"
    after = (store / "progress" / "events.jsonl").read_bytes() if (store / "progress").exists() else b""
    assert after == before


def test_ledger_export_and_round_trip(store, tmp_path):
    page = tmp_path / "ledger.html"
    run("export", "ledger-html", "-o", str(page), "--unit", "市工业和信息化局", "--today", "2024-10-01",
        store=store)
    text = page.read_text(encoding="utf-8")
    assert "督办台账:市工业和信息化局" in text and "参考日期 2024-10-01" in text and "办理情况" in text
    sheet = tmp_path / "back.xlsx"
    run("progress", "ledger", "-o", str(sheet), "--unit", "市贸促会", "--today", "2024-10-01", store=store)
    wb = load_workbook(sheet)
    ws = wb.active
    assert [c.value for c in ws[5]][-4:] == ["填报状态", "填报日期", "办理情况", "报告期"]
    ws.cell(6, 11, "延期申请")
    ws.cell(6, 12, "2033-12-31")  # after today's date, where ASK asks
    ws.cell(6, 13, "展会改期")
    buf = io.BytesIO()
    wb.save(buf)
    sheet.write_bytes(buf.getvalue())
    out = run("progress", "import", str(sheet), "--by", "李四", store=store)
    assert "recorded 1 event(s)" in out.stdout
    assert "21.2" not in overdue(store)
    again = run("progress", "import", str(sheet), "--by", "李四", store=store)
    assert "recorded 0 event(s); 1 row(s) repeat" in again.stdout


def test_an_id_written_with_the_document_id_ingest_prints(tmp_path):
    """ingest and remove print a document's id shortened (id 0f7309a939e3); `progress set 0f7309a939e3/t19/2` was
    an unknown assignment: staff copy what the command printed."""
    store = tmp_path / "s"
    printed = run("ingest", str(SAMPLE), store=store).stdout.split("(id ")[1].split(")")[0]
    assert len(printed) == 12
    out = run("progress", "set", f"{printed}/t19/2", "--status", "推进中", "--by", "张三", store=store).stdout
    assert out.startswith(f"recorded: {printed}") and "/t19/2 推进中" in out
    wrong = run("progress", "set", f"{printed}/t99/9", "--status", "推进中", "--by", "张三", store=store, check=False)
    assert wrong.returncode == 1 and "unknown assignment" in wrong.stderr


def test_a_ledger_and_exports_dated_earlier_show_only_the_progress_recorded_by_then(tmp_path):
    """The reviewer's ledger dated 2026-11-05 showed 已办结 2026-11-08, a report recorded on 2 December: a ledger or
    export taking --today shows the progress recorded by the end of that day (graph/status.StatusContext.of_log,
    the one place every such export is made), as README says exports use the progress at the reference date."""
    from graph.progress import ProgressLog, new_event

    notice = tmp_path / "notice.txt"
    notice.write_text("沂水县人民政府办公室关于做好今冬明春保供工作的通知\n沂水政办字〔2026〕21号\n\n"
                      "一、储备冬季应急物资。（牵头单位：县商务局；完成时限：2026年11月20日前）\n"
                      "二、排查供热管网隐患。（牵头单位：县住建局；完成时限：2026年11月30日前）\n\n"
                      "沂水县人民政府办公室\n2026年11月1日\n", encoding="utf-8")
    store = tmp_path / "s"
    run("ingest", str(notice), store=store)
    ids = json.loads(run("assignments", "--json", store=store).stdout)
    [first] = [a["id"] for a in ids if a["id"].endswith("/t1/1")]
    noon = datetime.time(4)  # 04:00 UTC: the same day in Beijing and in UTC
    ProgressLog(store / "progress").record([
        new_event(first, "in_progress", "王科长", "已采购棉被2000床",
                  at=datetime.datetime.combine(datetime.date(2026, 11, 3), noon, datetime.UTC)),
        new_event(first, "done", "王科长", "物资全部入库", when=datetime.date(2026, 11, 8),
                  at=datetime.datetime.combine(datetime.date(2026, 12, 2), noon, datetime.UTC))], checked=False)

    def shown(command: tuple[str, ...], suffix: str, today: str) -> str:
        out = tmp_path / f"{command[-1]}-{today}{suffix}"
        run(*command, "-o", str(out), "--today", today, store=store)
        return out.read_text(encoding="utf-8")

    for today, done in (("2026-11-05", False), ("2026-12-10", True)):
        page = shown(("progress", "ledger"), ".html", today)
        assert f"参考日期 {today}" in page and ("已采购棉被2000床" in page) != done, page
        assert ("物资全部入库" in page) == done and ("已办结 2026-11-08" in page) == done, page
        md = shown(("export", "md"), ".md", today)
        assert ("物资全部入库" in md) == done and ("已采购棉被2000床" in md) != done, md
        ics = shown(("export", "ics"), ".ics", today)
        assert ("X-POLICYKG-STATUS:done" in ics) == done, ics
