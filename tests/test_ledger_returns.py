"""Returned ledgers as staff really fill them (from a 区委督查室 officer's three months, review45): several units
reporting on one duty, an old ledger imported again, the words and dates people type, added rows, a deleted
column. Each case is a real workbook written by the ledger exporter, filled in with openpyxl, read back and
imported into a copy of the sample store."""

import io
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from graph import exporters, ledger
from graph.progress import ProgressLog, new_event, parse_state, standing
from graph.status import StatusContext
from graph.store import Store
from graph.supervision import ImportRejected, apply_import, parse_date
from ingest.errors import PolicyKGError

REF = date(2024, 10, 1)
TODAY = date(2026, 1, 1)


@pytest.fixture()
def store(sample_store, tmp_path):
    shutil.copytree(sample_store.root, tmp_path / "s")
    return Store(tmp_path / "s")


def sheet_of(store: Store, unit: str) -> bytes:
    ctx = StatusContext(store.progress().current(), REF, date(2024, 10, 2))
    return exporters.export("ledger-xlsx", store.graph(), status=ctx, unit=unit)


def filled(data: bytes, fill: dict[str, tuple], *, drop_column: int | None = None, add_row: tuple = ()) -> bytes:
    """A unit's sheet filled in: task label → (填报状态, 填报日期, 办理情况); ``drop_column``: a column deleted
    (1-based); ``add_row``: a row typed under the others."""
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=ledger.HEADER_ROW + 1):
            if row[2].value in fill:
                row[10].value, row[11].value, row[12].value = fill[row[2].value]
        if add_row:
            ws.append(list(add_row))
        if drop_column:
            ws.delete_cols(drop_column)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def imported(store: Store, data: bytes, name: str = "back.xlsx"):
    session = store.open_graph()
    try:
        return apply_import(store.progress(), session, ledger.read_returned(data, name), "王督查", today=TODAY)
    finally:
        session.close()


def state_of(store: Store, label: str):
    session = store.open_graph()
    try:
        from graph.supervision import resolve, targets

        target = resolve(label, targets(session))
    finally:
        session.close()
    return store.progress().current().get(target.id)


def test_each_unit_reports_for_itself_and_a_duty_is_not_closed_by_one_unit_whatever_the_order(store, tmp_path):
    """19.2: 市工业和信息化局 leads, 市发展改革委 cooperates. The lead says 推进中, the partner 已办结: the duty stays
    推进中, with both reports kept under their units, in either order of import."""
    lead = filled(sheet_of(store, "市工业和信息化局"), {"任务19.2": ("推进中", None, "12个小区已开工9个")})
    partner = filled(sheet_of(store, "市发展改革委"), {"任务19.2": ("已办结", "2024-09-25", "本单位部分已完成")})
    copy = Store(shutil.copytree(store.root, tmp_path / "other"))
    imported(store, lead)
    imported(store, partner)
    imported(copy, partner)
    imported(copy, lead)
    for s in (store, copy):
        latest = state_of(s, "19.2")
        assert latest.state == "in_progress" and latest.unit == "市工业和信息化局"
        assert {(e.unit, e.state) for e in latest.differs} == {("市工业和信息化局", "in_progress"),
                                                               ("市发展改革委", "done")}
        assert latest.status_json()["differs"] and latest.status_json()["unit"] == "市工业和信息化局"
    # the lead's 已办结 closes it: every unit that reported now says done
    imported(store, filled(sheet_of(store, "市工业和信息化局"), {"任务19.2": ("已办结", "2024-09-30", "全部完成")}))
    latest = state_of(store, "19.2")
    assert latest.state == "done" and not latest.differs


