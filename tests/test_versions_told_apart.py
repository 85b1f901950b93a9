"""Two versions of one notice: a revised copy given under another file name (same 文号) is kept beside the first,
the newer said; everything that names documents side by side tells them apart by file name; and a revision that
replaces its first version says what it changed (tasks added and dropped, deadlines, units), not only progress.
Real stores, notices written here."""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from cli import app
from graph.store import Store

NOTICE = """关于印发2026年优化营商环境重点任务清单的通知
烟测办发〔2026〕12号
各区人民政府,市政府各部门:
现将《2026年优化营商环境重点任务清单》印发给你们,请认真抓好落实。
1. 深化一网通办改革。企业开办时间压缩至1个工作日内。(牵头单位:市行政审批局;完成时限:2026年6月底前)
2. 开展涉企收费专项整治。建立收费目录清单。(牵头单位:市市场监管局;完成时限:2026年11月底前)
3. 优化用水用气报装服务。压减办理环节和时间。(牵头单位:市住房城乡建设局;责任单位:市水务局;完成时限:2026年9月底前)
4. 开展进企业解难题服务活动。走访规上工业企业。(牵头单位:市工业和信息化局;完成时限:2026年10月底前)
5. 建立营商环境监测机制。按季度发布监测报告。(牵头单位:市发展和改革委员会;完成时限:2026年12月底前)
烟台市人民政府办公室
2026年3月10日
"""
# task 1 due later, task 2's deadline moved, a unit added to task 3, task 4 dropped (5 becomes 4), a task 5 added
REVISED = (NOTICE.replace("2026年6月底前", "2026年12月底前").replace("2026年11月底前", "2027年1月底前")
           .replace("责任单位:市水务局", "责任单位:市水务局、市自然资源和规划局")
           .replace("4. 开展进企业解难题服务活动。走访规上工业企业。(牵头单位:市工业和信息化局;完成时限:2026年10月底前)\n", "")
           .replace("5. 建立营商环境监测机制", "4. 建立营商环境监测机制")
           .replace("烟台市人民政府办公室\n", "5. 开展营商环境满意度第三方评估。(牵头单位:市统计局;完成时限:2026年12月底前)\n"
                    "烟台市人民政府办公室\n"))
FIRST, COPY = "营商环境重点任务清单.txt", "营商环境重点任务清单（修订稿）.txt"


