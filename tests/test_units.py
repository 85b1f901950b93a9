"""The unit gazetteer, against the real Qingdao data file and the units the sample document names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.model import UnitKind
from ingest.units import UnitEntry, UnitGazetteer, guess_kind, looks_like_unit, normalise_name

ROOT = Path(__file__).resolve().parents[1]
QINGDAO_TSV = ROOT / "ontology" / "units" / "qingdao.tsv"
SAMPLE = ROOT / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt"
HEADER = "name\tkind\taliases\tmembers\tparent\n"

DISTRICTS = ["市南区", "市北区", "李沧区", "崂山区", "黄岛区", "城阳区", "即墨区", "胶州市", "平度市", "莱西市"]


@pytest.fixture(scope="module")
def qingdao() -> UnitGazetteer:
    return UnitGazetteer.from_tsv(QINGDAO_TSV.read_text(encoding="utf-8"), str(QINGDAO_TSV))


def _sample_unit_names() -> list[str]:
    """Every name listed after 牵头单位:/责任单位: in the sample, with a closing 等 dropped."""
    text = SAMPLE.read_text(encoding="utf-8")
    names = []
    for m in re.finditer(r"(?:牵头单位|责任单位):(.*?)(?=;完成时限|,责任单位)", text):
        names += [n.removesuffix("等") for n in m.group(1).split("、")]
    return names


def test_every_unit_in_the_sample_is_known(qingdao):
    names = _sample_unit_names()
    assert len(names) > 100
    unknown = sorted({n for n in names if qingdao.lookup(n) is None})
    assert unknown == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市委组织部", UnitKind.PARTY_ORGAN),
        ("市委金融办", UnitKind.PARTY_ORGAN),
        ("市委网信办", UnitKind.PARTY_ORGAN),
        ("市政府办公厅", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市工业和信息化局", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市投促办", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市通信管理局", UnitKind.AGENCY),
        ("国家金融监管总局青岛监管局", UnitKind.AGENCY),
        ("人民银行青岛市分行", UnitKind.AGENCY),
        ("市税务局", UnitKind.AGENCY),
        ("青岛海关", UnitKind.AGENCY),
        ("市贸促会", UnitKind.ORGANISATION),
        ("即墨区", UnitKind.DISTRICT),
        ("莱西市", UnitKind.DISTRICT),
        ("青岛高新技术产业开发区", UnitKind.FUNCTIONAL_ZONE),
        ("各区(市)", UnitKind.COLLECTIVE),
        ("功能区", UnitKind.COLLECTIVE),
        ("各制造业产业链专班", UnitKind.COLLECTIVE),
        ("高端化工产业链专班", UnitKind.TASK_FORCE),
        ("工业运行工作专班", UnitKind.TASK_FORCE),
        ("市级各有关部门", UnitKind.COLLECTIVE),
        ("各县市区政府", UnitKind.COLLECTIVE),
        ("各有关部门", UnitKind.COLLECTIVE),
    ],
)
def test_kinds(qingdao, name, kind):
    entry = qingdao.lookup(name)
    assert entry is not None and entry.name == name and entry.kind is kind


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("市工信局", "市工业和信息化局"),
        ("工信局", "市工业和信息化局"),
        ("工业和信息化局", "市工业和信息化局"),
        ("市发改委", "市发展改革委"),
        ("发改委", "市发展改革委"),
        ("市发展和改革委员会", "市发展改革委"),
        ("发展改革委", "市发展改革委"),
        ("财政局", "市财政局"),
        ("科技局", "市科技局"),
        ("市民营经济发展局", "市民营经济局"),
        ("国家税务总局青岛市税务局", "市税务局"),
        ("西海岸新区", "黄岛区"),
        ("青岛西海岸新区", "黄岛区"),
        ("高新区", "青岛高新技术产业开发区"),
        ("上合示范区", "中国-上海合作组织地方经贸合作示范区"),
        ("各功能区", "功能区"),
        ("中共青岛市委办公厅", "市委办公厅"),
        ("青岛市人民政府办公厅", "市政府办公厅"),
        # width, spaces and dashes as documents print them
        ("各区（市）", "各区(市)"),
        ("各区〔市〕", "各区(市)"),
        (" 市 工信局\u3000", "市工业和信息化局"),
        ("中国—上海合作组织地方经贸合作示范区", "中国-上海合作组织地方经贸合作示范区"),
        ("中国（山东）自由贸易试验区青岛片区", "中国(山东)自由贸易试验区青岛片区"),
    ],
)
def test_aliases_and_normalisation(qingdao, surface, canonical):
    entry = qingdao.lookup(surface)
    assert entry is not None and entry.name == canonical


def test_unknown_names_are_none(qingdao):
    assert qingdao.lookup("市未知局") is None
    assert qingdao.lookup("") is None
    assert "市未知局" not in qingdao and "市工信局" in qingdao


def test_district_collective_members(qingdao):
    assert qingdao.members_of("各区(市)") == DISTRICTS
    assert qingdao.members_of("各区（市）") == DISTRICTS
    assert qingdao.lookup("各区(市)").members == tuple(DISTRICTS)


def test_functional_zone_members_are_functional_zones(qingdao):
    members = qingdao.members_of("各功能区")
    assert "青岛高新技术产业开发区" in members and "胶东临空经济示范区" in members
    assert all(qingdao.lookup(m).kind is UnitKind.FUNCTIONAL_ZONE for m in members)


def test_parent_makes_a_member(qingdao):
    """高端化工产业链专班 names its collective as parent; the collective lists it as a member."""
    assert qingdao.lookup("高端化工产业链专班").parent == "各制造业产业链专班"
    assert "高端化工产业链专班" in qingdao.members_of("各制造业产业链专班")
    assert "高端化工产业链专班" in qingdao.lookup("各制造业产业链专班").members


@pytest.mark.parametrize(
    ("name", "collectives"),
    [
        ("即墨区", ["各区(市)"]),
        ("西海岸新区", ["各区(市)"]),
        ("高新区", ["功能区"]),
        ("高端化工产业链专班", ["各制造业产业链专班"]),
        ("市工信局", []),
        ("市未知局", []),
    ],
)
def test_collectives_of(qingdao, name, collectives):
    assert qingdao.collectives_of(name) == collectives


def test_candidates_report_ambiguity(qingdao):
    chains = [e.name for e in qingdao.candidates("产业链专班")]
    assert chains == ["各制造业产业链专班", "高端化工产业链专班"]
    assert {e.name for e in qingdao.candidates("综合保税区")} == {"青岛前湾综合保税区", "青岛胶州湾综合保税区"}
    assert [e.name for e in qingdao.candidates("工信")] == ["市工业和信息化局"]
    assert qingdao.candidates("") == [] and qingdao.candidates("不存在") == []


def test_file_is_consistent(qingdao):
    entries = qingdao.entries()
    assert len({e.name for e in entries}) == len(entries)
    assert all(normalise_name(e.name) == e.name for e in entries)
    assert all(isinstance(e, UnitEntry) and e.kind is not UnitKind.UNKNOWN for e in entries)
    assert entries == qingdao.entries() and entries[0].name == "市委"


def test_alias_shared_by_two_files_becomes_ambiguous(qingdao):
    jinan = UnitGazetteer.from_tsv(HEADER + "济南市财政局\tgovernment_department\t财政局\t\t\n", "jinan.tsv")
    merged = UnitGazetteer.merge(qingdao, jinan)
    assert len(merged) == len(qingdao) + 1
    assert merged.lookup("财政局") is None
    assert {e.name for e in merged.candidates("财政局")} == {"市财政局", "济南市财政局"}
    assert merged.lookup("市财政局").name == "市财政局"
    assert merged.lookup("济南市财政局").name == "济南市财政局"


def test_merge_keeps_identical_entries_and_rejects_conflicts(qingdao):
    assert len(UnitGazetteer.merge(qingdao, qingdao)) == len(qingdao)
    other = UnitGazetteer.from_tsv(HEADER + "市财政局\tagency\t\t\t\n", "other.tsv")
    with pytest.raises(ValueError, match=r"市财政局.*defined differently.*other\.tsv"):
        UnitGazetteer.merge(qingdao, other)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("市财政局 government_department\n", r"bad\.tsv:3: expected tab-separated columns name kind aliases"),
        ("a\tgovernment_department\t\t\t\tx\n", r"bad\.tsv:3: expected tab-separated columns"),
        ("市财政局\tbureau\n", r"bad\.tsv:3: kind 'bureau'.*party_organ"),
        ("市财政局\tunknown\n", r"bad\.tsv:3: kind of '市财政局' must be known"),
        ("各区（市）\tcollective\n", r"bad\.tsv:3: canonical name .* must be written normalised as '各区\(市\)'"),
        ("市财政局\tgovernment_department\n市财政局\tagency\n",
         r"bad\.tsv:4: unit '市财政局' is already defined on line 3"),
        ("市财政局\tgovernment_department\t财政\n市科技局\tgovernment_department\t财政\n",
         r"bad\.tsv:4: '财政' of '市科技局' already names '市财政局' \(line 3\)"),
        ("各区(市)\tcollective\t\t市南区\n", r"bad\.tsv:3: '各区\(市\)' refers to '市南区'"),
        ("专班\ttask_force\t\t\t各专班\n", r"bad\.tsv:3: '专班' refers to '各专班'"),
    ],
)
def test_malformed_lines_name_source_and_line(body, message):
    with pytest.raises(ValueError, match=message):
        UnitGazetteer.from_tsv("# comment\n" + HEADER + body, "bad.tsv")


def test_bad_header_is_reported():
    with pytest.raises(ValueError, match=r"bad\.tsv:1: header must be .*name kind aliases members parent"):
        UnitGazetteer.from_tsv("name\tkind\n市财政局\tgovernment_department\n", "bad.tsv")


def test_short_rows_bom_and_crlf_are_accepted():
    g = UnitGazetteer.from_tsv("\ufeff" + HEADER.replace("\n", "\r\n") + "市财政局\tgovernment_department\r\n")
    assert g.lookup("市财政局") == UnitEntry("市财政局", UnitKind.GOVERNMENT_DEPARTMENT)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("即墨区", UnitKind.DISTRICT),
        ("泺源区", UnitKind.DISTRICT),
        ("胶州市", UnitKind.DISTRICT),
        ("长清县", UnitKind.DISTRICT),
        ("市委金融办", UnitKind.PARTY_ORGAN),
        ("市委", UnitKind.PARTY_ORGAN),
        ("即墨区委宣传部", UnitKind.PARTY_ORGAN),
        ("中共济南市委办公厅", UnitKind.PARTY_ORGAN),
        ("市纪委监委", UnitKind.PARTY_ORGAN),
        ("某某产业链专班", UnitKind.TASK_FORCE),
        ("各区(市)", UnitKind.COLLECTIVE),
        ("各县（市、区）政府", UnitKind.COLLECTIVE),
        ("市直有关部门", UnitKind.COLLECTIVE),
        ("市工业和信息化局", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市发展改革委", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市投促办", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市政府办公厅", UnitKind.GOVERNMENT_DEPARTMENT),
        ("市政府研究室", UnitKind.UNKNOWN),
        ("市地方金融监管局", UnitKind.GOVERNMENT_DEPARTMENT),
        ("国家金融监管总局青岛监管局", UnitKind.AGENCY),
        ("国家税务总局济南市税务局", UnitKind.AGENCY),
        ("人民银行济南分行", UnitKind.AGENCY),
        ("省工业和信息化厅", UnitKind.AGENCY),
        ("济南高新技术产业开发区", UnitKind.FUNCTIONAL_ZONE),
        ("中国-上海合作组织地方经贸合作示范区", UnitKind.FUNCTIONAL_ZONE),
        ("区经开区", UnitKind.FUNCTIONAL_ZONE),  # a zone, not a 区 of the city
        ("开发园区", UnitKind.FUNCTIONAL_ZONE),
        ("金溪工业园区", UnitKind.FUNCTIONAL_ZONE),
        ("青岛港集团", UnitKind.ORGANISATION),
        ("市企业家协会", UnitKind.ORGANISATION),
        ("按职责分工负责", UnitKind.UNKNOWN),
        ("区", UnitKind.UNKNOWN),
        ("", UnitKind.UNKNOWN),
    ],
)
def test_guess_kind(name, kind):
    assert guess_kind(name) is kind


def test_gazetteer_guess_kind_prefers_the_data(qingdao):
    assert qingdao.guess_kind("市贸促会") is UnitKind.ORGANISATION
    assert qingdao.guess_kind("团市委") is UnitKind.ORGANISATION
    assert qingdao.guess_kind("济南市财政局") is UnitKind.GOVERNMENT_DEPARTMENT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市工业和信息化局", True),
        ("市委金融办", True),
        ("各区(市)", True),
        ("功能区", True),
        ("市级各有关部门", True),
        ("人民银行青岛市分行", True),
        ("高端化工产业链专班", True),
        ("青岛市人民政府", True),
        ("青岛港集团有限公司", True),
        ("市消防救援支队", True),
        ("各县（市、区）政府", True),
        ("中国（山东）自由贸易试验区青岛片区", True),
        ("按职责分工负责", False),
        ("各区(市)按职责分工落实", False),
        ("加快建设先进制造业强市", False),
        ("完成时限:全年", False),
        ("2024年6月", False),
        ("推动440个省、市重点项目建设", False),
        ("全年", False),
        ("局", False),
        ("", False),
        ("区工商联", True),
        ("省科协", True),
        ("数字经济处", True),
        ("不足之处", False),
        ("县供销社", True),
        ("各地", True),
        ("<script>alert(5)</script>办公室", False),
        ("script>办公室", False),
        ("=HYPERLINK办公室", False),
        ("{{7*7}}工作专班", False),
        ("滕州广播影视总台", True),
        ("区广播电视台", True),
        ("市大数据平台", False),
        ("各分局市场科", True),
        ("市区个私协", True),
        ("新兴交叉学科", False),
        ("龙庆乡", True),  # a township is a unit, as a 镇 is
        ("推进城乡", False),
        ("鼓励人才返乡", False),
        # a short quoted word is part of a name; quotes around a phrase with punctuation are a sentence's
        ("市“两新”组织党工委", True),
        ("县“12345”热线管理中心", True),
        ("开展“双强六好”创建活动", False),
        ("要求“能用、好用”的办公室", False),
        # each body of a kind named by 各…机构 is a collective; a kind of body without 各 is no unit's name
        ("各直属机构", True),
        ("各金融机构", True),
        ("社会培训机构", False),
        # one body of a place named by its work is a unit; a level's kind of body is not (real set 45)
        ("区绩效考评机构", True),
        ("县编制机构", True),
        ("县级健康教育机构", False),
        ("市场监管机构", False),
        ("区域性金融机构", False),
        ("市政务服务热线", True),  # the body answering the hotline leads in a 督办 notice (review45)
        ("县域医疗卫生机构", False),
        ("市属金融机构", False),
        ("省内外检测机构", False),
        # 各 before kinds of place alone is a collective: townships and the state farms beside them (各乡镇场),
        # villages (各村居); a farm or a word that ends in 场 without 各 is no unit's name
        ("各乡镇场", True),
        ("各镇场", True),
        ("各场", True),
        ("各村居", True),
        ("国有农场", False),
        ("农贸市场", False),
        # a market centre is named as a unit, for the business that runs it; a town or a city's old quarter is not
        ("东城商贸城", True),
        ("城南农产品批发市场", True),
        ("县城", False),
        ("古城", False),
        # the party that owns or runs a named place is a body (三合广场业主, 景区运营方, 项目施工方); a word of prose
        # that ends alike is none (施工方案, 管理方式)
        ("三合广场业主", True),
        ("站前广场运营方", True),
        ("各项目施工方", True),
        ("施工方案", False),
        ("管理方式", False),
        # a question names no one (…三项工作由哪些部门牵头?, a headline)
        ("哪些部门", False),
        ("哪个单位", False),
        # a body whose name holds its number (a service line's, a generation's) is a unit; a count, a date or an
        # amount before a body's word is no name
        ("市12345政务服务便民热线中心", True),
        ("市公安局110指挥中心", True),
        ("县119指挥中心", True),
        ("市5G办", True),
        ("等12个部门", False),
        ("2024年牵头单位", False),
        ("第2批试点单位", False),
        ("区5个街道办", False),
        ("市财政局3个月内", False),
    ],
)
def test_looks_like_unit(text, expected):
    assert looks_like_unit(text) is expected


def test_gazetteer_looks_like_unit_accepts_known_odd_names(qingdao):
    assert not looks_like_unit("青岛蓝谷")
    assert qingdao.looks_like_unit("青岛蓝谷") and qingdao.looks_like_unit("蓝谷")
    assert not qingdao.looks_like_unit("按职责分工负责")


def test_every_warning_code_the_ingest_raises_has_a_chinese_label():
    """People read the kind of problem in Chinese first; a new code without a label fails here."""
    import re

    from conftest import ROOT

    from ingest.model import ISSUE_ZH

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ingest").glob("*.py"))
    raised = set(re.findall(r'warn\(\s*"([a-z]+(?:-[a-z]+)+)"', source)) | {"invalid-bytes", "units-not-in-gazetteer"}
    assert raised and raised <= set(ISSUE_ZH), raised - set(ISSUE_ZH)


def test_posts_of_any_level_before_a_duty_are_leaders_not_units(parse):
    doc = parse("某政发〔2024〕2号\n一、财政收支\n1.税收收入增长5%左右。(常务副省长、联系副秘书长负责,省财政厅牵头,"
                "省税务局、省统计局参与)\n2.盘活存量资产。(副州长负责,州国资委牵头)\n")
    (_, a), (_, b) = doc.assignments
    assert a.leaders == ("常务副省长", "联系副秘书长") and b.leaders == ("副州长",)
    assert [u.surface for u in a.lead] == ["省财政厅"] and [u.surface for u in b.lead] == ["州国资委"]
    assert [u.surface for u in a.cooperating] == ["省税务局", "省统计局"]
    assert "not-a-unit" not in {i.code for i in doc.issues}


@pytest.mark.parametrize(("name", "below"), [
    ("各市人民政府", True), ("各设区市人民政府", True), ("各地级以上市人民政府", True), ("各县(市、区)政府", True),
    ("各区、市人民政府", True), ("各市州", True),
    ("各市直部门", False), ("各市级部门", False), ("各市场主体", False), ("各区域中心", False), ("各有关部门", False),
    ("市财政局", False),
])
def test_a_collective_of_the_places_under_the_issuer_is_told_from_its_own_bodies(name, below):
    from ingest.units import names_places_below

    assert names_places_below(name) is below


@pytest.mark.parametrize(("printed", "stored"), [
    # one body printed two ways is one unit: a place no gazetteer lists stores each under the group's canonical
    # form, so 市行政审批服务局 in one notice and 市行政审批局 in another are not two units with the duties split
    # between them (asking by either name finds it: queries/lexicon)
    ("市行政审批服务局", "市行政审批局"),
    ("市行政审批局", "市行政审批局"),
    ("区应急管理局", "区应急局"),
    ("区应急局", "区应急局"),
    ("市工信局", "市工业和信息化局"),
    ("市工业和信息化局", "市工业和信息化局"),
    ("区发改局", "区发展改革局"),
    ("市发展和改革委员会", "市发展改革委"),
    ("市住房和城乡建设局", "市住房城乡建设局"),
    ("市卫生和健康委员会", "市卫生健康委"),
    ("市交通局", "市交通运输局"),
])
def test_one_body_printed_two_ways_is_stored_under_one_name(printed, stored):
    from ingest.units import Equivalences

    path = ROOT / "ontology" / "units" / "equivalences.tsv"
    assert Equivalences.from_tsv(path.read_text(encoding="utf-8"), path.name).canonical(printed) == stored


def test_bodies_named_with_numbers_and_by_their_own_names_keep_them(resources):
    """tests/documents/numbered_bodies.txt, a city no gazetteer lists: 市12345政务服务便民热线中心 was no unit, so its
    duty lost its responsible unit; 市行政审批服务局 was stored as 市行政审批局, and asking by the printed name read
    as a typo."""
    from ingest.pipeline import ingest_bytes

    path = ROOT / "tests" / "documents" / "numbered_bodies.txt"
    doc = ingest_bytes(path.read_bytes(), path.name, resources)
    got = [([u.name for u in a.lead], [u.name for u in a.responsible]) for _, a in doc.assignments]
    assert got == [
        (["市行政审批局"], ["市市场监管局", "市12345政务服务便民热线中心"]),
        (["市公安局"], ["市公安局110指挥中心", "市119指挥中心", "市120急救指挥中心"]),
        (["市5G办"], ["市医保局", "市退役军人局"]),
        (["市应急局"], ["市12345政务服务便民热线中心"]),
    ]
    assert "not-a-unit" not in {i.code for i in doc.issues}
