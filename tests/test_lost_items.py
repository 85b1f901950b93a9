"""Nothing of a task is lost without a word (issue 14): an item the walk cannot place, a role clause another
attribution of its task outweighs, a deadline clause of no known form and the items of a table that could not be
read are each said with their line."""

from __future__ import annotations

from conftest import ROOT

from bench.parse_eval import parse_file, roles_of
from ingest.pipeline import ingest_bytes

DOCS = ROOT / "tests" / "documents"
HEAD = "东港县人民政府办公室关于做好2025年道路整治工作的通知\n东政办发〔2025〕2号\n\n"


def _parse(resources, body):
    return ingest_bytes((HEAD + body).encode("utf-8"), "lost.txt", resources)


def _said(doc, code):
    return [i for i in doc.issues if i.code == code]


def test_a_titled_item_without_units_of_its_own_is_said_not_merged_silently(resources):
    doc = _parse(resources, "一、路面修补。修补破损路面3万平方米，县交通运输局牵头，各乡镇配合，2025年6月底前完成。\n"
                            "二、路灯更换。更换路灯500盏。\n"
                            "三、护栏维修。县公路中心负责，2025年9月底前完成。\n")
    # the items are the document's tasks: 二 is one of its own, said to name no unit, not text of 一
    assert [(t.label, len(t.assignments)) for t in doc.tasks] == [("一", 1), ("二", 0), ("三", 1)]
    said = _said(doc, "task-without-attribution")
    assert len(said) == 1 and "二" in said[0].message and not _said(doc, "merged-item")
    assert doc.text[said[0].span.start:].startswith("二、路灯更换")


def test_a_sentence_numbered_as_the_next_section_inside_a_task_is_still_said(resources):
    doc = _parse(resources, "一、加强路面养护\n"
                            "1.修补破损路面3万平方米。（责任单位：县交通运输局）\n"
                            "二、路灯更换工作要结合夜间照明需要统筹安排，更换路灯500盏。\n"
                            "2.维修护栏2公里。（责任单位：县公路中心）\n")
    merged = _said(doc, "merged-item")  # 二、 stands over a numbered task: a heading's level, no task of its own
    assert len(merged) == 1 and "路灯更换" in merged[0].message


def test_items_opened_in_turn_are_not_warned_about(resources):
    doc = parse_file(DOCS / "keys_under_title.txt", resources)
    assert not _said(doc, "merged-item") and not _said(doc, "shadowed-attribution")
    assert [t.label for t, _ in doc.assignments] == ["一", "二", "三", "四", "五"]  # the items are its tasks
    assert [t.title for t, _ in doc.assignments] == ["农村厕所改造", "河塘清淤", "村庄道路硬化", "垃圾分类试点",
                                                      "村容村貌评比"]


def test_a_role_clause_outweighed_by_the_tasks_bracket_is_said(resources):
    doc = _parse(resources, "1. 整治占道经营，由县城市管理局负责，县公安局配合。（牵头单位：县住房城乡建设局）\n")
    (task, got), = doc.assignments
    assert roles_of(got)["lead"] == ["县住房城乡建设局"]
    shadowed = _said(doc, "shadowed-attribution")
    assert len(shadowed) == 1 and "县城市管理局负责" in shadowed[0].message


def test_a_role_clause_the_bracket_repeats_is_not_said(resources):
    doc = _parse(resources, "1. 县城市管理局牵头，整治占道经营。（牵头单位：县城市管理局）\n")
    assert not _said(doc, "shadowed-attribution")


def test_a_deadline_clause_of_no_known_form_is_said(resources):
    doc = parse_file(DOCS / "clause_deadlines.txt", resources)
    said = [i for i in _said(doc, "unresolved-deadline") if "after the role clauses" in i.message]
    assert len(said) == 1 and "每逢节假日" in said[0].message
    assert doc.text[said[0].span.start : said[0].span.end] == "每逢节假日"


def test_the_items_of_an_unread_table_are_named(resources):
    doc = _parse(resources, "一、重点任务\n| 事项 | 说明 |\n| 1. 清理路边堆物 | 视情 |\n| 2. 修补坑槽 | 及时 |\n")
    said = [i.message for i in _said(doc, "unparsed-table")]
    assert len(said) == 3, said
    assert any("'1.'" in m for m in said) and any("'2.'" in m for m in said)


def test_a_numbered_item_with_bars_in_its_text_is_no_table_row(resources):
    doc = parse_file(DOCS / "item_bars.txt", resources)
    assert not _said(doc, "unparsed-table")
    assert len(doc.assignments) == 5


def test_a_key_after_a_comma_inside_a_sentence_is_read(resources):
    doc = _parse(resources, "1. 更新企业名录，牵头单位：县应急管理局，完成时限：2025年10月底前。\n")
    (task, got), = doc.assignments
    assert roles_of(got)["lead"] == ["县应急管理局"] and got.deadline.end.isoformat() == "2025-10-31"
    assert not [i for i in doc.issues if i.code == "task-without-attribution"]
