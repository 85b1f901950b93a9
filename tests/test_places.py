"""Units belong to a place: documents of a province, a city other than Qingdao and a Qingdao district in one
store with the sample, against the real data files (places, equivalences, Qingdao's gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLACE_DOCUMENTS, ROOT

from ingest.jurisdiction import Jurisdiction, Places, detect
from ingest.model import UnitKind
from ingest.pipeline import ingest_bytes
from ingest.units import Equivalences, well_formed

PROVINCE, CITY, DISTRICT = PLACE_DOCUMENTS
# A unit's duties come only from documents of its own place or of places under it.
OUTSIDE_ITS_PLACE = """
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment), (d:Document)
WHERE d.id = a.document_id AND u.place <> '' AND NOT u.place IN d.places
RETURN u.id, d.jurisdiction
"""
PLACES_OF_DUTIES = """
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment), (d:Document)
WHERE d.id = a.document_id
RETURN u.id, u.place, collect(DISTINCT d.jurisdiction)
"""


@pytest.fixture(scope="module")
def places(resources) -> Places:
    return resources.places


@pytest.fixture(scope="module")
def store(places_store):
    return places_store


@pytest.fixture(scope="module")
def session(store):
    session = store.open_graph()
    yield session
    session.close()


def _within(resources, place: str):
    return resources.resolver.within(place)


# -- the place data ---------------------------------------------------------------------------------------
def test_every_place_reaches_a_province_and_codes_name_one_place(places):
    owner: dict[str, str] = {}
    for name in places.names():
        # a province, an autonomous region, a 直辖市 (北京市 is its own city) or a 特别行政区
        assert places.chain(name)[-1].endswith(("省", "自治区", "特别行政区")) \
            or places.chain(name)[-1] in ("北京市", "天津市", "上海市", "重庆市"), name
        for code in places._by_name[name].codes:
            assert owner.setdefault(code, name) == name, f"{code} names {owner[code]} and {name}"


def test_a_bad_places_file_names_file_and_line():
    with pytest.raises(ValueError, match=r"p\.tsv:3: parent '江苏省' of '南京市' is not a place"):
        Places.from_tsv("name\tparent\tcodes\n山东省\t\t鲁政\n南京市\t江苏省\t宁政\n", "p.tsv")
    with pytest.raises(ValueError, match=r"p\.tsv:1: header must be"):
        Places.from_tsv("name\tcodes\n", "p.tsv")
    with pytest.raises(ValueError, match=r"e\.tsv:2: expected a canonical body"):
        Equivalences.from_tsv("canonical\tvariants\n发展改革委\n", "e.tsv")


@pytest.mark.parametrize(("doc_number", "place"), [
    ("青办发〔2024〕3号", "青岛市"), ("青政办字〔2023〕12号", "青岛市"), ("皖政办秘〔2024〕21号", "安徽省"),
    ("包府办发〔2023〕5号", "包头市"), ("穗府办〔2024〕7号", "广州市"), ("即政办发〔2024〕9号", "即墨区"),
    ("鲁政办字〔2024〕1号", "山东省"), ("国办发〔2024〕1号", ""),
])
def test_the_doc_number_code_gives_the_place(places, doc_number, place):
    assert detect(places, doc_number=doc_number).place == place


def test_evidence_in_order_user_number_issuer_title_text(places):
    assert detect(places, doc_number="青办发〔2024〕3号", given="即墨区") == Jurisdiction(
        "即墨区", "user", Jurisdiction("青岛市", "文号")), "the user's word, and what the 文号 reads beside it"
    assert detect(places, doc_number="青办发〔2024〕3号", given="青岛市") == Jurisdiction("青岛市", "user")
    assert detect(places, issuers=["青岛市即墨区人民政府办公室"]).place == "即墨区"
    assert detect(places, issuers=["中共青岛市委办公厅"]) == Jurisdiction("青岛市", "issuer")
    assert detect(places, title="广州市人民政府关于印发…的通知") == Jurisdiction("广州市", "title")
    assert detect(places, text="即墨区各镇街……即墨区财政局") == Jurisdiction("即墨区", "text")
    assert detect(places, text="支持即墨区建设") == Jurisdiction("", ""), "one mention in a list decides nothing"


# -- a unit is its name in its place ----------------------------------------------------------------------
@pytest.mark.parametrize(("jurisdiction", "name", "place", "canonical", "known"), [
    ("青岛市", "市财政局", "青岛市", "市财政局", True),
    ("青岛市", "发改委", "青岛市", "市发展改革委", True),
    ("青岛市", "省发展改革委", "山东省", "省发展改革委", False),
    ("即墨区", "区财政局", "即墨区", "区财政局", False),
    ("即墨区", "税务局", "即墨区", "区税务局", False),
    ("即墨区", "市财政局", "青岛市", "市财政局", True),
    ("即墨区", "省发展改革委", "山东省", "省发展改革委", False),
    ("即墨区", "人民银行青岛市分行", "", "人民银行青岛市分行", True),
    ("即墨区", "即墨区", "青岛市", "即墨区", True),
    ("广州市", "市人力资源和社会保障局", "广州市", "市人力资源社会保障局", False),
    ("广州市", "市发改委", "广州市", "市发展改革委", False),
    ("广州市", "市编办", "广州市", "市委编办", False),
    ("广州市", "各相关单位", "广州市", "各有关单位", False),
    ("广州市", "青岛市财政局", "青岛市", "市财政局", True),
    ("广州市", "青岛市即墨区财政局", "即墨区", "区财政局", False),
    ("安徽省", "合肥海关", "", "合肥海关", False),
    ("安徽省", "省商务厅", "安徽省", "省商务厅", False),
    # a bureau no gazetteer knows stays a bureau (a district's 发展改革局 is no 发展改革委); a commission stays one;
    # the city's gazetteer names its 委, which a 局-form still finds
    ("黄岛区", "区发展改革局", "黄岛区", "区发展改革局", False),
    ("即墨区", "区发改局", "即墨区", "区发展改革局", False),
    ("即墨区", "区发展和改革局", "即墨区", "区发展改革局", False),
    ("即墨区", "区发改委", "即墨区", "区发展改革委", False),
    ("即墨区", "区卫健局", "即墨区", "区卫生健康局", False),
    ("广州市", "市发展和改革局", "广州市", "市发展改革局", False),
    ("青岛市", "市发改局", "青岛市", "市发展改革委", True),
])
def test_a_name_resolves_inside_the_documents_place(resources, jurisdiction, name, place, canonical, known):
    found = _within(resources, jurisdiction).resolve(name)
    assert (found.place, found.name, found.known) == (place, canonical, known)
    assert found.well_formed


def test_another_places_gazetteer_is_never_used(resources):
    """Qingdao's file says 税务局 is 市税务局; in a district or another city it is not."""
    assert _within(resources, "青岛市").resolve("税务局").full_name == "青岛市税务局"
    assert _within(resources, "即墨区").resolve("税务局").full_name == "即墨区税务局"
    assert _within(resources, "广州市").resolve("市财政局").full_name == "广州市财政局"
    assert _within(resources, "广州市").lookup("市财政局") is None


