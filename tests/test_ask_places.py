"""Questions that name places, on a real store of a city's notice and two districts' notices: a place's unit the
store does not hold is said to be missing (never another place's unit), a district named as the subject means its
own units' duties too, and a question in Traditional characters is read as its Simplified form."""

from __future__ import annotations

import re

import pytest

from queries.ask import answer, lexicon_for, render_text
from queries.question import parse_question, simplified

CITY = ("关于推进城市更新的通知\n青政办发〔2024〕1号\n一、任务\n"
        "1. 推进城市更新。(牵头单位:市城市管理局;责任单位:各区(市);完成时限:2024年5月)\n"
        "2. 加强商务合作。(牵头单位:市商务局;完成时限:2024年8月)\n")
JIMO = ("关于做好冬季供暖的通知\n即政办发〔2024〕3号\n一、任务\n"
        "1. 做好冬季供暖。(牵头单位:区城市管理局;配合单位:区财政局;完成时限:2024年6月)\n"
        "2. 发展区域商贸。(牵头单位:区商务局;完成时限:2024年9月)\n")
LAOSHAN = "关于推进旅游的通知\n崂政办发〔2024〕4号\n一、任务\n1. 发展旅游。(牵头单位:区商务局;完成时限:2024年10月)\n"
TODAY = "2024-07-15"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("places") / "s")
    store.ingest_sources([(CITY.encode(), "city.txt"), (JIMO.encode(), "jimo.txt"), (LAOSHAN.encode(), "laoshan.txt")])
    session = store.open_graph()
    yield session
    session.close()


def _titles(result) -> set[tuple[str, str]]:
    return {(a["document"]["jurisdiction"], a["task"]["title"]) for a in result.assignments}


# -- a place's unit the store does not hold ---------------------------------------------------------------
@pytest.mark.parametrize("question", ["平度市城市管理局牵头哪些任务", "李沧区城市管理局牵头哪些任务",
                                      "平度城市管理局牵头哪些任务"])
def test_a_place_holding_no_such_unit_is_said_and_the_holders_offered(session, question):
    """平度市城市管理局 was read as 青岛市's 市城市管理局 plus the unit 平度市, and answered "no assignment
    matches"; 李沧区城市管理局 as 即墨区's. Neither place holds one: the reading says so and offers the places
    that do, and nothing is answered for another place."""
    result = answer(session, question, today=TODAY)
    written = question[: question.index("城市管理局") + 5]
    place = "李沧区" if question.startswith("李沧") else "平度市"
    assert not result.understood and not result.assignments
    assert result.spec.reading[0] == f"单位:{written}不在库中({place}没有城市管理局;城市管理局见于:即墨区、青岛市)"
    assert dict(result.spec.alternatives) == {
        "即墨区城市管理局": question.replace(written, "即墨区城市管理局"),
        "青岛市城市管理局": question.replace(written, "青岛市城市管理局")}
    assert not result.spec.units and "平度市" not in {g.name for g in result.spec.units}
    assert "即墨区城市管理局、青岛市城市管理局" in result.message
    offered = answer(session, result.spec.alternatives[1][1], today=TODAY)
    assert _titles(offered) == {("青岛市", "推进城市更新")}


def test_a_place_holding_the_unit_still_picks_it(session):
    result = answer(session, "即墨区城市管理局牵头哪些任务", today=TODAY)
    assert _titles(result) == {("即墨区", "做好冬季供暖")} and not result.spec.ambiguous


def test_a_place_before_a_unit_of_its_own_name_is_two_units_not_a_missing_one(session):
    """即墨区 is itself a unit: 即墨区和市城市管理局 names both, as before."""
    result = answer(session, "即墨区和市城市管理局的任务", today=TODAY)
    assert [g.name for g in result.spec.units] == ["即墨区", "市城市管理局"] and not result.spec.ambiguous


# -- a district as the subject ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["即墨区逾期的任务", "which tasks of 即墨区 are overdue"])
def test_a_district_as_subject_means_its_own_units_and_its_collectives(session, question):
    """The overdue duty of 即墨区's own notice (led by 区城市管理局) was left out: only 各区(市)'s was listed."""
    result = answer(session, question, today=TODAY)
    assert _titles(result) == {("青岛市", "推进城市更新"), ("即墨区", "做好冬季供暖")}
    zh = "含即墨区的3个单位:区商务局、区城市管理局、区财政局"
    en = "with the 3 units of 即墨区: 区商务局, 区城市管理局, 区财政局"
    assert (zh if result.spec.language == "zh" else en) in result.spec.reading
    assert (zh if result.spec.language == "zh" else en) in render_text(result).splitlines()[0]


