"""One small document per attribution format that real documents use; each asserts units, roles, deadline."""

from datetime import date

import pytest

from ingest.errors import ParseError
from ingest.parse import parse_text
from ingest.pipeline import ingest_bytes


@pytest.fixture(scope="module")
def parse(resources):
    def run(text: str):
        return parse_text(text, resources.units, tagger=resources.tagger)

    return run


def only(doc):
    assert len(doc.assignments) == 1, [t.label for t, _ in doc.assignments]
    return doc.assignments[0]


def names(units):
    return [u.name for u in units]


HEAD = "青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n"


def test_full_width_punctuation(parse):
    doc = parse(HEAD + "1. 推进项目建设。（牵头单位：市发展改革委，责任单位：市财政局；完成时限：2024年6月底前）\n")
    task, a = only(doc)
    assert (names(a.lead), names(a.responsible)) == (["市发展改革委"], ["市财政局"])
    assert (a.deadline.start, a.deadline.end, a.deadline.text) == (date(2024, 1, 1), date(2024, 6, 30), "2024年6月底前")
    assert a.text_span.slice(doc.text) == "推进项目建设。"
    assert task.label == "1" and task.title == "推进项目建设"


def test_tortoise_brackets_with_a_note_inside(parse):
    doc = parse(HEAD + "2. 落实扶持政策。〔责任单位:各区(市)政府按职责分工负责。具体任务均涉及各区(市),不再做分工,下同。〕\n")
    _, a = only(doc)
    assert names(a.responsible) == ["各区(市)"]
    assert a.lead == ()
    assert "不再做分工" in a.note and "按职责分工负责" in a.note


