"""A province, a city and districts as the subject of a question or a page, on a real store of a province's notice,
a city's, two districts' and a district no places file lists (given at ingest): Ask answers with the duties of the
place's own units; Units and Deadlines show the set Ask lists, never an unasked unit's figures; export names a
place for what it is."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from test_ask_places import CITY, JIMO, LAOSHAN, TODAY

from queries.ask import answer, render_text

PROVINCE = ("关于推进制造业数字化转型的通知\n鲁政办字〔2024〕20号\n一、任务\n"
            "1. 推进工业互联网平台建设。(牵头单位:省工业和信息化厅;配合单位:省财政厅;完成时限:2024年9月)\n"
            "2. 组织专场对接活动。(牵头单位:省工业和信息化厅;责任单位:各市人民政府;完成时限:2024年12月)\n")
CITY_FINANCE = ("关于兑现惠企政策资金的通知\n青政办字〔2024〕9号\n一、任务\n"
                "1. 兑现惠企政策资金。(牵头单位:市财政局;完成时限:2024年9月)\n")
LIXIA = ("济南市泺源区人民政府办公室关于支持楼宇经济发展的若干措施\n泺源政办发〔2024〕2号\n一、任务\n"
         "1. 对新引进企业给予租金补贴。(牵头单位:区财政局;配合单位:区商务局;完成时限:2024年9月)\n")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("subjects") / "s")
    store.ingest_sources([(PROVINCE.encode(), "sd.txt"), (CITY.encode(), "qd.txt"), (CITY_FINANCE.encode(), "qd2.txt"),
                          (JIMO.encode(), "jm.txt"), (LAOSHAN.encode(), "ls.txt")])
    store.ingest_sources([(LIXIA.encode(), "lx.txt")], jurisdiction="泺源区")
    return store.root


@pytest.fixture(scope="module")
def session(root):
    from graph.store import Store

    session = Store(root).open_graph()
    yield session
    session.close()


def _titles(result) -> set[tuple[str, str]]:
    return {(a["document"]["jurisdiction"], a["task"]["title"]) for a in result.assignments}


# -- Ask ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "titles"), [
    ("青岛市9月到期的任务", {("青岛市", "兑现惠企政策资金")}),
    # the province's duty for 各市人民政府 is 青岛市's too, as the city's for 各区(市) is 即墨区's
    ("青岛市有哪些任务", {("青岛市", "推进城市更新"), ("青岛市", "加强商务合作"), ("青岛市", "兑现惠企政策资金"),
                   ("山东省", "组织专场对接活动")}),
    ("山东省有哪些任务", {("山东省", "推进工业互联网平台建设"), ("山东省", "组织专场对接活动")}),
    ("what does 山东省 have due in September", {("山东省", "推进工业互联网平台建设")}),
    ("山东有哪些任务", {("山东省", "推进工业互联网平台建设"), ("山东省", "组织专场对接活动")}),
    ("泺源区有哪些任务", {("济南市泺源区", "对新引进企业给予租金补贴")}),  # known by its city's name too
])
def test_a_province_a_city_or_an_unlisted_district_is_the_subject_of_its_own_units(session, question, titles):
    """青岛市9月到期的任务 asked back "青岛市 could be: 人民银行青岛市分行, 区发展改革局 …", 山东省有哪些任务 offered
    its departments, 泺源区 (given at ingest, in no places file) its units' short names: a place any document or
    unit of the store carries is a subject, answered with its own units' duties."""
    result = answer(session, question, today=TODAY)
    assert result.understood and not result.spec.ambiguous and not result.spec.unread
    assert _titles(result) == titles


def test_a_city_leaves_out_its_districts_units_and_says_how_to_ask_them(session):
    result = answer(session, "青岛市有哪些任务", today=TODAY)
    assert "经由 各市人民政府" in result.spec.reading, "the province's duty for each city is said to reach it so"
    assert "即墨区财政局" not in render_text(result)
    assert any(n.startswith("青岛市的单位不含下辖地方(即墨区、崂山区)自己的单位") for n in result.spec.notes)
    province = answer(session, "山东省有哪些任务", today=TODAY)
    # 泺源区, given at ingest, is 济南市's and so the province's (its chain runs up from the issuer it prints); it is
    # named as 济南市泺源区, as every place the data does not list under its city is
    assert any("(即墨区、崂山区、济南市泺源区、青岛市)" in n for n in province.spec.notes)


def test_a_district_reads_as_before(session):
    result = answer(session, "即墨区有哪些任务", today=TODAY)
    assert _titles(result) == {("青岛市", "推进城市更新"), ("即墨区", "做好冬季供暖"), ("即墨区", "发展区域商贸")}
    assert not result.spec.notes or not any("下辖" in n for n in result.spec.notes)


@pytest.mark.parametrize(("question", "offered"), [
    ("财政局牵头哪些任务", ["即墨区财政局", "济南市泺源区财政局", "青岛市财政局"]),
    ("市财政局牵头哪些任务", None),  # the level word written: 青岛市's alone, as before
])
def test_a_units_name_without_its_level_word_offers_every_level(session, question, offered):
    """财政局牵头哪些任务 offered the cities' 市财政局 alone, never 即墨区's or 泺源区's 区财政局."""
    result = answer(session, question, today=TODAY)
    if offered is None:
        assert _titles(result) == {("青岛市", "兑现惠企政策资金")}
        return
    assert not result.understood and dict(result.spec.ambiguous)["财政局"] == tuple(offered)
    assert [r for r, _q in result.spec.alternatives] == offered