def test_what_a_district_has_to_do_includes_its_units_in_every_role(session):
    result = answer(session, "what does 即墨区 have to do", today=TODAY)
    assert _titles(result) == {("青岛市", "推进城市更新"), ("即墨区", "做好冬季供暖"), ("即墨区", "发展区域商贸")}


@pytest.mark.parametrize("question", ["崂山区有哪些任务", "what does 崂山区 have to do"])
def test_a_district_no_city_list_names_is_still_the_subject_of_its_own_units(tmp_path, question):
    """In a store of districts' notices alone no 各区(市) list makes 崂山区 a unit of the graph: the question found
    nothing, where a store holding a city notice answered with the district's own units' duties."""
    from graph.store import Store

    store = Store(tmp_path / "districts")
    store.ingest_sources([(JIMO.encode(), "jimo.txt"), (LAOSHAN.encode(), "laoshan.txt")])
    session = store.open_graph()
    try:
        result = answer(session, question, today=TODAY)
    finally:
        session.close()
    assert _titles(result) == {("崂山区", "发展旅游")}


def test_which_units_a_district_has_is_counted_by_unit(session):
    result = answer(session, "即墨区有哪些单位", today=TODAY)
    assert result.spec.shape == "by_unit" and not result.spec.unread
    assert {r["unit"] for r in result.by_unit()} == {"即墨区城市管理局", "即墨区财政局", "即墨区商务局"}
    assert "形式:按单位统计(即墨区自身的单位,不含经由集体单位的分工)" in result.spec.reading


def test_counting_by_unit_alone_counts_every_assignment(session):
    result = answer(session, "按单位统计", today=TODAY)
    assert result.understood and result.count == 5
    assert {r["unit"]: r["total"] for r in result.by_unit()}["崂山区商务局"] == 1
    assert "范围:全部分工" in result.spec.reading


def test_a_unit_that_is_not_a_place_keeps_its_own_duties_only(session):
    result = answer(session, "即墨区财政局的任务", today=TODAY)
    assert _titles(result) == {("即墨区", "做好冬季供暖")}
    assert not any("个单位" in r for r in result.spec.reading)


# -- Traditional characters -------------------------------------------------------------------------------
@pytest.mark.parametrize(("traditional", "plain"), [
    ("區商務局牽頭哪些任務", "区商务局牵头哪些任务"),
    ("即墨區商務局牽頭哪些任務", "即墨区商务局牵头哪些任务"),
    ("即墨區逾期的任務", "即墨区逾期的任务"),
    ("區城市管理局負責哪些6月到期的任務", "区城市管理局负责哪些6月到期的任务"),
    ("平度市城市管理局牽頭哪些任務", "平度市城市管理局牵头哪些任务"),
])
def test_a_traditional_question_reads_as_its_simplified_form(session, traditional, plain):
    """區商務局牽頭哪些任務 was read without its role (未能理解“牽頭、任務”) and offered Traditional questions."""
    lexicon = lexicon_for(session)
    from datetime import date

    read = parse_question(traditional, lexicon, date(2024, 7, 15), 2024)
    assert read == parse_question(plain, lexicon, date(2024, 7, 15), 2024)
    assert not read.unread
    assert all(q == simplified(q) for _, q in read.alternatives)
    assert [a["id"] for a in answer(session, traditional, today=TODAY).assignments] == \
        [a["id"] for a in answer(session, plain, today=TODAY).assignments]


def test_a_traditional_role_filter_is_kept(session):
    result = answer(session, "即墨區商務局牽頭哪些任務", today=TODAY)
    assert result.spec.roles == ("lead",) and _titles(result) == {("即墨区", "发展区域商贸")}
    assert not result.warnings


@pytest.mark.parametrize("question", ["which tasks does 市商务局 lead", "How many tasks does 市商务局 lead?",
                                      "Which tasks are overdue?"])
def test_english_questions_are_left_as_they_are(question):
    assert simplified(question) == question


@pytest.mark.parametrize("question", ["即墨逾期的任务", "即默区逾期的任务"])
def test_a_districts_short_name_or_typo_is_the_district_with_its_units(session, question):
    """即墨 was offered every unit of 即墨区 whose full name holds it (即墨区商务局, 即墨区财政局 …)."""
    result = answer(session, question, today=TODAY)
    assert result.spec.suggestions == ((question[: question.index("逾")], "即墨区"),)
    assert _titles(result) == {("青岛市", "推进城市更新"), ("即墨区", "做好冬季供暖")}
    assert "含即墨区的3个单位:区商务局、区城市管理局、区财政局" in result.spec.reading


