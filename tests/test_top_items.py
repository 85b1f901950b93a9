"""The document's own outline (issue 14, real set 23): top-level items 一、…三十四、 that carry their own attribution
are its tasks, labelled by their number; 一、 headings over (一)/1. tasks stay sections; a heading holding markup as
text (五、<b>其他</b>事项, a <span style="…;…"> around its words) still opens its section; a Traditional (一) heading
with pinyin after characters is the action of the tasks under it."""

from __future__ import annotations

from conftest import ROOT

from bench.parse_eval import parse_file, section_of
from ingest.pipeline import ingest_bytes

DOCS = ROOT / "tests" / "documents"
HEAD = "西林县人民政府办公室关于2025年重点工作任务分工的通知\n西政办发〔2025〕4号\n\n"


def _parse(resources, body, name="items.txt"):
    return ingest_bytes((HEAD + body).encode("utf-8"), name, resources)


def _labels(doc):
    return [(t.label, section_of(doc, t)) for t in doc.tasks]


def test_items_that_carry_their_attributions_are_tasks_labelled_by_their_numbers(resources):
    doc = parse_file(DOCS / "top_items.txt", resources)
    assert _labels(doc) == [(n, None) for n in ("九", "十", "十一", "十二", "十三", "三十四")]
    assert not doc.sections and all(t.numbered for t in doc.tasks)
    assert [t.title for t in doc.tasks][:2] == ["加快综合交通枢纽建设", "推进老旧小区改造"]
    assert [i for i in doc.issues if i.code == "task-without-attribution"][0].message.startswith("task 十三")


def test_headings_over_numbered_tasks_keep_the_outline(resources):
    doc = _parse(resources, "一、加强火源管控\n1.设立检查站。（责任单位：县林业局）\n"
                            "二、强化应急处置\n（一）组建扑火队伍。（责任单位：县应急管理局）\n"
                            "三、支持平台建设\n对新认定的平台给予奖励。（责任单位：县工信局）\n")
    assert _labels(doc) == [("1", "加强火源管控"), ("(一)", "强化应急处置"), ("支持平台建设", "支持平台建设")]


def test_an_item_beside_headings_over_tasks_is_one_of_their_siblings(resources):
    doc = _parse(resources, "一、加强火源管控\n1.设立检查站。（责任单位：县林业局）\n"
                            "二、严格执行24小时值班制度，发生火情第一时间报告。（责任单位：县应急管理局）\n"
                            "三、做好宣传教育。（县委宣传部负责）\n")
    assert _labels(doc) == [("1", "加强火源管控"), ("二", None), ("三", None)]
    assert [s.title for s in doc.sections] == ["加强火源管控"]


def test_a_heading_holding_markup_opens_its_section(resources):
    doc = parse_file(DOCS / "markup_headings.txt", resources)
    assert [s.label for s in doc.sections] == ["四", "五", "六"]
    assert [section_of(doc, t) for t in doc.tasks][2] == "<b>其他</b>事项"  # the words as printed, kept as text


def test_markup_escaped_in_a_web_page_is_text_of_its_heading(resources):
    page = ("<html><body><p>南河县人民政府办公室关于印发民生工作清单的通知</p><p>南政办发〔2025〕9号</p>"
            "<p>四、民生保障</p><p>1.新增城镇就业2000人。（责任单位：县人力资源社会保障局）</p>"
            "<p>五、&lt;span style=\"font-size:16pt;\"&gt;其他事项&lt;/span&gt;</p>"
            "<p>2.做好信访维稳工作。（责任单位：县信访局）</p></body></html>")
    doc = ingest_bytes(page.encode("utf-8"), "list.html", resources)
    assert [t.label for t in doc.tasks] == ["1", "2"]
    assert section_of(doc, doc.tasks[1]).endswith("其他事项</span>")


def test_a_traditional_action_heading_with_pinyin_is_the_action_of_its_tasks(resources):
    doc = _parse(resources, "二、主要任務(wù)\n(一)激發(fā)創意熱情彙聚源頭活水\n"
                            "1.搭建創意平台。(市商務(wù)局負(fù)責(zé))\n"
                            "(二)優化營商環境\n1.推進(jìn)審批提速。(責任單位:市數據資源局)\n")
    assert [(a.label, a.name) for a in doc.actions] == [("(一)", "激发创意热情汇聚源头活水"), ("(二)", "优化营商环境")]
    assert [(t.label, section_of(doc, t), t.action_seq) for t in doc.tasks] == [("1", "主要任务", 1),
                                                                               ("1", "主要任务", 2)]