def test_a_report_on_the_whole_duty_stands_over_earlier_unit_reports(tmp_path):
    log = ProgressLog(tmp_path)
    log.record([new_event("d/t1/1", "done", "甲", unit="区住建局"),
                new_event("d/t1/1", "in_progress", "乙", unit="某街道")])
    assert log.current()["d/t1/1"].state == "in_progress" and log.current()["d/t1/1"].differs
    log.record([new_event("d/t1/1", "done", "督查室", when=date(2024, 9, 30))])  # the supervisor closes it
    latest = log.current()["d/t1/1"]
    assert latest.state == "done" and not latest.differs and latest.unit == ""
    assert standing(list(log.events())).state == "done"


def test_an_old_ledger_imported_again_does_not_reopen_a_finished_duty(store):
    sheet = sheet_of(store, "市工业和信息化局")  # shows the records of 2024-10-01
    imported(store, filled(sheet, {"任务19.2": ("已办结", "2024-09-28", "已完成")}))  # recorded today: after the sheet
    events, unchanged, skipped = imported(store, filled(sheet, {"任务19.2": ("推进中", None, "九月的进展")}), "old.xlsx")
    assert not events and len(skipped) == 1
    assert "old.xlsx" in skipped[0] and "旧台账不改变它" in skipped[0] and "does not reopen it" in skipped[0]
    assert state_of(store, "19.2").state == "done"
    # the same sheet saying 已办结 again repeats what is recorded; it is no problem
    assert imported(store, filled(sheet, {"任务19.2": ("已办结", "2024-09-28", "已完成")}))[1]


@pytest.mark.parametrize(("word", "state"), [
    ("已完成", "done"), ("完成", "done"), ("已办结(见附件)", "done"), ("进行中", "in_progress"),
    ("正在推进", "in_progress"), ("滞后", "in_progress"), ("基本完成", "in_progress"), ("未开始", "not_started"),
    ("申请延期", "extension_requested"), ("暂停", "on_hold"), ("推進中", "in_progress"),
])
def test_the_words_staff_write_for_a_status(word, state):
    assert parse_state(word) == state


