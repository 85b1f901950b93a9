"""Every province's places are known (ontology/units/places.tsv, made by tools/make_places.py): a province's notice
giving its cities duties reaches them, by name (郑州市人民政府) or as 各省辖市人民政府, and a county's notice printing
its name alone (嵩县人民政府办公室) is under its city. A 河南省 analyst's store, written for this test."""

from __future__ import annotations

import pytest
from conftest import asked

HENAN = ("河南省人民政府办公厅关于印发2026年重点工作分工方案的通知\n豫政办〔2026〕11号\n一、任务\n"
         "1. 编制国家中心城市建设年度计划。(牵头单位:郑州市人民政府;配合单位:省发展改革委;完成时限:2026年3月底前)\n"
         "2. 改造农村公路。(牵头单位:省交通运输厅;责任单位:各省辖市人民政府;完成时限:2026年11月底前)\n"
         "3. 整治入河排污口。(牵头单位:省生态环境厅;责任单位:郑州市人民政府、洛阳市人民政府;完成时限:2026年5月底前)\n")
ZHENGZHOU = ("郑州市人民政府办公厅关于印发落实省重点工作方案的通知\n郑政办〔2026〕4号\n一、任务\n"
             "1. 完成市重点项目投资。(牵头单位:市发展改革委;责任单位:各区县(市)人民政府;完成时限:2026年12月底前)\n")
SONGXIAN = ("嵩县人民政府办公室关于印发2026年重点工作任务清单的通知\n嵩政办〔2026〕2号\n一、任务\n"
            "1. 新改建农村公路。(牵头单位:县交通运输局;完成时限:2026年10月底前)\n")
TODAY = "2026-07-15"


@pytest.fixture(scope="module")
def henan(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("henan") / "s")
    store.ingest_sources([(text.encode(), name) for name, text in
                          (("hn.txt", HENAN), ("zz.txt", ZHENGZHOU), ("sx.txt", SONGXIAN))])
    return store


@pytest.fixture(scope="module")
def places(resources):
    return resources.places


def test_every_province_and_its_cities_are_listed(places):
    provinces = places.children("")
    assert len(provinces) == 34 and {"河南省", "北京市", "新疆维吾尔自治区", "香港特别行政区"} <= set(provinces)
    assert set(places.children("河南省")) >= {"郑州市", "开封市", "洛阳市", "许昌市", "驻马店市", "济源市"}
    assert places.chain("嵩县") == ["嵩县", "洛阳市", "河南省"]
    assert places.chain("金水区") == ["金水区", "郑州市", "河南省"]


def test_a_name_several_districts_have_is_listed_under_each_city_by_its_name(places):
    """鼓楼区 is 开封市's, 南京市's, 徐州市's and 福州市's: never one place 鼓楼区, which would merge their units."""
    assert "鼓楼区" not in places and "朝阳区" not in places and "市中区" not in places
    assert {"开封市鼓楼区", "南京市鼓楼区", "徐州市鼓楼区", "福州市鼓楼区"} <= set(places.names())
    assert places.parent("开封市鼓楼区") == "开封市" and places.parent("北京市朝阳区") == "北京市"
    names = places.names()
    assert len(names) == len(set(names)) > 3000
    assert not [n for n in names if n.endswith(("镇", "乡", "街道"))], "towns are no places here"


def test_the_hand_kept_wenhao_codes_stay(places):
    from ingest.jurisdiction import detect

    assert detect(places, doc_number="青办发〔2024〕3号").place == "青岛市"
    assert detect(places, doc_number="鲁政办字〔2024〕20号").place == "山东省"
    assert detect(places, doc_number="即政发〔2024〕1号").place == "即墨区"


