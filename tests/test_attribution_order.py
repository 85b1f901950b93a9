"""The order of the parts of an attribution does not matter: key, role phrases, units and deadline shuffled
inside one bracket, in Simplified or Traditional characters, give the same roles, units and deadline."""

from datetime import date
from functools import cache

from conftest import parse_properties
from hypothesis import given
from hypothesis import strategies as st

HEAD = "青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n"
LEADS = ["市工业和信息化局", "市发展改革委"]
COOPERATING = ["市财政局", "市科技局", "市商务局"]
# printed deadline → (start, end) in a 2024 document
DEADLINES = {
    "2024年6月底前": (date(2024, 1, 1), date(2024, 6, 30)),
    "5月底前完成": (date(2024, 1, 1), date(2024, 5, 31)),
    "2024年底": (date(2024, 1, 1), date(2024, 12, 31)),
    "三季度前完成": (date(2024, 1, 1), date(2024, 9, 30)),
    "2024年3月至6月": (date(2024, 3, 1), date(2024, 6, 30)),
    "持续推进": (date(2024, 1, 1), None),
    "每季度": (date(2024, 1, 1), None),
}
KEYED = {"lead": "牵头单位：", "cooperating": "配合单位：", "deadline": "完成时限："}
PHRASE = {"lead": "{}牵头", "cooperating": "{}配合"}
MANNERS = ["", "按职责分工", "共同"]


def names(units) -> list[str]:
    return [u.name for u in units]


@st.composite
def attributions(draw):
    """One bracket: each part keyed (牵头单位：X) or as a phrase (X牵头, Y、Z按职责分工配合, a bare deadline),
    in any order, joined by ， or ；."""
    lead = draw(st.lists(st.sampled_from(LEADS), min_size=1, max_size=2, unique=True))
    coop = draw(st.lists(st.sampled_from(COOPERATING), min_size=1, max_size=3, unique=True))
    deadline = draw(st.sampled_from(sorted(DEADLINES)))
    parts = []
    for role, units in (("lead", lead), ("cooperating", coop)):
        listed = "、".join(units)
        if draw(st.booleans()):
            parts.append(KEYED[role] + listed)
        else:
            manner = draw(st.sampled_from(MANNERS)) if role == "cooperating" else ""
            parts.append(PHRASE[role].format(listed + manner))
    parts.append((KEYED["deadline"] if draw(st.booleans()) else "") + deadline)
    parts = draw(st.permutations(parts))
    separators = [draw(st.sampled_from(["，", "；"])) for _ in parts[1:]]
    inner = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))
    if draw(st.booleans()):  # as a Traditional-character page prints it
        return traditional(inner), lead, coop, traditional(deadline)
    return inner, lead, coop, deadline


@cache
def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


@parse_properties(200)
@given(attributions())
def test_any_order_gives_the_same_roles_and_deadline(parse, drawn):
    inner, lead, coop, deadline = drawn
    doc = parse(HEAD + f"1. 推进重点工作。（{inner}）\n")
    [(_, a)] = doc.assignments
    assert (names(a.lead), names(a.responsible), names(a.cooperating)) == (lead, [], coop), inner
    assert a.deadline is not None and a.deadline.text == deadline, inner
    simplified = next(d for d in DEADLINES if d == deadline or traditional(d) == deadline)
    assert (a.deadline.start, a.deadline.end) == DEADLINES[simplified], inner
    assert not [i for i in doc.issues if i.code not in ("unknown-unit",)], (inner, doc.issues)


@parse_properties(100)
@given(st.permutations(["市工业和信息化局、市科技局负责", "市财政局配合", "2024年底前完成"]),
       st.sampled_from(["（", "【", "〔", "("]))
def test_responsible_and_cooperating_phrases_in_any_order(parse, parts, opener):
    closer = {"（": "）", "【": "】", "〔": "〕", "(": ")"}[opener]
    doc = parse(HEAD + f"1. 推进重点工作。{opener}{'，'.join(parts)}{closer}\n")
    [(_, a)] = doc.assignments
    assert (names(a.lead), names(a.responsible), names(a.cooperating)) == ([], ["市工业和信息化局", "市科技局"],
                                                                          ["市财政局"])
    assert a.deadline.end == date(2024, 12, 31)


@st.composite
def grouped_cooperation(draw):
    """X牵头，then the cooperating units cut into groups by ， before one shared verb (Y、Z等部门，W配合), the lead
    phrase before or after them; a web copy may print pinyin after the characters of a unit."""
    coop = draw(st.lists(st.sampled_from(COOPERATING), min_size=2, max_size=3, unique=True))
    cut = draw(st.integers(min_value=1, max_value=len(coop) - 1))
    groups = ["、".join(coop[:cut]) + draw(st.sampled_from(["", "等部门"])), "、".join(coop[cut:])]
    cooperating = "，".join(groups) + draw(st.sampled_from(MANNERS)) + "配合"
    lead = "市工业和信息化局牵头"
    inner = "，".join([lead, cooperating] if draw(st.booleans()) else [cooperating, lead])
    if draw(st.booleans()):
        inner = inner.replace("财政", "财(cái)政").replace("商务", "商(shāng)务")
    return inner, coop


@parse_properties(100)
@given(grouped_cooperation())
def test_unit_groups_before_one_verb_share_its_role(parse, drawn):
    inner, coop = drawn
    doc = parse(HEAD + f"1. 推进重点工作。（{inner}）\n")
    [(_, a)] = doc.assignments
    assert (names(a.lead), names(a.responsible), names(a.cooperating)) == (["市工业和信息化局"], [], coop), inner
    for unit in (*a.lead, *a.cooperating):
        assert unit.span.slice(doc.text) == unit.surface, inner


PROVINCE_UNITS = ["省财政厅", "省税务局", "省人力资源社会保障厅", "省市场监管局", "省发展改革委", "省商务厅", "省科技厅",
                  "省农业农村厅", "省水利厅", "省生态环境厅", "省住房城乡建设厅", "省交通运输厅", "省卫生健康委"]


@st.composite
def duty_sentences(draw):
    """由[所涉及的]X、Y…[等省级主管部门(单位)]牵头[完成自查],Z配合,于6月10日[17:00]前…: any length of list, with or
    without a word on which of them, an open end naming the bodies' level, the lead's own work and an hour."""
    units = draw(st.lists(st.sampled_from(PROVINCE_UNITS), min_size=1, max_size=13, unique=True))
    lead_in = draw(st.sampled_from(["", "所涉及的", "所属的"]))
    open_end = draw(st.sampled_from(["", "等", "等有关部门", "等省级主管部门(单位)", "等省直部门"]))
    work = draw(st.sampled_from(["", "完成自查", "组织实施"]))
    hour = draw(st.sampled_from(["日", "日17:00", "日18时"]))
    text = (f"{HEAD}1.政策落实情况,由{lead_in}{'、'.join(units)}{open_end}牵头{work},省统计局配合,"
            f"于6月10{hour}前报送省政府。\n")
    return text, units


@parse_properties(60)
@given(duty_sentences())
def test_a_duty_sentence_reads_its_whole_list_whatever_its_length(parse, drawn):
    text, units = drawn
    (_, a), = parse(text).assignments
    assert names(a.lead) == units
    assert names(a.cooperating) == ["省统计局"]
    assert (a.deadline.start, a.deadline.end) == (date(2024, 1, 1), date(2024, 6, 10))
