"""The fallbacks for layouts the walk does not know (ingest/attributions.py: keys and role clauses inside
sentences, lines of units under a table header named like a key): what they read is said where it stands, and
what reads like an attribution but names no units is warned about, never dropped."""

from __future__ import annotations

from conftest import ROOT

from bench.parse_eval import parse_file, roles_of
from ingest.pipeline import ingest_bytes

DOCS = ROOT / "tests" / "documents"


def _codes(doc, code):
    return [i for i in doc.issues if i.code == code]


def test_every_attribution_read_by_a_fallback_is_said_where_it_stands(resources):
    for name, count in (("sentence_roles.txt", 3), ("unknown_table.txt", 3)):
        doc = parse_file(DOCS / name, resources)
        said = _codes(doc, "read-without-structure")
        assert len(said) == count == len(doc.assignments), [i.message for i in said]
        spans = {(a.attribution_span.start, a.attribution_span.end) for _, a in doc.assignments}
        assert {(i.span.start, i.span.end) for i in said} == spans


def test_exhortation_without_units_is_warned_not_read(resources):
    doc = parse_file(DOCS / "sentence_roles.txt", resources)
    unread = _codes(doc, "unread-attribution")
    assert len(unread) == 1 and "主动配合" in unread[0].message
    assert all(task.label != "强化组织保障" for task, _ in doc.assignments)


def _parse(resources, text):
    return ingest_bytes(text.encode("utf-8"), "fallback.txt", resources)


def test_unit_lines_need_a_column_named_like_a_key(resources):
    # the same lines under a header with no role column: a signature, a list of addressees, nothing to read
    text = ("南溪县人民政府办公室关于报送进度的通知\n南府办〔2025〕2号\n项次\n\n项目\n\n进度\n\n"
            "1\n\n新建公办幼儿园2所。\n\n县教育局\n\n65%\n")
    assert _parse(resources, text).assignments == ()
    doc = _parse(resources, text.replace("进度\n\n1", "牵头单位\n\n1"))
    assert [roles_of(a)["lead"] for _, a in doc.assignments] == [["县教育局"]]


def test_several_role_columns_take_consecutive_unit_lines_in_order(resources):
    text = ("北岸区2025年重点工作分解表\n序次\n\n工作任务\n\n牵头单位\n\n配合单位\n\n"
            "1\n\n推进老旧小区改造12个。\n\n区住建局\n\n区财政局、各街道办事处\n")
    doc = _parse(resources, text)
    (_, a), = doc.assignments
    assert roles_of(a) == {"lead": ["区住建局"], "responsible": [], "cooperating": ["区财政局", "各街道办事处"]}


def test_a_role_clause_needs_units_before_its_verb(resources):
    text = ("东坪镇关于做好秋冬季防火工作的通知\n一、压实责任\n各村要明确专人负责，企业主体负责，做好隐患排查。\n")
    doc = _parse(resources, text)
    assert doc.assignments == ()
    assert _codes(doc, "unread-attribution")


def test_a_bracket_after_an_item_is_read_only_when_it_names_nothing_but_units(resources):
    text = ("西河县学习笔记\n- **(一) 完善配送体系** — 「推动县级分拨中心共建共享。」(国家邮政局、商务部)\n"
            "- **(二) 规范收费** — 「落实收费公示制度。」(2021年版)\n- **(三) 强化宣传** — 「加强政策解读。」(此件公开发布)\n")
    doc = _parse(resources, text)
    assert [roles_of(a)["responsible"] for _, a in doc.assignments] == [["国家邮政局", "商务部"]]


def test_a_key_glued_to_an_items_title_is_read_and_said(resources):
    doc = parse_file(DOCS / "titled_key.txt", resources)
    said = _codes(doc, "read-without-structure")
    assert len(said) == 3 == len(doc.assignments) and all("title" in i.message for i in said)
    assert [t.title for t, _ in doc.assignments] == ["城乡居民免费健康体检", "农村饮水安全巩固提升", "老年助餐服务点建设"]


def test_a_glued_key_whose_value_is_not_units_is_not_read(resources):
    text = ("西岭县为民办实事进展通报\n二、具体进展\n(一)城乡居民免费健康体检牵头责任部门:待定\n已制定体检方案。\n"
            "(二)农村饮水安全巩固提升要求落实单位:抓紧推进\n已完成设计。\n")
    doc = _parse(resources, text)
    assert doc.assignments == ()
    assert len(_codes(doc, "task-without-attribution")) == 2


def test_rows_the_cell_fallback_reads_are_tasks_under_their_own_numbers(resources):
    doc = parse_file(DOCS / "unknown_table.txt", resources)
    assert [(t.label, t.title) for t in doc.tasks] == [
        ("第一项", "新建城区公办幼儿园2所,新增学位540个"), ("第二项", "改造提升农村公路60公里"),
        ("第三项", "为全县65周岁以上老年人免费开展健康体检")]
    said = _codes(doc, "read-without-structure")
    assert [i.message.rsplit("labelled ", 1)[1] for i in said] == ["第一项", "第二项", "第三项"]


def test_fallback_rows_without_a_number_each_stay_under_the_heading(resources):
    text = ("南溪县人民政府办公室关于报送进度的通知\n南府办〔2025〕2号\n项次\n\n项目\n\n牵头单位\n\n"
            "1\n\n新建公办幼儿园2所。\n\n县教育局\n\n改造农村公路60公里。\n\n县交通运输局\n")
    doc = _parse(resources, text)
    assert [(t.label, len(t.assignments)) for t in doc.tasks] == [("正文", 2)]


def test_a_row_number_after_a_rows_units_is_the_next_row_not_its_deadline(resources):
    text = ("南溪县进度表\n南府办〔2025〕3号\n项次\n\n项目\n\n牵头单位\n\n"
            "1\n\n新建公办幼儿园2所。\n\n县教育局\n\n2\n\n改造农村公路60公里。\n\n县交通运输局\n")
    doc = _parse(resources, text)
    assert [(t.label, [a.deadline for a in t.assignments]) for t in doc.tasks] == [("1", [None]), ("2", [None])]
    assert not _codes(doc, "unresolved-deadline")


def test_role_clauses_that_are_a_numbered_items_one_attribution_are_no_fallback(resources):
    """A notice numbered 1.–5. whose items each state their units in role clauses (…。X牵头,Y、Z按职责分工负责。, after
    a comma with a deadline after them, opening the item) was warned read-without-structure on every item: the
    item's number bounds the work they govern, as a bracket would. Still said where the structure is a guess."""
    doc = parse_file(DOCS / "inline_role_clauses.txt", resources)
    assert len(doc.assignments) == 5 and not _codes(doc, "read-without-structure")
    # a label run on inside the item before them (2. **实施机构**   X牵头,…): the item is not the clauses' own
    doc = parse_file(DOCS / "label_clauses.txt", resources)
    assert len(_codes(doc, "read-without-structure")) == 2
    # two duties stated in one item, and the clauses under a heading with no number
    text = ("东河区人民政府办公室关于做好汛前准备的通知\n东政办字〔2025〕3号\n一、隐患排查\n"
            "1.完成排水管网清淤，区城管局牵头，于5月底前完成。区水务局负责组织联合演练。\n"
            "二、物资储备\n核查应急物资储备。区应急局牵头，区财政局配合。\n")
    doc = _parse(resources, text)
    assert len(doc.assignments) == 3
    said = {i.message.rsplit("labelled ", 1)[1]: i.message for i in _codes(doc, "read-without-structure")}
    assert "区城管局牵头" in said["1"] and "区应急局牵头" in said["物资储备"], said