def test_the_index_finds_what_a_scan_of_every_place_finds(places):
    """Places are looked up by their first two characters: the same places a scan of all 3,000 finds."""
    names = sorted(places.names(), key=len, reverse=True)
    for text in ("郑州市金水区人民政府", "嵩县财政局", "开封市鼓楼区财政局", "洛阳市老城区", "北京市朝阳区发展改革委",
                 "驻马店市", "新疆维吾尔自治区人民政府", "区财政局", "国网许昌供电公司"):
        assert places.prefix_of(text) == next((p for p in names if text.startswith(p)), ""), text
    text = "郑州市、洛阳市、开封市鼓楼区和嵩县的人民政府;郑州市再次"
    assert places.mentioned(text) == {"郑州市": 2, "洛阳市": 1, "开封市": 1, "开封市鼓楼区": 1}  # 嵩县: two characters
    assert places.named_in("郑州海关") == "郑州市" and places.named_in("中原科技城管委会") == ""  # 中原 of 中原区
    assert places.mentioned("推动中原区域协调发展,完成县域改革") == {}  # 中原区域, 完成县域: words, no places


def test_a_provinces_duties_reach_its_cities_by_name_and_as_all_its_cities(henan):
    result = asked(henan, "郑州市有哪些任务", today=TODAY)
    assert result.understood, result.message
    titles = {(a["document"]["doc_number"], a["task"]["title"]) for a in result.assignments}
    assert {("豫政办〔2026〕11号", "编制国家中心城市建设年度计划"), ("豫政办〔2026〕11号", "改造农村公路"),
            ("豫政办〔2026〕11号", "整治入河排污口"), ("郑政办〔2026〕4号", "完成市重点项目投资")} <= titles
    luoyang = asked(henan, "洛阳市逾期任务", today=TODAY)
    assert {a["task"]["title"] for a in luoyang.assignments} == {"整治入河排污口"}


def test_a_citys_government_in_a_provinces_notice_is_the_city(henan):
    session = henan.open_graph()
    try:
        rows = session.query("MATCH (u:Unit) WHERE u.name CONTAINS '政府' RETURN u.full_name, u.place")[1]
    finally:
        session.close()
    assert ["河南省郑州市人民政府", "河南省"] not in rows and ["郑州市政府", "郑州市"] in rows
    assert ["洛阳市政府", "洛阳市"] in rows


def test_a_county_printing_its_name_alone_is_under_its_city(henan):
    [doc] = [d for d in henan.documents() if d.metadata.doc_number == "嵩政办〔2026〕2号"]
    assert doc.metadata.jurisdiction == "嵩县"
    assert not [i for i in doc.issues if i.code == "city-unknown"]
    session = henan.open_graph()
    try:
        [[chain]] = session.query("MATCH (d:Document) WHERE d.jurisdiction = '嵩县' RETURN d.places")[1]
    finally:
        session.close()
    assert chain == ["嵩县", "洛阳市", "河南省"]


@pytest.mark.parametrize("bodies, place", [
    ("市发展改革委、市经信局、市商务局", "嘉兴市"),  # the city's own bodies: its report, naming a district twice
    ("区发展改革局、区经信局、区商务局", "南湖区"),  # the district's bodies: the district's
])
def test_a_place_read_from_the_text_is_at_the_level_its_bodies_print(places, bodies, place):
    """A 嘉兴市 report printing no 文号, issuer or titled place was read as 南湖区's, the one place its text named
    twice (南湖区政府、秀洲区政府 in two rows): with every place of every province known, the place a text names most
    is often one of the city's districts. Its bodies say the level: 市发展改革委 are the city's."""
    from ingest.jurisdiction import detect

    first, second, third = bodies.split("、")
    text = ("序号 | 主要工作任务 | 责任单位 |\n"
            f"1 | 地区生产总值增长6%左右。 | {first} |\n"
            f"2 | 推进南湖新区建设。 | 南湖区政府、{second} |\n"
            f"3 | 建设南湖实验室。 | {third}、南湖区政府 |\n")
    assert detect(places, text=text).place == place


def test_a_zone_named_by_its_county_is_its_own_place_and_a_bureau_named_like_a_county_is_not(resources):
    """胶州经济技术开发区 in the sample lost its name's place (青岛市胶州经济技术开发区) once every county was listed:
    a county's short name (胶州 of 胶州市, 公安 of 公安县) is no longer looked for inside a name, or 公安局 would be
    公安县's. A zone opens with its place's short name, so it names its own place; a bureau does not."""
    resolver = resources.resolver
    assert resolver.self_qualified("胶州经济技术开发区") and resolver.self_qualified("平度经济开发区")
    assert not resolver.self_qualified("公安局") and not resolver.self_qualified("中原区域协调办公室")
