"""A province's analyst's store: the province's notice for 各市人民政府, 济南市's for 各区县人民政府 and 各区(市)人民政府,
枣庄市's for its 各区(市)人民政府, and districts read from their issuers (历城区, 济南市市中区, 枣庄市市中区 as the
places data lists them; 泺源区 and 薛河区 in no places data), none in a gazetteer. What a city gives "all its districts" reaches each district the store knows under it,
what the province gives 各市人民政府 each of its cities; a place's government is the place; a place the store holds
nothing of is said so, never answered with another place's units."""

from __future__ import annotations

import pytest
from conftest import asked

PROVINCE = ("山东省人民政府办公厅关于推进制造业数字化转型的通知\n鲁政办字〔2024〕20号\n一、任务\n"
            "1. 推进工业互联网平台建设。(牵头单位:省工业和信息化厅;完成时限:2024年9月)\n"
            "2. 组织专场对接活动。(牵头单位:省工业和信息化厅;责任单位:各市人民政府;完成时限:2024年3月)\n")
JINAN = ("济南市人民政府办公厅关于加快楼宇经济发展的通知\n济政办字〔2024〕5号\n一、任务\n"
         "1. 开展楼宇普查。(牵头单位:市商务局;责任单位:各区县人民政府;完成时限:2024年3月)\n"
         "2. 建立楼宇台账。(牵头单位:市统计局;配合单位:各区(市)人民政府;完成时限:2024年4月)\n")
LIXIA = ("济南市泺源区人民政府办公室关于支持楼宇经济发展的若干措施\n泺源政办发〔2024〕2号\n一、任务\n"
         "1. 对新引进企业给予租金补贴。(牵头单位:区财政局;配合单位:区商务局;完成时限:2024年5月)\n")
LICHENG = ("济南市历城区人民政府办公室关于做好大气污染防治的通知\n历城政办发〔2024〕8号\n一、任务\n"
           "1. 加强扬尘管控。(牵头单位:区住建局;完成时限:2024年4月)\n")
SHIZHONG = ("济南市市中区人民政府办公室关于加强社区治理的通知\n市中政办发〔2024〕3号\n一、任务\n"
            "1. 推进社区网格化管理。(牵头单位:区民政局;完成时限:2024年6月)\n")
ZAOZHUANG = ("枣庄市人民政府办公室关于推进农村供水保障的通知\n枣政办字〔2024〕7号\n一、任务\n"
             "1. 完善农村供水设施。(牵头单位:市水利局;责任单位:各区(市)人民政府;完成时限:2024年3月)\n")
ZZ_SHIZHONG = ("枣庄市市中区人民政府办公室关于做好防汛工作的通知\n市中政办字〔2024〕4号\n一、任务\n"
               "1. 排查防汛隐患。(牵头单位:区水利局;完成时限:2024年5月)\n")
XUECHENG = ("枣庄市薛河区人民政府办公室关于做好安全生产工作的通知\n薛政办发〔2024〕6号\n一、任务\n"
            "1. 开展安全生产大检查。(牵头单位:区应急局;责任单位:各镇人民政府、街道办事处;完成时限:2024年4月)\n")
TODAY = "2024-07-15"


def _store(folder, *batches):
    """Each batch ingested apart, so what a city gives its districts is closed over by the incremental store."""
    from graph.store import Store

    store = Store(folder / "s")
    for batch in batches:
        store.ingest_sources([(text.encode(), name) for name, text in batch])
    return store


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("province"), [("sd.txt", PROVINCE), ("jn.txt", JINAN)],
                  [("lx.txt", LIXIA), ("lc.txt", LICHENG), ("szq.txt", SHIZHONG)],
                  [("zz.txt", ZAOZHUANG), ("zzszq.txt", ZZ_SHIZHONG), ("xc.txt", XUECHENG)])


def _titles(result) -> set[tuple[str, str]]:
    return {(a["document"]["jurisdiction"], a["task"]["title"]) for a in result.assignments}


def _query(store, cypher: str, params: dict | None = None) -> list:
    session = store.open_graph()
    try:
        return session.query(cypher, params or {})[1]
    finally:
        session.close()


JINAN_FOR_DISTRICTS = {("济南市", "开展楼宇普查"), ("济南市", "建立楼宇台账")}