def test_a_place_unit_no_document_names_is_missing_with_no_place_offered(session):
    """市教育局 is only in the gazetteer: 平度市教育局 is not in the store, and no place is offered for it."""
    result = answer(session, "平度市教育局牵头哪些任务", today=TODAY)
    assert not result.understood and not result.assignments and not result.spec.alternatives
    assert result.spec.reading == ("单位:平度市教育局不在库中(平度市没有教育局)",)


# -- a place chain, a place the gazetteers do not list, a district counted by unit --------------------------
@pytest.mark.parametrize("question", ["青岛市即墨区财政局负责哪些任务", "山东省青岛市即墨区财政局负责哪些任务",
                                      "青岛即墨区财政局负责哪些任务"])
def test_a_place_chain_before_a_unit_is_that_places_unit(session, question):
    """青岛市即墨区财政局 was read as the unit 即墨区 (青岛市即墨区) plus 财政局, and answered with what 即墨区's
    units share with other units: the places above 即墨区 written first name 即墨区's 区财政局."""
    result = answer(session, question, today=TODAY)
    assert [(g.name, g.place) for g in result.spec.units] == [("区财政局", "即墨区")]
    assert _titles(result) == {("即墨区", "做好冬季供暖")} and not result.spec.ambiguous
    assert result.spec.reading[0] == f"单位:区财政局 ({question[: question.index('负责')]})"


@pytest.mark.parametrize(("question", "written", "body", "holders"), [
    ("上海市财政局负责哪些任务", "上海市财政局", "财政局", "即墨区"),
    ("请问上海市城市管理局牵头哪些任务", "上海市城市管理局", "城市管理局", "即墨区、青岛市"),
    ("浙江省商务局牵头哪些任务", "浙江省商务局", "商务局", "即墨区、崂山区、青岛市")])
def test_a_place_the_gazetteers_do_not_list_holds_no_unit_of_the_store(session, question, written, body, holders):
    """上海市财政局 was read as 青岛市's 市财政局 (上海 + 市财政局) and answered with 青岛市's rows: a place-shaped
    name before a unit is a place, and one holding no unit in the store is said to be missing."""
    result = answer(session, question, today=TODAY)
    place = written[: written.index(body)]
    assert not result.understood and not result.assignments and not result.spec.units
    assert result.spec.reading[0] == f"单位:{written}不在库中({place}没有{body};{body}见于:{holders})"
    assert not result.spec.suggestions


@pytest.mark.parametrize(("question", "name"), [("市城市管理局牵头哪些任务", "市城市管理局"),
                                                ("全区城市管理局牵头哪些任务", "区城市管理局"),
                                                ("牵头单位是市城市管理局的任务", "市城市管理局")])
def test_a_word_before_a_units_level_word_is_not_a_place(session, question, name):
    result = answer(session, question, today=TODAY)
    assert [g.name for g in result.spec.units] == [name] and result.assignments


def test_a_district_counted_by_unit_counts_its_own_units(session):
    """即墨区按单位统计 listed 青岛市's units reached through 各区(市) as if they were the district's."""
    result = answer(session, "即墨区按单位统计", today=TODAY)
    assert result.spec.shape == "by_unit"
    assert {r["unit"] for r in result.by_unit()} == {"即墨区城市管理局", "即墨区财政局", "即墨区商务局"}
    assert "形式:按单位统计(即墨区自身的单位,不含经由集体单位的分工)" in result.spec.reading


HUANGDAO = ("关于推进海洋经济发展的通知\n青西新管发〔2024〕21号\n一、任务\n"
            "1. 培育海洋新兴产业。(牵头单位:区财政局;完成时限:2024年9月)\n")


@pytest.fixture(scope="module")
def with_huangdao(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("huangdao") / "s")
    store.ingest_sources([(CITY.encode(), "city.txt"), (JIMO.encode(), "jimo.txt"), (HUANGDAO.encode(), "hd.txt")])
    session = store.open_graph()
    yield session
    session.close()


@pytest.mark.parametrize("question", ["西海岸新区财政局牵头哪些任务", "青岛西海岸新区财政局牵头哪些任务",
                                      "青岛市黄岛区财政局牵头哪些任务"])
