"""One small document per attribution format that real documents use; each asserts units, roles, deadline."""

from datetime import date
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.pipeline import ingest_bytes


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
    assert {i.code for i in doc.issues} == {"units-not-in-gazetteer"}, "well-formed names: one summary line"


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


def test_radical_code_points_of_pdf_extraction_read_as_their_characters(parse):
    """pypdf gives Kangxi and supplement radicals (⽉ U+2F49, ⽔ U+2F54, ⺠ U+2EA0) for ordinary characters when
    a PDF's font maps its glyphs to them (a notice printed by Chromium with Noto CJK): no deadline, no unit and
    no place were read from such a file. They read as the characters they stand for; offsets stay."""
    text = ("青岛市崂山区关于做好森林防⽕⼯作的通知\n崂政办字〔2026〕7号\n一、重点任务\n"
            "1. 加强巡查。（牵头单位：区⽔务局，责任单位：区⺠政局；完成时限：2026年5⽉底前）\n")
    doc = parse(text)
    _, a = only(doc)
    assert names(a.lead) == ["区水务局"] and names(a.responsible) == ["区民政局"]
    assert a.deadline.end == date(2026, 5, 31) and a.deadline.span.slice(doc.text) == "2026年5⽉底前"
    assert "森林防火工作" in doc.metadata.title


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


# --- conventions and variants found by feeding the parser documents it had not seen --------------------

def roles(a) -> tuple[list[str], list[str], list[str]]:
    return names(a.lead), names(a.responsible), names(a.cooperating)


def test_first_listed_unit_leads_when_the_document_says_so(parse):
    text = ("青岛市2024年优化营商环境重点任务清单\n(各项任务责任单位中,列第一位的为牵头单位,其他为配合单位)\n一、提升政务服务效能\n"
            "1. 深化改革。【市行政审批局、市大数据局、市政府办公厅】\n"
            "2. 推进全程网办。【市大数据局、市行政审批局;完成时限:2024年9月底前】\n"
            "3. 完善用地供应。〔责任单位:市自然资源和规划局、市工业和信息化局、各区(市)政府。列第一位的为牵头单位,下同〕\n"
            "4. 降低用能成本。〔责任单位:市发展改革委、市工业和信息化局;2024年第三季度〕\n")
    doc = parse(text)
    got = [roles(a) for _, a in doc.assignments]
    assert got == [
        (["市行政审批局"], [], ["市大数据局", "市政府办公厅"]),  # a bare list: the others cooperate, as stated
        (["市大数据局"], [], ["市行政审批局"]),
        (["市自然资源和规划局"], ["市工业和信息化局", "各区(市)"], []),  # keyed 责任单位: the others stay responsible
        (["市发展改革委"], ["市工业和信息化局"], []),
    ]
    deadlines = [(a.deadline.text, a.deadline.start, a.deadline.end) if a.deadline else None for _, a in doc.assignments]
    assert deadlines[1] == ("2024年9月底前", date(2024, 1, 1), date(2024, 9, 30))
    assert deadlines[3] == ("2024年第三季度", date(2024, 7, 1), date(2024, 9, 30))  # a deadline without its key
    assert not doc.issues


def test_a_convention_for_lists_of_several_units_leaves_a_unit_named_alone_responsible(parse):
    text = ("一、分工原则\n由多个单位负责的,排在第一位的为牵头单位,其他为配合单位。\n二、主要指标分工\n"
            "1.新增城镇就业3万人。(市水利局、市财政局)\n2.森林覆盖率保持在60%以上。(市林业局)\n"
            "3.推进工作。(责任单位:两个以上部门)\n")
    doc = parse(text)
    got = [roles(a) for _, a in doc.assignments]
    assert got[:2] == [(["市水利局"], [], ["市财政局"]), ([], ["市林业局"], [])]
    assert all("多个单位" not in names(a.lead + a.responsible) for _, a in doc.assignments)  # the remark's count
    assert all("两个以上部门" not in names(a.lead + a.responsible) for _, a in doc.assignments)


def test_the_unit_answerable_first_leads(parse):
    doc = parse(HEAD + "1.推进园区建设。(第一责任单位:市发展改革委;主要责任单位:市财政局、市自然资源局)\n")
    assert [roles(a) for _, a in doc.assignments] == [(["市发展改革委"], ["市财政局", "市自然资源局"], [])]


def test_without_the_convention_a_bare_list_is_responsible_and_unknown_brackets_are_not_lists(parse):
    doc = parse(HEAD + "1. 深化改革。(详见附件)【市行政审批局、市大数据局】\n2. 推进工作(2023年为试点)。(市商务局,市财政局)\n")
    assert [roles(a) for _, a in doc.assignments] == [
        ([], ["市行政审批局", "市大数据局"], []), ([], ["市商务局", "市财政局"], [])]


def test_a_unit_marked_as_lead_inside_a_list(parse):
    doc = parse(HEAD + "1. 落实政策。(责任单位:市民营经济局(牵头)、市发展改革委、市财政局;完成时限:2024年12月31日前)\n"
                       "2. 治理收费。(责任单位:市市场监管局〔牵头〕、市发展改革委;持续推进)\n")
    (_, a), (_, b) = doc.assignments
    assert roles(a) == (["市民营经济局"], ["市发展改革委", "市财政局"], [])
    assert roles(b) == (["市市场监管局"], ["市发展改革委"], [])
    assert b.deadline.open_ended and b.deadline.text == "持续推进"


