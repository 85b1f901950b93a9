"""Progress across versions of a notice, as a city supervision office lives it month after month: a revised copy
stored beside the first and the first removed as ingest advises, a ledger issued before a new version and
returned after it, a unit renamed by 机构改革, a document removed with its progress, and records left on no
stored duty listed and moved. Real stores, real files (tests/documents/versions), the real CLI."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import ROOT
from openpyxl import load_workbook
from test_cli import run as run_cli
from typer.testing import CliRunner

from cli import app
from graph.store import ProgressAtStake, Store

VERSIONS = ROOT / "tests" / "documents" / "versions"
REVISED = "即墨区城市更新通知（修订）.txt"


def run(store: Store, *args: str, ok: bool = True):
    out = CliRunner().invoke(app, ["--store", str(store.root), *args])
    if ok:
        assert out.exit_code == 0, out.output + str(out.exception)
    return out


def by_source(store: Store, name: str) -> str:
    [doc_id] = [e.id for e in store.manifest() if e.source_name.endswith(name)]
    return doc_id


def duty(store: Store, doc_id: str, title: str) -> str:
    """The id of the first clause of the task titled ``title``."""
    doc = store.document(doc_id)
    [index] = [i for i, t in enumerate(doc.tasks, start=1) if t.title == title]
    return f"{doc_id}/t{index}/1"


def fill(ledger, out, rows: dict[str, tuple[str, str, str]]) -> int:
    """Fill 填报状态/填报日期/办理情况 of the first row of each 分工编号 that is a key (a duty is on the sheet of
    each of its units); returns how many were filled."""
    wb = load_workbook(ledger)
    filled: set[str] = set()
    for ws in wb.worksheets:
        for r in range(6, ws.max_row + 1):
            if (ref := ws.cell(r, 2).value) in rows and ref not in filled:
                for col, value in zip((11, 12, 13), rows[ref], strict=True):
                    ws.cell(r, col, value)
                filled.add(ref)
    wb.save(out)
    return len(filled)


@pytest.fixture()
def month1(tmp_path) -> Store:
    store = Store(tmp_path / "s")
    run(store, "ingest", str(VERSIONS / "month1"))
    return store


def test_month_after_month_the_revised_copy_removed_as_advised_keeps_progress_and_old_ledgers(month1, tmp_path):
    """The reviewer's months: progress recorded on the district notice; its revised copy (new file name, same
    文号) kept beside it; the first removed as ingest advises — and 停车设施建设 lost 已办结. Now the advised
    removal carries the progress into the copy kept, and the ledger issued before still comes back."""
    store = month1
    jimo = by_source(store, "jimo_notice.txt")
    parking, lanes = duty(store, jimo, "停车设施建设"), duty(store, jimo, "背街小巷整治")
    drainage = duty(store, jimo, "排水管网改造")  # no progress recorded on it
    run(store, "progress", "set", parking, "--status", "已办结", "--date", "2026-09-10", "--by", "督查室")
    run(store, "progress", "set", lanes, "--status", "推进中", "--by", "督查室")
    ledger = tmp_path / "ledger.xlsx"
    run(store, "progress", "ledger", "-o", str(ledger), "--today", "2026-08-15")

    revised = tmp_path / "revised"
    shutil.copytree(VERSIONS / "revised", revised)
    out = run(store, "ingest", str(revised / REVISED))
    assert "both are kept" in out.output and f"({jimo[:12]} is the stored one)" in out.output
    assert "the progress recorded on its duties follows them into the one kept" in out.output
    copy = by_source(store, REVISED)

    out = run(store, "remove", jimo[:12])
    assert f"the progress recorded on 2 of its duties follows them into {REVISED} (id {copy[:12]})" in out.output
    assert store.ids() == {copy, by_source(store, "jiaozhou_invest.txt"), by_source(store, "city_plan.txt")}
    answer = run(store, "ask", "即墨区公安分局牵头哪些任务").output
    assert "停车设施建设" in answer and "[已办结]" in answer
    current = store.progress().current()
    assert current[duty(store, copy, "停车设施建设")].date == date(2026, 9, 10)
    assert current[duty(store, copy, "背街小巷整治")].state == "in_progress"

    # the ledger issued in month 1 names the removed version's ids, with and without progress
    returned = tmp_path / "returned.xlsx"
    assert fill(ledger, returned, {lanes: ("已办结", "2026-09-20", "60条已整治"),
                                   drainage: ("推进中", "", "管网已开工")}) == 2
    out = run(store, "progress", "import", str(returned), "--by", "区城市管理局")
    assert "recorded 2 event(s)" in out.output and "not recorded" not in out.output
    current = store.progress().current()
    assert (current[duty(store, copy, "背街小巷整治")].note,
            current[duty(store, copy, "排水管网改造")].note) == ("60条已整治", "管网已开工")
    assert store.progress().stranded(store.ids()) == {}, "nothing was left behind"


def test_a_ledger_issued_before_a_new_version_maps_every_duty_and_names_the_dropped_rows(month1, tmp_path):
    """A ledger issued at month 1, returned after the city plan lost task 6: the rows of duties that had no
    progress (task 7, now task 6; task 1, reworded) were 'unknown assignment' and nothing was recorded. Every
    duty with a counterpart maps; the dropped duty's row is named by id and title and the rest recorded."""
    store = month1
    plan = by_source(store, "city_plan.txt")
    ledger = tmp_path / "ledger.xlsx"
    run(store, "progress", "ledger", "-o", str(ledger), "--today", "2026-08-15", "--unit", "市工信局")
    out = run(store, "ingest", str(VERSIONS / "month2" / "city_plan.txt"))
    new = by_source(store, "city_plan.txt")
    assert f"replaced {plan[:12]}" in out.output
    moves = store.progress().moves()
    assert moves[f"{plan}/t7/1"] == f"{new}/t6/1" and moves[f"{plan}/t1/1"] == f"{new}/t1/1"
    assert f"{plan}/t6/1" not in moves, "the deleted task is no duty's counterpart"
    returned = tmp_path / "returned.xlsx"
    assert fill(ledger, returned, {f"{plan}/t7/1": ("推进中", "", "已召开专题会"),
                                   f"{plan}/t1/1": ("推进中", "", "已培育8个平台"),
                                   f"{plan}/t6/1": ("已办结", "2026-08-01", "已遴选30家")}) == 3
    out = run(store, "progress", "import", str(returned), "--by", "市工信局")
    assert "recorded 2 event(s)" in out.output and "1 row(s) of duties no stored document holds" in out.output
    assert f"duty {plan}/t6/1 (青政办发〔2026〕5号 重点任务.6.1 培育数字化服务商: 培育数字化服务商。遴选30家优质服务商。)" \
        in out.output and "its document was replaced" in out.output
    current = store.progress().current()
    assert (current[f"{new}/t6/1"].note, current[f"{new}/t1/1"].note) == ("已召开专题会", "已培育8个平台")
    assert not any(a.startswith(plan) for a in current), "nothing recorded under the replaced version's ids"