def test_kinds_of_recognised_units(resources):
    anhui = _within(resources, "安徽省")
    assert anhui.resolve("省商务厅").kind is UnitKind.GOVERNMENT_DEPARTMENT
    assert anhui.resolve("合肥海关").kind is UnitKind.AGENCY
    assert anhui.resolve("各市人民政府").kind is UnitKind.COLLECTIVE
    assert anhui.resolve("中国出口信用保险公司安徽分公司").kind is UnitKind.ORGANISATION
    assert _within(resources, "即墨区").resolve("各镇街").kind is UnitKind.COLLECTIVE
    assert _within(resources, "广州市").resolve("市委组织部").kind is UnitKind.PARTY_ORGAN
    assert _within(resources, "广州市").resolve("人才引进工作专班").kind is UnitKind.TASK_FORCE


@pytest.mark.parametrize(("name", "expected"), [
    ("省经济和信息化厅", True), ("各县区", True), ("成员单位", True), ("青岛港集团", True),
    ("重点企业服务站", False), ("按职责分工负责", False), ("有关企业", False), ("协同单位", False), ("责任单位", False),
])
def test_well_formed_names(name, expected):
    assert well_formed(name) is expected


# -- documents of three levels ----------------------------------------------------------------------------
def test_a_provincial_document_is_summarised_once_not_warned_about_each_unit(resources):
    doc = ingest_bytes(PROVINCE.read_bytes(), PROVINCE.name, resources)
    assert doc.metadata.jurisdiction == "安徽省" and doc.metadata.jurisdiction_source == "文号"
    assert [i.code for i in doc.issues] == ["units-not-in-gazetteer"]
    assert doc.issues[0].message.startswith("17 units not in any gazetteer: 安徽省商务厅、")
    assert "合肥海关" in doc.issues[0].message


def test_a_doubtful_name_is_still_warned_about_where_it_is(resources):
    text = "关于X的通知\n青政发〔2024〕1号\n一、任务\n1. 甲事项。(牵头单位:市财政局;责任单位:重点企业服务站)\n"
    doc = ingest_bytes(text.encode(), "x.txt", resources)
    assert [(i.code, i.line) for i in doc.issues] == [("unknown-unit", 4)]


def test_units_of_each_document_belong_to_its_place(resources):
    district = ingest_bytes(DISTRICT.read_bytes(), DISTRICT.name, resources)
    units = {(u.place, u.name) for _, a in district.assignments for u in (*a.lead, *a.responsible, *a.cooperating)}
    assert {("即墨区", "区财政局"), ("即墨区", "区税务局"), ("青岛市", "市工业和信息化局"),
            ("即墨区", "区发展改革局"), ("即墨区", "各镇街")} <= units
    city = ingest_bytes(CITY.read_bytes(), CITY.name, resources)
    assert {u.place for _, a in city.assignments for u in (*a.lead, *a.responsible, *a.cooperating)} == {"广州市"}


def test_no_unit_carries_duties_from_two_places(session):
    assert session.query(OUTSIDE_ITS_PLACE)[1] == []
    rows = session.query(PLACES_OF_DUTIES)[1]
    crossing = {uid: sorted(js) for uid, _place, js in rows if len(js) > 1}
    # the only unit named by documents of two places: Qingdao's bureau, named by a document of its district
    assert crossing == {"unit:青岛市/市工业和信息化局": ["即墨区", "青岛市"]}
    finance = session.query("MATCH (u:Unit) WHERE u.name = '市财政局' RETURN u.id, u.full_name ORDER BY u.id")[1]
    assert finance == [["unit:广州市/市财政局", "广州市财政局"], ["unit:青岛市/市财政局", "青岛市财政局"]]


def test_the_sample_is_unchanged_among_other_places(session):
    from queries.contract import assignments

    sample = [a for a in assignments(session) if a["document"]["doc_number"] == "青办发〔2024〕3号"]
    assert len(sample) == 40 and {a["document"]["jurisdiction"] for a in sample} == {"青岛市"}
    units = session.query("MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) "
                          "WHERE a.document_id = $d RETURN DISTINCT u.place", {"d": sample[0]["document"]["id"]})[1]
    assert sorted(r[0] or "" for r in units) == ["", "青岛市"], "national bodies have no place"


def test_a_district_sees_its_own_citys_collective_only(session):
    rows = session.query("MATCH (u:Unit)-[:MEMBER_OF]->(c:Unit) WHERE u.name = '即墨区' RETURN c.id")[1]
    assert rows == [["unit:青岛市/各区(市)"]]


# -- questions across places ------------------------------------------------------------------------------
def _ask(session, question):
    from queries.ask import answer

    return answer(session, question, today="2024-07-15")


def test_a_name_several_places_hold_is_asked_about(session):
    result = _ask(session, "市财政局负责哪些任务?")
    assert not result.understood and "青岛市财政局" in result.message and "广州市财政局" in result.message
    assert dict(result.spec.alternatives) == {"广州市财政局": "广州市财政局负责哪些任务?",
                                              "青岛市财政局": "青岛市财政局负责哪些任务?"}
    for place, question in (("广州市", "广州市财政局负责哪些任务?"), ("青岛市", "青岛市财政局负责哪些任务?")):
        picked = _ask(session, question)
        assert picked.understood and {a["document"]["jurisdiction"] for a in picked.assignments} == {place}


def test_a_document_without_a_place_does_not_take_a_short_name_from_the_places(tmp_path):
    """A notice whose place could not be read holds 区应急局 with no place: "区应急局的任务" was answered from it
    alone, and 即墨区应急局's duties were left out without a word. The question asks which place instead."""
    from graph.store import Store
    from queries.ask import answer

    jimo = "关于X的通知\n即政办发〔2024〕3号\n一、任务\n1. 甲事项。(牵头单位:区应急局;完成时限:2024年9月)\n"
    nowhere = "关于Y的通知\n一、任务\n1. 乙事项。(牵头单位:区应急局;完成时限:2024年10月)\n"
    store = Store(tmp_path / "s")
    store.ingest_sources([(jimo.encode(), "jimo.txt"), (nowhere.encode(), "nowhere.txt")])
    session = store.open_graph()
    try:
        result = answer(session, "区应急局的任务", today="2024-07-15")
        assert not result.understood and not result.assignments
        assert dict(result.spec.alternatives) == {"即墨区应急局": "即墨区应急局的任务"}
        picked = answer(session, "即墨区应急局的任务", today="2024-07-15")
        assert [a["task"]["title"] for a in picked.assignments] == ["甲事项"]
    finally:
        session.close()