def test_a_lead_named_in_the_note_of_a_list(parse):
    doc = parse(HEAD + "1. 实施道路提升工程。\n责任单位:市交通运输局、市城市管理局、市北区。其中,市交通运输局为牵头单位。\n"
                       "完成时限:2024年第四季度\n")
    _, a = only(doc)
    assert roles(a) == (["市交通运输局"], ["市城市管理局", "市北区"], [])
    assert a.deadline.end == date(2024, 12, 31)


def test_key_variants_and_a_key_read_from_its_role_word(parse):
    doc = parse(HEAD + "1. 甲。(牵头部门:市民营经济局;责任部门:市工商联;协同部门:市大数据局;时间节点:2024年第三季度)\n"
                       "2. 乙。(牵头单位:市商务局;配合责任单位:市财政局)\n"
                       "3. 丙。(牵头单位:市商务局;责任主体:市财政局;协助部门:市税务局)\n"
                       "4. 丁。(牵头单位:市商务局;参加科室:市财政局)\n"
                       "5. 戊。(牵头单位:区财政局;对接单位:省工业和信息化厅、市工业和信息化局)\n")
    got = [roles(a) for _, a in doc.assignments]
    assert got == [(["市民营经济局"], ["市工商联"], ["市大数据局"]), (["市商务局"], [], ["市财政局"]),
                   (["市商务局"], ["市财政局"], ["市税务局"]), (["市商务局"], [], ["市财政局"]),
                   (["区财政局"], [], [])]
    guessed = [i for i in doc.issues if i.code == "guessed-attribution-key"]
    assert len(guessed) == 1 and "参加科室" in guessed[0].message and "cooperating" in guessed[0].message
    assert guessed[0].line == 7 and doc.text.splitlines()[6][guessed[0].column - 1 :].startswith("参加科室")
    assert doc.assignments[4][1].note.startswith("对接单位:省工业和信息化厅")  # counterparts: named, no duty


def test_a_key_whose_units_are_on_the_next_line(parse):
    doc = parse(HEAD + "1. 推进历史街区保护更新。\n牵头单位:\n市自然资源和规划局\n配合单位:\n市文化和旅游局、市北区\n完成时限:\n"
                       "2025年\n2. 下一项。(牵头单位:市财政局)\n")
    (_, a), (_, b) = doc.assignments
    assert roles(a) == (["市自然资源和规划局"], [], ["市文化和旅游局", "市北区"])
    assert a.deadline.text == "2025年" and roles(b) == (["市财政局"], [], [])
    assert not [i for i in doc.issues if i.code != "unknown-unit"]


def test_working_with_and_joined_units(parse):
    doc = parse(HEAD + "1. 强化监测。(市商务局会同市统计局负责,每季度)\n"
                       "2. 规范收费。(牵头单位:市发展改革委和市市场监管局;配合单位:市财政局)\n"
                       "3. 推进合作。(牵头单位:市工业和信息化局与市科技局)\n")
    got = [roles(a) for _, a in doc.assignments]
    assert got == [(["市商务局"], [], ["市统计局"]), (["市发展改革委", "市市场监管局"], [], ["市财政局"]),
                   (["市工业和信息化局", "市科技局"], [], [])]
    assert not doc.issues


@pytest.mark.parametrize(("lines", "labels"), [
    (["(一)完善基础设施", "(1)建设起降点。(牵头单位:市交通运输局)", "(2)建设基础设施。(牵头单位:市大数据局)"], ["(1)", "(2)"]),
    (["① 打造平台。(牵头单位:市工业和信息化局)", "② 培育平台。(牵头单位:市工业和信息化局)"], ["①", "②"]),
    (["1)开展试点。(牵头单位:市民营经济局)", "2)建设5G工厂。(牵头单位:市工业和信息化局)"], ["1", "2"]),
    # a sub-item numbering inside a numbered task stays in that task
    (["1. 推进以下工作:", "(1)建设起降点;", "(2)建设基础设施。(牵头单位:市交通运输局)", "2. 下一项。(牵头单位:市财政局)"],
     ["1", "2"]),
    (["(1)推进以下工作:", "①建设起降点;", "②建设基础设施。(牵头单位:市交通运输局)"], ["(1)"]),
])
def test_task_numbering_styles(parse, lines, labels):
    doc = parse(HEAD + "\n".join(lines) + "\n")
    assert [t.label for t, _ in doc.assignments] == labels
    assert not doc.issues


def test_an_attachment_label_is_not_the_title(parse):
    doc = parse("附件2\n\n青岛市2024年外贸工作任务分工\n一、重点任务\n1. 甲。(牵头单位:市商务局)\n")
    assert doc.metadata.title == "青岛市2024年外贸工作任务分工"


# --- text as PDFs and Word tables hand it over ----------------------------------------------------------