def test_a_unit_renamed_by_reform_is_the_same_duty(month1):
    """机构改革: task (一)'s lead 市投资促进中心 became 市招商服务中心, its title and words otherwise the same;
    its progress was stranded under the old id with only that id said. It is the same duty: the progress
    follows and the note says the rename."""
    store = month1
    old = by_source(store, "jiaozhou_invest.txt")
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--note", "已组织8次", "--by", "督查室")
    out = run(store, "ingest", str(VERSIONS / "month2" / "jiaozhou_invest.txt"))
    new = by_source(store, "jiaozhou_invest.txt")
    assert new != old and "not in this version" not in out.output
    assert ("(一).1 开展驻点招商 is the same duty with its units renamed (市投资促进中心 → 市招商服务中心); its "
            "recorded progress follows it") in out.output
    assert store.progress().current()[f"{new}/t1/1"].note == "已组织8次"
    answer = run(store, "ask", "市招商服务中心牵头哪些任务").output
    assert "开展驻点招商" in answer and "[推进中]" in answer


def test_a_changed_task_with_a_renamed_unit_is_not_taken_for_the_same_duty(tmp_path):
    """Only the units' names may differ: a task whose clause also says something else is another duty."""
    text = (VERSIONS / "month1" / "jiaozhou_invest.txt").read_text(encoding="utf-8")
    store = Store(tmp_path / "s")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "j.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "j.txt").write_text(text.replace("市投资促进中心", "市招商服务中心").replace(
        "全年组织驻点招商活动20次", "赴长三角设立驻点并常态化开展对接"), encoding="utf-8")
    run(store, "ingest", str(tmp_path / "a" / "j.txt"))
    [old] = store.ids()
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--by", "督查室")
    out = run(store, "ingest", str(tmp_path / "b" / "j.txt"))
    assert "1 duty with recorded progress is not in this version" in out.output
    assert f"{old}/t1/1 ((一).1 开展驻点招商: 开展驻点招商。全年组织驻点招商活动20次。" in out.output, "said with its title"
    assert "renamed" not in out.output