def test_the_unplaced_unit_is_offered_and_reached_through_its_document_or_the_scope(tmp_path):
    """The unit of a document whose place is unknown is one of the readings a short name offers, reached by
    naming the document in the question or by scoping to it (the app's filter); scoping to a placed document
    picks that place's unit."""
    from graph.store import Store
    from queries.ask import answer

    jimo = "关于X的通知\n即政办发〔2024〕3号\n一、任务\n1. 甲事项。(牵头单位:区应急局;完成时限:2024年9月)\n"
    laoshan = "关于Z的通知\n崂政办发〔2024〕4号\n一、任务\n1. 丙事项。(牵头单位:区应急局;完成时限:2024年8月)\n"
    nowhere = "关于做好森林防火工作的通知\n一、任务\n1. 乙事项。(牵头单位:区应急局;完成时限:2024年10月)\n"
    store = Store(tmp_path / "s")
    ids = {r.document.metadata.title: r.document.id for r in store.ingest_sources(
        [(jimo.encode(), "jimo.txt"), (laoshan.encode(), "laoshan.txt"), (nowhere.encode(), "nowhere.txt")])}
    session = store.open_graph()
    try:
        result = answer(session, "区应急局的任务", today="2024-07-15")
        assert not result.understood
        offered = dict(result.spec.alternatives)
        assert set(offered) == {"即墨区应急局", "崂山区应急局",
                                "区应急局(地方未知 place unknown:《关于做好森林防火工作的通知》)"}
        picked = answer(session, offered["区应急局(地方未知 place unknown:《关于做好森林防火工作的通知》)"],
                        today="2024-07-15")
        assert [a["task"]["title"] for a in picked.assignments] == ["乙事项"]
        assert "地方:未知" in picked.spec.reading
        by_scope = {title: [a["task"]["title"] for a in answer(session, "区应急局的任务", today="2024-07-15",
                                                                 scope=doc).assignments]
                    for title, doc in ids.items()}
        assert by_scope == {"关于X的通知": ["甲事项"], "关于Z的通知": ["丙事项"], "关于做好森林防火工作的通知": ["乙事项"]}
    finally:
        session.close()


@pytest.mark.parametrize(("question", "place"), [
    ("青岛市财政局牵头哪些任务?", "青岛市"), ("广州市发改委牵头哪些任务?", "广州市"), ("区财政局牵头哪些任务?", "即墨区"),
])
def test_a_place_in_the_question_picks_the_unit(session, question, place):
    result = _ask(session, question)
    assert result.assignments and {a["document"]["jurisdiction"] for a in result.assignments} == {place}
    assert result.spec.units[0].place == place


def test_a_district_question_reaches_it_through_its_own_city_only(session):
    """Through 青岛市's 各区(市), never 广州市's; and, a place named as the subject, its own units' duties too."""
    result = _ask(session, "即墨区负责哪些任务?")
    assert result.spec.units[0].via == ("各区(市)",)
    assert result.assignments and {a["document"]["jurisdiction"] for a in result.assignments} == {"青岛市", "即墨区"}


def test_a_document_in_the_question_scopes_its_units(session):
    result = _ask(session, "《关于印发广州市进一步加强人才引进工作若干措施的通知》里市财政局负责哪些任务?")
    assert result.spec.units[0].place == "广州市"
    assert [a["task"]["label"] for a in result.assignments] == ["1", "4"]


def test_a_document_of_no_known_place_keeps_its_units_unplaced(resources):
    """A notice whose place cannot be read means its own 市发改委: not Qingdao's, whose file happens to list the
    name (the bundled gazetteer), so that no question or export puts a Qingdao bureau into another city's work."""
    text = ("关于推进集成电路产业发展的实施方案\n苏测发〔2025〕67号\n一、重点任务\n"
            "1. 完善配套政策。（牵头单位：市发展改革委；配合单位：市财政局、市工信局；完成时限：2025年5月）\n")
    doc = ingest_bytes(text.encode(), "x.txt", resources)
    assert not doc.metadata.jurisdiction
    units = [u for _t, a in doc.assignments for u in (*a.lead, *a.cooperating)]
    assert [(u.name, u.place, u.known) for u in units] == [
        ("市发展改革委", "", False), ("市财政局", "", False), ("市工业和信息化局", "", False)]
    # Named with its place, the same body is Qingdao's wherever the notice comes from.
    named = ingest_bytes(text.replace("市发展改革委", "青岛市发展改革委").encode(), "y.txt", resources)
    assert [(u.name, u.place, u.known) for u in named.assignments[0][1].lead] == [
        ("市发展改革委", "青岛市", True)]


@pytest.mark.parametrize("printed, stored", [
    ("区经济和信息化局", "区经济和信息化局"), ("区经信局", "区经济和信息化局"), ("市工信局", "市工业和信息化局"),
    ("省经信厅", "省经济和信息化厅"), ("县文广旅局", "县文化广电和旅游局"), ("市文旅局", "市文化和旅游局")])
def test_a_bureau_is_stored_under_its_own_official_name(resources, printed, stored):
    """合肥's 经济和信息化局 is not 青岛's 工业和信息化局: two official names are two groups of forms, so a map or an
    answer never cites a bureau by a name its place does not have."""
    assert resources.resolver.equivalences.canonical(printed) == stored


def test_an_autonomous_prefecture_prints_its_bodies_with_zhou_once(resources):
    """州发改委 in an 自治州's notice is the prefecture's 发改委 (州 is its level word, as 市 is a city's), never
    州州发改委, which no question finds."""
    text = ("昌吉回族自治州人民政府办公室\n关于进一步做好就业工作的实施意见\n昌州政办发〔2018〕12号\n一、主要任务\n"
            "(一)促进经济发展与扩大就业联动。(牵头部门:州发改委,配合部门:州财政局、商务局)\n")
    doc = ingest_bytes(text.encode(), "c.txt", resources)
    assert doc.metadata.jurisdiction == "昌吉回族自治州"
    _task, a = doc.assignments[0]
    assert [(u.name, u.place) for u in (*a.lead, *a.cooperating)] == [
        ("州发展改革委", "昌吉回族自治州"), ("州财政局", "昌吉回族自治州"), ("州商务局", "昌吉回族自治州")]


@pytest.mark.parametrize(("name", "short", "abbreviated"), [
    ("大理白族自治州", "大理", "大理州"), ("红河哈尼族彝族自治州", "红河", "红河州"), ("延边朝鲜族自治州", "延边", "延边州"),
    ("长阳土家族自治县", "长阳", "长阳县"), ("龙胜各族自治县", "龙胜", "龙胜县"), ("东乡族自治县", "东乡", "东乡县"),
    ("鄂温克族自治旗", "鄂温克", "鄂温克旗"), ("广西壮族自治区", "广西", ""), ("新疆维吾尔自治区", "新疆", ""),
    ("内蒙古自治区", "内蒙古", ""), ("青岛市", "青岛", ""),
])
def test_an_autonomous_place_is_known_by_the_name_before_its_peoples(places, name, short, abbreviated):
    """Its documents print 大理州 and 长阳县, and names such as 广西 carry the name before the peoples: the short
    name was 大理白族 and 广西壮族, which no document prints."""
    assert name in places
    assert (short, name) in places.shorts()
    assert places.expanded(f"{abbreviated}财政局") == (f"{name}财政局" if abbreviated else "财政局")