# -- what a city gives its districts ------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "own"), [
    ("济南市泺源区哪些任务逾期", {("济南市泺源区", "对新引进企业给予租金补贴")}),
    ("泺源区有哪些任务", {("济南市泺源区", "对新引进企业给予租金补贴")}),
    ("济南市市中区有哪些任务", {("济南市市中区", "推进社区网格化管理")}),
])
def test_a_district_read_from_its_issuer_reaches_what_its_city_gives_its_districts(province, question, own):
    """济南市泺源区哪些任务逾期 listed the district's own duty alone: 济南市's 各区县人民政府 had no members (MEMBER_OF
    came from gazetteers only), though ingest read 泺源区 under 济南市. Never 枣庄市's 各区(市)人民政府's."""
    result = asked(province, question, today=TODAY)
    assert result.understood and not result.spec.ambiguous and not result.spec.unread
    assert _titles(result) == own | JINAN_FOR_DISTRICTS
    assert any(r.startswith("经由 ") and "各区县人民政府" in r for r in result.spec.reading)


def _listed_under(city: str) -> set[str]:
    """The full names of the places the data lists under a city: 济南市历下区, 济南市市中区 …"""
    from graph.store import load_gazetteers
    from ingest.jurisdiction import printed_name

    places = load_gazetteers().places
    return {city + printed_name(child, city) for child in places.children(city)}


def test_a_citys_collective_of_districts_has_the_districts_the_store_knows_under_it(province):
    from queries.named import get

    members = _query(province, "MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit) WHERE c.place = $p AND c.name = $c "
                               "RETURN m.full_name ORDER BY m.full_name", {"p": "济南市", "c": "各区县人民政府"})
    # every district and county the data lists under 济南市 (历城区, 济南市市中区 …), and 泺源区 the data does not
    # list, read from its issuer
    assert {m for (m,) in members} == {*_listed_under("济南市"), "济南市泺源区"}
    assert {"济南市历城区", "济南市市中区"} <= {m for (m,) in members}
    zaozhuang = _query(province, "MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit) WHERE c.place = $p "
                                 "RETURN m.full_name ORDER BY m.full_name", {"p": "枣庄市"})
    assert {m for (m,) in zaozhuang} == {*_listed_under("枣庄市"), "枣庄市薛河区"}
    rows = _query(province, get("district_duties").text, {"unit": "济南市泺源区"})
    assert sorted(r[0] for r in rows) == ["各区(市)人民政府", "各区县人民政府"]
    counted = {(r[0], r[4]): r[1] for r in _query(province, get("collective_assignments").text)}
    assert counted[("各区县人民政府", "济政办字〔2024〕5号")] == len(_listed_under("济南市")) + 1
    assert counted[("各区(市)人民政府", "枣政办字〔2024〕7号")] == len(_listed_under("枣庄市")) + 1
    assert counted[("各市人民政府", "鲁政办字〔2024〕20号")] == 16, "every city of 山东省, 枣庄市 and 淄博市 too"


def test_incremental_and_full_builds_give_the_same_members(province, tmp_path):
    """The members are read from the units the store holds, never from the documents, so an incremental store
    closes over what a full build gives."""
    import shutil

    from graph.store import Store

    cypher = "MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit) RETURN m.id, c.id ORDER BY m.id, c.id"
    incremental = _query(province, cypher)
    copy = tmp_path / "copy"
    shutil.copytree(province.root, copy)
    Store(copy).rebuild()
    assert _query(Store(copy), cypher) == incremental


# -- what the province gives its cities ------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "titles"), [
    ("枣庄市有哪些任务", {("枣庄市", "完善农村供水设施"), ("山东省", "组织专场对接活动")}),
    ("淄博市有哪些任务", {("山东省", "组织专场对接活动")}),  # no notice of its own: the province's for each city
    ("菏泽有哪些任务", {("山东省", "组织专场对接活动")}),
])
def test_the_provinces_collective_of_cities_reaches_each_of_its_cities(province, question, titles):
    """枣庄市, read from its issuer, had no province; 淄博市有哪些任务 was 未能理解."""
    result = asked(province, question, today=TODAY)
    assert result.understood and not result.spec.ambiguous and not result.spec.unread
    assert _titles(result) == titles
    assert any("经由 各市人民政府" in r for r in result.spec.reading)
    missing = [n for n in result.spec.notes if n.startswith("库中没有")]
    assert missing == ([] if question.startswith("枣庄") else
                       [f"库中没有{question[:2]}市的文件,以下是经由各市人民政府写给它的分工"])


def test_a_city_read_from_its_issuer_is_under_its_province(province):
    places = dict(_query(province, "MATCH (d:Document) RETURN d.jurisdiction, d.places"))
    assert places["枣庄市"] == ["枣庄市", "山东省"]
    assert places["枣庄市薛河区"] == ["枣庄市薛河区", "枣庄市", "山东省"]