def test_removing_a_version_whose_successor_is_stored_says_what_to_do_then(tmp_path):
    """A reviewer removed v1 with v2 (same 文号, another file) stored: the refusal said to ingest the new version
    first, which was done already; it says how to move the records once removed."""
    text = (VERSIONS / "month1" / "jiaozhou_invest.txt").read_text(encoding="utf-8")
    store = Store(tmp_path / "s")
    (tmp_path / "v1.txt").write_text(text, encoding="utf-8")
    # the duty is reassigned to a unit the first version names too: another duty, its records stranded
    (tmp_path / "v2.txt").write_text(text.replace("牵头单位：市投资促进中心", "牵头单位：市行政审批服务局"),
                                     encoding="utf-8")
    run(store, "ingest", str(tmp_path / "v1.txt"))
    [old] = store.ids()
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--by", "督查室")
    run(store, "ingest", str(tmp_path / "v2.txt"))
    assert old in store.ids() and len(store.ids()) == 2
    refused = run_cli("remove", old[:12], store=store.root, check=False)
    assert refused.returncode == 1 and "its new version is stored" in refused.stderr, refused.stderr
    assert "ingest the document's new version first" not in refused.stderr and "progress move" in refused.stderr


def test_removing_a_document_with_progress_needs_force_and_the_records_stay_findable(month1):
    """`remove` said nothing of the progress recorded on the document; `progress log --unit` then called the
    unit unknown. Removing what would strand progress is refused with the count and the duties, --force
    removes it, and the records are listed, found by unit and moved to a duty when the document returns."""
    store = month1
    old = by_source(store, "jiaozhou_invest.txt")
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--note", "已组织8次", "--by", "督查室")
    refused = run_cli("remove", old[:12], store=store.root, check=False)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr
    assert "has progress recorded on 1 duty; 1 would be on no stored duty" in refused.stderr
    assert "(一).1 开展驻点招商" in refused.stderr and "--force" in refused.stderr and old in store.ids()
    with pytest.raises(ProgressAtStake):
        store.remove([old])
    out = run(store, "remove", old[:12], "--force")
    assert "stays in the log" in out.output and old not in store.ids()

    log = run(store, "progress", "log", "--unit", "市投资促进中心")
    assert "已组织8次" in log.output and "in no stored document now" in log.output
    stranded = run(store, "progress", "stranded").output
    assert f"{old}/t1/1\t推进中\t1 record(s)\t胶政发〔2026〕2号 (一).1 开展驻点招商" in stranded

    run(store, "ingest", str(VERSIONS / "month2" / "jiaozhou_invest.txt"))  # the new version, after the removal
    new = by_source(store, "jiaozhou_invest.txt")
    assert f"{new}/t1/1" not in store.progress().current()
    wrong = run_cli("progress", "move", f"{old}/t1/1", f"{new}/t1/1", "--by", " ", store=store.root, check=False)
    assert wrong.returncode == 1 and "needs a name" in wrong.stderr and f"{new}/t1/1" not in store.progress().current()
    out = run(store, "progress", "move", f"{old}/t1/1", f"{new}/t1/1", "--by", "督查室")
    assert f"moved 1 record(s) of {old}/t1/1 to {new}/t1/1" in out.output
    assert store.progress().current()[f"{new}/t1/1"].note == "已组织8次"
    assert "no records are left" in run(store, "progress", "stranded").output
    again = run_cli("progress", "move", f"{old}/t1/1", f"{new}/t1/1", "--by", "督查室", store=store.root, check=False)
    assert again.returncode == 1 and "no records left on a duty" in again.stderr, "moved once"


def test_a_move_keeps_a_newer_report_of_the_duty_current(month1):
    """Records moved onto a duty are appended after its own, yet older: the status stays the latest report."""
    from graph.progress import new_event

    store = month1
    old = by_source(store, "jiaozhou_invest.txt")
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--by", "督查室")
    run(store, "remove", old, "--force")
    run(store, "ingest", str(VERSIONS / "month2" / "jiaozhou_invest.txt"))
    new = by_source(store, "jiaozhou_invest.txt")
    later = new_event(f"{new}/t1/1", "done", "督查室", when=date(2026, 11, 1),
                      at=datetime.now(UTC) + timedelta(minutes=5))
    store.progress().record([later])
    store.progress().record([new_event(f"{old}/t1/1", "on_hold", "督查室",
                                       at=later.at.replace(year=later.at.year - 1))])
    run(store, "progress", "move", f"{old}/t1/1", f"{new}/t1/1", "--by", "督查室")
    assert store.progress().current()[f"{new}/t1/1"].state == "done"