def test_an_autonomous_places_bodies_printed_by_its_abbreviated_name_are_its_own(resources, tmp_path):
    """大理州工业和信息化局 in the prefecture's own notice was 州大理州工业和信息化局 (the 州 of its level put before a
    name already carrying it), and 长阳县人民政府 a body of 大理; asked about as printed, it was not found."""
    from graph.store import Store
    from queries.ask import answer

    text = ("大理白族自治州人民政府办公室关于印发大理州2026年工业稳增长工作方案的通知\n大政办发〔2026〕12号\n一、重点任务\n"
            "1.推进园区提质增效。(牵头单位:大理州工业和信息化局;配合单位:州发展改革委、州财政局;完成时限:2026年6月底前)\n"
            "2.对口支持长阳县茶产业。(牵头单位:州商务局;责任单位:中共大理州委宣传部、长阳县人民政府;"
            "完成时限:2026年9月底前)\n")
    doc = ingest_bytes(text.encode(), "dali.txt", resources)
    assert doc.metadata.jurisdiction == "大理白族自治州"
    (_t1, first), (_t2, second) = doc.assignments
    assert [(u.name, u.place) for u in (*first.lead, *first.cooperating)] == [
        ("州工业和信息化局", "大理白族自治州"), ("州发展改革委", "大理白族自治州"), ("州财政局", "大理白族自治州")]
    assert [u.place for u in second.responsible] == ["大理白族自治州", "长阳土家族自治县"]
    store = Store(tmp_path / "s")
    store.ingest_sources([(text.encode(), "dali.txt")])
    session = store.open_graph()
    try:
        result = answer(session, "大理州工业和信息化局牵头哪些任务", today="2026-01-01")
        assert result.understood and result.count == 1, result.message
    finally:
        session.close()


@pytest.mark.parametrize("head, place", [
    # a cover letter signed above its date, whose 文号 code names no listed place, citing its province twice
    ("汕府函〔2019〕53号\n各县(市、区)人民政府,市政府各部门:\n现将《实施方案》印发给你们,请认真组织实施。\n"
     "汕尾市人民政府\n2019年2月21日\n汕尾市贯彻落实规划实施方案\n", "汕尾市"),
    # a saved page whose text starts with its place, then the title
    ("马鞍山市\n关于推进民营经济高质量发展的实施细则\n", "马鞍山市"),
])
def test_an_office_or_place_alone_on_a_line_near_the_top_is_the_documents(resources, head, place):
    """Where no header was read, the office a cover letter signs with (or the place a page heads its text with)
    is the document's place, not the province its text cites most (the notice it implements)."""
    body = ("根据广东省人民政府和安徽省人民政府的要求,结合实际,制定本方案。广东省、安徽省有关部门给予支持。\n"
            "一、主要任务\n1. 甲事项。(牵头单位:市商务局;完成时限:2019年9月)\n")
    doc = ingest_bytes((head + body).encode(), "n.txt", resources)
    assert doc.metadata.jurisdiction == place
    assert [(u.name, u.place) for u in doc.assignments[0][1].lead] == [("市商务局", place)]


@pytest.mark.parametrize("title, place", [
    ("杭州市推进“互联网+”行动实施意见", "杭州市"),
    ("【要闻】临汾市水污染防治2018年行动计划", "临汾市"),
    ("市县两级政务公开工作要点", ""),
])
def test_a_plan_titled_with_its_places_name_is_that_places(resources, title, place):
    """A plan titled with a place the data does not list is that place's, not its province's (which its text
    cites); two characters of a title (市县两级) are no place."""
    text = (f"{title}\n为贯彻落实《浙江省人民政府关于推进工作的意见》和《山西省工作方案》,结合实际,制定本方案。\n"
            "一、主要任务\n1. 甲事项。(牵头单位:市商务局;完成时限:2019年9月)\n")
    doc = ingest_bytes(text.encode(), "n.txt", resources)
    assert doc.metadata.jurisdiction == place


@pytest.mark.parametrize("head, number, place", [
    # a saved page: its headline, its column, then a summary line running the title into the opening sentence,
    # which cites the province's notice by its number
    ("德州印发实施方案!涉及机场规划等\n栏目:行业资讯 发布时间:2023-05-03\n"
     " 德州市贯彻落实省《推动黄河流域生态保护三年行动计划(2023—2025年)》实施方案  为深入贯彻落实《山东省人民政府"
     "关于印发推动黄河流域生态保护三年行动计划(2023—2025年)的通知》(鲁政字〔2023〕18号,以下简称省《三年行动计划》)"
     "精神,加快我市高质量发展\n", "", "德州市"),
    # a page's title line: the document named, then its own number
    ("《青岛市关于推进重点工作的意见》(青政发〔2024〕9号)\n", "青政发〔2024〕9号", "青岛市"),
])
def test_a_number_cited_in_the_header_is_not_the_documents_own(resources, head, number, place):
    """A 文号 in brackets after a cited title, the sentence going on past it, is the cited notice's: 德州's plan
    had 鲁政字〔2023〕18号 as its own number, and so 山东省 as its place and its bureaus as the province's."""
    body = ("为深入贯彻落实上级部署,结合实际,制定本方案。\n"
            "一、主要任务\n1. 甲事项。(牵头单位:市商务局;完成时限:2023年9月)\n")
    doc = ingest_bytes((head + body).encode(), "n.txt", resources)
    assert (doc.metadata.doc_number, doc.metadata.jurisdiction) == (number, place)
    assert [(u.name, u.place) for u in doc.assignments[0][1].lead] == [("市商务局", place)]


def test_a_bank_branch_named_by_its_place_is_not_the_documents(resources):
    """人行昌吉州中心支行 in a 崂山区 notice was filed under 崂山区 (昌吉州 is in no places data), while its sibling
    人行青岛市中心支行 was rightly left to its own place: a branch named by a place, listed or not, says where it
    is."""
    text = ("青岛市崂山区关于推进普惠金融的通知\n崂政办发〔2023〕5号\n一、主要任务\n"
            "1. 甲事项。(牵头单位:人行青岛市中心支行、人行昌吉州中心支行、农发行临夏州分行、区城管局;"
            "完成时限:2023年9月)\n")
    doc = ingest_bytes(text.encode(), "n.txt", resources)
    assert doc.metadata.jurisdiction == "崂山区"
    assert [(u.name, u.place) for u in doc.assignments[0][1].lead] == [
        ("人行青岛市中心支行", ""), ("人行昌吉州中心支行", ""), ("农发行临夏州分行", ""), ("区城管局", "崂山区")]


