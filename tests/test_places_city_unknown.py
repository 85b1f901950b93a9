"""A county officer's store: 临沂市's notice for 各县区人民政府(管委会) and the county's own notices, 沂阳县 listed in no
places file and its issuer printing no city (沂阳县人民政府办公室). What its city gives all its counties reaches it
only when its city is known: read when its own text prints it (临沂市沂阳县), never guessed from its 文号 or a city
its text merely names; otherwise said at ingest and on the Upload page, with the place to give."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, asked

CITY = ("临沂市人民政府办公室关于印发临沂市2026年第四季度重点工作任务分解方案的通知\n临政办字〔2026〕51号\n"
        "各县区人民政府(管委会),市政府各部门:\n一、扩大有效投资\n"
        "1. 加快重点项目建设进度。(牵头单位:市发展改革委;责任单位:各县区人民政府(管委会);完成时限:2026年12月底前)\n"
        "2. 做好专项债券项目储备。(牵头单位:市财政局;完成时限:2026年11月30日前)\n")
# the city's notice giving the county a duty by name, as one of its units
CITY_NAMING = ("临沂市人民政府办公室关于做好沂河防汛工作的通知\n临政办字〔2026〕52号\n一、任务\n"
               "1. 推进沂河治理。(牵头单位:市水利局;责任单位:兰山区人民政府、沂阳县人民政府;完成时限:2026年12月底前)\n")
COUNTY = ("沂阳县人民政府办公室关于印发沂阳县2026年11月份重点工作任务清单的通知\n沂阳政办字〔2026〕30号\n"
          "各乡镇人民政府(街道办事处),县政府各部门:\n根据市里部署,现将任务印发给你们。\n一、任务\n"
          "1. 推进县城老旧小区改造。(牵头单位:县住建局;完成时限:2026年11月30日前)\n")
# the county's own text printing its city before its name
COUNTY_PRINTED = COUNTY.replace("根据市里部署", "根据临沂市沂阳县重点工作安排")
TODAY = "2026-11-10"


@pytest.fixture(scope="module")
def parse_with(resources):
    from ingest.parse import parse_text

    def run(text: str, given: str | None = None):
        return parse_text(text, resources.resolver, tagger=resources.tagger, jurisdiction=given)
    return run


def _titles(result) -> set[str]:
    return {a["task"]["title"] for a in result.assignments}


def _store(folder, *batches):
    from graph.store import Store

    store = Store(folder / "s")
    reports = [store.ingest_uploads([(text.encode(), name) for name, text in batch]) for batch in batches]
    return store, [n for r in reports for n in r.notes]


# -- the county's city read when its own text prints it -----------------------------------------------------
def test_a_county_whose_text_prints_its_city_before_its_name_is_placed_under_that_city(parse_with):
    doc = parse_with(COUNTY_PRINTED)
    m = doc.metadata
    assert (m.jurisdiction, m.jurisdiction_above) == ("临沂市沂阳县", ("临沂市",))
    assert "city-unknown" not in {i.code for i in doc.issues}
    assert {u.place for t in doc.tasks for a in t.assignments for u in a.lead} == {"临沂市沂阳县"}


@pytest.mark.parametrize("said", [
    "学习借鉴潍坊市、临沂市经验",  # cities its text names: no city printed before the county's name
    "济南市沂阳县、枣庄市沂阳县",  # printed under two cities: which one is not guessed
])
def test_a_county_is_never_placed_under_a_city_its_text_only_names_or_under_one_of_two(parse_with, said):
    doc = parse_with(COUNTY.replace("根据市里部署", said))
    assert (doc.metadata.jurisdiction, doc.metadata.jurisdiction_above) == ("沂阳县", ())
    assert "city-unknown" in {i.code for i in doc.issues}


def test_a_county_of_unknown_city_is_said_with_what_it_loses_and_the_place_to_give(parse_with):
    """沂阳县 (from issuer) was all ingest said: nothing told the officer that 临沂市's 各县区 duties miss it."""
    from ingest.model import ISSUE_ZH

    doc = parse_with(COUNTY)
    (issue,) = [i for i in doc.issues if i.code == "city-unknown"]
    assert issue.label == f"{ISSUE_ZH['city-unknown']} city-unknown"
    assert "各县区人民政府" in issue.message and "do not reach it" in issue.message
    assert "--jurisdiction 〈市〉沂阳县" in issue.message and "Upload page's Jurisdiction field" in issue.message
    named = parse_with(COUNTY.replace("根据市里部署", "为贯彻落实临沂市部署"))
    (offered,) = [i for i in named.issues if i.code == "city-unknown"]
    assert "若沂阳县属临沂市" in offered.message and "--jurisdiction 临沂市沂阳县" in offered.message
    assert named.metadata.jurisdiction == "沂阳县", "a city the text names is offered, never taken"


@pytest.mark.parametrize("text", [CITY, COUNTY_PRINTED])
def test_a_listed_place_or_one_under_its_city_is_not_said_to_lack_a_city(parse_with, text):
    assert "city-unknown" not in {i.code for i in parse_with(text).issues}


