"""Documents of other provinces and cities (tests/documents/*.txt), each read against a golden file written by
reading it: attribution grammar, structure variants and deadlines (issue 14)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import ROOT

from bench.parse_eval import (
    ROLES,
    deadline_matches,
    deadline_of,
    documents,
    find,
    golden,
    parse_file,
    printed,
    roles_of,
    score_document,
    section_of,
)
from ingest.model import UnitKind
from ingest.normalize import normalize_name, unspaced
from ingest.pipeline import ingest_bytes


def cases():
    for path in documents():
        for want in golden(path)["assignments"]:
            yield pytest.param(path, want, id=f"{path.stem}:{want['at'][:16]}")


@pytest.fixture(scope="module")
def parsed(resources):
    return {path.name: parse_file(path, resources) for path in documents()}


@pytest.mark.parametrize(("path", "want"), list(cases()))
def test_roles_of_every_attribution(parsed, path, want):
    task, got = find(parsed[path.name], want["at"])
    assert got is not None, "no assignment covers the attribution"
    assert roles_of(got) == {r: want[r] for r in ROLES}
    assert got.responsible_open == want.get("responsible_open", False)


@pytest.mark.parametrize(("path", "want"), [c for c in cases() if c.values[1]["deadline"]])
def test_deadline_wherever_printed(parsed, path, want):
    _, got = find(parsed[path.name], want["at"])
    assert deadline_matches(want["deadline"], deadline_of(got)), deadline_of(got)


def test_statistics_as_a_subject_are_no_monthly_duty(parsed):
    doc = parsed["role_marks_and_statistics.txt"]
    _, got = find(doc, "牵头单位：市统计局")
    assert deadline_of(got) is None  # 每月统计数据要准确及时: the data, not a duty to count each month
    assert not [i for i in doc.issues if i.code == "unparsed-attribution"]  # 〔牵头〕 is the unit's role


@pytest.mark.parametrize(("path", "want"), list(cases()))
def test_task_label_and_section(parsed, path, want):
    doc = parsed[path.name]
    task, _ = find(doc, want["at"])
    assert (task.label, section_of(doc, task)) == (want["task"], want["section"])


def test_goal_f1_and_deadline_recall(parsed):
    scores = [score_document(parsed[p.name], golden(p)) for p in documents()]
    exact, gold, predicted = (sum(getattr(s, k) for s in scores) for k in ("exact", "golden", "predicted"))
    precision, recall = exact / predicted, exact / gold
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert sum(s.deadlines_read for s in scores) == sum(s.deadlines for s in scores)


def test_every_span_slices_what_it_claims(parsed):
    for doc in parsed.values():
        for _, a in doc.assignments:
            for unit in (*a.lead, *a.responsible, *a.cooperating):
                assert unit.span.slice(doc.text) == unit.surface
            if a.deadline:  # shown as printed without the line breaks and spaces a page's layout put inside it
                assert unspaced(a.deadline.span.slice(doc.text)) == a.deadline.text


def test_traditional_attributions_keep_their_characters(parsed):
    doc = parsed["traditional.txt"]
    assert doc.traditional
    _, a = find(doc, "每季度，責任單位")
    assert a.attribution_span.slice(doc.text) == "（每季度，責任單位：省工業和信息化廳）"
    assert a.responsible[0].surface == "省工業和信息化廳" and a.responsible[0].name == "省工业和信息化厅"


def test_numbered_items_under_action_headings_panels_and_restarting_numbers(parsed):
    doc = parsed["numbering.txt"]
    expected = json.loads((ROOT / "tests" / "documents" / "numbering.json").read_text(encoding="utf-8"))
    got = [[t.label, section_of(doc, t), doc.action(t.action_seq).name if t.action_seq else None]
           for t in doc.tasks]
    assert got == expected["tasks"]
    label, panel = expected["panel_in_task"]
    task = next(t for t in doc.tasks if t.label == label)
    assert panel in task.span.slice(doc.text) and "5G基站达到20万个" in task.span.slice(doc.text)


def test_an_annex_listing_people_is_no_attribution(parsed):
    doc = parsed["numbering.txt"]
    annex = doc.sections[-1]
    assert (annex.label, annex.title) == ("附件", "湖北省数字经济发展领导小组成员名单")
    assert not [t for t in doc.tasks if t.section_seq == annex.seq]
    assert not [i for i in doc.issues if i.code not in ("unknown-unit", "units-not-in-gazetteer")]


def test_recurring_deadlines_are_recurring_not_open_ended(parsed):
    _, a = find(parsed["deadline_first.txt"], "责任单位：区营商环境办；每月")
    # a 2024 清单's 每月 is owed within 2024 (review 15): it ends with its plan's year, and is still no open end
    assert (a.deadline.recurring, a.deadline.open_ended, a.deadline.end) == ("month", False, date(2024, 12, 31))
    _, b = find(parsed["deadline_first.txt"], "持续推进，牵头单位：区行政审批局")
    assert (b.deadline.recurring, b.deadline.open_ended) == ("", True)


def test_units_named_by_a_role_word_are_collectives(parsed):
    doc = parsed["grouped_units.txt"]
    for at in ("责任单位：省重大项目建设工作专班牵头单位", "责任单位：各项目牵头单位"):
        _, a = find(doc, at)
        assert [u.kind for u in a.responsible] == [UnitKind.COLLECTIVE]


def test_guessed_keys_are_warned_about(parsed):
    guessed = [i.message for i in parsed["new_keys.txt"].issues if i.code == "guessed-attribution-key"]
    assert guessed == ["key '牵头推进单位' is not a known key; read as lead",
                       "key '参加单位' is not a known key; read as cooperating"]


def test_several_attributions_in_one_item_each_govern_the_text_before_them(parsed):
    doc = parsed["grouped_units.txt"]
    task = next(t for t in doc.tasks if t.label == "6")
    first, second = (a.text_span.slice(doc.text) for a in task.assignments)
    assert first == "完善充电基础设施。加快城市公共充电网络建设。"
    assert second == "推进农村地区充电设施覆盖，到2024年底前实现充电设施乡镇全覆盖。"
    task = next(t for t in doc.tasks if t.label == "7")
    assert [a.text_span.slice(doc.text) for a in task.assignments] == [
        "发展智慧交通。推进高速公路智慧化改造", "建设智慧港口", "推广车路协同应用"]


def test_paragraphs_under_a_heading_are_assignments_labelled_by_it(parsed):
    doc = parsed["articles.txt"]
    task = doc.tasks[0]
    assert (task.label, task.numbered, len(task.assignments)) == ("支持工业互联网平台建设", False, 2)
    assert task.assignments[1].text_span.slice(doc.text) == "对新入选省级行业产业数据仓的项目，按投资额的20%给予补助。"


@pytest.mark.parametrize(("replace", "year"), [("青西新管办发〔2024〕8号", 2024), ("2023年12月20日", 2023)])
def test_year_less_months_take_the_year_of_the_number_or_the_date(parse, replace, year):
    text = (ROOT / "tests" / "documents" / "deadline_first.txt").read_text(encoding="utf-8")
    doc = parse(text.replace("青西新管办发〔2024〕8号", replace))
    _, a = find(doc, "5月底前完成，牵头单位：区行政审批局")
    assert (doc.metadata.year, a.deadline.end.isoformat()) == (year, f"{year}-05-31")
    _, b = find(doc, "区发展改革局牵头，区市场监管局配合，7月起实施")
    assert b.deadline.start.isoformat() == f"{year}-07-01" and b.deadline.end is None


@pytest.mark.parametrize(("bracket", "responsible"), [
    ("（各市、县（市、区）人民政府负责）", ["各市、县(市、区)人民政府"]),
    ("（责任单位：各市、县人民政府，省财政厅）", ["各市、县人民政府", "省财政厅"]),
    ("（责任单位：各区、市直有关部门）", ["各区", "市直有关部门"]),
    ("（省发展改革委、相关市、县政府负责）", ["省发展改革委", "相关市、县政府"]),
    ("（责任单位：有关市、县人民政府）", ["有关市、县人民政府"]),
    # what the first kind stands for in brackets after it
    ("（责任单位：市财政局，各县（市）、区人民政府）", ["市财政局", "各县(市)、区人民政府"]),
])
def test_one_each_over_several_places_is_one_collective(parse, bracket, responsible):
    doc = parse("青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n1. 推进工作。" + bracket + "\n")
    [(_, a)] = doc.assignments
    assert [printed(u) for u in a.responsible] == responsible


def test_a_bracket_between_two_parts_of_a_name_is_no_attribution(parsed, parse):
    doc = parsed["qualified_names.txt"]
    brackets = [m.start() for m in re.finditer(re.escape("(高新区、经开区)"), doc.text)]
    spans = [a.attribution_span for _, a in doc.assignments]
    assert len(brackets) == 2 and not [b for b in brackets for s in spans if s.start <= b < s.end]
    # a bracket of units after a name that goes on as no unit's name (…建设(X、Y)…) is still an attribution
    doc = parse("青溪县若干措施\n青政发〔2024〕3号\n一、重点任务\n1.推进园区建设(市发展改革委、市财政局)同步完善配套。\n")
    [(_, a)] = doc.assignments
    assert [printed(u) for u in a.responsible] == ["市发展改革委", "市财政局"]


def test_bare_places_before_a_government_share_it_and_a_bare_work_word_is_no_place(parsed):
    doc = parsed["shared_governments.txt"]
    _, a = find(doc, "（省商务厅、省交通运输厅、图们、珲春、集安市政府负责）")
    places = [u for u in a.responsible if printed(u) in ("图们", "珲春")]
    # 图们市 and 珲春市 are listed places (every province's are): each government is its place's 市政府
    assert [(u.place, u.name) for u in places] == [("图们市", "市政府"), ("珲春市", "市政府")]
    _, a = find(doc, "（省财政厅、税务、白山市政府负责）")
    assert "税务" in a.note and "税务" not in [printed(u) for u in a.responsible]


@pytest.mark.parametrize(("bracket", "role", "names"), [
    ("（税务、财政、海关等部门按职责分工负责）", "responsible", ["税务部门", "财政部门", "海关"]),
    ("（市商务局牵头，税务、海关等有关部门配合）", "cooperating", ["税务部门", "海关"]),
    ("（商务、统计等部门负责）", "responsible", ["商务部门", "统计部门"]),
])
def test_bare_words_of_work_before_deng_bumen_are_each_that_works_department(parse, bracket, role, names):
    doc = parse("青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n1. 推进工作。" + bracket + "\n")
    [(_, a)] = doc.assignments
    assert [u.name.removeprefix("青岛市") for u in getattr(a, role)] == names
    assert getattr(a, f"{role}_open")


def test_a_bare_word_of_work_without_a_shared_noun_stays_a_note(parse):
    doc = parse("青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n1. 推进工作。（市财政局、税务负责）\n")
    [(_, a)] = doc.assignments
    assert [printed(u) for u in a.responsible] == ["市财政局"] and "税务" in a.note


def test_a_section_heading_listing_its_targets_in_short_phrases_opens_its_section(parse):
    doc = parse("青溪县关于2024年办好民生实事的通知\n青政发〔2024〕2号\n"
                "一、稳定就业,城镇新增就业1万人,培训技能人才3000人\n(一)城镇新增就业1万人。(责任单位:县人社局)\n"
                "二、办好教育,新建幼儿园5所,改造薄弱学校8所,开展课后托管服务,实施家庭教育指导工程\n"
                "(二)新建幼儿园5所。(责任单位:县教育局)\n"
                "三、城镇新增就业1万人,县人社局牵头负责组织实施,各乡镇配合做好摸底登记和就业帮扶工作,年底前完成\n")
    assert [s.title for s in doc.sections][:2] == [
        "稳定就业,城镇新增就业1万人,培训技能人才3000人",
        "办好教育,新建幼儿园5所,改造薄弱学校8所,开展课后托管服务,实施家庭教育指导工程"]
    assert [doc.sections[t.section_seq - 1].seq for t in doc.tasks[:2]] == [1, 2]
    assert len(doc.sections) == 2  # a line of phrases that states a duty is no heading


def test_items_numbered_again_under_an_unnumbered_title_open_its_section(parsed):
    doc = parsed["restarted_items.txt"]
    assert [s.title for s in doc.sections] == ["三项保障措施", "沿江开发五大重点推进事项"]
    third = next(t for t in doc.tasks if t.label == "3")
    assert "重点推进事项" not in third.span.slice(doc.text) and "工作专班" not in third.span.slice(doc.text)


def test_items_run_into_their_action_heading(parse):
    doc = parse("湖北省数字经济行动方案\n鄂政发〔2024〕6号\n一、主要任务\n"
                "（一）网络体系强基行动。1﹒建设千兆城市。（省通信管理局牵头，省住建厅配合）2﹒部署算力网络。（省发展改革委负责）\n"
                "（二）产业数字化行动。1．推进企业上云，支持2.5万家企业上云。（省经信厅牵头）\n")
    assert [a.name for a in doc.actions] == ["网络体系强基行动", "产业数字化行动"]
    assert [(t.label, t.action_seq, len(t.assignments)) for t in doc.tasks] == [("1", 1, 1), ("2", 1, 1), ("1", 2, 1)]
    assert doc.tasks[1].span.slice(doc.text) == "2﹒部署算力网络。（省发展改革委负责）"


def test_a_name_with_markup_is_no_unit_but_a_doubtful_note(parsed, resources):
    doc = parse_file(ROOT / "tests" / "documents" / "hostile.txt", resources)
    units = [u.surface for _, a in doc.assignments for u in (*a.lead, *a.responsible, *a.cooperating)]
    assert units and not [u for u in units if set(u) & set("<>{}=|`")]
    doubtful = [i.message for i in doc.issues if i.code == "not-a-unit"]
    assert any("script>办公室" in m for m in doubtful), doubtful
    _, a = find(doc, "<script>alert(5)</script>办公室")
    assert [printed(u) for u in a.responsible] == ["市财政局"] and "script>办公室" in a.note


def test_a_duty_stated_in_a_sentence_counts_only_where_no_attribution_is_printed(parsed):
    doc = parsed["prose_duty.txt"]
    task = next(t for t in doc.tasks if t.label == "5")
    assert [[printed(u) for u in a.responsible] for a in task.assignments] == [["县水务局"]]
    task = next(t for t in doc.tasks if t.label == "6")
    assert task.assignments == ()
    task = next(t for t in doc.tasks if t.label == "1")
    assert task.assignments[0].text_span.slice(doc.text) == \
        "滨河路东段绿化带内有建筑垃圾堆放。\n整改要求：由县环卫所负责清运，6月底前完成。"


def test_leaders_at_each_level_are_leaders_not_units(parsed):
    _, a = find(parsed["division_keys.txt"], "部门分工：省发展改革委牵头")
    assert a.leaders == ("王副省长",)


def test_pinyin_a_web_copy_prints_after_characters_is_not_read(parsed):
    doc = parsed["ruby_copy.txt"]
    assert [sec.title for sec in doc.sections] == ["推动产业转型升级", "保障和改善民生"]
    _, a = find(doc, "集群。(牽頭單位")
    assert a.lead[0].name == "市工业和信息化局" and a.lead[0].surface == "市工業(yè)和信息化局"
    assert normalize_name("市經(jīng)貿(mào)委") == "市经贸委" and normalize_name("区(A)片区") == "区(A)片区"


def test_a_document_printing_no_year_takes_the_latest_year_it_cites(parsed):
    doc = parsed["shared_verb.txt"]
    assert doc.metadata.year == 2023
    assert not [i for i in doc.issues if i.code == "unknown-year"]


def test_units_named_once_for_all_below_need_a_duty(parse):
    text = ("某市助企措施\n某政发〔2024〕1号\n一、重点任务\n1. 设立专项资金。（责任单位：市财政局。以下任务均涉及各区政府，"
            "不再分工）\n2. 落实税收优惠。（责任单位：市税务局）\n")
    doc = parse(text)
    assert [printed(u) for u in doc.tasks[1].assignments[0].responsible] == ["市税务局"]
    duty = parse(text.replace("均涉及各区政府", "均需各区政府落实"))
    assert [printed(u) for u in duty.tasks[1].assignments[0].responsible] == ["市税务局", "各区政府"]
    assert [printed(u) for u in duty.tasks[0].assignments[0].responsible] == ["市财政局"]


def test_a_heading_attribution_governs_every_item_under_it_that_names_none(parsed):
    doc = parsed["heading_lead.txt"]
    leads = {(t.label, section_of(doc, t)): [printed(u) for a in t.assignments for u in a.lead] for t in doc.tasks}
    assert leads[("(二)", "激发商贸活力")] == ["区商务局"]  # no attribution of its own: the heading's
    assert leads[("(三)", "激发商贸活力")] == ["区财政局"]  # its own attribution wins
    assert [printed(u) for t in doc.tasks if t.label == "2" for a in t.assignments for u in a.responsible] == [
        "区市场监管局"]
    assert [s.title for s in doc.sections][0] == "激发商贸活力"  # the bracket is not part of the title


def test_a_heading_closed_by_an_attribution_in_any_form_leads_its_items(parsed):
    # a key after a space or glued, role clauses after a comma or a dash, a keyed bracket on an action heading
    doc = parsed["heading_forms.txt"]
    assert [s.title for s in doc.sections] == ["优化政务服务", "降低企业成本", "强化要素保障", "提升监管效能"]
    assert [a.name for a in doc.actions] == ["推进包容审慎监管", "完善信用体系"]
    leads = [(t.label, section_of(doc, t), [printed(u) for u in a.lead]) for t in doc.tasks for a in t.assignments]
    assert leads == [("1", "优化政务服务", ["区行政审批局"]), ("2", "优化政务服务", []),
                     ("1", "降低企业成本", ["区发展改革局"]), ("2", "降低企业成本", ["区发展改革局"]),
                     ("1", "强化要素保障", ["区自然资源局"]),
                     ("1", "提升监管效能", ["区市场监管局"]), ("2", "提升监管效能", ["区市场监管局"]),
                     ("1", "提升监管效能", ["区发展改革局"]),
                     ("(三)", "提升监管效能", ["区市场监管局"])]
    # (三) has prose, not items, under it: an item that names its own attribution, not a heading
    assert not any(i.code == "task-without-attribution" for i in doc.issues)


def test_a_heading_names_no_one_without_units(parse):
    # 按要求推进 and 各部门配合 after a heading are no units: the heading is not cut, nothing is read from it
    doc = parse("东川区2024年重点任务\n一、强化要素保障，按要求推进\n1.供应工业用地500亩。\n")
    assert [s.title for s in doc.sections] == ["强化要素保障,按要求推进"]
    assert doc.tasks[0].assignments == ()


def test_a_section_heading_run_on_with_its_first_item_opens_the_section(parse):
    text = ("北湖市优化营商环境若干措施汇编\n四、深化政务公开(十三)完善政策解读机制。围绕重点政策开展解读。(责任单位:市政府办公室)\n"
            "五、夯实工作基础(十四)落实公开审查制度。严防泄密风险。(责任单位:市保密局)\n")
    doc = parse(text)
    assert [(t.label, section_of(doc, t)) for t in doc.tasks] == [("(十三)", "深化政务公开"), ("(十四)", "夯实工作基础")]


def test_a_line_of_section_headings_is_an_outline_not_a_heading(parse):
    text = ("某部门关于加强应急通信能力建设意见的学习摘要\n共五部分:\n一、总体要求 · 二、推动技术突破 (1–4) ·\n"
            "三、夯实网络基础 (5–8) · 四、保障措施 (9–10).\n(一)推进技术攻关。研发适用于极端场景的装备。(工信部、应急管理部)\n")
    doc = parse(text)
    assert doc.sections == ()
    assert [(t.label, section_of(doc, t)) for t in doc.tasks] == [("(一)", None)]
    # headings with their text after them are no outline (flattened_paragraph.txt keeps its sections)
    from ingest.structure import is_outline
    assert not is_outline("一、总体要求 · 二、主要任务。建设创新平台3个。")
    assert is_outline("一、总体要求 · 二、主要任务 (1–4) ·")


def test_units_as_the_subject_of_a_duty_need_to_be_units(parse):
    text = ("东溪县人民政府办公室关于开展排查整治的通知\n东政办〔2024〕21号\n一、任务分工\n"
            "1.工作人员负责现场登记和资料归档工作。\n2.负有监管职责的部门负责本行业领域排查工作。\n"
            "3.县水利局负责水库、山塘的隐患排查工作。\n")
    doc = parse(text)
    assert [(t.label, [printed(u) for a in t.assignments for u in a.responsible]) for t in doc.tasks] == [
        ("1", []), ("2", []), ("3", ["县水利局"])]


def test_a_bare_luoshi_is_a_role_only_inside_an_attribution(parse):
    # (…参加,各镇街落实) names who carries the work out; 以下各项工作均需…落实 in the same bracket is a sentence
    doc = parse("某县乡村振兴重点任务清单\n某政办〔2024〕2号\n一、重点任务\n1.保持帮扶政策稳定。(县乡村振兴局牵头,县民政局等有关部门参加,"
                "各镇街落实。以下各项工作均需各镇街落实,不再列出)\n")
    (_, a), = doc.assignments
    assert ([printed(u) for u in a.lead], [printed(u) for u in a.responsible], [printed(u) for u in a.cooperating]) == (
        ["县乡村振兴局"], ["各镇街"], ["县民政局"])


def test_an_item_closed_by_its_attribution_at_the_end_stays_an_item(parse):
    doc = parse("某区2024年重点任务\n某政办〔2024〕3号\n一、强化保护\n(一)加强知识产权保护(牵头单位:区市场监管局)\n")
    assert doc.actions == ()
    assert [(t.label, [printed(u) for a in t.assignments for u in a.lead]) for t in doc.tasks] == [
        ("(一)", ["区市场监管局"])]


def test_a_list_ends_at_a_space_only_before_words_that_are_no_units(parse):
    # a flattened record: the list stops before 项目联系人:… and 推进情况:…; units parted by spaces stay a list
    doc = parse("某市2024年为民办实事推进情况\n1.新建社区食堂8家。 责任单位:市民政局 项目联系人:陈立 配合单位:市财政局、"
                "市商务局 推进情况:已建成5家。\n2.更新公交车辆50辆。 责任单位:市交通运输局 市公交集团 完成时限:2024年9月底前\n")
    (_, first), (_, second) = doc.assignments
    assert ([printed(u) for u in first.responsible], [printed(u) for u in first.cooperating]) == (
        ["市民政局"], ["市财政局", "市商务局"])
    assert [printed(u) for u in second.responsible] == ["市交通运输局", "市公交集团"]


def test_a_unit_under_a_leaders_column_marks_a_row_that_lost_a_cell(parse):
    # the row dropped its 目标 cell: 商务局 stands under 分管领导 as printed, but it is the lead
    doc = parse("某区2024年重点工作推进情况\n序号 | 重点工作 | 目标 | 分管领导 | 牵头单位 | 配合单位 | 进展 |\n"
                "1 | 建设便民市场2个。 | 完成主体。 | 王强 | 商务局 | 各街道 | 已开工。 |\n"
                "2 | 改造背街小巷10条。 | 王强 | 城管局 | 各街道 | 完成6条。 | |\n")
    assert [([printed(u) for u in a.lead], [printed(u) for u in a.cooperating]) for _, a in doc.assignments] == [
        (["商务局"], ["各街道"]), (["城管局"], ["各街道"])]


def test_a_leaders_column_never_makes_a_role_of_a_one_character_mark(parse):
    # a row continuing under merged cells (序号 empty) whose 是否序时 mark slid left: no attribution of 是 alone
    doc = parse("某县2024年重点工作清单\n重点工作 | 细化目标 | 分管领导 | 牵头单位 | 落实情况 | 是否序时 |\n"
                "3.推进管网改造。 | ①完成主管网。 | 陈志远 | 水利局 | 已完成60%。 | 是 |\n"
                "②完成支管网。 | 已完成40%。 | 是 | | | |\n")
    assert all(printed(u) == "水利局" for _, a in doc.assignments for u in a.lead)
    assert all(a.lead for _, a in doc.assignments)


def closings():
    return [pytest.param(p, golden(p)["closing"], id=p.stem) for p in documents() if "closing" in golden(p)]


@pytest.mark.parametrize(("path", "want"), closings())
def test_the_closing_block_ends_the_last_task_and_is_kept_as_ignored(parsed, path, want):
    doc = parsed[path.name]
    if "at" in want:
        task, a = find(doc, want["at"])
        assert a.text_span.slice(doc.text) == want["governed"]
    else:
        task = next(t for t in doc.tasks if t.label == want["label"])
    assert task.span.slice(doc.text) == want["task_text"]
    assert [s.span.slice(doc.text) for s in doc.ignored if s.reason == "closing"] == want["ignored"]
    if "date" in want:
        assert (doc.metadata.date.isoformat(), list(doc.metadata.issuers)) == (want["date"], want["issuers"])


@pytest.mark.parametrize(("tail", "last_task"), [
    ("1. 推进供热管网改造,年底前完成。\n市住房城乡建设局\n", "1. 推进供热管网改造,年底前完成。\n市住房城乡建设局"),
    ("1. 推进供热管网改造。\n青岛市人民政府办公厅\n2024年3月1日\n二、保障措施\n1. 加强资金保障。(市财政局负责)\n",
     "1. 加强资金保障。(市财政局负责)"),
])
def test_an_office_without_a_date_or_a_block_the_body_goes_on_after_is_no_closing(parse, tail, last_task):
    doc = parse("青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n" + tail)
    assert doc.tasks[-1].span.slice(doc.text) == last_task
    assert not [s for s in doc.ignored if s.reason == "closing"]


def test_a_convention_naming_the_first_unit_s_kind_still_makes_it_lead(parse):
    doc = parse("北溪县2025年重点工作责任分解\n北政办〔2025〕3号\n责任分解中，列第一位的责任单位为牵头单位或汇总单位。\n"
                "1.建设县城污水处理厂三期。（责任单位：县住房城乡建设局、县生态环境分局、县财政局）\n")
    [(_, a)] = doc.assignments
    assert [printed(u) for u in a.lead] == ["县住房城乡建设局"]
    assert [printed(u) for u in a.responsible] == ["县生态环境分局", "县财政局"]


def test_qingdao_district_wordings_are_the_collective_of_its_districts(parsed):
    """各区、市人民政府, 各区、市政府 and 各区市政府 (and Traditional) are Qingdao's wordings for 各区(市), the collective
    the gazetteer knows (its districts reach city duties through it), not an unknown unit of their own."""
    doc = parsed["district_collectives.txt"]
    for at in ("责任单位：各区、市人民政府", "配合单位：市发展改革委、各区、市政府", "责任单位：各区市政府",
               "責任單位：各區、市人民政府"):
        _, a = find(doc, at)
        collective = [u for u in (*a.responsible, *a.cooperating) if u.surface.startswith("各")]
        assert [(u.name, u.kind, u.known, u.place) for u in collective] == [
            ("各区(市)", UnitKind.COLLECTIVE, True, "青岛市")], at
    assert not [i for i in doc.issues if i.code in ("unknown-unit", "units-not-in-gazetteer")]


def test_units_named_by_a_role_are_one_kind_of_collective_said_so(parsed):
    """各牵头单位, 各责任单位 and 各项目责任单位: one rule, a collective of the units named for that role, each warned
    about once where first named (各牵头单位 was no unit while 各项目责任单位 was one)."""
    doc = parsed["district_collectives.txt"]
    _, a = find(doc, "牵头单位：各牵头单位")
    assert [(u.name, u.kind) for u in (*a.lead, *a.responsible)] == [
        ("各牵头单位", UnitKind.COLLECTIVE), ("各责任单位", UnitKind.COLLECTIVE), ("各项目责任单位", UnitKind.COLLECTIVE)]
    warned = [(i.code, i.message.split("'")[1]) for i in doc.issues]
    assert warned == [("collective-by-role", n) for n in ("各牵头单位", "各责任单位", "各项目责任单位")]


def test_an_ascii_bracket_inside_a_full_width_one_ends_nothing(parsed):
    """（…、市商务局'}) RETURN 1 //；完成时限：2026年6月底前）: the ASCII ')' pairs with nothing, so the full-width bracket
    runs to its ）and its deadline is read (it was lost with no warning); what is no unit is warned about where it
    stands, and the text is kept as printed."""
    doc = parsed["bracket_stray_close.txt"]
    _, a = find(doc, "牵头单位：市工业和信息化局")
    assert a.deadline.text == "2026年6月底前"
    assert "市商务局'}) RETURN 1" in a.note
    assert [(i.code, i.line) for i in doc.issues] == [("not-a-unit", 6), ("not-a-unit", 6), ("not-a-unit", 9)]


def test_only_ascii_brackets_pairing_with_nothing_inside_a_full_width_pair_are_marks():
    from ingest.normalize import normalize

    for same in ("（配合单位：各区(市)）", "（牵头单位：市商务局)", "（牵头单位：市商务局）(见附件)", "市司法局(含律师)"):
        assert normalize(same).text == normalize(same).text.replace("❨", "").replace("❩", ""), same
    found = normalize("（责任单位：市商务局'}) RETURN 1；完成时限：6月底前）")
    assert found.text == "(责任单位:市商务局'}❩ RETURN 1;完成时限:6月底前)"
    assert found.original == "（责任单位：市商务局'}) RETURN 1；完成时限：6月底前）"
    assert normalize("（牵头单位：市大数据局(；完成时限：12月底前）").text == "(牵头单位:市大数据局❨;完成时限:12月底前)"


def test_a_goals_heading_with_its_text_on_the_same_line_is_read_as_on_its_own_line(parsed, parse):
    """一、工作目标 到2025年底,全市规模以上工业增加值增长10%以上…: the section opens with its title and its text is its
    first paragraph, so its goals and their targets are read as when the heading has a line of its own (they were 0)."""
    doc = parsed["goals_run_on.txt"]
    assert [s.title for s in doc.sections] == ["工作目标", "重点任务"]
    got = [(g.area, [(t.metric, t.value, t.unit) for t in g.targets]) for g in doc.goals]
    assert got == [
        ("到2025年底,全市规模以上工业增加值增长10%以上,新增规模以上工业企业300家",
         [("全市规模以上工业增加值", 10.0, "%"), ("新增规模以上工业企业", 300.0, "家")]),
        ("工业投资实现新突破", [("工业投资", 15.0, "%"), ("技改投资占工业投资比重", 45.0, "%")]),
        ("创新能力取得新提升", [("新增省级以上企业技术中心", 30.0, "家")]),
    ]
    for g in doc.goals:
        assert all(doc.text[t.span.start : t.span.end] == t.text for t in g.targets)
    text = doc.text.replace("一、工作目标 到2025年底", "一、工作目标\n到2025年底")
    own_line = parse(text)
    assert [(g.area, g.targets and [t.metric for t in g.targets]) for g in own_line.goals] == [
        (g.area, g.targets and [t.metric for t in g.targets]) for g in doc.goals]
    for same in ("一、工作目标任务\n", "一、主要任务和措施\n"):  # a longer title is no standard title with text after it
        assert [s.title for s in parse(same + "1.推进工作。（牵头单位：市财政局）\n").sections] == [same.strip()[2:]]


def test_a_key_after_a_bracket_closed_early_is_warned_about_where_it_stands(parse):
    """With no full-width ）after it on the line, a pasted ')' still closes the bracket: the deadline key after it is
    not read, and it is said with its line and column, not lost without a word."""
    doc = parse("一、重点任务\n1.推动企业上云。（牵头单位：市工业和信息化局；责任单位：市商务局'}) RETURN 1；完成时限：2026年6月底前\n"
                "2.培育数据要素市场。（牵头单位：市大数据局；完成时限：2026年9月底前）\n")
    unread = [(i.line, i.column, i.message) for i in doc.issues if i.code == "unread-attribution"]
    assert unread == [(2, doc.text.splitlines()[1].index("完成时限") + 1,
                       "'完成时限：2026年6月底前' after the attribution's closing bracket was not read")]


def test_an_action_heading_run_on_after_a_stop_and_a_space_is_the_next_task(parse):
    # a town's list flattened one paragraph per heading: (二) follows (一)'s text after a full stop and the space a copy
    # left where its line began; one such heading is enough to open the next task, whatever line the paragraph is
    doc = parse("某镇2024年度重点工作任务分解\n(一)坚定不移壮产业(责任部门:经济发展办公室等) 拼抢重大项目,培育龙头企业。"
                " (二)坚定不移扩框架(责任部门:规划建设办公室等) 推进城镇开发建设,整治低效用地。\n")
    got = [(t.label, [u.surface for u in a.responsible]) for t in doc.tasks for a in t.assignments]
    assert got == [("(一)", ["经济发展办公室"]), ("(二)", ["规划建设办公室"])]


def test_parts_named_as_actions_are_the_actions_of_their_items(resources):
    """一、政务服务提速行动 over items (一)…(四): the part is the action, its items its tasks, as (一)…行动 over 1.… is;
    items closing their line with their keys (…。牵头单位:X 完成时限:Y) are read where they print them, unwarned."""
    doc = parse_file(ROOT / "tests" / "documents" / "action_parts.txt", resources)
    assert [(a.seq, a.name, a.section_seq) for a in doc.actions] == [(1, "政务服务提速行动", 1), (2, "要素保障行动", 2)]
    assert [(t.label, t.action_seq) for t in doc.tasks] == [
        ("(一)", 1), ("(二)", 1), ("(三)", 1), ("(四)", 1), ("(一)", 2), ("(二)", 2), ("(三)", 2), ("(四)", 2)]
    assert not [i for i in doc.issues if i.code == "read-without-structure"]


def test_a_part_named_as_an_action_over_action_headings_is_no_action_itself(resources):
    text = ("某市优化营商环境行动方案\n某政办发〔2025〕3号\n一、营商环境提升行动\n（一）政务服务提速行动\n"
            "1. 推行套餐服务。（牵头单位：市行政审批服务局）\n（二）要素保障行动\n2. 保障项目用地。（牵头单位：市自然资源和规划局）\n")
    doc = ingest_bytes(text.encode("utf-8"), "parts.txt", resources)
    assert [(a.label, a.name) for a in doc.actions] == [("(一)", "政务服务提速行动"), ("(二)", "要素保障行动")]
    assert [t.action_seq for t in doc.tasks] == [1, 2]


def test_a_unit_alone_over_its_duty_is_read_once(parse):
    # (一)县委宣传部 / 县委宣传部负责…: the paragraph names its own subject, read as it says, not a second time from
    # the item's line; (二)县教育局 / 负责…: the line's unit is the paragraph's; a member list heads nothing
    doc = parse("某县安全宣传月活动方案\n某政办〔2025〕7号\n二、职责分工\n(一)县委宣传部\n县委宣传部负责宣传报道工作。\n"
                "(二)县教育局\n负责校园安全教育。\n三、成员单位\n1.县财政局\n2.县民政局\n各成员单位要明确专人。\n")
    assert [(t.label, [[printed(u) for u in a.responsible] for a in t.assignments]) for t in doc.tasks] == [
        ("(一)", [["县委宣传部"]]), ("(二)", [["县教育局"]]), ("1", []), ("2", [])]
