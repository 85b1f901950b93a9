"""A note in 〔〕, 【】 or ［］ inside or right after a list of units (市财政局〔市级资金，各区（市）配套〕): the unit
is read and the note is kept as the attribution's note, under every key, after any unit of the list, with brackets
nested inside it; a unit name's own bracket (各区（市）) and a 文号's 〔2024〕 are no notes (issue 14)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from bench.parse_eval import find, golden, parse_file, printed

DOCUMENT = ROOT / "tests" / "documents" / "bracket_notes.txt"
HEAD = "青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n"


@pytest.fixture(scope="module")
def doc(resources):
    return parse_file(DOCUMENT, resources)


def roles(a) -> tuple[list[str], list[str], list[str]]:
    return tuple([printed(u) for u in getattr(a, role)] for role in ("lead", "responsible", "cooperating"))


@pytest.mark.parametrize("want", golden(DOCUMENT)["assignments"], ids=lambda w: w["task"])
def test_the_note_is_the_attributions_note(doc, want):
    _, a = find(doc, want["at"])
    assert a.note == want["note"]


def test_no_unit_is_lost_to_its_note(doc):
    assert [i.message for i in doc.issues if i.code in ("not-a-unit", "attribution-without-unit")] == []


def test_a_document_numbers_bracket_is_no_note(doc):
    assert (doc.metadata.doc_number, doc.metadata.year) == ("青政办字〔2025〕14号", 2025)
    task, a = find(doc, "牵头单位：市财政局；配合单位：市发展改革委）")
    assert "（青财预〔2024〕21号）要求" in a.text_span.slice(doc.text) and a.note == ""
    assert len(task.assignments) == 1


@pytest.mark.parametrize(("bracket", "lead", "responsible", "cooperating", "note"), [
    # under each key, one unit or the last of several, a nested （）
    ("（牵头单位：市财政局〔市级资金，各区（市）配套〕；配合单位：市工业和信息化局；完成时限：2024年11月底前）",
     ["市财政局"], [], ["市工业和信息化局"], "市级资金，各区（市）配套"),
    ("（责任单位：市应急管理局〔信息化平台由市大数据局负责技术支持〕；完成时限：2024年9月底前）",
     [], ["市应急管理局"], [], "信息化平台由市大数据局负责技术支持"),
    ("（牵头单位：市商务局；配合单位：市发展改革委、市财政局【贴息资金由市级统筹】）",
     ["市商务局"], [], ["市发展改革委", "市财政局"], "贴息资金由市级统筹"),
    ("（牵头单位：市住房城乡建设局［含配套管网改造］；配合单位：各区（市）人民政府）",
     ["市住房城乡建设局"], [], ["各区(市)人民政府"], "含配套管网改造"),
    # in the middle of a list: a note, or the mark of the lead
    ("（配合单位：市卫生健康委〔医养结合部分〕、市财政局；牵头单位：市民政局）",
     ["市民政局"], [], ["市卫生健康委", "市财政局"], "医养结合部分"),
    ("（责任单位：市发展改革委〔牵头〕、市工业和信息化局）", ["市发展改革委"], ["市工业和信息化局"], [], ""),
    # role phrases without keys, a separator inside the note parting nothing
    ("（市财政局〔市级资金，各区（市）配套〕牵头，市发展改革委、市审计局〔绩效评价〕配合）",
     ["市财政局"], [], ["市发展改革委", "市审计局"], "市级资金，各区（市）配套；绩效评价"),
    # a remark in （） is a note as before; a name's own （） is not
    ("（责任单位：市民政局（负责困难群众救助资金发放）、市财政局）", [], ["市民政局", "市财政局"], [],
     "负责困难群众救助资金发放"),
], ids=["lead-key-nested", "responsible-key", "last-of-several", "square", "middle-of-list", "lead-mark",
        "role-phrases", "round-remark"])
def test_a_bracketed_note_keeps_its_unit(parse, bracket, lead, responsible, cooperating, note):
    doc = parse(HEAD + "1. 推进工作。" + bracket + "\n")
    [(_, a)] = doc.assignments
    assert roles(a) == (lead, responsible, cooperating)
    assert a.note == note
    assert not [i for i in doc.issues if i.code in ("not-a-unit", "attribution-without-unit")]


def test_a_note_on_a_key_line_of_its_own(parse):
    doc = parse(HEAD + "1. 推进港口集疏运体系建设。\n牵头单位：市交通运输局〔港口部分由山东港口青岛港集团配合实施〕\n"
                       "完成时限：2024年12月底前\n")
    [(_, a)] = doc.assignments
    assert roles(a) == (["市交通运输局"], [], [])
    assert a.note == "港口部分由山东港口青岛港集团配合实施"
    assert a.lead[0].span.slice(doc.text) == "市交通运输局"


def test_a_role_word_alone_in_brackets_is_the_units_role_not_a_failed_attribution(parse):
    doc = parse(HEAD + "1. 开展质量监督。市住房城乡建设局〔牵头〕、市市场监管局负责，2026年12月底前完成。\n"
                       "2. 推进项目建设。项目进度要加快〔牵头〕。\n")
    [(_, a)] = doc.assignments
    assert roles(a) == (["市住房城乡建设局"], ["市市场监管局"], [])
    unparsed = [i for i in doc.issues if i.code == "unparsed-attribution"]
    assert [i.span.slice(doc.text) for i in unparsed] == ["〔牵头〕"]  # the one no attribution read
    assert doc.text[unparsed[0].span.start - 3 : unparsed[0].span.start] == "要加快"


def test_a_note_in_brackets_right_after_the_attributions_bracket_is_its_note(parse):
    """A 〔〕 printed after the attribution's closing bracket (…完成时限：2024年6月底前）〔本项任务列入省考核〕) was read by
    nothing and lost: it is the attribution's note, after a note of its own; the text after it is the next duty's."""
    doc = parse(HEAD + "1. 推行“高效办成一件事”清单化管理。（牵头单位：市行政审批局；配合单位：市发展改革委；"
                       "完成时限：2024年6月底前）〔本项任务列入省考核〕\n"
                       "2. 开展涉企收费专项检查。（牵头单位：市市场监管局；配合单位：市财政局〔专项资金〕） 〔按季度报送进展〕"
                       "规范行业协会收费。（牵头单位：市民政局）\n"
                       "3. 建立企业诉求机制。（牵头单位：市司法局）\n")
    assert [(t.label, a.note, a.text_span.slice(doc.text)) for t, a in doc.assignments] == [
        ("1", "本项任务列入省考核", "推行“高效办成一件事”清单化管理。"),
        ("2", "专项资金；按季度报送进展", "开展涉企收费专项检查。"),
        ("2", "", "规范行业协会收费。"),
        ("3", "", "建立企业诉求机制。"),
    ]
    assert not [i for i in doc.issues if i.code in ("not-a-unit", "attribution-without-unit")]