def test_cooperating_units_and_open_list(parse):
    doc = parse(HEAD + "3. 扩大开放。(牵头单位:市商务局;配合单位:市财政局、市交通运输局等;完成时限:全年)\n")
    _, a = only(doc)
    assert names(a.lead) == ["市商务局"]
    assert names(a.cooperating) == ["市财政局", "市交通运输局"]
    assert a.cooperating_open and not a.lead_open
    assert (a.deadline.start, a.deadline.end) == (date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize("key", ["参与单位", "协助单位", "协同单位", "配合部门"])
def test_every_cooperating_key(parse, key):
    doc = parse(HEAD + f"1. 开展活动。(牵头单位:市商务局,{key}:市财政局)\n")
    assert names(only(doc)[1].cooperating) == ["市财政局"]


@pytest.mark.parametrize("key", ["责任单位", "责任部门", "负责单位"])
def test_every_responsible_key(parse, key):
    doc = parse(HEAD + f"1. 开展活动。({key}:市财政局;完成时间:2024年3月)\n")
    _, a = only(doc)
    assert names(a.responsible) == ["市财政局"] and a.deadline.end == date(2024, 3, 31)


def test_note_saying_no_further_split(parse):
    doc = parse(HEAD + "4. 落实税费政策。(责任单位:各区(市)。以下政策措施均需各区(市)落实,不再单独列出)\n")
    _, a = only(doc)
    assert names(a.responsible) == ["各区(市)"]
    assert "不再单独列出" in a.note


def test_attribution_lines_without_brackets(parse):
    text = ("某区关于推进园区建设的工作方案\n一、重点任务\n1.推进园区建设,完善配套设施。\n"
            "牵头单位:区发改局\n责任单位:区财政局、区住建局\n完成时限:2022年10月底前\n"
            "2.优化营商环境。\n牵头单位:区行政审批局\n")
    doc = parse(text)
    assert len(doc.assignments) == 2
    (t1, a1), (t2, a2) = doc.assignments
    assert names(a1.lead) == ["区发改局"] and names(a1.responsible) == ["区财政局", "区住建局"]
    assert a1.deadline.end == date(2022, 10, 31)
    assert a1.text_span.slice(doc.text) == "推进园区建设,完善配套设施。"
    assert names(a2.lead) == ["区行政审批局"] and t2.label == "2"
    assert {i.code for i in doc.issues} == {"unknown-unit"}


def test_inline_lead_and_duty_form(parse):
    doc = parse(HEAD + "5. 深化放管服改革。(市政府办公室、市审改办牵头,市级各有关部门及各县市区政府按职责分工负责)\n")
    _, a = only(doc)
    assert names(a.lead) == ["市政府办公室", "市审改办"]
    assert names(a.responsible) == ["市级各有关部门", "各县市区政府"]


def test_flattened_table(parse):
    text = ("2022年重点工作任务分解表\n序号|\n重点工作|\n责任领导|\n责任单位|\n完成时限|\n"
            "1|\n推进产业园项目建设,完成主体工程。|\n张三|\n区发改局、区住建局|\n2022年10月底前|\n"
            "2|\n开展招商引资活动。|\n李四、王五|\n区商务局|\n全年|\n")
    doc = parse(text)
    assert [t.label for t in doc.tasks] == ["1", "2"]
    (t1, a1), (t2, a2) = doc.assignments
    assert a1.leaders == ("张三",) and names(a1.responsible) == ["区发改局", "区住建局"]
    assert a1.text_span.slice(doc.text) == "推进产业园项目建设,完成主体工程。"
    assert a1.deadline.end == date(2022, 10, 31)
    assert a2.leaders == ("李四", "王五") and a2.deadline.end == date(2022, 12, 31)
    assert not any(u.name in ("张三", "李四") for _, a in doc.assignments for u in a.responsible)


def test_one_cell_per_row_line_table(parse):
    text = "工作任务表\n序号|重点工作|牵头单位|配合单位|完成时限|\n1|建设数据中心。|市大数据局|市财政局|2024年6月|\n"
    doc = parse(text)
    (_, a), = doc.assignments
    assert names(a.lead) == ["市大数据局"] and names(a.cooperating) == ["市财政局"]


def test_traditional_characters(parse):
    text = ("青島市關於推動產業升級的實施意見\n青政發〔2024〕1號\n一、重點任務\n"
            "1. 推動產業升級。（牽頭單位：市工業和信息化局，責任單位：市財政局；完成時限：2024年9月）\n")
    doc = parse(text)
    _, a = only(doc)
    assert names(a.lead) == ["市工业和信息化局"] and names(a.responsible) == ["市财政局"]
    assert a.lead[0].surface == "市工業和信息化局" and a.lead[0].span.slice(doc.text) == "市工業和信息化局"
    assert a.deadline.end == date(2024, 9, 30)
    assert doc.traditional and doc.metadata.year == 2024


def test_deadline_in_the_task_text(parse):
    doc = parse(HEAD + "6. 2022年10月底前编制完成产业规划。(牵头单位:市发展改革委)\n")
    _, a = only(doc)
    assert a.deadline.in_task_text and a.deadline.end == date(2022, 10, 31)
    assert a.deadline.span.slice(doc.text) == "2022年10月底前"


def test_bracket_inside_task_is_not_an_attribution(parse):
    doc = parse(HEAD + "7. 健全“四个一”〔一个区(市)总方案、一批企业倍增计划〕工作体系。〔牵头单位:市工业和信息化局〕\n")
    _, a = only(doc)
    assert names(a.lead) == ["市工业和信息化局"]
    assert "〔一个区(市)总方案" in a.text_span.slice(doc.text)


def test_several_attributions_in_one_task(parse):
    doc = parse(HEAD + "8. 甲事项。(牵头单位:市财政局)乙事项。(责任单位:市商务局;完成时限:2024年3月)丙事项。"
                       "(牵头单位:市科技局)\n")
    assert [(t.label, a.seq, a.text_span.slice(doc.text)) for t, a in doc.assignments] == [
        ("8", 1, "甲事项。"), ("8", 2, "乙事项。"), ("8", 3, "丙事项。")]


def test_numbered_items_as_tasks(parse):
    text = ("关于加快数字化转型的意见\n二、主要任务\n(一)加快数字化转型。推动企业上云。(牵头单位:市工业和信息化局;完成时限:2024年12月)\n"
            "(二)建设算力设施。(牵头单位:市大数据局)\n")
    doc = parse(text)
    assert [t.label for t in doc.tasks] == ["(一)", "(二)"]
    assert doc.tasks[0].title == "加快数字化转型"


def test_warnings_have_line_and_column(parse):
    text = HEAD + "1. 甲事项。(牵头单位:市财政局;完成时限:适时推进)\n2. 乙事项。(牵头单位:某某某某)\n"
    doc = parse(text)
    codes = {i.code: i for i in doc.issues}
    assert "unresolved-deadline" in codes
    issue = codes["unresolved-deadline"]
    assert issue.line == 4 and doc.text.splitlines()[3][issue.column - 1 :].startswith("适时推进")
    assert "task-without-attribution" not in codes


def test_task_without_attribution_is_reported(parse):
    doc = parse(HEAD + "1. 只有任务没有分工。\n")
    assert [i.code for i in doc.issues] == ["task-without-attribution"]


def test_strict_mode_turns_warnings_into_an_error(resources):
    data = (HEAD + "1. 甲事项。(牵头单位:市财政局;完成时限:适时推进)\n").encode()
    with pytest.raises(ParseError, match="unresolved-deadline"):
        ingest_bytes(data, "x.txt", resources, strict=True)