# -- a place's government --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "as_place"), [
    ("济南市人民政府有哪些任务", "济南市有哪些任务"), ("济南市政府有哪些任务", "济南市有哪些任务"),
    ("泺源区人民政府有哪些任务", "泺源区有哪些任务"), ("枣庄市人民政府有哪些任务", "枣庄市有哪些任务"),
])
def test_a_places_government_is_the_place(province, question, as_place):
    """济南市人民政府有哪些任务 said "济南市没有政府 … 库中没有政府"; 泺源区人民政府 offered 山东省各市人民政府 and
    枣庄市各区(市)人民政府, another city's."""
    result = asked(province, question, today=TODAY)
    assert result.understood and not result.spec.ambiguous and not result.spec.alternatives
    assert not result.warnings or not any("政府" in w for w in result.warnings)
    assert _titles(result) == _titles(asked(province, as_place, today=TODAY))


# -- a place the store holds nothing of ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def without_xuecheng(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("without"), [("jn.txt", JINAN), ("lc.txt", LICHENG), ("zz.txt", ZAOZHUANG)])


@pytest.mark.parametrize("district", ["薛河区", "峄山区"])
def test_a_district_with_no_notice_is_said_to_be_missing_not_another_citys(without_xuecheng, district):
    """薛河区有哪些任务 once its notice was removed answered with 济南市历城区's duties ("did you mean 历城区"). 薛河区
    and 峄山区 are in no places data, like a district the data does not list."""
    result = asked(without_xuecheng, f"{district}有哪些任务", today=TODAY)
    assert not result.assignments or all("济南" not in a["document"]["jurisdiction"] for a in result.assignments)
    assert not any("历城区" in w for w in result.warnings)


@pytest.mark.parametrize("district", ["薛城区", "峄城区"])
def test_a_listed_district_with_no_notice_reaches_what_its_city_gives_its_districts(without_xuecheng, district):
    """薛城区 and 峄城区 are 枣庄市's in the places data: with no notice of their own, a question about them is
    answered with the duties 枣庄市 gives its districts (各区(市)人民政府), never another city's district's."""
    result = asked(without_xuecheng, f"{district}有哪些任务", today=TODAY)
    assert result.understood and result.assignments, result.message
    assert {a["document"]["jurisdiction"] for a in result.assignments} == {"枣庄市"}
    assert [g.via for g in result.spec.units] == [("各区(市)人民政府",)]


# -- a list's 各 over a kind of area ----------------------------------------------------------------------------
def test_each_is_over_a_kind_of_area_printed_after_a_collective_of_places(province):
    """各镇人民政府、街道办事处 gave the unit 枣庄市薛河区街道办事处 with an unknown-unit warning."""
    from graph.store import Store

    [doc] = [d for d in Store(province.root).documents() if d.metadata.jurisdiction == "枣庄市薛河区"]
    [assignment] = doc.tasks[0].assignments
    assert [(u.name, u.kind.value, u.surface) for u in assignment.responsible] == [
        ("各镇人民政府", "collective", "各镇人民政府"), ("各街道办事处", "collective", "街道办事处")]
    assert not [i for i in doc.issues if i.code == "unknown-unit"]


@pytest.mark.parametrize("page", ["units", "deadlines"])
def test_the_units_and_deadlines_pages_count_a_district_as_ask_lists_it(province, monkeypatch, tmp_path, page):
    """/units?unit=济南市泺源区 said "是地方,不是单位" though its city gives its districts duties."""
    import shutil

    from test_app import metric, start, table_column

    copy = tmp_path / "store"
    shutil.copytree(province.root, copy)
    at = start(copy, monkeypatch, page, unit="济南市泺源区", ref=TODAY)
    assert not [w.value for w in at.warning if "不是单位" in w.value]
    if page == "units":
        assert metric(at, "含本地单位与集体单位") == str(len(JINAN_FOR_DISTRICTS) + 1)
    else:
        assert len(table_column(at, 0, "pk-c-date")) == len(JINAN_FOR_DISTRICTS) + 1


def test_neo4j_loaded_from_the_store_has_the_same_members(province, neo4j_to_restore):
    """load-neo4j closes the shared units over with the same rule (incremental.closed_shared): the district reaches
    what its city gives its districts on the server as on the embedded store."""
    from graph.neo4j_store import Neo4jGraph, sync_neo4j
    from graph.resources import load_gazetteers
    from queries.named import get

    sync_neo4j(province, neo4j_to_restore, load_gazetteers(), replace=True)
    cypher = "MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit) RETURN m.id, c.id ORDER BY m.id, c.id"
    session = Neo4jGraph(neo4j_to_restore)
    try:
        served = session.query(cypher)[1]
        duties = session.query(get("district_duties").text, {"unit": "济南市泺源区"})[1]
    finally:
        session.close()
    assert served == _query(province, cypher)
    assert sorted(r[0] for r in duties) == ["各区(市)人民政府", "各区县人民政府"]