def test_attributions_wrapped_over_lines_and_pages_as_pdfs_extract_them(resources):
    text = ("青岛市人民政府办公厅关于印发青岛市2024年\n稳外贸稳外资若干措施的通知\n青政办发〔2024〕5号\n一、支持外贸企业\n"
            "1.支持企业参加境外展会。对参展的展\n位费给予补贴。（责任单位：市商务局、市财政局；完成时\n限：2024年12月底前）\n"
            "2.扩大出口信用保险覆盖面。扩大小微\n企业统保平台覆盖面。（责任单位：市商务局、国家金融监管\n— 2 —\n"
            "总局青岛监管局；完成时限：全年）\n"
            "3.加大招商引资力度。组织境外招商活动。（牵头单\n位：市投促办；配合单位：市商务局；完成时限：2024年\n第三季度）\n"
            "4.另一项。（牵头单位：市商务局\n5.不能跨过下一项。（牵头单位：市财政局）\n")
    doc = ingest_bytes(text.encode(), "pdf.txt", resources)
    assert doc.metadata.title == "关于印发青岛市2024年稳外贸稳外资若干措施的通知"
    got = [(t.label, roles(a), a.deadline.text if a.deadline else None) for t, a in doc.assignments]
    assert got == [
        ("1", ([], ["市商务局", "市财政局"], []), "2024年12月底前"),
        ("2", ([], ["市商务局", "国家金融监管总局青岛监管局"], []), "全年"),
        ("3", (["市投促办"], [], ["市商务局"]), "2024年第三季度"),  # shown without the page's line break
        ("4", (["市商务局"], [], []), None),  # unclosed, and the next task starts: not joined, warned
        ("5", (["市财政局"], [], []), None),
    ]
    (_, a2), (_, a3) = doc.assignments[1], doc.assignments[2]
    assert a2.responsible[1].surface == "国家金融监管\n— 2 —\n总局青岛监管局"  # the exact characters of the source
    assert a3.deadline.end == date(2024, 9, 30) and a3.deadline.span.slice(doc.text) == "2024年\n第三季度"
    assert [i.code for i in doc.issues] == ["unclosed-bracket"]


def test_units_listed_with_spaces_or_one_per_paragraph(parse):
    doc = parse(HEAD + "1. 甲。(牵头单位:市发展改革委  市财政局;配合单位:市商务局 青岛海关)\n")
    _, a = only(doc)
    assert roles(a) == (["市发展改革委", "市财政局"], [], ["市商务局", "青岛海关"])
    assert not doc.issues


def test_a_deadline_bracket_on_the_line_after_the_units_belongs_to_them(parse):
    doc = parse(HEAD + "1. 推进老旧小区改造。\n责任单位:市住房城乡建设局、各区(市)\n(完成时限:2024年11月底前)\n"
                       "2. 推进平台建设。【牵头单位:市大数据局】【完成时限:2024年9月底前】\n")
    got = [(t.label, roles(a), a.deadline.text if a.deadline else None) for t, a in doc.assignments]
    assert got == [("1", ([], ["市住房城乡建设局", "各区(市)"], []), "2024年11月底前"),
                   ("2", (["市大数据局"], [], []), "2024年9月底前")]
    assert not doc.issues


def test_a_task_that_opens_with_its_attribution_governs_the_text_after_it(parse):
    doc = parse(HEAD + "1.【牵头单位:市行政审批局;完成时限:2024年6月底前】推进“高效办成一件事”改革。年内推出集成服务事项20项。\n"
                       "2.【牵头单位:市大数据局】建设数据平台。【牵头单位:市财政局】保障资金。\n")
    (t1, a1), (t2, a2), (_, a3) = doc.assignments
    assert t1.title == "推进“高效办成一件事”改革" and a1.text_span.slice(doc.text).startswith("推进“高效办成一件事”")
    assert (t2.title, a2.text_span.slice(doc.text), a3.text_span.slice(doc.text)) == (
        "建设数据平台", "建设数据平台。", "保障资金。")
    assert names(a3.lead) == ["市财政局"]


def test_posts_in_a_list_of_units_are_leaders(parse):
    doc = parse(HEAD + "1. 甲。(责任单位:市政府分管副市长;市工业和信息化局;完成时限:全年)\n")
    _, a = only(doc)
    assert a.leaders == ("市政府分管副市长",) and names(a.responsible) == ["市工业和信息化局"]


def test_the_issuing_office_above_the_title_is_an_issuer(parse):
    doc = parse("青岛市人民政府办公厅\n关于印发青岛市促进民营经济高质量发展若干政策措施的通知\n青政办发〔2024〕8号\n"
                "一、重点任务\n1. 甲。(牵头单位:市民营经济局)\n")
    assert doc.metadata.title == "关于印发青岛市促进民营经济高质量发展若干政策措施的通知"
    assert "青岛市人民政府办公厅" in doc.metadata.issuers


@pytest.mark.parametrize("note", ["（修订稿）", "(征求意见稿)", "（2026年修订）", "（第二版）"])
def test_a_title_with_a_version_note_after_it_is_the_title_however_long(parse, note):
    """A revised copy titled 沂阳县人民政府办公室关于印发…的通知（修订稿） lost its title and 文号 (its long line, ending
    on a bracket with 关于 after the issuer, was read as body text), so it was stored as a new document beside
    the version it revises and the 督办台账 listed both."""
    doc = parse(f"沂阳县人民政府办公室关于印发沂阳县2026年11月份重点工作任务清单的通知{note}\n沂阳政办字〔2026〕30号\n"
                "1. 发放困难群众一次性取暖补贴。(牵头单位:县财政局;完成时限:2026年12月10日前)\n")
    number = {"（": "(", "）": ")"}
    assert doc.metadata.title == "关于印发沂阳县2026年11月份重点工作任务清单的通知" + "".join(number.get(c, c) for c in note)
    assert doc.metadata.doc_number == "沂阳政办字〔2026〕30号" and "沂阳县人民政府办公室" in doc.metadata.issuers
    _, a = only(doc)
    assert names(a.lead) == ["县财政局"]