# -- the app -----------------------------------------------------------------------------------------------
def test_deadlines_of_a_district_are_the_duties_units_counts(root, monkeypatch):
    """/deadlines?unit=即墨区 said "→ 青岛市即墨区" and counted 0 (its own rows are none) while Units counted 3."""
    from test_app import metric, start, table_column

    units = start(root, monkeypatch, "units", unit="即墨区", ref=TODAY)
    at = start(root, monkeypatch, "deadlines", unit="即墨区", ref=TODAY)
    assert at.selectbox(key="unit").value == "青岛市即墨区"
    shown = [re.sub(r"\s.*", "", d) for d in table_column(at, 0, "pk-c-date")]
    assert len(shown) == int(metric(units, "含本地单位与集体单位")) == 3
    assert sorted(shown) == ["2024-05-31", "2024-06-30", "2024-09-30"]
    assert any("含本地单位与集体单位" in c.value for c in at.caption)
    plain = start(root, monkeypatch, "deadlines", unit="即墨区财政局", ref=TODAY)
    assert len(table_column(plain, 0, "pk-c-date")) == 1


@pytest.mark.parametrize("page", ["units", "deadlines"])
def test_an_ambiguous_short_name_shows_no_units_figures_and_links_each(root, monkeypatch, page):
    """/units?unit=区财政局 said "could be …" as plain text and then showed 青岛市财政局's figures; /deadlines the
    whole store's."""
    from test_app import start

    at = start(root, monkeypatch, page, unit="区财政局", ref=TODAY)
    [warning] = [w.value for w in at.warning]
    for unit in ("即墨区财政局", "济南市泺源区财政局"):
        assert f"[{unit}]({page}?unit={quote(unit)}" in warning
    assert not at.metric and "unit" not in [b.key for b in at.selectbox], "no unit's figures"


@pytest.mark.parametrize("page", ["units", "deadlines"])
def test_a_place_that_is_no_unit_offers_its_units_and_the_question(root, monkeypatch, page):
    """/units?unit=青岛市 showed 人民银行青岛市分行-like units whose name holds the place's: a place is said to be one."""
    from test_app import start

    at = start(root, monkeypatch, page, unit="山东省", ref=TODAY)
    [warning] = [w.value for w in at.warning]
    assert "山东省 is a place, not a unit" in warning and f"(ask?q={quote('山东省有哪些任务')}" in warning
    assert f"[山东省财政厅]({page}?unit=" in warning
    assert not at.metric


# -- export ------------------------------------------------------------------------------------------------
def test_export_of_a_place_says_it_is_one_and_what_to_pass(root, tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = CliRunner().invoke(app, ["--store", str(root), "export", "xlsx", "--unit", "即墨区", "-o",
                                   str(tmp_path / "x.xlsx")])
    said = out.output + str(out.exception)  # the entry point prints our errors as one line (cli.main)
    assert out.exit_code != 0 and "unknown unit" not in said
    assert "即墨区 is a place" in said and "即墨区财政局" in said
    assert 'policykg ask "即墨区有哪些任务"' in said and not (tmp_path / "x.xlsx").exists()


YINAN = ("沂阳县人民政府办公室关于印发沂阳县2026年11月份重点工作任务清单的通知\n沂阳政办字〔2026〕30号\n一、任务\n"
         "1. 储备专项债券项目。(牵头单位:县发改局;配合单位:县财政局;完成时限:2026年11月25日前)\n")
LINYI = ("临沂市人民政府办公室关于做好专项债券工作的通知\n临政办字〔2026〕51号\n一、任务\n"
         "1. 做好专项债券项目储备。(牵头单位:市发改委;完成时限:2026年11月30日前)\n")  # a second place: full names
# a notice of no known place printing the same short names: its units are no place's
UNPLACED = ("关于推进平台建设工作的通知\n一、任务\n"
            "1. 推进平台建设。(牵头单位:县发改局;责任单位:县财政局;完成时限:2026年11月30日前)\n")


@pytest.mark.parametrize("page", ["units", "deadlines"])
def test_a_places_units_offered_are_its_own_never_those_of_a_document_of_unknown_place(tmp_path, monkeypatch, page):
    """/units?unit=沂阳县 listed 县发展改革局 and 县财政局 of a notice of no known place beside 沂阳县发展改革局: a label
    equal to the unit's short name passed for the place's in a store that lists units by their full names."""
    from test_app import start

    from graph.store import Store

    Store(tmp_path / "s").ingest_sources([(YINAN.encode(), "yn.txt"), (UNPLACED.encode(), "x.txt"),
                                          (LINYI.encode(), "ly.txt")])
    at = start(tmp_path / "s", monkeypatch, page, unit="沂阳县", ref="2026-11-10")
    [warning] = [w.value for w in at.warning]
    assert "沂阳县 is a place, not a unit" in warning
    offered = re.findall(r"\[([^\]]+)\]\(" + page, warning)
    assert sorted(offered) == ["沂阳县发展改革局", "沂阳县财政局"], offered