def test_the_app_says_where_a_removed_document_s_progress_goes_and_moves_stranded_records(tmp_path, monkeypatch):
    """The app's remove button removed a document and its progress went unsaid, and records left on no duty
    could be neither seen nor moved. The confirmation says where the progress goes (the other stored version)
    or that it would be left on no duty, which needs one more tick; the upload page lists such records and
    moves them to a stored duty."""
    from test_app import goto, html_of, start

    store = Store(tmp_path / "s")
    run(store, "ingest", str(VERSIONS / "month1" / "jiaozhou_invest.txt"), str(VERSIONS / "month1" / "jimo_notice.txt"))
    jiaozhou, jimo = by_source(store, "jiaozhou_invest.txt"), by_source(store, "jimo_notice.txt")
    run(store, "progress", "set", f"{jiaozhou}/t1/1", "--status", "推进中", "--note", "已组织8次", "--by", "督查室")
    run(store, "progress", "set", duty(store, jimo, "停车设施建设"), "--status", "已办结", "--date", "2026-09-10",
        "--by", "督查室")
    run(store, "ingest", str(VERSIONS / "revised" / REVISED))
    copy = by_source(store, REVISED)

    at = start(store.root, monkeypatch, "upload")
    at.button(key=f"remove-{jimo}").click().run()
    assert any("follows them into the other stored version" in i.value for i in at.info)
    assert not at.error and not at.button(key="remove_confirm").disabled
    at.button(key="remove_confirm").click().run()
    assert not at.exception and "已移除" in at.success[0].value and "follows them into" in at.success[0].value
    assert store.progress().current()[duty(store, copy, "停车设施建设")].state == "done"

    at.button(key=f"remove-{jiaozhou}").click().run()
    assert "would be left on no stored duty" in at.error[0].value and "开展驻点招商" in at.error[0].value
    assert at.button(key="remove_confirm").disabled, "one more tick first"
    at.checkbox(key="remove_force").check().run()
    at.button(key="remove_confirm").click().run()
    assert not at.exception and jiaozhou not in store.ids()
    assert f"{jiaozhou}/t1/1" in html_of(at) and "开展驻点招商" in html_of(at), "listed as left on no duty"

    at.file_uploader[0].upload("jiaozhou_invest.txt", (VERSIONS / "month2" / "jiaozhou_invest.txt").read_bytes(),
                               "text/plain").run()
    at.button(key="ingest").click().run()
    new = by_source(store, "jiaozhou_invest.txt")
    goto(at, "upload")
    [suggested] = [b for b in at.selectbox if str(b.key).startswith(f"stranded_new-{jiaozhou}/t1/1-")]
    assert suggested.value == f"{new}/t1/1", "the same task of the same 文号 is suggested"
    at.text_input(key="stranded_by").set_value("督查室")
    [move] = [b for b in at.button if b.label == "移动记录 Move the records"]
    move.click().run()
    assert not at.exception and not at.error, at.error
    assert any(f"to {new}/t1/1" in s.value for s in at.success)
    assert store.progress().current()[f"{new}/t1/1"].note == "已组织8次"
    assert "无对应分工的进展记录" not in " ".join(e.label for e in at.expander)


KEYED = """青岛市人民政府办公厅关于做好2026年外贸稳增长工作的通知
青政办字〔2026〕30号

一、重点工作
1．组织企业参加境外展会。（牵头单位：市商务局；配合单位：市财政局；完成时限：2026年6月底前）
2．开展外贸企业培训。（牵头单位：市商务局；完成时限：2026年9月底前）
3．落实出口退税政策。（牵头单位：青岛市税务局；配合单位：市财政局；完成时限：每季度）
"""