@pytest.mark.parametrize("title", ["关于开展冬季安全生产大排查大整治工作的督办通知", "关于做好寒潮防范应对工作的紧急通知",
                                   "关于调整重点工作任务分工的补充通知", "关于第三季度重点工作推进情况的通报"])
def test_a_supervision_urgent_or_supplementary_notice_or_a_report_is_titled(parse, title):
    """A 督办通知 printed under its office was titled with the office (沂阳县人民政府督查室)."""
    doc = parse(f"沂阳县人民政府督查室\n{title}\n沂阳督字〔2026〕12号\n\n各乡镇人民政府(街道办事处),县直有关部门:\n"
                "1. 开展隐患排查。(牵头单位:县应急局;完成时限:2026年12月31日前)\n")
    assert doc.metadata.title == title and doc.metadata.doc_number == "沂阳督字〔2026〕12号"


@pytest.mark.parametrize("printed, title", [
    ("关于印发洛阳市落实 2026 年省重点工作实施方案的通知", "关于印发洛阳市落实2026年省重点工作实施方案的通知"),
    ("关于印发 Smart City 建设 三年行动方案的通知", "关于印发Smart City建设三年行动方案的通知"),
])
def test_a_title_a_pdf_spaced_is_the_title_as_printed(parse, printed, title):
    """A city's PDF of its notice was titled "…落实 2026年…" and its web page "…落实2026年…": two titles for one
    notice on every list. The spaces a PDF sets beside Chinese characters are not the title's; Latin words keep
    theirs."""
    doc = parse(f"{printed}\n洛政办〔2026〕5号\n1. 甲。(牵头单位:市发展改革委;完成时限:2026年6月底前)\n")
    assert doc.metadata.title == title and doc.metadata.doc_number == "洛政办〔2026〕5号"


def test_a_title_with_its_own_number_after_it_gives_both(parse):
    doc = parse("广东省人民政府关于印发重点任务分工方案的通知 (粤府〔2021〕22号)\n"
                "1. 甲。(牵头单位:省发展改革委;完成时限:2021年12月)\n")
    assert (doc.metadata.title, doc.metadata.doc_number) == ("关于印发重点任务分工方案的通知", "粤府〔2021〕22号")


def test_nothing_in_a_list_of_units_is_dropped_without_a_word(parse):
    doc = parse(HEAD + "1. 甲。(牵头单位:市住房城乡建设局;责任单位:即墨区、市城市更新推进办公室、加快推进有关工作)\n")
    _, a = only(doc)
    assert names(a.responsible) == ["即墨区", "市城市更新推进办公室"]  # an office named for what it pushes
    assert "加快推进有关工作" in a.note
    codes = [(i.code, doc.text[i.span.start : i.span.end]) for i in doc.issues]
    assert codes == [("units-not-in-gazetteer", "市城市更新推进办公室"), ("not-a-unit", "加快推进有关工作")]


@pytest.mark.parametrize("bracket, lead, responsible", [
    # a conditional convention closing a bracket: the others it speaks of are unnamed, no unit
    ("(分管副市长负责,市科技局牵头。明确牵头部门的,其他有关部门配合,不逐一列出,下同)", ["市科技局"], []),
    ("(市科技局牵头;未明确配合部门的,由有关部门按职责分工负责)", ["市科技局"], []),
    # the first-leads convention closing the bracket that states it: the listed others keep their role
    ("(市科技局、市财政局等负责。列第一位的为牵头部门,其他部门和单位按职责分工负责,下同)",
     ["市科技局"], ["市财政局"]),
])
def test_a_convention_closing_a_bracket_names_no_units(parse, bracket, lead, responsible):
    _, a = only(parse(HEAD + f"1. 建设科技创新中心。{bracket}\n"))
    assert (names(a.lead), names(a.responsible), names(a.cooperating)) == (lead, responsible, [])
    assert "下同" in a.note or "未明确" in a.note


@pytest.mark.parametrize("remark", ["（除标注“分别牵头”外，列第一位为牵头或汇总单位，下同）", "(除注明外,排在首位的为牵头单位)",
                                    "（除另有标注外，列第一位的为牵头单位）"])
def test_a_remark_opening_on_its_exception_leaves_the_last_unit_whole(parse, remark):
    doc = parse(HEAD + f"1. 甲。\n责任单位：市科技局、市经信局、市统计局{remark}\n2. 乙。\n责任单位：市人力社保局、市教育局\n")
    (_, first), (_, second) = doc.assignments
    assert (names(first.lead), names(first.responsible)) == (["市科技局"], ["市经信局", "市统计局"])
    assert (names(second.lead), names(second.responsible)) == (["市人力社保局"], ["市教育局"])
    assert "除" in first.note and not [i for i in doc.issues if i.code == "not-a-unit"]


def test_units_named_for_all_tasks_below_in_a_clause_after_the_list(parse):
    doc = parse(HEAD + "1. 改造政务大厅。(责任单位:市政务服务中心,各区县政府按职责分工负责,以下各任务均需各区县政府落实,"
                "不再一一列出)\n2. 推进电子证照。(责任单位:市大数据局)\n")
    (_, first), (_, second) = doc.assignments
    assert names(first.responsible) == ["市政务服务中心", "各区县政府"]
    assert names(second.responsible) == ["市大数据局", "各区县政府"]