def test_the_county_given_with_its_city_is_not_said_to_differ_from_its_issuer(parse_with):
    """--jurisdiction 临沂市沂阳县, the fix the warning gives, was answered 'its issuer reads 沂阳县: give no place if
    that is wrong' though the issuer prints the same county without its city."""
    doc = parse_with(COUNTY, "临沂市沂阳县")
    assert (doc.metadata.jurisdiction, doc.metadata.jurisdiction_above) == ("临沂市沂阳县", ("临沂市",))
    assert not {"jurisdiction-differs", "city-unknown"} & {i.code for i in doc.issues}
    assert "jurisdiction-differs" in {i.code for i in parse_with(COUNTY, "青岛市").issues}


# -- in a store: what the city gives its counties ------------------------------------------------------------
def test_the_citys_duties_for_its_counties_reach_a_county_whose_text_prints_its_city(tmp_path):
    store, notes = _store(tmp_path, [("ly.txt", CITY)], [("yn.txt", COUNTY_PRINTED)])
    result = asked(store, "沂阳县有哪些任务", today=TODAY)
    assert result.understood and _titles(result) == {"推进县城老旧小区改造", "加快重点项目建设进度"}
    assert not notes


def test_a_store_holding_the_city_tells_the_exact_place_to_give_for_a_county_of_unknown_city(tmp_path):
    """The county stored first, the city after: its 各县区 duties miss the county, and the note says the command."""
    store, notes = _store(tmp_path, [("yn.txt", COUNTY)], [("ly.txt", CITY)])
    assert _titles(asked(store, "沂阳县有哪些任务", today=TODAY)) == {"推进县城老旧小区改造"}
    (note,) = notes
    assert "若沂阳县属临沂市" in note and "ingest --jurisdiction 临沂市沂阳县" in note
    assert "“行政区划 Jurisdiction”栏填 临沂市沂阳县" in note
    store.ingest_uploads([(COUNTY.encode(), "yn.txt")], jurisdiction="临沂市沂阳县")
    result = asked(store, "沂阳县有哪些任务", today=TODAY)
    assert _titles(result) == {"推进县城老旧小区改造", "加快重点项目建设进度"}, "the fix it gives works"


def test_a_county_one_citys_notice_gives_a_duty_by_name_is_under_that_city(tmp_path):
    """临沂市's notice naming 沂阳县人民政府 among its 责任单位 says which city 沂阳县 is under: what 临沂市 gives 各县区
    reaches it, said in a note answering the county's city-unknown warning."""
    store, notes = _store(tmp_path, [("yn.txt", COUNTY)], [("ly.txt", CITY_NAMING + CITY.split("一、扩大有效投资\n")[1])])
    (note,) = notes
    assert "临沂市的文件把沂阳县列为承担单位,沂阳县按属临沂市处理" in note and "--jurisdiction 临沂市沂阳县" in note
    result = asked(store, "沂阳县有哪些任务", today=TODAY)
    assert "加快重点项目建设进度" in _titles(result) and "推进县城老旧小区改造" in _titles(result)
    assert "做好专项债券项目储备" not in _titles(result), "the city's own duties are not the county's"


def test_a_county_two_cities_notices_name_is_under_neither(tmp_path):
    weifang = CITY_NAMING.replace("临沂市", "潍坊市").replace("临政办字", "潍政办字").replace("沂河", "弥河")
    store, notes = _store(tmp_path, [("yn.txt", COUNTY)], [("ly.txt", CITY_NAMING + CITY.split("一、扩大有效投资\n")[1]),
                                                           ("wf.txt", weifang)])
    assert _titles(asked(store, "沂阳县有哪些任务", today=TODAY)) == {"推进县城老旧小区改造"}
    (note,) = notes
    assert "若沂阳县属临沂市或潍坊市" in note and "--jurisdiction 临沂市沂阳县或--jurisdiction 潍坊市沂阳县" in note


def test_the_command_line_says_it_at_ingest(tmp_path):
    (tmp_path / "ly.txt").write_text(CITY, encoding="utf-8")
    (tmp_path / "yn.txt").write_text(COUNTY, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "--store", str(tmp_path / "s"), "ingest",
                          str(tmp_path / "ly.txt"), str(tmp_path / "yn.txt")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
    assert "city-unknown: 沂阳县不在地名数据中" in out.stderr
    assert "note: 沂阳县" in out.stderr and "ingest --jurisdiction 临沂市沂阳县" in out.stderr


def test_the_upload_page_says_it(tmp_path, monkeypatch):
    from test_app import html_of, start

    from graph.store import Store

    Store(tmp_path / "s").ingest_sources([(CITY.encode(), "ly.txt")])
    app = start(tmp_path / "s", monkeypatch, "upload")
    app.file_uploader[0].upload("yn.txt", COUNTY.encode("utf-8"), "text/plain").run()
    app.button(key="ingest").click().run()
    assert not app.exception, app.exception
    assert any("临沂市沂阳县" in i.value and "各县区" in i.value for i in app.info), [i.value for i in app.info]
    assert "所属市不明 city-unknown" in html_of(app)