def two_versions(tmp_path, first: str, second: str) -> tuple[Store, str, object]:
    """A store holding ``first`` (as a/n.txt) with 已办结 on its duty 1.1, then ``second`` (b/n.txt) ingested:
    (the store, the first version's 1.1, the second ingest's output)."""
    store = Store(tmp_path / "s")
    for folder, text in (("a", first), ("b", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "n.txt").write_text(text, encoding="utf-8")
    run(store, "ingest", str(tmp_path / "a" / "n.txt"))
    [doc_id] = store.ids()
    run(store, "progress", "set", f"{doc_id}/t1/1", "--status", "已办结", "--note", "商务局组团参展完成",
        "--by", "督查室")
    return store, f"{doc_id}/t1/1", run(store, "ingest", str(tmp_path / "b" / "n.txt"))


def test_a_duty_handed_to_another_unit_keeps_its_progress_on_the_earlier_duty(tmp_path):
    """The reviewer's 外贸 notice: v2 gives 1 to 市贸促会 while 市商务局 still holds 2 (a reassignment, not a
    rename): 已办结 must not silently become 市贸促会's; it stays on the earlier duty, named, with the move."""
    second = KEYED.replace("牵头单位：市商务局；配合单位：市财政局", "牵头单位：市贸促会；配合单位：市财政局").replace(
        "配合单位：市财政局；完成时限：每季度", "配合单位：市商务局；完成时限：每季度")
    store, old, out = two_versions(tmp_path, KEYED, second)
    [new_doc] = store.ids()
    assert ("1.1 组织企业参加境外展会 is assigned anew (lead 市商务局 → 市贸促会): its recorded progress is not "
            f"carried; it stays on the earlier duty {old}") in out.output
    assert f"policykg progress move {old} {new_doc}/t1/1 --by NAME" in out.output
    assert store.progress().current().get(f"{new_doc}/t1/1") is None
    assert old in store.progress().stranded(store.ids())
    assert "已办结" not in run(store, "ask", "已办结的任务").output.split("理解为")[-1].replace("进展:已办结", "")


def test_lead_and_cooperating_swapped_is_not_the_same_duty(tmp_path):
    first = ("青岛市人民政府办公厅关于做好2026年项目建设工作的通知\n青政办字〔2026〕40号\n\n一、重点工作\n"
             "1．推动签约项目落地。市投资促进中心牵头，市商务局配合，2026年11月底前完成。\n"
             "2．开展项目观摩。市发展改革委牵头，2026年10月底前完成。\n")
    second = first.replace("市投资促进中心牵头，市商务局配合", "市商务局牵头，市投资促进中心配合")
    store, old, out = two_versions(tmp_path, first, second)
    assert "is assigned anew (lead 市投资促进中心 → 市商务局; cooperating 市商务局 → 市投资促进中心)" in out.output
    assert old in store.progress().stranded(store.ids())


def test_a_keyed_clause_whose_unit_is_renamed_is_the_same_duty_and_ingest_says_so(tmp_path):
    second = KEYED.replace("市财政局", "市财政金融局")
    store, old, out = two_versions(tmp_path, KEYED, second)
    [new_doc] = store.ids()
    assert ("1.1 组织企业参加境外展会 is the same duty with its units renamed (市财政局 → 市财政金融局); its "
            "recorded progress follows it") in out.output
    assert store.progress().current()[f"{new_doc}/t1/1"].state == "done"
    assert not store.progress().stranded(store.ids())


def test_progress_log_shows_a_carried_record_once_on_the_duty_it_is_on_now(tmp_path):
    """A record a new version carried over was listed twice (under the old id and the new); now once, under the
    duty it is on, saying the earlier id it came from — in text and JSON, and when asked by the old id."""
    store, old, _ = two_versions(tmp_path, KEYED, KEYED.replace("市财政局", "市财政金融局"))
    [new_doc] = store.ids()
    lines = run(store, "progress", "log").output.splitlines()
    assert len(lines) == 1 and f"\t{new_doc}/t1/1\t已办结" in lines[0]
    assert lines[0].endswith(f"商务局组团参展完成 (自早期版本 from earlier version {old})")
    [event] = json.loads(run(store, "progress", "log", "--json").output)
    assert event["assignment"] == f"{new_doc}/t1/1" and event["moved_from"] == old
    assert run(store, "progress", "log", "--assignment", old).output.splitlines() == lines


def test_a_removed_duty_is_named_with_its_section_where_its_number_repeats(tmp_path):
    """Numbering restarts in 保障措施: the store names its first task "保障措施.1", and so must the remove refusal
    and the stranded list (they said a bare "1.1", which is 重点任务's)."""
    text = ("青岛市人民政府办公厅关于做好2026年稳就业工作的通知\n青政办字〔2026〕50号\n\n一、重点任务\n"
            "1．开展技能培训。（牵头单位：市人力资源社会保障局；完成时限：2026年6月底前）\n"
            "2．开发公益岗位。（牵头单位：市民政局；完成时限：2026年9月底前）\n二、保障措施\n"
            "1．落实资金保障。（牵头单位：市财政局；完成时限：2026年12月底前）\n"
            "2．加强督导检查。（牵头单位：市政府办公厅；完成时限：2026年12月底前）\n")
    (tmp_path / "n.txt").write_text(text, encoding="utf-8")
    store = Store(tmp_path / "s")
    run(store, "ingest", str(tmp_path / "n.txt"))
    run(store, "progress", "set", "保障措施.1.1", "--status", "推进中", "--by", "督查室")
    [doc_id] = store.ids()
    refused = run(store, "remove", doc_id[:12], ok=False)
    said = refused.output + str(refused.exception)
    assert refused.exit_code != 0 and "(保障措施.1.1 落实资金保障: 落实资金保障。" in said, said
    run(store, "remove", doc_id[:12], "--force")
    assert "\t青政办字〔2026〕50号 保障措施.1.1 落实资金保障" in run(store, "progress", "stranded").output


def test_a_stranded_record_is_offered_no_renumbered_task_of_another_title(tmp_path, monkeypatch):
    """v2 drops task 2, so its 3 is now numbered 2: the move form preselected that "2.1" (another task) for the
    records left on the dropped 2.1. Now no duty is preselected unless its task title is the same; the options
    show task titles; moving without a choice is refused; the CLI's move across titles says so."""
    from test_app import start

    second = KEYED.replace("2．开展外贸企业培训。（牵头单位：市商务局；完成时限：2026年9月底前）\n", "").replace(
        "3．落实出口退税政策", "2．落实出口退税政策")
    store = Store(tmp_path / "s")
    for folder, text in (("a", KEYED), ("b", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "n.txt").write_text(text, encoding="utf-8")
    run(store, "ingest", str(tmp_path / "a" / "n.txt"))
    [first] = store.ids()
    run(store, "progress", "set", f"{first}/t2/1", "--status", "推进中", "--by", "督查室")
    run(store, "ingest", str(tmp_path / "b" / "n.txt"))
    [new] = store.ids()

    at = start(store.root, monkeypatch, "upload")
    [box] = [b for b in at.selectbox if str(b.key).startswith(f"stranded_new-{first}/t2/1-")]
    assert box.value is None, "2.1 is now 落实出口退税政策, not the dropped 开展外贸企业培训"
    assert any("2.1 落实出口退税政策" in o for o in box.options), box.options
    [move] = [b for b in at.button if b.label == "移动记录 Move the records"]
    at.text_input(key="stranded_by").set_value("督查室")
    move.click().run()
    assert "Choose the duty" in at.error[0].value and f"{first}/t2/1" in store.progress().stranded(store.ids())

    out = run(store, "progress", "move", f"{first}/t2/1", f"{new}/t2/1", "--by", "督查室")
    assert (f"note: the task titles differ: {first}/t2/1 was 2.1 开展外贸企业培训; {new}/t2/1 is 2.1 落实出口退税政策"
            in out.output)


@pytest.mark.browser
def test_on_a_phone_the_stranded_table_keeps_the_duty_s_title(tmp_path, monkeypatch):
    """At 390 px the phone style hid the 原分工 column (it carried pk-c-clause), leaving ids and states only. The
    table the upload page renders, in real Chromium with the app's stylesheet: the title shows, the clause goes."""
    from playwright.sync_api import sync_playwright
    from test_app import html_of, start
    from test_browser import CHROMIUM_ARGS, PHONE, _executable

    from app_pages.style import CSS

    second = KEYED.replace("2．开展外贸企业培训。（牵头单位：市商务局；完成时限：2026年9月底前）\n", "")
    store, _, _ = two_versions(tmp_path, KEYED.replace("1．组织企业参加境外展会", "1．开展外贸企业培训"),
                               second.replace("1．组织企业参加境外展会", "1．举办线上展会"))
    at = start(store.root, monkeypatch, "upload")
    [table] = [h for h in html_of(at).split("\n") if "pk-stranded" in h]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE)
            page.set_content(f"<html><body>{CSS}{table}</body></html>")
            visible = page.inner_text("table")
        finally:
            browser.close()
    assert "开展外贸企业培训" in visible and "市商务局" in visible, visible
    assert "条款 Clause" not in visible, "the clause is left to the desktop"


def test_a_duty_that_only_gained_a_unit_keeps_its_progress_and_the_change_is_said(tmp_path):
    """The reviewer's 沂阳 revision: task 5.1 only gained 县住建局 as a responsible unit, and its 已办结 was left on
    no stored duty ('assigned anew', the added unit being named elsewhere in the notice). Every earlier unit is
    still on it and its lead still leads: the same duty, its records follow, and the change is still said."""
    second = KEYED.replace("配合单位：市财政局；完成时限：2026年6月底前", "配合单位：市财政局、青岛市税务局；完成时限：2026年6月底前")
    assert second != KEYED
    store, old, out = two_versions(tmp_path, KEYED, second)
    [new_doc] = store.ids()
    assert store.progress().current()[f"{new_doc}/t1/1"].state == "done"
    assert not store.progress().stranded(store.ids())
    assert "assigned anew" not in out.output
    assert "1.1 组织企业参加境外展会: 配合单位 cooperating + 市税务局" in out.output, "the diff still says it"
    assert ("1.1 组织企业参加境外展会 is the same duty with units added or moved beside its lead (cooperating 市财政局 → "
            "市财政局、市税务局); its recorded progress follows it") in out.output
    assert f"{old} ->" not in run(store, "progress", "stranded").output


def test_a_unit_moved_beside_the_lead_is_the_same_duty_and_a_dropped_one_is_not(tmp_path):
    """Roles changed beside an unchanged lead (配合 → 责任) keep the duty; a unit taken off it does not."""
    moved = KEYED.replace("牵头单位：市商务局；配合单位：市财政局；完成时限：2026年6月底前",
                          "牵头单位：市商务局；责任单位：市财政局；完成时限：2026年6月底前")
    assert moved != KEYED
    (tmp_path / "moved").mkdir(), (tmp_path / "dropped").mkdir()
    store, old, _out = two_versions(tmp_path / "moved", KEYED, moved)
    [new_doc] = store.ids()
    assert store.progress().current()[f"{new_doc}/t1/1"].state == "done"
    dropped = KEYED.replace("牵头单位：市商务局；配合单位：市财政局；完成时限：2026年6月底前",
                            "牵头单位：市商务局；配合单位：青岛市税务局；完成时限：2026年6月底前")
    store, old, out = two_versions(tmp_path / "dropped", KEYED, dropped)
    assert "is assigned anew (cooperating 市财政局 → 市税务局)" in out.output
    assert old in store.progress().stranded(store.ids())


def _handed_over_and_grown() -> str:
    """KEYED revised: 1.1's lead handed to 市贸促会 (another duty), 2.1 only gaining a cooperating unit."""
    return (KEYED.replace("牵头单位：市商务局；配合单位：市财政局；完成时限：2026年6月底前",  # lead handed over
                            "牵头单位：市贸促会；配合单位：市商务局；完成时限：2026年6月底前")
              .replace("（牵头单位：市商务局；完成时限：2026年9月底前）",  # a unit added
                       "（牵头单位：市商务局；配合单位：市财政局；完成时限：2026年9月底前）"))


def test_a_copy_kept_beside_says_which_records_would_not_follow_and_remove_does_as_said(tmp_path):
    """The note on a revised copy kept under a new name said the progress on the first's duties follows them into
    the one kept; removing it then refused because 3 of 5 records would be stranded. The note now says which,
    by the rule `remove` uses, and `remove` does what it said."""
    second = _handed_over_and_grown()
    assert second.count("市贸促会") == 1 and "配合单位：市财政局；完成时限：2026年9月底前" in second
    store = Store(tmp_path / "s")
    (tmp_path / "n.txt").write_text(KEYED, encoding="utf-8")
    (tmp_path / "n（修订稿）.txt").write_text(second, encoding="utf-8")
    run(store, "ingest", str(tmp_path / "n.txt"))
    [first] = store.ids()
    for task in ("t1", "t2"):
        run(store, "progress", "set", f"{first}/{task}/1", "--status", "推进中", "--by", "督查室")
    out = run(store, "ingest", str(tmp_path / "n（修订稿）.txt")).output
    assert "both are kept" in out
    said = " ".join(out.split())
    assert "of the 2 duties with recorded progress, 1 follow into the one kept and 1 would be on no stored duty" in said
    assert f"{first}/t1/1 (1.1 组织企业参加境外展会" in said
    assert "the progress recorded on its duties follows them into the one kept" not in said
    refused = run_cli("remove", first[:12], store=store.root, check=False)
    assert refused.returncode == 1 and "1 follow into" in refused.stderr and "1 would be on no" in refused.stderr
    assert f"{first}/t1/1" in refused.stderr and f"{first}/t2/1 " not in refused.stderr
    run(store, "remove", first[:12], "--force")
    [copy] = store.ids()
    assert store.progress().current()[f"{copy}/t2/1"].state == "in_progress"
    assert set(store.progress().stranded(store.ids())) == {f"{first}/t1/1"}


def test_a_copy_kept_beside_says_what_it_changes_and_remove_names_the_duty_assigned_anew(tmp_path):
    """A 修订稿 under a new file name was kept beside its original with no word of what it changed (the same file
    copied over the old name listed every change), and `remove` of the original said its new version "holds no
    such duty" where it holds the duty with its lead handed over (review 李, defect 5)."""
    store = Store(tmp_path / "s")
    (tmp_path / "n.txt").write_text(KEYED, encoding="utf-8")
    (tmp_path / "n（修订稿）.txt").write_text(_handed_over_and_grown(), encoding="utf-8")
    run(store, "ingest", str(tmp_path / "n.txt"))
    [first] = store.ids()
    run(store, "progress", "set", f"{first}/t1/1", "--status", "推进中", "--by", "督查室")
    said = " ".join(run(store, "ingest", str(tmp_path / "n（修订稿）.txt")).output.split())
    assert "changed from n.txt, stored with the same 文号" in said
    assert "牵头单位 lead + 市贸促会" in said and "牵头单位 lead − 市商务局" in said
    refused = run_cli("remove", first[:12], store=store.root, check=False)
    [copy] = store.ids() - {first}
    line = " ".join(refused.stderr.split())
    assert refused.returncode == 1 and f"assigns {first}/t1/1 anew as {copy}/t1/1 (lead 市商务局 → 市贸促会;" in line
    assert "holds no such duty" not in line and "progress move OLD NEW" in line


def test_the_upload_page_says_which_records_would_not_follow_into_the_copy_kept(tmp_path, monkeypatch):
    """The page's warning on two stored versions said every record follows into the one kept, as the note did."""
    from test_app import start

    store = Store(tmp_path / "s")
    (tmp_path / "n.txt").write_text(KEYED, encoding="utf-8")
    run(store, "ingest", str(tmp_path / "n.txt"))
    [first] = store.ids()
    for task in ("t1", "t2"):
        run(store, "progress", "set", f"{first}/{task}/1", "--status", "推进中", "--by", "督查室")
    at = start(store.root, monkeypatch, "upload")
    at.file_uploader[0].upload("n（修订稿）.txt", _handed_over_and_grown().encode("utf-8"), "text/plain").run()
    at.button(key="ingest").click().run()
    assert not at.exception and not at.error, at.error
    [said] = [w.value for w in at.warning if "现存两个版本" in w.value]
    said = said.replace("\\", "")
    assert "它有 2 项分工记有进展:1 项随分工转入保留的一份,1 项在保留的一份中没有对应分工" in said, said
    assert "1.1 组织企业参加境外展会" in said and "follows them into the one kept." not in said


def test_an_old_link_to_a_task_whose_duty_a_revision_reassigned_says_its_records_are_stranded(tmp_path,
                                                                                              monkeypatch):
    """A link to the first version's task 二 opened the revision's task 二 saying "No progress recorded yet", not
    that the old duty's 已办结 stayed behind (a revision gave the task to a unit the first version names too: another duty). The Task
    page says so in one line, with a link to the Upload page, which moves records."""
    from test_app import start

    text = ("新郑市人民政府办公室关于印发2026年城市管理重点任务的通知\n新政办〔2026〕5号\n\n"
            "一、开展背街小巷整治。（牵头单位：市城市管理局；完成时限：2026年6月底前）\n"
            "二、完成积水点改造。（牵头单位：市住房城乡建设局；完成时限：2026年8月底前）\n\n"
            "新郑市人民政府办公室\n2026年2月3日\n")
    source = tmp_path / "a" / "新郑城市管理.txt"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "s")
    run(store, "ingest", str(source))
    [old] = store.ids()
    run(store, "progress", "set", f"{old}/t1/1", "--status", "推进中", "--by", "督查室")
    run(store, "progress", "set", f"{old}/t2/1", "--status", "已办结", "--date", "2026-05-20", "--by", "督查室")
    revised = tmp_path / "b" / "新郑城市管理.txt"
    revised.parent.mkdir()
    revised.write_text(text.replace("牵头单位：市住房城乡建设局", "牵头单位：市城市管理局"), encoding="utf-8")
    run(store, "ingest", str(revised))
    [new] = store.ids()
    assert new != old and f"{old}/t2/1" in store.progress().stranded(store.ids())

    at = start(store.root, monkeypatch, "task", doc=old, task="二")
    said = [w.value for w in at.warning]
    assert any("旧版本任务 二 的进展记录(二.1 已办结)没有随新版本移动" in w for w in said), said
    assert 'href="upload' in "\n".join(h.proto.body for h in at.get("html"))
    at = start(store.root, monkeypatch, "task", doc=old, task="一")  # its record moved with it: nothing to say
    assert not any("没有随新版本移动" in w.value for w in at.warning)
    assert "推进中" in "\n".join(h.proto.body for h in at.get("html"))