def test_a_convention_closing_a_key_line_names_no_units(parse):
    doc = parse(HEAD + "1. 改造政务大厅。\n责任单位:市政务服务中心,各区县政府按职责分工负责,以下各任务均需各区县政府落实,"
                "不再一一列出\n2. 推进电子证照。\n责任单位:市大数据局\n")
    (_, first), (_, second) = doc.assignments
    assert names(first.responsible) == ["市政务服务中心", "各区县政府"] and "不再一一列出" in first.note
    assert names(second.responsible) == ["市大数据局", "各区县政府"]


@pytest.mark.parametrize("listed", ["等14部门", "等十四个部门", "等5个单位", "等12个省直部门"])
def test_the_count_of_an_open_list_is_no_name(parse, listed):
    _, a = only(parse(HEAD + f"1. 清理妨碍统一市场的规定。(责任单位:市市场监管局、市司法局{listed})\n"))
    assert names(a.responsible) == ["市市场监管局", "市司法局"] and a.responsible_open


@pytest.mark.parametrize("manner", ["分工", "共同", "分别", "按职责分工"])
def test_how_subjects_share_the_work_stands_before_their_verb(parse, manner):
    doc = parse("关于落实重点工作部门分工的意见\n一、总体安排\n"
                f"《意见》明确,市卫生健康委、市财政局等{manner}负责深化公立医院综合改革。\n")
    _, a = only(doc)
    assert names(a.responsible) == ["市卫生健康委", "市财政局"]


@pytest.mark.parametrize("clause, below", [
    # 涉及 X, with X left out of each list below: X is named for every task below
    ("除专门列出外,以下任务均涉及各区县政府,不再重复", ["各区县政府"]),
    ("以下各项任务均涉及各区县政府,不再一一列出", ["各区县政府"]),
    # 涉及 X with no division made names no duty (具体任务均涉及…,不再做分工)
    ("以下任务均涉及各区县政府,不再做分工", []),
])
def test_units_involved_in_every_task_below_and_left_out_of_each_list(parse, clause, below):
    doc = parse(HEAD + f"1. 建设政务云。(责任单位:市大数据局,各区县政府。{clause})\n2. 推进电子证照。(责任单位:市政务服务中心)\n")
    (_, first), (_, second) = doc.assignments
    assert names(first.responsible) == ["市大数据局", "各区县政府"]
    assert names(second.responsible) == ["市政务服务中心", *below]


@pytest.mark.parametrize("listed, responsible", [
    # a collective of places whose kind says in 〔〕 what it stands for, as () does: no note
    ("各市〔州〕人民政府、省大数据局", ["各市〔州〕人民政府", "省大数据局"]),
    # a collective of places and a named place sharing a kind of department: one piece, with its duty or not
    ("省大数据局,各市〔州〕、滇南新区数据管理部门", ["省大数据局", "各市〔州〕、滇南新区数据管理部门"]),
    ("省大数据局,各市(州)、滇南新区财政部门按职责分工负责", ["省大数据局", "各市(州)、滇南新区财政部门"]),
    # a named body after a collective is a unit of its own
    ("各乡镇、城关区卫健局", ["各乡镇", "城关区卫健局"]),
    # a bare kind continues the collective before it; a named collective after one is its own
    ("市直有关部门、单位,各区县政府", ["市直有关部门、单位", "各区县政府"]),
    ("市政府各部门、各直属机构", ["市政府各部门", "各直属机构"]),
])
def test_collectives_sharing_a_kind_or_continued_by_one(parse, listed, responsible):
    _, a = only(parse(HEAD + f"1. 推进数据共享。(责任单位:{listed})\n"))
    assert [u.surface for u in a.responsible] == responsible
    assert a.note in ("", "按职责分工负责"), "no part of the list is left in the note"


# A page saved as one run-on paragraph (a site's summary that joins lines with commas) and cut off where its copy
# was stored: it ends on a comma, yet it is body text, not a header line of a title that never ends.
CUT_OFF = ("局机关各股室:根据县里要求,现将我局《2024年度就业服务提升行动方案》印发给你们,县人力资源和社会保障局2024年"
           "5月8日,开展重点群体就业帮扶,落实援企稳岗举措,责任股室(单位):就业股、培训股分别牵头,")


@pytest.mark.parametrize("ending", [",", "，", ";"])
def test_a_paragraph_cut_off_after_a_clause_is_body_text(parse, ending):
    doc = parse(CUT_OFF[:-1] + ending)
    _, a = only(doc)
    assert names(a.lead) == ["就业股", "培训股"]


def test_a_title_or_an_addressee_list_ending_on_a_comma_is_no_body(parse):
    # a long addressee list broken after a comma opens the body a line early: the title below is still the title
    doc = parse("各乡镇人民政府,县政府各部门,各直属机构,县属国有企业,驻县各单位,各村(社区)党组织和村民委员会,各有关单位,\n"
                "县人民政府办公室关于印发2024年稳就业工作方案的通知\n1. 开展就业帮扶。(牵头单位:县人社局)\n")
    assert doc.metadata.title == "关于印发2024年稳就业工作方案的通知"
    _, a = only(doc)
    assert names(a.lead) == ["县人社局"]


def test_a_key_printed_again_in_one_sentence_opens_another_attribution(parse):
    # no full stop between the items of a flattened page: each 责任股室: starts the next item's attribution
    doc = parse(HEAD + "开展演出市场检查,责任股室:市场股、执法大队分别牵头,开展景区隐患排查,督促落实主体责任,"
                       "责任股室:资源股牵头,安全股配合。\n")
    got = [(names(a.lead), names(a.cooperating)) for _, a in doc.assignments]
    assert got == [(["市场股", "执法大队"], []), (["资源股"], ["安全股"])]
    # keys of other fields in the same sentence stay the fields of one attribution
    _, a = only(parse(HEAD + "开展演出市场检查,牵头单位:市场股;配合单位:执法大队;完成时限:2024年底。\n"))
    assert (names(a.lead), names(a.cooperating)) == (["市场股"], ["执法大队"])


