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


@st.composite
def grouped_partner_sentences(draw):
    """由X牵头[的工作],G1,G2…负责|配合[work]: the partners' units in groups parted by ，, sharing the verb closing
    the last group, which the partner's own work may follow."""
    units = draw(st.lists(st.sampled_from(PROVINCE_UNITS[1:]), min_size=2, max_size=8, unique=True))
    cuts = sorted(draw(st.sets(st.integers(1, len(units) - 1), min_size=1, max_size=len(units) - 1)))
    groups = ["、".join(units[a:b]) for a, b in zip([0, *cuts], [*cuts, len(units)], strict=True)]
    verb = draw(st.sampled_from(["负责", "配合", "按职责分工负责"]))
    work = draw(st.sampled_from(["", "组织实施"]))
    after = draw(st.sampled_from(["组织实施本系统考核,", ","]))
    text = f"{HEAD}1.考核工作由{PROVINCE_UNITS[0]}牵头{work},{','.join(groups)}{verb}{after}年底前完成。\n"
    return text, units, "cooperating" if verb == "配合" else "responsible"


@parse_properties(60)
@given(grouped_partner_sentences())
def test_partner_groups_parted_by_commas_share_the_closing_verb(parse, drawn):
    text, units, role = drawn
    (_, a), = parse(text).assignments
    assert names(a.lead) == [PROVINCE_UNITS[0]]
    assert names(getattr(a, role)) == units


@st.composite
def joint_duties(draw):
    """[由]X会同Y、Z和W + work (对…进行考核, 制定…, 向…报告): X leads, the partners cooperate, however many and
    however joined."""
    partners = draw(st.lists(st.sampled_from(PROVINCE_UNITS[1:]), min_size=1, max_size=5, unique=True))
    listed = "、".join(partners[:-1]) + (draw(st.sampled_from(["、", "和"])) if len(partners) > 1 else "") + partners[-1]
    opener = draw(st.sampled_from(["", "由"]))
    work = draw(st.sampled_from(["对各市年度工作进行考核", "制定实施细则", "向省政府报告进展"]))
    return f"{HEAD}1.完善考核机制。{opener}{PROVINCE_UNITS[0]}会同{listed}{work}。\n", partners


@parse_properties(60)
@given(joint_duties())
def test_a_joint_duty_reads_its_lead_and_partners_whatever_the_work(parse, drawn):
    text, partners = drawn
    (_, a), = parse(text).assignments
    assert names(a.lead) == [PROVINCE_UNITS[0]]
    assert names(a.cooperating) == partners


def test_a_joint_duty_keeps_a_partner_whose_name_holds_a_coverb(parse):
    # 对 opens the work (对…进行考核) but not inside 市对外贸易局
    (_, a), = parse(f"{HEAD}1.完善外贸考核。由市商务局会同市对外贸易局对企业进行考核。\n").assignments
    assert (names(a.lead), names(a.cooperating)) == (["市商务局"], ["市对外贸易局"])


def test_joint_work_with_no_units_named_is_no_duty(parse):
    # 有关方面 names no unit, and 研究具体办法 is the work, not part of a name
    doc = parse(f"{HEAD}1.完善外贸考核。市商务局会同有关方面研究具体办法。\n")
    assert [(names(a.lead), names(a.cooperating)) for _, a in doc.assignments] == []
    (_, a), = parse(f"{HEAD}1.完善外贸考核。市商务局会同有关部门研究具体办法。\n").assignments
    assert (names(a.lead), [u.surface for u in a.cooperating]) == (["市商务局"], ["有关部门"])


@st.composite
def joined_role_clauses(draw):
    """[由]X牵头|负责、Y、Z配合|参与，<deadline and work>: role clauses joined by 、 right after the verb, or by ，,
    read alike whatever the number of partners."""
    partners = draw(st.lists(st.sampled_from(COOPERATING), min_size=1, max_size=3, unique=True))
    lead = draw(st.sampled_from(LEADS))
    verb, role = draw(st.sampled_from([("牵头", "lead"), ("负责", "responsible")]))
    partner_verb = draw(st.sampled_from(["配合", "参与", "按职责分工配合"]))
    joiner = draw(st.sampled_from(["、", "，"]))
    opener = draw(st.sampled_from(["", "由"]))
    text = (f"{HEAD}1. 组织专项培训。{opener}{lead}{verb}{joiner}{'、'.join(partners)}{partner_verb}，"
            f"9月底前完成首轮培训。\n")
    return text, lead, role, partners


@parse_properties(60)
@given(joined_role_clauses())
def test_role_clauses_joined_by_a_pause_mark_read_as_by_a_comma(parse, drawn):
    text, lead, role, partners = drawn
    (_, a), = parse(text).assignments
    assert names(getattr(a, role)) == [lead]
    assert names(a.cooperating) == partners
    assert a.deadline.end == date(2024, 9, 30)


@st.composite
def printed_forms(draw):
    """One keyed attribution as printers vary it without changing what it says: its key's colon full-width, ASCII
    or a space; the units of a key parted by 、, ， or spaces; its bracket of any kind, its two ends perhaps typed
    in different widths, or no bracket at all (the keys on a line of their own under the item)."""
    lead = draw(st.lists(st.sampled_from(LEADS), min_size=1, max_size=2, unique=True))
    coop = draw(st.lists(st.sampled_from(COOPERATING), min_size=1, max_size=3, unique=True))
    colon = draw(st.sampled_from(["：", ":", " "]))
    between = draw(st.sampled_from(["、", "，", " "]))
    clause = "；" if between == "，" else draw(st.sampled_from(["；", "，", ";"]))
    inner = clause.join([f"牵头单位{colon}{between.join(lead)}", f"配合单位{colon}{between.join(coop)}",
                         f"完成时限{colon}2024年底"])
    form = draw(st.sampled_from(["（）", "()", "（)", "(）", "【】", "〔〕", "line"]))
    item = "1. 推进重点工作。" + (f"\n{inner}" if form == "line" else f"{form[0]}{inner}{form[1]}")
    # a second item on the same line, so a bracket's ends typed in different widths meet another bracket
    second = "2. 推进其他工作。（市商务局负责）" if form == "line" else "2. 推进其他工作。(市商务局负责）"
    return f"{item}{chr(10) if form == 'line' else ''}{second}", lead, coop


@parse_properties(150)
@given(printed_forms())
def test_key_delimiters_list_separators_and_brackets_give_the_same_roles(parse, drawn):
    items, lead, coop = drawn
    doc = parse(HEAD + items + "\n")
    (_, a), (_, b) = doc.assignments
    assert (names(a.lead), names(a.responsible), names(a.cooperating)) == (lead, [], coop), items
    assert a.deadline is not None and a.deadline.end == date(2024, 12, 31), items
    assert (names(b.lead), names(b.responsible), names(b.cooperating)) == ([], ["市商务局"], []), items