@pytest.mark.parametrize(("head", "place", "bodies"), [
    # 许昌 is a city's short name; 巩义 a county-level city's, 嵩县 a county's, 泺源区 a place in no data
    ("许昌市人民政府关于做好民生实事工作的通知\n许政〔2026〕4号\n", "许昌市", ("国网许昌供电公司",)),
    ("郑州市人民政府办公厅关于推进充电设施建设的通知\n郑政办〔2026〕6号\n", "郑州市",
     ("国网巩义供电公司", "国网郑州供电公司")),
    ("嵩县人民政府办公室关于推进农网改造的通知\n嵩政办〔2026〕3号\n", "嵩县", ("国网嵩县供电公司",)),
    ("济南市泺源区人民政府办公室关于推进充电设施建设的通知\n泺源政办发〔2026〕1号\n", "济南市泺源区",
     ("国网泺源供电公司",)),
])
def test_a_state_grid_company_named_by_its_place_keeps_its_name(resources, head, place, bodies):
    """国网许昌供电公司 in 许昌市's notice was 许昌市国网许昌供电公司 (assignments, the xlsx sheets, the ledger): a
    body that names its place, as 人行昌吉州中心支行 does, is self-qualified and keeps its name; 市发展改革委 beside it is
    the document's."""
    text = head + ("一、主要任务\n1. 建成充电桩3000个。(牵头单位:市发展改革委;配合单位:" + "、".join(bodies)
                   + ";完成时限:2026年11月底前)\n").replace("市发展改革委", "区发展改革委" if place.endswith(
                       "区") else "县发展改革局" if place.endswith("县") else "市发展改革委")
    doc = ingest_bytes(text.encode(), "n.txt", resources)
    assert doc.metadata.jurisdiction == place
    [(_, assignment)] = doc.assignments
    assert [(u.place, u.name) for u in assignment.cooperating] == [
        ("", body) for body in bodies]
    assert [u.place for u in assignment.lead] == [place]


def test_a_placeless_notices_units_get_their_forms_kind_and_one_name(resources):
    """Without a place, units still get the kind of their form (a 省 department, a company, a ministry) and one
    name for one body (工信部 = 工业和信息化部, 省发改委 = 省发展改革委), as in a notice of a known place."""
    text = ("关于推进某项工作的通知\n一、重点任务\n1. 甲事项。(牵头单位:省财政厅、省发改委;配合单位:中国石油天然气集团公司、"
            "工信部、财政部)\n2. 乙事项。(牵头单位:工业和信息化部、省发展改革委)\n")
    doc = ingest_bytes(text.encode(), "n.txt", resources)
    assert not doc.metadata.jurisdiction
    got = {(u.name, u.kind.value) for _t, a in doc.assignments for u in (*a.lead, *a.cooperating)}
    assert got == {("省财政厅", "government_department"), ("省发展改革委", "government_department"),
                   ("中国石油天然气集团公司", "organisation"), ("工业和信息化部", "government_department"),
                   ("财政部", "government_department")}


@pytest.mark.parametrize("doc_number, place", [
    ("青商务字〔2024〕5号", "青岛市"), ("鲁测发〔2024〕1号", "山东省"),
    ("平政〔2013〕1号", ""), ("南测发〔2024〕1号", ""), ("苏测发〔2025〕5号", ""),
])
def test_a_code_the_data_does_not_list_is_the_place_its_first_character_abbreviates(places, doc_number, place):
    """A Qingdao bureau's 青商务字 (a code places.tsv does not list) is 青岛's: offices start their codes with their
    place's short name. Only a province's or a city's under a province: 平 of 平度市 (a county-level city) is
    平顶山's too, 南 of 市南区 a dozen places'; a character no listed place starts with says nothing."""
    assert places.by_initial(doc_number) == place