@pytest.mark.parametrize("listed, cooperating", [
    # a district's collectives of kinds of area beside its sub-districts: each 板块, 片区, 园区 it runs
    ("区相关部门、各街道板块", ["区相关部门", "各街道板块"]),
    ("各板块、各街道", ["各板块", "各街道"]),
    ("各片区、各园区", ["各片区", "各园区"]),
])
def test_collectives_of_a_districts_areas(parse, listed, cooperating):
    _, a = only(parse(HEAD + f"1. 推进低效楼宇改造提升。(区住建局主办,{listed}协办)\n"))
    assert (names(a.lead), [u.surface for u in a.cooperating]) == (["区住建局"], cooperating)


def test_units_parted_by_spaces_in_a_cell_one_holding_he_in_its_name(parse):
    # spaces part a cell's units before any 和 does: 市党史和地方志研究室 and 市发展和改革委员会 are one unit each
    doc = parse("市文旅局主要任务落实情况\n序号 | 主要任务 | 牵头单位 | 落实情况 |\n"
                "37 | 支持文化、档案、地方志等事业发展。 | 市文旅局 市档案馆 市党史和地方志研究室 | 已举办演出42场。 |\n"
                "58 | 推进智慧文旅平台建设。 | 市文旅局、市数据资源局 市发展和改革委员会 | 平台已上线。 |\n")
    got = [(t.label, [u.surface for u in a.lead]) for t in doc.tasks for a in t.assignments]
    assert got == [("37", ["市文旅局", "市档案馆", "市党史和地方志研究室"]),
                   ("58", ["市文旅局", "市数据资源局", "市发展和改革委员会"])]


def printed_roles(a) -> tuple[list[str], list[str], list[str]]:
    return tuple([u.surface for u in units] for units in (a.lead, a.responsible, a.cooperating))


@pytest.mark.parametrize("duty, want", [
    # 组织落实, 组织推进: the units that organise the work do it, as 组织实施 says; with 会同 the first leads
    ("(市农业农村局会同有关部门和各县区组织落实)", (["市农业农村局"], [], ["有关部门", "各县区"])),
    ("(市商务局会同市财政局组织推进)", (["市商务局"], [], ["市财政局"])),
    ("(市交通运输局组织落实)", ([], ["市交通运输局"], [])),
    ("\n──由市民政局和各县区组织落实。", ([], ["市民政局", "各县区"], [])),
])
def test_units_that_organise_the_work(parse, duty, want):
    _, a = only(parse(HEAD + f"1.城镇登记失业率控制在4.5%以内。{duty}\n"))
    assert printed_roles(a) == want


def test_a_convention_naming_the_front_places_makes_a_lists_first_group_lead(parse):
    # 排在前位为牵头部门: the units before the first ， lead; a list without groups: its first unit
    doc = parse(HEAD + "1.整治重点行业。(责任单位:市环保局、市工信委,市财政局,各县区人民政府。排在前位为牵头部门,下同。)\n"
                       "2.推进污水处理。(责任单位:市住建局、市环保局、市财政局)\n")
    assert [printed_roles(a) for _, a in doc.assignments] == [
        (["市环保局", "市工信委"], ["市财政局", "各县区人民政府"], []), (["市住建局"], ["市环保局", "市财政局"], [])]


@pytest.mark.parametrize("listed", ["临川、东乡、崇仁经济开发区管委会", "金溪、资溪工业园区管委会"])
def test_bare_places_sharing_a_zones_body(parse, listed):
    # places printed without their kind before the last one's zone body: each place's, one piece as printed
    _, a = only(parse(HEAD + f"1.推进工业炉窑治理。(市生态环境局牵头,市工信局配合,{listed}负责落实)\n"))
    assert (names(a.lead), [u.surface for u in a.responsible]) == (["市生态环境局"], [listed])


def test_two_bureaus_glued_in_a_list_are_two_units(parse):
    # the 、 between two bureaus lost (县工业和信息化局自然资源局): two peers; a bureau's own brigade stays one unit
    _, a = only(parse(HEAD + "1.严格准入。(牵头部门:县发展和改革局;配合部门:县工业和信息化局自然资源局、县生态环境局)\n"))
    assert [u.surface for u in a.cooperating] == ["县工业和信息化局", "自然资源局", "县生态环境局"]
    _, a = only(parse(HEAD + "1.整治扬尘。(牵头部门:县公安局交通警察大队;配合部门:市生态环境局三江分局)\n"))
    assert ([u.surface for u in a.lead], [u.surface for u in a.cooperating]) == (
        ["县公安局交通警察大队"], ["市生态环境局三江分局"])  # a bureau's branch stays one unit too


GRID_TITLE = "关于印发潍城区2025年制造业数字化转型工作要点的通知"
GRID_BODY = ("各街道办事处，区政府各部门：\n一、重点任务\n"
             "1.组织50家企业开展数字化诊断。（牵头单位：区工业和信息化局；完成时限：9月底前）\n")