@pytest.mark.parametrize(("typed", "day"), [
    ("2026.9.28", date(2026, 9, 28)), ("2026/10/30", date(2026, 10, 30)), ("2026-9-8", date(2026, 9, 8)),
    ("2026年11月20日", date(2026, 11, 20)), ("2026年9月底", date(2026, 9, 30)), (46300, date(2026, 10, 5)),
])
def test_the_dates_staff_type(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize("typed", ["9月底", "下周", "2026-13-01", "2026年上半年"])
def test_a_date_that_is_no_day_is_refused_in_both_languages(typed):
    with pytest.raises(PolicyKGError, match="无法识别.*is not a date"):
        parse_date(typed)


def test_staff_words_are_read_and_a_word_that_says_more_stays_in_the_note(store):
    sheet = filled(sheet_of(store, "市工业和信息化局"), {"任务19.2": ("已完成", "2024.9.28", "已印发"),
                                                        "任务21.2": ("滞后", None, "展馆档期未定")})
    events, _unchanged, _skipped = imported(store, sheet)
    by_state = {e.state: e for e in events}
    assert by_state["done"].date == date(2024, 9, 28)
    assert by_state["in_progress"].note == "【滞后】展馆档期未定"


def test_every_problem_of_a_row_is_said_at_once_and_an_added_row_is_named(store):
    sheet = filled(sheet_of(store, "市工业和信息化局"), {"任务19.2": ("办好了", "下周", "")},
                   add_row=("", "", "新增工作", "自行增加的一行", "", "", "", "", "", "", "推进中", "", "补充"))
    with pytest.raises(ImportRejected) as rejected:
        imported(store, sheet)
    problems = rejected.value.problems
    assert len(problems) == 2
    assert "填报状态“办好了”无法识别" in problems[0] and "日期“下周”无法识别" in problems[0]
    assert "不是导出台账中的行" in problems[1] and "an added row?" in problems[1]
    assert store.progress().events() == []


def test_a_sheet_whose_id_column_was_deleted_is_read_by_its_task_column(store):
    sheet = filled(sheet_of(store, "市工业和信息化局"), {"任务19.2": ("推进中", None, "按任务列读取")}, drop_column=2)
    events, _unchanged, _skipped = imported(store, sheet)
    assert [(e.state, e.note, e.unit) for e in events] == [("in_progress", "按任务列读取", "市工业和信息化局")]


CITY = """青岛市人民政府办公厅关于做好采暖季供热保障工作的通知
青政办发〔2026〕15号
一、确保按时供热。11月15日正式供热。(牵头单位:市城市管理局;责任单位:各区(市)人民政府;完成时限:2026年11月15日前)
"""
DISTRICT = """即墨区人民政府办公室关于开展城市更新攻坚行动的通知
即政办发〔2026〕3号
一、老旧小区改造。完成12个小区改造。(牵头单位:区住房城乡建设局;责任单位:区财政局;完成时限:2026年10月底前)
"""


def test_a_districts_ledger_is_its_units_and_the_duties_its_city_gives_every_district(tmp_path):
    """A district's 督查室 supervises its own units, and what the city asks of every district (各区(市)); the city's
    own units are not hers (review45: --unit 即墨区 was refused as a place, and the all-units ledger held ten city
    sheets)."""
    for name, text in (("city.txt", CITY), ("district.txt", DISTRICT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store")
    store.ingest_paths([tmp_path / "city.txt", tmp_path / "district.txt"])
    ctx = StatusContext(store.progress().current(), date(2026, 11, 30), date(2026, 11, 30))
    pages = [p.unit for p in ledger.pages(store.graph(), ctx, "即墨区")]
    assert pages == ["即墨区住房城乡建设局", "即墨区财政局", "青岛市各区(市)"]
    page = exporters.export("ledger-html", store.graph(), status=ctx, unit="即墨区").decode()
    assert "督办台账:青岛市各区(市)" in page and "青岛市城市管理局" not in page.split("督办台账:青岛市各区(市)")[0]


def test_a_months_report_compiled_after_the_returns_can_count_them_and_a_late_completion_is_said(tmp_path):
    """November's 通报 made on 2 December: --late counts a 已办结 dated 25 November recorded on 2 December (the
    as-of rule alone showed the duty 逾期); a duty done after its deadline is green and says it was late."""
    from datetime import UTC, datetime

    from graph.status import category

    log = ProgressLog(tmp_path)
    recorded = datetime(2026, 12, 2, 9, tzinfo=UTC)
    log.record([new_event("d/t1/1", "done", "交通局", when=date(2026, 11, 25), at=recorded)])
    assert "d/t1/1" not in log.current(as_of=date(2026, 11, 30))
    assert log.current(as_of=date(2026, 11, 30), late=True)["d/t1/1"].state == "done"
    log.record([new_event("d/t2/1", "extension_requested", "交通局", when=date(2026, 12, 31), at=recorded)])
    assert "d/t2/1" not in log.current(as_of=date(2026, 11, 30), late=True)  # a new deadline is no work done

    class Duty:  # what progress_line reads of an assignment view
        id, due_end, recurring = "d/t1/1", date(2026, 11, 15), ""

    ctx = StatusContext.of_log(log, date(2026, 11, 30), late=True)
    assert category(Duty.due_end, True, ctx.ref, ctx.event("d/t1/1")) == "done"
    assert "逾期10天办结 done 10 days late" in ctx.progress_line(Duty)


def test_progress_log_since_shows_what_changed_since_last_months_ledger(store):
    from test_cli import run

    store_dir = store.root
    mark = ("progress", "set", "19.2", "--status", "推进中", "--by", "王督查")
    run(*mark, store=store_dir)
    today = date.today().isoformat()
    assert len(run("progress", "log", "--since", today, store=store_dir).stdout.splitlines()) == 1
    assert run("progress", "log", "--since", "2099-01-01", store=store_dir).stdout.strip() == ""