def test_a_places_other_name_before_a_unit_is_that_places_unit(with_huangdao, question):
    """西海岸新区财政局 was read as the unit 黄岛区 (西海岸新区) plus 财政局: the gazetteer's other names of a place
    qualify its units as its full name does."""
    result = answer(with_huangdao, question, today=TODAY)
    assert [(g.name, g.place) for g in result.spec.units] == [("区财政局", "黄岛区")]
    assert _titles(result) == {("黄岛区", "培育海洋新兴产业")} and not result.spec.ambiguous


# -- a place read as a unit, then a unit's name that place does not hold --------------------------------------
@pytest.mark.parametrize(("question", "reading", "offered"), [
    ("崂山区财政局负责哪些任务", "单位:崂山区财政局不在库中(崂山区没有财政局;财政局见于:即墨区)", ["即墨区财政局"]),
    ("崂山区城市管理局牵头哪些任务", "单位:崂山区城市管理局不在库中(崂山区没有城市管理局;城市管理局见于:即墨区、青岛市)",
     ["即墨区城市管理局", "青岛市城市管理局"]),
    ("即墨区交通运输局配合哪些任务", "单位:即墨区交通运输局不在库中(即墨区没有交通运输局)", []),
    ("崂山区大数据局的任务", "单位:崂山区大数据局不在库中(崂山区没有大数据局)", []),
    ("崂山区工商联的任务", "单位:崂山区工商联不在库中(崂山区没有工商联)", []),
    ("崂山区数据局牵头的任务", "单位:崂山区数据局不在库中(崂山区没有大数据局)", []),
    ("which tasks does 崂山区财政局 lead",
     "unit: 崂山区财政局 is not in the store (崂山区 has no 财政局; 财政局 is held by: 即墨区)", ["即墨区财政局"]),
])
def test_a_place_read_as_a_unit_never_lends_its_name_to_another_places_unit(session, question, reading, offered):
    """After 崂山区's notice was removed, 崂山区大数据局的任务 was read as the unit 崂山区 plus 青岛市's 市大数据局 and
    answered with 青岛市's row; 即墨区交通运输局 as 即墨区 plus 市交通运输局; 崂山区工商联 as 崂山区 plus a "did you
    mean 市工商联": the place is a unit of its own in the lexicon, so the missing-unit rule never saw it."""
    result = answer(session, question, today=TODAY)
    assert not result.understood and not result.assignments and not result.spec.units
    assert result.spec.reading[0] == reading and not result.spec.suggestions
    assert [r for r, _q in result.spec.alternatives] == offered


@pytest.mark.parametrize(("question", "titles"), [
    ("崂山区商务局牵头哪些任务", {("崂山区", "发展旅游")}),
    ("崂山区有哪些任务", {("青岛市", "推进城市更新"), ("崂山区", "发展旅游")}),
    ("即墨区和市商务局的任务", set()),
    ("即墨区或市商务局的任务", {("青岛市", "推进城市更新"), ("即墨区", "做好冬季供暖"), ("即墨区", "发展区域商贸"),
                          ("青岛市", "加强商务合作")}),
])
def test_a_place_followed_by_its_own_unit_or_another_unit_reads_as_before(session, question, titles):
    result = answer(session, question, today=TODAY)
    assert _titles(result) == titles and not result.spec.ambiguous


# -- the Units page counts a district as Ask does ---------------------------------------------------------------
def test_units_page_for_a_district_shows_its_units_duties_as_ask_counts_them(tmp_path, monkeypatch):
    """/units?unit=即墨区 showed 0 direct and 1 via 各区(市) while Ask listed 即墨区's own units' duties too: the
    page now lists them, saying which unit brings each, and its total is Ask's count."""
    from test_app import html_of, metric, start, table_column

    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_sources([(CITY.encode(), "city.txt"), (JIMO.encode(), "jimo.txt"), (LAOSHAN.encode(), "laoshan.txt")])
    session = store.open_graph()
    try:
        asked = answer(session, "即墨区有哪些任务", today=TODAY)
    finally:
        session.close()
    at = start(store.root, monkeypatch, "units", unit="即墨区")
    assert metric(at, "含本地单位与集体单位") == str(asked.count) == "3"
    assert table_column(at, 0) == ["1.1"] and table_column(at, 1) == ["1.1", "2.1"]  # via 各区(市); its own units
    assert table_column(at, 1, "pk-c-unit") == ["即墨区城市管理局(牵头 Lead)即墨区财政局(配合 Cooperating)", "即墨区商务局(牵头 Lead)"]
    html = html_of(at)
    assert "通过本地单位承担 Through the units of 青岛市即墨区" in html and "3 of its units carry 2 assignment(s)" in html
    shown = {re.sub(r"<[^>]+>", "", t) for t in table_column(at, 0, "pk-c-clause") + table_column(at, 1, "pk-c-clause")}
    assert shown == {a["text"] for a in asked.assignments}
    plain_unit = start(store.root, monkeypatch, "units", unit="即墨区财政局")
    assert "含本地单位与集体单位" not in " ".join(m.label for m in plain_unit.metric)