@pytest.mark.parametrize("grid", [
    # cells joined by '|', each a key and its value, in any order
    f"索引号：11370705MB0001234X/2025-00087 | 发文机关：潍城区人民政府办公室 | 成文日期：2025-05-12\n"
    f"标题：{GRID_TITLE} | 文号：潍城政办字〔2025〕9号\n",
    f"文号：潍城政办字〔2025〕9号 | 有效性：有效 | 标题：{GRID_TITLE}\n"
    f"主题分类：工业 | 发布日期：2025-05-16 | 成文日期：2025-05-12 | 发文机关：潍城区人民政府办公室\n",
    # a key's cell and its value's cell
    f"索引号：|11370705MB0001234X/2025-00087|发文日期：|2025-05-12\n"
    f"标题：|{GRID_TITLE}|文号：|潍城政办字〔2025〕9号\n发文机关 | 潍城区人民政府办公室 | 有效性 | 有效 |\n",
    # one field a line
    f"索 引 号：11370705MB0001234X/2025-00087\n发文机关：潍城区人民政府办公室\n成文日期：2025年5月12日\n"
    f"标题：{GRID_TITLE}\n文号：潍城政办字〔2025〕9号\n",
])
def test_a_pages_metadata_grid_feeds_the_header(parse, grid):
    """A gov.cn page copied as text: the grid above the body gives title, 文号, issuer and date, even where a site's
    name stands first and the heading is not printed again; its rows are no table of the body."""
    doc = parse("潍城区人民政府门户网站\n" + grid + GRID_BODY)
    meta = doc.metadata
    assert (meta.title, meta.doc_number) == (GRID_TITLE, "潍城政办字〔2025〕9号")
    assert (meta.issuers, meta.date) == (("潍城区人民政府办公室",), date(2025, 5, 12))
    (task, a), = doc.assignments
    assert task.label == "1" and names(a.lead) == ["区工业和信息化局"] and a.deadline.end == date(2025, 9, 30)
    assert not {i.code for i in doc.issues} & {"unparsed-table", "unparsed-table-cell"}


def test_the_metadata_grid_document(parse):
    """tests/documents/metadata_grid.txt: the header is the grid's, and the table of tasks under it still a table."""
    doc = parse((Path(__file__).parent / "documents" / "metadata_grid.txt").read_text(encoding="utf-8"))
    meta = doc.metadata
    assert (meta.title, meta.doc_number, meta.issuers) == (
        "关于印发潍城区2025年制造业数字化转型工作要点的通知", "潍城政办字〔2025〕9号", ("潍城区人民政府办公室",))
    assert [t.label for t in doc.tasks] == ["1", "2", "(一)"]
    assert not {i.code for i in doc.issues} & {"unparsed-table", "unparsed-table-cell"}


@pytest.mark.parametrize("row", ["序号 | 工作任务 | 牵头单位 | 完成时限 |", "牵头单位：|区财政局|责任单位：|区商务局",
                                 "名称 | 内容 | 责任单位 |"])
def test_rows_of_a_task_table_are_no_metadata_grid(row):
    from ingest.structure import metadata_fields

    assert metadata_fields(row) == ()


EXHORTATIONS = Path(__file__).parent / "documents" / "collective_exhortations.txt"


EXHORTATION_ITEMS = ["压实防汛责任。各单位要逐级明确责任人。", "开展隐患排查。各单位要对低洼易涝区域开展排查。",
                     "做好应急值守。汛期实行24小时值班制度。"]


def exhortation(numbers) -> str:
    return "关于做好2025年汛期安全防范工作的通知\n各镇街，区直各部门单位：\n" + "".join(
        f"{n}{item}\n" for n, item in zip(numbers, EXHORTATION_ITEMS, strict=True)) + "区防汛抗旱指挥部办公室\n2025年5月28日\n"


def test_a_notice_of_items_naming_no_unit_says_no_attribution_was_found(parse):
    """各单位要… under 一、二、三 is an exhortation, not an attribution: the notice was stored with 0 tasks and 0
    warnings. It says, once and at its first item, that none of its numbered items names a unit."""
    doc = parse(exhortation(("一、", "二、", "三、")))
    assert not doc.assignments and not doc.tasks
    said = [i for i in doc.issues if i.code == "no-attribution"]
    assert len(said) == 1 and "in 3 numbered items" in said[0].message and "牵头单位/责任单位" in said[0].message
    assert said[0].line == 3 and said[0].label.startswith("全文未找到分工")


@pytest.mark.parametrize("numbers", [("（一）", "（二）", "（三）"), ("1.", "2.", "3.")])
def test_items_read_as_tasks_say_each_that_it_names_no_unit(parse, numbers):
    """Items read as tasks are warned about one by one (task-without-attribution), as before: no second warning."""
    codes = [i.code for i in parse(exhortation(numbers)).issues]
    assert codes.count("task-without-attribution") == 3 and "no-attribution" not in codes


def test_the_exhortations_document_is_not_stored_silently_empty(parse):
    doc = parse(EXHORTATIONS.read_text(encoding="utf-8"))
    assert not doc.tasks and [i.message for i in doc.issues if i.code == "no-attribution"] == [
        "no attribution found: no 牵头单位/责任单位/配合单位 key and no unit with a role (X牵头, X负责, X配合) in 4 "
        "numbered items, so no duty is stored; expected each item, or the heading over it, to name the units that do it"]