# -- the user's word and the exports ----------------------------------------------------------------------
def test_ingest_jurisdiction_sets_and_corrects_the_place(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    doc = tmp_path / "n.txt"
    doc.write_text("关于X的通知\n一、任务\n1. 甲事项。(牵头单位:市财政局;完成时限:2024年9月)\n", encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "s")
    first = runner.invoke(app, ["--store", store, "ingest", str(doc)])
    assert first.exit_code == 0 and "jurisdiction unknown" in first.output
    fixed = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", "即墨区"])
    assert fixed.exit_code == 0 and "jurisdiction 即墨区 (from user)" in fixed.output
    from graph.store import Store

    # The manifest (the scope lists) names the corrected place, not the place the first ingest listed.
    assert [e.jurisdiction for e in Store(store).manifest()] == ["即墨区"]
    # The same file again without a place keeps the place given, by either path that stores a document.
    again = runner.invoke(app, ["--store", store, "ingest", str(doc)])
    assert again.exit_code == 0 and "jurisdiction 即墨区 (from user)" in again.output
    Store(store).ingest_sources([(doc.read_bytes(), str(doc))])
    assert [e.jurisdiction for e in Store(store).manifest()] == ["即墨区"]
    out = runner.invoke(app, ["--store", store, "cypher", "MATCH (u:Unit) RETURN u.id"])
    assert out.output.split() == ["u.id", "unit:青岛市/市财政局"]
    for bad_place in ("<b>x", "<b>青岛</b>市", "全市"):
        bad = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", bad_place])
        assert bad.exit_code != 0 and "is not a place" in bad.output + str(bad.exception), bad_place


def test_a_given_place_the_documents_own_wenhao_contradicts_is_warned_about(resources):
    """``ingest FOLDER --jurisdiction 即墨区`` over a folder holding a province's notice placed it in 即墨区
    without a word: the place given is kept (the user knows best), and the place the 文号 reads is named."""
    text = "山东省人民政府办公厅关于X的通知\n鲁政办字〔2024〕12号\n一、任务\n1. 甲事项。(牵头单位:省大数据局)\n"
    doc = ingest_bytes(text.encode(), "x.txt", resources, jurisdiction="即墨区")
    assert doc.metadata.jurisdiction == "即墨区" and doc.metadata.jurisdiction_source == "user"
    [differs] = [i for i in doc.issues if i.code == "jurisdiction-differs"]
    assert "placed in 即墨区 as given, but its 文号 reads 山东省" in differs.message
    for agreeing in ("山东省", None):
        doc = ingest_bytes(text.encode(), "x.txt", resources, jurisdiction=agreeing)
        assert doc.metadata.jurisdiction == "山东省" and "jurisdiction-differs" not in [i.code for i in doc.issues]
    bare = "关于X的通知\n一、任务\n1. 甲事项。(牵头单位:市财政局)\n"  # nothing of its own to contradict
    assert "jurisdiction-differs" not in [i.code for i in ingest_bytes(
        bare.encode(), "y.txt", resources, jurisdiction="即墨区").issues]


@pytest.mark.parametrize(("name", "place", "said"), [
    ("崂山区", "崂山区", ""), ("崂山", "崂山区", ""), ("青岛", "青岛市", ""), ("内蒙古", "内蒙古自治区", ""),
    ("武汉市", "武汉市", ""), ("金水区", "金水区", ""),  # every province's places are listed
    ("临沂市沂南县", "沂南县", ""),  # a listed county printed with its city
    ("火星市", "火星市", "火星市 is in no places file"),  # a place the data does not list: used, and said so
    ("崂山市", "崂山市", "did you mean 崂山区"),  # a slip: the listed place it resembles is suggested
])
def test_a_given_place_is_a_listed_place_by_full_or_short_name_else_noted(places, name, place, said):
    """The note is shown to clerks (the Upload page's jurisdiction field): its Chinese first, as errors say it."""
    from ingest.jurisdiction import given_place

    given = given_place(places, name)
    assert (given.place, given.error) == (place, "")
    assert said in given.note if said else given.note == ""
    if said:
        assert given.note.startswith(f"地名数据中没有{name},其单位按原文归在它之下") and ";" in given.note


def test_a_given_name_that_is_no_place_is_refused_naming_the_known_ones(places):
    from ingest.jurisdiction import given_place

    for name in ("全市", "<b>x", "崂"):
        given = given_place(places, name)
        # every province's places are too many to name: its provinces are named
        assert given.place == "" and "is not a place" in given.error and "山东省" in given.error, name
        assert given.error.startswith(f"{name!r} 不是行政区划;"), given.error


def test_ingest_takes_a_short_place_name_and_notes_an_unlisted_one(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    doc = tmp_path / "n.txt"
    doc.write_text("关于X的通知\n一、任务\n1. 甲事项。(牵头单位:区财政局;完成时限:2024年9月)\n", encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "s")
    short = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", "崂山"])
    assert short.exit_code == 0 and "jurisdiction 崂山区 (from user)" in short.output, short.output
    unlisted = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", "火星市"])
    assert unlisted.exit_code == 0 and "note: 地名数据中没有火星市,其单位按原文归在它之下" in unlisted.output \
        and "火星市 is in no places file" in unlisted.output, unlisted.output


def test_the_rdf_of_several_places_is_valid(store):
    from graph import rdf
    from ontology.terms import PKG

    graph = rdf.to_rdf(store.graph())
    conforms, report, _ = rdf.validate(graph)
    assert conforms, report
    jurisdictions = {str(o) for o in graph.objects(None, PKG.jurisdiction)}
    assert {"安徽省", "广州市", "即墨区", "青岛市"} <= jurisdictions


def test_the_tests_documents_are_listed(tmp_path):
    readme = (ROOT / "tests" / "documents" / "README.md").read_text(encoding="utf-8")
    assert all(Path(p).name in readme for p in (PROVINCE, CITY, DISTRICT, *UNLISTED))


# -- places the data does not list ------------------------------------------------------------------------
# A 济南市 district (济南 is listed, its districts are not), a county of another province printed without its city,
# and a district of a city the data lacks: each its own place, its 区/县 units its own.
UNLISTED = tuple(ROOT / "tests" / "documents" / n for n in (
    "lixia-district-buildings.txt", "anji-county-forestry.txt", "jiangan-district-innovation.txt"))
JINAN_CITY = ("济南市人民政府办公厅关于推进楼宇经济发展的通知\n济政办发〔2025〕2号\n一、任务\n"
              "1. 完善楼宇扶持政策。(牵头单位:市商务局;配合单位:市财政局;完成时限:2025年6月底前)\n"
              "2. 开展楼宇运营评价。(牵头单位:市商务局;配合单位:区财政局;完成时限:2025年9月底前)\n")


def _units_of(doc) -> set[tuple[str, str, str]]:
    from ingest.unit_identity import full_name

    return {(u.place, u.name, full_name(u.place, u.name))
            for _, a in doc.assignments for u in (*a.lead, *a.responsible, *a.cooperating)}


@pytest.mark.parametrize(("issuer", "place", "above"), [
    ("济南市泺源区人民政府办公室", "济南市泺源区", ("济南市",)),
    ("济南市市中区人民政府", "济南市市中区", ()),  # listed known by its city's name (市中区 is several places')
    ("中共济南市泺源区委办公室", "济南市泺源区", ("济南市",)),
    ("竹岭县人民政府办公室", "竹岭县", ()),
    ("武汉市江滩区人民政府办公室", "武汉市江滩区", ("武汉市",)),
    ("河北省石家庄市正元县人民政府办公室", "石家庄市正元县", ("石家庄市",)),  # up to the first listed place
    ("荆州市沙市区人民政府", "沙市区", ()),  # listed: 市 inside a district's name
    ("荆州市洪市区人民政府", "荆州市洪市区", ("荆州市",)),
    ("青岛市即墨区人民政府办公室", "即墨区", ()),  # listed: the data says what is above it
    ("济南市人民政府办公厅", "济南市", ()),
    ("济南高新区管委会", "", ()),  # a zone is no 行政区划
    ("济南市高新区管委会", "济南市", ()),
    ("济南市泺源区财政局", "济南市泺源区", ("济南市",)),  # a bureau issuing in its own name
    ("谯城区教育局", "谯城区", ()),
    ("洋县人民政府", "洋县", ()), ("大同市城区人民政府", "大同市城区", ("大同市",)),  # names of one character
    ("济南市市场监督管理局", "济南市", ()), ("青岛市城市管理局", "青岛市", ()),  # 市场, 城市: no places
    ("各区县人民政府", "", ()), ("国家税务总局济南市税务局", "", ()),
])
def test_an_office_of_a_place_the_data_does_not_list_is_that_places(places, issuer, place, above):
    assert detect(places, issuers=[issuer]) == (Jurisdiction(place, "issuer", above=above) if place
                                                else Jurisdiction("", ""))


def test_a_title_or_wenhao_printing_an_unlisted_place_decides_and_prose_does_not(places):
    assert detect(places, title="关于推进泺源区政府投资项目建设的通知") == Jurisdiction("", "")
    assert detect(places, title="济南市泺源区人民政府关于X的通知") == Jurisdiction("济南市泺源区", "title",
                                                                                   above=("济南市",))
    assert detect(places, doc_number="平阴县政办发〔2025〕3号") == Jurisdiction("平阴县", "文号")
    assert detect(places, doc_number="泺源政办发〔2025〕4号") == Jurisdiction("", ""), "泺源 alone: 区 or 县?"
    # 南政办发 is 市南区's code, and the code of any 南… county: the issuer printing 南湖县 in full says more
    assert detect(places, doc_number="南政办发〔2024〕9号", issuers=["南湖县人民政府办公室"]).place == "南湖县"
    assert detect(places, doc_number="南政办发〔2024〕9号", issuers=["青岛市人民政府办公厅"]).place == "市南区"
    assert detect(places, doc_number="南政办发〔2024〕9号", issuers=["青岛市市南区人民政府办公室"]).place == "市南区"


def test_a_district_of_a_listed_city_is_its_own_with_its_city_above(resources):
    doc = ingest_bytes(UNLISTED[0].read_bytes(), UNLISTED[0].name, resources)
    m = doc.metadata
    assert (m.jurisdiction, m.jurisdiction_source, m.jurisdiction_above) == ("济南市泺源区", "issuer", ("济南市",))
    assert _units_of(doc) == {
        ("济南市泺源区", "区商务局", "济南市泺源区商务局"), ("济南市泺源区", "区财政局", "济南市泺源区财政局"),
        ("济南市泺源区", "区发展改革局", "济南市泺源区发展改革局"), ("济南市泺源区", "各街道办事处", "济南市泺源区各街道办事处"),
        ("济南市", "市财政局", "济南市财政局"), ("山东省", "省商务厅", "山东省商务厅")}
    assert [i.code for i in doc.issues] == ["units-not-in-gazetteer"]
    assert "济南市区" not in doc.issues[0].message and "济南市各街道" not in doc.issues[0].message


def test_a_county_and_a_district_of_unlisted_cities_are_their_own(resources):
    county = ingest_bytes(UNLISTED[1].read_bytes(), UNLISTED[1].name, resources)
    assert (county.metadata.jurisdiction, county.metadata.jurisdiction_above) == ("竹岭县", ())
    assert {(p, full) for p, _, full in _units_of(county)} == {
        ("竹岭县", "竹岭县林业局"), ("竹岭县", "竹岭县农业农村局"), ("竹岭县", "竹岭县财政局"),
        ("竹岭县", "竹岭县市场监管局"), ("竹岭县", "竹岭县各乡镇(街道)")}
    district = ingest_bytes(UNLISTED[2].read_bytes(), UNLISTED[2].name, resources)
    assert (district.metadata.jurisdiction, district.metadata.jurisdiction_above) == ("武汉市江滩区", ("武汉市",))
    assert {(p, full) for p, _, full in _units_of(district)} == {
        ("武汉市江滩区", "武汉市江滩区科技局"), ("武汉市江滩区", "武汉市江滩区财政局"), ("武汉市江滩区", "武汉市江滩区各街道办事处"),
        ("武汉市", "武汉市科技局")}, "市科技局 is the city's printed above the district"


def test_a_level_unit_no_place_of_the_document_holds_is_warned_about_never_glued(resources):
    """区财政局 in 济南市's own notice was 济南市区财政局; 市林业局 in a county's whose city is not printed would be
    竹岭县市林业局. Neither is guessed: the unit keeps its name, no place, and the warning says where and why."""
    doc = ingest_bytes(JINAN_CITY.encode(), "jinan.txt", resources)
    assert doc.metadata.jurisdiction == "济南市"
    assert ("", "区财政局", "区财政局") in _units_of(doc) and ("济南市", "市财政局", "济南市财政局") in _units_of(doc)
    [said] = [i for i in doc.issues if i.code == "unit-place-undecided"]
    assert (said.line, said.column) == (5, 29) and said.span.slice(JINAN_CITY) == "区财政局"
    assert "no 区 is known for this document of 济南市" in said.message and "--jurisdiction" in said.message
    county = ("竹岭县人民政府办公室关于X的通知\n安政办发〔2025〕3号\n一、任务\n"
              "1. 甲事项。(牵头单位:县林业局;配合单位:市林业局、市林业局;完成时限:2025年9月底前)\n")
    doc = ingest_bytes(county.encode(), "anji.txt", resources)
    assert _units_of(doc) == {("竹岭县", "县林业局", "竹岭县林业局"), ("", "市林业局", "市林业局")}
    assert [(i.code, i.line) for i in doc.issues if i.code == "unit-place-undecided"] == [
        ("unit-place-undecided", 4)], "said once where it is first named"


def test_ingest_of_an_unlisted_district_and_the_place_given_agree(tmp_path):
    """`--jurisdiction 泺源区` fixed the units but warned that the issuer reads 济南市: it reads 泺源区."""
    from typer.testing import CliRunner

    from cli import app

    runner = CliRunner()
    found = runner.invoke(app, ["--store", str(tmp_path / "a"), "ingest", str(UNLISTED[0])])
    assert found.exit_code == 0 and "jurisdiction 济南市泺源区 (under 济南市, from issuer)" in found.output, found.output
    given = runner.invoke(app, ["--store", str(tmp_path / "b"), "ingest", str(UNLISTED[0]),
                                "--jurisdiction", "泺源区"])
    assert given.exit_code == 0 and "jurisdiction 济南市泺源区 (under 济南市, from user)" in given.output, given.output
    assert "jurisdiction-differs" not in given.output and "济南市区" not in given.output
    other = runner.invoke(app, ["--store", str(tmp_path / "c"), "ingest", str(UNLISTED[0]),
                                "--jurisdiction", "济南市"])
    assert "placed in 济南市 as given, but its issuer reads 济南市泺源区" in other.output, other.output


@pytest.fixture(scope="module")
def unlisted_store(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("unlisted") / "s")
    store.ingest_paths([*UNLISTED, DISTRICT])
    store.ingest_sources([(JINAN_CITY.encode(), "jinan.txt")])
    return store


def test_unlisted_places_are_in_the_graph_with_the_places_above_them(unlisted_store):
    session = unlisted_store.open_graph()
    try:
        chains = dict(session.query("MATCH (d:Document) RETURN d.jurisdiction, d.places")[1])
        assert chains == {"济南市泺源区": ["济南市泺源区", "济南市", "山东省"], "竹岭县": ["竹岭县"],
                          "武汉市江滩区": ["武汉市江滩区", "武汉市", "湖北省"], "即墨区": ["即墨区", "青岛市", "山东省"],
                          "济南市": ["济南市", "山东省"]}
        assert session.query(OUTSIDE_ITS_PLACE)[1] == []
        names = [r[0] for r in session.query("MATCH (u:Unit) RETURN u.full_name")[1]]
        assert {"济南市泺源区财政局", "武汉市江滩区财政局", "竹岭县财政局", "即墨区财政局", "区财政局"} <= set(names)
        assert not [n for n in names if n.startswith(("济南市区", "济南市各", "武汉市区"))], names
    finally:
        session.close()


@pytest.mark.parametrize(("question", "expected"), [
    ("泺源区财政局牵头哪些任务", {("济南市泺源区", "争取上级政策支持")}),
    ("江滩区财政局牵头哪些任务", {("武汉市江滩区", "落实孵化载体奖励政策")}),
    ("竹岭县财政局的任务", {("竹岭县", "加大财政扶持力度")}),
    ("泺源区有哪些任务", {("济南市泺源区", "开展楼宇精准招商"), ("济南市泺源区", "建立重点楼宇服务台账"),
                          ("济南市泺源区", "争取上级政策支持")}),
    ("what does 竹岭县 have to do", {("竹岭县", "建设林下经济示范基地"), ("竹岭县", "加大财政扶持力度"),
                                      ("竹岭县", "培育林下产品品牌")}),
    ("济南市财政局的任务", {("济南市", "完善楼宇扶持政策"), ("济南市泺源区", "争取上级政策支持")}),
    ("济南市泺源区财政局牵头哪些任务", {("济南市泺源区", "争取上级政策支持")}),  # the places above written too
    ("武汉市江滩区财政局牵头哪些任务", {("武汉市江滩区", "落实孵化载体奖励政策")}),
])
def test_ask_reaches_the_units_of_unlisted_places(unlisted_store, question, expected):
    from queries.ask import answer

    session = unlisted_store.open_graph()
    try:
        result = answer(session, question, today="2025-07-15")
    finally:
        session.close()
    assert result.understood, result.message
    assert {(a["document"]["jurisdiction"], a["task"]["title"]) for a in result.assignments} == expected


def test_a_short_name_offers_each_districts_unit_never_a_citys_glued_one(unlisted_store):
    from queries.ask import answer

    session = unlisted_store.open_graph()
    try:
        result = answer(session, "区财政局牵头哪些任务", today="2025-07-15")
        by_place = answer(session, "泺源区有哪些单位", today="2025-07-15")
    finally:
        session.close()
    offered = set(dict(result.spec.alternatives))
    assert {"济南市泺源区财政局", "武汉市江滩区财政局", "即墨区财政局"} <= offered
    assert not [o for o in offered if o.startswith(("济南市区", "济南市各"))], offered
    assert {"济南市泺源区财政局", "济南市泺源区商务局", "济南市泺源区发展改革局", "济南市泺源区各街道办事处"} <= {
        r["unit"] for r in by_place.by_unit()}


def test_the_units_page_shows_an_unlisted_districts_unit(unlisted_store, tmp_path, monkeypatch):
    import shutil

    from test_app import start, table_column

    copy = tmp_path / "store"
    shutil.copytree(unlisted_store.root, copy)
    at = start(copy, monkeypatch, "units", unit="泺源区财政局", ref="2025-07-15")
    # the name its own notice prints opens the unit, named by its city too (济南市泺源区财政局)
    assert at.selectbox(key="unit").value == "济南市泺源区财政局" and not at.warning
    assert "济南市泺源区财政局" in at.selectbox(key="unit").options and "济南市区财政局" not in at.selectbox(key="unit").options
    # its own duties only (lead of task 3, partner on task 1), none of 即墨区's or 江滩区's 区财政局
    assert sorted(table_column(at)) == ["1.1", "3.1"], table_column(at)


def test_a_wenhao_printing_only_an_unlisted_places_short_name_is_warned_about_not_guessed(resources):
    """泺源政办发 with no issuer printing 泺源区: 泺源 could be a 区 or a 县, so no place is guessed; the 文号's
    line says what would decide it, and the 区 units keep their printed names."""
    text = ("关于支持楼宇经济发展的若干措施\n泺源政办发〔2026〕2号\n一、任务\n"
            "1. 甲事项。(牵头单位:区财政局;配合单位:区商务局;完成时限:2026年9月底前)\n")
    doc = ingest_bytes(text.encode(), "lx.txt", resources)
    assert doc.metadata.jurisdiction == ""
    assert {(u.place, u.name) for _, a in doc.assignments for u in (*a.lead, *a.cooperating)} == {
        ("", "区财政局"), ("", "区商务局")}
    [said] = [i for i in doc.issues if i.code == "unit-place-undecided"]
    assert said.line == 2 and "泺源政办发〔2026〕2号" in said.message
    assert "expected an issuer such as 泺源区人民政府办公室, or --jurisdiction 泺源区" in said.message
    national = text.replace("泺源政办发", "国办发")  # a national code names no place to ask for
    assert "unit-place-undecided" not in [i.code for i in ingest_bytes(national.encode(), "n.txt", resources).issues]


def test_a_given_place_printed_with_its_city_is_placed_under_it(resources):
    """--jurisdiction 济南市泺源区 on a notice printing neither: 泺源区 under 济南市, so 市财政局 is 济南市's; the
    district alone leaves which 市 unsaid (warned about, not guessed)."""
    text = ("关于X的通知\n一、任务\n1. 甲事项。(牵头单位:区财政局;配合单位:市财政局;完成时限:2026年9月底前)\n")
    doc = ingest_bytes(text.encode(), "x.txt", resources, jurisdiction="济南市泺源区")
    m = doc.metadata
    assert (m.jurisdiction, m.jurisdiction_source, m.jurisdiction_above) == ("济南市泺源区", "user", ("济南市",))
    assert {(p, full) for p, _, full in _units_of(doc)} == {("济南市泺源区", "济南市泺源区财政局"),
                                                             ("济南市", "济南市财政局")}
    alone = ingest_bytes(text.encode(), "x.txt", resources, jurisdiction="泺源区")
    assert {(p, full) for p, _, full in _units_of(alone)} == {("泺源区", "泺源区财政局"), ("", "市财政局")}
    assert [i.code for i in alone.issues if i.code == "unit-place-undecided"] == ["unit-place-undecided"]


def test_ingest_given_a_district_with_its_city_is_placed_under_it_and_stays(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    doc = tmp_path / "n.txt"
    doc.write_text("关于X的通知\n一、任务\n1. 甲事项。(牵头单位:区财政局;配合单位:市财政局;完成时限:2026年9月底前)\n",
                   encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "s")
    first = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", "济南市泺源区"])
    assert "jurisdiction 济南市泺源区 (under 济南市, from user)" in first.output, first.output
    assert "note: 地名数据中没有泺源区,按所写归在济南市之下;泺源区 is in no places file: it is placed under 济南市 as given" \
        in first.output
    again = runner.invoke(app, ["--store", store, "ingest", str(doc), "--jurisdiction", "济南市泺源区"])
    assert "unchanged (already in the store)" in again.output, again.output


@pytest.mark.parametrize("question", ["市行政审批服务局牵头的任务", "市行政审批局牵头的任务", "烟台市行政审批服务局牵头的任务"])
def test_a_unit_is_asked_for_by_its_printed_name_or_an_equivalent_one(tmp_path, question):
    """烟台's notice prints 市行政审批服务局: it was stored as 市行政审批局 and asking by the printed name read as a
    typo of 青岛's gazetteer alias. It is found by the printed name and by the forms equivalent to it (stored under
    the group's one name, so a notice printing 市行政审批局 names the same unit)."""
    from graph.store import Store
    from queries.ask import answer

    yantai = ("关于印发2025年政务服务重点任务的通知\n烟政办发〔2025〕8号\n一、重点任务\n"
              "1. 推行企业开办一日办结。(牵头单位:市行政审批服务局;责任单位:市12345政务服务便民热线中心;"
              "完成时限:2025年6月底前)\n烟台市人民政府办公室\n2025年2月10日\n")
    store = Store(tmp_path / "s")
    store.ingest_sources([(yantai.encode(), "yantai.txt")])
    session = store.open_graph()
    try:
        result = answer(session, question, today="2025-03-01")
        assert [(a["task"]["title"], a["lead"]) for a in result.assignments] == [
            ("推行企业开办一日办结", ["市行政审批局"])]
        assert not any("推断" in r or "问题中写作" in r for r in result.spec.reading), result.spec.reading
    finally:
        session.close()