# -- a short name keeps its level word -----------------------------------------------------------------------
CITY_IT = ("关于推进工业互联网建设的通知\n青政办发〔2024〕5号\n一、任务\n"
           "1. 建设工业互联网平台。(牵头单位:市工业和信息化局;配合单位:市财政局;完成时限:2024年9月)\n")
JIMO_IT = ("关于推进企业技术改造的通知\n即政办发〔2024〕6号\n一、任务\n"
           "1. 推进企业技术改造。(牵头单位:区工业和信息化局;配合单位:区财政局;完成时限:2024年10月)\n")


@pytest.fixture(scope="module")
def it_session(tmp_path_factory):
    """A city's notice and a district's, each naming its own 工业和信息化局."""
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("it") / "s")
    store.ingest_sources([(CITY_IT.encode(), "city_it.txt"), (JIMO_IT.encode(), "jimo_it.txt")])
    session = store.open_graph()
    yield session
    session.close()


@pytest.mark.parametrize(("question", "place", "title"), [
    ("区工信局牵头哪些任务", "即墨区", "推进企业技术改造"),
    ("區工信局牽頭哪些任務", "即墨区", "推进企业技术改造"),
    ("区工业信息化局牵头哪些任务", "即墨区", "推进企业技术改造"),
    ("市工信局牵头哪些任务", "青岛市", "建设工业互联网平台"),
    ("本市工信局牵头哪些任务", "青岛市", "建设工业互联网平台"),
])
def test_a_short_name_is_read_at_the_level_it_writes(it_session, question, place, title):
    """区工信局 was read as the gazetteer's 工信局, the city's 市工业和信息化局, and asked back (区发改局 worked): the
    level word is part of the name, so the district's 区工业和信息化局 answers (equivalences.tsv: 工信局 =
    工业和信息化局), and nothing is asked."""
    result = answer(it_session, question, today=TODAY)
    assert _titles(result) == {(place, title)}
    assert not result.spec.ambiguous and not result.spec.alternatives
    assert [(g.name, g.place) for g in result.spec.units] == [(f"{place[-1]}工业和信息化局", place)]


def test_a_short_name_without_a_level_asks_and_every_offered_question_answers_what_it_names(it_session):
    """The offered rewrites of 区工信局 read 区青岛市工业和信息化局…, which answered for the city's unit with the 区
    silently dropped. A bare 工信局 asks which place's; each offered question names one unit whole and answers
    for that unit alone."""
    result = answer(it_session, "工信局牵头哪些任务", today=TODAY)
    assert not result.assignments and result.spec.ambiguous
    assert dict(result.spec.alternatives) == {"即墨区工业和信息化局": "即墨区工业和信息化局牵头哪些任务",
                                              "青岛市工业和信息化局": "青岛市工业和信息化局牵头哪些任务"}
    for full, asked in result.spec.alternatives:
        assert _titles(answer(it_session, asked, today=TODAY)) == {
            (full[:3], "推进企业技术改造" if full.startswith("即墨区") else "建设工业互联网平台")}


@pytest.mark.parametrize("question", ["县工信局牵头哪些任务", "县工业和信息化局牵头哪些任务"])
def test_a_level_holding_no_such_unit_is_said_and_no_offered_question_glues_the_level_to_a_place(it_session,
                                                                                                  question):
    """县工信局 where no 县 unit of that body is stored: said missing (as 平度市城市管理局 is), never the city's unit
    with the 县 dropped; the offered questions name the holders whole, no 县 glued before 青岛市."""
    result = answer(it_session, question, today=TODAY)
    written = question[: question.index("局") + 1]
    assert not result.assignments and not result.spec.units
    assert result.spec.reading[0].startswith(f"单位:{written}不在库中(县级没有工业和信息化局")
    assert dict(result.spec.alternatives) == {"即墨区工业和信息化局": "即墨区工业和信息化局牵头哪些任务",
                                              "青岛市工业和信息化局": "青岛市工业和信息化局牵头哪些任务"}
    for _full, asked in result.spec.alternatives:
        assert not re.search(r"(?:自治区|[省市区县州旗盟])(?:即墨区|青岛市)", asked)