def run(store: Store, *args: str):
    result = CliRunner().invoke(app, ["--store", str(store.root), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def two_versions(tmp_path) -> Store:
    """The notice, then its revision uploaded under another file name: both stored."""
    (tmp_path / FIRST).write_text(NOTICE, encoding="utf-8")
    (tmp_path / COPY).write_text(REVISED, encoding="utf-8")
    store = Store(tmp_path / "s")
    store.ingest_uploads([(NOTICE.encode("utf-8"), FIRST)])
    return store


def by_source(store: Store, name: str) -> str:
    [found] = [e.id for e in store.manifest() if e.source_name == name]
    return found


def test_a_revised_copy_under_another_name_is_kept_beside_and_the_newer_is_said(two_versions):
    report = two_versions.ingest_uploads([(REVISED.encode("utf-8"), COPY)])
    first, copy = by_source(two_versions, FIRST), by_source(two_versions, COPY)
    assert two_versions.ids() == {first, copy}, "kept beside: a 文号 read from a text is no proof of one notice"
    [kept] = report.beside
    assert (kept.newer, kept.older.id, kept.by_date) == (copy, first, False), "both dated alike: stored last"
    assert kept.says() in report.notes and f"{COPY} is the newer (stored last)" in kept.says()
    assert f"policykg remove {first[:12]}" in kept.says(), "the command line is told which id to remove"
    entries = two_versions.manifest()
    assert all(e.added for e in entries) and two_versions.newest(entries) == copy


def test_the_newer_of_two_versions_is_the_later_dated_even_when_stored_first(tmp_path):
    store = Store(tmp_path / "s")
    store.ingest_uploads([(REVISED.replace("2026年3月10日", "2026年5月20日").encode("utf-8"), COPY)])
    report = store.ingest_uploads([(NOTICE.encode("utf-8"), FIRST)])
    [kept] = report.beside
    assert (kept.newer, kept.by_date) == (by_source(store, COPY), True)
    assert f"{COPY} is the newer (by its date)" in kept.says()


def test_two_versions_are_told_apart_in_answers_and_the_matrix(two_versions):
    two_versions.ingest_uploads([(REVISED.encode("utf-8"), COPY)])
    out = run(two_versions, "ask", "市行政审批局牵头哪些任务").output
    rows = [line for line in out.splitlines() if "\t1.1\t" in line]
    assert len(rows) == 2 and rows[0].split("\t")[0] != rows[1].split("\t")[0], out
    assert any("（营商环境重点任务清单（修订稿））" in r for r in rows) and any("（营商环境重点任务清单）" in r for r in rows)
    path = two_versions.root.parent / "m.xlsx"
    run(two_versions, "export", "xlsx", "-o", str(path))
    header = [c.value for c in next(openpyxl.load_workbook(path)["矩阵 Matrix"].iter_rows(max_row=1))]
    assert len(header) == len(set(header)) == 1 + 5 + 5, header
    assert "烟测办发〔2026〕12号（营商环境重点任务清单（修订稿）） 任务5" in header
    ledger = two_versions.root.parent / "ledger.xlsx"
    run(two_versions, "progress", "ledger", "-o", str(ledger), "--unit", "市行政审批局", "--today", "2026-12-01")
    tasks = [r[2] for r in openpyxl.load_workbook(ledger).worksheets[0].iter_rows(values_only=True)
             if r[2] and "任务1.1" in str(r[2])]
    assert len(tasks) == len(set(tasks)) == 2, tasks


def test_documents_alone_in_their_label_are_named_as_before(tmp_path):
    store = Store(tmp_path / "s")
    store.ingest_uploads([(NOTICE.encode("utf-8"), FIRST),
                          (NOTICE.replace("12号", "13号").replace("一网通办", "一件事一次办").encode("utf-8"), "b.txt")])
    out = run(store, "ask", "市行政审批局牵头哪些任务").output
    assert "烟测办发〔2026〕12号\t1.1" in out and "烟测办发〔2026〕13号\t1.1" in out and "（" not in out.split("\t")[0]


def test_a_revision_replacing_its_first_version_says_what_changed(tmp_path):
    """The first version given again under its own file name, revised: the note lists the task added and the one
    dropped, the renumbering, the deadlines moved and the unit added (not 'renamed (— → 市自然资源和规划局)')."""
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / FIRST).write_text(NOTICE, encoding="utf-8")
    (tmp_path / "b" / FIRST).write_text(REVISED, encoding="utf-8")
    store = Store(tmp_path / "s")
    run(store, "ingest", str(tmp_path / "a" / FIRST))
    out = run(store, "ingest", str(tmp_path / "b" / FIRST)).output
    [note] = [line for line in out.splitlines() if "changed from the version it replaces" in line]
    for said in ("任务5 新增 added: 开展营商环境满意度第三方评估", "任务4 删除 dropped: 开展进企业解难题服务活动",
                 "任务5 → 任务4 重新编号 renumbered", "1.1 深化一网通办改革: 期限 deadline 2026年6月底前 → 2026年12月底前",
                 "2.1 开展涉企收费专项整治: 期限 deadline 2026年11月底前 → 2027年1月底前",
                 "3.1 优化用水用气报装服务: 责任单位 responsible + 市自然资源和规划局"):
        assert said in note, (said, note)
    assert "renamed" not in out, "a unit added is no rename"
    assert "任务2 " not in note.split("changed from the version it replaces")[1].replace("2.1 ", ""), \
        "an unchanged task is not listed"