@pytest.mark.parametrize("text", [
    # one item names its unit: the others are the notice's, no document-wide warning
    "关于做好汛期工作的通知\n一、压实责任。各单位要明确责任人。\n二、开展排查。（牵头单位：区应急局）\n",
    # a short letter with no list of items
    "关于召开防汛工作会议的通知\n各镇街：\n定于6月3日召开防汛工作会议，请各单位主要负责同志参加。\n",
])
def test_no_attribution_is_said_only_of_a_list_that_names_none(parse, text):
    assert "no-attribution" not in {i.code for i in parse(text).issues}


def test_a_grid_value_followed_by_a_pages_labels_and_an_addressee_list_are_no_header_fields(parse):
    """Once a grid no longer ends the header, the lines after it are read: an addressee list (各镇政府,…:) is no
    title, and a 来源 value printed with the page's own labels after it (发布时间:…, 浏览次数:) is the issuer alone."""
    doc = parse("文号 | 潍城政办字〔2025〕9号 | 索引号 | 11370705MB0001234X/2025-00087 |\n来源：潍城区人民政府办公室 发布时间："
                "2025-05-16 浏览次数：\n各街道办事处，区政府各部门：\n" + GRID_BODY.split("\n", 1)[1])
    meta = doc.metadata
    assert (meta.title, meta.doc_number, meta.issuers) == ("", "潍城政办字〔2025〕9号", ("潍城区人民政府办公室",))


def test_a_grids_date_of_issue_outweighs_the_pages_posting_time(parse):
    """A page posted years after the notice (发布时间:2011-06-05) whose grid prints 【颁布日期】 and 【实施日期】: the
    notice's date and year are the grid's, and its 'by' deadlines start in that year."""
    doc = parse("关于落实2007年重点工作任务分工的通知\n发布时间:2011-06-05 00:00:00\n【颁布日期】2007-02-15\n"
                "【实施日期】2007-03-01\n【有效性】有效\n一、重点任务\n"
                "1.推进园区建设。（牵头单位：市发改委；完成时限：6月底前）\n")
    assert (doc.metadata.date, doc.metadata.year) == (date(2007, 2, 15), 2007)
    assert only(doc)[1].deadline.end == date(2007, 6, 30)


def test_an_effective_date_is_the_date_where_the_grid_gives_no_other(parse):
    doc = parse("实施日期：2024-01-01 | 有效性：有效\n关于推进某工作的实施方案\n一、任务\n"
                "1.推进工作。（牵头单位：区财政局；完成时限：6月底前）\n")
    assert (doc.metadata.title, doc.metadata.date) == ("关于推进某工作的实施方案", date(2024, 1, 1))


def test_duties_listed_after_a_colon_or_after_a_duty_and_a_comma_of_enumeration(parse):
    # 具体为:X负责甲镇、乙镇,Y负责丙街道 and 由X负责的第2件、Y负责的第7件: each subject's duty, the places after 负责 its
    # work, not units
    doc = parse(HEAD + "1.分片包干。具体为:县消防救援大队负责城关镇、河口镇,县文旅局负责东城街道。\n"
                       "2.加快办理。由县自然资源局负责的第2件、县住建局负责的第7件进展缓慢。\n")
    assert [printed_roles(a) for _, a in doc.assignments] == [
        ([], ["县消防救援大队"], []), ([], ["县文旅局"], []), ([], ["县自然资源局"], []), ([], ["县住建局"], [])]


def test_a_comma_of_enumeration_inside_a_list_of_units_parts_no_duties(parse):
    # (1)县财政局、县审计局负责…: one duty of two units, the second never a duty of its own
    _, a = only(parse(HEAD + "1.加强资金监管。县财政局、县审计局负责专项资金的监督检查。\n"))
    assert printed_roles(a) == ([], ["县财政局", "县审计局"], [])


def test_the_units_no_gazetteer_lists_are_summarised_in_one_short_warning(parse):
    """A county with no gazetteer has every unit in this warning: the list of them all buried the warnings that
    need a reader. The first eight and a count; every unit is stored."""
    bodies = ["民政局", "财政局", "应急局", "商务局", "统计局", "税务局", "水利局", "教育局", "公安局", "司法局"]
    doc = parse("沂阳县人民政府办公室关于印发重点工作任务清单的通知\n沂阳政办字〔2026〕30号\n"
                f"1. 甲。(牵头单位:{'、'.join('县' + b for b in bodies)};完成时限:2026年12月)\n")
    (issue,) = [i for i in doc.issues if i.code == "units-not-in-gazetteer"]
    assert issue.message.startswith("10 units not in any gazetteer: 沂阳县民政局、")
    assert issue.message.endswith("沂阳县教育局 and 2 more (every one is stored, under the name it is listed by here)")
    _, a = only(doc)
    assert len(a.lead) == 10


@pytest.mark.parametrize(("first_line", "title"), [
    # a notice withdrawing another names it in 《》: the title runs past the quoted title's own 的通知 (review45)
    ("即墨区安全生产委员会办公室关于撤回《关于开展2026年秋冬季安全生产大排查大整治的通知》的通知",
     "关于撤回《关于开展2026年秋冬季安全生产大排查大整治的通知》的通知"),
    ("青岛市人民政府办公厅关于印发《青岛市2024年稳外贸若干措施》的通知", "关于印发《青岛市2024年稳外贸若干措施》的通知"),
])
def test_a_title_quoting_another_documents_title_is_read_whole(parse, first_line, title):
    doc = parse(f"{first_line}\n即安办发〔2026〕14号\n一、撤回事项\n1.停止执行原通知。（责任单位：区应急管理局）\n")
    assert doc.metadata.title == title
